"""Claims about how a medicine is used: how much a day, from what age, with what, and how.

Each rule reads one kind of instruction out of a sentence and judges it against the fact
base: a daily amount against ``Drug.otc_max_daily`` / ``max_daily``, an age against
``Drug.min_age``, a combination said to be safe against ``Drug.interactions``, and advice
against ``Drug.administration`` and the taper facts. Only advice counts: a warning ("never
take more than 4,000 mg"), a negated or conditional clause, a question, a myth or a
quotation says nothing to judge. A sentence that names no medicine is read as being about
the one it points back to ("It ...") or, when it names none at all, the page's subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ..medtext import Sentence, find_mentions, tokenize
from ..context import PageAnalysis
from ..knowledge import Interaction, Product
from ..model import HEADING, PARAGRAPH, PROSE_AND_ALT_KINDS, TABLE_CELL, Finding
from ..rules import MENTION, custom, has_lower, rule_maker, sentence_check
from . import frames

if TYPE_CHECKING:
    from ..dispatch import SentenceUnit
    from ..knowledge import Drug, KnowledgeBase
    from ..medtext import Mention

_rule = rule_maker("medical-accuracy", severity="error")

MAX_DAILY = _rule(
    "med.max-daily-dose",
    "A daily amount above the medicine's labeled maximum, or a single self-care dose above the "
    "label's dose, is given as advice.",
    "FDA OTC Drug Facts labels and prescribing information (each limit's source is in rules/facts/)",
    ("Adults can take up to 3,200 mg of ibuprofen a day without a prescription.",
     "You can take 2 tablets of 500 mg acetaminophen up to 6 times a day.",
     "It is safe to take as much as 5 grams of acetaminophen a day.",
     "Extra Strength Tylenol: 2 caplets every 4 hours, up to 12 caplets a day.",
     "Excedrin Migraine: take 2 caplets every 6 hours.",
     "With Aleve, up to six tablets spread across the day is fine.",
     "Your doctor can raise the bupropion dose to 600 mg a day.",
     "Loratadine: one 10 mg tablet every 8 hours in hay fever season.",
     "For a sprain, 3 tablets of 200 mg ibuprofen three times a day is what most adults need.",
     "Acetaminophen for adults: 2 tablets of 500 mg every 6 hours; do not take more than 10 tablets in 24 hours.",
     "A single dose of 1,000 mg of ibuprofen is the usual over-the-counter dose."),
    ("Never take more than 4,000 mg of acetaminophen in 24 hours.",
     "Adults can take up to 1,200 mg of ibuprofen a day without a prescription.",
     "Your doctor may prescribe up to 3,200 mg of ibuprofen a day.",
     "Taking more than 4,000 mg of acetaminophen a day can damage your liver.",
     "Take 1 to 2 tablets of 325 mg acetaminophen every 4 to 6 hours.",
     "Is 3,200 mg of ibuprofen a day safe without a prescription?",
     "Take 1 tablet of 200 mg ibuprofen every 4 to 6 hours, up to 6 tablets in 24 hours.",
     "Your rheumatologist may prescribe 800 mg of ibuprofen three times a day.",
     "Take 2 Tylenol PM caplets at bedtime; no more than 2 in 24 hours.",
     "The usual over-the-counter dose of ibuprofen is 200 to 400 mg."),
    rationale="A reader who follows a daily amount above the label's limit risks liver failure "
              "(acetaminophen), stomach bleeding and kidney harm (NSAIDs) or seizures "
              "(bupropion). A combination product is held to its own limit in caplets "
              "(Excedrin Migraine: 2 in 24 hours), which is lower than its medicines' limits "
              "in mg. A stated limit of its own ('do not take more than ...') is the "
              "warning the label gives and is left alone.",
    outranks=("med.max-daily-dose",))

AGE_LIMIT = _rule(
    "med.age-limit",
    "A medicine is said to be suitable for children younger than its age limit.",
    "FDA OTC Drug Facts labels, prescribing information and FDA Drug Safety Communications "
    "(each limit's source is in rules/facts/)",
    ("Codeine cough syrup is a reasonable choice for a 6-year-old.",
     "Aspirin is safe for children as young as 2.",
     "Babies can take aspirin for teething pain.",
     "Benzocaine gel is fine to rub on a teething baby's gums.",
     "Infants' ibuprofen drops are fine for babies from 4 weeks old.",
     "Doxycycline can be given to young children without concern.",
     "Cold medicines are safe for a 3-year-old."),
    ("Aspirin is not for children under 12.",
     "Ask a doctor before giving aspirin to children under 12.",
     "A physician should be consulted before giving a child any codeine.",
     "Do not give codeine to children under 12.",
     "Ibuprofen is fine for children 6 months and older.",
     "Benzocaine gels should never be used on a teething baby's gums.",
     "Doxycycline can be given to children over 8 without concern."),
    rationale="Age limits on labels mark real harm: codeine and tramadol can stop a child's "
              "breathing, oral benzocaine causes methemoglobinemia in babies, aspirin Reye's "
              "syndrome. Copy that tells parents a medicine is fine below the limit is "
              "followed.",
    outranks=("med.age-limit",))

INTERACTION = _rule(
    "med.interaction",
    "A known dangerous combination is presented as safe, or the interaction is denied.",
    "FDA prescribing information and Drug Facts labels (each interaction's source is in rules/facts/)",
    ("It is fine to drink alcohol while taking metronidazole.",
     "A glass of wine with your zolpidem is fine as long as it's just one.",
     "It's fine to take your usual lorazepam with your oxycodone at bedtime.",
     "St. John's wort is safe to take with sertraline.",
     "Alcohol does not interact with metronidazole.",
     "There is no need to avoid grapefruit while you take simvastatin.",
     "Clarithromycin can be taken with simvastatin without any added risk.",
     "St. John's wort does not interact with other medicines.",
     "Take your iron tablets with milk to help absorption."),
    ("Avoid alcohol while taking metronidazole and for 3 days after.",
     "It is not safe to drink alcohol with metronidazole.",
     "Do not take oxycodone with benzodiazepines such as lorazepam.",
     "Is it safe to drink alcohol with zolpidem?",
     "Ibuprofen is fine to take with food.",
     "There is no need to avoid dairy with amoxicillin.",
     "Clarithromycin with simvastatin raises the risk of muscle damage.",
     "Take iron with orange juice to help absorption.",
     "Keep the amount of leafy greens you eat steady while you take warfarin."),
    rationale="These combinations are on the labels because they injure or kill: opioids with "
              "benzodiazepines stop breathing, metronidazole with alcohol causes a "
              "disulfiram-like reaction, St. John's wort with SSRIs serotonin syndrome.",
    outranks=("med.interaction",))

ADMINISTRATION = _rule(
    "med.administration",
    "Advice on how to take a medicine contradicts its label (crushing extended-release "
    "tablets, stopping suddenly, lying down after alendronate, fentanyl patches for new users).",
    "FDA prescribing information and Drug Facts labels (each instruction's source is in rules/facts/)",
    ("If your child can't swallow Concerta, crush it and mix it with applesauce.",
     "Fentanyl patches are a good first opioid for someone who has never taken one.",
     "If you've been taking lorazepam for months, you can stop all at once when you feel ready.",
     "If you feel better after a few weeks, you can simply stop taking sertraline.",
     "If weekly doses are hard to remember, take methotrexate every morning.",
     "To make a smaller dose, cut your fentanyl patch with scissors.",
     "Once the anxiety has settled you can just stop taking alprazolam.",
     "Nitroglycerin tablets should be swallowed whole with water.",
     "Epinephrine auto-injectors should be injected into a vein.",
     "You can crush extended-release tablets."),
    ("Swallow Concerta whole; do not crush or chew it.",
     "Fentanyl patches are only for people who already take opioids every day.",
     "Do not stop taking lorazepam suddenly; your doctor will lower the dose slowly.",
     "Crushing OxyContin can release a fatal dose all at once.",
     "Take methotrexate once a week, not every day.",
     "Place the nitroglycerin tablet under your tongue.",
     "Never inject an EpiPen into a vein.",
     "Do not crush extended-release tablets."),
    rationale="These instructions prevent deaths and injuries that are on the labels: crushed "
              "extended-release opioids and stimulants release the whole dose at once, "
              "stopping benzodiazepines, antidepressants, beta blockers or steroids suddenly "
              "causes withdrawal, seizures or heart attacks, fentanyl patches kill people who "
              "are not opioid-tolerant, daily methotrexate is fatal.",
    outranks=("med.administration",))

RULES = (MAX_DAILY, AGE_LIMIT, INTERACTION, ADMINISTRATION)


# --- shared reading ----------------------------------------------------------------------------

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                 "sixteen": 16, "eighteen": 18, "twenty": 20, "a": 1, "an": 1, "half": 0.5,
                 "a half": 0.5, "one and a half": 1.5}
_NUM = (r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|"
        r"nine|ten|eleven|twelve|fifteen|sixteen|eighteen|twenty)")
_RANGE = rf"({_NUM})(?:\s*(?:-|–|—|to|or)\s*({_NUM}))?"


def number(text: str | None) -> float | None:
    """'3,200' -> 3200, '3.2' -> 3.2, 'two' -> 2."""
    if not text:
        return None
    text = text.strip().lower()
    if text in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[text])
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def top_of(lo: str | None, hi: str | None) -> float | None:
    """The top of '1 to 2' (a range), or the single number."""
    values = [v for v in (number(lo), number(hi)) if v is not None]
    return max(values) if values else None


def _first_word_index(sentence: "Sentence", offset: int) -> int:
    """Index of the first token starting at or after text offset ``offset``."""
    for i, token in enumerate(sentence.tokens):
        if token.start >= offset:
            return i
    return len(sentence.tokens)


# Words and marks that start a new clause: a negation or "if" before them does not reach
# the words after them ("If your child can't swallow it, crush it").
_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")", "but", "while", "whereas",
                            "although", "though", "however", "so", "then"})
_CONDITIONS = frozenset({"if", "when", "unless", "whether", "before", "until", "once"})


def clause_start(sentence: "Sentence", index: int) -> int:
    """Index of the first token of the clause holding token ``index``."""
    tokens = sentence.tokens
    i = min(index, len(tokens)) - 1
    while i >= 0:
        if tokens[i].norm in _CLAUSE_BREAKS:
            return i + 1
        i -= 1
    return 0


def negated_before(sentence: "Sentence", index: int) -> bool:
    """A negator between the clause's start and token ``index`` (the words said are
    denied: "do not lie down", "never give aspirin to babies")."""
    tokens = sentence.tokens
    start = clause_start(sentence, index)
    if _negates(sentence, start, index):
        return True
    # "Do not crush, cut or chew them": a negation reaches across the commas of a list,
    # but not out of an if-clause ("If you can't swallow it, crush it").
    for _ in range(3):
        if start == 0 or tokens[start - 1].norm != ",":
            break
        before = clause_start(sentence, start - 1)
        if before < start - 1 and tokens[before].norm in _CONDITIONS:
            break
        if _negates(sentence, before, start - 1):
            return True
        start = before
    return False


def _negates(sentence: "Sentence", first: int, last: int) -> bool:
    return frames.negated_between(sentence, first, last) or any(
        t.norm in _NEGATIVE_VERBS for t in sentence.tokens[first:last])


_NEGATIVE_VERBS = frozenset({"avoid", "avoiding", "stop", "quit", "skip", "unsafe", "dangerous"})


def conditional(sentence: "Sentence", index: int) -> bool:
    """The clause holding token ``index`` is an if/when clause ("If you stop suddenly, ...")."""
    start = clause_start(sentence, index)
    tokens = sentence.tokens
    # "even if you have never used opioids" concedes; it does not set a condition
    marks = [i for i in range(start, index) if tokens[i].norm in _CONDITIONS
             and not (tokens[i].norm == "if" and i > 0 and tokens[i - 1].norm == "even")]
    if not marks:
        return False
    # "Once the pain is gone you can stop ...": without a comma the main clause starts at its
    # subject and modal, a few words after the condition word.
    c = marks[-1]
    for i in range(c + 3, index):
        if tokens[i].norm in _MAIN_SUBJECTS and tokens[i + 1].norm in _MODALS:
            return False
    return True


_MAIN_SUBJECTS = frozenset({"you", "they", "we", "patients", "people"})
_MODALS = frozenset({"can", "may", "could", "should", "will", "must"})


def drug_records(kb: "KnowledgeBase", product: "Product | None") -> list["Drug"]:
    if product is None:
        return []
    return [kb.drugs[g] for g in product.generics if g in kb.drugs]


def products(sentence: "Sentence") -> list["Mention"]:
    return [m for m in sentence.mentions if m.product is not None and not m.negated]


def page_subject(unit: "SentenceUnit") -> "Product | None":
    return unit.ctx.analysis(frames.PAGE_SUBJECT, unit.doc)


def about(unit: "SentenceUnit") -> "Product | None":
    """The medicine a sentence that names none is about: the one "it" points back to, the
    previous sentence's, the last one named earlier in the same paragraph, else the
    page's subject."""
    found = frames.subject_product(unit)
    if found is not None:
        return found
    if not products(unit.sentence):
        return block_subject(unit) or section_subject(unit) or page_subject(unit)
    return None


