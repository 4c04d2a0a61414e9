"""Where a cold local check spends its CPU time: a budget per stage, per MB of pages.

    python bench/stages.py [FOLDER] [--every N] [--rounds R] [--tree DIR] [--markdown]

Checks the pages in this process, one after the other (as ``--jobs 1`` does: no
grammar, no cache, the built-in defaults, a fixed date, the JSON report), with a
clock on each stage:

- start-up: imports, loading the rule packs and the knowledge base, building the
  run's indexes (the compiled packs, the name indexes of the families);
- read and decode, parse (Markdown, HTML or text into blocks with their positions);
- sentences: splitting block text into sentences; tokens: a sentence's tokens and
  the knowledge-base mentions among them;
- each check family (its own work only: the shared stages it asks for are counted
  in theirs);
- shared page analyses (``PageAnalysis``: defined terms, the readability units ...),
  each on its own line;
- position mapping: source offsets to lines and columns, the words and sentence of
  each finding, fingerprints; suppressions; the report.

Time inside a stage that another stage asks for is counted once, in the inner one.
``--rounds`` repeats the whole measurement and shows the median of each stage.
``--tree DIR`` measures the ``checker`` package of another checkout (an older
commit, for a before/after table), with this file's clock.

This is a benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "medquad"
FIXED_TODAY = "2026-01-15"
clock = time.process_time


class StageClock:
    """Exclusive CPU time per stage: entering a stage pauses the one it is called from."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack: list[str] = []
        self.mark = clock()

    def enter(self, name: str) -> None:
        now = clock()
        if self.stack:
            self.totals[self.stack[-1]] += now - self.mark
        self.stack.append(name)
        self.mark = now

    def leave(self) -> None:
        now = clock()
        self.totals[self.stack.pop()] += now - self.mark
        self.mark = now

    def timed(self, name: str | Callable[..., str], func: Callable) -> Callable:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.enter(name(*args, **kwargs) if callable(name) else name)
            try:
                return func(*args, **kwargs)
            finally:
                self.leave()
        wrapper.__wrapped__ = func  # type: ignore[attr-defined]
        return wrapper


def _replace_everywhere(original: Callable, replacement: Callable) -> int:
    """Put ``replacement`` wherever a ``checker`` module holds ``original`` by name
    (``from .textutil import sentence_spans`` copies the reference)."""
    count = 0
    for name, module in list(sys.modules.items()):
        if not (name == "checker" or name.startswith("checker.")) or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if value is original:
                setattr(module, attr, replacement)
                count += 1
    return count


def instrument(stages: StageClock) -> None:
    """Clocks on the functions that mark the stages (those this checkout has)."""
    import importlib

    from checker import context, dispatch, engine
    from checker.checks import FAMILIES, load_family

    for name in FAMILIES:
        load_family(name)
    for module in ("checker.medtext", "checker.textutil", "checker.suppressions",
                   "checker.definitions"):
        try:
            importlib.import_module(module)
        except ImportError:
            pass

    def patch_function(module_name: str, attr: str, stage: str | Callable[..., str]) -> None:
        module = sys.modules.get(module_name)
        original = getattr(module, attr, None) if module else None
        if original is None:
            return
        _replace_everywhere(original, stages.timed(stage, original))

    patch_function("checker.documents", "decode", "read and decode")
    patch_function("checker.documents", "parse_text", "parse")
    patch_function("checker.textutil", "sentence_spans", "sentences")
    patch_function("checker.dispatch", "run_family", lambda family, *a, **k: f"family: {family.name}")
    patch_function("checker.engine", "locate", "position mapping")
    patch_function("checker.engine", "_readability", "family: readability")
    patch_function("checker.suppressions", "apply_suppressions", "suppressions")
    patch_function("checker.suppressions", "parse_waivers", "suppressions")

    # Context.sentences and Context.analysis are methods: wrap them on the class.
    ctx_class = context.Context
    if hasattr(ctx_class, "sentences"):
        ctx_class.sentences = stages.timed("sentences", ctx_class.sentences)
    if hasattr(ctx_class, "analysis"):
        original_analysis = ctx_class.analysis

        def analysis(self: Any, analysis: Any, doc: Any) -> Any:
            hit = self._analyses.get(analysis.name)
            if hit is not None and hit[0] is doc and hit[1] is analysis:
                return hit[2]
            stages.enter(f"page analysis: {analysis.name}")
            try:
                return original_analysis(self, analysis, doc)
            finally:
                stages.leave()
        ctx_class.analysis = analysis

    # A sentence's tokens and mentions are worked out lazily, on first use.
    medtext = sys.modules.get("checker.medtext")
    sentence_class = getattr(medtext, "Sentence", None)
    for attr in ("tokens", "norm_set", "mentions"):
        lazy = sentence_class.__dict__.get(attr) if sentence_class else None
        if lazy is not None and hasattr(lazy, "func"):
            lazy.func = stages.timed("tokens and mentions", lazy.func)
    del dispatch, engine


