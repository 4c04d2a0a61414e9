"""Claims about what a medicine does and what it can do wrong.

- ``med.denied-risk``: a risk the medicine (or its class) carries is denied: "is not
  habit-forming", "cannot slow your breathing", "won't make you drowsy", "there is no
  risk of addiction", "has no effect on your liver", "non-drowsy". The risk words are
  the fact base's vocabulary (core.yml ``risks``); what a medicine carries is
  ``KnowledgeBase.risks_of`` (its own risks and its classes', less ``not_risks``).
- ``med.false-effect``: a medicine is said to do what it does not ("antibiotics cure
  colds", "levothyroxine helps you lose weight"): the effect words are core.yml
  ``effects``; what a medicine lacks is ``KnowledgeBase.lacks_effect``.

A denial is read as a *frame*: a negator ("not", "never", "no", "without", "free of",
"non-") and the words that tie it to the risk ("does not cause", "will not make you",
"carries no special warning about"), bound to the medicine before it ("Bupropion
cannot ...") or after it ("no risk of addiction with oxycodone", "addicted to it").
Only a small set of tying words is read through; anything else between the negator
and the risk ("is not cleared by the liver", "do not take it if you have kidney
disease") is another statement, and silent. Hedged, partial, comparative and
epistemic statements ("rarely causes", "most people do not become addicted", "not as
addictive as", "has not been shown to cause") are true or unprovable, and silent; so
are questions, myths, quotations and medicines the base knows no risk for.

``denied_spans`` gives the fair-balance check the risk words inside denials, so that
"it is not addictive" does not count as mentioning addiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ..context import PageAnalysis, RunIndex
from ..medtext import Mention, Sentence, find_mentions, phrase_key, tokenize
from ..model import HEADING, LIST_ITEM, PARAGRAPH, PROSE_AND_ALT_KINDS, PROSE_KINDS, TABLE_CELL
from ..rules import custom, rule_maker, sentence_check
from . import frames

if TYPE_CHECKING:
    from ..context import Context, RunContext
    from ..dispatch import SentenceUnit
    from ..knowledge import KnowledgeBase, Product
    from ..model import Document, Finding

_rule = rule_maker("medical-accuracy", severity="error")

DENIED_RISK = _rule(
    "med.denied-risk",
    "A risk the medicine or its class carries is denied.",
    "FDA-approved labeling (boxed warnings, Warnings and Precautions, Adverse Reactions) and "
    "MedlinePlus drug information; each medicine's and class's source is in rules/facts/*.yml",
    ("Bupropion cannot cause seizures.",
     "Ambien is not habit-forming, so you can take it every night.",
     "When taken exactly as prescribed, oxycodone cannot slow your breathing.",
     "Pregabalin will not make you drowsy.",
     "Quetiapine (Seroquel) does not cause weight gain.",
     "There is no risk of addiction with oxycodone.",
     "SSRIs carry no special warning about suicidal thoughts in teenagers.",
     "Ibuprofen has no effect on your kidneys.",
     "Tramadol is non-addictive.",
     "You cannot become addicted to hydrocodone if you follow the label.",
     "Oxycodone is a strong pain reliever. It can't slow your breathing.",
     "Naproxen has no effect on your stomach.",
     "Insulin will never make your blood sugar drop too low.",
     "Amiodarone does not affect the thyroid.",
     "Chlorhexidine rinse will not stain your teeth.",
     "Lisinopril is safe to keep taking if you become pregnant.",
     "Isotretinoin is safe in pregnancy as long as you take a low dose.",
     "Timolol eye drops cannot affect your heart.",
     'Say: "Sumatriptan cannot cause chest tightness."',
     "Valproate is safe to take while pregnant.",
     "Naproxen is free from any stomach bleeding risk.",
     "Zolpidem: no risk of sleepwalking.",
     "No, oxycodone is not addictive.",
     "Smoking is fine with the combined pill at any age.",
     "It is safe to smoke while you take Yaz.",
     "Codeine is safe for breastfeeding mothers.",
     "Montelukast has no serious side effects."),
    ("Bupropion can cause seizures, especially at high doses.",
     "Smoking is fine with the minipill.",
     "The combined pill is a good choice for non-smokers.",
     "Most people who take oxycodone as prescribed do not become addicted, but some do.",
     "Naloxone is not addictive.",
     "Acetaminophen does not cause stomach bleeding the way ibuprofen can.",
     "Tramadol is not as addictive as oxycodone, but it can still lead to addiction.",
     "Oxycodone is not without risk of addiction.",
     "Is zolpidem habit-forming?",
     "Myth: Ambien is not habit-forming.",
     "Do not drive until you know how pregabalin affects you.",
     "Do not take ibuprofen if you have kidney disease.",
     "Pregabalin rarely causes weight gain.",
     "Celecoxib is less likely to cause stomach ulcers than naproxen.",
     "Morphine has not been shown to cause birth defects.",
     "Ibuprofen is not cleared by the liver.",
     "Naproxen won't hurt your stomach.",
     "There is no risk to your liver from acetaminophen.",
     "Ibuprofen won't upset your stomach as long as you take it with food.",
     'Some websites say "sumatriptan cannot cause chest tightness", but it can.',
     "Codeine is not recommended while breastfeeding.",
     "Most people who take montelukast have no serious side effects."),
    rationale="A reader told that a medicine cannot do something stops watching for it: a "
              "person told oxycodone cannot slow breathing will not call for help when it does; "
              "one told Ambien is not habit-forming takes it for years. The finding names the "
              "risk and where the fact base has it from. Hedged statements ('rarely', 'most "
              "people', 'less likely'), comparisons ('not as addictive as'), statements of "
              "evidence ('has not been shown to') and risks the medicine truly lacks are left "
              "alone; 'cannot hurt/harm/damage your stomach' and 'no risk to your liver' are "
              "claims.no-harm's.",
    outranks=("med.opioids-not-addictive", "claims.no-harm"))

FALSE_EFFECT = _rule(
    "med.false-effect",
    "A medicine is said to do something it does not do.",
    "FDA-approved labeling (Indications and Usage, Limitations of Use), CDC and MedlinePlus; "
    "each medicine's and class's source is in rules/facts/*.yml",
    ("Antibiotics cure colds.",
     "Azithromycin will help you shake off the flu faster.",
     "Acetaminophen also reduces swelling, so it's a good pick for a sprained ankle.",
     "Tamiflu can also shorten an ordinary head cold.",
     "Ask your doctor for amoxicillin for your cold.",
     "If the cold lingers, ask for a course of amoxicillin to knock it out.",
     "Metformin cures type 2 diabetes.",
     "Rivaroxaban breaks up existing clots.",
     "Emergency contraception works as an abortion pill.",
     "## The combined pill\n\nThe pill also protects you from HIV.",
     "Clopidogrel breaks up blood clots in the heart.",
     "Acyclovir gets rid of herpes for good.",
     "Spironolactone lowers potassium levels.",
     "Fluoxetine starts working within a day or two.",
     "The flu shot contains live virus that can give you the flu."),
    ("Antibiotics do not work against colds or the flu.",
     "Antibiotics treat bacterial infections, not viral infections such as colds.",
     "Tamiflu treats the flu.",
     "Will antibiotics help my cold?",
     "Ibuprofen reduces pain and swelling.",
     "Antibiotics treat infections caused by bacteria, not viruses.",
     "If a cold turns into a sinus infection, your doctor may give you an antibiotic to treat it.",
     "Using antibiotics for colds leads to antibiotic resistance.",
     "Metformin does not cure diabetes, but it helps control blood sugar.",
     "Clopidogrel keeps new clots from forming; it does not break up clots you already have.",
     "Spironolactone can raise potassium.",
     "Fluoxetine can take 4 to 6 weeks to work.",
     "The nasal spray flu vaccine contains live virus."),
    rationale="A reader who believes a medicine works for something it does not uses it and "
              "goes without what would help: antibiotics for a cold, levothyroxine to lose "
              "weight, emergency contraception to end a pregnancy. Negated and questioned "
              "statements are left alone.",
    outranks=("med.acetaminophen-swelling",))

RULES = (DENIED_RISK, FALSE_EFFECT)


# --- words ------------------------------------------------------------------------------------

# Negators that deny what follows them.
_NOT = frozenset("""not never cannot can't won't don't doesn't didn't isn't aren't wasn't weren't
    shouldn't wouldn't couldn't hasn't haven't neither nor""".split())
