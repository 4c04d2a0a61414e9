"""Where packaged data lives, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def rules_dir() -> Path:
    """The built-in rule packs: ``checker/rules`` in a wheel, ``rules/`` in a checkout.

    The wheel build copies rules/ into the package (see setup hook in pyproject);
    in an editable checkout the top-level folder is used directly.
    """
    packaged = _PACKAGE_DIR / "rules"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / "rules"


def languagetool_pom() -> Path:
    """The Maven build of the LanguageTool server: ``checker/grammar/languagetool-pom.xml``
    in a wheel, ``tools/languagetool/pom.xml`` in a checkout."""
    packaged = _PACKAGE_DIR / "grammar" / "languagetool-pom.xml"
    if packaged.is_file():
        return packaged
    return _PACKAGE_DIR.parent / "tools" / "languagetool" / "pom.xml"
