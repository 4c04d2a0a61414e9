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

from .grammar.defaults import STRICT_ONLY_RULES
from .model import CATEGORIES, SEVERITIES
from .options import Option


class ConfigError(Exception):
    """A user's configuration mistake: reported as one line, exit code 2."""


AUDIENCE = Option("audience", str, "patient", "The audience of a page whose metadata names none.")
AUDIENCES = Option("audiences", "list[str]", ["patient", "professional"],
                   "The allowed `audience` values.")

# The run's own keys: what to check, which rules, how severe, what fails, the cache. A
# family's keys are declared with its code (``Family.options``, checker/options.py).
CORE_OPTIONS: tuple[Option, ...] = (
    Option("paths", "list[str]", ["content"], "What `medcheck check` checks when given no paths.",
           per_path=False),
    Option("exclude", "list[str]", [], "Globs of files to skip (`drafts/**`); files named on the "
           "command line too with force_exclude.", per_path=False),
    Option("force_exclude", bool, False, "Apply `exclude` to files named on the command line as "
           "well (pre-commit, editors).", per_path=False),
    Option("disable", "list[str]", [],
           "Rule ids, categories (`style`) or prefixes (`lt.*`) to turn off."),
    Option("enable", "list[str]", [],
           "Rules that are off by default to turn on (ids, categories or prefixes)."),
    # Rule selection as in ruff: ``select`` replaces the default selection (empty: the
    # defaults), ``extend_select`` adds to it, ``ignore`` takes away; ``profile`` names a
    # preset added to the defaults (PROFILES). ``enable``/``disable`` are the older names
    # of ``extend_select``/``ignore`` and still work.
    Option("select", "list[str]", [],
           "Only these rules (ids, categories, prefixes, or `ALL`): replaces the default "
           "selection, as ruff's `select`. Empty: the default selection."),
    Option("extend_select", "list[str]", [],
           "Rules to add to the selection (ids, categories, prefixes or `ALL`), e.g. "
           "heuristics that are off by default."),
    Option("ignore", "list[str]", [],
           "Rules to take away from the selection (ids, categories or prefixes). A rule named "
           "by id in `select`/`extend_select` beats its category here."),
    Option("profile", ("choice", "default", "strict"), "default",
           "A named selection added to the defaults: `default`, or `strict` (the opinionated "
           "heuristics too: passive voice, paragraph grades)."),
    Option("severity", "dict[str,severity]", {}, "Per rule id: error, warning, info, or off."),
    AUDIENCE,
    Option("fail_on", "fail_on", "error", "The lowest severity that fails the run (exit 1).",
           per_path=False),
    Option("ignores", "list[table]", [],
           "Per-path waivers: {paths, rules, reason}; the reason is required.", per_path=False),
    Option("overrides", "list[table]", [],
           "Per-path settings: {paths = [globs], <key> = value}.", per_path=False),
    Option("cache_dir", str, ".medcheck_cache", "The result cache folder.", per_path=False),
    Option("jobs", int, 0, "Worker processes (0: one per core).", per_path=False),
)


def declared_options() -> tuple[Option, ...]:
    """Every configuration key: the run's, then each family's, in the engine's order."""
    import importlib

    from .checks import FAMILIES

    found: dict[str, Option] = {option.key: option for option in CORE_OPTIONS}
    for name in FAMILIES:
        # The modules themselves, not checks.load_family: a run given other families
        # (a test's, a plugin's) still reads a configuration written for the built-in ones.
        family = getattr(importlib.import_module(f"checker.checks.{name}"), "FAMILY", None)
        for option in getattr(family, "options", ()):
            if option.key in found:
                raise AssertionError(f"configuration key '{option.key}' declared twice "
                                     f"(family {name})")  # a bug in the code, not the user's
            found[option.key] = option
    return tuple(found.values())


@dataclass(frozen=True)
class Declared:
    """The declarations put together: what the loader validates against."""

    options: tuple[Option, ...]
    schema: dict[str, Any]
    defaults: dict[str, Any]
    global_only: frozenset[str]


def declared() -> Declared:
    """Put together when asked, not at import (the families import helpers of this
    module). The declarations are kept between runs by medcheck's code digest
    (checker/compiled.py): a run whose pages are all in the result cache never imports
    the families, and must not import them only to validate its configuration."""
    from .compiled import cached

    options = cached("config-options", (), declared_options)
    return Declared(options, {o.key: o.spec for o in options}, {o.key: o.default for o in options},
                    frozenset(o.key for o in options if not o.per_path))


def __getattr__(name: str) -> Any:
    """``config.SCHEMA``, ``DEFAULTS``, ``GLOBAL_ONLY``: the assembled declarations."""
    fields = {"SCHEMA": "schema", "DEFAULTS": "defaults", "GLOBAL_ONLY": "global_only",
              "OPTIONS": "options"}
    if name not in fields:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(declared(), fields[name])


def fresh_defaults() -> dict[str, Any]:
    """A deep copy of DEFAULTS, safe to change."""
    return json.loads(json.dumps(declared().defaults))


# Named presets of rules that are off by default. ``strict`` turns on the opinionated
# heuristics, rules whose findings an editor on professionally edited pages mostly
# rejects (judged in bench/judgements.yml): passive voice ("a biopsy may be done at the
# same time" is the natural sentence), a paragraph's grade inside a page that passes,
# and plain-language swaps whose plain word does not always fit or mean the same
# ("inflammation" is not only swelling; "oral steroids" cannot become "by mouth steroids").
PROFILES: dict[str, tuple[str, ...]] = {
    "default": (),
    "strict": ("readability.passive-voice", "readability.paragraph-grade",
               # a page or section within a grade estimate's error of its target
               "readability.near-target-grade", "plain.inflammation",
               "plain.oral",
               # LanguageTool's style and agreement rules that are mostly wrong or a matter
               # of taste on edited patient copy (checker/grammar/defaults.py).
               *(f"lt.{rule}" for rule in STRICT_ONLY_RULES),
               # Words the speller does not know that show no sign of a slip: on edited
               # medical pages nearly all are rare terms (checker/checks/grammar.py).
               "lt.UNKNOWN_WORD",
               # Compounds open, hyphenated or solid: the publisher's style guide decides.
               "lt.COMPOUNDS"),
}


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
    assembled = declared()
    SCHEMA, GLOBAL_ONLY = assembled.schema, assembled.global_only
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
        return Config(fresh_defaults(), cwd)
    path = path if path.is_absolute() else (cwd / path)
    table = _table_in(path)
    if table is None:
        if path.name == "pyproject.toml":
            raise ConfigError(f"{path}: has no [tool.medcheck] table")
        table = {}
    values = _merge(fresh_defaults(), validate(table, str(path)))
    root = path.parent.resolve()
    for extra in values["rule_packs"]:
        if not (root / extra).exists():
            raise ConfigError(f"{path}: rule_packs: '{extra}' does not exist")
    return Config(values, root, str(path))
