"""Words, and the medicines and classes named by them, inside one sentence.

The medical checks judge a fact inside its sentence (a correct statement elsewhere
on the page does not hide a wrong one). They work on tokens that keep their offsets
in the block text, and on *mentions*: runs of tokens that name a drug, a brand or a
drug class in the knowledge base ("Tylenol", "opioid pain relievers", "NSAIDs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from sys import intern
from typing import TYPE_CHECKING, Iterator

from .drugnames import index_for as names_index
from .textutil import sentence_spans

if TYPE_CHECKING:
    from .drugnames import NameIndex
    from .knowledge import KnowledgeBase, Product

# Numbers keep their decimal point and thousands commas; words keep inner hyphens and
# apostrophes ("anti-inflammatory", "NSAID's"); every other non-space is a token of its own.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)  # slots: a big page has hundreds of thousands
class Token:
    text: str
    norm: str   # lower-cased, curly quotes straightened, possessive removed
    start: int  # offsets in the text that was tokenized
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def _token_init(self: Token, text: str, norm: str, start: int, end: int) -> None:
    _set_text(self, text)
    _set_norm(self, norm)
    _set_start(self, start)
    _set_end(self, end)


# The __init__ a frozen dataclass is given sets each field through object.__setattr__;
# the slots' own setters store the same values in half the time, and every word of
# every sentence a check reads becomes a Token. The class stays frozen: assigning to a
# field after __init__ still raises FrozenInstanceError.
_set_text, _set_norm, _set_start, _set_end = (
    Token.text.__set__, Token.norm.__set__, Token.start.__set__, Token.end.__set__)  # type: ignore[attr-defined]
Token.__init__ = _token_init  # type: ignore[method-assign]


def normalize(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    known = _WORDS.get
    out = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        pair = known(word)
        if pair is None:
            pair = (intern(word), intern(normalize(word)))
            if len(_WORDS) < _MAX_WORDS:
                _WORDS[pair[0]] = pair
        out.append(Token(pair[0], pair[1], m.start(), m.end()))
    return out


# A page's words repeat ("the", "mg", its medicine): one string per distinct word and
# one for its normalized form, instead of two new strings per token (most of the memory
# of a big page's sentences, which live as long as its check), and no normalizing of
# a word already seen.
_WORDS: dict[str, tuple[str, str]] = {}
_MAX_WORDS = 1 << 18


def phrase_key(phrase: str) -> tuple[str, ...]:
    """How a knowledge-base phrase is looked up: its normalized tokens."""
    return tuple(t.norm for t in tokenize(phrase))


@dataclass(frozen=True)
class Mention:
    """Tokens [first, last) of a sentence that name a drug product or a class."""

    first: int
    last: int
    start: int          # text offsets of the whole mention
    end: int
    product: "Product | None" = None
    class_id: str | None = None
    negated: bool = False   # "non-opioid": the class named in the negative
    plural: bool = False
    misspelled_of: str | None = None   # "ibuprophen": the name it misspells, as the base writes it

    @property
    def is_class(self) -> bool:
        return self.class_id is not None


class _lazy:
    """Like functools.cached_property, without its per-instance lock (Python 3.11), which
    costs more than the values computed here. The value lands in the instance's __dict__,
    so later reads do not reach this descriptor; on a frozen dataclass that is still the
    only write, and it happens once."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(frozen=True)
