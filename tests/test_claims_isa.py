"""Class, origin and brand claims in the phrasings and structures real pages use."""

from __future__ import annotations

import pytest

from .medfamilies import run


def hits(text: str, rule: str | None = None, **kwargs) -> list[tuple[str, str]]:
    found = [(r, words) for r, words, _ in run("medical", text, **kwargs)]
    return [(r, w) for r, w in found if rule is None or r == rule] if rule else found


def words(text: str, rule: str, **kwargs) -> list[str]:
    return [w for r, w, _ in run("medical", text, **kwargs) if r == rule]


# --- class membership in more constructions ------------------------------------------------

@pytest.mark.parametrize("text,wrong", [
    ("Sertraline is classified as an SNRI.", "Sertraline"),
    ("Venlafaxine is considered an SSRI.", "Venlafaxine"),
    ("Gabapentin belongs to the opioid family.", "Gabapentin"),
    ("Ibuprofen is one of the opioids doctors prescribe most.", "Ibuprofen"),
    ("Naproxen is part of the opioid family.", "Naproxen"),
    ("Amoxicillin is a type of macrolide.", "Amoxicillin"),
    ("Doxycycline is a kind of penicillin.", "Doxycycline"),
    ("Haloperidol is grouped with the newer atypical antipsychotics.", "Haloperidol"),
    ("Cephalexin is among the fluoroquinolones most often prescribed.", "Cephalexin"),
    ("Tylenol is an NSAID-type pain reliever.", "Tylenol"),
    ("Like other triptans, lasmiditan (Reyvow) is taken at the first sign of a migraine.", "lasmiditan"),
    ("Like all SSRIs, bupropion can take weeks to work.", "bupropion"),
    ("As an opioid, gabapentin can slow breathing.", "gabapentin"),
    ("Flumazenil and midazolam are both benzodiazepines used in hospital.", "Flumazenil"),
    ("Buspirone works as a benzodiazepine.", "Buspirone"),
    ("Azithromycin (Zithromax) counts as a penicillin.", "Azithromycin"),
    ("Many shoppers don't realize that Tylenol is an NSAID too.", "Tylenol"),
    ("Ciprofloxacin is known as a cephalosporin.", "Ciprofloxacin"),
    ("Quetiapine falls into the group of medicines called benzodiazepines.", "Quetiapine"),
])
def test_wrong_class_in_other_constructions(text, wrong):
    assert words(text, "med.class-membership") == [wrong]


@pytest.mark.parametrize("text", [
    "Sertraline is classified as an SSRI.",
    "Venlafaxine is considered an SNRI.",
    "Ibuprofen is one of the NSAIDs you can buy without a prescription.",
    "Amoxicillin is a type of penicillin.",
    "Risperidone is grouped with the atypical antipsychotics.",
    "Like other NSAIDs, naproxen can upset the stomach.",
    "Like NSAIDs, acetaminophen eases pain.",
    "Unlike NSAIDs, acetaminophen does not upset the stomach.",
    "As an SSRI, fluoxetine can take weeks to work.",
    "Ibuprofen is used with opioids after surgery.",
    "Omeprazole is often taken with NSAIDs to protect the stomach.",
    "Ibuprofen is sold with the opioid hydrocodone in one tablet.",
    "Is gabapentin an opioid?",
    "Myth: gabapentin is an opioid.",
    "Some people think buspirone is a benzodiazepine.",
    "Flumazenil reverses benzodiazepines such as midazolam.",
    "Naloxone works against opioids such as fentanyl.",
    "Azithromycin is not a penicillin, so it can be used with a penicillin allergy.",
    "Buspirone is neither a benzodiazepine nor an SSRI.",
    "Bupropion is not an SSRI; it is an NDRI.",
])
def test_correct_or_unjudged_class_statements_stay_silent(text):
    assert hits(text, "med.class-membership") == [] and hits(text, "med.false-non-membership") == []


@pytest.mark.parametrize("text,wrong", [
    ("Sertraline helps many people. It is an SNRI.", "SNRI"),
    ("Amoxicillin treats ear infections. This medicine is a type of macrolide.", "macrolide"),
    ("Cephalexin and amoxicillin are common. These drugs are fluoroquinolones.", "fluoroquinolones"),
])
def test_it_and_these_point_back_to_the_medicine_named_before(text, wrong):
    assert set(words(text, "med.class-membership")) == {wrong}


