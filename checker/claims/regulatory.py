"""Regulatory claims: a medicine's DEA schedule, which agency does what, agencies'
names, withdrawn products, retired label systems and FDA-approved uses.

Each claim is read inside its sentence, about the medicine the sentence is about
(``frames.subject_product``, a table row's first cell), and judged against the fact
base: ``Drug.schedule``, ``Drug.withdrawn``, ``Drug.approved_for`` and
``not_approved_for``, and the ``agencies``, ``roles`` and ``retired_labels``
vocabularies of rules/facts/core.yml. A negated claim is judged the other way round
("tramadol is not a controlled substance" is wrong); a question, a myth the page
refutes, or a claim the base cannot judge says nothing.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..dispatch import SentenceUnit
from ..knowledge import Drug, KnowledgeBase, Product, Schedule
from ..medtext import Mention, Sentence, find_mentions, tokenize
from ..model import HEADING, PROSE_AND_ALT_KINDS, TABLE_CELL, Finding
from ..rules import MENTION, has_lower, rule_maker, sentence_check
from . import frames

_rule = rule_maker("medical-accuracy", severity="error")

SCHEDULE = _rule(
    "med.schedule",
    "A medicine's DEA schedule or controlled status is given wrongly.",
    "Controlled Substances Act (21 U.S.C. 812) and the DEA schedules in 21 CFR 1308.11-1308.15 "
    "(each medicine's schedule and its source are in rules/facts/*.yml)",
    ("Carisoprodol is a Schedule II drug.",
     "Gabapentin is a controlled substance.",
     "Tramadol is not a controlled substance.",
     "Adderall can be refilled like any prescription.",
     "Xanax is Schedule II.",
     "Alprazolam is in Schedule III.",
     "Pregabalin (Lyrica) is classified by the DEA as a Schedule II controlled substance.",
     "Zolpidem (C-II) helps you fall asleep.",
     "Lacosamide is not controlled.",
     "Oxycodone is a Schedule II medicine. It can be refilled by phone."),
    ("Carisoprodol is a Schedule IV drug.",
     "Gabapentin is not a controlled substance under federal law.",
     "Ibuprofen is not a controlled substance.",
     "Tramadol has been a Schedule IV controlled substance since 2014.",
     "Schedule II prescriptions such as Adderall cannot be refilled.",
     "Is Xanax a Schedule II drug?",
     "Some states, such as Kentucky, list gabapentin as a Schedule V controlled substance.",
     "Myth: tramadol is not a controlled substance."),
    suggestion=None,
    rationale="A reader told that a controlled medicine is not controlled, or that it sits in a "
              "milder schedule, underrates its risk of misuse and addiction and may expect refills "
              "the law does not allow; calling an uncontrolled medicine controlled frightens readers "
              "away from it. The schedule is the DEA's (21 CFR 1308).",
    outranks=("med.schedule",))

REGULATOR = _rule(
    "med.regulator",
    "The wrong agency is named for a regulatory role (the DEA schedules controlled substances; "
    "the FDA approves medicines, their switch to over-the-counter sale and their labels).",
    "21 U.S.C. 811 and 28 CFR 0.100 (scheduling by the DEA); 21 U.S.C. 355 (drug approval by the "
    "FDA); rules/facts/core.yml roles",
    ("The FDA schedules opioids.",
     "The CDC approved Plan B for sale without a prescription.",
     "The DEA approves medicines before they can be sold.",
     "The FDA decides which schedule a controlled substance is placed in.",
     "Vyvanse was approved by the DEA for binge eating disorder."),
    ("The FDA approves medicines; the DEA decides which ones are controlled substances.",
     "The DEA schedules opioids under the Controlled Substances Act.",
     "The CDC does not approve medicines.",
     "The CDC recommends that adults get a flu shot every year.",
     "Vyvanse was approved by the FDA for binge eating disorder in 2015."),
    rationale="Readers who look up who decides what (a drug's approval, its label, its schedule) "
              "are sent to the wrong agency, and copy that gets it wrong loses their trust.",
    outranks=("med.regulator", "med.agency-name"))

AGENCY_NAME = _rule(
    "med.agency-name",
    "An agency's name is written wrongly.",
    "Each agency's legal name (rules/facts/core.yml agencies): Food and Drug Administration "
    "(21 U.S.C. 393), Drug Enforcement Administration (28 CFR 0.100), Centers for Disease Control "
    "and Prevention, National Institutes of Health",
    ("The Food and Drugs Administration approved it in 2019.",
     "Ask the Federal Drug Administration.",
     "The Drug Enforcement Agency (DEA) registers prescribers."),
    ("The Food and Drug Administration approved it in 2019.",
     "The Drug Enforcement Administration (DEA) registers prescribers."),
    severity="warning",
    rationale="A misnamed agency reads as careless and makes the page hard to trust, and readers "
              "searching for the wrong name find the wrong place.",
    outranks=("med.agency-name",))

WITHDRAWN = _rule(
    "med.withdrawn",
    "A medicine withdrawn from the US market is presented as available or recommended.",
    "FDA withdrawal notices and drug safety communications (each product's in rules/facts/*.yml, "
    "withdrawn)",
    ("Ask your doctor about Vioxx.",
     "Vioxx is a good option for arthritis pain.",
     "Rofecoxib is available by prescription.",
     "For milder pain, your doctor can still prescribe Darvocet.",
     "Bextra is another NSAID worth asking about."),
    ("Vioxx was withdrawn from the market in 2004.",
     "Rofecoxib used to be sold as Vioxx.",
     "Darvocet is no longer available in the United States.",
     "Vioxx (rofecoxib) was pulled after it was linked to heart attacks.",
     "Is Vioxx still available?"),
    rationale="A reader told to ask for a product that was withdrawn for safety reasons loses "
              "time, or looks for it abroad or online, where it is unsafe.",
    outranks=("med.withdrawn",))

RETIRED_LABEL = _rule(
    "med.retired-label",
    "The FDA pregnancy letter categories (A, B, C, D, X) are presented as current.",
    "FDA, Pregnancy and Lactation Labeling Rule, 79 FR 72063 (December 4, 2014), effective "
    "June 30, 2015: the letter categories were removed from prescription drug labels",
    ("Omeprazole is pregnancy category C.",
     "Methotrexate carries the FDA pregnancy category X rating.",
     "Nitrofurantoin is Category B in pregnancy.",
     "Losartan has a pregnancy category D rating in the second and third trimesters."),
    ("The old letter categories were replaced by the PLLR in 2015.",
     "Labels used to give a pregnancy category (A, B, C, D or X); since 2015 they describe the risks in words.",
     "Older labels may still show a pregnancy category, which the FDA has retired.",
     "What was pregnancy category C?"),
    rationale="Since 2015 labels describe pregnancy and breastfeeding risks in words, with the data "
              "behind them. A letter grade is out of date and was often misread as a grade of risk.",
    outranks=("med.retired-label",))

UNAPPROVED_USE = _rule(
    "med.unapproved-use",
    "A medicine is called FDA-approved for a use it is not approved for (an off-label use).",
    "FDA-approved labeling, Indications and Usage (each medicine's approved and unapproved uses "
    "are in rules/facts/*.yml)",
    ("Gabapentin is FDA-approved for back pain.",
     "Trazodone is approved to treat insomnia.",
     "The FDA approved amitriptyline for migraine prevention.",
     "Low-dose Seroquel is FDA-approved as a sleep aid.",
     "Epidural steroid injections are FDA-approved for back pain.",
     "This epidural injection uses a corticosteroid approved by the FDA for the spine."),
    ("Gabapentin is FDA-approved for seizures and shingles pain.",
     "Gabapentin is not FDA-approved for back pain, but doctors sometimes prescribe it off-label.",
     "Pregabalin is FDA-approved for fibromyalgia.",
     "Trazodone is approved for depression; using it for insomnia is off-label.",
     "Epidural steroid injections are not FDA-approved for this use.",
     "The FDA has not approved corticosteroids for epidural injection, but doctors often use them."),
    rationale="Calling an off-label use FDA-approved tells the reader the FDA reviewed evidence "
              "for it, which it did not. Off-label use can be reasonable; it should be named as such.",
    outranks=("med.unapproved-use",))

RULES = (SCHEDULE,)


# --- shared ---------------------------------------------------------------------------------

_ROMAN = {"i": "I", "ii": "II", "iii": "III", "iv": "IV", "v": "V",
          "1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}
_STRICTNESS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}


def _drugs(kb: KnowledgeBase, product: Product) -> list[Drug]:
    return [kb.drugs[g] for g in product.generics if g in kb.drugs]


def _product_schedule(kb: KnowledgeBase, product: Product) -> Schedule | None:
    """A product's schedule: its strictest scheduled medicine's; "none" only when every
    medicine in it is known not to be controlled; None when the base cannot say."""
    drugs = _drugs(kb, product)
    if not drugs or len(drugs) != len(product.generics):
        return None
    controlled = [d.schedule for d in drugs if d.schedule is not None and d.schedule.controlled]
    if controlled:
        return min(controlled, key=lambda s: _STRICTNESS.get(s.value, 9))
    if all(d.schedule is not None for d in drugs):
        return drugs[0].schedule
    return None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _schedule_text(schedule: Schedule) -> str:
    if not schedule.controlled:
        return "not a federally controlled substance"
    return f"Schedule {schedule.value}"


def _clause_bounds(lower: str, at: int) -> tuple[int, int]:
    """The clause around text index ``at`` (sentence-relative): cut at ; : and at
    ', but' / ', while' style joints."""
    start = 0
    for m in re.finditer(r"[;:]|,\s+(?:but|while|whereas|although|though|however|unlike)\b|\bbut\b", lower):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            return start, m.start()
    return start, len(lower)


def _token_index(s: Sentence, offset: int) -> int:
    """The index of the first token that starts at or after text offset ``offset``."""
    for i, t in enumerate(s.tokens):
        if t.start >= offset:
            return i
    return len(s.tokens)


def _products_before(unit: SentenceUnit, offset: int) -> list[Mention]:
    """The product mentions that are the subject of a claim at text offset ``offset``:
    those before it in its clause, leaving out ones in a comparison ("unlike X",
    "like X") or inside parentheses after another product (a brand)."""
    s = unit.sentence
    lower = s.lower
    rel = offset - s.start
    clause_start, _ = _clause_bounds(lower, rel)
    out: list[Mention] = []
    for m in s.mentions:
        if m.product is None or m.end > offset or m.start - s.start < clause_start:
            continue
        before = lower[max(0, m.start - s.start - 14):m.start - s.start]
        if re.search(r"\b(?:unlike|like|than|as with|similar to|relative of|instead of|with)\s+(?:the\s+)?$", before):
            continue
        out.append(m)
    # a brand in parentheses after its generic names the same medicine once
    seen: set[tuple[str, ...]] = set()
    unique = []
    for m in out:
        key = m.product.generics
        if key in seen:
            continue
        seen.add(key)
        unique.append(m)
    return unique


def _row_product(unit: SentenceUnit) -> Product | None:
    """For a table cell: the first product named in the cells before it in its row."""
    if unit.block.kind != TABLE_CELL:
        return None
    doc = unit.doc
    blocks = doc.blocks
    i = unit.index
    found = None
    boundary = "<tr" if doc.format == "html" else "\n"
    for k in range(i - 1, max(-1, i - 12), -1):
        here, cell = blocks[k + 1], blocks[k]
        if cell.kind != TABLE_CELL:
            break
        if not cell.starts or not here.starts:
            break
        if boundary in doc.source[cell.starts[0]:here.starts[0]].lower():
            break
        for m in find_mentions(tokenize(cell.text), unit.ctx.kb):
            if m.product is not None:
                found = m.product
                break
    return found


def _subjects(unit: SentenceUnit, offset: int) -> list[tuple[Product, int, int]]:
    """(product, start, end) the claim at ``offset`` is about: products before it in its
    clause; else "it"/"this medicine" pointing back, a table row's first cell, or the
    page's subject for a sentence that names none."""
    found = [(m.product, m.start, m.end) for m in _products_before(unit, offset)]
    if found:
        return found
    product = _row_product(unit)
    if product is None:
        s = unit.sentence
        if any(m.product is not None for m in s.mentions) and not frames.points_back(unit):
            return []
        product = frames.subject_product(unit)
    if product is None:
        return []
    return [(product, -1, -1)]


