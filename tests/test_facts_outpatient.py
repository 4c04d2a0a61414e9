"""The outpatient fact files (heart and diabetes; hormones, urology and women's health;
stomach, lungs, allergy and skin) load with the rest of the base and say what the labels say."""

from __future__ import annotations

import pytest

from checker.knowledge import Product, load_knowledge_base


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def _p(kb, name):
    product = kb.lookup(name)
    assert product is not None, f"{name} is not in the fact base"
    return product


def _file(kb, section, entry):
    return kb.origins.get(f"{section}:{entry}")


# --- cardiometabolic.yml -------------------------------------------------------------------------

def test_cardiometabolic_classes_and_brands(kb):
    assert _file(kb, "drugs", "losartan") == "cardiometabolic.yml"
    assert kb.generic_of("Cozaar") == ("losartan",)
    assert "arb" in kb.classes_of("losartan")
    # Losartan is an ARB, so calling it an ACE inhibitor is judged wrong; lisinopril is one.
    assert kb.excluded(_p(kb, "losartan"), "ace-inhibitor")
    assert not kb.excluded(_p(kb, "lisinopril"), "ace-inhibitor")
    assert kb.excluded(_p(kb, "amlodipine"), "beta-blocker")
    assert kb.excluded(_p(kb, "metformin"), "sulfonylurea")
    assert "sulfonylurea" in kb.classes_of("glipizide")
    assert kb.excluded(_p(kb, "Januvia"), "sglt2-inhibitor")
    assert "dpp4-inhibitor" in kb.classes_of("sitagliptin")
    assert {kb.generic_of(b) for b in ("Jardiance", "Farxiga")} == {("empagliflozin",), ("dapagliflozin",)}
    for brand in ("Ozempic", "Wegovy", "Rybelsus"):
        assert kb.generic_of(brand) == ("semaglutide",)
    # Tirzepatide acts on GIP and GLP-1 receptors: calling it a GLP-1 agonist is not wrong.
    assert "glp1-agonist" in kb.classes_of("tirzepatide")
    assert kb.generic_of("Eliquis") == ("apixaban",) and kb.generic_of("Xarelto") == ("rivaroxaban",)
    assert "factor-xa-inhibitor" in kb.classes_of("apixaban")
    assert kb.excluded(_p(kb, "ticagrelor"), "anticoagulant")
    assert kb.excluded(_p(kb, "ezetimibe"), "statin")
    assert "grapefruit" in {i.with_id for i in kb.drugs["colchicine"].interactions}
    assert not kb.excluded(_p(kb, "indomethacin"), "antigout")
    # Aspirin is an NSAID and an antiplatelet; both are true.
    assert {"nsaid", "antiplatelet"} <= kb.classes_of("aspirin")


def test_cardiometabolic_limits_interactions_and_withdrawals(kb):
    metformin = kb.drugs["metformin"]
    assert metformin.max_daily.amount == 2550 and metformin.max_daily.unit == "mg"
    assert "pcos" in {w.lower() for use in metformin.not_approved_for for w in use.words}
    for statin in ("simvastatin", "lovastatin", "atorvastatin"):
        assert "grapefruit" in {i.with_id for i in kb.drugs[statin].interactions}, statin
    assert "grapefruit" not in {i.with_id for i in kb.drugs["rosuvastatin"].interactions}
    for drug in ("losartan", "lisinopril", "spironolactone"):
        assert "potassium" in {i.with_id for i in kb.drugs[drug].interactions}, drug
    warfarin = {i.with_id for i in kb.drugs["warfarin"].interactions}
    assert {"vitamin k", "nsaid", "aspirin"} <= warfarin
    assert kb.drugs["lorcaserin"].withdrawn.year == 2020 and kb.drugs["lorcaserin"].withdrawn.month == 2
    assert kb.drugs["sibutramine"].withdrawn.year == 2010
    assert kb.drugs["cerivastatin"].withdrawn.year == 2001
    assert kb.drugs["phentermine"].schedule.value == "IV"
    assert kb.tapers("metoprolol") and not kb.tapers("amlodipine")
    assert "thyroid-tumors" in kb.risks_of(_p(kb, "Wegovy"))
    assert "lower-blood-pressure" in kb.lacks_effect(_p(kb, "rosuvastatin"))
    assert "treat-type-1-diabetes" in kb.lacks_effect(_p(kb, "metformin"))
    assert "treat-type-1-diabetes" not in kb.lacks_effect(_p(kb, "insulin glargine"))


# --- endocrine-urology-women.yml ----------------------------------------------------------------

