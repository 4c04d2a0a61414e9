"""Shared text helpers: sentences, words and case-preserving lowering.

Every check that judges "inside a sentence" uses the same splitter, so a fact is
judged in the same unit everywhere (and the baseline keys on the same sentence).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

# Abbreviations whose period does not end a sentence.
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "st", "no", "fig", "approx",
    "u.s", "u.k", "a.m", "p.m", "jr", "sr", "inc", "ltd", "co", "dept", "ca", "cf", "al",
    "min", "max", "oz", "lb", "lbs", "tab", "tabs", "caps", "mo", "wk", "yr", "hr", "hrs",
}
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)|\n\s*\n")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@lru_cache(maxsize=4096)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence in ``text``; whitespace between them is left out.

    Remembered per text: the families of one page (readability, the medical and
    compliance sentences, where a finding's sentence is looked up) all split the same
    blocks, so each block is split once."""
    return tuple(_split(text))


def _split(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group().startswith((".",)) and len(match.group()) == 1:
            # "e.g." / "Dr." / "2.5" are not ends of sentences.
            word_start = text.rfind(" ", 0, match.start()) + 1
            word = text[word_start:match.start()].lower().lstrip("(\"'")
            if word == "no" and not text[end:end + 3].lstrip()[:1].isdigit():
                pass   # "No. Glipizide never ...": an answer, not "No. 5" (a number)
            elif word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()
                                          and not _letter_label_ends(text, word_start, end)):
                continue
            after = text[end:end + 3].lstrip()
            if after and after[0].islower():
                continue
        _append(text, start, end, spans)
        start = end
    _append(text, start, len(text), spans)
    return spans


# Nouns named by a letter ("vitamin D", "hepatitis B", "type A"): a capital letter after
# one of them and a full stop is a sentence's last word, not an initial ("J. Smith").
_LETTER_NAMED = frozenset({"vitamin", "vitamins", "hepatitis", "type", "types", "group", "stage",
                           "grade", "class", "schedule", "part", "plan", "phase", "factor",
                           "category", "level", "section", "cluster", "strain", "influenza"})


def _letter_label_ends(text: str, letter_start: int, end: int) -> bool:
    letter = text[letter_start:letter_start + 1]
    if not letter.isupper():
        return False
    before = text[:letter_start].rstrip().rsplit(None, 1)
    if not before or before[-1].lower() not in _LETTER_NAMED or not before[-1].islower():
        return False
    after = text[end:end + 3].lstrip()
    return bool(after) and after[0].isupper()


