"""Dose and use claims: daily maximums, age limits, interactions, how to take a medicine."""

from __future__ import annotations

import pytest

from checker.claims.dosing import daily_amounts, number, top_of

from .medfamilies import run

RULES = ("med.max-daily-dose", "med.age-limit", "med.interaction", "med.administration")


def found(text: str, rule: str, fmt: str = "markdown") -> list[str]:
    return [words for r, words, _ in run("medical", text, fmt=fmt) if r == rule]


def messages(text: str, rule: str) -> list[str]:
    return [f.message for r, _, f in run("medical", text) if r == rule]


# --- the number reader -------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("3,200", 3200), ("3.2", 3.2), ("two", 2), ("twelve", 12), ("1,000.5", 1000.5), ("", None),
])
def test_numbers(text, value):
    assert number(text) == value


def test_the_top_of_a_range():
    assert top_of("1", "2") == 2
    assert top_of("4", None) == 4


@pytest.mark.parametrize("text,amount", [
    ("up to 3,200 mg of ibuprofen a day", 3200),
    ("3.2 g per day", 3200),
    ("as much as 5 grams daily", 5000),
    ("4,000 mg in 24 hours", 4000),
    ("take two 500 mg tablets 4 times a day", 4000),
    ("1 to 2 tablets of 500 mg every 6 hours", 4000),
    ("1 to 2 tablets of 500 mg every 4 to 6 hours", 4000),   # the longer interval
    ("400 mcg every day", 0.4),
    ("250 mg twice daily", 500),
])
def test_daily_totals(text, amount):
    totals = [d.amount for d in daily_amounts(text, None) if d.unit == "mg"]
    assert totals and totals[0] == pytest.approx(amount)


def test_counts_without_a_strength_stay_counts():
    (daily,) = daily_amounts("up to 8 doses in a day", None)
    assert (daily.amount, daily.unit) == (8, "dose")


def test_a_brand_strength_turns_tablets_into_milligrams():
    (daily,) = daily_amounts("up to 12 caplets a day", 500.0)
    assert (daily.amount, daily.unit) == (6000, "mg")


def test_weight_based_and_concentration_amounts_are_not_doses():
    assert daily_amounts("10 mg/kg every 6 hours", None) == []
    assert daily_amounts("160 mg per 5 mL, up to 5 times a day", None) == []


# --- max daily dose ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Adults can take up to 3,200 mg of ibuprofen a day without a prescription.",
    "Over the counter, ibuprofen can be taken at 800 mg three times a day.",
    "You can take 8 tablets of 500 mg acetaminophen up to 6 times a day.",
    "It's okay to take as much as 5 grams of Tylenol a day for a bad back.",
    "For arthritis, acetaminophen can be taken at 6,000 mg per day.",
    "Tylenol Extra Strength: take 2 caplets every 4 hours, up to 12 caplets a day.",
    "Up to six Aleve tablets across the day is fine.",
    "You may take naproxen 1,000 mg daily without seeing a doctor.",
    "Aspirin: up to 6 g in 24 hours is okay for a short time.",
    "Your doctor can increase sertraline to 300 mg a day.",
    "Zolpidem can be taken at 20 mg each night, up to 20 mg per day.",
    "Escitalopram can go up to 40 mg daily.",
    "Sumatriptan tablets: you can take up to 400 mg in 24 hours.",
    "It's safe to take 3 Advil tablets four times a day.",
])
def test_amounts_above_the_limit_are_flagged(text):
    assert found(text, "med.max-daily-dose")


@pytest.mark.parametrize("text", [
    "Never take more than 4,000 mg of acetaminophen in 24 hours.",
    "Do not take more than 1,200 mg of ibuprofen a day unless a doctor tells you to.",
    "Taking more than 4,000 mg of acetaminophen a day can cause liver damage.",
    "Adults can take up to 1,200 mg of ibuprofen a day without a prescription.",
    "Your doctor may prescribe up to 3,200 mg of ibuprofen a day.",
    "Prescription naproxen is sometimes given at 1,500 mg a day for a short time.",
    "Take 1 to 2 tablets of 325 mg acetaminophen every 4 to 6 hours.",
    "Take 2 Extra Strength Tylenol caplets every 6 hours, no more than 6 caplets in 24 hours.",
    "Is it safe to take 3,200 mg of ibuprofen a day?",
    "Myth: you can take 6,000 mg of acetaminophen a day.",
    "In studies, people took 3,200 mg of ibuprofen a day.",
    "Children's acetaminophen is dosed at 15 mg/kg every 6 hours.",
    "Sertraline is usually started at 50 mg a day.",
    "Ibuprofen 400 mg every 6 hours eases period pain.",
    "An accidental overdose of 10 grams of acetaminophen a day can be fatal.",
    "Amoxicillin 500 mg three times a day treats many infections.",
])
def test_amounts_within_the_limit_or_warnings_are_silent(text):
    assert not found(text, "med.max-daily-dose")


