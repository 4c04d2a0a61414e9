"""Configuration keys, declared by the code that reads them.

Each check family lists its keys in its ``Family(options=...)`` beside the checks
that use them (readability's targets in checker/checks/readability.py, the grammar
server's table in checker/grammar/session.py); the run's own keys (paths, rule
selection, gating, the cache) are declared in checker/config.py. ``config.py``
assembles the schema the loader validates against, the defaults, and the keys that
cannot be set per path from these declarations, and `medcheck schema` writes the JSON
Schema from the same, so each default is written once.

A key's ``spec`` is one of: ``str``, ``int``, ``float``, ``bool``, ``"list[str]"``,
``"list[table]"``, ``"dict[str,severity]"``, ``"fail_on"``, ``("choice", value, ...)``
or a dict of sub-keys to specs (a TOML table; its default is a dict too).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True)
class Option:
    key: str
    spec: Any
    default: Any
    description: str
    per_path: bool = True   # False: once per run (not allowed in ``overrides``)

    def value(self, config: Any) -> Any:
        """This key's value in ``config`` (a Config, a mapping, or None), its default
        where the configuration does not hold it. A table's missing sub-keys are filled
        from the default table."""
        found = None
        if config is not None:
            try:
                found = config.get(self.key)
            except (KeyError, AttributeError, TypeError):
                found = None
        if found is None:
            return copy.deepcopy(self.default)
        if isinstance(self.default, dict) and isinstance(found, Mapping) \
                and not _complete(self.default, found):
            return _filled(self.default, found)
        return found   # a loaded configuration holds every sub-key already: no copy per page


def _complete(default: Mapping[str, Any], found: Mapping[str, Any]) -> bool:
    for key, value in default.items():
        if key not in found:
            return False
        if isinstance(value, dict) and isinstance(found[key], Mapping) \
                and not _complete(value, found[key]):
            return False
    return True


def _filled(default: Mapping[str, Any], found: Mapping[str, Any]) -> dict:
    out = copy.deepcopy(dict(default))
    for key, value in found.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _filled(out[key], value)
        else:
            out[key] = value
    return out
