"""The two objects a check may consult besides its document.

``RunContext``: built once per run and kept on the engine's Settings. It holds what
every page of the run shares: the rule packs compiled into matchers, the knowledge
base, each configuration's rule selection, the precedence between rules, and any
per-run index a family declares (``RunIndex``: drug names for the readability
formulas, the English word list of the capitals rule ...). An index is built the first
time a check asks for it, or up front by ``prepare`` before worker processes start,
and lives as long as the RunContext: no module-level cache, nothing keyed by ``id()``.
Pickling a RunContext sends only its inputs; the indexes are built again where it is
unpickled (a compiled RE2 set cannot travel).

``Context``: one per page. Its configuration is the page's (overrides applied); it
memoizes per-page analyses (``PageAnalysis``: the sentences of a block, the terms the
page explains, the readability units) so that families asking for the same thing
share one answer, and the answer goes when the page's Context does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, TypeVar

if TYPE_CHECKING:
    from .config import Config
    from .dispatch import Precedence
    from .rules import Family
    from .selectors import KnownRules
    from .knowledge import KnowledgeBase
    from .medtext import Sentence
    from .model import Block, Document, RuleInfo
    from .rulepacks.loader import RulePacks
    from .rulepacks.matchers import CompiledPacks

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class RunIndex(Generic[T]):
    """Something built once per run from the RunContext (its packs, its knowledge base).
    Declare one at module level next to the code that uses it; ``run.index(INDEX)``."""

    name: str
    build: Callable[["RunContext"], T] = field(repr=False)
    # When set: what the build reads besides medcheck's code (the knowledge base's
    # digest, a library's name), and the built value is kept between runs in the
    # user's cache folder (checker/compiled.py) instead of being rebuilt each start-up.
    keep_by: "Callable[[RunContext], tuple[str, ...]] | None" = field(default=None, repr=False)
    libraries: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class PageAnalysis(Generic[T]):
    """Something worked out once per page and shared by the checks that ask for it:
    ``ctx.analysis(ANALYSIS, doc)``."""

    name: str
    build: Callable[["Document", "Context"], T] = field(repr=False)


class RuleSelection:
    """Which rules one configuration turns on, and at what severity: decided once per
    rule, before any rule runs, and asked by the dispatcher and by families that need
    it early (readability folds findings by their final severity)."""

    def __init__(self, config: "Config | None"):
        self.config = config
        self._on: dict[tuple[str, str, bool], bool] = {}

    def enabled(self, rule: "RuleInfo") -> bool:
        return self.enabled_id(rule.id, rule.category, rule.default_on)

    def enabled_id(self, rule_id: str, category: str, default_on: bool = True) -> bool:
        key = (rule_id, category, default_on)
        on = self._on.get(key)
        if on is None:
            on = True if self.config is None else self.config.rule_enabled(rule_id, category,
                                                                            default_on)
            self._on[key] = on
        return on

    def severity(self, rule_id: str, computed: str) -> str:
        """A severity set for the rule in the configuration replaces the computed one."""
        return computed if self.config is None else self.config.severity_for(rule_id, computed)


class RunContext:
    """What a run's pages share (see the module docstring)."""

    def __init__(self, packs: "RulePacks | None" = None, kb: "KnowledgeBase | None" = None):
        self.packs = packs
        self.kb = kb
        self._built: dict[str, tuple[RunIndex, Any]] = {}
        self._selections: dict[str, RuleSelection] = {}
        self._families: dict[str, Any] = {}
        self._rule_maps: dict[str, Any] = {}
        self._precedence: dict[tuple[str, ...], Any] = {}
        self._known: dict[tuple[str, ...], Any] = {}

    def __reduce__(self) -> tuple:
        return (RunContext, (self.packs, self.kb))

    def index(self, index: "RunIndex[T]") -> T:
        hit = self._built.get(index.name)
        if hit is None:
            if index.keep_by is not None:
                from .compiled import cached
                value = cached("index-" + index.name, index.keep_by(self),
                               lambda: index.build(self), libraries=index.libraries)
            else:
                value = index.build(self)
            self._built[index.name] = (index, value)
            return value
        if hit[0] is not index:
            raise RuntimeError(f"two per-run indexes are both called {index.name!r}")
        return hit[1]

    def prepare(self, indexes: "tuple[RunIndex, ...] | list[RunIndex]") -> None:
        """Build these indexes now (before the worker processes are forked, so they
        share them instead of each building its own)."""
        for index in indexes:
            self.index(index)

    def family(self, name: str) -> "Family | None":
        """The named check family (None when no such module exists)."""
        if name not in self._families:
            from .checks import family_of, load_family
            module = load_family(name)
            self._families[name] = family_of(name, module) if module is not None else None
        return self._families[name]

    def rule_map(self, family: "Family") -> "dict[str, RuleInfo]":
        """A family's rules by id, pack rules included for the family that runs them."""
        found = self._rule_maps.get(family.name)
        if found is None:
            found = self._rule_maps[family.name] = dict(family.rule_map(self))
        return found

    def precedence(self, names: "tuple[str, ...]") -> "Precedence":
        """Who outranks whom among the rules of these families."""
        found = self._precedence.get(names)
        if found is None:
            from .dispatch import Precedence
            pairs = []
            for name in names:
                family = self.family(name)
                if family is not None:
                    pairs.extend((info, family.outranks) for info in self.rule_map(family).values())
            found = self._precedence[names] = Precedence(pairs)
        return found

    def known_rules(self, names: "Iterable[str]") -> "KnownRules":
        """Every rule id that exists (the packs', every family's, the audit rules'): what
        a waiver or a configuration may name, whether or not this check runs it."""
        from .checks import FAMILIES
        names = tuple(names)
        found = self._known.get(names)
        if found is None:
            from .selectors import KnownRules
            from .suppressions import ENGINE_RULES
            ids = {r.id for r in ENGINE_RULES}
            for name in dict.fromkeys((*FAMILIES, *names)):
                family = self.family(name)
                if family is not None:
                    ids.update(self.rule_map(family))
            found = self._known[names] = KnownRules(frozenset(ids))
        return found

    @property
    def compiled_packs(self) -> "CompiledPacks":
        return self.index(COMPILED_PACKS)

    def selection(self, config: "Config | None") -> RuleSelection:
        key = "" if config is None else config.digest()
        selection = self._selections.get(key)
        if selection is None:
            selection = self._selections[key] = RuleSelection(config)
        return selection