def test_the_message_gives_the_limit_its_source_and_the_total():
    (message,) = messages("Adults can take up to 3,200 mg of ibuprofen a day without a prescription.",
                          "med.max-daily-dose")
    assert "1,200 mg" in message and "3,200 mg" in message and "Drug Facts" in message


def test_a_sentence_naming_no_medicine_is_read_against_the_page_subject():
    page = "# Naproxen (Aleve)\n\nMost adults can safely go up to 1,500 mg a day on their own.\n"
    assert found(page, "med.max-daily-dose") == ["1,500 mg a day"]


# --- age limits --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Codeine cough syrup is a reasonable choice for a 6-year-old.",
    "Aspirin is safe for children as young as 2.",
    "Babies can take aspirin for teething pain.",
    "Infants' ibuprofen drops are fine for babies from 4 weeks old.",
    "Tramadol is a good option for kids 8 years and older.",
    "You can give your toddler a little aspirin for a fever.",
    "Oral benzocaine gel is safe for infants with sore gums.",
    "Codeine can help a 10-year-old with a bad cough sleep.",
])
def test_medicines_below_their_age_limit_are_flagged(text):
    assert found(text, "med.age-limit")


@pytest.mark.parametrize("text", [
    "Aspirin is not for children under 12.",
    "Ask a doctor before giving aspirin to children under 12.",
    "Never give codeine to children under 12.",
    "Ibuprofen is fine for children 6 months and older.",
    "Benzocaine gels should not be used on a teething baby's gums.",
    "Codeine is for adults and teenagers 12 and older only.",
    "Acetaminophen is safe for babies when dosed by weight.",
    "Is aspirin safe for children?",
    "Codeine is not safe for a 6-year-old.",
    "Ibuprofen is a good choice for a 2-year-old with a fever.",
])
def test_warnings_and_ages_within_the_limit_are_silent(text):
    assert not found(text, "med.age-limit")


def test_the_age_message_names_the_limit_and_its_source():
    (message,) = messages("Codeine is a reasonable choice for a 6-year-old.", "med.age-limit")
    assert "under 12" in message and "FDA" in message


# --- interactions ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "It is fine to drink alcohol while taking metronidazole.",
    "A beer or glass of wine is fine while you're on metronidazole.",
    "A glass of wine with your zolpidem is fine as long as it's just one.",
    "It's fine to take your usual lorazepam with your oxycodone at bedtime.",
    "St. John's wort is a gentle add-on that is safe with sertraline.",
    "Alcohol does not interact with metronidazole.",
    "You can drink beer while taking hydrocodone.",
    "Diazepam and morphine are safe to take together.",
    "Having a cocktail with Ambien is no problem.",
])
def test_dangerous_combinations_called_safe_are_flagged(text):
    assert found(text, "med.interaction")


@pytest.mark.parametrize("text", [
    "Avoid alcohol while taking metronidazole and for 3 days after.",
    "It is not safe to drink alcohol with metronidazole.",
    "Do not take oxycodone with benzodiazepines such as lorazepam.",
    "Is it safe to drink alcohol with zolpidem?",
    "Ibuprofen is fine to take with food.",
    "Some people think a glass of wine with zolpidem is fine, but it is not.",
    "Alcohol is fine with amoxicillin for most people.",
    "Never drink alcohol with metronidazole; it can make you very sick.",
    "Acetaminophen is safe with most blood pressure medicines.",
])
def test_warnings_and_unknown_pairs_are_silent(text):
    assert not found(text, "med.interaction")


def test_the_interaction_message_gives_the_effect_and_source():
    (message,) = messages("It is fine to drink alcohol while taking metronidazole.", "med.interaction")
    assert "disulfiram" in message and "Flagyl" in message


# --- how to take it ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "If your child can't swallow Concerta, crush it and mix it with applesauce.",
    "You can chew OxyContin tablets if they are hard to swallow.",
    "Extended-release oxycodone tablets can be cut in half to make a smaller dose.",
    "Fentanyl patches are a good first opioid for someone who has never taken one.",
    "A fentanyl patch works well for a sprain or short-term pain.",
    "If you've been taking lorazepam for months, you can stop all at once when you feel ready.",
    "If you feel better after a few weeks, you can simply stop taking sertraline; there's no need to taper.",
    "Alprazolam can be stopped at any time.",
    "Once the flare is over, you can quit prednisone cold turkey.",
    "If weekly doses are hard to remember, take methotrexate every morning.",
    "You can put a heating pad over your fentanyl patch.",
])
def test_dangerous_instructions_are_flagged(text):
    assert found(text, "med.administration")