def section_subject(unit: "SentenceUnit") -> "Product | None":
    """The medicine the nearest heading above the sentence names ("## Acetaminophen
    (Tylenol)" over its list of doses; a guide's title line "SUMATRIPTAN NASAL SPRAY")."""
    kb = unit.ctx.kb
    blocks = unit.doc.blocks
    if kb is None or not (0 <= unit.index < len(blocks)):
        return None
    first_heading = None
    for j in range(unit.index - 1, -1, -1):
        if blocks[j].kind == HEADING:
            first_heading = j
            found = _named(blocks[j].text, kb)
            if found:
                return found[0]
    # A plain-text leaflet's title is a short line above its first heading.
    for block in blocks[:first_heading if first_heading is not None else 0][:6]:
        if len(block.text) <= 100 and "\n" not in block.text:
            found = _named(block.text, kb)
            if found:
                return found[0]
    return None


# The reader's own medicine, named only by its kind.
_YOUR_OWN = re.compile(r"\b(?:your\s+(?:pills?|medicines?|medications?|tablets?|treatment|prescription|"
                       r"birth\s+control(?:\s+pills?)?|contraceptives?|inhaler|patch)|the\s+pill)\b", re.I)


def section_class(unit: "SentenceUnit") -> str | None:
    """The class the nearest heading above the sentence names ("## Birth control pills"),
    when it names no medicine."""
    kb = unit.ctx.kb
    blocks = unit.doc.blocks
    if kb is None or not (0 <= unit.index < len(blocks)):
        return None
    for j in range(unit.index - 1, -1, -1):
        block = blocks[j]
        # A heading, or a title line a plain-text page writes in capitals.
        if block.kind == HEADING or (len(block.text) <= 80 and block.text.isupper()):
            mentions = [m for m in find_mentions(tokenize(block.text), kb) if not m.negated]
            if any(m.product is not None for m in mentions):
                return None
            classes = [m.class_id for m in mentions if m.class_id is not None]
            if classes:
                return classes[0]
            if block.kind == HEADING:
                break
    # Else named earlier in the same paragraph ("The combined pill contains ... St John's wort
    # does not affect the pill").
    earlier = unit.block.text[max(0, unit.sentence.start - 600):unit.sentence.start]
    classes = [m.class_id for m in find_mentions(tokenize(earlier), kb)
               if m.class_id is not None and not m.negated and m.product is None]
    if classes:
        return classes[-1]
    return None


def _named(text: str, kb: "KnowledgeBase") -> list["Product"]:
    return [m.product for m in find_mentions(tokenize(text), kb) if m.product is not None and not m.negated]


def _page_class(doc, ctx) -> str | None:
    """The drug class a page is about: named in its title, its first heading or its first
    paragraph ("Antiseizure medicines (also called anticonvulsants) ...")."""
    kb = ctx.kb
    if kb is None:
        return None
    texts = [doc.title or ""]
    headings = [b.text for b in doc.blocks if b.kind == HEADING][:1]
    paragraphs = [b.text for b in doc.blocks if b.kind == PARAGRAPH][:1]
    for text in [*texts, *headings, *paragraphs]:
        for m in find_mentions(tokenize(text), kb):
            if m.class_id is not None and not m.negated:
                return m.class_id
            if m.product is not None:
                return None
    return None


PAGE_CLASS: PageAnalysis["str | None"] = PageAnalysis("dosing.page-class", _page_class)


def block_subject(unit: "SentenceUnit") -> "Product | None":
    """The last medicine named in the block before this sentence (read only for the few
    sentences that get this far)."""
    kb = unit.ctx.kb
    if kb is None or unit.sentence.start == 0:
        return None
    earlier = unit.block.text[max(0, unit.sentence.start - 600):unit.sentence.start]
    found = [m.product for m in find_mentions(tokenize(earlier), kb) if m.product is not None]
    return found[-1] if found else None


def nearest(mentions: list["Mention"], offset: int) -> "Mention | None":
    """The mention closest to a text offset, one before it winning a tie."""
    best = None
    best_distance = None
    for m in mentions:
        distance = offset - m.end if m.end <= offset else (m.start - offset) + 0.5
        if best_distance is None or distance < best_distance:
            best, best_distance = m, distance
    return best


# A quotation the page tells its reader to say is the page's own words: a call script's
# 'Say: "..."', 'Tell the caller: "..."'.
_SPOKEN_LEAD = re.compile(r"^\s*(?:[-*•]\s*|\d+[.)]\s*)?(?:say|tell\s+(?:them|him|her|the\s+(?:caller|patient|customer|parent))|"
                          r"you\s+can\s+say|answer|reply|respond)\s*[:,]?\s*$", re.I)
_OPENING_QUOTES = "\"“‘'"


def quoted(sentence: "Sentence", start: int, end: int) -> bool:
    """Text offsets [start, end) sit inside a quotation the page does not speak itself."""
    if not frames.in_quotes(sentence, start, end):
        return False
    # The quotation may open before the sentence does ('Say: "It works. It is safe."'): read
    # from the start of the line.
    line = sentence.text.rfind("\n", 0, sentence.start) + 1
    before = sentence.text[max(line, sentence.start - 300):start]
    opening = next((i for i in range(len(before) - 1, -1, -1) if before[i] in _OPENING_QUOTES
                    and not (before[i] in "'‘" and i > 0 and before[i - 1].isalnum())), -1)
    return opening < 0 or not _SPOKEN_LEAD.search(before[:opening])


def stated(unit: "SentenceUnit") -> bool:
    """The sentence states something the page stands behind."""
    return not frames.not_a_statement(unit)


# A lead-in the sentence splitter kept in front of a list item ("What to avoid:\n- ...").
_LEAD_IN = re.compile(r".*(?:\n\s*(?:[-*•+]|\d+[.)])\s+|^[^.!?\n]{0,60}:\s*\n\s*)", re.S)


def claim_text(unit: "SentenceUnit") -> tuple[int, str]:
    """(offset, text) of the sentence without a lead-in line before its list item."""
    text = unit.text
    if "\n" not in text:
        return 0, text
    m = _LEAD_IN.match(text)
    if m is None:
        return 0, text
    return m.end(), text[m.end():]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def lexicon_hits(sentence: "Sentence", kb: "KnowledgeBase", kind: str) -> list[tuple[str, int, int]]:
    """(term id, first token, last token) for every vocabulary phrase of ``kind``."""
    longest = _lexicon_longest(kb)
    tokens = sentence.tokens
    out = []
    i = 0
    while i < len(tokens):
        found = None
        for size in range(min(longest, len(tokens) - i), 0, -1):
            entries = kb.lexicon.get(tuple(t.norm for t in tokens[i:i + size]))
            if entries:
                for entry in entries:
                    if entry.kind == kind:
                        found = (entry.id, i, i + size)
                        break
            if found:
                break
        if found:
            out.append(found)
            i = found[2]
        else:
            i += 1
    return out


_LONGEST: dict[str, int] = {}


def _lexicon_longest(kb: "KnowledgeBase") -> int:
    value = _LONGEST.get(kb.digest)
    if value is None:
        value = _LONGEST[kb.digest] = max((len(k) for k in kb.lexicon), default=1)
    return value


# --- daily amounts -----------------------------------------------------------------------------

_MASS_UNITS = {"mg": 1.0, "milligram": 1.0, "milligrams": 1.0, "mcg": 0.001, "microgram": 0.001,
               "micrograms": 0.001, "µg": 0.001, "g": 1000.0, "gm": 1000.0, "gram": 1000.0,
               "grams": 1000.0}
_MASS = re.compile(rf"(?<![\w.,]){_RANGE}\s*-?\s*(mg|milligrams?|mcg|micrograms?|µg|gm|g|grams?)"
                   r"(?!\w)(?!\s*(?:/|per|a|each)\s*(?:kg|kilo|pound|lb|ml|milliliter|teaspoon|tsp|\d))", re.I)
_COUNT_UNITS = r"(tablets?|caplets?|capsules?|pills?|gelcaps?|softgels?|geltabs?|liquid-gels?|doses?|" \
               r"sprays?|lozenges?|gumm(?:y|ies)|chewables?|packets?|pieces?|IU|international\s+units?|units?)"
_COUNT = re.compile(rf"(?<![\w.,]){_RANGE}\s+((?:[\w'-]+\s+){{0,3}}?){_COUNT_UNITS}\b", re.I)
# "2 tablets of 500 mg", "5 tablets of naproxen sodium 220 mg" (the medicine's name may
# stand between "of" and the strength).
_OF_MASS = re.compile(rf"\s*(?:of|,|\(|containing|with)\s*(?:the\s+)?(?:[A-Za-z][\w-]*\s+){{0,3}}?"
                      rf"{_RANGE}\s*-?\s*(mg|mcg|g|grams?|milligrams?)\b", re.I)
