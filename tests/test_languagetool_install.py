"""Grammar for an installed medcheck (pip, no checkout): the wheel carries the LanguageTool
build, `medcheck languagetool install` builds the same server into the user's data
folder, and the messages name that command, never the checkout's paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, TODAY


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """medcheck's wheel, unpacked as pip would install it (its dependencies are this venv's)."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(folder), str(REPO)], check=True, capture_output=True, timeout=600)
    (wheel,) = folder.glob("medcheck-*.whl")
    site = folder / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    return site


def medcheck(site: Path, *args: str, cwd: Path, data: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MEDCHECK_LT_DIST"}
    env.update({"PYTHONPATH": str(site), "XDG_DATA_HOME": str(data),
                "MEDCHECK_TODAY": TODAY.isoformat()})
    code = "import sys; sys.argv[0] = 'medcheck'; from checker.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=1800, env=env)


def test_the_wheel_carries_the_languagetool_build(installed):
    shipped = installed / "checker" / "grammar" / "languagetool-pom.xml"
    assert shipped.read_bytes() == (REPO / "tools" / "languagetool" / "pom.xml").read_bytes()


def test_an_installed_medcheck_builds_languagetool_into_the_user_data_folder(installed, tmp_path):
    data = tmp_path / "data"
    project = tmp_path / "project"
    project.mkdir()
    (project / "page.md").write_text("# Doses\n\nTake an tablet.\n")
    probe = medcheck(installed, "languagetool", "status", cwd=project, data=data)
    where = data / "medcheck" / "languagetool"
    assert "no install.json" in probe.stdout and str(where) in probe.stdout, probe.stdout
    assert "run `medcheck languagetool install`" in probe.stdout
    assert "make setup" not in probe.stdout and "tools/languagetool" not in probe.stdout

    before = medcheck(installed, "check", "page.md", "--format", "json", cwd=project, data=data)
    assert before.stdout, before.stderr
    grammar = json.loads(before.stdout)["summary"]["grammar"]
    assert grammar.startswith("skipped: LanguageTool is not built") and "medcheck languagetool install" in grammar
    assert "site-packages" not in before.stderr and "make setup" not in before.stderr

    build = medcheck(installed, "languagetool", "install", cwd=project, data=data)
    assert build.returncode == 0, build.stderr
    manifest = json.loads((where / "install.json").read_text())
    assert manifest["version"] == "6.8"
    assert any((where / "lib").glob("languagetool-server-6.8.jar"))
    assert (where / "words" / "org/languagetool/resource/en/hunspell/spelling_custom.txt").is_file()
    assert not (installed / "checker" / "grammar" / "target").exists()  # built from a copy

    status = medcheck(installed, "languagetool", "status", cwd=project, data=data)
    assert f"build: LanguageTool 6.8 in {where}" in status.stdout
    again = medcheck(installed, "languagetool", "install", cwd=project, data=data)
    assert again.returncode == 0 and "up to date" in again.stderr


def test_a_checkout_says_make_setup(tmp_path):
    from checker.grammar.install import install_hint, is_checkout

    assert is_checkout()
    assert "make setup" in install_hint()
