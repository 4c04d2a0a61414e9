"""Class, origin and brand claims in the phrasings and structures real pages use."""

from __future__ import annotations

import pytest

from .medfamilies import run


def hits(text: str, rule: str | None = None, **kwargs) -> list[tuple[str, str]]:
    found = [(r, words) for r, words, _ in run("medical", text, **kwargs)]
    return [(r, w) for r, w in found if rule is None or r == rule] if rule else found


MINE = ("med.class-membership", "med.false-non-membership", "med.drug-origin", "med.brand-generic-mismatch",
        "med.opiate-not-natural", "med.opioids-defined-synthetic")


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
    # the legal term under discussion
    "Tramadol is not classified as a narcotic by the DEA.",
    "In legal terms, a narcotic is any drug the DEA places under the Controlled Substances Act.",
])
def test_talking_about_the_word_narcotic_is_not_using_it(text):
    assert hits(text, "med.narcotic") == []


def test_narcotic_used_as_a_word_is_still_reported():
    assert hits("Your doctor may give you a narcotic for the pain.", "med.narcotic")


@pytest.mark.parametrize("text", [
    "The DEA placed tramadol in Schedule IV in 2014. Before that, it was not classified as a narcotic.",
    "Is tramadol a narcotic? Under federal rules it is a Schedule IV controlled substance.",
    "State law can be stricter than the national rules. In some states, codeine cough syrup counts as a narcotic.",
    "Hydrocodone is a narcotic. Since 2014 it has been a Schedule II medicine, with tighter refill rules.",
    "A narcotic, to regulators, is any drug with a high potential for misuse. That list includes some pain pills.",
])
def test_the_legal_term_discussed_across_sentences_is_not_using_it(text):
    assert hits(text, "med.narcotic") == []


@pytest.mark.parametrize("text", [
    # the sentence around is about care, not law: the word is still the vague one
    "Your doctor may prescribe a narcotic after surgery. Take it only as directed.",
    "Narcotics can make you sleepy. Do not drive until you know how they affect you.",
    # a legal word in another paragraph sets no context for this one
    "Laws on pain medicines differ by state.\n\nAsk your doctor whether you need a narcotic.",
])
def test_a_neighbouring_sentence_without_a_legal_word_leaves_narcotic_reported(text):
    assert hits(text, "med.narcotic")


@pytest.mark.parametrize("text,medicine", [
    ("Tramadol is a non-narcotic pain reliever.", "tramadol"),
    ("Codeine is a non-narcotic cough medicine.", "codeine"),
    ("Ask about a non-narcotic option such as tramadol.", "tramadol"),
    ("Ultram is a non-narcotic pain pill.", "tramadol"),
])
def test_non_narcotic_said_of_an_opioid_is_not_answered_with_non_opioid(text, medicine):
    # The medicine is an opioid: 'a non-opioid pain reliever' would make the sentence false.
    found = [f for r, _, f in run("medical", text) if r == "med.narcotic"]
    assert found and all("non-opioid" not in s.lower() for f in found for s in f.suggestions)
    assert all("is an opioid" in f.message and medicine in f.message.lower() for f in found), found


@pytest.mark.parametrize("text", [
    "Ibuprofen is a non-narcotic pain reliever.",
    "Unlike codeine, acetaminophen is a non-narcotic pain reliever.",
])
def test_non_narcotic_said_of_a_medicine_that_is_no_opioid_is_answered_with_non_opioid(text):
    found = [f for r, _, f in run("medical", text) if r == "med.narcotic"]
    assert [s for f in found for s in f.suggestions] == ["non-opioid"]


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


def test_steroid_alone_is_judged_only_when_denied():
    assert hits("Prednisone is an anti-inflammatory tablet, not a steroid.", "med.false-non-membership")
    assert hits("Hydrocortisone 1% cream is not a steroid cream.", "med.false-non-membership")
    for text in ("Estradiol is a steroid hormone.", "Ibuprofen is not a steroid.", "Prednisone, a steroid, calms swelling."):
        assert hits(text) == [], text


@pytest.mark.parametrize("text,wrong", [
    ("Ticagrelor (Brilinta), which many people take for a year after a stent, is classified as an anticoagulant.",
     "Ticagrelor"),
    ("Apixaban (Eliquis), known as a P2Y12 inhibitor, is taken twice a day.", "Apixaban"),
    ("Ibuprofen, which many people take, is an opioid.", "Ibuprofen"),
])
def test_subject_across_a_relative_clause_or_appositive(text, wrong):
    assert words(text, "med.class-membership") == [wrong]


