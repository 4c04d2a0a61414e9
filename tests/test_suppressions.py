"""Inline suppressions and per-path ignores, through the real CLI: a waiver needs a
reason, suppresses exactly what it names where it says, and stays visible (with the
reason) in the JSON, SARIF and HTML reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_cli
from .projects import make_project


def report(root: Path, *args: str) -> tuple[int, dict]:
    proc = run_cli("check", "pages", "--no-grammar", "--no-cache", "--format", "json", *args, cwd=root)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def shown(rep: dict) -> list[tuple[str, int]]:
    return sorted((f["rule"], f["line"]) for f in rep["findings"])


def waived(rep: dict) -> list[tuple[str, int, str]]:
    return sorted((f["rule"], f["line"], f["suppressed"]["reason"]) for f in rep["suppressed"])


def page(tmp_path: Path, text: str, name: str = "pages/a.md", extra: str = "") -> Path:
    return make_project(tmp_path / "p", {name: text}, extra)


def test_next_line_with_reason_suppresses_that_rule_on_that_line_only(tmp_path):
    root = page(tmp_path, "<!-- medcheck-disable-next-line rep.dose: the label's own wording -->\n"
                          "Take 10mg. We utilize it.\n\nGive 5mg.\n")
    code, rep = report(root)
    assert waived(rep) == [("rep.dose", 2, "the label's own wording")]
    assert shown(rep) == [("rep.dose", 4), ("rep.utilize", 2)]
    assert code == 1 and rep["summary"]["suppressed"] == 1


def test_next_line_skips_blank_lines(tmp_path):
    root = page(tmp_path, "<!-- medcheck-disable-next-line rep.dose: quoted -->\n\n\nTake 10mg.\n")
    code, rep = report(root)
    assert shown(rep) == [] and waived(rep) == [("rep.dose", 4, "quoted")] and code == 0


def test_without_a_reason_nothing_is_suppressed_and_the_comment_is_reported(tmp_path):
    comments = {"pages/a.md": "<!-- medcheck-disable-next-line rep.dose -->",
                "pages/b.md": "<!-- medcheck-disable-next-line rep.dose:   -->",
                "pages/c.md": "<!-- medcheck-disable-next-line -->"}
    root = make_project(tmp_path / "p", {name: f"{c}\nTake 10mg.\n" for name, c in comments.items()})
    code, rep = report(root)
    assert waived(rep) == []
    for name, comment in comments.items():
        mine = sorted((f["rule"], f["line"]) for f in rep["findings"] if f["path"] == name)
        assert mine == [("medcheck.suppression-without-reason", 1), ("rep.dose", 2)], comment
        missing = next(f for f in rep["findings"]
                       if f["path"] == name and f["rule"] == "medcheck.suppression-without-reason")
        assert missing["severity"] == "warning" and missing["category"] == "compliance"
        assert (missing["column"], missing["end_column"]) == (1, len(comment) + 1)
    assert code == 1


def test_block_disable_enable(tmp_path):
    root = page(tmp_path, "Take 1mg.\n\n<!-- medcheck-disable rep.dose: historical dosing table -->\n"
                          "Take 2mg.\n\nTake 3mg. We utilize it.\n\n<!-- medcheck-enable rep.dose -->\n"
                          "Take 4mg.\n")
    _, rep = report(root)
    assert shown(rep) == [("rep.dose", 1), ("rep.dose", 9), ("rep.utilize", 6)]
    assert waived(rep) == [("rep.dose", 4, "historical dosing table"),
                           ("rep.dose", 6, "historical dosing table")]


def test_disable_without_enable_runs_to_the_end(tmp_path):
    root = page(tmp_path, "Take 1mg.\n\n<!-- medcheck-disable rep.dose: archived page -->\n\n"
                          "Take 2mg.\n\nMore text.\n\nTake 3mg.\n")
    _, rep = report(root)
    assert shown(rep) == [("rep.dose", 1)] and [w[1] for w in waived(rep)] == [5, 9]


def test_no_rule_means_every_rule(tmp_path):
    root = page(tmp_path, "<!-- medcheck-disable-next-line: a quotation from a 1950 advert -->\n"
                          "A miracle cure: take 10mg, we utilize it.\n\nA miracle cure.\n")
    _, rep = report(root)
    assert {w[0] for w in waived(rep)} == {"rep.cure", "rep.dose", "rep.utilize"}
    assert shown(rep) == [("rep.cure", 4)]


def test_several_rules_categories_and_prefixes(tmp_path):
    cases = {"pages/comma.md": "rep.dose, rep.utilize", "pages/space.md": "rep.dose rep.utilize",
             "pages/categories.md": "medication-safety,plain-language", "pages/prefix.md": "rep.*"}
    root = make_project(tmp_path / "p", {name: (
        f"<!-- medcheck-disable-next-line {rules}: reviewed by pharmacy -->\n"
        "Take 10mg, we utilize it. A miracle cure.\n") for name, rules in cases.items()})
    _, rep = report(root)
    for name, rules in cases.items():
        expected = {"rep.dose", "rep.utilize"} | ({"rep.cure"} if rules == "rep.*" else set())
        assert {f["rule"] for f in rep["suppressed"] if f["path"] == name} == expected, rules
        assert {f["rule"] for f in rep["findings"] if f["path"] == name} == {"rep.cure"} - expected


def test_other_rules_are_not_suppressed(tmp_path):
    root = page(tmp_path, "<!-- medcheck-disable-next-line rep.cure: not this one -->\nTake 10mg.\n")
    _, rep = report(root)
    assert shown(rep) == [("rep.dose", 2)] and waived(rep) == []


def test_disable_line_and_reason_with_colons(tmp_path):
    root = page(tmp_path, "Take 10mg. <!-- medcheck-disable-line rep.dose: per label: see note 3 -->\n"
                          "Take 20mg.\n")
    _, rep = report(root)
    assert waived(rep) == [("rep.dose", 1, "per label: see note 3")]
    assert shown(rep) == [("rep.dose", 2)]


def test_html_pages_use_the_same_comments(tmp_path):
    html = ("<html lang='en'><head><title>T</title></head><body>\n"
            "<!-- medcheck-disable-next-line rep.dose: copied from the carton -->\n"
            "<p>Give 5mg now.</p>\n<p>Give 6mg later.</p>\n"
            "<!-- medcheck-disable-next-line rep.dose -->\n<p>Give 7mg.</p>\n</body></html>\n")
    root = page(tmp_path, html, "pages/a.html")
    _, rep = report(root)
    assert waived(rep) == [("rep.dose", 3, "copied from the carton")]
    assert shown(rep) == [("medcheck.suppression-without-reason", 5), ("rep.dose", 4), ("rep.dose", 6)]


def test_comment_inside_code_is_not_a_directive(tmp_path):
    root = page(tmp_path, "```\n<!-- medcheck-disable rep.dose: not real -->\n```\n\nTake 10mg.\n")
    _, rep = report(root)
    assert shown(rep) == [("rep.dose", 5)] and waived(rep) == []


def test_per_path_ignore_needs_and_keeps_its_reason(tmp_path):
    root = make_project(tmp_path / "p", {"pages/legacy/a.md": "Take 10mg. A miracle cure.\n",
                                         "pages/new.md": "Take 10mg.\n"},
                        '[[tool.medcheck.ignores]]\npaths = ["pages/legacy/**"]\nrules = ["rep.dose"]\n'
                        'reason = "legacy pages are rewritten in Q3"\n')
    _, rep = report(root)
    assert waived(rep) == [("rep.dose", 1, "configuration ignore: legacy pages are rewritten in Q3")]
    assert sorted((f["rule"], f["path"]) for f in rep["findings"]) == [
        ("rep.cure", "pages/legacy/a.md"), ("rep.dose", "pages/new.md")]
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text().replace(
        'reason = "legacy pages are rewritten in Q3"\n', ""))
    proc = run_cli("check", "pages", "--no-grammar", cwd=root)
    assert proc.returncode == 2 and "needs a 'reason'" in proc.stderr


def test_waivers_are_kept_in_sarif_and_html_with_their_reason(tmp_path):
    root = page(tmp_path, "<!-- medcheck-disable-next-line rep.dose: pharmacist approved <wording> -->\n"
                          "Take 10mg.\n")
    sarif = json.loads(run_cli("check", "pages", "--no-grammar", "--format", "sarif", cwd=root).stdout)
    result = sarif["runs"][0]["results"][0]
    assert result["suppressions"][0]["justification"] == "pharmacist approved <wording>"
    html = run_cli("check", "pages", "--no-grammar", "--format", "html", cwd=root).stdout
    assert '<td class=reason>pharmacist approved &lt;wording&gt;</td>' in html
    assert "Suppressed findings (1)" in html
