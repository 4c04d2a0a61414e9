"""Files medcheck writes are readable as the user's umask allows (a reviewer on a
shared host, a web server serving the HTML report), and its cache stays out of git."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TODAY
from .projects import git, make_project


def run_with_umask(umask: int, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "MEDCHECK_TODAY": TODAY.isoformat()},
                          preexec_fn=lambda: os.umask(umask))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_reports_baseline_and_cache_follow_the_umask(tmp_path, umask, expected):
    root = make_project(tmp_path / "p", {"pages/a.md": "Take 10mg with food.\n"})
    proc = run_with_umask(umask, "check", "pages", "--no-grammar", "--format", "html",
                          "--output", "out/report.html", "--report", "sarif:out/report.sarif",
                          cwd=root)
    assert proc.returncode == 1, proc.stderr
    proc = run_with_umask(umask, "baseline", "pages", "--no-grammar", "--output", "base.json",
                          cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert mode(root / "out/report.html") == expected
    assert mode(root / "out/report.sarif") == expected
    assert mode(root / "base.json") == expected
    entries = list((root / ".medcheck_cache" / "results").rglob("*.json"))
    assert entries and {mode(e) for e in entries} == {expected}


def test_a_replaced_report_keeps_its_mode(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": "Fine.\n"})
    (root / "report.json").write_text("{}")
    os.chmod(root / "report.json", 0o640)
    proc = run_with_umask(0o022, "check", "pages", "--no-grammar", "--format", "json",
                          "--output", "report.json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert mode(root / "report.json") == 0o640


def test_the_cache_folder_never_shows_in_git_status(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": "Take 10mg with food.\n"})
    git(root, "init", "-q")
    proc = run_with_umask(0o022, "check", "pages", "--no-grammar", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert (root / ".medcheck_cache" / "results").is_dir()
    assert (root / ".medcheck_cache" / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    status = git(root, "status", "--porcelain", "--untracked-files=all")
    assert ".medcheck_cache" not in status
    assert "pages/a.md" in status
