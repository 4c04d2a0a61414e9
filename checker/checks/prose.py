"""Style from proselint 0.16, run on prose blocks only, one block at a time.

Each block's clean text gets exactly what proselint's library API
(``LintFile(name, text).lint(config)``) gives for that text alone, never the raw file:
so proselint never sees front matter, code or URLs (the parsers removed them), and it
cannot report a "lexical illusion" made of a heading's last word and the next
paragraph's first word. (For speed the checks are run as ``lint`` runs them, over a
document's blocks at once where that gives the same results; see ``_raw_results``.) Inline link text is skipped because it is already part of
its paragraph's text.

Rule ids are proselint's own configuration keys with a ``proselint.`` prefix: a key
names one check or a group of them (``proselint.redundancy`` covers
``redundancy.misc.garner``, ``redundancy.ras_syndrome`` ...); the exact proselint check
is in the finding's data. Messages are medcheck's own (proselint's are written for
essayists). Categories: ``plain-language`` for jargon, Latin and the greylist
("utilize"), ``inclusive-language`` for social awareness, ``spelling`` for its
misspelling lists, ``style`` for the rest.

Default set: every check is on except the ones below, each off for a stated reason
(``default_on=False``; turn one on with ``enable = ["proselint.weasel_words"]`` or the
``proselint.enabled_checks`` list, turn any off with ``disable`` or
``proselint.disabled_checks``):

- ``cliches.misc.write_good``: its list holds literal medical phrases ("pain in the
  joints", "washed in hot water", "keep an eye on");
- ``misc.apologizing``: "more research is needed" is a statement of fact in medical copy;
- ``misc.but``: plain-language guides allow a sentence to start with "But";
- ``misc.phrasal_adjectives.ly``: flags "early-onset": "early" ends in -ly but is no adverb;
- ``needless_variants``: prefers "neurological" to the equally standard "neurologic";
- ``restricted``: flags every word outside a list of 1,000 (or elementary-school) words;
- ``terms``: suggests the rarer word ("accipitrine" for "hawk-like"), the opposite of
  plain language;
- ``typography.diacritical_marks``: patient copy prefers "naive" and "cafe" spellings;
- ``typography.punctuation.exclamation``: a rate over the whole text, meaningless per block;
- ``typography.punctuation.spacing``, ``typography.symbols.sentence_spacing``: runs of
  spaces collapse when Markdown and HTML are rendered;
- ``typography.symbols.curly_quotes``, ``typography.symbols.ellipsis``: the publishing
  system sets quotes and ellipses;
- ``weasel_words``: "very" is plain language and "very common"/"very rare" are the
  standard words for side-effect frequency.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from itertools import chain, compress
from operator import eq, or_
from typing import Any, Iterable

from ..context import Context, RunIndex
from ..model import CATEGORIES, HEADING, LINK_TEXT, Document, Finding, RuleInfo, finding_for
from ..options import Option
from ..rules import Family, declare, page_check, where_defined

PREFIX = "proselint."
_SOURCE = "proselint 0.16 check '{key}' (https://github.com/amperser/proselint), run per block"
_MAX_ERRORS = 10_000


@dataclass(frozen=True)
class _Spec:
    key: str                  # proselint configuration key (a check path or a prefix of one)
    category: str
    severity: str
    message: str              # medcheck's wording; {words} = the flagged words
    match: tuple[str, ...]
    no_match: tuple[str, ...]
    default_on: bool = True
    reason_off: str = ""
    line: int = field(default=0, compare=False)  # where it is written (`medcheck explain`)

    def __post_init__(self) -> None:
        object.__setattr__(self, "line", where_defined(2)[1])


_SPECS: tuple[_Spec, ...] = (
    _Spec("annotations", "style", "warning", "An editing note ('{words}') was left in the text.",
          ("Take one tablet a day. TODO: check the dose.",), ("Take one tablet a day.",)),
    _Spec("archaism", "style", "info", "'{words}' is archaic; use a current word.",
          ("Take the first tablet betimes, before breakfast.",),
          ("Take the first tablet early, before breakfast.",)),
    _Spec("cliches", "style", "info", "'{words}' is a cliché; say what you mean plainly.",
          ("Stopping smoking is easier said than done.",),
          ("Stopping smoking is hard.",)),
    _Spec("cliches.misc.write_good", "style", "info", "'{words}' is a cliché; say what you mean plainly.",
          ("Finding the right dose was a tough row to hoe.",), ("Finding the right dose took time.",),
          default_on=False,
          reason_off="its list holds literal medical phrases: 'pain in the (joints)', "
                     "'(washed) in hot water', 'keep an eye on'"),
    _Spec("dates_times", "style", "info", "Date or time written in a nonstandard way: '{words}'.",
          ("Take the second dose at 8pm.",), ("Take the second dose at 8 p.m.",)),
    _Spec("hedging", "style", "info", "Hedging ('{words}'): state it directly.",
          ("I would argue that you should take it with food.",),
          ("Take it with food.",)),
    _Spec("industrial_language", "plain-language", "info",
          "'{words}' is jargon; use everyday words.",
          ("Taking it with food is a no brainer.",),
          ("Take it with food.",)),
    _Spec("lexical_illusions", "style", "warning", "Repeated word: '{words}'.",
          ("Take the the tablet with water.",), ("Take the tablet with water.",)),
    _Spec("malapropisms", "style", "warning", "'{words}' is a malapropism (a wrong word that sounds right).",
          ("He has a serial experience with these medicines.",),
          ("He has a long experience with these medicines.",)),
    _Spec("misc.greylist", "plain-language", "info",
          "'{words}' is a needlessly formal word; use a plain one.",
          ("You may utilize the measuring cup in the box.",),
          ("You may use the measuring cup in the box.",)),
    _Spec("misc.latin", "plain-language", "info", "Latin phrase ('{words}'): use English.",
          ("Some medicines, inter alia aspirin, thin the blood.",),
          ("Some medicines, among them aspirin, thin the blood.",)),
    _Spec("misc.but", "style", "info", "Paragraph starts with 'But'.",
          ("But do not stop taking it on your own.",),
          ("Do not stop taking it on your own.",), default_on=False,
          reason_off="plain-language guides allow a sentence to start with 'But'"),
    _Spec("misc.capitalization", "style", "info", "Capitalization: '{words}'.",
          ("Your next refill is due in january.",), ("Your next refill is due in January.",)),
    _Spec("misc", "style", "info", "Wording: '{words}'.",
          ("The question as to whether you need a refill depends on your dose.",),
          ("Whether you need a refill depends on your dose.",)),
    _Spec("misc.apologizing", "style", "info", "Apologetic wording: '{words}'.",
          ("More research is needed on this.",), ("Researchers are studying this.",),
          default_on=False,
          reason_off="'more research is needed' is a statement of fact in medical copy"),
    _Spec("misc.phrasal_adjectives.ly", "style", "info", "No hyphen after an -ly adverb: '{words}'.",
          ("It is a highly-rated clinic.",), ("It is a highly rated clinic.",),
          default_on=False,
          reason_off="flags 'early-onset' and 'family-based': 'early' and 'family' end in -ly "
                     "but are not adverbs"),
    _Spec("mixed_metaphors", "style", "info", "Mixed metaphor: '{words}'.",
          ("The refill step is the biggest bottleneck at the pharmacy.",),
          ("The refill step is the slowest part at the pharmacy.",)),
    _Spec("mondegreens", "style", "info", "Misheard phrase: '{words}'.",
          ("For all intensive purposes the two tablets are the same.",),
          ("For all practical purposes the two tablets are the same.",)),
    _Spec("needless_variants", "style", "info", "'{words}' is a needless variant of a common word.",
          ("The abolishment of the old label made dosing clearer.",),
          ("The abolition of the old label made dosing clearer.",), default_on=False,
          reason_off="prefers 'neurological' to 'neurologic' and the like; both are standard "
                     "in medical usage"),
    _Spec("nonwords", "style", "warning", "'{words}' is not a standard word.",
          ("Irregardless of the time, take the dose.",), ("Regardless of the time, take the dose.",)),
    _Spec("oxymorons", "style", "info", "'{words}' contradicts itself.",
          ("The pharmacist is an amateur expert on vitamins.",),
          ("The pharmacist is an expert on vitamins.",)),
    _Spec("psychology", "style", "info", "Imprecise term: '{words}'.",
          ("A lie detector test cannot tell if you took the pill.",),
          ("A blood test can tell if you took the pill.",)),
    _Spec("redundancy", "style", "info", "Redundant wording: '{words}'.",
          ("It is absolutely essential to finish the course.",),
          ("It is essential to finish the course.",)),
    _Spec("restricted", "plain-language", "info", "'{words}' is not among the most common words.",
          ("Ibuprofen attenuates inflammation.",), ("Take it with water.",), default_on=False,
          reason_off="flags every word outside a list of 1,000 or elementary-school words"),
    _Spec("skunked_terms", "style", "info",
          "'{words}' is read differently by different readers; rephrase.",
          ("A missed dose can decimate the benefit.",), ("A missed dose can reduce the benefit.",)),
    _Spec("social_awareness", "inclusive-language", "warning",
          "'{words}' is not inclusive language.",
          ("Ask the chairman of the ethics board.",), ("Ask the chair of the ethics board.",)),
    _Spec("spelling", "spelling", "warning", "Misspelling: '{words}'.",
          ("Take it immediatly if you miss a dose.",), ("Take it immediately if you miss a dose.",)),
    _Spec("terms", "style", "info", "There is a single word for '{words}'.",
          ("The rash had a crab-like shape.",), ("The rash had a round shape.",),
          default_on=False,
          reason_off="suggests the rarer word ('accipitrine' for 'hawk-like'), the opposite of plain language"),
    _Spec("typography.diacritical_marks", "style", "info", "Diacritical mark missing in '{words}'.",
          ("Do not drink coffee at the cafe before the test.",),
          ("Do not drink coffee before the test.",),
          default_on=False, reason_off="patient copy prefers the plain spellings 'naive', 'cafe'"),
    _Spec("typography.punctuation.exclamation", "style", "info", "Too many exclamation marks.",
          ("Stop! Now! Call! Help! Fast! Go! Run! Wait! No! Yes! Stop! Now! Call!",),
          ("Call for help now.",), default_on=False,
          reason_off="a rate over the whole text; meaningless block by block"),
    _Spec("typography.punctuation.spacing", "style", "info", "Inconsistent spacing after a full stop.",
          ("Take it.  Then rest. Then eat.",), ("Take it. Then rest. Then eat.",),
          default_on=False, reason_off="runs of spaces collapse when Markdown or HTML is rendered"),
    _Spec("typography.punctuation", "style", "info", "Punctuation: '{words}'.",
          ("This works every time!!!",), ("This works every time.",)),
    _Spec("typography.symbols.curly_quotes", "style", "info", "Straight quotes: '{words}'.",
          ('The label says "shake well" on the side.',), ("The label says to shake well.",),
          default_on=False, reason_off="the publishing system sets curly quotes"),
    _Spec("typography.symbols.ellipsis", "style", "info", "Three dots instead of an ellipsis.",
          ("Wait for it...",), ("Wait for it.",), default_on=False,
          reason_off="the publishing system sets ellipses"),
    _Spec("typography.symbols.sentence_spacing", "style", "info", "Extra spaces after a full stop.",
          ("Take it.   Then rest.",), ("Take it. Then rest.",), default_on=False,
          reason_off="runs of spaces collapse when Markdown or HTML is rendered"),
    _Spec("typography.symbols", "style", "info", "Use the real symbol instead of '{words}'.",
          ("Brand(R) tablets are sold in boxes.",), ("Brand tablets are sold in boxes.",)),
    _Spec("uncomparables", "style", "info", "Comparison of a word that has no degrees ('{words}').",
          ("This is a very unique medicine.",), ("This is a unique medicine.",)),
    _Spec("weasel_words", "style", "info", "'{words}' adds little; cut it or be specific.",
          ("It is very important to drink water.",), ("It is important to drink water.",),
          default_on=False,
          reason_off="'very' is plain language, and 'very common'/'very rare' are the standard "
                     "words for side-effect frequency"),
)
_SPEC_BY_KEY = {s.key: s for s in _SPECS}


def _general(message: str) -> str:
    """A finding's message template without the flagged words, for `medcheck rules`."""
    message = message.replace(": '{words}'", "").replace(" ('{words}')", "")
    if message.startswith("'{words}'"):
        message = "This wording" + message[len("'{words}'"):]
    return message.replace("'{words}'", "this wording").replace("{words}", "this wording")


