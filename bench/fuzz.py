"""The long fuzz run: at least 10,000 generated hostile pages through parsers and engine.

The same generators and checks as tests/test_fuzz.py, many more pages, and a run
that never stops at the first problem: every page is parsed, checked twice with every
local check family, and its findings' positions are read back from the source. Each
problem is counted by kind and written (page bytes included) as a JSON line.

    .venv/bin/python bench/fuzz.py                      # 10,000 pages, seed 0
    .venv/bin/python bench/fuzz.py --documents 20000 --seed 7 --failures /tmp/fuzz.jsonl

Exit status 1 when any page crashed, misplaced a finding or gave a different result
the second time. No timing asserts: the time is printed, for the record.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from checker.documents import DocumentError, decode, parse_text  # noqa: E402
from checker.engine import check_page  # noqa: E402
from tests.helpers import default_settings  # noqa: E402
from tests.strategies import page_bytes  # noqa: E402
from tests.test_fuzz import (SUFFIX, assert_block_positions,  # noqa: E402
                             assert_findings_point_at_their_words, report_bytes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--failures",
                        default=str(Path(tempfile.gettempdir()) / "medcheck-fuzz-failures.jsonl"),
                        help="where to write each problem (JSON lines)")
    args = parser.parse_args(argv)

    check_settings = default_settings()
    counts: Counter[str] = Counter()
    out = open(args.failures, "w", encoding="utf-8")

    def record(kind: str, fmt: str, data: bytes, detail: str) -> None:
        counts[kind] += 1
        out.write(json.dumps({"kind": kind, "format": fmt, "detail": detail[-2000:],
                              "page_base64": base64.b64encode(data).decode()}) + "\n")

    @settings(max_examples=args.documents, database=None, deadline=None,
              phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @seed(args.seed)
    @given(page_bytes())
    def one(page: tuple[str, bytes]) -> None:
        fmt, data = page
        path = "pages/fuzz" + SUFFIX[fmt]
        counts["documents"] += 1
        counts["bytes"] += len(data)
        try:  # the parser alone: only DocumentError may leave it
            try:
                text = decode(data)[0]
            except DocumentError:
                text = None
            if text is not None:
                try:
                    assert_block_positions(parse_text(path, text, fmt))
                except DocumentError:
                    counts["unreadable"] += 1
        except AssertionError:
            record("parser-position", fmt, data, traceback.format_exc())
        except Exception:
            record("parser-crash", fmt, data, traceback.format_exc())
        try:  # the whole engine: nothing may leave check_page
            first = check_page(path, data, check_settings)
            second = check_page(path, data, check_settings)
        except Exception:
            record("engine-crash", fmt, data, traceback.format_exc())
            return
        if first.error is not None and "internal error" in first.error:
            record("engine-crash", fmt, data, first.error)
        counts["findings"] += len(first.findings)
        try:
            assert_findings_point_at_their_words(path, data, first)
        except AssertionError:
            record("finding-position", fmt, data, traceback.format_exc())
        if report_bytes(first) != report_bytes(second):
            record("not-deterministic", fmt, data, "second check differs")

    started = time.monotonic()
    one()
    out.close()
    elapsed = time.monotonic() - started
    problems = {k: v for k, v in counts.items()
                if k not in ("documents", "bytes", "findings", "unreadable")}
    print(f"documents generated: {counts['documents']}")
    print(f"bytes: {counts['bytes']:,}  findings: {counts['findings']:,}  "
          f"unreadable (reported as such): {counts['unreadable']}")
    print(f"crashes: {counts['parser-crash'] + counts['engine-crash']}  "
          f"problems by kind: {problems or 'none'}")
    print(f"time: {elapsed:.0f} s ({elapsed / max(counts['documents'], 1) * 1000:.1f} ms a page)")
    if problems:
        print(f"details: {args.failures}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
