"""An installed medcheck (a wheel) carries its rule packs, so it works from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_rule_packs(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(REPO)], check=True, capture_output=True,
                   timeout=300)
    (wheel,) = tmp_path.glob("medcheck-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = sorted(p.name for p in (REPO / "rules").glob("*.yml"))
    assert packs, "the repository has no rule packs"
    for pack in packs:
        assert f"checker/rules/{pack}" in names, f"{pack} missing from the wheel"
    assert "checker/cli.py" in names
    entry_points = [n for n in names if n.endswith("entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points[0]).decode()
    assert "medcheck = checker.cli:main" in text


def test_a_pack_removed_from_rules_leaves_the_wheel_too(tmp_path):
    """setuptools reuses its build folder: a rule pack deleted since an earlier build must
    not ship (an installed medcheck refused to start over a stale duplicate)."""
    stale = REPO / "build" / "lib" / "checker" / "rules" / "removed-since-last-build.yml"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("pack: gone\nrules: []\n")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(REPO)], check=True, capture_output=True,
                   timeout=300)
    (wheel,) = tmp_path.glob("medcheck-*.whl")
    assert "checker/rules/removed-since-last-build.yml" not in zipfile.ZipFile(wheel).namelist()