def _info(spec: _Spec) -> RuleInfo:
    rationale = f"Off by default: {spec.reason_off}." if not spec.default_on else ""
    info = declare(PREFIX + spec.key, _general(spec.message), _SOURCE.format(key=spec.key),
                   spec.match, spec.no_match, category=spec.category, severity=spec.severity,
                   rationale=rationale, default_on=spec.default_on)
    return replace(info, line=spec.line)  # where the spec is written, not this function


RULES: list[RuleInfo] = [_info(s) for s in _SPECS]
_RULE_BY_ID = {r.id: r for r in RULES}


def spec_for(path: str) -> _Spec:
    """The most specific configuration key that covers a proselint check path."""
    parts = path.split(".")
    for n in range(len(parts), 0, -1):
        spec = _SPEC_BY_KEY.get(".".join(parts[:n]))
        if spec is not None:
            return spec
    raise KeyError(path)


def _listed(key: str, items: Iterable[str]) -> bool:
    for item in items:
        item = item[len(PREFIX):] if item.startswith(PREFIX) else item
        if item in ("*", "proselint") or key == item or key.startswith(item + "."):
            return True
    return False


def _registry_paths() -> tuple[str, ...]:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry

    registry = CheckRegistry()
    if not registry.checks:  # a process-wide singleton: register proselint's checks once
        registry.register_many(__register__)
    return tuple(sorted({c.path for c in registry.checks}))


