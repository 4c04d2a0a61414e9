"""How a rule written in Python declares itself, and the checks that report it.

A rule is a ``RuleInfo`` (model.py) made by ``declare``: id, category, severity,
message, source, examples, and the rules it outranks on the same words. ``declare``
records the file and line it is called from, so ``medcheck explain RULE`` can say
where the rule is written.

Its logic is a *check*, declared right beside it with ``page_check``, ``block_check``
or ``sentence_check``. A check says

- which rules it reports: the dispatcher never calls a check whose rules are all
  turned off, and drops findings of the ones that are;
- where it looks: the whole page, each block of given kinds, or each sentence of
  those blocks (``kinds``), and for which formats;
- what must be present before it can fire (``needs``): a digit, certain words, a
  medicine named in the sentence. A block or sentence without it is never given to
  the check, so a pattern's engine never starts on text it cannot match. A ``needs``
  must be exact (never say "absent" of text the check could flag):
  tests/test_dispatch.py runs every rule's examples with and without pre-filters.

A family module gathers its rules and checks in a ``Family`` named ``FAMILY``; the
engine runs families through ``checker.dispatch``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .model import PROSE_KINDS, Examples, RuleInfo

_REPO_ROOT = Path(__file__).resolve().parent.parent


def where_defined(depth: int = 1) -> tuple[str, int]:
    """(file, line) of the caller ``depth`` frames up, the file relative to the folder
    that holds the ``checker`` package (``checker/checks/safety.py``)."""
    frame = sys._getframe(depth + 1)
    path = Path(frame.f_code.co_filename)
    try:
        shown = path.resolve().relative_to(_REPO_ROOT).as_posix()
    except ValueError:
        shown = path.as_posix()
    return shown, frame.f_lineno


def declare(id: str, message: str, source: str, match: tuple[str, ...] = (),
            no_match: tuple[str, ...] = (), *, category: str, severity: str,
            suggestion: str | None = None, rationale: str = "", fixable: bool = False,
            fmt: str = "markdown", example_folder: str = "", tags: tuple[str, ...] = (), default_on: bool = True,
            outranks: tuple[str, ...] = (), _depth: int = 1) -> RuleInfo:
    """A rule written in Python. ``match``/``no_match`` are its examples (the suite runs
    them); ``outranks`` lists rule ids (or ``family.*`` prefixes) whose findings on
    the same words give way to this rule's."""
    file, line = where_defined(_depth)
    return RuleInfo(id=id, category=category, severity=severity, message=message,
                    source=source, suggestion=suggestion, rationale=rationale,
                    examples=Examples(match=tuple(match), no_match=tuple(no_match), format=fmt,
                                      folder=example_folder),
                    fixable=fixable, pack=file, line=line, tags=tuple(tags),
                    default_on=default_on, outranks=tuple(outranks))


def rule_maker(category: str, **defaults: Any) -> Callable[..., RuleInfo]:
    """``declare`` with a family's category (and any other defaults) filled in."""
    def make(id: str, message: str, source: str, match: tuple[str, ...] = (),
             no_match: tuple[str, ...] = (), **options: Any) -> RuleInfo:
        return declare(id, message, source, match, no_match, category=category,
                       **{**defaults, **options}, _depth=2)
    return make


# --- what must be present -------------------------------------------------------------------


@dataclass(frozen=True)
class Needs:
    """A cheap test a unit (block or sentence) must pass before a check may look at
    it. Combine with ``&`` (both) and ``|`` (either)."""

    test: Callable[[Any], bool] = field(repr=False, compare=False)
    description: str
    # For a sentence check: a test of the whole block (a BlockUnit) that fails only
    # where ``test`` fails on every sentence of the block, so the dispatcher asks the
    # block once instead of each sentence. None: no such test (ask each sentence).
    block_test: Callable[[Any], bool] | None = field(default=None, repr=False, compare=False)

    def __and__(self, other: "Needs") -> "Needs":
        a, b = self.test, other.test
        block_a, block_b = self.block_test, other.block_test
        if block_a is not None and block_b is not None:
            block_test: Callable[[Any], bool] | None = lambda unit: block_a(unit) and block_b(unit)
        else:  # both must hold: either one failing on the block is enough
            block_test = block_a or block_b
        return Needs(lambda unit: a(unit) and b(unit), f"{self.description} and {other.description}",
                     block_test)

    def __or__(self, other: "Needs") -> "Needs":
        a, b = self.test, other.test
        block_a, block_b = self.block_test, other.block_test
        block_test = (lambda unit: block_a(unit) or block_b(unit)) \
            if block_a is not None and block_b is not None else None
        return Needs(lambda unit: a(unit) or b(unit), f"{self.description} or {other.description}",
                     block_test)

    def __str__(self) -> str:
        return self.description


ANYTHING = Needs(lambda unit: True, "anything")
# A sentence is a piece of its block's text: no digit in the block, none in its sentences.
DIGIT = Needs(lambda unit: unit.has_digit, "a digit", lambda block: block.has_digit)
MENTION = Needs(lambda unit: bool(unit.sentence.mentions),
                "a medicine or drug class of the knowledge base named in the sentence")


def _any_in(needles: tuple[str, ...], attribute: str) -> Callable[[Any], bool]:
    if len(needles) == 1:
        needle = needles[0]
        return lambda unit: needle in getattr(unit, attribute)

    def test(unit: Any) -> bool:
        text = getattr(unit, attribute)
        for needle in needles:
            if needle in text:
                return True
        return False
    return test


def has(*needles: str) -> Needs:
    """One of these strings, exactly as written, in the unit's text."""
    test = _any_in(needles, "text")
    return Needs(test, "one of " + ", ".join(repr(n) for n in needles), test)


