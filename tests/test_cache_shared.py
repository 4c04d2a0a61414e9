"""A cache folder shared by processes that write at once (cluster workers on one
machine, CI jobs on a shared volume): the page cache (a file per entry, written to a
temporary name and renamed) and the paragraph cache (SQLite in WAL mode) lose nothing."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from checker.engine import FileResult, ResultCache
from checker.grammar import client
from checker.grammar.client import GrammarHandle, LTMatch
from checker.model import Finding

ENTRIES = 300
SHARED_KEYS = 100  # written by both processes: the same entry, twice, at the same moment


def _page_key(i: int) -> str:
    return f"{i:064x}"


def _result(i: int) -> FileResult:
    finding = Finding(rule="style.example", category="style", severity="info",
                      message=f"finding of page {i}", start=i, end=i + 3, path=f"p{i}.md",
                      line=1, column=i + 1, end_line=1, end_column=i + 4, text="abc")
    return FileResult(f"p{i}.md", findings=[finding], words=i, readability={"grade": i / 10})


def _handle(folder: str) -> GrammarHandle:
    return GrammarHandle(url="", version="test", cache_path=str(Path(folder) / "lt.sqlite"))


def _match(i: int) -> LTMatch:
    return LTMatch(0, 4, "RULE_X", "TYPOS", "misspelling", f"message {i}", (f"fix{i}",))


def _writer(folder: str, offset: int, start, done) -> None:
    cache = ResultCache(Path(folder))
    handle = _handle(folder)
    # Keys [0, SHARED_KEYS) are written by both processes; the rest by one each.
    keys = list(range(SHARED_KEYS)) + [SHARED_KEYS + offset + i for i in range(ENTRIES - SHARED_KEYS)]
    start.wait()
    for i in keys:
        cache.put(_page_key(i), _result(i))
        client._cache_put(handle, {f"block-{i}": [_match(i)]})
    done.put(offset)


def test_two_processes_writing_the_caches_at_once_lose_nothing(tmp_path):
    context = multiprocessing.get_context("spawn")
    start, done = context.Event(), context.Queue()
    offsets = (0, ENTRIES - SHARED_KEYS)
    workers = [context.Process(target=_writer, args=(str(tmp_path), o, start, done)) for o in offsets]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert sorted(done.get(timeout=5) for _ in offsets) == list(offsets)
    expected = set(range(SHARED_KEYS + 2 * (ENTRIES - SHARED_KEYS)))
    cache = ResultCache(tmp_path)
    for i in expected:
        hit = cache.get(_page_key(i))
        assert hit is not None, i
        assert hit.findings[0].message == f"finding of page {i}" and hit.words == i
    client.reset_process_state()
    blocks = client._cache_get(_handle(str(tmp_path)), {f"block-{i}" for i in expected})
    assert {k: v[0].message for k, v in blocks.items()} == {f"block-{i}": f"message {i}"
                                                            for i in expected}
    # No temporary file is left behind by either writer.
    assert not list(tmp_path.rglob("*.tmp"))
