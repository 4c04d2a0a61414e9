"""The claim reader's risk and effect rules: denied risks, false effects, and fair balance
that does not count a denial as mentioning the risk."""

from __future__ import annotations

import pytest

from .helpers import check_snippet

RULES = ("med.denied-risk", "med.false-effect")


def _hits(text: str, rule: str) -> list:
    return [f for f in check_snippet(text, enable=RULES) if f.rule == rule or rule in f.also]


DENIED = [
    "Bupropion cannot cause seizures.",
    "Wellbutrin will never give you a seizure.",
    "Ambien is not habit-forming, so you can take it every night for years.",
    "Lorazepam is not habit-forming.",
    "Benzodiazepines are not addictive when used for a short time.",
    "Alprazolam won't cause withdrawal if you stop it suddenly.",
    "Hydrocodone is safe and non-habit-forming.",
    "Tramadol is a non-addictive pain reliever.",
    "When taken exactly as prescribed, oxycodone cannot slow your breathing.",
    "Morphine will not slow down your breathing.",
    "Gabapentin has no effect on your breathing.",
    "It is impossible to overdose on oxycodone.",
    "You can't overdose on tramadol.",
    "There is no risk of addiction with oxycodone.",
    "You cannot become addicted to hydrocodone if you follow the label.",
    "You won't get hooked on Percocet.",
    "Fentanyl patches are free of addiction risk.",
    "Pregabalin will not make you drowsy.",
    "Lyrica won't make you sleepy.",
    "Codeine does not cause constipation.",
    "Quetiapine (Seroquel) does not cause weight gain.",
    "Olanzapine does not affect blood sugar or cholesterol.",
    "SSRIs carry no special warning about suicidal thoughts in teenagers.",
    "Fluoxetine does not increase the risk of suicidal thoughts in teens.",
    "Sertraline, like other SSRIs, has no bleeding risk.",
    "Ibuprofen has no effect on your kidneys.",
    "Naproxen has no effect on your stomach.",
    "Naproxen doesn't raise your risk of heart attack or stroke.",
    "Celecoxib carries no risk of stomach ulcers.",
    "Taking ibuprofen with food means it will never upset your stomach.",
    "Celebrex is not bad for your heart.",
    "Naproxen is not a risk for your kidneys.",
    "Ciprofloxacin does not affect your tendons or joints.",
    "Tylenol is not harmful to your liver.",
    "Acetaminophen has no effect on the liver.",
    "Oxycodone is a strong pain reliever. It can't slow your breathing.",
    "Zolpidem helps you fall asleep. It is not habit-forming.",
    "Fact: tramadol is not addictive.",
    "Benzodiazepines such as diazepam do not cause dependence.",
    "Drowsiness is not a side effect of pregabalin.",
    "Lisinopril poses no risk to an unborn baby.",
    "Lisinopril is safe during pregnancy.",
    "Losartan is safe during pregnancy.",
    "Ibuprofen is safe for your kidneys.",
    "Lyrica is safe and does not make you drowsy.",
    "Combined pills do not raise your risk of blood clots.",
    "Glipizide doesn't cause low blood sugar, so you won't need to carry glucose tablets.",
    "Insulin cannot cause low blood sugar.",
    "Warfarin does not increase your risk of bleeding.",
    "Apixaban won't make you bleed more easily.",
    "Atorvastatin does not cause muscle pain.",
    "Semaglutide does not cause pancreatitis.",
    "Finasteride does not affect your sex drive.",
    "You don't have to worry about addiction with oxycodone.",
    "Hydrocodone has no addictive potential.",
    "Tramadol carries no risk of dependence.",
    "There's no danger of overdose with morphine.",
    "Oxycodone doesn't lead to addiction.",
    "Zolpidem won't leave you groggy the next morning.",
    "With lorazepam, there's no withdrawal when you stop.",
    "Alprazolam can be stopped at any time without withdrawal.",
    "Stopping clonazepam suddenly will not cause withdrawal.",
    "You will not develop a tolerance to oxycodone.",
    "Zolpidem has no sedating effects.",
    "Zolpidem does not impair driving the next day.",
    "Oxycodone cannot be abused.",
    "Fentanyl has no abuse potential.",
    "Ambien helps you sleep, and it won't become a habit.",
    "There is no chance of becoming dependent on Klonopin.",
    "Valium won't cause any withdrawal symptoms if you stop it.",
    "Percocet has no risk of overdose.",
    "Suboxone cannot cause respiratory depression.",
    "Lyrica doesn't make people sleepy.",
    "Aleve has no risk of stomach bleeding.",
    "Zoloft will not cause bleeding problems.",
    "Seroquel won't make you gain weight.",
    "Abilify does not cause tardive dyskinesia.",
    "Levaquin has no effect on your tendons.",
    "Jardiance never causes ketoacidosis.",
    "Xarelto does not make you bleed.",
    "Zocor won't cause muscle problems.",
    'Benadryl is non-drowsy.',
    "Diphenhydramine won't make you sleepy.",
    'Montelukast has no effect on mood, sleep or behavior.',
    'Singulair does not cause mood changes.',
    'Prednisone does not raise blood sugar.',
    "Prednisone won't weaken your bones.",
    'Omeprazole is safe to take for years with no risk of bone fractures.',
    'Metformin never causes lactic acidosis.',
    'Citalopram does not affect your heart rhythm.',
    'Lithium does not affect your thyroid.',
    'Valproate is safe during pregnancy.',
    'Isotretinoin does not cause birth defects.',
    'Warfarin is safe in pregnancy.',
    "Aspirin won't cause Reye's syndrome.",
    "Doxycycline doesn't make you sensitive to the sun.",
    'Levofloxacin does not cause tendon problems.',
    "Clindamycin won't cause diarrhea.",
    'Amoxicillin will not cause an allergic reaction.',
    'Cyclobenzaprine does not cause drowsiness.',
    'Sumatriptan has no effect on the heart.',
    'Fluoxetine will never cause suicidal thoughts.',
    'Adderall is not habit-forming.',
    'Methylphenidate is non-addictive.',
    "Ritalin won't keep you awake.",
    'Buprenorphine cannot cause an overdose.',
    'Methadone does not slow breathing.',
    'Acetaminophen is not toxic to the liver.',
    'Ibuprofen will not cause ulcers.',
    "Naproxen doesn't increase the risk of heart attacks.",
    "Insulin glargine doesn't cause hypoglycemia.",
    'Semaglutide has no risk of thyroid tumors.',
    'Empagliflozin does not cause yeast infections.',
    'Lisinopril does not cause a cough.',
    "Losartan won't raise your potassium.",
    'Spironolactone does not affect potassium levels.',
    "Furosemide won't lower your potassium.",
    'Simvastatin has no effect on your muscles.',
    "Estrogen pills don't increase the risk of blood clots.",
    'Tamsulosin will not make you dizzy.',
    'Finasteride does not cause sexual side effects.',
    'Oxybutynin does not cause dry mouth.',
]

