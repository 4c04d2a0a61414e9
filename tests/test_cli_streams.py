"""Standard streams as Unix tools treat them: a closed pipe, standard input, quiet and
statistics output, the version flag."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import REPO, TODAY, run_cli


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess:
    """Run the CLI with standard output a pipe whose reader is already gone, as after
    `| head -1` (closing it first makes the broken pipe certain, not a race)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "checker.cli", *args], cwd=REPO,
                              stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=300,
                              env={**os.environ, "MEDCHECK_TODAY": TODAY.isoformat()})
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [("rules",), ("explain", "safety.qd"),
                                  ("check", "--no-grammar", "--no-cache", "content/")])
def test_a_closed_pipe_ends_quietly_with_success(args):
    proc = run_into_closed_pipe(*args)
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_standard_input_is_checked_under_the_name_it_stands_for(tmp_path):
    (tmp_path / "medcheck.toml").write_text('content_paths = ["content"]\n'
                                            '[[overrides]]\npaths = ["notes/**"]\ndisable = ["safety.qd"]\n')
    page = "Take 10mg qd.\n"
    proc = run_cli("check", "-", "--no-grammar", "--format", "json", cwd=tmp_path, input=page)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["files"][0]["path"] == "-"
    assert {("safety.qd", 1, 11), ("safety.number-unit-spacing", 1, 6)} <= {
        (f["rule"], f["line"], f["column"]) for f in report["findings"]}
    # The name decides the format, the per-path settings and the report path.
    proc = run_cli("check", "-", "--stdin-filename", "notes/page.html", "--no-grammar",
                   "--format", "json", cwd=tmp_path, input="<p>Take 10mg qd.</p>\n")
    report = json.loads(proc.stdout)
    assert report["files"][0]["path"] == "notes/page.html"
    rules = {f["rule"] for f in report["findings"]}
    assert "safety.number-unit-spacing" in rules and "safety.qd" not in rules
    assert ("safety.number-unit-spacing", 1, 9) in {(f["rule"], f["line"], f["column"])
                                                     for f in report["findings"]}
    assert "review.audience" not in rules
    proc = run_cli("check", "-", "--stdin-filename", "content/page.md", "--no-grammar",
                   "--format", "json", cwd=tmp_path, input=page)
    assert "review.audience" in {f["rule"] for f in json.loads(proc.stdout)["findings"]}


def test_stdin_options_that_make_no_sense_are_usage_errors(tmp_path):
    (tmp_path / "medcheck.toml").write_text("")
    proc = run_cli("check", "-", "--fix", cwd=tmp_path, input="Take 10mg.\n")
    assert proc.returncode == 2 and "use --diff" in proc.stderr
    proc = run_cli("check", "--stdin-filename", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "give '-' as the path" in proc.stderr


def test_quiet_prints_the_findings_only(tmp_path):
    (tmp_path / "medcheck.toml").write_text("")
    (tmp_path / "a.md").write_text("# Dose\n\nTake 10mg.\n")
    loud = run_cli("check", "a.md", cwd=tmp_path, env={"MEDCHECK_LT_DIST": str(tmp_path / "none")})
    quiet = run_cli("check", "a.md", "-q", cwd=tmp_path, env={"MEDCHECK_LT_DIST": str(tmp_path / "none")})
    assert loud.returncode == quiet.returncode == 1
    assert "checked:" in loud.stdout and "grammar skipped" in loud.stderr
    assert "a.md:3:6: error [safety.number-unit-spacing]" in quiet.stdout
    assert "checked:" not in quiet.stdout and "by category" not in quiet.stdout
    assert quiet.stderr == ""


def test_statistics_count_findings_per_rule(tmp_path):
    (tmp_path / "medcheck.toml").write_text("")
    (tmp_path / "a.md").write_text("# Dose\n\nTake 10mg or 20mg qd.\n")
    (tmp_path / "b.md").write_text("# Dose\n\nTake 5mg.\n")
    proc = run_cli("check", "a.md", "b.md", "--no-grammar", "--statistics", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:5] == ["3", "safety.number-unit-spacing", "medication-safety", "error",
                                    "[*]"]
    assert any(line.split()[:2] == ["1", "safety.qd"] for line in lines)
    assert lines[-1] == "4 findings from 2 rules in 2 files"
    assert ":3:" not in proc.stdout  # counts, not the findings


def test_dash_capital_v_prints_the_version():
    from checker import __version__
    proc = run_cli("-V")
    assert proc.returncode == 0 and proc.stdout.strip() == f"medcheck, version {__version__}"