_FREQ = re.compile(rf"\b(?:(once|twice|thrice)|{_RANGE}\s+times)\s+(?:a|per|each|every|in\s+a)\s+day\b|"
                   rf"\b(?:(once|twice)|{_RANGE}\s+times)\s+daily\b|"
                   rf"\bevery\s+{_RANGE}\s+(?:hours?|hrs?)\b", re.I)
_DAY = re.compile(r"\b(?:a|per|each|every|one|in\s+(?:a|one|any)|within\s+(?:a|one|any))\s+(?:single\s+)?day\b|"
                  r"\bdaily\b|/\s*day\b|"
                  r"\b(?:in|per|within|over|during|for)\s+(?:any\s+|a\s+|one\s+|each\s+)?24[\s-]*"
                  r"(?:-?hours?|hrs?)(?:\s+period)?\b|\ba\s+24[\s-]*hour\s+period\b|"
                  r"\b(?:across|throughout|over|during)\s+the\s+(?:course\s+of\s+the\s+|whole\s+|entire\s+)?day\b",
                  re.I)
# Before an amount: a limit the sentence warns about, not advice to take it.
_LIMIT_WORDS = re.compile(r"\b(?:more\s+than|over|above|exceed\w*|beyond|higher\s+than|greater\s+than|"
                          r"in\s+excess\s+of|at\s+most|no\s+more|not\s+more|less\s+than|under|below|"
                          r"fewer\s+than|maximum\s+of\s+no)\s*$", re.I)
# Somewhere in the sentence: it reports harm or a study, or doses by weight: not advice
# to judge against an adult daily limit ("more than 4,000 mg can damage the liver").
_HARM_WORDS = (r"overdos\w*|toxic\w*|poison\w*|liver\s+(?:damage|failure|injury)|too\s+much|"
               r"studies|study|trials?|research\w*|researchers|were\s+given|received|"
               r"dangerous|harm\w*|risk\w*|can\s+cause|may\s+cause|lead\s+to|accidental\w*|"
               r"emergency|poison\s+control|mg/kg|per\s+kilogram|per\s+pound|weight")
_HARM_OR_REPORT = re.compile(rf"\b(?:{_HARM_WORDS})\b", re.I)
# ... or it warns: "never", "do not" (judged only as the cap they set: "do not take more
# than 5,000 mg a day").
_NOT_ADVICE = re.compile(rf"\b(?:{_HARM_WORDS}|never|do\s+not|don't|should\s+not|must\s+not)\b", re.I)
# Right before an amount: a cap the sentence sets ("do not take more than", "no more than",
# "should not exceed"). A cap above the label's maximum allows too much.
_CAP_BEFORE = re.compile(r"\b(?:(?:do\s+not|don't|never|should\s+not|shouldn't|must\s+not|not\s+to)\s+"
                         r"(?:take|use|give|have|exceed|go\s+(?:over|above|beyond))(?:\s+(?:a\s+total\s+of|any|your|"
                         r"your\s+child|them|it))?(?:\s+(?:more\s+than|over|above))?|"
                         r"(?:take|use|give|have)\s+no\s+more\s+than|(?:^|[,;:]\s*)no\s+more\s+than)"
                         r"(?:\s+a\s+total\s+of)?\s*$", re.I)
_ADVICE = re.compile(r"\b(?:up\s+to|as\s+(?:much|many)\s+as|take|taking|takes|give|giving|use|using|go|"
                     r"raise|increase\w*|safe\w*|fine|ok|okay|maximum|max|limit|allowed|can|may|"
                     r"spread|dose|doses|dosing|have|all\s+right|no\s+problem|recommend\w*|suggest\w*|"
                     r"advised|directed|permitted)\b", re.I)
_OTC_CONTEXT = re.compile(r"\bwithout\s+(?:a\s+)?(?:doctor|prescription|seeing)|\bno\s+prescription\b|"
                          r"\bnon-?prescription\b|\bover[\s-]the[\s-]counter\b|\bOTC\b|\bon\s+(?:your|their|his|her)\s+own\b|"
                          r"\bself[\s-]care\b|\bby\s+yourself\b", re.I)
_RX_CONTEXT = re.compile(r"\b(?:doctor|physician|prescriber|provider|clinician|specialist|prescri\w+|"
                         r"supervision|hospital|rheumatologist|psychiatrist|nurse\s+practitioner)\b", re.I)


@dataclass(frozen=True)
class Daily:
    amount: float        # in mg, or in count units when ``unit`` is not "mg"
    unit: str
    start: int           # sentence-text offsets of the words that say it
    end: int
    words: str
    strength: float | None = None   # mg per tablet (or other unit) when counted in units


_ANY_AMOUNT = re.compile(r"\d\s*(?:mg|mcg|µg|g|ml|milligrams?|grams?)\b", re.I)
_TIMES = re.compile(rf"(?<![\w.,]){_RANGE}\s+times\b", re.I)
_AMOUNT_START = re.compile(rf"(?<![\w.,])(?:\d|(?:{_NUM})\b)", re.I)


def _caps_an_amount(text: str) -> bool:
    """An amount of the sentence comes right after a cap it sets ("...; do not take more
    than 12 tablets in 24 hours"): the warning words are the cap, which is judged."""
    return any(_CAP_BEFORE.search(text[:m.start()]) for m in _AMOUNT_START.finditer(text))


def _mass_mg(match: re.Match, value_group: int = 1) -> float | None:
    value = top_of(match.group(value_group), match.group(value_group + 1))
    unit = match.group(value_group + 2).lower()
    if value is None:
        return None
    return value * _MASS_UNITS.get(unit, _MASS_UNITS.get(unit.rstrip("s"), 1.0))


def _freq_per_day(match: re.Match) -> float | None:
    g = match.groups()
    word = (g[0] or g[3] or "").lower()
    if word:
        return {"once": 1.0, "twice": 2.0, "thrice": 3.0}[word]
    times = top_of(g[1], g[2]) or top_of(g[4], g[5])
    if times is not None:
        return times
    # "every 4 to 6 hours": the longer interval, the fewer doses (the lenient reading).
    hours = [v for v in (number(g[6]), number(g[7])) if v]
    if hours and max(hours) >= 1:
        return 24.0 / max(hours)
    return None


def _strength_in_text(text: str) -> float | None:
    m = _MASS.search(text)
    return _mass_mg(m) if m else None


_STATED_CAP = re.compile(r"\b(?:no|not)\s+more\s+than\b|\bexceed\w*|\bmaximum\b|\bat\s+most\b|\bup\s+to\b[^.;]*"
                         r"\b(?:a|per|each|(?:in|within|over)(?:\s+(?:a|any|one))?)\s+(?:day|24)", re.I)
_COUNT_BEFORE_BRAND = re.compile(rf"(?<![\w.,]){_RANGE}\s+(?:[\w'-]+\s+)?$", re.I)
# "The maximum daily dose ... is 6 grams": an amount said after these is a daily one.
_DAILY_LEAD = re.compile(r"\b(?:daily|a\s+day's|24-hour)\s+(?:dose|doses|limit|amount|maximum|max|total)\b|"
                         r"\bmaximum\s+(?:dose\s+)?(?:per|a)\s+day\b|\bmax(?:imum)?\s+daily\b", re.I)


def daily_amounts(text: str, brand_strength: float | None,
                  brand_span: tuple[int, int] | None = None) -> list[Daily]:
    """Daily totals a sentence gives: an amount said per day ("3,200 mg a day", "up to 12
    caplets a day"), or a dose times how often ("2 tablets of 500 mg every 4 hours").
    ``brand_span``: where a product of known strength is named ("two Aleve")."""
    freqs = [(m.start(), m.end(), _freq_per_day(m)) for m in _FREQ.finditer(text)]
    lead = _DAILY_LEAD.search(text)
    days = [m for m in _DAY.finditer(text)
            if not any(s <= m.start() < e for s, e, _ in freqs)]
    doses = []   # (start, end, amount, unit, mg per unit)
    used = []
    strengths: dict[str, float] = {}   # "two 500 mg tablets ..., up to 12 tablets a day": 500 mg each
    for m in _COUNT.finditer(text):
        count = top_of(m.group(1), m.group(2))
        if count is None:
            continue
        strength = _strength_in_text(m.group(3) or "")
        end = m.end()
        if strength is None:
            of = _OF_MASS.match(text, m.end())
            if of:
                strength = _mass_mg(of)
                end = of.end()
        unit = m.group(4).lower().rstrip("s")
        if unit == "gummie":
            unit = "gummy"
        elif unit in ("iu", "international unit"):
            unit = "unit"   # vitamin D's limits are in international units
        if strength is None and brand_strength is not None and unit not in ("dose", "spray", "packet"):
            strength = brand_strength
        if strength is None:
            strength = strengths.get(unit)
        elif unit not in ("dose", "spray", "packet"):
            strengths.setdefault(unit, strength)
        if strength is not None:
            doses.append((m.start(), end, count * strength, "mg", strength))
        else:
            doses.append((m.start(), end, count, unit, None))
        used.append((m.start(), end))
    if brand_span is not None and brand_strength is not None:
        m = _COUNT_BEFORE_BRAND.search(text, 0, brand_span[0])
        if m is not None and not any(s <= m.start() < e for s, e in used):
            count = top_of(m.group(1), m.group(2))
            if count is not None:
                doses.append((m.start(), brand_span[1], count * brand_strength, "mg", brand_strength))
                used.append((m.start(), brand_span[1]))
    for m in _MASS.finditer(text):
        if any(s <= m.start() < e for s, e in used):
            continue
        amount = _mass_mg(m)
        if amount is not None:
            doses.append((m.start(), m.end(), amount, "mg", amount))
    if not doses and not _ANY_AMOUNT.search(text):
        # "can be given up to 6 times in 24 hours": no amount, only how many doses a day
        # (labels limit the doses of some medicines: children's acetaminophen, 5 in 24 hours).
        # A sentence with an amount the reader left out ("160 mg per 5 mL") is not counted.
        for m in _TIMES.finditer(text):
            day = _DAY.match(text, m.end()) or _DAY.match(text, m.end() + 1)
            count = top_of(m.group(1), m.group(2))
            if any(s <= m.start() < e for s, e, _ in freqs):
                # "8 times a day" is a frequency: one dose, counted by it
                doses.append((m.start(), m.start(), 1.0, "dose", None))
            elif day is not None and count is not None:
                doses.append((m.start(), m.end(), count, "dose", None))
    doses.sort()
    out: list[Daily] = []
    for index, (start, end, amount, unit, each) in enumerate(doses):
        following = doses[index + 1][0] if index + 1 < len(doses) else len(text)
        # Said per day: a day word right after it (a few words between, no other amount).
        day = next((d for d in days if end <= d.start() < following
                    and len(text[end:d.start()].split()) <= 5), None)
        freq = next((f for f in freqs if end <= f[0] < following
                     and len(text[end:f[0]].split()) <= 6), None)
        if freq is not None and freq[2] is not None and (day is None or freq[0] < day.start()):
            out.append(Daily(amount * freq[2], unit, start, freq[1], text[start:freq[1]], each))
        elif day is not None:
            out.append(Daily(amount, unit, start, day.end(), text[start:day.end()], each))
        elif lead is not None and start >= lead.end() and freq is None:
            out.append(Daily(amount, unit, start, end, text[start:end], each))
    if _STATED_CAP.search(text) and any(not any(s <= d.start() < e for s, e, _ in freqs) for d in days):
        # The sentence gives its own daily cap ("... every 4 to 6 hours, no more than 6 in
        # 24 hours"): a dose times how often is not what it tells the reader to take.
        out = [d for d in out if _DAY.search(d.words) or lead is not None]
    return out


