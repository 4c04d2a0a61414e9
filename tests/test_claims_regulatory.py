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
    "Oxycodone and alprazolam are Schedule II drugs.",
    "Adderall, like other stimulants, is Schedule IV.",
    "Schedule IV medicines include zolpidem and oxycodone.",
    "No, tramadol is not a scheduled drug.",
    "Phentermine (Adipex-P), a Schedule II stimulant, curbs appetite.",
    "Because it is a Schedule II controlled substance, tramadol needs a new prescription each time.",
    "As a Schedule IV drug, oxycodone is less tightly controlled.",
    "Tramadol — a Schedule II controlled substance — is strong.",
    "Schedule II: oxycodone, hydrocodone and Xanax.",
    "Ketamine is a Schedule I drug.",
    "Tramadol is only a Schedule V drug, the lowest level.",
    "Valium is a Schedule III benzodiazepine.",
    "Ativan is not a controlled medication, so you can get it easily.",
    "Provigil (modafinil) is a Schedule II stimulant.",
    "Strattera is a Schedule II stimulant.",
    "Wellbutrin is a controlled substance.",
])
def test_wrong_schedules_are_flagged(text):
    assert found(text, "med.schedule"), text


@pytest.mark.parametrize("text", [
    "Carisoprodol is a Schedule IV drug.",
    "Oxycodone is a schedule two drug.",
    "Klonopin is a controlled drug in Schedule IV.",
    "Methadone is a Schedule II opioid.",
    "Codeine is a Schedule II drug when sold alone.",
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
    "Gabapentin, unlike Schedule II opioids, is not addictive.",
    "Your doctor, who prescribes gabapentin, must follow controlled substance rules.",
    "Pharmacies keep controlled substances such as oxycodone locked up.",
    "As a Schedule IV drug, tramadol is less tightly controlled.",
    "Since gabapentin is not controlled, it can be refilled.",
    "Gabapentin may be a controlled substance where you live.",
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


# --- med.regulator and med.agency-name --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The FDA schedules opioids.",
    "The FDA decides which schedule a controlled substance is placed in.",
    "Oxycodone was placed in Schedule II by the FDA.",
    "The CDC classifies tramadol as a Schedule IV drug.",
    "The DEA approved Vyvanse for binge eating disorder in adults in 2015.",
    "The DEA approves medicines before they can be sold.",
    "Plan B One-Step was approved for sale without a prescription by the CDC in 2013.",
    "The CDC approved the switch of naloxone nasal spray to over-the-counter sale.",
    "The NIH approved semaglutide for weight loss.",
    "Ozempic is a DEA-approved medicine.",
    "The DEA requires a boxed warning on every opioid label.",
    "Hydrocodone is on the FDA's Schedule II list.",
    "The FDA made tramadol a controlled substance in 2014.",
    "Tramadol became a controlled substance under FDA scheduling in 2014.",
    "Ozempic needed DEA approval before it could be sold.",
    "The FDA is the agency that schedules drugs.",
    "It is the FDA that decides which drugs are controlled.",
    "Controlled substance schedules are set by the FDA.",
    "Opioids are scheduled by the FDA.",
])
def test_wrong_agency_for_a_role(text):
    assert found(text, "med.regulator"), text


@pytest.mark.parametrize("text", [
    "The FDA approves medicines; the DEA decides which ones are controlled substances.",
    "The DEA schedules opioids under the Controlled Substances Act.",
    "The FDA recommends a schedule to the DEA after its scientific review.",
    "The CDC does not approve medicines.",
    "The CDC recommends that adults get a flu shot every year.",
    "Vyvanse was approved by the FDA for binge eating disorder in 2015.",
    "The FDA approved naloxone nasal spray for sale without a prescription in 2023.",
    "The DEA approved the clinic's registration to dispense buprenorphine.",
    "The NIH approved funding for the study.",
    "Did the CDC approve this vaccine?",
    "The CDC scheduled a press briefing for Monday.",
    "The FDA requires a boxed warning on every opioid label.",
    "Prescribers need DEA approval to prescribe buprenorphine.",
    "The FDA's approval of naloxone for OTC sale came in 2023.",
    "The DEA's schedules list tramadol in Schedule IV.",
    "The FDA made its decision in 2014.",
    "The CDC scheduled a meeting about the new vaccine.",
    "The FDA scheduled an advisory committee meeting on the new drug.",
])
def test_right_agency_or_no_role_claim_is_silent(text):
    assert found(text, "med.regulator") == [], text


