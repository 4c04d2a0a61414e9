"""Find, validate and layer configuration.

Configuration is ``[tool.medcheck]`` in ``pyproject.toml`` or the top level of
``medcheck.toml``, found by walking up from the current directory, or named
with ``--config``. It is validated against SCHEMA before anything runs: an
unknown key, a wrong type or a missing file is a ConfigError (exit 2) that
names the key or the file.

Per-path overrides live in ``[[tool.medcheck.overrides]]`` tables with a
``paths`` list of globs; any other key in them replaces the global value for
documents whose path matches (later overrides win).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .model import CATEGORIES, SEVERITIES


class ConfigError(Exception):
    """A user's configuration mistake: reported as one line, exit code 2."""


# A type spec is one of: str, int, float, bool, "list[str]", "dict[str,str]",
# "severity", "fail_on", a nested dict (a TOML table with its own keys), or
# ("any_table",) for free-form tables validated by their owner.
_TARGETS = {"warning": float, "error": float}

SCHEMA: dict[str, Any] = {
    "paths": "list[str]",
    "exclude": "list[str]",
    "force_exclude": bool,
    "rule_packs": "list[str]",
    "disable": "list[str]",
    "enable": "list[str]",
    "select": "list[str]",
    "extend_select": "list[str]",
    "ignore": "list[str]",
    "profile": ("choice", "default", "strict"),
    "severity": "dict[str,severity]",
    "audience": str,
    "audiences": "list[str]",
    "fail_on": "fail_on",
    "content_paths": "list[str]",
    "review_max_age_months": int,
    "html_metadata": {"reviewed_by": "list[str]", "last_reviewed": "list[str]",
                      "audience": "list[str]"},
    "words": "list[str]",
    "abbreviations": "list[str]",
    # Readability keys (issue 4; see checker/checks/readability.py for their meaning).
    "readability": {"patient": _TARGETS, "professional": _TARGETS,
                    "gate": ("choice", "adjusted", "raw"),
                    "metric": ("choice", "flesch_kincaid", "smog", "gunning_fog", "coleman_liau",
                               "consensus"),
                    "per_paragraph": bool, "min_words": int, "fold": bool,
                    "sentence_words": {"warning": int, "error": int},
                    "paragraph_sentences": int, "list_items": int},
    "languagetool": {"url": str, "disabled_rules": "list[str]", "enabled_rules": "list[str]",
                     "timeout": float, "heap": str, "enabled": bool, "language": str, "home": str},
    "proselint": {"enabled_checks": "list[str]", "disabled_checks": "list[str]"},
    "ignores": "list[table]",
    "overrides": "list[table]",
    "cache_dir": str,
    "jobs": int,
}

DEFAULTS: dict[str, Any] = {
    "paths": ["content"],
    "exclude": [],
    "force_exclude": False,
    "rule_packs": [],
    "disable": [],
    "enable": [],
    # Rule selection as in ruff: ``select`` replaces the default selection (empty: the
    # defaults), ``extend_select`` adds to it, ``ignore`` takes away; ``profile`` names a
    # preset added to the defaults (PROFILES). ``enable``/``disable`` are the older names
    # of ``extend_select``/``ignore`` and still work.
    "select": [],
    "extend_select": [],
    "ignore": [],
    "profile": "default",
    "severity": {},
    "audience": "patient",
    "audiences": ["patient", "professional"],
    "fail_on": "error",
    "content_paths": ["content"],
    "review_max_age_months": 12,
    # HTML pages keep review metadata in <meta name|property=... content=...>: which
    # names stand for each front-matter key, first found wins.
    "html_metadata": {"reviewed_by": ["reviewed_by", "reviewed-by", "reviewer"],
                      "last_reviewed": ["last_reviewed", "last-reviewed", "dcterms.modified",
                                        "article:modified_time", "dc.date.modified"],
                      "audience": ["audience", "dcterms.audience"]},
    "words": [],
    "abbreviations": [],
    "readability": {"patient": {"warning": 8.0, "error": 12.0},
                    "professional": {"warning": 14.0, "error": 18.0},
                    "gate": "adjusted", "per_paragraph": True, "metric": "flesch_kincaid",
                    "min_words": 40, "fold": True, "sentence_words": {"warning": 25, "error": 0},
                    "paragraph_sentences": 5, "list_items": 7},
    "languagetool": {"url": "", "disabled_rules": [], "enabled_rules": [], "timeout": 30.0,
                     "heap": "1g", "enabled": True, "language": "en-US", "home": ""},
    "proselint": {"enabled_checks": [], "disabled_checks": []},
    "ignores": [],
    "overrides": [],
    "cache_dir": ".medcheck_cache",
    "jobs": 0,
}

