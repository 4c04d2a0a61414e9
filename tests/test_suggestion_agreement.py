"""A suggestion replaces the flagged words in the sentence, so it must fit there: in
number ("a neuroleptic" is one medicine), with the article the new words take ("an
analgesic" -> "a pain reliever"), and as an adjective where the words were one."""

from __future__ import annotations

from .helpers import check_snippet


def _applied(text: str, rule: str) -> list[str]:
    """Each of the rule's findings' first suggestion put in place of its words."""
    out = []
    for f in check_snippet(text):
        if f.rule == rule and f.suggestions:
            line = text.splitlines()[f.line - 1]
            out.append(line[:f.column - 1] + f.suggestions[0] + line[f.end_column - 1:])
    return out


def test_a_singular_class_word_after_a_gets_a_singular_suggestion_and_its_article():
    got = _applied("# Nerve pain\n\nGabapentin is a neuroleptic.\n", "med.neuroleptic-for-nerve-pain")
    assert got == ["Gabapentin is an anticonvulsant (anti-seizure medicine)."]
    assert "a anticonvulsant" not in got[0] and "medicines" not in got[0]


def test_a_plural_class_word_gets_a_plural_suggestion():
    got = _applied("# Nerve pain\n\nPregabalin and gabapentin are neuroleptics that calm nerves.\n",
                   "med.neuroleptic-for-nerve-pain")
    assert got == ["Pregabalin and gabapentin are anticonvulsants (anti-seizure medicines) that calm nerves."]


def test_an_adjective_before_its_noun_keeps_the_noun_and_the_capital():
    got = _applied("# Nerve pain\n\nNeuroleptic medications like pregabalin ease nerve pain.\n",
                   "med.neuroleptic-for-nerve-pain")
    assert got == ["Anticonvulsant (anti-seizure) medications like pregabalin ease nerve pain."]


def test_plain_language_swaps_take_the_article_their_first_sound_needs():
    assert _applied("# Pain\n\nTake an analgesic before the pain gets bad.\n", "plain.analgesic") == [
        "Take a pain reliever before the pain gets bad."]
    assert _applied("# Pain\n\nAn analgesic can help.\n", "plain.analgesic") == ["A pain reliever can help."]
    # the article already fits: the span stays on the word
    found = [f for f in check_snippet("# Pain\n\nTake the analgesics with food.\n") if f.rule == "plain.analgesic"]
    assert [(f.text, f.suggestions) for f in found] == [("analgesics", ("pain relievers",))]


def test_the_message_still_names_the_words_not_the_article():
    f = next(f for f in check_snippet("# Pain\n\nTake an analgesic before bed.\n") if f.rule == "plain.analgesic")
    assert "say 'pain reliever' instead of 'analgesic'" in f.message


def test_a_swap_that_is_not_a_noun_phrase_gets_no_article():
    found = [f for f in check_snippet("# Skin\n\nUse a topical cream twice a day.\n") if f.rule == "plain.topical"]
    assert [(f.text, f.suggestions) for f in found] == [("topical", ("on the skin",))]
