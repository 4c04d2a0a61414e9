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


_ENABLED: dict[tuple[int, int], tuple[object, object, frozenset[str]]] = {}


def _enabled_rules(packs, config) -> frozenset[str]:
    """The pack rules a configuration turns on; the same for every page it governs."""
    key = (id(packs), id(config))
    hit = _ENABLED.get(key)
    if hit is None or hit[0] is not packs or hit[1] is not config:
        enabled = frozenset(r.info.id for r in packs.rules
                            if config.rule_enabled(r.info.id, r.info.category, r.default_on))
        if len(_ENABLED) > 256:
            _ENABLED.clear()
        hit = _ENABLED[key] = (packs, config, enabled)
    return hit[2]


def check(doc: Document, ctx: Context) -> Iterable[Finding]:
    from ..rulepacks.matchers import compiled_for
    compiled = compiled_for(ctx.packs)
    config = ctx.config
    enabled = _enabled_rules(ctx.packs, config)
    audience = str(doc.metadata.get("audience") or config.get("audience"))
    return compiled.run(doc, audience, enabled, _defined_terms(doc))