# --- tables ----------------------------------------------------------------------------------------

MD_TABLE = """| Medicine | Brand | Type | How often |
|---|---|---|---|
| Warfarin | Jantoven | Anticoagulant (vitamin K antagonist) | Once a day |
| Apixaban | Eliquis | Vitamin K antagonist | Twice a day |
| Clopidogrel | Plavix | Antiplatelet, not an anticoagulant | Once a day |
| Sertraline | Prozac | SSRI | Once a day |
| Aspirin, low dose | Bayer | Antiplatelet (also an NSAID) | Once a day |
| Oxycodone (OxyContin, Percocet) | OxyContin | Synthetic opioid | Every 12 hours |
"""


def test_markdown_table_cells_know_their_row_and_column():
    from checker.documents import parse_text
    doc = parse_text("page.md", MD_TABLE, "markdown")
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert {(c.attrs["row"], c.attrs["column"]) for c in cells} == {(r, c) for r in range(7) for c in range(4)}
    assert len({c.attrs["table"] for c in cells}) == 1
    for cell in cells:   # positions stay exact
        start, end = cell.source_span(0, len(cell.text))
        assert doc.source[start:end] == cell.text


def test_html_table_cells_know_their_row_and_column_with_colspan_and_nested_tables():
    from checker.documents import parse_text
    page = ("<table><thead><tr><th>Medicine</th><th colspan=\"2\">Type &amp; brand</th></tr></thead>"
            "<tbody><tr><td>Amoxicillin</td><td>Penicillin</td><td>Amoxil</td></tr>"
            "<tr><td>Cephalexin</td><td><table><tr><td>inner</td></tr></table></td><td>Keflex</td></tr>"
            "</tbody></table>")
    doc = parse_text("page.html", page, "html")
    cells = {b.text: b.attrs for b in doc.blocks if b.kind == "table_cell"}
    assert (cells["Type & brand"]["row"], cells["Type & brand"]["column"]) == (0, 1)
    assert (cells["Amoxil"]["row"], cells["Amoxil"]["column"]) == (1, 2)
    assert (cells["Keflex"]["row"], cells["Keflex"]["column"]) == (2, 2)
    assert (cells["inner"]["row"], cells["inner"]["column"]) == (0, 0)
    assert cells["inner"]["table"] != cells["Keflex"]["table"]
    for block in doc.blocks:
        if block.kind == "table_cell":
            start, end = block.source_span(0, len(block.text))
            assert doc.source[start:end].replace("&amp;", "&") == block.text


def test_a_class_in_a_type_column_is_said_of_the_rows_medicine():
    found = run("medical", MD_TABLE)
    assert [(r, w) for r, w, _ in found] == [
        ("med.class-membership", "Vitamin K antagonist"),
        ("med.brand-generic-mismatch", "Prozac"),
        ("med.drug-origin", "Synthetic opioid"),
    ]
    message = next(f.message for r, _, f in found if r == "med.class-membership")
    assert "Apixaban" in message and "factor Xa" in message


def test_html_table_with_a_family_column_and_brand_names():
    page = ("<table><tr><th>Medicine</th><th>Family</th><th>Brand names</th></tr>"
            "<tr><td>Azithromycin</td><td>Penicillin</td><td>Zithromax</td></tr>"
            "<tr><td>Cephalexin</td><td>Cephalosporin</td><td>Keflex, Cipro</td></tr>"
            "<tr><td>Amoxicillin</td><td>Penicillin</td><td>Amoxil</td></tr></table>")
    assert hits(page, fmt="html") == [("med.class-membership", "Penicillin"),
                                      ("med.brand-generic-mismatch", "Cipro")]


def test_a_table_without_a_type_header_or_about_classes_is_not_judged():
    page = ("| Medicine | Notes |\n|---|---|\n| Apixaban | Not a vitamin K antagonist |\n\n"
            "| Group | Examples | Type |\n|---|---|---|\n| NSAIDs | ibuprofen | Opioid |\n")
    assert hits(page) == []


# --- headings and lead-ins ---------------------------------------------------------------------------

