"""Grammar, spelling and typography from a local LanguageTool server.

Every LanguageTool match becomes a finding whose rule id is ``lt.<LanguageTool rule
id>`` (``lt.MORFOLOGIK_RULE_EN_US``, ``lt.EN_A_VS_AN`` ...), at the exact source
position of the words (block offsets mapped with ``Block.source_span``), with
LanguageTool's own message and up to three of its suggestions.

Categories:
  spelling  the dictionary speller (MORFOLOGIK_*, HUNSPELL_*) and LanguageTool's TYPOS
            category (its/it's and similar apostrophe slips);
  style     issue types style, typographical, whitespace, register, locale-violation and
            the STYLE, TYPOGRAPHY, REDUNDANCY, PLAIN_ENGLISH categories;
  grammar   everything else (agreement, a/an, confused words, punctuation...).
Severity: spelling and grammar are warnings, style is info (override per rule id with
the ``severity`` configuration table).

Never flagged: words of the drug knowledge base and the rule packs (also put on the
server's word list), and the project's ``words``. LanguageTool rules that are noise
on patient copy are off by default (checker/grammar/defaults.py, each with its reason;
``languagetool.enabled_rules`` turns one back on). Sentence rules that do not fit
fragments (UPPERCASE_SENTENCE_START on "- headache") are skipped in headings, list
items, table cells and alt text, and kept for paragraphs.

Pages are checked only when the engine opened LanguageTool (``ctx.grammar``); when
it is off or failed, this family reports nothing and ``summary.grammar`` says why.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from ..grammar.defaults import FRAGMENT_ONLY_NOISE
from ..grammar.options import LANGUAGETOOL, WORDS

if TYPE_CHECKING:
    from ..grammar.client import LTMatch
from ..model import (BLOCKQUOTE, HEADING, LINK_TEXT, PARAGRAPH, Block, Document, Finding, RuleInfo,
                     finding_for)
from ..rules import Family, declare, page_check

PREFIX = "lt."
SPELLER = PREFIX + "MORFOLOGIK_RULE_EN_US"
UNKNOWN_WORD = PREFIX + "UNKNOWN_WORD"
COMPOUNDS = PREFIX + "COMPOUNDS"  # the compound-spelling rules as one selectable group
TAGS = ("languagetool",)  # examples need a running LanguageTool (tests/test_grammar.py)
_SOURCE = ("LanguageTool {version}, rule {rule} (https://community.languagetool.org/"
           "rule/show/{rule}?lang=en-US), run locally")
_SENTENCE_KINDS = {PARAGRAPH, BLOCKQUOTE}
_STYLE_ISSUES = {"style", "typographical", "whitespace", "register", "locale-violation"}
_STYLE_CATEGORIES = {"STYLE", "TYPOGRAPHY", "REDUNDANCY", "PLAIN_ENGLISH", "REPETITIONS_STYLE"}
_SEVERITY = {"spelling": "warning", "grammar": "warning", "style": "info"}


def _rule(lt_id: str, category: str, message: str, match: tuple[str, ...],
          no_match: tuple[str, ...], rationale: str) -> RuleInfo:
    """A LanguageTool rule medcheck documents: its id, source and severity follow from
    LanguageTool's id and the category."""
    return declare(PREFIX + lt_id, message, _SOURCE.format(version="6.8", rule=lt_id), match,
                   no_match, category=category, severity=_SEVERITY[category],
                   rationale=rationale, tags=TAGS, _depth=2)


