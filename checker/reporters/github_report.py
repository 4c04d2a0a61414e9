"""GitHub Actions workflow commands: findings become annotations on the pull request.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and
50 per job); anything beyond is dropped without a word. So this report picks the
findings to annotate (most severe first), keeps one notice back to say how many
findings were left out, and prints every finding as a plain log line inside a
collapsed group, so nothing is lost from the log.

Escaping follows the runner: in data ``%``, CR and LF are percent-encoded; in
properties ``:`` and ``,`` are too. A finding's text can therefore never start a
new line, and so can never smuggle in a command of its own.
"""

from __future__ import annotations

from typing import Any

from ..model import Finding
from .common import counts, plural, run_extras, severity_phrase, worst_first

# GitHub's per-step limits on annotations created by workflow commands.
PER_STEP_LIMIT = {"error": 10, "warning": 10, "notice": 10}
_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: Any) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}"
                     for key, value in properties.items() if value not in (None, ""))
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(f: Finding) -> str:
    message = f.message
    if f.suggestions:
        message += f" Suggestion: {' / '.join(f.suggestions)}."
    if f.source:
        message += f" Source: {f.source}"
    properties: dict[str, Any] = {"file": f.path, "line": f.line, "endLine": max(f.end_line, f.line),
                                  "title": f"medcheck {f.rule} ({f.category})"}
    # GitHub applies columns only to single-line annotations.
    if f.end_line == f.line:
        properties = {"file": f.path, "line": f.line, "col": f.column, "endLine": f.line,
                      "endColumn": max(f.end_column, f.column), "title": properties["title"]}
    return command(_COMMAND[f.severity], message, **properties)


def _plain(f: Finding) -> str:
    # Starts with the severity word, never with "::", so the runner reads it as a log line.
    return (f"{f.severity} {f.path}:{f.line}:{f.column} [{f.rule}] "
            f"{escape_data(f.message)}")


def render(result: Any, options: Any) -> str:
    findings = worst_first(result.findings)
    budget = dict(PER_STEP_LIMIT)
    budget["notice"] -= 1  # kept for the notice that counts what was left out
    shown: list[str] = []
    left_out: dict[str, int] = {"error": 0, "warning": 0, "info": 0}
    for path, message in result.errors:  # a page that was not checked matters most
        if budget["error"] > 0:
            budget["error"] -= 1
            shown.append(command("error", f"could not be checked: {message}", file=path,
                                 title="medcheck: page not checked"))
    for f in findings:
        kind = _COMMAND[f.severity]
        if budget[kind] > 0:
            budget[kind] -= 1
            shown.append(annotation(f))
        else:
            left_out[f.severity] += 1
    lines = list(shown)
    total = counts(findings)
    files = sum(1 for fr in result.files if fr.error is None)
    omitted = sum(left_out.values())
    summary = f"medcheck: {plural(files, 'file')} checked: {severity_phrase(total.by_severity)}"
    summary += run_extras(result)
    if omitted:
        summary += (f". {plural(omitted, 'finding')} not annotated because GitHub shows at most "
                    f"10 errors, 10 warnings and 10 notices per step: "
                    f"{severity_phrase(left_out)}; all findings are in the log below and in the "
                    "full report.")
    else:
        summary += "; every finding is annotated."
    lines.append(command("notice", summary, title="medcheck summary"))
    if findings:
        lines.append(command("group", f"medcheck: all {plural(len(findings), 'finding')}"))
        lines.extend(_plain(f) for f in findings)
        lines.append("::endgroup::")
    return "\n".join(lines) + "\n"
