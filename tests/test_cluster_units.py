"""The cluster's parts that need no cluster: batching, progress lines, the guard that
stops a LanguageTool whose worker died, and the caches shared by worker processes."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from checker import progress as progress_mod
from checker.cluster.runner import batches
from checker.engine import FileResult, ResultCache
from checker.grammar import client
from checker.model import Finding

from .conftest import REPO


def test_batches_cover_every_page_once_in_order():
    pending = [(f"p{i}.md", b"x", f"k{i}") for i in range(1001)]
    for workers, size in ((1, None), (2, None), (64, None), (2, 7)):
        groups = batches(pending, workers, size)
        assert [item for group in groups for item in group] == pending
        assert len(groups) >= min(len(pending) // 128, workers * 8 // 2) or size
        if size:
            assert all(len(g) == size for g in groups[:-1])
    assert batches([], 2) == []


def test_progress_lines_give_done_rate_and_time_left(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(progress_mod.time, "monotonic", lambda: clock[0])
    monkeypatch.setenv("MEDCHECK_PROGRESS_SECONDS", "10")
    stream = io.StringIO()
    bar = progress_mod.ProgressBar(stream=stream, mode="lines")
    bar.set_total(1000)
    clock[0] += 5
    bar(100)
    assert stream.getvalue() == ""  # no line before the interval
    clock[0] += 5
    bar(100)  # 200 pages in 10 s: 20 pages/s, 800 left: 40 s
    assert stream.getvalue() == "medcheck: 200/1,000 pages (20.0%), 20.0 pages/s, ETA 40s\n"
    clock[0] += 1
    bar(10)
    assert stream.getvalue().count("\n") == 1  # one line per interval, not per batch
    clock[0] += 100
    bar(790)
    bar.close()  # the last figures of a long run
    assert stream.getvalue().splitlines()[-1].startswith("medcheck: 1,000/1,000 pages (100.0%)")
    off = progress_mod.ProgressBar(stream=io.StringIO(), mode="off")
    off.set_total(10)
    clock[0] += 50
    off(5)
    off.close()
    assert off.stream.getvalue() == ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_guard_stops_its_child_when_the_worker_is_killed(tmp_path):
    """A worker killed with SIGKILL runs no clean-up: the guard, not the worker, stops
    the server (here a `sleep` stands for Java)."""
    pid_file = tmp_path / "child.pid"
    server = tmp_path / "server.py"
    server.write_text(f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
                      "time.sleep(300)\n")
    fake_worker = tmp_path / "worker.py"
    fake_worker.write_text(
        "import os, subprocess, sys, time\n"
        "subprocess.Popen([sys.executable, '-m', 'checker.cluster.guard', str(os.getpid()),\n"
        f"                  sys.executable, {str(server)!r}])\n"
        "time.sleep(300)\n")
    worker = subprocess.Popen([sys.executable, str(fake_worker)], cwd=REPO)
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    child = int(pid_file.read_text())
    assert _alive(child)
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the server outlived its killed worker"


def _write_caches(folder: str, start, worker: int, count: int) -> None:
    """One worker process: page results and paragraph results, written at the same
    time as the other worker's, half of them under the same keys."""
    start.wait()
    cache = ResultCache(Path(folder))
    handle = client.GrammarHandle(url="", version="test", cache_path=str(Path(folder) / "lt.sqlite"))
    for i in range(count):
        key = f"{i if i % 2 else 10_000 + worker * count + i:064d}"
        finding = Finding("plain.utilize", "plain-language", "warning", f"m{i}", 0, 7,
                          path=f"p{i}.md", line=1, column=1, end_line=1, end_column=8)
        cache.put(key, FileResult(f"p{i}.md", findings=[finding], words=i))
        client._cache_put(handle, {key: [client.LTMatch(0, 3, "R", "TYPOS", "misspelling",
                                                        f"w{worker}")]})


def test_two_workers_writing_the_shared_caches_at_once_lose_nothing(tmp_path):
    count = 300
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_write_caches, args=(str(tmp_path), start, w, count))
               for w in (0, 1)]
    for process in workers:
        process.start()
    start.set()
    for process in workers:
        process.join(120)
        assert process.exitcode == 0
    keys = {f"{i if i % 2 else 10_000 + w * count + i:064d}" for w in (0, 1) for i in range(count)}
    cache = ResultCache(tmp_path)
    for key in keys:
        hit = cache.get(key)
        assert hit is not None and hit.findings[0].rule == "plain.utilize", key
    assert not list(tmp_path.rglob("*.tmp"))  # no temp file left behind
    client.reset_process_state()
    handle = client.GrammarHandle(url="", version="test", cache_path=str(tmp_path / "lt.sqlite"))
    found = client._cache_get(handle, keys)
    assert set(found) == keys
    assert all(len(v) == 1 and v[0].rule_id == "R" for v in found.values())
    client.reset_process_state()
    assert json.loads(next((tmp_path / "results").rglob("*.json")).read_text())["findings"]
