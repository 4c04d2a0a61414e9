"""Findings as LSP diagnostics: the exact words, the severity, the rule as the code
with a link to its reference, and the other places the same finding repeats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from lsprotocol import types

from ..model import Finding
from .positions import PageText

SOURCE = "medcheck"
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
# At most this many "also here" entries per diagnostic: a word repeated 200 times on a
# page would otherwise send 40,000 locations with every keystroke.
MAX_RELATED = 10
_LANGUAGETOOL_RULE = "https://community.languagetool.org/rule/show/{rule}?lang=en-US"


def default_rules_reference() -> str | None:
    """docs/rules.md of this medcheck's source tree, when it is there."""
    reference = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    return reference.as_uri() if reference.is_file() else None


def rule_anchor(rule_id: str) -> str:
    """The anchor of a rule's entry in docs/rules.md."""
    return rule_id


def rule_href(rule_id: str, reference: str | None) -> str | None:
    if rule_id.startswith("lt."):
        return _LANGUAGETOOL_RULE.format(rule=rule_id[3:])
    if not reference:
        return None
    return f"{reference.split('#', 1)[0]}#{rule_anchor(rule_id)}"


@dataclass(frozen=True)
class ClientSupport:
    """What the client said it can show (publishDiagnostics capabilities)."""

    related_information: bool = True
    code_description: bool = True

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities | None) -> "ClientSupport":
        publish = getattr(getattr(capabilities, "text_document", None), "publish_diagnostics", None)
        if publish is None:
            return cls(related_information=False, code_description=False)
        return cls(related_information=bool(publish.related_information),
                   code_description=bool(publish.code_description_support))


def message_of(finding: Finding) -> str:
    """The message as the text report prints it: suggestions on a line of their own."""
    if finding.suggestions:
        return f"{finding.message}\nsuggestion: {' / '.join(finding.suggestions)}"
    return finding.message


def to_diagnostics(findings: Sequence[Finding], page: PageText, uri: str, support: ClientSupport,
                   reference: str | None) -> list[types.Diagnostic]:
    """One diagnostic per finding, in the order given."""
    ranges = [page.range(f.start, f.end) for f in findings]
    repeats = _repeats(findings, page) if support.related_information else {}
    out = []
    for i, (finding, where) in enumerate(zip(findings, ranges)):
        href = rule_href(finding.rule, reference) if support.code_description else None
        related = None
        group = repeats.get(i)
        if group:
            others = [j for j in group if j != i][:MAX_RELATED]
            related = [types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri, range=ranges[j]),
                message=f"the same finding ({finding.rule}) on line {ranges[j].start.line + 1}")
                for j in others]
        out.append(types.Diagnostic(
            range=where, message=message_of(finding), severity=SEVERITY.get(finding.severity),
            code=finding.rule, source=SOURCE,
            code_description=types.CodeDescription(href=href) if href else None,
            related_information=related or None,
            data={"fingerprint": finding.fingerprint, "rule": finding.rule}))
    return out


def _repeats(findings: Sequence[Finding], page: PageText) -> dict[int, list[int]]:
    """Findings of one rule on the same words (case aside), by index: each one's group."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(findings):
        words = " ".join(page.source[f.start:f.end].lower().split())
        if words:
            groups.setdefault((f.rule, words), []).append(i)
    return {i: group for group in groups.values() if len(group) > 1 for i in group}


def problem_diagnostic(message: str) -> types.Diagnostic:
    """The page could not be checked (broken configuration, unreadable front matter,
    an internal error): said once, at the top, so the editor shows why nothing else is."""
    return types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                            message=f"medcheck could not check this page: {message}",
                            severity=types.DiagnosticSeverity.Error, source=SOURCE)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.start, f.end, f.rule))