def _compile_packs(run: RunContext) -> "CompiledPacks":
    from .rulepacks.loader import RulePacks
    from .rulepacks.matchers import CompiledPacks
    return CompiledPacks(run.packs if run.packs is not None else RulePacks((), (), ""))


COMPILED_PACKS: RunIndex["CompiledPacks"] = RunIndex("rulepacks.compiled", _compile_packs)


@dataclass(frozen=True, eq=False)
class Context:
    """Everything a check may consult besides the document: one per page."""

    config: "Config"              # the effective configuration for this document's path
    packs: "RulePacks | None" = None
    kb: "KnowledgeBase | None" = None
    today: date | None = None
    grammar: Any = None           # a grammar service handle, or None when grammar is off
    run: RunContext | None = None  # shared by the run's pages; made from packs/kb if absent
    _analyses: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.run is None:
            object.__setattr__(self, "run", RunContext(self.packs, self.kb))

    @property
    def selection(self) -> RuleSelection:
        assert self.run is not None
        return self.run.selection(self.config)

    def analysis(self, analysis: "PageAnalysis[T]", doc: "Document") -> T:
        """The page analysis for this document, worked out on first use. Held with the
        document itself, so a Context reused for another document starts afresh."""
        hit = self._analyses.get(analysis.name)
        if hit is not None and hit[0] is doc and hit[1] is analysis:
            return hit[2]
        value = analysis.build(doc, self)
        self._analyses[analysis.name] = (doc, analysis, value)
        return value

    def sentences(self, doc: "Document", block: "Block") -> "tuple[Sentence, ...]":
        """The block's sentences with their knowledge-base mentions, shared by every
        family that reads them (medical, compliance)."""
        by_text = self.analysis(BLOCK_SENTENCES, doc)
        found = by_text.get(block.text)
        if found is None:
            from .medtext import sentences
            found = by_text[block.text] = tuple(sentences(block.text, self.kb))
        return found


BLOCK_SENTENCES: PageAnalysis[dict] = PageAnalysis("medtext.sentences", lambda doc, ctx: {})
