"""One big page of dense prose, at several sizes: are time and memory per MB flat?

    .venv/bin/python bench/big_pages.py [--sizes 1,2,4,8] [--markdown]

Each size is checked in a fresh process (every local family, no grammar, no cache, the
built-in defaults), on a Markdown page of varied paragraphs written by a generator
here (medicines, doses, plain and hard words, lists, headings), so the page is dense
prose and not one sentence repeated. For each size: CPU seconds of the page check
(start-up excluded), seconds per MB, the peak resident memory of the process, and the
memory it added over start-up per MB of page. Flat columns mean linear time and
memory; the 1 GB limit is on the peak. A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_MEDICINES = ("ibuprofen", "acetaminophen", "naproxen", "aspirin", "metformin", "lisinopril",
              "amoxicillin", "sertraline", "omeprazole", "atorvastatin", "warfarin", "insulin")
_SUBJECTS = ("Your doctor", "The pharmacist", "A nurse", "This medicine", "The label",
             "Most adults", "Children under 12", "People with kidney disease", "Your care team")
_VERBS = ("may suggest", "can explain", "will check", "should review", "often lowers",
          "sometimes changes", "usually helps with", "does not replace", "might increase")
_OBJECTS = ("the dose", "your blood pressure", "the pain", "a rash", "the side effects",
            "stomach upset", "the fever", "your sleep", "the swelling", "liver function tests",
            "the heart rhythm", "an allergic reaction", "the treatment plan")
_TAILS = ("before you start", "every few weeks", "with a full glass of water",
          "if symptoms come back", "at the next visit", "in most cases", "for a short time",
          "when you travel", "after a meal", "unless told otherwise")
_HARD = ("pharmacokinetic", "contraindication", "hepatotoxicity", "nephrotoxicity",
         "bioavailability", "gastrointestinal", "thrombocytopenia", "anticoagulation")


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.25:
        medicine = rng.choice(_MEDICINES)
        return (f"Take {rng.choice((5, 10, 20, 200, 250, 500))} mg of {medicine} "
                f"{rng.choice(('once', 'twice', 'three times'))} a day {rng.choice(_TAILS)}.")
    if kind < 0.35:
        return (f"The {rng.choice(_HARD)} of {rng.choice(_MEDICINES)} is discussed with "
                f"{rng.choice(_SUBJECTS).lower()} {rng.choice(_TAILS)}.")
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}."


def dense_page(megabytes: float, seed: int = 2026) -> str:
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    parts = ["---\ntitle: A long page about medicines\n---\n\n# Medicines and their doses\n"]
    size = len(parts[0])
    section = 0
    while size < target:
        if rng.random() < 0.04:
            section += 1
            block = f"## Part {section}: {rng.choice(_MEDICINES)}\n"
        elif rng.random() < 0.15:
            block = "\n".join(f"- {_sentence(rng)}" for _ in range(rng.randint(2, 6))) + "\n"
        else:
            block = " ".join(_sentence(rng) for _ in range(rng.randint(2, 7))) + "\n"
        parts.append(block)
        size += len(block) + 1
    return "\n".join(parts)


def _one(megabytes: float) -> dict:
    """In this process: build the settings, then check one page of that size."""
    sys.path.insert(0, str(REPO))
    from checker.engine import check_page
    from tests.helpers import default_settings

    settings = default_settings()
    page = dense_page(megabytes).encode()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    result = check_page("big.md", page, settings)
    cpu = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"mb": len(page) / 1e6, "cpu": cpu, "peak_kb": peak, "start_kb": before,
            "findings": len(result.findings), "error": result.error}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,2,4,8", help="page sizes in MB, comma-separated")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_one(args.one)))
        return 0
    rows = []
    for size in (float(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True,
                             text=True)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        rows.append(json.loads(out.stdout.splitlines()[-1]))
        print(f"{size:g} MB done", file=sys.stderr)
    print("| page MB | findings | CPU s | s per MB | peak MB | added MB per page MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        added = (r["peak_kb"] - r["start_kb"]) / 1024
        print(f"| {r['mb']:.1f} | {r['findings']} | {r['cpu']:.1f} | {r['cpu'] / r['mb']:.2f} | "
              f"{r['peak_kb'] / 1024:.0f} | {added / r['mb']:.0f} |"
              + (f" error: {r['error']}" if r["error"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