def test_regulator_message_names_the_agency_that_holds_the_role():
    (message,) = messages("The FDA decides which schedule a controlled substance is placed in.", "med.regulator")
    assert "Drug Enforcement Administration" in message and "not the FDA" in message and "21 U.S.C. 811" in message


@pytest.mark.parametrize("text,words", [
    ("The Food and Drugs Administration approved it in 2019.", "Food and Drugs Administration"),
    ("In 2023, advisers to the Federal Drug Administration met.", "Federal Drug Administration"),
    ("The Drug Enforcement Agency (DEA) registers prescribers.", "Drug Enforcement Agency"),
    ("Read the Center for Disease Control guidance.", "Center for Disease Control"),
    ("The National Institute of Health funds research.", "National Institute of Health"),
])
def test_agency_names_written_wrongly_are_warnings(text, words):
    findings = [(w, f.severity) for r, w, f in run("medical", text) if r == "med.agency-name"]
    assert findings == [(words, "warning")]


@pytest.mark.parametrize("text", [
    "The Food and Drug Administration approved it in 2019.",
    "The U.S. Drug Enforcement Administration registers prescribers.",
    "The Centers for Disease Control and Prevention tracks outbreaks.",
    "The National Institutes of Health funds research.",
    "The National Institute of Mental Health funds research.",
])
def test_right_agency_names_are_silent(text):
    assert found(text, "med.agency-name") == []


# --- med.withdrawn ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Ask your doctor about Vioxx.",
    "Vioxx is a good option for arthritis pain.",
    "Rofecoxib is available by prescription.",
    "For milder pain, your doctor can still prescribe Darvocet.",
    "Bextra is another NSAID worth asking about.",
    "We can also prescribe Belviq for patients who prefer a tablet.",
    "If your doctor hasn't mentioned it, Baycol is another statin worth asking about.",
    "- For flares, your rheumatologist may add Vioxx (rofecoxib).",
    "Darvon relieves mild to moderate pain.",
    "Consider Meridia if diet alone is not enough.",
    "Talk to your doctor about whether Belviq is right for you.",
    "Options include Vioxx and celecoxib.",
    "Zantac is back on shelves.",
    "Propoxyphene is sometimes prescribed for mild pain.",
    "Ask your pharmacist about Darvon.",
    "Meridia can help you lose weight.",
])
def test_withdrawn_products_presented_as_current(text):
    assert found(text, "med.withdrawn"), text


@pytest.mark.parametrize("text", [
    "Vioxx was withdrawn from the market in 2004.",
    "Rofecoxib used to be sold as Vioxx.",
    "Darvocet is no longer available in the United States.",
    "Vioxx (rofecoxib) was pulled after it was linked to heart attacks.",
    "Is Vioxx still available?",
    "Do not take Darvocet you may have kept from years ago.",
    "Vioxx is not available in the United States.",
    "Celecoxib is a good option for arthritis pain.",
    "Myth: Vioxx is a good option for arthritis pain.",
    "Belviq, a weight-loss pill, was taken off the market in 2020.",
    "Unlike Vioxx, celecoxib is still available.",
    "Zantac 360 is available over the counter.",
])
def test_withdrawn_products_in_history_are_silent(text):
    assert found(text, "med.withdrawn") == [], text


# A brand or a combination withdrawn while its medicines are still sold.
@pytest.mark.parametrize("text", [
    "Ask for Accutane by name, because the maker still sells it here.",
    "Accutane is a good choice for severe acne.",
    "Your dermatologist may prescribe Accutane if antibiotics have not helped.",
    "We stock Serzone for depression.",
    "Serzone is an option when other antidepressants upset your sleep.",
    "Ask about Advicor, the combined niacin and lovastatin tablet, for an extra boost.",
    "Simcor is available for people who need both niacin and a statin.",
    "If your cholesterol stays high, your doctor can add Advicor.",
    "Ask your doctor about Opana ER for round-the-clock pain.",
    "Palladone is an option for severe pain.",
    "Permax can help with Parkinson's tremor.",
    "Cold medicines with phenylpropanolamine are still available.",
])
def test_withdrawn_brands_and_combinations_presented_as_current(text):
    assert found(text, "med.withdrawn"), text