class Sentence:
    """One sentence of a block. Tokens and mentions are worked out on first use: most
    sentences name no medicine, and most rules look at tokens only around a mention, so
    a sentence whose words start no knowledge-base phrase is never tokenized into objects."""

    text: str            # the whole block text (offsets below index into it)
    start: int
    end: int
    kb: "KnowledgeBase" = field(repr=False, compare=False)

    @_lazy
    def tokens(self) -> tuple[Token, ...]:
        return tuple(tokenize(self.text, self.start, self.end))

    @_lazy
    def norm_set(self) -> frozenset[str]:
        """Every token's ``norm``, without building tokens when the sentence is ASCII
        (curly apostrophes aside): there lower-casing keeps each character's class, so
        tokenizing the lower-cased text gives the same tokens, already lower-cased."""
        segment = self.text[self.start:self.end].replace("’", "'")
        if "tokens" in self.__dict__ or not segment.isascii():
            return frozenset(t.norm for t in self.tokens)
        words = _TOKEN.findall(segment.lower())
        if "'s" in segment or "'S" in segment:
            words = [w[:-2] if w.endswith("'s") else w for w in words]
        return frozenset(map(intern, words))

    @_lazy
    def mentions(self) -> tuple[Mention, ...]:
        norms = self.norm_set
        if self.kb.anchor_words.isdisjoint(norms) and not names_index(self.kb).any_near(norms):
            return ()  # no word of the knowledge base's phrases, and none misspells a name
        return find_mentions(self.tokens, self.kb)

    @property
    def lower(self) -> str:
        return self.text[self.start:self.end].lower().replace("’", "'")

    def mention_at(self, token_index: int) -> Mention | None:
        for mention in self.mentions:
            if mention.first == token_index:
                return mention
        return None

    def mention_ending_at(self, token_index: int) -> Mention | None:
        """The mention whose last token is ``token_index - 1``."""
        for mention in self.mentions:
            if mention.last == token_index:
                return mention
        return None

    def norms(self, first: int, last: int) -> tuple[str, ...]:
        return tuple(t.norm for t in self.tokens[first:last])


def find_mentions(tokens: list[Token] | tuple[Token, ...], kb: "KnowledgeBase") -> tuple[Mention, ...]:
    """Longest knowledge-base phrase at each position, left to right, no overlaps."""
    mentions: list[Mention] = []
    i, n = 0, len(tokens)
    lengths = kb.phrase_lengths
    index = kb.index
    near_names = names_index(kb)
    clean = near_names.clean
    while i < n:
        token = tokens[i]
        sizes = lengths.get(token.norm)
        if sizes is None or not token.is_word:
            if token.norm not in clean and token.is_word:
                mention = _misspelled(tokens, i, near_names)
                if mention is not None:
                    mentions.append(mention)
            i += 1
            continue
        found = None
        for size in sizes:
            if size > n - i:
                continue
            key = tuple(t.norm for t in tokens[i:i + size])
            entry = index.get(key)
            if entry is None:
                continue
            if entry.exact is not None and tuple(t.text for t in tokens[i:i + size]) != entry.exact:
                continue
            found = (size, entry)
            break
        if found is None:
            i += 1
            continue
        size, entry = found
        mentions.append(Mention(first=i, last=i + size, start=tokens[i].start,
                                end=tokens[i + size - 1].end, product=entry.product,
                                class_id=entry.class_id, negated=entry.negated,
                                plural=entry.plural))
        i += size
    return tuple(mentions)


def _misspelled(tokens, i: int, near_names: "NameIndex") -> Mention | None:
    """A word that misspells a medicine's name, read as that medicine. Words that look
    like names of something else are left alone: one with inner capitals ("SCN1A",
    "eGFR"), and a capitalised one inside a sentence (a genus, an eponym, a gene, a place)
    unless what it misspells is a brand, which is capitalised too ("Zolof")."""
    token = tokens[i]
    near = near_names.near(token.norm)
    if near is None:
        return None
    text = token.text
    if any(c.isupper() for c in text[1:]):
        return None
    if text[0].isupper() and i > 0 and not near.name[:1].isupper() \
            and tokens[i - 1].text not in _OPENERS and not _title_case(tokens, i):
        return None
    return Mention(first=i, last=i + 1, start=token.start, end=token.end, product=near.product,
                   misspelled_of=near.name)


def _title_case(tokens, i: int) -> bool:
    """Whether the words around token ``i`` are capitalised too (a heading in title case:
    "How to Take Ibuprophen Safely"), so its capital says nothing."""
    words = [t.text for j, t in enumerate(tokens) if j != i and len(t.text) >= 4 and t.text.isalpha()]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


# Tokens after which a capital letter starts a sentence or an item, not a name.
_OPENERS = frozenset(".!?:;-–—•*\"“(‘'")


def sentences(text: str, kb: "KnowledgeBase") -> Iterator[Sentence]:
    """The sentences of one block of text; tokens and mentions are worked out on use.
    Families that read the same blocks share them through ``Context.sentences``."""
    return (Sentence(text=text, start=start, end=end, kb=kb) for start, end in sentence_spans(text))
