"""Wall time of a one-page check without grammar, this checkout against others.

    python bench/startup.py [PAGE] [--runs N] [--tree DIR ...]

Runs ``medcheck check PAGE --no-grammar --no-cache`` as a user does (a fresh Python
each time, bytecode and the compiled start-up store already filled by two first runs
that are not counted, even when PYTHONDONTWRITEBYTECODE is set), alternating between the checkouts round by round so that the
load of a shared machine falls on all of them alike, and prints each one's median,
fastest and slowest wall time, its median CPU time and the load average. The
``checker`` package is taken from each checkout (``--tree``, default: only this
one); the Python and the libraries are this one's.

``--imports`` also prints, for this checkout, the modules whose import took longest
(``python -X importtime``), inclusive of what they import.

This is a benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PAGE = REPO / "content" / "acetaminophen.md"
# The console script's body: the package comes from the tree put first on sys.path.
_ENTRY = "import sys; sys.argv[0] = 'medcheck'; from checker.cli import main; main()"


def _command(page: Path) -> list[str]:
    return [sys.executable, "-c", _ENTRY, "check", str(page), "--no-grammar", "--no-cache"]


def _environment(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree)
    # An installed medcheck has its bytecode compiled (pip does it); a checkout gets it
    # written by the first, uncounted run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _once(tree: Path, page: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(_command(page), cwd=tree, env=_environment(tree),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{tree}: exit {proc.returncode}: "
                         f"{proc.stderr.decode('utf-8', 'replace')[-800:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _imports(tree: Path, page: Path, top: int) -> None:
    proc = subprocess.run([sys.executable, "-X", "importtime", *_command(page)[1:]], cwd=tree,
                          env=_environment(tree), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        fields = line.replace("import time:", "").split("|")
        rows.append((int(fields[1]), int(fields[0]), fields[2].rstrip()))
    total = sum(cum for cum, _, name in rows if not name.startswith("  "))
    print(f"\nimports of {tree}: {total / 1e6:.3f} s in all (top-level modules, inclusive)")
    for cumulative, own, name in sorted(rows, reverse=True)[:top]:
        print(f"  {cumulative / 1e3:7.1f} ms (own {own / 1e3:5.1f}) {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", type=Path, default=DEFAULT_PAGE)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--tree", type=Path, action="append", default=[],
                        help="another checkout to measure alongside this one (repeatable)")
    parser.add_argument("--imports", type=int, default=0, metavar="N",
                        help="also list this checkout's N slowest imports")
    args = parser.parse_args()
    trees = [REPO, *(t.resolve() for t in args.tree)]
    page = args.page.resolve()
    for tree in trees:  # fill the bytecode and the compiled store; not counted
        _once(tree, page)
        _once(tree, page)
    walls: dict[Path, list[float]] = {t: [] for t in trees}
    cpus: dict[Path, list[float]] = {t: [] for t in trees}
    loads = [os.getloadavg()[0]]
    for round_number in range(args.runs):
        order = trees if round_number % 2 == 0 else trees[::-1]
        for tree in order:
            wall, cpu = _once(tree, page)
            walls[tree].append(wall)
            cpus[tree].append(cpu)
        loads.append(os.getloadavg()[0])
    print(f"one-page check without grammar: {page.name}, {args.runs} runs each, alternating; "
          f"load average {min(loads):.2f}-{max(loads):.2f}")
    print("| checkout | wall s (median) | fastest | slowest | CPU s (median) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for tree in trees:
        w = walls[tree]
        print(f"| {tree} | {statistics.median(w):.3f} | {min(w):.3f} | {max(w):.3f} | "
              f"{statistics.median(cpus[tree]):.3f} |")
    if args.imports:
        _imports(REPO, page, args.imports)


if __name__ == "__main__":
    main()