# The LanguageTool rules medcheck documents and tests; any other LanguageTool rule is
# reported the same way under its own id (see rule_info()).
RULES: list[RuleInfo] = [
    _rule("MORFOLOGIK_RULE_EN_US", "spelling", "Possible spelling mistake.",
          ("Dizzyness is a common side effect.", "Keep the bottle away from chidlren."),
          ("Dizziness is a common side effect.",
           "Pregabalin (Lyrica) and gabapentin can cause dizziness.",
           "Ask before you take ibuprofen, naproxen or Tylenol."),
          "A misspelled word in patient instructions undermines trust and can hide a wrong "
          "word. Drug names from the knowledge base are accepted words."),
    declare(UNKNOWN_WORD, "A word neither the dictionary nor the medical word list knows, with "
            "no sign of a slip.",
            _SOURCE.format(version="6.8", rule="MORFOLOGIK_RULE_EN_US") + "; medcheck reports a "
            "word the speller flags as a misspelling only when it looks like a slip of a word "
            "the speller offers, and the rest under this rule",
            ("The cells make frataxin and septin proteins.",),
            ("The cells make proteins.", "The presense of blood was noted."),
            category="spelling", severity="info", default_on=False, tags=TAGS,
            rationale="On edited medical pages most words the speller does not know are rare "
            "terms (protein names, Latin and Greek forms, eponyms), each a letter or two from "
            "some other word: no sign of a slip. Off by default; the strict profile lists them, "
            "to review once and add to the project's `words`."),
    declare(COMPOUNDS, "LanguageTool's rules on writing a compound open, hyphenated or solid "
            "('x ray', 'hand washing', 'life threatening', '24 hour').",
            _SOURCE.format(version="6.8", rule="EN_COMPOUNDS_*") + "; the compound rules as one "
            "group (findings keep their own lt. ids)",
            ("Wash your hands before the x ray.",),
            ("Wash your hands before the X-ray.",),
            category="style", severity="info", default_on=False, tags=TAGS,
            rationale="Whether a compound is written open, hyphenated or solid is the publisher's "
            "style guide's choice ('x ray' and 'hand washing' are house styles of NIH "
            "institutes), and the rules cannot tell a noun or a predicate ('is life threatening', "
            "'problem solving') from an attributive compound, or a compound from two words "
            "('short hand bones'). Off by default; the strict profile, or this id, turns the "
            "group on, and one of its rules by its own id (`extend_select = "
            "[\"lt.EN_COMPOUNDS_X_RAY\"]`). A space left after a hyphen ('low- risk', "
            "lt.EN_SPLIT_WORDS_HYPHEN) is a typing slip and stays on."),
    _rule("EN_A_VS_AN", "grammar", "Use 'a' before a consonant sound and 'an' before a vowel sound.",
          ("Take an tablet every morning.",), ("Take a tablet every morning.", "Eat an apple."),
          "Article agreement is checked by its sound, not its letter."),
    _rule("HE_VERB_AGR", "grammar", "The verb does not agree with its subject.",
          ("She take her medicine at night.",), ("She takes her medicine at night.",),
          "Subject-verb agreement errors make instructions look careless."),
    _rule("IT_IS", "spelling", "'its' (possessive) where 'it's' (it is) is meant.",
          ("Your doctor will tell you if its safe.",),
          ("Your doctor will tell you if it's safe.", "The bottle has its own cap."),
          "A classic apostrophe slip; LanguageTool files it under typos."),
    _rule("COMMA_PARENTHESIS_WHITESPACE", "style", "Space before a comma or inside a parenthesis.",
          ("Call your doctor ,if you feel sick.",), ("Call your doctor if you feel sick.",),
          "Typography: a space in the wrong place around punctuation."),
    _rule("DOUBLE_PUNCTUATION", "style", "Two consecutive punctuation marks.",
          ("Do not drink alcohol.. It is dangerous.",), ("Do not drink alcohol. It is dangerous.",),
          "Typography: a doubled full stop is a slip."),
]
_KNOWN = {r.id: r for r in RULES}


def category_for(match: LTMatch) -> str:
    if _compound_rule(match):
        return "style"
    if match.rule_id.startswith(("MORFOLOGIK_RULE", "HUNSPELL_RULE")) or match.category == "TYPOS":
        return "spelling"
    if match.issue_type in _STYLE_ISSUES or match.category in _STYLE_CATEGORIES:
        return "style"
    return "grammar"


# Not a compound-style choice: a space left after a hyphen ("low- risk") is a slip.
_SPACING_NOT_STYLE = frozenset({"EN_SPLIT_WORDS_HYPHEN"})


def _compound_style(match: LTMatch) -> bool:
    """A compound rule whose advice is a house-style choice (the lt.COMPOUNDS group)."""
    return _compound_rule(match) and match.rule_id not in _SPACING_NOT_STYLE


def _compound_rule(match: LTMatch) -> bool:
    """LanguageTool's rules on writing a compound open, hyphenated or solid ('x ray',
    'well being', 'egg shells', '24 hour'), filed under several categories. Which form
    a publisher uses is its style guide's choice, and the rules cannot tell a noun or
    a predicate ('problem solving', 'is short acting') from an attributive compound:
    style advice (info), not a grammar error."""
    rule = match.rule_id
    return match.category == "COMPOUNDING" or rule.startswith("EN_COMPOUNDS") \
        or rule.endswith(("_COMPOUNDS", "_HYPHEN"))


