"""How a sentence frames what it says: negation, hedges, questions, myths, quotations,
and which medicine a sentence is about when it names none ("It can slow breathing").

Every claim rule reads its words through these, so "is not habit-forming" and
"has not been shown to cure" are judged the same way on every relation: a claim that
is negated flips, a hedged one is weaker, one asked, quoted or framed as a myth that
the page refutes says nothing and is never judged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..context import PageAnalysis
from ..medtext import Sentence, find_mentions, tokenize
from ..model import HEADING

if TYPE_CHECKING:
    from ..context import Context
    from ..dispatch import SentenceUnit
    from ..knowledge import Product
    from ..model import Document

# Words that turn the claim after them around. "non-" forms are single tokens: the fact
# base lists them as names of their own (negated_names: "non-opioid"), so they reach the
# rules as negated mentions.
NEGATORS = frozenset("""not no never none neither nor cannot can't won't don't doesn't didn't
isn't aren't wasn't weren't shouldn't wouldn't couldn't hasn't haven't hadn't mustn't nothing
without nobody lacks""".split())

# Words that make a claim uncertain or partial: "may cause", "rarely", "some people".
HEDGES = frozenset("""may might could can possibly possible rarely rare sometimes occasionally
some often usually generally typically likely unlikely uncommon seldom few small slight slightly
low lower less risk chance""".split())

# A sentence that reports a belief the page is about to correct.
_MYTH = re.compile(r"\b(?:myths?|misconceptions?|misbeliefs?|false(?:ly)?|untrue|not\s+true|"
                   r"(?:some|many)\s+people\s+(?:think|believe|say|assume)|"
                   r"(?:you\s+)?(?:may|might)\s+have\s+heard|it\s+is\s+a\s+mistake\s+to\s+think|"
                   r"(?:people|patients)\s+(?:often|sometimes)\s+(?:think|believe|assume)|"
                   r"rumou?rs?|wrongly|mistakenly|"
                   r"(?:no\s+one|nobody|never\s+let\s+anyone|do\s+not\s+let\s+anyone|don't\s+let\s+anyone)"
                   r"\s+(?:should\s+|can\s+|will\s+)?(?:say|says|tell|claim|convince))\b", re.I)
_FACT_LABEL = re.compile(r"^\s*(?:fact|truth|the\s+truth|reality|answer|actually)\b\s*[:.\-–—]", re.I)
_MYTH_LABEL = re.compile(r"^\s*(?:myth|misconception|false|wrong|claim)\b\s*[:.\-–—]", re.I)

_QUOTES = (("\"", "\""), ("“", "”"), ("‘", "’"), ("'", "'"))


def negated_between(sentence: Sentence, first: int, last: int) -> bool:
    """Whether a negator token lies in tokens [first, last)."""
    return any(t.norm in NEGATORS for t in sentence.tokens[max(first, 0):last])


def negation_count(sentence: Sentence, first: int, last: int) -> int:
    return sum(1 for t in sentence.tokens[max(first, 0):last] if t.norm in NEGATORS)


def hedged_between(sentence: Sentence, first: int, last: int) -> bool:
    return any(t.norm in HEDGES for t in sentence.tokens[max(first, 0):last])


def is_question(sentence: Sentence) -> bool:
    return sentence.text[sentence.start:sentence.end].rstrip().endswith("?")


def reports_a_belief(text: str) -> bool:
    """The text, on its own, reports a belief ("Myth: ...", "Some people think ...") rather
    than stating a fact. A sentence labelled "Fact:" is a statement."""
    if _FACT_LABEL.match(text):
        return False
    return bool(_MYTH_LABEL.match(text) or (_may_report_a_belief(text) and _MYTH.search(text)))


# Every match of _MYTH holds one of these (lower-cased). Only an ASCII text is screened
# by them: there lower-casing is exactly the pattern's case-insensitivity, which also
# takes 'ſ' for 's' and 'ı' for 'i'.
_MYTH_WORDS = ("myth", "misconception", "misbelief", "false", "true", "people", "patients",
               "heard", "mistake", "rumo", "wrongly", "one", "nobody")


def _may_report_a_belief(text: str) -> bool:
    if not text.isascii():
        return True
    lower = text.lower()
    return any(word in lower for word in _MYTH_WORDS)


def framed_as_myth(unit: "SentenceUnit") -> bool:
    """The sentence reports a belief ("Myth: ...", "Some people think ...") rather than
    stating a fact, by its own words or the heading or label it sits under."""
    text = unit.text
    if _FACT_LABEL.match(text):
        return False
    if reports_a_belief(text):
        return True
    # A list item or paragraph under a heading that says "myth" (the item is the myth)
    heading = unit.ctx.analysis(HEADINGS_ABOVE, unit.doc).get(id(unit.block))
    if heading is not None and re.search(r"\bmyths?\b", heading, re.I) \
            and not re.search(r"\bfacts?\b", heading, re.I):
        return True
    block_text = unit.block.text
    if unit.sentence.start > 0 and _MYTH_LABEL.match(block_text):
        return True
    return False


def in_quotes(sentence: Sentence, start: int, end: int) -> bool:
    """Whether text offsets [start, end) sit inside a quotation in the sentence."""
    text = sentence.text
    for open_q, close_q in _QUOTES:
        i = text.rfind(open_q, sentence.start, start)
        if i < 0:
            continue
        if open_q == close_q and text.count(open_q, sentence.start, start) % 2 == 0:
            continue
        if open_q == "'" and i > 0 and text[i - 1].isalnum():
            continue  # an apostrophe ("don't"), not a quote
        j = text.find(close_q, end, sentence.end)
        if j >= 0:
            return not _SAY.search(text, max(0, text.rfind("\n", 0, i) + 1), i)
    return False


# 'Say: "..."', 'Tell the caller: "..."': a script the page gives its reader to speak; the
# quotation is what the page itself says.
# The instruction opens its line ("Some websites say "..."" reports what others say).
_SAY = re.compile(r"^\s*(?:[-*\u2022]\s+)?(?:(?:please|then|now)\s+)?(?:say|tell\s+(?:them|her|him|the\s+\w+)"
                  r"|you\s+(?:can|could|might|should)\s+say|explain|answer|reply|script|suggested\s+wording)"
                  r"\s*[:,\-\u2013\u2014]?\s*$", re.I | re.M)


# A bare "Yes" after a question: "Yes.", "Yes!", "Yes, it is.", "Yes, they can." An answer
# that goes on ("Yes, imiquimod is a steroid cream") states the claim itself and is judged
# on its own words, so the question is not reported a second time.
_YES = re.compile(r"^\s*(?:[-*\u2022]\s+)?(?:\*\*|__)?(?:answer\s*:\s*)?yes\b(?![-'])"
                  r"(?:\s*,?\s*(?:it|they|he|she|this|that|you|we)\s+(?:is|are|was|were|does|do|did|can|could"
                  r"|will|has|have|may|might|should)(?:\s+(?:indeed|really|too|also))?)?"
                  r"\s*(?:[.!]|\*\*|__|$)", re.I)


# A bare "No": "No.", "No, it is not.", "No, they aren't."
_NO = re.compile(r"^\s*(?:[-*\u2022]\s+)?(?:\*\*|__)?(?:answer\s*:\s*)?no\b(?![-'])"
                 r"(?:\s*,?\s*(?:it|they|he|she|this|that)\s+(?:is|are|was|were|does|do|did|isn't|aren't|wasn't"
                 r"|weren't|doesn't|don't|didn't)(?:\s+not)?)?\s*(?:[.!]|\*\*|__|$)", re.I)


def _answer(unit: "SentenceUnit") -> str:
    """The words right after the question in its block, or, when it ends its block, the
    next block's text."""
    after = unit.block.text[unit.sentence.end:]
    if after.strip():
        return after
    following = next((b for b in unit.doc.blocks[unit.index + 1:] if b.text and b.text.strip()), None)
    return following.text if following is not None else ""