def _proselint_config(selected: frozenset[str]) -> dict:
    """proselint's Config with every check path listed explicitly (on or off), deepest
    first, as its registry expects."""
    checks = {p: p in selected for p in _registry_paths()}
    ordered = dict(sorted(checks.items(), key=lambda kv: kv[0].count("."), reverse=True))
    return {"max_errors": _MAX_ERRORS, "checks": ordered}


PROSELINT = Option("proselint", {"enabled_checks": "list[str]", "disabled_checks": "list[str]"},
                   {"enabled_checks": [], "disabled_checks": []},
                   "proselint checks to turn on or off.")


def selected_paths(config: Any) -> frozenset[str]:
    """proselint check paths to run for this configuration."""
    table = PROSELINT.value(config)
    try:
        enable = list(config.turned_on() if hasattr(config, "turned_on") else config.get("enable") or [])
    except (KeyError, AttributeError, TypeError):
        enable = []
    # "ALL" or a category turns on the checks that are off by default; the dispatcher
    # then drops the findings of whatever the selection leaves off.
    on_extra = tuple(list(table.get("enabled_checks") or [])
                     + [e for e in enable if e.startswith(PREFIX) or e == "proselint.*"]
                     + (["*"] if "ALL" in enable else []))
    off_extra = tuple(table.get("disabled_checks") or [])
    return _selected_paths(on_extra, off_extra, frozenset(e for e in enable if e in CATEGORIES))


def _selected_paths(on_extra: tuple[str, ...], off_extra: tuple[str, ...],
                    categories: frozenset[str] = frozenset()) -> frozenset[str]:
    chosen = set()
    for path in _registry_paths():
        spec = spec_for(path)
        on = spec.default_on or _listed(path, on_extra) or _listed(spec.key, on_extra) \
            or spec.category in categories
        if _listed(path, off_extra):
            on = False
        if on:
            chosen.add(path)
    return frozenset(chosen)


# --- running proselint ------------------------------------------------------------------
#
# proselint's ``LintFile.lint`` recomputes the enabled checks (every check against every
# configuration key) on each call: two thirds of the time when called once per block.
# So the enabled checks are resolved once per selection, and run the way ``lint`` runs
# them: ``check.check_with_flags(content)`` on the text padded with a newline on each
# side, results inside quotes dropped unless the check allows quotes, at most
# ``max_errors`` results, sorted by position (``lint`` sorts by line and column, the
# same order).
#
# And the blocks of a document are linted together: most checks are regular
# expressions whose per-call cost dwarfs the matching, so each runs once over the
# padded blocks joined by a NUL, which no check's words, spaces or punctuation match.
# That is exact only for checks whose matches depend on nothing outside the match, so:
# - a match that is not inside one padded block (it reaches a NUL) makes the blocks it
#   touches run that check on their own, as before;
# - checks that look at the whole text run block by block: anchored patterns (``^``),
#   rate thresholds (ppm of the text), consistency checks (a majority over the text;
#   only blocks where both spellings occur can report, so only those are run), and any
#   check written as a function that is not known to be a plain pattern search.

