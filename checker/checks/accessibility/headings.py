"""Headings: the outline screen-reader users jump through (a list of headings, the
"next heading" key) and the first thing a magnifier user skims.

The page title (front matter ``title``, HTML ``<title>``) names the browser tab; it is
not a heading. So a Markdown page with a ``title`` and one body ``#`` has exactly one
h1 (markdownlint MD025 counts the title as an h1 and flags the ``#``; we do not).
"""

from __future__ import annotations

import re
from typing import Iterator

from ...model import Document, HEADING, PARAGRAPH, Block, Finding, finding_for
from ...context import Context
from ...rules import page_check
from ._page import PageView, line_end, rule, text_span, view

HEADING_EMPTY = rule(
    "a11y.heading-empty",
    "Heading has no text.",
    "WCAG 2.2 SC 2.4.6 Headings and Labels (AA) and SC 1.3.1 Info and Relationships (A); "
    "axe-core empty-heading",
    severity="error",
    suggestion="Write the heading's words, or remove the empty heading",
    rationale="An empty heading still shows up in a screen reader's list of headings as "
              "\"heading level 2\" with nothing after it: a stop that leads nowhere.",
    match=("# Ibuprofen\n\n## \n\nTake it with food.\n",
           "# Ibuprofen\n\n<h2></h2>\n\nTake it with food.\n"),
    no_match=("# Ibuprofen\n\n## Side effects\n",
              "# Ibuprofen\n\n<h2><img src=\"se.png\" alt=\"Side effects\"></h2>\n"))

HEADING_LEVEL_SKIPPED = rule(
    "a11y.heading-level-skipped",
    "Heading level skips a level.",
    "WCAG 2.2 SC 1.3.1 Info and Relationships (A), technique G141; axe-core heading-order; "
    "markdownlint MD001",
    severity="warning",
    suggestion="Go down one level at a time: h1, then h2, then h3",
    rationale="A screen-reader user who meets an h3 right after an h1 looks for the h2 section "
              "they seem to have missed. Levels state how sections nest; a skipped level "
              "states a nesting that is not there.",
    match=("# Ibuprofen\n\n### Side effects\n",
           "# Ibuprofen\n\n<h4>Side effects</h4>\n"),
    no_match=("# Ibuprofen\n\n## Side effects\n\n### Common\n\n## Storage\n",
              "# Ibuprofen\n\n## Side effects\n\n### Common\n\n# Another topic\n\n## Storage\n"))

HEADING_H1_MISSING = rule(
    "a11y.heading-h1-missing",
    "Page has no top-level heading (h1).",
    "Best practice for WCAG 2.2 SC 1.3.1 and SC 2.4.6; axe-core page-has-heading-one",
    severity="info",
    suggestion="Start the body with one \"# Name of the medicine\" heading",
    rationale="Screen-reader users jump to the h1 to find where the content starts. The "
              "front-matter title names the browser tab and is not a heading, so the body "
              "needs its own h1. If your site template turns the title into the h1, disable "
              "this rule for those pages.",
    match=("---\ntitle: Ibuprofen\n---\n## Uses\n\nIbuprofen eases pain.\n",
           "<p>Ibuprofen eases pain.</p>\n"),
    no_match=("---\ntitle: Ibuprofen\n---\n# Ibuprofen\n\n## Uses\n",
              "<h1>Ibuprofen</h1>\n<p>Ibuprofen eases pain.</p>\n"))

HEADING_H1_MULTIPLE = rule(
    "a11y.heading-h1-multiple",
    "Page has more than one top-level heading (h1).",
    "Best practice for WCAG 2.2 SC 1.3.1 and SC 2.4.6; axe-core page-has-heading-one; "
    "markdownlint MD025",
    severity="info",
    suggestion="Keep one h1 for the page and make the others h2",
    rationale="A patient page is about one thing; a second h1 splits it into two pages in the "
              "outline and leaves users unsure where the main content starts.",
    match=("# Ibuprofen\n\nText.\n\n# Side effects\n",
           "# Ibuprofen\n\n<h1>Side effects</h1>\n"),
    no_match=("---\ntitle: Ibuprofen tablets\n---\n# Ibuprofen\n\n## Side effects\n",
              "# Ibuprofen\n\n## Side effects\n"))

