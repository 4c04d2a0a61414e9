"""Medicines beyond the everyday outpatient list (immune-calming, skin, fertility, bowel,
nausea, bleeding and rescue medicines, a few supplements) and the phrasings the claim reader
learned with them: each fact judged in a wrong statement and silent in a right one."""

from __future__ import annotations

import pytest

from checker.knowledge import load_knowledge_base

from .medfamilies import run


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def rules(text: str, fmt: str = "markdown") -> list[str]:
    return [r for r, _, f in run("medical", text, fmt=fmt) if f.severity == "error"]


def test_the_new_medicines_load_with_their_classes_and_brands(kb):
    assert kb.generic_of("Imuran") == ("azathioprine",)
    assert kb.generic_of("CellCept") == ("mycophenolate",)
    assert kb.generic_of("Lysteda") == ("tranexamic acid",)
    assert kb.generic_of("Zegalogue") == ("dasiglucagon",)
    assert "antimetabolite" in kb.classes_of("methotrexate")
    assert "dopamine-agonist" in kb.classes_of("cabergoline")
    assert "vasopressin-analog" in kb.classes_of("desmopressin")
    assert kb.excluded(kb.lookup("bethanechol"), "anticholinergic")
    assert kb.excluded(kb.lookup("desmopressin"), "diuretic")
    assert kb.excluded(kb.lookup("tranexamic acid"), "anticoagulant")


@pytest.mark.parametrize("text", [
    "Azathioprine belongs to the biologic medicines.",
    "Mycophenolate is a corticosteroid.",
    "Silver sulfadiazine (Silvadene) is an antifungal cream for burns.",
    "Imiquimod is a steroid cream for warts.",
    "Calcipotriene (Dovonex) is a corticosteroid for plaques.",
    "Tranexamic acid is an anticoagulant that doctors give after an injury.",
    "Clomid is an aromatase inhibitor.",
    "Bromocriptine is an antipsychotic.",
    "Niacin is a fibrate.",
    "Vitamin K is a blood thinner used before surgery.",
    "Saw palmetto is an alpha blocker like tamsulosin.",
    "Bethanechol (Urecholine) is an anticholinergic.",
    "Desmopressin is a diuretic that you take at bedtime.",
    "Ursodiol belongs to the group of statins.",
    "Prucalopride (Motegrity) is part of the stimulant laxative family.",
    "Primidone (Mysoline) is a beta blocker used for tremor.",
    "Vitamin B6 (pyridoxine) is a mineral that helps nerves work.",
    # phrasings: an appositive "a kind of", a list item, "belongs to the ... creams", lay names
    "Hydroxyurea (Droxia), a kind of antibiotic, is used in sickle cell disease.",
    "- Glucagon, a type of insulin, raises blood sugar within 15 minutes.",
    "Efudex (fluorouracil) belongs to the antibiotic creams.",
    "Aprepitant (Emend) is a serotonin blocker.",
    "Ondansetron is a dopamine-blocking antiemetic.",
])
def test_wrong_classes_of_the_new_medicines(text):
    assert "med.class-membership" in rules(text), text


@pytest.mark.parametrize("text", [
    "Imiquimod is not a steroid; it makes the skin's immune system act.",
    "Mercaptopurine is an antimetabolite taken by mouth.",
    "Silvadene is a sulfa antibiotic cream for burns.",
    "Tranexamic acid helps blood clot. It is not a blood thinner.",
    "Glucagon is not a type of insulin: it raises blood sugar.",
    "Desmopressin is not a diuretic.",
    "Calcipotriene is a form of vitamin D, not a corticosteroid.",
    "Capsaicin cream is not an NSAID; it comes from chili peppers.",
    "Aprepitant is not a serotonin blocker; it blocks substance P.",
    "Ondansetron is a serotonin blocker used for nausea.",
    "Iron is a mineral, and so is magnesium.",
    "Hydroxyurea, an antimetabolite, lowers painful crises.",
    "Cabergoline is a dopamine agonist.",
])
def test_right_class_statements_about_them_stay_silent(text):
    assert "med.class-membership" not in rules(text) and "med.false-non-membership" not in rules(text), text


@pytest.mark.parametrize("text,rule", [
    ("Open the CellCept capsules and stir the powder into juice.", "med.administration"),
    ("Flomax capsules can be opened and sprinkled on food.", "med.administration"),
    ("Take metformin on an empty stomach for the best effect.", "med.administration"),
    ("Xolair can be used to stop an asthma attack that has started.", "med.administration"),
    ("Take griseofulvin on an empty stomach.", "med.administration"),
    ("Desmopressin cannot lower your sodium.", "med.denied-risk"),
    ("Loperamide cannot affect your heart, even in large amounts.", "med.denied-risk"),
    ("Metoclopramide cannot cause movement problems.", "med.denied-risk"),
    ("Hydroxyurea does not affect your blood counts.", "med.denied-risk"),
    ("Xolair cannot cause a serious allergic reaction.", "med.denied-risk"),
    ("Griseofulvin does not affect birth control pills.", "med.interaction"),
    ("Emend does not change how well birth control pills work.", "med.interaction"),
    ("You can take iron tablets at the same time as levothyroxine.", "med.interaction"),
    ("Adults can safely take up to 500 mg of vitamin B6 a day.", "med.max-daily-dose"),
    ("The safe upper limit for vitamin D is 10,000 IU a day.", "med.max-daily-dose"),
    ("Take tamsulosin up to 1.6 mg a day.", "med.max-daily-dose"),
    ("Glipizide can be taken up to 60 mg a day.", "med.max-daily-dose"),
    ("Adults may take up to 6,000 mg of levetiracetam a day.", "med.max-daily-dose"),
    ("Gvoke (dasiglucagon) comes in a ready-to-use pen.", "med.brand-generic-mismatch"),
])
def test_wrong_facts_about_the_new_medicines(text, rule):
    assert rule in rules(text), text


@pytest.mark.parametrize("text", [
    "Swallow CellCept tablets whole; do not crush them or open the capsules.",
    "Omeprazole capsules can be opened and sprinkled on applesauce.",
    "Take metformin with meals.",
    "Desmopressin can lower the sodium in your blood, so your sodium is checked.",
    "Metoclopramide can cause movement problems when it is used for a long time.",
    "Hydroxyurea can lower blood counts, so you will have regular blood tests.",
    "Griseofulvin can make birth control pills less reliable.",
    "Take iron tablets at least 4 hours apart from levothyroxine.",
    "Most adults need 600 IU of vitamin D a day.",
    "Adults can take up to 2,000 IU of vitamin D a day.",
    "Take 0.4 mg of tamsulosin once a day.",
    "Zegalogue (dasiglucagon) comes in a ready-to-use pen.",
])
def test_right_facts_about_them_stay_silent(text):
    assert rules(text) == [], text


@pytest.mark.parametrize("text", [
    "Flomax was approved by the Centers for Disease Control in 1997.",
    "Zofran's approval came from the National Cancer Institute.",
    "Nucala was approved by the NIH in 2015.",
])
def test_research_and_public_health_agencies_named_as_approving_medicines(text):
    assert "med.regulator" in rules(text), text


@pytest.mark.parametrize("text", [
    "The National Cancer Institute funds trials of new cancer drugs.",
    "Research funding came from the National Cancer Institute.",
    "The FDA approved Zofran; the National Cancer Institute paid for the study.",
])
def test_research_agencies_doing_research_stay_silent(text):
    assert "med.regulator" not in rules(text), text
