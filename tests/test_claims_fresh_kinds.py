"""Claims backed by facts added for kinds a blind-written tuning set found: interactions
cleared for a whole class when one member interacts, UK brands, antibacterials that do not
treat fungal infections, uses a label rules out, crushing extended-release tablets, and
international (INN) spellings read as the medicine's own name."""

from __future__ import annotations

import pytest

from .medfamilies import run

RULES = ("med.interaction", "med.brand-generic-mismatch", "med.false-effect", "med.unapproved-use",
         "med.class-membership", "med.administration", "safety.misspelled-drug-name")


def rules_of(text: str) -> set[str]:
    return {r for r, _, _ in run("medical", text)} | {r for r, _, _ in run("safety", text)}


@pytest.mark.parametrize("text,rule", [
    ("Carbamazepine has no effect on the combined pill, so you will not need extra contraception.",
     "med.interaction"),
    ("Tegretol is fine with the mini-pill.", "med.interaction"),
    ("You can take carbamazepine and birth control pills at the same time.", "med.interaction"),
    ("Oral fluconazole does not interact with blood thinners, so it is a safe choice.", "med.interaction"),
    ("Fluconazole is fine with warfarin.", "med.interaction"),
    ("Diflucan and Coumadin can be taken at the same time.", "med.interaction"),
    ("Melatonin is safe to take with sleeping pills or alcohol.", "med.interaction"),
    ("Melatonin and zolpidem can be taken together.", "med.interaction"),
    ("Canesten (terbinafine) cream usually clears athlete's foot in 1 to 2 weeks.",
     "med.brand-generic-mismatch"),
    ("Daktarin (terbinafine) cream treats ringworm.", "med.brand-generic-mismatch"),
    ("An antibiotic cream such as fusidic acid will clear athlete's foot just as well.", "med.false-effect"),
    ("Fucidin treats ringworm.", "med.false-effect"),
    ("Levothyroxine is approved for weight loss in people whose thyroid tests are normal.",
     "med.unapproved-use"),
    ("Carbimazole, a beta blocker, is the usual first tablet for an overactive thyroid.",
     "med.class-membership"),
    ("Extended-release levetiracetam tablets can be crushed and stirred into food.", "med.administration"),
    ("Keppra XR can be chewed.", "med.administration"),
])
def test_fact_backed_claims_are_flagged(text, rule):
    assert rule in rules_of(text), text


@pytest.mark.parametrize("text", [
    "Carbamazepine makes the pill less effective, so use condoms too.",
    "Fluconazole can raise the INR in people on warfarin.",
    "Most antibiotics do not make birth control pills less effective.",
    "Canesten is clotrimazole.",
    "Fusidic acid treats impetigo.",
    "Fusidic acid does not treat athlete's foot.",
    "Antibiotics can cause thrush.",
    "Levothyroxine is not for weight loss.",
    "Carbimazole is an antithyroid medicine.",
    "Keppra tablets can be crushed.",
    "Preventers such as beclometasone are inhaled corticosteroids.",
    "Chlorphenamine makes you drowsy.",
    "Cefalexin is an antibiotic.",
    "Dexamfetamine is a stimulant.",
])
def test_true_statements_and_inn_spellings_stay_silent(text):
    assert not rules_of(text) & set(RULES), (text, rules_of(text) & set(RULES))


# --- a plain-text page's first line names what it sells -----------------------------------------

@pytest.mark.parametrize("page", [
    "Calm Night Melatonin Gummies\nProduct information\n\nOur FDA-approved formula helps you sleep.\n",
    "SleepWell Melatonin 5 mg\n\nThis FDA-approved blend is made in the USA.\n",
    "Joint Ease Glucosamine Tablets\n\nEach FDA-approved tablet supports your joints.\n",
])
def test_an_fda_approval_claimed_for_the_supplement_a_text_page_sells(page):
    assert [w for r, w, _ in run("medical", page, fmt="text") if r == "med.regulator"] == ["FDA-approved"]


@pytest.mark.parametrize("page", [
    "Calm Night Melatonin Gummies\n\nOur formula is not FDA-approved: supplements are not.\n",
    "Calm Night Melatonin Gummies\n\nUnlike FDA-approved sleeping pills, our gummies are a supplement.\n",
    "Understanding sleep medicines and what the FDA does.\n\nOur FDA-approved formula helps you sleep.\n",
    "Vitamin D Drops\n\nOur FDA-approved formula is made in the USA.\n",
])
def test_supplement_pages_that_do_not_claim_approval_stay_silent(page):
    assert [r for r, _, _ in run("medical", page, fmt="text") if r == "med.regulator"] == []
