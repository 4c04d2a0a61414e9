"""The dispatcher: runs every family's checks on one page, the same way for all rules.

For each family in the run, in order:

1. The family is skipped when the page's configuration turns all its rules off.
2. A check is skipped when all the rules it reports are off.
3. Page checks run once; block checks run on each block of their kinds (with text,
   in a format they accept) that passes their ``needs``; sentence checks on each
   sentence of those blocks that passes theirs.
4. Findings of rules that are off are dropped, and a severity set in the
   configuration replaces the computed one.

Then ``resolve_precedence`` keeps one finding where rules that outrank each other
flag the same words. Findings keep source offsets; the engine locates them.
"""

from __future__ import annotations

import bisect

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .model import SEVERITY_RANK, Block, Document, Finding, RuleInfo, finding_for
from .rules import BLOCK, PAGE, SENTENCE, Check, Family, outranks_pattern

if TYPE_CHECKING:
    from .context import Context
    from .medtext import Sentence


_DIGIT = re.compile(r"\d")  # the same \d as the checks' patterns (any Unicode decimal digit)


class _lazy:
    """A value computed on first read and kept in the instance (no lock, no slot)."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class BlockUnit:
    """One block as a block check sees it. Offsets given to ``finding`` index
    ``block.text``."""

    def __init__(self, doc: Document, ctx: "Context", block: Block, index: int):
        self.doc = doc
        self.ctx = ctx
        self.block = block
        self.index = index
        self.text = block.text

    @_lazy
    def lower(self) -> str:
        return self.text.lower()

    @_lazy
    def has_digit(self) -> bool:
        return _DIGIT.search(self.text) is not None

    @_lazy
    def lower_straight(self) -> str:
        """``lower`` with curly apostrophes straightened, as a sentence's ``lower`` is."""
        return self.lower.replace("’", "'")

    def finding(self, rule: RuleInfo, i: int, j: int, *, message: str | None = None,
                suggestions: tuple[str, ...] | list[str] | None = None,
                severity: str | None = None, fix: str | None = None,
                data: Mapping[str, Any] | None = None) -> Finding:
        """A finding on ``block.text[i:j]``. A ``fix`` is kept only for a fixable rule
        and only where the source holds exactly those words (no markup or entity
        inside them, which a blind replacement would break)."""
        start, end = self.block.source_span(i, j)
        if fix is not None and (not rule.fixable or self.doc.source[start:end] != self.block.text[i:j]):
            fix = None
        return finding_for(rule, start, end, message=message, suggestions=suggestions,
                           severity=severity, fix=fix, data=data)


class SentenceUnit(BlockUnit):
    """One sentence of a block. ``text``/``lower`` are the sentence's own words (what
    ``needs`` looks at); offsets given to ``finding`` still index ``block.text``.
    ``previous`` is the sentence before it in the same block, or None."""

    def __init__(self, doc: Document, ctx: "Context", block: Block, index: int,
                 sentence: "Sentence", previous: "Sentence | None"):
        self.doc = doc
        self.ctx = ctx
        self.block = block
        self.index = index
        self.sentence = sentence
        self.previous = previous

    @_lazy
    def text(self) -> str:
        return self.sentence.text[self.sentence.start:self.sentence.end]

    @_lazy
    def lower(self) -> str:
        return self.sentence.lower

    @_lazy
    def memo(self) -> dict:
        """What several checks of one family work out once per sentence."""
        return {}


def run_family(family: Family, doc: Document, ctx: "Context", *, prefilter: bool = True
               ) -> list[Finding]:
    """One family's findings on one page, the configuration applied (see the module
    docstring). ``prefilter=False`` gives every unit to every check (for the test that
    proves the pre-filters change nothing)."""
    selection = ctx.selection
    run = ctx.run
    rules = run.rule_map(family)
    if rules and not any(selection.enabled(r) for r in rules.values()) \
            and not _prefix_on(family, selection):
        return []
    checks = [c for c in family.checks
              if (not c.rules or _prefix_on(family, selection)
                  or any(selection.enabled(rules.get(r.id, r)) for r in c.rules))
              and (c.formats is None or doc.format in c.formats)]
    findings: list[Finding] = []
    for check in checks:
        if check.scope == PAGE:
            findings.extend(check.run(doc, ctx))
    block_checks = [c for c in checks if c.scope == BLOCK]
    sentence_checks = [c for c in checks if c.scope == SENTENCE]
    if block_checks or sentence_checks:
        findings.extend(_units(doc, ctx, block_checks, sentence_checks, prefilter))
    return _apply_selection(findings, rules, family, selection)


def _units(doc: Document, ctx: "Context", block_checks: list[Check],
           sentence_checks: list[Check], prefilter: bool) -> Iterable[Finding]:
    for index, block in enumerate(doc.blocks):
        if not block.text:
            continue
        kind = block.kind
        here = [c for c in block_checks if kind in c.kinds]
        unit = BlockUnit(doc, ctx, block, index)
        if here:
            for check in here:
                if not prefilter or check.needs.test(unit):
                    yield from check.run(unit)
        per_sentence = [c for c in sentence_checks if kind in c.kinds]
        if per_sentence and prefilter:
            per_sentence = [c for c in per_sentence
                            if c.needs.block_test is None or c.needs.block_test(unit)]
        if per_sentence and ctx.kb is not None:
            previous = None
            for sentence in ctx.sentences(doc, block):
                unit = SentenceUnit(doc, ctx, block, index, sentence, previous)
                for check in per_sentence:
                    if not prefilter or check.needs.test(unit):
                        yield from check.run(unit)
                previous = sentence


