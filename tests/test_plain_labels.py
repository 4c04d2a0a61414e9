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


# A list the page itself gives as medical terms: the block before it says so, and each
# item is a short label. Varied introductions, in Markdown and HTML.
TERM_LIST_PAGES = (
    ("# Signs\n\nThe medical terms below come from a symptom vocabulary; you can look them up "
     "in a medical dictionary.\n\n- Renal hypoplasia\n- Edema\n- Facial erythema\n"
     "- EMG abnormality\n\nSome people have renal problems early.\n", "markdown"),
    ("# Words you may see\n\n## Glossary\n\n- Hypertension\n- Syncope\n- Myalgia\n\n"
     "Hypertension is common.\n", "markdown"),
    ("<h1>Signs</h1><p>Look up the definitions of these words in the dictionary.</p>"
     "<ul><li>Hepatic failure</li><li>Dyspnea</li><li>EEG abnormality</li></ul>"
     "<p>Hepatic problems can start early.</p>", "html"),
)


def test_items_of_a_list_the_page_gives_as_medical_terms_are_labels():
    for text, fmt in TERM_LIST_PAGES:
        found = [(f.rule, f.text) for f in check_snippet(text, fmt)
                 if f.category == "plain-language" or f.rule == "a11y.abbreviation-unexpanded"]
        # the prose after the list is still read; the list's labels are not
        assert [t.lower() for _, t in found] in (["renal"], ["hypertension"], ["hepatic"]), (text, found)


def test_a_list_introduced_as_the_pages_own_advice_is_prose():
    # the same items under an introduction that does not call them terms
    for intro in ("The medicine may cause:", "Call your doctor if you have any of these:",
                  "Common problems include the following."):
        text = f"# Side effects\n\n{intro}\n\n- Renal problems\n- Edema of the legs\n- Syncope\n"
        found = {f.text.lower() for f in check_snippet(text) if f.category == "plain-language"}
        assert found == {"renal", "edema", "syncope"}, (intro, found)


def test_a_sentence_in_a_term_list_is_prose():
    text = ("# Signs\n\nThese medical terms are explained below.\n\n- Edema\n"
            "- Syncope means fainting. Tell your doctor.\n- Your renal function may drop, "
            "so you need regular blood tests to check it\n")
    found = {f.text.lower() for f in check_snippet(text) if f.category == "plain-language"}
    assert "renal" in found and "edema" not in found, found


def test_the_introduction_may_end_in_a_flattened_table_before_the_list():
    rows = " ".join(f"Sign number {i} 90%" for i in range(40))
    text = ("# Signs\n\nYou can look up the definitions of these medical terms in a dictionary. "
            f"Signs and how often they occur: {rows}\n\n- Edema\n- Renal hypoplasia\n")
    assert [f for f in check_snippet(text) if f.category == "plain-language"] == []


def test_the_first_row_of_a_flattened_table_is_a_label_too():
    text = ("# Signs\n\nSigns and how often they occur (when known): Edema 90% Renal cyst 50% "
            "Hypertension 7.5%\n\nRenal problems and edema can also start later.\n")
    assert {(f.line, f.text.lower()) for f in check_snippet(text)
            if f.category == "plain-language"} == {(5, "renal"), (5, "edema")}
    # a sentence that gives one figure after a colon is prose
    prose = "# Facts\n\nIn short: edema affects 20% of people, and renal damage 10%.\n"
    assert {f.text.lower() for f in check_snippet(prose) if f.category == "plain-language"} \
        >= {"edema"}


def test_the_pages_own_subject_is_a_name():
    # A swap inside the condition's name renames it; the same word elsewhere is prose.
    text = ("---\ntitle: Renal nutcracker syndrome\n---\n\n# Renal nutcracker syndrome\n\n"
            "Renal nutcracker syndrome happens when a vein is squeezed. It can cause renal "
            "pain.\n")
    found = [(f.line, f.column) for f in check_snippet(text) if f.rule == "plain.renal"]
    assert found == [(_line(text, "It can cause"), text.splitlines()[_line(text, "It can cause") - 1]
                      .index("renal") + 1)], found


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_title_that_is_an_instruction_is_prose():
    text = "---\ntitle: How to administer insulin\n---\n\n# How to administer insulin\n\nWash your hands.\n"
    assert [f.rule for f in check_snippet(text) if f.category == "plain-language"] == \
        ["plain.administer"]


def test_a_medical_name_in_brackets_after_its_plain_words_is_already_explained():
    text = ("# Signs\n\nSome people have fatty liver (hepatic steatosis) and weak bones. Others "
            "have hepatic cysts.\n")
    found = [(f.rule, f.column) for f in check_snippet(text) if f.category == "plain-language"]
    assert found == [("plain.hepatic", text.splitlines()[2].index("hepatic cysts") + 1)], found
