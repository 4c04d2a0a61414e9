"""Speed of two commits' local checks on the same pages, side by side in one run.

    python bench/compare_commits.py OLD NEW [FOLDER] [--pages 1000] [--rounds 5] [--jobs 1]

Each commit is checked out in a temporary worktree and run with this interpreter
(``PYTHONPATH`` points at the worktree, so its ``checker`` package is the one
imported). Every round runs both commits on the same pages, alternating which goes
first; the table shows medians of the time spent in ``engine.run`` (local checks, no
grammar, no cache, built-in defaults) and of the whole process (imports included).

This is a benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "medquad"

# Runs inside the checked-out commit: only the API both sides have (engine.run).
_RUNNER = r"""
import json, os, sys, time
started = time.perf_counter()
from pathlib import Path
from checker import engine
from checker.checks import FAMILIES
from checker.config import DEFAULTS, Config
root = Path(sys.argv[1])
files = json.loads(Path(sys.argv[2]).read_text())
config = Config(json.loads(json.dumps(DEFAULTS)), root)
imported = time.perf_counter()
result = engine.run(files, config, cwd=root, grammar=False, jobs=int(sys.argv[3]), cache_dir=None,
                    families=tuple(f for f in FAMILIES if f != "grammar"))
done = time.perf_counter()
print(json.dumps({"run": done - imported, "total": done - started,
                  "findings": sum(len(f.findings) for f in result.files),
                  "errors": len(result.errors)}))
"""


def _git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def _pages(folder: Path, count: int) -> list[str]:
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))
    step = max(1, len(files) // count)
    return files[::step][:count]


def _run(tree: Path, folder: Path, listing: Path, jobs: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "MEDCHECK_TODAY": "2026-01-15"}
    out = subprocess.run([sys.executable, "-c", _RUNNER, str(folder), str(listing), str(jobs)],
                         env=env, capture_output=True, text=True, cwd=folder)
    if out.returncode != 0:
        raise SystemExit(f"run failed in {tree}:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes per run")
    args = parser.parse_args()
    folder = args.folder.resolve()
    pages = _pages(folder, args.pages)
    commits = {name: _git("rev-parse", "--short", ref) for name, ref in
               (("old", args.old), ("new", args.new))}
    with tempfile.TemporaryDirectory(prefix="medcheck-compare-") as tmp:
        listing = Path(tmp) / "pages.json"
        listing.write_text(json.dumps(pages))
        trees = {}
        for name, sha in commits.items():
            trees[name] = Path(tmp) / sha
            _git("worktree", "add", "--detach", str(trees[name]), sha)
        try:
            samples: dict[str, list[dict]] = {"old": [], "new": []}
            for round_ in range(args.rounds):
                order = ("old", "new") if round_ % 2 == 0 else ("new", "old")
                for name in order:
                    samples[name].append(_run(trees[name], folder, listing, args.jobs))
                    print(f"round {round_ + 1} {name}: {samples[name][-1]['run']:.2f} s",
                          file=sys.stderr)
        finally:
            for tree in trees.values():
                _git("worktree", "remove", "--force", str(tree))
    print(f"{len(pages)} pages from {folder}, {args.rounds} rounds alternating, "
          f"--jobs {args.jobs}; medians")
    print("| commit | engine.run s | whole process s | findings |")
    print("| --- | ---: | ---: | ---: |")
    for name in ("old", "new"):
        runs = samples[name]
        print(f"| {name} {commits[name]} | {statistics.median(r['run'] for r in runs):.2f} | "
              f"{statistics.median(r['total'] for r in runs):.2f} | {runs[0]['findings']} |")
    old = statistics.median(r["run"] for r in samples["old"])
    new = statistics.median(r["run"] for r in samples["new"])
    print(f"new / old: {new / old:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