@pytest.mark.parametrize("text", [
    "Swallow Concerta whole; do not crush or chew it.",
    "Fentanyl patches are only for people who already take opioids every day.",
    "Do not stop taking lorazepam suddenly; your doctor will lower the dose slowly.",
    "Crushing OxyContin can release a fatal dose all at once.",
    "Take methotrexate once a week, not every day.",
    "Never put a heating pad over a fentanyl patch.",
    "If you stop sertraline suddenly, you may get dizziness and flu-like symptoms.",
    "You can stop taking ibuprofen when the pain is gone.",
    "Ritalin tablets can be crushed and mixed with food.",
    "Your doctor will tell you how to stop alprazolam slowly.",
    "Opioids can stop breathing in people who take too much.",
    "Talk to your doctor before you stop taking sertraline.",
    "You can chew ibuprofen chewable tablets.",
])
def test_correct_or_harmless_instructions_are_silent(text):
    assert not found(text, "med.administration")


def test_a_list_item_after_a_lead_in_is_read_on_its_own():
    page = "What to avoid:\n- Benzocaine gels are fine to rub on a teething baby's gums.\n"
    assert found(page, "med.age-limit", fmt="text")


@pytest.mark.parametrize("text", [
    "Doses up to 3,200 mg of ibuprofen per day may be used for rheumatoid arthritis.",
    "Codeine is used in adults and children 12 years of age and older.",
    "Codeine is for adults and children 12+ with a cough.",
    "You can stop taking prednisone after a short course of 5 days.",
    "Your doctor may increase your bupropion dose, up to 450 mg per day.",
    "Vitamin C is safe up to 2,000 mg a day for adults.",
    "Grapefruit juice does not affect pravastatin.",
])
def test_label_style_statements_are_silent(text):
    assert not [r for r, _, _ in run("medical", text) if r in RULES]


@pytest.mark.parametrize("text,rule", [
    ("You can take ibuprofen with warfarin for a headache.", "med.interaction"),
    ("Grapefruit juice does not affect simvastatin.", "med.interaction"),
    ("Sildenafil is safe to take with nitroglycerin.", "med.interaction"),
    ("Potassium supplements are fine with lisinopril.", "med.interaction"),
    ("You can take alendronate with your morning coffee.", "med.administration"),
    ("After taking alendronate, it is fine to lie back down in bed.", "med.administration"),
    ("Once your blood pressure is normal, you can stop metoprolol.", "med.administration"),
    ("Most people can safely go up to 4,000 mg of metformin a day.", "med.max-daily-dose"),
])
def test_cardiometabolic_and_bone_facts(text, rule):
    assert found(text, rule)


@pytest.mark.parametrize("text,rule", [
    ("Rifampin does not make birth control pills less effective.", "med.interaction"),
    ("You can keep taking AZO for as long as the burning lasts.", "med.administration"),
    ("Ketorolac tablets can be used every day without a break for back pain.", "med.administration"),
])
def test_class_interactions_and_short_courses(text, rule):
    assert found(text, rule)


def test_your_medicine_on_a_page_about_a_tapering_class():
    page = ("# Living with epilepsy\n\nAntiseizure medicines prevent most seizures.\n\n"
            "- If you have had no seizures for a year, you can stop your medicine on your own.\n")
    assert found(page, "med.administration")
    other = page.replace("Antiseizure medicines", "Antibiotics")
    assert not found(other, "med.administration")


TABLE = """# Pain relievers

| Medicine | Most you can take in a day |
|---|---|
| Ibuprofen (Advil) | 3,200 mg without a prescription |
| Acetaminophen | 3,000 mg |
| Naproxen (Aleve) | 2 tablets every 8 hours |
"""


def test_tables_read_the_row_medicine_and_the_column_header():
    assert found(TABLE, "med.max-daily-dose") == ["3,200 mg without a prescription", "2 tablets every 8 hours"]


def test_a_table_of_warnings_is_silent():
    table = TABLE.replace("Most you can take in a day", "Never take more than this in a day")
    assert found(table, "med.max-daily-dose") == []


def test_html_tables():
    page = ("<h1>Pain relievers</h1><table><tr><th>Medicine</th><th>Daily limit</th></tr>"
            "<tr><td>Ibuprofen</td><td>3,200 mg without a prescription</td></tr>"
            "<tr><td>Acetaminophen</td><td>3,000 mg</td></tr></table>")
    assert found(page, "med.max-daily-dose", fmt="html") == ["3,200 mg without a prescription"]


