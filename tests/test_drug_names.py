"""Misspelled medicine names: found, read as the medicine, and never made of real words."""

from __future__ import annotations

import pytest

from checker.drugnames import edit_distance, index_for, spelling_distance
from checker.medtext import sentences

from . import medfamilies

RULE = "safety.misspelled-drug-name"


@pytest.fixture(scope="module")
def kb():
    return medfamilies.kb()


def findings(text: str):
    return [f for _, _, f in medfamilies.run("medical", text)]


def flagged(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(words, tuple(f.suggestions or ())) for rule, words, f in medfamilies.run("medical", text)
            if rule == RULE]


# --- distances ----------------------------------------------------------------------------


@pytest.mark.parametrize("a, b, expected", [
    ("warfrin", "warfarin", 1),          # dropped letter
    ("amoxicilin", "amoxicillin", 1),    # single for double
    ("gabapentinn", "gabapentin", 1),    # doubled letter
    ("sertarline", "sertraline", 1),     # neighbours swapped
    ("lorazapam", "lorazepam", 1),       # wrong vowel
    ("hydrocortizone", "hydrocortisone", 1),  # sound-alike consonant
    ("tylebol", "tylenol", 1),           # key beside it
    ("valgum", "valium", 2),             # an unlikely change counts two
    ("tamsolusin", "tamsulosin", 2),
])
def test_edit_distance(a, b, expected):
    assert edit_distance(a, b) == expected


def test_ph_for_f_is_one_edit():
    assert spelling_distance("ibuprophen", "ibuprofen", 2) == 1
    assert spelling_distance("fenobarbital", "phenobarbital", 2) == 1
    assert spelling_distance("morfine", "morphine", 2) == 1


# --- words read as the medicine they misspell ---------------------------------------------


@pytest.mark.parametrize("word, name", [
    ("ibuprophen", "ibuprofen"),          # ph for f
    ("ibuprofin", "ibuprofen"),           # wrong vowel
    ("acetominophen", "acetaminophen"),   # wrong vowel
    ("acetaminophin", "acetaminophen"),
    ("hydrocodon", "hydrocodone"),        # dropped letter
    ("oxycodon", "oxycodone"),
    ("predisone", "prednisone"),
    ("gabapenten", "gabapentin"),
    ("gabapentine", "gabapentin"),        # added letter
    ("sertaline", "sertraline"),
    ("setraline", "sertraline"),
    ("amoxicilin", "amoxicillin"),        # single for double
    ("amoxcillin", "amoxicillin"),       # amoxycillin is one edit away, but far rarer
    ("lorazapam", "lorazepam"),
    ("alprazolan", "alprazolam"),         # key beside it / sound-alike
    ("clonazapam", "clonazepam"),
    ("citalopran", "citalopram"),
    ("morfine", "morphine"),
    ("fenobarbital", "phenobarbital"),
    ("phenobarbitol", "phenobarbital"),
    ("carbamazapine", "carbamazepine"),
    ("carbamezipine", "carbamazepine"),   # two wrong vowels in a long name
    ("methotrextate", "methotrexate"),
    ("levetiracitam", "levetiracetam"),
    ("sumitriptan", "sumatriptan"),
    ("rizatriptin", "rizatriptan"),
    ("ciproflaxacin", "ciprofloxacin"),
    ("hydrocortizone", "hydrocortisone"),
    ("methylphenadate", "methylphenidate"),
    ("sertarline", "sertraline"),         # neighbours swapped
    ("Tylenal", "Tylenol"),               # brands: one edit
    ("Zolof", "Zoloft"),
    ("Risperidal", "Risperdal"),
])
def test_misspellings_resolve_to_the_medicine(kb, word, name):
    near = index_for(kb).near(word.lower())
    assert near is not None, word
    assert near.name == name


@pytest.mark.parametrize("word", [
    # English words a name or two edits away
    "citrate", "station", "anvil", "alive", "morning", "codes", "mortise", "hydrate",
    "valium", "cubicle",
    # medical words and names that are not medicines of the base
    "valgum", "cubilin", "macrotia", "sezary", "genu", "fungoides",
    # real medicines and names of the base: never "corrected" to a neighbour
    "prednisone", "prednisolone", "hydrocodone", "hydromorphone", "oxycodone", "oxymorphone",
    "clonazepam", "lorazepam", "cetirizine", "loratadine", "tramadol", "trazodone",
    "celecoxib", "opioid", "opioids", "benzodiazepine", "nsaid",
    # too short to judge
    "advl", "asa",
])
def test_real_words_and_names_are_not_misspellings(kb, word):
    assert index_for(kb).near(word) is None, word


@pytest.mark.parametrize("word, names", [
    ("prednislone", ("prednisone", "prednisolone")),
    ("amoicillin", ("amoxicillin", "ampicillin")),
    ("priocaine", ("prilocaine", "procaine")),
])
def test_a_word_equally_near_two_medicines_names_neither(kb, word, names):
    index = index_for(kb)
    assert all(name in index.names for name in names)
    assert {spelling_distance(word, name, 2) for name in names} == {1}
    assert index.near(word) is None


