"""Scaling of the parsers and the page check on hostile shapes: is each one linear?

For each shape (one long line of prose, deep HTML nesting, deep Markdown nesting,
unclosed tags, a line of '![' ...) the page is built at n, 2n and 4n and timed: parse
alone, then the whole in-process page check with every local family. Linear work shows
ratios near 2 and 4; quadratic work near 4 and 16. Prints a table; asserts nothing.

    .venv/bin/python bench/big_inputs.py            # parse and check
    .venv/bin/python bench/big_inputs.py --parse-only
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.documents import parse_text  # noqa: E402
from checker.engine import check_page  # noqa: E402
from tests.helpers import default_settings  # noqa: E402

WORDS = ("take the tablet with water and utilize 10mg when pain comes back then rest "
         "call your doctor if it gets worse").split()


def prose(n: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(n // 5))


SHAPES = {
    # name: (format, size unit, build(n) -> page)
    "long line (chars)": ("markdown", 250_000, lambda n: "# Line\n\n" + prose(n) + "\n"),
    "nested <div> (levels)": ("html", 5_000,
                              lambda n: "<div>" * n + "We utilize 10mg." + "</div>" * n),
    "unclosed <b><i> (levels)": ("html", 5_000, lambda n: "<b><i>" * n + "We utilize 10mg."),
    "nested > quotes (levels)": ("markdown", 5_000, lambda n: "> " * n + "We utilize 10mg.\n"),
    "nested - lists (levels)": ("markdown", 5_000,
                                lambda n: "- " * n + "We utilize 10mg.\n\nAfter.\n"),
    "'![' run (count)": ("markdown", 5_000, lambda n: "![" * n + " We utilize 10mg.\n"),
    "'[' run (count)": ("markdown", 5_000, lambda n: "[" * n + " We utilize 10mg.\n"),
    "emphasis pairs (count)": ("markdown", 10_000, lambda n: "*a* " * n + "\n"),
    "paragraphs (count)": ("markdown", 2_000,
                           lambda n: "\n\n".join(f"We utilize {i}mg today." for i in range(n))),
}
SUFFIX = {"markdown": ".md", "html": ".html"}


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parse-only", action="store_true")
    args = parser.parse_args(argv)
    settings = None if args.parse_only else default_settings()
    print(f"{'shape':28} {'n':>9} {'parse s':>8} {'x':>5} {'check s':>8} {'x':>5}")
    for name, (fmt, unit, build) in SHAPES.items():
        base_parse = base_check = None
        for factor in (1, 2, 4):
            n = unit * factor
            page = build(n)
            parse = timed(lambda: parse_text("b" + SUFFIX[fmt], page, fmt))
            check = 0.0 if settings is None else timed(
                lambda: check_page("b" + SUFFIX[fmt], page.encode(), settings))
            base_parse, base_check = base_parse or parse, base_check or check or 1e-9
            print(f"{name:28} {n:>9,} {parse:8.2f} {parse / base_parse:5.1f} "
                  f"{check:8.2f} {check / base_check:5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