@pytest.mark.parametrize("text", [
    "Myth: It's fine to drink alcohol with metronidazole. Fact: alcohol can make you very sick.",
    "\"You can stop Xanax any time,\" a friend might say, but that is dangerous.",
    "Some people believe babies can take aspirin.",
    "People often think they can stop sertraline once they feel better.",
    "We do not recommend taking more than 3,000 mg of acetaminophen a day.",
    "Ibuprofen isn't recommended for babies younger than 6 months.",
    "Acetaminophen is fine for babies 3 months and older.",
    "Lorazepam can be stopped at any time, but only after talking to your doctor.",
    "Do not drink grapefruit juice if you take simvastatin; it is safe with pravastatin.",
    "Pravastatin is fine with grapefruit juice, unlike simvastatin.",
    "Alcohol is safe in moderation with most medicines, but never with metronidazole.",
    "You should not crush Concerta, but you can crush Ritalin.",
    "With alendronate, you can have coffee 30 minutes after your tablet.",
    "After 30 minutes, you can eat breakfast and lie down if you want.",
    "Metoprolol should never be stopped suddenly.",
    "Take 1 or 2 Advil every 4 to 6 hours, no more than 6 tablets in 24 hours.",
    "Tylenol Extra Strength: take 2 caplets every 6 hours, up to 6 caplets a day.",
    "A little grapefruit juice won't hurt if you take atorvastatin.",
])
def test_refuted_contrasted_and_correct_sentences_are_silent(text):
    assert not [r for r, _, _ in run("medical", text) if r in RULES]


@pytest.mark.parametrize("text,rule", [
    ("Feel free to take two Extra Strength Tylenol every four hours around the clock.", "med.max-daily-dose"),
    ("Adults may take 2 Aleve every 8 hours.", "med.max-daily-dose"),
    ("The maximum daily dose of acetaminophen is 6 grams.", "med.max-daily-dose"),
    ("Healthy adults can handle up to 8 grams of Tylenol a day.", "med.max-daily-dose"),
    ("Mixing alcohol with oxycodone is perfectly safe.", "med.interaction"),
    ("You can take tramadol with sertraline without any worry.", "med.interaction"),
    ("Codeine works well for coughs in kids of all ages.", "med.age-limit"),
    ("Take methotrexate daily with food.", "med.administration"),
    ("It's okay to stop prednisone whenever you want after months of treatment.", "med.administration"),
])
def test_more_phrasings_are_flagged(text, rule):
    assert found(text, rule)


def test_not_approved_below_the_age_is_a_limit():
    assert not found("Benzonatate capsules are a prescription cough medicine that is not approved "
                     "for children under 10.", "med.age-limit")


@pytest.mark.parametrize("text,hit", [
    ("Loperamide is fine for toddlers.", True),
    ("Imodium is safe for children as young as 2.", True),
    ("Cetirizine: adults can take up to 20 mg a day.", True),
    ("Zyrtec 10 mg once a day is the usual dose.", False),
    ("You can use Afrin every day for two weeks.", True),
    ("Afrin nasal spray is fine for up to 3 days.", False),
    ("Omeprazole can be taken for as long as you like without seeing a doctor.", True),
    ("Your doctor may prescribe omeprazole long-term, and you can take it for years.", False),
    ("Benadryl can be given to babies to help them sleep.", True),
    ("Promethazine is fine for a 1-year-old with a cold.", True),
    ("Salmeterol can be used alone for asthma.", True),
    ("Clobetasol can be used every day for months.", True),
    ("Loratadine 10 mg twice a day is fine.", True),
    ("Pepto-Bismol is fine for kids with flu.", True),
    ("Butyrate may be a promising approach for a long-term treatment.", False),
])
def test_allergy_and_stomach_medicines(text, hit):
    assert bool([r for r, _, _ in run("medical", text) if r in RULES]) == hit


@pytest.mark.parametrize("text,hit", [
    ("A teenager with flu aches can take aspirin.", True),
    ("Pepto-Bismol is a good choice for a 15-year-old with the stomach flu.", True),
    ("Aspirin is fine for kids getting over chickenpox.", True),
    ("Teenagers can take aspirin for headaches.", False),
    ("Adults with the flu can take aspirin.", False),
    ("Never give aspirin to a teenager with flu.", False),
])
def test_salicylates_for_young_people_with_flu(text, hit):
    assert bool(found(text, "med.age-limit")) == hit


@pytest.mark.parametrize("text,hit", [
    ("NSAIDs are fine to take with warfarin.", True),
    ("It's safe to combine Advil and Eliquis.", True),
    ("Nitrates and Viagra can be used at the same time.", True),
    ("Tadalafil is fine with isosorbide mononitrate.", True),
    ("Clarithromycin is safe to take with simvastatin.", True),
    ("You can eat aged cheese while taking phenelzine.", True),
    ("Taking potassium supplements with spironolactone is fine.", True),
    ("Drinking alcohol while on a benzodiazepine is okay in moderation.", True),
    ("Opioids are safe with alcohol.", True),
    ("Benzodiazepines and opioids can be taken together.", True),
    ("SSRIs are fine with St. John's wort.", True),
    ("Warfarin doesn't interact with vitamin K.", True),
    ("Alcohol is fine with most antibiotics.", False),
    ("It is safe to take antibiotics with food.", False),
    ("Acetaminophen is the safer pain reliever with warfarin.", False),
    ("Avoid NSAIDs such as ibuprofen while you take warfarin.", False),
    # Clopidogrel's label pairs it with aspirin; other NSAIDs still raise its bleeding risk.
    ("After a stent, aspirin together with clopidogrel is safe and usual.", False),
    ("It is fine to take Plavix with a daily low-dose aspirin.", False),
    ("It is fine to take Plavix with naproxen for back pain.", True),
])
def test_interactions_between_classes_and_brands(text, hit):
    assert bool(found(text, "med.interaction")) == hit


