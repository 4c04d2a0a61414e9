"""Terms a page explains to its reader.

Plain-language guidance (CDC, NIH) accepts a medical word when the page explains it
where it is first used: "hypertension (high blood pressure)", "an NSAID, a medicine
that reduces swelling", "neuropathy (also called nerve damage)". Once explained, the
word is part of the page's vocabulary: the plain-language substitutions do not flag it
again, and the readability check counts it as an ordinary word.

Recognised explanations (X is the term, Y its explanation):

- ``X (Y)`` and ``Y (X)``: a parenthesis holding words (not a dose, date, reference
  or a "see ..." pointer); both sides count, so "high blood pressure (hypertension)"
  teaches the reader "hypertension", and "numb, weak feet (peripheral neuropathy)"
  teaches "peripheral neuropathy" and its head word "neuropathy".
- ``X (also called Y)``, ``X, also known as Y,``, ``X, or Y,``.
- ``X, a medicine that ...``, ``X, a blood thinner,`` (an appositive with a/an).
- ``X means Y``, ``X is the medical word for Y``, ``X refers to Y``,
  ``X is a condition in which ...``; a description followed by ``it is called X`` or
  ``these tests are called X``.
- Glossary lines: a block that starts ``X: Y`` or ``X - Y`` with a short X.

The candidates for X are the one to four words that end where the explanation
starts ("have diabetic neuropathy (...)" gives "neuropathy", "diabetic neuropathy",
...). Over-generating is harmless: the set is only consulted for words a rule already
matched. Terms are lower-cased; a plural adds its singular and the other way round.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Iterator, Mapping

from .context import PageAnalysis
from .model import PROSE_KINDS, Document
_MAX_TERM_WORDS = 4
_MAX_EXPLANATION_WORDS = 12

_WORD = r"[^\W\d_][\w'’-]*"
# Words that end a candidate term when walking left: they belong to the sentence,
# not to the term ("you have | hypertension (...)" still yields "have hypertension",
# which is harmless, but "and" or a comma starts a new phrase).
_PHRASE_BREAK = re.compile(r"[,;:.!?()\[\]\"“”]")

# A parenthesis that is not an explanation: a pointer, a dose or number, a citation.
_NOT_EXPLANATION = re.compile(
    r"""^\s*(?:see\b|cf\b|ref\b|figure\b|fig\b|table\b|page\b|p\.\s|https?:|www\.
        |[\d.,/%\s-]+(?:mg|mcg|g|kg|ml|mL|l|units?|iu|%|years?|days?|hours?|weeks?)?\s*$)""",
    re.I | re.X)

# Words that make a parenthesis a phrase ("by injection", "used by physicians"), not
# the name of what the words before it describe.
_PHRASE_WORDS = frozenset("""a an the by with of for in on to at from as and or not is are was
    were be used given taken currently usually also only such see called known""".split())

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&/-]{1,9}s?$")

_ALSO_CALLED = re.compile(
    r"\b(?:also\s+(?:called|known\s+as|named)|sometimes\s+called|called|known\s+as|"
    r"or\s+simply)\s+", re.I)

# "X, a medicine that ..." / "X, a blood thinner, ..." / "X, which is ..." / "X, or Y,"
_APPOSITIVE = re.compile(
    r",\s+(?:(?:a|an)\s+(?:" + _WORD + r"\s+){0,4}?(?:that|which|who|used|called|of)\b"
    r"|(?:a|an)\s+(?:" + _WORD + r"\s+){0,3}" + _WORD + r"\s*[,)]"
    r"|which\s+(?:is|are|means)\b|meaning\b|that\s+is,|or\s+(?P<alt>(?:" + _WORD +
    r"\s+){0,3}" + _WORD + r")\s*,)",
    re.I)

# "X means Y" / "X is the medical word for Y" / "X is a condition in which ..."
_DEFINES = re.compile(
    r"\s+(?:means|refers\s+to|is\s+(?:the\s+)?(?:medical\s+|scientific\s+|technical\s+)?"
    r"(?:word|term|name)\s+for|(?:is|are)\s+(?:a|an)\s+(?:" + _WORD + r"\s+){1,3}?"
    r"(?:that|which|in\s+which|where|when|used|characterized\s+by|marked\s+by)\b)",
    re.I)

# "When the heart beats too fast, it is called tachycardia." / "These tests are called
# renal imaging.": the sentence describes the thing, then names it.
_NAMED_AFTER = re.compile(
    r"(?:\b(?:it|this|that|they|these(?:\s+" + _WORD + r")?|which)\s+(?:is|are)\s+(?:also\s+)?"
    r"|\b(?:is|are)\s+also\s+)(?:called|known\s+as|named)\s+(?:an?\s+|the\s+)?(?P<names>(?:" + _WORD +
    r"\s+){0,3}" + _WORD + r")(?=\s*[.;:!?,)]|\s*$)", re.I)

_GLOSSARY = re.compile(r"^\s*(?P<term>(?:" + _WORD + r"[ \t]+){0,3}" + _WORD +
                       r")\s*(?::|\s[-–—]\s)\s*\S", re.U)


def defined_terms(doc: Document) -> frozenset[str]:
    """Lower-cased terms that the page explains somewhere."""
    return frozenset(first_definitions(doc))


# The rule packs and the readability check both ask for the page's explained terms:
# checks read them as ``ctx.analysis(DEFINED_TERMS, doc)``, worked out once per page.
DEFINED_TERMS: PageAnalysis[frozenset[str]] = PageAnalysis(
    "definitions.defined-terms", lambda doc, ctx: defined_terms(doc))


def first_definitions(doc: Document) -> Mapping[str, int]:
    """Each explained term and the source offset of its first explanation.

    A matcher that wants "explained at first use" exactly can flag occurrences
    before that offset and accept those at or after it.
    """
    found: dict[str, int] = {}
    for block in doc.blocks:
        if block.kind not in PROSE_KINDS or not block.text:
            continue
        for term, index in explained_in(block.text):
            offset = block.source_start(index)
            for form in _forms(term):
                if form not in found or offset < found[form]:
                    found[form] = offset
    return MappingProxyType(found)


def explained_in(text: str) -> Iterator[tuple[str, int]]:
    """(lower-cased term, index in text) for every explanation in one block of text."""
    yield from _parentheses(text)
    yield from _appositives(text)
    yield from _definitions(text)
    glossary = _GLOSSARY.match(text)
    if glossary:
        yield glossary.group("term").lower(), glossary.start("term")


def _parentheses(text: str) -> Iterator[tuple[str, int]]:
    for match in re.finditer(r"\(([^()]{1,200})\)", text):
        inner = match.group(1).strip()
        if not re.search(r"[^\W\d_]{2,}", inner) or _NOT_EXPLANATION.match(inner):
            continue
        inner_words = re.findall(_WORD, inner)
        if not inner_words or len(inner_words) > _MAX_EXPLANATION_WORDS:
            continue
        if _ACRONYM.match(inner):
            # "nonsteroidal anti-inflammatory drugs (NSAIDs)" spells out an acronym;
            # it explains the acronym, not the long words before it.
            yield inner.lower(), match.start(1)
            continue
        yield from _terms_before(text, match.start())
        # The parenthesis names the term ("high blood pressure (hypertension)") or
        # gives another name for it ("(also called Y)"): both are explained.
        also = _ALSO_CALLED.search(inner)
        named = inner[also.end():] if also else inner
        for name in re.split(r"[,;]|\bor\b", named):
            name = name.strip(" .")
            if 0 < len(name.split()) <= _MAX_TERM_WORDS:
                at = match.start(1) + max(inner.find(name), 0)
                yield name.lower(), at
                # "weakness in the arms and legs (peripheral neuropathy)" names the kind
                # and explains its head word too: "neuropathy" is on the page's vocabulary.
                words = name.lower().split()
                if not _PHRASE_WORDS.intersection(words):  # a name, not "(by injection)"
                    for i in range(1, len(words)):
                        yield " ".join(words[i:]), at


def _appositives(text: str) -> Iterator[tuple[str, int]]:
    for match in _APPOSITIVE.finditer(text):
        yield from _terms_before(text, match.start())
        if match.group("alt"):
            yield match.group("alt").lower(), match.start("alt")
    for match in re.finditer(r",\s+" + _ALSO_CALLED.pattern + r"(?P<names>(?:" + _WORD +
                             r",?\s+){0,7}" + _WORD + r")", text, re.I):
        yield from _terms_before(text, match.start())
        # "also called high blood sugar or hyperglycemia": each name is explained.
        at = match.start("names")
        for name in re.split(r",\s*|\s+or\s+", match.group("names")):
            if 0 < len(name.split()) <= _MAX_TERM_WORDS:
                yield name.lower(), at + match.group("names").find(name)


def _definitions(text: str) -> Iterator[tuple[str, int]]:
    for match in _DEFINES.finditer(text):
        yield from _terms_before(text, match.start())
    lower = text.lower()
    if "called" not in lower and "known" not in lower and "named" not in lower:
        # Most blocks: none of the naming words every match has (the pattern ignores
        # case, and each character it takes for one of their letters lower-cases to it).
        return
    for match in _NAMED_AFTER.finditer(text):
        words = list(re.finditer(_WORD, match.group("names")))
        at = match.start("names")
        for i in range(1, len(words) + 1):  # "renal imaging" explains "renal" too
            yield match.group("names")[:words[i - 1].end()].lower(), at
        # "... it is called CNS prophylaxis" explains its head word, "prophylaxis", too
        for word in words[1:]:
            yield match.group("names")[word.start():].lower(), at


def _terms_before(text: str, end: int) -> Iterator[tuple[str, int]]:
    """The last one to four words before ``end``, as growing phrases."""
    # A term in quotes ('"Renal" refers to the kidneys'): the closing quote ends it.
    head = text[:end].rstrip().rstrip("\"”'’").rstrip()
    cut = max((m.end() for m in _PHRASE_BREAK.finditer(head)), default=0)
    words = list(re.finditer(_WORD, head[cut:]))[-_MAX_TERM_WORDS:]
    for i in range(len(words) - 1, -1, -1):
        start = cut + words[i].start()
        stop = cut + words[-1].end()
        yield head[start:stop].lower(), start


def _forms(term: str) -> set[str]:
    """The term, collapsed to single spaces, with its singular or plural."""
    term = " ".join(term.replace("’", "'").split())
    forms = {term}
    if term.endswith("ies") and len(term) > 4:
        forms.add(term[:-3] + "y")
    elif term.endswith("es") and term[-3:-2] in ("s", "x", "z", "h"):
        forms.add(term[:-2])
    elif term.endswith("s") and not term.endswith("ss") and len(term) > 3:
        forms.add(term[:-1])
    else:
        forms.add(term + "s")
    return forms


# --- lists the page gives as medical terms --------------------------------------------------

# A block that introduces the list after it as terms: "look up the definitions of these
# medical terms", "the clinical terms below", "Glossary", "a vocabulary of signs".
_TERM_LIST_INTRO = re.compile(
    r"\b(?:these|the\s+following|following|below|listed)\s+(?:[a-z]+\s+){0,2}?terms\b"
    r"|\bterms\s+(?:below|listed|that\s+follow)\b"
    r"|\blook\s+up\b[^.]{0,60}\b(?:definitions?|meanings?|terms?|words?)\b"
    r"|\b(?:definitions?|meanings?)\s+(?:of|for)\s+(?:these|the\s+following)\b"
    r"|\b(?:glossary|ontology|vocabulary|terminology)\b", re.I)
# A label, not a sentence: a few words, no full stop or clause punctuation.
_MAX_LABEL_WORDS = 10  # "Low urinary cyclic AMP response to PTH administration"
_SENTENCE_MARK = re.compile(r"[.;:!?]\s*\S|[.!?]\s*$")


def term_list_spans(doc: Document) -> tuple[tuple[int, int], ...]:
    """Source spans of the items of every list the page itself presents as a list of
    medical terms: the block just before the list says so ("You can look up the
    definitions of these medical terms", "The terms below ...", a heading "Glossary"),
    and each item is a short label ("- Renal hypoplasia", "- Edema"), not a sentence.

    Such a list is a vocabulary the page quotes (a symptom ontology's names, a glossary's
    headwords): the reader is sent to a dictionary for them, so swapping a term for
    plain words, or spelling out the abbreviation in a label, would change the
    vocabulary's name rather than the page's prose. A list introduced by anything else
    ("Side effects may include:") is prose the page wrote for its reader and is checked."""
    from .model import HEADING, IMAGE_ALT, LINK_TEXT, LIST_ITEM, PARAGRAPH

    spans: list[tuple[int, int]] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        if blocks[i].kind != LIST_ITEM or not blocks[i].text:
            i += 1
            continue
        first = i
        while i < len(blocks) and (blocks[i].kind == LIST_ITEM or
                                   blocks[i].kind in (LINK_TEXT, IMAGE_ALT)):
            i += 1
        intro = next((b for b in reversed(blocks[:first])
                      if b.kind not in (LINK_TEXT, IMAGE_ALT) and b.text), None)
        if intro is None or intro.kind not in (PARAGRAPH, HEADING) or \
                not _TERM_LIST_INTRO.search(intro.text):
            continue
        for block in blocks[first:i]:
            text = block.text.strip()
            if block.kind == LIST_ITEM and text and len(text.split()) <= _MAX_LABEL_WORDS \
                    and not _SENTENCE_MARK.search(text):
                spans.append((block.source_start(0), block.source_end(len(block.text))))
    return tuple(spans)


TERM_LISTS: PageAnalysis[tuple[tuple[int, int], ...]] = PageAnalysis(
    "definitions.term-lists", lambda doc, ctx: term_list_spans(doc))


def in_term_list(spans: tuple[tuple[int, int], ...], offset: int) -> bool:
    return any(a <= offset < b for a, b in spans)


# A title with these words is a sentence or an instruction ("How to administer
# insulin", "Living with your renal diet"), not the name of a condition or medicine.
_CLAUSE_WORDS = frozenset("""how what why when where who which can should may will is are do does
    to you your my our living taking using managing caring tips guide about""".split())


def subject_spans(doc: Document) -> tuple[tuple[int, int], ...]:
    """Source spans where the page names its own subject: its title (front matter or
    first level-1 heading), wherever the page repeats it ("Renal nutcracker syndrome").
    A subject that is a name (a noun phrase, not "How to administer insulin") is the
    condition's or medicine's name: a plain-language swap inside it renames it."""
    names = {" ".join(n.split()) for n in doc.names
             if len(n.split()) >= 2 and not _CLAUSE_WORDS & set(n.lower().split())}
    if not names:
        return ()
    pattern = re.compile("|".join(r"\s+".join(map(re.escape, n.split()))
                                  for n in sorted(names, key=len, reverse=True)), re.I)
    spans = []
    for block in doc.blocks:
        if block.kind in PROSE_KINDS and block.text:
            for m in pattern.finditer(block.text):
                spans.append(block.source_span(m.start(), m.end()))
    return tuple(spans)


SUBJECT_SPANS: PageAnalysis[tuple[tuple[int, int], ...]] = PageAnalysis(
    "definitions.subject-spans", lambda doc, ctx: subject_spans(doc))
