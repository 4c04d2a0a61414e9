"""One finding per term per page for wording advice.

A page that uses "renal" thirty times has one thing for the editor to decide: say
"kidney" or explain "renal" once. For the categories of word-level advice
(plain-language, inclusive-language, spelling), the uses of one term on one page are
reported as one finding at the first use; the message counts them and ``data`` keeps
every position (``occurrences``), which the JSON report lists and SARIF gives as
related locations. The first use is where the fix (or the explanation) belongs.

A term is the rule for a rule-pack rule (one rule is one term with its inflections,
"lesion" and "lesions"); for LanguageTool and proselint, whose one rule covers many
words, the rule and the words in lower case. LanguageTool's grammar and style rules
are folded the same way: "24 hour" seven times on a page (a condition's name missing
its hyphen) is one thing to decide, not seven. Suppressed findings and findings that
carry a mechanical fix are left alone (each fix belongs to its own position).
"""

from __future__ import annotations

from dataclasses import replace

from .model import SEVERITY_RANK, Finding

REPEAT_CATEGORIES = frozenset({"plain-language", "inclusive-language", "spelling"})
_MANY_WORD_FAMILIES = ("lt.", "proselint.")
_LANGUAGETOOL = "lt."


def _term(f: Finding) -> tuple[str, ...]:
    if f.rule.startswith(_MANY_WORD_FAMILIES):
        return (f.rule, " ".join(f.text.lower().split()))
    return (f.rule,)


def _position(f: Finding) -> dict:
    return {"line": f.line, "column": f.column, "end_line": f.end_line,
            "end_column": f.end_column, "text": f.text}


def fold_repeats(findings: list[Finding]) -> list[Finding]:
    """``findings`` located (lines filled) and in page order; returns them in the same
    order with each repeated term's later uses folded into its first."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, f in enumerate(findings):
        if (f.category in REPEAT_CATEGORIES or f.rule.startswith(_LANGUAGETOOL)) \
                and f.suppressed is None and f.fix is None:
            groups.setdefault(_term(f), []).append(i)
    folded: set[int] = set()
    firsts: dict[int, Finding] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        uses = [findings[i] for i in members]
        first = uses[0]
        lines = sorted({u.line for u in uses})
        shown = ", ".join(str(n) for n in lines[:10]) + (", ..." if len(lines) > 10 else "")
        severity = max((u.severity for u in uses), key=SEVERITY_RANK.__getitem__)
        message = (f"{first.message.rstrip()} Used {len(uses)} times on this page "
                   f"(line{'s' if len(lines) > 1 else ''} {shown}).")
        firsts[members[0]] = replace(first, message=message, severity=severity, data={
            **first.data, "count": len(uses), "occurrences": [_position(u) for u in uses]})
        folded.update(members[1:])
    if not folded and not firsts:
        return findings
    return [firsts.get(i, f) for i, f in enumerate(findings) if i not in folded]
