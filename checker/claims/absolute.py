"""Absolute and unsupported claims: guarantees, "completely safe", "no side effects",
"risk-free", "miracle", "works every time", "better than any other medicine", "won't
hurt your kidneys".

The phrases are data (rules/claims.yml); what this module adds is the sentence's frame.
A phrase is a claim only when the page says it in its own voice: not when a negation
governs it ("no medicine is free of side effects", "we cannot promise results", "not a
miracle"), when it is hedged ("most people have no side effects"), asked, framed as a
myth the page corrects, quoted, reported ("ads claim it is risk-free"), listed under a
warning about such claims, or said of a condition rather than a medicine ("most moles
are harmless").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from ..context import PageAnalysis
from ..dispatch import SentenceUnit
from ..medtext import tokenize
from ..model import HEADING, LIST_ITEM, PARAGRAPH, PROSE_AND_ALT_KINDS, TABLE_CELL, Finding
from ..resources import rules_dir
from ..rules import has, has_lower, rule_maker, sentence_check
from ..textutil import lower_same_length
from ..yamlio import load_data
from . import frames

_rule = rule_maker("compliance", severity="error")
_SOURCE = ("FTC, Health Products Compliance Guidance (2022): health claims need competent and "
           "reliable scientific evidence; FDA, prescription drug advertising (21 CFR 202.1): claims "
           "must not be stronger than the evidence and must be balanced by the risks")
_WHY = ("A page says it in its own voice; negated ('no medicine is ...'), hedged, asked, quoted, "
        "reported ('ads claim ...') or Myth/Fact-framed uses are honest and stay silent. The "
        "phrases are in rules/claims.yml.")

GUARANTEED = _rule(
    "claims.guaranteed", "An absolute promise of results: no medicine works for everyone.", _SOURCE,
    ("Relief is guaranteed.", "We guarantee you will feel better.",
     "Our 8-week plan is guaranteed to lower your blood pressure.", "We promise you will sleep."),
    ("There is no guarantee that the pain will go away.", "We cannot promise results.",
     "Your right to see your records is guaranteed by federal law.",
     "Be wary of ads that guarantee weight loss.", "Is relief guaranteed?"),
    rationale=_WHY)
COMPLETELY_SAFE = _rule(
    "claims.completely-safe", "An absolute safety claim: every medicine has risks.", _SOURCE,
    ("This medicine is completely safe.", "Ibuprofen is 100% safe for adults.",
     "Vitamin D is safe at any dose.", "These drops are perfectly safe for your baby.",
     "Melatonin is completely harmless.", "Naproxen is safe to take in any amount."),
    ("No medicine is completely safe.", "This medicine is safe for most adults when used as directed.",
     "No pain reliever, not even acetaminophen, is completely safe.",
     "Myth: Natural remedies are completely safe.",
     "Some websites say the pills are 100% safe, but that is not true.",
     "No medicine is completely harmless."),
    rationale=_WHY)
NO_SIDE_EFFECTS = _rule(
    "claims.no-side-effects", "A claim of no side effects: every medicine can cause them.", _SOURCE,
    ("This pain reliever has no side effects.", "Enjoy relief without side effects.",
     "Fish oil capsules are free of side effects.", "It's side-effect free.",
     "This cream never causes side effects."),
    ("Many people have no side effects.", "No medicine is without side effects.",
     "No antibiotic is free of side effects.", "Most people have few or no side effects.",
     "Myth: Heartburn medicines have no side effects."),
    rationale=_WHY)
RISK_FREE = _rule(
    "claims.risk-free", "A claim of no risk: every treatment has risks.", _SOURCE,
    ("The shot is risk-free.", "A risk free way to stop pain.", "Starting the program is zero risk.",
     "These pills carry no risk.", "Steroid eye drops can be used for months with no risk to your eyes.",
     "You can take this supplement every day with zero risk."),
    ("No treatment is risk-free.", "No medicine can be called completely risk-free in pregnancy.",
     "Natural does not mean risk-free.", "Be suspicious of labels that say \"100% natural and risk-free\".",
     "Adults with no risk factors for heart disease do not need daily aspirin.",
     "People with no risk of exposure do not need the vaccine."),
    rationale=_WHY,
    # "used with no risk to your eyes" says the treatment is risk-free, not only harmless
    outranks=("claims.no-harm",))
MIRACLE = _rule(
    "claims.miracle", "'Miracle' promises more than any medicine can do.", _SOURCE,
    ("A miracle pill for back pain.", "The results are miraculous.", "Turmeric is a wonder drug."),
    ("There is no miracle pill for back pain.", "Melatonin is not a miracle cure for insomnia.",
     "Ads that promise a miracle cure are a warning sign."),
    rationale=_WHY)
ABSOLUTE_EFFECT = _rule(
    "claims.absolute-effect", "An absolute claim of effect: results differ from person to person.",
    _SOURCE,
    ("This cream is 100% effective.", "Get instant relief from back pain.", "NyQuil works every time.",
     "This patch works for everyone.", "Blood thinners eliminate strokes for good."),
    ("No medicine is 100% effective.", "This cream helps many people.",
     "No single treatment works for everyone.", "No vaccine is 100 percent effective.",
     "A statin lowers the risk of a heart attack but does not eliminate it."),
    rationale=_WHY)
SUPERIORITY = _rule(
    "claims.superiority", "An unsupported claim that a medicine is better than every other.", _SOURCE,
    ("For back pain, ibuprofen works better than any prescription painkiller.",
     "Eliquis is the most effective blood thinner there is.",
     "It is stronger than any other pain reliever.", "Our formula beats every other treatment.",
     "Our garlic capsules outperform statins."),
    ("No pain reliever works better than any other for everyone.",
     "Combining two treatments works better than any one treatment alone.",
     "Ask your doctor which medicine is the most effective for you?",
     "Vaccination is the most effective way to prevent the flu.",
     "Fish oil has not been shown to outperform statins."),
    rationale="A comparison with every other treatment needs head-to-head evidence; which medicine "
              "works best depends on the person. " + _WHY)
NO_HARM = _rule(
    "claims.no-harm", "A claim that a medicine cannot harm: every medicine can, at some dose or in "
    "some people.", _SOURCE,
    ("Naproxen won't hurt your stomach.", "Acetaminophen can't hurt your child's liver.",
     "Kava is harmless to your liver.", "This supplement can't harm you.",
     "Naproxen is gentle on the kidneys.", "Our tablets protect the liver and will not damage them.",
     "There is no risk to your kidneys from naproxen.", "Ibuprofen poses no danger to your stomach."),
    ("It can't hurt to ask your pharmacist.", "Most moles are harmless.",
     "No one can promise that naproxen won't hurt your stomach.",
     "Some people think kava is harmless, but it can damage the liver.",
     "Azathioprine keeps the immune system from attacking harmless foreign substances.",
     "Celecoxib is gentler on the stomach than naproxen."),
    rationale="Saying a medicine cannot harm an organ invites people to ignore its warnings "
              "(acetaminophen and the liver, NSAIDs and the stomach and kidneys). " + _WHY)

RULES = (GUARANTEED, COMPLETELY_SAFE, NO_SIDE_EFFECTS, RISK_FREE, MIRACLE, ABSOLUTE_EFFECT,
         SUPERIORITY, NO_HARM)
_BY_ID = {r.id: r for r in RULES}

MESSAGES = {
    "claims.guaranteed": "'{m}' is an absolute promise: no medicine works for everyone. Say what "
                         "the treatment can do and how often.",
    "claims.completely-safe": "'{m}' is an absolute claim: every medicine has risks. Say what the "
                              "risks are.",
    "claims.no-side-effects": "'{m}' is an absolute claim: every medicine can cause side effects. "
                              "List the common ones.",
    "claims.risk-free": "'{m}' is an absolute claim: every treatment has risks. Say what they are.",
    "claims.miracle": "'{m}' promises more than any medicine can do.",
    "claims.absolute-effect": "'{m}' is an absolute claim: results differ from person to person.",
    "claims.superiority": "'{m}' claims superiority over every other treatment: that needs "
                          "head-to-head evidence, and the best choice depends on the person.",
    "claims.no-harm": "'{m}' says the medicine cannot harm: every medicine can, at some dose or in "
                      "some people. Say what the risks are and how to avoid them.",
}


# --- the data ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimRule:
    id: str
    needs: tuple[str, ...]
    phrases: "re.Pattern[str] | None"
    product_phrases: "re.Pattern[str] | None"
    named_phrases: "re.Pattern[str] | None"
    after_phrases: "re.Pattern[str] | None"
    exceptions: "re.Pattern[str] | None"


@dataclass(frozen=True)
class ClaimData:
    rules: tuple[ClaimRule, ...]
    hedges: frozenset[str]
    product_words: frozenset[str]
    pronouns: frozenset[str]


def _alternation(patterns: list[str]) -> "re.Pattern[str] | None":
    if not patterns:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w-])")


@lru_cache(maxsize=1)
def claim_data() -> ClaimData:
    data = load_data((rules_dir() / "claims.yml").read_text(encoding="utf-8"))
    rules = []
    for rid, raw in data["claims"].items():
        if rid not in _BY_ID:
            raise ValueError(f"rules/claims.yml: '{rid}' is not a rule of checker/claims/absolute.py")
        rules.append(ClaimRule(
            id=rid, needs=tuple(raw["needs"]),
            phrases=_alternation(list(raw.get("phrases") or [])),
            product_phrases=_alternation(list(raw.get("product_phrases") or [])),
            named_phrases=_alternation(list(raw.get("named_phrases") or [])),
            after_phrases=_alternation(list(raw.get("after_phrases") or [])),
            exceptions=re.compile("|".join(f"(?:{p})" for p in raw["except"])) if raw.get("except") else None))
    missing = set(_BY_ID) - {r.id for r in rules}
    if missing:
        raise ValueError(f"rules/claims.yml has no phrases for {sorted(missing)}")
    return ClaimData(rules=tuple(rules), hedges=frozenset(data["hedges"]),
                     product_words=frozenset(data["product_words"]),
                     pronouns=frozenset(data["pronouns"]))


def _needles() -> tuple[str, ...]:
    """Every rule's trigger strings: a sentence without one of them is never read."""
    return tuple(sorted({n for r in claim_data().rules for n in r.needs}))


