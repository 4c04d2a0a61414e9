"""medtext works out tokens and mentions lazily, and skips sentences whose words start no
knowledge-base phrase. These tests hold the lazy path to the eager one: same norms, same
mentions. (The checks' pre-filters are proven for every rule in test_dispatch.py.)"""

from __future__ import annotations

import pytest

from checker import medtext
from checker.knowledge import load_knowledge_base

SENTENCES = [
    "Ibuprofen's label says NSAIDs like Advil can upset the stomach.",
    "Acetaminophen (Tylenol) is not an NSAID.",
    "Opioid pain relievers such as oxycodone are sometimes prescribed.",
    "Café staff said the naïve patient took Tylenol’s generic form.",   # not ASCII
    "The İstanbul clinic gave aspirin.",                                 # İ lower-cases to two chars
    "Nothing here names a medicine at all.",
    "IBUPROFEN'S dose and NAPROXEN’S dose differ.",
]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.mark.parametrize("text", SENTENCES)
def test_lazy_sentence_matches_eager_tokenizing(kb, text):
    for sentence in medtext.sentences(text, kb):
        tokens = medtext.tokenize(text, sentence.start, sentence.end)
        fresh = medtext.Sentence(text=text, start=sentence.start, end=sentence.end, kb=kb)
        assert fresh.norm_set == frozenset(t.norm for t in tokens)
        assert fresh.mentions == medtext.find_mentions(tokens, kb)
        assert tuple(fresh.tokens) == tuple(tokens)


def test_mentions_found_in_ascii_and_non_ascii_sentences(kb):
    names = {text: [text[m.start:m.end] for s in medtext.sentences(text, kb) for m in s.mentions]
             for text in SENTENCES}
    assert any(n.startswith("Tylenol") for n in names[SENTENCES[3]])
    assert names[SENTENCES[5]] == []
    assert any(n.lower().startswith("ibuprofen") for n in names[SENTENCES[6]])
