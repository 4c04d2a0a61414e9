"""Compliance: fair balance, review metadata, claims."""

from __future__ import annotations

from datetime import date

import pytest

from checker.checks.compliance import months_before

from .helpers import check_snippet, default_settings
from .medfamilies import run

FRONT = ("---\ntitle: {title}\naudience: patient\nreviewed_by: Dr. A. Reviewer, MD\n"
         "last_reviewed: 2026-06-01\n---\n\n")


def fair(text: str, **kwargs):
    return [(w, f) for r, w, f in run("compliance", text, **kwargs) if r == "compliance.fair-balance"]


# --- fair balance --------------------------------------------------------------------------------

def test_a_page_about_nsaids_without_risks_is_an_error_listing_what_is_missing():
    page = FRONT.format(title="NSAIDs") + "# NSAIDs for back pain\n\nNSAIDs such as ibuprofen ease pain.\n"
    (words, finding), = fair(page)
    assert words == "NSAIDs" and finding.severity == "error"
    assert finding.data["missing"] == ["stomach bleeding or ulcers", "heart attack or stroke", "kidney harm"]
    assert "NSAIDs" in finding.message and "kidney" in finding.message


def test_the_finding_points_at_the_first_mention_as_a_treatment():
    page = "Acetaminophen is not an NSAID.\n\nYour doctor may prescribe naproxen (Aleve) for pain.\n"
    (words, finding), = fair(page)
    assert words == "naproxen" and finding.severity == "warning"


def test_risks_stated_anywhere_on_the_page_count():
    page = (FRONT.format(title="NSAIDs") + "# NSAIDs\n\nNSAIDs such as ibuprofen ease pain.\n\n"
            "## Risks\n\n- Stomach bleeding\n- Heart attack and stroke\n- Kidney damage\n")
    assert fair(page) == []


def test_only_the_missing_risks_are_listed():
    page = "# Opioids\n\nOpioids treat severe pain. They can cause addiction and overdose.\n"
    (_, finding), = fair(page)
    assert finding.data["missing"] == ["danger with alcohol, benzodiazepines or sleep medicines"]


@pytest.mark.parametrize("text", [
    "Acetaminophen is not an NSAID.\n",
    "Unlike NSAIDs, this cream is gentle on the stomach.\n",
    "Do not take gabapentin with opioids.\n",
    "Tell your doctor if you take opioids.\n",
])
def test_classes_named_in_passing_are_not_held_to_fair_balance(text):
    assert fair(text) == []


def test_brand_names_count_as_presenting_the_medicine():
    (words, finding), = fair("Tylenol relieves pain and fever.\n")
    assert words == "Tylenol" and finding.data["group"] == "acetaminophen"


def test_aspirin_alone_is_not_held_to_the_heart_attack_risk():
    (_, finding), = fair("Aspirin can relieve a headache.\n")
    assert "heart attack or stroke" not in finding.data["missing"]
    (_, finding), = fair("Ibuprofen can relieve a headache.\n")
    assert "heart attack or stroke" in finding.data["missing"]


def test_steroid_injections_need_an_injection_in_the_sentence():
    assert fair("Prednisone tablets treat asthma flares.\n") == []
    (words, finding), = fair("Your doctor may suggest an epidural steroid injection to ease leg pain.\n")
    assert words == "steroid" and finding.data["group"] == "corticosteroid-injection"


# --- review metadata ------------------------------------------------------------------------------

def review(text: str, path: str = "content/page.md", today=date(2026, 11, 24), **config):
    return [(r, w) for r, w, _ in run("compliance", text, path=path, today=today, **config)
            if r.startswith("review.")]


GOOD = "---\ntitle: T\naudience: patient\nreviewed_by: Dr. R, PharmD\nlast_reviewed: 2026-01-15\n---\n\n# T\n"


def test_a_complete_recent_review_passes():
    assert review(GOOD) == []