# --- the frame -----------------------------------------------------------------------------------

# Tokens that end the clause a phrase sits in (walking back from the phrase).
_BOUNDARY = frozenset(";:—–-()[],".replace("", " ").split()) | frozenset(
    "but however although though whereas yet while because since so".split())
# "and"/"or" start a new clause when a verb or a new subject follows.
_CLAUSE_AFTER_AND = frozenset("""is are was were has have had will can could works work it they its
    it's they're you you'll gives give offers offer comes come causes cause helps help""".split())
_NEGATORS = frames.NEGATORS | {"none", "nothing", "nobody", "hardly", "barely"}
# "no" that negates nothing: "no matter how much", "no doubt", "no need to worry".
_NOT_NEGATING_AFTER = frozenset("matter doubt wonder need worries worry only just".split())
_SENTENCE_NEGATIVE = frozenset("no none nothing not never neither nobody".split())
_SUBJECT_START = frozenset("it it's they they're this these that you we our he she i".split())
# People who may have no side effects: "most people have no side effects".
_PEOPLE = frozenset("""people patients person you children kids child adults women men users
    participants babies infants teens others i we everyone""".split())
_PROMISE = frozenset("will you'll they'll we'll guarantee guaranteed promise".split())
# An opening that limits the whole sentence: "For some people, ...", "In most cases, ...".
_FOR_SOME = re.compile(r"\b(?:for|in)\s+(?:some|many|most|certain|a\s+few)\b", re.I)
_REASON = frozenset("because since so while".split())
_CONDITIONAL = frozenset("if unless whether".split())

