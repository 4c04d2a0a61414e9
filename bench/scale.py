"""Pages per second against worker count, the cluster's per-batch overhead, and a model
of a 10^6-page site on N workers, all measured in one run on this machine.

    python bench/scale.py ../shared/corpus/medquad [--pages 400] [--workers 1,2]
                          [--grammar-pages 60]

Measured (every run with no result cache, the same pages, engine.run() in-process):
  local process pool (--jobs 1, 2) and a local Dask cluster (--cluster local:1, local:2)
  without grammar; the same 1-worker cluster with batches of one page (per-task cost);
  one worker with grammar after its LanguageTool has started (per-worker grammar rate),
  and that start itself. Then the model:

    T(P, N) = start + P * (1/r + o/b) / N

  r: one worker's pages/s, o: the cost of one task, b: pages per task, N: workers.
  The scheduler handles P/b tasks in total (about 1 ms each), which stays far below the
  checking time as long as batches hold dozens of pages.

This is a benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.cluster.runner import ClusterRunner, batches  # noqa: E402
from checker.config import load_config  # noqa: E402
from checker.engine import discover, run  # noqa: E402


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--grammar-pages", type=int, default=60)
    args = parser.parse_args()
    root = Path(args.path).resolve()
    os.chdir(root)
    config = load_config(cwd=root)
    files, _ = discover(["."], config, root)
    chosen = [rel for _, rel in files[::max(1, len(files) // args.pages)]][:args.pages]
    only = set(chosen)
    size = sum((root / rel).stat().st_size for rel in chosen)
    workers = [int(n) for n in args.workers.split(",")]
    print(f"# bench/scale.py: {len(chosen)} pages ({size / 1e6:.2f} MB) of {root.name}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n")

    def check(runner=None, jobs=1, grammar=False, pages=only):
        return run(["."], config, cwd=root, grammar=grammar, jobs=jobs, cache_dir=None,
                   only_files=pages, runner=runner)

    rows = []
    for n in workers:
        seconds, result = timed(lambda: check(jobs=n))
        rows.append((f"local pool, --jobs {n}", n, seconds, len(result.files)))
    per_task = None
    for n in workers:
        start, runner = timed(lambda: ClusterRunner.connect(f"local:{n}"))
        with runner:
            check(runner, pages=set(chosen[:4]))  # settings reach the workers, imports done
            seconds, result = timed(lambda: check(runner))
            tasks = len(batches([(r, b"", "") for r in chosen], n))
            rows.append((f"cluster local:{n} ({tasks} tasks; start {start:.1f} s)", n, seconds,
                         len(result.files)))
            if n == 1:
                runner.batch_size = 1
                single, _ = timed(lambda: check(runner))
                runner.batch_size = None
                per_task = (single - seconds) / (len(chosen) - tasks)
    print("| run (no grammar) | workers | seconds | pages/s | MB/s |")
    print("|---|---|---|---|---|")
    for name, n, seconds, count in rows:
        print(f"| {name} | {n} | {seconds:.1f} | {count / seconds:.1f} | {size / 1e6 / seconds:.2f} |")
    local1 = next(s for name, n, s, _ in rows if name.startswith("local pool") and n == 1)
    cluster1 = next(s for name, n, s, _ in rows if name.startswith("cluster") and n == 1)
    tasks1 = len(batches([(r, b"", "") for r in chosen], 1))
    print(f"\nCluster against local, one worker: {cluster1 - local1:+.2f} s over {tasks1} tasks "
          f"({(cluster1 - local1) / tasks1 * 1000:+.0f} ms a task); batches of one page: "
          f"{per_task * 1000:.1f} ms more per extra task.")

    grammar_rate = lt_start = None
    if args.grammar_pages:
        sample = set(chosen[:args.grammar_pages])
        with tempfile.TemporaryDirectory() as folder, ClusterRunner.connect("local:1") as runner:
            cached = config.with_values(cache_dir=folder)
            warm = set(chosen[-2:])
            lt_start, _ = timed(lambda: run(["."], cached, cwd=root, grammar=True, cache_dir=None,
                                            only_files=warm, runner=runner))
            seconds, result = timed(lambda: run(["."], cached, cwd=root, grammar=True,
                                                cache_dir=None, only_files=sample, runner=runner))
            assert result.grammar == "checked", result.grammar
            grammar_rate = len(result.files) / seconds
            words = sum(f.words for f in result.files)
            print(f"\nGrammar, one worker, its LanguageTool started ({lt_start:.0f} s for the "
                  f"first batch, start included): {len(result.files)} pages, {words:,} words in "
                  f"{seconds:.1f} s: {grammar_rate:.2f} pages/s, {words / seconds:,.0f} words/s.")

    rate = {n: count / s for name, n, s, count in rows if name.startswith("cluster")}
    r1 = rate[min(rate)]
    b = 128
    overhead = max(per_task or 0.0, 0.0)
    print(f"\nModel for 10^6 pages (T = start + P (1/r + o/b) / N; r = {r1:.1f} pages/s per "
          f"worker without grammar" + (f", {grammar_rate:.2f} with" if grammar_rate else "")
          + f"; o = {overhead * 1000:.1f} ms, b = {b}):\n")
    print("| workers | no grammar | with grammar |")
    print("|---|---|---|")
    for n in (1, 2, 8, 32, 128):
        plain = 10**6 * (1 / r1 + overhead / b) / n
        cell = f"{plain / 3600:.1f} h"
        if grammar_rate:
            with_lt = (lt_start or 0) + 10**6 * (1 / grammar_rate + overhead / b) / n
            cell2 = f"{with_lt / 3600:.1f} h"
        else:
            cell2 = "not measured"
        print(f"| {n} | {cell} | {cell2} |")


if __name__ == "__main__":
    main()
