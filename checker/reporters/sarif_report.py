"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers).

Valid against the official schema (the tests validate every report they make).
Choices that matter to consumers:

- columns count Unicode code points (``columnKind``), like every medcheck position;
- artifact URIs are relative to ``%SRCROOT%`` (the project root), so a checkout
  anywhere resolves them;
- ``partialFingerprints`` carry medcheck's fingerprint (rule, file, sentence, words),
  which does not change when lines move, so alerts are not re-opened by edits elsewhere;
- suppressed findings stay in the report with ``suppressions`` and their justification,
  so reviewers see what was waived and why.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..model import Finding, RuleInfo
from .common import checked_files, ordered, rule_for, rule_help_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "medcheckFingerprint/v1"
CONFIG_IGNORE_PREFIX = "configuration ignore: "


def artifact_uri(path: str) -> str:
    """A relative URI reference for a report path (percent-encoded, forward slashes)."""
    return quote(path.replace("\\", "/"), safe="/-._~!$&'()*+,;=@")


def _template(message: str) -> str:
    """A rule's message without the per-finding placeholders."""
    text = message.replace("'{match}'", "these words").replace("'{suggestion}'", "the suggestion")
    text = text.replace("{match}", "these words").replace("{suggestion}", "the suggestion")
    return re.sub(r"\{[a-z_]+\}", "…", text)


def _suggestion(rule: RuleInfo) -> str | None:
    """A rule's suggestion for help text; pattern templates (\\1) are not shown."""
    if not rule.suggestion or re.search(r"\\(\d|g<)", rule.suggestion):
        return None
    return rule.suggestion


def _code(example: str) -> str:
    """An example as one Markdown code span (newlines shown as a return sign)."""
    text = example.replace("\n", " \u21b5 ")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _help_markdown(rule: RuleInfo) -> str:
    lines = [_template(rule.message), ""]
    if rule.rationale:
        lines += [f"**Why:** {rule.rationale}", ""]
    if _suggestion(rule):
        lines += [f"**Use instead:** {_suggestion(rule)}", ""]
    lines += [f"**Source:** {rule.source or 'not stated'}", ""]
    if rule.examples.match:
        lines.append("**Flagged:**")
        lines += [f"- {_code(e)}" for e in rule.examples.match]
        lines.append("")
    if rule.examples.no_match:
        lines.append("**Not flagged:**")
        lines += [f"- {_code(e)}" for e in rule.examples.no_match]
    return "\n".join(lines).strip() + "\n"


def _help_text(rule: RuleInfo) -> str:
    return rule_help_text(rule, _template(rule.message), _suggestion(rule) or "")


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    full = _template(rule.message)
    if rule.rationale:
        full = f"{full} {rule.rationale}"
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": _template(rule.message)},
        "fullDescription": {"text": full},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "category": rule.category,
            "tags": sorted({"medcheck", rule.category, *rule.tags}),
            "source": rule.source,
            "fixable": rule.fixable,
        },
    }
    if rule.source.startswith(("https://", "http://")):
        descriptor["helpUri"] = rule.source.split()[0]
    return descriptor


def _region(f: Finding) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column,
                              "endLine": max(f.end_line, f.line),
                              "endColumn": max(f.end_column, 1)}
    if f.end_line == f.line and f.end_column < f.column:
        region["endColumn"] = f.column
    if f.text:
        region["snippet"] = {"text": f.text}
    return region


def _location(f: Finding) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": artifact_uri(f.path), "uriBaseId": SRCROOT},
        "region": _region(f)}}


def _result(f: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    message = f.message
    if f.suggestions:
        message += " Suggestion: " + " / ".join(f.suggestions) + "."
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index[f.rule],
        "level": _LEVEL[f.severity],
        "message": {"text": message},
        "locations": [_location(f)],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {"category": f.category, "severity": f.severity,
                       "suggestions": list(f.suggestions), "source": f.source},
    }
    if f.also:
        out["properties"]["alsoReportedBy"] = list(f.also)
    occurrences = f.data.get("occurrences") or ()
    if occurrences:  # the other uses of the same term on the page
        out["properties"]["count"] = f.data["count"]
        out["relatedLocations"] = [
            {"id": i, "message": {"text": f"Use {i + 1} of {len(occurrences)}: '{o['text']}'"},
             "physicalLocation": {
                 "artifactLocation": {"uri": artifact_uri(f.path), "uriBaseId": SRCROOT},
                 "region": {"startLine": o["line"], "startColumn": o["column"],
                            "endLine": max(o["end_line"], o["line"]),
                            "endColumn": max(o["end_column"], o["column"] if o["end_line"] == o["line"] else 1)}}}
            for i, o in enumerate(occurrences)]
    if f.fix is not None:
        out["fixes"] = [{
            "description": {"text": f"Replace with '{f.fix}'"},
            "artifactChanges": [{
                "artifactLocation": {"uri": artifact_uri(f.path), "uriBaseId": SRCROOT},
                "replacements": [{"deletedRegion": {k: v for k, v in _region(f).items()
                                                    if k != "snippet"},
                                  "insertedContent": {"text": f.fix}}]}]}]
    if f.suppressed is not None:
        external = f.suppressed.startswith(CONFIG_IGNORE_PREFIX)
        justification = f.suppressed[len(CONFIG_IGNORE_PREFIX):] if external else f.suppressed
        out["suppressions"] = [{"kind": "external" if external else "inSource",
                                "status": "accepted", "justification": justification}]
    return out


def _root_uri(result: Any) -> str | None:
    root = getattr(result, "root", None)
    if root is None:
        return None
    try:
        uri = Path(root).resolve().as_uri()
    except ValueError:
        return None
    return uri if uri.endswith("/") else uri + "/"


def sarif_dict(result: Any) -> dict[str, Any]:
    shown = ordered(result.findings)
    suppressed = ordered(result.suppressed)
    every = shown + suppressed
    fired: dict[str, RuleInfo] = {}
    for f in every:
        fired.setdefault(f.rule, rule_for(result, f))
    rules = [fired[r] for r in sorted(fired)]
    rule_index = {r.id: i for i, r in enumerate(rules)}
    notifications = [{"level": "error", "message": {"text": f"{path}: {message}"},
                      "locations": [{"physicalLocation": {"artifactLocation": {
                          "uri": artifact_uri(path), "uriBaseId": SRCROOT}}}]}
                     for path, message in result.errors]
    for fr in checked_files(result):
        for warning in fr.warnings:
            notifications.append({"level": "warning", "message": {"text": f"{fr.path}: {warning}"},
                                  "locations": [{"physicalLocation": {"artifactLocation": {
                                      "uri": artifact_uri(fr.path), "uriBaseId": SRCROOT}}}]})
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "medcheck", "version": __version__,
                            "semanticVersion": __version__, "rules": [_descriptor(r) for r in rules]}},
        "invocations": [{"executionSuccessful": not result.errors,
                         "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_index) for f in every],
        "properties": {"grammar": result.grammar, "baselined": result.baselined,
                       "files": len(checked_files(result))},
    }
    root = _root_uri(result)
    if root:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: Any, options: Any) -> str:
    return json.dumps(sarif_dict(result), indent=2, ensure_ascii=False) + "\n"