_SEPARATOR = "\x00"
# Function checks that only search fixed patterns (a gate "does the text contain X"
# before patterns that all contain X is the same on the joined text).
_PLAIN_FUNCTIONS = frozenset({"misc.greylist", "misc.waxed", "terms.venery", "uncomparables"})
_ANCHOR = re.compile(r"(?<![\\\[])\^|(?<!\\)\$|\\[AZz]")
# Lookarounds that see the same on the joined text as at a block's ends: negative, and
# nothing in them matches a NUL. (proselint 0.16 has no others; a new one makes its
# check run block by block until it is looked at.)
_SAFE_LOOKAROUNDS = ("(?<![A-Za-z'-])", "(?![A-Za-z'-])", "(?! well)")
_LOOKAROUND = re.compile(r"\(\?<?[=!]")


def _whole_text_pattern(pattern: str) -> bool:
    """Whether a pattern's matches may depend on text beyond a block's padding."""
    for safe in _SAFE_LOOKAROUNDS:
        pattern = pattern.replace(safe, "")
    return bool(_ANCHOR.search(pattern) or _LOOKAROUND.search(pattern))

_JOINED, _PER_BLOCK, _CONSISTENCY = "joined", "per-block", "consistency"


def _gate(check: Any) -> Any:
    """A cheap pattern that every match of the check contains, or None.

    proselint's "most unique" check tries 74 alternatives, each behind a lookbehind,
    with Python's re at every position: half of all proselint time on medquad, for a
    phrase that almost never occurs. Each of its matches contains "least|most",
    spaces and one of the listed words, so a text without that (same engine, same
    flags) has no match and the check is skipped; otherwise it runs as it is."""
    if check.path == "uncomparables" and type(check.engine).__name__ == "Fancy":
        from proselint.checks import uncomparables

        return check.engine.compiled_pattern(r"(?:%s)\s+(?:%s)" % (
            "|".join(uncomparables.FANCY_COMPARATORS), "|".join(uncomparables.UNCOMPARABLES)))
    kind = check.check_type
    if check.path == "lexical_illusions" and getattr(kind, "pattern", None) == _REPEAT_PATTERN \
            and type(check.engine).__name__ == "Fancy" and check.engine.opts.case_insensitive \
            and not check.engine.opts.multi_line:
        return _RepeatScreen(check.engine.compiled_pattern(kind.pattern))
    return None


# proselint's repeated-phrase pattern (1 to 4 words, then the same again), run with
# Python's re and a back-reference: a third of the remaining proselint time, for a
# mistake few pages make. The screen is written for exactly this pattern.
_REPEAT_PATTERN = r"(?<![A-Za-z'-])(\w+(?:\s+\w+){0,3})(\s+\1)+(?![A-Za-z'-])"
_WORD_RUN = re.compile(r"\w+")
_RUN_BREAK = re.compile(r"[0-9_]")


class _RepeatScreen:
    """Whether a text can hold a match of ``_REPEAT_PATTERN`` (case-insensitive).

    A match is a phrase P of k = 1 to 4 words, spaces, and P again. In runs of word
    characters (``\\w+``), lower-cased: P's words after the first are whole runs, and
    so are the copy's words but its last (which may go on with a digit or an
    underscore: the look-ahead only forbids a letter, an apostrophe or a hyphen).
    P's first word ends where its run ends and starts where it starts, or after a
    digit or underscore inside it. So for some run i: runs i+1 .. i+k-1 equal runs
    i+k+1 .. i+2k-1 (the last of those may be longer, by a digit or underscore and
    more), and run i+k equals run i (for k = 1: starts like it). Each such candidate
    is then tried with the check's own pattern on those runs alone (most are no repeat:
    "25/25" has a slash between). A text with no candidate that matches cannot match,
    and the check is skipped (``heads`` and ``tails``: where a run
    holding a digit or underscore may be cut for the first word or the copy's last). Only
    ASCII text is screened (there lower-casing is exactly the pattern's
    case-insensitivity); any other text runs the check."""

    def __init__(self, pattern: Any):
        self.pattern = pattern   # the check's own, compiled by its engine

    def search(self, text: str) -> bool:
        if not text.isascii():
            return True
        words = _WORD_RUN.findall(text.lower())
        n = len(words)
        runs: list[Any] = []

        def found(first: int, last: int) -> bool:
            """The check's pattern on the runs first..last and one character either side
            (its look-behind and look-ahead): a candidate is often no repeat at all
            ("25/25", "the dose. The dose")."""
            if not runs:  # where the runs are, looked up for the first candidate only
                runs.extend(_WORD_RUN.finditer(text))
            return self.pattern.search(text, max(0, runs[first].start() - 1),
                                       runs[last].end() + 1) is not None

        cut = [not w.isalpha() for w in words]  # may be cut at a digit or underscore
        memo: dict[tuple[str, str], set[str]] = {}

        def heads(j: int) -> set[str]:   # where P's first word may start in run j
            w = words[j]
            if not cut[j]:
                return {w}
            found_ = memo.get(("h", w))
            if found_ is None:
                found_ = memo[("h", w)] = {w, *(w[m.end():] for m in _RUN_BREAK.finditer(w)
                                                if m.end() < len(w))}
            return found_

        def tails(j: int) -> set[str]:   # where the copy's last word may end in run j
            w = words[j]
            if not cut[j]:
                return {w}
            found_ = memo.get(("t", w))
            if found_ is None:
                found_ = memo[("t", w)] = {w, *(w[:m.start()] for m in _RUN_BREAK.finditer(w)
                                                if m.start())}
            return found_

        for k in range(1, 5):
            if n < 2 * k:
                break
            if k == 1:
                fits = map(or_, map(or_, map(eq, words, words[1:]), cut), cut[1:])
            else:   # run i+k is run i or a part of it that ends it
                fits = map(str.endswith, words, words[k:])
            for i in compress(range(n - k), fits):
                if k == 1:
                    if heads(i) & tails(i + 1) and found(i, i + 1):
                        return True
                    continue
                if i + 2 * k - 1 >= n or words[i + k] not in heads(i):
                    continue
                if all(words[i + m] == words[i + k + m] for m in range(1, k - 1)) \
                        and words[i + k - 1] in tails(i + 2 * k - 1) and found(i, i + 2 * k - 1):
                    return True
        return False


