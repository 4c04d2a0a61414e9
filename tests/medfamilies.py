"""Run the medical, safety and compliance families directly on a snippet (no engine).

The families are pure functions of (document, context); calling them directly keeps
these tests fast and independent of the other check families.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from checker.checks import Context
from checker.config import load_config
from checker.documents import parse_text
from checker.knowledge import KnowledgeBase, load_knowledge_base
from checker.model import Finding

from .conftest import TODAY


@lru_cache(maxsize=1)
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@lru_cache(maxsize=1)
def _config():
    from pathlib import Path
    return load_config(cwd=Path("/nonexistent-medcheck-test-dir"))


def run(family: str, text: str, fmt: str = "markdown", path: str | None = None,
        today=TODAY, **config_values) -> list[tuple[str, str, Finding]]:
    """(rule id, offending source text, finding) for every finding of one family."""
    suffix = {"markdown": ".md", "html": ".html", "text": ".txt"}[fmt]
    doc = parse_text(path or f"page{suffix}", text, fmt)
    config = _config().with_values(**config_values) if config_values else _config()
    ctx = Context(config=config, packs=None, kb=kb(), today=today)
    module = importlib.import_module(f"checker.checks.{family}")
    return [(f.rule, doc.source[f.start:f.end], f) for f in module.check(doc, ctx)]


def rules_hit(family: str, text: str, **kwargs) -> list[str]:
    return [rule for rule, _, _ in run(family, text, **kwargs)]