def _prefix_on(family: Family, selection: Any) -> bool:
    """A family that reports undeclared ``prefix.*`` ids runs unless the configuration
    turns off that prefix (or every category it reports in)."""
    if not family.rule_prefix:
        return False
    probe = family.rule_prefix + "*"
    if any(e.startswith(family.rule_prefix) or e == "ALL"
           for e in (selection.config.turned_on() if selection.config else ())):
        return True
    categories = {r.category for r in family.rules} or {"grammar"}
    return any(selection.enabled_id(probe, category) for category in categories)


def _apply_selection(findings: list[Finding], rules: Mapping[str, RuleInfo], family: Family,
                     selection: Any) -> list[Finding]:
    out = []
    for finding in findings:
        info = rules.get(finding.rule)
        on = selection.enabled(info) if info is not None else \
            selection.enabled_id(finding.rule, finding.category, True)
        if not on:
            continue
        severity = selection.severity(finding.rule, finding.severity)
        out.append(finding if severity == finding.severity else replace(finding, severity=severity))
    return out


# --- precedence -------------------------------------------------------------------------------


class Precedence:
    """Who outranks whom, from every rule's ``outranks`` and its family's. Built once per
    run (RunContext.precedence)."""

    def __init__(self, rules: Iterable[tuple[RuleInfo, tuple[str, ...]]]):
        self._claims: dict[str, tuple[str, ...]] = {}
        for info, family_outranks in rules:
            claims = (*info.outranks, *family_outranks)
            if claims:
                self._claims[info.id] = tuple(dict.fromkeys((*self._claims.get(info.id, ()), *claims)))
        self._strength: dict[tuple[str, str], int] = {}
        self._involved: dict[str, bool] = {}
        self._rank: dict[str, int] = {}

    def strength(self, winner: str, loser: str) -> int:
        key = (winner, loser)
        found = self._strength.get(key)
        if found is None:
            found = max((outranks_pattern(p, loser) for p in self._claims.get(winner, ())), default=0)
            self._strength[key] = found
        return found

    def involved(self, rule: str) -> bool:
        """Whether any precedence names this rule (most findings: no)."""
        found = self._involved.get(rule)
        if found is None:
            found = rule in self._claims or any(
                outranks_pattern(p, rule) for claims in self._claims.values() for p in claims)
            self._involved[rule] = found
        return found

    def beats(self, first: str, second: str) -> bool:
        """``first`` (met first in rank order) keeps the words over ``second``: it
        outranks it at least as strongly as the other way round."""
        ahead = self.strength(first, second)
        return ahead > 0 and ahead >= self.strength(second, first)

    def rank(self, rule: str, _seen: frozenset[str] = frozenset()) -> int:
        """How long the longest chain of rules outranking this one outright is (lower
        comes first): a rule comes after every rule that outranks it, even when that rule
        is itself outranked by more rules than this one is."""
        found = self._rank.get(rule)
        if found is None:
            seen = _seen | {rule}
            above = [other for other in self._claims
                     if other not in seen and self.strength(other, rule) > self.strength(rule, other)]
            found = 1 + max((self.rank(other, seen) for other in above), default=-1) if above else 0
            if not _seen:
                self._rank[rule] = found
        return found


def _overlap(a: Finding, b: Finding) -> bool:
    return (a.start, a.end) == (b.start, b.end) or (a.start < b.end and b.start < a.end)


def resolve_precedence(findings: list[Finding], precedence: Precedence) -> list[Finding]:
    """Where rules that outrank one another flag the same (overlapping) words, keep
    the outranking rule's finding and list the others in its ``also``.

    Findings are taken in rank order (rules outranked by fewer rules first; among
    equals, the order they were found in); a finding is dropped when a finding kept
    before it overlaps it and outranks it."""
    involved = [i for i, f in enumerate(findings) if precedence.involved(f.rule)]
    if len(involved) < 2:
        return findings
    order = sorted(involved, key=lambda i: (precedence.rank(findings[i].rule), i))
    # Kept findings sorted by start, so each finding is compared only with the kept ones
    # that can overlap it (those starting at most the longest kept span before it): a
    # page with thousands of findings on one line stays linear, not quadratic.
    kept_starts: list[tuple[int, int]] = []
    longest = 0
    also: dict[int, set[str]] = {}
    dropped: set[int] = set()
    for i in order:
        finding = findings[i]
        lo = bisect.bisect_left(kept_starts, (finding.start - longest, -1))
        hi = bisect.bisect_right(kept_starts, (finding.end, len(findings)))
        winners = [k for _, k in kept_starts[lo:hi] if _overlap(findings[k], finding)
                   and precedence.beats(findings[k].rule, finding.rule)]
        if winners:
            dropped.add(i)
            for k in winners:
                also.setdefault(k, set()).update((finding.rule, *finding.also))
            continue
        bisect.insort(kept_starts, (finding.start, i))
        longest = max(longest, finding.end - finding.start)
    out = []
    for i, finding in enumerate(findings):
        if i in dropped:
            continue
        extra = also.get(i)
        if extra:
            extra.discard(finding.rule)
            finding = replace(finding, also=tuple(sorted(set(finding.also) | extra)))
        out.append(finding)
    return out


__all__ = ["BlockUnit", "SentenceUnit", "run_family", "Precedence", "resolve_precedence",
           "SEVERITY_RANK"]
