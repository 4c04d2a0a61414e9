"""Load and validate YAML rule packs.

A pack is a YAML file with a top-level ``pack:`` name and a ``rules:`` list
(other YAML files in rules/, such as the drug knowledge base, are not packs and
are left to their own loaders). Every rule is validated before anything runs;
a bad pack is a PackError naming the file and the rule, which the CLI reports
with exit code 2. Nothing in a pack is evaluated as code: YAML is read with the
safe loader and patterns are compiled by RE2, which runs in linear time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..yamlio import load_data

from ..model import BLOCK_KINDS, CATEGORIES, SEVERITIES, Examples, RuleInfo
from ..rules import valid_outranks
from ..resources import rules_dir


class PackError(Exception):
    """A rule pack that cannot be used: one sentence naming file and rule."""


KINDS = ("terms", "substitution", "pattern", "requires", "near")
SCOPES = (*BLOCK_KINDS, "page")
# Link text is a view of words that are already in their paragraph: matching it
# too would report every word twice.
DEFAULT_SCOPE = tuple(k for k in BLOCK_KINDS if k != "link_text")

COMMON_KEYS = {"id", "kind", "category", "severity", "message", "source", "suggestion",
               "rationale", "fixable", "case", "scope", "when", "examples", "exceptions",
               "tags", "default", "inflect",
               # skip_quoted: words inside double quotation marks are mentioned, not used.
               "skip_quoted",
               # outranks: rule ids (or "family.*") whose findings on the same words give
               # way to this rule's.
               "outranks"}
KIND_KEYS = {
    "terms": {"terms"},
    "substitution": {"swap"},
    "pattern": {"pattern"},
    "requires": {"if_any", "must_any"},
    "near": {"first", "second", "within"},
}
PACK_KEYS = {"pack", "description", "defaults", "rules"}


@dataclass(frozen=True, eq=False)
class PackRule:
    info: RuleInfo
    kind: str
    case_sensitive: bool
    scope: tuple[str, ...]
    when: dict[str, Any]
    exceptions: tuple[str, ...]
    inflect: bool
    terms: tuple[str, ...] = ()
    swap: dict[str, str] = field(default_factory=dict)
    pattern: str | None = None
    if_any: tuple[str, ...] = ()
    must_any: tuple[str, ...] = ()
    first: tuple[str, ...] = ()
    second: tuple[str, ...] = ()
    within: int = 0
    default_on: bool = True
    skip_quoted: bool = False  # ignore hits inside "double quotes"


@dataclass(frozen=True, eq=False)
class RulePacks:
    rules: tuple[PackRule, ...]
    files: tuple[str, ...]
    digest: str  # hash of every pack's bytes: part of the cache key
    # Extra drug knowledge-base files (``knowledge: drugs``) found among the
    # configured rule_packs: they extend the built-in fact base in rules/facts/.
    knowledge_files: tuple[str, ...] = ()

    def by_id(self) -> dict[str, PackRule]:
        return {r.info.id: r for r in self.rules}

    def infos(self) -> list[RuleInfo]:
        return [r.info for r in self.rules]


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def _strings(value: Any, what: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip()
                                                           for v in value):
        raise PackError(f"{where}: '{what}' must be a non-empty list of strings")
    return tuple(value)


def _examples(value: Any, where: str) -> Examples:
    if not isinstance(value, dict):
        raise PackError(f"{where}: 'examples' must have 'match' and 'no_match' lists "
                        "(a rule without proof does not load)")
    unknown = set(value) - {"match", "no_match", "format"}
    if unknown:
        raise PackError(f"{where}: unknown key 'examples.{sorted(unknown)[0]}'")
    match = _strings(value.get("match"), "examples.match", where)
    no_match = _strings(value.get("no_match"), "examples.no_match", where)
    fmt = value.get("format", "markdown")
    if fmt not in ("markdown", "html", "text"):
        raise PackError(f"{where}: 'examples.format' must be markdown, html or text")
    return Examples(match=match, no_match=no_match, format=fmt)


def _compile_check(pattern: str, case_sensitive: bool, where: str) -> None:
    from .matchers import compile_pattern
    try:
        compile_pattern(pattern, case_sensitive)
    except Exception as exc:  # re2.error's message is bytes
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise PackError(f"{where}: invalid pattern (RE2 syntax): {detail}") from None


def parse_rule(raw: Any, defaults: dict, where_file: str, index: int, line: int = 0) -> PackRule:
    if not isinstance(raw, dict):
        raise PackError(f"{where_file}: rules[{index}] must be a mapping")
    rule = {**defaults, **raw}
    rid = rule.get("id")
    where = f"{where_file}: rule '{rid}'" if isinstance(rid, str) else f"{where_file}: rules[{index}]"
    if not isinstance(rid, str) or not rid.strip() or " " in rid:
        raise PackError(f"{where}: 'id' must be a word like 'safety.qd'")
    kind = rule.get("kind")
    if kind not in KINDS:
        raise PackError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
    allowed = COMMON_KEYS | KIND_KEYS[kind]
    unknown = sorted(set(rule) - allowed)
    if unknown:
        raise PackError(f"{where}: unknown key '{unknown[0]}' for a {kind} rule")
    for key in ("message", "source"):
        if not isinstance(rule.get(key), str) or not rule[key].strip():
            raise PackError(f"{where}: '{key}' is required")
    if rule.get("category") not in CATEGORIES:
        raise PackError(f"{where}: 'category' must be one of {', '.join(CATEGORIES)}")
    if rule.get("severity") not in SEVERITIES:
        raise PackError(f"{where}: 'severity' must be one of {', '.join(SEVERITIES)}")
    case = rule.get("case", "insensitive")
    if case not in ("sensitive", "insensitive"):
        raise PackError(f"{where}: 'case' must be sensitive or insensitive")
    scope = rule.get("scope", list(DEFAULT_SCOPE if kind not in ("requires",) else ("page",)))
    scope = _strings(scope, "scope", where)
    for item in scope:
        if item not in SCOPES:
            raise PackError(f"{where}: unknown scope '{item}' (known: {', '.join(SCOPES)})")
    when = rule.get("when", {})
    if not isinstance(when, dict):
        raise PackError(f"{where}: 'when' must be a mapping of front-matter key to value")
    for key, wanted in when.items():
        # Plain values only: matching compares them as text on every page, and a YAML
        # alias tree here would be printed out in full each time.
        if not (_is_scalar(wanted) or (isinstance(wanted, list) and wanted
                                       and all(_is_scalar(w) for w in wanted))):
            raise PackError(f"{where}: 'when.{key}' must be a value or a list of values")
    exceptions = _strings(rule["exceptions"], "exceptions", where) if "exceptions" in rule else ()
    for flag in ("fixable", "inflect", "default", "skip_quoted"):
        if flag in rule and not isinstance(rule[flag], bool):
            raise PackError(f"{where}: '{flag}' must be true or false")
    tags = _strings(rule["tags"], "tags", where) if "tags" in rule else ()
    outranks = _strings(rule["outranks"], "outranks", where) if "outranks" in rule else ()
    for pattern in outranks:
        if not valid_outranks(pattern):
            raise PackError(f"{where}: 'outranks' entries are rule ids or 'prefix.*', got {pattern!r}")
    suggestion = rule.get("suggestion")
    if suggestion is not None and not isinstance(suggestion, str):
        raise PackError(f"{where}: 'suggestion' must be a string")
    kwargs: dict[str, Any] = {}
    case_sensitive = case == "sensitive"
    if kind == "terms":
        kwargs["terms"] = _strings(rule.get("terms"), "terms", where)
    elif kind == "substitution":
        swap = rule.get("swap")
        if not isinstance(swap, dict) or not swap or not all(
                isinstance(k, str) and k.strip() and isinstance(v, str) for k, v in swap.items()):
            raise PackError(f"{where}: 'swap' must map each term to its preferred form")
        kwargs["swap"] = dict(swap)
    elif kind == "pattern":
        pattern = rule.get("pattern")
        if not isinstance(pattern, str) or not pattern:
            raise PackError(f"{where}: 'pattern' is required")
        _compile_check(pattern, case_sensitive, where)
        kwargs["pattern"] = pattern
    elif kind == "requires":
        kwargs["if_any"] = _strings(rule.get("if_any"), "if_any", where)
        kwargs["must_any"] = _strings(rule.get("must_any"), "must_any", where)
    elif kind == "near":
        kwargs["first"] = _strings(rule.get("first"), "first", where)
        kwargs["second"] = _strings(rule.get("second"), "second", where)
        within = rule.get("within", 6)
        if not isinstance(within, int) or isinstance(within, bool) or within < 1:
            raise PackError(f"{where}: 'within' must be a positive number of words")
        kwargs["within"] = within
    info = RuleInfo(
        id=rid, category=rule["category"], severity=rule["severity"], message=rule["message"],
        source=rule["source"], suggestion=suggestion, rationale=rule.get("rationale", "") or "",
        examples=_examples(rule.get("examples"), where), fixable=bool(rule.get("fixable", False)),
        pack=where_file, tags=tags, default_on=bool(rule.get("default", True)), line=line,
        outranks=outranks)
    return PackRule(info=info, kind=kind, case_sensitive=case_sensitive, scope=scope, when=when,
                    exceptions=exceptions, inflect=bool(rule.get("inflect", False)),
                    default_on=bool(rule.get("default", True)),
                    skip_quoted=bool(rule.get("skip_quoted", False)), **kwargs)


def load_pack_file(path: Path) -> list[PackRule] | None:
    """The rules of one pack file; None when the YAML file is not a rule pack."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read: {exc}") from None
    # Parsing and validating the built-in packs took 25 ms of every start-up; the
    # result depends only on the file's name and text, this code and PyYAML, so it is
    # kept in the compiled store (a pack with an error is never stored: it raises). In a
    # tuple: the store reads None as "no entry", and a YAML file that is not a pack
    # would be stored again on every run.
    from ..compiled import cached
    (rules,) = cached("rule-pack", (str(path), text), lambda: (_parse_pack_file(path, text),),
                      libraries=("PyYAML",))
    return rules


