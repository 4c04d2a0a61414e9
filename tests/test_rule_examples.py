"""Every rule proves itself: its examples must (not) be flagged, in the real engine."""

from __future__ import annotations

import pytest

from checker.engine import all_rules
from checker.examples import SUFFIX

from .helpers import LOCAL_FAMILIES, check_snippet, default_settings

_SETTINGS = default_settings()
_RULES = sorted(all_rules(_SETTINGS.packs, LOCAL_FAMILIES).values(), key=lambda r: r.id)
_CASES = [(rule, text, True) for rule in _RULES for text in rule.examples.match] + \
         [(rule, text, False) for rule in _RULES for text in rule.examples.no_match]


def test_every_rule_has_examples_and_a_source():
    assert _RULES, "no rules loaded"
    for rule in _RULES:
        assert rule.source.strip(), f"{rule.id} has no source"
        assert rule.examples.match, f"{rule.id} has no example that must match"
        assert rule.examples.no_match, f"{rule.id} has no example that must not match"


@pytest.mark.parametrize("rule,text,should_match", _CASES,
                         ids=[f"{r.id}-{'match' if m else 'pass'}-{i}" for i, (r, _, m) in enumerate(_CASES)])
def test_rule_example(rule, text, should_match):
    findings = check_snippet(text, fmt=rule.examples.format, enable=(rule.id,),
                             path=rule.examples.path(SUFFIX[rule.examples.format]))
    hits = [f for f in findings if f.rule == rule.id or rule.id in f.also]
    if should_match:
        assert hits, f"{rule.id} should flag: {text!r}"
    else:
        assert not hits, f"{rule.id} should not flag: {text!r} (got {hits[0].message!r})"