NOT_DENIED = [
    # true statements: the medicine lacks the risk, or the base knows none
    "Ibuprofen does not cause addiction.",
    "Naloxone is not addictive.",
    "Opioid antagonists are not addictive.",
    "Naloxone does not cause addiction and cannot get you high.",
    "Acetaminophen won't hurt your stomach.",
    "Unlike ibuprofen, acetaminophen does not irritate your stomach.",
    "Tylenol, unlike Advil, won't upset your stomach.",
    "Acetaminophen does not cause stomach bleeding the way ibuprofen can.",
    "Morphine doesn't cause weight gain.",
    "Amoxicillin does not cause addiction.",
    # hedged, partial, comparative, epistemic
    "Most people who take oxycodone as prescribed do not become addicted, but some do.",
    "Most people taking pregabalin do not feel drowsy.",
    "Pregabalin does not usually cause weight gain.",
    "Zolpidem does not cause drowsiness in most people the next day.",
    "Quetiapine is not known to cause weight gain.",
    "Morphine has not been shown to cause birth defects.",
    "Pregabalin rarely causes weight gain.",
    "Celecoxib is less likely to cause stomach ulcers than naproxen.",
    "Tramadol is less addictive than oxycodone.",
    "Tramadol is not as addictive as oxycodone, but it can still lead to addiction.",
    "Buprenorphine does not slow breathing as much as other opioids.",
    "Acetaminophen will not damage your liver when taken at the recommended dose.",
    "Not all SSRIs cause weight gain.",
    # double negatives
    "Oxycodone is not without risk of addiction.",
    "No opioid is free of the risk of addiction.",
    "Never assume that oxycodone won't slow your breathing.",
    # questions, myths, quotations
    "Is zolpidem habit-forming?",
    "Can ibuprofen hurt your kidneys?",
    "Myth: Ambien is not habit-forming.",
    "Some people think oxycodone is not addictive.",
    "Many people believe that tramadol cannot cause addiction. It can.",
    "\"Oxycodone isn't addictive,\" one patient told us.",
    # advice and other statements with a negator
    "Do not drive until you know how pregabalin affects you.",
    "Don't drive if pregabalin makes you drowsy.",
    "Do not take ibuprofen if you have kidney disease.",
    "Do not take naproxen if you have kidney problems.",
    "Ibuprofen is not recommended during pregnancy.",
    "Ibuprofen is not cleared by the liver.",
    "People who do not have liver disease can take acetaminophen.",
    "Acetaminophen is safe for adults who do not have liver disease.",
    "Bupropion is not for people with a history of seizures.",
    "Do not stop taking alprazolam suddenly: you may have withdrawal.",
    "Diazepam should not be stopped without talking to your doctor, because of withdrawal.",
    "Oxycodone can slow your breathing, and the risk is not small.",
    "If pregabalin does not make you drowsy, you may drive.",
    "Naproxen won't upset your stomach as long as you take it with food.",
    "Lisinopril is not safe during pregnancy.",
    "Acetaminophen is generally considered safe during pregnancy.",
    "Acetaminophen is safe during pregnancy when your doctor says so.",
    "Ibuprofen is safe and does not cause drowsiness.",
    "Metformin does not cause low blood sugar when taken alone.",
    "Levothyroxine does not cause weight gain.",
    "Insulin will not harm your baby.",
    "Your doctor may prescribe pregabalin, which will not make everyone drowsy.",
    "Oxycodone almost never causes addiction.",
    "There is virtually no risk of addiction with hydrocodone.",
    "Ibuprofen does not cause stomach bleeding except in rare cases.",
    'Oxycodone does not work well for nerve pain.',
    'Opioids do not treat the cause of back pain.',
    'Do not take oxycodone with alcohol.',
    'Never take more acetaminophen than the label says, because it can damage your liver.',
    'Ibuprofen should not be used in the last three months of pregnancy.',
    'If you have kidney disease, ibuprofen may not be safe for you.',
    'Warfarin does not dissolve clots that have already formed.',
    'Tylenol does not contain aspirin.',
    'Naproxen does not interact with acetaminophen.',
    'Metformin does not cause weight gain, and it may help you lose a little weight.',
    'Loratadine usually does not cause drowsiness.',
    'Fexofenadine does not cause drowsiness in most people.',
    'Levothyroxine does not cause weight loss at normal doses.',
    'Pregabalin is not a controlled substance in every country.',
    'Antibiotics do not cause colds.',
    'Tramadol can cause seizures, even in people who have never had one.',
    'Opioids can cause addiction even when they are taken as prescribed, and there is no safe dose.',
    'There is no evidence that acetaminophen causes asthma.',
    'The risk of addiction is low when opioids are used for a few days after surgery.',
    'People who take oxycodone for a long time may become dependent, even if they do not misuse it.',
    'Benzodiazepines should not be stopped suddenly, because withdrawal can cause seizures.',
    'Call 911 if the person is not breathing after naloxone.',
    'Naloxone will not harm someone who has not taken opioids.',
    'Not everyone who takes an opioid becomes addicted.',
    'You are not likely to become addicted if you take opioids for a few days.',
    'Most women who take birth control pills do not get blood clots.',
    'Zolpidem is not for people who have had complex sleep behaviors.',
    'Stopping an SSRI does not usually cause severe withdrawal, but you may feel unwell.',
    "Do not give aspirin to children, because of the risk of Reye's syndrome.",
    'Insulin does not cross the placenta.',
    'There is no generic form of this drug that is free of side effects.',
    'Without treatment, high blood pressure can cause a stroke.',
    'Without insulin, people with type 1 diabetes develop ketoacidosis.',
    'Antihistamines without drowsiness are available.',
    'Unlike older antihistamines, loratadine does not make most people drowsy.',
    'Heroin is not a medicine, and there is no safe dose.',
    'If your breathing is not normal after taking morphine, call 911.',
    'Some antidepressants do not cause weight gain.',
    'Ibuprofen may not be right for people with stomach ulcers.',
    'No one should drive after taking zolpidem.',
    "Claritin won't make you drowsy.",
    'Loratadine is a non-drowsy antihistamine.',
    'Atomoxetine is not addictive.',
]


