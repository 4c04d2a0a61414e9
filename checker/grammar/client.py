"""Checking text with a running LanguageTool: the picklable handle, batched requests
through language-tool-python, and the block result cache.

The engine may check pages in a process pool, so the handle is plain data (URL,
settings, cache path); each process makes its own language-tool-python client and
SQLite connection on first use.

Requests: the uncached texts of a page are joined with blank lines (LanguageTool's
paragraph boundary) into batches of at most ``batch_chars`` characters: one request per
batch, never per sentence. Each match is assigned back to the block it falls in;
a match that would cross a block boundary is dropped. Rules that look across
paragraphs are disabled by default (see checks/grammar.py) so that a block's result
does not depend on its neighbours in a batch, which is what makes a per-block cache
correct.

Cache: key = sha256(settings key, block text); settings key = LanguageTool version,
the server's word-list digest, language, enabled/disabled rules and categories, level.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

# language-tool-python must never download LanguageTool: medcheck always passes
# remote_server=, which skips its downloader; these make sure that even a code path we
# did not foresee finds a "jar folder" (so download() returns at once) and download
# hosts on a closed loopback port (so nothing could leave the machine). The host
# variables are read when the package is imported, so they are set before that.
_CLOSED = "http://127.0.0.1:9/medcheck-never-downloads/"
for _var in ("LTP_DOWNLOAD_HOST_SNAPSHOT", "LTP_DOWNLOAD_HOST_NEW_RELEASES",
             "LTP_DOWNLOAD_HOST_RELEASE", "LTP_DOWNLOAD_HOST_ARCHIVE"):
    os.environ[_var] = _CLOSED
os.environ.setdefault("LTP_JAR_DIR_PATH", str(Path(__file__).resolve().parents[2]
                                              / "tools" / "languagetool" / "dist" / "lib"))

SEPARATOR = "\n\n"


class GrammarFailure(Exception):
    """The server stopped working during the run; the message is the reason."""


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match, offsets in Python characters of the checked text."""

    start: int
    end: int
    rule_id: str
    category: str        # LanguageTool category id: TYPOS, GRAMMAR, STYLE, ...
    issue_type: str      # misspelling, grammar, style, typographical, ...
    message: str
    replacements: tuple[str, ...] = ()
    description: str = ""

    def to_json(self) -> list:
        return [self.start, self.end, self.rule_id, self.category, self.issue_type,
                self.message, list(self.replacements), self.description]

    @classmethod
    def from_json(cls, row: list) -> "LTMatch":
        return cls(row[0], row[1], row[2], row[3], row[4], row[5], tuple(row[6]), row[7])


