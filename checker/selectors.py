"""Rule selectors: the words that name rules in the configuration (`disable`, `enable`,
`severity`, `ignores`), in inline waivers and on the command line.

A selector is a rule id (``safety.qd``), a category (``plain-language``) or a prefix
(``lt``, ``lt.*``, ``proselint.typography``). LanguageTool has thousands of rules that
medcheck does not list, so any ``lt.`` id in LanguageTool's form is accepted.
A selector that names nothing is a mistake that would otherwise switch nothing off, or
waive nothing, in silence: ``unknown`` says so, with the closest real names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable

from .model import CATEGORIES

_LANGUAGETOOL_ID = re.compile(r"^lt\.[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class KnownRules:
    ids: frozenset[str]

    @classmethod
    def of(cls, ids: Iterable[str]) -> "KnownRules":
        return cls(frozenset(ids))

    def prefixes(self) -> set[str]:
        out = {"lt"}
        for rule_id in self.ids:
            parts = rule_id.split(".")
            out.update(".".join(parts[:i]) for i in range(1, len(parts)))
        return out

    def names(self, *, categories: bool = True, prefixes: bool = True) -> list[str]:
        return sorted({*self.ids, *(CATEGORIES if categories else ()),
                       *(f"{p}.*" for p in (self.prefixes() if prefixes else ()))})


def is_known(selector: str, known: KnownRules, *, categories: bool = True,
             prefixes: bool = True) -> bool:
    if selector == "ALL" and categories:
        return True
    if selector in known.ids or _LANGUAGETOOL_ID.match(selector):
        return True
    if categories and selector in CATEGORIES:
        return True
    if prefixes:
        prefix = selector[:-2] if selector.endswith(".*") else selector
        return prefix in known.prefixes()
    return False


def did_you_mean(selector: str, candidates: Iterable[str]) -> str:
    """`` (did you mean X?)`` or an empty string."""
    candidates = list(candidates)
    close = difflib.get_close_matches(selector, candidates, n=1, cutoff=0.6)
    if not close:  # "safety" for "medication-safety": a word of the name
        close = [c for c in candidates if selector in re.split(r"[-.]", c)][:1]
    return f" (did you mean {close[0]}?)" if close else ""


def unknown(selectors: Iterable[str], known: KnownRules, *, categories: bool = True,
            prefixes: bool = True) -> list[tuple[str, str]]:
    """(selector, hint) for each selector that names no rule, category or prefix."""
    out = []
    candidates = None
    for selector in selectors:
        if is_known(selector, known, categories=categories, prefixes=prefixes):
            continue
        if candidates is None:
            candidates = known.names(categories=categories, prefixes=prefixes)
        out.append((selector, did_you_mean(selector, candidates)))
    return out


def configured_selectors(values: dict, where: str = "") -> list[tuple[str, str, bool]]:
    """(label, selector, ids only) for every selector in a configuration's values,
    overrides included; ``severity`` keys name single rules."""
    found: list[tuple[str, str, bool]] = []

    def collect(table: dict, label: str) -> None:
        for key in ("disable", "enable", "select", "extend_select", "ignore"):
            for item in table.get(key) or []:
                found.append((f"{label}{key}", item, False))
        for item in table.get("severity") or {}:
            found.append((f"{label}severity", item, True))

    collect(values, where)
    for i, override in enumerate(values.get("overrides") or []):
        collect(override, f"{where}overrides[{i}].")
    for i, ignore in enumerate(values.get("ignores") or []):
        for item in ignore.get("rules") or []:
            if isinstance(item, str):
                found.append((f"{where}ignores[{i}].rules", item, False))
    return found


def problems(values: dict, known: KnownRules) -> list[str]:
    """One message per selector in the configuration that names nothing."""
    messages = []
    for label, selector, ids_only in configured_selectors(values):
        for name, hint in unknown([selector], known, categories=not ids_only,
                                  prefixes=not ids_only):
            what = "rule id" if ids_only else "rule id, category or prefix"
            if ids_only and is_known(name, known):
                hint = " (a severity applies to single rules, not to a category or prefix)"
            messages.append(f"'{label}': '{name}' is not a {what}{hint}; "
                            "`medcheck rules` lists them")
    return messages


def validate_configuration(config, packs) -> None:
    """Refuse (ConfigError, exit 2) a configuration that names a rule, category or prefix
    that does not exist. The check family modules are imported only when the rule packs
    alone do not explain every name (importing them costs a warm run a third of a second)."""
    from .config import ConfigError
    from .suppressions import ENGINE_RULES

    if not configured_selectors(config.values):
        return
    known = KnownRules.of([*(r.info.id for r in packs.rules), *(r.id for r in ENGINE_RULES)])
    if not problems(config.values, known):
        return
    from .engine import family_rules

    known = KnownRules.of([*known.ids, *(r.id for r in family_rules())])
    found = problems(config.values, known)
    if found:
        raise ConfigError("\n".join(f"{config.source}: {message}" for message in found))
