"""The suite stands on the repository alone: a user who clones it has no ../shared."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

# The seed page is real hospital copy that may not enter the repository: its test reads
# ../shared when it is there and says why it skips when it is not.
MAY_READ_SHARED = {"conftest.py", "test_seed.py"}
OUTSIDE = re.compile(r"\bSHARED\b|\.\./shared|REPO\.parent|/work/")


def test_no_test_reads_a_path_outside_the_repository():
    offenders = []
    for source in sorted((REPO / "tests").rglob("*.py")):
        if source.name in MAY_READ_SHARED or source == Path(__file__):
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{source.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_suite_collects_in_a_copy_with_nothing_beside_it(tmp_path):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True,
                           check=True).stdout.decode().split("\0")
    clone = tmp_path / "alone" / "medcheck"
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    assert not (clone.parent / "shared").exists()
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", "tests"],
                          cwd=clone, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "error" not in proc.stdout.splitlines()[-1], proc.stdout[-3000:]