def rule_info(rule_id: str, category: str = "grammar", version: str = "6.8") -> RuleInfo:
    """RuleInfo for any ``lt.*`` id (documented ones come from RULES)."""
    if rule_id in _KNOWN:
        return _KNOWN[rule_id]
    lt_id = rule_id[len(PREFIX):] if rule_id.startswith(PREFIX) else rule_id
    return RuleInfo(id=PREFIX + lt_id, category=category, severity=_SEVERITY.get(category, "warning"),
                    message=f"LanguageTool rule {lt_id}.",
                    source=_SOURCE.format(version=version, rule=lt_id),
                    pack="checker/checks/grammar.py", tags=TAGS)


def checked_blocks(doc: Document) -> list[Block]:
    """Blocks LanguageTool sees: all prose, except inline link text, which is already
    part of its paragraph's text (checking it twice would report its errors twice)."""
    return [b for b in doc.blocks
            if b.text.strip() and not (b.kind == LINK_TEXT and b.attrs.get("container"))]


def _accepted(word: str, accepted: frozenset[str] | set[str]) -> bool:
    """A listed word (session._accepted: lower case, abbreviations in capitals as
    written), in any case, as a regular plural ("neuropathies", "SNRIs", "Xanaxes") or
    a possessive ("Lyrica's", "NSAIDs'")."""
    from ..grammar.wordlist import accepted_form

    w = word.strip().strip(".,;:!?\"()[]").lstrip("'\u2018")
    if w and (accepted_form(w) in accepted or w.lower() in accepted):  # listed as written
        return True
    for mark in ("'s", "\u2019s", "'", "\u2019"):
        if w.endswith(mark):
            w = w[: -len(mark)]
            break
    if not w:
        return False
    candidates = [w]
    lower = w.lower()
    if lower.endswith("ies") and len(w) > 4:
        candidates.append(w[:-3] + ("Y" if w.isupper() else "y"))
    if lower.endswith(("ses", "xes", "zes", "ches", "shes")):
        candidates.append(w[:-2])
    # A bare "s" never follows a consonant and y ("neuropathys") or s, x, z, ch, sh.
    if lower.endswith("s") and not lower.endswith(("ss", "xs", "zs", "chs", "shs")) \
            and not (lower.endswith("ys") and len(lower) > 2 and lower[-3] not in "aeiou"):
        candidates.append(w[:-1])
    # A word listed in lower case is accepted in any case ("PREGABALIN" in a heading).
    return any(accepted_form(c) in accepted or c.lower() in accepted for c in candidates)


def _listed(word: str, accepted) -> bool:
    """The word itself is on the list (a suggestion "Tylenol", "SSRI")."""
    from ..grammar.wordlist import accepted_form
    return accepted_form(word) in accepted or word.lower() in accepted


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_REPEAT_RULES = {"ENGLISH_WORD_REPEAT_RULE", "PHRASE_REPETITION"}
_LAYOUT_GAP = re.compile(r"\s{3,}|\n")


_SPACING_CATEGORIES = {"TYPOGRAPHY", "PUNCTUATION"}


def _straddles_removed_text(block: Block, start: int, end: int) -> bool:
    """True when the source has non-prose content (a URL, inline code, an image) cut
    out of the text between the characters around the match: "at <URL>." reads as
    "at ." to LanguageTool, which then reports the space before the full stop."""
    lo, hi = max(0, start - 1), min(len(block.text) - 1, end)
    for k in range(lo, hi):
        if block.starts[k + 1] - block.starts[k] - block.widths.get(k, 1) >= 3:
            return True
    return False


def _noise(match: LTMatch, text: str, block: Block | None = None) -> bool:
    """Matches that are about the source layout, not the writing."""
    if block is not None and (match.issue_type in ("whitespace", "typographical")
                              or match.category in _SPACING_CATEGORIES) \
            and _straddles_removed_text(block, match.start, match.end):
        return True
    # A bare URL left in the text: LanguageTool reads its dots and slashes as prose.
    for url in _URL.finditer(text):
        if match.start <= url.end() + 1 and match.end >= url.start() - 1:
            return True
    # "Chemotherapy      Chemotherapy is a treatment...": a run-in heading followed by
    # the sentence that repeats it, flattened into one block by the source's layout;
    # a real slip ("the the") has a single space between the words.
    if match.rule_id in _REPEAT_RULES and _LAYOUT_GAP.search(text[match.start:match.end]):
        return True
    return False


