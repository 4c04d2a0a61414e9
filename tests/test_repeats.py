"""One finding per term per page for plain-language, inclusive-language and spelling."""

from __future__ import annotations

import json

from checker.model import Finding
from checker.repeats import fold_repeats

from .conftest import run_cli
from .helpers import check_snippet

PAGE = ("# Kidney care\n\n"
        "Renal disease often has no signs. Renal tests find it early.\n\n"
        "- Ask about renal tests at each visit.\n"
        "- Renal diets limit salt.\n\n"
        "A person who is an addict can recover. Addicts deserve care.\n\n"
        "Take 10mg at night. Take 20mg in the morning.\n")


def test_thirty_uses_of_a_word_are_one_finding_with_every_position():
    found = check_snippet(PAGE)
    renal = [f for f in found if f.rule == "plain.renal"]
    assert len(renal) == 1
    first = renal[0]
    assert (first.line, first.column) == (3, 1)
    assert first.data["count"] == 4
    assert [(o["line"], o["column"]) for o in first.data["occurrences"]] == \
        [(3, 1), (3, 35), (5, 13), (6, 3)]
    assert "Used 4 times on this page (lines 3, 5, 6)" in first.message
    # Inflections of one term are one term ("addict", "Addicts").
    addict = [f for f in found if f.rule == "inclusive.addict"]
    assert len(addict) == 1 and addict[0].data["count"] == 2
    # Other categories are not folded: each unsafe dose is its own finding.
    assert len([f for f in found if f.rule == "safety.number-unit-spacing"]) == 2


def test_a_single_use_is_unchanged():
    found = check_snippet("# Kidneys\n\nRenal disease is common.\n")
    renal = [f for f in found if f.rule == "plain.renal"]
    assert len(renal) == 1 and "count" not in renal[0].data and "Used" not in renal[0].message


def _f(rule, text, line, category="spelling", **kw):
    return Finding(rule=rule, category=category, severity="warning", message="m.", start=0, end=1,
                   line=line, column=1, end_line=line, end_column=4, text=text, **kw)


def test_many_word_rules_fold_per_word_and_waived_or_fixable_ones_stay():
    findings = [_f("lt.MORFOLOGIK_RULE_EN_US", "Pediculicide", 1),
                _f("lt.MORFOLOGIK_RULE_EN_US", "pediculicide", 2),
                _f("lt.MORFOLOGIK_RULE_EN_US", "ovicide", 3),
                _f("lt.MORFOLOGIK_RULE_EN_US", "pediculicide", 4, suppressed="reviewed"),
                _f("plain.renal", "renal", 5, category="plain-language", fix="kidney"),
                _f("plain.renal", "renal", 6, category="plain-language", fix="kidney")]
    out = fold_repeats(findings)
    assert [(f.text, f.line, f.data.get("count")) for f in out] == [
        ("Pediculicide", 1, 2), ("ovicide", 3, None), ("pediculicide", 4, None),
        ("renal", 5, None), ("renal", 6, None)]


def test_json_and_sarif_keep_the_count_and_every_position(tmp_path):
    (tmp_path / "p.md").write_text(PAGE, encoding="utf-8")
    proc = run_cli("check", "p.md", "--no-grammar", "--format", "json", cwd=tmp_path)
    renal = [f for f in json.loads(proc.stdout)["findings"] if f["rule"] == "plain.renal"]
    assert len(renal) == 1 and renal[0]["count"] == 4
    assert [o["line"] for o in renal[0]["occurrences"]] == [3, 3, 5, 6]
    proc = run_cli("check", "p.md", "--no-grammar", "--format", "sarif", cwd=tmp_path)
    results = [r for r in json.loads(proc.stdout)["runs"][0]["results"] if r["ruleId"] == "plain.renal"]
    assert len(results) == 1
    related = results[0]["relatedLocations"]
    assert [r["physicalLocation"]["region"]["startLine"] for r in related] == [3, 3, 5, 6]
    assert results[0]["properties"]["count"] == 4


def test_languagetool_grammar_and_style_fold_per_rule_and_words():
    # A condition's name missing its hyphen, used on every line of its page, is one
    # decision; other words under the same rule, and other rules, stay apart.
    findings = [_f("lt.HOUR_HYPHEN", "48 hour", 1, category="grammar"),
                _f("lt.HOUR_HYPHEN", "48 Hour", 2, category="grammar"),
                _f("lt.HOUR_HYPHEN", "12 hour", 3, category="grammar"),
                _f("lt.COMMA_PARENTHESIS_WHITESPACE", " .", 4, category="style"),
                _f("lt.COMMA_PARENTHESIS_WHITESPACE", " .", 5, category="style"),
                _f("proselint.misc.capitalization", "Monday", 6, category="style"),
                _f("proselint.misc.capitalization", "Monday", 7, category="style")]
    out = fold_repeats(findings)
    assert [(f.rule, f.line, f.data.get("count")) for f in out] == [
        ("lt.HOUR_HYPHEN", 1, 2), ("lt.HOUR_HYPHEN", 3, None),
        ("lt.COMMA_PARENTHESIS_WHITESPACE", 4, 2),
        ("proselint.misc.capitalization", 6, None), ("proselint.misc.capitalization", 7, None)]