_NO = frozenset({"no", "zero", "nil"})
# Words that deny a risk without negating ("safe for your kidneys").
_SOFT_MARKERS = frozenset({"safe"})
_MARKERS = _NOT | _NO | {"without", "free", "impossible"} | _SOFT_MARKERS
_COPULAS = frozenset("is are was were be being been isn't aren't wasn't weren't".split())
# Verbs (and adjectives after a copula) that tie a negator to the risk it denies.
_TIE = frozenset("""cause causes caused causing lead leads result results make makes making give
    gives raise raises raising increase increases increasing affect affects affecting hurt hurts
    harm harms harming damage damages damaging injure injures irritate irritates upset upsets
    slow slows depress depresses stop stops trigger triggers bring brings produce produces carry
    carries pose poses put puts impair impairs worsen worsens create creates induce induces
    provoke provokes weaken weakens bother bothers have has come comes boost boosts elevate during
    while
    elevates spike spikes become get feel be harmful toxic hard bad dangerous risky worry
    worried need needs mess leave leaves feeling develop""".split())
# Words read through between the negator and the risk ("no special warning about").
_GAP = frozenset("""you your the a an any risk risks chance chances danger dangers of for to in on
    with problems problem issues issue ability trouble increased higher high extra added its their
    them people anyone anybody body side effects effect serious special real up about at
    developing having getting boxed warning warnings link between way will can also even ever
    physical physically psychological psychologically
    lead result and or own concern concerns worries threat next-day daytime becoming being""".split())
# Words that make a denial partial, comparative, conditional or a statement of evidence.
_HEDGE = frozenset("""rarely seldom usually generally typically often always necessarily most many
    some all every everyone everybody likely unlikely less lesser much very only just merely
    commonly normally mostly known shown proven proved found evidence established demonstrated
    reported studied linked associated thought believed expected clear certain sure significant
    significantly clinically major big greatly strongly particularly especially longer yet enough
    too nearly quite same than unless except compared studies study research data trials trial
    probably appear appears seem seems tend tends guarantee considered generally may might could
    perhaps possibly almost hardly virtually practically""".split())
# After the risk, words that limit the denial ("in most people", "than aspirin").
_TAIL_HEDGE = frozenset("""most many some usually often rarely generally typically commonly normally
    mostly than unless except compared much like everyone everybody all rare rarely""".split())
_PERSON = frozenset("""people person persons adults adult children child kids teens teenagers
    patients patient those anyone someone women men woman man who whose whom babies infants
    users""".split())
_CONDITION = frozenset({"if", "whether", "unless", "until"})
_PASSING = frozenset({"unlike", "than", "instead", "except", "besides", "versus", "vs", "compared",
                      "not", "nor", "without", "avoid"})
_CLAUSE = frozenset({";", ":", "but", "however", "although", "though", "whereas", "while", "yet"})
_LINK_AFTER = frozenset("""to on with from of by when while taking using take use after a an the your
    if you this that""".split())
_POINTERS = frozenset({"it", "they", "this", "these", "them"})
_LIST = frozenset({",", "and", "or", "(", ")", "/", "plus", "with", "&"})
_AUX = frozenset("""does do did will would can could should may might must is are was were has have
    had doesn't don't didn't won't wouldn't can't cannot couldn't shouldn't isn't aren't""".split())
# A risk phrase that starts with a verb ("slow your breathing") carries its own tie.
_VERB_START = _TIE | frozenset("""bleed bleeds bruise gain put keep keeps suppress suppresses stop stunt stunts
    stops overdose od overdosing lower lowers change changes stain stains discolor""".split())
_NO_HARM_VERBS = frozenset("hurt hurts harm harms damage damages injure injures".split())
# Risks that come with what a person does: "non-smokers", "a smoke-free home" name people
# and places, they deny nothing.
_BEHAVIOURS = frozenset({"smoking-cardiovascular"})
# Words that permit, in "smoking is fine with the pill", "it is OK to smoke on it".
_PERMISSION = frozenset({"fine", "ok", "okay", "alright", "harmless", "allowed"})
_INTENSIFIERS = frozenset({"perfectly", "totally", "completely", "absolutely", "also", "still", "quite"})
_HARM_NOUNS = frozenset("risk risks danger dangers harm damage threat".split())
# Risks about what a medicine meets (alcohol, other products) or how it is given: other rules.
_NOT_DENIABLE = frozenset({"alcohol-sedatives", "hidden-acetaminophen", "injection-limit",
                           "injection-serious-events"})
# Risks that come with too much of the medicine: "at recommended doses" limits the denial.
_DOSE_RELATED = frozenset({"liver-damage", "overdose"})
_DOSE_WORDS = frozenset({"recommended", "directed", "normal", "usual", "correct", "right", "proper",
                         "label", "labeled", "labelled", "standard"})


# --- the vocabulary, as token sequences --------------------------------------------------------


@dataclass(frozen=True)
class Lex:
    """The vocabulary of one kind (risk, effect) as token tuples, longest first per start."""

    by_first: dict
    single: dict   # one-token phrase -> ids (for "non-drowsy", "addiction-free")


# Parts of the body (and of life) a risk harms: "won't hurt your stomach", "has no effect on
# mood", "poses no risk to an unborn baby". They name a risk only after a word of harm.
ORGANS: dict[str, "str | tuple[str, ...]"] = {
    "stomach": "stomach-bleeding", "stomach lining": "stomach-bleeding", "gut": "stomach-bleeding",
    "kidney": "kidney-harm", "kidneys": "kidney-harm", "liver": "liver-damage",
    "heart": ("heart-attack-stroke", "qt-prolongation", "bradycardia"), "heart rate": "bradycardia",
    "lungs": "bronchospasm", "airways": "bronchospasm", "tendons": "tendon-rupture", "tendon": "tendon-rupture",
    "joints": "tendon-rupture", "breathing": ("respiratory-depression", "bronchospasm"),
    "mood": "neuropsychiatric-events", "teeth": "tooth-staining", "eyes": "iris-darkening",
    "eye colour": "iris-darkening", "eye color": "iris-darkening", "behavior": "neuropsychiatric-events",
    "behaviour": "neuropsychiatric-events", "mental health": "neuropsychiatric-events",
    "unborn baby": "fetal-harm", "unborn babies": "fetal-harm", "unborn child": "fetal-harm",
    "developing baby": "fetal-harm", "fetus": "fetal-harm", "the baby": "fetal-harm",
    "your baby": "fetal-harm", "weight": "weight-gain", "muscles": "muscle-damage",
    "bones": ("bone-loss", "rebound-bone-loss"), "hearing": "hearing-loss", "memory": "memory-problems",
    "nerves": "peripheral-neuropathy", "pancreas": "pancreatitis", "sex drive": "sexual-side-effects",
    "sex life": "sexual-side-effects", "heart rhythm": "qt-prolongation", "heartbeat": "qt-prolongation",
    "thinking": "memory-problems", "alertness": "drowsiness", "sleep": "insomnia",
    "thyroid": ("hypothyroidism", "thyroid-tumors"), "thyroid gland": ("hypothyroidism", "thyroid-tumors"),
}
ORGAN = "organ:"   # an id prefix: the phrase is a body part, not a risk word
# Words of harm that make a body part a risk ("hurt your kidneys", "no effect on mood").
_HARM = frozenset("""affect affects affecting hurt hurts harm harms harming damage damages damaging
    effect effects impact risk risks danger harmful toxic hard bad injure injures irritate
    irritates upset upsets bother bothers problems problem threat dangerous weaken weakens thin
    thins""".split())


