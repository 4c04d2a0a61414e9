"""A page's reading grade is the page's own; blocks that are not prose are not graded."""

from __future__ import annotations

import pytest

from checker.checks import readability
from checker.checks.readability import non_prose

from .helpers import check_snippet

EASY = readability._EASY_PARAGRAPH
HARD = readability._HARD_PARAGRAPH


@pytest.mark.parametrize("text", [
    "Kidney Help Line, 4400 Maple Avenue, Suite 12, Springfield, IL 62704. Phone: 217-555-0100. "
    "Fax: 217-555-0101. Email: help@kidneyline.example.org",
    "Poison Help 1-800-222-1222 TTY: 711 Website: poisonhelp.example.gov",
    "Garcia M, Okafor T, Lindqvist P. Dose reduction of metformin in chronic kidney disease. "
    "Diabetes Care. 2018;41(6):1234-1240.",
    "Chen L et al. Statin intolerance in older adults. doi:10.1000/xyz123",
    "Nausea 90% Headache 50% Fatigue 50% Dizziness 7.5% Rash 7.5% Itching 5%",
    "0.5 mg 1 mg 2 mg 5 mg 10 mg 20 mg",
])
def test_contact_details_citations_and_figures_are_not_prose(text):
    assert non_prose(text)


@pytest.mark.parametrize("text", [
    "Call Poison Help at 1-800-222-1222 right away if a child swallows any of these tablets.",
    "Take 2 tablets 3 times a day for 10 days. Do not take more than 4 g in 24 hours.",
    "About 1 in 4 adults over 65 take five or more medicines, and 30% of hospital stays in "
    "older adults are linked to side effects of a medicine they take every day.",
    "In a 2019 study, people who took the medicine with food had less stomach upset.",
    HARD,
])
def test_prose_with_numbers_is_still_prose(text):
    assert not non_prose(text)


def _grades(text: str):
    return [(f.rule, f.severity, f.message) for f in check_snippet(text)
            if f.rule.startswith("readability.")]


def test_an_address_block_does_not_make_an_easy_page_hard():
    address = "\n\n".join(
        f"{name}\n{number} Maple Avenue, Suite 12\nSpringfield, IL 6270{number % 10}\n"
        f"Phone: 217-555-01{number % 100:02d} Fax: 217-555-02{number % 100:02d} TTY: 711\n"
        f"Email: help@{name.split()[0].lower()}.example.org Internet: www.kidneyline.example.org\n"
        for name, number in (("Kidney Information Clearinghouse", 4401),
                             ("Transplant Recipients Association International", 1937),
                             ("Nephrology Professional Society Foundation", 2215)))
    page = f"# Your pills\n\n{EASY}\n\n{EASY}\n\n## Where to get help\n\n{address}"
    assert _grades(page) == []


def test_a_reference_list_and_a_figures_table_are_not_graded():
    refs = "\n".join(f"- Author{i} A, Writer B. A long title about pharmacokinetic variability "
                     f"in hepatic impairment. Clin Pharmacol Ther. 201{i};9{i}(2):11{i}-12{i}."
                     for i in range(5))
    figures = "Nausea 90% Vomiting 50% Hypertriglyceridemia 50% Thrombocytopenia 7.5% " \
              "Hepatosplenomegaly 7.5% Hyperbilirubinemia 7.5%"
    page = f"# Your pills\n\n{EASY}\n\n{EASY}\n\n## References\n\n{refs}\n\n## Signs\n\n{figures}\n"
    assert _grades(page) == []


def test_a_hard_section_is_named_but_does_not_raise_the_page():
    page = (f"# Your pills\n\n## Taking them\n\n{EASY}\n\n{EASY}\n\n{EASY}\n\n{EASY}\n\n{EASY}\n\n"
            f"## Mechanism\n\n{HARD}\n")
    found = _grades(page)
    assert found and all(severity != "error" for _, severity, _ in found)
    page_finding = [m for rule, _, m in found if rule == "readability.page-grade"]
    if page_finding:
        assert "Mechanism" in page_finding[0]