@pytest.mark.parametrize("text, flagged", [
    ("Do not mix opioids with benzodiazepines such as diazepam (Valium). Together they can stop your breathing.", False),
    ("Diazepam can stop your breathing when mixed with alcohol.", False),
    ("Lorazepam may stop working if you take it every night.", False),
    ("You can stop your diazepam whenever you like.", True),
    ("You can stop the lorazepam any time.", True),
    ("You can stop the lorazepam pills any time.", True),
])
def test_stopping_something_else_is_not_stopping_the_medicine(text, flagged):
    assert ("med.administration" in [rule for rule, _, _ in run("medical", text)]) is flagged


@pytest.mark.parametrize("text, flagged", [
    # food, water and coffee
    ("Nitrofurantoin works best on an empty stomach.", True),
    ("Take nitrofurantoin with food; it upsets the stomach less.", False),
    ("Metformin can be taken without food.", True),
    ("Take metformin with meals, not on an empty stomach.", False),
    ("Taking levothyroxine with your breakfast helps it absorb better.", True),
    ("Coffee taken with levothyroxine lowers how much is absorbed.", False),
    ("You can take risedronate with a cup of coffee.", True),
    # inhalers: rinsing and attacks
    ("You do not need to rinse your mouth after using Flovent.", True),
    ("Rinse your mouth with water and spit after each puff of Flovent.", False),
    ("Flonase nasal spray: there is no need to rinse your mouth.", False),
    ("Use your fluticasone inhaler during an asthma attack for quick relief.", True),
    ("Salmeterol works fast, so it can be used as a rescue inhaler.", True),
    ("Salmeterol is not a rescue inhaler and will not stop an attack.", False),
    ("Keep your rescue inhaler with you for sudden symptoms.", False),
    ("Albuterol works within minutes during an asthma attack.", False),
    # patches and extended-release tablets
    ("If the dose is too strong, cut the fentanyl patch in half.", True),
    ("Never cut a fentanyl patch.", False),
    ("You can split Ambien CR in half for a lighter dose.", True),
    ("Ambien tablets can be cut in half.", False),
    ("Wellbutrin XL can be crushed if it is hard to swallow.", True),
])
def test_food_inhaler_patch_and_tablet_instructions(text, flagged):
    assert bool(found(text, "med.administration")) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("Do not take more than 5,000 mg of metformin in a day.", True),
    ("Adults should take no more than 40 mg of cetirizine a day.", True),
    ("Do not take more than 4,000 mg of acetaminophen in a day.", False),
    ("Adults should take no more than 10 mg of loratadine a day.", False),
    ("Taking more than 6,000 mg of acetaminophen a day can damage your liver.", False),
    ("Never take more than 1,200 mg of ibuprofen a day without a doctor.", False),
])
def test_a_stated_cap_above_the_label_maximum_allows_too_much(text, flagged):
    assert bool(found(text, "med.max-daily-dose")) is flagged


@pytest.mark.parametrize("text", [
    "Consult a physician before giving a child aspirin.",
    "Consult your doctor before giving aspirin to a child or teenager who has the flu.",
])
def test_advice_to_ask_a_doctor_about_a_child_is_a_warning_not_permission(text):
    assert not found(text, "med.age-limit")


@pytest.mark.parametrize("text, flagged", [
    ("Adults can take two 500 mg acetaminophen tablets every 4 hours, up to 12 tablets a day.", True),
    ("Take two 500 mg acetaminophen tablets every 6 hours, up to 8 tablets a day.", False),
])
def test_a_count_of_tablets_takes_the_strength_said_earlier(text, flagged):
    assert bool(found(text, "med.max-daily-dose")) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("You can chew benzonatate capsules if they are too big to swallow.", True),
    ("Once the pain is gone you can stop oxycodone all at once.", True),
    ("If you stop oxycodone all at once, you may get withdrawal symptoms.", False),
    ("You can chew ibuprofen chewable tablets.", False),
])
def test_capsules_swallowed_whole_and_permission_after_a_condition(text, flagged):
    assert bool(found(text, "med.administration")) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("You can use up to five 20 mg sprays of sumatriptan in 24 hours.", True),
    ("You can take up to two 100 mg sumatriptan tablets in 24 hours.", False),
    ("You may use two 20 mg sumatriptan nasal sprays a day.", False),
])
def test_a_form_with_its_own_lower_limit(text, flagged):
    assert bool(found(text, "med.max-daily-dose")) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("You can skip or stop Eliquis whenever you like.", True),
    ("You can stop apixaban at any time.", True),
    ("You can skip doses of Xarelto.", True),
    ("Do not stop apixaban without talking to your doctor.", False),
    ("You can stop taking ibuprofen when the pain is gone.", False),
])
def test_blood_thinners_are_not_stopped_early(text, flagged):
    assert bool(found(text, "med.administration")) is flagged


