"""The family that runs every YAML rule pack (see checker.rulepacks)."""

from __future__ import annotations

from typing import Iterable

from ..model import Document, Finding, RuleInfo
from . import Context

# Pack rules are data: their RuleInfo comes from the loaded packs, not from here.
RULES: list[RuleInfo] = []


def _defined_terms(doc: Document) -> frozenset[str]:
    try:
        from ..definitions import defined_terms
    except ImportError:  # the definitions finder is optional
        return frozenset()
    return defined_terms(doc)


def check(doc: Document, ctx: Context) -> Iterable[Finding]:
    from ..rulepacks.matchers import compiled_for
    compiled = compiled_for(ctx.packs)
    config = ctx.config
    enabled = {r.info.id for r in ctx.packs.rules
               if config.rule_enabled(r.info.id, r.info.category, r.default_on)}
    audience = str(doc.metadata.get("audience") or config.get("audience"))
    return compiled.run(doc, audience, enabled, _defined_terms(doc))