class _Plan(tuple):
    """The enabled checks as (check, how it is run, its gate), in proselint's order,
    with the ``screen`` that tells which of them can match a page at all."""

    screen: "_Screen | None" = None


def _screened_patterns(check: Any) -> "list[str] | None":
    """Every regular expression a check searches with, as proselint writes and pads
    it, when the check is a plain search with RE2 (the Fast engine): a text none of
    them matches gets no result from the check. None for checks written as functions
    or run with Python's re: those always run."""
    from proselint.registry.checks import engine, types

    if type(check.engine) is not engine.Fast:
        return None
    return _patterns_of(check.check_type)


def _loosely_screened_patterns(check: Any) -> "list[str] | None":
    """For a check run with Python's re whose items are plain words (letters, digits,
    spaces, apostrophes, hyphens): the items with their padding, for RE2. A text
    none of them matches (on ASCII text, where RE2's and re's case-insensitivity and
    word characters agree) gets no result from the check. ``misc.preferred_forms`` alone, run as one alternation of 136 phrases
    behind a look-behind at every position, was half of proselint's remaining time."""
    from proselint.registry.checks import engine, types

    kind = check.check_type
    if type(check.engine) is not engine.Fancy or check.engine.opts.multi_line or not isinstance(
            kind, (types.Existence, types.PreferredForms, types.PreferredFormsSimple)):
        return None
    items = list(kind.items)
    if not items or not all(_PLAIN_ITEM.fullmatch(item) for item in items):
        return None
    if kind.padding == engine.Padding.STRICT_WORDS_IN_TEXT:
        # its look-arounds as RE2 can say them (consuming the character next to the
        # item, which only tells whether there is a match, not where)
        return [r"(?:^|[^A-Za-z'-])(?:%s)(?:[^A-Za-z'-]|$)" % item for item in items]
    return [kind.padding.format(item) for item in items]



def _patterns_of(kind: Any) -> "list[str] | None":
    from proselint.registry.checks import types

    if isinstance(kind, types.Existence):
        return [kind.padding.format(p) for p in kind.items]
    if isinstance(kind, (types.PreferredForms, types.PreferredFormsSimple)):
        return [kind.padding.format(p) for p in kind.items]
    if isinstance(kind, types.ExistenceSimple):
        return [kind.pattern]
    if isinstance(kind, types.Consistency):
        return [term for pair in kind.term_pairs for term in pair]
    return None


class _Screen:
    """proselint's checks compiled into medcheck's matchers: one Aho-Corasick automaton
    over every plain item (a word or phrase: most of them), and one RE2 set per set of
    regex options for every other pattern. One pass of each over a page's joined blocks
    names the checks that can match and which of their items; the others cannot
    report anything there and are skipped, instead of each check making its own
    passes (one per item for some). The checks that can match run as proselint runs
    them, so their results, messages and order are proselint's.

    An item found by the automaton counts only where the padding proselint gives it
    lets it stand (``\\b``: no word character before it, nor after it when it ends
    with one; the look-arounds: no letter, apostrophe or hyphen on either side): a
    necessary condition, so nothing that matches is skipped."""

    def __init__(self, plan: "tuple[tuple[Any, str, Any], ...]"):
        import ahocorasick
        import re2
        from proselint.registry.checks.engine import Padding

        groups: dict[Any, tuple[Any, list[tuple[int, int]]]] = {}
        words: dict[str, list[tuple[int, int, str | None]]] = {}
        self.covered: set[int] = set()
        self.loose: set[int] = set()     # screened on ASCII text only
        self.folded: set[int] = set()    # checks with items in the automaton
        self.sets: list[tuple[Any, list[tuple[int, int]]]] = []
        for i, (check, _mode, _gate) in enumerate(plan):
            patterns = _screened_patterns(check)
            if not patterns:
                patterns = _loosely_screened_patterns(check)
                if not patterns:
                    continue
                self.loose.add(i)
            kind = check.check_type
            items = list(kind.items) if isinstance(getattr(kind, "items", None), (dict, tuple, list)) \
                else None
            padding = getattr(kind, "padding", None)
            start_rule = {Padding.WORDS_IN_TEXT: "word",
                          Padding.STRICT_WORDS_IN_TEXT: "strict"}.get(padding)
            opts = check.engine.opts
            for k, pattern in enumerate(patterns):
                item = items[k] if items is not None and len(items) == len(patterns) else None
                if item is not None and _PLAIN_ITEM.fullmatch(item):
                    words.setdefault(item.lower(), []).append((i, k, start_rule))
                    self.folded.add(i)
                    continue
                if opts not in groups:
                    # proselint's own options (a copy: its object is shared by its patterns)
                    options = re2.Options()
                    for name in ("perl_classes", "word_boundary", "never_capture",
                                 "case_sensitive", "one_line"):
                        setattr(options, name, getattr(opts.re2_opts, name))
                    options.max_mem = 64 << 20
                    groups[opts] = (re2.Set.SearchSet(options), [])
                found, owners = groups[opts]
                try:
                    found.Add(pattern)
                except Exception:  # a pattern RE2 cannot add: no check is screened
                    raise _Unscreened() from None
                owners.append((i, k))
            self.covered.add(i)
        for found, owners in groups.values():
            try:
                found.Compile()
            except Exception:
                raise _Unscreened() from None
            self.sets.append((found, owners))
        self.automaton = None
        if words:
            self.automaton = ahocorasick.Automaton()
            for word, owners_ in words.items():
                self.automaton.add_word(word, (len(word), word[-1].isalnum(), tuple(owners_)))
            self.automaton.make_automaton()

    def possible(self, text: str) -> dict[int, set[int]]:
        """For each screened check that may match ``text`` (its index in the plan), which
        of its patterns (``_screened_patterns``) may match."""
        out: dict[int, set[int]] = {}
        for found, owners in self.sets:
            for h in found.Match(text) or ():
                i, k = owners[h]
                out.setdefault(i, set()).add(k)
        ascii_text = text.isascii()
        if self.automaton is not None:
            for end, (size, word_end, owners_) in self.automaton.iter(_folded(text, ascii_text)):
                start = end - size + 1
                before = text[start - 1] if start > 0 else ""
                after = text[end + 1] if end + 1 < len(text) else ""
                for i, k, rule in owners_:
                    if rule == "word" and (before and _ASCII_WORD_CHAR(before)
                                           or word_end and after and _ASCII_WORD_CHAR(after)):
                        continue
                    if rule == "strict" and (before and before in _STRICT_NEIGHBOUR
                                             or after and after in _STRICT_NEIGHBOUR):
                        continue
                    out.setdefault(i, set()).add(k)
        if self.loose and not ascii_text:
            for i in self.loose:
                out.setdefault(i, set())
        return out