def _statement(unit: SentenceUnit) -> bool:
    return not frames.not_a_statement(unit)


def _in_quotes(unit: SentenceUnit, start: int, end: int) -> bool:
    return frames.in_quotes(unit.sentence, start, end)


# --- med.schedule ---------------------------------------------------------------------------

_SCHEDULE_CLAIM = re.compile(
    r"\bschedule[- ](?P<num>iii|ii|iv|v|i|[1-5])\b(?![-–]\s*(?:iii|ii|iv|v|[1-5])\b)"
    r"|\bc-(?P<c>iii|ii|iv|v)\b"
    r"|\b(?:federally\s+|tightly\s+|strictly\s+)?controlled[- ]"
    r"(?:substances?|drugs?|medicines?|medications?|prescriptions?)\b"
    r"|\b(?:is|are|isn't|aren't|be|been|being)\s+(?:not\s+)?(?:federally\s+|tightly\s+|strictly\s+)?"
    r"controlled\b(?![- ]release)(?!\s+(?:with|by\s+(?:diet|taking|using)))"
    r"|\bnon-?controlled\b|\bunscheduled\b|\bnot\s+(?:a\s+)?(?:federally\s+)?scheduled\b")
_REFILL_CLAIM = re.compile(
    r"\b(?:can|could|may|will|should)\s+(?:be\s+|easily\s+|also\s+)?(?:refilled|refill)\b"
    r"|\brefills?\s+(?:are|is)\s+(?:simple|easy|allowed|fine|available|quick|automatic|no problem)\b"
    r"|\b(?:call|phone|send)\s+in\s+(?:a\s+|your\s+)?refills?\b"
    r"|\bautomatic\s+refills?\b|\brefill(?:ed)?\s+like\s+any\b|\b(?:\d+|several|multiple)\s+refills\b")
