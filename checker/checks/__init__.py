"""Check families. Each module here declares

    FAMILY: Family      its rules and checks (checker/rules.py), options, indexes
    RULES: list[RuleInfo]   the same rules (for `medcheck rules`, `explain`, SARIF)

and the engine runs it through checker.dispatch, which applies the configuration.
Checks are pure: they read the Document and the Context (checker/context.py), never
files, never print. They return findings with SOURCE offsets (``Finding.start``/
``end``); the engine turns those into lines and columns and applies suppressions.

A module without ``FAMILY`` (a plugin written against the older contract) exposes
``RULES`` and ``check(doc, ctx)``; it runs as one page check reporting its RULES.

Modules are imported lazily by name so a run loads only what it needs.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, Iterable, Protocol

from ..context import Context, RunContext  # noqa: F401  (where families import them from)
from ..rules import PAGE, Check, Family, page_check

# Order matters only for readability of the code; results are sorted by position.
FAMILIES: tuple[str, ...] = (
    "rulepack",      # every YAML rule pack (terms, substitution, pattern, requires, near)
    "medical",       # drug-class membership, terminology, fair balance (knowledge base)
    "compliance",    # review metadata
    "safety",        # dose formats and abbreviations that need more than a pattern
    "readability",   # grades per page/section/paragraph, sentence signals
    "accessibility", # alt text, links, headings, structure
    "prose",         # proselint on prose blocks
    "grammar",       # LanguageTool (needs a server; skipped with a reason otherwise)
)


class CheckModule(Protocol):
    RULES: list[Any]

    def check(self, doc: Any, ctx: Context) -> Iterable[Any]: ...


def load_family(name: str) -> ModuleType | None:
    """Import a check family by name; families not written yet are simply absent."""
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            return None
        raise


def family_of(name: str, module: Any) -> Family:
    """The module's declared Family, or one page check around ``module.check``."""
    family = getattr(module, "FAMILY", None)
    if isinstance(family, Family):
        return family
    rules = tuple(getattr(module, "RULES", ()))
    entry = module.check

    def run(doc: Any, ctx: Context) -> Iterable[Any]:
        return entry(doc, ctx)

    if rules:
        checks = (page_check(*rules)(run),)
    else:  # nothing declared to judge by: it always runs (findings still pass the selection)
        checks = (Check(rules=(), run=run, scope=PAGE, name="check"),)
    return Family(name=name, rules=rules, checks=checks)