@pytest.mark.parametrize("text", DENIED)
def test_denied_risk_is_flagged(text):
    assert _hits(text, "med.denied-risk"), text


@pytest.mark.parametrize("text", NOT_DENIED)
def test_true_or_unasserted_statement_is_silent(text):
    found = _hits(text, "med.denied-risk")
    assert not found, f"{text!r}: {found[0].message}"


@pytest.mark.parametrize("text", [
    "Naproxen won't hurt your stomach.",
    "Acetaminophen can't hurt your child's liver.",
    "Ibuprofen won't hurt your kidneys.",
    "Acetaminophen will not damage your liver.",
])
def test_cannot_hurt_is_left_to_claims_no_harm(text):
    findings = check_snippet(text, enable=RULES + ("claims.no-harm",))
    assert [f.rule for f in findings if f.rule in RULES + ("claims.no-harm",)] == ["claims.no-harm"]


@pytest.mark.parametrize("text", [
    "There is no risk to your liver from acetaminophen.",
    "Ibuprofen poses no danger to your kidneys.",
    "With naproxen there is no risk to the stomach.",
])
def test_no_risk_to_an_organ_is_left_to_claims_no_harm(text):
    findings = check_snippet(text, enable=RULES + ("claims.no-harm",))
    assert [f.rule for f in findings if f.rule in RULES + ("claims.no-harm",)] == ["claims.no-harm"]


