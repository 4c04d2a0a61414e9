"""Medication safety: dose formats and error-prone abbreviations (Python family and YAML pack)."""

from __future__ import annotations

import pytest

from .helpers import check_snippet, default_settings
from .medfamilies import run


def hits(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(rule, words) for rule, words, _ in run("safety", text, **kwargs)]


def fixed(text: str) -> str:
    """The text after applying every fix of the safety family (right to left)."""
    findings = sorted((f for _, _, f in run("safety", text) if f.fix is not None),
                      key=lambda f: f.start, reverse=True)
    for f in findings:
        text = text[:f.start] + f.fix + text[f.end:]
    return text


@pytest.mark.parametrize("text,rule,words", [
    ("Take 5.0 mg twice a day.", "safety.trailing-zero", "5.0"),
    ("Take 10.0mg at night.", "safety.trailing-zero", "10.0mg"),
    ("Take .5 mg at bedtime.", "safety.leading-zero", ".5"),
    ("Take .5mg at bedtime.", "safety.leading-zero", ".5mg"),
    ("Take 10mg daily.", "safety.number-unit-spacing", "10mg"),
    ("Give 2.5mL by mouth.", "safety.number-unit-spacing", "2.5mL"),
    ("Take propranolol20 mg daily.", "safety.drug-dose-together", "propranolol20"),
    ("The dose is 100000 units.", "safety.large-dose-commas", "100000"),
    ("Take 10 mg. twice a day.", "safety.unit-period", "mg."),
    ("Inject 10 U of insulin.", "safety.u-for-units", "U"),
    ("Take 1000 IU of vitamin D.", "safety.iu", "IU"),
    ("Give MS 4 mg.", "safety.ms-morphine-magnesium", "MS"),
    ("Give MgSO4 2 g.", "safety.ms-morphine-magnesium", "MgSO4"),
    ("Take 5 cc of the liquid.", "safety.cc", "cc"),
    ("Take 50 µg daily.", "safety.microgram", "µg"),
    ("Take 25 ug each morning.", "safety.microgram", "ug"),
    ("Take 1 tablet HS.", "safety.hs", "HS"),
    ("Inject 40 mg SC once a day.", "safety.sc-sq", "SC"),
    ("Put 2 drops OU twice a day.", "safety.ear-eye-abbreviation", "OU"),
    ("Use 1 spray IN each nostril.", "safety.in-ij-ud-ss", "IN"),
    ("Take 1 tablet @ bedtime.", "safety.symbols", "@"),
    ("Do not take > 4,000 mg a day.", "safety.symbols", ">"),
    ("Take 1/2 tablet at night.", "safety.fraction-dose", "1/2"),
    ("Epinephrine 1:1000 is used for allergic reactions.", "safety.ratio-strength", "1:1000"),
    ("Take tramadol HCl 50 mg.", "safety.drug-abbreviation-context", "HCl"),
    ("Take 1 tablet daily x3d.", "safety.x-days", "x3d"),
])
def test_flags_with_the_offending_words(text, rule, words):
    assert (rule, words) in hits(text)


@pytest.mark.parametrize("text", [
    "Call 1-877-44U-QUIT (1-877-448-7848) for free help to quit.",
    "Adults need 600 international units (IU) of vitamin D a day.",
    "People with MS may feel tired. MS is a disease of the nerves.",
    "The tumor was 2.0 cm across, and a 5.0 Fr catheter was used.",
    "A normal A1C is below 5.7 percent. Blood glucose of 100.0 mg/dL is normal.",
    "An OD (overdose) can be fatal.",
    "HS (hidradenitis suppurativa) is a skin disease.",
    "People with Hb SC disease need regular care.",
    "People 65+ should get the shot. Email help@example.org.",
    "About 1/2 of people recover. About 1:10,000 babies have it.",
    "IN THE NEWS: a new study.",
    "Take 4,000 mg at most. Take 0.5 mg at bedtime. Take 10 mg daily.",
    "The stomach makes HCl to digest food.",
    "Vitamin B12 and omega-3 are nutrients.",
    "Type 2 diabetes is common. Use U-100 insulin.",
])
def test_traps_do_not_fire(text):
    assert hits(text) == []


def test_iu_after_the_page_spells_it_out_is_a_warning():
    findings = run("safety", "Adults need 600 international units (IU) a day. Some need 800 IU.")
    assert [(r, w, f.severity) for r, w, f in findings] == [("safety.iu", "IU", "warning")]
    findings = run("safety", "Take 800 IU a day.")
    assert [f.severity for _, _, f in findings] == ["error"]


def test_four_digit_doses_are_warnings_five_digits_errors():
    findings = run("safety", "Take 4000 mg at most, or 50000 units weekly.")
    assert [(w, f.severity) for _, w, f in findings] == [("4000", "warning"), ("50000", "error")]


