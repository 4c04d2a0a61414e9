"""`--statistics`: how many findings each rule reported, most first, like ruff's:

     12  safety.number-unit-spacing   medication-safety  error    [*] fixable
      3  plain.utilize                plain-language     warning

then the total. A view for deciding what to fix or switch off first."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .common import plural


def render(result: Any, color: bool = False) -> str:
    findings = result.findings
    per_rule = Counter(f.rule for f in findings)
    fixable = {f.rule for f in findings if f.fix is not None}
    first = {}
    for f in findings:
        first.setdefault(f.rule, f)
    if not per_rule:
        return "no findings\n"
    width = max(len(rule) for rule in per_rule)
    category_width = max(len(f.category) for f in first.values())
    count_width = len(str(max(per_rule.values())))
    lines = []
    for rule, n in sorted(per_rule.items(), key=lambda item: (-item[1], item[0])):
        f = first[rule]
        mark = "[*] fixable" if rule in fixable else ""
        lines.append(f"{n:>{count_width}}  {rule:<{width}}  {f.category:<{category_width}}  "
                     f"{f.severity:<7}  {mark}".rstrip())
    lines.append(f"{plural(len(findings), 'finding')} from {plural(len(per_rule), 'rule')} in "
                 f"{plural(len(result.files), 'file')}")
    return "\n".join(lines) + "\n"