# Someone else's words the page reports: "ads claim", "labels that say", "I've heard".
REPORTED = re.compile(
    r"\b(?:claims?|claimed|claiming|boasts?|boasted|touts?|touted|advertis\w*|marketed|marketing|"
    r"promoted|billed|so-called|sold\s+as|labell?ed\s+as|heard|(?:may|might|will|often|sometimes)\s+"
    r"(?:see|read|hear)|(?:ads?|advertisements?|commercials?|labels?|packag\w*|websites?|sites?|"
    r"sellers?|vendors?|makers?|manufacturers?|companies|company|brands?|products?|marketers?|"
    r"promoters?|influencers?|posts?|people|friends?|someone|others|stores?|boxes|bottles)\b"
    r"(?:\s+\w+){0,3}?\s+(?:say|says|said|promise|promises|promised|tell|tells|told|state|states|"
    r"suggest|suggests|insist|insists|call|calls|describe|describes))\b", re.I)
# A sentence that warns about such claims.
REFUTED = re.compile(
    r"\b(?:beware|wary|suspicious|skeptical|sceptical|red\s+flags?|warning\s+signs?|too\s+good\s+to\s+be"
    r"\s+true|scams?|fraud\w*|misleading|false\s+claims?|watch\s+out\s+for|be\s+careful\s+(?:of|with)"
    r"|don't\s+(?:believe|trust|fall\s+for)|do\s+not\s+(?:believe|trust|fall\s+for))\b", re.I)