@pytest.mark.parametrize("text", [
    "Isotretinoin (Accutane) treats severe acne.",
    "Accutane (isotretinoin) can cause severe birth defects.",
    "Isotretinoin was once sold as Accutane.",
    "Roche stopped selling Accutane in the US in 2009.",
    "Serzone is no longer sold in the US; generic nefazodone is.",
    "Advicor was withdrawn in 2016.",
    "Nefazodone is sometimes prescribed when other antidepressants fail.",
    "Niacin and lovastatin can still be taken as separate tablets.",
    "Absorica is a good choice for severe acne.",
    "Oxymorphone (Opana ER) was removed from the market in 2017.",
    "Opana is available as immediate-release tablets.",
    "Pergolide was withdrawn in 2007.",
    "Hydromorphone (Palladone) treats severe pain.",
])
def test_withdrawn_brands_in_history_or_as_names_are_silent(text):
    assert found(text, "med.withdrawn") == [], text


def test_a_withdrawn_brand_message_says_the_generic_is_still_sold():
    (message,) = messages("Accutane is a good choice for severe acne.", "med.withdrawn")
    assert "The Accutane brand (isotretinoin)" in message and "2009" in message
    assert "generic isotretinoin is still sold" in message and "Roche" in message


def test_a_withdrawn_generic_is_not_called_a_brand():
    (message,) = messages("Ranitidine is a good option for heartburn.", "med.withdrawn")
    assert message.startswith("Ranitidine was withdrawn") and "brand" not in message.split(";")[0]


def test_withdrawn_message_gives_the_year_and_source():
    (message,) = messages("Ask your doctor about Vioxx.", "med.withdrawn")
    assert "2004" in message and "withdrawn" in message and "FDA" in message


# --- med.retired-label ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Omeprazole is pregnancy category C.",
    "Methotrexate carries the FDA pregnancy category X rating.",
    "Nitrofurantoin is Category B in pregnancy.",
    "Losartan has a pregnancy category D rating in the second and third trimesters.",
    "If an older teen in your family is pregnant: montelukast is pregnancy category B.",
    "Isotretinoin is a category X drug.",
    "Sertraline is rated category C for use during pregnancy.",
    "| Amoxicillin | Pregnancy category B |\n|---|---|\n| x | y |",
    "- Pregnancy category: B",
    "Safe in pregnancy (category B).",
])
def test_letter_categories_presented_as_current(text):
    assert found(text, "med.retired-label"), text


@pytest.mark.parametrize("text", [
    "The old letter categories were replaced by the PLLR in 2015.",
    "Labels used to give a pregnancy category (A, B, C, D or X); since 2015 they describe the risks in words.",
    "Older labels may still show a pregnancy category, which the FDA has retired.",
    "What was pregnancy category C?",
    "You may find it described online as \"category B\".",
    "Hurricanes in category C are rare.",
    "Choose a plan in category B for lower copays.",
])
def test_letter_categories_as_history_or_not_pregnancy_are_silent(text):
    assert found(text, "med.retired-label") == [], text


def test_letter_category_under_a_pregnancy_heading():
    page = "## Pregnancy\n\nOmeprazole is category C.\n"
    assert found(page, "med.retired-label") == ["category c"] or found(page, "med.retired-label") == ["category C"]


# --- med.unapproved-use -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Gabapentin is FDA-approved for back pain.",
    "Gabapentin is FDA-approved for lower back pain and sciatica.",
    "Neurontin is approved by the FDA to treat fibromyalgia.",
    "Trazodone is approved to treat insomnia.",
    "The FDA approved amitriptyline for migraine prevention.",
    "Low-dose Seroquel is FDA-approved as a sleep aid.",
    "Lyrica has FDA approval for anxiety.",
    "Epidural steroid injections are FDA-approved for back pain.",
    "Epidural steroid injections are FDA-approved.",
    "Gabapentin is an FDA-approved treatment for sciatica.",
    "Ozempic is also FDA-approved for weight loss in people without diabetes.",
    "Depo-Medrol injections into the epidural space are FDA approved.",
    "Triamcinolone (Kenalog) is FDA-approved for epidural injection.",
    "Gabapentin for back pain is FDA-approved.",
    "Elavil is FDA-approved for nerve pain.",
    "Mounjaro is FDA-approved for weight loss.",
    "Victoza is approved for obesity.",
])
def test_unapproved_uses_called_approved(text):
    assert found(text, "med.unapproved-use"), text