EMPHASIS_AS_HEADING = rule(
    "a11y.emphasis-as-heading",
    "Bold or italic line used as a heading.",
    "WCAG 2.2 SC 1.3.1 Info and Relationships (A), failure F2 (presentation without markup); "
    "markdownlint MD036",
    severity="warning",
    suggestion="Make it a real heading: \"## Side effects\"",
    rationale="A line that only looks like a heading is not in the outline that screen-reader "
              "users navigate by; they hear it as ordinary text. A heuristic: a short bold "
              "line on its own is almost always meant as a heading.",
    match=("# Ibuprofen\n\n**Side effects**\n\nStomach upset.\n",
           "# Ibuprofen\n\n*Storage*\n\nKeep dry.\n",
           "<h1>Ibuprofen</h1>\n<p><strong>Side effects</strong></p>\n<p>Stomach upset.</p>\n"),
    no_match=("# Ibuprofen\n\n**Take it with food.**\n\nOr milk.\n",
              "# Ibuprofen\n\n**Note:** take it with food.\n",
              "- **Side effects**\n",
              "# Ibuprofen\n\nTake it with food.\n\n*Updated 3 May 2026*\n\nMore.\n"))

HEADING_PUNCTUATION = rule(
    "a11y.heading-punctuation",
    "Heading ends with punctuation.",
    "Best practice: headings are labels, not sentences (markdownlint MD026)",
    severity="info",
    suggestion="Remove the trailing punctuation",
    rationale="A trailing period or colon makes a heading read like a sentence and is read "
              "out by some screen readers at high verbosity. A question mark is fine.",
    match=("# Ibuprofen\n\n## Side effects:\n",
           "# Ibuprofen.\n"),
    no_match=("# Ibuprofen\n\n## What are the side effects?\n",
              "# Ibuprofen\n\n## Made by Example Inc.\n"))

RULES = [HEADING_EMPTY, HEADING_LEVEL_SKIPPED, HEADING_H1_MISSING, HEADING_H1_MULTIPLE,
         EMPHASIS_AS_HEADING, HEADING_PUNCTUATION]

_TRAILING = re.compile(r"[.,;:!。，；：！]+$")
_ABBREVIATED = re.compile(r"\b(?:inc|ltd|co|corp|jr|sr|st|no|vs|etc|dr|mr|mrs|ms|[a-z])\.$",
                          re.I)
# An emoji shortcode (":bug:", ":white_check_mark:") ends in a colon that is not
# punctuation: renderers show the emoji.
_SHORTCODE = re.compile(r"(?<![\w:]):[a-z0-9_+-]+:$")
_SENTENCE_END = re.compile(r"[.!?。！？]$")
MAX_HEADING_WORDS = 12
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
# What makes a short emphasised line a note rather than a heading: a date, a year, a
# dose or amount, a time, or "Label: value" for the labels of notes and credits.
_NOTE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b(?:19|20)\d\d\b"
    r"|\b\d{1,4}(?:[.,]\d+)?\s*(?:mg|mcg|µg|g|kg|ml|mL|l|iu|units?|%|tablets?|capsules?|"
    r"drops?|puffs?|doses?|times|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?)\b"
    r"|\b\d{1,2}[:.]\d\d\s*(?:am|pm)?\b|\d+\s*(?:am|pm)\b|\d+/\d+"
    r"|^(?:source|sources|updated|last updated|reviewed|last reviewed|revised|published|"
    r"posted|date|note|notes|by|author|authors|credit|credits|photo|image|courtesy|"
    r"written by|edited by|adapted from|from|see|see also|tip|warning|caution|important)"
    r"\s*:", re.I)


def check(page: PageView) -> Iterator[Finding]:
    if not page.structured:
        return
    headings = page.headings
    named = [_is_named(page, h) for h in headings]
    for heading, ok in zip(headings, named):
        if not ok:
            yield finding_for(HEADING_EMPTY, *_element(page, heading),
                              message=f"Heading (h{heading.level}) has no text.")
    yield from _levels(page, headings)
    yield from _emphasis_lines(page)
    for heading in headings:
        yield from _punctuation(heading)


def _is_named(page: PageView, heading: Block) -> bool:
    if heading.text.strip():
        return True
    return any(image.text.strip() for image in
               page.images_within(heading.element_start, heading.element_end)
               if image.attrs.get("container") == HEADING)