# A heading or lead-in over claims the page lists as ones to distrust.
_LEAD_IN = re.compile(
    r"\b(?:phrases|claims|words|promises|slogans|labels?|ads|advertising|like\s+these|such\s+as\s+these|"
    r"beware|watch\s+out|red\s+flags?|warning\s+signs?|be\s+(?:cautious|careful|wary|suspicious)|"
    r"too\s+good\s+to\s+be\s+true|myths?|misconceptions?)\b", re.I)


def _lead_ins(doc, ctx) -> dict[int, str]:
    """For list items and table cells, the paragraph just before their list (the lead-in
    that says what the items are: "Be wary of phrases like these:")."""
    out: dict[int, str] = {}
    lead = None
    for block in doc.blocks:
        if block.kind == PARAGRAPH:
            lead = block.text
        elif block.kind in (LIST_ITEM, TABLE_CELL):
            if lead is not None:
                out[id(block)] = lead
        else:
            lead = None
    return out


LEAD_INS: PageAnalysis[dict[int, str]] = PageAnalysis("claims.absolute.lead-ins", _lead_ins)


def _product_page(doc, ctx) -> bool:
    """The page is about a medicine or a product: its title or first heading names one
    ("Melatonin", "SleepWell gummies")."""
    if ctx.analysis(frames.PAGE_SUBJECT, doc) is not None:
        return True
    words = claim_data().product_words
    heading = next((b.text for b in doc.blocks if b.kind == HEADING), "")
    return any(t.norm in words for t in tokenize(f"{doc.title or ''} {heading}"))


PRODUCT_PAGE: PageAnalysis[bool] = PageAnalysis("claims.absolute.product-page", _product_page)


# A quotation the page puts forward as praise, not one it mentions to refute: a heading
# over testimonials, or a quote signed by its speaker ('"It works every time!" says Ann').
_TESTIMONIALS = re.compile(r"\b(?:testimonials?|reviews?|success\s+stories|what\s+(?:our\s+)?(?:customers|"
                           r"patients|clients|users|members|families|parents)\s+(?:say|are\s+saying|think))\b", re.I)
