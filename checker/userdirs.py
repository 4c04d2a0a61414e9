"""Per-user folders, as each platform names them (no extra dependency):

- data: where `medcheck languagetool install` builds LanguageTool for an installed
  medcheck ($XDG_DATA_HOME/medcheck, ~/Library/Application Support/medcheck,
  %LOCALAPPDATA%\\medcheck);
- runtime: where the background LanguageTool's state file lives, so any folder finds
  it ($XDG_RUNTIME_DIR/medcheck, else the user's cache folder). MEDCHECK_RUNTIME_DIR
  overrides it (tests, several users sharing one account).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _home() -> Path:
    return Path(os.environ.get("HOME") or Path.home())


def data_dir() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or _home() / "AppData" / "Local") / "medcheck"
    if sys.platform == "darwin":
        return _home() / "Library" / "Application Support" / "medcheck"
    return Path(os.environ.get("XDG_DATA_HOME") or _home() / ".local" / "share") / "medcheck"


def cache_dir() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or _home() / "AppData" / "Local") / "medcheck" / "cache"
    if sys.platform == "darwin":
        return _home() / "Library" / "Caches" / "medcheck"
    return Path(os.environ.get("XDG_CACHE_HOME") or _home() / ".cache") / "medcheck"


def runtime_dir() -> Path:
    explicit = os.environ.get("MEDCHECK_RUNTIME_DIR")
    if explicit:
        return Path(explicit).expanduser()
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir() and os.access(runtime, os.W_OK):
        return Path(runtime) / "medcheck"
    return cache_dir() / "run"
