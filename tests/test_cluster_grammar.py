"""Grammar on a REAL Dask cluster: each of two `dask worker` processes starts its own
REAL LanguageTool (about 1 GB, 10-60 s each), so it is all one test.

- the cluster run's JSON and SARIF equal a local run's byte for byte, grammar on;
- each worker started its server once and reused it for every batch; both wrote the
  shared paragraph cache;
- a server that died is started again at the worker's next batch;
- a worker killed with SIGKILL leaves no Java behind (its guard stops it), and the
  servers stop when the cluster does.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time

import psutil
import pytest

from checker.cluster.worker import worker_state
from checker.grammar.session import URL_ENV

from .cluster_support import LoopbackCluster, write_site
from .conftest import REPO, run_cli

BUILD = REPO / "tools" / "languagetool" / "build.sh"
PAGES = 60


@pytest.fixture(scope="module")
def lt_built():
    """Build (or confirm) the local LanguageTool exactly as `make setup` does."""
    proc = subprocess.run(["bash", str(BUILD)], cwd=REPO, capture_output=True, text=True,
                          timeout=1800)
    assert proc.returncode == 0, f"build.sh failed:\n{proc.stdout}\n{proc.stderr}"


def _gone(pid: int, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.2)
    return False


def _java_of(server_pid: int) -> int:
    """The Java process under a worker's guard."""
    children = psutil.Process(server_pid).children()
    assert len(children) == 1 and "java" in children[0].name(), children
    return children[0].pid


def test_grammar_on_the_cluster(lt_built, tmp_path, monkeypatch):
    monkeypatch.delenv(URL_ENV, raising=False)
    site = write_site(tmp_path, PAGES)
    local = run_cli("check", "pages", "--require-grammar", "--cache-dir", "local-cache",
                    "--format", "json", "-o", "local.json", "--report", "sarif:local.sarif",
                    cwd=site)
    assert local.returncode == 1, local.stderr
    report = json.loads((site / "local.json").read_text())
    assert report["summary"]["grammar"] == "checked"
    assert report["summary"]["by_category"].get("spelling") and \
        report["summary"]["by_category"].get("grammar"), report["summary"]

    cluster = LoopbackCluster(workers=2)
    try:
        proc = run_cli("check", "pages", "--cluster", cluster.address, "--require-grammar",
                       "--cache-dir", "cluster-cache", "--cluster-batch", "4", "--format", "json",
                       "-o", "cluster.json", "--report", "sarif:cluster.sarif", cwd=site)
        assert proc.returncode == local.returncode, proc.stderr
        assert "Traceback" not in proc.stderr
        assert (site / "cluster.json").read_bytes() == (site / "local.json").read_bytes()
        assert (site / "cluster.sarif").read_bytes() == (site / "local.sarif").read_bytes()

        states = cluster.client.run(worker_state)
        assert len(states) == 2
        # 15 batches over two workers: each started one server and reused it.
        assert all(s["starts"] == 1 and len(s["servers"]) == 1 for s in states.values()), states
        # Both workers wrote their paragraphs into the one shared cache.
        rows = sqlite3.connect(site / "cluster-cache" / "languagetool" / "results.sqlite") \
            .execute("SELECT COUNT(*) FROM results").fetchone()[0]
        local_rows = sqlite3.connect(site / "local-cache" / "languagetool" / "results.sqlite") \
            .execute("SELECT COUNT(*) FROM results").fetchone()[0]
        assert rows == local_rows > 0

        # A server that dies is started again at that worker's next batch.
        (first, state), (second, other) = sorted(states.items())
        java = _java_of(state["servers"][0]["pid"])
        psutil.Process(java).kill()
        assert _gone(java)
        more = write_site(tmp_path / "more", 12)
        again = run_cli("check", "pages", "--cluster", cluster.address, "--require-grammar",
                        "--no-cache", "--cluster-batch", "1", "--format", "json", cwd=more)
        assert again.returncode == 1, again.stderr
        assert json.loads(again.stdout)["summary"]["grammar"] == "checked"
        restarted = cluster.client.run(worker_state, workers=[first])[first]
        assert restarted["starts"] == 2, restarted
        assert restarted["servers"][0]["pid"] != state["servers"][0]["pid"]

        # SIGKILL a worker: no clean-up code runs in it, yet its Java stops (the guard).
        java = _java_of(restarted["servers"][0]["pid"])
        os.kill(restarted["pid"], 9)
        assert _gone(java), "LanguageTool outlived its SIGKILLed worker"
        survivor = _java_of(other["servers"][0]["pid"])
    finally:
        cluster.close()
    # The plugin's teardown stops the other worker's server with the worker.
    assert _gone(survivor), "LanguageTool outlived its worker's shutdown"