def _append(text: str, start: int, end: int, spans: list) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text, start, len(text) if end is None else end)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def lower_same_length(text: str) -> str:
    """Lower-case without changing length (so offsets stay valid); quotes and
    spacing normalised to one form for matching."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_NORMALISE)


_NORMALISE = str.maketrans({"’": "'", "‘": "'", "\n": " ", "\t": " ", "\u00a0": " ",
                            "‐": "-", "‑": "-", "–": "-"})


class Caseless:
    """A case-insensitive pattern that runs fast on ASCII text.

    Python's engine folds case at every character it tries, which makes a long
    ``re.I`` alternation three times slower than the same alternation matched exactly.
    On ASCII text lower-casing changes neither the length nor any character's class, so
    a pattern whose letters are all lower case finds the same spans in the lower-cased
    text without ``re.I``. Other text is matched by the pattern itself (under ``re.I``,
    "ſ" matches "s" and the Kelvin sign "k", which lower-casing does not give).
    Matches carry the lower-cased text: read what they cover from the original."""

    def __init__(self, pattern: str, flags: int = 0):
        letters = re.sub(r"\\.|\(\?P<\w+>|\(\?P=\w+\)", "", pattern)
        if any(c.isupper() for c in letters) or not letters.isascii():
            raise ValueError("Caseless needs a pattern written in lower-case ASCII")
        self.caseless = re.compile(pattern, flags | re.I)
        self.exact = re.compile(pattern, flags)
        self.pattern = pattern

    def finditer(self, text: str) -> Iterator[re.Match]:
        if text.isascii():
            return self.exact.finditer(text.lower())
        return self.caseless.finditer(text)

    def search(self, text: str) -> re.Match | None:
        if text.isascii():
            return self.exact.search(text.lower())
        return self.caseless.search(text)


def is_word_char(ch: str) -> bool:
    return ch.isalnum()


@lru_cache(maxsize=65536)
def inflections(term: str) -> tuple[str, ...]:
    """The term plus plural and inflected forms of its last word.

    Over-generation is harmless: forms are only matched as whole words.
    """
    head, _, last = term.rpartition(" ")
    prefix = head + " " if head else ""
    forms = {last, last + "s", last + "es", last + "ed", last + "ing", last + "er", last + "ers"}
    if last.endswith("e"):
        forms |= {last + "d", last[:-1] + "ing", last + "r", last + "rs"}
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        forms |= {last[:-1] + "ies", last[:-1] + "ied"}
    if last.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(last + "es")
    if last.endswith("ic"):
        forms |= {last + "s", last + "ally"}
    return tuple(sorted(prefix + f for f in forms))


def derive_suffix(term: str, variant: str) -> tuple[int, str] | None:
    """How ``variant`` was made from ``term``: (characters dropped, suffix added)."""
    if variant == term:
        return (0, "")
    for drop in (0, 1):
        stem = term[:len(term) - drop] if drop else term
        if variant.startswith(stem) and len(variant) > len(stem):
            return (drop, variant[len(stem):])
    return None


def apply_suffix(word: str, suffix: str) -> str:
    """Inflect ``word`` the way English spelling would: use+ed -> used, carry+s -> carries."""
    if not suffix:
        return word
    if suffix[0] in "aeiy" and word.endswith("e"):
        return word[:-1] + suffix
    if suffix in ("s", "es") and word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if suffix == "es" and not word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "s"
    return word + suffix


# Words spelled with a vowel but said with a consonant ("a unit", "a one-time dose"),
# and words spelled with a consonant but said with a vowel ("an hour").
_VOWEL_LETTER_CONSONANT_SOUND = re.compile(r"^(?:uni|use|usu|uti|ure|eu|ewe|one\b|once\b|u[bcfgklmprstv][aeiou])",
                                           re.I)
_CONSONANT_LETTER_VOWEL_SOUND = re.compile(r"^(?:hour|honest|honou?r|heir|mri\b|nsaid|x-ray|fda\b|mrsa\b|ssri|snri|ent\b)",
                                           re.I)
_NOT_AFTER_ARTICLE = frozenset("on in by at into through under over with without to for from "
                               "before after inside outside".split())
_ARTICLE_BEFORE = re.compile(r"(?<![\w'])(an?)\s+$", re.I)


def indefinite_article(phrase: str) -> str:
    """'a' or 'an' for the phrase, by its first sound as far as its spelling tells."""
    word = phrase.lstrip("(\"'")
    if _CONSONANT_LETTER_VOWEL_SOUND.match(word):
        return "an"
    if word[:1].lower() in "aeiou" and not _VOWEL_LETTER_CONSONANT_SOUND.match(word):
        return "an"
    return "a"


def agree_article(text: str, start: int, replacement: str) -> tuple[int, str]:
    """A replacement for ``text[start:...]`` with the article before it made to agree:
    after "an" or "a" that the replacement's first sound does not take, the span starts at
    the article and the replacement carries the right one ("an analgesic" -> "a pain
    reliever"). Otherwise ``(start, replacement)`` unchanged."""
    found = _ARTICLE_BEFORE.search(text, max(0, start - 4), start)
    if not found or not replacement.strip():
        return start, replacement
    if replacement.split()[0].lower() in _NOT_AFTER_ARTICLE:
        # "a topical cream" -> "on the skin": the words are not a noun phrase, and no
        # article makes "a on the skin cream" right; left as the swap has it.
        return start, replacement
    written = found.group(1)
    wanted = indefinite_article(replacement)
    if written.lower() == wanted:
        return start, replacement
    if written[0].isupper():
        wanted = wanted.capitalize()
    return found.start(1), f"{wanted} {replacement}"