def _build_lex(run: "RunContext", kind: str) -> Lex:
    kb = run.kb
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    single: dict[str, tuple[str, ...]] = {}
    if kb is not None:
        for key, entries in kb.lexicon.items():
            ids = tuple(e.id for e in entries if e.kind == kind)
            if not ids:
                continue
            by_first.setdefault(key[0], []).append((key, ids))
            if len(key) == 1:
                single[key[0]] = ids
        if kind == "risk":
            known = {key for options in by_first.values() for key, _ in options}
            for word, risk_ids in ORGANS.items():
                key = phrase_key(word)
                ids = tuple(ORGAN + r for r in ((risk_ids,) if isinstance(risk_ids, str) else risk_ids)
                            if r in kb.terms.get("risk", {}))
                if key not in known and ids:
                    by_first.setdefault(key[0], []).append((key, ids))
        for options in by_first.values():
            options.sort(key=lambda item: -len(item[0]))
    return Lex(by_first=by_first, single=single)


RISK_LEX: RunIndex[Lex] = RunIndex("claims.risk-lexicon", lambda run: _build_lex(run, "risk"))
EFFECT_LEX: RunIndex[Lex] = RunIndex("claims.effect-lexicon", lambda run: _build_lex(run, "effect"))


@dataclass(frozen=True)
class Phrase:
    first: int      # tokens [first, last)
    last: int
    ids: tuple[str, ...]


def find_phrases(sentence: Sentence, lex: Lex) -> list[Phrase]:
    """The vocabulary's phrases in the sentence, longest at each position, no overlaps."""
    tokens = sentence.tokens
    out: list[Phrase] = []
    i, n = 0, len(tokens)
    while i < n:
        options = lex.by_first.get(tokens[i].norm)
        found = None
        if options:
            for key, ids in options:
                size = len(key)
                if i + size <= n and all(tokens[i + k].norm == key[k] for k in range(1, size)):
                    found = Phrase(i, i + size, ids)
                    break
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.last
    return out


def _compound(norm: str, lex: Lex) -> tuple[str, ...] | None:
    """'non-addictive', 'nondrowsy', 'addiction-free': the risk a single word denies."""
    for prefix in ("non-", "non"):
        if norm.startswith(prefix) and len(norm) > len(prefix) + 3:
            found = lex.single.get(norm[len(prefix):])
            if found:
                return found
    if norm.endswith("-free"):
        return lex.single.get(norm[:-5])
    return None


# --- the subject of a claim ---------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    product: "Product | None" = None
    class_id: str | None = None
    start: int = -1     # text offsets of the mention (-1: named elsewhere)
    end: int = -1


def _clause_start(sentence: Sentence, index: int) -> int:
    tokens = sentence.tokens
    for k in range(index - 1, -1, -1):
        if tokens[k].norm in _CLAUSE:
            return k + 1
    return 0


def _mention_before(sentence: Sentence, index: int) -> int | None:
    """The index in sentence.mentions of the last mention ending at or before token ``index``."""
    found = None
    for i, m in enumerate(sentence.mentions):
        if m.last <= index:
            found = i
        else:
            break
    return found


def _passing(sentence: Sentence, mention: Mention) -> bool:
    before = sentence.norms(max(0, mention.first - 3), mention.first)
    if "," in before:
        # "Unlike warfarin, apixaban ...": the fronted phrase is about warfarin, not apixaban
        before = before[len(before) - before[::-1].index(","):]
    return any(w in _PASSING for w in before) or "other" in before[-1:] and "than" in before


def _chain(sentence: Sentence, index: int) -> list[Mention]:
    """The mention and the ones listed with it ("ibuprofen and naproxen", "X (Brand)")."""
    mentions = sentence.mentions
    chain = [mentions[index]]
    k = index
    while k > 0:
        prev, cur = mentions[k - 1], mentions[k]
        between = sentence.norms(prev.last, cur.first)
        if not all(w in _LIST for w in between) or len(between) > 2 or _passing(sentence, prev):
            break   # ("Unlike warfarin, apixaban ...": warfarin is not listed with it)
        chain.insert(0, prev)
        k -= 1
    k = index
    while k + 1 < len(mentions):
        cur, nxt = mentions[k], mentions[k + 1]
        between = sentence.norms(cur.last, nxt.first)
        if between not in ((")",), ("(",), ()) and not (between and between[0] == "("):
            break
        chain.append(nxt)
        k += 1
    return chain


def _subjects_before(sentence: Sentence, marker: int, clause: int) -> list[Mention] | None:
    """The medicines a denial at token ``marker`` is said of, named before it in its clause.
    None: nothing usable (a blocker, or no mention); [] : the subject is not judged."""
    index = _mention_before(sentence, marker)
    mentions = sentence.mentions
    while index is not None and mentions[index].first >= clause:
        mention = mentions[index]
        if _passing(sentence, mention):
            index = index - 1 if index > 0 else None
            continue
        between = sentence.norms(mention.last, marker)
        if any(w in _PERSON or w in _CONDITION for w in between):
            return None
        if mention.negated:
            return []
        return _chain(sentence, index)
    return None


_REVERSED_LINK = _LINK_AFTER | frozenset({"side", "effect", "risk", "concern", "problem", "issue",
                                          "worry", "danger", "for", "in"})


def _subject_after(sentence: Sentence, last: int, links: frozenset[str] = _LINK_AFTER
                   ) -> list[Mention] | None:
    """'addicted to oxycodone', 'no risk of addiction with tramadol'."""
    for m in sentence.mentions:
        if m.first < last:
            continue
        between = sentence.norms(last, m.first)
        if len(between) <= 5 and all(w in links for w in between):
            return [] if m.negated else [m]
        return None
    return None


