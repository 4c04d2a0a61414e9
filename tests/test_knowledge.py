"""The fact base: data in rules/facts/*.yml, validated at load, fast read-only look-ups."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import yaml

from checker.knowledge import KnowledgeError, default_paths, load_knowledge_base
from checker.resources import rules_dir

REQUIRED = {  # RULE-SOURCES section 3: every drug listed there, by class
    "opioid": "morphine codeine opium oxycodone hydrocodone hydromorphone oxymorphone buprenorphine "
              "heroin fentanyl methadone meperidine tramadol tapentadol",
    "nsaid": "ibuprofen naproxen ketoprofen diclofenac indomethacin etodolac ketorolac meloxicam "
             "piroxicam nabumetone celecoxib aspirin diflunisal salsalate",
    "muscle-relaxant": "cyclobenzaprine methocarbamol carisoprodol chlorzoxazone orphenadrine "
                       "metaxalone tizanidine baclofen dantrolene",
    "anticonvulsant": "gabapentin pregabalin carbamazepine oxcarbazepine topiramate",
    "antidepressant": "duloxetine venlafaxine milnacipran amitriptyline nortriptyline",
    "corticosteroid": "methylprednisolone prednisone dexamethasone triamcinolone betamethasone hydrocortisone",
    "local-anesthetic": "lidocaine bupivacaine ropivacaine",
    "antipsychotic": "haloperidol chlorpromazine prochlorperazine quetiapine olanzapine risperidone",
    "benzodiazepine": "diazepam lorazepam alprazolam clonazepam",
    "opioid-antagonist": "naloxone naltrexone",
}
BRANDS = {"Advil": "ibuprofen", "Motrin": "ibuprofen", "Aleve": "naproxen", "Tylenol": "acetaminophen",
          "Neurontin": "gabapentin", "Lyrica": "pregabalin", "Flexeril": "cyclobenzaprine",
          "Robaxin": "methocarbamol", "Zanaflex": "tizanidine", "Celebrex": "celecoxib",
          "Cymbalta": "duloxetine", "OxyContin": "oxycodone", "Ultram": "tramadol",
          "Medrol": "methylprednisolone"}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.mark.parametrize("cls", sorted(REQUIRED))
def test_every_drug_of_the_rule_sources_is_in_its_class(kb, cls):
    for name in REQUIRED[cls].split():
        assert cls in kb.classes_of(name), f"{name} should be in {cls}"


def test_acetaminophen_is_not_an_nsaid_and_origins_are_recorded(kb):
    assert "nsaid" not in kb.classes_of("acetaminophen")
    assert "anti-inflammatory" not in kb.classes_of("acetaminophen")
    origins = {name: kb.drugs[name].origin for name in ("morphine", "oxycodone", "fentanyl", "tramadol")}
    assert origins == {"morphine": "natural", "oxycodone": "semi-synthetic", "fentanyl": "synthetic",
                       "tramadol": "synthetic"}
    assert "opiate" in kb.classes_of("codeine") and "opiate" not in kb.classes_of("oxycodone")


def test_brand_names_map_to_generics(kb):
    for brand, generic in BRANDS.items():
        assert kb.generic_of(brand) == (generic,)
        assert kb.generic_of(brand.lower()) == (generic,)
    assert set(kb.generic_of("Percocet")) == {"oxycodone", "acetaminophen"}
    assert set(kb.generic_of("Vicodin")) == {"hydrocodone", "acetaminophen"}
    assert set(kb.generic_of("Norco")) == {"hydrocodone", "acetaminophen"}
    assert kb.generic_of("paracetamol") == ("acetaminophen",)


def test_case_sensitive_brand_names(kb):
    assert kb.generic_of("Soma") == ("carisoprodol",)
    assert kb.generic_of("soma") == ()


@pytest.mark.parametrize("name,cls", [
    ("NSAID", "nsaid"), ("NSAIDs", "nsaid"), ("nsaids", "nsaid"), ("NSAID's", "nsaid"),
    ("nonsteroidal anti-inflammatory drugs", "nsaid"), ("Non-steroidal anti-inflammatory drug", "nsaid"),
    ("opioid pain relievers", "opioid"), ("Opioids", "opioid"), ("opiates", "opiate"),
    ("anti-seizure medicines", "anticonvulsant"), ("neuroleptics", "antipsychotic"),
    ("muscle relaxers", "muscle-relaxant"), ("anti-inflammatories", "anti-inflammatory"),
    ("COX-2 inhibitors", "cox-2-inhibitor"), ("synthetic opioids", "synthetic-opioid"),
    ("opioid antagonists", "opioid-antagonist"), ("benzos", "benzodiazepine"),
])
def test_class_names_plurals_and_case(kb, name, cls):
    assert kb.class_named(name) == cls


def test_class_hierarchy(kb):
    assert kb.ancestors("opiate") == {"opiate", "opioid"}
    assert kb.ancestors("cox-2-inhibitor") == {"cox-2-inhibitor", "nsaid", "anti-inflammatory"}
    assert kb.related("benzodiazepine", "muscle-relaxant")   # diazepam is both
    assert not kb.related("nsaid", "opioid")


def test_every_class_of_section_5_has_risks_with_words(kb):
    groups = {g.id: g for g in kb.risk_groups}
    assert {"opioid", "nsaid", "acetaminophen", "gabapentinoid", "muscle-relaxant",
            "corticosteroid-injection"} <= set(groups)
    assert all(group.source and all(risk.words for risk in group.risks) for group in groups.values())


def test_the_knowledge_base_survives_pickling_for_the_process_pool(kb):
    copy = pickle.loads(pickle.dumps(kb))
    assert copy.generic_of("Tylenol") == ("acetaminophen",) and copy.digest == kb.digest


def test_it_ships_with_the_rule_packs():
    files = {p.name for p in (rules_dir() / "facts").glob("*.yml")}
    assert "core.yml" in files and len(files) > 1


def test_an_editor_can_extend_it_without_python(tmp_path: Path):
    extra = tmp_path / "more-drugs.yml"
    extra.write_text(yaml.safe_dump({"knowledge": "drugs", "drugs": {
        "loxoprofen": {"classes": ["nsaid"], "brands": ["Loxonin"], "source": "Loxonin label"}}}))
    kb = load_knowledge_base([*default_paths(), extra])
    assert kb.generic_of("Loxonin") == ("loxoprofen",) and "nsaid" in kb.classes_of("loxoprofen")


S = "a label"  # a source


@pytest.mark.parametrize("data,message", [
    ({"drugs": {"x": {"classes": ["nope"], "source": S}}}, "drug 'x': unknown class 'nope'"),
    ({"drugs": {"x": {"classes": ["nsaid"], "colour": "red", "source": S}}}, "unknown key 'colour'"),
    ({"drugs": {"x": {"classes": ["nsaid"], "brands": ["Advil"], "source": S}}}, "'Advil' is used by both"),
    ({"drugs": {"x": {"classes": ["opioid"], "origin": "moon", "source": S}}}, "'origin' must be"),
    ({"drugs": {"x": {"classes": ["nsaid"]}}}, "drug 'x': needs a 'source'"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S, "schedule": {"value": "VI", "source": S}}}},
     "'value' must be one of"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S, "schedule": {"value": "IV"}}}},
     "schedule: needs a 'source'"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S, "risks": ["hiccups"]}}}, "unknown risk 'hiccups'"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S,
                      "interactions": [{"with": "moonlight", "source": S}]}}}, "unknown drug, class or substance"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S,
                      "administration": [{"id": "stand-on-head", "source": S}]}}}, "unknown instruction"),
    ({"drugs": {"ibuprofen": {"classes": ["nsaid"], "source": S}}}, "drug 'ibuprofen' is already defined in"),
    ({"classes": {"nsaid-like": {"describe": "a thing", "names": ["nsaid-like drug"], "source": S,
                                 "excludes": ["nsaid"]}},
      "drugs": {"x": {"classes": ["nsaid", "nsaid-like"], "source": S}}}, "which exclude each other"),
    ({"classes": {"y": {"describe": "a thing", "names": ["y thing"], "parents": ["nowhere"], "source": S}}},
     "class 'y': unknown class 'nowhere'"),
    ({"classes": {"y": {"describe": "a thing", "names": ["y thing"]}}}, "class 'y': needs a 'source'"),
    ({"combinations": {"Zapp": {"generics": ["ibuprofen", "unobtainium"], "source": S}}},
     "unknown medicine 'unobtainium'"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S, "min_age": {"years": -2, "source": S}}}},
     "'years' must be a positive number"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S,
                      "otc_max_daily": {"amount": 1200, "unit": "mg", "strengths": ["200 mg"], "source": S}}}},
     "strengths must be a list of positive numbers"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S,
                      "interactions": [{"with": "nsaid", "except": ["asprin"], "source": S}]}}},
     "'except' names unknown medicine 'asprin' \\(did you mean 'aspirin'\\?\\)"),
    ({"clases": {}}, "unknown top-level key 'clases' \\(did you mean 'classes'\\?\\)"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S, "sale_limits": {"source": S}}}},
     "sale_limits: needs 'note'"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S, "sale_limits": {"note": "behind the counter"}}}},
     "sale_limits: needs a 'source'"),
    ({"drugs": {"x": {"classes": ["nsaid"], "source": S, "otc_max_dose": {"amount": 0, "unit": "mg", "source": S}}}},
     "otc_max_dose: 'amount' must be a positive number"),
])
def test_bad_entries_are_reported_with_file_and_entry(tmp_path: Path, data, message):
    extra = tmp_path / "bad.yml"
    extra.write_text(yaml.safe_dump({"knowledge": "drugs", **data}))
    with pytest.raises(KnowledgeError, match=message):
        load_knowledge_base([*default_paths(), extra])


def test_a_medicine_written_twice_in_one_file_is_refused_not_merged(tmp_path: Path):
    # YAML itself keeps the second entry and drops the first without a word.
    extra = tmp_path / "team.yml"
    extra.write_text("knowledge: drugs\ndrugs:\n"
                     "  zapofen:\n    classes: [nsaid]\n    source: team label\n"
                     "  zapofen:\n    classes: [opioid]\n    source: team label\n")
    with pytest.raises(KnowledgeError, match=r"team.yml: invalid YAML: .*duplicate key 'zapofen' "
                                             r"\(first given on line 3\)"):
        load_knowledge_base([*default_paths(), extra])
    extra.write_text(extra.read_text().replace("  zapofen:\n    classes: [opioid]", "  zapomol:\n    classes: [opioid]"))
    assert load_knowledge_base([*default_paths(), extra]).drugs["zapofen"]


def test_facts_names_the_sale_limits_and_the_dose_at_one_time():
    from checker.knowledge import describe
    base = load_knowledge_base()
    assert "sale limits: kept behind the pharmacy counter" in describe(base, "pseudoephedrine")
    assert "maximum at one time without a prescription: 400 mg" in describe(base, "ibuprofen")
