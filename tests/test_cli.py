"""The command line contract: exit codes, JSON shape, config and pack errors, rules, explain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.model import CATEGORIES

from .conftest import run_cli, run_json

FIXTURE_PACK = Path(__file__).parent / "fixtures" / "packs" / "kinds.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.medcheck]\nrule_packs = ["{FIXTURE_PACK}"]\n')
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.md").write_text("---\ntitle: A\n---\n# A page\n\nWe utilized 10mg here.\n")
    (pages / "b.html").write_text("<html lang='en'><head><title>B</title></head><body>"
                                  "<h1>B</h1>\n<p>Give 5mg now.</p></body></html>\n")
    (pages / "c.txt").write_text("A plain page\n\nNothing to see here at all.\n")
    return tmp_path


def test_json_report_follows_the_contract(project):
    code, report = run_json("pages", "--no-grammar", "--no-cache", cwd=project)
    # "10mg" and "5mg" in the fixture pages are medication-safety errors
    # (safety.number-unit-spacing, ISMP): fail-on error gives exit code 1.
    assert code == 1
    assert report["tool"]["name"] == "medcheck"
    assert set(report["summary"]) >= {"files", "findings", "by_severity", "grammar"}
    assert report["summary"]["files"] == 3
    assert report["summary"]["grammar"] == "skipped: disabled with --no-grammar"
    paths = {f["path"] for f in report["files"]}
    assert paths == {"pages/a.md", "pages/b.html", "pages/c.txt"}
    ours = [f for f in report["findings"] if f["rule"].startswith("kinds.")]
    keys = {"rule", "category", "severity", "path", "line", "column", "end_line", "end_column",
            "message", "suggestions", "source", "fingerprint"}
    for finding in report["findings"]:
        assert keys <= set(finding)
        assert finding["category"] in CATEGORIES
        assert finding["severity"] in ("error", "warning", "info")
    where = {(f["rule"], f["path"], f["line"], f["column"], f["end_column"]) for f in ours}
    assert ("kinds.swap", "pages/a.md", 6, 4, 12) in where
    assert ("kinds.pattern", "pages/a.md", 6, 13, 17) in where
    assert ("kinds.pattern", "pages/b.html", 2, 9, 12) in where


def test_fail_on_controls_exit_code(project):
    assert run_cli("check", "pages", "--no-grammar", "--fail-on", "warning", cwd=project).returncode == 1
    assert run_cli("check", "pages", "--no-grammar", "--fail-on", "never", cwd=project).returncode == 0


def test_fingerprints_survive_moved_lines(project):
    _, before = run_json("pages/a.md", "--no-grammar", "--no-cache", cwd=project)
    page = project / "pages" / "a.md"
    page.write_text(page.read_text().replace("# A page\n", "# A page\n\nA new first paragraph.\n"))
    _, after = run_json("pages/a.md", "--no-grammar", "--no-cache", cwd=project)
    fp = lambda r: {f["fingerprint"] for f in r["findings"] if f["rule"] == "kinds.swap"}
    assert fp(before) == fp(after) and fp(before)


@pytest.mark.parametrize("config,needle", [
    ('[tool.medcheck]\ncolour = "red"\n', "unknown key 'colour'"),
    ('[tool.medcheck]\npaths = "content"\n', "'paths' must be a list of strings"),
    ('[tool.medcheck]\nfail_on = "sometimes"\n', "'fail_on' must be one of"),
    ('[tool.medcheck]\nrule_packs = ["missing.yml"]\n', "missing.yml"),
    ('[tool.medcheck\n', "invalid TOML"),
    ('[tool.medcheck]\n[[tool.medcheck.overrides]]\npaths = ["x/**"]\njobs = 3\n', "cannot be set per path"),
    ('[tool.medcheck]\n[[tool.medcheck.ignores]]\npaths = ["x/**"]\n', "needs a 'reason'"),
])
def test_bad_configuration_is_exit_2_with_a_clear_message(tmp_path, config, needle):
    (tmp_path / "pyproject.toml").write_text(config)
    (tmp_path / "p.md").write_text("# Hi\n")
    proc = run_cli("check", "p.md", "--no-grammar", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert needle in proc.stderr and "Traceback" not in proc.stderr


def test_medcheck_toml_is_found_and_validated(tmp_path):
    (tmp_path / "medcheck.toml").write_text('fail_on = "warning"\nbogus = 1\n')
    (tmp_path / "p.md").write_text("# Hi\n")
    proc = run_cli("check", "p.md", "--no-grammar", cwd=tmp_path)
    assert proc.returncode == 2 and "medcheck.toml: unknown key 'bogus'" in proc.stderr


def test_explicit_missing_config_file(tmp_path):
    proc = run_cli("check", "--config", str(tmp_path / "nope.toml"), cwd=tmp_path)
    assert proc.returncode == 2 and "not found" in proc.stderr and "Traceback" not in proc.stderr


def test_malformed_rule_pack_is_exit_2_naming_file_and_rule(tmp_path):
    pack = tmp_path / "bad.yml"
    pack.write_text("pack: bad\nrules:\n  - id: bad.rule\n    kind: pattern\n    category: style\n"
                    "    severity: warning\n    message: m\n    source: s\n    pattern: '(unclosed'\n"
                    "    examples: {match: [a], no_match: [b]}\n")
    (tmp_path / "pyproject.toml").write_text('[tool.medcheck]\nrule_packs = ["bad.yml"]\n')
    (tmp_path / "p.md").write_text("# Hi\n")
    proc = run_cli("check", "p.md", "--no-grammar", cwd=tmp_path)
    assert proc.returncode == 2
    assert "bad.yml" in proc.stderr and "bad.rule" in proc.stderr and "Traceback" not in proc.stderr
    pack.write_text("pack: bad\nrules: [\n")
    proc = run_cli("rules", cwd=tmp_path)
    assert proc.returncode == 2 and "invalid YAML" in proc.stderr


def test_bad_option_is_exit_2(tmp_path):
    proc = run_cli("check", "--format", "pdf", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_missing_path_is_exit_2_but_others_are_still_reported(project):
    code, report = run_json("pages", "nope.md", "--no-grammar", cwd=project)
    assert code == 2
    assert report["summary"]["files"] == 3
    assert report["errors"] == [{"path": "nope.md", "message": "no such file or folder"}]


def test_rules_and_explain(project):
    proc = run_cli("rules", cwd=project)
    assert proc.returncode == 0 and "kinds.swap" in proc.stdout and "medcheck test fixture" in proc.stdout
    proc = run_cli("explain", "kinds.swap", cwd=project)
    assert proc.returncode == 0
    assert "We utilized it." in proc.stdout and "We used it." in proc.stdout and "Source" in proc.stdout
    proc = run_cli("explain", "kinds.swp", cwd=project)
    assert proc.returncode == 2 and "did you mean kinds.swap" in proc.stderr


def test_text_format_underlines_the_words(project):
    proc = run_cli("check", "pages/a.md", "--no-grammar", cwd=project)
    lines = proc.stdout.splitlines()
    i = next(i for i, l in enumerate(lines) if "[kinds.swap]" in l)
    assert lines[i].startswith("pages/a.md:6:4: warning [kinds.swap]")
    assert lines[i + 1] == "  |"
    assert lines[i + 2] == "6 | We utilized 10mg here."
    assert lines[i + 3] == "  |    ^^^^^^^^"
    assert "\x1b[" not in proc.stdout  # no colour when not a TTY


def test_per_path_overrides_and_disable(project):
    (project / "pyproject.toml").write_text(
        f'[tool.medcheck]\nrule_packs = ["{FIXTURE_PACK}"]\ndisable = ["kinds.pattern"]\n'
        '[[tool.medcheck.overrides]]\npaths = ["pages/a.md"]\nseverity = {"kinds.swap" = "error"}\n')
    code, report = run_json("pages", "--no-grammar", "--no-cache", cwd=project)
    rules = {(f["rule"], f["path"], f["severity"]) for f in report["findings"]}
    assert ("kinds.swap", "pages/a.md", "error") in rules
    assert not any(r == "kinds.pattern" for r, _, _ in rules)
    assert code == 1