_STATE_WORDS = re.compile(r"\bstates?\b|\bkentucky\b|\bstate\s+law|\blocal\s+law")
_NO_CONTROL = re.compile(r"\bnon-?controlled\b|\bunscheduled\b|\bnot\s+(?:a\s+)?(?:federally\s+)?scheduled\b")
_HISTORY_SCHEDULE = re.compile(r"\b(?:was|were|used\s+to\s+be|had\s+been|until|before|formerly|"
                               r"moved|rescheduled|previously|once)\b")


def _schedule_claims(lower: str) -> Iterator[tuple[int, int, str | None, bool]]:
    """(start, end, schedule value or None for "controlled", claim says not-controlled)."""
    for m in _SCHEDULE_CLAIM.finditer(lower):
        num = m.group("num") or m.group("c")
        value = _ROMAN[num] if num else None
        yield m.start(), m.end(), value, bool(_NO_CONTROL.fullmatch(m.group()))


def _negated_before(unit: SentenceUnit, subject_end: int, claim_start: int, claim_end: int) -> bool:
    """A negator between the subject (or the clause start) and the end of the claim."""
    s = unit.sentence
    lower = s.lower
    rel = claim_start - s.start
    clause_start, _ = _clause_bounds(lower, rel)
    first = _token_index(s, max(subject_end, s.start + clause_start))
    last = _token_index(s, claim_end)
    return frames.negated_between(s, first, last)