def test_thyroid_bone_and_hormone_facts(kb):
    assert _file(kb, "drugs", "levothyroxine") == "endocrine-urology-women.yml"
    assert kb.excluded(_p(kb, "levothyroxine"), "corticosteroid")
    assert kb.drugs["levothyroxine"].origin == "synthetic"
    assert kb.drugs["thyroid desiccated"].origin == "animal"
    assert kb.generic_of("Armour Thyroid") == ("thyroid desiccated",)
    assert kb.generic_of("Cytomel") == ("liothyronine",)
    assert "lose-weight" in kb.lacks_effect(_p(kb, "Synthroid"))
    assert kb.excluded(_p(kb, "levothyroxine"), "weight-loss-medicine")
    # Alendronate is a bisphosphonate, not a hormone or hormone replacement therapy.
    assert kb.excluded(_p(kb, "Fosamax"), "hormone")
    assert kb.excluded(_p(kb, "alendronate"), "menopausal-hormone-therapy")
    steps = {i.id: i.minutes for i in kb.drugs["alendronate"].administration}
    assert steps == {"full-glass-of-water": None, "stay-upright": 30, "empty-stomach": 30}
    assert kb.drugs["conjugated estrogens"].origin == "animal"
    assert "blood-clots" in kb.risks_of(_p(kb, "Yaz"))
    assert "rifampin" in {i.with_id for i in kb.drugs["ethinyl estradiol"].interactions}
    assert "end-pregnancy" in kb.lacks_effect(_p(kb, "Plan B One-Step"))
    assert not kb.is_member(_p(kb, "Slynd"), "combined-hormonal-contraceptive")
    assert kb.excluded(_p(kb, "denosumab"), "bisphosphonate")


def test_urology_facts(kb):
    assert "alpha-1-blocker" in kb.classes_of("tamsulosin")
    assert kb.excluded(_p(kb, "Flomax"), "five-alpha-reductase-inhibitor")
    assert kb.generic_of("Proscar") == ("finasteride",) and kb.generic_of("Propecia") == ("finasteride",)
    assert kb.generic_of("Avodart") == ("dutasteride",)
    assert kb.generic_of("Revatio") == ("sildenafil",)
    assert "increase-libido" in kb.lacks_effect(_p(kb, "Viagra"))
    assert "nitrate" in {i.with_id for i in kb.drugs["tadalafil"].interactions}
    assert "pde5-inhibitor" in {i.with_id for i in kb.drugs["nitroglycerin"].interactions}
    # Mirabegron and vibegron are beta-3 agonists: calling them anticholinergic is wrong,
    # though the class of anticholinergics is open (diphenhydramine is one too).
    assert kb.excluded(_p(kb, "Myrbetriq"), "anticholinergic")
    assert kb.excluded(_p(kb, "vibegron"), "anticholinergic")
    assert not kb.excluded(_p(kb, "oxybutynin"), "anticholinergic")
    assert "treat-bacterial-infection" in kb.lacks_effect(_p(kb, "Pyridium"))
    assert kb.excluded(_p(kb, "phenazopyridine"), "antibiotic")
    assert "max-duration" in {i.id for i in kb.drugs["phenazopyridine"].administration}


# --- gi-respiratory-allergy.yml ------------------------------------------------------------------

def test_stomach_and_bowel_facts(kb):
    assert _file(kb, "drugs", "omeprazole") == "gi-respiratory-allergy.yml"
    for ppi in ("omeprazole", "esomeprazole", "lansoprazole", "pantoprazole", "Dexilant"):
        assert kb.excluded(_p(kb, ppi), "h2-blocker"), ppi
        assert "ppi" in kb.product_classes(_p(kb, ppi))
    assert kb.generic_of("Prilosec") == ("omeprazole",)
    assert kb.generic_of("Zantac 360") == ("famotidine",) and kb.generic_of("Zantac") == ("ranitidine",)
    assert kb.drugs["ranitidine"].withdrawn.year == 2020
    assert "max-duration" in {i.id for i in kb.drugs["omeprazole"].administration}
    assert "omeprazole" in {i.with_id for i in kb.drugs["clopidogrel"].interactions}
    pepto = kb.drugs["bismuth subsalicylate"]
    assert pepto.min_age[0].years == 12 and "reyes-syndrome" in pepto.risks
    loperamide = kb.drugs["loperamide"]
    assert loperamide.otc_max_daily.amount == 8 and loperamide.otc_max_daily.unit == "mg"
    assert {(a.years, a.scope) for a in loperamide.min_age} == {(2.0, "all"), (6.0, "otc")}
    assert kb.generic_of("Tums") == ("calcium carbonate",)
    assert kb.generic_of("Zofran") == ("ondansetron",)


def test_allergy_cough_and_cold_facts(kb):
    for name in ("cetirizine", "loratadine", "fexofenadine"):
        assert "second-generation-antihistamine" in kb.classes_of(name)
        assert kb.excluded(_p(kb, name), "decongestant"), name
    for name in ("diphenhydramine", "chlorpheniramine", "hydroxyzine"):
        assert "first-generation-antihistamine" in kb.classes_of(name)
    assert "drowsiness" in kb.risks_of(_p(kb, "Benadryl"))
    assert kb.generic_of("Allegra") == ("fexofenadine",) and kb.generic_of("Xyzal") == ("levocetirizine",)
    assert kb.drugs["cetirizine"].otc_max_daily.amount == 10
    assert kb.drugs["pseudoephedrine"].schedule.value == "none"
    assert "max-duration" in {i.id for i in kb.drugs["oxymetazoline"].administration}
    assert kb.excluded(_p(kb, "dextromethorphan"), "decongestant")
    assert kb.drugs["promethazine"].min_age[0].years == 2
    assert set(kb.generic_of("NyQuil")) == {"acetaminophen", "dextromethorphan", "doxylamine"}