# --- grammar rules that misread medical names -------------------------------------------------

# Words that may stand before a possessive noun ("the patients health", "a persons breath").
_DETERMINERS = frozenset("""the a an this that these those each every your his her their our my its
    one another any""".split())
_LETTER_NAME_RULES = {"A_NNS", "PRP_VB", "PRONOUN_NOUN", "PRP_VBZ", "PRP_VBG", "I_LOWERCASE", "A_INFINITIVE",
                      "A_RB_NN", "AN_AND", "A_NNS_AND"}
# Words after which "I" is the pronoun opening a clause ("when I ...", "so I ...").
_CLAUSE_OPENERS = frozenset("""when while because until unless before after where since once
    though although whenever wherever yesterday today tonight now then also still thus and
    but or nor so if that as""".split())
_EPONYM_NOUN = re.compile(r"^[A-Z][a-z]+(?:[-\s][A-Z][a-z]+)*\s+(?:disease|syndrome|sign|palsy)$")
_INITIAL_BEFORE = re.compile(r"(?:^|[\s(])[A-Z]\.\s+$")
_PREVIOUS_WORD = re.compile(r"([\w'’-]+)[ \t]+$")


def _misread(match: LTMatch, text: str) -> bool:
    """LanguageTool grammar rules that take a medical name or label for a grammar slip.

    - A missing possessive apostrophe is read into any plural before a noun ("the test
      measures cortisol", "the amino acids leucine and valine", "NCI's clinical trials
      database"); a possessive is missing only where a determiner stands before the plural
      ("the patients health", "a persons breath", "the mothers health").
    - A capital letter that is part of a name is read as the article or the pronoun:
      "Cathepsin A works with ...", "carbamoyl phosphate synthetase I deficiency",
      "factor I deficiency". Mid-sentence, the article is written "a"; the pronoun "I"
      does not follow a noun that names a protein, a factor or a type.
    - An eponym in its non-possessive form ("Huntington disease", "Down syndrome") is the
      form the AMA Manual of Style and NIH use, not a missing apostrophe; a possessive
      whose apostrophe was lost ("Crohns disease", "a doctors office") is still reported.
    - A full stop after a single capital is an initial ("E. coli", "H. pylori"): the word
      after it does not start a sentence."""
    rule = match.rule_id
    words = text[match.start:match.end]
    before = text[:match.start]
    previous = _PREVIOUS_WORD.search(before[-40:])
    if rule == "POSSESSIVE_APOSTROPHE":
        return previous is None or previous.group(1).lower() not in _DETERMINERS
    if rule in _LETTER_NAME_RULES and len(words) >= 2 and words[0] in "AI" and words[1] == " ":
        if previous is None or _SENTENCE_END.search(before):
            return False
        word = previous.group(1)
        if words[0] == "A":
            return True  # the article is "a" inside a sentence
        return word[:1].isalpha() and word.lower() not in _FUNCTION_WORDS \
            and word.lower() not in _CLAUSE_OPENERS and not word.lower().endswith("ly")
    if rule == "UPPERCASE_SENTENCE_START" and _INITIAL_BEFORE.search(before[-6:]):
        return True  # "Escherichia coli (E. coli)": the full stop ends an initial, not a sentence
    if rule == "SPECIFIC_POSSESSIVE_APOSTROPHE":
        return bool(_EPONYM_NOUN.match(words)) and not words.split()[0].endswith("s")
    return False


_SENTENCE_END = re.compile(r"[.!?:;]\s*$|^\s*$")


