"""The speed-ups in medtext and the medical/safety/accessibility checks skip work when a
cheap test says a pattern cannot match. These tests hold the fast paths to the slow ones:
same norms, same mentions, and the same findings with the guards switched off."""

from __future__ import annotations

import pytest

from checker import medtext
from checker.checks import safety
from checker.checks.accessibility import wording
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


DOSE_TEXTS = [
    "Take 5.0 mg at hs. Give .5 mg SC now.",
    "Inject 10 U of insulin; 100000 units per vial; 2 tabs ii daily.",
    "Use 1/2 tablet @ 8 pm, 5 mg & 10 mg, < 5 mg, 5 mg/10 mg, x3d.",
    "Give 2 drams of syrup. Use 1:1000 epinephrine. MSO4 2 mg. PTU 50 mg.",
    "Plain words about the weather, with no dose at all.",
]


@pytest.mark.parametrize("text", DOSE_TEXTS)
def test_safety_guards_do_not_change_hits(monkeypatch, text):
    fast = [*safety._number_formats(text), *safety._symbols(text), *safety._abbreviations(text, False)]
    monkeypatch.setattr(safety, "_scan", lambda pattern, t, needed: pattern.finditer(t))
    monkeypatch.setattr(safety, "_DIGIT", __import__("re").compile(r"(?s:.)|$"))
    slow = [*safety._number_formats(text), *safety._symbols(text), *safety._abbreviations(text, False)]
    assert [h[:4] for h in fast] == [h[:4] for h in slow]
    if "dose" not in text:
        assert fast  # the examples do hold findings


def test_wording_guard_covers_every_word_the_patterns_need():
    for text in ("Click the red button on the left side of the page.",
                 "Doses shown in RED are the maximum.", "Items are colour-coded.",
                 "The ſquare icon", "A pınk box"):
        lower = text.lower()
        if wording._SENSORY.search(text):
            assert wording._may_hold(text, lower, wording._SENSORY_WORDS)
        if wording._COLOR_ONLY.search(text):
            assert wording._may_hold(text, lower, wording._COLOR_ONLY_WORDS)