def test_no_danger_to_a_person_is_still_a_denied_risk():
    assert _hits("Methotrexate carries no risk to an unborn baby.", "med.denied-risk")


# Permission where the label warns: the boxed warning on smoking with combined hormonal
# contraceptives, in many phrasings.
@pytest.mark.parametrize("text", [
    "Smoking is fine with the combined pill at any age.",
    "It is safe to smoke while you take Yaz.",
    "Smokers are perfectly fine on the combined pill.",
    "It's okay to keep smoking on a combined oral contraceptive.",
    "The combined pill is safe for smokers over 35.",
    "Cigarette smoking is allowed with Sprintec.",
    "Smoking is not a problem with NuvaRing.",
])
def test_smoking_said_to_be_fine_with_a_combined_contraceptive(text):
    assert _hits(text, "med.denied-risk"), text


@pytest.mark.parametrize("text", [
    "Smoking is fine with the minipill.",
    "Smoking is fine with the combined pill only if you are under 35.",
    "If you smoke and are over 35, the combined pill is not safe for you.",
    "Women who smoke should not use the combined pill after 35.",
    "The combined pill is a good choice for non-smokers.",
    "Is it okay to smoke on the combined pill?",
    "The combined pill is not safe for smokers over 35.",
    "It is fine to take Yaz with food.",
    "Smoking raises the risk of blood clots with the combined pill.",
])
def test_smoking_statements_that_warn_or_limit_are_silent(text):
    assert not _hits(text, "med.denied-risk"), text


def test_no_risk_to_the_unborn_baby_is_one_finding():
    findings = check_snippet("Lisinopril poses no risk to an unborn baby.", enable=RULES + ("claims.no-harm",))
    found = [f for f in findings if f.rule in RULES + ("claims.no-harm",)]
    assert [f.rule for f in found] == ["med.denied-risk"] and "claims.no-harm" in found[0].also


@pytest.mark.parametrize("text", [
    "Topiramate will not harm an unborn baby, so there is no need to review it before a pregnancy.",
    "Warfarin won't harm your unborn baby.",
    "Isotretinoin cannot harm the unborn baby if you stop a week before.",
    "Lisinopril will never harm an unborn baby.",
    "Is Depakote safe in pregnancy? Yes, Depakote will not harm an unborn baby.",
])
def test_will_not_harm_an_unborn_baby_is_the_medicines_own_risk_denied(text):
    findings = check_snippet(text, enable=RULES + ("claims.no-harm",))
    assert [f.rule for f in findings if f.rule in RULES + ("claims.no-harm",)] == ["med.denied-risk"], text


@pytest.mark.parametrize("text", [
    "Insulin will not harm your unborn baby.",
    "Topiramate can harm an unborn baby: talk to your doctor before trying for a pregnancy.",
    "Does warfarin harm an unborn baby? It can, so it is not used in pregnancy.",
    "Levothyroxine will not harm an unborn baby and the dose often goes up in pregnancy.",
    "Topiramate may harm an unborn baby.",
])
def test_pregnancy_statements_that_are_true_stay_silent(text):
    assert not _hits(text, "med.denied-risk"), text