def _spelling_noise(word: str, block_text: str, start: int, suggestions: tuple[str, ...],
                    accepted: set[str] | frozenset[str]) -> bool:
    """Unknown words that are names, not misspellings. Medical copy is full of gene
    symbols, abbreviations and eponyms (HPO, eGFR, Bartter syndrome) that no dictionary
    lists; flagging them buried the real typos on professionally edited pages (measured
    on ../shared/corpus/medquad: see the README's grammar section)."""
    core = word.strip(".,;:!?\"'()[]")
    # A dosage or laboratory unit ("ng/ml", "mcg/kg", "mmol/L") is a symbol, not a word.
    if _in_unit(block_text, start, start + len(word)):
        return True
    # Abbreviations and gene/protein symbols: two or more capitals ("HPO", "eGFR", "AEDs").
    if sum(c.isupper() for c in core) >= 2:
        return True
    # The dictionary knows the word in another case: the medical terms list writes many
    # terms capitalised ("Leukocoria"), and a listed medical word is accepted in any case
    # (an abbreviation in capitals is the exception: "ssri" -> "SSRI" stays a finding, and
    # so does an everyday proper name: "english", "monday").
    if any(s.lower() == core.lower() and sum(c.isupper() for c in s) < 2 for s in suggestions):
        from ..grammar.wordlist import everyday
        if not everyday(core) and not _common_word(core):
            return True
    # A symbol written with a capital after small letters ("cblC", "mRNA") is a name.
    if any(a.islower() and b.isupper() for a, b in zip(core, core[1:])):
        return True
    # A foreign particle inside a name ("Cri du chat", "Torsade de pointes") or a prefix
    # with a suspended hyphen ("di- or quadriplegia") is not an English word to spell.
    if core.lower() in _PARTICLES or block_text[start + len(word):start + len(word) + 2] == "- ":
        return True
    if _after_particle(block_text, start):
        return True
    # A name before the kind of thing it names ("Roifman syndrome", "Kluver Bucy
    # syndrome", "Behet's disease") is an eponym the dictionary lacks.
    if _eponym(core, block_text, start + len(word), suggestions) \
            and not any(_listed(s, accepted) for s in suggestions):
        return True
    # A prefix joined to a word the speller knows ("upslanted" -> "up slanted",
    # "endplates" -> "end plates") is a compound written solid, not a slip.
    if _prefix_compound(core, suggestions):
        return True
    # A capitalized word inside a sentence is a proper name (an eponym, a place, a
    # brand) ... unless the speller's suggestion is a known name: "Tyelnol" -> "Tylenol".
    if core[:1].isupper() and not _SENTENCE_END.search(block_text[:start]):
        return not any(_listed(s, accepted) for s in suggestions)
    return False


# Units of dose, concentration and rate: each part of a slash-joined symbol is one of these.
_UNIT_PARTS = frozenset("""
    g mg mcg ug \u00b5g ng pg kg l ml dl ul \u00b5l cl mol mmol umol \u00b5mol nmol pmol eq meq
    iu miu u mu min h hr hrs d day wk m2 m\u00b2 cm mm mmhg cells dose kcal cal
    """.split())
_UNIT_TOKEN = re.compile(r"[^\s(),;:]+")


def _in_unit(text: str, start: int, end: int) -> bool:
    """The matched word is part of a slash-joined unit symbol ("250 ng/mL", "mcg/kg/min")."""
    for token in _UNIT_TOKEN.finditer(text):
        if token.start() <= start and end <= token.end():
            parts = token.group().rstrip(".").lower().split("/")
            return len(parts) >= 2 and all(
                re.sub(r"^[\d.]+", "", part) in _UNIT_PARTS for part in parts)
    return False


# Nouns an eponym names ("Kindler syndrome", "Babinski sign", "Whipple procedure").
_EPONYM_HEAD = re.compile(
    r"(?:['\u2019]s)?(?:[\s-]+[A-Z][\w'\u2019]*)*[\s-]+(?i:syndromes?|diseases?|disorders?|"
    r"anomal(?:y|ies)|signs?|tests?|procedures?|operations?|maneuvers?|manoeuvres?|reflex(?:es)?|"
    r"phenomen(?:on|a)|triads?|palsy|myopathy|dystrophy|dysplasia|an(?:a)?emia|ataxia|"
    r"neuropathy|tumou?rs?|lymphoma|sarcoma|fever|classification|scale|score|criteria|"
    r"method|technique|malformations?|deformity|fractures?|nodes?|cells?|type"
    r")(?:['\u2019]s?)?\b")


def _eponym(core: str, text: str, end: int, suggestions: tuple[str, ...]) -> bool:
    """A capitalised word (or one of a run of them) directly before 'syndrome', 'disease',
    'sign' ... is a name. A word no dictionary knows one edit from a common word is
    still a slip, even there ("Metabollic syndrome" -> "Metabolic")."""
    from wordfreq import zipf_frequency

    if not core[:1].isupper() or not _EPONYM_HEAD.match(text, end):
        return False
    if zipf_frequency(core, "en") >= 1.5:  # a surname wordfreq knows ("Kindler")
        return True
    return not _near_common_word(core, suggestions)


