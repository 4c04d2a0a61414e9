"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` and pull-request comments:
the verdict, counts by category and severity, the worst pages and the first findings.

Page text is escaped so it renders as text: no HTML, no links, no table breaks and
no @-mentions of people from a page's words. The summary stays far below GitHub's
1 MiB step-summary limit by listing a bounded number of pages and findings.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import SEVERITIES
from .common import at_or_above, checked_files, counts, plural, severity_phrase, worst_first

MAX_PAGES = 10
MAX_FINDINGS = 25
MAX_CELL = 300
_ICON = {"error": "🔴", "warning": "🟠", "info": "🔵"}
# Inside a table cell nothing starts a line, so only inline syntax needs escaping.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")


def md(text: Any, limit: int = MAX_CELL) -> str:
    """Escape text for a Markdown table cell (one line, literal characters)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@\u200b")  # no @-mentions from page text


def _verdict(result: Any, fail_on: str) -> str:
    failing = [f for f in result.findings if at_or_above(f, fail_on)]
    if result.errors:
        return f"❌ **{plural(len(result.errors), 'page')} could not be checked**"
    if failing:
        return (f"❌ **Fails**: {plural(len(failing), 'finding')} at or above "
                f"`{fail_on}`")
    if fail_on == "never":
        return "✅ **Passes** (`--fail-on never`)"
    return f"✅ **Passes**: nothing at or above `{fail_on}`"


def render(result: Any, options: Any) -> str:
    findings = result.findings
    total = counts(findings)
    files = checked_files(result)
    out = ["## medcheck report", ""]
    out.append(f"{_verdict(result, options.fail_on)} · {plural(len(files), 'page')} checked: "
               f"{severity_phrase(total.by_severity)}")
    extras = []
    if result.suppressed:
        extras.append(f"{len(result.suppressed)} suppressed with a reason")
    if result.baselined:
        extras.append(f"{result.baselined} baselined (known before this change)")
    if extras:
        out.append("")
        out.append("Not counted: " + ", ".join(extras) + ".")
    out.append("")
    out.append(f"Grammar: {md(result.grammar)}")
    out.append("")
    if total.by_category:
        out.append("### By category and severity")
        out.append("")
        out.append("| category | " + " | ".join(f"{_ICON[s]} {s}" for s in SEVERITIES) + " | total |")
        out.append("| --- | " + " | ".join("---:" for _ in SEVERITIES) + " | ---: |")
        for category, row in total.by_category.items():
            out.append(f"| {md(category)} | " + " | ".join(str(row[s]) for s in SEVERITIES)
                       + f" | {sum(row.values())} |")
        out.append("| **all** | " + " | ".join(f"**{total.by_severity[s]}**" for s in SEVERITIES)
                   + f" | **{total.total}** |")
        out.append("")
    pages = []
    for fr in files:
        shown = [f for f in fr.findings if f.suppressed is None]
        if not shown:
            continue
        c = counts(shown)
        grade = (fr.readability or {}).get("grade") if isinstance(fr.readability, dict) else None
        pages.append((c.by_severity["error"], c.by_severity["warning"], c.by_severity["info"],
                      fr.path, grade))
    if pages:
        pages.sort(key=lambda p: (-p[0], -p[1], -p[2], p[3]))
        out.append("### Worst pages")
        out.append("")
        out.append("| page | errors | warnings | info | reading grade |")
        out.append("| --- | ---: | ---: | ---: | ---: |")
        for errors, warnings, infos, path, grade in pages[:MAX_PAGES]:
            shown_grade = f"{grade:.1f}" if isinstance(grade, (int, float)) else "–"
            out.append(f"| {md(path)} | {errors} | {warnings} | {infos} | {shown_grade} |")
        if len(pages) > MAX_PAGES:
            out.append("")
            out.append(f"…and {plural(len(pages) - MAX_PAGES, 'more page')} with findings.")
        out.append("")
    if findings:
        first = worst_first(findings)[:MAX_FINDINGS]
        out.append(f"### First findings ({len(first)} of {len(findings)}, most severe first)")
        out.append("")
        out.append("| | where | rule | message | suggestion |")
        out.append("| --- | --- | --- | --- | --- |")
        for f in first:
            out.append(f"| {_ICON[f.severity]} {f.severity} | {md(f.path)}:{f.line}:{f.column} "
                       f"| {md(f.rule)} | {md(f.message)} | {md(' / '.join(f.suggestions)) or '–'} |")
        out.append("")
    if result.errors:
        out.append("### Could not be checked")
        out.append("")
        for path, message in result.errors:
            out.append(f"- {md(path)}: {md(message)}")
        out.append("")
    if not findings and not result.errors:
        out.append("No findings. 🎉")
        out.append("")
    return "\n".join(out)
