"""The claim reader's frames: what negation, hedges, questions, myths, quotations and
"it" pointing back do to a sentence, read from real parsed pages."""

from __future__ import annotations

import pytest

from checker.checks import Context
from checker.claims import frames
from checker.dispatch import SentenceUnit
from checker.documents import parse_text

from .medfamilies import _config, kb
from .conftest import TODAY


def units(text: str, fmt: str = "markdown", path: str = "page.md") -> list[SentenceUnit]:
    doc = parse_text(path, text, fmt)
    ctx = Context(config=_config(), packs=None, kb=kb(), today=TODAY)
    out = []
    for block in doc.blocks:
        previous = None
        for i, sentence in enumerate(ctx.sentences(doc, block)):
            out.append(SentenceUnit(doc, ctx, block, i, sentence, previous))
            previous = sentence
    return out


def unit_with(text: str, needle: str, **kwargs) -> SentenceUnit:
    return next(u for u in units(text, **kwargs) if needle in u.text)


@pytest.mark.parametrize("sentence, negated", [
    ("Ibuprofen is not an opioid.", True),
    ("Ibuprofen isn't an opioid.", True),
    ("Neither ibuprofen nor naproxen is an opioid.", True),
    ("Never give aspirin to a child with flu.", True),
    ("Ibuprofen is an NSAID.", False),
    ("Ibuprofen eases pain and notably swelling.", False),
])
def test_negation_is_read_from_tokens(sentence, negated):
    u = units(sentence)[0]
    assert frames.negated_between(u.sentence, 0, len(u.sentence.tokens)) is negated


def test_two_negations_are_counted():
    u = units("No medicine is ever without risk, and none is never harmful.")[0]
    assert frames.negation_count(u.sentence, 0, len(u.sentence.tokens)) == 4


@pytest.mark.parametrize("sentence, hedged", [
    ("Naproxen may upset the stomach.", True),
    ("Opioids rarely cause an allergy.", True),
    ("Some people feel dizzy.", True),
    ("Naproxen upsets the stomach.", False),
])
def test_hedges(sentence, hedged):
    u = units(sentence)[0]
    assert frames.hedged_between(u.sentence, 0, len(u.sentence.tokens)) is hedged


@pytest.mark.parametrize("page, needle, framed", [
    ("Myth: antibiotics cure colds.\n", "cure", True),
    ("Some people think that antibiotics cure colds. They do not.\n", "cure", True),
    ("You may have heard that codeine is harmless. It is not.\n", "harmless", True),
    ("Fact: antibiotics do not work on viruses.\n", "viruses", False),
    ("Antibiotics treat infections caused by bacteria.\n", "bacteria", False),
    ("## Common myths\n\n- Antibiotics cure colds.\n", "cure", True),
    ("## Myths and facts\n\n- Antibiotics do not cure colds.\n", "cure", False),
    ("Is codeine safe for children?\n", "codeine", True),
])
def test_sentences_that_state_nothing(page, needle, framed):
    assert frames.not_a_statement(unit_with(page, needle)) is framed


def test_a_quotation_is_told_from_an_apostrophe():
    u = units('An ad promised "no side effects at all" for the pill.')[0]
    text = u.sentence.text
    at = text.index("side")
    assert frames.in_quotes(u.sentence, at, at + 4)
    v = units("It doesn't have side effects, the ad said.")[0]
    at = v.sentence.text.index("side")
    assert not frames.in_quotes(v.sentence, at, at + 4)


def test_the_subject_of_a_sentence_that_points_back():
    page = "# About sertraline\n\nSertraline is an antidepressant. It can cause nausea.\n"
    it = unit_with(page, "nausea")
    assert frames.points_back(it)
    assert frames.subject_product(it).generics == ("sertraline",)


def test_the_page_subject_answers_when_the_previous_sentence_names_nothing():
    page = "---\ntitle: Your naproxen questions\n---\n\n# Questions\n\nAsk your pharmacist.\n\nThis medicine can upset the stomach.\n"
    u = unit_with(page, "upset")
    assert frames.subject_product(u).generics == ("naproxen",)


def test_a_sentence_that_names_a_medicine_is_about_it():
    u = units("Naproxen lasts longer than ibuprofen.")[0]
    assert frames.subject_product(u).generics == ("naproxen",)
    assert frames.subject_product(units("Rest and fluids help.")[0]) is None
