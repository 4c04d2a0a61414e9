"""Small throw-away projects for the report, gating and fix tests.

Each project loads only the test rule pack (tests/fixtures/reports/pack.yml): the
ten categories are disabled and the fixture rules (plus the audit rule for
suppressions without a reason) are enabled by id, so these tests see exactly the
findings they plant, whatever rules the shipped packs grow.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from checker.model import CATEGORIES

PACK = Path(__file__).parent / "fixtures" / "reports" / "pack.yml"
RULES = ("rep.dose", "rep.utilize", "rep.cure", "rep.note", "medcheck.suppression-without-reason")


def make_project(root: Path, pages: dict[str, str | bytes], extra_config: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    disable = ", ".join(f'"{c}"' for c in CATEGORIES)
    enable = ", ".join(f'"{r}"' for r in RULES)
    (root / "pyproject.toml").write_text(
        "[tool.medcheck]\n"
        f'paths = ["pages"]\nrule_packs = ["{PACK.as_posix()}"]\n'
        f"disable = [{disable}]\nenable = [{enable}]\n"
        'cache_dir = ".medcheck_cache"\n' + extra_config, encoding="utf-8")
    for name, content in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(root), "PATH": "/usr/bin:/bin",
           "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def git_repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pages")
    return root
