"""The cache folder (``.medcheck_cache/`` by default) marks itself as one, as pytest's
and ruff's do: a ``.gitignore`` that ignores everything in it, so it never shows in
``git status`` whatever the project's own ignore file says, and a ``CACHEDIR.TAG`` that
backup tools skip (https://bford.info/cachedir/)."""

from __future__ import annotations

from pathlib import Path

GITIGNORE = "# Created by medcheck: everything in this folder can be deleted.\n*\n"
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by medcheck.\n")
_PREPARED: set[str] = set()


def prepare(folder: Path) -> None:
    """Create the cache folder with its markers; never fails the run (a read-only
    folder only costs the cache)."""
    key = str(folder)
    if key in _PREPARED:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            marker = folder / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
    except OSError:
        return
    _PREPARED.add(key)
