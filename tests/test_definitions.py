"""Terms a page explains at first use (checker/definitions.py)."""

from __future__ import annotations

import pytest

from checker.definitions import defined_terms, first_definitions
from checker.documents import parse_text


def _terms(text: str) -> frozenset[str]:
    return defined_terms(parse_text("page.md", text))


@pytest.mark.parametrize("text,term", [
    ("Hypertension (high blood pressure) is common.", "hypertension"),
    ("You may have high blood pressure (hypertension).", "hypertension"),
    ("Take an NSAID, a medicine that reduces swelling.", "nsaid"),
    ("Warfarin, a blood thinner, can cause bleeding.", "warfarin"),
    ("Neuropathy means nerve damage.", "neuropathy"),
    ("Edema is the medical word for swelling.", "edema"),
    ("Edema is a condition in which fluid builds up.", "edema"),
    ("Peripheral neuropathy (also called nerve damage) hurts.", "neuropathy"),
    ("Hypertension, or high blood pressure, is common.", "hypertension"),
    ("- **Renal**: about the kidneys", "renal"),
    ("Take NSAIDs (medicines that reduce swelling) with food.", "nsaid"),
    # The plain words first, the kind of the condition in brackets: its head word too.
    ("Your feet may feel numb and weak (peripheral neuropathy).", "neuropathy"),
    ("Sores inside the cheeks (oral mucosal lesions) can hurt.", "lesions"),
    # The term in quotes.
    ('"Renal" refers to the kidneys.', "renal"),
    ("Your doctor may say \u2018edema\u2019, which means swelling.", "edema"),
])
def test_explanations_are_found(text, term):
    assert term in _terms(text)


@pytest.mark.parametrize("text,term", [
    ("Take 2 tablets (500 mg) with food.", "tablets"),
    ("Check your renal function (see below).", "renal function"),
    ("Nonsteroidal anti-inflammatory drugs (NSAIDs) ease pain.", "anti-inflammatory drugs"),
    ("If you have renal failure, a doctor in your clinic can help.", "renal failure"),
    # A phrase in brackets is not the name of what came before it.
    ("Interferon (given by injection) can help.", "injection"),
    ("Some treatments are standard (used by most physicians).", "physicians"),
])
def test_things_that_are_not_explanations(text, term):
    assert term not in _terms(text)


def test_an_acronym_in_parentheses_explains_only_the_acronym():
    assert "nsaids" in _terms("Nonsteroidal anti-inflammatory drugs (NSAIDs) ease pain.")


def test_first_definition_offsets_point_at_the_explanation():
    text = "# Blood pressure\n\nYou have hypertension.\n\nHypertension (high blood pressure) is common.\n"
    doc = parse_text("page.md", text)
    assert first_definitions(doc)["hypertension"] == text.index("Hypertension (")


def test_explained_terms_are_not_flagged_again_by_the_plain_language_pack():
    from .helpers import check_snippet, default_settings
    text = ("Hypertension (high blood pressure) can harm your heart. Treat hypertension early.\n\n"
            "Tell your doctor about cardiac problems.\n")
    findings = check_snippet(text, settings=default_settings(("rulepack",)))
    rules = [f.rule for f in findings if f.category == "plain-language"]
    assert rules == ["plain.cardiac"]


def test_a_name_given_after_its_description_explains_its_head_word():
    from checker.definitions import defined_terms
    from checker.documents import parse_text
    doc = parse_text("page.md", "# Treatment\n\nWhen it is used to stop cancer spreading to the "
                     "brain, it is called CNS prophylaxis.\n", "markdown")
    assert {"cns prophylaxis", "prophylaxis", "cns"} <= defined_terms(doc)