def has_lower(*needles: str) -> Needs:
    """One of these strings in the unit's lower-cased text."""
    # A sentence's lower-cased text (curly apostrophes straightened) is a piece of its
    # block's, as far as ASCII goes: lower-casing maps each character on its own, and
    # the one that looks at its neighbours (a capital sigma) gives no ASCII. So a block
    # without an ASCII needle has no sentence with it.
    block_test = _any_in(needles, "lower_straight") if all(n.isascii() for n in needles) else None
    return Needs(_any_in(needles, "lower"),
                 "one of " + ", ".join(repr(n) for n in needles) + " (any case)", block_test)


def custom(description: str, test: Callable[[Any], bool]) -> Needs:
    return Needs(test, description)


# --- checks -----------------------------------------------------------------------------------

PAGE, BLOCK, SENTENCE = "page", "block", "sentence"


@dataclass(frozen=True, eq=False)
class Check:
    """A function that reports some rules, and where and when it runs (see the module
    docstring). Page checks are called as ``run(doc, ctx)``; block and sentence checks
    as ``run(unit)`` (``checker.dispatch.BlockUnit`` / ``SentenceUnit``)."""

    rules: tuple[RuleInfo, ...]
    run: Callable[..., Iterable[Any]]
    scope: str
    kinds: frozenset[str] = frozenset(PROSE_KINDS)
    needs: Needs = ANYTHING
    formats: frozenset[str] | None = None    # None: every format
    name: str = ""
    file: str = ""
    line: int = 0

    def __call__(self, *args: Any) -> Iterable[Any]:
        return self.run(*args)


def _check(scope: str, rules: tuple[RuleInfo, ...], kinds: Iterable[str], needs: Needs,
           formats: Iterable[str] | None) -> Callable[[Callable[..., Any]], Check]:
    if not rules:
        raise ValueError("a check reports at least one rule")

    def wrap(function: Callable[..., Any]) -> Check:
        code = function.__code__
        file, _ = where_defined(1)
        return Check(rules=rules, run=function, scope=scope, kinds=frozenset(kinds), needs=needs,
                     formats=frozenset(formats) if formats is not None else None,
                     name=function.__name__, file=file, line=code.co_firstlineno)
    return wrap


def page_check(*rules: RuleInfo, formats: Iterable[str] | None = None
               ) -> Callable[[Callable[..., Any]], Check]:
    """``run(doc, ctx)`` once per page; findings carry source offsets."""
    return _check(PAGE, rules, (), ANYTHING, formats)


def block_check(*rules: RuleInfo, kinds: Iterable[str] = PROSE_KINDS, needs: Needs = ANYTHING,
                formats: Iterable[str] | None = None) -> Callable[[Callable[..., Any]], Check]:
    """``run(unit)`` for each block of ``kinds`` that has text and passes ``needs``."""
    return _check(BLOCK, rules, kinds, needs, formats)


def sentence_check(*rules: RuleInfo, kinds: Iterable[str] = PROSE_KINDS, needs: Needs = ANYTHING,
                   formats: Iterable[str] | None = None) -> Callable[[Callable[..., Any]], Check]:
    """``run(unit)`` for each sentence of those blocks that passes ``needs``."""
    return _check(SENTENCE, rules, kinds, needs, formats)


# --- families ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Family:
    """A family's rules, its checks, and what it adds to a run.

    ``outranks``: rule ids or ``prefix.*`` patterns every rule of the family outranks
    on the same words (besides each rule's own ``outranks``).
    ``rule_prefix``: ids the family reports without declaring each one
    (LanguageTool's ``lt.*``); they are on by default.
    ``rules_for``: rules that come from the run's data rather than from code (the
    YAML packs); called with the RunContext.
    ``indexes``: per-run indexes (``checker.context.RunIndex``) worth building once
    before the worker processes start.
    ``options``: the configuration keys the family reads (``checker.options.Option``),
    with their types, defaults and descriptions; checker/config.py assembles them.
    """

    name: str
    rules: tuple[RuleInfo, ...] = ()
    checks: tuple[Check, ...] = ()
    outranks: tuple[str, ...] = ()
    rule_prefix: str = ""
    rules_for: Callable[[Any], Iterable[RuleInfo]] | None = None
    indexes: tuple[Any, ...] = ()
    options: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        declared = {r.id for r in self.rules}
        for check in self.checks:
            missing = [r.id for r in check.rules if r.id not in declared]
            if missing and self.rules_for is None:
                raise ValueError(f"family {self.name}: check {check.name} reports "
                                 f"undeclared rules {missing}")

    def check(self, doc: Any, ctx: Any) -> list[Any]:
        """This family alone on one page, through the dispatcher, its rules' precedence
        applied (for tests and tools; the engine runs all families together)."""
        from .dispatch import resolve_precedence, run_family
        return resolve_precedence(run_family(self, doc, ctx), ctx.run.precedence((self.name,)))

    def rule_map(self, run: Any) -> Mapping[str, RuleInfo]:
        rules: dict[str, RuleInfo] = {r.id: r for r in self.rules}
        if self.rules_for is not None:
            for info in self.rules_for(run):
                rules.setdefault(info.id, info)
        return rules


def outranks_pattern(pattern: str, rule_id: str) -> int:
    """How strongly ``pattern`` names ``rule_id``: 2 by its id, 1 by a ``prefix.*``,
    0 not at all."""
    if pattern == rule_id:
        return 2
    if pattern.endswith(".*") and rule_id.startswith(pattern[:-1]):
        return 1
    return 0


_ID = re.compile(r"^[\w.-]+(?:\.\*)?$")


def valid_outranks(pattern: str) -> bool:
    return bool(_ID.match(pattern))
