"""Where the locally built LanguageTool lives and what it is.

``medcheck languagetool install`` (checker/grammar/build.py) writes ``install.json``
last, so its presence means a complete build. The folder is, in order: the environment
variable ``MEDCHECK_LT_DIST``, the configuration key ``languagetool.home``, a checkout's
``tools/languagetool/dist``, or for an installed medcheck (pip) the user's data folder
(``~/.local/share/medcheck/languagetool`` on Linux).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_CHECKOUT_TOOLS = Path(__file__).resolve().parents[2] / "tools" / "languagetool"
_CHECKOUT_DIST = _CHECKOUT_TOOLS / "dist"


def is_checkout() -> bool:
    """Running from a clone of the repository (editable install), not from a wheel."""
    return (_CHECKOUT_TOOLS / "pom.xml").is_file()


def install_hint() -> str:
    """How to build LanguageTool, in the words that fit how medcheck was installed."""
    if is_checkout():
        return "run `make setup` (or `.venv/bin/medcheck languagetool install`)"
    return "run `medcheck languagetool install` (needs Java 17 and Maven)"
WORDS_RESOURCE = Path("org/languagetool/resource/en/hunspell/spelling_custom.txt")
SERVER_CLASS = "org.languagetool.server.HTTPServer"


class GrammarUnavailable(Exception):
    """LanguageTool cannot be used for this run; the message is the reason shown in
    ``summary.grammar`` ("skipped: <reason>")."""


@dataclass(frozen=True)
class Install:
    dist: Path
    version: str
    stamp: str
    words_stamp: str

    @property
    def lib(self) -> Path:
        return self.dist / "lib"

    @property
    def words_dir(self) -> Path:
        return self.dist / "words"

    def classpath(self, words_dir: Path | None = None) -> str:
        # The word list folder comes first: language-en ships an empty
        # spelling_custom.txt and the class loader returns the first one it finds.
        return os.pathsep.join((str(words_dir or self.words_dir), str(self.lib / "*")))


def dist_dir(config: Any = None) -> Path:
    env = os.environ.get("MEDCHECK_LT_DIST")
    if env:
        return Path(env).expanduser()
    from .options import LANGUAGETOOL

    home = LANGUAGETOOL.value(config)["home"] if config is not None else None
    if home:
        path = Path(home).expanduser()
        return path if path.is_absolute() else Path(config.root) / path
    if is_checkout():
        return _CHECKOUT_DIST
    from ..userdirs import data_dir
    return data_dir() / "languagetool"


def find_install(config: Any = None) -> Install:
    dist = dist_dir(config)
    manifest = dist / "install.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GrammarUnavailable(
            f"LanguageTool is not built ({dist} has no install.json): {install_hint()}") from None
    except (OSError, ValueError) as exc:
        raise GrammarUnavailable(f"LanguageTool build in {dist} is unreadable ({exc}): "
                                 "run `medcheck languagetool install --force`") from None
    if not any((dist / "lib").glob("languagetool-server-*.jar")):
        raise GrammarUnavailable(f"LanguageTool build in {dist} has no server jar: "
                                 "run `medcheck languagetool install --force`")
    return Install(dist=dist, version=str(data.get("version", "unknown")),
                   stamp=str(data.get("stamp", "")), words_stamp=str(data.get("words_stamp", "")))


def find_java() -> str:
    """The java binary: $JAVA_HOME/bin/java, else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if not found:
        raise GrammarUnavailable("Java is not installed (LanguageTool needs Java 17 or newer; "
                                 "no `java` on PATH and no JAVA_HOME)")
    return found

