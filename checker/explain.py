"""A rule explained to the person who hit it: what it flags, why, what to write
instead, its source and its examples (``medcheck explain RULE``, the editor's hover),
wrapped like ruff's `rule` pages. A templated message ("Write '{suggestion}' instead of
'{match}'") is shown as the rule reports it on its first example."""

from __future__ import annotations

import re
import textwrap

from .model import RuleInfo
from .config import PROFILES

DEFAULT_WIDTH = 88

# Message templates name the words they fill in: shown bare, the braces read as a bug.
_FIELD = re.compile(r"\{(\w*)\}")
_FIELD_WORDS = {"match": "the flagged words", "words": "the flagged words",
                "written": "the words as written", "suggestion": "the suggestion",
                "fix": "the fix", "fixed": "the fixed words"}


def find_rule(rule_id: str, rules: dict[str, RuleInfo]) -> RuleInfo | None:
    """The rule's metadata; LanguageTool's thousands of rules are described generically."""
    rule = rules.get(rule_id)
    if rule is None and rule_id.startswith("lt.") and len(rule_id) > 3:
        from .checks.grammar import rule_info
        rule = rule_info(rule_id)
    return rule


def plain_template(message: str) -> str:
    return _FIELD.sub(lambda m: _FIELD_WORDS.get(m.group(1), f"the {m.group(1) or 'value'}"
                                                 .replace("_", " ")), message)


def sample(rule: RuleInfo, settings) -> tuple[str | None, str | None]:
    """(the message, the example) of a templated rule on its first example it flags."""
    if settings is None or not _FIELD.search(rule.message) or rule.id.startswith("lt.") \
            or not rule.examples.match:
        return None, None
    from .examples import example_findings

    for text in rule.examples.match:
        hits = example_findings(rule, text, settings)
        if hits:
            return hits[0].message, text
    return None, None


def explain_text(rule: RuleInfo, settings=None, width: int = DEFAULT_WIDTH) -> str:
    """The text `medcheck explain` prints (the editor's hover shows the same; tests compare
    them). With ``settings`` (the engine's), a templated message is shown filled in."""
    message, sample_text = sample(rule, settings)
    return render(rule, message, sample_text, width)


def render(rule: RuleInfo, sample: str | None = None, sample_text: str | None = None,
           width: int = DEFAULT_WIDTH) -> str:
    """``sample`` is the message the rule gives on its first example (``sample_text``)."""
    width = max(40, min(width, 100))
    lines: list[str] = []
    flags = [rule.category, rule.severity]
    if rule.fixable:
        flags.append("fixable with --fix")
    if not rule.default_on:
        flags.append("off by default" + (" (on in the strict profile)"
                                         if rule.id in PROFILES["strict"] else ""))
    lines.append(f"{rule.id}  [{', '.join(flags)}]")

    def section(title: str, body: str) -> None:
        lines.extend(["", title])
        for paragraph in body.strip().split("\n\n"):
            lines.extend(textwrap.wrap(" ".join(paragraph.split()), width, initial_indent="  ",
                                       subsequent_indent="  ") or [""])

    if not _FIELD.search(rule.message):
        section("What it flags", rule.message)
    elif sample and sample_text:
        section("What it flags", sample)
        lines.extend(textwrap.wrap(f"(as reported on {' '.join(sample_text.split())!r}; the "
                                   "quoted words follow the text)", width,
                                   initial_indent="  ", subsequent_indent="  "))
    else:
        section("What it flags", plain_template(rule.message))
    if rule.rationale:
        section("Why", rule.rationale)
    if rule.suggestion:
        section("Use instead", rule.suggestion)
    section("Source", rule.source)
    for title, examples in (("Flagged", rule.examples.match), ("Not flagged", rule.examples.no_match)):
        if examples:
            lines.extend(["", title])
            for example in examples:
                lines.extend(_example(example, width))
    if rule.pack:
        lines.extend(["", f"Defined in {rule.pack}" + (f":{rule.line}" if rule.line else "")])
    return "\n".join(lines) + "\n"


def _example(text: str, width: int) -> list[str]:
    """One example as a list item; a page example (front matter, several paragraphs)
    keeps its own lines, each indented under the bullet."""
    body = text.strip("\n").splitlines() or [""]
    if len(body) == 1:
        return textwrap.wrap(body[0], width, initial_indent="  - ", subsequent_indent="    ") or ["  -"]
    return ["  - " + body[0].rstrip(), *[("    " + line).rstrip() for line in body[1:]]]
