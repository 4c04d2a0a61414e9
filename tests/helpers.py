"""Helpers to check a snippet in-process (fast) with the default configuration."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from checker.config import load_config
from checker.engine import Settings, build_settings, check_page
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
    result = check_page(path or f"example{suffix}", text.encode("utf-8"), settings)
    assert result.error is None, result.error
    return result.findings
