"""Absolute and unsupported claims (checker/claims/absolute.py, phrases in rules/claims.yml):
each claim in many phrasings, and the honest sentences around it (negated, hedged, asked,
quoted, reported, Myth/Fact) that must stay silent."""

from __future__ import annotations

import pytest

from .medfamilies import run


def claims(text: str, fmt: str = "markdown") -> list[tuple[str, str]]:
    return [(rule, words) for rule, words, _ in run("medical", text, fmt=fmt)
            if rule.startswith("claims.")]


def rules(text: str, fmt: str = "markdown") -> set[str]:
    """The claim rules that flag the text, also where a fact-based rule that outranks them
    (med.denied-risk: "turmeric poses no risk to your liver") keeps the words."""
    found = set()
    for rule, _, finding in run("medical", text, fmt=fmt):
        found |= {r for r in (rule, *finding.also) if r.startswith("claims.")}
    return found


@pytest.mark.parametrize("text,rule", [
    # guarantees
    ("Our 12-week plan is guaranteed to help you lose weight.", "claims.guaranteed"),
    ("Satisfaction guaranteed, or your money back.", "claims.guaranteed"),
    ("We guarantee that your cough will stop in two days.", "claims.guaranteed"),
    ("Losartan guarantees normal blood pressure.", "claims.guaranteed"),
    ("I promise this tea will calm your nerves.", "claims.guaranteed"),
    ("With the right dose, your child's schoolwork is guaranteed to improve within a month.", "claims.guaranteed"),
    ("The right inhaler is guaranteed to stop your asthma attacks.", "claims.guaranteed"),
    # completely safe
    ("Melatonin is totally safe for children.", "claims.completely-safe"),
    ("Our cough syrup is 100 percent safe.", "claims.completely-safe"),
    ("St. John's wort is absolutely safe to take with any medicine.", "claims.completely-safe"),
    ("Iron pills are safe at any dose.", "claims.completely-safe"),
    ("Vitamin A is safe in any amount.", "claims.completely-safe"),
    ("This ointment is safe for everyone.", "claims.completely-safe"),
    ("Don't worry: sertraline is completely safe.", "claims.completely-safe"),
    # no side effects
    ("Valerian root has zero side effects.", "claims.no-side-effects"),
    ("Get better sleep without any side effects.", "claims.no-side-effects"),
    ("The patch is free from side effects.", "claims.no-side-effects"),
    ("A side-effect-free way to treat acne.", "claims.no-side-effects"),
    ("Unlike pills, our drops have no side effects at all.", "claims.no-side-effects"),
    ("Amlodipine doesn't cause any side effects.", "claims.no-side-effects"),
    ("You will have no side effects with this cream.", "claims.no-side-effects"),
    ("Cranberry pills have no side effects, so take as many as you like.", "claims.no-side-effects"),
    # risk-free
    ("Switching to our herbal blend is risk-free.", "claims.risk-free"),
    ("Laser treatment is zero-risk.", "claims.risk-free"),
    ("There is no risk at all with these drops.", "claims.risk-free"),
    ("You can take these gummies without any risk.", "claims.risk-free"),
    ("The supplement carries no risk.", "claims.risk-free"),
    # miracle
    ("Apple cider vinegar is a miracle cure for heartburn.", "claims.miracle"),
    ("Our drops work miracles on dry eyes.", "claims.miracle"),
    ("This tea is a wonder drug for colds.", "claims.miracle"),
    ("This is the magic pill you have been waiting for.", "claims.miracle"),
    # absolute effect
    ("Our nasal spray is 100% effective against allergies.", "claims.absolute-effect"),
    ("This remedy always works.", "claims.absolute-effect"),
    ("Omeprazole works every single time.", "claims.absolute-effect"),
    ("The cream never fails.", "claims.absolute-effect"),
    ("Instant relief from heartburn, guaranteed.", "claims.absolute-effect"),
    ("Enjoy permanent relief from joint pain.", "claims.absolute-effect"),
    ("This diet pill works for everyone.", "claims.absolute-effect"),
    # superiority
    ("Our joint formula works better than any prescription.", "claims.superiority"),
    ("Naproxen is stronger than any other pain reliever.", "claims.superiority"),
    ("This cream beats every other treatment for eczema.", "claims.superiority"),
    ("Metformin is the most effective diabetes medicine there is.", "claims.superiority"),
    ("It works faster than any other migraine medicine.", "claims.superiority"),
    ("Zolpidem is the best sleeping pill on the market.", "claims.superiority"),
    ("No other pain reliever works as well as our gel.", "claims.superiority"),
    ("Sertraline is the most effective antidepressant.", "claims.superiority"),
    # no harm
    ("Ibuprofen won't hurt your kidneys.", "claims.no-harm"),
    ("Acetaminophen cannot damage your liver at normal doses or above.", "claims.no-harm"),
    ("Our herbal tea can't harm you.", "claims.no-harm"),
    ("Kava is completely harmless.", "claims.completely-safe"),
    ("These sleep gummies do no harm.", "claims.no-harm"),
    ("Turmeric poses no risk to your liver.", "claims.no-harm"),
    ("This supplement will never damage your kidneys.", "claims.no-harm"),
    # more variants
    ("There's zero risk of side effects with our formula.", "claims.risk-free"),
    ("Our CBD oil works wonders for anxiety.", "claims.miracle"),
    ("Nothing works better than Advil for a headache.", "claims.superiority"),
    ("Tylenol is gentle and won't harm your liver.", "claims.no-harm"),
    ("Benadryl is completely harmless for children.", "claims.completely-safe"),
    ("Aspirin has no risks when taken daily.", "claims.risk-free"),
    ("Metformin never causes side effects.", "claims.no-side-effects"),
    ("Lisinopril is the best blood pressure medicine.", "claims.superiority"),
    ("Acetaminophen is safe for everyone, including people with liver disease.", "claims.completely-safe"),
    ("This gel relieves back pain instantly.", "claims.absolute-effect"),
])
def test_claims_in_many_phrasings(text, rule):
    assert rule in rules(text), claims(text)