def test_a_heading_naming_a_class_for_the_pages_own_medicine():
    page = ("---\ntitle: Pregabalin (Lyrica)\n---\n\n# Pregabalin\n\n## How this antipsychotic works\n\n"
            "It calms overactive nerves.\n\n## Why this anticonvulsant helps\n\nIt eases nerve pain.\n")
    assert hits(page) == [("med.class-membership", "antipsychotic")]


def test_this_class_in_running_text_after_a_sentence_is_not_the_page_subject():
    page = "---\ntitle: Pregabalin\n---\n\n# Pregabalin\n\nMany people take naproxen. This NSAID can upset the stomach.\n"
    assert hits(page) == []


def test_a_lead_in_names_the_class_of_the_list_after_it():
    page = ("These are NSAIDs:\n\n- ibuprofen (Advil)\n- **acetaminophen** (Tylenol)\n- naproxen\n\n"
            "Common SSRIs include:\n\n- sertraline\n- venlafaxine\n\nSome other text.\n\n- amoxicillin\n")
    assert hits(page) == [("med.class-membership", "acetaminophen"), ("med.class-membership", "venlafaxine")]


def test_a_denied_lead_in_turns_the_list_around():
    page = "These are not opioids:\n\n- acetaminophen\n- tramadol\n"
    assert hits(page) == [("med.false-non-membership", "tramadol")]


def test_a_lead_in_list_in_plain_text_and_a_list_across_line_breaks():
    page = ("These are SSRIs:\n - sertraline (Zoloft, a common one)\n - venlafaxine (Effexor)\n\n"
            "SSRIs include fluoxetine, paroxetine and\n   bupropion.\n")
    assert hits(page, fmt="text") == [("med.class-membership", "venlafaxine"),
                                      ("med.class-membership", "bupropion")]


# --- allergy, cough and cold, asthma ----------------------------------------------------------------

@pytest.mark.parametrize("text,wrong", [
    ("Montelukast is a once-a-day antihistamine that calms allergy symptoms.", "Montelukast"),
    ("Tacrolimus ointment (Protopic) counts as a topical steroid, just a newer one.", "Tacrolimus"),
    ("Albuterol is a type of steroid that calms inflamed airways.", "Albuterol"),
    ("Tiotropium (Spiriva Respimat) is in the inhaled corticosteroid class.", "Tiotropium"),
    ("Loratadine (Claritin) is a sedating antihistamine.", "Loratadine"),
    ("Cough suppressants such as guaifenesin help.", "guaifenesin"),
    ("Cetirizine and loratadine are decongestants.", "Cetirizine"),
    ("Salmeterol, a short-acting beta agonist, works in minutes.", "Salmeterol"),
])
def test_wrong_class_in_allergy_and_asthma_medicines(text, wrong):
    assert words(text, "med.class-membership")[:1] == [wrong]


@pytest.mark.parametrize("text", [
    "Cetirizine is a non-drowsy antihistamine.",
    "Diphenhydramine is an antihistamine that causes drowsiness.",
    "Fluticasone is an inhaled steroid.",
    "Advair contains a steroid and a long-acting bronchodilator.",
    "Montelukast is not a steroid.",
    "Albuterol is a quick-relief bronchodilator.",
    "Decongestants such as pseudoephedrine can raise blood pressure.",
    "Budesonide and formoterol (Symbicort) combine an inhaled corticosteroid with a bronchodilator.",
])
def test_right_allergy_and_asthma_statements_are_silent(text):
    assert [r for r, _ in hits(text) if r in MINE] == []


# --- what NIH pages say, read rightly ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "If glucocorticoids are unsuccessful, methotrexate at low doses is often favored.",
    "Treatment may include: Corticosteroid therapy Tamoxifen Surgery Stents",
    "MedlinePlus Drugs & Supplements: Warfarin",
    "The serotonin reuptake inhibitors (clomipramine, fluoxetine and sertraline) can help.",
    "Steroids are hormones made naturally in the body.",
    "Insulin is a hormone that moves glucose into your cells.",
])
def test_reference_prose_that_is_not_a_wrong_class_claim(text):
    assert hits(text) == []


def test_narcotic_is_a_warning_not_an_error():
    (found,) = [f for r, _, f in run("medical", "Your doctor may prescribe a narcotic.") if r == "med.narcotic"]
    assert found.severity == "warning"


# --- more constructions: relative clauses, active voice, dashes, head nouns ---------------------------