def _brand_strength(sentence: "Sentence", kb: "KnowledgeBase", origin: int
                    ) -> tuple[float, str, str, tuple[int, int]] | None:
    """(mg per tablet, generic, source, span from ``origin``) of a product named by its
    strength ("Aleve", "Extra Strength Tylenol")."""
    for term_id, first, last in lexicon_hits(sentence, kb, "strength"):
        term = kb.term("strength", term_id)
        if term is not None:
            mg = term.get("amount") * _MASS_UNITS[term.get("unit")]
            span = (sentence.tokens[first].start - origin, sentence.tokens[last - 1].end - origin)
            return mg, term.get("drug"), term.source, span
    return None


def _fmt(amount: float, unit: str) -> str:
    if unit == "mg":
        return f"{amount:,.0f} mg" if amount >= 1 else f"{amount * 1000:,.0f} mcg"
    value = f"{amount:g}"
    return f"{value} {unit}s" if amount != 1 else f"{value} {unit}"


def _form_limit(limit, text: str, counted_in: str) -> tuple[float, str, str] | None:
    """The limit of the form the sentence names, in the unit the sentence's amount is
    counted in (mg, or doses ...), with the form's first name; or None. A form limit in
    another unit ("5 doses" when the sentence gives milligrams) leaves the main limit."""
    for words, amount, unit in limit.forms:
        if any(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in words):
            if unit in _MASS_UNITS:
                value, unit = amount * _MASS_UNITS[unit], "mg"
            else:
                value, unit = amount, unit.rstrip("s")
            if unit == counted_in:
                return value, unit, words[0]
    return None


def _limit_mg(limit) -> tuple[float, str]:
    if limit.unit in _MASS_UNITS:
        return limit.amount * _MASS_UNITS[limit.unit], "mg"
    return limit.amount, limit.unit.rstrip("s")


def _needs_dose(unit: "SentenceUnit") -> bool:
    return unit.has_digit or bool(re.search(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                                            r"eleven|twelve|fifteen|twenty)\b", unit.lower))


def _table_context(unit: "SentenceUnit") -> tuple["Product | None", str, list]:
    """For a table cell: the medicine named earlier in its row, its column's header, and
    the row's earlier cells (the parsers give each cell its table, row and column)."""
    me = unit.block
    table, row_no, column = me.attrs.get("table"), me.attrs.get("row"), me.attrs.get("column")
    blocks = unit.doc.blocks
    index = unit.index
    if table is None or row_no is None or not (0 <= index < len(blocks)) or blocks[index] is not me:
        return None, "", []
    row: list = []
    header = ""
    j = index - 1
    while j >= 0 and blocks[j].kind == TABLE_CELL and blocks[j].attrs.get("table") == table:
        cell = blocks[j]
        if cell.attrs.get("row") == row_no:
            row.insert(0, cell)
        elif cell.attrs.get("header") and cell.attrs.get("column") == column:
            header = cell.text
        j -= 1
    product = None
    kb = unit.ctx.kb
    for cell in row:
        found = [m.product for m in find_mentions(tokenize(cell.text), kb) if m.product is not None]
        if found:
            product = found[0]
            break
    return product, header, row


def _dose_needs(unit: "SentenceUnit") -> bool:
    lower = unit.lower
    return (unit.block.kind == TABLE_CELL or "day" in lower or "dai" in lower or "24" in lower
            or "hour" in lower or "times" in lower or "twice" in lower or "once" in lower) \
        and _needs_dose(unit)


@sentence_check(MAX_DAILY, kinds=PROSE_AND_ALT_KINDS,
                needs=custom("a number, and a word of time or a table cell", _dose_needs))
def max_daily_dose(unit: "SentenceUnit") -> Iterator[Finding]:
    kb = unit.ctx.kb
    sentence = unit.sentence
    base, text = claim_text(unit)
    if kb is None or not stated(unit):
        return
    row_product, header, row = None, "", []
    if unit.block.kind == TABLE_CELL:
        row_product, header, row = _table_context(unit)
        if re.search(r"\b(?:day|daily|24\s+hours|dose|doses|how\s+much|how\s+often)\b", header, re.I):
            # A column of doses ("Most you can take in a day"): each cell is advice.
            if not _DAY.search(text) and not _FREQ.search(text) and (
                    re.search(r"\bday|daily", header, re.I) or _DAY.search(header)):
                text = text + " a day"
        elif not _ADVICE.search(text):
            return
        if _NOT_ADVICE.search(header + " " + text) or _LIMIT_WORDS.search(header + " "):
            return
        if _OTC_CONTEXT.search(header):
            text = text + " without a prescription"
    elif not (_ADVICE.search(text) or _FREQ.search(text)) or _HARM_OR_REPORT.search(text):
        return   # a dose with how often ("50 mg every 2 hours") is an instruction
    elif _NOT_ADVICE.search(text) and not _caps_an_amount(text):
        return
    strength = _brand_strength(sentence, kb, sentence.start + base)
    if strength is not None and strength[3][0] < 0:
        strength = None
    if strength is not None and any(
            len(m.product.generics) > 1 and m.start <= sentence.start + base + strength[3][0] < m.end
            for m in products(sentence)):
        strength = None   # "Advil" in "Advil PM" names a combination, not the 200 mg tablet
    span = strength[3] if strength else None
    if strength is None and row_product is not None and not products(sentence):
        # A brand of known strength named in the row ("Naproxen (Aleve)").
        for cell in row:
            strength = _brand_strength(Sentence(cell.text, 0, len(cell.text), kb), kb, 0)
            if strength is not None:
                break
    amounts = daily_amounts(text, strength[0] if strength else None, span)
    if not amounts:
        return
    # The label's self-care limit applies to advice for self-care: said so, or an OTC
    # product named by brand ("Aleve"); otherwise the prescribing maximum.
    otc = bool(_OTC_CONTEXT.search(text)) or (strength is not None and not _RX_CONTEXT.search(text))
    mentions = [m for m in products(sentence) if len(m.product.generics) == 1]
    combination = _combination_over_limit(unit, kb, amounts, row_product, base)
    if combination is not None:
        yield combination
        return
    reported = False
    for daily in amounts:
        if reported:
            break
        before = text[:daily.start]
        if _LIMIT_WORDS.search(before) and not _CAP_BEFORE.search(before):
            continue
        start = sentence.start + base + daily.start
        end = sentence.start + base + daily.end
        if quoted(sentence, start, end):
            continue
        mention = nearest(mentions, start)
        if mention is not None:
            product = mention.product
        elif strength is not None:
            product = kb.lookup(strength[1])
        elif not products(sentence):
            product = row_product or about(unit)
        else:
            product = None
        for drug in drug_records(kb, product):
            if len(product.generics) != 1:
                continue
            # A dose counted in the self-care product's units ("8 tablets of 200 mg
            # ibuprofen") is self-care advice unless a prescriber is named.
            otc_unit = drug.otc_max_daily is not None and daily.strength is not None \
                and any(abs(daily.strength - s) < 0.01 for s in drug.otc_max_daily.strengths) \
                and not _RX_CONTEXT.search(text)
            self_care = otc or otc_unit or drug.status == "otc" or drug.max_daily is None
            limit = drug.otc_max_daily if self_care and drug.otc_max_daily else drug.max_daily
            if limit is None:
                continue
            limit_amount, limit_unit = _limit_mg(limit)
            form = _form_limit(limit, text, daily.unit)
            if limit is not drug.otc_max_daily and drug.otc_max_daily is not None and form is None \
                    and limit_unit != daily.unit and not _RX_CONTEXT.search(text):
                # "up to 8 doses in a day": only the self-care label counts doses.
                otc_form = _form_limit(drug.otc_max_daily, text, daily.unit)
                if otc_form is not None:
                    limit, form = drug.otc_max_daily, otc_form
            note = f"; {limit.note}" if limit.note else ""
            if form is not None:
                # The sentence names a form with its own, lower limit ("20 mg sprays"), or
                # counts doses, which the labels limit too.
                limit_amount, limit_unit, named = form
                note = f" for the {named}" if limit_unit == "mg" else ""
            if limit_unit != daily.unit or daily.amount <= limit_amount * 1.001:
                continue
            where = " without a prescription" if limit is drug.otc_max_daily else ""
            brand = f" ({strength[2]})" if strength and daily.unit == "mg" and daily.amount else ""
            yield unit.finding(
                MAX_DAILY, start, end,
                message=f"The maximum for {drug.name}{where} is {_fmt(limit_amount, limit_unit)} a day"
                        f"{note} ({limit.source}{brand}); this advice comes to "
                        f"{_fmt(daily.amount, daily.unit)} a day.")
            reported = True
            break


# --- one dose ---------------------------------------------------------------------------------

# An amount said to be one dose: "a single dose of 1,000 mg", "the usual dose is 800 mg",
# "800 mg at a time", "take 1,000 mg at once".
_DOSE_LEAD = r"(?:single|one|each|every|per|a|the|your|usual|normal|standard|typical|regular|recommended|adult|starting|first)"
_ONE_DOSE = re.compile(
    rf"\b{_DOSE_LEAD}\s+(?:[\w-]+\s+){{0,2}}?dose\s+(?:of\s+(?:[\w-]+\s+){{1,3}}?(?:is|was|would\s+be|:)\s+"
    rf"|(?:of|is|was|would\s+be|:)\s+)?(?:about\s+|around\s+|up\s+to\s+)?(?P<a>{_MASS.pattern})"
    rf"|(?P<b>{_MASS.pattern})\s+(?:[\w-]+\s+){{0,3}}?(?:at\s+(?:a|one)\s+time|at\s+once|per\s+dose|a\s+dose|each\s+dose"
    rf"|in\s+(?:a|one)\s+(?:single\s+)?dose|as\s+(?:a|one)\s+(?:single\s+)?dose|each\s+time)\b"
    rf"|(?P<c>{_MASS.pattern})\s+(?:[\w-]+\s+){{0,3}}?(?:is\s+)?(?:the|a|your)\s+(?:usual|normal|standard|typical|regular|recommended|single)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?dose\b", re.I)
_ONE_DOSE_NEEDS = has_lower("dose", "at a time", "at once", "each time")


