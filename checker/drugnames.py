"""Misspelled medicine names: "ibuprophen" is ibuprofen, "metforman" is metformin.

A word that is not a name of the fact base can still name one of its medicines: a
writer's typo, a sound-alike spelling. Such a word is read as that medicine when

- it is a plain lower-case or capitalised word of letters only (no digits, no inner
  capitals: "SCN1A", "eGFR" and tall-man lettering are not typos; tall-man names match
  the base exactly, case aside, and never get here);
- it is within a small edit distance of one medicine's names (a dropped or added
  letter, two neighbours swapped, "ph" for "f", and a letter changed for another vowel,
  a sound-alike or the key beside it each count one; any other change of letter counts
  two): one edit for names of six letters or fewer and for brands, two for longer
  generics; a word as near to two medicines names neither;
- its first letter is the name's (after "ph" -> "f"): writers rarely get the first
  sound wrong, and most English look-alikes differ there;
- two edits never add two letters ("glucosaminide" is not glucosamine);
- it is not an English word (the wordfreq package's large English list, shipped inside
  the package: nothing is downloaded), nor one run into the next letter ("dioxina"), nor
  a word or a plural of the fact base's names and vocabularies ("hydralazine" is never
  "hydroxyzine": both are names, so neither is a misspelling of the other).

Looking a word up costs a set membership test once it has been seen: every distinct
word is judged once per knowledge base and remembered (``NameIndex.clean`` holds the
words that name nothing). A new word is compared only with the names that share one of
its deletion variants (SymSpell's index: every name with up to two letters deleted),
never with every name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .knowledge import KnowledgeBase, Product

MIN_LENGTH = 5          # shorter names and words are too close to too many words
SHORT_NAME = 6          # names this long or shorter get one edit
MAX_EDITS = 2


@dataclass(frozen=True)
class Near:
    """A word read as a name of the base: the name as written and its product."""

    name: str               # as the fact base writes it ("ibuprofen", "Tylenol")
    product: "Product"
    distance: int


def fold(word: str) -> str:
    """The spelling with "ph" as "f" (a sound-alike writers swap both ways)."""
    return word.replace("ph", "f")


_VOWELS = "aeiouy"
# Letters writers put for one another by sound ("hydrocortizone", "montelucast").
_SOUND_ALIKE = ("cks", "sz", "kq", "gj", "mn", "td", "bp", "iy", "fv", "xz")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_SHIFT = (0.0, 0.25, 0.75)


def _neighbour_keys() -> frozenset[tuple[str, str]]:
    """Pairs of keys next to each other on a QWERTY keyboard (the slip of a finger)."""
    where = {key: (row, col + _ROW_SHIFT[row]) for row, keys in enumerate(_ROWS)
             for col, key in enumerate(keys)}
    pairs = set()
    for a, (row_a, x_a) in where.items():
        for b, (row_b, x_b) in where.items():
            if a != b and abs(row_a - row_b) <= 1 and abs(x_a - x_b) <= 1.0:
                pairs.add((a, b))
    return frozenset(pairs)


def _plausible_swaps() -> frozenset[tuple[str, str]]:
    pairs = set(_neighbour_keys())
    pairs.update((a, b) for a in _VOWELS for b in _VOWELS if a != b)
    for group in _SOUND_ALIKE:
        pairs.update((a, b) for a in group for b in group if a != b)
    return frozenset(pairs)


# A letter changed for one that sounds alike, for another vowel or for a key beside it is
# one edit; any other change counts as two (a letter dropped and another added): "valgum"
# is not a slip for "Valium", nor "cubilin" for "Cubicin".
PLAUSIBLE = _plausible_swaps()


def edit_distance(a: str, b: str, limit: int = MAX_EDITS) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit, an unlikely
    change of letter two), or ``limit + 1`` when it is larger than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    plausible = PLAUSIBLE
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        x = a[i - 1]
        for j in range(1, len(b) + 1):
            y = b[j - 1]
            cost = 0 if x == y else 1 if (x, y) in plausible else 2
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def spelling_distance(word: str, name: str, limit: int) -> int:
    """Edits between a word and a name, "ph" for "f" (either way) counting one."""
    plain = edit_distance(word, name, limit)
    if plain <= 1 or ("ph" not in word and "ph" not in name):
        return plain
    folded = edit_distance(fold(word), fold(name), limit)
    if fold(word) != word and fold(name) != name:
        return min(plain, folded)            # both have "ph": no edit spent on it
    return min(plain, folded + 1)


def _deletions(word: str, depth: int) -> set[str]:
    """The word with up to ``depth`` letters deleted, its first letter always kept (a
    misspelling keeps the first sound, so names are only compared with words that
    start like them)."""
    n = len(word)
    found = {word}
    found.update([word[:i] + word[i + 1:] for i in range(1, n)])
    if depth >= 2:
        found.update([word[:i] + word[i + 1:j] + word[j + 1:]
                      for i in range(1, n) for j in range(i + 1, n)])
    return found


def allowed_edits(name: str, is_brand: bool) -> int:
    return 1 if is_brand or len(name) <= SHORT_NAME else MAX_EDITS


def _load_english() -> dict[str, float]:
    """Lower-case English words and their Zipf frequency: wordfreq's large English list,
    any frequency (its cut-off leaves out rare typos such as "ibuprophen", and it holds
    the rare real words a medical page uses: angioma, cilium, dural, septa, serine)."""
    # Read on first need (most pages never meet a name-like word), from the compiled
    # store: importing wordfreq and decoding its list took 0.24 s, the stored buckets
    # and this dictionary 0.07 s.
    from .compiled import cached
    buckets = cached("wordfreq-large-en", (), _english_buckets, ("wordfreq",))
    # bucket i of the list holds the words of frequency 10^(-i/100), Zipf 9 - i/100
    return {word: 9 - i / 100 for i, bucket in enumerate(buckets) for word in bucket}


def _english_buckets() -> list[list[str]]:
    import wordfreq
    return wordfreq.get_frequency_list("en", "large")


def _load_common() -> frozenset[str]:
    import wordfreq
    return frozenset().union(*wordfreq.get_frequency_list("en", "small"))


class NameIndex:
    """The base's single-word medicine names, indexed by their deletion variants, and the
    verdict on every word looked up so far."""

    def __init__(self, kb: "KnowledgeBase"):
        self.kb = kb
        # The spelling index depends on the base alone: kept between runs (keyed by the
        # base's digest), since building it costs more than checking a short page.
        digest = getattr(kb, "digest", "")
        if digest:
            from .compiled import cached
            built = cached("name-index", (digest,), lambda: _spelling_index(kb))
        else:
            built = _spelling_index(kb)
        written_edits, self.by_deletion, known, self.shapes = built
        # lower-case -> (as written, product, edits); the product is the base's own object
        self.names: dict[str, tuple[str, "Product", int]] = {
            name: (written, kb.index[(name,)].product, edits)
            for name, (written, edits) in written_edits.items()}
        self.known = known      # names and vocabulary words: never misspellings
        self.variants = frozenset(self.by_deletion)
        self.lengths = (min(map(len, self.names), default=0) - MAX_EDITS,
                        max(map(len, self.names), default=0) + MAX_EDITS)
        # Words judged to name nothing. It starts with the commonest English words and
        # the base's own words, so most words of a page are passed over by the set
        # difference in ``any_near`` without a call per word.
        self._english: dict[str, float] | None = None
        self._common_words: frozenset[str] | None = None
        self.clean: set[str] = set(known) | self._common_set()
        self.hits: dict[str, Near] = {}       # words judged to name a medicine

    def __reduce__(self):
        # A base sent to another process (spawned workers) carries no index: the
        # verdicts and word lists are rebuilt there on first use, not pickled.
        return (_unbuilt, ())

    # -- the hot path ------------------------------------------------------------------
    def any_near(self, norms: Iterable[str]) -> bool:
        """Whether any of these normalized words reads as a misspelled name."""
        unseen = set(norms) - self.clean if not isinstance(norms, (set, frozenset)) else norms - self.clean
        if not unseen:
            return False
        found = False
        for word in unseen:
            if self.near(word) is not None:
                found = True
        return found

    def near(self, word: str) -> Near | None:
        """The name a normalized word misspells, or None."""
        if word in self.clean:
            return None
        hit = self.hits.get(word)
        if hit is not None:
            return hit
        hit = self._judge(word)
        if hit is None:
            self.clean.add(word)
        else:
            self.hits[word] = hit
        return hit

    # -- judging a new word ------------------------------------------------------------
    def _judge(self, word: str) -> Near | None:
        low, high = self.lengths
        if not (max(low, MIN_LENGTH) <= len(word) <= high) or not word.isalpha() \
                or not word.isascii() or word in self.known:
            return None
        folded = fold(word)
        if (folded[0], len(folded)) not in self.shapes or self._common(word):
            return None
        # a plural of a name ("amphetamines", "calciums"): the name itself; a name run
        # into the article after it, where a dash was lost ("sulfasalazine—a" as
        # "sulfasalazinea"): no slip of the writer's
        if word[-1] in "sa" and word[:-1] in self.known \
                or word.endswith("es") and word[:-2] in self.known:
            return None
        shared = _deletions(folded, MAX_EDITS) & self.variants
        if not shared:
            return None
        candidates = {name for variant in shared for name in self.by_deletion[variant]}
        best: list[tuple[int, str]] = []
        for name in candidates:
            written, product, edits = self.names[name]
            if fold(name)[0] != fold(word)[0]:
                continue
            distance = spelling_distance(word, name, edits)
            # two edits never add two letters: "glucosaminide" is a word of its own
            if distance <= edits and (distance < 2 or len(word) <= len(name) + 1):
                best.append((distance, name))
        if not best:
            return None
        best.sort()
        closest = [name for distance, name in best if distance == best[0][0]]
        if len({self.names[name][1].generics for name in closest}) > 1:
            return None   # as close to two medicines: no telling which was meant
        if self._is_english(word) or self._near_english(word, closest[0]):
            return None
        # a generic and its brand equally near: the generic is the safer name to suggest
        closest.sort(key=lambda name: self.names[name][1].is_brand)
        written, product, _ = self.names[closest[0]]
        return Near(name=written, product=product, distance=best[0][0])

    def _near_english(self, word: str, name: str) -> bool:
        """Whether one edit (as ``edit_distance`` counts one) turns the word into an English
        word, no name of the base, about as common as the name or more: then the word is
        as likely a slip for that word, or a variant of it ("atrophie" beside atrophied,
        "Matrin" beside matron), as for the medicine ("amoxycillin", rarer than
        amoxicillin, does not excuse "amoxcillin"). Read only for the rare word that is
        near a name."""
        english = self._english
        known = self.known
        floor = english.get(name, 0.0) - 0.5
        letters = "abcdefghijklmnopqrstuvwxyz"
        for i in range(len(word) + 1):
            head, tail = word[:i], word[i:]
            variants = [head + c + tail for c in letters]
            if tail:
                variants.append(head + tail[1:])
                variants.extend(head + c + tail[1:] for c in letters
                                if c != tail[0] and (tail[0], c) in PLAUSIBLE)
                if len(tail) > 1:
                    variants.append(head + tail[1] + tail[0] + tail[2:])
            for variant in variants:
                if english.get(variant, -1.0) >= floor and variant not in known \
                        and len(variant) >= MIN_LENGTH:
                    return True
        return False

    def _common_set(self) -> frozenset[str]:
        """The ~30,000 commonest English words (wordfreq's small list: quick to load),
        which most words of a page are."""
        if self._common_words is None:
            # Kept between runs: importing wordfreq and reading its list costs more
            # than checking a short page.
            from .compiled import cached
            self._common_words = cached("wordfreq-small-en", (), _load_common, ("wordfreq",))
        return self._common_words

    def _common(self, word: str) -> bool:
        return word in self._common_set()

    def _is_english(self, word: str) -> bool:
        if self._english is None:
            self._english = _load_english()
        english = self._english
        if word in english:
            return True
        # an English word run into the next letter ("dioxin-a" flattened to "dioxina"),
        # not a name with a letter added ("gabapentine")
        stem = word[:-1]
        if len(stem) >= 6 and stem in english and stem not in self.known:
            return True
        # inflections the lists may lack: "-s", "-es", "-ed", "-ing", "-ly"
        for suffix in ("s", "es", "ed", "ing", "ly"):
            if word.endswith(suffix) and word[:-len(suffix)] in english:
                return True
        return False


def _spelling_index(kb: "KnowledgeBase") -> tuple[dict[str, tuple[str, int]],
                                                   dict[str, list[str]], frozenset[str],
                                                   frozenset[tuple[str, int]]]:
    """From the base: its single-word names (as written, edits allowed), every name's
    deletion variants, the words that are never misspellings (names and vocabulary
    words) and the shapes of the names (folded first letter, each length within the
    edits allowed)."""
    names: dict[str, tuple[str, int]] = {}
    known = set(kb.first_words)
    for key in kb.lexicon:
        known.update(key)
    for key, entry in kb.index.items():
        known.update(key)
        if len(key) != 1 or entry.product is None or entry.exact is not None or entry.negated:
            continue
        name = key[0]
        if len(name) < MIN_LENGTH or not name.isalpha() or not name.isascii():
            continue
        written = entry.product.name if entry.product.name.lower() == name else name
        is_brand = written[:1].isupper() or entry.product.is_brand
        names[name] = (written, allowed_edits(name, is_brand))
    # Variants of the spelling with "ph" as "f" on both sides, so "fenobarbital" and
    # "phenobarbital" meet; the distance is then worked out on the words themselves.
    by_deletion: dict[str, list[str]] = {}
    for name, (_, edits) in names.items():
        for variant in _deletions(fold(name), edits):
            by_deletion.setdefault(variant, []).append(name)
    shapes = frozenset((fold(name)[0], len(fold(name)) + delta)
                       for name, (_, edits) in names.items() for delta in range(-edits, edits + 1))
    return names, by_deletion, frozenset(known), shapes


def _unbuilt() -> None:
    return None


def index_for(kb: "KnowledgeBase") -> NameIndex:
    """The knowledge base's name index, built on first use and kept on the base."""
    index = kb.__dict__.get("_name_index")
    if index is None:
        index = NameIndex(kb)
        object.__setattr__(kb, "_name_index", index)
    return index
