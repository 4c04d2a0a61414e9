"""Accessibility checks for Markdown and HTML pages (WCAG 2.2, axe-core, markdownlint).

Authors control most accessibility failures in their source: alt text, link words,
heading structure, real lists and tables, the page title and language, and wording
that leans on sight. Each rule names its WCAG success criterion, technique or failure
(or says it is best practice) in ``source``. Severities follow the pa11y split: error
for WCAG A/AA failures decidable from the source, warning for heuristics, info for
AAA and best practice.

One module per subject, each declaring its rules and checks; all of them read one
shared view of the page (``_page.PAGE_VIEW``). Structural rules (images, links,
headings, structure) apply to Markdown and HTML; wording rules apply to every
format, plain text included.
"""

from __future__ import annotations

from typing import Iterator

from ...context import Context
from ...definitions import TERM_LISTS
from ...model import Document, Finding, RuleInfo
from ...rules import Family, page_check
from . import abbreviations, elements, headings, images, links, structure, wording
from ._page import view

RULES: list[RuleInfo] = [*images.RULES, *links.RULES, *headings.RULES, *structure.RULES,
                         *elements.RULES, *abbreviations.RULES, *wording.RULES]

@page_check(wording.ALL_CAPS, abbreviations.ABBREVIATION_UNEXPANDED)
def capitals_and_abbreviations(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Text in capitals and abbreviations share words: a word inside a shouted run is
    reported once, by the capitals rule, and the abbreviation's first use is looked
    for outside shouted runs."""
    page = view(doc, ctx)
    assert ctx.run is not None
    found = abbreviations.analyse(page, abbreviations.ALLOWED.value(ctx.config),
                                  ctx.analysis(TERM_LISTS, doc))
    run = ctx.run
    shouting, shouted = wording.capitals(page, found.acronyms(),
                                         lambda: run.index(wording.ENGLISH_WORDS))
    yield from shouting
    yield from abbreviations.check(page, found, shouted)


FAMILY = Family(
    name="accessibility",
    rules=tuple(RULES),
    checks=(images.images_alt_text, links.link_names, headings.heading_outline,
            structure.page_structure, elements.element_structure, capitals_and_abbreviations, wording.sensory_reference,
            wording.color_only, wording.phone_not_tel),
    options=(abbreviations.ALLOWED,),
)
check = FAMILY.check
