"""A team's own rule packs prove themselves before a check uses them, as the built-in
ones do in the test suite: `medcheck test`, and at load once per pack content."""

from __future__ import annotations

from pathlib import Path

from .conftest import run_cli

GOOD = """pack: team
rules:
  - id: team.stat
    kind: terms
    category: plain-language
    severity: warning
    message: "Say 'now' instead of 'stat'."
    terms: [stat]
    source: "Our style guide, section 2"
    examples: {match: ["Give it stat."], no_match: ["Give it now."]}
"""
# The no_match example contains the term: the rule cannot be what its author meant.
BROKEN = GOOD.replace('no_match: ["Give it now."]', 'no_match: ["Give it now, stat."]')


def project(tmp_path: Path, pack: str) -> Path:
    root = tmp_path / "p"
    (root / "rules").mkdir(parents=True)
    (root / "pages").mkdir()
    (root / "rules" / "team.yml").write_text(pack)
    (root / "pages" / "a.md").write_text("Give it stat.\n")
    (root / "pyproject.toml").write_text('[tool.medcheck]\npaths = ["pages"]\n'
                                         'rule_packs = ["rules/team.yml"]\n'
                                         'disable = ["compliance", "readability"]\n')
    return root


def test_a_pack_whose_examples_fail_is_not_used(tmp_path):
    root = project(tmp_path, BROKEN)
    proc = run_cli("check", "--no-grammar", cwd=root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "team.stat" in proc.stderr and "Give it now, stat." in proc.stderr
    assert "rules/team.yml" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_medcheck_test_reports_each_failing_example(tmp_path):
    root = project(tmp_path, BROKEN)
    proc = run_cli("test", cwd=root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAIL rule 'team.stat' flags its no_match example 'Give it now, stat.'" in proc.stdout
    assert "1 rule(s), 2 example(s): 1 failed" in proc.stdout
    proc = run_cli("test", "rules/team.yml", cwd=root)
    assert proc.returncode == 1


def test_a_pack_that_passes_is_used_and_remembered(tmp_path):
    root = project(tmp_path, GOOD)
    proc = run_cli("test", cwd=root)
    assert proc.returncode == 0 and "all hold" in proc.stdout, proc.stdout + proc.stderr
    proc = run_cli("check", "--no-grammar", "--format", "json", cwd=root)
    assert proc.returncode == 0, proc.stderr  # a warning does not fail the run
    assert '"team.stat"' in proc.stdout
    assert len(list((root / ".medcheck_cache" / "packs").glob("*.passed"))) == 1
    # An edit that breaks the pack is caught on the next run despite the cache.
    (root / "rules" / "team.yml").write_text(BROKEN)
    assert run_cli("check", "--no-grammar", cwd=root).returncode == 2


def test_test_without_packs_is_a_usage_error(tmp_path):
    (tmp_path / "medcheck.toml").write_text("")
    proc = run_cli("test", cwd=tmp_path)
    assert proc.returncode == 2 and "no rule packs to test" in proc.stderr