# Named presets of rules that are off by default. ``strict`` turns on the opinionated
# heuristics, rules whose findings an editor on professionally edited pages mostly
# rejects (judged in bench/judgements.yml): passive voice ("a biopsy may be done at the
# same time" is the natural sentence), a paragraph's grade inside a page that passes,
# and plain-language swaps whose plain word does not always fit or mean the same
# ("inflammation" is not only swelling; "oral steroids" cannot become "by mouth steroids").
PROFILES: dict[str, tuple[str, ...]] = {
    "default": (),
    "strict": ("readability.passive-voice", "readability.paragraph-grade", "plain.inflammation",
               "plain.oral"),
}

# Keys that only make sense once per run, not per path.
GLOBAL_ONLY = {"paths", "exclude", "force_exclude", "rule_packs", "overrides", "ignores", "cache_dir", "jobs",
               "languagetool", "fail_on"}


def _type_name(spec: Any) -> str:
    if isinstance(spec, type):
        return {str: "a string", int: "an integer", float: "a number", bool: "true or false"}[spec]
    if isinstance(spec, dict):
        return "a table"
    return {"list[str]": "a list of strings", "dict[str,severity]": "a table of rule = severity",
            "fail_on": "one of error, warning, info, never", "list[table]": "a list of tables",
            "severity": "one of error, warning, info"}.get(spec, str(spec))


def _check_value(key: str, value: Any, spec: Any, where: str) -> Any:
    bad = ConfigError(f"{where}: '{key}' must be {_type_name(spec)}, got {value!r}")
    if spec is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad
        return float(value)
    if spec is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
        return value
    if isinstance(spec, tuple) and spec[0] == "choice":  # ("choice", allowed values...)
        if value not in spec[1:]:
            raise ConfigError(f"{where}: '{key}' must be one of {', '.join(spec[1:])}, got {value!r}")
        return value
    if spec in (str, bool):
        if not isinstance(value, spec):
            raise bad
        return value
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise bad
        out = {}
        for sub, sub_value in value.items():
            if sub not in spec:
                raise ConfigError(f"{where}: unknown key '{key}.{sub}'{_did_you_mean(sub, spec)} "
                                  f"(known: {', '.join(sorted(spec))})")
            out[sub] = _check_value(f"{key}.{sub}", sub_value, spec[sub], where)
        return out
    if spec == "list[str]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad
        return list(value)
    if spec == "list[table]":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise bad
        return list(value)
    if spec == "dict[str,severity]":
        if not isinstance(value, dict):
            raise bad
        for rule, sev in value.items():
            if sev not in SEVERITIES and sev != "off":
                raise ConfigError(f"{where}: 'severity.{rule}' must be one of "
                                  f"{', '.join(SEVERITIES)}, off; got {sev!r}")
        return dict(value)
    if spec == "fail_on":
        if value not in (*SEVERITIES, "never"):
            raise bad
        return value
    raise AssertionError(f"unknown spec {spec!r}")  # a bug in SCHEMA, not a user error


