"""Context that real copy needs: unit glosses, abbreviations that are not, plain-language
swaps that would change the meaning, and a reason on every proselint message."""

from __future__ import annotations

import pytest

from checker.checks import prose

from .helpers import check_snippet


def _rules(text: str, rule: str, **kw) -> list[str]:
    return [f.text for f in check_snippet(text, **kw) if f.rule == rule]


# --- safety.cc: a gloss that teaches the equivalence is not the error ----------------------

@pytest.mark.parametrize("text", [
    "1 mL is the same as 1 cc.",
    "Fill the oral syringe to 5 mL (or 5 cc).",
    "Draw up 2.5 cc (2.5 mL) of the liquid.",
    "Older syringes may say 10 cc, which equals 10 mL.",
    "Each dose is 15 mL = 15 cc.",
])
def test_cc_in_a_gloss_next_to_the_ml_dose_is_silent(text):
    assert _rules(f"# Liquid medicine\n\n{text}\n", "safety.cc") == []


@pytest.mark.parametrize("text", [
    "Give 5 cc every morning.",
    "Take 10cc of the syrup.",
    "Give 5 cc, then wait 10 minutes before you give 5 mL of water.",
])
def test_cc_as_the_dose_is_still_an_error(text):
    assert _rules(f"# Liquid medicine\n\n{text}\n", "safety.cc")


# --- abbreviations that are explained, or are not abbreviations here ---------------------

@pytest.mark.parametrize("text", [
    "Your doctor may order an EKG (Electrocardiogram).",
    "You may need an ECG (elektrokardiogramm in some leaflets).",
    "Treat sprains with RICE. This stands for rest, ice, compression and elevation.",
    "Write to 6001 Executive Boulevard, Rockville, MD 20852.",
    "Send forms to P.O. Box 8, Atlanta, GA 30333-0001.",
    "For help quitting, call 1-800-QUIT-NOW.",
    "Call (800) QUIT-NOW any day.",
    "Reviewed by Maria Lopez, MD, MPH, and by Tom Ahn, RN.",
    "Written by Priya Shah, PharmD, BCPS.",
])
def test_not_unexpanded_abbreviations(text):
    assert _rules(f"# Help\n\n{text}\n", "a11y.abbreviation-unexpanded") == []


@pytest.mark.parametrize("text, word", [
    ("People who live in MD can call the state line.", "MD"),
    ("Your MD may order blood tests.", "MD"),
    ("Ask about TENS (a treatment) for pain.", "TENS"),
    ("About 300 NSAID users took part.", "NSAID"),
])
def test_real_unexpanded_abbreviations_are_still_reported(text, word):
    assert word in _rules(f"# Help\n\n{text}\n", "a11y.abbreviation-unexpanded")


# --- plain-language swaps that would change the meaning ----------------------------------

def test_swaps_that_do_not_fit_are_off_by_default_and_on_in_strict():
    text = "# Lungs\n\nAsbestos causes scarring and inflammation. Oral steroids may help.\n"
    assert _rules(text, "plain.inflammation") == [] and _rules(text, "plain.oral") == []
    strict = ("readability.passive-voice", "plain.inflammation", "plain.oral")
    assert _rules(text, "plain.inflammation", enable=strict) == ["inflammation"]
    assert _rules(text, "plain.oral", enable=strict) == ["Oral"]


@pytest.mark.parametrize("text, rule", [
    ("CDC monitors the outbreak in every state.", "plain.monitor"),
    ("Health departments are monitoring the spread of flu.", "plain.monitor"),
    ("A blow that fractures or dislocates a vertebra can hurt the cord.", "plain.fracture"),
    ("She fractured her wrist when she fell.", "plain.fracture"),
])
def test_swaps_that_change_the_meaning_are_silent(text, rule):
    assert _rules(f"# Care\n\n{text}\n", rule) == []


@pytest.mark.parametrize("text, rule", [
    ("Your nurse will monitor your blood sugar.", "plain.monitor"),
    ("A fall can cause a fracture.", "plain.fracture"),
])
def test_swaps_that_fit_are_still_suggested(text, rule):
    assert _rules(f"# Care\n\n{text}\n", rule)


# --- proselint: every message says why --------------------------------------------------

def test_every_generic_proselint_message_gets_proselints_reason():
    generic = [p for p in prose._registry_paths() if prose._GENERIC.match(prose.spec_for(p).message)]
    assert generic  # the generic messages exist, so the reason is needed
    missing = [p for p in generic if not prose._reason(p, "words", "word")]
    assert missing == []


def test_the_suddenly_message_has_a_reason():
    found = [f for f in check_snippet("# Pain\n\nSuddenly, the pain stopped.\n")
             if f.rule.startswith("proselint.")]
    assert found and all(len(f.message.split(".")) > 2 for f in found), [f.message for f in found]
    assert "nondescript" in found[0].message


# --- a description that ends by naming the term explains it ---------------------------------

@pytest.mark.parametrize("text, rule", [
    ("When the heart beats faster than normal, it is called tachycardia.", "plain.tachycardia"),
    ("A scan shows the size of the kidneys. These tests are called renal imaging.", "plain.renal"),
    ("Swelling of the legs from extra fluid is also called edema.", "plain.edema"),
])
def test_a_term_named_after_its_description_is_explained(text, rule):
    assert _rules(f"# Care\n\n{text}\n", rule) == []


def test_naming_something_else_explains_nothing():
    assert _rules("# Heart\n\nYou may have tachycardia. It is called that by doctors.\n",
                  "plain.tachycardia") == ["tachycardia"]
