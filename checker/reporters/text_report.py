"""Terminal output for people: ``path:line:col: severity [rule] message``, the
source line with the words underlined, the suggestion, then a summary."""

from __future__ import annotations

from collections import Counter

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET, _DIM, _BOLD = "\033[0m", "\033[2m", "\033[1m"


def _source_line(result, finding) -> str | None:
    lines = result_line_cache(result, finding.path)
    if lines is None or not (1 <= finding.line <= len(lines)):
        return None
    return lines[finding.line - 1]


_LINES: dict[str, list[str] | None] = {}


def result_line_cache(result, path: str) -> list[str] | None:
    if path not in _LINES:
        try:
            from ..documents import decode
            data = (result.root / path).read_bytes()
            _LINES[path] = decode(data)[0].split("\n")
        except (OSError, Exception):
            _LINES[path] = None
    return _LINES[path]


def render(result, options) -> str:
    color = options.color
    out: list[str] = []

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    for fr in result.files:
        shown = [f for f in fr.findings if f.suppressed is None]
        for f in shown:
            sev = paint(f.severity, _COLORS[f.severity])
            out.append(f"{f.path}:{f.line}:{f.column}: {sev} [{f.rule}] {f.message}")
            line = _source_line(result, f)
            if line is not None:
                display = line.expandtabs(1)
                out.append(f"    {display}")
                width = (f.end_column - f.column) if f.end_line == f.line else len(line) - f.column + 1
                out.append("    " + " " * (f.column - 1) + paint("^" * max(1, width), _COLORS[f.severity]))
            if f.suggestions:
                out.append(f"    suggestion: {' / '.join(f.suggestions)}")
            if options.verbose and f.source:
                out.append(paint(f"    source: {f.source}", _DIM))
        for warning in fr.warnings:
            out.append(f"{fr.path}: warning: {warning}")
    for path, message in result.errors:
        out.append(f"{path}: could not be checked: {message}")
    findings = result.findings
    sev = Counter(f.severity for f in findings)
    cats = Counter(f.category for f in findings)
    checked = sum(1 for fr in result.files if fr.error is None)
    summary = (f"{checked} file{'s' if checked != 1 else ''} checked: "
               f"{sev.get('error', 0)} errors, {sev.get('warning', 0)} warnings, "
               f"{sev.get('info', 0)} info")
    extras = []
    if result.suppressed:
        extras.append(f"{len(result.suppressed)} suppressed")
    if result.baselined:
        extras.append(f"{result.baselined} baselined")
    if result.errors:
        extras.append(f"{len(result.errors)} could not be checked")
    if extras:
        summary += " (" + ", ".join(extras) + ")"
    out.append("")
    out.append(paint(summary, _BOLD))
    if cats:
        out.append("by category: " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items())))
    out.append(f"grammar: {result.grammar}")
    return "\n".join(out) + "\n"