def test_each_problem_is_one_finding_on_its_front_matter_line():
    text = "---\ntitle: T\naudience: everyone\nreviewed_by: ''\nlast_reviewed: 2024-01-15\n---\n\n# T\n"
    assert sorted(review(text)) == [("review.audience", "audience: everyone"),
                                    ("review.date-stale", "last_reviewed: 2024-01-15"),
                                    ("review.reviewer-missing", "reviewed_by: ''")]


def test_missing_keys_point_at_line_one():
    text = "---\ntitle: T\n---\n\n# T\n"
    found = run("compliance", text, path="content/page.md")
    assert sorted(r for r, _, _ in found) == ["review.audience", "review.date-missing",
                                             "review.reviewer-missing"]
    assert all(f.start == 0 for _, _, f in found)


def test_invalid_and_future_dates():
    assert review(GOOD.replace("2026-01-15", "last spring")) == [
        ("review.date-invalid", "last_reviewed: last spring")]
    assert review(GOOD.replace("2026-01-15", "2026-02-30")) == [
        ("review.date-invalid", "last_reviewed: 2026-02-30")]
    assert review(GOOD.replace("2026-01-15", "2027-01-01")) == [
        ("review.date-invalid", "last_reviewed: 2027-01-01")]


def test_age_limit_is_configurable_and_counted_in_calendar_months():
    page = GOOD.replace("2026-01-15", "2025-11-24")
    assert review(page) == []                        # exactly 12 months: still fine
    assert review(GOOD.replace("2026-01-15", "2025-11-23")) == [
        ("review.date-stale", "last_reviewed: 2025-11-23")]
    assert review(GOOD, review_max_age_months=6) == [("review.date-stale", "last_reviewed: 2026-01-15")]
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)


def test_which_pages_are_publishable():
    bare = "# Notes\n\nNo front matter.\n"
    assert review(bare, path="notes/page.md") == []           # not content, no audience
    assert review(bare, path="content/page.md") != []          # under content_paths
    assert review(bare, path="site/page.md", content_paths=["site"]) != []
    # Outside the content folders nothing is required, but a review date given is judged.
    with_audience = "---\naudience: patient\n---\n\n# T\n"
    assert review(with_audience, path="x/p.md") == []
    assert "review.date-missing" in [r for r, _ in review(with_audience, path="content/p.md")]
    dated = "---\naudience: patient\nlast_reviewed: {}\n---\n\n# T\n"
    assert review(dated.format("2026-06-01"), path="x/p.md") == []
    assert [r for r, _ in review(dated.format("2023-06-01"), path="x/p.md")] == ["review.date-stale"]
    assert [r for r, _ in review(dated.format("soon"), path="x/p.md")] == ["review.date-invalid"]


def test_audience_must_be_configured():
    page = GOOD.replace("audience: patient", "audience: internal")
    assert review(page) == [("review.audience", "audience: internal")]
    assert review(page, audiences=["patient", "internal"]) == []


@pytest.mark.parametrize("written,found", [
    ("adults with migraine", False),          # plainly readers from the public: patient
    ("Parents and caregivers", False),
    ("older adults taking blood thinners", False),
    ("Pharmacists", False),                   # plainly professionals
    ("health professionals", False),
    ("everyone", True),                       # neither
    ("patients and clinicians", True),        # both: which targets apply is for the team to say
])
def test_an_audience_in_the_page_s_own_words_is_the_configured_one_it_plainly_means(written, found):
    page = GOOD.replace("audience: patient", f"audience: {written}")
    assert bool(review(page)) == found
    # Without a configured 'professional', professionals are not a known audience.
    if written == "Pharmacists":
        assert review(page, audiences=["patient"]) == [("review.audience", "audience: Pharmacists")]


def test_the_audience_in_its_own_words_chooses_the_reading_targets():
    from checker.audience import page_audience
    assert page_audience({"audience": "health professionals"}, None) == "professional"
    assert page_audience({"audience": "adults with migraine"}, None) == "patient"
    assert page_audience({"audience": "everyone"}, None) == "everyone"
    assert page_audience({}, {"audience": "professional"}) == "professional"


