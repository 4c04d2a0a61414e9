"""A real Dask cluster on loopback for the cluster tests, started as a user starts one
(`dask scheduler`, `dask worker`), and a site of small pages written for them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .conftest import REPO

DASK = Path(sys.executable).with_name("dask")

DRUGS = ("ibuprofen", "amoxicillin", "metformin", "lisinopril", "omeprazole", "sertraline",
         "atorvastatin", "cetirizine", "levothyroxine", "paracetamol", "warfarin", "insulin")
OPENINGS = (
    "This page explains how to take {drug} safely at home.",
    "Your pharmacist can answer questions about {drug} and other medicines.",
    "Read the leaflet that comes with {drug} before the first dose.",
    "Keep {drug} in its box, away from heat and out of reach of children.",
)
# Each line holds something a check reports (spacing of units, plain words, spelling,
# grammar), so the reports have findings of several families to compare.
PROBLEMS = (
    "Take 200mg with a glass of water.",
    "You should utilize a measuring spoon for liquid doses.",
    "Do not take more then the dose on the label.",
    "Stop taking it and call your doctor if you get a rash, this is important.",
    "Some people feels dizzy during the first week.",
    "Ask before you take it with other medicnes.",
    "It is recommended that the tablet is swallowed whole.",
    "In order to remember each dose, set an alarm on your phone.",
)
CLOSINGS = (
    "Call your care team if you are not sure what to do.",
    "Bring a list of your medicines to every appointment.",
    "Never share your medicine with anyone else.",
)


def write_site(root: Path, pages: int) -> Path:
    """``pages`` small pages (Markdown, HTML and text, about 400 bytes each) in nested
    folders, each a different mix of sentences."""
    for i in range(pages):
        drug = DRUGS[i % len(DRUGS)]
        lines = [OPENINGS[i % len(OPENINGS)].format(drug=drug),
                 PROBLEMS[i % len(PROBLEMS)], PROBLEMS[(i * 3 + 1) % len(PROBLEMS)],
                 CLOSINGS[i % len(CLOSINGS)]]
        folder = root / "pages" / f"group-{i % 7}" / f"part-{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = i % 5
        if kind == 3:
            body = "".join(f"<p>{line}</p>\n" for line in lines)
            text = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><title>{drug.title()} page {i}"
                    f"</title></head>\n<body>\n<h1>{drug.title()}</h1>\n{body}</body></html>\n")
            (folder / f"page-{i:04d}.html").write_text(text, encoding="utf-8")
        elif kind == 4:
            (folder / f"page-{i:04d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        else:
            text = (f"---\ntitle: {drug.title()} page {i}\n---\n\n# {drug.title()}\n\n"
                    + "\n\n".join(lines) + "\n")
            (folder / f"page-{i:04d}.md").write_text(text, encoding="utf-8")
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LoopbackCluster:
    """`dask scheduler` and `dask worker` processes on 127.0.0.1 with free ports."""

    def __init__(self, workers: int = 2):
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
        common = dict(cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                      start_new_session=True)
        self.scheduler = subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
             "--no-dashboard"], **common)
        self.workers = [subprocess.Popen(
            [str(DASK), "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
             "--nworkers", "1", "--no-dashboard", "--name", f"w{i}"], **common)
            for i in range(workers)]
        self.client = None
        from distributed import Client
        deadline = time.monotonic() + 120
        while True:
            try:
                self.client = Client(self.address, timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        self.client.wait_for_workers(workers, timeout=180)

    def worker_pids(self) -> dict[str, int]:
        """Each worker process's pid (the nanny's child that runs the tasks)."""
        return self.client.run(os.getpid)

    def scheduler_tasks(self) -> int:
        return self.client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        for proc in [*self.workers, self.scheduler]:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in [*self.workers, self.scheduler]:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
