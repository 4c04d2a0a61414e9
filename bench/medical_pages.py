"""Recall and extra errors on a folder of medical test pages with planted errors.

A folder's expected.yml maps each page to its planted errors ({line, rule, note}).
A planted error counts as caught when a finding of its rule, at any severity, starts
on its line (compliance.fair-balance is a page-level judgement: any line counts).
An *extra* is an error-severity finding in the medical-accuracy, medication-safety or
compliance categories that no planted error explains: on a clean page, a false alarm.

    .venv/bin/python bench/medical_pages.py tests/pages/medical --misses --extras

tests/pages/medical-holdout, tests/pages/medical-fresh2-holdout and
tests/pages/medical-fresh3-holdout are the parts kept aside:
measure them once, never tune on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from checker.config import load_config  # noqa: E402
from checker.engine import run  # noqa: E402

CATEGORIES = ("medical-accuracy", "medication-safety", "compliance")
FAMILIES = ("rulepack", "medical", "compliance", "safety")
PAGE_LEVEL = ("compliance.fair-balance",)


def measure(folder: Path) -> dict:
    expected = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8")) or {}
    folder = folder.resolve()
    pages = sorted(p for p in folder.iterdir() if p.name in expected)
    config = load_config(cwd=folder)
    result = run([str(p) for p in pages], config, cwd=folder, grammar=False, jobs=1,
                 families=FAMILIES)
    found: dict[str, list] = defaultdict(list)
    for f in result.findings:
        found[Path(f.path).name].append(f)
    caught, missed, extras = Counter(), [], []
    planted = Counter()
    for page in pages:
        plants = expected.get(page.name) or []
        used = set()
        for plant in plants:
            planted[plant["rule"]] += 1
            hit = next((i for i, f in enumerate(found[page.name]) if f.rule == plant["rule"]
                        and (f.line == plant["line"] or plant["rule"] in PAGE_LEVEL)), None)
            if hit is None:
                missed.append((page.name, plant))
            else:
                caught[plant["rule"]] += 1
                used.add(hit)
        lines = {(p["line"], p["rule"]) for p in plants}
        for i, f in enumerate(found[page.name]):
            if i in used or f.severity != "error" or f.category not in CATEGORIES:
                continue
            if (f.line, f.rule) in lines or (f.rule in PAGE_LEVEL and any(r == f.rule for _, r in lines)):
                continue
            extras.append((page.name, f))
    return {"planted": planted, "caught": caught, "missed": missed, "extras": extras,
            "pages": len(pages), "errors": result.errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--misses", action="store_true", help="list every missed planted error")
    parser.add_argument("--extras", action="store_true", help="list every extra error")
    parser.add_argument("--json", help="write the figures as JSON here")
    parser.add_argument("--write-known", action="store_true",
                        help="write today's misses and extras to the folder's known.yml "
                             "(the accepted gaps tests/test_medical_pages.py holds the code to)")
    args = parser.parse_args(argv)
    m = measure(args.folder)
    total, got = sum(m["planted"].values()), sum(m["caught"].values())
    print(f"pages {m['pages']}  planted {total}  caught {got}  recall {got / max(total, 1):.3f}  "
          f"extra errors {len(m['extras'])}  unreadable {len(m['errors'])}")
    for rule in sorted(m["planted"]):
        print(f"  {rule:34} {m['caught'][rule]:3}/{m['planted'][rule]:<3}")
    if args.misses:
        print("\nmissed:")
        for page, plant in m["missed"]:
            print(f"  {page}:{plant['line']} {plant['rule']}  ({plant.get('note', '')[:90]})")
    if args.extras:
        print("\nextra errors:")
        for page, f in m["extras"]:
            print(f"  {page}:{f.line}:{f.column} {f.rule}  {f.message[:100]}")
    if args.write_known:
        known = {"missed": [{"file": p, "line": plant["line"], "rule": plant["rule"]}
                            for p, plant in m["missed"]],
                 "extra": [{"file": p, "line": f.line, "rule": f.rule} for p, f in m["extras"]]}
        header = ("# Known gaps on these pages, written by bench/medical_pages.py --write-known.\n"
                  "# tests/test_medical_pages.py fails on any miss or extra error not listed here,\n"
                  "# and on any entry listed here that is no longer a miss or an extra.\n")
        (args.folder / "known.yml").write_text(header + yaml.safe_dump(known, sort_keys=False),
                                               encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "planted": total, "caught": got, "extras": len(m["extras"]),
            "per_rule": {r: [m["caught"][r], n] for r, n in m["planted"].items()}}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