def test_these_drugs_in_a_new_paragraph_points_back_to_the_paragraph_before():
    page = "Cephalexin (Keflex) and sertraline are popular.\n\nThese drugs are fluoroquinolones, so take care.\n"
    found = [f for r, _, f in run("medical", page) if r == "med.class-membership"]
    assert len(found) == 1 and "cephalexin" in found[0].message and "sertraline" in found[0].message


def test_it_after_a_heading_is_the_pages_own_medicine():
    page = "---\ntitle: Sertraline\n---\n\n# Sertraline\n\n## About it\n\nIt is an SNRI.\n"
    assert words(page, "med.class-membership") == ["SNRI"]


def test_it_with_nothing_named_before_is_not_judged():
    assert hits("It is an SNRI.") == []


# --- false non-membership ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Clonazepam (Klonopin) is an anticonvulsant, not a benzodiazepine.",
    "Unlike opioids, tramadol is safe to take every day.",
    "Fluoxetine is an antidepressant rather than an SSRI.",
    "Celecoxib is a COX-2 inhibitor and not an NSAID.",
    "Sertraline helps many people. It is not an SSRI.",
    "Oxycodone is neither an opioid nor addictive.",
])
def test_a_member_said_not_to_belong(text):
    assert hits(text, "med.false-non-membership")


@pytest.mark.parametrize("text", [
    "Buspirone is an azapirone, not a benzodiazepine.",
    "Unlike opioids, acetaminophen does not slow breathing.",
    "Acetaminophen is a pain reliever, not an NSAID.",
    "Gabapentin is an anticonvulsant, not an opioid.",
])
def test_a_true_non_membership_is_silent(text):
    assert hits(text, "med.false-non-membership") == []


# --- origin ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,claim", [
    ("Codeine is a man-made opioid created in labs.", "man-made opioid"),
    ("Hydromorphone, a fully synthetic opioid, is stronger than morphine.", "fully synthetic opioid"),
    ("Fentanyl comes from the opium poppy, like heroin.", "comes from the opium poppy"),
    ("Morphine is made in a laboratory.", "made in a laboratory"),
    ("Oxycodone is a natural painkiller.", "natural"),
    ("Methadone is made from morphine.", "made from morphine"),
    ("Synthetic opioids such as codeine are risky.", "Synthetic opioids"),
    ("Tramadol (Ultram) is derived from the poppy plant.", "derived from the poppy plant"),
    ("Morphine is synthetic.", "synthetic"),
    ("Codeine is not natural.", "natural"),
    ("Dilaudid is completely man-made.", "completely man-made"),
    ("Meperidine is a plant-based medicine.", "plant-based"),
])
def test_wrong_origin(text, claim):
    assert words(text, "med.drug-origin") == [claim]
    assert hits(text, "med.class-membership") == []


@pytest.mark.parametrize("text", [
    "Fentanyl is made entirely in a lab.",
    "Codeine comes from the opium poppy.",
    "Fentanyl is not derived from the poppy.",
    "Oxycodone is made in a lab from thebaine, a natural opiate.",
    "Is codeine man-made?",
    "Heroin is made from morphine, which comes from the opium poppy.",
    "Fentanyl is stronger than morphine, which comes from the poppy.",
    "It is a myth that codeine is man-made.",
    "Synthetic opioids such as fentanyl and methadone are made in a lab.",
    "Hydromorphone is a semi-synthetic opioid.",
    "Oxycodone is semi-synthetic: it is made from thebaine.",
    "Morphine is natural.",
    "Methadone, a synthetic opioid, treats opioid use disorder.",
    "Ibuprofen is made in a lab.",
    "Tramadol is a natural choice for some people in pain.",
    "Some people say \"codeine is synthetic\", but it is not.",
])
def test_right_or_unjudged_origin_is_silent(text):
    assert hits(text, "med.drug-origin") == []


# --- opioids defined as synthetic ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Opioids, the synthetic painkillers made in labs, are not a first choice for nerve pain.",
    'The word "opioid" refers to man-made versions of morphine.',
    "Doctors may prescribe opioids. The word describes drugs made in a lab.",
    "Opioids are artificial versions of opiates.",
    "An opioid is a medicine made in a laboratory.",
])
def test_the_class_defined_as_synthetic(text):
    assert hits(text, "med.opioids-defined-synthetic")


