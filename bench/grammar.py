"""Measure LanguageTool in medcheck: server start, memory, grammar throughput, cache.

    .venv/bin/python bench/grammar.py ../shared/corpus/medquad --pages 200 [--rules]

Starts a server for the run exactly as `medcheck check` does (open_grammar, a fresh
result cache in a temporary folder), checks a seeded random sample of pages with the
grammar family only, then checks them again (every block from the cache), and prints:
start-up time (healthcheck + warm-up), the server's resident memory after the run,
words per second (words of checked blocks / wall time of the checks), requests sent,
and with --rules the most frequent LanguageTool rules with a few examples (how the
default list of disabled rules was chosen). Not a test: no timing asserts.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import tempfile
import time
from pathlib import Path

from checker.checks import Context
from checker.checks import grammar as grammar_family
from checker.config import load_config
from checker.documents import parse_text
from checker.grammar import client, open_grammar


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--rules", action="store_true", help="print rule frequencies")
    args = parser.parse_args()

    files = sorted(args.corpus.rglob("*.md"))
    random.Random(args.seed).shuffle(files)
    docs = [parse_text(str(f), f.read_text(encoding="utf-8"), "markdown") for f in files[:args.pages]]
    blocks = sum(len(grammar_family.checked_blocks(d)) for d in docs)
    words = sum(len(b.text.split()) for d in docs for b in grammar_family.checked_blocks(d))

    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(cwd=Path(tmp)).with_values(cache_dir=str(Path(tmp) / "cache"))
        t0 = time.perf_counter()
        with open_grammar(config, enabled=True) as (handle, status):
            start_s = time.perf_counter() - t0
            if handle is None:
                raise SystemExit(status)
            ctx = Context(config=config, packs=None, kb=None, today=None, grammar=handle)  # type: ignore[arg-type]
            client.REQUEST_COUNT = 0
            t1 = time.perf_counter()
            findings = []
            examples: dict[str, list[str]] = collections.defaultdict(list)
            for d in docs:
                for f in grammar_family.check(d, ctx):
                    findings.append(f)
                    if len(examples[f.rule]) < 4:
                        examples[f.rule].append(d.source[max(0, f.start - 30):f.end + 30]
                                                .replace("\n", " "))
            cold_s = time.perf_counter() - t1
            cold_requests = client.REQUEST_COUNT
            client.REQUEST_COUNT = 0
            t2 = time.perf_counter()
            again = [f for d in docs for f in grammar_family.check(d, ctx)]
            warm_s = time.perf_counter() - t2
            server_pid = _server_pid(int(handle.url.rsplit(":", 1)[1].strip("/")))
            rss = rss_mb(server_pid) if server_pid else 0.0
            final = handle.final_status()
    by_rule = collections.Counter(f.rule for f in findings)
    report = {
        "pages": len(docs), "blocks": blocks, "words": words, "status": final,
        "server_start_s": round(start_s, 1), "server_rss_mb": round(rss),
        "cold_s": round(cold_s, 1), "cold_words_per_s": round(words / cold_s),
        "cold_requests": cold_requests,
        "cached_s": round(warm_s, 2), "cached_requests": client.REQUEST_COUNT,
        "findings": len(findings), "findings_again": len(again),
        "findings_per_10k_words": round(len(findings) * 10000 / max(words, 1), 1),
        "by_category": dict(collections.Counter(f.category for f in findings)),
    }
    print(json.dumps(report, indent=2))
    if args.rules:
        for rule, n in by_rule.most_common(40):
            print(f"{n:5d} {rule}")
            for e in examples[rule]:
                print(f"        {e!r}")


def _server_pid(port: int) -> int | None:
    """The pid of the java process listening on the port (from /proc)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"org.languagetool.server.HTTPServer" in cmd and str(port).encode() in cmd:
            return int(proc.name)
    return None


if __name__ == "__main__":
    main()