def test_a_medicine_and_its_brand_equally_near_suggest_the_generic(kb):
    near = index_for(kb).near("zonisamde")     # zonisamide and its brand Zonisade
    assert near is not None and near.name == "zonisamide"


def test_the_first_sound_must_match(kb):
    # one letter from pentobarbital, and phenobarbital starts with an f sound
    assert index_for(kb).near("penobarbital").name == "pentobarbital"
    assert index_for(kb).near("fentobarbital") is None or \
        index_for(kb).near("fentobarbital").name != "pentobarbital"


# --- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, word, suggestion", [
    ("Take ibuprophen with food.", "ibuprophen", "ibuprofen"),
    ("Ibuprofin can upset your stomach.", "Ibuprofin", "Ibuprofen"),
    ("- Gabapenten is started at a low dose.", "Gabapenten", "Gabapentin"),
    ("Check labels for acetominophen in cold medicines.", "acetominophen", "acetaminophen"),
    ("Never take two Tylenal products at once.", "Tylenal", "Tylenol"),
    ("| Medicine | Use |\n| --- | --- |\n| sertaline | depression |\n", "sertaline", "sertraline"),
    ("Your child's amoxicilin should be finished.", "amoxicilin", "amoxicillin"),
    ("# When to Stop Taking Sertaline\n", "Sertaline", "Sertraline"),
    ("Ask whether (Predisone) is right.", "Predisone", "Prednisone"),
])
def test_the_rule_points_at_the_word_and_suggests_the_name(text, word, suggestion):
    assert flagged(text) == [(word, (suggestion,))]


@pytest.mark.parametrize("text", [
    "Take ibuprofen with food.",
    # tall-man lettering is the name itself
    "Take predniSONE in the morning.",
    "Do not confuse hydrOXYzine with hydrALAZINE.",
    "Ask whether clonazePAM or LORazepam suits you.",
    # look-alike real medicines: both are names
    "Prednisone and prednisolone are both corticosteroids.",
    "Hydrocodone and hydromorphone are both opioids.",
    # English and medical words near a name
    "Genu valgum means knock knees.",
    "Calcium citrate is absorbed without food.",
    "Some CUBN gene mutations impair cubilin function.",
    # a capitalised word inside a sentence is a name of something else
    "Patients with Sezary syndrome need specialist care.",
    "Researchers at Predison University studied it.",
    # gene symbols and codes
    "The SCN1A gene and CYP2D6 enzyme matter here.",
])
def test_silent_on_real_words_and_names(text):
    assert flagged(text) == []


def test_a_word_the_page_repeats_is_a_term_of_its_own():
    text = ("Cubilim binds the complex. Cubilim is made in the kidney. "
            "Without cubilim, little is absorbed.")
    assert flagged(text) == []


def test_a_misspelled_name_still_feeds_the_other_checks():
    text = "Ibuprophen is an opioid pain reliever."
    rules = {f.rule for f in findings(text)}
    assert RULE in rules
    assert "med.class-membership" in rules


def test_a_misspelled_member_of_a_list_is_judged_in_the_list():
    text = "NSAIDs such as naproxen and acetominophen ease swelling."
    rules = [f.rule for f in findings(text)]
    assert RULE in rules
    assert "med.class-membership" in rules


def test_mentions_carry_the_name_they_misspell(kb):
    text = "Take hydrocodon and Tylenol together only if told to."
    [sentence] = list(sentences(text, kb))
    first, second = sentence.mentions
    assert first.misspelled_of == "hydrocodone" and first.product.generics == ("hydrocodone",)
    assert second.misspelled_of is None


def test_words_are_judged_once(kb):
    index = index_for(kb)
    assert index.near("zzyzxqwerty") is None
    assert "zzyzxqwerty" in index.clean
    assert not index.any_near({"the", "and", "zzyzxqwerty"})


def test_a_base_sent_to_another_process_rebuilds_its_index():
    import pickle

    from checker.knowledge import load_knowledge_base

    base = load_knowledge_base()
    index_for(base).near("ibuprophen")
    copy = pickle.loads(pickle.dumps(base))
    assert len(pickle.dumps(base)) < 4 * len(pickle.dumps(load_knowledge_base()))
    assert index_for(copy) is not index_for(base)
    assert index_for(copy).near("ibuprophen").name == "ibuprofen"


@pytest.mark.parametrize("word", [
    "atrophie",         # one plausible edit from atrophied, as common as atropine
    "matrin",           # a protein; one edit from matron and martin, commoner than Motrin
    "glucosaminide",    # two letters added: a derivative, not a slip
    "dioxina",          # "dioxin" run into the next letter
    "amphetamines",     # plurals of names
    "calciums",
    "sulfasalazinea",   # "sulfasalazine—a combination" with its dash lost
])
def test_derived_and_run_together_words_are_not_misspellings(kb, word):
    assert index_for(kb).near(word) is None


def test_a_word_beside_a_commoner_english_word_is_no_mention(kb):
    [sentence] = list(sentences("Matrin 3 may also bind certain abnormal RNAs.", kb))
    assert sentence.mentions == ()