# --- claims ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,rule", [
    ("This medicine cures back pain.", "claims.cure"),
    ("Relief is guaranteed.", "claims.guaranteed"),
    ("This pill is 100% safe.", "claims.completely-safe"),
    ("It is completely safe for everyone.", "claims.completely-safe"),
    ("It has no side effects.", "claims.no-side-effects"),
    ("The shot is risk-free.", "claims.risk-free"),
    ("A miracle cream for sore joints.", "claims.miracle"),
    ("It is clinically proven to ease pain.", "claims.clinically-proven"),
])
def test_claims(text, rule):
    settings = default_settings(("rulepack", "compliance", "medical"))
    assert rule in [f.rule for f in check_snippet(text, settings=settings)]


@pytest.mark.parametrize("text", [
    "There is no cure for this condition, but treatment helps.",
    "No medicine is completely safe.",
    "Some people have no side effects.",
    "No treatment is risk-free.",
    "There is no guarantee that it will help.",
    "In a 2019 trial, it was clinically proven to ease pain [1].",
])
def test_honest_statements_are_not_claims(text):
    settings = default_settings(("rulepack", "compliance", "medical"))
    assert [f.rule for f in check_snippet(text, settings=settings)
            if f.rule.startswith("claims.")] == []


# --- false alarms found on the medquad corpus (our own sentences, same shapes) ----------------

@pytest.mark.parametrize("text", [
    "Ask whether the test has been proven to lower the risk of death.",
    "There is no guaranteed way to prevent it.",
    "There are no guarantees of safety in a storm, but you can prepare.",
    "Your right to see your records is guaranteed by federal law.",
    "The only way to be completely safe is to avoid the sun at noon.",
    "No single treatment works for everyone.",
    "Doctors can often cure this infection with antibiotics.",
    "Surgery usually cures the disease if it is found early.",
])
def test_corpus_shaped_statements_are_not_claims(text):
    settings = default_settings(("rulepack", "compliance", "medical"))
    assert [f.rule for f in check_snippet(text, settings=settings) if f.rule.startswith("claims.")] == []


def test_illicit_drugs_and_research_mentions_are_not_held_to_fair_balance():
    assert fair("# Heroin\n\nHeroin is an illegal opioid. Treatment helps people stop using it.\n") == []
    assert fair("Studies suggested a link between NSAIDs and a rare skin infection.\n") == []


def test_a_steroid_injection_must_be_named_together():
    text = ("Treatment may include prednisone by mouth, rest, physical therapy, and braces, and in "
            "some cases a shot of a numbing medicine into the joint.\n")
    assert [f.data["group"] for _, f in fair(text)] == []


def test_pain_relievers_as_a_category_is_not_a_treatment_cue():
    assert fair("Blood in the urine can come from medicines such as aspirin and other pain relievers.\n") == []


@pytest.mark.parametrize("text,flagged", [
    ("Removing the glands cures the disease.", False),
    ("Treatment is given to cure the cancer.", False),
    ("This supplement cures joint pain.", True),
    ("Naproxen cures arthritis.", True),
])
def test_cure_claims_are_about_medicines_and_products(text, flagged):
    assert (("claims.cure" in [r for r, _, _ in run("compliance", text)]) is flagged)


@pytest.mark.parametrize("text", [
    "This tea will cure your arthritis.",
    "Our capsules cured my migraines in a week.",
    "These drops cure dry eye.",
    "Garlic supplements cure high blood pressure.",
    "The remedy is a cure-all for aches and colds.",
    "Magnesium oil cures leg cramps.",
    "Ibuprofen cures headaches.",
])
def test_an_unqualified_cure_promise_is_an_error(text):
    found = [f.severity for r, _, f in run("compliance", text) if r == "claims.cure"]
    assert found == ["error"], (text, found)


