"""Findings per 10,000 words on a corpus, per category and per rule.

Professionally edited pages (../shared/corpus/medquad) should not drown in findings:
this counts them so a rule change can be judged by its effect on real text. It runs
the engine in-process (no grammar server) with only the families asked for, and can
write every finding as JSON lines for a reviewer to sample.

    .venv/bin/python bench/false_alarms.py ../shared/corpus/medquad \\
        --categories readability,plain-language,inclusive-language --every 5 \\
        --dump /tmp/findings.jsonl

Measure on ../shared/corpus/medquad-heldout only once, after tuning; never tune on it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.config import load_config  # noqa: E402
from checker.engine import run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="folder of pages")
    parser.add_argument("--families", default="rulepack,readability",
                        help="check families to run (comma-separated)")
    parser.add_argument("--categories", default="readability,plain-language,inclusive-language",
                        help="categories to count (comma-separated)")
    parser.add_argument("--every", type=int, default=1,
                        help="check every Nth page in sorted order (deterministic sample)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--dump", help="write the counted findings as JSON lines here")
    parser.add_argument("--review", type=int, default=0,
                        help="print this many randomly chosen findings per category (seed 4)")
    args = parser.parse_args(argv)

    files = sorted(p for p in Path(args.corpus).rglob("*") if p.suffix.lower() in (".md", ".html", ".txt")
                   and p.is_file() and p.name.lower() != "readme.md")
    files = files[args.every - 1::args.every] if args.every > 1 else files
    config = load_config(cwd=Path(args.corpus))
    families = tuple(f for f in args.families.split(",") if f)
    categories = [c for c in args.categories.split(",") if c]
    result = run([str(p) for p in files], config, cwd=Path.cwd(), grammar=False, jobs=args.jobs,
                 families=families)
    words = sum(fr.words for fr in result.files)
    findings = [f for f in result.findings if f.category in categories]
    per_category = Counter(f.category for f in findings)
    per_rule = Counter((f.category, f.rule, f.severity) for f in findings)
    scale = 10_000 / max(words, 1)
    print(f"pages {len(result.files)}  words {words}  errors {len(result.errors)}")
    total = 0.0
    for category in categories:
        rate = per_category[category] * scale
        total += rate
        print(f"{category:20s} {per_category[category]:6d} findings  {rate:6.1f} per 10,000 words")
    print(f"{'all three' if len(categories) == 3 else 'total':20s} {len(findings):6d} findings  "
          f"{total:6.1f} per 10,000 words")
    print("\nby rule:")
    for (category, rule, severity), count in sorted(per_rule.items(), key=lambda kv: -kv[1]):
        print(f"  {count:6d}  {count * scale:6.2f}/10k  {severity:7s} {rule}")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for f in findings:
                out.write(json.dumps({"rule": f.rule, "category": f.category, "severity": f.severity,
                                      "path": f.path, "line": f.line, "column": f.column,
                                      "text": f.text, "sentence": f.sentence,
                                      "message": f.message}, ensure_ascii=False) + "\n")
    if args.review:
        rng = random.Random(4)
        for category in categories:
            pool = [f for f in findings if f.category == category]
            print(f"\n--- {category}: {min(args.review, len(pool))} of {len(pool)} ---")
            for f in rng.sample(pool, min(args.review, len(pool))):
                print(f"{f.path}:{f.line}:{f.column} {f.rule} [{f.text[:60]}]\n    "
                      f"{f.sentence[:220] if f.sentence else f.message[:220]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