@pytest.mark.parametrize("text", [
    "Unlike warfarin, apixaban carries no bleeding risk, so falls are nothing to worry about.",
    "Unlike aspirin, rivaroxaban has no bleeding risk.",
    "ADHD medicines do not affect how tall your child grows.",
    "Ritalin does not stunt growth.",
    "Your ADHD medication will not stunt your child's growth.",
    "Methylphenidate has no effect on height.",
    "You can stop Prolia at any time without any effect on your bones.",
    "Stopping denosumab has no effect on your bones.",
])
def test_fronted_contrasts_growth_and_stopping_denials(text):
    assert _hits(text, "med.denied-risk"), text


@pytest.mark.parametrize("text", [
    "Unlike apixaban, warfarin needs regular INR checks.",
    "Unlike warfarin, apixaban has a lower bleeding risk.",
    "ADHD medicines can slow growth, so your doctor checks height and weight.",
    "Stimulants rarely affect growth much.",
    "Guanfacine does not affect growth.",
    "Prolia strengthens bones and cuts the chance of a broken hip.",
])
def test_contrasts_growth_and_stopping_that_are_true_stay_silent(text):
    assert not _hits(text, "med.denied-risk"), text


def test_finding_points_at_the_denial_and_names_the_source():
    text = "Pregabalin will not make you drowsy."
    [finding] = _hits(text, "med.denied-risk")
    assert text[finding.start:finding.end] == "not make you drowsy"
    assert "drowsiness" in finding.message and "Lyrica" in finding.message


def test_class_denial_names_the_class_as_written():
    [finding] = _hits("SSRIs carry no special warning about suicidal thoughts.", "med.denied-risk")
    assert finding.message.startswith("SSRIs can cause suicidal thoughts")


def test_denied_addiction_of_an_opioid_is_one_finding():
    findings = [f for f in check_snippet("Tramadol is not addictive when taken as prescribed.",
                                         enable=RULES + ("med.opioids-not-addictive",))
                if f.rule.startswith("med.")]
    assert [f.rule for f in findings] == ["med.denied-risk"]
    assert "med.opioids-not-addictive" in findings[0].also


def test_it_at_a_paragraphs_start_points_to_the_paragraph_before():
    assert _hits("Oxycodone is a strong opioid.\n\nIt cannot slow your breathing.\n", "med.denied-risk")
    assert not _hits("Acetaminophen eases pain.\n\nIt does not cause stomach bleeding.\n", "med.denied-risk")


def test_it_points_back_to_the_page_subject():
    page = ("---\ntitle: Oxycodone\n---\n\n# Oxycodone\n\nTake it with food.\n\n"
            "This medicine cannot slow your breathing.\n")
    assert _hits(page, "med.denied-risk")


FALSE = [
    "Antibiotics will bring a temperature down faster when your child has a cold.",
    "Amoxicillin will get rid of your child's cold.",
    "Antibiotics help you recover faster if you have the flu.",
    "Amoxicillin works well when kids catch a cold.",
    "Antibiotics cure colds.",
    "Antibiotics help you get over the flu.",
    "Azithromycin will help you shake off the flu faster.",
    "Amoxicillin treats the common cold.",
    "Ask your doctor for amoxicillin for your cold.",
    "If the cold lingers, ask for a course of amoxicillin to knock it out.",
    "Penicillin can also fight viral infections.",
    "Ciprofloxacin kills viruses.",
    "Acetaminophen also reduces swelling, so it's a good pick for a sprained ankle.",
    "Tylenol helps bring down swelling in your knee.",
    "Tamiflu can also shorten an ordinary head cold.",
    "Oseltamivir treats colds as well as the flu.",
    "Naloxone relieves pain.",
    "If you are already pregnant, Plan B One-Step will end the pregnancy.",
    "Plan B is an abortion pill.",
    "Emergency contraception ends a pregnancy that has already started.",
    "Levothyroxine can help you lose weight.",
    "Synthroid is a good way to lose weight.",
    "Viagra increases your sex drive.",
    "Sildenafil boosts your libido.",
    "Phenazopyridine kills the bacteria that cause your infection.",
    "Phenazopyridine is a good way to treat a UTI.",
    "Rosuvastatin lowers cholesterol and also treats high blood pressure.",
    "Metformin can replace insulin for people with type 1 diabetes.",
    "Birth control pills protect you from STIs.",
    "Amoxicillin is also used for colds.",
    "Antibiotics kill cold viruses.",
    "Amoxicillin works against the flu.",
    "Zithromax clears up colds in a few days.",
    "A Z-Pak will help your cold go away faster.",
    "Cipro treats viral infections.",
    "Tamiflu prevents colds.",
    "Synthroid helps with weight loss.",
    "Plan B can cause an abortion.",
    "Cialis boosts sex drive.",
    "Pyridium cures bladder infections.",
    "Metformin can be used for type 1 diabetes instead of insulin.",
    "Crestor lowers blood pressure.",
    "Take an antibiotic to get over a cold faster.",
    "Antibiotics are the best medicine for the flu.",
    "Amoxicillin will clear up your cold in a few days.",
    "Antibiotics speed up recovery from the flu.",
    "Your doctor can prescribe antibiotics for a cold.",
]

