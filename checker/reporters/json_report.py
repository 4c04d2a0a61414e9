"""The JSON report: the contract in DESIGN.md ("JSON report")."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .. import __version__
from ..model import Finding


def finding_dict(f: Finding) -> dict[str, Any]:
    out = {
        "rule": f.rule, "category": f.category, "severity": f.severity, "path": f.path,
        "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
        "message": f.message, "suggestions": list(f.suggestions), "source": f.source,
        "fingerprint": f.fingerprint, "text": f.text, "fixable": f.fix is not None,
    }
    if f.fix is not None:
        out["fix"] = f.fix  # the replacement --fix makes (SARIF's fixes need it back)
    if f.also:
        out["also"] = list(f.also)
    if f.data.get("occurrences"):  # one finding for every use of a term on the page
        out["count"] = f.data["count"]
        out["occurrences"] = [dict(o) for o in f.data["occurrences"]]
    if f.suppressed is not None:
        out["suppressed"] = {"reason": f.suppressed}
    return out


def report_dict(result) -> dict[str, Any]:
    findings = result.findings
    by_severity = Counter(f.severity for f in findings)
    by_category = Counter(f.category for f in findings)
    files = []
    for fr in result.files:
        entry: dict[str, Any] = {"path": fr.path,
                                 "findings": sum(1 for f in fr.findings if f.suppressed is None),
                                 "words": fr.words}
        if fr.readability is not None:
            entry["readability"] = fr.readability
        if fr.warnings:
            entry["warnings"] = fr.warnings
        if fr.error is None:
            files.append(entry)
    report = {
        "tool": {"name": "medcheck", "version": __version__},
        "summary": {
            "files": len(files),
            "findings": len(findings),
            "by_severity": {s: by_severity.get(s, 0) for s in ("error", "warning", "info")},
            "by_category": dict(sorted(by_category.items())),
            "grammar": result.grammar,
            "errors": len(result.errors),
            "suppressed": len(result.suppressed),
            "baselined": result.baselined,
        },
        "files": files,
        "findings": [finding_dict(f) for f in findings],
        "suppressed": [finding_dict(f) for f in result.suppressed],
        "errors": [{"path": p, "message": m} for p, m in result.errors],
    }
    shard = getattr(result, "shard", None)
    if shard is not None:
        # Which slice of the pages this report covers: `medcheck merge` checks that the
        # shards it is given are all there, once each.
        report["summary"]["shard"] = {"index": shard[0], "count": shard[1]}
    return report


def render(result, options) -> str:
    report = report_dict(result)
    # Indented JSON goes through the pure-Python encoder (4 s for a 5,000-page site, most
    # of a warm run); a large report is for machines, so it is written compact, in C.
    large = len(report["findings"]) + len(report["files"]) > PRETTY_LIMIT
    return json.dumps(report, indent=None if large else 2, ensure_ascii=False,
                      separators=(",", ":") if large else None) + "\n"


PRETTY_LIMIT = 1000