_PLAIN_ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9' -]*")
_ASCII_WORD_CHAR = re.compile(r"[A-Za-z0-9_]").match
_STRICT_NEIGHBOUR = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'-")
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(65, 91)}
                             | {"\u212a": "k", "\u017f": "s"})


def _folded(text: str, ascii_text: bool) -> str:
    """The text lower-cased for the automaton, same length, with every character that
    a case-insensitive match takes for an ASCII letter made that letter (the Kelvin
    sign, the long s): an item matches the text only where it is in this string."""
    if ascii_text:
        return text.lower()
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text.translate(_ASCII_LOWER)
    return lowered.replace("\u017f", "s") if "\u017f" in lowered else lowered


def _narrowed(check: Any, matched: set[int]) -> Any:
    """A check that searches one pattern per item, narrowed to the items whose pattern
    matches the page: the same results in the same order (an item without a match
    adds none), without a pass over the text for each of hundreds of items."""
    from proselint.registry.checks import engine, types

    kind = check.check_type
    if isinstance(kind, types.PreferredForms) and type(check.engine) is engine.Fast \
            and len(matched) < len(kind.items):
        items = {key: value for k, (key, value) in enumerate(kind.items.items()) if k in matched}
        return check._replace(check_type=kind._replace(items=items))
    return check


class _Unscreened(Exception):
    """The checks cannot be screened (a pattern RE2's set rejects): all of them run."""


def _plan(selected: frozenset[str]) -> tuple[tuple[Any, str, Any], ...]:
    """The enabled proselint checks in proselint's order, each with how it is run and
    its gate (see ``_gate``), and the screen over all of them (``_Screen``)."""
    from proselint.registry import CheckRegistry
    from proselint.registry.checks import types

    _registry_paths()
    checks = CheckRegistry().get_all_enabled(_proselint_config(selected)["checks"])
    plan = []
    for check in checks:
        kind = check.check_type
        if check.flags.ppm_threshold:
            mode = _PER_BLOCK
        elif isinstance(kind, types.Consistency):
            mode = _CONSISTENCY
        elif isinstance(kind, (types.Existence, types.PreferredForms, types.PreferredFormsSimple)):
            patterns = [kind.padding.format(p) for p in kind.items]
            mode = _PER_BLOCK if any(map(_whole_text_pattern, patterns)) else _JOINED
        elif isinstance(kind, types.ExistenceSimple):
            mode = _PER_BLOCK if _whole_text_pattern(kind.pattern) else _JOINED
        elif isinstance(kind, types.ReverseExistence):
            mode = _PER_BLOCK if _whole_text_pattern(kind.TOKENIZER) else _JOINED
        else:
            mode = _JOINED if check.path in _PLAIN_FUNCTIONS else _PER_BLOCK
        plan.append((check, mode, _gate(check)))
    out = _Plan(plan)
    try:
        out.screen = _Screen(out)
    except _Unscreened:
        out.screen = None
    return out


class _Joined:
    """The padded blocks of one document joined by NULs, with each block's place."""

    def __init__(self, texts: list[str]):
        self.padded = ["\n" + t + "\n" for t in texts]
        self.starts: list[int] = []
        at = 0
        for p in self.padded:
            self.starts.append(at)
            at += len(p) + len(_SEPARATOR)
        self.text = _SEPARATOR.join(self.padded)

    def block_of(self, start: int, end: int) -> int | None:
        """The block whose padded text holds [start, end), or None."""
        k = bisect_right(self.starts, start) - 1
        if k >= 0 and start < self.starts[k] + len(self.padded[k]) \
                and end <= self.starts[k] + len(self.padded[k]):
            return k
        return None

    def touched(self, start: int, end: int) -> range:
        """The blocks [start, end) reaches, with a neighbour on each side."""
        lo = bisect_right(self.starts, start) - 1
        hi = bisect_right(self.starts, max(start, end - 1)) - 1
        return range(max(0, lo - 1), min(len(self.padded), hi + 2))


def _match_span(check: Any, span: tuple[int, int]) -> tuple[int, int]:
    """The regex match behind a result (results are shifted by the check's offset)."""
    from proselint.registry.checks import types

    extra = 1 if isinstance(check.check_type, types.ReverseExistence) else 0
    return span[0] - check.offset[0] - extra, span[1] - check.offset[1]


def _consistency_candidates(check: Any, joined: _Joined) -> set[int]:
    """Blocks in which both terms of some pair occur: a consistency check reports
    nothing in a block that lacks one of them."""
    found: set[int] = set()
    for pair in check.check_type.term_pairs:
        hit = []
        for term in pair:
            blocks: set[int] = set()
            for m in check.engine.finditer(term, joined.text):
                k = joined.block_of(m.start(), m.end())
                blocks.update((k,) if k is not None else joined.touched(m.start(), m.end()))
            hit.append(blocks)
        found |= hit[0] & hit[1]
    return found