def answered_no(unit: "SentenceUnit") -> bool:
    """The question is answered with a bare "No": "Is tramadol an opioid? No." says that
    tramadol is not an opioid."""
    return is_question(unit.sentence) and _NO.match(_answer(unit)) is not None


def answered_yes(unit: "SentenceUnit") -> bool:
    """The question is answered with a bare "Yes" by the words right after it in its
    block, or, when it ends its block (an FAQ heading or a question paragraph), by the next
    block's first words: "Is celecoxib a steroid? Yes." says that celecoxib is a steroid."""
    after = unit.block.text[unit.sentence.end:]
    if after.strip():
        return _YES.match(after) is not None
    blocks = unit.doc.blocks
    following = next((b for b in blocks[unit.index + 1:] if b.text and b.text.strip()), None)
    return following is not None and _YES.match(following.text) is not None


def not_a_statement(unit: "SentenceUnit") -> bool:
    """Questions, myths and refuted quotations state nothing the page stands behind. A
    question the page answers "Yes" states what it asks."""
    if is_question(unit.sentence):
        return not answered_yes(unit)
    return framed_as_myth(unit)


# --- the page's subject ----------------------------------------------------------------------

def _headings_above(doc: "Document", ctx: "Context") -> dict[int, str]:
    """For each block (by id), the text of the closest heading above it."""
    above: dict[int, str] = {}
    heading = None
    for b in doc.blocks:
        if heading is not None:
            above[id(b)] = heading
        if b.kind == HEADING:
            heading = b.text
    return above


