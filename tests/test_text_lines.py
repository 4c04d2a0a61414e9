"""Plain text pages: a line with no closing punctuation followed by a capitalised line
ends there. Read as one paragraph, a title line and the two lines under it were one
'sentence of 41 words' that nobody wrote."""

from __future__ import annotations

from checker.documents.text import parse_plain
from checker.model import HEADING, PARAGRAPH

from .helpers import check_snippet

# A title, a line without a full stop, and a sentence: 4 + 18 + 19 words.
PAGE = """Taking your seizure medicine
Your seizure medicine works best when you take it at the same time of day every day
Keep a written list of every medicine you take and show it to each doctor and pharmacist you see.

Ask your doctor before you stop taking it.
"""

WRAPPED = """Take the tablets with a full glass of water and do not take them with
Tylenol or other pain relievers unless your doctor says you can do so safely.
"""


def _long_sentences(text: str):
    return [f for f in check_snippet(text, fmt="text") if f.rule == "readability.long-sentence"]


def test_title_and_lines_without_full_stops_are_not_one_long_sentence():
    assert _long_sentences(PAGE) == []
    doc = parse_plain("page.txt", PAGE)
    assert [(b.kind, b.text.split()[0]) for b in doc.blocks] == [
        (PARAGRAPH, "Taking"), (PARAGRAPH, "Your"), (PARAGRAPH, "Keep"), (PARAGRAPH, "Ask")]


def test_positions_of_the_split_lines_stay_on_their_own_lines():
    doc = parse_plain("page.txt", PAGE)
    keep = doc.blocks[2]
    start, _ = keep.source_span(0, 4)
    assert PAGE[start:start + 4] == "Keep"


def test_a_line_wrapped_before_a_name_is_still_one_sentence():
    doc = parse_plain("page.txt", WRAPPED)
    assert [b.kind for b in doc.blocks] == [PARAGRAPH]
    found = _long_sentences(WRAPPED)
    assert [f.data["words"] for f in found] == [29]


def test_a_line_split_off_is_body_text_and_a_line_alone_is_still_a_heading():
    # a masthead over a subtitle must not become the page's H1 (it names the subject)
    doc = parse_plain("page.txt", "LAKESIDE CLINIC\nPatient leaflet\n\nDosage\n\nTake one tablet daily\n"
                                  "Do not take two\n")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "LAKESIDE CLINIC"), (PARAGRAPH, "Patient leaflet"), (HEADING, "Dosage"),
        (PARAGRAPH, "Take one tablet daily"), (PARAGRAPH, "Do not take two")]