def _raw_results(texts: list[str], selected: frozenset[str],
                 plan: "tuple[tuple[Any, str, Any], ...] | None" = None) -> list[list[Any]]:
    """For each text, the CheckResults ``LintFile("<block>", text).lint(config)``
    returns, in its order, with spans in the padded text (``plan``: ``_plan(selected)``
    when already made)."""
    from proselint.tools import QUOTE_PATTERN, check_matching_quotes, find_spans

    joined = _Joined(texts)
    results: list[list[Any]] = [[] for _ in texts]
    quotes: list[tuple[int, ...] | None] = [None] * len(texts)

    def quoted(k: int, position: int) -> bool:
        if quotes[k] is None:
            quotes[k] = tuple(chain.from_iterable(
                find_spans(joined.padded[k], QUOTE_PATTERN, check_matching_quotes)))
        return bisect_left(quotes[k], position) % 2 == 1

    plan = plan if plan is not None else _plan(selected)
    screen = getattr(plan, "screen", None)
    possible = screen.possible(joined.text) if screen is not None else {}
    for i, (check, mode, gate) in enumerate(plan):
        if screen is not None and i in screen.covered:
            if i not in possible:
                continue
            check = _narrowed(check, possible[i])
        if gate is not None and not gate.search(joined.text):
            continue
        per_block: dict[int, list[Any]] = {}
        if mode == _JOINED:
            alone: set[int] = set()
            for result in check.check_with_flags(joined.text):
                start, end = _match_span(check, result.span)
                k = joined.block_of(start, end)
                if k is None:
                    alone.update(joined.touched(start, end))
                    continue
                shift = joined.starts[k]
                per_block.setdefault(k, []).append(result._replace(
                    span=(result.span[0] - shift, result.span[1] - shift)))
        elif mode == _CONSISTENCY:
            alone = _consistency_candidates(check, joined)
        else:
            alone = set(range(len(texts)))
        for k in alone:
            per_block[k] = list(check.check_with_flags(joined.padded[k]))
        for k, found in per_block.items():
            keep = results[k]
            for result in found:
                if check.flags.allow_quotes or not quoted(k, result.span[0]):
                    keep.append(result)
    out = []
    for found in results:
        found = found[:_MAX_ERRORS]
        found.sort(key=lambda r: r.span[0])  # stable, like lint's sort by (line, column)
        out.append(found)
    return out


def lint_texts(texts: list[str], selected: frozenset[str],
               plan: "tuple[tuple[Any, str, Any], ...] | None" = None
               ) -> list[list[tuple[int, int, str, str | None]]]:
    """For each text, (start, end, check path, replacement) with offsets in that text:
    what linting each text on its own gives, computed for all of them at once."""
    if not selected:
        return [[] for _ in texts]
    todo = [i for i, t in enumerate(texts) if t.strip()]
    raw = _raw_results([texts[i] for i in todo], selected, plan) if todo else []
    out: list[list[tuple[int, int, str, str | None]]] = [[] for _ in texts]
    for i, found in zip(todo, raw):
        out[i] = _clean(texts[i], found)
    return out


def lint_text(text: str, selected: frozenset[str]) -> list[tuple[int, int, str, str | None]]:
    """(start, end, check path, replacement) for one block's text; offsets in ``text``."""
    return lint_texts([text], selected)[0]


def _clean(text: str, found: list[Any]) -> list[tuple[int, int, str, str | None]]:
    out = []
    # proselint pads the text with a newline on each side: spans are shifted by one.
    for cr in found:
        start, end = cr.span[0] - 1, cr.span[1] - 1
        start, end = max(0, start), min(len(text), end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        if cr.check_path == "lexical_illusions" and _layout_repeat(text, start, end):
            continue
        if _literal_use(cr.check_path, text, start, end):
            continue
        out.append((start, end, cr.check_path, cr.replacements))
    return out


# "A reduction in the amount of iron": the amount is what changes, not commercialese for
# "of" ("a cheque in the amount of $50"). "More than half of all people": a proportion,
# not the illogical "more than ... all".
_CHANGE_BEFORE = re.compile(r"\b(?:reduction|reductions|increase|increases|decrease|decreases|rise|"
                            r"drop|fall|decline|change|changes|loss|gain|difference|differences|"
                            r"variation|shortage|excess|deficit|build-up|buildup|imbalance)\s+$", re.I)
_TIME_OF_DAY = re.compile(r"\b(?:morning|evening|night|bedtime|waking|awakening|wake up|"
                         r"afternoon|daytime|overnight|sleep)\b", re.I)
_PROPORTION = re.compile(r"^more\s+than\s+(?:half|a\s+third|a\s+quarter|two[- ]thirds|three[- ]quarters|"
                         r"one[- ]\w+|\d[\d.,]*\s*(?:%|percent|per\s+cent))\s+of\s+all$", re.I)


def _literal_use(path: str, text: str, start: int, end: int) -> bool:
    """A listed phrase used for what its words literally say."""
    words = " ".join(text[start:end].split())
    if path.startswith("industrial_language") and words.lower() == "in the amount of":
        return bool(_CHANGE_BEFORE.search(text[max(0, start - 30):start]))
    if path == "misc.illogic":
        return bool(_PROPORTION.match(words))
    if words.lower() == "at the end of the day":
        # "Swelling is worse at the end of the day, or on waking": the time of day.
        return bool(_TIME_OF_DAY.search(text, max(0, start - 120), min(len(text), end + 120)))
    return False


_NUMBER_WORD = re.compile(r"\s+(?:hundred|thousand|million|billion)\b", re.I)


def _layout_repeat(text: str, start: int, end: int) -> bool:
    """proselint's repeated-word check also fires on "in 1 in 160,000" (a repeat that
    stops inside a number or word) and on "Chemotherapy     Chemotherapy is a ..." (a
    run-in heading flattened into its paragraph by the source's layout); "in 1 in 1
    million" is the same ratio with its number in words; "in 1 in 1,000" stops inside a
    number written with a separator, and "fingers 2 and 5 5% ..." is a row of a table of
    figures flattened into the line (the second number is a percentage)."""
    if end < len(text) and text[end].isalnum():
        return True
    if end < len(text) and text[end - 1].isdigit() and (
            text[end] == "%" or (text[end] in ",." and text[end + 1:end + 2].isdigit())):
        return True
    if any(c.isdigit() for c in text[start:end]) and _NUMBER_WORD.match(text, end):
        return True
    return bool(re.search(r"\s{3,}|\n", text[start:end]))


_REGEXISH = re.compile(r"[\\\[\]{}()|^$*+?]")
# Our messages that name the kind of problem but not why ("Wording: 'Suddenly'."): the
# finding adds the reason proselint's own check gives ("Suddenly is nondescript, ...").
_GENERIC = re.compile(r"^[A-Z][\w ,-]*: '\{words\}'\.$")


def _check_messages() -> dict[str, str]:
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)
    out: dict[str, str] = {}
    for check in registry.checks:
        out.setdefault(check.path, str(getattr(check, "message", "") or ""))
    return out