@pytest.mark.parametrize("text", [
    "This tea will not cure your arthritis, but it is safe to drink.",
    "No supplement cures high blood pressure.",
    "Our clinic cannot promise that the pills will cure you.",
    "Ask your doctor whether these drops could cure the infection.",
    "Antibiotics usually cure strep throat when the whole course is taken.",
    "Products that claim to be a cure-all should make you suspicious.",
])
def test_qualified_or_honest_cure_statements_are_silent(text):
    assert "claims.cure" not in [r for r, _, _ in run("compliance", text)], text


# A condition about when to start or how to take the product limits nothing.
@pytest.mark.parametrize("text", [
    "Donepezil cures memory loss if you start it early enough.",
    "Memantine cures dementia when it is begun early.",
    "This herbal tea cures arthritis if you drink it every day.",
    "Levodopa cures Parkinson's disease as long as treatment starts soon enough.",
    "Our turmeric capsules cure joint pain if you take them daily.",
    "Rivastigmine patches cure Alzheimer's disease provided they are started in time.",
])
def test_a_cure_with_a_condition_of_timing_or_use_is_still_a_claim(text):
    assert "claims.cure" in [r for r, _, _ in run("compliance", text)], text


@pytest.mark.parametrize("text", [
    "Antibiotics usually cure the infection if it is found early.",
    "Surgery can cure the cancer if it is found early.",
    "Hepatitis C medicines cure most people if they take every dose.",
    "Early treatment may cure some cancers.",
    "Donepezil does not cure Alzheimer's disease, even if it is started early.",
    "There is no cure for Alzheimer's disease, but donepezil can ease symptoms if started early.",
])
def test_a_cure_limited_by_other_words_stays_silent_with_a_timing_condition(text):
    assert "claims.cure" not in [r for r, _, _ in run("compliance", text)], text


# --- fair balance: what presents a medicine, and single-medicine pages --------------------------

@pytest.mark.parametrize("text", [
    "## Aspirin\n\nAspirin given to children during a viral illness has been linked to Reye's syndrome.\n",
    "## Codeine\n\nCodeine should not be used in children under 12 because some children can stop "
    "breathing.\n",
    "Is ibuprofen an opioid? No, and it does not cause addiction.\n",
    "For more information about opioids, see our page on pain after surgery.\n",
    "Never give naproxen to a child without asking a doctor.\n",
    "Gabapentin (Neurontin) is not a controlled substance under federal law.\n",
    "## Tramadol\n\nTramadol is an opioid.\n",
])
def test_warnings_questions_cross_references_and_bare_headings_do_not_present(text):
    assert fair(text) == []


def test_one_section_of_a_page_about_several_medicines_is_a_warning():
    page = (FRONT.format(title="Fever medicines for children") + "# Fever medicines for children\n\n"
            "## Ibuprofen (Motrin, Advil)\n\nIbuprofen lowers fever and eases pain in children over "
            "6 months.\n")
    (_, finding), = fair(page)
    assert finding.severity == "warning"


def test_a_page_whose_first_heading_names_the_class_is_an_error():
    page = "# NSAIDs for back pain\n\nNaproxen relieves back pain.\n"
    (_, finding), = fair(page)
    assert finding.severity == "error"


def test_a_single_medicine_page_that_names_none_of_its_labeled_risks_is_an_error():
    page = (FRONT.format(title="Sumatriptan nasal spray") + "# Sumatriptan nasal spray\n\n"
            "Sumatriptan treats migraine attacks in adults. Use one spray as soon as the pain "
            "starts.\n")
    (words, finding), = fair(page)
    assert words == "Sumatriptan" and finding.severity == "error"
    assert "serotonin syndrome" in finding.message


def test_a_plain_text_guide_names_its_medicine_in_its_first_lines():
    page = ("CORNER PHARMACY\nSUMATRIPTAN TABLETS: A QUICK GUIDE\n\nWHAT IT IS FOR\n\n"
            "Sumatriptan treats migraine attacks in adults.\n")
    assert [f.severity for _, f in fair(page, fmt="text")] == ["error"]


