"""`medcheck check --cluster` on a REAL Dask cluster: a `dask scheduler` and two
`dask worker` processes on loopback, started as a user starts them, and the real CLI.

The reports of a cluster run must be byte-identical to a local run of the same pages;
a worker killed mid-run costs a retry of its batch, never a page; Ctrl-C leaves no
task running on the cluster; an unreachable cluster is exit 2 with one clear line.
Grammar (one LanguageTool per worker, about 1 GB and 10-60 s each) is in one test.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .cluster_support import LoopbackCluster, free_port, write_site
from .conftest import REPO, TODAY, run_cli

PAGES = 240


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("cluster-site"), PAGES)


@pytest.fixture(scope="module")
def cluster():
    running = LoopbackCluster(workers=2)
    yield running
    running.close()


@pytest.fixture(scope="module")
def local_run(site):
    """The reference: the same pages checked locally, JSON and SARIF."""
    proc = run_cli("check", "pages", "--no-grammar", "--no-cache", "--format", "json",
                   "-o", "local.json", "--report", "sarif:local.sarif", cwd=site)
    assert proc.returncode == 1, proc.stderr  # the pages hold planted errors
    return proc


def _check_on(cluster, site, *args):
    return run_cli("check", "pages", "--cluster", cluster.address, "--no-cache", *args, cwd=site)


def test_cluster_run_equals_local_run(cluster, site, local_run):
    proc = _check_on(cluster, site, "--no-grammar", "--format", "json", "-o", "cluster.json",
                     "--report", "sarif:cluster.sarif", "--cluster-batch", "16")
    assert proc.returncode == local_run.returncode, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (site / "cluster.json").read_bytes() == (site / "local.json").read_bytes()
    assert (site / "cluster.sarif").read_bytes() == (site / "local.sarif").read_bytes()
    report = json.loads((site / "cluster.json").read_text())
    assert report["summary"]["files"] == PAGES and report["summary"]["findings"] > 100


def test_a_worker_killed_mid_run_costs_only_a_retry(cluster, site, local_run):
    """SIGKILL one worker process while batches are in flight: its batch runs again
    (on the other worker, or the one its nanny restarts); every page is reported once."""
    before = cluster.worker_pids()
    victim = sorted(before.values())[0]
    env = {**os.environ, "MEDCHECK_TODAY": TODAY.isoformat(), "MEDCHECK_PROGRESS_SECONDS": "0.1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "check", "pages", "--cluster", cluster.address,
         "--no-cache", "--no-grammar", "--format", "json", "-o", "killed.json",
         "--cluster-batch", "4", "--progress", "lines"],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    first_progress = threading.Event()

    def read() -> None:
        for line in proc.stderr:
            lines.append(line)
            if "pages/s" in line:
                first_progress.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert first_progress.wait(300), "".join(lines)
    done, total = lines[-1].split()[1].split("/")
    assert 0 < int(done.replace(",", "")) < int(total.replace(",", "")) == PAGES
    os.kill(victim, signal.SIGKILL)
    proc.wait(600)
    reader.join(10)
    stderr = "".join(lines)
    assert proc.returncode == local_run.returncode, stderr
    assert "Traceback" not in stderr
    # Progress lines: pages done of all, the rate and the time left.
    assert any("pages/s, ETA" in line for line in lines), stderr
    assert (site / "killed.json").read_bytes() == (site / "local.json").read_bytes()
    report = json.loads((site / "killed.json").read_text())
    paths = [f["path"] for f in report["files"]]
    assert len(paths) == len(set(paths)) == PAGES
    # The kill was real: that process is gone and its nanny started a new one.
    cluster.client.wait_for_workers(2, timeout=120)
    assert victim not in cluster.worker_pids().values()


def test_ctrl_c_cancels_the_clusters_tasks(cluster, site):
    env = {**os.environ, "MEDCHECK_TODAY": TODAY.isoformat(), "MEDCHECK_PROGRESS_SECONDS": "0.1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "check", "pages", "--cluster", cluster.address,
         "--no-cache", "--no-grammar", "--format", "json", "-o", "interrupted.json",
         "--cluster-batch", "2", "--progress", "lines"],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while True:
        line = proc.stderr.readline()
        assert line, "the run ended before any progress"
        if "pages/s" in line:
            break
    assert cluster.scheduler_tasks() > 0  # batches are queued on the cluster
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    proc.wait(60)
    assert proc.returncode == 130, rest
    assert "interrupted; no report was written" in rest and "Traceback" not in rest
    assert not (site / "interrupted.json").exists()
    # Nothing left running for nobody: at most the batches already being checked
    # finish, then the scheduler forgets every task of the run.
    deadline = time.monotonic() + 60
    while cluster.scheduler_tasks() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cluster.scheduler_tasks() == 0


def test_unreachable_cluster_is_exit_2(site):
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    proc = run_cli("check", "pages", "--cluster", address, "--no-grammar", cwd=site)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"medcheck: error: cannot reach the Dask cluster at {address}")
    assert "dask scheduler" in proc.stderr


def test_local_cluster_equals_local_run(site, local_run):
    """--cluster local:2 starts its own workers on this machine and stops them."""
    proc = run_cli("check", "pages", "--cluster", "local:2", "--no-grammar", "--no-cache",
                   "--format", "json", "-o", "local-cluster.json", cwd=site)
    assert proc.returncode == local_run.returncode, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (site / "local-cluster.json").read_bytes() == (site / "local.json").read_bytes()
