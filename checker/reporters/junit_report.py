"""JUnit XML for CI test views: one testsuite per file, one testcase per rule that
reported something in it. A testcase fails when one of its findings is at or above
the fail level; findings below it are listed in ``system-out`` (the case passes);
a rule whose findings were all waived is ``skipped`` with the reasons. A file with
no findings gets one passing testcase, a file that could not be checked an error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from ..model import Finding
from .common import at_or_above, ordered

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _line(f: Finding) -> str:
    text = f"{f.path}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}"
    if f.suggestions:
        text += f" (suggestion: {' / '.join(f.suggestions)})"
    if f.source:
        text += f" [source: {f.source}]"
    return text


def _suite_for_file(path: str, findings: list[Finding], suppressed: list[Finding],
                    fail_on: str) -> ET.Element:
    suite = ET.Element("testsuite", name=_clean(path))
    by_rule: dict[str, list[Finding]] = {}
    for f in ordered(findings):
        by_rule.setdefault(f.rule, []).append(f)
    waived: dict[str, list[Finding]] = {}
    for f in ordered(suppressed):
        waived.setdefault(f.rule, []).append(f)
    tests = failures = skipped = 0
    for rule in sorted(set(by_rule) | set(waived)):
        hits = by_rule.get(rule, [])
        case = ET.SubElement(suite, "testcase", name=_clean(rule), classname=_clean(path))
        tests += 1
        failing = [f for f in hits if at_or_above(f, fail_on)]
        if failing:
            failures += 1
            worst = failing[0]
            failure = ET.SubElement(case, "failure", type=worst.severity,
                                    message=_clean(f"{len(failing)} x {worst.message}"))
            failure.text = _clean("\n".join(_line(f) for f in failing))
        elif not hits:
            skipped += 1
            ET.SubElement(case, "skipped", message=_clean(
                "suppressed: " + "; ".join(sorted({f.suppressed or "" for f in waived[rule]}))))
        passing = [f for f in hits if not at_or_above(f, fail_on)]
        if passing:
            out = ET.SubElement(case, "system-out")
            out.text = _clean("\n".join(_line(f) for f in passing))
    if tests == 0:
        ET.SubElement(suite, "testcase", name="medcheck", classname=_clean(path))
        tests = 1
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


def junit_tree(result: Any, fail_on: str) -> ET.Element:
    root = ET.Element("testsuites", name="medcheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for fr in sorted(result.files, key=lambda fr: fr.path):
        if fr.error is not None:
            continue
        shown = [f for f in fr.findings if f.suppressed is None]
        waived = [f for f in fr.findings if f.suppressed is not None]
        suite = _suite_for_file(fr.path, shown, waived, fail_on)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for path, message in sorted(result.errors):
        suite = ET.SubElement(root, "testsuite", name=_clean(path), tests="1", failures="0",
                              errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", name="read", classname=_clean(path))
        error = ET.SubElement(case, "error", type="input", message=_clean(message))
        error.text = _clean(f"{path}: could not be checked: {message}")
        totals["tests"] += 1
        totals["errors"] += 1
    for key, value in totals.items():
        root.set(key, str(value))
    return root


def render(result: Any, options: Any) -> str:
    tree = junit_tree(result, options.fail_on)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"