@pytest.mark.parametrize("text", [
    "Opioids are medicines that act on opioid receptors.",
    "The term opioid covers natural and synthetic drugs.",
    "Doctors may prescribe opioids. The word covers natural, semi-synthetic and synthetic drugs.",
    "Synthetic opioids are made in a lab.",
    "Some opioids are made in labs.",
    "It's a myth that all opioids are man-made.",
])
def test_the_class_described_rightly_is_silent(text):
    assert hits(text, "med.opioids-defined-synthetic") == []


def test_an_aside_about_what_a_class_is_made_from_does_not_head_the_list():
    text = ("Semi-synthetic opioids, made in a lab from natural opiates, such as oxycodone, "
            "hydrocodone and hydromorphone.")
    assert hits(text) == []


# --- brand and generic ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,wrong", [
    ("Zoloft, also called fluoxetine, treats depression.", "fluoxetine"),
    ("Lexapro, the brand name for citalopram, is common.", "citalopram"),
    ("Norco is the same medicine as Percocet.", "Percocet"),
    ("Zoloft's generic name is fluoxetine.", "fluoxetine"),
    ("Advil is a brand of naproxen.", "naproxen"),
    ("Ibuprofen is sold as Aleve.", "Aleve"),
    ("Ibuprofen, also known as Tylenol, is an NSAID.", "Tylenol"),
    ("Celebrex (meloxicam) eases arthritis pain.", "meloxicam"),
    ("The brand name of sertraline is Prozac.", "Prozac"),
    ("Klonopin, a brand of diazepam, is a benzodiazepine.", "diazepam"),
])
def test_brand_given_for_the_wrong_medicine(text, wrong):
    assert words(text, "med.brand-generic-mismatch") == [wrong]


@pytest.mark.parametrize("text", [
    "Zoloft, also called sertraline, treats depression.",
    "Lexapro, the brand name for escitalopram, is common.",
    "Norco is not the same medicine as Percocet.",
    "Vicodin is the same as Norco.",
    "Advil is a brand of ibuprofen.",
    "Ibuprofen is sold as Advil and Motrin.",
    "Percocet, a brand of oxycodone with acetaminophen, is strong.",
    "Naproxen is as strong as ibuprofen.",
    "Tylenol is safer than Advil for the stomach.",
    "Take ibuprofen or naproxen, not both.",
    "Is Lexapro the same as citalopram?",
])
def test_right_or_unlinked_names_are_silent(text):
    assert hits(text, "med.brand-generic-mismatch") == []


# --- narcotic, the word itself ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '"Narcotic" is an older word for these medicines.',
    "# Opioid, opiate, narcotic: what the words mean",
    "## Narcotic",
])
def test_talking_about_the_word_narcotic_is_not_using_it(text):
    assert hits(text, "med.narcotic") == []


def test_narcotic_used_as_a_word_is_still_reported():
    assert hits("Your doctor may give you a narcotic for the pain.", "med.narcotic")


@pytest.mark.parametrize("text,claim", [
    ("Insulin glargine is extracted from pig pancreas.", "extracted from pig"),
    ("Premarin is a plant-based estrogen made from soy.", "plant-based"),
    ("Levothyroxine is extracted from pig thyroid glands.", "extracted from pig"),
    ("Armour Thyroid is synthetic.", "synthetic"),
    ("Humira is made from pigs.", "made from pigs"),
    ("Digoxin is man-made.", "man-made"),
])
def test_wrong_origin_beyond_opioids(text, claim):
    assert words(text, "med.drug-origin") == [claim]


@pytest.mark.parametrize("text", [
    "Levothyroxine is made in a lab.",
    "Armour Thyroid comes from pig thyroid glands.",
    "Premarin is made from the urine of pregnant mares.",
    "Digoxin comes from the foxglove plant.",
    "Heparin comes from pig intestines.",
    "Insulin glargine is made by recombinant DNA technology.",
    "Levothyroxine is not extracted from pig glands.",
])
def test_right_origin_beyond_opioids_is_silent(text):
    assert hits(text, "med.drug-origin") == []
