"""Terminal output for people, grouped by file:

    content/a.md
    content/a.md:6:4: warning [plain.utilize] Use 'use' instead of 'utilized'.
        We utilized 10mg here.
           ^^^^^^^^
        suggestion: used

then a summary by severity and by category. Each finding line keeps the
``path:line:col:`` form that editors and terminals turn into a link. Colour only
when asked (the CLI turns it on for a TTY). A source line that would start with
``::`` gets a zero-width space inside it, so a CI log never reads a page's words as
a workflow command.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len

from ..model import SEVERITIES
from .common import SourceLines, checked_files, counts, highlight_spans, ordered, plural, run_extras

_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_RESET, _DIM, _BOLD = "\033[0m", "\033[2m", "\033[1m"
MAX_SHOWN_LINE = 160  # longer source lines are cut around the offending words


def _window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line around [start, end); returns the cut text and the new span."""
    if len(text) <= MAX_SHOWN_LINE:
        return text, start, end
    lo = max(0, start - 60)
    hi = min(len(text), max(end, lo + MAX_SHOWN_LINE - 60) + 20)
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


def render(result: Any, options: Any) -> str:
    color = options.color

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
            out.append(f"{fr.path}: note: {warning}")
        for f in shown:
            sev = paint(f.severity, _COLORS[f.severity])
            out.append(f"{f.path}:{f.line}:{f.column}: {sev} [{f.rule}] {f.message}")
            spans = highlight_spans(f, lines)
            for number, text, start, end in spans[:3]:
                cut, a, b = _window(text, start, end)
                cut = _display(cut)
                out.append("    " + cut[:a] + paint(cut[a:b], _COLORS[f.severity]) + cut[b:])
                out.append("    " + " " * cell_len(cut[:a])
                           + paint("^" * max(1, cell_len(cut[a:b])), _COLORS[f.severity]))
            if len(spans) > 3:
                out.append("    …")
            indent = "    "
            if f.suggestions:
                out.append(f"{indent}suggestion: {' / '.join(f.suggestions)}"
                           f"{' (fixable: medcheck check --fix)' if f.fix is not None else ''}")
            if options.verbose and f.source:
                out.append(paint(f"{indent}source: {f.source}", _DIM))
            if options.verbose and f.also:
                out.append(paint(f"{indent}also reported by: {', '.join(f.also)}", _DIM))
    if options.verbose and result.suppressed:
        out.append("")
        out.append(paint("suppressed (with their reasons)", _BOLD))
        for f in ordered(result.suppressed):
            out.append(f"{f.path}:{f.line}:{f.column}: [{f.rule}] suppressed: {f.suppressed}")
    if result.errors:
        out.append("")
        for path, message in result.errors:
            out.append(f"{path}: could not be checked: {message}")
    if not options.quiet:
        out.extend(summary_lines(result, paint))
    elif out and not out[0]:
        out = out[1:]
    # A zero-width space has no width, so underlines stay aligned.
    return "\n".join(_defuse(line) for line in out) + "\n"


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