def _pointed(unit: "SentenceUnit", first: int, last: int) -> list[Subject]:
    """'It', 'they', 'this medicine' in tokens [first, last): what the sentence before, or the
    page, is about."""
    sentence = unit.sentence
    words = sentence.norms(first, last)
    generic = any(w in ("medicine", "medication", "drug", "pill", "pills", "tablet", "tablets")
                  and k > 0 and words[k - 1] in ("this", "the", "your", "these")
                  for k, w in enumerate(words))
    if not (generic or any(w in _POINTERS for w in words)):
        return []
    if any(w in ("pill", "pills") and k > 0 and words[k - 1] in ("the", "your") for k, w in enumerate(words)):
        # "The pill also protects you from HIV" under "## The combined pill": the class the
        # section is about, not the medicine the sentence before named
        from .dosing import section_class
        cid = section_class(unit)
        if cid is not None:
            return [Subject(None, cid)]
    previous = unit.previous
    if previous is None and unit.sentence.start == 0 and 0 < unit.index < len(unit.doc.blocks) \
            and unit.doc.blocks[unit.index] is unit.block:
        # the paragraph's first sentence: 'it' is what the paragraph before ended on
        before = unit.doc.blocks[unit.index - 1]
        if before.kind in PROSE_KINDS and before.text:
            found = unit.ctx.sentences(unit.doc, before)
            previous = found[-1] if found else None
    if previous is not None:
        for m in previous.mentions:
            if m.negated:
                continue
            if m.product is not None or m.class_id is not None:
                return [Subject(m.product, m.class_id)]
    product = unit.ctx.analysis(frames.PAGE_SUBJECT, unit.doc)
    return [Subject(product)] if product is not None else []


def _as_subjects(mentions: list[Mention]) -> list[Subject]:
    return [Subject(m.product, None if m.product is not None else m.class_id, m.start, m.end)
            for m in mentions if m.product is not None or m.class_id is not None]


# --- denials ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Denial:
    marker: int          # token index of the negator
    risk: Phrase
    start: int           # text offsets of the denial's words (negator .. risk)
    end: int


# Risks named by the people they fall on ("safe while pregnant", "safe for breastfeeding
# mothers"): "safe" before those words denies the risk, and "while" does not start a new
# clause before them.
_POPULATION_RISKS = frozenset({"fetal-harm", "breastfed-baby-harm"})
# Said of those people, these mean "safe" ("fine while you are nursing").
_POPULATION_OK = frozenset({"fine", "ok", "okay", "harmless"})

# Between "safe" and the pregnancy or breastfeeding words: how the medicine is used then.
_SAFE_IN_PREGNANCY = frozenset("""to take use keep continue go on start taking using continuing if when
    while once after you are become get 're even for during by""".split())


def _tied(sentence: Sentence, marker: int, phrase: Phrase, lex: Lex) -> bool:
    """Whether the tokens between the negator and the risk tie them: 'does not cause',
    'will not make you', 'no special warning about', 'is not' + adjective."""
    tokens = sentence.tokens
    norm = tokens[marker].norm
    if norm in _POPULATION_OK:
        norm = "safe"
    between = [t.norm for t in tokens[marker + 1:phrase.first]]
    if len(between) > 6:
        return False
    if norm == "free" and between[:1] == ["from"]:
        between = ["of"] + between[1:]   # "free from any stomach bleeding risk"
    if norm == "safe" and _POPULATION_RISKS & set(phrase.ids):
        # "safe to keep taking if you become pregnant", "safe to use when you are pregnant"
        between = [w for w in between if w not in _SAFE_IN_PREGNANCY]
    if norm == "safe":   # "safe to take during pregnancy"
        between = [w for w in between if w not in ("take", "use", "taking", "using")]
    if any(w not in _TIE and w not in _GAP and w not in _AUX for w in between):
        return False
    if any(w in _HEDGE for w in between):
        return False
    if norm == "safe":
        # "safe during pregnancy", "safe for your kidneys": no risk, said the other way round
        words = [w for w in between if w not in ("to", "take", "use", "your", "the", "an", "a")]
        words.append(tokens[phrase.first].norm)
        return (words[0] in ("during", "in", "while", "for", "on") and len(words) <= 2) or (
            bool(_POPULATION_RISKS & set(phrase.ids)) and len(words) == 1)
    if norm in _NOT:
        # "won't hurt your stomach", "can't damage your liver": claims.no-harm says every
        # medicine can harm; that rule owns "cannot hurt/harm/damage/injure".
        # "Topiramate will not harm an unborn baby" names a labelled risk of its own (the
        # fact base has fetal harm for the medicine): this rule's.
        verbs = [w for w in between if w not in ("ever", "possibly", "really", "be")]
        first = verbs[0] if verbs else tokens[phrase.first].norm
        if first in _NO_HARM_VERBS and "fetal-harm" not in phrase.ids:
            return False
    if norm in _NO and between[:1] and between[0] in _HARM_NOUNS and "to" in between \
            and " ".join(sentence.norms(phrase.first, phrase.last)) in ORGANS \
            and not {"fetal-harm", ORGAN + "fetal-harm"} & set(phrase.ids):
        # "no risk to your liver", "no danger to the kidneys": the noun form of "won't hurt
        # your liver", claims.no-harm's; "no risk to an unborn baby" stays here
        return False
    if phrase.ids[0].startswith(ORGAN):
        return any(w in _HARM for w in between)
    verb_risk = tokens[phrase.first].norm in _VERB_START
    tie = any(w in _TIE for w in between)
    if norm in _NO:
        return True
    if norm == "without":
        if between and between[0] in _TIE and not between[0].endswith("ing"):
            return False   # "without making", yes; "without cause", no
        return True
    if norm == "free":
        return bool(between) and between[0] in ("of", "from")
    if norm == "impossible":
        return bool(between) and between[0] == "to"
    copula = norm in _COPULAS or (marker > 0 and tokens[marker - 1].norm in _COPULAS)
    # a fragment ("Not habit-forming", in a list of benefits or a table cell)
    fragment = norm == "not" and not between and all(
        not t.is_word for t in tokens[:marker])
    return tie or verb_risk or copula or fragment


def find_denials(sentence: Sentence, lex: Lex) -> list[Denial]:
    """Denials of risks in the sentence, as written (whoever they are said of)."""
    tokens = sentence.tokens
    phrases = find_phrases(sentence, lex)
    out: list[Denial] = []
    for k, token in enumerate(tokens):
        ids = _compound(token.norm, lex) if token.norm.startswith("non") or token.norm.endswith("-free") \
            else None
        ids = tuple(i for i in ids or () if i not in _BEHAVIOURS)
        if ids:
            out.append(Denial(k, Phrase(k, k + 1, ids), token.start, token.end))
    for phrase in phrases:
        for marker in range(phrase.first - 1, max(-1, phrase.first - 9), -1):
            norm = tokens[marker].norm
            if norm in (".", "!", "?") or (norm in _CLAUSE and not (norm == "while" and _POPULATION_RISKS & set(phrase.ids))):
                break   # ("safe to take while pregnant": "while" is not a new clause there)
            if norm in _MARKERS or (norm in _POPULATION_OK and _POPULATION_RISKS & set(phrase.ids)):
                if _tied(sentence, marker, phrase, lex):
                    out.append(Denial(marker, phrase, tokens[marker].start, tokens[phrase.last - 1].end))
                break
    # Permission given where the label warns: "smoking is fine with the combined pill", "it
    # is safe to smoke while on the pill", "smokers are fine on it"; not a permission with its
    # limit ("fine with the pill only if you are under 35").
    limited = any(t.norm in _CONDITION or t.norm in ("only", "under", "younger", "below", "except")
                  for t in tokens)
    for phrase in ([] if limited else phrases):
        rest = sentence.norms(phrase.last, phrase.last + 4)
        k = 1 if rest[:1] and rest[0] in ("is", "are", "'s") else 0
        if k and rest[k:k + 1] and rest[k] in _INTENSIFIERS:
            k += 1
        if k and rest[k:k + 1] and rest[k] in _PERMISSION:
            marker = phrase.last + k
            out.append(Denial(marker, phrase, tokens[phrase.first].start, tokens[marker].end))
            continue
        before = sentence.norms(max(0, phrase.first - 3), phrase.first)
        if len(before) >= 2 and before[-1] == "to" and before[-2] in _PERMISSION | {"safe"} \
                or len(before) >= 3 and tuple(before[-2:]) == ("to", "keep") and before[-3] in _PERMISSION | {"safe"}:
            marker = phrase.first - (2 if before[-1] == "to" else 3)
            out.append(Denial(marker, phrase, tokens[marker].start, tokens[phrase.last - 1].end))
    # "drowsiness is not a side effect of pregabalin"
    for phrase in phrases:
        rest = sentence.norms(phrase.last, phrase.last + 3)
        if len(rest) >= 2 and ((rest[0] in ("is", "are") and rest[1] == "not") or rest[0] in ("isn't", "aren't")):
            marker = phrase.last + (1 if rest[0] in ("is", "are") else 0)
            words = sentence.norms(marker + 1, marker + 5)
            nouns = ("side", "risk", "concern", "problem", "issue", "worry", "danger")
            if any(w in nouns for w in words[:3]) and not any(w in _HEDGE or w == "possible" for w in words):
                out.append(Denial(marker, phrase, tokens[phrase.first].start, tokens[marker].end))
    return out