@pytest.mark.parametrize("text,wrong", [
    ("Sertraline, which belongs to the SNRI family, treats depression.", "Sertraline"),
    ("Sertraline is classified by the FDA as an SNRI.", "Sertraline"),
    ("Doctors classify sertraline as an SNRI.", "sertraline"),
    ("Azithromycin is an antibiotic in the penicillin family.", "Azithromycin"),
    ("Azithromycin is an antibiotic from the penicillin group.", "Azithromycin"),
    ("Sertraline \u2014 an SNRI \u2014 treats depression.", "Sertraline"),
    ("Sertraline: an SNRI for depression", "Sertraline"),
    ("Sertraline is a medicine in the SNRI class.", "Sertraline"),
    ("Sertraline, like venlafaxine, is an SNRI.", "Sertraline"),
    ("Losartan belongs to the ACE inhibitor family.", "Losartan"),
    ("Metoprolol (Lopressor) - a calcium channel blocker - slows the heart.", "Metoprolol"),
])
def test_wrong_class_in_yet_more_constructions(text, wrong):
    assert words(text, "med.class-membership") == [wrong]


@pytest.mark.parametrize("text", [
    "Doctors do not classify sertraline as an SNRI.",
    "Fentanyl is a major drug in the opioid crisis.",
    "Naloxone is a medicine in the opioid overdose kit.",
    "Losartan belongs to the ARB family.",
    "Amoxicillin is an antibiotic in the penicillin family.",
    "Omeprazole is often used with NSAIDs.",
    "Sertraline, like other SSRIs, is well studied.",
    "Many people call Tylenol an NSAID, but it is not one.",
    "Metoprolol is a beta-blocker - a medicine that slows the heart.",
])
def test_more_constructions_stay_silent_when_right(text):
    assert [r for r, _ in hits(text) if r in MINE] == []


@pytest.mark.parametrize("text", [
    "Antidiarrheal medications such as bismuth subsalicylate (Pepto-Bismol), diphenoxylate/atropine (Lomotil), "
    "and loperamide can help.",
    "Anti-diarrheal medicines include diphenoxylate, loperamide, and codeine.",
])
def test_combination_halves_and_open_classes_on_reference_pages(text):
    assert [r for r, _ in hits(text) if r in MINE] == []


@pytest.mark.parametrize("text", [
    "Tramadol has nothing in common with opioids.",
    "Tramadol is completely different from opioids.",
    "Tramadol is a different kind of medicine from opioids.",
    "Sertraline helps. It has nothing in common with SSRIs.",
    "Tramadol is not part of the opioid family.",
])
def test_a_member_said_to_be_unrelated_to_its_class(text):
    assert hits(text, "med.false-non-membership")


@pytest.mark.parametrize("text", [
    "Tramadol is different from other opioids.",
    "Gabapentin has nothing in common with opioids.",
    "Buspirone is a different kind of medicine from benzodiazepines.",
    "Naltrexone is unrelated to opioids in how it works.",
])
def test_a_true_or_other_difference_is_silent(text):
    assert [r for r, _ in hits(text) if r in MINE] == []


def test_a_class_the_medicine_only_resembles_is_not_its_class():
    assert hits("Isotretinoin: A vitamin -like drug that slows the growth of cancer cells.") == []
    assert words("Isotretinoin: a vitamin that slows the growth of cancer cells.", "med.class-membership") \
        == ["Isotretinoin"]


@pytest.mark.parametrize("text,wrong", [
    ("Losartan belongs to a group of medicines called ARBs. It is sold as Cozaar.\n\n"
     "Losartan sits in this group alongside valsartan, irbesartan and lisinopril.", "lisinopril"),
    ("Sertraline is an SSRI.\n\nOther medicines in this class include fluoxetine, paroxetine and venlafaxine.",
     "venlafaxine"),
    ("Ibuprofen is an NSAID. Medicines in this group such as naproxen and acetaminophen can upset the stomach.",
     "acetaminophen"),
])
def test_this_group_is_the_class_named_before(text, wrong):
    assert words(text, "med.class-membership") == [wrong]


@pytest.mark.parametrize("text", [
    "Other medicines in this class include fluoxetine and venlafaxine.",
    "Sertraline is an SSRI. Other medicines in this class include fluoxetine and paroxetine.",
    "## Heart medicines\n\nOther medicines in this class include fluoxetine and venlafaxine.",
])
def test_this_group_with_nothing_named_before_or_right_members_is_silent(text):
    assert [r for r, _ in hits(text) if r in MINE] == []