@dataclass(frozen=True)
class GrammarHandle:
    """What a check needs to reach LanguageTool: data only, so it pickles into workers."""

    url: str
    version: str
    words_digest: str = ""
    language: str = "en-US"
    disabled_rules: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    level: str = "default"
    timeout: float = 30.0
    batch_chars: int = 20_000
    cache_path: str | None = None
    # Written when a request fails; every process checks it, so one failure stops the
    # run's grammar checks quickly everywhere and final_status() reports it.
    failure_path: str | None = None
    # Words never reported as misspelled: drug names, rule-pack terms, project words.
    accepted_words: frozenset[str] = field(default_factory=frozenset)
    owner: str = "run"  # run | background | url (for status messages only)

    def settings_key(self) -> str:
        blob = json.dumps([self.version, self.words_digest, self.language,
                           sorted(self.disabled_rules), sorted(self.enabled_rules),
                           sorted(self.disabled_categories), self.level], sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def cache_key(self) -> str:
        """For the engine's page cache: what changes grammar results (not the port)."""
        return "lt:" + self.settings_key()

    def failed(self) -> str | None:
        if not self.failure_path:
            return None
        try:
            return Path(self.failure_path).read_text(encoding="utf-8").strip() or "failed"
        except FileNotFoundError:
            return None
        except OSError:
            return None

    def record_failure(self, reason: str) -> None:
        if self.failure_path and not self.failed():
            try:
                Path(self.failure_path).parent.mkdir(parents=True, exist_ok=True)
                Path(self.failure_path).write_text(reason, encoding="utf-8")
            except OSError:
                pass

    def final_status(self) -> str:
        reason = self.failed()
        return "checked" if reason is None else f"skipped: {reason}"


# --- per-process state ---------------------------------------------------------------

_LOCK = threading.Lock()
_CLIENTS: dict[tuple, object] = {}
_CONNECTIONS: dict[str, sqlite3.Connection] = {}
# Counts HTTP check requests sent by this process (tests prove the cache with it).
REQUEST_COUNT = 0


def check_texts(handle: GrammarHandle, texts: Sequence[str]) -> list[list[LTMatch]]:
    """LanguageTool matches for each text, from the cache or the server.
    Raises GrammarFailure when the server cannot answer."""
    results: list[list[LTMatch] | None] = [None] * len(texts)
    prefix = handle.settings_key()
    keys = [hashlib.sha256(f"{prefix}\x1f{t}".encode()).hexdigest() for t in texts]
    cached = _cache_get(handle, set(keys)) if handle.cache_path else {}
    todo: dict[str, list[int]] = {}
    for i, (key, text) in enumerate(zip(keys, texts)):
        if not text.strip():
            results[i] = []
        elif key in cached:
            results[i] = cached[key]
        else:
            todo.setdefault(key, []).append(i)
    if todo:
        reason = handle.failed() or (None if handle.url else
                                     "LanguageTool was not started: the result cache was expected "
                                     "to hold every paragraph")
        if reason:
            handle.record_failure(reason)
            raise GrammarFailure(reason)
        unique = [(key, texts[idx[0]]) for key, idx in todo.items()]
        fresh: dict[str, list[LTMatch]] = {}
        for batch in _batches(unique, handle.batch_chars):
            fresh.update(_check_batch(handle, batch))
        for key, idx in todo.items():
            for i in idx:
                results[i] = fresh[key]
        if handle.cache_path:
            _cache_put(handle, fresh)
    return [r if r is not None else [] for r in results]


def all_cached(handle: GrammarHandle, texts: Sequence[str]) -> bool:
    """True when the result cache holds every non-blank text: no server is needed."""
    if not handle.cache_path:
        return not any(t.strip() for t in texts)
    prefix = handle.settings_key()
    keys = {hashlib.sha256(f"{prefix}\x1f{t}".encode()).hexdigest() for t in texts if t.strip()}
    return not keys or len(_cache_get(handle, keys)) == len(keys)


def _batches(items: list[tuple[str, str]], limit: int) -> Iterable[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    size = 0
    for key, text in items:
        if batch and size + len(text) + len(SEPARATOR) > limit:
            yield batch
            batch, size = [], 0
        batch.append((key, text))
        size += len(text) + len(SEPARATOR)
    if batch:
        yield batch


def _check_batch(handle: GrammarHandle, batch: list[tuple[str, str]]) -> dict[str, list[LTMatch]]:
    joined = SEPARATOR.join(text for _, text in batch)
    bounds = []
    pos = 0
    for key, text in batch:
        bounds.append((pos, pos + len(text), key))
        pos += len(text) + len(SEPARATOR)
    out: dict[str, list[LTMatch]] = {key: [] for _, _, key in bounds}
    for match in _request(handle, joined):
        for start, end, key in bounds:
            if start <= match.start < end + 1:
                if match.end <= end:
                    out[key].append(LTMatch(match.start - start, match.end - start,
                                            match.rule_id, match.category, match.issue_type,
                                            match.message, match.replacements, match.description))
                break
    return out


def _request(handle: GrammarHandle, text: str) -> list[LTMatch]:
    global REQUEST_COUNT
    tool = _client(handle)
    from language_tool_python.exceptions import LanguageToolError

    with _LOCK:
        REQUEST_COUNT += 1
    started = time.monotonic()
    try:
        matches = tool.check(text)
    except (LanguageToolError, OSError, ValueError, KeyError, TypeError) as exc:
        reason = _failure_reason(handle, exc, time.monotonic() - started)
        handle.record_failure(reason)
        raise GrammarFailure(reason) from None
    return [_convert(m, text) for m in matches]


def _client(handle: GrammarHandle):
    """One language-tool-python client per (URL, settings) per process. It is created
    with remote_server=, so it never starts or downloads a LanguageTool of its own."""
    key = (handle.url, handle.settings_key(), handle.timeout)
    tool = _CLIENTS.get(key)
    if tool is not None:
        return tool
    import language_tool_python
    from language_tool_python.exceptions import LanguageToolError

    proxies = {"http": None, "https": None} if _is_loopback(handle.url) else None
    try:
        tool = language_tool_python.LanguageTool(handle.language, remote_server=handle.url,
                                                 proxies=proxies)
    except (LanguageToolError, OSError, ValueError, KeyError, TypeError) as exc:
        reason = _failure_reason(handle, exc, 0.0)
        handle.record_failure(reason)
        raise GrammarFailure(reason) from None
    tool._TIMEOUT = handle.timeout  # per attempt; the library retries a failed request once
    tool.disabled_rules = set(handle.disabled_rules)
    tool.enabled_rules = set(handle.enabled_rules)
    tool.disabled_categories = set(handle.disabled_categories)
    tool.picky = handle.level == "picky"
    _CLIENTS[key] = tool
    return tool


def _failure_reason(handle: GrammarHandle, exc: BaseException, elapsed: float) -> str:
    chain = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 6:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    text = " ".join(f"{type(e).__name__} {e}" for e in chain)
    if any(isinstance(e, (socket.timeout, TimeoutError)) for e in chain) or "Timeout" in text \
            or "timed out" in text:
        return f"LanguageTool at {handle.url} timed out (no answer within {handle.timeout:g} s)"
    if "Connection refused" in text or "ConnectionError" in text or "RemoteDisconnected" in text:
        return f"LanguageTool at {handle.url} stopped responding (connection refused or closed)"
    return f"LanguageTool at {handle.url} failed: {str(exc)[:200]}"


def _convert(match, text: str) -> LTMatch:
    """language-tool-python already turns the start offset from Java's UTF-16 units
    into Python characters; the length is still in UTF-16 units, so the end is
    converted here (only matters around emoji and other astral characters)."""
    start = int(match.offset)
    length = int(match.error_length)
    end = start + length
    if any(ord(c) > 0xFFFF for c in text[start:start + length]):
        units = 0
        end = start
        while end < len(text) and units < length:
            units += 2 if ord(text[end]) > 0xFFFF else 1
            end += 1
    rule = getattr(match, "rule_id", "")
    return LTMatch(
        start=start, end=max(end, start + 1), rule_id=rule,
        category=str(getattr(match, "category", "") or ""),
        issue_type=str(getattr(match, "rule_issue_type", "") or ""),
        message=str(getattr(match, "message", "") or ""),
        replacements=tuple(str(r) for r in (getattr(match, "replacements", None) or [])[:5]),
        description=str(getattr(match, "shortMessage", "") or ""),
    )


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlparse

    host = (urlparse(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


# --- the block result cache (SQLite: safe with several worker processes) --------------

def _db(path: str) -> sqlite3.Connection:
    # Keyed by pid too: a worker forked from a parent that had a connection open
    # must not use the parent's (SQLite connections do not survive fork).
    key = f"{os.getpid()}:{path}"
    conn = _CONNECTIONS.get(key)
    if conn is None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError:
            pass
        conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, matches TEXT)")
        _CONNECTIONS[key] = conn
    return conn


def _cache_get(handle: GrammarHandle, keys: set[str]) -> dict[str, list[LTMatch]]:
    if not keys:
        return {}
    try:
        conn = _db(handle.cache_path)  # type: ignore[arg-type]
        found: dict[str, list[LTMatch]] = {}
        items = sorted(keys)
        for i in range(0, len(items), 500):
            chunk = items[i:i + 500]
            rows = conn.execute(f"SELECT key, matches FROM results WHERE key IN "
                                f"({','.join('?' * len(chunk))})", chunk).fetchall()
            for key, value in rows:
                found[key] = [LTMatch.from_json(r) for r in json.loads(value)]
        return found
    except (sqlite3.Error, OSError, ValueError, IndexError, TypeError):
        return {}  # a broken cache costs time, never results


def _cache_put(handle: GrammarHandle, fresh: dict[str, list[LTMatch]]) -> None:
    if not fresh:
        return
    try:
        conn = _db(handle.cache_path)  # type: ignore[arg-type]
        conn.executemany("INSERT OR REPLACE INTO results (key, matches) VALUES (?, ?)",
                         [(k, json.dumps([m.to_json() for m in v])) for k, v in fresh.items()])
    except (sqlite3.Error, OSError):
        pass


def reset_process_state() -> None:
    """Forget clients and connections (tests; a forked worker inherits none that matter)."""
    global REQUEST_COUNT
    _CLIENTS.clear()
    for conn in _CONNECTIONS.values():
        try:
            conn.close()
        except sqlite3.Error:
            pass
    _CONNECTIONS.clear()
    REQUEST_COUNT = 0
