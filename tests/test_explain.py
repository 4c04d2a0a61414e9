"""`medcheck explain` reads like a help page: real messages, not templates; page
examples keep their shape; text wrapped for a terminal."""

from __future__ import annotations

import re

from checker.engine import all_rules
from checker.explain import render
from checker.rulepacks.loader import load_rule_packs

from .conftest import run_cli


def explain(rule_id: str) -> str:
    proc = run_cli("explain", rule_id, env={"COLUMNS": "90"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_templated_message_is_shown_as_the_rule_reports_it():
    out = explain("safety.qd")
    assert "{" not in out and "}" not in out
    assert "Write 'daily' instead of 'QD'" in out
    assert "'Take 1 tablet QD.'" in out


def test_no_rule_prints_a_raw_template():
    rules = all_rules(load_rule_packs())
    templated = [r for r in rules.values() if "{" in r.message]
    assert templated
    for rule in templated:
        assert not re.search(r"\{\w*\}", render(rule)), rule.id


def test_page_examples_stay_indented_under_their_bullet():
    out = explain("review.audience")
    flagged = out.split("Flagged\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert flagged[0] == "  - ---"
    assert all(line.startswith("    ") for line in flagged[1:] if line), flagged
    assert "    audience: everyone" in flagged


def test_lines_fit_the_terminal():
    for rule_id in ("safety.qd", "a11y.image-alt-missing", "review.audience"):
        long_lines = [l for l in explain(rule_id).splitlines() if len(l) > 88
                      and not l.startswith("Defined in")]
        assert not long_lines, (rule_id, long_lines)