# --- context: a sentence that points back, a script's spoken lines ------------------------------

def test_a_sentence_that_points_back_is_judged_for_the_medicine_named_before():
    text = "Scopolamine patches go behind the ear.\nThe patches are also fine for children under 12.\n"
    assert found(text, "med.age-limit") == ["The patches are also fine for children under 12"]


def test_a_line_the_page_tells_its_reader_to_say_is_the_pages_own_claim():
    said = 'Say: "Ginkgo is safe to take with warfarin."\n'
    reported = 'Some websites say "ginkgo is safe to take with warfarin", but that is wrong.\n'
    assert found(said, "med.interaction")
    assert not found(reported, "med.interaction")


def test_a_dose_in_the_self_care_products_units_is_judged_against_the_otc_label():
    assert found("You may take 8 tablets of 200 mg ibuprofen in 24 hours.\n", "med.max-daily-dose")
    assert not found("Your doctor may prescribe 8 tablets of 200 mg ibuprofen in 24 hours.\n",
                     "med.max-daily-dose")


def test_a_column_of_24_hour_limits_is_read_as_daily_amounts():
    table = ("| Medicine | Adult dose | Most in 24 hours |\n|---|---|---|\n"
             "| Cetirizine (Zyrtec) | 10 mg once a day | 20 mg |\n"
             "| Loratadine (Claritin) | 10 mg once a day | 10 mg |\n")
    assert found(table, "med.max-daily-dose") == ["20 mg"]


def test_ages_written_as_n_year_olds():
    assert found("Dextromethorphan cough syrup can be given to 2-year-olds.\n", "med.age-limit")
    assert not found("Dextromethorphan cough syrup can be given to 12-year-olds.\n", "med.age-limit")


# --- interactions denied with medicines in general, with foods, or called a help ------------------

@pytest.mark.parametrize("text", [
    "St. John's wort does not interact with other medicines.",
    "St. John's wort has no known drug interactions.",
    "Is it safe to take St. John's wort with other medicines? Yes.",
    "Rifampin doesn't interact with any other medications.",
    "Clarithromycin is safe with your other medicines.",
    "Warfarin is not affected by leafy green vegetables.",
    "Warfarin users can eat as much spinach as they like; it won't change the INR.",
    "Kale and broccoli do not affect warfarin.",
    "Take your iron tablets with milk to help absorption.",
    "Ferrous sulfate absorbs better with a glass of milk.",
    "Take levothyroxine with breakfast and calcium for best absorption.",
    "Taking Synthroid with your calcium supplement helps absorption.",
])
def test_interactions_denied_in_general_with_foods_or_called_a_help(text):
    assert found(text, "med.interaction")


@pytest.mark.parametrize("text", [
    "St. John's wort interacts with many medicines, including birth control pills and warfarin.",
    "Does St. John's wort interact with other medicines?",
    "Amoxicillin does not interact with most medicines.",
    "Keep the amount of leafy green vegetables you eat steady while you take warfarin.",
    "Warfarin users can eat leafy greens as long as the amount stays consistent.",
    "Apixaban is not affected by leafy green vegetables.",
    "Do not take iron tablets with milk; calcium lowers iron absorption.",
    "Take iron with orange juice to help absorption.",
    "Vitamin C helps your body absorb iron.",
    "Take levothyroxine 4 hours apart from calcium.",
    "Take levothyroxine on an empty stomach with water for best absorption.",
])
def test_interaction_advice_that_is_right_is_silent(text):
    assert found(text, "med.interaction") == [] and found(text, "med.administration") == []


def test_levothyroxine_with_breakfast_for_absorption_breaks_the_empty_stomach_rule():
    assert found("Take levothyroxine with breakfast and calcium for best absorption.", "med.administration")


# --- an age limit waved away "without concern" ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Doxycycline can be given to young children without concern.",
    "Vibramycin can be given to toddlers without any worry.",
    "Tramadol can be used in kids with no concerns.",
    "Doxycycline is fine for a 4-year-old.",
    "Codeine cough syrup is safe for children under 12.",
])
def test_an_age_limit_waved_away(text):
    assert found(text, "med.age-limit")


@pytest.mark.parametrize("text", [
    "Doxycycline can be given to children over 8 without concern.",
    "Amoxicillin can be given to young children without concern.",
    "Doxycycline is used in young children only for serious infections such as Rocky Mountain spotted fever.",
    "Ask your doctor before giving doxycycline to young children.",
    "Doxycycline is not for young children, without exception.",
])
def test_age_statements_that_are_right_are_silent(text):
    assert found(text, "med.age-limit") == []