# Prefixes English and medicine write solid with the word they modify.
_PREFIXES = frozenset("""
    up down out over under end back cross self non pre post anti counter hypo hyper endo exo
    ecto micro macro intra inter extra sub super supra trans peri para pseudo poly mono multi
    semi hemi neuro cardio osteo myo re co de dis mis un
    """.split())
_FUNCTION_WORDS = frozenset("""
    a an the and or but nor of to in on at by for from with as is are was were be been it its
    this that these those which who can may will not no so if than then
    """.split())


def _prefix_compound(core: str, suggestions: tuple[str, ...]) -> bool:
    """The speller splits the word into a known prefix and a content word it knows,
    letter for letter ("upslanted" -> "up slanted"), and offers no common word one edit
    away: a solid compound. A split whose second part is a function word is words run
    together ("upthe"), and a near miss of a common word stays a slip."""
    lower = core.lower()
    split = any(len(parts) == 2 and "".join(parts) == lower and parts[0] in _PREFIXES
                and parts[1] not in _FUNCTION_WORDS and len(parts[1]) >= 4
                for parts in (suggestion.lower().replace("-", " ").split()
                              for suggestion in suggestions))
    return (split or _prefix_and_word(lower)) and not _near_common_word(core, suggestions)


def _prefix_and_word(lower: str) -> bool:
    """A prefix of three letters or more written solid with a word wordfreq knows well
    (Zipf 3: "hyper" + "elastic", "post" + "transplantation"), whether or not the speller
    offers the split: the compound is built, not misspelled."""
    from wordfreq import zipf_frequency
    return any(lower.startswith(prefix) and len(lower) - len(prefix) >= 5
               and zipf_frequency(lower[len(prefix):], "en") >= 3.0
               for prefix in _PREFIXES if len(prefix) >= 3)


def _near_common_word(word: str, suggestions: tuple[str, ...]) -> bool:
    """The speller offers a common one-word spelling ("metabolic" for "metabollic") one
    edit away: the word is a slip of it, whatever else it looks like."""
    lower = word.lower()
    return any(len(parts) == 1 and _edits(lower, parts[0]) <= 1 and _common_word(parts[0])
               for parts in (suggestion.lower().split() for suggestion in suggestions))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (small words; no library needed)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


_PARTICLES = frozenset("de du des la le les au aux di del della von van der".split())
_PARTICLE_BEFORE = re.compile(r"(?:^|[\s(])(?:de|du|des|la|le|les|au|aux|di|del|della|von|van|der)\s+$")


def _after_particle(text: str, start: int) -> bool:
    """The word follows a French, Italian, German or Dutch particle: part of a name
    in that language ("Torsade de pointes", "Cornelia de Lange")."""
    return bool(_PARTICLE_BEFORE.search(text[max(0, start - 8):start]))


def _slip(word: str, suggestions: tuple[str, ...], accepted=frozenset()) -> bool:
    """Does the word look like a slip of a word the speller offers? Evidence, in order:
    only its case is wrong ("english", "ssri"); words run together ("rectumthe" ->
    "rectum the"); a wrong plural ("agencys"); one letter added, left out, changed or
    swapped in the stem of the word ("descrease", "disssecans"), or at its ending when
    the word meant is an everyday one ("presense"). A rare term a letter from some other rare word at its ending ("septin" ->
    "septic", "retinoschisin" -> "retinoschisis", "Pseudoepiphyses" -> "-physis") or
    two edits from any word is another term, not a slip (lt.UNKNOWN_WORD). A name on
    the word list (a medicine of the knowledge base) is a word meant ("Advl" -> "Advil")."""
    core = word.strip(".,;:!?\"()[]").lstrip("'\u2018")
    lower = core.lower()
    for suggestion in suggestions:
        s = suggestion.strip()
        low = s.lower()
        if not s:
            continue
        if low == lower:
            return True
        if " " in low:
            if _run_together(lower, low):
                return True
            continue
        # A name or an abbreviation ("Fabio" for "facio", "CBC") is not the word meant.
        if any(c.isupper() for c in s[1:]) and not any(c.isupper() for c in core[1:]):
            continue
        if lower in (low + "s", low + "es"):
            # "studys", "agencys": the plural of a word in y is -ies; otherwise a regular
            # plural of a word the speller knows ("seminomas") is no slip.
            if lower.endswith("ys") and len(low) > 1 and low[-2] not in "aeiou":
                return True
            continue
        edit = _one_edit(lower, low)
        listed = _listed(s, accepted)
        known = listed or _long_or_known(lower, low)
        if edit is None or (edit[1] == 0 and edit[0] != "swap"):
            continue  # another first letter is another word ("pendrin" -> "endrin")
        if listed:
            return True  # a letter from a medicine of the word list: "naproxin", "Advl"
        if s[:1].isupper() and not core[:1].isupper():
            # A name offered for a word in lower case ("facio" -> "Fabio", "matrin" ->
            # "Martin"): a slip of it adds or drops a letter ("rhomberg" -> "Romberg").
            if edit[0] in ("ins", "del") and _in_stem(edit, lower) and known:
                return True
            continue
        if (_in_stem(edit, lower) and known) or _everyday_word(low):
            return True
    return False


