"""What several reporters share: counts, ordering, rule metadata and the source lines
a finding points at. Reporters stay functions of the result; nothing here prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from ..model import CATEGORIES, SEVERITIES, SEVERITY_RANK, Finding, RuleInfo


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Report order: by file, then position, then rule (deterministic)."""
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.end_line, f.end_column, f.rule))


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then report order: what a reader with little room should see."""
    return sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], f.path, f.line, f.column, f.rule))


def at_or_above(finding: Finding, fail_on: str) -> bool:
    return fail_on != "never" and SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[fail_on]


@dataclass(frozen=True)
class Counts:
    by_severity: dict[str, int]
    by_category: dict[str, dict[str, int]]  # category -> severity -> count (only categories seen)

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())


def counts(findings: Iterable[Finding]) -> Counts:
    sev: Counter[str] = Counter()
    cat: dict[str, Counter[str]] = {}
    for f in findings:
        sev[f.severity] += 1
        cat.setdefault(f.category, Counter())[f.severity] += 1
    by_category = {c: {s: cat[c].get(s, 0) for s in SEVERITIES}
                   for c in sorted(cat, key=_category_order)}
    return Counts({s: sev.get(s, 0) for s in SEVERITIES}, by_category)


def _category_order(category: str) -> tuple[int, str]:
    return (CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES), category)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def severity_phrase(by_severity: dict[str, int]) -> str:
    return (f"{plural(by_severity.get('error', 0), 'error')}, "
            f"{plural(by_severity.get('warning', 0), 'warning')}, "
            f"{by_severity.get('info', 0)} info")


def run_extras(result: Any) -> str:
    """" (3 suppressed, 2 baselined, 1 could not be checked)", or "" when none apply."""
    extras = []
    if result.suppressed:
        extras.append(f"{len(result.suppressed)} suppressed")
    if result.baselined:
        extras.append(f"{result.baselined} baselined")
    if result.errors:
        extras.append(f"{len(result.errors)} could not be checked")
    return " (" + ", ".join(extras) + ")" if extras else ""


def rule_for(result: Any, finding: Finding) -> RuleInfo:
    """The rule's declared metadata; rules reported by outside tools (LanguageTool,
    proselint) may not be declared one by one, so build a description from the finding."""
    info = result.rules.get(finding.rule) if getattr(result, "rules", None) else None
    if info is not None:
        return info
    return RuleInfo(id=finding.rule, category=finding.category, severity=finding.severity,
                    message=finding.message, source=finding.source)


def checked_files(result: Any) -> list:
    return [fr for fr in result.files if fr.error is None]


class SourceLines:
    """The lines of each reported file, read once per report (the report may be
    rendered after --fix rewrote a file, so nothing is cached across reports)."""

    def __init__(self, result: Any):
        self.root = getattr(result, "root", None)
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        if path not in self._lines:
            self._lines[path] = self._read(path)
        return self._lines[path]

    def _read(self, path: str) -> list[str] | None:
        from pathlib import Path

        from ..documents import DocumentError, decode
        try:
            base = Path(self.root) if self.root is not None else Path(".")
            data = (base / path).read_bytes()
            return decode(data)[0].split("\n")
        except (OSError, DocumentError):
            return None

    def line(self, path: str, number: int) -> str | None:
        lines = self.lines(path)
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]


def highlight_spans(finding: Finding, lines: SourceLines) -> list[tuple[int, str, int, int]]:
    """(line number, line text, start, end) per source line the finding covers, with
    0-based [start, end) of the highlighted words on that line; at most 5 lines."""
    out = []
    last = max(finding.line, finding.end_line)
    for number in range(finding.line, min(last, finding.line + 4) + 1):
        text = lines.line(finding.path, number)
        if text is None:
            break
        start = finding.column - 1 if number == finding.line else 0
        if number == finding.end_line:
            end = finding.end_column - 1
        else:
            end = len(text)
        start = max(0, min(start, len(text)))
        end = max(start, min(end, len(text)))
        if number == finding.end_line and number != finding.line and end == 0:
            break  # the span ends at the very start of this line: nothing on it
        out.append((number, text, start, end))
    return out


def rule_help_text(rule: RuleInfo, message: str | None = None, suggestion: str | None = None) -> str:
    """Plain-text help: what, why, use instead, source, examples (SARIF ``help.text``).

    ``message`` and ``suggestion`` let a reporter pass its own rendering of them."""
    parts = [message if message is not None else rule.message]
    if rule.rationale:
        parts.append(f"Why: {rule.rationale}")
    suggestion = suggestion if suggestion is not None else rule.suggestion
    if suggestion:
        parts.append(f"Use instead: {suggestion}")
    parts.append(f"Source: {rule.source or 'not stated'}")
    if rule.examples.match:
        parts.append("Flagged: " + " | ".join(rule.examples.match))
    if rule.examples.no_match:
        parts.append("Not flagged: " + " | ".join(rule.examples.no_match))
    return "\n".join(parts)