# Advice to ask a doctor or pharmacist first, in any form, is the age limit itself.
@pytest.mark.parametrize("text", [
    "A physician should be consulted before giving a child any codeine.",
    "A doctor should be consulted before giving a 6-year-old codeine.",
    "Consulting a doctor before giving children codeine is important.",
    "A pharmacist should be asked before giving a baby benzocaine.",
    "A physician should be consulted before giving a child any aspirin, because of Reye's syndrome.",
    "Always speak with a doctor before giving tramadol to a 10-year-old.",
])
def test_advice_to_consult_before_giving_a_child_a_medicine_is_silent(text):
    assert "med.age-limit" not in [r for r, _, _ in run("medical", text)], text


@pytest.mark.parametrize("text", [
    "Benzocaine gel is fine for babies, as many parents asked us.",
    "Codeine is a reasonable choice for a 6-year-old.",
    "You can give aspirin to a 6-year-old.",
    "Parents often give codeine syrup to children of 8.",
    "Tramadol can be given to a child of 10.",
])
def test_a_claim_below_the_age_limit_is_still_flagged(text):
    assert "med.age-limit" in [r for r, _, _ in run("medical", text)], text


# A combination product's own limit in caplets, below its medicines' limits in mg.
@pytest.mark.parametrize("text", [
    "Excedrin Migraine: adults may take up to 8 caplets in 24 hours.",
    "For a migraine, take 2 Excedrin Migraine caplets every 6 hours.",
    "Advil PM: take 2 caplets twice a day.",
    "Advil Dual Action: up to 8 caplets a day.",
    "Excedrin Extra Strength: 2 caplets every 4 hours, up to 12 caplets a day.",
    "If pain keeps you awake, Tylenol PM can be taken as 2 caplets three times a day.",
])
def test_a_combination_product_over_its_own_caplet_limit(text):
    assert found(text, "med.max-daily-dose"), text


@pytest.mark.parametrize("text", [
    "Excedrin Migraine: take 2 caplets with water; do not take more than 2 caplets in 24 hours.",
    "Take 2 Tylenol PM caplets at bedtime.",
    "Excedrin: 2 caplets every 6 hours, no more than 8 caplets in 24 hours.",
    "Advil Dual Action: 2 caplets every 8 hours.",
    "Never take more than 2 Aleve PM caplets in a day.",
])
def test_a_combination_product_within_its_limit_is_silent(text):
    assert found(text, "med.max-daily-dose") == [], text


def test_the_combination_message_counts_in_the_pages_own_units():
    (finding,) = [f for r, _, f in run("medical", "Advil PM: take 2 caplets twice a day.") if r == "med.max-daily-dose"]
    assert "The maximum for Advil PM without a prescription is 2 caplets in 24 hours" in finding.message
    assert "4 caplets a day" in finding.message


# --- how it is given: under the tongue, into the thigh, extended-release swallowed whole -----------

@pytest.mark.parametrize("text", [
    "Nitroglycerin tablets should be swallowed whole with water.",
    "Swallow your Nitrostat tablet with a glass of water when chest pain starts.",
    "Chew the nitroglycerin tablet at the first sign of angina.",
    "Epinephrine auto-injectors should be injected into a vein.",
    "Inject the EpiPen into the buttock.",
    "For a severe allergic reaction, inject epinephrine into a vein.",
    "You can crush extended-release tablets.",
    "It is fine to crush ER tablets and mix them with applesauce.",
    "Can you crush delayed-release tablets? Yes.",
    "Extended-release capsules can be chewed to make them work faster.",
])
def test_how_a_medicine_is_given_contradicted(text):
    assert found(text, "med.administration")


@pytest.mark.parametrize("text", [
    "Place the nitroglycerin tablet under your tongue.",
    "Do not swallow or chew nitroglycerin tablets.",
    "Nitroglycerin extended-release capsules are swallowed whole.",
    "Apply the nitroglycerin patch once a day.",
    "Inject into the outer thigh.",
    "Never inject an EpiPen into a vein.",
    "In the hospital, epinephrine can be given into a vein during cardiac arrest.",
    "Do not crush extended-release tablets.",
    "Crushing extended-release tablets can release the whole dose at once.",
    "You can crush regular aspirin tablets.",
    "Ask your pharmacist whether you can crush your tablets.",
    "Swallow extended-release tablets whole.",
    "Can you crush extended-release tablets?",
])
def test_how_a_medicine_is_given_said_rightly_is_silent(text):
    assert found(text, "med.administration") == []

# --- doses counted by how often, and counts in pieces ------------------------------------------

