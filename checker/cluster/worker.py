"""What runs inside a Dask worker process.

``check_batch`` is the task: a batch of (report path, bytes) through the same
``check_page`` a local run uses. ``LanguageToolPlugin`` (a Dask WorkerPlugin) owns this
worker's LanguageTool: started at the first batch that needs grammar, reused by every
later batch, started again when it died, stopped when the worker leaves. A worker
killed with SIGKILL cannot stop it, so Java runs under ``guard.py``, which does.

One batch at a time per process: the checks keep per-process state (compiled packs,
LanguageTool clients, SQLite connections) that is not meant for threads, so a worker
with several threads gains nothing; run one process per core (``--nworkers``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import threading
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

PLUGIN_NAME = "medcheck-languagetool"
# GrammarHandle.owner of the handle the driver sends: "each worker puts its own URL here".
CLUSTER_OWNER = "cluster"
_BATCH_LOCK = threading.Lock()
_ACTIVE: "LanguageToolPlugin | None" = None


class LanguageToolPlugin(WorkerPlugin):
    """One LanguageTool server per worker process, for the worker's whole life."""

    name = PLUGIN_NAME

    def __init__(self) -> None:
        self.servers: dict[tuple, Any] = {}
        self.starts = 0
        self.folder: Path | None = None

    def setup(self, worker: Any = None) -> None:
        global _ACTIVE
        self.servers, self.starts = {}, 0
        self.folder = Path(tempfile.mkdtemp(prefix="medcheck-worker-lt-"))
        _ACTIVE = self

    def teardown(self, worker: Any = None) -> None:
        global _ACTIVE
        from ..grammar.server import stop_server

        for server in self.servers.values():
            with contextlib.suppress(Exception):
                stop_server(server)
        self.servers = {}
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        if _ACTIVE is self:
            _ACTIVE = None

    def server_url(self, handle: Any, config: Any) -> str:
        """The URL of this worker's server for the driver's handle, starting it (again)
        when it is not running. Raises GrammarUnavailable with the reason."""
        from ..grammar.install import GrammarUnavailable, find_install, find_java
        from ..grammar.server import healthy, start_server, stop_server
        from ..grammar.session import WARM_UP_SECONDS, _words_dir_for, current_words, lt_settings

        lt = lt_settings(config)
        key = (handle.version, handle.words_digest, lt.heap)
        server = self.servers.get(key)
        if server is not None:
            if server.process is not None and server.process.poll() is None and healthy(server.url):
                return server.url
            with contextlib.suppress(Exception):
                stop_server(server)
            del self.servers[key]
        assert self.folder is not None
        install = find_install(config)
        if install.version != handle.version:
            raise GrammarUnavailable(f"this worker has LanguageTool {install.version}, the run "
                                     f"{handle.version}: install the same medcheck everywhere")
        words_dir, digest = _words_dir_for(current_words(config, memo_dir=self.folder),
                                           install, self.folder)
        if digest != handle.words_digest:
            raise GrammarUnavailable("this worker's medical word list differs from the run's "
                                     "(other rule packs or words): results would differ")
        server = start_server(install, java=find_java(), state_dir=self.folder, heap=lt.heap,
                              words_dir=words_dir, words_digest=digest,
                              warm_up_timeout=max(lt.timeout, WARM_UP_SECONDS),
                              launcher=(sys.executable, "-m", "checker.cluster.guard",
                                        str(os.getpid())))
        self.servers[key] = server
        self.starts += 1
        return server.url

    def forget(self, handle: Any, config: Any) -> None:
        """Stop the server that just failed, so the next call starts a fresh one."""
        from ..grammar.server import stop_server
        from ..grammar.session import lt_settings

        server = self.servers.pop((handle.version, handle.words_digest,
                                   lt_settings(config).heap), None)
        if server is not None:
            with contextlib.suppress(Exception):
                stop_server(server)


def _plugin() -> LanguageToolPlugin:
    """The registered plugin; a worker that never got it (registered after it joined
    and not yet told) gets its own, stopped when the process exits."""
    global _ACTIVE
    if _ACTIVE is None:
        import atexit
        plugin = LanguageToolPlugin()
        plugin.setup()
        atexit.register(plugin.teardown)
    assert _ACTIVE is not None
    return _ACTIVE


def check_batch(items: list[tuple[str, bytes]], settings: Any) -> tuple[list[Any], str | None]:
    """The pages' results in the batch's order, and why grammar failed here (or None).

    A LanguageTool that dies during the batch is started again and the batch checked
    again once, so no page silently lacks its grammar findings; a second failure is
    reported to the driver, which then reports grammar as skipped, as a local run does."""
    from ..engine import _safe_check

    with _BATCH_LOCK:
        handle = settings.grammar
        if handle is None or getattr(handle, "owner", "") != CLUSTER_OWNER:
            return [_safe_check(rel, data, settings) for rel, data in items], None
        from ..grammar.install import GrammarUnavailable

        plugin = _plugin()
        assert plugin.folder is not None
        reason = None
        for _attempt in range(2):
            failure = plugin.folder / f"{uuid.uuid4().hex}.failed"
            try:
                url = plugin.server_url(handle, settings.config)
            except GrammarUnavailable as exc:
                url, reason = "", f"LanguageTool could not start on a worker: {exc}"
            local = replace(settings, grammar=replace(handle, url=url, failure_path=str(failure)))
            if not url:
                local.grammar.record_failure(reason)
            results = [_safe_check(rel, data, local) for rel, data in items]
            failed = local.grammar.failed()
            with contextlib.suppress(OSError):
                failure.unlink()
            if failed is None:
                return results, None
            reason = reason or failed
            if not url:
                break
            plugin.forget(handle, settings.config)
        return results, reason


def worker_state() -> dict[str, Any]:
    """For tests and the benchmark (``client.run``): this worker's LanguageTool."""
    plugin = _ACTIVE
    if plugin is None:
        return {"plugin": False, "starts": 0, "servers": []}
    return {"plugin": True, "starts": plugin.starts, "pid": os.getpid(),
            "servers": [{"url": s.url, "pid": s.pid} for s in plugin.servers.values()]}