@pytest.mark.parametrize("text", [
    # negation governing the phrase
    "No medicine is free of side effects.",
    "No antibiotic is free of side effects, which is one more reason to use them only when needed.",
    "There is no diabetes medicine without side effects.",
    "No pain reliever, not even acetaminophen, is completely safe.",
    "Nothing you buy at the pharmacy is 100% safe.",
    "Nothing is 100% safe.",
    "THIS PRODUCT WILL NOT GUARANTEE WEIGHT LOSS.",
    "WE WILL NOT GUARANTEE THAT YOUR PAIN WILL GO AWAY.",
    "We cannot promise that the program will work for you.",
    "There is no guarantee that your symptoms will go away.",
    "Melatonin is not a miracle cure for insomnia.",
    "Natural does not mean risk-free.",
    "Just because a product is natural doesn't mean it is completely safe.",
    "No single treatment works for everyone.",
    "No vaccine is 100% effective.",
    "None of these medicines is risk-free.",
    "It is never completely safe to mix alcohol with opioids.",
    "These medicines are sold without a prescription because they are safe enough, not because "
    "they carry no risk.",
    "No one can say that naproxen won't hurt your stomach.",
    "No medicine works better than any other for every person.",
    "Not every cream is safe at any dose.",
    # hedges and people
    "Most people have no side effects from the flu shot.",
    "Many children who take it have no side effects at all.",
    "You may have no side effects, or only mild ones.",
    "Some people report few or no side effects.",
    "The patch is usually harmless to the skin.",
    "Omeprazole often works within a day.",
    # questions, myths, facts, quotations, reported speech
    "Is ibuprofen completely safe?",
    "Can a supplement really be risk-free?",
    "Myth: Herbal remedies have no side effects.",
    "Some people believe herbal teas are completely safe.",
    "You may have heard that melatonin is a miracle pill.",
    "It is a myth that over-the-counter medicines are harmless.",
    "Ads claim the pills are 100% effective, but studies show they do little.",
    "Some websites say kava is harmless to the liver; it is not.",
    "Labels that promise \"instant relief\" are a warning sign.",
    "Be wary of any product that says it has no side effects.",
    "If a label says \"risk-free\", be suspicious.",
    "I've heard sleeping pills are \"completely safe if prescribed\".",
    "Claims like \"works every time\" are too good to be true.",
    # other senses of the words
    "Your right to your medical records is guaranteed by federal law.",
    "Your right to privacy is guaranteed.",
    "Pick the right clinic: appointments are guaranteed within a week.",
    "It can't hurt to ask your pharmacist about other options.",
    "Most moles are harmless.",
    "Skin tags are harmless growths.",
    "The dark stools are harmless and go away when you stop the medicine.",
    "Combining two medicines works better than any one medicine alone.",
    "Vaccination is the most effective way to prevent the flu.",
    "The only way to be completely safe is to avoid alcohol while taking it.",
    "There is no risk of getting the flu from the flu shot.",
    "Wash your hands every single time you change a diaper.",
    "Without risk factors, screening can start later.",
    "There is no known risk to the baby from this test.",
    "Teens are more likely than any other age group to take risks.",
    "There is no cure for Huntington disease.",
    "There is little or no risk of side effects from the nasal spray.",
    "Nothing works better than rest for a sprained ankle.",
    "Exercise works wonders for your mood.",
    "Many ads say their supplements are risk-free.",
    "Taking a statin does not guarantee you won't have a heart attack.",
    "No single medicine is the most effective for everyone.",
    "Without treatment, the condition can damage your kidneys.",
    "High blood pressure can damage your heart.",
    "Metformin is one of the most effective diabetes medicines.",
    "Vaccines are very safe, but no vaccine is completely risk-free.",
    "The test is painless and won't hurt.",
    "Start your 30-day risk-free trial of the blood pressure monitor.",
])
def test_honest_statements_stay_silent(text):
    assert claims(text) == []


