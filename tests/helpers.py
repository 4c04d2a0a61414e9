"""Helpers to check a snippet in-process (fast) with the default configuration."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from checker.config import load_config
from checker.documents import parse_text
from checker.engine import Settings, build_settings, check_document, locate, merge_duplicates
from checker.model import Finding

from .conftest import TODAY

LOCAL_FAMILIES = ("rulepack", "medical", "compliance", "safety", "readability", "accessibility",
                  "prose")


@lru_cache(maxsize=4)
def default_settings(families: tuple[str, ...] = LOCAL_FAMILIES) -> Settings:
    config = load_config(cwd=Path("/nonexistent-medcheck-test-dir"))
    return build_settings(config, families=families, today=TODAY)


def check_snippet(text: str, fmt: str = "markdown", path: str | None = None,
                  enable: tuple[str, ...] = (), settings: Settings | None = None) -> list[Finding]:
    settings = settings or default_settings()
    if enable:
        from dataclasses import replace
        settings = replace(settings, config=settings.config.with_values(
            enable=list(settings.config.get("enable")) + list(enable)))
    suffix = {"markdown": ".md", "html": ".html", "text": ".txt"}[fmt]
    doc = parse_text(path or f"example{suffix}", text, fmt)
    return locate(doc, merge_duplicates(check_document(doc, settings)))