@sentence_check(SCHEDULE, kinds=PROSE_AND_ALT_KINDS,
                needs=has_lower("schedul", "controlled", "refill", "c-i", "c-v"))
def schedule_claims(unit: SentenceUnit) -> Iterator[Finding]:
    if not _statement(unit):
        return
    s = unit.sentence
    kb = unit.ctx.kb
    lower = s.lower
    text = unit.text
    claims = list(_schedule_claims(lower))
    # "C-II" written in capitals is the schedule mark on a label; lower-case "c-ii" is rarely it
    claims = [c for c in claims if not lower[c[0]:c[0] + 2] == "c-" or text[c[0]] == "C"]
    reported: set[tuple[str, ...]] = set()
    for start, end, value, says_not in claims:
        a, b = s.start + start, s.start + end
        if _in_quotes(unit, a, b):
            continue
        # "Schedule II drugs such as oxycodone" and "classified as Schedule II": the claim
        # comes first, then the medicine
        subjects = _subjects(unit, a)
        if not subjects:
            subjects = _listed_after(unit, b)
        for product, p_start, p_end in subjects:
            if product.generics in reported:
                continue
            schedule = _product_schedule(kb, product)
            if schedule is None:
                continue
            negated = says_not or _negated_before(unit, max(p_end, s.start), a, b)
            wrong = _schedule_wrong(schedule, value, negated, lower)
            if wrong is None:
                continue
            reported.add(product.generics)
            yield unit.finding(SCHEDULE, a, b, message=_schedule_message(product, schedule, wrong, value),
                               suggestions=(_schedule_text(schedule),))
    if "refill" not in lower:
        return
    for m in _REFILL_CLAIM.finditer(lower):
        a, b = s.start + m.start(), s.start + m.end()
        window = lower[max(0, m.start() - 40):m.start()]
        if re.search(r"\b(?:not|no|never|cannot|can't|won't|isn't|aren't)\b", window + " " + m.group()):
            continue
        subjects = _subjects(unit, a) or [(m.product, m.start, m.end) for m in s.mentions
                                           if m.product is not None and m.start >= b]
        for product, _, _ in subjects:
            schedule = _product_schedule(kb, product)
            if schedule is None or schedule.value != "II" or product.generics in reported:
                continue
            reported.add(product.generics)
            yield unit.finding(SCHEDULE, a, b,
                               message=f"{_capital(product.label())} is Schedule II: a Schedule II prescription "
                                       f"cannot be refilled; each fill needs a new prescription "
                                       f"(21 U.S.C. 829(a); 21 CFR 1306.12). [{schedule.source}]",
                               suggestions=("needs a new prescription each time",))