def _parse_pack_file(path: Path, text: str) -> list[PackRule] | None:
    try:
        data = load_data(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise PackError(f"{path}: invalid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    except (RecursionError, ValueError) as exc:  # 3,000 nested '[' or `!!int abc`
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:200]
        raise PackError(f"{path}: invalid YAML: {detail}") from None
    if not isinstance(data, dict) or ("pack" not in data and "rules" not in data):
        return None
    unknown = sorted(set(data) - PACK_KEYS)
    if unknown:
        raise PackError(f"{path}: unknown top-level key '{unknown[0]}' "
                        f"(known: {', '.join(sorted(PACK_KEYS))})")
    if not isinstance(data.get("rules"), list):
        raise PackError(f"{path}: 'rules' must be a list")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise PackError(f"{path}: 'defaults' must be a mapping")
    lines = _id_lines(text)
    return [parse_rule(raw, defaults, str(path), i,
                       lines.get(raw.get("id")) if isinstance(raw, dict) else 0)
            for i, raw in enumerate(data["rules"])]


_ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([^\s"'#]+)""", re.M)


def _id_lines(text: str) -> dict[str, int]:
    """The line each rule id is written on (for `medcheck explain`)."""
    lines: dict[str, int] = {}
    for match in _ID_LINE.finditer(text):
        lines.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    return lines


def _pack_files(location: Path) -> list[Path]:
    if location.is_dir():
        # The built-in fact base (rules/facts/) is not a pack: checker.knowledge reads it.
        return sorted(p for p in [*location.rglob("*.yml"), *location.rglob("*.yaml")]
                      if p.parent != rules_dir() / "facts")
    return [location]


def load_rule_packs(extra: list[str] | tuple[str, ...] = (), root: Path | None = None,
                    builtin: bool = True) -> RulePacks:
    locations: list[Path] = [rules_dir()] if builtin else []
    for item in extra:
        path = Path(item)
        if not path.is_absolute() and root is not None:
            path = root / path
        if not path.exists():
            raise PackError(f"{path}: rule pack not found")
        locations.append(path)
    rules: list[PackRule] = []
    files: list[str] = []
    knowledge: list[str] = []
    hasher = hashlib.sha256()
    seen: dict[str, str] = {}
    for index, location in enumerate(locations):
        for file in _pack_files(location):
            loaded = load_pack_file(file)
            try:
                hasher.update(file.read_bytes())
            except OSError:
                pass
            if loaded is None:
                if index > 0 and _is_knowledge_file(file):
                    knowledge.append(str(file))
                    continue
                if location == file:  # named on its own, so meant as a pack: say so
                    raise PackError(f"{file}: not a rule pack (a YAML file with 'pack:' "
                                    "and 'rules:'); nothing in it was used")
                continue
            files.append(str(file))
            for rule in loaded:
                if rule.info.id in seen:
                    raise PackError(f"{file}: rule '{rule.info.id}' is already defined in "
                                    f"{seen[rule.info.id]}")
                seen[rule.info.id] = str(file)
                rules.append(rule)
    return RulePacks(rules=tuple(rules), files=tuple(files), digest=hasher.hexdigest()[:16],
                     knowledge_files=tuple(knowledge))


def _is_knowledge_file(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return False
    return re.search(r"^knowledge:\s*drugs\s*$", head, re.M) is not None
