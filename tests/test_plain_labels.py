"""Plain-language swaps are asked for in prose, not in blocks that are lists of labels:
a table of symptom frequencies flattened into one line, contact details, a citation.
There the medical word is a name (a symptom vocabulary's term, an article's title)."""

from __future__ import annotations

from .helpers import check_snippet

FREQUENCIES = ("# Signs and symptoms\n\n"
               "Signs and symptoms with how often they occur: Fatigue 90% Renal cyst 50% "
               "Hypertension 50% Edema 50% Joint pain 7.5% Hearing loss 7.5%\n\n"
               "Some people have renal problems early.\n")

CITATION = ("# Sources\n\n"
            "Smith J, Lee K. Renal outcomes in adults with hypertension. "
            "Kidney Int. 2019;12(3):45-52. doi:10.1000/ki.2019.45\n")


def _plain(text: str):
    return [(f.line, f.text) for f in check_snippet(text) if f.category == "plain-language"]


def test_terms_in_a_flattened_frequency_table_are_labels():
    assert _plain(FREQUENCIES) == [(5, "renal")]


def test_terms_in_a_citation_are_a_title():
    assert _plain(CITATION) == []


def test_the_same_terms_in_prose_are_reported():
    assert {t.lower() for _, t in _plain("# Kidneys\n\nRenal cysts and hypertension are common. "
                                          "Edema can follow.\n")} == {"renal", "hypertension", "edema"}


# A sentence before the table and labels of many words: the block is mostly prose by
# its counts, but each label sits between two figures.
LONG_LABELS = ("# Signs and symptoms\n\n"
               "This list shows the signs and symptoms that people with this condition may have, "
               "and how often they are seen in the people who have it, where it is known. "
               "Abnormality of the shape of the long bones 90% Limitation of joint mobility 90% "
               "Renal insufficiency of late onset 7.5% Seizures that start in childhood 7.5% "
               "Hypertension 5%\n\n"
               "Renal problems can start early.\n")


def test_a_label_between_two_percentages_is_a_table_row_even_in_a_block_of_prose():
    found = _plain(LONG_LABELS)
    assert (5, "Renal") in found                     # the sentence after the table
    assert all(line == 5 for line, _ in found), found  # none from the table's rows


def test_a_term_in_a_sentence_that_gives_a_figure_is_prose():
    # "50% of people with hypertension" is a sentence, not a row of labels
    found = _plain("# Facts\n\nAbout 50% of people with hypertension have renal damage after 20% of their "
                   "life.\n")
    assert {t for _, t in found} >= {"hypertension"}
