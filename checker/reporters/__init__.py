"""One module per output format; each exposes ``render(result, options) -> str``.

Reporters are imported by name, so a run loads only the one it prints.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

FORMATS = ("text", "json", "sarif", "github", "junit", "markdown", "html")


@dataclass(frozen=True)
class ReportOptions:
    fail_on: str = "error"
    color: bool = False
    verbose: bool = False
    quiet: bool = False  # text: the findings only, no summary
    width: int = 80  # text: the terminal's width
    extra: dict | None = None


def render(fmt: str, result: Any, options: ReportOptions) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    try:
        module = importlib.import_module(f"{__name__}.{fmt}_report")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{fmt}_report":
            raise ValueError(f"the {fmt} format is not available in this version") from None
        raise
    return module.render(result, options)