@pytest.mark.parametrize("text,rule", [
    ("Children's paracetamol can be given up to 7 times in 24 hours when the fever returns.", "med.max-daily-dose"),
    ("You can give Children's Tylenol 8 times a day.", "med.max-daily-dose"),
    ("Acetaminophen is fine up to six times in a day.", "med.max-daily-dose"),
    ("Q: How often can I give acetaminophen? A: Up to 7 times in 24 hours.", "med.max-daily-dose"),
    ("Take Pepto-Bismol up to 10 times a day for a bad stomach.", "med.max-daily-dose"),
    ("You can use up to 40 pieces of nicotine gum a day if cravings are strong.", "med.max-daily-dose"),
    ("Chew up to 30 pieces of Nicorette gum a day.", "med.max-daily-dose"),
    ("Older teenagers and adults can take up to 180 mg of methylphenidate a day.", "med.max-daily-dose"),
    ("Methylphenidate (Ritalin) is approved for children from 3 years of age.", "med.age-limit"),
    ("Ritalin is fine for a 4-year-old.", "med.age-limit"),
    ("Teenagers aged 13 and over can be prescribed varenicline if they smoke heavily.", "med.age-limit"),
    ("Chantix is suitable for 15-year-olds who want to quit.", "med.age-limit"),
])
def test_doses_a_day_and_ages_beyond_the_label(text, rule):
    assert found(text, rule), text


@pytest.mark.parametrize("text", [
    "Give paracetamol up to 4 times in 24 hours, at least 4 hours apart.",
    "Do not give acetaminophen more than 5 times in 24 hours.",
    "Never give paracetamol more than 6 times in 24 hours.",
    "Ibuprofen can be given 3 times a day.",
    "Do not use more than 24 pieces of nicotine gum a day.",
    "Most people need 9 to 12 pieces of nicotine gum a day.",
    "Take one tablet 3 times a day.",
    "Adults usually take 10 to 60 mg of methylphenidate a day.",
    "Methylphenidate is approved for ADHD from age 6.",
    "Varenicline is not recommended for anyone 16 or younger.",
])
def test_dose_counts_and_ages_within_the_label_stay_silent(text):
    for rule in ("med.max-daily-dose", "med.age-limit"):
        assert not found(text, rule), (text, rule)



# A class with an age limit of its own, named with no product.
@pytest.mark.parametrize("text", [
    "Children's cough syrups from the pharmacy are fine for toddlers under 2.",
    "Cold medicines are safe for a 3-year-old.",
    "A cough and cold medicine is a good choice for your 18-month-old.",
    "You can give cough medicine to babies as young as 6 months.",
    "Over-the-counter cold remedies work well for toddlers.",
])
def test_a_class_said_to_suit_children_below_its_age_limit(text):
    assert found(text, "med.age-limit"), text


@pytest.mark.parametrize("text", [
    "Do not give cough and cold medicines to children under 4.",
    "Cough syrups are fine for children 12 and older.",
    "Ask a doctor before giving cold medicine to a child under 4.",
    "Cough medicine is fine for a 3-year-old if your doctor prescribes it.",
    "Honey can soothe a cough in children over 1, and cough medicines are not for toddlers.",
])
def test_a_class_age_limit_respected_or_warned_about_is_silent(text):
    assert found(text, "med.age-limit") == [], text


def test_a_product_named_with_the_class_is_judged_by_its_own_limit():
    (message,) = [f.message for r, _, f in run("medical", "Codeine cough syrup is fine for a 6-year-old.")
                  if r == "med.age-limit"]
    assert message.startswith("Codeine is not for children under 12")



# --- one self-care dose above the Drug Facts dose ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "A single dose of 1,000 mg of ibuprofen is the usual over-the-counter dose.",
    "Take 800 mg of Advil at a time for a bad headache.",
    "The usual OTC dose of naproxen is 660 mg.",
    "For fever, adults can take 1,500 mg of acetaminophen at once without a prescription.",
    "Is 600 mg of ibuprofen the normal over-the-counter dose? Yes.",
    "Some people take 550 mg of Aleve as a single dose without a prescription.",
])
def test_one_self_care_dose_above_the_label(text):
    assert found(text, "med.max-daily-dose"), text


@pytest.mark.parametrize("text", [
    "The usual over-the-counter dose of ibuprofen is 200 to 400 mg.",
    "Your doctor may prescribe 800 mg of ibuprofen at a time.",
    "Never take more than 400 mg of ibuprofen at a time without a doctor's advice.",
    "Take 1,000 mg of acetaminophen at a time, no more than 3,000 mg a day, without a prescription.",
    "A single dose of 1,000 mg of ibuprofen can cause stomach bleeding.",
    "Prescription ibuprofen comes in 800 mg tablets taken at a time.",
    "For the first dose of Aleve you may take 440 mg.",
    "Is a dose of 800 mg of ibuprofen safe without a prescription?",
])
def test_a_self_care_dose_within_the_label_or_prescribed_is_silent(text):
    assert found(text, "med.max-daily-dose") == [], text