@pytest.mark.parametrize("text", [
    # names one of its risks
    "# Sumatriptan\n\nSumatriptan treats migraine attacks. Get help at once for chest pain: in rare "
    "cases it can cause a heart attack.\n",
    # a comparison page is not about one medicine
    "# Sumatriptan or rizatriptan?\n\nSumatriptan treats migraine attacks.\n",
    # named but never presented as a treatment
    "# Sumatriptan\n\nSumatriptan is a triptan.\n",
])
def test_single_medicine_pages_that_are_balanced_or_not_about_treatment_are_silent(text):
    assert fair(text) == []


@pytest.mark.parametrize("text,flagged", [
    ("A course of clobetasol will clear your eczema for good.", True),
    ("In time, methotrexate will make your arthritis go away permanently.", True),
    ("Melatonin cures insomnia for good, usually within the first week.", True),
    ("This supplement gets rid of joint pain once and for all.", True),
    ("Our tea is a permanent cure for bloating.", True),
    ("Methotrexate does not make arthritis go away for good.", False),
    ("No cream can clear eczema for good.", False),
    ("Can any medicine get rid of warts for good?", False),
    ("Surgery may remove the tumor for good.", False),
    ("Claims that a product is a \"miracle cure\" should make you suspicious.", False),
    ("The FDA warns consumers about products that promise a miracle cure.", False),
    ("Some people's eczema clears up for good as they grow older.", False),
])
def test_permanent_cure_promises_without_the_word_cure(text, flagged):
    assert ("claims.cure" in [r for r, _, _ in run("compliance", text)]) is flagged


@pytest.mark.parametrize("text,flagged", [
    ("Our gummies are clinically proven to boost immunity.", True),
    ("This red yeast rice is scientifically shown to lower cholesterol.", True),
    ("Zinc has not been clinically proven to shorten colds.", False),
    ("This product has never been scientifically proven to work.", False),
    ("Garlic pills have never been clinically proven to lower blood pressure.", False),
    ("No supplement is scientifically proven to prevent dementia.", False),
    ("Is echinacea clinically proven to work?", False),
    ("Some labels say the pills are clinically proven, but there is no good evidence.", False),
    ("Myth: Herbal teas are clinically proven to detox the liver.", False),
])
def test_clinically_proven_is_read_with_its_frame(text, flagged):
    assert ("claims.clinically-proven" in [r for r, _, _ in run("compliance", text)]) is flagged


@pytest.mark.parametrize("text,flagged", [
    ("This herbal tea will cure your arthritis.", True),
    ("Our capsules cure joint pain.", True),
    ("Myth: this tea cures arthritis. Fact: nothing cures arthritis, but treatment helps.", False),
    ("Some people think garlic pills cure high blood pressure. They do not.", False),
])
def test_an_unqualified_cure_promise_must_not_be_published(text, flagged):
    # A product promised to cure is an unsupported claim: an error by the severity policy,
    # while a myth the page goes on to correct says nothing of the kind.
    cures = [f for f in check_snippet(text) if f.rule == "claims.cure"]
    assert bool(cures) is flagged
    assert all(f.severity == "error" for f in cures)


# --- the faults the trust work set out to fix, each with a page of our own --------------------
# (bench/PRECISION.md, "Each fault the trust work fixed, and its test", maps them.)

@pytest.mark.parametrize("text", [
    "The cream is clinically proven to ease itching: see [the 2020 trial by Lee](https://example.org/trial).\n",
    "The cream is clinically proven to ease itching (<a href=\"https://example.org/t\">Lee, 2020</a>).\n",
])
def test_a_citation_that_is_a_link_is_the_evidence_asked_for(text):
    assert "claims.clinically-proven" not in [r for r, _, _ in run("compliance", "# Cream\n\n" + text)]


