"""Inline suppressions with an audit trail, and per-path ignores.

In Markdown and HTML comments:

    <!-- medcheck-disable-next-line RULE[, RULE...]: reason -->
    <!-- medcheck-disable RULE: reason --> ... <!-- medcheck-enable RULE -->

RULE is a rule id, a category, or a prefix such as ``lt.*``; leave it out to mean
every rule. The reason is mandatory: a suppression without one suppresses nothing
and is itself reported, because a waiver nobody can explain is not a waiver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .config import Config, path_matches
from .model import Document, Finding, RuleInfo
from .rules import declare
from .selectors import KnownRules, unknown

_DIRECTIVE = re.compile(
    r"^\s*medcheck-(disable-next-line|disable-line|disable|enable)\b\s*([^:]*?)\s*(?::\s*(.*?))?\s*$",
    re.S)

MISSING_REASON = declare(
    "medcheck.suppression-without-reason",
    "This suppression has no reason, so it suppresses nothing: write "
    "'<!-- medcheck-disable-next-line RULE: why this is acceptable -->'.",
    "medcheck audit trail: every waiver names its reason",
    ("<!-- medcheck-disable-next-line safety.qd -->\nTake it qd.",),
    ("<!-- medcheck-disable-next-line safety.qd: quoting an old label -->\nTake it qd.",),
    category="compliance", severity="warning",
    rationale="Compliance reviewers must see why a finding was waived; an unexplained "
              "suppression hides a problem without accountability.",
)

UNKNOWN_RULE = declare(
    "medcheck.suppression-unknown-rule",
    "'{name}' is not a rule id, category or prefix{hint}, so this suppression waives "
    "nothing for it.",
    "medcheck audit trail: a waiver names the rule it waives",
    ("<!-- medcheck-disable-next-line safety.qdd: quoting an old label -->\nTake it qd.",),
    ("<!-- medcheck-disable-next-line safety.qd: quoting an old label -->\nTake it qd.",
     "<!-- medcheck-disable-next-line lt.*, plain-language: a quoted label -->\nText."),
    category="compliance", severity="warning",
    rationale="A mistyped rule in a waiver silently waives nothing: the finding it was meant "
              "for is still reported, or the waiver outlives a renamed rule and misleads "
              "whoever reads the page.",
)

ENGINE_RULES = [MISSING_REASON, UNKNOWN_RULE]
_AUDIT_RULES = {r.id for r in ENGINE_RULES}


@dataclass(frozen=True)
class _Waiver:
    rules: tuple[str, ...]  # empty: every rule
    reason: str
    first_line: int
    last_line: int  # inclusive

    def covers(self, finding: Finding) -> bool:
        if not (self.first_line <= finding.line <= self.last_line):
            return False
        return not self.rules or any(_rule_matches(r, finding) for r in self.rules)


def _rule_matches(pattern: str, finding: Finding) -> bool:
    if pattern in (finding.rule, finding.category):
        return True
    prefix = pattern[:-2] if pattern.endswith(".*") else pattern
    return finding.rule.startswith(prefix + ".")


def _next_content_line(doc: Document, after_line: int) -> int:
    line = after_line + 1
    total = len(doc.line_starts)
    while line <= total and not doc.line_text(line).strip():
        line += 1
    return line


def parse_waivers(doc: Document, known: KnownRules | None = None) -> tuple[list[_Waiver], list[Finding]]:
    """The page's waivers, and findings about waivers that cannot work (no reason; with
    ``known``, a rule that does not exist)."""
    waivers: list[_Waiver] = []
    problems: list[Finding] = []
    open_blocks: dict[tuple[str, ...], tuple[str, int]] = {}
    last_line = len(doc.line_starts)
    for comment in doc.comments:
        match = _DIRECTIVE.match(comment.text)
        if not match:
            continue
        action, rules_text, reason = match.group(1), match.group(2), (match.group(3) or "").strip()
        rules = tuple(r for r in re.split(r"[\s,]+", rules_text) if r)
        line, _ = doc.position(comment.start)
        end_line, _ = doc.position(comment.end - 1)
        if known is not None:
            problems.extend(_unknown_rules(doc, comment, rules, known))
        if action == "enable":
            for key in list(open_blocks):
                if not rules or set(rules) & set(key) or key == rules:
                    reason_open, start_line = open_blocks.pop(key)
                    waivers.append(_Waiver(key, reason_open, start_line, line))
            continue
        if not reason:
            problems.append(Finding(
                rule=MISSING_REASON.id, category=MISSING_REASON.category,
                severity=MISSING_REASON.severity, message=MISSING_REASON.message,
                start=comment.start, end=comment.end, source=MISSING_REASON.source))
            continue
        if action == "disable-next-line":
            target = _next_content_line(doc, end_line)
            waivers.append(_Waiver(rules, reason, target, target))
        elif action == "disable-line":
            waivers.append(_Waiver(rules, reason, line, end_line))
        else:
            open_blocks[rules] = (reason, line)
    for rules, (reason, start_line) in open_blocks.items():
        waivers.append(_Waiver(rules, reason, start_line, last_line))
    return waivers, problems


def _unknown_rules(doc: Document, comment, rules: tuple[str, ...], known: KnownRules) -> list[Finding]:
    out = []
    for name, hint in unknown(rules, known):
        at = doc.source.find(name, comment.start, comment.end)
        start, end = (at, at + len(name)) if at >= 0 else (comment.start, comment.end)
        out.append(Finding(
            rule=UNKNOWN_RULE.id, category=UNKNOWN_RULE.category, severity=UNKNOWN_RULE.severity,
            message=UNKNOWN_RULE.message.format(name=name, hint=hint), start=start, end=end,
            suggestions=tuple(hint[len(" (did you mean "):-2].split(" or ")) if hint else (),
            source=UNKNOWN_RULE.source))
    return out


def apply_suppressions(doc: Document, findings: list[Finding], config: Config,
                       path: str) -> list[Finding]:
    """Mark findings waived inline or by a per-path ignore (they stay in the report)."""
    waivers, _ = parse_waivers(doc)
    ignores = [i for i in config.get("ignores") if path_matches(path, i["paths"])]
    out = []
    for finding in findings:
        reason = None
        if finding.rule not in _AUDIT_RULES:  # a waiver cannot waive its own problems
            for waiver in waivers:
                if waiver.covers(finding):
                    reason = waiver.reason
                    break
            if reason is None:
                for ignore in ignores:
                    rules = ignore.get("rules") or []
                    if not rules or any(_rule_matches(r, finding) for r in rules):
                        reason = f"configuration ignore: {ignore['reason']}"
                        break
        out.append(replace(finding, suppressed=reason) if reason else finding)
    return out