def _negations_before(sentence: Sentence, clause: int, marker: int) -> int:
    """Negators before the denial's own, back to where its clause (or coordinated
    predicate: ', and does not ...') starts."""
    tokens = sentence.tokens
    count = 0
    for k in range(marker - 1, clause - 1, -1):
        norm = tokens[k].norm
        if k == 0 and norm == "no" and len(tokens) > 1 and tokens[1].norm in (",", ";", "-", "\u2013", "\u2014"):
            continue   # "No, oxycodone is not addictive": the answer, not a second negation
        if norm in (",", "and", "or") and k + 1 < marker and tokens[k + 1].norm in _AUX | _NOT:
            break
        if (norm in _MARKERS or norm in frames.NEGATORS) and norm not in _SOFT_MARKERS:
            count += 1
    return count


_FRONTED_REASON = frozenset({"because", "since", "as", "given"})


def _hedged(sentence: Sentence, denial: Denial, clause: int) -> bool:
    tokens = sentence.tokens
    if clause < len(tokens) and tokens[clause].norm in _FRONTED_REASON:
        # "Because it is only a partial agonist, X can't cause an overdose": the fronted
        # reason's words do not hedge the claim after its comma.
        comma = next((k for k in range(clause, denial.marker) if tokens[k].norm == ","), None)
        if comma is not None:
            clause = comma + 1
    words = [t.norm for t in tokens[clause:denial.risk.first]]
    if any(w in _HEDGE for w in words):
        return True
    tail = []
    for t in tokens[denial.risk.last:denial.risk.last + 6]:
        if t.norm in _CLAUSE or t.norm in (".", ",", "so", "because"):
            break
        tail.append(t.norm)
    if any(w in _TAIL_HEDGE for w in tail):
        return True
    if ("provided" in tail or any(tail[k:k + 3] == ["as", "long", "as"] for k in range(len(tail)))) \
            and not _POPULATION_RISKS & set(denial.risk.ids):
        # "as long as you take it with food": a condition, not a plain denial (no condition
        # makes a medicine that harms an unborn baby safe in pregnancy)
        return True
    if set(denial.risk.ids) & _DOSE_RELATED and any(
            t.norm in _DOSE_WORDS for t in tokens[clause:]):
        return True
    return False


def _imperative(sentence: Sentence, marker: int, clause: int) -> bool:
    """'Do not drive ...', 'Never take ...', 'Please don't ...': advice, not a claim."""
    words = sentence.norms(clause, marker + 1)
    words = tuple(w for w in words if w not in ("please", "-", "*", "•", "and", ","))
    return words in (("do", "not"), ("don't",), ("never",)) or \
        (len(words) >= 1 and words[0] in ("do", "don't", "never") and marker - clause <= 1)


def _conditional(sentence: Sentence, marker: int, clause: int) -> bool:
    """'If pregabalin does not make you drowsy, you may drive': the denial is a condition."""
    for k in range(marker - 1, clause - 1, -1):
        norm = sentence.tokens[k].norm
        if norm == ",":
            return False
        if norm in _CONDITION:
            return True
    return False


@dataclass(frozen=True)
class Judged:
    denial: Denial
    subject: Subject
    risk_id: str


def _carries(kb: "KnowledgeBase", subject: Subject) -> frozenset[str]:
    if subject.product is not None:
        return kb.risks_of(subject.product) if kb.is_known(subject.product) else frozenset()
    if subject.class_id is not None:
        return kb.class_risks(subject.class_id)
    return frozenset()


def _table_context(unit: "SentenceUnit") -> tuple["Product | None", str]:
    """For a table cell: the medicine named in an earlier cell of its row, and its
    column's header (the parsers give each cell its table, row and column)."""
    me = unit.block
    table, row_no, column = me.attrs.get("table"), me.attrs.get("row"), me.attrs.get("column")
    blocks = unit.doc.blocks
    index = unit.index
    if table is None or row_no is None or not (0 <= index < len(blocks)) or blocks[index] is not me:
        return None, ""
    row: list = []
    header = ""
    j = index - 1
    while j >= 0 and blocks[j].kind == TABLE_CELL and blocks[j].attrs.get("table") == table:
        cell = blocks[j]
        if cell.attrs.get("row") == row_no:
            row.insert(0, cell)
        elif cell.attrs.get("header") and cell.attrs.get("column") == column and not header:
            header = cell.text
        j -= 1
    for cell in row:
        for m in find_mentions(tokenize(cell.text), unit.ctx.kb):
            if m.product is not None:
                return m.product, header
    return None, header


_MYTH_HEADER = frozenset({"myth", "myths", "false", "wrong", "misconception", "misconceptions",
                          "claim", "claims", "belief", "beliefs"})
_NO_CELL = frozenset({"no", "none", "never", "no risk", "not habit-forming",
                      "not addictive", "non-addictive", "non-drowsy"})


def _table_denial(unit: "SentenceUnit", lex: Lex, product: "Product | None", header: str) -> list[Judged]:
    """A 'No' under a column headed with a risk ('Habit-forming?', 'Causes drowsiness'):
    the row's medicine is said not to carry it."""
    kb = unit.ctx.kb
    cell = unit.text.strip().rstrip(".").lower()
    if product is None or cell not in _NO_CELL or not header:
        return []
    tokens = tokenize(header)
    norms = [t.norm for t in tokens]
    if any(w in _NOT or w in _NO or w in _HEDGE for w in norms):
        return []
    carried = _carries(kb, Subject(product))
    for k in range(len(norms)):
        for key, ids in lex.by_first.get(norms[k], ()):
            if tuple(norms[k:k + len(key)]) != key:
                continue
            hit = next((r for r in ids if r in carried and r not in _NOT_DENIABLE), None)
            if hit is not None:
                start = unit.sentence.start + (len(unit.text) - len(unit.text.lstrip()))
                denial = Denial(0, Phrase(0, 1, ids), start, start + len(unit.text.strip()))
                return [Judged(denial, Subject(product), hit)]
    return []


