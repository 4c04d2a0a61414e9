"""Add a word to the project's word list: ``words`` in the medcheck configuration.

The configuration file is edited as text, so its comments, order and layout stay as
the team wrote them, and the result is read back: the edit is written only when the
file then holds exactly the same configuration with the one word added. A project
without a configuration file gets a ``medcheck.toml`` holding just the word list.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from pathlib import Path


class WordListError(Exception):
    """The word could not be added safely; the message says what to do instead."""


_HEADER = re.compile(r"^[ \t]*\[", re.M)
_WORDS_KEY = re.compile(r"^[ \t]*words[ \t]*=[ \t]*\[", re.M)


def add_word(config_file: Path | None, folder: Path, word: str) -> tuple[Path, bool]:
    """Add ``word`` to the word list; returns (file, whether it changed)."""
    word = word.strip()
    if not word or "\n" in word:
        raise WordListError("only a single word or phrase on one line can be added")
    if config_file is None:
        target = folder / "medcheck.toml"
        if target.exists():
            raise WordListError(f"{target} exists but was not read as the configuration")
        _write(target, f"words = [{_toml_string(word)}]\n".encode("utf-8"), mode=None)
        return target, True
    raw = config_file.read_bytes()
    try:
        text = raw.decode("utf-8")
        before = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WordListError(f"{config_file} cannot be read as TOML ({exc}); fix it first") from None
    in_pyproject = config_file.name == "pyproject.toml"
    table = _table(before, in_pyproject)
    words = list(table.get("words") or []) if table is not None else []
    if any(w.lower() == word.lower() for w in words):
        return config_file, False
    newline = "\r\n" if "\r\n" in text else "\n"
    edited = _insert(text, word, in_pyproject, newline)
    try:
        after = tomllib.loads(edited)
    except tomllib.TOMLDecodeError:
        after = None
    if after is None or not _only_word_added(before, after, in_pyproject, word):
        raise WordListError(f"could not add '{word}' to {config_file} safely; add it to its "
                            "`words` list by hand")
    _write(config_file, edited.encode("utf-8"), mode=os.stat(config_file).st_mode & 0o7777)
    return config_file, True


def _table(data: dict, in_pyproject: bool) -> dict | None:
    if in_pyproject:
        found = data.get("tool", {}).get("medcheck")
        return found if isinstance(found, dict) else None
    return data


def _only_word_added(before: dict, after: dict, in_pyproject: bool, word: str) -> bool:
    old, new = _table(before, in_pyproject), _table(after, in_pyproject)
    if new is None:
        return False
    old = dict(old or {})
    expected = list(old.get("words") or []) + [word]
    if new.get("words") != expected:
        return False
    old.pop("words", None)
    new = {k: v for k, v in new.items() if k != "words"}
    if old != new:
        return False
    if in_pyproject:  # nothing outside [tool.medcheck] may change
        strip = lambda d: {**d, "tool": {k: v for k, v in d.get("tool", {}).items() if k != "medcheck"}}  # noqa: E731
        return strip(before) == strip(after)
    return True


def _section(text: str, in_pyproject: bool) -> tuple[int, int] | None:
    """Where the medcheck table's own keys are: (start, end) offsets in the text."""
    if not in_pyproject:
        first = _HEADER.search(text)
        return 0, first.start() if first else len(text)
    header = re.search(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*medcheck[ \t]*\][^\n]*\n?", text, re.M)
    if header is None:
        return None
    following = _HEADER.search(text, header.end())
    return header.end(), following.start() if following else len(text)


def _insert(text: str, word: str, in_pyproject: bool, newline: str) -> str:
    quoted = _toml_string(word)
    section = _section(text, in_pyproject)
    if section is None:  # pyproject.toml with only sub-tables of [tool.medcheck]
        tail = "" if text.endswith("\n") or not text else newline
        return f"{text}{tail}{newline}[tool.medcheck]{newline}words = [{quoted}]{newline}"
    start, end = section
    key = _WORDS_KEY.search(text, start, end)
    if key is None:  # a new line after the table's last key
        body = text[start:end].rstrip()
        at = start + len(body)
        if not body:
            return f"{text[:start]}words = [{quoted}]{newline}{text[start:]}"
        return f"{text[:at]}{newline}words = [{quoted}]{text[at:]}"
    close, last = _array_end(text, key.end())
    if close is None:
        return text  # an array we cannot follow: the check after the edit refuses it
    if last is None:  # empty array
        return f"{text[:key.end()]}{quoted}{text[close:]}"
    between = text[last + 1:close]
    if "\n" in between:  # one item per line: keep that layout
        line_start = text.rfind("\n", 0, last) + 1
        indent = re.match(r"[ \t]*", text[line_start:]).group()
        if text[last] == ",":
            return f"{text[:last + 1]}{newline}{indent}{quoted},{text[last + 1:]}"
        return f"{text[:last + 1]},{newline}{indent}{quoted}{text[last + 1:]}"
    if text[last] == ",":
        return f"{text[:last + 1]} {quoted}{text[last + 1:]}"
    return f"{text[:last + 1]}, {quoted}{text[last + 1:]}"


def _array_end(text: str, i: int) -> tuple[int | None, int | None]:
    """From just after an array's ``[``: (offset of its ``]``, offset of its last
    significant character or None when empty), skipping strings and comments."""
    last = None
    depth = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            nl = text.find("\n", i)
            i = n if nl == -1 else nl
            continue
        if ch in "\"'":
            triple = text[i:i + 3] == ch * 3
            quote = ch * 3 if triple else ch
            j = i + len(quote)
            while j < n:
                if ch == '"' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                j += 1
            if j >= n:
                return None, None
            i = j + len(quote)
            last = i - 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            if depth == 0:
                return i, last
            depth -= 1
        if not ch.isspace():
            last = i
        i += 1
    return None, None


def _toml_string(word: str) -> str:
    # JSON's escapes are TOML's, except that TOML has no surrogate pairs: keep
    # characters outside ASCII as they are.
    return json.dumps(word, ensure_ascii=False)


def _write(path: Path, data: bytes, mode: int | None) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
