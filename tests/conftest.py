"""Shared fixtures. Pages and fixtures are the project's own, written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TODAY = date(2026, 11, 24)

# The background LanguageTool is found through a per-user state file. Tests get a
# folder of their own, so they never use, or stop, a server the user (or another test
# run on the same account) keeps running.
import os as _os
import tempfile as _tempfile

_os.environ["MEDCHECK_RUNTIME_DIR"] = _tempfile.mkdtemp(prefix="medcheck-test-runtime-")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            input: str | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, as a user runs it."""
    import os
    full_env = {**os.environ, "MEDCHECK_TODAY": TODAY.isoformat(), **(env or {})}
    return subprocess.run([sys.executable, "-m", "checker.cli", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, env=full_env, input=input, timeout=600)


def run_json(*args: str, cwd: Path | None = None, env: dict | None = None) -> tuple[int, dict]:
    proc = run_cli("check", "--format", "json", *args, cwd=cwd, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)
