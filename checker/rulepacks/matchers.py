"""Run the YAML rules over a document.

Each kind of matching is implemented once here and reused by every rule:

- terms and substitutions: every variant of every term of every rule goes into
  ONE Aho-Corasick automaton over lower-cased text, so the cost of a scan grows
  with the text, hardly with the number of rules; each hit is then confirmed
  (word boundaries, case, exceptions, scope, conditions);
- patterns: RE2 (linear time: a pack cannot hang the linter);
- requires: page level, "mentions A, so must mention one of B";
- near: A within N words of B in the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import ahocorasick
import re2

from ..model import Block, Document, Finding, RuleInfo
from ..textutil import (agree_article, apply_suffix, derive_suffix, inflections, is_word_char,
                        lower_same_length, sentence_spans, word_spans)
from .loader import PackRule, RulePacks

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # errors are reported once, as a PackError


def compile_pattern(pattern: str, case_sensitive: bool):
    return re2.compile(pattern if case_sensitive else "(?i)" + pattern, _RE2_OPTIONS)


def _variants(term: str, inflect: bool) -> tuple[str, ...]:
    return inflections(term) if inflect else (term,)


def format_message(template: str, match: str, suggestion: str | None) -> str:
    # Plain replacement, not str.format: messages written by editors may contain braces.
    return template.replace("{match}", match).replace("{suggestion}", suggestion or "")


def match_case(replacement: str, original: str) -> str:
    """'Utilize' -> 'Use', 'UTILIZE' -> 'USE' (short words only), 'utilize' -> 'use'."""
    letters = [c for c in original if c.isalpha()]
    if letters and len(letters) <= 4 and all(c.isupper() for c in letters):
        # An abbreviation (QD, Q.O.D., APAP): its capitals say
        # nothing about sentence case, so "Take 1 tablet QD" becomes "... daily", not "Daily".
        return replacement
    if original.isupper() and len(original) > 3 and not replacement.isupper():
        return replacement.upper()
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _inflect_suggestion(term: str, matched: str, suggestion: str, fixable: bool) -> tuple[str, bool]:
    """'utilized' for 'utilize' -> 'used' for 'use'. Multi-word suggestions are left as
    written (which word to inflect is a judgement), and then never applied automatically."""
    how = derive_suffix(lower_same_length(term), lower_same_length(matched))
    if how is None:
        return suggestion, False
    if " " in suggestion.strip():
        return suggestion, False
    return apply_suffix(suggestion, how[1]), fixable


_PERCENT = re.compile(r"(?<!\S)[<>~]?\d[\d.,]*\s?%(?!\w)")
_LABEL_BREAK = re.compile(r"[.;:!?]")
# The end of a table's header line, where the first row's label begins.
_ROW_HEAD = re.compile(r"[):]\s+")


def figure_label(text: str, start: int, end: int) -> bool:
    """The words at [start, end) are a label between two percentages ("... 50% Renal
    insufficiency 7.5% ..."): a row of a frequency table flattened into running text,
    which the block as a whole may not show (a sentence before it, long labels). The
    label is the source vocabulary's name for a sign, not prose to rewrite."""
    before = [m for m in _PERCENT.finditer(text, max(0, start - 120), start)]
    after = _PERCENT.search(text, end, end + 120)
    if after is None:
        return False
    if before:
        left = text[before[-1].end():start]
    else:
        # The table's first row: its label starts after the header ("... (when available)
        # Edema 90% Urticaria 90%"), and another row must follow it.
        head = next(reversed(list(_ROW_HEAD.finditer(text, max(0, start - 60), start))), None)
        following = _PERCENT.search(text, after.end(), after.end() + 120)
        if head is None or following is None or \
                _LABEL_BREAK.search(text, after.end(), following.start()):
            return False
        left = text[head.end():start]
    right = text[end:after.start()]
    label = (left + text[start:end]).lstrip()
    # A row's label starts with a capital ("50% Renal cyst 7.5%"); "50% of people with
    # hypertension have ... 20%" is a sentence that gives figures.
    return label[:1].isupper() and not _LABEL_BREAK.search(left) and \
        not _LABEL_BREAK.search(right) and len((left + " " + right).split()) <= 8


def _without_swaps_in_labels(block: Block, found: list[Finding]) -> list[Finding]:
    """A block that is not prose (a table of figures flattened into a line, contact
    details, a citation: ``readability.non_prose``) holds labels, not sentences: the
    names of a symptom vocabulary ("Renal cyst 50%"), an agency, an article's title.
    A plain-language swap there changes a name rather than a sentence, so it is not
    asked for; the page's prose is still checked."""
    if not any(f.category == "plain-language" for f in found):
        return found
    from ..checks.readability import non_prose  # the one definition of "not prose"

    if not non_prose(block.text):
        return found
    return [f for f in found if f.category != "plain-language"]


def inside_quotes(text: str, start: int, end: int) -> bool:
    """Is text[start:end] between double quotation marks in its block?

    Rule key ``skip_quoted``: a quoted word is being mentioned
    ('are often called "junkies"') or is a name (the "Alcoholics Anonymous" programme),
    so person-first rules leave it alone. Straight quotes pair up left to right; curly
    quotes open and close explicitly."""
    before, after = text[:start], text[end:]
    if before.count("“") > before.count("”") and "”" in after:
        return True
    return before.count('"') % 2 == 1 and '"' in after


@dataclass(frozen=True)
class _Entry:
    rule: int        # index into CompiledPacks.rules
    variant: str     # as written (case-sensitive comparison uses it)
    term: str        # the term the variant came from (swap key)


class CompiledPacks:
    """All pack rules compiled into shared matchers. Built once per run."""

    def __init__(self, packs: RulePacks):
        self.rules = packs.rules
        self.automaton = ahocorasick.Automaton()
        entries: dict[str, list[_Entry]] = {}
        self.patterns: list[tuple[int, object, int]] = []
        self.requires: list[int] = []
        self.near: list[int] = []
        self.exceptions: list[tuple[str, ...]] = []
        for index, rule in enumerate(self.rules):
            self.exceptions.append(tuple(lower_same_length(e) for e in rule.exceptions))
            terms: Iterable[str] = ()
            if rule.kind == "terms":
                terms = rule.terms
            elif rule.kind == "substitution":
                terms = rule.swap.keys()
            elif rule.kind == "pattern":
                compiled = compile_pattern(rule.pattern, rule.case_sensitive)
                self.patterns.append((index, compiled, compiled.groupindex.get("hit", 0)))
            elif rule.kind == "requires":
                self.requires.append(index)
            elif rule.kind == "near":
                self.near.append(index)
            for term in terms:
                for variant in _variants(term, rule.inflect):
                    key = lower_same_length(variant)
                    entries.setdefault(key, []).append(_Entry(index, variant, term))
        for key, items in entries.items():
            self.automaton.add_word(key, tuple(items))
        self.pattern_set = self._build_pattern_set()
        self._conditional = [i for i, r in enumerate(self.rules) if r.when]
        self._when_keys = tuple(sorted({k for r in self.rules for k in r.when}))
        self._applies_cache: dict = {}
        self._active: dict = {}
        self.has_terms = bool(entries)
        if entries:
            self.automaton.make_automaton()
        self._literal_cache: dict[tuple[str, ...], re.Pattern] = {}

    def active(self, selection) -> tuple[bool, ...]:
        """Which rules a rule selection (checker.context.RuleSelection) turns on, in
        rule order: worked out once per selection."""
        cached = self._active.get(selection)
        if cached is None:
            cached = self._active[selection] = tuple(selection.enabled(r.info) for r in self.rules)
        return cached

    def _build_pattern_set(self):
        """Every pattern in one RE2 set: one pass over a block says which patterns can
        match it, so the cost of a scan hardly grows with the number of pattern rules."""
        if len(self.patterns) < 2:
            return None
        pattern_set = re2.Set.SearchSet(_RE2_OPTIONS)
        for position, (index, _, _) in enumerate(self.patterns):
            rule = self.rules[index]
            text = rule.pattern if rule.case_sensitive else "(?i)" + rule.pattern
            if pattern_set.Add(text) != position:
                return None  # cannot happen with validated patterns; fall back to all
        pattern_set.Compile()
        return pattern_set

    def _patterns_matching(self, text: str):
        if self.pattern_set is None:
            return self.patterns
        hits = self.pattern_set.Match(text)
        if not hits:
            return ()
        return [self.patterns[i] for i in sorted(hits)]

    # -- helpers ---------------------------------------------------------------
    def _applies(self, rule: PackRule, doc: Document, audience: str) -> bool:
        for key, wanted in rule.when.items():
            value = doc.metadata.get(key, audience if key == "audience" else None)
            allowed = wanted if isinstance(wanted, list) else [wanted]
            if str(value) not in [str(a) for a in allowed]:
                return False
        return True

    def _excepted(self, index: int, lowered: str, start: int, end: int) -> bool:
        for phrase in self.exceptions[index]:
            at = lowered.find(phrase, max(0, start - len(phrase)), end + len(phrase))
            while at != -1 and at <= start:
                if at + len(phrase) >= end:
                    return True
                at = lowered.find(phrase, at + 1, end + len(phrase))
        return False

    def _literal_regex(self, terms: tuple[str, ...], inflect: bool = True) -> re.Pattern:
        """Escaped literals only, so Python's re cannot backtrack badly here."""
        if terms not in self._literal_cache:
            variants = sorted({lower_same_length(v) for t in terms for v in _variants(t, inflect)},
                              key=len, reverse=True)
            body = "|".join(re.escape(v) for v in variants)
            self._literal_cache[terms] = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        return self._literal_cache[terms]

    # -- the scan ----------------------------------------------------------------
    def run(self, doc: Document, audience: str, active: tuple[bool, ...] | None = None,
            defined_terms: frozenset[str] = frozenset()) -> list[Finding]:
        """``active``: which rules are on, in rule order (``active()``); None: all."""
        findings: list[Finding] = []
        if active is None:
            active = (True,) * len(self.rules)
        # Only rules with `when` depend on the page, and only through a few front-matter
        # values: remember the answer per combination of those values.
        signature = (active, tuple(str(doc.metadata.get(k, audience if k == "audience" else None))
                                   for k in self._when_keys))
        applies = self._applies_cache.get(signature)
        if applies is None:
            applies = list(active)
            for i in self._conditional:
                applies[i] = active[i] and self._applies(self.rules[i], doc, audience)
            if len(self._applies_cache) > 256:
                self._applies_cache.clear()
            self._applies_cache[signature] = applies
        if not any(applies):
            return findings
        for block in doc.blocks:
            if not block.text:
                continue
            lowered = lower_same_length(block.text)
            if self.has_terms:
                before = len(findings)
                self._scan_terms(block, lowered, applies, defined_terms, findings)
                if len(findings) > before:
                    findings[before:] = _without_swaps_in_labels(block, findings[before:])
            for index, compiled, group in self._patterns_matching(block.text):
                rule = self.rules[index]
                if applies[index] and block.kind in rule.scope or (applies[index] and "page" in rule.scope):
                    self._scan_pattern(block, lowered, index, compiled, group, findings)
            for index in self.near:
                rule = self.rules[index]
                if applies[index] and (block.kind in rule.scope or "page" in rule.scope):
                    self._scan_near(block, lowered, index, findings)
        for index in self.requires:
            if applies[index]:
                self._check_requires(doc, index, findings)
        return findings

    def _scan_terms(self, block: Block, lowered: str, applies: list[bool],
                    defined_terms: frozenset[str], findings: list[Finding]) -> None:
        text = block.text
        n = len(text)
        for end_index, items in self.automaton.iter(lowered):
            end = end_index + 1
            for entry in items:
                if not applies[entry.rule]:
                    continue
                start = end - len(entry.variant)
                if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
                    continue
                if end < n and is_word_char(text[end]) and is_word_char(text[end - 1]):
                    continue
                rule = self.rules[entry.rule]
                if block.kind not in rule.scope and "page" not in rule.scope:
                    continue
                matched = text[start:end]
                if rule.case_sensitive and matched != entry.variant:
                    continue
                if self._excepted(entry.rule, lowered, start, end):
                    continue
                if rule.skip_quoted and inside_quotes(text, start, end):
                    continue
                if rule.kind == "substitution" and lower_same_length(entry.term) in defined_terms:
                    continue
                if rule.info.category == "plain-language" and "%" in text and \
                        figure_label(text, start, end):
                    continue
                findings.append(self._finding(block, rule, start, end, matched, entry.term))

    def _finding(self, block: Block, rule: PackRule, start: int, end: int, matched: str,
                 term: str | None = None, suggestion: str | None = None) -> Finding:
        info: RuleInfo = rule.info
        fixable = info.fixable
        if suggestion is None:
            suggestion = rule.swap.get(term) if (rule.kind == "substitution" and term) else info.suggestion
            if suggestion is not None and term and lower_same_length(matched) != lower_same_length(term):
                suggestion, fixable = _inflect_suggestion(term, matched, suggestion, fixable)
            if suggestion is not None:
                suggestion = match_case(suggestion, matched)
        message = format_message(info.message, matched, suggestion)
        if suggestion:
            # "an analgesic" -> "a pain reliever": the replacement takes in the article
            # when the article must change with it.
            start, suggestion = agree_article(block.text, start, suggestion)
        src_start, src_end = block.source_span(start, end)
        return Finding(
            rule=info.id, category=info.category, severity=info.severity,
            message=message,
            start=src_start, end=src_end,
            suggestions=(suggestion,) if suggestion else (),
            source=info.source,
            fix=suggestion if (fixable and suggestion is not None) else None,
        )

    def _scan_pattern(self, block: Block, lowered: str, index: int, compiled, group: int,
                      findings: list[Finding]) -> None:
        rule = self.rules[index]
        for match in compiled.finditer(block.text):
            start, end = match.span(group)
            if start < 0 or end <= start:
                continue
            if self._excepted(index, lowered, start, end):
                continue
            if rule.skip_quoted and inside_quotes(block.text, start, end):
                continue
            suggestion = None
            if rule.info.suggestion is not None:
                try:
                    suggestion = match.expand(rule.info.suggestion)
                except Exception:  # a template without group references
                    suggestion = rule.info.suggestion
            findings.append(self._finding(block, rule, start, end, block.text[start:end],
                                          suggestion=suggestion))

    def _scan_near(self, block: Block, lowered: str, index: int, findings: list[Finding]) -> None:
        rule = self.rules[index]
        first_re = self._literal_regex(rule.first, rule.inflect)
        second_re = self._literal_regex(rule.second, rule.inflect)
        # Most blocks hold neither term: decide that before splitting sentences.
        if not first_re.search(lowered) or not second_re.search(lowered):
            return
        for s_start, s_end in sentence_spans(lowered):
            firsts = [m.span() for m in first_re.finditer(lowered, s_start, s_end)]
            if not firsts:
                continue
            seconds = [m.span() for m in second_re.finditer(lowered, s_start, s_end)]
            if not seconds:
                continue
            words = word_spans(lowered, s_start, s_end)
            starts = [w[0] for w in words]

            def word_index(offset: int) -> int:
                import bisect
                return bisect.bisect_right(starts, offset) - 1

            best = None
            for a in firsts:
                for b in seconds:
                    if a == b:
                        continue
                    lo, hi = (a, b) if a[0] < b[0] else (b, a)
                    gap = word_index(hi[0]) - word_index(lo[1] - 1) - 1
                    if gap < rule.within and (best is None or gap < best[0]):
                        best = (gap, min(a[0], b[0]), max(a[1], b[1]))
            if best is None:
                continue
            _, start, end = best
            if self._excepted(index, lowered, start, end):
                continue
            if rule.skip_quoted and inside_quotes(block.text, start, end):
                continue
            findings.append(self._finding(block, rule, start, end, block.text[start:end]))

    def _check_requires(self, doc: Document, index: int, findings: list[Finding]) -> None:
        rule = self.rules[index]
        scope = rule.scope
        blocks = [b for b in doc.blocks if b.text and b.kind != "link_text"
                  and ("page" in scope or b.kind in scope)]
        trigger = self._literal_regex(rule.if_any, rule.inflect)
        needed = self._literal_regex(rule.must_any, True)
        first_hit = None
        for block in blocks:
            lowered = lower_same_length(block.text)
            if needed.search(lowered):
                return
            if first_hit is None:
                match = trigger.search(lowered)
                if match and not self._excepted(index, lowered, *match.span()):
                    first_hit = (block, match.span())
        if first_hit is not None:
            block, (start, end) = first_hit
            findings.append(self._finding(block, rule, start, end, block.text[start:end]))