def _did_you_mean(key: str, known) -> str:
    """`fail-on` -> `fail_on`: TOML users often type the dashes of command-line options."""
    import difflib

    names = list(known)
    dashed = key.replace("-", "_")
    if dashed != key and dashed in names:
        return f" (did you mean '{dashed}'?)"
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _merge(base: dict, update: dict) -> dict:
    out = dict(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "severity":
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def validate(raw: dict, where: str) -> dict:
    """Validate a raw [tool.medcheck] table; returns the checked values only."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: the medcheck configuration must be a table")
    checked: dict[str, Any] = {}
    if where.endswith("medcheck.toml") and "tool" in raw and "tool" not in SCHEMA \
            and isinstance(raw["tool"], dict) and "medcheck" in raw["tool"]:
        raise ConfigError(f"{where}: the settings of a medcheck.toml go at its top level: remove "
                          "the [tool.medcheck] header (that form is for pyproject.toml)")
    for key, value in raw.items():
        if key not in SCHEMA:
            raise ConfigError(f"{where}: unknown key '{key}'{_did_you_mean(key, SCHEMA)} "
                              f"(known: {', '.join(sorted(SCHEMA))})")
        checked[key] = _check_value(key, value, SCHEMA[key], where)
    for i, override in enumerate(checked.get("overrides", [])):
        label = f"{where}: overrides[{i}]"
        paths = override.get("paths")
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
            raise ConfigError(f"{label}: 'paths' must be a non-empty list of globs")
        for key, value in override.items():
            if key == "paths":
                continue
            if key not in SCHEMA:
                raise ConfigError(f"{label}: unknown key '{key}'{_did_you_mean(key, SCHEMA)}")
            if key in GLOBAL_ONLY:
                raise ConfigError(f"{label}: '{key}' cannot be set per path")
            _check_value(key, value, SCHEMA[key], label)
    for i, ignore in enumerate(checked.get("ignores", [])):
        label = f"{where}: ignores[{i}]"
        unknown = set(ignore) - {"paths", "rules", "reason"}
        if unknown:
            first = sorted(unknown)[0]
            raise ConfigError(f"{label}: unknown key '{first}'"
                              f"{_did_you_mean(first, ('paths', 'rules', 'reason'))} "
                              "(known: paths, rules, reason)")
        if not isinstance(ignore.get("paths"), list) or not ignore["paths"]:
            raise ConfigError(f"{label}: 'paths' must be a non-empty list of globs")
        if not isinstance(ignore.get("rules", []), list):
            raise ConfigError(f"{label}: 'rules' must be a list of rule ids or categories")
        reason = ignore.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(f"{label}: a per-path ignore needs a 'reason' (the audit trail)")
    for key in ("disable", "enable", "select", "extend_select", "ignore"):
        for item in checked.get(key, []):
            if not item.strip():
                raise ConfigError(f"{where}: '{key}' has an empty rule id")
    return checked


def path_matches(path: str, globs: list[str]) -> bool:
    """Glob match on a POSIX relative path; ``dir/**`` matches everything below dir."""
    posix = PurePosixPath(path).as_posix()
    for pattern in globs:
        pattern = pattern.rstrip("/")
        while pattern.startswith("./"):  # "./content" is the project's "content"
            pattern = pattern[2:]
        if "**/" in pattern and path_matches(path, [pattern.replace("**/", "", 1)]):
            return True  # "content/**/*.md": ** is any number of folders, none included
        if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(posix, pattern + "/*"):
            return True
        if pattern.endswith("/**") and (posix + "/").startswith(pattern[:-2]):
            return True
        # a bare folder name or path prefix
        if "*" not in pattern and (posix == pattern or posix.startswith(pattern + "/")):
            return True
    return False


@dataclass(frozen=True, eq=False)
class Config:
    values: dict[str, Any]
    root: Path  # the folder the configuration file sits in (relative paths resolve here)
    source: str = "defaults"
    _cache: dict = field(default_factory=dict, repr=False)

    def get(self, key: str) -> Any:
        return self.values[key]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def for_path(self, path: str) -> "Config":
        """The effective configuration for one document (overrides applied)."""
        if path in self._cache:
            return self._cache[path]
        values = self.values
        for override in self.values["overrides"]:
            if path_matches(path, override["paths"]):
                values = _merge(values, {k: v for k, v in override.items() if k != "paths"})
        result = self if values is self.values else Config(values, self.root, self.source)
        self._cache[path] = result
        return result

    def digest(self) -> str:
        """A stable hash of everything that can change a result (cache key)."""
        if "_digest" not in self._cache:
            blob = json.dumps(self.values, sort_keys=True, default=str)
            self._cache["_digest"] = hashlib.sha256(blob.encode()).hexdigest()[:16]
        return self._cache["_digest"]

    def with_values(self, **updates: Any) -> "Config":
        return Config(_merge(self.values, updates), self.root, self.source)

    def rule_enabled(self, rule_id: str, category: str, default_on: bool = True) -> bool:
        """The most specific selector wins: a rule named by id beats its category or
        prefix; then ``ignore``/``disable`` beat ``select``/``extend_select``/``enable``;
        a non-empty ``select`` replaces the default selection; the profile adds to it."""
        values = self.values
        disabled = [*values["disable"], *values.get("ignore", ())]
        enabled = [*values["enable"], *values.get("extend_select", ())]
        selected = values.get("select", ())
        if rule_id in enabled or rule_id in selected:
            return True
        if rule_id in disabled or category in disabled or _prefix_listed(rule_id, disabled):
            return False
        if values["severity"].get(rule_id) == "off":
            return False
        if _selects(rule_id, category, enabled):
            return True
        if selected:
            return _selects(rule_id, category, selected)
        profile = PROFILES.get(values.get("profile", "default"), ())
        return default_on or _selects(rule_id, category, profile)

    def turned_on(self) -> list[str]:
        """Every selector that turns rules on: ``enable``, ``extend_select``, ``select``
        and the profile's (for families that choose what to run before they run)."""
        values = self.values
        return [*values["enable"], *values.get("extend_select", ()), *values.get("select", ()),
                *PROFILES.get(values.get("profile", "default"), ())]

    def severity_for(self, rule_id: str, default: str) -> str:
        return self.values["severity"].get(rule_id, default)


def _selects(rule_id: str, category: str, items) -> bool:
    return "ALL" in items or category in items or rule_id in items or _prefix_listed(rule_id, items)


def _prefix_listed(rule_id: str, items: list[str]) -> bool:
    """``lt`` or ``lt.*`` disables every rule whose id starts with ``lt.``."""
    for item in items:
        prefix = item[:-2] if item.endswith(".*") else item
        if rule_id.startswith(prefix + "."):
            return True
    return False


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a configuration file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _table_in(path: Path) -> dict | None:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("medcheck")
    return data


def find_config_file(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in ("medcheck.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml":
                    # A broken pyproject.toml is reported, not silently skipped.
                    if "[tool.medcheck" not in candidate.read_text(encoding="utf-8", errors="replace"):
                        continue
                return candidate
    return None


def load_config(explicit: str | None = None, cwd: Path | None = None) -> Config:
    cwd = (cwd or Path.cwd()).resolve()
    path = Path(explicit).expanduser() if explicit else find_config_file(cwd)
    if path is None:
        return Config(json.loads(json.dumps(DEFAULTS)), cwd)
    path = path if path.is_absolute() else (cwd / path)
    table = _table_in(path)
    if table is None:
        if path.name == "pyproject.toml":
            raise ConfigError(f"{path}: has no [tool.medcheck] table")
        table = {}
    values = _merge(json.loads(json.dumps(DEFAULTS)), validate(table, str(path)))
    root = path.parent.resolve()
    for extra in values["rule_packs"]:
        if not (root / extra).exists():
            raise ConfigError(f"{path}: rule_packs: '{extra}' does not exist")
    return Config(values, root, str(path))