def test_the_finding_points_at_the_phrase():
    (rule, words), = claims("Honestly, this tea has no side effects.")
    assert (rule, words) == ("claims.no-side-effects", "no side effects")


def test_a_list_under_a_warning_lead_in_is_not_the_pages_claim():
    page = ("# Buying supplements online\n\nBe cautious when you see phrases like these on a label:\n\n"
            "- 100% natural and risk-free\n- a miracle for joint pain\n- works every time\n\n"
            "Claims like these are a warning sign, not a reason to buy.\n")
    assert claims(page) == []


def test_a_myth_fact_box_stays_silent_and_a_plain_claim_after_it_does_not():
    page = ("# Heartburn medicines\n\n> **Myth:** Heartburn medicines have no side effects.\n\n"
            "> **Fact:** No heartburn medicine is free of side effects.\n\n"
            "Our own antacid, though, is completely safe.\n")
    assert claims(page) == [("claims.completely-safe", "completely safe")]


def test_a_promotional_page_is_flagged_rule_by_rule():
    page = ("---\ntitle: SleepWell gummies\n---\n\n# SleepWell gummies\n\n"
            "SleepWell is a miracle for restless nights. It works every time, it has zero side "
            "effects, and it won't hurt your liver. It beats every other sleep aid on the market, "
            "and results are guaranteed.\n")
    assert rules(page) == {"claims.miracle", "claims.absolute-effect", "claims.no-side-effects",
                           "claims.no-harm", "claims.superiority", "claims.guaranteed"}


def test_an_honest_page_about_the_same_medicine_is_silent():
    page = ("---\ntitle: Melatonin\n---\n\n# Melatonin\n\n"
            "Melatonin is not a miracle cure, and no supplement is completely safe. Most people "
            "have few side effects, but some feel drowsy the next day. We cannot promise that it "
            "will help you sleep. Is it risk-free for children? Ask your doctor first.\n")
    assert claims(page) == []