_NAMING = r"\b(?:called|known\s+as|named|termed|referred\s+to\s+as)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}"
_PAGE_TERM_USES = 3


def _page_term(word: str, doc: Document) -> bool:
    """A word the page itself establishes as a term, used the same way three times or
    more: it names it ("a protein called cubilin", "known as an FMR1 gene premutation"),
    or it is a capitalised name in the page's title ("Bartter syndrome"). A writer who
    introduces a term and repeats it is not slipping on it; the speller's look-alike
    ("Cubicin", "permutation", "Batter") is another word. A misspelling the page repeats
    without naming it ("hypogammaglobulinema" in a title and the text) is still reported
    (a misspelled medicine name is also safety.misspelled-drug-name's to report)."""
    core = word.strip(".,;:!?\"'()[]\u2018\u2019")
    if len(core) < 4:
        return False
    text = doc.source
    escaped = re.escape(core)
    if len(re.findall(rf"(?<![\w-]){escaped}(?![\w-])", text, re.I)) < _PAGE_TERM_USES:
        return False
    if re.search(_NAMING + escaped + r"(?![\w-])", text, re.I):
        return True
    title = " ".join(filter(None, (doc.title, next((b.text for b in doc.blocks
                                                      if b.kind == HEADING and b.text), ""))))
    return core[:1].isupper() and re.search(rf"(?<![\w-]){escaped}(?![\w-])", title) is not None


def _long_or_known(word: str, meant: str) -> bool:
    """A short rare word is often a letter from some other rare word by chance ("facio"
    -> "Faco", "gyria" -> "gyri"); a slip is evidence only for a word of 8 letters or
    more, or when the word meant is one wordfreq knows (Zipf 3: "ligaments")."""
    from wordfreq import zipf_frequency
    return len(word) >= 8 or zipf_frequency(meant, "en") >= 3.0


def _everyday_word(word: str) -> bool:
    """Common enough (wordfreq Zipf 4 or more: 'presence', 'agency') that a rare word a
    letter from it at its ending is a slip of it, not another form of a term
    ('orphanet' -> 'orphaned' and 'conveyer' -> 'conveyor' are not)."""
    from wordfreq import zipf_frequency
    return zipf_frequency(word, "en") >= 4.0


def _run_together(word: str, split: str) -> bool:
    """The suggestion is the word split letter for letter, and a part is a common word
    ("dialysisthe" -> "dialysis the"). "X in" for a word in -in is a protein or chemical
    name ("septin" -> "sept in") unless X is itself very common ("resultsin")."""
    from wordfreq import zipf_frequency

    parts = split.split()
    if "".join(parts) != word:
        return False
    if len(parts) == 2 and min(len(p) for p in parts) == 1:
        # A letter split off ("gyria" -> "gyri a"): a slip only when the rest is a word
        # wordfreq knows ("pathologista" -> "pathologist a").
        return zipf_frequency(max(parts, key=len), "en") >= 2.0
    if parts[-1] == "in" and len(parts) == 2:
        return zipf_frequency(parts[0], "en") >= 4.5
    return any(zipf_frequency(part, "en") >= 5.0 for part in parts)


def _one_edit(a: str, b: str) -> tuple[str, int] | None:
    """How ``a`` differs from ``b`` by one edit: ("sub", i), ("swap", i) of i and i+1,
    ("del", i) a letter of ``a`` at i that ``b`` lacks, ("ins", i) a letter ``b`` has
    before a[i]; None when they differ by more (or not at all)."""
    if a == b:
        return None
    if len(a) == len(b):
        i = next(k for k in range(len(a)) if a[k] != b[k])
        if a[i + 1:] == b[i + 1:]:
            return ("sub", i)
        if i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]:
            return ("swap", i)
        return None
    if len(a) == len(b) + 1:
        for i in range(len(a)):
            if a[:i] + a[i + 1:] == b:
                return ("del", i)
        return None
    if len(b) == len(a) + 1:
        for i in range(len(b)):
            if b[:i] + b[i + 1:] == a:
                return ("ins", i)
    return None