_SIGNED = re.compile(r"[^\"”’]*[\"”’]\s*[,!.]?\s*(?:(?:says|said|writes|wrote|adds|explains)\s+[A-Z]|[—–-]\s*[A-Z])")


def _testimonial(unit: SentenceUnit, end: int) -> bool:
    heading = unit.ctx.analysis(frames.HEADINGS_ABOVE, unit.doc).get(id(unit.block))
    if heading is not None and _TESTIMONIALS.search(heading):
        return True
    return _SIGNED.match(unit.block.text, end) is not None


def _token_index(sentence, offset: int) -> int:
    for i, t in enumerate(sentence.tokens):
        if t.end > offset:
            return i
    return len(sentence.tokens)


def _clause_start(tokens, first: int) -> int:
    i = first - 1
    while i >= 0:
        norm = tokens[i].norm
        if norm in _BOUNDARY:
            return i + 1
        if norm in ("and", "or") and i + 1 < first and tokens[i + 1].norm in _CLAUSE_AFTER_AND:
            return i + 1
        i -= 1
    return 0


def _negator(tokens, i: int) -> bool:
    norm = tokens[i].norm
    if norm not in _NEGATORS:
        return False
    after = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    if norm in ("no", "not") and after in _NOT_NEGATING_AFTER:
        return False
    return True


def _sentence_negative(tokens, first: int) -> bool:
    """ "No medicine, not even aspirin, is completely safe": a negative subject that opens
    the sentence governs its verb across commas, unless a new clause with its own subject
    starts before the phrase ("No prescription needed, and it's risk-free")."""
    if first == 0 or not tokens or tokens[0].norm not in _SENTENCE_NEGATIVE:
        return False
    if len(tokens) < 2 or not tokens[1].text[0].isalnum() or tokens[1].norm in _NOT_NEGATING_AFTER:
        return False  # "No, ..." answers a question
    last_comma = None
    for i in range(first):
        norm = tokens[i].norm
        if norm in _BOUNDARY - {","}:
            return False
        if norm == ",":
            last_comma = i
    if last_comma is None:
        return True
    j = last_comma + 1
    while j < first and tokens[j].norm in ("and", "or", "so", "but"):
        j += 1
    return j >= first or tokens[j].norm not in _SUBJECT_START


def _has_product(unit: SentenceUnit, data: ClaimData, tokens, clause: int, first: int,
                 mode: str) -> bool:
    """Whether what the phrase is said of is a medicine or a product: a medicine named or a
    product word in its clause (in a "There is ..." sentence, anywhere), or a pronoun there
    that points back at one. In ``named`` mode a pronoun counts only after a medicine named
    earlier in the sentence ("This is harmless" is more often said of a side effect)."""
    mentions = unit.sentence.mentions
    if tokens and tokens[0].norm == "there":
        return bool(mentions) or any(t.norm in data.product_words for t in tokens)
    if any(clause <= m.first < first for m in mentions):
        return True
    if any(t.norm in data.product_words for t in tokens[clause:first]):
        return True
    named_before = any(m.first < clause for m in mentions)
    if any(t.norm in data.pronouns for t in tokens[clause:first]):
        if named_before or mode == "named":
            return named_before
        previous = unit.previous
        return (any(t.norm in data.product_words for t in tokens[:clause])
                or (previous is not None and any(m.product is not None for m in previous.mentions))
                or unit.ctx.analysis(PRODUCT_PAGE, unit.doc))
    # No subject in the clause ("Naproxen, taken with food, won't hurt ..."): the sentence's.
    words = data.product_words if mode == "named" else data.product_words | data.pronouns
    return named_before or any(t.norm in words for t in tokens[:clause])


def _excepted(rule: ClaimRule, lower: str, start: int, end: int) -> bool:
    if rule.exceptions is None:
        return False
    return any(m.start() < end and start < m.end() for m in rule.exceptions.finditer(lower))