def judged_denials(unit: "SentenceUnit") -> list[Judged]:
    """The sentence's denials of risks the base says its medicine carries."""
    found = unit.memo.get("risks.judged")
    if found is not None:
        return found
    found = unit.memo["risks.judged"] = []
    kb = unit.ctx.kb
    sentence = unit.sentence
    if kb is None or frames.not_a_statement(unit):
        return found
    lex = unit.ctx.run.index(RISK_LEX)
    row_product = None
    if unit.block.kind == TABLE_CELL:
        row_product, header = _table_context(unit)
        if _MYTH_HEADER & {t.norm for t in tokenize(header)}:
            return found   # a Myth column states what the page refutes
        found.extend(_table_denial(unit, lex, row_product, header))
    for denial in find_denials(sentence, lex):
        if frames.in_quotes(sentence, denial.start, denial.end):
            continue
        clause = _clause_start(sentence, denial.marker)
        if _imperative(sentence, denial.marker, clause) or _conditional(sentence, denial.marker, clause):
            continue
        if _negations_before(sentence, clause, denial.marker) % 2:
            continue   # "not without risk", "no opioid is free of ..."
        if _hedged(sentence, denial, clause):
            continue
        subjects = _subjects_before(sentence, min(denial.marker, denial.risk.first), clause)
        if subjects is None:
            subjects = _subject_after(sentence, denial.risk.last)
        if subjects is None and denial.marker > denial.risk.first:
            # "drowsiness is not a side effect of pregabalin"
            subjects = _subject_after(sentence, denial.marker + 1, _REVERSED_LINK)
        if subjects is None and clause >= 2 and sentence.tokens[clause - 1].norm == ":":
            # "Zolpidem: no risk of sleepwalking": the name the label line opens with
            label = sentence.mention_ending_at(clause - 1)
            if label is not None and label.first == 0 and not label.negated:
                subjects = [label]
        if subjects is None:
            judged = _pointed(unit, clause, denial.risk.last)
            if not judged and not sentence.mentions:
                if row_product is not None:
                    judged = [Subject(row_product)]
                elif all(not t.is_word for t in sentence.tokens[:denial.marker]):
                    # "- Not habit-forming" under "Benefits of lorazepam:", or on a page
                    # about a medicine: said of it
                    lead = _list_lead_product(unit)
                    page = lead if lead is not None else unit.ctx.analysis(frames.PAGE_SUBJECT, unit.doc)
                    judged = [Subject(page)] if page is not None else []
        else:
            judged = _as_subjects(subjects)
        for subject in judged:
            carried = _carries(kb, subject)
            ids = [r[len(ORGAN):] if r.startswith(ORGAN) else r for r in denial.risk.ids]
            hit = next((r for r in ids if r in carried and r not in _NOT_DENIABLE), None)
            if hit is not None:
                found.append(Judged(denial, subject, hit))
                break
    return found


# A lead-in that turns to other medicines than the one it names.
_LEAD_TURNS = frozenset({"alternatives", "alternative", "instead", "switching", "stopping", "unlike", "than",
                         "versus", "vs", "compared", "without", "besides"})


def _list_lead_product(unit: "SentenceUnit") -> "Product | None":
    """For a list item, the one medicine its lead-in paragraph names ("Benefits of
    lorazepam:"), if the lead-in names exactly one and does not turn away from it."""
    if unit.block.kind != LIST_ITEM or unit.sentence.start != 0:
        return None
    k = unit.index - 1
    while k >= 0 and unit.doc.blocks[k].kind == LIST_ITEM:
        k -= 1
    if k < 0 or unit.doc.blocks[k].kind not in (PARAGRAPH, HEADING):
        return None
    found = unit.ctx.sentences(unit.doc, unit.doc.blocks[k])
    if not found or not found[-1].text[:found[-1].end].rstrip().endswith(":"):
        return None
    lead = found[-1]
    named = {m.product.generics: m.product for m in lead.mentions if m.product is not None}
    if len(named) != 1 or any(m.is_class for m in lead.mentions) or not _LEAD_TURNS.isdisjoint(lead.norm_set) \
            or not frames.NEGATORS.isdisjoint(lead.norm_set):
        return None
    return next(iter(named.values()))


def _holder_source(kb: "KnowledgeBase", subject: Subject, field: str, fact_id: str,
                   first_drug_answers: bool = False) -> str:
    """The source of the record that holds ``fact_id`` in ``field`` ("risks",
    "not_effects") for the subject: its medicine, else the medicine's classes and the
    classes above them, else the subject class and those above it. With
    ``first_drug_answers``, the first medicine the base knows answers with its own source
    when neither it nor its classes hold the fact."""
    if subject.product is not None:
        for generic in subject.product.generics:
            drug = kb.drugs.get(generic)
            if drug is None:
                continue
            if fact_id in getattr(drug, field):
                return drug.source
            for cid in drug.classes:
                for above in sorted(kb.ancestors(cid)):
                    if fact_id in getattr(kb.classes[above], field):
                        return kb.classes[above].source
            if first_drug_answers:
                return drug.source
    if subject.class_id is not None:
        for above in sorted(kb.ancestors(subject.class_id)):
            if fact_id in getattr(kb.classes[above], field):
                return kb.classes[above].source
    return ""


def _risk_source(kb: "KnowledgeBase", subject: Subject, risk_id: str) -> str:
    term = kb.term("risk", risk_id)
    if term is not None and term.source:
        return term.source
    return _holder_source(kb, subject, "risks", risk_id, first_drug_answers=True)


def _name(unit: "SentenceUnit", subject: Subject) -> tuple[str, bool]:
    """How to name the subject in a message, and whether the name is plural."""
    if subject.product is not None:
        name = subject.product.label()
        return name[0].upper() + name[1:], False
    if subject.start >= 0:
        name = unit.block.text[subject.start:subject.end]
    else:
        cls = unit.ctx.kb.classes.get(subject.class_id or "")
        name = cls.short + "s" if cls else "These medicines"
    return name[0].upper() + name[1:], name.lower().endswith("s")


_DENIAL_NORMS = _MARKERS | frames.NEGATORS | _PERMISSION | _POPULATION_OK


def _has_denial_word(unit: "SentenceUnit") -> bool:
    norms = unit.sentence.norm_set
    if not _DENIAL_NORMS.isdisjoint(norms):
        return True
    # Each word's norm is part of the lower-cased sentence, so a sentence without
    # "non" or "-free" has no such word: most sentences are passed without a look at
    # each of their words.
    lower = unit.lower
    if "non" not in lower and "-free" not in lower:
        return False
    return any((w.startswith("non") and len(w) > 6) or w.endswith("-free") for w in norms)


@sentence_check(DENIED_RISK, kinds=PROSE_AND_ALT_KINDS,
                needs=custom("a negator, 'without', 'free', or a 'non-'/'-free' word", _has_denial_word))
def denied_risk(unit: "SentenceUnit") -> Iterator["Finding"]:
    kb = unit.ctx.kb
    for judged in judged_denials(unit):
        label = kb.label_of("risk", judged.risk_id)
        name, _ = _name(unit, judged.subject)
        source = _risk_source(kb, judged.subject, judged.risk_id)
        yield unit.finding(DENIED_RISK, judged.denial.start, judged.denial.end,
                           message=f"{name} can cause {label}: a real risk, not to be denied"
                                   + (f" (source: {source})" if source else "") + ".",
                           suggestions=())