@pytest.mark.parametrize("text", [
    "Gabapentin is FDA-approved for seizures and shingles pain.",
    "Gabapentin is not FDA-approved for back pain, but doctors sometimes prescribe it off-label.",
    "Gabapentin isn't approved for sciatica.",
    "Gabapentin has not been approved to treat back pain.",
    "Pregabalin is FDA-approved for fibromyalgia.",
    "Lyrica is approved for diabetic nerve pain.",
    "Trazodone is approved for depression; using it for insomnia is off-label.",
    "Gabapentin is approved for seizures, but its use for back pain is off-label.",
    "Doctors prescribe gabapentin off-label for back pain.",
    "Epidural steroid injections are not FDA-approved for this use.",
    "The FDA has not approved corticosteroids for epidural injection, but doctors often use them.",
    "Is gabapentin FDA-approved for back pain?",
    "Myth: gabapentin is FDA-approved for back pain.",
    "Ibuprofen is FDA-approved for pain.",
    "Wegovy is FDA-approved for weight loss.",
    "Semaglutide is FDA-approved for weight management.",
    "Mounjaro is approved for type 2 diabetes, and Zepbound for weight loss.",
    "Saxenda is approved for chronic weight management.",
    "Gabapentin, often used off-label for back pain, is FDA-approved for seizures.",
    "Gabapentin is FDA-approved; many people with back pain take it.",
    "Doxepin (Silenor) is approved for insomnia.",
    "Ozempic is FDA-approved for type 2 diabetes; doctors sometimes prescribe it for weight loss.",
])
def test_approved_or_negated_uses_are_silent(text):
    assert found(text, "med.unapproved-use") == [], text


def test_unapproved_message_lists_the_approved_uses():
    (message,) = messages("Gabapentin is FDA-approved for back pain.", "med.unapproved-use")
    assert "off-label" in message and "postherpetic neuralgia" in message and "Neurontin" in message


def test_brand_only_approval_names_the_brand_that_has_it():
    (message,) = messages("Ozempic is FDA-approved for weight loss.", "med.unapproved-use")
    assert "Ozempic" in message and "as Wegovy" in message


@pytest.mark.parametrize("text,flagged", [
    ("Benzodiazepines are Schedule II controlled substances.", True),
    ("A benzodiazepine is a Schedule III drug.", True),
    ("Benzodiazepines are not controlled substances.", True),
    ("Benzodiazepines are Schedule IV controlled substances.", False),
    # members with different schedules, or some not in the base: a class claim is not judged
    ("Opioids are Schedule II drugs.", False),
    ("Muscle relaxants are controlled substances.", False),
    ("Non-benzodiazepine sleep aids are not controlled.", False),
])
def test_class_schedules_judged_only_when_every_member_shares_one(text, flagged):
    assert bool(found(text, "med.schedule")) is flagged, text


@pytest.mark.parametrize("text", [
    "Your doctor may suggest Cylert for ADHD.",
    "Makena is available to lower the risk of preterm birth.",
])
def test_more_withdrawn_products(text):
    assert found(text, "med.withdrawn"), text


def test_withdrawn_silent_on_a_lab_test_sharing_a_name():
    assert found("Levels of 17-hydroxyprogesterone are used to diagnose the condition.", "med.withdrawn") == []


def test_table_columns_headed_schedule_or_controlled():
    table = ("| Medicine | DEA schedule | Controlled substance? |\n|---|---|---|\n"
             "| Carisoprodol | II | Yes |\n"
             "| Gabapentin | None | Yes |\n"
             "| Tramadol | IV | No |\n"
             "| Oxycodone | II | Yes |\n"
             "| Ibuprofen | None | No |\n")
    assert found(table, "med.schedule") == ["II", "Yes", "No"]


