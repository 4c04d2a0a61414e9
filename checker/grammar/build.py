"""Build the local, English-only LanguageTool server medcheck starts:
`medcheck languagetool install` (`make setup` and tools/languagetool/build.sh call it).

Into the install folder (``install.dist_dir()``: the checkout's tools/languagetool/dist,
or the user's data folder for an installed medcheck; ``--dir`` or MEDCHECK_LT_DIST):

    lib/*.jar      languagetool-server + language-en and their dependencies, resolved by
                   Maven from Maven Central with the pom.xml shipped with medcheck
    words/org/languagetool/resource/en/hunspell/spelling_custom.txt
                   the medical word list; medcheck puts words/ first on the classpath
    medical/       the medical dictionary from the npm registry (optional: without npm
                   the build warns and medical terms are reported as misspellings)
    install.json   version and stamps, written last: what medcheck reads to start it

Idempotent and fast: Maven runs only when the pom changed (``lib.stamp``); the word list
is regenerated and rewritten only when its content changed. Maven options (a mirror,
``-Dmaven.repo.local=...``) pass through MAVEN_ARGS.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Callable

from . import wordlist
from .install import WORDS_RESOURCE

MEDICAL_PACKAGE = "@cspell/dict-medicalterms@4.1.8"
MEDICAL_IN_PACKAGE = "package/dict/medicalterms-en.txt.gz"
MEDICAL_LIST = Path("medical") / "medicalterms-en.txt.gz"


class BuildError(Exception):
    """The build cannot go on; the message says what to install or fix."""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _java_major(java: str) -> int | None:
    proc = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True,
                          text=True, timeout=60)
    found = re.search(r"java\.specification\.version = (\d+)", proc.stdout + proc.stderr)
    return int(found.group(1)) if found else None


def build(dist: Path, pom: Path, *, project_words: list[str] = (), force: bool = False,
          say: Callable[[str], None] = print) -> dict:
    """Build or confirm the server in ``dist``; returns install.json's content."""
    java = shutil.which("java")
    if not java:
        raise BuildError("java not found: install Java 17 or newer "
                         "(e.g. apt-get install openjdk-17-jre-headless)")
    major = _java_major(java)
    if major is None or major < 17:
        raise BuildError(f"LanguageTool 6 needs Java 17 or newer (found {major or 'unknown'})")
    started = time.monotonic()
    dist.mkdir(parents=True, exist_ok=True)
    _jars(dist, pom, force, say)
    version = next((p.name[len("languagetool-core-"):-len(".jar")]
                    for p in sorted((dist / "lib").glob("languagetool-core-*.jar"))), "unknown")
    _medical_dictionary(dist, say)
    words_stamp = _word_list(dist, project_words, say)
    stamp = f"{(dist / 'lib.stamp').read_text().strip()}-{words_stamp}"
    manifest = {"version": version, "lib": "lib", "words": "words", "stamp": stamp,
                "words_stamp": words_stamp}
    if (dist / "build.stamp").is_file() and (dist / "build.stamp").read_text().strip() == stamp \
            and (dist / "install.json").is_file():
        say(f"LanguageTool {version} up to date in {dist} ({time.monotonic() - started:.0f} s)")
        return manifest
    _write(dist / "install.json", json.dumps(manifest) + "\n")
    _write(dist / "build.stamp", stamp + "\n")
    say(f"LanguageTool {version} ready in {dist} ({_size(dist)}, {time.monotonic() - started:.0f} s)")
    return manifest


def _jars(dist: Path, pom: Path, force: bool, say) -> None:
    """The jars, only when the pom changed: resolved into lib.new and swapped in whole, so
    a version bump never leaves two LanguageTool versions on the classpath."""
    stamp = _sha(pom)
    lib, stamp_file = dist / "lib", dist / "lib.stamp"
    if not force and lib.is_dir() and stamp_file.is_file() and stamp_file.read_text().strip() == stamp:
        return
    mvn = shutil.which("mvn")
    if not mvn:
        raise BuildError("mvn not found: install Maven (e.g. apt-get install maven); it fetches "
                         "LanguageTool from Maven Central")
    say("resolving LanguageTool from Maven Central (first time: about 100 MB)")
    fresh = dist / "lib.new"
    shutil.rmtree(fresh, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="medcheck-lt-build-") as work:
        # Maven writes target/ beside the pom: build from a copy, so an installed
        # medcheck's package folder is never written to.
        shutil.copy2(pom, Path(work) / "pom.xml")
        command = [mvn, "-B", "-q", "-Dstyle.color=never", "-f", str(Path(work) / "pom.xml"),
                   *shlex.split(os.environ.get("MAVEN_ARGS", "")), f"-Dlt.lib.dir={fresh}", "package"]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        output = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # Maven's colour resets
        raise BuildError(f"maven failed:\n{output[-3000:]}")
    if not any(fresh.glob("languagetool-server-*.jar")):
        raise BuildError("maven produced no languagetool-server jar")
    shutil.rmtree(lib, ignore_errors=True)
    fresh.rename(lib)
    _write(stamp_file, stamp + "\n")


def _medical_dictionary(dist: Path, say) -> None:
    """LanguageTool's English speller flags most clinical terms ("mellitus"); the cspell
    project's medical terms list (about 98,000 terms from OpenMedSpel, GPL-3, kept in the
    install folder, never in the repository) comes from the npm registry with npm."""
    target = dist / MEDICAL_LIST
    marker = dist / "medical" / "package"
    if target.is_file() and target.stat().st_size and marker.is_file() \
            and marker.read_text().strip() == MEDICAL_PACKAGE:
        return
    npm = shutil.which("npm")
    if not npm:
        say("warning: npm not found; medical terms will be flagged as misspellings "
            "(install Node.js/npm and run `medcheck languagetool install` again)")
        return
    say(f"fetching the medical dictionary {MEDICAL_PACKAGE} from the npm registry")
    shutil.rmtree(dist / "medical", ignore_errors=True)
    (dist / "medical").mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="medcheck-npm-") as work:
        proc = subprocess.run([npm, "pack", "--silent", MEDICAL_PACKAGE], cwd=work,
                              capture_output=True, text=True, timeout=600)
        packs = list(Path(work).glob("*.tgz"))
        if proc.returncode != 0 or not packs:
            say(f"warning: could not fetch {MEDICAL_PACKAGE}; medical terms will be flagged as "
                "misspellings")
            return
        with tarfile.open(packs[0]) as archive:
            members = {m.name: m for m in archive.getmembers()}
            for name, out in ((MEDICAL_IN_PACKAGE, target), ("package/LICENSE", dist / "medical" / "LICENSE")):
                member = members.get(name)
                if member is not None and member.isfile():
                    out.write_bytes(archive.extractfile(member).read())  # type: ignore[union-attr]
    if target.is_file():
        _write(marker, MEDICAL_PACKAGE + "\n")


def _word_list(dist: Path, project_words: list[str], say) -> str:
    """The medical word list, regenerated every time (cheap), rewritten only on change."""
    from ..resources import rules_dir

    words = wordlist.build_words([rules_dir()], project_words)
    text = wordlist.render(words, [dist / MEDICAL_LIST])
    target = dist / "words" / WORDS_RESOURCE
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, text)
        say(f"word list updated: {sum(1 for line in text.splitlines() if not line.startswith('#'))} words")
    return wordlist.digest(text)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _size(folder: Path) -> str:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return f"{total / 1e6:.0f} MB"