def _framed(unit: SentenceUnit) -> bool:
    """The whole sentence is not the page's own claim."""
    memo = unit.memo
    if "claims.framed" not in memo:
        text = unit.text
        framed = frames.not_a_statement(unit) or REFUTED.search(text) is not None
        if not framed and unit.block.kind in (LIST_ITEM, TABLE_CELL):
            lead = unit.ctx.analysis(LEAD_INS, unit.doc).get(id(unit.block))
            framed = lead is not None and lead.rstrip().endswith(":") and _LEAD_IN.search(lead) is not None
        if not framed:
            heading = unit.ctx.analysis(frames.HEADINGS_ABOVE, unit.doc).get(id(unit.block))
            framed = heading is not None and REFUTED.search(heading) is not None
        memo["claims.framed"] = framed
    return memo["claims.framed"]


def _judge(unit: SentenceUnit, data: ClaimData, rule: ClaimRule, start: int, end: int,
           subject: str) -> bool:
    """Whether the phrase at sentence offsets [start, end) is the page's own claim."""
    sentence = unit.sentence
    tokens = sentence.tokens
    first = _token_index(sentence, start)
    clause = _clause_start(tokens, first)
    if clause >= 2 and tokens[clause - 1].norm in _REASON and _negator(tokens, clause - 2):
        return False  # "not because they carry no risk"
    before = tokens[clause:first]
    norms = [t.norm for t in before]
    if any(_negator(tokens, i) for i in range(clause, first)):
        # "without" reaches only the words right after it ("without a prescription and ...").
        if not all(tokens[i].norm == "without" and first - i > 2
                   for i in range(clause, first) if _negator(tokens, i)):
            return False
    if _sentence_negative(tokens, first):
        return False
    if set(norms) & data.hedges or set(norms) & _CONDITIONAL:
        return False
    if rule.id == "claims.no-side-effects" and set(norms) & _PEOPLE and not set(norms) & _PROMISE:
        return False  # "most people have no side effects": what people feel, not a promise
    if _denied_after(tokens, first, end):
        return False
    if frames.in_quotes(sentence, start, end) and not _testimonial(unit, end):
        return False
    text_before = sentence.text[sentence.start:start]
    if REPORTED.search(text_before) or _FOR_SOME.search(text_before):
        return False
    if subject == "after":
        if not any(m.start >= end for m in sentence.mentions):
            return False
    elif subject and not _has_product(unit, data, tokens, clause, first, subject):
        return False
    if rule.id == "claims.no-harm" and _no_labeled_harm(unit, clause, first, end):
        return False
    return True


# The organ a no-harm claim names, and the words of a risk that harms it.
_ORGANS = {
    "kidney": ("kidney", "renal"), "liver": ("liver", "hepat"), "stomach": ("stomach", "ulcer", "gastro", "gi "),
    "gut": ("stomach", "intestin", "bowel", "gi "), "intestine": ("intestin", "bowel", "gi "),
    "heart": ("heart", "cardi"), "baby": ("baby", "fetal", "fetus", "birth", "pregnan"),
    "fetus": ("baby", "fetal", "fetus", "birth"), "esophagus": ("esophag", "food pipe"),
    "food pipe": ("esophag", "food pipe"), "bone": ("bone", "fracture"), "brain": ("brain", "seizure"),
    "lung": ("lung", "breath"), "skin": ("skin", "rash"), "eye": ("eye", "vision"),
    "teeth": ("teeth", "tooth"), "nerve": ("nerve",), "blood": ("blood", "bleed"),
}
_ORGAN_RE = re.compile(r"\b(" + "|".join(sorted(_ORGANS, key=len, reverse=True)) + r")")


