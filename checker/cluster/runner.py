"""The engine's runner for a Dask cluster: ``engine.run(..., runner=ClusterRunner(...))``.

The engine still discovers the pages, reads them, looks them up in the result cache
and orders the results; this runner only replaces the local process pool: the pages
still to check go to the workers in batches, each batch runs the same ``check_page``,
and the results come back keyed by report path. So a report never depends on where
(or in which order) its pages were checked.

Faults: a worker that dies mid-batch costs a retry of that batch (Dask reschedules a
task whose worker was lost; the result of a batch counts once, by its pages' paths).
A batch whose worker died every time it ran it (Dask's ``allowed-failures``) marks
its pages as not checked (exit 2) and the run goes on. Ctrl-C cancels the run's tasks
on the cluster before it leaves.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from . import ClusterError
from ..engine import FileResult, _store

CONNECT_SECONDS = 10.0
_LOCAL = re.compile(r"^local(?::(\d+))?$")


def batches(pending: list[tuple[str, bytes, str]], workers: int,
            size: int | None = None) -> list[list[tuple[str, bytes, str]]]:
    """Batches of pages: big enough that a task's overhead (about a millisecond on the
    scheduler, a round trip) is small against checking it, small enough that every
    worker gets several (a lost worker then costs little, and the last batches do not
    leave the others idle)."""
    if size is None:
        size = max(4, min(128, len(pending) // max(1, workers * 8) or 1))
    return [pending[i:i + size] for i in range(0, len(pending), size)]


class ClusterRunner:
    """Connect with ``ClusterRunner.connect(address)``; ``close()`` when done."""

    def __init__(self, client: Any, cluster: Any = None, *, address: str = "",
                 batch_size: int | None = None):
        self.client = client
        self.cluster = cluster
        self.address = address
        self.batch_size = batch_size

    @classmethod
    def connect(cls, address: str, *, batch_size: int | None = None,
                timeout: float = CONNECT_SECONDS) -> "ClusterRunner":
        """``local`` / ``local:N`` starts a cluster of N worker processes on this machine
        (default: one per core); anything else is a scheduler's address."""
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ClusterError("--cluster needs Dask: pip install 'medcheck[cluster]'") from None
        from .worker import LanguageToolPlugin

        match = _LOCAL.match(address.strip())
        cluster = None
        try:
            if match:
                workers = int(match.group(1) or 0) or (os.cpu_count() or 1)
                if workers < 1:
                    raise ClusterError("--cluster local:N needs N of at least 1")
                # Ctrl-C in a terminal reaches every process of its group: the workers
                # ignore it (inherited by the processes they start) and the driver stops
                # them, as the local process pool's workers do.
                previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
                try:
                    cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                           processes=True, dashboard_address=":0",
                                           host="127.0.0.1", silence_logs=logging.ERROR)
                finally:
                    signal.signal(signal.SIGINT, previous)
                client = Client(cluster, timeout=timeout)
            else:
                target = address if "://" in address else f"tcp://{address}"
                client = Client(target, timeout=timeout)
        except ClusterError:
            raise
        except (OSError, TimeoutError, ValueError) as exc:
            if cluster is not None:
                cluster.close()
            raise ClusterError(f"cannot reach the Dask cluster at {address} ({_short(exc)}): start "
                             "its scheduler and workers (`dask scheduler`, `dask worker ADDRESS`), "
                             "or use --cluster local to start one here") from None
        # Registering again would tear down every worker's plugin, and with it the
        # LanguageTool servers that later runs on a long-lived cluster can reuse.
        known = client.run_on_scheduler(
            lambda dask_scheduler: list(getattr(dask_scheduler, "worker_plugins", {})))
        if LanguageToolPlugin.name not in known:
            client.register_plugin(LanguageToolPlugin(), name=LanguageToolPlugin.name)
        return cls(client, cluster, address=address, batch_size=batch_size)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()

    def __enter__(self) -> "ClusterRunner":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    # --- the engine's two hooks ---------------------------------------------------------

    @contextlib.contextmanager
    def open_grammar(self, config: Any, *, enabled: bool = True, require: bool = False,
                     needed: Any = None) -> Iterator[tuple[Any, str]]:
        """Like grammar.open_grammar, but no server starts here: each worker starts its
        own. The handle carries what the page cache key and the paragraph cache need
        (version, word-list digest, rules), computed as a local run computes them, so a
        page's cached result is the same whichever way it was checked. A team's own
        LanguageTool (``languagetool.url``) is used by every worker as it is."""
        from ..grammar import session
        from ..grammar.client import GrammarHandle
        from ..grammar.install import GrammarUnavailable, find_install
        from .worker import CLUSTER_OWNER

        lt = session.lt_settings(config)
        if not enabled or lt.url:
            with session.open_grammar(config, enabled=enabled, require=require,
                                      needed=needed) as opened:
                yield opened
            return
        base = session.state_dir(config)
        handle = None
        try:
            base.mkdir(parents=True, exist_ok=True)
            words = session.current_words(config, memo_dir=base)
            install = find_install(config)
            _, digest = session._words_dir_for(words, install, base)
            handle = GrammarHandle(
                url="", version=install.version, words_digest=digest, language=lt.language,
                disabled_rules=lt.disabled_rules, enabled_rules=lt.enabled_rules,
                timeout=lt.timeout, cache_path=str(base / "results.sqlite"),
                failure_path=str(base / "runs" / f"{uuid.uuid4().hex}.failed"),
                accepted_words=session._accepted(words), owner=CLUSTER_OWNER)
            if needed is not None and not needed(replace(handle, owner="cache")):
                handle = replace(handle, owner="cache")  # every paragraph is cached
            status = "checked"
        except GrammarUnavailable as exc:
            status = f"skipped: {exc}"
        except OSError as exc:
            status = f"skipped: cannot prepare LanguageTool ({exc.strerror or exc})"
        try:
            yield handle, status
        finally:
            if handle is not None and handle.failure_path:
                with contextlib.suppress(OSError):
                    Path(handle.failure_path).unlink()

    def check(self, pending: list[tuple[str, bytes, str]], settings: Any, cache: Any,
              progress: Any) -> dict[str, FileResult]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        from .worker import check_batch

        results: dict[str, FileResult] = {}
        if not pending:
            return results
        handle = settings.grammar
        if handle is not None and getattr(handle, "cache_path", None):
            # Workers run in their own folder: a relative --cache-dir would put the
            # paragraph cache there, not in the run's (shared) cache folder.
            settings = replace(settings, grammar=replace(
                handle, cache_path=os.path.abspath(handle.cache_path)))
        groups = batches(pending, self.workers(), self.batch_size)
        # The settings (rule packs, knowledge base: megabytes) go to every worker once,
        # not with every batch.
        shared = self.client.scatter(settings, broadcast=True, hash=False)
        futures = {}
        try:
            for group in groups:
                future = self.client.submit(check_batch, [(rel, data) for rel, data, _ in group],
                                            shared, pure=False)
                futures[future] = group
            for future in as_completed(futures):
                group = futures[future]
                try:
                    batch_results, failure = future.result()
                except KilledWorker as exc:
                    # Not this page's fault alone, but it is the one thing known: the
                    # workers that ran this batch died every time.
                    batch_results = [FileResult(rel, error="a cluster worker died each time it "
                                                           f"checked this page's batch ({exc})")
                                     for rel, _, _ in group]
                    failure = None
                if failure and settings.grammar is not None:
                    settings.grammar.record_failure(failure)
                for (rel, _, key), result in zip(group, batch_results):
                    results[rel] = result
                    _store(cache, key, result, settings)
                if progress:
                    progress(len(group))
        except BaseException:
            # Ctrl-C or a lost scheduler: the cluster must not go on checking for nobody.
            # The interrupted wait leaves callbacks in the client's event loop that fail
            # and log tracebacks: expected now, so not shown.
            _quiet_logs()
            with contextlib.suppress(Exception):
                self.client.cancel(list(futures), force=True)
            self.close()  # the CLI leaves at once after Ctrl-C: stop a local cluster now
            raise
        finally:
            with contextlib.suppress(Exception):
                self.client.cancel([shared])
        return results


def _quiet_logs() -> None:
    for name in ("distributed", "tornado"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