def _one_dose_amounts(text: str) -> list[tuple[float, int, int]]:
    out = []
    for m in _ONE_DOSE.finditer(text):
        group = next(g for g in ("a", "b", "c") if m.group(g))
        inner = _MASS.match(text, m.start(group))
        if inner is None:
            continue
        amount = _mass_mg(inner)
        if amount is not None:
            out.append((amount, m.start(), m.end()))
    return out


@sentence_check(MAX_DAILY, kinds=PROSE_AND_ALT_KINDS, needs=MENTION & _ONE_DOSE_NEEDS)
def max_single_dose(unit: "SentenceUnit") -> Iterator[Finding]:
    """One self-care dose above the Drug Facts dose ("a single dose of 1,000 mg of ibuprofen
    is the usual over-the-counter dose"); a prescriber may give more, so only self-care
    advice is judged."""
    kb = unit.ctx.kb
    sentence = unit.sentence
    base, text = claim_text(unit)
    if kb is None or not stated(unit) or _HARM_OR_REPORT.search(text) \
            or _RX_CONTEXT.search(_OTC_CONTEXT.sub(" ", text)):
        return   # ("without a prescription" is self-care, not a prescriber)
    mentions = [m for m in products(sentence) if len(m.product.generics) == 1]
    for amount, a_start, a_end in _one_dose_amounts(text):
        before = text[:a_start]
        if (_LIMIT_WORDS.search(before) and not _CAP_BEFORE.search(before)) or negated_before(
                sentence, _first_word_index(sentence, sentence.start + base + a_start)):
            continue
        start, end = sentence.start + base + a_start, sentence.start + base + a_end
        if quoted(sentence, start, end):
            continue
        mention = nearest(mentions, start)
        product = mention.product if mention is not None else (about(unit) if not products(sentence) else None)
        for drug in drug_records(kb, product):
            limit = drug.otc_max_dose
            if limit is None or limit.unit != "mg" or amount <= limit.amount * 1.001:
                continue
            if not (_OTC_CONTEXT.search(text) or drug.status == "otc" or (
                    mention is not None and mention.product.is_brand and drug.otc_max_daily is not None
                    and drug.otc_max_daily.strengths)):
                continue
            note = f"; {limit.note}" if limit.note else ""
            yield unit.finding(
                MAX_DAILY, start, end,
                message=f"The most {drug.name} to take at one time without a prescription is "
                        f"{_fmt(limit.amount, 'mg')}{note} ({limit.source}); this advice gives "
                        f"{_fmt(amount, 'mg')} in one dose.")
            return


# Units a combination product is counted in, all one thing to its caplet limit.
_SOLID_UNITS = frozenset({"tablet", "caplet", "capsule", "pill", "gelcap", "softgel", "geltab", "liquid-gel"})


def _combination_over_limit(unit: "SentenceUnit", kb: "KnowledgeBase", amounts: list, row_product,
                            base: int) -> "Finding | None":
    """A combination product's own limit in caplets ("Excedrin Migraine: not more than 2
    caplets in 24 hours"), below what its medicines' limits in mg would allow."""
    sentence = unit.sentence
    combos = [m for m in products(sentence) if m.product.name in kb.combination_limits]
    named = [(m.product, m.start) for m in combos]
    if not named and not products(sentence):
        product = row_product or about(unit)
        if product is not None and product.name in kb.combination_limits:
            named = [(product, None)]
    if not named:
        return None
    for daily in amounts:
        limit_unit = None
        start = sentence.start + base + daily.start
        end = sentence.start + base + daily.end
        if quoted(sentence, start, end):
            continue
        before = [p for p in named if p[1] is None or p[1] <= start]
        product = (before or named)[-1 if before else 0][0]
        limit = kb.combination_limits[product.name]
        limit_unit = limit.unit.rstrip("s")
        counted = daily.unit in _SOLID_UNITS if limit_unit == "tablet" else daily.unit == limit_unit
        if not counted or daily.amount <= limit.amount * 1.001:
            continue
        words = daily.unit + "s"   # in the page's own word: caplets, tablets, pills
        note = f", {limit.note}" if limit.note else ""
        return unit.finding(
            MAX_DAILY, start, end,
            message=f"The maximum for {product.name} without a prescription is {limit.amount:g} {words} "
                    f"in 24 hours{note} ({limit.source}); this advice comes to {daily.amount:g} {words} a day.")
    return None


# --- ages --------------------------------------------------------------------------------------

_AGE_UNIT = r"(years?|yrs?|months?|mos?|weeks?|wks?|days?)"
_POINT_AGE = re.compile(rf"\b({_NUM})[\s-]*{_AGE_UNIT}[\s-]*olds?\b", re.I)
_FROM_AGE = re.compile(rf"\b(?:as\s+young\s+as|from(?:\s+the\s+age\s+of)?|aged?|ages|starting\s+at|"
                       rf"beginning\s+at|older\s+than|over(?:\s+the\s+age\s+of)?)\s+({_NUM})(?:\s*{_AGE_UNIT})?"
                       rf"(?:\s+old)?\b", re.I)
_AND_UP = re.compile(rf"\b({_NUM})\s*{_AGE_UNIT}?\s*(?:old\s+|of\s+age\s+)?(?:and|or)\s+(?:older|up|over|above)\b|"
                     rf"\b({_NUM})\+", re.I)
_UNDER_AGE = re.compile(rf"\b(?:under|younger\s+than|below|less\s+than)\s+(?:the\s+age\s+of\s+)?"
                        rf"({_NUM})(?:\s*{_AGE_UNIT})?\b", re.I)
_SUITABLE = re.compile(r"\b(?:fine|safe|safely|ok|okay|good|great|suitable|appropriate|reasonable|"
                       r"ideal|best|gentle|recommended|approved|choice|option|go-to|"
                       r"can\s+(?:take|have|use|be\s+given|be\s+used|be\s+prescribed|give|try|help|rub)|"
                       r"give|giving|rub|help|helps|works?\s+well|is\s+for|are\s+for|made\s+for)\b", re.I)
# Advice to ask first, in any form ("a physician should be consulted before giving a child
# aspirin", "a pharmacist should be asked"), is the limit itself, not a claim below it.
_AGE_WARNING = re.compile(r"\b(?:ask(?:s|ing)?|(?:be|been|being)\s+asked|check(?:s|ed|ing)?\s+with|(?:talk|speak|spoken)(?:s|ed|ing)?\s+(?:to|with)|"
                          r"consult(?:s|ed|ing|ation)?|call|unless|warn\w*|avoid|never|"
                          r"should\s+not|must\s+not|not\s+for|not\s+safe|unsafe|dangerous|risk\w*|"
                          r"contraindicated|not\s+(?:FDA[\s-]+)?approved|only\s+(?:for|in)\s+(?:adults|people|those|children\s+(?:over|aged))|"
                          r"adults?\s+only|not\s+recommended|isn't|aren't|don't|do\s+not|doesn't|cannot|"
                          r"can't|won't|no\s+longer|stopped|overdose|poison\w*|accidental\w*)\b", re.I)
# An all-clear said with a negator: "can be given to young children without concern".
_NO_WORRY = re.compile(r"\b(?:without|with\s+no)\s+(?:any\s+)?(?:real\s+|special\s+|particular\s+)?"
                       r"(?:concerns?|worry|worries|problems?|issues?|fear|hesitation|second\s+thought)\b|"
                       r"\bno\s+need\s+to\s+worry\b|\bnothing\s+to\s+worry\s+about\b", re.I)
_UNIT_YEARS = {"y": 1.0, "m": 1 / 12, "w": 1 / 52, "d": 1 / 365}


def _years(value: str, unit: str | None) -> float | None:
    n = number(value)
    if n is None:
        return None
    return n * _UNIT_YEARS[(unit or "y")[0].lower()]


def claimed_ages(text: str, kb: "KnowledgeBase", sentence: "Sentence", origin: int
                 ) -> list[tuple[float, float, bool, int, int]]:
    """(youngest, oldest, broad, start, end) of every age or age group the sentence names."""
    out = []
    for m in _POINT_AGE.finditer(text):
        years = _years(m.group(1), m.group(2))
        if years is not None:
            out.append((years, years, False, m.start(), m.end()))
    for pattern in (_FROM_AGE, _AND_UP):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for _, _, _, s, e in out):
                continue
            value = m.group(1) or (m.group(3) if pattern is _AND_UP else None)
            years = _years(value, m.group(2))
            if years is not None:
                out.append((years, years, False, m.start(), m.end()))
    for m in _UNDER_AGE.finditer(text):
        years = _years(m.group(1), m.group(2))
        if years is not None and years <= 18:
            out.append((0.0, years, False, m.start(), m.end()))
    if not out:
        for term_id, first, last in lexicon_hits(sentence, kb, "population"):
            term = kb.term("population", term_id)
            if term is None:
                continue
            lo, hi = term.get("ages")
            start = sentence.tokens[first].start - origin
            end = sentence.tokens[last - 1].end - origin
            if start < 0:
                continue
            out.append((lo, hi, bool(term.get("broad")), start, end))
    return out


def _below_limit(lo: float, hi: float, limit: float) -> bool:
    """The claimed ages are mostly below the limit (a single age: below it)."""
    if hi <= lo:
        return lo < limit
    return (min(limit, hi) - lo) / (hi - lo) > 0.5


# Every age pattern above and every population word of core.yml holds one of these.
_POPULATION_HINTS = ("bab", "infant", "toddler", "newborn", "neonate", "child", "kid", "teen",
                     "adolescent", "preschool", "little one", "youngster", "pediatric", "paediatric",
                     "old", "young", "age", "year", "yr", "month", "mo", "week", "wk", "day")


# A sentence that opens by pointing back at the medicine: "It", "The patches", "These drops".
_POINTER = re.compile(r"\s*(?:it|they|this|these|(?:the|this|these|those)\s+(?:medicines?|medications?|drugs?|pills?|"
                      r"tablets?|capsules?|patch(?:es)?|drops|sprays?|syrups?|liquids?|creams?|gels?|inhalers?))\b", re.I)


_NAMED_OR_POINTED = MENTION | custom("a sentence that opens by pointing back at a medicine",
                                     lambda unit: bool(_POINTER.match(unit.text)))


