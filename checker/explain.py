"""A rule explained to the person who hit it: what it flags, why, what to write
instead, its source and its examples (``medcheck explain RULE``, the editor's hover)."""

from __future__ import annotations

from .model import RuleInfo


def find_rule(rule_id: str, rules: dict[str, RuleInfo]) -> RuleInfo | None:
    """The rule's metadata; LanguageTool's thousands of rules are described generically."""
    rule = rules.get(rule_id)
    if rule is None and rule_id.startswith("lt.") and len(rule_id) > 3:
        from .checks.grammar import rule_info
        rule = rule_info(rule_id)
    return rule


def explain_text(rule: RuleInfo) -> str:
    """The text `medcheck explain` prints, line for line (tests/test_lsp.py compares them)."""
    lines = [f"{rule.id}  [{rule.category}, {rule.severity}"
             f"{', fixable' if rule.fixable else ''}{'' if rule.default_on else ', off by default'}]",
             "", "What it flags", f"  {rule.message}"]
    if rule.rationale:
        lines += ["", "Why", f"  {rule.rationale}"]
    if rule.suggestion:
        lines += ["", f"Use instead\n  {rule.suggestion}"]
    lines += ["", f"Source\n  {rule.source}"]
    if rule.examples.match:
        lines += ["", "Flagged", *(f"  - {example}" for example in rule.examples.match)]
    if rule.examples.no_match:
        lines += ["", "Not flagged", *(f"  - {example}" for example in rule.examples.no_match)]
    if rule.pack:
        lines += ["", f"Defined in {rule.pack}"]
    return "\n".join(lines) + "\n"
