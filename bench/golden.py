"""Golden dump: every finding of the local checks on a corpus, one JSON line each.

    python bench/golden.py [FOLDER] [--output FILE] [--jobs N] [--every N]
    python bench/golden.py --compare OLD NEW

The dump proves that a change made for speed or structure changed no finding: take
one before, one after, compare. It runs every family except grammar (LanguageTool
is a server, not a pure function), with no result cache, the built-in defaults (no
project configuration is looked up) and a fixed date, so two dumps of the same code
are byte-identical. Each line is a finding (path, line, column, end, rule, severity,
message, suggestions) or a page's readability scores or a page that could not be
checked; lines are sorted.

``--compare`` prints how many lines each rule gained and lost and a few of the
differing lines, and exits 1 when the dumps differ (0 when identical).

This is a measurement tool, not a test: the corpus is not part of the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "medquad"
FIXED_TODAY = "2026-01-15"


def _config(root: Path):
    from checker.config import DEFAULTS, Config
    return Config(json.loads(json.dumps(DEFAULTS)), root)


def _families() -> tuple[str, ...]:
    from checker.checks import FAMILIES
    return tuple(f for f in FAMILIES if f != "grammar")


def page_files(folder: Path, every: int) -> list[str]:
    from checker.documents import SUPPORTED_SUFFIXES
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    return files[::every]


def dump_lines(folder: Path, *, jobs: int, every: int) -> list[str]:
    os.environ["MEDCHECK_TODAY"] = FIXED_TODAY
    try:  # as the command line runs: regular expressions from their stored code
        from checker import compiled_regex
        compiled_regex.install()
    except ImportError:  # a checkout from before the store
        pass
    from checker import engine
    folder = folder.resolve()
    files = page_files(folder, every)
    if not files:
        raise SystemExit(f"golden: no pages in {folder}")
    result = engine.run(files, _config(folder), cwd=folder, grammar=False, jobs=jobs,
                        cache_dir=None, families=_families())
    records: list[dict] = []
    for file in result.files:
        for f in file.findings:
            record = {"path": f.path, "line": f.line, "column": f.column,
                      "end": [f.end_line, f.end_column], "rule": f.rule,
                      "severity": f.severity, "message": f.message,
                      "suggestions": list(f.suggestions)}
            if f.suppressed is not None:
                record["suppressed"] = True
            records.append(record)
        if file.readability is not None:
            records.append({"path": file.path, "line": 0, "rule": "(readability scores)",
                            "scores": file.readability})
    for path, message in result.errors:
        records.append({"path": path, "line": 0, "rule": "(not checked)", "message": message})
    lines = [(r["path"], r["line"], r.get("column", 0), r.get("end", []), r["rule"],
              json.dumps(r, ensure_ascii=False, default=str)) for r in records]
    return [line[-1] for line in sorted(lines)]


def _rule_of(line: str) -> str:
    try:
        return json.loads(line).get("rule", "?")
    except ValueError:
        return "(unreadable line)"


def compare(old: Path, new: Path, samples: int) -> int:
    old_lines = Counter(old.read_text(encoding="utf-8").splitlines())
    new_lines = Counter(new.read_text(encoding="utf-8").splitlines())
    lost = old_lines - new_lines
    gained = new_lines - old_lines
    total_old, total_new = sum(old_lines.values()), sum(new_lines.values())
    if not lost and not gained:
        print(f"identical: {total_old} lines")
        return 0
    print(f"differ: {total_old} lines in {old}, {total_new} in {new}; "
          f"{sum(lost.values())} only in old, {sum(gained.values())} only in new")
    per_rule: dict[str, list[int]] = {}
    for line, n in lost.items():
        per_rule.setdefault(_rule_of(line), [0, 0])[0] += n
    for line, n in gained.items():
        per_rule.setdefault(_rule_of(line), [0, 0])[1] += n
    print(f"\n{'rule':<52} {'old only':>9} {'new only':>9}")
    for rule, (minus, plus) in sorted(per_rule.items(), key=lambda kv: (-sum(kv[1]), kv[0])):
        print(f"{rule:<52} {minus:>9} {plus:>9}")
    for title, lines in (("only in old", lost), ("only in new", gained)):
        if lines:
            print(f"\n{title} (first {min(samples, len(lines))} of {len(lines)}):")
            for line in sorted(lines)[:samples]:
                print(f"  {line[:400]}")
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--output", "-o", type=Path, help="dump file (default: stdout)")
    parser.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (0 = one per core)")
    parser.add_argument("--every", type=int, default=1, help="check every Nth page only")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    parser.add_argument("--samples", type=int, default=10, help="differing lines shown per side")
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare, args.samples)
    if not args.folder.is_dir():
        print(f"golden: {args.folder} is not a folder", file=sys.stderr)
        return 2
    if args.every < 1:
        print("golden: --every must be 1 or more", file=sys.stderr)
        return 2
    started = time.perf_counter()
    lines = dump_lines(args.folder, jobs=args.jobs, every=args.every)
    text = "".join(line + "\n" for line in lines)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"golden: {len(lines)} lines from {args.folder} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
