"""bench/precision.py: a seeded, severity-stratified sample scored against hand judgements."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from checker.model import Finding

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("precision", REPO / "bench" / "precision.py")
precision = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(precision)


def _finding(i: int, severity: str, rule: str = "plain.utilize") -> Finding:
    return Finding(rule=rule, category="plain-language", severity=severity, message="m",
                   start=0, end=1, path=f"a/{i:04d}.md", line=i, column=3)


def test_sample_is_seeded_and_stratified():
    findings = [_finding(i, s) for i, s in enumerate(["error"] * 5 + ["warning"] * 50 + ["info"] * 50)]
    one = precision.draw(findings, 10, seed=1)
    assert [precision.finding_key(f) for f in one] == \
        [precision.finding_key(f) for f in precision.draw(list(reversed(findings)), 10, seed=1)]
    assert Counter(f.severity for f in one) == {"error": 5, "warning": 10, "info": 10}
    other = precision.draw(findings, 10, seed=2)
    assert {precision.finding_key(f) for f in one} != {precision.finding_key(f) for f in other}


def test_score_counts_verdicts_per_severity_and_unjudged():
    sample = [_finding(1, "error"), _finding(2, "error"), _finding(3, "info")]
    judged = {precision.finding_key(sample[0]): {"verdict": "TRUE"},
              precision.finding_key(sample[2]): {"verdict": "DAMAGE"}}
    table = precision.score(sample, judged)
    assert table["error"] == Counter({"TRUE": 1, "unjudged": 1})
    assert table["info"] == Counter({"DAMAGE": 1})


def test_a_bad_verdict_is_refused(tmp_path):
    bad = tmp_path / "j.yml"
    bad.write_text('"a.md:1:1 plain.x":\n  verdict: MAYBE\n  reason: r\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="verdict must be one of"):
        precision.load_judgements(bad)


def test_the_kept_judgements_are_valid_and_give_reasons():
    judged = precision.load_judgements(precision.JUDGEMENTS)
    assert len(judged) >= 100
    for key, value in judged.items():
        assert " " in key and key.count(":") >= 2, key
        assert str(value.get("reason", "")).strip(), f"{key}: a judgement needs a reason"


def test_a_judgement_applies_only_at_the_severity_it_was_made():
    error = _finding(1, "error")
    judged = {precision.finding_key(error): {"verdict": "FALSE", "severity": "error"}}
    assert precision.score([error], judged)["error"] == Counter({"FALSE": 1})
    warning = _finding(1, "warning")
    assert precision.score([warning], judged)["warning"] == Counter({"unjudged": 1})
