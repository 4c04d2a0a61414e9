"""YAML front matter at the top of a Markdown (or text) page."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..yamlio import safe_load

from . import DocumentError

_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.M)


class _DatesAsTextLoader(yaml.SafeLoader):
    """The safe loader, with timestamps left as the text the author wrote."""


_DatesAsTextLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                   lambda loader, node: loader.construct_scalar(node))


def split_front_matter(text: str, warnings: list[str] | None = None
                       ) -> tuple[dict[str, Any], dict[str, int], int]:
    """Return (metadata, key -> source offset of its line, offset where the body starts).

    A page that opens with ``---`` must close it with ``---`` or ``...`` and hold valid
    YAML; anything else is a DocumentError naming the problem. Valid YAML that is not
    a mapping (a line of text, a list, ``key = value`` from another format) gives no
    metadata: with ``warnings`` the page is still read, from the body on, and the
    warning says so; without it that is a DocumentError too.
    """
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return {}, {}, 0
    close = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.M)
    if close is None:
        raise DocumentError("front matter opened with '---' on line 1 is never closed")
    yaml_text = text[4:4 + close.start()]
    body_start = 4 + close.end()
    if body_start < len(text) and text[body_start] == "\n":
        body_start += 1
    try:
        data = safe_load(yaml_text) if yaml_text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DocumentError(f"front matter is not valid YAML{where}: {problem}") from None
    except ValueError:
        # An impossible date such as "2026-02-30" makes PyYAML's
        # timestamp constructor raise ValueError. Keep dates as text instead, so the page
        # is still checked and review metadata can report the bad date on its own line.
        try:
            data = yaml.load(yaml_text, Loader=_DatesAsTextLoader)  # noqa: S506 (a SafeLoader)
        except (yaml.YAMLError, ValueError) as exc:  # e.g. `!!int abc`, a 5,000-digit number
            raise DocumentError(f"front matter has a value YAML cannot read: "
                                f"{str(exc).splitlines()[0][:200]}") from None
    except RecursionError:
        raise DocumentError("front matter is nested too deeply to read") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problem = (f"front matter must be a mapping of keys to values, "
                   f"not a {type(data).__name__}")
        if warnings is None:
            raise DocumentError(problem)
        warnings.append(f"{problem}: it gives no metadata (title, review keys); the page "
                        "body is checked")
        return {}, {}, body_start
    _check_size(data)
    lines = {m.group(1): 4 + m.start() for m in _KEY_LINE.finditer(yaml_text)}
    return {str(k): v for k, v in data.items()}, lines, body_start


# Front matter is a handful of keys. YAML aliases can make a few lines stand for
# billions of values ("billion laughs"); any check that printed one would hang.
# The budget is far above any real page's metadata (a hundred keys with lists), and
# small enough that printing all of it costs nothing.
MAX_VALUES = 100_000


def _check_size(data: Any) -> None:
    """Count values as if aliases were expanded, stopping as soon as the budget is spent."""
    stack, count = [data], 0
    while stack:
        value = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise DocumentError(f"front matter holds more than {MAX_VALUES:,} values (with "
                                "YAML aliases expanded); keep it to plain keys and values")
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set)):
            stack.extend(value)
