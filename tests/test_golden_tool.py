"""bench/golden.py: the dump is stable for the same code and the comparison notices a change."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO

GOLDEN = str(REPO / "bench" / "golden.py")

PAGE = """---
title: Taking your tablets
---
# Taking your tablets

Take 5 mg of warfarin QD with food. Do not stop it suddenly.
"""


def _golden(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, GOLDEN, *args], capture_output=True, text=True,
                          cwd=REPO, timeout=300)


def test_dump_is_deterministic_and_compare_reports_differences(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.md").write_text(PAGE, encoding="utf-8")
    (pages / "b.md").write_text(PAGE.replace("QD", "daily"), encoding="utf-8")
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    for out in (first, second):
        proc = _golden(str(pages), "--jobs", "1", "--output", str(out))
        assert proc.returncode == 0, proc.stderr
    assert first.read_bytes() == second.read_bytes()
    dumped = first.read_text(encoding="utf-8")
    assert '"path": "a.md"' in dumped and '"rule": "safety.qd"' in dumped
    assert '"path": "b.md", "line": 6' not in dumped
    same = _golden("--compare", str(first), str(second))
    assert same.returncode == 0 and same.stdout.startswith("identical"), same.stdout

    (pages / "b.md").write_text(PAGE, encoding="utf-8")  # b now has the QD finding too
    proc = _golden(str(pages), "--jobs", "1", "--output", str(second))
    assert proc.returncode == 0, proc.stderr
    differ = _golden("--compare", str(first), str(second))
    assert differ.returncode == 1
    assert differ.stdout.startswith("differ:")
    assert "b.md" in differ.stdout