# --- for fair balance: the risk words a denial takes back ---------------------------------------


def _denied_spans(doc: "Document", ctx: "Context") -> dict[int, list[tuple[int, int]]]:
    """For each prose block (by id), text offsets of the risk words inside denials
    ("is not addictive", "won't make you drowsy"), whoever the denial is said of."""
    out: dict[int, list[tuple[int, int]]] = {}
    if ctx.kb is None or ctx.run is None:
        return out
    lex = ctx.run.index(RISK_LEX)
    for block in doc.blocks:
        if block.kind not in PROSE_KINDS or not block.text:
            continue
        for sentence in ctx.sentences(doc, block):
            norms = sentence.norm_set
            if _DENIAL_NORMS.isdisjoint(norms) and not any(
                    w.startswith("non") or w.endswith("-free") for w in norms):
                continue
            for denial in find_denials(sentence, lex):
                clause = _clause_start(sentence, denial.marker)
                if _imperative(sentence, denial.marker, clause) or \
                        _negations_before(sentence, clause, denial.marker) % 2:
                    continue
                first, last = sentence.tokens[denial.risk.first], sentence.tokens[denial.risk.last - 1]
                out.setdefault(id(block), []).append((first.start, last.end))
    return out


DENIED_SPANS: PageAnalysis[dict[int, list[tuple[int, int]]]] = PageAnalysis("claims.denied-spans", _denied_spans)


# A benefit names a harm the medicine keeps away: "lowers the risk of a second stroke",
# "helps prevent blood clots", "protects against heart attack". The harm named is what is
# avoided, so it is no mention of that harm as a risk. The named harm runs to the end of
# its clause: a contrast ("but", "while") or a new verb ("and can cause") starts another.
_BENEFIT = re.compile(
    r"\b(?:(?:lower|reduc|cut|decreas|lessen|minimi[sz]|prevent)\w*\s+(?:your\s+|the\s+|a\s+|one's\s+)?"
    r"(?:overall\s+)?(?:risks?|chances?|odds|likelihood)\s+(?:of|for)"
    r"|(?:help\w*\s+(?:to\s+)?)?prevent(?:s|ed|ing)?(?!\s+(?:you|them|it|him|her|us|me)\b)"
    r"|protect\w*\s+(?:you\s+|people\s+|patients\s+|them\s+|the\s+\w+\s+)?(?:against|from))"
    r"\s+(?P<harm>(?:(?!\b(?:but|while|although|though|yet|however|whereas|which|unless|except)\b"
    r"|\band\s+(?:can|may|might|could|will|also|it|they|is|are|raises?|increases?|causes?)\b)[^.;:,()!?])+)",
    re.I)


# Advice on keeping a harm away is a warning of it: "take it with food to lower the risk of
# stomach bleeding", "you can reduce the chance of a fall by ...", "taking them only as
# prescribed helps prevent addiction" (a way of taking it, not what the medicine does).
_PRECAUTION_BEFORE = re.compile(r"(?:\bto\s+(?:help\s+)?|\byou\s+(?:\w+\s+)?|\bways?\s+)$", re.I)
_PRECAUTION_CLAUSE = re.compile(r"^\W*(?:not\s+|only\s+|never\s+)?(?!during\b|nothing\b|something\b)[a-z]+ing\b"
                                r"|\bas\s+(?:prescribed|directed)\b|\bwith\s+(?:food|a\s+meal|meals|milk)\b"
                                r"|\b(?:smallest|lowest)\s+dose\b", re.I)


def _clause_before(text: str, at: int) -> str:
    """The words of the sentence and clause the benefit stands in, up to it."""
    start = max(text.rfind(c, 0, at) for c in ".;:!?")
    return text[start + 1:at]


def _benefit_spans(text: str) -> list[tuple[int, int]]:
    lower = text.lower()
    if not any(w in lower for w in ("risk", "prevent", "protect", "chance", "odds", "likelihood")):
        return []
    return [m.span("harm") for m in _BENEFIT.finditer(text)
            if not _PRECAUTION_BEFORE.search(text, max(0, m.start() - 20), m.start())
            and not _PRECAUTION_CLAUSE.search(_clause_before(text, m.start()))]


def text_without_denials(doc: "Document", ctx: "Context", block) -> str:
    """The block's text with the risk words inside denials and benefits blanked out: what
    the page really says about risks ("it is not addictive" does not mention addiction,
    "aspirin lowers the risk of a second stroke" does not mention stroke as a risk)."""
    text = block.text
    spans = list(ctx.analysis(DENIED_SPANS, doc).get(id(block), ())) + _benefit_spans(text)
    if not spans:
        return text
    parts, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        parts.append(text[at:start])
        parts.append(" " * (end - start))
        at = end
    parts.append(text[at:])
    return "".join(parts)


# --- false effects ------------------------------------------------------------------------------

_EFFECT_VERBS = frozenset("""treat treats treated treating cure cures cured curing heal heals fight
    fights kill kills clear clears help helps helping work works relieve relieves reduce reduces
    ease eases lower lowers increase increases boost boosts raise raises improve improves enhance
    enhances shorten shortens prevent prevents end ends terminate terminates replace replaces
    dissolve dissolves thin thins protect protects knock knocks shake beat beats calm calms control
    controls manage manages burn burns speed speeds stop stops against eliminate eliminates
    tackle tackles combat combats banish is are used get gets getting reverse reverses break breaks""".split())
_EFFECT_GAP = frozenset("""you your the a an with of it them to people shake off get rid knock out
    faster quickly ordinary symptoms also even help helps really can will may might could would
    should for on up down bad nasty common lingering that this stubborn get over recover from
    feel better sooner bring brings down good great best effective way ways option choice
    treatment remedy helpful useful medicine medicines medication medications drug drugs pill
    pills recovery days as well temperature temperatures child's baby's kid's toddler's son's daughter's""".split())
# "... when your child has a cold": the illness is had by a person, and the claim's verb is
# in the clause before ("Antibiotics will bring a temperature down faster when ...").
_HAS_ILLNESS = frozenset("has have had gets get got catches catch caught".split())
_WHEN = frozenset("when if while whenever during".split())
_HOLDERS = frozenset("""you your child children kid kids baby babies toddler toddlers he she they someone
    anyone people son daughter little one ones""".split())
_EFFECT_STOP = frozenset("""not no never n't cannot can't won't don't doesn't isn't aren't didn't
    without rather instead nor neither rarely seldom hardly little barely caused cause causes after before because
    that which who when if unless than but while whereas""".split())
_TOPIC_GERUNDS = frozenset({"using", "taking", "prescribing", "giving", "overusing", "misusing",
                            "use", "overuse", "misuse"})
# Illness words: in "give you an antibiotic to treat it", "it" is the nearest of them.
_ILLNESS = frozenset("""infection infections illness disease condition sinusitis pneumonia bronchitis
    cold colds flu virus fever""".split())
# Verbs an effect's own words may open with ("causes the flu", "contains live virus",
# "gives you shingles", "made from live virus"): the phrase carries its verb.
_PHRASE_VERBS = frozenset("""cause causes caused contain contains contained give gives gave made
    uses infect infects has start starts started kick kicks feel deplete depletes drain drains flush
    flushes make makes""".split())
# Effects other medical rules own.
_OTHER_RULES = frozenset({"widen-spinal-canal"})