@sentence_check(AGE_LIMIT, kinds=PROSE_AND_ALT_KINDS, needs=_NAMED_OR_POINTED & has_lower(*_POPULATION_HINTS))
def age_limit(unit: "SentenceUnit") -> Iterator[Finding]:
    kb = unit.ctx.kb
    sentence = unit.sentence
    base, text = claim_text(unit)
    if kb is None or not stated(unit):
        return
    cleared = _NO_WORRY.sub(" ", text)
    if _AGE_WARNING.search(cleared) or not (_SUITABLE.search(text) or cleared != text):
        return
    if not any(hint in unit.lower for hint in _POPULATION_HINTS):
        return
    if not frames.NEGATORS.isdisjoint(re.findall(r"[\w']+", cleared.lower())):
        return   # "not approved for children under 10": a limit, not a claim of suitability
    mentions = [(m.product, m.start, m.end) for m in products(sentence)]
    # A class with an age limit of its own, named with no product: "cough syrups are fine for
    # toddlers"
    if not mentions:
        mentions = [(m.class_id, m.start, m.end) for m in sentence.mentions
                    if m.class_id is not None and not m.negated and _class_ages(kb, m.class_id)]
    if not mentions and _POINTER.match(text):
        # "The patches are also fine for children under 12": the medicine named before
        product = about(unit)
        if product is not None:
            at = sentence.start + base + len(text) - len(text.lstrip())
            mentions = [(product, at, at + len(_POINTER.match(text).group().strip()))]
    if not mentions:
        return
    doctor = bool(_RX_CONTEXT.search(text))
    ages = claimed_ages(text, kb, sentence, sentence.start + base)
    for lo, hi, broad, a_start, a_end in ages:
        start = sentence.start + base + a_start
        a_end += sentence.start + base
        if quoted(sentence, start, a_end):
            continue
        mention = _nearest_target(mentions, start)
        if mention is None:
            continue
        product, m_start, m_end = mention
        viral = bool(_VIRAL.search(text))
        if isinstance(product, str):
            cls, limit = _class_ages(kb, product)
            if (limit.scope == "otc" and doctor) or not _below_limit(lo, hi, limit.years):
                continue
            note = f" ({limit.note})" if limit.note else ""
            scope = "" if limit.scope == "all" else " without a doctor's advice"
            name = cls.short if cls.short.endswith("s") else cls.short + "s"
            yield unit.finding(
                AGE_LIMIT, min(m_start, start), max(m_end, a_end),
                message=f"{_cap(name)} are not for children under {_age_words(limit.years)}{scope}{note} "
                        f"({limit.source}).")
            return
        for drug in drug_records(kb, product):
            # Salicylates: no child or teenager with flu or chickenpox (Reye's syndrome).
            reye = viral and lo < 18 and "reyes-syndrome" in kb.risks_of(Product(drug.name, (drug.name,)))
            for limit in drug.min_age:
                if limit.scope == "otc" and doctor and not reye:
                    continue
                if not reye and not _below_limit(lo, hi, limit.years):
                    continue
                if reye:
                    yield unit.finding(
                        AGE_LIMIT, min(m_start, start), max(m_end, a_end),
                        message=f"{_cap(drug.name)} must not be given to children or teenagers with flu, "
                                f"flu-like symptoms or chickenpox: Reye's syndrome ({limit.source}).")
                    return
                note = f" ({limit.note})" if limit.note else ""
                scope = "" if limit.scope == "all" else " without a doctor's advice"
                yield unit.finding(
                    AGE_LIMIT, min(m_start, start), max(m_end, a_end),
                    message=f"{_cap(drug.name)} is not for children under {_age_words(limit.years)}"
                            f"{scope}{note} ({limit.source}).")
                return


def _class_ages(kb: "KnowledgeBase", class_id: str):
    """(class, its age limit) for a class, or a class above it, that has one; else None."""
    for cid in sorted(kb.ancestors(class_id), key=lambda c: c != class_id):
        cls = kb.classes[cid]
        if cls.min_age:
            return cls, cls.min_age[0]
    return None


def _nearest_target(targets: list[tuple["Product", int, int]], offset: int):
    """The (product, start, end) closest to a text offset, one before it winning a tie."""
    best, best_distance = None, None
    for target in targets:
        _, start, end = target
        distance = offset - end if end <= offset else (start - offset) + 0.5
        if best_distance is None or distance < best_distance:
            best, best_distance = target, distance
    return best


_VIRAL = re.compile(r"\b(?:flu|influenza|flu-like|chickenpox|chicken\s+pox|viral|virus)\b", re.I)


def _age_words(years: float) -> str:
    if years < 1:
        months = round(years * 12)
        return f"{months} months" if months != 1 else "1 month"
    return f"{years:g}"


# --- interactions ------------------------------------------------------------------------------

# Advice that the combination is harmless ("is fine", "you can take X with Y") ...
_SAFE = re.compile(r"\b(?:fine|safe|safely|ok|okay|all\s+right|alright|harmless|no\s+problem|not\s+a\s+problem|"
                   r"good\s+(?:swap|idea|choice|option|way)|no\s+(?:need\s+to\s+worry|worries|issue|harm)|"
                   r"can\s+(?:take|drink|have|use|combine|mix|enjoy|eat)|go\s+ahead|feel\s+free|"
                   r"can\s+be\s+(?:used|taken|combined|mixed|given)\s+(?:freely\s+|safely\s+)?(?:together|at\s+the\s+same\s+time|with)|"
                   r"won't\s+hurt|will\s+not\s+hurt|"
                   # taking them together said to help: "with milk to help absorption"
                   r"for\s+(?:the\s+)?(?:best|better|maximum|full|good|optimal|faster)\s+absor\w*|"
                   r"(?:helps?|improves?|boosts?|aids?|increases?)\s+(?:it\s+|them\s+|the\s+|your\s+body\s+)?absor\w*|"
                   r"absorb(?:s|ed)?\s+(?:it\s+|them\s+)?better)\b", re.I)
# ... or a denial that they interact.
_DENIED = re.compile(r"\b(?:(?:does|do|did|will|would|can)\s*(?:n't|not)|won't|doesn't|don't|cannot|can't)\s+"
                     r"(?:\w+\s+){0,1}(?:affect|interact|interfere|change|reduce|lower|weaken|matter|mix\s+badly|"
                     r"make\s+\w+(?:\s+\w+){0,3}\s+less\s+effective|stop\s+\w+\s+from\s+working)\w*\b|"
                     r"\bno\s+(?:known\s+)?(?:(?:drug|medicine)\s+)?(?:interactions?|effect\s+on)\b|\bis\s+not\s+affected\s+by\b", re.I)
_INTERACTION_WARNING = re.compile(r"\b(?:avoid\w*|never|should\s+not|shouldn't|must\s+not|dangerous|"
                                  r"risk\w*|warn\w*|serious|severe|deadly|fatal|unless|whether|ask|check\s+with|"
                                  r"talk\s+to|apart|separate\w*|after\s+(?:you\s+)?(?:finish|stop|your\s+last)|"
                                  r"hours?\s+(?:before|after)|days?\s+after|contraindicated|caution|careful|"
                                  r"limit|no\s+more\s+than|steady|consistent\w*|same\s+amount|"
                                  r"do\s+not\s+(?:take|drink|use|mix|combine|have|eat)|"
                                  r"don't\s+(?:take|drink|use|mix|combine|have|eat))\b", re.I)


# A warning said to be needless, or a risk denied, is the all-clear: "no need to avoid
# alcohol", "you don't have to space them apart", "without any extra risk".
_NO_NEED = re.compile(r"\b(?:no\s+(?:need|reason)|not\s+(?:necessary|needed)|(?:don't|do\s+not|doesn't|does\s+not)\s+"
                      r"(?:need|have)|needn't|never\s+need|nothing)\s+to\s+(?:avoid|worry|stop|skip|separate|space|"
                      r"wait|limit|cut\s+(?:back|out)|give\s+up|be\s+(?:careful|cautious)|watch)\b|"
                      r"\b(?:without|with\s+no|carries\s+no|there\s+is\s+no|there's\s+no|poses?\s+no|adds?\s+no)\s+"
                      r"(?:any\s+)?(?:extra|added|additional|increased|more|real|special)?\s*(?:risks?|danger|worry|worries)\b|"
                      r"\brisk[\s-]free\b", re.I)


_HEAVY_ONLY = re.compile(r"\b(?:large\s+amounts?|or\s+more|heavy|more\s+than)\b", re.I)
_MODERATE = re.compile(r"\b(?:a\s+little|small\s+amounts?|in\s+moderation|moderate\w*|occasional\w*|"
                       r"a\s+glass|one\s+(?:glass|drink)|a\s+drink|a\s+few|a\s+small)\b", re.I)


_PART_BREAK = re.compile(r";|\b(?:unlike|but|except|whereas|although|however|other\s+than)\b", re.I)


def _same_part(text: str, origin: int, first: int, last: int, cue: re.Match) -> bool:
    """Whether block offsets [first, last) and the cue (a match in ``text``, which starts
    at block offset ``origin``) lie in one part of the sentence."""
    lo = min(first - origin, cue.start())
    hi = max(last - origin, cue.end())
    return lo >= 0 and not _PART_BREAK.search(text, lo, hi)


def interaction_between(kb: "KnowledgeBase", product: "Product", other: tuple[str, object],
                        one_member: bool = True):
    """The fact base's interaction between a product and another product, class or
    substance, either way round, or None. ``one_member``: a named medicine interacting with
    one member of a class counts for the class."""
    kind, value = other
    for drug in drug_records(kb, product):
        for item in drug.interactions:
            if kind == "substance" and item.with_id == value:
                return drug.name, item
            if kind == "product" and (item.with_id in value.generics
                                      or item.with_id in kb.product_classes(value)) \
                    and not set(item.exempt) & set(value.generics):
                return drug.name, item
            if kind == "class" and item.with_id in kb.ancestors(value):
                return drug.name, item
            if kind == "class" and one_member and item.with_id in kb.members(value):
                # "Fluconazole does not interact with blood thinners": it does with one of
                # them (warfarin), and the sentence clears them all
                return drug.name, item
    if kind == "class":
        # A class nearly all of whose members interact with the product ("birth control
        # pills" with rifampin: all but the injection).
        members = [kb.drugs[g] for g in sorted(kb.members(value)) if g in kb.drugs]
        hits = []
        for drug in members:
            item = next((i for i in drug.interactions
                         if i.with_id in product.generics or i.with_id in kb.product_classes(product)), None)
            if item is not None:
                hits.append((drug, item))
        if hits and len(hits) * 4 >= len(members) * 3:
            return kb.classes[value].names[0] + "s", hits[0][1]
    if kind == "product":
        for drug in drug_records(kb, value):
            for item in drug.interactions:
                if (item.with_id in product.generics or item.with_id in kb.product_classes(product)) \
                        and not set(item.exempt) & set(product.generics):
                    return drug.name, item
    return None


def class_interaction(kb: "KnowledgeBase", class_id: str, other: tuple[str, object]):
    """Nearly every known member of a class interacts with the other thing."""
    if other[0] == "class" and other[1] == class_id:
        return None
    members = [g for g in sorted(kb.members(class_id)) if g in kb.drugs and kb.drugs[g].medical]
    hits = []
    for generic in members:
        found = interaction_between(kb, Product(generic, (generic,)), other, one_member=False)
        if found is not None:
            hits.append(found)
    if hits and len(hits) * 4 >= len(members) * 3:
        return kb.classes[class_id].names[0] + "s", hits[0][1]
    return None


# Medicines in general, as the other side of a denial: "does not interact with other
# medicines", "is safe with any prescription drug". ("Most medicines" is a hedge.)
_ANY_MEDICINES = re.compile(r"\b(?:(?:any|your|all)\s+(?:other\s+)?|other\s+|(?:other\s+)?prescription\s+|"
                            r"(?:other\s+)?(?:common|everyday|regular|usual)\s+)"
                            r"(?:medicines?|medications?|drugs?|prescriptions|pills|supplements)\b|"
                            r"\banything\s+else\b", re.I)
