"""Accessibility checks for Markdown and HTML pages (WCAG 2.2, axe-core, markdownlint).

Authors control most accessibility failures in their source: alt text, link words,
heading structure, real lists and tables, the page title and language, and wording
that leans on sight. Each rule names its WCAG success criterion, technique or failure
(or says it is best practice) in ``source``. Severities follow the pa11y split: error
for WCAG A/AA failures decidable from the source, warning for heuristics, info for
AAA and best practice.

One module per subject; this one runs them all on one shared view of the page.
Structural rules (images, links, headings, structure) apply to Markdown and HTML;
wording rules apply to every format, plain text included.
"""

from __future__ import annotations

from typing import Iterable

from ...model import Document, Finding, RuleInfo
from .. import Context
from . import abbreviations, headings, images, links, structure, wording
from ._page import PageView

RULES: list[RuleInfo] = [*images.RULES, *links.RULES, *headings.RULES, *structure.RULES,
                         *abbreviations.RULES, *wording.RULES]


_SAFETY_TERMS: dict[str, frozenset[str]] = {}


def _medication_safety_terms(packs) -> frozenset[str]:
    """Words the medication-safety rule packs flag ("QD", "HCTZ", "MSO4"): they must be
    replaced, not expanded, so the abbreviation rule leaves them to those rules (one
    finding per word, not two)."""
    if packs is None:
        return frozenset()
    key = getattr(packs, "digest", "")
    if key not in _SAFETY_TERMS:
        words: set[str] = set()
        for rule in getattr(packs, "rules", ()):
            if rule.info.category == "medication-safety":
                words.update(t for t in (*rule.terms, *rule.swap) if t.isupper())
        _SAFETY_TERMS.clear()
        _SAFETY_TERMS[key] = frozenset(words)
    return _SAFETY_TERMS[key]


def check(doc: Document, ctx: Context) -> Iterable[Finding]:
    page = PageView(doc)
    findings: list[Finding] = []
    findings.extend(images.check(page))
    findings.extend(links.check(page))
    findings.extend(headings.check(page))
    findings.extend(structure.check(page))
    found = abbreviations.analyse(page, ctx.config.get("abbreviations") or (),
                                  _medication_safety_terms(ctx.packs))
    # Text in capitals and abbreviations share words: a word inside a shouted run is
    # reported once, by the capitals rule.
    shouting, shouted = wording.capitals(page, found.acronyms())
    findings.extend(shouting)
    findings.extend(abbreviations.check(page, found, shouted))
    findings.extend(wording.check(page))
    return findings