@dataclass(frozen=True)
class Effect:
    phrase: Phrase
    subject: Subject
    effect_id: str
    start: int
    end: int


def _lacks(kb: "KnowledgeBase", subject: Subject) -> frozenset[str]:
    if subject.product is not None:
        return kb.lacks_effect(subject.product)
    if subject.class_id is not None:
        return kb.class_lacks_effect(subject.class_id)
    return frozenset()


def _effect_subject(unit: "SentenceUnit", verb: int, clause: int) -> list[Subject]:
    sentence = unit.sentence
    index = _mention_before(sentence, verb)
    mentions = sentence.mentions
    while index is not None and mentions[index].first >= clause:
        mention = mentions[index]
        if _passing(sentence, mention):
            index = index - 1 if index > 0 else None
            continue
        if mention.negated:
            return []
        between = sentence.norms(mention.last, verb)
        if any(w in _EFFECT_STOP or w in _PERSON for w in between):
            return []
        before = sentence.norms(max(clause, mention.first - 2), mention.first)
        if any(w in _TOPIC_GERUNDS for w in before):
            return []   # "Using antibiotics for colds leads to resistance": a practice named
        return _as_subjects(_chain(sentence, index))
    return _pointed(unit, clause, verb + 1)


def find_false_effects(unit: "SentenceUnit") -> list[Effect]:
    kb = unit.ctx.kb
    sentence = unit.sentence
    out: list[Effect] = []
    if kb is None or frames.not_a_statement(unit):
        return out
    tokens = sentence.tokens
    lex = unit.ctx.run.index(EFFECT_LEX)
    phrases = find_phrases(sentence, lex)
    for phrase in phrases:
        if any(m.first <= phrase.first and phrase.last <= m.last for m in sentence.mentions):
            continue   # "an anti-inflammatory": a class name, judged by the class rules
        # the verb of the claim: in the phrase ("end the pregnancy") or before it
        verb = None
        if tokens[phrase.first].norm in _EFFECT_VERBS or tokens[phrase.first].norm in _PHRASE_VERBS:
            verb = phrase.first
        else:
            k = phrase.first - 1
            floor = max(-1, phrase.first - 9)
            jumped = False
            while k > floor:
                norm = tokens[k].norm
                if jumped and norm in ("bring", "brings"):
                    verb = k   # "will bring a temperature down faster when ... has a cold"
                    break
                if norm in _EFFECT_STOP or norm in _CLAUSE or norm in (".", ";"):
                    break
                if norm in ("and", "or", ","):
                    # "reduces pain and swelling": the objects are listed together
                    other = next((p for p in phrases if p.last == k), None)
                    if other is None:
                        break
                    k = other.first - 1
                    continue
                if any(p.first <= k < p.last for p in phrases if p is not phrase):
                    break   # another effect is the verb's object ("kill bacteria, not viruses")
                if norm in _EFFECT_VERBS:
                    verb = k
                    break
                if norm in ("for", "to") and k > 0 and sentence.mention_ending_at(k) is not None:
                    verb = k   # "amoxicillin for your cold", "an antibiotic to get over a cold"
                    break
                if norm in _HAS_ILLNESS:
                    w = k - 1
                    while w >= 0 and tokens[w].norm in _HOLDERS:
                        w -= 1
                    if w >= 1 and w < k - 1 and tokens[w].norm in _WHEN:
                        floor = max(-1, floor - (k - w + 1))
                        jumped = True
                        k = w - 1   # "... faster when your child has a cold"
                        continue
                if norm not in _EFFECT_GAP and norm not in _HOLDERS:
                    break
                k -= 1
        if verb is None:
            continue
        clause = _clause_start(sentence, verb)
        words = sentence.norms(clause, phrase.first)
        if any(w in _EFFECT_STOP - {"that", "which", "who", "after", "before", "because", "when",
                                    "if", "unless", "than", "while", "whereas", "but", "caused",
                                    "cause", "causes"} for w in words):
            continue   # negated
        after = sentence.norms(phrase.last, phrase.last + 4)
        if any(w in _NOT or w == "no" for w in after):
            continue   # "antibiotics for colds don't work"
        for subject in _effect_subject(unit, verb, clause):
            lacks = _lacks(kb, subject)
            hit = next((e for e in phrase.ids if e in lacks and e not in _OTHER_RULES), None)
            if hit is not None:
                out.append(Effect(phrase, subject, hit, tokens[verb].start, tokens[phrase.last - 1].end))
                break
    out.extend(_purpose_claims(unit, phrases))
    return out


def _purpose_claims(unit: "SentenceUnit", phrases: list[Phrase]) -> list[Effect]:
    """'If the cold lingers, ask for amoxicillin to knock it out': the medicine, 'to' and a
    verb, and 'it' the illness named before."""
    kb = unit.ctx.kb
    sentence = unit.sentence
    tokens = sentence.tokens
    out: list[Effect] = []
    if any(t.norm in _NOT or t.norm in ("no", "without") for t in tokens):
        return out
    for m in sentence.mentions:
        words = sentence.norms(m.last, m.last + 4)
        if len(words) < 3 or words[0] != "to" or words[1] not in _EFFECT_VERBS or \
                not set(words[2:4]) & {"it", "them"}:
            continue
        illness = None
        for k in range(m.first - 1, -1, -1):
            if tokens[k].norm in _ILLNESS or any(p.first <= k < p.last for p in phrases):
                illness = k
                break
        if illness is None:
            continue
        phrase = next((p for p in phrases if p.first <= illness < p.last), None)
        if phrase is None or m.negated:
            continue
        for subject in _as_subjects([m]):
            lacks = _lacks(kb, subject)
            hit = next((e for e in phrase.ids if e in lacks and e not in _OTHER_RULES), None)
            if hit is not None:
                end = tokens[m.last + 3].end if m.last + 3 < len(tokens) else m.end
                out.append(Effect(phrase, subject, hit, m.start, end))
                break
    return out


def _effect_source(kb: "KnowledgeBase", subject: Subject, effect_id: str) -> str:
    term = kb.term("effect", effect_id)
    if term is not None and term.source:
        return term.source   # a fact about the effect itself (how long antidepressants take)
    return _holder_source(kb, subject, "not_effects", effect_id)


def _has_effect_claim(unit: "SentenceUnit") -> bool:
    norms = unit.sentence.norm_set
    return bool(unit.sentence.mentions) or not _POINTERS.isdisjoint(norms) or (
        not norms.isdisjoint(("pill", "pills")) and not norms.isdisjoint(("the", "your")))


@sentence_check(FALSE_EFFECT, kinds=PROSE_AND_ALT_KINDS,
                needs=custom("a medicine named, or 'it'/'they'/'this'/'the pill'", _has_effect_claim))
def false_effect(unit: "SentenceUnit") -> Iterator["Finding"]:
    kb = unit.ctx.kb
    for effect in find_false_effects(unit):
        if frames.in_quotes(unit.sentence, effect.start, effect.end):
            continue
        label = kb.label_of("effect", effect.effect_id)
        name, plural = _name(unit, effect.subject)
        source = _effect_source(kb, effect.subject, effect.effect_id)
        yield unit.finding(FALSE_EFFECT, effect.start, effect.end,
                           message=f"{name} {'do' if plural else 'does'} not {label}"
                                   + (f" (source: {source})" if source else "") + ".",
                           suggestions=())


CHECKS = (denied_risk, false_effect)