# ``ctx.analysis(HEADINGS_ABOVE, doc).get(id(block))``: the heading a block sits under.
HEADINGS_ABOVE: PageAnalysis[dict[int, str]] = PageAnalysis("claims.headings-above", _headings_above)


def _first_product(text: str, kb) -> "Product | None":
    for m in find_mentions(tokenize(text), kb):
        if m.product is not None:
            return m.product
    return None


def _page_subject(doc: "Document", ctx: "Context") -> "Product | None":
    """The medicine a page is about: named in its title, else its first heading."""
    kb = ctx.kb
    if kb is None:
        return None
    if doc.title:
        found = _first_product(doc.title, kb)
        if found is not None:
            return found
    for b in doc.blocks:
        if b.kind == HEADING:
            return _first_product(b.text, kb)
    first = next((b for b in doc.blocks if b.text and b.text.strip()), None)
    if first is not None:
        # A plain-text page has no marked title: its first line is one when it is short
        # and not a sentence ("DreamEase Nightly Melatonin Gummies").
        line = first.text.strip().split("\n", 1)[0].strip()
        if len(line.split()) <= 8 and not line.endswith((".", "!", "?", ":", ";", ",")):
            return _first_product(line, kb)
    return None


PAGE_SUBJECT: PageAnalysis["Product | None"] = PageAnalysis("claims.page-subject", _page_subject)

# Sentence openings that point back at the medicine named before.
_ANAPHORA = re.compile(r"^\s*(?:it|this|these|they|this\s+(?:medicine|medication|drug|pill|tablet)|"
                       r"these\s+(?:medicines|medications|drugs|pills|tablets)|the\s+(?:medicine|"
                       r"medication|drug|pill|tablet)s?)\b", re.I)


def points_back(unit: "SentenceUnit") -> bool:
    return bool(_ANAPHORA.match(unit.text))


def subject_product(unit: "SentenceUnit") -> "Product | None":
    """The medicine the sentence is about: the first product it names; for a sentence
    that starts "It ..."/"This medicine ...", the previous sentence's first product, or
    the page's subject."""
    for m in unit.sentence.mentions:
        if m.product is not None and not points_back(unit):
            return m.product
    if points_back(unit) or not unit.sentence.mentions:
        if unit.previous is not None:
            for m in unit.previous.mentions:
                if m.product is not None:
                    return m.product
        if points_back(unit):
            return unit.ctx.analysis(PAGE_SUBJECT, unit.doc)
    return None
