"""Regulatory claims (checker/claims/regulatory.py): schedules, agencies and their roles,
withdrawn products, retired pregnancy letter categories and FDA-approved uses, in many
phrasings, with negations, hedges, questions, myths and tables."""

from __future__ import annotations

import pytest

from .medfamilies import run


def found(text: str, rule: str, fmt: str = "markdown") -> list[str]:
    """The words each finding of ``rule`` points at."""
    return [words for r, words, _ in run("medical", text, fmt=fmt) if r == rule]


def messages(text: str, rule: str, fmt: str = "markdown") -> list[str]:
    return [f.message for r, _, f in run("medical", text, fmt=fmt) if r == rule]


# --- med.schedule -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Carisoprodol is a Schedule II drug.",
    "Soma (carisoprodol) is in Schedule III.",
    "Xanax is Schedule II.",
    "Alprazolam (Xanax) is a Schedule II controlled substance.",
    "Diazepam is a schedule 2 medicine.",
    "Pregabalin is classified by the DEA as a Schedule II controlled substance.",
    "The DEA classifies carisoprodol as a Schedule III drug.",
    "Eszopiclone (Lunesta), a close relative of zolpidem, is a Schedule II drug.",
    "Zolpidem (C-II) helps you fall asleep.",
    "Oxycodone is a Schedule IV medicine.",
    "Fentanyl, a Schedule III opioid, is very strong.",
    "Gabapentin is a controlled substance.",
    "Gabapentin is a federally controlled substance, Schedule V.",
    "Trazodone is a controlled medicine.",
    "Tramadol is not a controlled substance.",
    "Tramadol (Ultram) isn't a controlled drug, so it is easy to get.",
    "Lacosamide (Vimpat) is not a controlled substance.",
    "Lacosamide is not controlled.",
    "Hydrocodone is a non-controlled medicine.",
    "Norco (hydrocodone with acetaminophen) is a Schedule III medicine.",
    "Lyrica is not a controlled medication.",
    "Schedule II drugs such as oxycodone and alprazolam need a new prescription each time.",
])
def test_wrong_schedules_are_flagged(text):
    assert found(text, "med.schedule"), text


@pytest.mark.parametrize("text", [
    "Carisoprodol is a Schedule IV drug.",
    "Carisoprodol has been in Schedule IV since 2012.",
    "Gabapentin is not a controlled substance under federal law.",
    "Gabapentin is not federally controlled, but some states schedule it.",
    "Some states, such as Kentucky, list gabapentin as a Schedule V controlled substance.",
    "In Kentucky, gabapentin is a Schedule V controlled substance.",
    "Ibuprofen is not a controlled substance.",
    "Tylenol with Codeine is a Schedule III medicine.",
    "Tramadol has been a Schedule IV controlled substance since 2014.",
    "Hydrocodone combination products were Schedule III until 2014.",
    "Oxycodone is a Schedule II controlled substance.",
    "Oxycodone is a controlled substance.",
    "Trazodone is not a controlled substance.",
    "Buprenorphine is a Schedule III medicine.",
    "Pregabalin (Lyrica) is a Schedule V controlled substance.",
    "Is Xanax a Schedule II drug?",
    "Myth: tramadol is not a controlled substance.",
    "Some people think tramadol is not a controlled substance.",
    "Your blood pressure is not controlled with lisinopril alone.",
    "OxyContin is a controlled-release tablet.",
    "Unlike alprazolam, trazodone is not a controlled substance.",
    "Schedule II medicines such as oxycodone and Adderall cannot be refilled.",
])
def test_right_or_unjudged_schedules_are_silent(text):
    assert found(text, "med.schedule") == [], text


def test_schedule_finding_points_at_the_claim_and_states_the_fact_and_source():
    text = "Carisoprodol is a Schedule II drug."
    assert found(text, "med.schedule") == ["Schedule II"]
    (message,) = messages(text, "med.schedule")
    assert "Schedule IV" in message and "not Schedule II" in message and "76 FR 77330" in message
    (message,) = messages("Gabapentin is a controlled substance.", "med.schedule")
    assert "not a federally controlled substance" in message and "Kentucky" in message


def test_it_points_back_to_the_medicine_named_before():
    assert found("Alprazolam treats anxiety. It is a Schedule II drug.", "med.schedule") == ["Schedule II"]
    assert found("Alprazolam treats anxiety. It is a Schedule IV drug.", "med.schedule") == []


def test_page_subject_for_a_sentence_that_names_no_medicine():
    page = "# Tramadol\n\nThis medicine is not a controlled substance.\n"
    assert found(page, "med.schedule") == ["controlled substance"]


@pytest.mark.parametrize("text", [
    "Adderall can be refilled like any prescription.",
    "Yes. Oxycodone is strong. It can be refilled by phone.",
    "Your doctor can call in refills of Percocet.",
    "Ritalin comes with 3 refills.",
])
def test_refills_of_schedule_ii_medicines(text):
    assert found(text, "med.schedule"), text


@pytest.mark.parametrize("text", [
    "Adderall cannot be refilled; you need a new prescription each time.",
    "Tramadol can be refilled up to five times in six months.",
    "Zolpidem can be refilled.",
    "Schedule II prescriptions such as Adderall cannot be refilled.",
    "There are no refills for oxycodone.",
])
def test_refills_silent_when_allowed_or_denied(text):
    assert found(text, "med.schedule") == [], text


def test_schedule_in_tables():
    table = ("| Medicine | Class | Schedule |\n|---|---|---|\n"
             "| Carisoprodol (Soma) | Muscle relaxant | Schedule II |\n"
             "| Oxycodone | Opioid | Schedule II |\n"
             "| Tramadol (Ultram) | Opioid | Schedule IV |\n")
    assert found(table, "med.schedule") == ["Schedule II"]
    html = ("<table><tr><th>Medicine</th><th>Schedule</th></tr>"
            "<tr><td>Xanax</td><td>Schedule II</td></tr>"
            "<tr><td>Oxycodone</td><td>Schedule II</td></tr></table>")
    assert len(found(html, "med.schedule", fmt="html")) == 1
