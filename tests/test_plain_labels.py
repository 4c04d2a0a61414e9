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