NOT_FALSE = [
    "Antibiotics help when your child has an ear infection.",
    "Antibiotics do not help when your child has a cold.",
    "Paracetamol brings a temperature down when your child has a cold.",
    "Do not give antibiotics when your child has a cold.",
    "Antibiotics are not needed when your child has a cold.",
    "Antibiotics do not work against colds or the flu.",
    "Antibiotics won't help a cold.",
    "Antibiotics treat bacterial infections, not viral infections such as colds.",
    "Antibiotics treat infections caused by bacteria, not viruses.",
    "Antibiotics kill bacteria, not viruses.",
    "Amoxicillin treats strep throat.",
    "Tamiflu treats the flu.",
    "Oseltamivir can shorten the flu by about a day.",
    "Will antibiotics help my cold?",
    "Myth: antibiotics cure colds.",
    "Ibuprofen reduces pain and swelling.",
    "Acetaminophen relieves pain and brings down fever, but it does little to reduce swelling.",
    "Acetaminophen eases pain but does not reduce swelling.",
    "If a cold turns into a sinus infection, your doctor may give you an antibiotic to treat it.",
    "Using antibiotics for colds leads to antibiotic resistance.",
    "Antibiotics are rarely needed for a cold.",
    "Colds are caused by viruses, so amoxicillin will not help.",
    "Your doctor may prescribe an antibiotic if a bacterial infection follows the flu.",
    "Plan B does not end a pregnancy.",
    "Plan B is not an abortion pill.",
    "Levothyroxine is not a weight-loss drug.",
    "Sildenafil does not increase sexual desire.",
    "Pyridium eases the burning, but it does not treat the infection.",
    "Condoms protect against STIs, but birth control pills do not.",
    "Tamiflu is for the flu, not for colds.",
    "Acetaminophen is in many cold medicines.",
    "Metformin treats type 2 diabetes.",
    "If you have viral pneumonia, your doctor may prescribe an antiviral medicine to treat it.",
    "Semaglutide can help you lose weight.",
    "Doctors no longer prescribe antibiotics for colds.",
    "Antibiotics for colds and flu are not needed.",
    "Antibiotics can't cure a cold, but they can treat strep throat.",
    "Some people take antibiotics for colds, which does not help.",
    "It also treats colds.",
    "Antibiotics won't shorten a cold.",
]


@pytest.mark.parametrize("text", FALSE)
def test_false_effect_is_flagged(text):
    assert _hits(text, "med.false-effect"), text


@pytest.mark.parametrize("text", NOT_FALSE)
def test_true_or_negated_effect_is_silent(text):
    found = _hits(text, "med.false-effect")
    assert not found, f"{text!r}: {found[0].message}"


def test_false_effect_outranks_the_acetaminophen_rule():
    findings = [f for f in check_snippet("Acetaminophen reduces swelling.",
                                         enable=RULES + ("med.acetaminophen-swelling",))
                if f.rule.startswith("med.")]
    assert [f.rule for f in findings] == ["med.false-effect"]


# --- fair balance reads denials as no mention -----------------------------------------------

_PAGE = ("---\ntitle: Oxycodone\naudience: patient\nreviewed_by: Dr. A. Reviewer\n"
         "last_reviewed: 2026-06-01\n---\n\n# Oxycodone\n\nOxycodone treats severe pain.\n\n{}\n")


def _fair_balance(text: str) -> list:
    return [f for f in check_snippet(_PAGE.format(text), enable=("compliance.fair-balance",))
            if f.rule == "compliance.fair-balance"]


def test_fair_balance_does_not_count_a_denied_risk():
    said = "It can cause overdose and slowed breathing, and constipation. It can make you drowsy."
    [finding] = _fair_balance(said + " It is not addictive.")
    assert "addiction" in finding.message