def _in_stem(edit: tuple[str, int], word: str) -> bool:
    """The edit falls inside a part of the word (parts are split at hyphens), not at its
    first letter and not in its ending (the last letter, or a changed second-to-last):
    where a slip of the hand happens, rather than another form of a term."""
    kind, i = edit
    start = word.rfind("-", 0, i) + 1 if i > 0 else 0
    end = word.find("-", i)
    end = len(word) if end < 0 else end
    if kind == "sub":
        return start < i < end - 2
    if kind == "del":
        return i < end - 1
    if kind == "ins":
        return i < end
    return True  # two letters swapped ("teh")


def _common_word(word: str) -> bool:
    """Common in English text (wordfreq Zipf 3.5 or more): a name this common written in
    lower case is a slip ("american", "tuesday"), and so is a near miss of such a word."""
    from wordfreq import zipf_frequency
    return zipf_frequency(word, "en") >= 3.5


def _suggestions(replacements: tuple[str, ...], accepted) -> tuple[str, ...]:
    """Up to three of LanguageTool's suggestions, names from the knowledge base first
    ("Advl" -> "Advil" before "ADSL")."""
    ranked = sorted((r for r in replacements if r.strip()), key=lambda r: not _listed(r, accepted))
    return tuple(ranked[:3])


@page_check(*RULES)
def languagetool(doc: Document, ctx) -> Iterable[Finding]:
    handle = ctx.grammar
    if handle is None:
        return []
    blocks = checked_blocks(doc)
    if not blocks:
        return []
    # Imported here: every run declares this family's rules, few open a server.
    from ..grammar.client import GrammarFailure, check_texts
    try:
        results = check_texts(handle, [b.text for b in blocks])
    except GrammarFailure:
        return []  # recorded by the handle; summary.grammar will say "skipped: <reason>"
    accepted = set(handle.accepted_words)
    accepted.update(w.lower() for w in WORDS.value(ctx.config))
    findings: list[Finding] = []
    selection = getattr(ctx, "selection", None)
    compounds_on = selection is None or selection.enabled(_KNOWN[COMPOUNDS])
    for block, matches in zip(blocks, results):
        for m in matches:
            if block.kind not in _SENTENCE_KINDS and m.rule_id in FRAGMENT_ONLY_NOISE:
                continue
            if not compounds_on and _compound_style(m) and not selection.enabled_id(
                    PREFIX + m.rule_id, "style", False):
                continue  # house style: off by default (lt.COMPOUNDS)
            if _noise(m, block.text, block) or _misread(m, block.text):
                continue
            category = category_for(m)
            info = rule_info(PREFIX + m.rule_id, category, handle.version)
            if category == "spelling" and m.rule_id.startswith("MORFOLOGIK"):
                word = block.text[m.start:m.end]
                if _accepted(word, accepted) or _spelling_noise(word, block.text, m.start,
                                                                 m.replacements, accepted):
                    continue
                if not _slip(word, m.replacements, accepted) or _page_term(word, doc):
                    info = _KNOWN[UNKNOWN_WORD]
            elif category == "spelling" and _accepted(block.text[m.start:m.end], accepted):
                continue
            start, end = block.source_span(m.start, m.end)
            if info.id == UNKNOWN_WORD:
                message = (f"'{block.text[m.start:m.end]}' is in neither the dictionary nor the "
                           "medical word list and does not look like a slip: add it to the "
                           "project's `words` if it is right.")
            else:
                message = m.message or info.message
            data = {"languagetool": {"category": m.category, "issue_type": m.issue_type}}
            if _compound_style(m):
                data["group"] = COMPOUNDS
            findings.append(finding_for(
                info, start, end, message=message,
                suggestions=_suggestions(m.replacements, accepted), data=data))
    return findings


# Any LanguageTool rule is reported under its own ``lt.`` id, on unless configured off.
FAMILY = Family(name="grammar", rules=tuple(RULES), checks=(languagetool,), rule_prefix=PREFIX,
                options=(WORDS, LANGUAGETOOL))
check = FAMILY.check
