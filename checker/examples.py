"""A rule's examples, run through the real engine.

Every rule carries text it must flag and text it must leave alone. The test suite runs
those of the built-in rules; a team's own packs (``rule_packs``) are held to the same
proof before a check uses them (``medcheck test``, and at load, once per pack content),
and ``medcheck explain`` shows the message a rule gives on its first example.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from .model import Finding, RuleInfo

SUFFIX = {"markdown": ".md", "html": ".html", "text": ".txt"}


@dataclass(frozen=True)
class ExampleFailure:
    rule: RuleInfo
    text: str
    should_match: bool
    got: str = ""  # the message it gave, when it flagged what it must not

    def describe(self) -> str:
        text = " ".join(self.text.split())
        text = text if len(text) <= 80 else text[:77] + "..."
        if self.should_match:
            return f"rule '{self.rule.id}' does not flag its example {text!r}"
        return f"rule '{self.rule.id}' flags its no_match example {text!r} ({self.got})"


def example_findings(rule: RuleInfo, text: str, settings) -> list[Finding]:
    """The rule's findings on one example (the rule enabled, whatever the configuration)."""
    from .documents import parse_text
    from .engine import check_document, locate

    config = settings.config
    settings = replace(settings, config=config.with_values(
        enable=[*config.get("enable"), rule.id]))
    doc = parse_text(rule.examples.path(SUFFIX[rule.examples.format]), text, rule.examples.format)
    findings = locate(doc, check_document(doc, settings))
    return [f for f in findings if f.rule == rule.id or rule.id in f.also]


def failures(rules: Iterable[RuleInfo], settings) -> list[ExampleFailure]:
    out: list[ExampleFailure] = []
    for rule in rules:
        for text in rule.examples.match:
            if not example_findings(rule, text, settings):
                out.append(ExampleFailure(rule, text, True))
        for text in rule.examples.no_match:
            hits = example_findings(rule, text, settings)
            if hits:
                out.append(ExampleFailure(rule, text, False, hits[0].message))
    return out


def sample_message(rule: RuleInfo, settings) -> str | None:
    """The message the rule gives on its first example that it flags."""
    for text in rule.examples.match:
        hits = example_findings(rule, text, settings)
        if hits:
            return hits[0].message
    return None


def pack_settings(config, packs, kb=None):
    """Settings that run pack rules only: examples of a pack need no other family."""
    from .engine import Settings, load_knowledge_base, today_from_env

    kb = kb if kb is not None else load_knowledge_base(config, packs.knowledge_files)
    return Settings(config=config, packs=packs, kb=kb, today=today_from_env(),
                    families=("rulepack",))


def team_pack_failures(packs, config, cache_dir: Path | None, kb=None) -> list[ExampleFailure]:
    """Examples of the configured rule packs (not the built-in ones, which the test suite
    proves) that do not hold. A pack whose content passed once is not run again: the
    verdict is remembered under the cache folder, keyed on the pack's bytes, the
    knowledge base and medcheck's code."""
    from .compiled import code_digest

    builtin = _builtin_files()
    team = [f for f in packs.files if str(Path(f).resolve()) not in builtin]
    if not team:
        return []
    rules_by_file: dict[str, list[RuleInfo]] = {}
    for rule in packs.rules:
        rules_by_file.setdefault(rule.info.pack, []).append(rule.info)
    settings = None
    found: list[ExampleFailure] = []
    for file in team:
        try:
            content = Path(file).read_bytes()
        except OSError:
            continue
        key = hashlib.sha256(b"\x1f".join((content, code_digest().encode(), packs.digest.encode(),
                                            str(getattr(kb, "digest", "")).encode(),
                                            config.digest().encode()))).hexdigest()[:32]
        marker = cache_dir / "packs" / f"{key}.passed" if cache_dir is not None else None
        if marker is not None and marker.is_file():
            continue
        if settings is None:
            settings = pack_settings(config, packs, kb)
        failed = failures(rules_by_file.get(file, []), settings)
        found.extend(failed)
        if not failed and marker is not None:
            _remember(marker, file)
    return found


def _builtin_files() -> set[str]:
    from .resources import rules_dir

    folder = rules_dir()
    return {str(p.resolve()) for p in [*folder.rglob("*.yml"), *folder.rglob("*.yaml")]}


def _remember(marker: Path, file: str) -> None:
    from .cachedir import prepare

    prepare(marker.parent.parent)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        tmp = marker.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"pack": file}), encoding="utf-8")
        os.replace(tmp, marker)
    except OSError:
        pass  # a read-only cache only costs running the examples again
