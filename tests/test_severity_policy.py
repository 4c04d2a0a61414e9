"""The severity policy (docs/SEVERITY.md) holds for every rule medcheck declares."""

from __future__ import annotations

import re

import pytest

from checker.config import load_config
from checker.engine import all_rules
from checker.rulepacks.loader import load_rule_packs

ALLOWED = {
    "medical-accuracy": {"error", "warning"},
    "medication-safety": {"error", "warning"},
    "compliance": {"error", "warning"},
    "accessibility": {"warning", "info"},       # error: only WCAG A/AA, below
    "readability": {"warning", "info"},         # error: only the page's own grade, below
    "plain-language": {"warning", "info"},
    "inclusive-language": {"warning", "info"},
    "style": {"warning", "info"},
    "spelling": {"warning", "info"},
    "grammar": {"warning", "info"},
}
# A WCAG 2.x success criterion of level A or AA named in the rule's source.
_WCAG_A_AA = re.compile(r"WCAG 2(?:\.\d)? SC \d+\.\d+\.\d+ [^;]*?\((?:A|AA)\)")


def _rules():
    config = load_config()
    packs = load_rule_packs(config.get("rule_packs"), config.root)
    return sorted(all_rules(packs).values(), key=lambda r: r.id)


RULES = _rules()


def test_every_category_has_a_policy():
    assert {r.category for r in RULES} <= set(ALLOWED)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_declared_severity_fits_the_policy(rule):
    if rule.category == "accessibility" and rule.severity == "error":
        assert _WCAG_A_AA.search(rule.source), \
            f"{rule.id}: an accessibility error must name a WCAG A/AA success criterion"
        return
    assert rule.severity in ALLOWED[rule.category], (
        f"{rule.id} is {rule.severity} but {rule.category} allows "
        f"{', '.join(sorted(ALLOWED[rule.category]))} (docs/SEVERITY.md)")


def test_the_wcag_check_is_not_vacuous():
    assert _WCAG_A_AA.search("WCAG 2.2 SC 1.1.1 Non-text Content (A), failure F65")
    assert not _WCAG_A_AA.search("WCAG 2.2 SC 1.4.6 Contrast (Enhanced) (AAA)")
    assert not _WCAG_A_AA.search("Federal Plain Language Guidelines")


# --- severities computed at run time (readability) -------------------------------------------

def _readability_errors(text: str):
    from checker.checks import readability
    from .helpers import check_snippet
    found = check_snippet(text)
    return [(f.rule, f.severity) for f in found if f.category == "readability"
            and f.severity == "error"], readability


def test_only_a_page_over_the_line_by_its_own_grade_is_a_readability_error():
    from checker.checks import readability
    easy, hard = readability._EASY_PARAGRAPH, readability._HARD_PARAGRAPH
    all_hard = f"# Anticoagulants\n\n{hard}\n\n{hard}\n\n{hard}\n"
    errors, _ = _readability_errors(all_hard)
    assert errors == [("readability.page-grade", "error")]
    # One very hard section and one 60-word sentence on an otherwise easy page: no error.
    sixty = "When you " + " ".join(["take"] * 56) + " it today."
    mixed = (f"# Pills\n\n## Taking them\n\n{easy}\n\n{easy}\n\n{easy}\n\n{easy}\n\n"
             f"## Why\n\n{hard}\n\n{sixty}\n")
    errors, _ = _readability_errors(mixed)
    assert errors == []