def _listed_after(unit: SentenceUnit, offset: int) -> list[tuple[Product, int, int]]:
    """Products named right after a claim: "Schedule II drugs such as oxycodone",
    "classifies carisoprodol as Schedule IV" (the product before "as")."""
    s = unit.sentence
    lower = s.lower
    rel = offset - s.start
    _, clause_end = _clause_bounds(lower, rel)
    tail = lower[rel:clause_end]
    m = re.match(r"\s*(?:drugs?|medicines?|medications?|substances?|products?|controlled\s+substances?)?"
                 r"\s*(?:,\s*)?(?:such\s+as|like|including|include|includes|e\.g\.,?|for\s+example,?|are|is)\b", tail)
    if not m:
        return []
    out = []
    for mention in s.mentions:
        if mention.product is not None and offset + m.end() <= mention.start < s.start + clause_end:
            out.append((mention.product, mention.start, mention.end))
    return out


def _schedule_wrong(schedule: Schedule, value: str | None, negated: bool, lower: str) -> str | None:
    """What is wrong with the claim, or None when it is right or cannot be judged."""
    if value is None:   # "a controlled substance" / "not controlled"
        if schedule.controlled and negated:
            return "not-controlled"
        if not schedule.controlled and not negated:
            if _STATE_WORDS.search(lower) or "federal" in lower and "not" in lower:
                return None
            return "controlled"
        return None
    if negated:
        return "not-this" if schedule.controlled and schedule.value == value else None
    if schedule.controlled and schedule.value == value:
        return None
    if _HISTORY_SCHEDULE.search(lower) and schedule.since:
        return None   # "was Schedule III until 2014"
    if not schedule.controlled and _STATE_WORDS.search(lower):
        return None   # a state's schedule
    return "other"


def _schedule_message(product: Product, schedule: Schedule, wrong: str, claimed: str | None) -> str:
    name = _capital(product.label())
    source = schedule.source
    if not schedule.controlled:
        states = f" ({schedule.states})" if schedule.states else ""
        return f"{name} is not a federally controlled substance{states}. [{source}]"
    since = f" (since {schedule.since[:4]})" if schedule.since else ""
    if wrong == "not-controlled":
        return f"{name} is a controlled substance: Schedule {schedule.value}{since}. [{source}]"
    if wrong == "not-this":
        return f"{name} is Schedule {schedule.value}{since}. [{source}]"
    return f"{name} is Schedule {schedule.value}{since}, not Schedule {claimed}. [{source}]"


CHECKS: tuple = (schedule_claims,)