_NO_INTERACTIONS = re.compile(r"\bno\s+(?:known\s+)?(?:drug\s+)?interactions?\b|\bdoes\s*(?:n't|\s+not)\s+interact\b"
                              r"(?!\s+with)", re.I)


def _medicine_partners(kb: "KnowledgeBase", product: "Product") -> list[tuple[str, "object"]]:
    """The medicines and classes (not foods or drinks) a product interacts with."""
    partners = []
    for drug in drug_records(kb, product):
        for item in drug.interactions:
            if item.with_id in kb.classes or item.with_id in kb.drugs:
                partners.append((drug.name, item))
    # The labels of other medicines name it ("rifampin lowers ulipristal levels").
    names = set(product.generics) | set(kb.product_classes(product))
    for generic, drug in sorted(kb.drugs.items()):
        if generic in product.generics:
            continue
        for item in drug.interactions:
            if item.with_id in names:
                partners.append((product.generics[0], Interaction(generic, item.effect, item.source)))
                break
    return partners


def _other_name(kb: "KnowledgeBase", with_id: str) -> str:
    if with_id in kb.classes:
        return kb.classes[with_id].names[0] + "s"
    return kb.label_of("substance", with_id) if kb.term("substance", with_id) else with_id


@sentence_check(INTERACTION, kinds=PROSE_AND_ALT_KINDS, needs=MENTION & has_lower(
    "fine", "safe", "ok", "all right", "alright", "harmless", "problem", "good", "no ", "can", "go ahead",
    "free", "won't", "will not", "not", "n't", "absor"))
def interaction(unit: "SentenceUnit") -> Iterator[Finding]:
    kb = unit.ctx.kb
    sentence = unit.sentence
    base, text = claim_text(unit)
    if kb is None:
        return
    safe = [m for m in _SAFE.finditer(text)] + [m for m in _NO_NEED.finditer(text)]
    denied = [m for m in _DENIED.finditer(text)]
    if not safe and not denied:
        return
    if not stated(unit) or _INTERACTION_WARNING.search(_NO_NEED.sub(" ", text)):
        return
    cues = [m for m in denied] + [m for m in safe
                                  if not negated_before(sentence, _first_word_index(sentence, sentence.start + m.start()))]
    if not cues:
        return
    drugs = products(sentence)
    others: list[tuple[tuple[str, object], int, int]] = []
    for m in sentence.mentions:
        if m.negated:
            continue
        if m.product is not None:
            others.append((("product", m.product), m.start, m.end))
        elif m.class_id is not None:
            others.append((("class", m.class_id), m.start, m.end))
    for term_id, first, last in lexicon_hits(sentence, kb, "substance"):
        others.append((("substance", term_id), sentence.tokens[first].start, sentence.tokens[last - 1].end))
    your = _YOUR_OWN.search(text)
    if your is not None and drugs:
        # "Rifampin won't affect your pill" under "## Birth control pills": the medicine the
        # section (or the page) is about.
        cid = section_class(unit) or unit.ctx.analysis(PAGE_CLASS, unit.doc)
        if cid is not None:
            at = sentence.start + base
            others.append((("class", cid), at + your.start(), at + your.end()))
    subject = None
    if not drugs:
        subject = about(unit)
    candidates = [(m.product, m.start, m.end) for m in drugs] or (
        [(subject, None, None)] if subject is not None else [])
    # A class named as the medicine taken ("alcohol while on a benzodiazepine").
    candidates += [(m.class_id, m.start, m.end) for m in sentence.mentions
                   if m.class_id is not None and not m.negated and m.product is None]
    general = _ANY_MEDICINES.search(text)
    if general is None and not any(o[0][0] in ("product", "class") for o in others
                                   if o[1] not in {c[1] for c in candidates}):
        general = _NO_INTERACTIONS.search(text)
    if general is not None and not quoted(sentence, sentence.start + base + general.start(),
                                          sentence.start + base + general.end()):
        g_start, g_end = sentence.start + base + general.start(), sentence.start + base + general.end()
        for product, p_start, p_end in candidates:
            if isinstance(product, str) or not any(
                    _same_part(text, sentence.start + base, min(g_start, p_start if p_start is not None else g_start),
                               max(g_end, p_end if p_end is not None else g_end), cue) for cue in cues):
                continue
            partners = _medicine_partners(kb, product)
            if len(partners) < 2:
                continue
            names = ", ".join(dict.fromkeys(_other_name(kb, item.with_id) for _, item in partners[:4]))
            name, item = partners[0]
            start = min(g_start, p_start) if p_start is not None else g_start
            end = max(g_end, p_end) if p_end is not None else g_end
            yield unit.finding(
                INTERACTION, start, end,
                message=f"{_cap(name)} interacts with other medicines, among them {names} "
                        f"({item.source}).")
            return
    for product, p_start, p_end in candidates:
        for other, o_start, o_end in others:
            if p_start is not None and o_start == p_start:
                continue
            if isinstance(product, str):
                found = class_interaction(kb, product, other)
            else:
                found = interaction_between(kb, product, other)
            if found is None:
                continue
            if quoted(sentence, o_start, o_end):
                continue
            # The pair and the words that call it safe are said together: not across a
            # semicolon or "unlike"/"but" ("... simvastatin; it is safe with pravastatin").
            first = min(o_start, p_start) if p_start is not None else o_start
            last = max(o_end, p_end) if p_end is not None else o_end
            if not any(_same_part(text, sentence.start + base, first, last, cue) for cue in cues):
                continue
            name, item = found
            if _HEAVY_ONLY.search(item.effect) and _MODERATE.search(text):
                continue   # the label warns of large amounts; the sentence speaks of a little
            start = min(o_start, p_start) if p_start is not None else o_start
            end = max(o_end, p_end) if p_end is not None else o_end
            effect = f": {item.effect}" if item.effect else ""
            yield unit.finding(
                INTERACTION, start, end,
                message=f"{_cap(name)} and {_other_name(kb, item.with_id)} interact{effect} "
                        f"({item.source}).")
            return


# --- how to take it ----------------------------------------------------------------------------

_PHRASES: dict[str, dict[str, list[tuple[str, tuple[str, ...]]]]] = {}


def _instruction_phrases(kb: "KnowledgeBase") -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """For each phrase's key word (its longest, usually rarest word), the (instruction id,
    phrase tokens) that hold it: a sentence without any key word is never read."""
    found = _PHRASES.get(kb.digest)
    if found is None:
        from ..medtext import phrase_key
        found = {}
        for term in kb.terms.get("instruction", {}).values():
            for phrase in term.words:
                # "cut the patch" is also "cut your patch", "cut a Duragesic patch": the
                # determiners are left out and the gap _match_phrase allows covers them.
                key = tuple(w for w in phrase_key(phrase) if w not in _DETERMINERS) or phrase_key(phrase)
                if key:
                    word = max(reversed(key), key=len)
                    found.setdefault(word, []).append((term.id, key))
        _PHRASES[kb.digest] = found
    return found


_DETERMINERS = frozenset({"the", "a", "an", "your", "my", "his", "her", "their", "our", "this", "that"})


def _match_phrase(sentence: "Sentence", i: int, key: tuple[str, ...]) -> int | None:
    """Match ``key`` from token i, allowing up to three words between its words ("with
    a cup of coffee" for "with coffee"); the index after the match, or None."""
    tokens = sentence.tokens
    k = i + 1
    for word in key[1:]:
        gap = 0
        while k < len(tokens) and tokens[k].norm != word:
            if gap >= 3 or not tokens[k].is_word:
                return None
            gap += 1
            k += 1
        if k >= len(tokens):
            return None
        k += 1
    return k


_ER_WORDS = re.compile(r"\b(?:(?i:extended[\s-]release|controlled[\s-]release|sustained[\s-]release|"
                       r"long[\s-]acting|slow[\s-]release|delayed[\s-]release|patch|patches)|ER|XR|XL|SR|CR|LA)\b")
# Extended-release said in words or letters (not a patch: some patches may be cut).
_RELEASE_WORDS = re.compile(r"\b(?:(?i:extended[\s-]release|controlled[\s-]release|sustained[\s-]release|"
                            r"slow[\s-]release|delayed[\s-]release|time[\s-]release|timed[\s-]release|"
                            r"enteric[\s-]coated)|ER|XR|XL|SR|CR)\b")
_ADMIN_WARNING = re.compile(r"\b(?:can\s+cause|may\s+cause|could\s+cause|cause[sd]?|risk\w*|danger\w*|"
                            r"serious|fatal|deadly|death|die|overdose|withdrawal|leads?\s+to|trigger\w*|harm\w*|injur\w*|"
                            r"too\s+much|side\s+effects?|absor\w*|less\s+effective|(?:whole|entire)\s+dose|dose\s+dumping|"
                            r"warn\w*|instead|rather|unless|ask|talk\s+to|check\s+with|rebound|"
                            r"dizzy|dizziness|faint\w*|lightheaded|cancer|leukemia|lymphoma)\b", re.I)
# "Taking it with breakfast helps it absorb better" claims a benefit: absorption talk is a
# warning ("heat increases how much is absorbed") only when it is not this.
_BETTER_ABSORBED = re.compile(r"\babsor\w*\s+(?:it\s+|them\s+)?better\b|\bbetter\s+absor\w*|"
                              r"\bfor\s+(?:the\s+)?(?:best|maximum|full|good|optimal|faster)\s+absor\w*|"
                              r"\b(?:helps?|improves?|boosts?|aids?)\s+(?:it\s+|them\s+|the\s+|your\s+)?absor\w*", re.I)
_TIME_WORDS = re.compile(r"\b(?:minutes?|hours?|until|first\s+food|after\s+(?:eating|breakfast))\b", re.I)
# Words that show the stopping is planned: a taper, a doctor's plan, or a short course
# (a few days of prednisone needs no taper).
_TAPER_WORDS = re.compile(r"\b(?:course|few\s+days|\d+\s+days|short[\s-]term|taper\w*|gradual\w*|slowly|slow|wean\w*|lower\w*|reduc\w*|cut\s+down|"
                          r"step\s+down|doctor|prescriber|provider|plan|psychiatrist|neurologist)\b", re.I)
_STOP_PERMISSION = re.compile(r"\b(?:can|may|could|fine\s+to|ok(?:ay)?\s+to|safe\s+to|free\s+to|go\s+ahead\s+and)"
                              r"\s+(?:simply\s+|just\s+|safely\s+|now\s+)?(?:skip\s+(?:or|and)\s+)?"
                              r"(?:stop|quit|discontinue|come\s+off|get\s+off)\b|"
                              r"\b(?:can|may|could)\s+(?:safely\s+|simply\s+|just\s+)?be\s+(?:stopped|discontinued)\b",
                              re.I)
