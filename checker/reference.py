"""Reference documents generated from the code, so they cannot drift from it:

- the configuration's JSON Schema (``docs/medcheck.schema.json``), from the same
  ``config.SCHEMA`` and ``config.DEFAULTS`` the loader validates against, for editors'
  TOML completion (`medcheck schema`);
- the rule reference (``docs/rules.md``), one entry per rule with an anchor equal to its
  id (``docs/rules.md#safety.qd``), from the rules themselves (`medcheck rules --markdown`).

`make docs` writes both; a test fails when a committed copy is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import CATEGORIES, SEVERITIES, RuleInfo
from .config import PROFILES

SCHEMA_ID = "https://medcheck.invalid/medcheck.schema.json"

# What each top-level key means (README, Configuration, says the same in its table).
DESCRIPTIONS = {
    "paths": "What `medcheck check` checks when given no paths.",
    "exclude": "Globs of files to skip (`drafts/**`); files named on the command line too "
               "with force_exclude.",
    "force_exclude": "Apply `exclude` to files named on the command line as well (pre-commit, "
                     "editors).",
    "rule_packs": "Extra rule packs and knowledge-base files, beside the built-in rules/.",
    "disable": "Rule ids, categories (`style`) or prefixes (`lt.*`) to turn off.",
    "enable": "Rules that are off by default to turn on (ids, categories or prefixes).",
    "select": "Only these rules (ids, categories, prefixes, or `ALL`): replaces the default "
              "selection, as ruff's `select`. Empty: the default selection.",
    "extend_select": "Rules to add to the selection (ids, categories, prefixes or `ALL`), e.g. "
                     "heuristics that are off by default.",
    "ignore": "Rules to take away from the selection (ids, categories or prefixes). A rule named "
              "by id in `select`/`extend_select` beats its category here.",
    "profile": "A named selection added to the defaults: `default`, or `strict` (the opinionated "
               "heuristics too: passive voice, paragraph grades).",
    "severity": "Per rule id: error, warning, info, or off.",
    "audience": "The audience of a page whose metadata names none.",
    "audiences": "The allowed `audience` values.",
    "fail_on": "The lowest severity that fails the run (exit 1).",
    "content_paths": "Globs of publishable pages: they need review metadata.",
    "review_max_age_months": "How old `last_reviewed` may be.",
    "html_metadata": "For HTML pages: the <meta name|property> names that stand for each "
                     "review-metadata key, first found wins.",
    "words": "Project words that are never spelling mistakes.",
    "abbreviations": "Abbreviations that need no expansion.",
    "readability": "Reading-grade targets per audience (warning, error), the gated grade and "
                   "metric, and sentence, paragraph and list limits.",
    "languagetool": "The grammar server: a team server's url, rules to turn off or on, "
                    "timeout, heap, language, the build's folder (home).",
    "proselint": "proselint checks to turn on or off.",
    "ignores": "Per-path waivers: {paths, rules, reason}; the reason is required.",
    "overrides": "Per-path settings: {paths = [globs], <key> = value}.",
    "cache_dir": "The result cache folder.",
    "jobs": "Worker processes (0: one per core).",
}

_SEVERITY_OR_OFF = [*SEVERITIES, "off"]


def _schema_for(spec: Any, default: Any = None) -> dict:
    out: dict[str, Any]
    if spec is str:
        out = {"type": "string"}
    elif spec is int:
        out = {"type": "integer"}
    elif spec is float:
        out = {"type": "number"}
    elif spec is bool:
        out = {"type": "boolean"}
    elif spec == "list[str]":
        out = {"type": "array", "items": {"type": "string"}}
    elif spec == "dict[str,severity]":
        out = {"type": "object", "additionalProperties": {"enum": _SEVERITY_OR_OFF}}
    elif spec == "fail_on":
        out = {"enum": [*SEVERITIES, "never"]}
    elif isinstance(spec, tuple) and spec and spec[0] == "choice":
        out = {"enum": list(spec[1:])}
    elif isinstance(spec, dict):
        defaults = default if isinstance(default, dict) else {}
        out = {"type": "object", "additionalProperties": False,
               "properties": {key: _schema_for(sub, defaults.get(key)) for key, sub in spec.items()}}
        return out
    elif spec == "list[table]":
        out = {"type": "array", "items": {"type": "object"}}
    else:
        raise ValueError(f"no JSON Schema for the configuration type {spec!r}")
    if default is not None and default != [] and default != {}:
        out["default"] = default
    return out


def config_json_schema() -> dict:
    from .config import DEFAULTS, GLOBAL_ONLY, SCHEMA

    properties = {}
    for key, spec in SCHEMA.items():
        entry = _schema_for(spec, DEFAULTS.get(key))
        if key in DESCRIPTIONS:
            entry = {"description": DESCRIPTIONS[key], **entry}
        properties[key] = entry
    per_path = {k: v for k, v in properties.items() if k not in GLOBAL_ONLY}
    properties["overrides"] = {
        "description": DESCRIPTIONS["overrides"], "type": "array",
        "items": {"type": "object", "required": ["paths"], "additionalProperties": False,
                  "properties": {"paths": {"type": "array", "items": {"type": "string"},
                                           "minItems": 1}, **per_path}}}
    properties["ignores"] = {
        "description": DESCRIPTIONS["ignores"], "type": "array",
        "items": {"type": "object", "required": ["paths", "reason"], "additionalProperties": False,
                  "properties": {"paths": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                                 "rules": {"type": "array", "items": {"type": "string"}},
                                 "reason": {"type": "string", "minLength": 1}}}}
    return {"$schema": "http://json-schema.org/draft-07/schema#", "$id": SCHEMA_ID,
            "title": "medcheck configuration",
            "description": "The top level of medcheck.toml, or the [tool.medcheck] table of "
                           "pyproject.toml. Generated by `medcheck schema` from the schema the "
                           "loader validates against.",
            "type": "object", "additionalProperties": False, "properties": properties}


def schema_text() -> str:
    return json.dumps(config_json_schema(), indent=2, sort_keys=False) + "\n"


# --- the rule reference ------------------------------------------------------------------

def _defined_in(rule: RuleInfo) -> str:
    """Where a rule lives, as a path in the repository (never this machine's)."""
    pack = rule.pack
    if not pack:
        return ""
    path = Path(pack)
    if path.is_absolute():
        parts = path.parts
        if "rules" in parts:
            return "/".join(parts[len(parts) - 1 - parts[::-1].index("rules"):])
        return path.name
    return pack


def _fence(text: str) -> list[str]:
    fence = "~~~~" if "```" in text else "```"
    return [f"{fence}text", text.rstrip("\n"), fence]


def rules_markdown(rules: list[RuleInfo]) -> str:
    from .explain import plain_template

    ordered = sorted(rules, key=lambda r: (CATEGORIES.index(r.category) if r.category in CATEGORIES
                                           else len(CATEGORIES), r.id))
    out = ["# medcheck rule reference", "",
           "Generated by `medcheck rules --markdown` (`make docs`) from the rules themselves; "
           "do not edit. Each rule's anchor is its id: `docs/rules.md#safety.qd`. LanguageTool's "
           "own rules (`lt.*`) beyond those listed here are reported under their LanguageTool id.",
           "", "| rule | category | severity |", "| --- | --- | --- |"]
    out += [f"| [{r.id}](#{r.id}) | {r.category} | {r.severity} |" for r in ordered]
    category = None
    for rule in ordered:
        if rule.category != category:
            category = rule.category
            out += ["", f"## {category}"]
        flags = [rule.category, rule.severity]
        if rule.fixable:
            flags.append("fixable with `--fix`")
        if not rule.default_on:
            flags.append("off by default" + (" (on in the `strict` profile)"
                                             if rule.id in PROFILES["strict"] else ""))
        out += ["", f'<a id="{rule.id}"></a>', "", f"### {rule.id}", "",
                f"*{', '.join(flags)}*", "", plain_template(rule.message)]
        if rule.rationale:
            out += ["", f"**Why.** {rule.rationale}"]
        if rule.suggestion:
            out += ["", f"**Use instead.** {rule.suggestion}"]
        out += ["", f"**Source.** {rule.source}"]
        for title, examples in (("Flagged", rule.examples.match), ("Not flagged", rule.examples.no_match)):
            if examples:
                out += ["", f"**{title}:**", ""]
                for example in examples:
                    out += _fence(example) + [""]
                out.pop()
        where = _defined_in(rule)
        if where:
            out += ["", f"Defined in `{where}`."]
    return "\n".join(out) + "\n"


def reference_rules() -> list[RuleInfo]:
    """The rules the reference documents: built-in packs and every check family, with no
    project configuration (a team's own packs are not the product's reference)."""
    from .engine import all_rules
    from .rulepacks.loader import load_rule_packs

    return list(all_rules(load_rule_packs()).values())
