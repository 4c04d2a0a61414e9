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

from ..context import PageAnalysis, RunContext, RunIndex
from ..dispatch import SentenceUnit
from ..knowledge import Drug, KnowledgeBase, Product, Schedule
from ..medtext import Mention, Sentence, find_mentions, tokenize
from ..model import HEADING, LIST_ITEM, PROSE_AND_ALT_KINDS, TABLE_CELL, Finding
from ..rules import MENTION, custom, has_lower, rule_maker, sentence_check
from . import frames
from .dosing import quoted

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
    "the FDA approves medicines, their switch to over-the-counter sale and their labels), or a "
    "prescription-only medicine is said to be sold over the counter, or a medicine the law keeps "
    "behind the counter is said to be sold freely.",
    "21 U.S.C. 811 and 28 CFR 0.100 (scheduling by the DEA); 21 U.S.C. 355 (drug approval by the "
    "FDA); 21 U.S.C. 353(b) (prescription-only drugs; each medicine's status in rules/facts/*.yml); "
    "21 U.S.C. 830(e) (behind-the-counter sale of pseudoephedrine); rules/facts/core.yml roles",
    ("The FDA schedules opioids.",
     "Sertraline is available over the counter.",
     "You can buy ulipristal (ella) without a prescription.",
     "The CDC approved Plan B for sale without a prescription.",
     "The DEA approves medicines before they can be sold.",
     "The FDA decides which schedule a controlled substance is placed in.",
     "Vyvanse was approved by the DEA for binge eating disorder.",
     "Pseudoephedrine is available without any restriction on store shelves.",
     "Approved for US patients by the European Medicines Agency in 2010.",
     "The MHRA approved Ozempic for sale in the United States.",
     "Melatonin is approved by the FDA for insomnia.",
     "Glucosamine is FDA-approved for joint pain."),
    ("The FDA approves medicines; the DEA decides which ones are controlled substances.",
     "Sertraline is not sold over the counter.",
     "Loratadine is available over the counter.",
     "Ask before you take sertraline with over-the-counter pain relievers.",
     "In the UK, sildenafil can be bought without a prescription.",
     "The DEA schedules opioids under the Controlled Substances Act.",
     "The CDC does not approve medicines.",
     "The CDC recommends that adults get a flu shot every year.",
     "Vyvanse was approved by the FDA for binge eating disorder in 2015.",
     "Pseudoephedrine is sold from behind the pharmacy counter, and you need to show ID.",
     "The European Medicines Agency approved Prolia for use in the EU.",
     "In the UK, the MHRA licensed Prolia in 2010.",
     "Melatonin is not FDA-approved.",
     "Unlike FDA-approved drugs, melatonin is not checked before sale.",
     "Ramelteon is an FDA-approved melatonin receptor agonist."),
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
    "withdrawn; a brand withdrawn while its generic is still sold, withdrawn_brands; a "
    "combination product, its combinations entry's withdrawn)",
    ("Ask your doctor about Vioxx.",
     "Vioxx is a good option for arthritis pain.",
     "Rofecoxib is available by prescription.",
     "For milder pain, your doctor can still prescribe Darvocet.",
     "Bextra is another NSAID worth asking about.",
     "If naproxen upsets your stomach, ask the pharmacist for Bextra.",
     "Take Propulsid 15 minutes before meals.",
     "Accutane is a good choice for severe acne.",
     "Ask about Advicor for an extra boost."),
    ("Vioxx was withdrawn from the market in 2004.",
     "Isotretinoin (Accutane) treats severe acne.",
     "Before the recall, many people took Zantac once a day.",
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
     "This epidural injection uses a corticosteroid approved by the FDA for the spine.",
     "Echinacea is FDA-approved to treat colds.",
     "Differin gel is FDA-approved for fine lines."),
    ("Gabapentin is FDA-approved for seizures and shingles pain.",
     "Gabapentin is not FDA-approved for back pain, but doctors sometimes prescribe it off-label.",
     "Pregabalin is FDA-approved for fibromyalgia.",
     "Trazodone is approved for depression; using it for insomnia is off-label.",
     "Epidural steroid injections are not FDA-approved for this use.",
     "The FDA has not approved corticosteroids for epidural injection, but doctors often use them.",
     "Turmeric is not FDA-approved to treat arthritis.",
     "Differin gel is FDA-approved to treat acne."),
    rationale="Calling an off-label use FDA-approved tells the reader the FDA reviewed evidence "
              "for it, which it did not. Off-label use can be reasonable; it should be named as such.",
    outranks=("med.unapproved-use",))

RULES = (SCHEDULE, REGULATOR, AGENCY_NAME, WITHDRAWN, RETIRED_LABEL, UNAPPROVED_USE)


# --- shared ---------------------------------------------------------------------------------

_ROMAN = {"i": "I", "ii": "II", "iii": "III", "iv": "IV", "v": "V",
          "1": "I", "2": "II", "3": "III", "4": "IV", "5": "V",
          "one": "I", "two": "II", "three": "III", "four": "IV", "five": "V"}
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


def _class_schedule(kb: KnowledgeBase, class_id: str) -> Schedule | None:
    """The schedule of a closed class whose members (two or more) all share one schedule
    (benzodiazepines: IV); None when they differ or the base lacks one."""
    cls = kb.classes.get(class_id)
    if cls is None or cls.open:
        return None
    members = kb.members(class_id)
    if len(members) < 2:
        return None
    schedules = [kb.drugs[g].schedule for g in sorted(members) if g in kb.drugs]
    if len(schedules) != len(members) or any(sch is None for sch in schedules):
        return None
    if len({sch.value for sch in schedules}) != 1:
        return None
    return schedules[0]


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


def _table_grid(doc, ctx) -> dict[int, dict[tuple[int, int], object]]:
    """Each table's cells by (row, column)."""
    grid: dict[int, dict[tuple[int, int], object]] = {}
    for block in doc.blocks:
        if block.kind == TABLE_CELL and "table" in block.attrs:
            grid.setdefault(block.attrs["table"], {})[(block.attrs["row"], block.attrs["column"])] = block
    return grid


TABLE_GRID: PageAnalysis[dict[int, dict[tuple[int, int], object]]] = PageAnalysis(
    "claims.regulatory.table-grid", _table_grid)
IN_TABLE = custom("a table cell", lambda unit: unit.block.kind == TABLE_CELL)


def _cell_context(unit: SentenceUnit, header_words: tuple[str, ...] = ()) -> tuple[Product | None, str]:
    """For a table cell: the first product named in the cells before it in its row, and
    its column's header text (lower-cased; "" without one). With ``header_words``, the
    row is read only under a header holding one of them."""
    attrs = unit.block.attrs
    if unit.block.kind != TABLE_CELL or "table" not in attrs or attrs.get("header"):
        return None, ""
    cells = unit.ctx.analysis(TABLE_GRID, unit.doc).get(attrs["table"], {})
    row, column = attrs["row"], attrs["column"]
    header_cell = cells.get((0, column))
    header = header_cell.text.lower() if header_cell is not None and header_cell.attrs.get("header") else ""
    if header_words and not any(w in header for w in header_words):
        return None, header
    for c in range(column):
        cell = cells.get((row, c))
        if cell is None:
            continue
        for m in find_mentions(tokenize(cell.text), unit.ctx.kb):
            if m.product is not None:
                return m.product, header
    return None, header