def test_a_heading_that_names_a_class_heads_the_list_under_it():
    page = ("## Common NSAIDs\n\n- ibuprofen (Advil)\n- acetaminophen (Tylenol)\n\n"
            "## Non-opioid pain relievers\n\n- acetaminophen\n- tramadol\n\n"
            "## Medicines that interact with NSAIDs\n\n- warfarin\n- lisinopril\n\n"
            "## NSAIDs\n\nSome other words first.\n\n- sertraline\n")
    assert hits(page) == [("med.class-membership", "acetaminophen"), ("med.false-non-membership", "tramadol")]


@pytest.mark.parametrize("text, flagged", [
    # broad group names: open classes, judged only against the classes they exclude
    ("Atomoxetine (Strattera) is one of the stimulant medicines.", True),
    ("Guanfacine is a stimulant that works within an hour.", True),
    ("Methylphenidate and amphetamine are stimulants.", False),
    ("Pseudoephedrine is a stimulant decongestant.", False),
    ("Atomoxetine is a non-stimulant ADHD medicine.", False),
    ("As a biologic, methotrexate works by blocking one immune protein.", True),
    ("Tofacitinib is a biologic.", True),
    ("Adalimumab (Humira) is a biologic.", False),
    ("Insulin is a biologic product under federal law.", False),
    ("Cyclosporine, a DMARD, is sometimes used for rheumatoid arthritis.", False),
    ("Latanoprost, a beta blocker, is used once daily.", True),
    ("Timolol is a beta blocker eye drop.", False),
])
def test_broad_group_names_and_eye_drops(text, flagged):
    assert bool(words(text, "med.class-membership")) is flagged


def test_a_colon_lead_in_does_not_point_back_at_the_sentence_before():
    page = "Citalopram and paroxetine are also SSRIs.\n\nThese are SNRIs:\n- duloxetine\n- venlafaxine\n"
    assert not words(page, "med.class-membership", fmt="text")
    page = "Citalopram and paroxetine are also SSRIs.\n\nThese are SNRIs.\n"
    assert words(page, "med.class-membership", fmt="text")


def test_a_list_under_a_class_heading_after_a_short_intro():
    page = ("## Biologic DMARDs\n\nThese are given as an injection under the skin:\n\n"
            "- adalimumab (Humira)\n- sulfasalazine\n")
    assert words(page, "med.class-membership") == ["sulfasalazine"]
    turned = ("## Biologic DMARDs\n\nIf these do not suit you, other choices are:\n\n"
              "- adalimumab (Humira)\n- sulfasalazine\n")
    assert not words(turned, "med.class-membership")


@pytest.mark.parametrize("text, flagged", [
    ("Meclizine is an antiemetic of the 5-HT3 antagonist type.", True),
    ("Meclizine is a medicine of the 5-HT3 antagonist class.", True),
    ("Ondansetron is a medicine of the 5-HT3 antagonist class.", False),
    ("Meclizine is not a medicine of the 5-HT3 antagonist type.", False),
])
def test_of_the_class_type(text, flagged):
    assert bool(words(text, "med.class-membership")) is flagged


def test_a_class_phrase_inside_an_outer_list_ends_at_its_comma_and():
    text = "Rifampin, some seizure medicines such as carbamazepine, and St. John's wort can lower hormone levels."
    assert not words(text, "med.class-membership")
    assert words("Some seizure medicines such as carbamazepine and ibuprofen lower hormone levels.",
                 "med.class-membership")


def test_a_lead_in_with_a_short_relative_clause():
    page = ("For hay fever, these are long-acting antihistamines that cause little drowsiness:\n\n"
            "- Cetirizine (Zyrtec)\n- Montelukast (Singulair)\n")
    assert words(page, "med.class-membership") == ["Montelukast"]
    assert not words("These are medicines that are not antihistamines:\n\n- Montelukast\n",
                     "med.class-membership")


# --- "steroid" said of medicines that are surely not steroids ------------------------------------