@pytest.mark.parametrize("text,fmt", [
    ("# Cream\n\nThe cream is clinically proven to ease itching (Lee and Park, 2020, https://example.org/trial).\n",
     "markdown"),
    ("# Gel\n\nThis gel was clinically tested on 300 adults (see www.example.org/gel-study for the results).\n",
     "markdown"),
    ("<h1>Drops</h1><p>The drops are clinically proven to soothe dry eyes: Ortega, 2019, "
     "https://example.org/drops-trial.</p>\n", "html"),
    ("Scientifically proven to shorten a cold by a day (the 2021 zinc review, https://example.org/zinc).\n", "text"),
])
def test_a_citation_with_a_bare_address_is_the_evidence_asked_for(text, fmt):
    assert "claims.clinically-proven" not in [r for r, _, _ in run("compliance", text, fmt=fmt)]


@pytest.mark.parametrize("text", [
    # the address is in another sentence: the claim itself has no evidence
    "# Cream\n\nThe cream is clinically proven to ease itching. Order it at https://shop.example.org today.\n",
    "# Cream\n\nVisit https://example.org for prices.\n\nOur cream is clinically proven to work.\n",
])
def test_an_address_outside_the_claim_s_sentence_is_no_citation(text):
    assert "claims.clinically-proven" in [r for r, _, _ in run("compliance", text)]


@pytest.mark.parametrize("text", [
    "To learn how opioids treat pain after surgery, see our page on pain relief.\n",
    "Read our guide to opioids used for pain after surgery.\n",
    "Learn more about opioids prescribed after surgery.\n",
])
def test_a_line_that_points_to_another_page_presents_nothing(text):
    assert fair("# Pain after surgery\n\n" + text) == []


@pytest.mark.parametrize("text", [
    "Do not take ibuprofen or naproxen, which you may take for arthritis pain, for 7 days before the test.\n",
    "Avoid NSAIDs used for pain, such as ibuprofen, for a week before your surgery.\n",
])
def test_telling_readers_not_to_take_a_medicine_before_a_procedure_presents_nothing(text):
    assert fair("# Before your procedure\n\n" + text) == []


@pytest.mark.parametrize("text", [
    "Stop taking naproxen, a medicine used to treat arthritis pain, 7 days before the procedure.\n",
    "Your doctor may ask you to hold aspirin, which you may take for heart protection, for a week "
    "ahead of the test.\n",
    "Pause ibuprofen, used for pain and swelling, 3 days prior to oral surgery.\n",
    "Skipping your NSAID pain reliever the day before surgery lowers the chance of bleeding.\n",
])
def test_stop_taking_before_a_procedure_presents_nothing(text):
    assert fair("# Before your surgery\n\n" + text) == []


@pytest.mark.parametrize("text", [
    # stopping when the pain is gone, or easing pain before it gets worse, is no procedure
    "Ibuprofen eases back pain. Stop when the pain is gone.\n",
    "Naproxen helps back pain before it becomes severe.\n",
    "Ibuprofen and naproxen relieve pain and swelling after a sprain.\n",
])
def test_a_medicine_presented_beside_a_word_like_stop_or_before_is_still_presented(text):
    assert fair("# Back pain\n\n" + text)


@pytest.mark.parametrize("page", [
    "# A short history of the aspirin label\n\nIn the 1980s the label began to warn about "
    "Reye's syndrome in children. Later versions added a warning about stomach bleeding for "
    "people who drink alcohol.\n",
    "# How codeine got its prescription rules\n\nFor decades, cough syrup with it was sold over the "
    "counter in many countries. Rules changed as reports of misuse grew.\n",
    "# Opioids in the news\n\nThis week a state court heard a case about how the pills were sold. "
    "The ruling is due next month.\n",
    "---\ntitle: Ibuprofen packaging over the years\n---\n\nThe first bottles were glass. "
    "Child-resistant caps came later.\n",
])
def test_a_page_about_the_history_of_a_label_presents_nothing(page):
    # The title names the medicine; no sentence presents it as a treatment.
    assert fair(page) == []