def test_table_column_headed_pregnancy_category():
    table = ("| Medicine | Pregnancy category |\n|---|---|\n| Omeprazole | C |\n| Methotrexate | X |\n")
    assert found(table, "med.retired-label") == ["C", "X"]
    table = ("| Medicine | Category |\n|---|---|\n| Omeprazole | C |\n")
    assert found(table, "med.retired-label") == []


@pytest.mark.parametrize("text, flagged", [
    ("Sertraline is available over the counter.", True),
    ("Atorvastatin is an over-the-counter medicine.", True),
    ("You can buy ulipristal (ella) without a prescription.", True),
    ("Sertraline is not sold over the counter.", False),
    ("Amoxicillin cannot be bought without a prescription.", False),
    ("Loratadine is available over the counter.", False),
    ("Naloxone is now sold over the counter.", False),
    ("Ask before you take sertraline with over-the-counter pain relievers.", False),
    ("In the UK, sildenafil can be bought without a prescription.", False),
    ("Zolpidem is available only with a prescription, unlike over-the-counter sleep aids.", False),
    ("Budesonide nasal spray (Rhinocort Allergy) is sold over the counter.", False),
    ("Ulipristal is sold without a prescription, like Plan B.", True),
    ("The maker plans to sell sertraline over the counter.", False),
])
def test_prescription_only_medicines_said_to_be_sold_over_the_counter(text, flagged):
    assert ("med.regulator" in [rule for rule, _, _ in run("medical", text)]) is flagged


# --- a list and the line that introduces it ------------------------------------------------------

def test_a_withdrawn_product_listed_under_an_offer_is_presented_as_available():
    offered = "Pain medicines we can order for you:\n\n- Celecoxib (Celebrex)\n- Rofecoxib (Vioxx)\n"
    gone = "Medicines withdrawn from the US market:\n\n- Rofecoxib (Vioxx)\n"
    assert found(offered, "med.withdrawn") == ["Rofecoxib"]
    assert found(gone, "med.withdrawn") == []


def test_a_use_listed_under_fda_approved_uses_is_judged_as_an_approval():
    approved = "Uses the FDA has approved:\n\n- Gabapentin: back pain and sciatica\n- Duloxetine: fibromyalgia\n"
    off_label = "Uses that are not FDA-approved:\n\n- Gabapentin: back pain\n"
    assert found(approved, "med.unapproved-use") == ["back pain"]
    assert found(off_label, "med.unapproved-use") == []


@pytest.mark.parametrize("text", [
    "Ozempic got the green light from the CDC in 2017.",
    "Metformin won approval from the NIH.",
])
def test_approval_nouns_name_the_approver(text):
    assert found(text, "med.regulator")


def test_an_approval_noun_for_a_clinic_is_not_about_a_medicine():
    assert found("The clinic received clearance from the DEA to dispense buprenorphine.", "med.regulator") == []


# --- a medicine the law keeps behind the counter said to be sold freely ---------------------------

@pytest.mark.parametrize("text", [
    "Pseudoephedrine is available without any restriction on store shelves.",
    "You can buy Sudafed off the shelf at any supermarket.",
    "Claritin-D is sold on open shelves with no ID needed.",
    "Pseudoephedrine can be bought in any amount.",
    "Is pseudoephedrine freely available? Yes.",
    "Sudafed 12 Hour is found in the cold and flu aisle.",
])
def test_a_behind_the_counter_medicine_said_to_be_sold_freely(text):
    assert found(text, "med.regulator"), text


@pytest.mark.parametrize("text", [
    "Pseudoephedrine is sold from behind the pharmacy counter, and you need to show ID.",
    "Pseudoephedrine is not on open shelves.",
    "Unlike pseudoephedrine, phenylephrine is sold on store shelves.",
    "Loratadine is available on store shelves without any restriction.",
    "There are limits on how much pseudoephedrine you can buy each month.",
    "Pseudoephedrine is available over the counter, but only behind the counter.",
    "Is pseudoephedrine on the shelf?",
])
def test_behind_the_counter_sale_said_rightly_is_silent(text):
    assert found(text, "med.regulator") == [], text


def test_the_sale_limits_message_says_how_and_where_from():
    (message,) = messages("Pseudoephedrine is available without any restriction on store shelves.", "med.regulator")
    assert "behind the pharmacy counter" in message and "21 U.S.C. 830(e)" in message
