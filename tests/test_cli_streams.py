"""Standard streams as Unix tools treat them: a closed pipe, standard input, quiet and
statistics output, the version flag."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import REPO, TODAY


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
