"""Check families. Each module here exposes:

    RULES: list[RuleInfo]            every rule it can report (for `medcheck rules`,
                                     `explain`, SARIF and the example tests)
    def check(doc: Document, ctx: Context) -> Iterable[Finding]

Checks are pure: they read the Document and the Context, never files, never print.
They return findings with SOURCE offsets (``Finding.start``/``end``); the engine turns
those into lines and columns, applies disable/severity settings and suppressions.

Modules are imported lazily by name so a run loads only what it needs.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Protocol

if TYPE_CHECKING:
    from ..config import Config
    from ..knowledge import KnowledgeBase
    from ..model import Document, Finding, RuleInfo
    from ..rulepacks.loader import RulePacks

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
    RULES: list["RuleInfo"]

    def check(self, doc: "Document", ctx: "Context") -> Iterable["Finding"]: ...


@dataclass(frozen=True, eq=False)
class Context:
    """Everything a check may consult besides the document."""

    config: "Config"              # the effective configuration for this document's path
    packs: "RulePacks"            # loaded, compiled rule packs
    kb: "KnowledgeBase"           # drug knowledge base
    today: date
    grammar: Any = None           # a grammar service handle, or None when grammar is off
    extra: dict = field(default_factory=dict)


def load_family(name: str) -> CheckModule | None:
    """Import a check family by name; families not written yet are simply absent."""
    try:
        return importlib.import_module(f"{__name__}.{name}")  # type: ignore[return-value]
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            return None
        raise