_MESSAGES: dict[str, str] | None = None


def _reason(path: str, words: str, replacement: str | None) -> str:
    """proselint's own explanation for the check at ``path``, its blanks filled with the
    suggested and the flagged words, or cut before the first blank it cannot fill."""
    global _MESSAGES
    if _MESSAGES is None:
        _MESSAGES = _check_messages()
    text = " ".join(_MESSAGES.get(path, "").split())
    blanks = text.count("{}")
    if blanks:
        if replacement and blanks <= 2:
            text = text.format(*([replacement, words][:blanks]))
        elif blanks == 1:
            # One blank and nothing suggested: the blank is the flagged words
            # ("'{}' is hyperbolic.").
            text = text.format(words)
        else:
            text = text[:text.index("{}")].rsplit(".", 1)[0].strip()
            # What is left before the blank may be no words at all (a quote mark).
            text = text + "." if re.search(r"[A-Za-z]{2}", text) else ""
    return text if text.endswith((".", "!", "?")) or not text else text + "."


class _Plans:
    """Per run: the proselint checks each configuration selects, and how each selection
    is run (resolving them costs more than linting a page)."""

    def __init__(self) -> None:
        self.selected: dict[tuple, frozenset[str]] = {}
        self.plans: dict[frozenset[str], tuple[tuple[Any, str, Any], ...]] = {}

    def for_page(self, ctx: Context) -> tuple[frozenset[str], tuple[tuple[Any, str, Any], ...]]:
        """The checks to run for this page's configuration: those it selects whose rule
        is on (the findings of a rule that is off would be dropped anyway)."""
        key = ctx.config.digest() if ctx.config is not None else ""
        selected = self.selected.get(key)
        if selected is None:
            rules = ctx.selection
            selected = self.selected[key] = frozenset(
                p for p in selected_paths(ctx.config)
                if rules.enabled(_RULE_BY_ID[PREFIX + spec_for(p).key]))
        plan = self.plans.get(selected)
        if plan is None:
            plan = self.plans[selected] = _plan(selected)
        return selected, plan


PLANS: RunIndex[_Plans] = RunIndex("prose.plans", lambda run: _Plans())


_MINOR_WORDS = frozenset("a an the and or but nor of in on at to for by with from as vs".split())


def _title_case(text: str) -> bool:
    """A heading in title case: every word but the minor ones starts with a capital."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if w.lower() not in _MINOR_WORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _in_capitalised_name(text: str, start: int, end: int) -> bool:
    """The word is one of a run of capitalised words: a name or a title ("about Winter
    Weather Emergencies", "the Summer Olympics"), where its capital is right."""
    after = re.match(r"\s+([A-Z][a-z]+)", text[end:])
    return bool(after and after.group(1).lower() not in _MINOR_WORDS)


@page_check(*RULES)
def proselint_checks(doc: Document, ctx: Context) -> Iterable[Finding]:
    assert ctx.run is not None
    selected, plan = ctx.run.index(PLANS).for_page(ctx)
    if not selected:
        return []
    findings: list[Finding] = []
    blocks = [block for block in doc.blocks
              if block.text.strip() and not (block.kind == LINK_TEXT and block.attrs.get("container"))]
    for block, found in zip(blocks, lint_texts([b.text for b in blocks], selected, plan)):
        title_case = block.kind == HEADING and _title_case(block.text)
        for start, end, path, replacement in found:
            if path.startswith("misc.capitalization") and (
                    title_case or _in_capitalised_name(block.text, start, end)):
                continue  # "Winter Weather Emergencies": a title's words, or a name's
            spec = spec_for(path)
            words = " ".join(block.text[start:end].split())
            suggestions = ((replacement,) if replacement and not _REGEXISH.search(replacement)
                           and replacement.strip().lower() != words.lower() else ())
            s, e = block.source_span(start, end)
            message = spec.message.format(words=words)
            if _GENERIC.match(spec.message):
                reason = _reason(path, words, suggestions[0] if suggestions else None)
                if reason:
                    message = f"{message} {reason}"
            findings.append(finding_for(_RULE_BY_ID[PREFIX + spec.key], s, e,
                                        message=message,
                                        suggestions=suggestions,
                                        data={"proselint_check": path}))
    return findings


FAMILY = Family(name="prose", rules=tuple(RULES), checks=(proselint_checks,),
                outranks=("lt.*",), indexes=(PLANS,), options=(PROSELINT,))
check = FAMILY.check
