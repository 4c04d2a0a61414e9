"""The inclusive-language and plain-language packs on the sentences the issue names,
through the real engine (rule examples are run by test_rule_examples.py)."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import REPO
from .helpers import check_snippet as _check_snippet, default_settings

# Only the rule packs: these tests do not depend on other check families.
_PACKS_ONLY = ("rulepack",)


def check_snippet(text: str, settings=None):
    return _check_snippet(text, settings=settings or default_settings(_PACKS_ONLY))


def _words(f) -> str:
    """The flagged words; a swap that must change the article before them takes it in
    ("An alcoholic" -> "A person with ...")."""
    return re.sub(r"^(?:an?|An?)\s+", "", f.text) if f.suggestions and \
        re.match(r"(?:an?|An?)\s", f.suggestions[0]) else f.text


def _hits(text: str, category: str) -> list[tuple[str, str]]:
    return [(f.rule, _words(f)) for f in check_snippet(text) if f.category == category]


@pytest.mark.parametrize("text,words", [
    ("An alcoholic should not take acetaminophen.", "alcoholic"),
    ("People addicted to opioids are often called junkies.", "junkies"),
    ("Many people are afflicted with chronic pain.", "afflicted with"),
    ("Diabetics should check their feet.", "Diabetics"),
    ("She committed suicide last year.", "committed suicide"),
    ("He has been wheelchair-bound since the accident.", "wheelchair-bound"),
])
def test_must_be_flagged(text, words):
    hits = _hits(text, "inclusive-language")
    assert words in [w for _, w in hits], hits
    finding = next(f for f in check_snippet(text) if _words(f) == words)
    assert finding.severity == "warning"
    assert finding.suggestions and finding.source
    # The source is named in the message too, so a reader sees why.
    assert any(name in finding.message for name in ("NIDA", "CDC", "NIH"))


@pytest.mark.parametrize("text", [
    "A person with opioid use disorder can recover.",
    "Epileptic seizures can often be controlled.",
    "Treatment for substance use disorder works.",
    'She joined the "Addicts to Athletes" programme.',
    "Avoid alcoholic drinks while you take this medicine.",
    "Diabetic neuropathy can make your feet numb.",
    "Call the Substance Abuse and Mental Health Services Administration helpline.",
    "Leukemia can relapse after treatment.",
])
def test_must_pass(text):
    assert _hits(text, "inclusive-language") == []


def test_inclusive_rules_can_be_turned_down_per_project():
    from dataclasses import replace
    settings = default_settings(_PACKS_ONLY)
    quieter = replace(settings, config=settings.config.with_values(
        severity={"inclusive.alcoholic": "info"}))
    findings = check_snippet("An alcoholic should not drive.", settings=quieter)
    assert [f.severity for f in findings if f.rule == "inclusive.alcoholic"] == ["info"]


def test_plain_language_pack_has_at_least_60_substitutions_with_suggestions():
    pack = yaml.safe_load((REPO / "rules" / "plain-language.yml").read_text(encoding="utf-8"))
    swaps = {term: suggestion for rule in pack["rules"] for term, suggestion in rule.get("swap", {}).items()}
    assert len(swaps) >= 60
    assert all(isinstance(s, str) and s.strip() for s in swaps.values())


def test_plain_language_is_for_patient_pages_only():
    text = "Your physician will check renal function."
    assert _hits(text, "plain-language")
    assert _hits("---\naudience: professional\n---\n" + text, "plain-language") == []


def test_clinical_names_are_not_plain_language_findings():
    for text in ("Renal cell carcinoma is a kidney cancer.",
                 "Pulmonary hypertension affects the arteries of the lungs.",
                 "Hepatic encephalopathy can cause confusion."):
        assert _hits(text, "plain-language") == [], text


@pytest.mark.parametrize("text,word,quoted", [
    ('They are often called "junkies" by others.', "junkies", True),
    ("They are often called \u201cjunkies\u201d by others.", "junkies", True),
    ('He said "no" and then called them junkies.', "junkies", False),
    ("Junkies is a word to avoid.", "Junkies", False),
])
def test_quoted_words_are_recognised(text, word, quoted):
    from checker.rulepacks.matchers import inside_quotes
    start = text.index(word)
    assert inside_quotes(text, start, start + len(word)) is quoted