@pytest.mark.parametrize("text,wrong", [
    ("Ibuprofen is a steroid.", "Ibuprofen"),
    ("Naproxen is a type of steroid.", "Naproxen"),
    ("Take a steroid such as naproxen for the swelling.", "naproxen"),
    ("Humira is a steroid injection.", "Humira"),
    ("Aspirin is a steroid medicine.", "Aspirin"),
    ("Meloxicam is a steroid that eases arthritis pain.", "Meloxicam"),
    ("Enbrel was a steroid shot given weekly.", "Enbrel"),
    ("Steroids such as diclofenac and prednisone calm swelling.", "diclofenac"),
    ("Sertraline is a steroid medication.", "Sertraline"),
    ("Atorvastatin, a steroid, lowers cholesterol.", "atorvastatin"),
    ("Cetirizine and other steroids ease hay fever.", "Cetirizine"),
    ("Remicade is a type of steroid given by infusion.", "Remicade"),
    ("Oxycodone is a steroid pill.", "Oxycodone"),
    ("Is celecoxib a steroid? Yes.", "celecoxib"),
])
def test_steroid_said_of_a_medicine_that_is_not_one(text, wrong):
    assert [w.lower() for w in words(text, "med.class-membership")] == [wrong.lower()]


@pytest.mark.parametrize("text", [
    "NSAIDs are non-steroidal anti-inflammatory medicines.",
    "Prednisone is a steroid.",
    "Testosterone is a steroid hormone.",
    "Steroids and NSAIDs such as ibuprofen can both upset the stomach.",
    "Is naproxen a steroid? No, it is an NSAID.",
    "Is naproxen a steroid?",
    "Unlike steroids, celecoxib does not weaken bones.",
    "Your doctor may offer a steroid shot or an NSAID such as meloxicam.",
    "Spironolactone has a steroid structure.",
    "Humira is not a steroid; it is a biologic.",
    "Take ibuprofen or a steroid such as prednisone.",
    "Atorvastatin and prednisone, a steroid, can both raise blood sugar.",
    "Is prednisone a steroid? Yes.",
])
def test_steroid_said_rightly_or_of_a_steroid_by_structure_is_silent(text):
    assert [r for r, _ in hits(text) if r in MINE] == []


def test_a_question_answered_yes_in_the_next_block_is_a_statement():
    page = "# Questions\n\n## Is sertraline a steroid?\n\nYes, it is.\n\n## Is naproxen a steroid?\n\nNo. It is an NSAID.\n"
    assert words(page, "med.class-membership") == ["sertraline"]


# --- a brand said to contain, or be made of, another medicine --------------------------------------

@pytest.mark.parametrize("text,wrong", [
    ("Adderall contains methylphenidate.", "methylphenidate"),
    ("Zoloft is made of fluoxetine.", "fluoxetine"),
    ("Ritalin contains amphetamine salts.", "amphetamine"),
    ("Lipitor is made from simvastatin.", "simvastatin"),
    ("Nexium contains omeprazole.", "omeprazole"),
    ("Coumadin has apixaban in it.", "apixaban"),
    ("Does Adderall contain methylphenidate? Yes.", "methylphenidate"),
    ("Eliquis contained rivaroxaban.", "rivaroxaban"),
    ("Percocet contains hydrocodone and acetaminophen.", "hydrocodone"),
])
def test_a_brand_said_to_contain_another_medicine(text, wrong):
    assert words(text, "med.brand-generic-mismatch") == [wrong]


@pytest.mark.parametrize("text", [
    "Adderall contains amphetamine salts.",
    "Percocet contains acetaminophen.",
    "Tylenol PM contains diphenhydramine.",
    "Sudafed contains pseudoephedrine.",
    "Zoloft does not contain fluoxetine.",
    "Does Adderall contain methylphenidate?",
    "Does Adderall contain methylphenidate? No, it contains amphetamine salts.",
    "Advil contains ibuprofen, not acetaminophen.",
    "Nexium contains esomeprazole, a close relative of omeprazole.",
    "Norco contains hydrocodone.",
    "Plavix has aspirin as a partner.",
    "Vyvanse is a form of amphetamine.",
])
def test_a_brand_said_to_contain_its_own_medicine_is_silent(text):
    assert hits(text, "med.brand-generic-mismatch") == []


def test_a_yes_that_restates_the_claim_is_judged_on_its_own_words():
    page = "# Questions\n\n**Is Enbrel a steroid shot?**\n\nYes, etanercept is a steroid shot given weekly.\n"
    assert words(page, "med.class-membership") == ["etanercept"]


# --- live and non-live vaccines ---------------------------------------------------------------------