@pytest.mark.parametrize("text,expected", [
    ("Take 10mg daily.", "Take 10 mg daily."),
    ("Take 5.0 mg daily.", "Take 5 mg daily."),
    ("Take 1.50 mg daily.", "Take 1.5 mg daily."),
    ("Take 10.0mg daily.", "Take 10 mg daily."),
    ("Take .5mg daily.", "Take 0.5 mg daily."),
    ("Take .25 mg daily.", "Take 0.25 mg daily."),
    ("Inject 10 U daily.", "Inject 10 units daily."),
    ("Inject 10U daily.", "Inject 10 units daily."),
    ("Take 5 cc daily.", "Take 5 mL daily."),
    ("Take 50 µg daily.", "Take 50 mcg daily."),
    ("Take 100000 units weekly.", "Take 100,000 units weekly."),
    ("Take 10 mg. once a day.", "Take 10 mg once a day."),
    ("Take ibuprofen200 mg now.", "Take ibuprofen 200 mg now."),
    ("Take 1 tablet x3d.", "Take 1 tablet for 3 days."),
])
def test_mechanical_fixes(text, expected):
    assert fixed(text) == expected


def test_safety_in_html_points_into_the_source():
    html = "<html><body><p>Take <b>10mg</b> daily &amp; rest.</p></body></html>"
    (rule, words, finding), = run("safety", html, fmt="html")
    assert (rule, words) == ("safety.number-unit-spacing", "10mg")
    assert finding.fix == "10 mg"


def test_look_alike_names_on_one_page():
    page = "# Itching\n\nHydroxyzine eases itching.\n\nHydralazine lowers blood pressure.\n"
    assert hits(page) == [("safety.look-alike-names", "Hydralazine")]
    assert hits("# Itching\n\nhydrOXYzine eases itching. hydrALAZINE lowers blood pressure.\n") == []
    assert hits("# Pain\n\nHydrocodone is an opioid.\n") == []


# --- the YAML pack, through the engine --------------------------------------------------------

@pytest.mark.parametrize("text,rule,fix", [
    ("Take 1 tablet QD.", "safety.qd", "daily"),
    ("Take 1 tablet q.d. with food.", "safety.qd", "daily"),
    ("Take 1 tablet Q.O.D.", "safety.qod", "every other day"),
    ("Take 2 tablets qhs.", "safety.qhs", "at bedtime"),
    ("Inject TIW.", "safety.tiw", "3 times a week"),
    ("Do not take with other APAP products.", "safety.drug-name-abbreviation", "acetaminophen"),
])
def test_pack_abbreviations(text, rule, fix):
    findings = [f for f in check_snippet(text, settings=default_settings(("rulepack",))) if f.rule == rule]
    assert findings and findings[0].fix == fix


@pytest.mark.parametrize("text", [
    "Low serum copper (below 10 ug/dL) is a sign.",
    "Low serum iron (< 45 ug/dL) is common.",
    "A fasting glucose of 100125 mg/dL was recorded.",
    "One cup of beans has 3.0 grams of fiber.",
])
def test_lab_values_and_food_amounts_are_not_doses(text):
    assert hits(text) == []


def test_context_windows_keep_whole_words():
    assert hits("Because T3 is not taken up by nerve cells, it stays in the blood.") == []
    assert hits("Take T3 25 mcg each morning.") == [("safety.drug-abbreviation-context", "T3")]


def test_roman_numerals_apothecary_units_and_dotted_eye_abbreviations():
    assert hits("Take tabs ii twice a day.") == [("safety.apothecary-roman", "ii")]
    assert hits("Take 1 tablet o.d. with food.") == [("safety.ear-eye-abbreviation", "o.d.")]
    assert hits("Type II diabetes and phase III trials.") == []


@pytest.mark.parametrize("text, severity", [
    ("Adults need 600 IU of vitamin D a day.", "warning"),
    ("Vitamin E 400 IU capsules are sold in most pharmacies.", "warning"),
    ("Take 2,000 IU of D3 with a meal.", "warning"),
    ("Give 10 IU of insulin before meals.", "error"),
    ("Take 800 IU a day.", "error"),
])
def test_a_vitamin_amount_in_iu_is_a_warning_as_labels_print_it(text, severity):
    assert [(r, f.severity) for r, _, f in run("safety", text) if r == "safety.iu"] == [("safety.iu", severity)]


def test_a_vitamin_named_in_the_heading_above_makes_iu_a_warning():
    findings = run("safety", "## Vitamin D\n\nAdults need 600 IU a day.\n\n## Insulin\n\nGive 10 IU before meals.\n")
    assert [(r, f.severity) for r, _, f in findings if r == "safety.iu"] == [("safety.iu", "warning"),
                                                                             ("safety.iu", "error")]