def corpus_pages(folder: Path, every: int) -> list[Path]:
    from checker.documents import SUPPORTED_SUFFIXES
    # Hidden folders are not pages: a check run on the corpus leaves its .medcheck_cache
    # there (with a 1 MB word list as a .txt file, which shifted the every-Nth sample).
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES
                   and p.is_file() and p.name not in ("README.md", "LICENSE.txt")
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    return files[::every]


def measure(folder: Path, every: int) -> tuple[dict[str, float], int, int]:
    """One round in a fresh process: (CPU seconds per stage, pages, bytes)."""
    started = clock()
    stages = StageClock()
    stages.enter("start-up")
    os.environ["MEDCHECK_TODAY"] = FIXED_TODAY
    from checker import cli
    # The collector's thresholds the command line sets (a tree that sets none: Python's).
    gc.set_threshold(*getattr(cli, "_GC_THRESHOLDS", (700, 10, 10)))
    from checker import compiled  # and what it does with what the start-up store gives
    getattr(compiled, "freeze_what_is_read", lambda: None)()
    from checker import engine
    from checker.checks import FAMILIES
    from checker.config import DEFAULTS, Config
    from checker.engine import ResultCache, RunResult, _check_pending, build_settings
    from checker.reporters import ReportOptions, render

    instrument(stages)
    config = Config(json.loads(json.dumps(DEFAULTS)), folder)
    families = tuple(f for f in FAMILIES if f != "grammar")
    settings = build_settings(config, families=families)
    run = settings.run
    for name in families:
        family = run.family(name)
        if family is not None:
            run.prepare(getattr(family, "indexes", ()))
    files = corpus_pages(folder, every)
    stages.leave()

    stages.enter("read and decode")
    pending = []
    size = 0
    for path in files:
        data = path.read_bytes()
        size += len(data)
        pending.append((path.relative_to(folder).as_posix(), data, ""))
    stages.leave()
    stages.enter("page check (rest)")
    gc.collect()
    results = _check_pending(pending, settings, 1, ResultCache(None), None)
    stages.leave()
    stages.enter("report")
    ordered = [results[rel] for rel, _, _ in pending]
    result = RunResult(files=ordered, errors=[], grammar="skipped: disabled with --no-grammar",
                       config=config, packs=settings.packs, families=families, root=folder)
    render("json", result, ReportOptions(fail_on="never"))
    stages.leave()
    totals = dict(stages.totals)
    totals["(all)"] = clock() - started
    del engine
    return totals, len(files), size


ORDER = ("start-up", "read and decode", "parse", "sentences", "tokens and mentions")
TAIL = ("position mapping", "suppressions", "page check (rest)", "report")


def table(rounds: list[dict[str, float]], size: int, pages: int) -> list[str]:
    names = set().union(*rounds) - {"(all)"}
    ordered = [n for n in ORDER if n in names]
    ordered += sorted(n for n in names if n.startswith("page analysis"))
    ordered += sorted(n for n in names if n.startswith("family"))
    ordered += [n for n in TAIL if n in names]
    ordered += sorted(names - set(ordered))
    mb = size / 1e6
    total = statistics.median(r["(all)"] for r in rounds)
    rows = ["| stage | CPU s | s per MB | share |", "| --- | ---: | ---: | ---: |"]
    for name in ordered:
        seconds = statistics.median(r.get(name, 0.0) for r in rounds)
        rows.append(f"| {name} | {seconds:.2f} | {seconds / mb:.3f} | {100 * seconds / total:.1f}% |")
    rows.append(f"| **total** | **{total:.2f}** | **{total / mb:.3f}** | 100% |")
    rows.append("")
    rows.append(f"{pages} pages, {mb:.2f} MB: {mb / total:.3f} MB per CPU-second "
                f"(median of {len(rounds)} round{'s' if len(rounds) != 1 else ''}).")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--every", type=int, default=1, help="check every Nth page only")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--tree", type=Path, help="measure the checker package of this checkout")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    tree = (args.tree or REPO).resolve()
    if args.one:  # a round, in its own process (a fresh interpreter: imports counted)
        sys.path.insert(0, str(tree))
        totals, pages, size = measure(args.folder.resolve(), args.every)
        print(json.dumps({"totals": totals, "pages": pages, "size": size}))
        return 0
    import subprocess
    rounds = []
    for n in range(args.rounds):
        out = subprocess.run([sys.executable, __file__, str(args.folder), "--every",
                              str(args.every), "--tree", str(tree), "--one"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        rounds.append(json.loads(out.stdout.splitlines()[-1]))
        print(f"round {n + 1}/{args.rounds}: {rounds[-1]['totals']['(all)']:.1f} CPU s",
              file=sys.stderr)
    print(f"checker from {tree}; corpus {args.folder}")
    print()
    print("\n".join(table([r["totals"] for r in rounds], rounds[0]["size"], rounds[0]["pages"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