@pytest.mark.parametrize("page", [
    # the title names it and a sentence presents it: still asked for its risks
    "# A short history of ibuprofen\n\nIbuprofen was first sold in 1969. Today it is used to treat "
    "pain and fever.\n",
    "# Opioids for severe pain\n\nYour doctor may prescribe opioids such as oxycodone after surgery.\n",
    "---\ntitle: Naproxen\n---\n\nNaproxen eases joint pain and swelling.\n",
])
def test_a_title_with_a_sentence_that_presents_the_medicine_is_still_asked_for_risks(page):
    assert fair(page)


@pytest.mark.parametrize("warning", [
    "Many cold medicines also contain acetaminophen, so read every label.",
    "Other products you may take, such as cold and flu remedies, can have acetaminophen in them too.",
    "Acetaminophen is also in many other products, such as cold medicines.",
])
def test_a_page_that_warns_of_other_products_with_the_same_medicine_names_that_risk(warning):
    page = f"# Acetaminophen for fever\n\nAcetaminophen eases pain and fever. {warning}\n"
    (_, finding), = fair(page)
    assert finding.data["missing"] == ["liver damage from too much"]   # the other risk only
    assert fair(page.replace("\n\n", "\n\nToo much can harm your liver. ", 1)) == []


def test_a_denied_risk_is_no_mention_of_the_risk():
    page = ("# Opioids for severe pain\n\nOpioids treat severe pain. There is no risk of addiction when "
            "you take them as prescribed. Mixing them with alcohol or sleep medicines can stop your "
            "breathing, and too much can cause an overdose.\n")
    (_, finding), = fair(page)
    assert finding.data["missing"] == ["addiction and misuse"]


@pytest.mark.parametrize("benefit", [
    "Taken every day, aspirin lowers the risk of a second stroke.",
    "Low-dose aspirin may reduce your chance of a heart attack or stroke.",
    "Aspirin helps prevent a stroke in some people with heart disease.",
    "Daily aspirin protects against heart attack in people who have had one.",
    "During recovery, aspirin lowers the risk of another stroke.",
])
def test_a_benefit_is_no_mention_of_the_risk(benefit):
    page = ("# Aspirin and other NSAIDs\n\nIbuprofen and naproxen ease joint pain. " + benefit
            + " All NSAIDs can cause stomach bleeding and kidney harm.\n")
    found = fair(page)
    assert found and "heart attack or stroke" in found[0][1].data["missing"], found


@pytest.mark.parametrize("risk", [
    # a warning that uses the same words: the harm is the medicine's, or a precaution keeps it away
    "NSAIDs can raise the risk of a heart attack or stroke.",
    "Aspirin lowers the risk of a second stroke, but other NSAIDs can raise the risk of stroke.",
    "To lower the risk of a heart attack or stroke, use the smallest dose for the shortest time.",
    "Taking the lowest dose for the shortest time lowers the risk of a heart attack or stroke.",
])
def test_a_risk_said_beside_a_benefit_still_counts(risk):
    page = ("# Aspirin and other NSAIDs\n\nIbuprofen and naproxen ease joint pain. " + risk
            + " All NSAIDs can cause stomach bleeding and kidney harm.\n")
    assert fair(page) == []


@pytest.mark.parametrize("text", [
    "Your doctor may prescribe a corticosteroid such as prednisone by mouth for a few days.\n",
    "A short course of oral steroids may help a bad asthma flare.\n",
    "Inhaled steroids are often recommended during pregnancy to control asthma.\n",
    # a shot named in the same sentence is not a steroid injection
    "Prednisone tablets may be given for a bad flare during pregnancy, and the flu shot is also advised.\n",
])
def test_steroids_by_mouth_or_in_pregnancy_are_not_asked_about_injections(text):
    assert fair("# Asthma\n\n" + text) == []