def _no_labeled_harm(unit: SentenceUnit, clause: int, first: int, end: int) -> bool:
    """ "Insulin will not harm your baby": the medicine is in the fact base and none of its
    labeled risks touches the organ named, so the fact base has nothing to contradict (a
    claim it cannot judge is left alone). "Naproxen won't hurt your stomach" is another
    matter: stomach bleeding is one of its labeled risks."""
    sentence = unit.sentence
    kb = unit.ctx.kb
    after = lower_same_length(sentence.text[end:min(sentence.end, end + 30)])
    tail = lower_same_length(sentence.text[max(sentence.start, end - 30):end]) + " " + after
    organ = _ORGAN_RE.search(tail)
    mentions = [m for m in sentence.mentions if m.first < first]
    if organ is None or not mentions or kb is None:
        return False
    mention = mentions[-1]
    if mention.product is not None:
        risk_ids = kb.risks_of(mention.product)
    elif mention.class_id is not None:
        risk_ids = kb.class_risks(mention.class_id)
    else:
        return False
    if not risk_ids:
        return False  # nothing known about its risks: the absolute claim stands
    stems = _ORGANS[organ.group(1)]
    terms = kb.terms.get("risk", {})
    words = [w.lower() for rid in risk_ids if rid in terms for w in (terms[rid].label, *terms[rid].words)]
    return not any(stem in w for stem in stems for w in words)


_RELATIVE = frozenset("that which who".split())


def _denied_after(tokens, first: int, end: int) -> bool:
    """ "A cure that works for everyone has not been found": a phrase inside a relative
    clause whose noun is then denied."""
    if not any(t.norm in _RELATIVE for t in tokens[max(0, first - 2):first]):
        return False
    for i in range(first, len(tokens)):
        t = tokens[i]
        if t.start < end:
            continue
        if t.norm in _BOUNDARY:
            return False
        if _negator(tokens, i):
            return True
    return False


_PLAIN = ClaimRule(id="", needs=(), phrases=None, product_phrases=None, named_phrases=None,
                   after_phrases=None, exceptions=None)


def own_claim(unit: SentenceUnit, start: int, end: int) -> bool:
    """Whether words at ``unit.block.text[start:end]`` are the page's own claim, read with the
    same frame as the absolute claims (for other claim rules: "clinically proven", "cures
    it for good")."""
    return not _framed(unit) and _judge(unit, claim_data(), _PLAIN, start, end, "")


def _matches(rule: ClaimRule, lower: str, base: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, what must come before it: "", "product" or "named") per phrase match."""
    seen: list[tuple[int, int]] = []
    for pattern, product in ((rule.phrases, ""), (rule.product_phrases, "product"),
                             (rule.named_phrases, "named"), (rule.after_phrases, "after")):
        if pattern is None:
            continue
        for m in pattern.finditer(lower):
            s, e = m.start() + base, m.end() + base
            if any(s < e2 and s2 < e for s2, e2 in seen):
                continue
            seen.append((s, e))
            yield s, e, product


# Under lower-casing "İ" becomes two characters; lower_same_length keeps offsets, and a
# sentence holding one is read anyway.
@sentence_check(*RULES, kinds=PROSE_AND_ALT_KINDS, needs=has_lower(*_needles()) | has("İ"))
def absolute_claims(unit: SentenceUnit) -> Iterator[Finding]:
    data = claim_data()
    sentence = unit.sentence
    lower_sentence = unit.lower
    candidates = [r for r in data.rules if any(n in lower_sentence for n in r.needs)]
    if not candidates:
        return
    lower = lower_same_length(sentence.text[sentence.start:sentence.end])
    for rule in candidates:
        for start, end, product in _matches(rule, lower, sentence.start):
            if _excepted(rule, lower, start - sentence.start, end - sentence.start):
                continue
            if _framed(unit) or not _judge(unit, data, rule, start, end, product):
                continue
            words = sentence.text[start:end]
            info = _BY_ID[rule.id]
            yield unit.finding(info, start, end, message=MESSAGES[rule.id].format(m=words))


CHECKS = (absolute_claims,)
