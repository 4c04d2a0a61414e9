"""Compiled forms kept between runs: what start-up would otherwise rebuild from the
same inputs every time (the knowledge base built from its YAML, the per-run indexes
built from it), stored in the user's cache folder (``userdirs.cache_dir()/compiled``).

An entry is keyed by everything it is built from: the input bytes the caller names,
medcheck's own code (``code_digest``), the Python version and the versions of the
libraries the caller names. So an edited fact file, another medcheck build or another
wordfreq never gets an old entry; nothing has to be cleared by hand. An entry that
cannot be read (truncated, from an older pickle format, deleted under us) is rebuilt.
Entries are written to a temporary file and renamed, so a killed run leaves no half
entry. ``MEDCHECK_COMPILED_CACHE=off`` turns the store off (the build then runs every
time, as it would on a read-only home folder). Only the newest few entries of each
kind are kept.

The entries are pickles, and unpickling runs code: an entry is read only when it and
its folder belong to the user running medcheck and nobody else can write them (as ssh
treats its keys), so a shared or copied-in cache folder is rebuilt, never trusted.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

T = TypeVar("T")

_FORMAT = "1"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of medcheck's own code: results cached by one build are never served
    by another, even when the version number was not bumped."""
    hasher = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for file in sorted(package.rglob("*.py")):
        try:
            hasher.update(file.relative_to(package).as_posix().encode())
            hasher.update(file.read_bytes())
        except OSError:
            continue
    return hasher.hexdigest()[:16]


@lru_cache(maxsize=None)
def _library_version(name: str) -> str:
    found = _installed_versions().get(_normalized(name))
    if found:
        return found
    # Not an ordinary installed wheel (an egg, a zip): ask the metadata library, whose
    # import alone (it brings in the email package) costs a fiftieth of a start-up.
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@lru_cache(maxsize=1)
def _installed_versions() -> dict[str, str]:
    """Project name -> version of the wheels installed on sys.path, read from their
    ``NAME-VERSION.dist-info`` folder names (as importlib.metadata finds them; the
    first folder on the path wins, as it does for imports)."""
    versions: dict[str, str] = {}
    for folder_name in sys.path:
        try:
            entries = os.listdir(folder_name or ".")
        except OSError:
            continue
        for entry in entries:
            stem = entry[:-len(".dist-info")]
            if entry.endswith(".dist-info") and stem.count("-") == 1:
                project, version = stem.split("-")
                versions.setdefault(_normalized(project), version)
    return versions


def folder() -> Path | None:
    if os.environ.get("MEDCHECK_COMPILED_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    from .userdirs import cache_dir
    return cache_dir() / "compiled"


def entry_key(kind: str, parts: Iterable[bytes | str], libraries: Iterable[str] = (),
              code: bool = True) -> str:
    """``code=False`` for an entry that medcheck's code cannot change (one built by
    Python alone from the parts)."""
    hasher = hashlib.sha256()
    for part in (_FORMAT, kind, code_digest() if code else "", sys.version,
                 *(f"{name}={_library_version(name)}" for name in libraries), *parts):
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()[:32]


def cached(kind: str, parts: Iterable[bytes | str], build: Callable[[], T],
           libraries: Iterable[str] = ()) -> T:
    """``build()``, or the value it gave last time for the same key."""
    where = folder()
    if where is None:
        return build()
    path = where / f"{kind}-{entry_key(kind, parts, libraries)}.pickle"
    value = _read(path)
    if value is not None:
        return value
    value = build()
    _write(path, value)
    return value


def read_entry(kind: str, parts: Iterable[bytes | str], code: bool = True) -> Any:
    """The value stored under this key, or None (absent, unreadable or store off)."""
    where = folder()
    return None if where is None else _read(where / f"{kind}-{entry_key(kind, parts, code=code)}.pickle")


def write_entry(kind: str, parts: Iterable[bytes | str], value: Any, code: bool = True) -> None:
    where = folder()
    if where is not None:
        _write(where / f"{kind}-{entry_key(kind, parts, code=code)}.pickle", value)


_freeze_reads = False


def freeze_what_is_read() -> None:
    """In a process that lives for one run (the command line): what the store gives
    lives as long as the run, so each read moves every object there is into the
    collector's permanent generation, never walked again (the first pass over a freshly
    read knowledge base took 10 ms, as does every full collection after). Objects freed
    by their reference count still go; cyclic garbage made before a read would stay,
    which is why a long-lived process (the editor's server, the tests) does not ask."""
    global _freeze_reads
    _freeze_reads = True


def _trusted(path: Path) -> bool:
    """The entry and its folder are the user's own and writable by nobody else."""
    if not hasattr(os, "getuid"):
        return True  # no POSIX owners (Windows): the folder is the user's profile
    try:
        for item in (path, path.parent):
            status = item.lstat()
            if status.st_uid != os.getuid() or status.st_mode & 0o022:
                return False
    except OSError:
        return False
    return not path.is_symlink()


def _read(path: Path) -> Any:
    if not _trusted(path):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    # Unpickling builds tens of thousands of small objects: the cyclic collector
    # would walk them again and again while they are made (three times slower).
    enabled = gc.isenabled()
    gc.disable()
    try:
        value = pickle.loads(data)
    except Exception:
        return None
    else:
        if _freeze_reads:
            gc.freeze()
        return value
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, value: Any) -> None:
    """Best effort: a folder that cannot be written only costs the next run a build."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise
    except OSError:
        return
    _prune(path)


_KEEP = 16


def _prune(path: Path) -> None:
    """Keep the newest entries of a kind (each medcheck build or fact-base edit makes a
    new one; the old ones are never read again). Sixteen, not one: several checkouts
    of medcheck (branches, worktrees, CI caches) share one home folder, and must not
    evict each other's entry on every run."""
    kind = path.name.rsplit("-", 1)[0]
    try:
        entries = sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime,
                         reverse=True)
        for old in entries[_KEEP:]:
            if old != path:
                old.unlink()
    except OSError:
        pass
