"""The rule-pack engine: each matching kind, validation errors, examples."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from checker.config import load_config
from checker.documents import parse_text
from checker.engine import build_settings, check_document, locate
from checker.rulepacks.loader import PackError, load_pack_file, load_rule_packs

from .conftest import TODAY

FIXTURE = Path(__file__).parent / "fixtures" / "packs" / "kinds.yml"


@pytest.fixture(scope="module")
def settings():
    config = load_config(cwd=Path("/nonexistent-medcheck-test-dir"))
    config = config.with_values(rule_packs=[str(FIXTURE)])
    return build_settings(config, families=("rulepack",), today=TODAY)


def _kinds_findings(settings, text):
    doc = parse_text("t.md", text, "markdown")
    return [f for f in locate(doc, check_document(doc, settings)) if f.rule.startswith("kinds.")]


def test_fixture_examples_all_hold(settings):
    rules = [r for r in settings.packs.rules if r.info.id.startswith("kinds.")]
    assert len(rules) == 8
    for rule in rules:
        for text in rule.info.examples.match:
            assert any(f.rule == rule.info.id for f in _kinds_findings(settings, text)), (rule.info.id, text)
        for text in rule.info.examples.no_match:
            assert not any(f.rule == rule.info.id for f in _kinds_findings(settings, text)), (rule.info.id, text)


def test_positions_and_fix(settings):
    text = "---\ntitle: x\n---\n# Page\n\nWe utilized 10mg daily.\n"
    found = {f.rule: f for f in _kinds_findings(settings, text)}
    swap = found["kinds.swap"]
    assert (swap.line, swap.column, swap.end_column) == (6, 4, 12)
    assert swap.suggestions == ("used",) and swap.fix == "used"
    mg = found["kinds.pattern"]
    assert (mg.line, mg.column, mg.text, mg.fix) == (6, 13, "10mg", "10 mg")


def test_case_of_suggestion_follows_the_text(settings):
    (f,) = [f for f in _kinds_findings(settings, "Utilize it.") if f.rule == "kinds.swap"]
    assert f.suggestions == ("Use",)


def _write(tmp_path, body: str) -> Path:
    path = tmp_path / "pack.yml"
    path.write_text(body)
    return path


RULE_HEAD = ("pack: p\nrules:\n  - id: p.one\n    kind: {kind}\n    category: style\n"
             "    severity: warning\n    message: m\n    source: s\n"
             "    examples: {{match: [a], no_match: [b]}}\n")


@pytest.mark.parametrize("extra,expected", [
    ("    pattern: '(a+'\n", "invalid pattern"),
    ("    pattern: '(?<=x)a'\n", "invalid pattern"),
    ("    pattern: '(a+)+\\1'\n", "invalid pattern"),
    ("    pattern: a\n    colour: red\n", "unknown key 'colour'"),
])
def test_bad_patterns_are_rejected_at_load_with_file_and_rule(tmp_path, extra, expected):
    path = _write(tmp_path, RULE_HEAD.format(kind="pattern") + extra)
    with pytest.raises(PackError) as info:
        load_pack_file(path)
    assert expected in str(info.value) and "p.one" in str(info.value) and str(path) in str(info.value)


def test_a_key_given_twice_in_a_rule_does_not_load(tmp_path):
    body = RULE_HEAD.format(kind="terms") + "    terms: [x]\n    terms: [y]\n"
    with pytest.raises(PackError, match=r"invalid YAML.*duplicate key 'terms'"):
        load_pack_file(_write(tmp_path, body))


def test_a_rule_without_examples_does_not_load(tmp_path):
    body = ("pack: p\nrules:\n  - id: p.one\n    kind: terms\n    category: style\n"
            "    severity: warning\n    message: m\n    source: s\n    terms: [x]\n")
    with pytest.raises(PackError, match="examples"):
        load_pack_file(_write(tmp_path, body))


def test_missing_source_and_bad_category(tmp_path):
    body = RULE_HEAD.format(kind="terms").replace("    source: s\n", "") + "    terms: [x]\n"
    with pytest.raises(PackError, match="'source' is required"):
        load_pack_file(_write(tmp_path, body))
    body = RULE_HEAD.format(kind="terms").replace("style", "typos") + "    terms: [x]\n"
    with pytest.raises(PackError, match="category"):
        load_pack_file(_write(tmp_path, body))


def test_duplicate_ids_across_packs(tmp_path):
    one = tmp_path / "a.yml"
    one.write_text(RULE_HEAD.format(kind="terms") + "    terms: [x]\n")
    (tmp_path / "b.yml").write_text(RULE_HEAD.format(kind="terms") + "    terms: [y]\n")
    with pytest.raises(PackError, match="already defined"):
        load_rule_packs([str(tmp_path)], builtin=False)


def test_catastrophic_pattern_runs_in_linear_time(tmp_path):
    # (a+)+$ backtracks exponentially in Python's re; RE2 answers at once.
    body = RULE_HEAD.format(kind="pattern") + "    pattern: '(a+)+$'\n"
    path = _write(tmp_path, body)
    config = load_config(cwd=Path("/nonexistent-medcheck-test-dir")).with_values(rule_packs=[str(path)])
    settings = build_settings(config, families=("rulepack",), today=TODAY)
    doc = parse_text("t.md", "a" * 5000 + "!", "markdown")
    assert [f for f in check_document(doc, settings) if f.rule == "p.one"] == []
