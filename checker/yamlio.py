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


class _UniqueKeyLoader(SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that refuses a mapping with the same key twice."""


def _unique_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> Any:
    # YAML lets the later of two equal keys win without a word: in a fact file that
    # silently merges two medicines into one, so data files refuse it.
    first_line: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            seen = first_line.get(key)
        except TypeError:  # an unhashable key: the base constructor reports it
            continue
        if seen is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first given on line {seen + 1})",
                key_node.start_mark)
        first_line[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_data(text: str) -> Any:
    """Load a data file medcheck ships or a team writes (facts, rule packs, claim phrases):
    like safe_load, but a key given twice in one mapping is a YAMLError."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a safe loader)
