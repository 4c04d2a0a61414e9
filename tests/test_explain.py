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


def test_every_rule_names_the_file_and_line_it_is_written_at():
    """Python rules at their declaration (readability's too), pack rules at their entry in
    the YAML, the engine's audit rules in checker/suppressions.py."""
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    rules = all_rules(load_rule_packs([], repo))
    assert any(r.id.startswith("readability.") for r in rules.values())
    for rule in rules.values():
        text = render(rule, rule.message, None, 90)
        found = re.search(r"^Defined in (\S+):(\d+)$", text, re.M)
        assert found, f"{rule.id}: {text.splitlines()[-1]!r}"
        path = Path(found.group(1))
        path = path if path.is_absolute() else repo / path
        lines = path.read_text(encoding="utf-8").splitlines()
        line = int(found.group(2))
        assert 1 <= line <= len(lines), rule.id
        # The id is written at that line or just below it (a call's first argument),
        # except where ids are made from another library's names (proselint's keys).
        if rule.id in path.read_text(encoding="utf-8"):
            window = "\n".join(lines[line - 1:line + 3])
            assert rule.id in window or rule.id.split(".", 1)[-1] in window, (rule.id, line)


def test_explain_prints_where_the_rule_is_written():
    text = explain("readability.long-sentence")
    assert re.search(r"^Defined in checker/checks/readability\.py:\d+$", text, re.M)
