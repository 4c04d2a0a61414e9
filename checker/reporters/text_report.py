"""Terminal output for people, grouped by file, in ruff's layout:

    content/a.md
    content/a.md:6:4: warning [plain.utilize] Use 'use' instead of 'utilized'.
      |
    6 | We utilized 10mg here.
      |    ^^^^^^^^
      = suggestion: used

then a summary by severity and by category. Each finding line starts with the
``path:line:col:`` that editors and terminals turn into a link; a long message is
wrapped under it, and a long source line is cut around the words, so every line fits
the width (the terminal's, 80 when not a terminal). Colour only when asked (the CLI
turns it on for a TTY). A line that would start with ``::`` gets a zero-width space
inside it, so a CI log never reads a page's words as a workflow command.
"""

from __future__ import annotations

import textwrap
from typing import Any

from rich.cells import cell_len

from ..model import SEVERITIES
from .common import SourceLines, checked_files, counts, highlight_spans, ordered, plural, run_extras

_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_RESET, _DIM, _BOLD = "\033[0m", "\033[2m", "\033[1m"
MIN_SOURCE_WIDTH = 40  # a source line is never cut shorter than this


def _window(text: str, start: int, end: int, width: int) -> tuple[str, int, int]:
    """Cut a line longer than ``width`` cells around [start, end); returns the cut text
    and the span in it."""
    if cell_len(text) <= width:
        return text, start, end
    before = max(0, min(start, width // 3))
    lo = start - before
    hi = lo
    used = 1 if lo > 0 else 0
    while hi < len(text) and used + cell_len(text[hi]) <= width - 1:
        used += cell_len(text[hi])
        hi += 1
    if hi >= len(text):
        hi = len(text)
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    cut = prefix + text[lo:hi] + suffix
    return cut, start - lo + len(prefix), min(end, hi) - lo + len(prefix)


def _display(text: str) -> str:
    # Tabs and control characters would shift the underline; show them as one space.
    return "".join(" " if (ch == "\t" or ord(ch) < 32 or ord(ch) == 127) else ch for ch in text)


def _defuse(text: str) -> str:
    """GitHub's runner reads any log line whose first non-blank characters are ``::``
    as a command; a zero-width space keeps the line looking the same but inert."""
    stripped = text.lstrip()
    if stripped.startswith("::"):
        i = len(text) - len(stripped)
        return text[:i + 1] + "\u200b" + text[i + 1:]
    return text


def _wrapped(first: str, rest: str, width: int, indent: str) -> list[str]:
    """``first`` (kept whole: the clickable location) followed by ``rest`` wrapped."""
    lines = textwrap.wrap(rest, width, initial_indent=first, subsequent_indent=indent,
                          break_long_words=False, break_on_hyphens=False)
    if lines and cell_len(lines[0]) > width:  # a long path and rule id: the words go below
        lines = [first.rstrip(), *textwrap.wrap(rest, width, initial_indent=indent,
                                                subsequent_indent=indent, break_on_hyphens=False)]
    return lines or [first.rstrip()]


def render(result: Any, options: Any) -> str:
    color = options.color
    width = max(60, getattr(options, "width", 80) or 80)

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color and text else text

    lines = SourceLines(result)
    out: list[str] = []
    by_file: dict[str, list] = {}
    for f in ordered(result.findings):
        by_file.setdefault(f.path, []).append(f)
    for fr in sorted(result.files, key=lambda fr: fr.path):
        shown = by_file.get(fr.path, [])
        if not shown and not fr.warnings:
            continue
        if out:
            out.append("")
        out.append(paint(fr.path, _BOLD))
        for warning in fr.warnings:
            out.extend(_wrapped(f"{fr.path}: note: ", warning, width, "    "))
        for f in shown:
            out.extend(_finding(f, lines, width, options, paint))
    if options.verbose and result.suppressed:
        out.append("")
        out.append(paint("suppressed (with their reasons)", _BOLD))
        for f in ordered(result.suppressed):
            out.extend(_wrapped(f"{f.path}:{f.line}:{f.column}: [{f.rule}] suppressed: ",
                                f.suppressed or "", width, "    "))
    if result.errors:
        out.append("")
        for path, message in result.errors:
            out.extend(_wrapped(f"{path}: could not be checked: ", message, width, "    "))
    if not options.quiet:
        out.extend(summary_lines(result, paint))
    elif out and not out[0]:
        out = out[1:]
    # A zero-width space has no width, so underlines stay aligned.
    return "\n".join(_defuse(line) for line in out) + "\n"


def _finding(f, lines: SourceLines, width: int, options: Any, paint) -> list[str]:
    code = _COLORS[f.severity]
    head = f"{f.path}:{f.line}:{f.column}: {f.severity} [{f.rule}] "
    out = _wrapped(head, f.message, width, "    ")
    if options.color:  # wrapped first: escape codes have no width
        out[0] = out[0].replace(f" {f.severity} [", f" {paint(f.severity, code)} [", 1)
    spans = highlight_spans(f, lines)[:3]
    gutter = len(str(max((number for number, *_ in spans), default=f.line)))
    bar = " " * gutter + " |"
    if spans:
        out.append(paint(bar, _DIM))
        room = max(MIN_SOURCE_WIDTH, width - gutter - 3)
        for number, text, start, end in spans:
            cut, a, b = _window(text, start, end, room)
            cut = _display(cut)
            number_cell = paint(f"{number:>{gutter}} |", _DIM)
            out.append(f"{number_cell} " + cut[:a] + paint(cut[a:b], code) + cut[b:])
            out.append(paint(bar, _DIM) + " " + " " * cell_len(cut[:a])
                       + paint("^" * max(1, cell_len(cut[a:b])), code))
        if len(highlight_spans(f, lines)) > 3:
            out.append(paint(bar, _DIM) + " …")
    notes = []
    if f.suggestions:
        fixable = " (medcheck check --fix applies it)" if f.fix is not None else ""
        notes.append(f"suggestion: {' / '.join(f.suggestions)}{fixable}")
    if options.verbose and f.source:
        notes.append(f"source: {f.source}")
    if options.verbose and f.also:
        notes.append(f"also reported by: {', '.join(f.also)}")
    for note in notes:
        dim = not note.startswith("suggestion")
        for line in _wrapped(" " * gutter + " = ", note, width, " " * (gutter + 5)):
            out.append(paint(line, _DIM) if dim else line)
    return out


def summary_lines(result: Any, paint=lambda text, code: text) -> list[str]:
    total = counts(result.findings)
    checked = len(checked_files(result))
    sev = total.by_severity
    summary = (f"{plural(checked, 'file')} checked: {plural(sev['error'], 'error')}, "
               f"{plural(sev['warning'], 'warning')}, {sev['info']} info")
    summary += run_extras(result)
    out = ["", paint(summary, _BOLD)]
    if total.by_category:
        width = max(10, *(len(c) for c in total.by_category))
        out.append("by category:".ljust(width + 2) + "".join(f"{s:>9}" for s in SEVERITIES))
        for category, row in total.by_category.items():
            cells = "".join(f"{(row[s] or '·')!s:>9}" for s in SEVERITIES)
            out.append(f"  {category:<{width}}" + cells)
    out.append(f"grammar: {result.grammar}")
    return out