def test_html_pages_are_read_the_same_way():
    page = ("<html><head><title>Cold remedies</title></head><body><h1>Cold remedies</h1>"
            "<p>No cold medicine is risk-free.</p><p>Our zinc spray is risk-free.</p></body></html>")
    assert claims(page, fmt="html") == [("claims.risk-free", "risk-free")]


def test_curly_apostrophes_are_read_like_straight_ones():
    assert rules("Naproxen won’t hurt your stomach.") == {"claims.no-harm"}
    assert claims("No one can promise naproxen won’t hurt your stomach.") == []


def test_every_phrase_rule_has_its_data():
    from checker.claims.absolute import RULES, claim_data
    assert {r.id for r in claim_data().rules} == {r.id for r in RULES}


def test_no_harm_to_an_organ_none_of_the_medicines_labeled_risks_touches_is_left_to_the_fact_base():
    assert claims("Insulin will not harm your baby.") == []
    assert rules("Lisinopril won't harm your unborn baby.") == {"claims.no-harm"}
    assert rules("Kava won't damage your liver.") == {"claims.no-harm"}


def test_a_testimonial_is_the_pages_claim_and_a_quotation_it_refutes_is_not():
    assert rules('"This cream is a miracle," says Janet from Ohio.\n') == {"claims.miracle"}
    assert rules('## What our customers say\n\n- "No side effects at all!"\n') == {"claims.no-side-effects"}
    assert claims('You may see labels that say "no side effects." That is never true.\n') == []
    assert claims('Is it "completely safe"? No medicine is.\n') == []


@pytest.mark.parametrize("text,rule", [
    ("Our arnica gel has no harmful effects.", "claims.no-side-effects"),
    ("This lozenge is completely non-toxic.", "claims.no-harm"),
    ("Our turmeric capsules work better than prescription painkillers.", "claims.superiority"),
])
def test_more_variants(text, rule):
    assert rule in rules(text), claims(text)


@pytest.mark.parametrize("text", [
    "The enzyme breaks these drugs down into inactive, nontoxic compounds.",
    "Lead is not non-toxic at any level.",
    "Most people have no harmful effects from a flu shot.",
    "For some people, physical therapy works better than prescription painkillers.",
])
def test_more_honest_sentences(text):
    assert claims(text) == []


# "with no risk" is "without risk": the treatment is said to be risk-free. "No risk to your
# liver" is the noun form of "won't hurt your liver": claims.no-harm, not a named risk denied.
@pytest.mark.parametrize("text,rule", [
    ("Steroid eye drops can be used for months with no risk to your eyes.", "claims.risk-free"),
    ("You can take this supplement every day with zero risk.", "claims.risk-free"),
    ("Melatonin gummies let children sleep with no risk at bedtime.", "claims.risk-free"),
    ("Prednisolone drops: use them as long as you like, with no risks.", "claims.risk-free"),
    ("Our nasal spray can be used daily with no risk to your nose.", "claims.risk-free"),
    ("There is no risk to your kidneys from naproxen.", "claims.no-harm"),
    ("Ibuprofen poses no danger to your stomach.", "claims.no-harm"),
    ("With acetaminophen there is no risk to the liver, whatever the dose.", "claims.no-harm"),
    ("Kava carries no threat to your liver.", "claims.no-harm"),
    ("Lithium has no risk to your kidneys when you drink enough water.", "claims.no-harm"),
])
def test_no_risk_phrasings_go_to_the_rule_that_fits(text, rule):
    found = [r for r, _ in claims(text)]
    assert found and found[0] == rule, (text, found)


@pytest.mark.parametrize("text", [
    "Adults with no risk factors for heart disease do not need daily aspirin.",
    "People with no risk of exposure do not need the vaccine.",
    "No eye drop can be used for months with no risk to your eyes.",
    "Ask whether these drops can be used for months with no risk to your eyes?",
    "Few medicines carry little or no risk to the liver.",
    "Steroid eye drops used for months can raise eye pressure.",
])
def test_no_risk_honest_statements_stay_silent(text):
    assert claims(text) == [], text