@pytest.mark.parametrize("text,wrong", [
    ("Shingrix is a live vaccine.", "Shingrix"),
    ("Is Shingrix a live vaccine? Yes.", "Shingrix"),
    ("Live vaccines such as Shingrix and MMR should not be given in pregnancy.", "Shingrix"),
    ("FluMist is an inactivated vaccine.", "FluMist"),
    ("Zostavax was a non-live vaccine.", "Zostavax"),
    ("The flu shot is a live attenuated vaccine.", "flu shot"),
])
def test_a_vaccine_in_the_wrong_live_or_non_live_class(text, wrong):
    assert words(text, "med.class-membership") == [wrong]


@pytest.mark.parametrize("text", [
    "The nasal spray flu vaccine is a live vaccine.",
    "Zostavax was a live vaccine.",
    "Shingrix is not a live vaccine.",
    "Is Shingrix a live vaccine? No.",
    "The MMR vaccine is a live vaccine, so it is not given in pregnancy.",
    "Inactivated vaccines such as the flu shot are safe for people with weak immune systems.",
    "Shingrix is a recombinant vaccine.",
])
def test_a_vaccine_in_its_own_class_is_silent(text):
    assert [r for r, _ in hits(text) if r in MINE] == []

# --- a kind of a class, and "it" after a fronted clause -----------------------------------------

@pytest.mark.parametrize("text,rule", [
    ("Atomoxetine (Strattera) is a milder kind of stimulant that works more slowly.", "med.class-membership"),
    ("Guanfacine is a gentler type of stimulant.", "med.class-membership"),
    ("Clonidine is a weaker kind of stimulant medicine.", "med.class-membership"),
    ("Because lisdexamfetamine is a prodrug, it is not classed as a stimulant.", "med.false-non-membership"),
    ("Since Vyvanse only works once the body converts it, it isn't a stimulant.", "med.false-non-membership"),
    ("Although methylphenidate helps focus, it is not a stimulant.", "med.false-non-membership"),
    ("Because Tylenol is gentle, it is an NSAID.", "med.class-membership"),
])
def test_kinds_of_a_class_and_fronted_clauses(text, rule):
    assert words(text, rule), text


@pytest.mark.parametrize("text", [
    "Methylphenidate is a milder kind of stimulant than amphetamine.",
    "Lisdexamfetamine is a longer-acting form of stimulant.",
    "Because lisdexamfetamine is a prodrug, it is still a stimulant.",
    "Although atomoxetine treats ADHD, it is not a stimulant.",
    "Because ibuprofen and naproxen are NSAIDs, they are not opioids.",
    "Tramadol is a weaker kind of opioid.",
])
def test_true_kinds_and_fronted_clauses_stay_silent(text):
    for rule in ("med.class-membership", "med.false-non-membership"):
        assert not words(text, rule), (text, rule)


def test_a_question_answered_with_a_bare_no_denies_what_it_asks():
    page = ("# Questions\n\nIs tramadol an opioid? No.\n\nIs naproxen a steroid? No.\n\n"
            "Are NSAIDs such as ibuprofen safe? No, not for everyone.\n\n"
            "## Is oxycodone an opioid?\n\nNo, it is not.\n\nIs Shingrix a live vaccine? No.\n")
    assert words(page, "med.false-non-membership") == ["tramadol an opioid", "oxycodone an opioid"]
    assert words(page, "med.class-membership") == []

# --- origins said with a noun between ("a natural hormone extracted from ...") -----------------

@pytest.mark.parametrize("text", [
    "Warfarin is the same natural compound found in sweet clover.",
    "Warfarin comes from sweet clover.",
    "Levothyroxine is a natural hormone extracted from pig thyroid glands.",
    "Synthroid is a hormone taken from cows.",
    "Our melatonin is a herbal extract taken from valerian root.",
])
def test_origins_through_a_noun_phrase_are_judged(text):
    assert words(text, "med.drug-origin"), text


@pytest.mark.parametrize("text", [
    "Melatonin is the same natural hormone your brain makes.",
    "Levothyroxine is a man-made hormone, identical to the one your thyroid makes.",
    "Armour Thyroid is a natural hormone extracted from pig thyroid glands.",
    "Warfarin is synthetic; it was developed after dicoumarol was found in spoiled sweet clover.",
    "Morphine is found in the opium poppy.",
])
def test_true_origins_and_the_bodys_own_hormones_stay_silent(text):
    assert not words(text, "med.drug-origin"), text
