"""A capital letter that names a vitamin, a hepatitis virus or a type ends a sentence when
a full stop and a capital follow ("... and vitamin D. For safety ..."); an initial does
not ("by J. Smith"). Read as one, the two sentences were one 'sentence of 42 words'."""

from __future__ import annotations

from checker.textutil import sentence_spans

from .helpers import check_snippet


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_a_letter_name_ends_its_sentence():
    assert _sentences("Eat foods with calcium and vitamin D. Ask your doctor about a supplement.") == [
        "Eat foods with calcium and vitamin D.", "Ask your doctor about a supplement."]
    assert _sentences("Some people have hepatitis B. It can be passed on at birth.") == [
        "Some people have hepatitis B.", "It can be passed on at birth."]


def test_initials_and_lower_case_after_the_stop_do_not():
    assert len(_sentences("The guide was written by J. Smith and checked by a nurse.")) == 1
    assert len(_sentences("Take vitamin D. once a day with food.")) == 1


def test_no_long_sentence_across_a_vitamin_letter():
    # 19 words and 12 words: one 'sentence' of 31 words if the letter is read as an initial
    page = ("# Bones\n\nAsk your doctor if you should also take a supplement to get enough calcium "
            "and vitamin D. For safety, ask before you take any supplement you buy.\n")
    found = check_snippet(page)
    assert [f for f in found if f.rule == "readability.long-sentence"] == []
    assert not any("long sentence" in f.message for f in found)
