"""``medcheck merge``: the JSON reports of a sharded check (``check --shard I/N``),
read back into one run's result, so every reporter writes the whole site's report
and the exit code follows the same rules as ``check``.

The JSON report carries everything the reporters read: each finding with its fix,
occurrences and waiver, each page's words, readability and warnings, the pages that
could not be checked. Rule metadata (SARIF's rule descriptions) comes from the rule
packs of the configuration ``merge`` runs with, as in ``check``.

What a merged JSON report cannot equal in an unsharded one: ``summary.shard`` is
absent (the merged report covers every slice), and ``summary.grammar`` is the first
shard's status unless a shard's differs (then the first status that is not
"checked"), since one run has one status.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .engine import FileResult, RunResult
from .model import Finding

REPORT_KEYS = ("tool", "summary", "files", "findings", "suppressed", "errors")


class MergeError(Exception):
    """Reports that cannot be merged (exit 2): unreadable, not medcheck's, overlapping."""


def read_report(path: str) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MergeError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise MergeError(f"{path}: is a folder, not a JSON report") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MergeError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        report = json.loads(text)
    except ValueError as exc:
        raise MergeError(f"{path}: not JSON ({exc}); merge reads the reports of "
                         "`medcheck check --format json`") from None
    if not isinstance(report, dict) or not all(k in report for k in REPORT_KEYS) \
            or not isinstance(report.get("tool"), dict) or report["tool"].get("name") != "medcheck":
        raise MergeError(f"{path}: not a medcheck JSON report (write one with "
                         "`medcheck check --format json -o FILE`)")
    if not all(isinstance(report[k], list) and all(isinstance(e, dict) for e in report[k])
               for k in REPORT_KEYS[2:]) or not isinstance(report["summary"], dict):
        raise MergeError(f"{path}: not a medcheck JSON report (its files, findings or errors "
                         "are not lists)")
    return report


def check_shards(paths: list[str], reports: list[dict[str, Any]]) -> None:
    """Every slice once: same shard count, no slice twice, none missing, no page twice."""
    versions = {r["tool"].get("version") for r in reports}
    if len(versions) > 1:
        raise MergeError(f"the reports come from different medcheck versions "
                         f"({', '.join(sorted(map(str, versions)))}): check every shard with one")
    seen: dict[int, str] = {}
    counts: set[int] = set()
    for path, report in zip(paths, reports):
        shard = report["summary"].get("shard")
        if shard is None:
            continue
        try:
            index, count = int(shard["index"]), int(shard["count"])
        except (KeyError, TypeError, ValueError):
            raise MergeError(f"{path}: its summary.shard is not {{index, count}}") from None
        counts.add(count)
        if index in seen:
            raise MergeError(f"{seen[index]} and {path} are both shard {index}/{count}: "
                             "the shards overlap")
        seen[index] = path
    if len(counts) > 1:
        raise MergeError(f"the reports split the pages differently (shard counts "
                         f"{', '.join(map(str, sorted(counts)))}): merge the shards of one run")
    owner: dict[str, str] = {}
    for path, report in zip(paths, reports):
        for page in [e.get("path") for e in report["files"]] + [e.get("path") for e in report["errors"]]:
            if page in owner and owner[page] != path:
                raise MergeError(f"{page} is in both {owner[page]} and {path}: the reports overlap")
            owner[page] = path
    if counts:
        count = counts.pop()
        missing = [f"{i}/{count}" for i in range(1, count + 1) if i not in seen]
        if missing:
            raise MergeError(f"shard {', '.join(missing)} missing: merge every shard's report "
                             "(pages in a missing shard were never checked)")


def finding_from(entry: dict[str, Any], *, suppressed: bool) -> Finding:
    data: dict[str, Any] = {}
    if entry.get("occurrences"):
        data = {"count": entry.get("count"), "occurrences": [dict(o) for o in entry["occurrences"]]}
    return Finding(rule=entry["rule"], category=entry["category"], severity=entry["severity"],
                   message=entry["message"], start=0, end=0,
                   suggestions=tuple(entry.get("suggestions") or ()), source=entry.get("source", ""),
                   fix=entry.get("fix"), also=tuple(entry.get("also") or ()), data=data,
                   path=entry["path"], line=entry["line"], column=entry["column"],
                   end_line=entry["end_line"], end_column=entry["end_column"],
                   text=entry.get("text", ""), fingerprint=entry.get("fingerprint", ""),
                   suppressed=(entry.get("suppressed") or {}).get("reason", "") if suppressed else None)


def merge(paths: list[str], config: Any, packs: Any) -> RunResult:
    if not paths:
        raise MergeError("name the JSON reports to merge, e.g. `medcheck merge shard-*.json`")
    reports = [read_report(p) for p in paths]
    check_shards(paths, reports)
    files: dict[str, FileResult] = {}
    errors: list[tuple[str, str]] = []
    try:
        for report in reports:
            for entry in report["files"]:
                files[entry["path"]] = FileResult(entry["path"], readability=entry.get("readability"),
                                                  warnings=list(entry.get("warnings") or ()),
                                                  words=entry.get("words", 0))
            # A report lists a page's findings in that page's order: kept as they are.
            for key, waived in (("findings", False), ("suppressed", True)):
                for entry in report[key]:
                    finding = finding_from(entry, suppressed=waived)
                    if finding.path not in files:
                        files[finding.path] = FileResult(finding.path)
                    files[finding.path].findings.append(finding)
            errors.extend((e["path"], e["message"]) for e in report["errors"])
    except (KeyError, TypeError, AttributeError) as exc:
        raise MergeError(f"a report's entry lacks a field medcheck writes ({exc}): not a "
                         "medcheck JSON report of this version") from None
    statuses = [str(r["summary"].get("grammar", "")) for r in reports]
    grammar = next((s for s in statuses if s != "checked"), statuses[0]) \
        if len(set(statuses)) > 1 else statuses[0]
    # The engine orders pages by report path (discovery sorts them): so does the merge.
    ordered = [files[p] for p in sorted(files)]
    return RunResult(files=ordered, errors=sorted(errors), grammar=grammar, config=config,
                     packs=packs, root=config.root,
                     baselined=sum(int(r["summary"].get("baselined", 0)) for r in reports))