def test_fair_balance_counts_a_stated_risk():
    said = ("It can cause overdose and slowed breathing, and constipation. It can make you drowsy. "
            "It can lead to addiction, and it is dangerous with alcohol or benzodiazepines.")
    assert not [f for f in _fair_balance(said) if "addiction" in f.message]


def test_text_without_denials_blanks_only_the_denied_words():
    from checker.claims.risks import text_without_denials
    from checker.documents import parse_text
    from checker.engine import page_context

    from .helpers import default_settings
    doc = parse_text("x.md", "Tramadol is not addictive. Tramadol can cause seizures.\n")
    ctx = page_context(doc, default_settings())
    block = next(b for b in doc.blocks if b.text)
    text = text_without_denials(doc, ctx, block)
    assert "addictive" not in text and "seizures" in text and len(text) == len(block.text)


# --- tables and fragments ------------------------------------------------------------------------

def test_no_under_a_risk_column_denies_it_for_the_rows_medicine():
    page = ("# Sleep medicines\n\n| Medicine | Habit-forming? | Causes drowsiness |\n|---|---|---|\n"
            "| Zolpidem | No | Yes |\n| Melatonin | No | Sometimes |\n")
    assert [f.line for f in _hits(page, "med.denied-risk")] == [5]
    html = ("<html><body><h1>Allergy</h1><table><tr><th>Medicine</th><th>Makes you drowsy?</th></tr>"
            "<tr><td>Diphenhydramine (Benadryl)</td><td>No</td></tr><tr><td>Loratadine</td><td>No</td></tr>"
            "</table></body></html>")
    found = [f for f in check_snippet(html, fmt="html", enable=RULES) if f.rule == "med.denied-risk"]
    assert len(found) == 1 and "Diphenhydramine" in found[0].message


def test_a_cell_under_a_myth_column_is_silent():
    page = ("# Opioid myths\n\n| Myth | Fact |\n|---|---|\n"
            "| Oxycodone is not addictive. | Oxycodone can cause addiction. |\n")
    assert not _hits(page, "med.denied-risk")


def test_a_cell_fragment_is_said_of_the_rows_medicine():
    page = ("# Pain\n\n| Medicine | Notes |\n|---|---|\n"
            "| Oxycodone | Not habit-forming when taken as prescribed. |\n")
    assert _hits(page, "med.denied-risk")


def test_list_fragments_are_said_of_the_page_medicine():
    page = ("---\ntitle: Zolpidem (Ambien)\n---\n\n# Zolpidem (Ambien)\n\n## Benefits\n\n"
            "- Works fast\n- Not habit-forming\n- No next-day drowsiness\n")
    assert [f.line for f in _hits(page, "med.denied-risk")] == [10, 11]
    calm = ("---\ntitle: Zolpidem (Ambien)\n---\n\n# Zolpidem (Ambien)\n\n## When to call\n\n"
            "- Not breathing normally\n- No improvement after two weeks\n")
    assert not _hits(calm, "med.denied-risk")
    assert not _hits("---\ntitle: Loratadine\n---\n\n# Loratadine\n\n- Non-drowsy\n", "med.denied-risk")


@pytest.mark.parametrize("text, flagged", [
    ("Alprazolam cannot cause an overdose.", True),
    ("Zolpidem cannot slow your breathing.", True),
    ("Phenobarbital cannot cause an overdose.", True),
    ("Lorazepam does not cause physical dependence.", True),
    ("Pregabalin does not cause physical dependence.", True),
    ("Methylphenidate is not habit-forming, even at high doses.", True),
    ("Spravato is not habit-forming.", True),
    ("Lorazepam can cause an overdose when mixed with alcohol.", False),
    ("Buspirone is not habit-forming.", False),
    ("Atomoxetine is not a controlled substance and is not habit-forming.", False),
])
def test_denied_risks_of_sedatives_stimulants_and_gabapentinoids(text, flagged):
    assert bool(_hits(text, "med.denied-risk")) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("Allopurinol never causes skin rashes.", True),
    ("Because it is only a partial agonist, buprenorphine can't cause an overdose.", True),
    ("Isotretinoin is safe to take during pregnancy.", True),
    ("Buprenorphine rarely causes an overdose when taken alone.", False),
])
def test_more_denials(text, flagged):
    assert bool(_hits(text, "med.denied-risk")) is flagged