def test_breathing_and_skin_facts(kb):
    assert kb.excluded(_p(kb, "albuterol"), "corticosteroid")
    assert "saba" in kb.classes_of("albuterol")
    assert kb.excluded(_p(kb, "Spiriva"), "inhaled-corticosteroid")
    assert {"lama", "bronchodilator", "anticholinergic"} <= kb.classes_of("tiotropium")
    assert "with-ics-for-asthma" in {i.id for i in kb.drugs["salmeterol"].administration}
    assert set(kb.generic_of("Advair")) == {"fluticasone", "salmeterol"}
    assert set(kb.generic_of("Symbicort")) == {"budesonide", "formoterol"}
    assert {"inhaled-corticosteroid", "intranasal-corticosteroid"} <= kb.classes_of("fluticasone")
    assert kb.excluded(_p(kb, "montelukast"), "antihistamine")
    assert "neuropsychiatric-events" in kb.risks_of(_p(kb, "Singulair"))
    assert kb.generic_of("EpiPen") == ("epinephrine",)
    # Tacrolimus ointment is a topical calcineurin inhibitor, not a steroid, and not for babies.
    assert kb.excluded(_p(kb, "Protopic"), "corticosteroid")
    assert kb.excluded(_p(kb, "Protopic"), "topical-corticosteroid")
    assert kb.drugs["pimecrolimus"].min_age[0].years == 2
    assert "topical-corticosteroid" in kb.classes_of("hydrocortisone")
    assert "max-duration" in {i.id for i in kb.drugs["clobetasol"].administration}
    assert {"jak-inhibitor", "dmard"} <= kb.classes_of("tofacitinib")
    assert kb.excluded(_p(kb, "Xeljanz"), "biologic-dmard")
    assert "retinoid" in kb.classes_of("adapalene") and kb.generic_of("Differin") == ("adapalene",)


# --- the whole base --------------------------------------------------------------------------

def test_the_base_covers_outpatient_medicine(kb):
    assert len(kb.drugs) >= 400
    assert len(kb.classes) >= 60
    with_epc = [c for c in kb.classes.values() if c.epc]
    assert len(with_epc) >= 60


# --- open classes in class claims ------------------------------------------------------------

@pytest.mark.parametrize("text,wrong", [
    ("Alendronate is a hormone.", ["Alendronate"]),
    ("Montelukast is an antihistamine that calms allergies.", ["Montelukast"]),
    ("Mirabegron (Myrbetriq) is considered an anticholinergic, like oxybutynin.", ["Mirabegron"]),
    ("Rosuvastatin is a blood pressure medicine.", ["Rosuvastatin"]),
    ("Levothyroxine is a weight-loss drug.", ["Levothyroxine"]),
    ("Albuterol is a type of steroid that calms inflamed airways.", ["Albuterol"]),
    ("Protopic is a steroid, just a newer one.", ["Protopic"]),
    ("Estradiol is a steroid hormone.", []),
    # Open classes: medicines and classes the base does not list as members are not judged.
    ("Insulin is a hormone that moves sugar into your cells.", []),
    ("Testosterone is a hormone.", []),
    ("H2 blockers are, strictly speaking, antihistamines too.", []),
    ("Amitriptyline is an anticholinergic medicine.", []),
    ("Fish oil is sometimes called a blood thinner.", []),
])
def test_open_classes_are_judged_only_against_their_excludes(text, wrong):
    from .medfamilies import run
    found = [words for rule, words, _ in run("medical", text) if rule == "med.class-membership"]
    assert found == wrong, found


@pytest.mark.parametrize("text,flagged", [
    ("Benzonatate is not approved for children under 10.", False),
    ("Tessalon Perles are a prescription cough medicine that is not FDA-approved for children under 10.", False),
    ("Benzonatate is fine for children under 10.", True),
    ("Protopic is approved for babies under 2.", True),
    ("Give half an Imodium caplet to a toddler with diarrhea.", True),
])
def test_age_limits_of_the_outpatient_files(text, flagged):
    from .medfamilies import run
    found = [words for rule, words, _ in run("medical", text) if rule == "med.age-limit"]
    assert bool(found) == flagged, found


@pytest.mark.parametrize("text,flagged", [
    ("Salmeterol (Serevent) can be used on its own as your only daily asthma inhaler.", True),
    ("You can take salmeterol without an inhaled steroid.", True),
    ("For COPD, salmeterol can be used on its own.", False),
    ("Never use salmeterol alone for asthma; always use it with an inhaled corticosteroid.", False),
    ("Take alendronate with your morning coffee.", True),
    ("Take alendronate with a full glass of plain water.", False),
    ("You can use Afrin every day for weeks.", True),
    ("Do not use Afrin for more than 3 days.", False),
])
def test_administration_facts_of_the_outpatient_files(text, flagged):
    from .medfamilies import run
    found = [words for rule, words, _ in run("medical", text) if rule == "med.administration"]
    assert bool(found) == flagged, found
