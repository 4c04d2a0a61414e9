"""Safe YAML loading, with libyaml's C parser when PyYAML has it.

Rule packs, the knowledge base and every page's front matter are YAML; the pure-
Python parser made loading the packs alone most of a one-page run. Both loaders
are *safe* loaders: YAML here is data, never code.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 (a safe loader)