# --- a risk denied for breastfeeding mothers ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Codeine is safe for breastfeeding mothers.",
    "Tramadol is safe to take while breastfeeding.",
    "Tylenol with Codeine is fine while you are nursing.",
    "Codeine is fine while nursing.",
    "Is codeine safe while breastfeeding? Yes.",
    "Ultram is okay for nursing mothers.",
])
def test_a_risk_to_a_breastfed_baby_denied(text):
    assert _hits(text, "med.denied-risk")


@pytest.mark.parametrize("text", [
    "Codeine is not recommended while breastfeeding.",
    "Ibuprofen is safe for breastfeeding mothers.",
    "Is codeine safe while breastfeeding?",
    "Tramadol is not safe for breastfeeding mothers.",
    "Do not take codeine while breastfeeding.",
    "Acetaminophen is safe while breastfeeding.",
    "Ibuprofen is fine for your stomach.",
    "Oxycodone is fine for pain but can be addictive.",
])
def test_breastfeeding_statements_that_are_right_are_silent(text):
    assert _hits(text, "med.denied-risk") == []


# --- what a non-live vaccine cannot hold or cause ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "The flu shot contains live virus that can give you the flu.",
    "The flu shot can give you the flu.",
    "Fluzone is made from live virus.",
    "Shingrix contains the live shingles virus.",
    "Flu shots cause the flu in some people.",
    "Shingrix can give you shingles.",
])
def test_a_non_live_vaccine_said_to_hold_live_virus_or_cause_the_infection(text):
    assert _hits(text, "med.false-effect")


@pytest.mark.parametrize("text", [
    "The flu shot cannot give you the flu.",
    "The flu shot does not contain live virus.",
    "FluMist contains live, weakened flu viruses.",
    "The nasal spray flu vaccine contains live virus.",
    "The flu shot can cause mild flu-like symptoms for a day or two.",
    "Get a flu shot every year.",
    "Can the flu shot give you the flu?",
])
def test_what_vaccines_hold_said_rightly_is_silent(text):
    assert _hits(text, "med.false-effect") == []


# --- effects stated backwards: potassium, how fast antidepressants work ------------------------------

@pytest.mark.parametrize("text", [
    "Spironolactone lowers potassium levels.",
    "Lisinopril can cause low potassium.",
    "Eplerenone depletes potassium, so eat bananas.",
    "Losartan makes you lose potassium.",
    "Does spironolactone lower potassium? Yes.",
    "Fluoxetine starts working within a day or two.",
    "Sertraline works right away for anxiety.",
    "Duloxetine kicks in immediately.",
    "Amitriptyline works overnight for depression.",
    "Lexapro starts working within 24 hours.",
])
def test_an_effect_stated_backwards(text):
    assert _hits(text, "med.false-effect")


@pytest.mark.parametrize("text", [
    "Spironolactone can raise potassium.",
    "Hydrochlorothiazide lowers potassium levels.",
    "Spironolactone does not lower potassium; it can raise it.",
    "Furosemide can cause low potassium, so your doctor may add spironolactone.",
    "Hyzaar lowers blood pressure.",
    "Fluoxetine can take 4 to 6 weeks to work.",
    "Fluoxetine does not work right away.",
    "Sertraline does not start working immediately.",
    "Ibuprofen works within an hour.",
    "Esketamine can work within hours.",
])
def test_the_effect_stated_the_right_way_round_is_silent(text):
    assert _hits(text, "med.false-effect") == []


# --- serious side effects denied of a medicine with serious risks -------------------------------------

@pytest.mark.parametrize("text", [
    "Montelukast has no serious side effects.",
    "Singulair does not cause any serious side effects.",
    "Oxycodone has no dangerous side effects when you follow the label.",
    "Levofloxacin is free of serious side effects.",
    "Sertraline carries no serious risks.",
])
def test_serious_side_effects_denied(text):
    assert _hits(text, "med.denied-risk")


@pytest.mark.parametrize("text", [
    "Montelukast can cause serious side effects, including mood and behavior changes.",
    "Most people who take montelukast have no serious side effects.",
    "Montelukast rarely causes serious side effects.",
    "Call your doctor right away if you have serious side effects from montelukast.",
    "Montelukast is not a steroid and has no steroid side effects.",
    "Cetirizine has no serious side effects.",
    "Does montelukast have serious side effects?",
])
def test_serious_side_effects_said_rightly_or_of_a_medicine_without_them_is_silent(text):
    assert _hits(text, "med.denied-risk") == []