def _row_product(unit: SentenceUnit) -> Product | None:
    return _cell_context(unit)[0]


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
    return quoted(unit.sentence, start, end)


# --- med.schedule ---------------------------------------------------------------------------

_SCHEDULE_CLAIM = re.compile(
    r"\bschedule[- ](?P<num>iii|ii|iv|v|i|[1-5]|one|two|three|four|five)\b(?![-–]\s*(?:iii|ii|iv|v|[1-5])\b)"
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


_MAYBE = re.compile(r"\b(?:may|might|could|possibly|perhaps|sometimes)\b")


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


_CELL_SCHEDULE = re.compile(r"^\s*(?:(?:dea\s+)?schedule\s+|c-?)?(?P<num>iii|ii|iv|v|i|[1-5])\s*(?:\(|$)")
_CELL_NOT_CONTROLLED = re.compile(r"^\s*(?:no|none|not\s+(?:federally\s+)?(?:controlled|scheduled)|"
                                  r"unscheduled|non-?controlled)\b")
_CELL_CONTROLLED = re.compile(r"^\s*yes\b")


def _cell_schedule_claim(unit: SentenceUnit) -> tuple[Product, tuple[int, int, str | None, bool]] | None:
    """A cell under a "Schedule" / "Controlled substance?" header: what it says of the
    row's medicine, as a claim (start, end, schedule or None, says not controlled)."""
    product, header = _cell_context(unit, ("schedul", "controlled"))
    if product is None:
        return None
    lower = unit.sentence.lower
    m = _CELL_SCHEDULE.match(lower)
    if m and "schedul" in header:
        first = len(lower) - len(lower.lstrip())
        return product, (first, m.end("num"), _ROMAN[m.group("num")], False)
    m = _CELL_NOT_CONTROLLED.match(lower)
    if m:
        return product, (m.start(), m.end(), None, True)
    m = _CELL_CONTROLLED.match(lower)
    if m and "controlled" in header:
        return product, (m.start(), m.end(), None, False)
    return None


@sentence_check(SCHEDULE, kinds=PROSE_AND_ALT_KINDS,
                needs=has_lower("schedul", "controlled", "refill", "c-i", "c-v") | IN_TABLE)
def schedule_claims(unit: SentenceUnit) -> Iterator[Finding]:
    if not _statement(unit):
        return
    s = unit.sentence
    kb = unit.ctx.kb
    lower = s.lower
    text = unit.text
    if unit.block.kind == TABLE_CELL:
        cell = _cell_schedule_claim(unit)
        if cell is not None:
            product, (start, end, value, says_not) = cell
            schedule = _product_schedule(kb, product)
            wrong = _schedule_wrong(schedule, value, says_not, lower) if schedule is not None else None
            if wrong is not None:
                yield unit.finding(SCHEDULE, s.start + start, s.start + end,
                                   message=_schedule_message(product, schedule, wrong, value),
                                   suggestions=(_schedule_text(schedule),))
            return
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
            subjects = _listed_after(unit, b) or _fronted(unit, a, b)
        for product, p_start, p_end in subjects:
            if product.generics in reported:
                continue
            if p_end >= 0 and not _linked(unit, p_end, a):
                continue   # "gabapentin, unlike Schedule II opioids, ..." says nothing of its schedule
            schedule = _product_schedule(kb, product)
            if schedule is None:
                continue
            if _MAYBE.search(lower, max(p_end, s.start) - s.start, start):
                continue   # "gabapentin may be a controlled substance where you live"
            negated = says_not or _negated_before(unit, max(p_end, s.start), a, b)
            wrong = _schedule_wrong(schedule, value, negated, lower)
            if wrong is None:
                continue
            reported.add(product.generics)
            yield unit.finding(SCHEDULE, a, b, message=_schedule_message(product, schedule, wrong, value),
                               suggestions=(_schedule_text(schedule),))
        # "Benzodiazepines are Schedule II": a class every member of which has one schedule
        for mention in s.mentions:
            if not mention.is_class or mention.negated or mention.end > a or ("class", mention.class_id) in reported:
                continue
            if not _linked(unit, mention.end, a) or any(p_end >= mention.end for _, _, p_end in subjects):
                continue
            schedule = _class_schedule(kb, mention.class_id)
            if schedule is None:
                continue
            negated = says_not or _negated_before(unit, mention.end, a, b)
            wrong = _schedule_wrong(schedule, value, negated, lower)
            if wrong is None:
                continue
            reported.add(("class", mention.class_id))
            name = text[mention.start - s.start:mention.end - s.start]
            label = Product(name=name, generics=())
            yield unit.finding(SCHEDULE, a, b, message=_schedule_message(label, schedule, wrong, value)
                               .replace(" is ", " are ", 1) if mention.plural else
                               _schedule_message(label, schedule, wrong, value),
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


# The words that may stand between a medicine and what is said of it: "X is a", "X has
# been in", "X (Brand), a ..., is classified by the DEA as a". Other medicines named
# alongside ("X and Y are") count as "x".
_LINK_WORDS = frozenset("""x and or , ( ) - is are was were be been being has have had remains remain
became becomes isn't aren't wasn't not also still now considered classified listed placed categorized
regulated scheduled in into under as a an the federally by dea drug enforcement administration u.s. us
fda since it officially currently legally itself known defined designated technically actually both
all each which that only just merely rated — – : ;""".split())
_ASIDE = re.compile(r"\([^()]{0,80}\)|,[^,;]{0,80},")


def _linked(unit: SentenceUnit, subject_end: int, claim_start: int) -> bool:
    """Whether the words between a medicine and a claim only link them."""
    s = unit.sentence
    text = s.text
    pieces = []
    at = subject_end
    for m in s.mentions:
        if subject_end <= m.start < claim_start:
            pieces.append(text[at:m.start])
            pieces.append(" x ")
            at = m.end
    pieces.append(text[at:claim_start])
    gap = "".join(pieces).lower()
    gap = _ASIDE.sub(" , ", _ASIDE.sub(" , ", gap))
    if len(gap) > 160:
        return False
    return all(t.norm in _LINK_WORDS or t.norm.isdigit() for t in tokenize(gap))


_FRONTED = re.compile(r"^\s*(?:because|since|as|being|although|though|while|like\s+other)\b"
                      r"(?:\s+(?:it|they)\s+(?:is|are|was|has\s+been|isn't|aren't))?[^,;]*$")


def _fronted(unit: SentenceUnit, claim_start: int, claim_end: int) -> list[tuple[Product, int, int]]:
    """"As a Schedule IV drug, tramadol ..." / "Because it is controlled, Xanax ...": the
    claim in a fronted clause is about the medicine right after its comma."""
    s = unit.sentence
    lower = s.lower
    if not _FRONTED.match(lower[:claim_start - s.start]):
        return []
    comma = lower.find(",", claim_end - s.start)
    if comma < 0:
        return []
    for mention in s.mentions:
        rel = mention.start - s.start
        if rel > comma:
            if mention.product is not None and not lower[comma + 1:rel].strip(" (the"):
                return [(mention.product, -1, -1)]
            return []
    return []


def _listed_after(unit: SentenceUnit, offset: int) -> list[tuple[Product, int, int]]:
    """Products named right after a claim: "Schedule II drugs such as oxycodone",
    "classifies carisoprodol as Schedule IV" (the product before "as")."""
    s = unit.sentence
    lower = s.lower
    rel = offset - s.start
    _, clause_end = _clause_bounds(lower, rel)
    if lower[rel:].lstrip().startswith(":"):   # "Schedule II: oxycodone, hydrocodone"
        colon = lower.index(":", rel)
        _, clause_end = _clause_bounds(lower, colon + 1)
    tail = lower[rel:clause_end]
    m = re.match(r"\s*(?:drugs?|medicines?|medications?|substances?|products?|controlled\s+substances?)?"
                 r"\s*(?:,\s*)?(?:(?:such\s+as|like|including|include|includes|e\.g\.,?|for\s+example,?|are|is)\b|:)",
                 tail)
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



# --- agencies: their names and roles -------------------------------------------------------

_AGENCY_NEEDS = has_lower("fda", "dea", "cdc", "nih", "nci", "nida", "food and drug", "food & drug", "enforcement",
                          "cancer institute", "on drug abuse",
                          "for disease", "institute of health", "institutes of health",
                          "institute for health", "institutes for health", "federal drug",
                          "ema", "medicines agency", "mhra", "health canada")


def _agency_names(run: RunContext) -> tuple[dict[tuple[str, ...], tuple[str, bool]], frozenset[str]]:
    """Every way the base names an agency, as normalized tokens -> (agency id, wrong
    name), and the first tokens of those names."""
    keys = {}
    kb = run.kb
    if kb is not None:
        for key, entries in kb.lexicon.items():
            for entry in entries:
                if entry.kind == "agency":
                    keys[key] = (entry.id, entry.wrong)
    return keys, frozenset(k[0] for k in keys)


AGENCY_NAMES: RunIndex[tuple[dict, frozenset[str]]] = RunIndex("medical.agency-names", _agency_names)


def _agencies(s: Sentence, names: tuple[dict, frozenset[str]]) -> list[tuple[int, int, str, bool]]:
    """(start, end, agency id, wrong name) for each agency the sentence names, longest
    name first at each position. "FDA-approved" is a single token that names the FDA."""
    keys, firsts = names
    longest = max((len(k) for k in keys), default=0)
    tokens = s.tokens
    out = []
    i = 0
    while i < len(tokens):
        norm = tokens[i].norm
        if norm not in firsts and norm.split("-", 1)[0] not in firsts:
            i += 1
            continue
        hit = None
        for size in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(t.norm for t in tokens[i:i + size])
            if key in keys:
                hit = (size, keys[key])
                break
        if hit is None:
            head = tokens[i].norm.split("-", 1)[0]
            if "-" in tokens[i].norm and (head,) in keys:
                out.append((tokens[i].start, tokens[i].start + len(head), *keys[(head,)]))
            i += 1
            continue
        size, (agency, wrong) = hit
        out.append((tokens[i].start, tokens[i + size - 1].end, agency, wrong))
        i += size
    return out


# Verbs of each role. The role ids are core.yml's (its `roles` name the agency that holds
# each role and the law behind it).
_APPROVE_VERB = r"(?:approved?|approves|approving|cleared|clears|licensed|licenses|authorized|authorizes|okayed|okays)"
# Nouns of approval a medicine gets from an agency: "got the green light from the CDC".
_APPROVAL_NOUN = r"(?:green\s+light|go-ahead|clearance|sign-off|seal\s+of\s+approval|authori[sz]ation)"
_SCHEDULE_VERB = (r"(?:schedules|scheduled|reschedul\w*|decides|decided|decide|determines|determined|sets|set|"
                  r"assigns|assigned|places|placed|puts|classifies|classified|reclassified|reclassifies|"
                  r"lists|listed|moved|moves|made|makes|declared|declares|designated|designates)")
_SUBJECT_VERB = re.compile(
    r"^\s*(?:\([^)]{1,12}\)\s*)?(?:(?:is|was)\s+(?:the\s+|an?\s+)?(?:\w+\s+){0,2}?(?:agency|one|body|"
    r"organization|office|regulator)\s+)?(?:has\s+|have\s+|had\s+|also\s+|first\s+|officially\s+|finally\s+|"
    r"formally\s+|only\s+|then\s+|later\s+|now\s+|that\s+|which\s+|who\s+)*"
    r"(?P<verb>" + _APPROVE_VERB + "|" + _SCHEDULE_VERB + r"|gave\s+(?:its\s+)?approval|granted\s+approval|"
    r"requires?|required|added|adds|writes|wrote|approval|'s\s+schedules?|schedules?\s+(?:i|ii|iii|iv|v)|"
    r"(?:'s\s+)?(?:controlled[- ]substances?\s+)?(?:schedules|schedule\s+list|scheduling))\b")
_AGENT_BEFORE = re.compile(
    r"\b(?P<verb>" + _APPROVE_VERB + "|" + _SCHEDULE_VERB + r"|approval|labeled|labelled)\b"
    r"(?P<gap>[^.;]{0,70}?)\b(?:by|(?:came|comes|come)\s+from)\s+(?:the\s+)?(?:u\.\s?s\.\s+)?$"
    r"|\b(?P<noun>approval|" + _APPROVAL_NOUN + r")\s+(?:from|by)\s+(?:the\s+)?(?:u\.\s?s\.\s+)?$")
_SCHEDULE_CONTEXT = re.compile(r"\bschedul\w*|\bcontrolled\s+substances?\b|\bcontrolled\b")
_LABEL_CONTEXT = re.compile(r"\b(?:boxed|black[- ]box)\s+warnings?\b|\blabels?\b|\blabeling\b|\bmedication\s+guide\b")
_MEDICINE_WORDS = re.compile(r"\b(?:drugs?|medicines?|medications?|vaccines?|pills?|tablets?|generics?|"
                             r"over[- ]the[- ]counter|otc|prescription|nonprescription|treatments?|"
                             r"products?|brand|injection|inhaler|patch|capsules?)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|cannot|can't|doesn't|don't|didn't|isn't|"
                       r"aren't|wasn't|weren't|hasn't|haven't)\b|n't\b")


def _role_of(verb: str, lower: str, medicine: bool = False) -> str | None:
    """The core.yml role a verb claims, given the sentence it is in (``medicine``: the
    sentence names a medicine or a class)."""
    if re.fullmatch(_APPROVE_VERB + r"|gave\s+(?:its\s+)?approval|granted\s+approval|approval|" + _APPROVAL_NOUN, verb):
        return "approve-medicines"
    if "schedul" in verb and not re.fullmatch(_SCHEDULE_VERB, verb):
        return "schedule-controlled-substances"   # "the FDA's schedules", "FDA Schedule II"
    if re.fullmatch(_SCHEDULE_VERB, verb):
        # "scheduled" alone may be a meeting; it is the role when a medicine is scheduled
        # or the sentence speaks of schedules or controlled substances besides the verb
        others = len(_SCHEDULE_CONTEXT.findall(lower)) - (1 if verb.startswith(("schedul", "reschedul")) else 0)
        return "schedule-controlled-substances" if others > 0 or (medicine and verb.startswith(
            ("schedul", "reschedul"))) else None
    if re.fullmatch(r"requires?|required|added|adds|writes|wrote|labeled|labelled", verb):
        return "drug-labels" if _LABEL_CONTEXT.search(lower) else None
    return None


def _role_claims(unit: SentenceUnit, agencies: list[tuple[int, int, str, bool]]
                 ) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, agency id, role id): an agency as the doer of a role's verb, as its
    subject ("The CDC approved ...") or its agent ("approved by the CDC")."""
    s = unit.sentence
    lower = s.lower

    def medicine_in(i: int, j: int) -> bool:
        """A medicine, a class or a word for medicines in lower[i:j] (what is scheduled)."""
        return bool(_MEDICINE_WORDS.search(lower, max(i, 0), j)) or any(
            (m.product is not None or m.is_class) and i <= m.start - s.start < j for m in s.mentions)

    for start, end, agency, _ in agencies:
        a, b = start - s.start, end - s.start
        hyphen = re.match(r"[a-z]+-(approv\w*|licensed|cleared)", lower[a:])
        if hyphen:   # "DEA-approved"
            yield start, s.start + a + hyphen.end(), agency, "approve-medicines"
            continue
        after = _SUBJECT_VERB.match(lower[b:])
        if after:
            verb_end = b + after.end()
            # what is scheduled: the words up to the next preposition ("a meeting about ...")
            obj = re.search(r"\b(?:about|on|for|with|to|at|in|of)\b|[,.;:]", lower[verb_end:verb_end + 40])
            obj_end = verb_end + (obj.start() if obj else 40)
            role = _role_of(after.group("verb"), lower, medicine_in(verb_end, obj_end))
            if role == "approve-medicines" and _NOT_A_MEDICINE.match(lower[verb_end:]):
                role = None
            if role and not _NEGATION.search(lower[b:verb_end]) \
                    and not _NEGATION.search(lower[max(0, a - 12):a]):
                yield start, end, agency, role
                continue
        before = _AGENT_BEFORE.search(lower[:a])
        if before:
            role = _role_of(before.group("verb") or before.group("noun"), lower, medicine_in(0, before.start()))
            if before.group("noun") and (not medicine_in(0, before.start()) or _NOT_A_MEDICINE.match(lower[b:])):
                role = None   # "the clinic got clearance from the DEA to dispense ..."
            if role and not _NEGATION.search(lower[max(0, before.start() - 20):a]):
                yield start, end, agency, role


_US_CONTEXT = re.compile(r"\b(?:us|u\.\s?s\.?|usa|united\s+states|america|american|americans)\b")
# What the DEA, CDC and NIH do approve: registrations, quotas, grants, studies.
_NOT_A_MEDICINE = re.compile(r"\s+(?:\w+\s+){0,3}?(?:registrations?|quotas?|licen[cs]es?|applications? to "
                             r"(?:dispense|prescribe|manufacture)|prescribers?|pharmac\w*|clinics?|"
                             r"research|funding|grants?|stud(?:y|ies)|trials?|budgets?|"
                             r"to\s+(?:prescribe|dispense|handle|manufacture|import|export|possess|study))\b")


@sentence_check(REGULATOR, AGENCY_NAME, kinds=PROSE_AND_ALT_KINDS, needs=_AGENCY_NEEDS)
def agencies(unit: SentenceUnit) -> Iterator[Finding]:
    kb = unit.ctx.kb
    s = unit.sentence
    named = _agencies(s, unit.ctx.run.index(AGENCY_NAMES))
    if not named:
        return
    for start, end, agency, wrong in named:
        if wrong and not _in_quotes(unit, start, end):
            term = kb.term("agency", agency)
            right = term.words[0] if term is not None and term.words else agency.upper()
            yield unit.finding(AGENCY_NAME, start, end,
                               message=f"The agency's name is the {right} "
                                       f"({agency.upper()}). [{term.source if term else ''}]",
                               suggestions=(right,))
    if not _statement(unit):
        return
    lower = s.lower
    present = {agency for _, _, agency, _ in named}
    for start, end, agency, role_id in _role_claims(unit, named):
        role = kb.term("role", role_id)
        if role is None:
            continue
        holder = role.get("agency")
        if role_id == "approve-medicines" and agency == "fda" and not _in_quotes(unit, start, end):
            supplement = _approved_supplement(unit, kb, start)
            if supplement is not None:
                yield unit.finding(REGULATOR, start, end,
                                   message=f"{_capital(supplement.label())} is sold as a dietary supplement: the FDA "
                                           f"does not approve supplements before they are sold. [{_HERBAL_SOURCE}]",
                                   suggestions=())
                continue
        if holder == agency or holder in present:
            continue
        term = kb.term("agency", agency)
        abroad = term.get("jurisdiction") if term is not None else None
        if abroad and not _US_CONTEXT.search(lower):
            continue   # the EMA approves medicines for the EU: wrong only said of the US
        if role_id == "approve-medicines" and not (any(m.product is not None for m in s.mentions)
                                                   or _MEDICINE_WORDS.search(lower)):
            continue   # the DEA approves registrations and quotas; the NIH approves grants
        if _in_quotes(unit, start, end):
            continue
        holder_term = kb.term("agency", holder)
        doer = holder_term.label if holder_term is not None else holder.upper()
        what, source = role.label, role.source
        where = f" in the United States ({term.label} acts for {abroad})" if abroad else ""
        yield unit.finding(REGULATOR, start, end,
                           message=f"{_capital(doer)} {what}{where}, not the {agency.upper()}. [{source}]",
                           suggestions=(holder.upper(),))


_SUPPLEMENT_CONTRAST = re.compile(r"\b(?:unlike|than|instead|whereas|rather|no\s+supplements?|only\s+drugs|"
                                  r"receptor|prescription)\b")
_OUR_PRODUCT = re.compile(r"\b(?:our|this|these|each|every)\s+(?:[\w-]+\s+){0,2}?(?:formula|formulas|gumm(?:y|ies)|"
                          r"supplements?|products?|blend|capsules?|tablets?|softgels?|tea|drops)\b")


def _approved_supplement(unit: SentenceUnit, kb: KnowledgeBase, start: int) -> Product | None:
    """The dietary supplement an FDA approval is claimed for ("Melatonin is FDA-approved",
    "Our FDA-approved formula" on a page selling melatonin), or None. A sentence that names
    a medicine the FDA does approve, or contrasts supplements with them, is left alone."""
    s = unit.sentence
    lower = s.lower
    at = start - s.start
    clause_start, _ = _clause_bounds(lower, at)
    if _NEGATION.search(lower[clause_start:at]) or _SUPPLEMENT_CONTRAST.search(lower) \
            or re.match(r"[\w-]*\s+(?:drugs?|medicines?|medications?|treatments?)\b", lower[at:]):
        return None   # "not FDA-approved", "unlike FDA-approved drugs"
    named = [m.product for m in s.mentions if m.product is not None]
    if named:
        if not all(_is_supplement(kb, p) for p in named) or any(
                "herbal-supplement" in kb.product_classes(p) for p in named):
            return None   # an herb "approved for" a use is med.unapproved-use's
        return named[0]
    if not _OUR_PRODUCT.search(lower):
        return None
    subject = unit.ctx.analysis(frames.PAGE_SUBJECT, unit.doc)
    return subject if subject is not None and _is_supplement(kb, subject) else None


def _is_supplement(kb: KnowledgeBase, product: Product) -> bool:
    """Sold only as a supplement: vitamins and minerals have prescription forms the FDA
    approves (ergocalciferol, folic acid 1 mg), so they are not judged."""
    drugs = _drugs(kb, product)
    return bool(drugs) and all(d.status == "otc" and kb.classes_of(d.name) == {"dietary-supplement"}
                               for d in drugs)


# --- med.retired-label ------------------------------------------------------------------------

_LETTER_CATEGORY = re.compile(
    r"\b(?:fda\s+)?pregnancy\s+(?:risk\s+)?categor(?:y|ies)(?:\s*[:\-–—]?\s*(?:rating\s+)?(?:of\s+)?(?P<l1>[abcdx])\b)?"
    r"|\bcategor(?:y|ies)\s+(?P<l2>[abcdx])\b")
_RETIRED_HISTORY = re.compile(
    r"\b(?:(?:old|older|former|previous)\s+(?:\w+\s+){0,2}?(?:labels?|letters?|system|categor\w*|ratings?|scheme)|"
    r"formerly|previously|used\s+to|no\s+longer|replaced|retired|"
    r"removed|phased\s+out|eliminated|dropped|abandoned|outdated|out\s+of\s+date|obsolete|"
    r"was|were|had|before\s+(?:2015|june)|until\s+(?:2015|june)|pllr|"
    r"pregnancy\s+and\s+lactation\s+labeling)\b")


@sentence_check(RETIRED_LABEL, kinds=PROSE_AND_ALT_KINDS, needs=has_lower("categor") | IN_TABLE)
def retired_pregnancy_categories(unit: SentenceUnit) -> Iterator[Finding]:
    s = unit.sentence
    lower = s.lower
    if not _statement(unit):
        return
    if unit.block.kind == TABLE_CELL:
        # a letter alone under a "Pregnancy category" header
        _, header = _cell_context(unit, ("pregnan",))
        letter = re.match(r"^\s*(?:category\s+)?([abcdx])\s*$", lower)
        if letter and "pregnan" in header and "categor" in header:
            yield _retired_finding(unit, s.start + letter.start(), s.start + letter.end())
            return
        if "categor" not in lower:
            return
    heading = unit.ctx.analysis(frames.HEADINGS_ABOVE, unit.doc).get(id(unit.block)) or ""
    for m in _LETTER_CATEGORY.finditer(lower):
        letter = m.group("l1") or m.group("l2")
        if letter is None and not re.search(r"\b(?:is|are|has|have|carries|carry|rated|listed|"
                                            r"classified|falls?\s+(?:in|into|under))\b", lower):
            continue
        if _RETIRED_HISTORY.search(lower):
            continue
        a, b = s.start + m.start(), s.start + m.end()
        if _in_quotes(unit, a, b):
            continue
        if m.group("l2") and "pregnan" not in lower and "pregnan" not in heading.lower() \
                and not re.match(r"\s+(?:drug|medicine|medication)", lower[m.end():]):
            continue
        yield _retired_finding(unit, a, b)
        return


def _retired_finding(unit: SentenceUnit, a: int, b: int) -> Finding:
    term = unit.ctx.kb.term("retired-label", "pregnancy-letter-categories")
    replaced = term.get("replaced_by") if term else ""
    source = term.source if term else ""
    return unit.finding(RETIRED_LABEL, a, b,
                        message="The FDA's pregnancy letter categories (A, B, C, D, X) were removed from "
                                "prescription drug labels from June 30, 2015; labels now describe the "
                                f"risks in words ({replaced}). [{source}]",
                        suggestions=("describe what the label says about pregnancy",))


# --- med.unapproved-use -----------------------------------------------------------------------

_APPROVED_FOR = re.compile(
    r"\b(?:fda[- ]approved|approved\s+by\s+the\s+(?:u\.\s?s\.\s+)?(?:fda|food\s+and\s+drug\s+administration)"
    r"(?:\s*\(fda\))?|approved|has\s+(?:fda\s+)?approval|fda\s+approval|indicated)"
    r"(?:\s+(?:by\s+the\s+(?:fda|food\s+and\s+drug\s+administration)))?"
    r"\s+(?:for(?:\s+use\s+(?:in|for|as))?|to\s+(?:treat|prevent|help|relieve|ease|manage|control)|"
    r"as\s+(?:an?\s+)?|in\s+the\s+treatment\s+of|treatment\s+(?:for|of))\b"
    r"|\bthe\s+fda\s+(?:has\s+)?approved\b|\bfda[- ]approved\s+(?:treatment|medicine|drug|medication|option)\s+for\b"
    r"|\b(?:an?\s+)?approved\s+(?:treatment|medicine|drug|medication|use|option)\s+for\b"
    r"|\bfda[- ]approved\b|\bapproved\s+by\s+(?:the\s+)?(?:u\.\s?s\.\s+)?(?:fda|food\s+and\s+drug\s+administration)\b"
    r"|\bfda\s+approval\b")
_OFF_LABEL = re.compile(r"\boff[- ]label\b|\bunapproved\b|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:fda[- ])?approved\b")
_CLAUSE_END = re.compile(r"[;.!?()]|,\s+(?:but|while|although|though|however|and\s+(?:it|is|doctors)|"
                         r"which|so)\b|\s(?:but|while|although|whereas|though|however)\s|\boff[- ]label\b|"
                         r"\bnot\b|\bunapproved\b")
_EPIDURAL = re.compile(r"\bepidural|\besis?\b")
_STEROID = re.compile(r"\bsteroids?\b|\bcorticosteroids?\b|\bcortisone\b|\binjections?\b|\bshots?\b")


def _use_at(lower: str, words: Iterable[str], start: int, end: int) -> tuple[int, int] | None:
    best = None
    for word in words:
        for m in re.finditer(r"\b" + re.escape(word.lower()) + r"\b", lower[start:end]):
            span = (start + m.start(), start + m.end())
            if best is None or span[1] - span[0] > best[1] - best[0]:
                best = span
    return best


def lead_in(unit: SentenceUnit) -> str:
    """For a list item, the lower-cased line that introduces its list ("Uses the FDA has
    approved:", "Pain medicines we can order for you:"); else ""."""
    blocks = unit.doc.blocks
    if unit.block.kind != LIST_ITEM or not (0 <= unit.index < len(blocks)):
        return ""
    # Back over the list's items to the line before them; an item that ends with a colon
    # introduces the items after it.
    j = unit.index - 1
    while j >= 0 and blocks[j].kind == LIST_ITEM and not blocks[j].text.rstrip().endswith(":"):
        j -= 1
    text = blocks[j].text.strip() if j >= 0 else ""
    return text.lower().replace("’", "'") if text.endswith(":") else ""


_APPROVED_LEAD = re.compile(r"\b(?:fda[- ]approved|approved\s+(?:by\s+the\s+fda|uses?|for)|"
                            r"(?:the\s+)?fda\s+(?:has\s+)?approved)\b")


def _listed_unapproved(unit: SentenceUnit) -> Iterator[Finding]:
    """A list item under a lead-in that calls its uses FDA-approved ("Uses the FDA has
    approved:\n- Gabapentin: back pain")."""
    lead = lead_in(unit)
    if not lead or not _APPROVED_LEAD.search(lead) or _NEGATION.search(lead) or _OFF_LABEL.search(lead):
        return
    s = unit.sentence
    kb = unit.ctx.kb
    lower = s.lower
    if _NEGATION.search(lower) or _OFF_LABEL.search(lower):
        return
    for mention in s.mentions:
        if mention.product is None or mention.negated:
            continue
        rel = mention.end - s.start
        for drug in _drugs(kb, mention.product):
            for use in drug.not_approved_for:
                if use.brands and not (mention.product.is_brand and mention.product.name in use.brands):
                    continue
                span = _use_at(lower, use.words, rel, len(lower))
                if span is None or any(_use_at(lower, ok.words, span[0], span[1]) for ok in drug.approved_for):
                    continue
                yield unit.finding(UNAPPROVED_USE, s.start + span[0], s.start + span[1],
                                   message=f"{_capital(mention.product.label())} is not FDA-approved for {use.use}: "
                                           f"that use is off-label. [{use.source}]",
                                   suggestions=("used off-label",))
                return


_LISTED_UNDER_APPROVAL = custom("a list item under a lead-in that speaks of approval",
                                lambda unit: unit.block.kind == LIST_ITEM and bool(unit.sentence.mentions))


@sentence_check(UNAPPROVED_USE, kinds=PROSE_AND_ALT_KINDS, needs=has_lower("approv", "indicated") | _LISTED_UNDER_APPROVAL)
def unapproved_uses(unit: SentenceUnit) -> Iterator[Finding]:
    if not _statement(unit):
        return
    if "approv" not in unit.lower and "indicated" not in unit.lower:
        yield from _listed_unapproved(unit)
        return
    s = unit.sentence
    kb = unit.ctx.kb
    lower = s.lower
    for m in _APPROVED_FOR.finditer(lower):
        a, b = s.start + m.start(), s.start + m.end()
        if _in_quotes(unit, a, b):
            continue
        clause_start, _ = _clause_bounds(lower, m.start())
        if _NEGATION.search(lower[clause_start:m.start()]) or _NEGATION.search(m.group()):
            continue
        end = _CLAUSE_END.search(lower, m.end())
        stop = end.start() if end else len(lower)
        for mention in s.mentions:
            # "approved for diabetes, and Wegovy for weight loss": the next medicine's use
            rel = mention.start - s.start
            if mention.product is not None and m.end() < rel < stop \
                    and re.search(r"\b(?:for|to|as)\b|,|\band\b", lower[m.end():rel]):
                stop = rel
                break
        subjects = [p for p, _, _ in _subjects(unit, a)]
        # "The FDA approved amitriptyline for migraine prevention": the medicine after the verb
        subjects += [mention.product for mention in s.mentions
                     if mention.product is not None and b <= mention.start < s.start + stop]
        if not subjects and _EPIDURAL.search(lower[clause_start:stop]) and _STEROID.search(lower):
            subjects = _epidural_products(kb)
            epidural = True
        else:
            epidural = False
        told = set()
        for product in subjects:
            finding = _herbal_approval(unit, kb, product, lower, m, stop)
            if finding is not None:
                yield finding
                return
        # "Depo-Medrol injections into the epidural space are FDA approved": the use may
        # stand with the medicine, before the approval words
        before_too = epidural or not _OFF_LABEL.search(lower[clause_start:m.start()])
        for product in subjects:
            drugs = _drugs(kb, product)
            if any("corticosteroid" in kb.product_classes(product) for _ in drugs[:1]) \
                    and _EPIDURAL.search(lower[clause_start:stop]):
                drugs = drugs + [kb.drugs[p.name] for p in _epidural_products(kb)]
            for drug in drugs:
                finding = _unapproved(unit, drug, product, lower, m, stop, clause_start, before_too)
                if finding is not None and finding.message not in told:
                    told.add(finding.message)
                    yield finding
            if told:
                return


_HERBAL_SOURCE = ("FDA, Dietary Supplements: FDA is not authorized to approve dietary supplements for "
                  "safety and effectiveness before they are marketed (Dietary Supplement Health and "
                  "Education Act of 1994); 21 CFR 101.93 (a supplement may not claim to treat, cure or "
                  "prevent a disease)")
# The use that follows "FDA-approved to treat ..." or "approved for ...".
_A_USE = re.compile(r"\s*(?:to\s+|for\s+|as\s+)?(?:the\s+)?(?:treat\w*|prevent\w*|cur\w*|relie\w*|eas\w*|manag\w*)?\s*"
                    r"(?:of\s+)?\w+")


def _herbal_approval(unit: SentenceUnit, kb: KnowledgeBase, product: Product, lower: str,
                     m: re.Match, stop: int) -> Finding | None:
    """An herbal supplement said to be FDA-approved for a use: the FDA approves no
    dietary supplement to treat anything (its approved botanical drugs are not sold as
    the herb)."""
    drugs = _drugs(kb, product)
    if not drugs or not all("herbal-supplement" in kb.classes_of(d.name) for d in drugs):
        return None
    if not re.search(r"\bfda\b|food\s+and\s+drug", lower) or m.end() >= stop \
            or not _A_USE.match(lower, m.end()):
        return None
    s = unit.sentence
    return unit.finding(UNAPPROVED_USE, s.start + m.start(), s.start + m.end(),
                        message=f"{_capital(product.label())} is a dietary supplement: the FDA does not approve "
                                f"supplements to treat, cure or prevent any disease. [{_HERBAL_SOURCE}]",
                        suggestions=())


def _epidural_products(kb: KnowledgeBase) -> list[Product]:
    """For "epidural steroid injections are FDA-approved": the corticosteroid that the
    base says is not approved for epidural use (one: they share the FDA's 2014 finding)."""
    for drug in kb.drugs.values():
        if "corticosteroid" in drug.classes and any(_EPIDURAL.search(w) for use in drug.not_approved_for
                                                    for w in use.words):
            return [Product(name=drug.name, generics=(drug.name,))]
    return []


def _unapproved(unit: SentenceUnit, drug: Drug, product: Product, lower: str, m: re.Match,
                stop: int, clause_start: int, epidural: bool) -> Finding | None:
    s = unit.sentence
    for use in drug.not_approved_for:
        if use.brands and not (product.is_brand and product.name in use.brands):
            continue   # Ozempic is not approved for weight loss; semaglutide (Wegovy) is
        # the use after "approved for"; for an epidural injection, the subject itself
        span = _use_at(lower, use.words, m.end(), stop)
        if span is None and epidural:
            span = _use_at(lower, use.words, clause_start, m.start())
            if span is not None and not epidural_use(use) and not re.search(
                    r"\b(?:for|in|into|as)\s+(?:the\s+|a\s+)?$", lower[:span[0]]):
                span = None   # before the approval words, a use reads "X for back pain is approved"
        if span is None:
            continue
        approved = [ok for ok in drug.approved_for
                    if not ok.brands or (product.is_brand and product.name in ok.brands)]
        if any(_use_at(lower, ok.words, span[0], span[1]) for ok in approved):
            continue   # the longer approved use ("diabetic nerve pain") holds the words
        if any(_overlaps(_use_at(lower, ok.words, m.end(), stop), span) for ok in approved):
            continue
        a, b = s.start + m.start(), s.start + m.end()
        if epidural_use(use):
            name = "any corticosteroid"
            message = ("The FDA has not approved any corticosteroid for injection into the epidural space: "
                       f"epidural steroid injections are an off-label use. [{use.source}]")
        else:
            name = _capital(product.label())
            approved = ", ".join(ok.use for ok in drug.approved_for if not ok.brands)
            also = f" Its approved uses: {approved}." if approved else ""
            other = [ok for ok in drug.approved_for if ok.brands and product.name not in ok.brands
                     and set(ok.words) & set(use.words)]
            if other:
                also += "".join(f" {_capital(drug.name)} is approved for {ok.use} as {' and '.join(ok.brands)}."
                                for ok in other)
            message = f"{name} is not FDA-approved for {use.use}: that use is off-label.{also} [{use.source}]"
        return unit.finding(UNAPPROVED_USE, a, b, message=message, suggestions=("used off-label",))
    return None


def epidural_use(use) -> bool:
    return any(_EPIDURAL.search(w) for w in use.words)


def _overlaps(x: tuple[int, int] | None, y: tuple[int, int]) -> bool:
    return x is not None and x[0] < y[1] and y[0] < x[1]


# --- med.withdrawn ----------------------------------------------------------------------------

_HISTORY = re.compile(
    r"\b(?:withdrawn|withdrew|withdraw|pulled|removed|recalled|recall|banned|taken\s+off|off\s+the\s+market|"
    # "once" and "before" as in "once popular", "before the recall", not "once a day" or
    # "before meals"
    r"no\s+longer|discontinued|used\s+to|formerly|former|previously|was|were|had\s+been|"
    r"once(?!\s+(?:a\s+(?:day|week|night|month)|daily|weekly|nightly|or\s+twice|every|per|you))|"
    r"before(?!\s+(?:meals?|bed\w*|eating|food|breakfast|lunch|dinner|you|each|sex|exercise|travel\w*|surgery))|"
    r"had|until|history|historically|anymore|any\s+more|stopped|ended|"
    r"(?:19|20)\d\d)\b")
_CURRENT = re.compile(
    r"\b(?:ask\s+(?:your\s+|a\s+|the\s+)?(?:doctor|pharmacist|provider|nurse|clinician|prescriber)?\s*about"
    r"|(?:can|may|might|could|will|should|would)\s+(?:still\s+|also\s+|easily\s+)?"
    r"(?:prescribe|add|suggest|recommend|give|offer|try|take|use|buy|order|get|start|switch|find|help|ease|"
    r"relieve|treat|work|be\s+(?:used|prescribed|taken|an?\s+option|a\s+choice))"
    r"|(?:is|are)\s+(?:(?:still|also|widely|back|sometimes|often|commonly|usually|generally|typically|"
    r"now|frequently)\s+)?(?:available|sold|prescribed|used|offered|stocked|"
    r"an?\s+(?:\w+\s+){0,3}(?:option|choice|alternative|treatment|medicine|pick)|recommended|approved|"
    r"on\s+(?:the\s+)?(?:market|shelves))"
    r"|worth\s+(?:asking|trying|considering|a\s+try)|on\s+(?:most\s+)?(?:pharmacy|store)\s+shelves"
    r"|(?:talk|speak)\s+(?:to|with)\s+(?:your\s+)?(?:doctor|pharmacist|provider|nurse)\s+about|right\s+for\s+you"
    r"|(?:options|choices|treatments|medicines|alternatives)\s+(?:include|are)"
    r"|(?:we|i)\s+(?:can\s+|also\s+|often\s+|still\s+)?(?:prescribe|offer|carry|stock|recommend|sell)"
    r"|\b(?:try|consider|choose|pick)\b|\brecommend(?:s|ed)?\b|\bstill\b"
    # advice to get or take it now: "ask your pharmacist for Vioxx", "take Zantac before
    # meals", "you can pick up Darvocet", "many people use Seldane"
    r"|\bask\s+(?:your\s+|a\s+|the\s+)?(?:doctor|pharmacist|provider|nurse|clinician|prescriber)\s+for"
    r"|^(?:take|use|buy|get|order|pick\s+up|keep|add|start|give)\b"
    r"|\b(?:you|people|patients|adults|many|most|we)\s+(?:\w+\s+){0,2}?(?:take|use|buy|get|order|pick\s+up)\b"
    r"|\b(?:is|are)\s+(?:still\s+|also\s+)?(?:a\s+|an\s+)?(?:good|great|safe|effective|popular|common|helpful|"
    r"useful|reliable|first-line|go-to|gentle)\b"
    r"|\b(?:treats|relieves|eases|helps|works|lowers|reduces)\b)")


@sentence_check(WITHDRAWN, kinds=PROSE_AND_ALT_KINDS, needs=MENTION)
def withdrawn_products(unit: SentenceUnit) -> Iterator[Finding]:
    s = unit.sentence
    kb = unit.ctx.kb
    gone = [(m, d.name, d.withdrawn, False) for m in s.mentions if m.product is not None
            for d in _drugs(kb, m.product) if d.withdrawn is not None]
    gone += [(m, m.product.name, kb.product_withdrawals[m.product.name], True)
             for m in _withdrawn_brands(kb, s)]
    if not gone or not _statement(unit):
        return
    lower = s.lower
    if _HISTORY.search(lower):
        return
    current = _CURRENT.search(lower)
    if current is None:
        # "Pain medicines we can order for you:\n- Rofecoxib (Vioxx)": the lead-in says it
        lead = lead_in(unit)
        if not lead or _HISTORY.search(lead) or _NEGATION.search(lead) or not _CURRENT.search(lead):
            return
    else:
        clause_start, clause_end = _clause_bounds(lower, current.start())
        if _NEGATION.search(lower[max(clause_start, current.start() - 30):min(clause_end, current.end() + 12)]):
            return   # "do not take Vioxx", "Vioxx is not available"
    seen = set()
    for m, name, w, brand_only in gone:
        if name in seen:
            continue
        seen.add(name)
        if _in_quotes(unit, m.start, m.end):
            continue
        if _COMPARED.search(lower[max(0, m.start - s.start - 24):m.start - s.start]):
            continue   # "unlike Vioxx, celecoxib is still available"
        month = f"{_MONTHS[w.month - 1]} " if w.month else ""
        reason = f" ({w.reason})" if w.reason else ""
        if brand_only and len(m.product.generics) == 1:
            # a brand of a medicine still sold: say so, and under which names
            generic = m.product.generics[0]
            others = [b for b in kb.drugs[generic].brands
                      if b != name and b not in kb.product_withdrawals]
            also = f" (also as {', '.join(others[:3])})" if others else ""
            message = (f"The {name} brand ({generic}) was withdrawn from the US market in {month}{w.year}"
                       f"{reason}; generic {generic} is still sold{also}. [{w.source}]")
            suggestions: tuple[str, ...] = (generic,)
        else:
            message = (f"{_capital(m.product.label())} was withdrawn from the US market in "
                       f"{month}{w.year}{reason}; it is not available. [{w.source}]")
            suggestions = ()
        yield unit.finding(WITHDRAWN, m.start, m.end, message=message, suggestions=suggestions)


def _withdrawn_brands(kb: KnowledgeBase, s) -> list:
    """Mentions of a withdrawn brand whose medicines are still sold (Accutane, Advicor).
    A brand given beside another name of the same medicine ('isotretinoin (Accutane)',
    'Accutane (isotretinoin)') only says what the medicine was called: the sentence is
    about the medicine, which is still sold."""
    out = []
    for m in s.mentions:
        if m.product is None or not m.product.is_brand or m.product.name not in kb.product_withdrawals:
            continue
        if any(o is not m and o.product is not None and o.product.name != m.product.name
               and set(o.product.generics) == set(m.product.generics) for o in s.mentions):
            continue
        out.append(m)
    return out


_COMPARED = re.compile(r"\b(?:unlike|than|instead\s+of|rather\s+than|replaced|replacement\s+for|"
                       r"successor\s+to|alternative\s+to|alternatives\s+to)\s+(?:the\s+)?$")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


# --- med.regulator: prescription-only medicines said to be sold over the counter ---------------

_OTC_CLAIM = re.compile(
    r"\b(?:(?:sold|available|bought|buy|get|purchased?|found|comes?|obtained?)\s+(?:\w+\s+){0,2}?)?"
    r"(?:over[\s-]the[\s-]counter|without\s+(?:a\s+|any\s+)?(?:doctor's\s+)?prescription|off\s+the\s+shelf)\b"
    r"|\bno\s+prescription\s+(?:is\s+)?(?:needed|required|necessary)\b"
    r"|\b(?:don't|do\s+not|doesn't|does\s+not|won't|will\s+not)\s+need\s+a\s+prescription\b"
    r"|\b(?:is|are)\s+(?:now\s+)?(?:an?\s+)?(?:otc|over[\s-]the[\s-]counter|nonprescription|non-prescription)"
    r"(?:\s+(?:medicines?|medications?|drugs?|products?))?\b", re.I)
# What a prescription-only medicine may still fairly be said of: other countries, the past, a
# product that was once sold, plans, online sellers.
_OTC_ELSEWHERE = re.compile(r"\b(?:uk|united\s+kingdom|britain|canada|europe\w*|australia|mexico|abroad|"
                            r"other\s+countries|some\s+countries|online|internet|illegal\w*|was|were|used\s+to|"
                            r"formerly|once|until|no\s+longer|plans?\s+to|planned|proposed|might|may\s+soon|could\s+become)\b",
                            re.I)
_OTC_NEEDS = has_lower("counter", "prescription", "otc", "off the shelf")


@sentence_check(REGULATOR, kinds=PROSE_AND_ALT_KINDS, needs=_OTC_NEEDS & MENTION)
def prescription_status(unit: SentenceUnit) -> Iterator[Finding]:
    """A medicine sold only on prescription ("status: rx") said to be sold over the counter."""
    if not _statement(unit):
        return
    s = unit.sentence
    kb = unit.ctx.kb
    lower = s.lower
    if _OTC_ELSEWHERE.search(lower):
        return
    for m in _OTC_CLAIM.finditer(lower):
        a, b = s.start + m.start(), s.start + m.end()
        if _in_quotes(unit, a, b):
            continue
        clause_start, _ = _clause_bounds(lower, m.start())
        window = lower[clause_start:m.start()]
        if re.search(r"\b(?:not|no|never|cannot|can't|isn't|aren't|won't|only)\b|n't\b", window):
            continue   # "is not sold over the counter", "only with a prescription"
        for product, p_start, p_end in _subjects(unit, a):
            if p_end >= 0 and not _linked_or_sold(unit, p_end, a):
                continue
            drugs = _drugs(kb, product)
            if not drugs or any(d.status != "rx" for d in drugs):
                continue
            drug = drugs[0]
            yield unit.finding(REGULATOR, a, b,
                               message=f"{_capital(product.label())} is sold only on prescription in the U.S.; "
                                       f"it is not an over-the-counter medicine. [{drug.source}]",
                               suggestions=("by prescription",))
            return


_SOLD_WORDS = frozenset("""can you could may be sold available bought buy purchased purchase get found
comes come obtained obtain easily widely now""".split())


def _linked_or_sold(unit: SentenceUnit, subject_end: int, claim_start: int) -> bool:
    """Only linking words, or words of buying and selling, between the medicine and the claim."""
    s = unit.sentence
    gap = s.text[subject_end - s.start:claim_start - s.start]
    gap = _ASIDE.sub(" , ", gap)
    return len(gap) <= 80 and all(t.norm in _LINK_WORDS or t.norm in _SOLD_WORDS for t in tokenize(gap))


# --- med.regulator: a medicine sold behind the counter said to be sold freely ------------------

_FREE_SALE = re.compile(
    r"\bwithout\s+(?:any\s+)?(?:restrictions?|limits?|limitations?|an?\s+(?:id|ID)|(?:photo\s+)?id(?:entification)?|"
    r"showing\s+(?:an?\s+)?id|signing\s+anything)\b"
    r"|\bno\s+(?:restrictions?|limits?|purchase\s+limits?|id|identification)\b(?:\s+(?:is\s+)?(?:needed|required|on))?"
    r"|\bunrestricted\b|\bfreely\s+(?:available|sold)\b|\bas\s+much\s+as\s+you\s+(?:want|like)\b"
    r"|\bin\s+any\s+(?:amount|quantity)\b|\bany\s+amount\s+you\s+(?:want|like)\b"
    r"|\b(?:on|off|from)\s+(?:the\s+)?(?:open\s+|regular\s+|store\s+|pharmacy\s+|supermarket\s+|grocery\s+)?shel(?:f|ves)\b"
    r"|\bin\s+the\s+(?:aisles?|cold\s+(?:and|&)\s+flu\s+aisle)\b|\bat\s+any\s+(?:gas\s+station|grocery\s+store|supermarket)\b",
    re.I)
_FREE_SALE_NEEDS = has_lower("shel", "restrict", "limit", "id", "freely", "as much as", "any amount",
                             "any quantity", "aisle", "identification")


@sentence_check(REGULATOR, kinds=PROSE_AND_ALT_KINDS, needs=_FREE_SALE_NEEDS & MENTION)
def sale_limits(unit: SentenceUnit) -> Iterator[Finding]:
    """A medicine the law keeps behind the counter ("sale_limits") said to be on open shelves,
    sold without ID or without limits."""
    if not _statement(unit):
        return
    s = unit.sentence
    kb = unit.ctx.kb
    lower = s.lower
    if _OTC_ELSEWHERE.search(lower):
        return
    for m in _FREE_SALE.finditer(lower):
        a, b = s.start + m.start(), s.start + m.end()
        if _in_quotes(unit, a, b):
            continue
        clause_start, _ = _clause_bounds(lower, m.start())
        window = lower[clause_start:m.start()]
        if re.search(r"\b(?:not|no|never|cannot|can't|isn't|aren't|won't|only|behind)\b|n't\b", window):
            continue   # "is not on open shelves", "only behind the counter"
        for product, p_start, p_end in _subjects(unit, a):
            if p_end >= 0 and not _linked_or_sold(unit, p_end, a):
                continue
            limited = [d for d in _drugs(kb, product) if d.sale_limits is not None]
            if not limited:
                continue
            drug = limited[0]
            yield unit.finding(REGULATOR, a, b,
                               message=f"{_capital(product.label())} is not sold freely in the U.S.: it is "
                                       f"{drug.sale_limits.note}. [{drug.sale_limits.source}]",
                               suggestions=())
            return


CHECKS: tuple = (schedule_claims, agencies, retired_pregnancy_categories, unapproved_uses,
                 withdrawn_products, prescription_status, sale_limits)