# What follows "can stop" when the stopping is not of the medicine: "can stop (your)
# breathing", "may stop the bleeding", "could stop your heart".
_STOPS_SOMETHING_ELSE = re.compile(
    r"\s+(?:(?:your|my|their|his|her|a|an|the|someone's|a\s+person's)\s+)?(?!taking\b|using\b)(\w+ing)\b"
    r"|\s+(?:your|my|their|his|her|a|an|the|someone's|a\s+person's)\s+"
    r"(?!medicines?\b|medications?\b|pills?\b|tablets?\b|doses?\b|treatment\b|prescription\b|drugs?\b)(\w+)",
    re.I)
_PATCH = re.compile(r"\b(?:patch|patches|transdermal|lozenges?|lollipops?|buccal|Duragesic|Butrans|Actiq|Fentora|"
                    r"Abstral|Subsys|Exalgo)\b", re.I)


def _administration_for(kb: "KnowledgeBase", product: "Product | None", class_id: str | None,
                        instruction: str):
    """(whose, source, note) when the product (or class) carries the instruction."""
    if product is not None:
        for drug in drug_records(kb, product):
            for item in drug.administration:
                # "You can stop it whenever you like" said of a blood thinner: not a taper, but
                # stopping early without the prescriber (the boxed warning of the DOACs).
                if item.id == instruction or (instruction == "taper" and item.id == "no-early-stop"):
                    return drug.name, item.source, item.note, item.every_form
            if instruction == "taper" and kb.tapers(drug.name):
                if drug.taper is None:
                    # The class that says so, the medicine's main class first.
                    order = [c for direct in drug.classes for c in (direct, *sorted(kb.ancestors(direct)))]
                    for cid in order:
                        if kb.classes[cid].taper:
                            return drug.name, kb.classes[cid].source, "", False
                return drug.name, drug.source, "", False
    if class_id is not None and instruction == "taper":
        for cid in kb.ancestors(class_id):
            if kb.classes[cid].taper:
                return kb.classes[class_id].names[0] + "s", kb.classes[cid].source, "", False
    return None


def _instruction_hits(sentence: "Sentence", kb: "KnowledgeBase") -> list[tuple[str, int, int]]:
    phrases = _instruction_phrases(kb)
    candidates = [item for word in sentence.norm_set & phrases.keys() for item in phrases[word]]
    if not candidates:
        return []
    out = []
    tokens = sentence.tokens
    for instruction, key in candidates:
        for i, token in enumerate(tokens):
            if token.norm != key[0]:
                continue
            end = _match_phrase(sentence, i, key) if len(key) > 1 else i + 1
            if end is not None:
                out.append((instruction, i, end))
    # The candidates come from a set: ties are broken by the longer phrase, then the id,
    # so the message does not depend on the process's hash seed.
    out.sort(key=lambda hit: (hit[1], -hit[2], hit[0]))
    return out


def _applies(unit: "SentenceUnit", instruction: str, mention: "Mention | None", text: str,
             note: str, source: str, every_form: bool = False) -> bool:
    """Instruction-specific reading: which forms it is about and what else rules it out."""
    if instruction == "do-not-crush" and not every_form and mention is not None and mention.product is not None:
        named = mention.product.name
        # The label the instruction comes from names the extended-release brands ("Ambien CR"
        # names an extended-release form; "Ambien" alone is the plain tablet).
        release_brand = re.compile(rf"\b{re.escape(named)}\b(?!\s+(?:CR|XR|ER|XL|SR|LA)\b)", re.I)
        if not mention.product.is_brand or not release_brand.search(source):
            return bool(_ER_WORDS.search(text))
    if instruction == "opioid-tolerant-only":
        return bool(_PATCH.search(text)) or bool(_PATCH.search(note) and mention and mention.product
                                                 and mention.product.name.lower() in note.lower())
    if instruction == "stay-upright" and _TIME_WORDS.search(text):
        return False
    if instruction in ("rinse-mouth", "not-for-attacks"):
        # The inhaler is meant: named by a brand of the label, or said in the sentence (the
        # same medicine also comes as nose sprays, creams and capsules).
        named = mention is not None and mention.product is not None and mention.product.is_brand \
            and mention.product.name.lower() in (note + " " + source).lower()
        if not named and not _INHALER_WORDS.search(text):
            return False
        if instruction == "not-for-attacks" and mention is None and not _POINTER_START.match(text):
            return False   # "keep your rescue inhaler with you" names no medicine
    if instruction == "whole-patch" and not _PATCH.search(text):
        return False
    if instruction == "under-the-tongue" and _NOT_SUBLINGUAL.search(text):
        return False   # the patch, ointment and extended-release capsules are swallowed or applied
    if instruction == "outer-thigh-muscle" and not _AUTO_INJECTOR.search(text) and not (
            mention is not None and mention.product is not None and mention.product.is_brand):
        return False   # in hospital, epinephrine is also given into a vein
    if instruction == "max-duration" and not _USE_VERB.search(text):
        return False   # "a long-term treatment" describes; "can be used for months" advises
    if instruction == "max-duration" and re.search(r"\bOTC\b|without\s+a\s+doctor|over[\s-]the[\s-]counter",
                                                   note + " " + source) \
            and re.search(r"\bOTC\b|without\s+a\s+doctor", note) \
            and _RX_CONTEXT.search(text) and not _OTC_CONTEXT.search(text):
        return False   # a self-care limit; a doctor may prescribe it for longer
    return True


_NOT_SUBLINGUAL = re.compile(r"\b(?:patch(?:es)?|ointment|paste|capsules?|extended[\s-]release|sustained[\s-]release|"
                             r"ER|SR|Nitro-Dur|Minitran|Nitro-Bid|Rectiv|rectal\w*|isosorbide)\b", re.I)
_AUTO_INJECTOR = re.compile(r"\bauto[\s-]?injectors?\b|\bpens?\b|\binject\s+(?:yourself|your\s+child)\b|"
                            r"\b(?:allergy|allergic)\s+reactions?\b|\banaphyla\w*", re.I)
_INHALER_WORDS = re.compile(r"\b(?:inhal\w*|puffs?|asthma|COPD|attacks?|wheez\w*|breath\w*|rescue|relievers?|"
                            r"spacer|Diskus|Ellipta|HFA|Respimat|HandiHaler)\b", re.I)
_POINTER_START = re.compile(r"\s*(?:it|this\s+(?:medicine|medication|inhaler|drug))\b", re.I)
_USE_VERB = re.compile(r"\b(?:use|used|using|take|taken|taking|keep|continue|apply|applied|stay\s+on|"
                       r"can|fine|safe|okay|ok)\b[^.;]*\b(?:long[\s-]term|for|every|indefinitely|without)\b",
                       re.I)


# "Your medicine" on a page about a class of medicines is one of them.
_YOUR_MEDICINE = re.compile(r"\b(?:your|this|these|the)\s+(?:medicines?|medications?|pills?|tablets?|treatment)\b", re.I)
_STOP_VERBS = frozenset({"stop", "quit", "discontinue", "come", "get", "stopped", "discontinued"})
_NO_TAPER = re.compile(r"\b(?:no\s+need\s+to|without|don't\s+need\s+to|do\s+not\s+need\s+to|never\s+need\s+to|"
                       r"not\s+necessary\s+to)\s+(?:taper\w*|wean\w*|cut\s+down(?:\s+slowly)?|lower\w*\s+the\s+dose)",
                       re.I)


def _admin_words(unit: "SentenceUnit") -> bool:
    """A key word of a contradicting phrase of the vocabulary, or a verb of stopping."""
    kb = unit.ctx.kb
    if kb is None:
        return False
    words = unit.sentence.norm_set
    return not words.isdisjoint(_instruction_phrases(kb).keys()) or not words.isdisjoint(_STOP_VERBS)


@sentence_check(ADMINISTRATION, kinds=PROSE_AND_ALT_KINDS,
                needs=custom("a word that starts advice contradicting an instruction", _admin_words))
def administration(unit: "SentenceUnit") -> Iterator[Finding]:
    kb = unit.ctx.kb
    sentence = unit.sentence
    base, text = claim_text(unit)
    if kb is None:
        return
    hits = _instruction_hits(sentence, kb)
    if not hits and not _STOP_PERMISSION.search(text):
        return
    if not stated(unit) or _ADMIN_WARNING.search(_BETTER_ABSORBED.sub(" ", text)):
        return
    tapering = bool(_TAPER_WORDS.search(_NO_TAPER.sub(" ", text)))
    permission = _STOP_PERMISSION.search(text)
    other = _STOPS_SOMETHING_ELSE.match(text, permission.end()) if permission else None
    if other is not None:
        word_at = sentence.start + base + other.start(other.lastindex)
        if not any(m.start == word_at for m in sentence.mentions):   # "stop the lorazepam" is the medicine
            permission = None   # "can stop breathing", "can stop your breathing", "can stop working"
    if permission and not tapering:
        first = _first_word_index(sentence, sentence.start + permission.start())
        hits.append(("taper", first, _first_word_index(sentence, sentence.start + permission.end())))
    if not hits:
        return
    tokens = sentence.tokens
    named = [m for m in sentence.mentions if not m.negated and m.product is not None]
    named_or_class = [m for m in sentence.mentions if not m.negated]
    for instruction, first, last in hits:
        if instruction == "taper" and tapering:
            continue
        start, end = tokens[first].start, tokens[last - 1].end
        if negated_before(sentence, first) or conditional(sentence, first) \
                or quoted(sentence, start, end):
            continue
        mention = nearest(named_or_class if instruction == "taper" else named, start)
        product = mention.product if mention is not None else about(unit)
        class_id = mention.class_id if mention is not None else None
        if mention is None and product is None and instruction == "taper" and _YOUR_MEDICINE.search(text):
            class_id = unit.ctx.analysis(PAGE_CLASS, unit.doc)
        found = _administration_for(kb, product, class_id, instruction)
        if found is None and instruction == "do-not-crush" and mention is None \
                and _RELEASE_WORDS.search(text) and kb.term("instruction", instruction) is not None:
            # "You can crush extended-release tablets": any extended-release product
            term = kb.term("instruction", instruction)
            if term.source:
                yield unit.finding(
                    ADMINISTRATION, start, end,
                    message=f"Extended-release tablets and capsules: {term.label} ({term.source}).")
                return
        if found is None:
            continue
        whose, source, note, every_form = found
        if not _applies(unit, instruction, mention, text, note, source, every_form):
            continue
        label = kb.label_of("instruction", instruction)
        if instruction == "taper" and product is not None and not kb.tapers(whose) and any(
                item.id == "no-early-stop" for d in drug_records(kb, product) for item in d.administration):
            label = kb.label_of("instruction", "no-early-stop")
        extra = f" ({note})" if note else ""
        span_start = min(start, mention.start) if mention is not None else start
        span_end = max(end, mention.end) if mention is not None else end
        yield unit.finding(
            ADMINISTRATION, span_start, span_end,
            message=f"{_cap(whose)}: {label}{extra} ({source}).")
        return


CHECKS = (max_daily_dose, max_single_dose, age_limit, interaction, administration)