def _element(page: PageView, heading: Block) -> tuple[int, int]:
    start = heading.element_start
    end = max(heading.element_end, start)
    if page.doc.format == "markdown" and not heading.attrs.get("html"):
        end = min(end, line_end(page.doc.source, start))
    return start, end


def _where(page: PageView, heading: Block) -> tuple[int, int]:
    return text_span(heading) if heading.text.strip() else _element(page, heading)


def _levels(page: PageView, headings: list[Block]) -> Iterator[Finding]:
    h1s = [h for h in headings if h.level == 1]
    if not h1s:
        if headings:
            at = _where(page, headings[0])
        else:
            body = int(page.doc.facts.get("body_start", 0) or 0)
            at = (body, line_end(page.doc.source, body))
        suggestion = ("Start the main content with one <h1> that names the medicine"
                      if page.doc.format == "html" else HEADING_H1_MISSING.suggestion)
        yield finding_for(HEADING_H1_MISSING, *at, suggestions=(suggestion,))
    for extra in h1s[1:]:
        yield finding_for(HEADING_H1_MULTIPLE, *_where(page, extra),
                          message="A second top-level heading (h1): the page already has one.")
    # A Markdown page's title stands in for the h1 when the body has none: site
    # templates show it as the page's top heading, so a body that starts at h3 under
    # it skips h2 (markdownlint MD001 reads the title the same way).
    previous = 1 if (not h1s and page.doc.format == "markdown" and page.doc.title) else None
    after = "the page title, which stands for the h1" if previous else ""
    for heading in headings:
        if previous is not None and heading.level > previous + 1:
            yield finding_for(
                HEADING_LEVEL_SKIPPED, *_where(page, heading),
                message=f"Heading level h{heading.level} follows {after or f'h{previous}'}: "
                        f"h{previous + 1} is skipped.",
                suggestions=(f"Make it h{previous + 1} ({'#' * (previous + 1)} in Markdown, "
                             f"<h{previous + 1}> in HTML)",))
        previous, after = heading.level, ""


def _emphasis_lines(page: PageView) -> Iterator[Finding]:
    prose = page.prose
    for index, block in enumerate(prose):
        if block.kind != PARAGRAPH or not block.attrs.get("emphasis_only"):
            continue
        text = block.text.strip()
        if "\n" in text or _SENTENCE_END.search(text) or not _labels_what_follows(prose, index):
            continue
        # A date, a dose or "Source: NIH" in italics is a note, not a heading; a
        # numbered title ("Section 2: Dosing", "Step 1") is a heading.
        if _NOTE.search(text):
            continue
        if not 0 < len(text.split()) <= MAX_HEADING_WORDS:
            continue
        style = "Bold" if block.attrs["emphasis_only"] == "strong" else "Italic"
        yield finding_for(EMPHASIS_AS_HEADING, *text_span(block),
                          message=f"{style} line \"{text}\" is used as a heading.",
                          suggestions=(f"Make it a heading: <h2>{text}</h2>"
                                       if page.doc.format == "html" else
                                       f"Make it a heading: ## {text}",))


def _labels_what_follows(prose: list[Block], index: int) -> bool:
    """A heading introduces text: a bold line right before a real heading introduces
    nothing, and two or more all-bold paragraphs in a row are a passage set in bold.
    At the end of the page it is a heading with its section not written yet (as
    markdownlint MD036 reads it)."""
    def bold(block: Block) -> bool:
        return block.kind == PARAGRAPH and bool(block.attrs.get("emphasis_only"))

    if index and bold(prose[index - 1]):
        return False  # (the run of bold paragraphs is judged by its first one)
    if index + 1 == len(prose):
        return True
    after = prose[index + 1]
    return after.kind != HEADING and not bold(after)


def _punctuation(heading: Block) -> Iterator[Finding]:
    text = heading.text.rstrip()
    match = _TRAILING.search(text)
    if not match or text.endswith("...") or _ABBREVIATED.search(text) or _SHORTCODE.search(text):
        return
    yield finding_for(HEADING_PUNCTUATION, *heading.source_span(match.start(), match.end()),
                      message=f"Heading ends with \"{match.group()}\".")


@page_check(*RULES)
def heading_outline(doc: Document, ctx: Context) -> Iterator[Finding]:
    return check(view(doc, ctx))
