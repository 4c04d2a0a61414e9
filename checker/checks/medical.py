"""Medical accuracy: drug classes, opioid and neuroleptic terminology, mechanisms.

Every fact is judged inside its sentence, against the drug knowledge base
(rules/drugs.yml, ``ctx.kb``): "Tylenol and other NSAIDs" is wrong even on a page
that says elsewhere that acetaminophen is not an NSAID.

Class membership is read from the constructions copy really uses; each one yields
(class mention, member mention, negated) relations:

    CLASS such as / like / including / e.g. / for example / especially A, B and C
    CLASS (A, B)            CLASS: A, B             CLASS include(s) / are A and B
    A, B and other CLASS    A or another CLASS      the CLASS A
    A is (not) a/an CLASS   A and B are CLASS       A, a CLASS, ...   A (a CLASS)
    A belongs to a group of medicines called CLASS

A drug or class missing from the knowledge base is never judged: precision first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from .. import claims
from ..audience import page_audience
from ..context import Context, PageAnalysis
from ..dispatch import SentenceUnit
from ..claims import frames
from ..claims.frames import PAGE_SUBJECT
from ..knowledge import DrugClass, KnowledgeBase, Product
from ..medtext import Mention, Sentence
from ..model import (BLOCKQUOTE, HEADING, IMAGE_ALT, LINK_TEXT, LIST_ITEM, PARAGRAPH, PROSE_AND_ALT_KINDS, TABLE_CELL,
                     Document, Finding, RuleInfo)
from ..rules import MENTION, Family, custom, has, has_lower, rule_maker, sentence_check
from ..textutil import agree_article

CATEGORY = "medical-accuracy"


# Two medical rules never report the same words: where they would, the more specific
# one is kept (see each rule's ``outranks``; the rest outrank only themselves).
_rule = rule_maker(CATEGORY, severity="error")


CLASS_MEMBERSHIP = _rule(
    "med.class-membership",
    "A medicine is named as a member of a drug class it does not belong to.",
    "FDA-approved labeling and MedlinePlus drug information (each class's source is in rules/drugs.yml)",
    ("Tylenol and other NSAIDs can upset the stomach.",
     "Common muscle relaxants are baclofen and pregabalin.",
     "Your doctor may suggest opioid pain relievers like ibuprofen.",
     "NSAIDs (ibuprofen, acetaminophen) ease pain.",
     "Acetaminophen is an NSAID.",
     "Anti-inflammatory medicines such as Tylenol reduce swelling.",
     "Muscle relaxants, for example gabapentin, help spasms.",
     "Metformin, like other sulfonylureas, makes the pancreas release more insulin.",
     "Amlodipine, one of the beta blockers, lowers blood pressure.",
     "Sitagliptin is an SGLT2-type diabetes pill.",
     "Doctors consider sertraline a benzodiazepine.",
     "Amoxil is classed among the cephalosporin antibiotics.",
     "Jardiance is a DPP-4 inhibitor-type medicine.",
     "The mini-pill contains norethindrone, which is classed as an estrogen.",
     "Effexor XR, a tricyclic option, suits some people.",
     "Sertraline is an antidepressant. This benzodiazepine is taken once a day.",
     "Doctors call apixaban an antiplatelet drug."),
    ("NSAIDs such as ibuprofen and naproxen ease pain and swelling.",
     "Acetaminophen is not an NSAID.",
     "Opioids such as hydrocodone and acetaminophen (Vicodin) are strong pain medicines.",
     "Muscle relaxants such as diazepam and baclofen can cause drowsiness.",
     "Side effects of NSAIDs include stomach bleeding.",
     "Taking warfarin with aspirin and other NSAIDs raises the risk of bleeding.",
     "Ibuprofen, like aspirin, can upset the stomach.",
     "Naproxen, like other NSAIDs, can raise blood pressure.",
     "Venlafaxine, unlike SSRIs, also raises norepinephrine.",
     "Your doctor may offer an NSAID such as ibuprofen, colchicine, or a few days of prednisone.",
     "The label of ibuprofen, which is an NSAID, lists stomach bleeding."),
    rationale="Patients act on class names: a reader told that Tylenol is an NSAID may take it "
              "with ibuprofen thinking they are the same kind of medicine, or avoid it for the "
              "wrong reason. Each wrong member is reported where it is named, with its real class.",
    outranks=("med.class-membership",))

OPIATE_NOT_NATURAL = _rule(
    "med.opiate-not-natural",
    "An opioid that is not natural is called an opiate.",
    "NIDA, Prescription Opioids DrugFacts: opiates are the natural opioids from the opium poppy "
    "(morphine, codeine); oxycodone is semi-synthetic; fentanyl, methadone and tramadol are synthetic",
    ("Fentanyl and other opiates are very strong.",
     "Opiates such as methadone and tramadol treat pain.",
     "Oxycodone is an opiate.",
     "Methadone tablets and other strong opiates are kept locked up."),
    ("Opiates such as morphine and codeine come from the poppy plant.",
     "Opioids include natural opiates such as morphine and synthetic opioids such as fentanyl."),
    rationale="Opiate means a natural opioid from the opium poppy. Calling synthetic or "
              "semi-synthetic opioids opiates blurs what the reader is taking.",
    outranks=("med.*", "med.false-non-membership"))

FALSE_NON_MEMBERSHIP = _rule(
    "med.false-non-membership",
    "A medicine is said not to belong to a class it does belong to.",
    "FDA-approved labeling (for example, tramadol is an opioid agonist, Schedule IV)",
    ("Tramadol is not an opioid.",
     "Non-opioid pain relievers such as tramadol are safer.",
     "Celecoxib isn't an NSAID.",
     "Alprazolam does not belong to the benzodiazepine family.",
     "Neither aspirin nor naproxen is an NSAID.",
     "Doctors do not consider tramadol an opioid.",
     "Diazepam does not count as a benzodiazepine.",
     "Tramadol works differently from opioids.",
     "Pregabalin is in no way an anticonvulsant.",
     "Non-opioid options include ibuprofen and oxycodone."),
    ("Acetaminophen is not an NSAID.",
     "Tramadol is an opioid.",
     "Neither acetaminophen nor gabapentin is an NSAID.",
     "Gabapentin works differently from opioids.",
     "Buprenorphine works differently from other opioids.",
     "Tapentadol acts differently from most opioids."),
    rationale="Saying that an opioid is not an opioid hides its addiction and overdose risks.",
    outranks=("med.*",))

DRUG_ORIGIN = _rule(
    "med.drug-origin",
    "A medicine is given the wrong origin (natural, semi-synthetic, synthetic, from animals, recombinant).",
    "FDA-approved labeling, Description section (what the medicine is made from); NIDA, Prescription "
    "Opioids DrugFacts (natural, semi-synthetic and synthetic opioids); each medicine's source is in rules/facts",
    ("Codeine is a man-made opioid created in labs.",
     "Hydromorphone, a fully synthetic opioid, is stronger than morphine.",
     "Fentanyl comes from the opium poppy, like heroin.",
     "Morphine is made in a laboratory.",
     "Oxycodone is a natural painkiller.",
     "Methadone is made from morphine.",
     "Synthetic opioids such as codeine are risky.",
     "Codeine is manufactured entirely in a lab.",
     "Tramadol comes straight from the poppy plant.",
     "Oxycodone is a natural opioid.",
     "Hydrocodone is a natural opiate.",
     "Codeine: synthetic, made from coal tar chemicals.",
     "Oxycodone comes straight from the poppy plant."),
    ("Fentanyl is made entirely in a lab.",
     "Fentanyl is synthesized entirely in a laboratory.",
     "Codeine comes directly from the poppy plant.",
     "Codeine comes from the opium poppy.",
     "Fentanyl is not derived from the poppy.",
     "Oxycodone is made in a lab from thebaine, a natural opiate.",
     "Is codeine man-made?",
     "Heroin is made from morphine, which comes from the opium poppy.",
     "Fentanyl is stronger than morphine, which comes from the poppy.",
     "It is a myth that codeine is man-made.",
     "Synthetic opioids such as fentanyl and methadone are made in a lab.",
     "Codeine is a natural opioid.",
     "Oxycodone is made from a substance that comes from the poppy plant."),
    rationale="Where a medicine comes from is something readers act on: 'natural' sounds safe, and a "
              "reader who avoids animal products or who is told a medicine is synthetic may choose or "
              "refuse it for the wrong reason. Each medicine's origin is in the fact base.",
    outranks=("med.class-membership", "med.drug-origin"))

NEUROLEPTIC = _rule(
    "med.neuroleptic-for-nerve-pain",
    "'Neuroleptic' (antipsychotic) is used for nerve-pain or nerve-calming medicines.",
    "MedlinePlus drug information: haloperidol is an antipsychotic (neuroleptic); gabapentin, "
    "pregabalin and carbamazepine are anticonvulsants (anti-seizure medicines)",
    ("Neuroleptic medicines like pregabalin ease nerve pain.",
     "Neuroleptics calm irritated nerves in the spine.",
     "Gabapentin is a neuroleptic.",
     "Neuroleptic medications stabilize overactive nerve cells to relieve back pain."),
    ("Neuroleptic malignant syndrome is rare.",
     "Neuroleptics (antipsychotics) such as haloperidol treat psychosis.",
     "Anticonvulsants such as pregabalin ease nerve pain."),
    suggestion="anticonvulsant (anti-seizure) medicines",
    rationale="Neuroleptic means antipsychotic (haloperidol, chlorpromazine). Medicines that "
              "calm overactive nerve cells for nerve pain are anticonvulsants. The wrong word "
              "can frighten a reader or send them to the wrong medicine.",
    outranks=("med.*", "med.corticosteroid-anabolic", "med.opiate-not-natural",
              "med.false-non-membership"))

OPIOIDS_SYNTHETIC = _rule(
    "med.opioids-defined-synthetic",
    "Opioids are defined as synthetic: the class also includes natural and semi-synthetic opioids.",
    "NIDA, Prescription Opioids DrugFacts: opioids are natural (opiates), semi-synthetic or synthetic",
    ("Opioids are synthetic drugs.",
     "Your doctor may prescribe opiates, or opioids, which are made in a lab.",
     "An opioid is a man-made version of opium.",
     "Opioids are lab-created chemicals designed to copy opium.",
     "Opioids are synthetic drugs made to copy the effects of natural painkillers."),
    ("Opioids include natural opiates such as morphine and synthetic opioids such as fentanyl.",
     "Synthetic opioids such as fentanyl are made in a lab.",
     "Some opioids are synthetic.",
     "Opioids can be natural, semi-synthetic, or synthetic."),
    suggestion="opioids (natural, semi-synthetic or synthetic)",
    rationale="Opioid is the name of the whole class. A definition that makes opioids "
              "synthetic-only suggests that morphine or codeine are something else.",
    outranks=("med.opioids-defined-synthetic",))

OPIOIDS_NOT_ADDICTIVE = _rule(
    "med.opioids-not-addictive",
    "An opioid is said not to be addictive.",
    "FDA boxed warning for opioid analgesics: addiction, abuse and misuse can occur even at "
    "recommended doses; CDC Clinical Practice Guideline for Prescribing Opioids (2022)",
    ("Opioids are not addictive when taken as prescribed.",
     "Tramadol is non-addictive.",
     "You cannot become addicted to opioids if you follow the label."),
    ("Naloxone is not addictive.",
     "Triptans are not opioids, and they are not habit-forming.",
     "No one should tell you that opioids are not addictive.",
     "It is a myth that opioids are not addictive when taken as prescribed.",
     "Most people who take opioids as prescribed do not become addicted, but some do."),
    rationale="Addiction can develop even when opioids are taken exactly as prescribed.",
    outranks=("med.opioids-not-addictive",))

ACETAMINOPHEN_SWELLING = _rule(
    "med.acetaminophen-swelling",
    "Acetaminophen is said to reduce swelling or inflammation; it does not.",
    "MedlinePlus, Acetaminophen; FDA: acetaminophen relieves pain and fever, it is not an "
    "anti-inflammatory",
    ("Acetaminophen reduces pain and swelling.",
     "Tylenol helps with inflammation in the joints."),
    ("Acetaminophen eases pain and fever but does not reduce swelling.",
     "NSAIDs reduce swelling, while acetaminophen only eases pain."),
    rationale="A reader who needs to bring down swelling may choose acetaminophen and get no "
              "effect, or take more than is safe for the liver.",
    outranks=("med.acetaminophen-swelling",))

NSAID_SPINAL_SPACE = _rule(
    "med.nsaid-spinal-space",
    "NSAIDs are said to create space in the spinal canal.",
    "NIAMS, Spinal Stenosis: medicines such as NSAIDs ease pain and swelling; only surgery "
    "(decompression) makes more room in the spinal canal",
    ("NSAIDs relieve back pain by reducing inflammation. This creates more space in the spinal canal.",
     "Ibuprofen makes more room in the spinal canal for the nerves."),
    ("Surgery can create more space in the spinal canal.",
     "NSAIDs ease pain and swelling around the nerves."),
    rationale="NSAIDs ease pain and swelling; they do not change the size of the spinal canal.",
    outranks=("med.nsaid-spinal-space",))

CORTICOSTEROID_ANABOLIC = _rule(
    "med.corticosteroid-anabolic",
    "Corticosteroids are confused with anabolic steroids.",
    "NIDA, Anabolic Steroids DrugFacts; MedlinePlus, Steroids: corticosteroids are not anabolic steroids",
    ("Corticosteroids are anabolic steroids.",
     "Anabolic steroids such as prednisone calm swelling."),
    ("Corticosteroids are not the same as anabolic steroids.",
     "Corticosteroids such as prednisone calm swelling."),
    rationale="Corticosteroids calm swelling; anabolic steroids build muscle. Mixing them up "
              "frightens readers away from a useful medicine.",
    outranks=("med.*", "med.opiate-not-natural", "med.false-non-membership"))

BRAND_MISMATCH = _rule(
    "med.brand-generic-mismatch",
    "A brand name is given for the wrong medicine.",
    "FDA Orange Book and DailyMed brand listings (rules/drugs.yml)",
    ("Take acetaminophen (Advil) for fever.",
     "Ibuprofen (Motrin, Tylenol) eases pain.",
     "Flonase, known generically as mometasone, is a nasal spray.",
     "Glucophage, whose generic name is glipizide, lowers blood sugar.",
     "Coumadin and Eliquis contain the same medicine.",
     "Vicodin (oxycodone and acetaminophen) treats dental pain.",
     "Adderall contains methylphenidate."),
    ("Take acetaminophen (Tylenol) for fever.",
     "Adderall contains amphetamine salts.",
     "Oxycodone (OxyContin, Percocet) is an opioid.",
     "Flonase, known generically as fluticasone, is a nasal spray.",
     "Norco and Vicodin contain the same medicines.",
     "Coumadin and Eliquis do not contain the same medicine.",
     "Percocet (oxycodone and acetaminophen) treats dental pain."),
    rationale="A reader buys by brand name: the wrong brand means the wrong medicine.",
    outranks=("med.brand-generic-mismatch",))

# A word choice, not a wrong fact: a warning.
NARCOTIC = _rule(
    "med.narcotic",
    "'Narcotic' is a legal and slang word: in patient copy, say 'opioid'.",
    "NIDA, Words Matter: terms to use and avoid; CDC, Opioid Basics (opioid is the medical term; "
    "'narcotic' is a legal category that also includes cocaine)",
    ("Your doctor may prescribe a narcotic pain reliever.",
     "Narcotics can slow your breathing.",
     "Ask about non-narcotic pain relievers."),
    ("Narcotics Anonymous offers support groups.",
     "Narcotics laws cover cocaine as well as heroin.",
     "Your doctor may prescribe an opioid pain reliever."),
    suggestion="opioid", severity="warning",
    rationale="'Narcotic' is vague (the law also calls cocaine a narcotic) and carries stigma; "
              "'opioid' names the medicine class. Legal and proper-name uses are left alone.",
    outranks=("med.narcotic",))

RULES: list[RuleInfo] = [NARCOTIC, CLASS_MEMBERSHIP, OPIATE_NOT_NATURAL, FALSE_NON_MEMBERSHIP, DRUG_ORIGIN,
                         NEUROLEPTIC,
                         OPIOIDS_SYNTHETIC, OPIOIDS_NOT_ADDICTIVE, ACETAMINOPHEN_SWELLING,
                         NSAID_SPINAL_SPACE, CORTICOSTEROID_ANABOLIC, BRAND_MISMATCH,
                         # the claim reader's rules: listed here so `medcheck rules`/`explain`,
                         # docs/rules.md and the examples test see them
                         *claims.RULES]


# --- word lists (lower-cased tokens) ------------------------------------------------------

# Words that may stand before a medicine inside a list item ("high-dose aspirin").
MODIFIERS = frozenset("""the a an high-dose low-dose prescription prescription-strength
    over-the-counter otc generic oral topical injectable intravenous iv long-acting short-acting
    extended-release immediate-release brand-name liquid strong stronger weak mild low-strength
    regular-strength extra-strength""".split())
# Words that may stand before a class without changing who it is ("common NSAIDs").
CLASS_PREMODIFIERS = frozenset("""common commonly popular other some many most the these those
    several certain typical strong stronger weak mild prescription over-the-counter otc newer
    older main powerful potent widely used frequently all any two three four""".split())
# Tokens that cannot be part of an unnamed list item: a clause is going on.
CLAUSE_WORDS = frozenset("""which that who can may might will would should must could is are was
    were be been to not if when because but so do does did has have had than also then it they
    you we your their its this""".split())
LIST_CONNECTORS: tuple[tuple[str, ...], ...] = (
    ("such", "as"), ("like",), ("including",), ("e", ".", "g", "."), ("e", ".", "g"), ("eg",),
    ("for", "example"), ("for", "instance"), ("especially",), ("particularly",), ("namely",),
    ("i", ".", "e", "."), ("i", ".", "e"), ("which", "include"), ("which", "includes"),
    ("that", "include"), ("that", "includes"), ("such", "as", "the"),
)
SUBJECT_CONNECTORS: tuple[tuple[str, ...], ...] = (
    ("include",), ("includes",), ("are",), ("commonly", "used", "include"),
    ("often", "used", "include"), ("used", "include"), ("available", "include"),
    ("commonly", "used", "are"), ("often", "used", "are"), ("used", "are"),
    ("that", "are", "commonly", "used", "include"), ("prescribed", "include"),
    ("commonly", "prescribed", "include"), ("commonly", "prescribed", "are"),
)
PREPOSITIONS = frozenset("""of with to for than from on by about after before into without
    against between among and or take taking use using avoid combine combining mixing mix""".split())
SUBJECT_OF = frozenset("examples types kinds forms brands names".split())
OTHER_WORDS = frozenset({"other", "another", "similar", "related"})
COPULAS = frozenset({"is", "are", "was", "were"})
NEGATED_COPULAS = frozenset({"isn't", "aren't", "wasn't", "weren't"})
NEGATIONS = frozenset({"not", "never", "n't", "no"})
COPULA_ADVERBS = frozenset("""also actually really technically considered classified called known
    still often sometimes usually generally commonly itself themselves as""".split())
LIMITERS = frozenset({"just", "only", "merely", "simply", "exactly"})
KIND_OF = frozenset({"type", "kind", "form", "class", "member", "one", "group", "example", "sort",
                     "part", "types", "kinds", "forms", "members", "examples"})
SEPARATORS = frozenset({",", "/", "and", "or", "&"})
PAIR_JOINERS = frozenset({"and", "with", "/", "-", "plus", "+"})


@dataclass(frozen=True)
class Relation:
    cls: Mention           # the class mention
    item: Mention          # the drug or class said to be (or not to be) in it
    negated: bool = False  # "is not a", "non-opioid"
    combo_ok: bool = False  # item is half of a combination product whose other half is a member
    pointer: bool = False   # the subject is "it"/"this medicine": the medicine named before
    lead_in: str = ""       # the class is named by the list's lead-in (its words)
    asked: bool = False     # "Is A a CLASS?": what the question asks, stated by its answer


# --- relations ------------------------------------------------------------------------------


def find_relations(s: Sentence, kb: KnowledgeBase) -> list[Relation]:
    found: dict[tuple[int, ...], Relation] = {}
    classes = [m for m in s.mentions if m.is_class] + _type_words(s, kb)
    # Copulas first: for two classes, "A are B" says A is a kind of B (not B a kind of A).
    candidates = [r for m in classes for r in (*_copula(s, m), *_asked_copula(s, m))]
    candidates += [r for m in classes for r in _predicate(s, m)]
    candidates += [r for m in classes for r in (
        *_contrast(s, m), *_forward(s, kb, m), *_backward_other(s, kb, m), *_class_then_drug(s, m),
        *_appositive(s, m), *_called(s, m), *_of_the_kind(s, m), *_fronted(s, kb, m), *_active(s, m),
        *_aside_like(s, m),
        *_unrelated(s, m))]
    for relation in candidates:
        if _similar_to(s, relation.cls):
            continue
        if relation.item.is_class:
            # "Corticosteroids are anabolic steroids" is read both ways: one relation.
            key = tuple(sorted((relation.cls.first, relation.item.first)))
        else:
            key = (relation.cls.first, relation.item.first)
        found.setdefault(key, relation)
    return list(found.values())


def _similar_to(s: Sentence, cls: Mention) -> bool:
    """"A vitamin -like drug": the class is what the medicine resembles, not what it is."""
    k = cls.last
    if _norm(s, k) in ("-like", "-type-like") or (
            _norm(s, k) == "-" and _norm(s, k + 1) in ("like", "related", "based")
            and s.tokens[k].end == s.tokens[k + 1].start):
        return True
    return False


def _norm(s: Sentence, i: int) -> str:
    return s.tokens[i].norm if 0 <= i < len(s.tokens) else ""


def _starts_with(s: Sentence, i: int, seq: tuple[str, ...]) -> bool:
    return s.norms(i, i + len(seq)) == seq


def _close_paren(s: Sentence, i: int, limit: int = 25) -> int | None:
    """Index of the ')' matching the '(' at i."""
    for k in range(i + 1, min(len(s.tokens), i + limit)):
        if _norm(s, k) == ")":
            return k
        if _norm(s, k) == "(":
            return None
    return None


def _open_paren(s: Sentence, i: int, limit: int = 25) -> int | None:
    """Index of the '(' matching the ')' at i."""
    for k in range(i - 1, max(-1, i - limit), -1):
        if _norm(s, k) == "(":
            return k
        if _norm(s, k) == ")":
            return None
    return None


def _skip_alias(s: Sentence, kb: KnowledgeBase, cls: Mention, j: int) -> int:
    """After a class: skip "(antipsychotics)", "(NSAIDs)", ", or NSAIDs," restatements."""
    if _norm(s, j) == "(":
        close = _close_paren(s, j, 8)
        inner = s.mention_at(j + 1)
        if close is not None and inner is not None and inner.is_class and inner.last == close \
                and kb.related(inner.class_id, cls.class_id):
            return close + 1
        if close == j + 2 and s.tokens[j + 1].text.isupper():   # an acronym
            return close + 1
    return j


def _is_bullet(s: Sentence, k: int) -> bool:
    """A list marker ("-", "*", "•") at the start of a line inside the sentence."""
    if not 0 <= k < len(s.tokens) or s.tokens[k].text not in ("-", "*", "\u2022", "\u2013"):
        return False
    before = s.tokens[k - 1].end if k > 0 else s.start
    return "\n" in s.text[before:s.tokens[k].start]


def _list_items(s: Sentence, kb: KnowledgeBase, j: int, end_at: str | None = None) -> list[Relation]:
    """Items of a list starting at token j, as relations without their class yet.

    The list goes on while items are separated by commas, "and", "or" or "/".
    An item that names nothing known is skipped over when it is short and is not a
    clause; a clause ends the list (so "NSAIDs like ibuprofen can upset the stomach,
    and acetaminophen ..." stops after ibuprofen)."""
    items: list[tuple[Mention, str]] = []
    n = len(s.tokens)
    k = j
    joiner = ""
    while k < n:
        while k < n and (_norm(s, k) in MODIFIERS or _is_bullet(s, k)):
            k += 1
        mention = s.mention_at(k)
        if mention is not None and mention.is_class and (items or k != j):
            # "natural opiates such as morphine and synthetic opioids such as fentanyl":
            # a class after the first place starts a new phrase, it is not a member.
            break
        if mention is not None:
            items.append((mention, joiner))
            k = mention.last
            if _norm(s, k) == "(" and end_at != ")":
                close = _close_paren(s, k)
                if close is None:
                    break
                k = close + 1
        else:
            # An unnamed item: up to three words that are not a clause.
            m = k
            while m < n and _norm(s, m) not in SEPARATORS and _norm(s, m) != end_at \
                    and s.tokens[m].is_word and _norm(s, m) not in CLAUSE_WORDS \
                    and s.mention_at(m) is None:
                m += 1
            if m == k or m - k > 3 or m >= n or _norm(s, m) not in SEPARATORS:
                break
            k = m
        if k >= n or _norm(s, k) == end_at:
            break
        sep = _norm(s, k)
        if _is_bullet(s, k):   # the next line's list item
            joiner = ","
            continue
        if sep in (",", "/", "&"):
            k += 1
            joiner = sep
            if _norm(s, k) in ("and", "or"):
                joiner = _norm(s, k)
                k += 1
            continue
        if sep in ("and", "or"):
            joiner = sep
            k += 1
            if _norm(s, k) == "/":   # "and/or"
                k += 2
            continue
        if _starts_with(s, k, ("as", "well", "as")):
            joiner = "and"
            k += 3
            continue
        break
    return _pair_items(kb, items)


def _pair_items(kb: KnowledgeBase, items: list[tuple[Mention, str]]) -> list[Relation]:
    """Relations for list items; "hydrocodone and acetaminophen" is one product."""
    out: list[Relation] = []
    for index, (mention, joiner) in enumerate(items):
        combo = False
        neighbours = []
        if index > 0 and joiner in PAIR_JOINERS:
            neighbours.append((items[index - 1][0], joiner))
        if index + 1 < len(items) and items[index + 1][1] in PAIR_JOINERS:
            neighbours.append((items[index + 1][0], items[index + 1][1]))
        for other, between in neighbours:
            if mention.product and other.product and len(mention.product.generics) == 1 \
                    and len(other.product.generics) == 1:
                pair = frozenset((mention.product.generics[0], other.product.generics[0]))
                if pair in kb.combination_pairs:
                    combo = True
                elif between == "/" and not mention.product.is_brand and not other.product.is_brand \
                        and any(pair == frozenset(generics) for generics, _ in kb.combinations.values()):
                    combo = True   # "diphenoxylate/atropine (Lomotil)": one product
        out.append(Relation(cls=mention, item=mention, combo_ok=combo))  # cls filled by caller
    return out


def _with_class(cls: Mention, items: list[Relation], negated: bool = False) -> list[Relation]:
    return [Relation(cls=cls, item=r.item, negated=negated or cls.negated, combo_ok=r.combo_ok)
            for r in items]


def _class_is_subject(s: Sentence, cls: Mention) -> bool:
    """"Common NSAIDs include ..." (subject) vs "Side effects of NSAIDs include ..." (not)."""
    k = cls.first - 1
    while k >= 0 and _norm(s, k) in CLASS_PREMODIFIERS:
        k -= 1
    if k < 0:
        return True
    word = _norm(s, k)
    if word == "of":
        return _norm(s, k - 1) in SUBJECT_OF
    return word not in PREPOSITIONS and not (s.tokens[k].is_word and s.mention_at(k) is None
                                              and word.endswith(("ing", "ed")))


def _forward(s: Sentence, kb: KnowledgeBase, cls: Mention) -> list[Relation]:
    k = cls.first
    while k > 0 and _norm(s, k - 1) in CLASS_PREMODIFIERS - {"the"}:
        k -= 1
    if _norm(s, k - 1) == "from" and _norm(s, cls.last) == ",":
        # "semi-synthetic opioids, made from natural opiates, such as oxycodone": the list
        # after the aside belongs to the phrase before it.
        return []
    j = _skip_alias(s, kb, cls, cls.last)
    if _norm(s, j) == "(":
        k = j + 1
        for connector in LIST_CONNECTORS:
            if _starts_with(s, k, connector):
                k += len(connector)
                break
        if _norm(s, k) == ",":
            k += 1
        return _with_class(cls, _list_items(s, kb, k, end_at=")"))
    if _norm(s, j) == ",":
        j += 1
    if _norm(s, j) == ":":
        if _norm(s, k - 1) in ("&", "and", ",", "/"):
            return []   # a coordinated title ("Drugs & Supplements: Warfarin"), not a lead-in
        return _with_class(cls, _list_items(s, kb, j + 1))
    for connector in LIST_CONNECTORS:
        if _starts_with(s, j, connector):
            start = k
            k = j + len(connector)
            if _norm(s, k) == ",":
                k += 1
            items = _list_items(s, kb, k)
            if len(items) > 1 and not cls.plural and _norm(s, start - 1) in ("a", "an"):
                # "an NSAID such as naproxen, colchicine, or a short course of prednisone": the
                # list goes on with a noun phrase of its own, so the names after the first are
                # items of the outer list the class phrase belongs to
                last = items[-1].item.last
                if _norm(s, last) == "," and _norm(s, last + 1) in ("and", "or") \
                        and _norm(s, last + 2) in ("a", "an", "the", "some", "another"):
                    items = items[:1]
            before = s.mention_ending_at(start - 1) if _norm(s, start - 1) == "," else None
            if before is not None and before.product is not None:
                # "Rifampin, some seizure medicines such as carbamazepine, and St. John's wort":
                # the class phrase is an item of an outer list, whose ", and" closes it.
                close = next((x for x in range(k, len(s.tokens) - 1) if _norm(s, x) == ","
                              and _norm(s, x + 1) in ("and", "or")), None)
                if close is not None:
                    items = [r for r in items if r.item.first < close]
            return _with_class(cls, items)
    if _norm(s, j) in _GROUP_NOUNS and (cls.plural or cls.negated) and _norm(s, j).endswith("s"):
        j += 1   # "Non-opioid options include ...", "SSRI choices are ..."
    if (cls.plural or _norm(s, cls.last) in _GROUP_NOUNS) and _class_is_subject(s, cls):
        for connector in SUBJECT_CONNECTORS:
            if _starts_with(s, j, connector):
                k = j + len(connector)
                while _norm(s, k) in MODIFIERS:
                    k += 1
                if s.mention_at(k) is None:
                    return []   # "If glucocorticoids are unsuccessful, methotrexate ...": not a list
                return _with_class(cls, _list_items(s, kb, k))
    return []


# After a class, nouns for its members ("opioid alternatives" means the opposite: not here).
_GROUP_NOUNS = frozenset("options choices treatments medicines medications drugs painkillers".split())


def _backward_items(s: Sentence, end: int) -> list[Mention]:
    """Named items of a list that ends just before token ``end`` ("A, B and")."""
    items: list[Mention] = []
    k = end
    while k > 0:
        if _norm(s, k - 1) == ")":
            opened = _open_paren(s, k - 1)
            if opened is None:
                break
            k = opened
        mention = s.mention_ending_at(k)
        if mention is None:
            break
        items.append(mention)
        k = mention.first
        while k > 0 and _norm(s, k - 1) in MODIFIERS:
            k -= 1
        if k > 0 and (_norm(s, k - 1) in SEPARATORS or _norm(s, k - 1) == "nor"):
            k -= 1
            if k > 0 and _norm(s, k - 1) == "," and _norm(s, k) in ("and", "or"):
                k -= 1
            continue
        break
    items.reverse()
    return items


_STRENGTH_WORDS = frozenset("""strong stronger powerful potent weak weaker mild milder common prescription
    similar""".split())


def _backward_other(s: Sentence, kb: KnowledgeBase, cls: Mention) -> list[Relation]:
    k = cls.first
    if s.norms(k - 2, k) in (("types", "of"), ("kinds", "of"), ("forms", "of")):
        k -= 2
    if _norm(s, k - 1) == "such":
        k -= 1
    while k > 1 and (_norm(s, k - 1) in ADJECTIVES or _norm(s, k - 1) in _STRENGTH_WORDS) \
            and _norm(s, k - 2) not in ("and", "or", ","):
        k -= 1   # "and other strong opiates", "or another long-acting insulin"
    if _norm(s, k - 1) not in OTHER_WORDS:
        return []
    k -= 1
    if _norm(s, k - 1) not in ("and", "or", ","):
        return []
    k -= 1
    if _norm(s, k - 1) == ",":
        k -= 1
    while k > 0 and _norm(s, k - 1) in FORM_WORDS and s.mention_ending_at(k) is None:
        k -= 1   # "Fentanyl patches and other opioids"
    items = [(m, ",") for m in _backward_items(s, k)]
    return _with_class(cls, _pair_items(kb, items))


def _class_then_drug(s: Sentence, cls: Mention) -> list[Relation]:
    """"the NSAID ibuprofen", "the opioid fentanyl"."""
    if cls.plural or cls.negated:
        return []
    k = cls.first
    while k > 0 and (_norm(s, k - 1) in ADJECTIVES or _norm(s, k - 1) in CLASS_PREMODIFIERS - {"the"}):
        k -= 1
    if _norm(s, k - 1) not in ("the", "a", "an", "another", "this", "that", "your", "its"):
        return []   # "Corticosteroid therapy Tamoxifen Surgery": a run-together list, not "the opioid fentanyl"
    item = s.mention_at(cls.last)
    if item is None or item.product is None:
        return []
    return [Relation(cls=cls, item=item)]


def _copula(s: Sentence, cls: Mention) -> list[Relation]:
    """"A is (not) a/an CLASS", "A and B are (not) CLASS"."""
    k = cls.first
    while k > 0 and _norm(s, k - 1) in CLASS_PREMODIFIERS - {"the", "other", "some", "many", "most",
                                                               "these", "those", "all", "any"}:
        k -= 1
    # "another" as an article: "aspirin is another anticoagulant" says it is one too
    if _norm(s, k - 1) in ("a", "an", "the", "another"):
        k -= 1
    if _norm(s, k - 1) == "of" and _norm(s, k - 2) in KIND_OF:
        k -= 2
        if _norm(s, k - 1) in ("a", "an", "the", "another"):
            k -= 1
    negated = False
    if s.norms(k - 3, k) in (("in", "no", "way"), ("by", "no", "means")):
        negated = True   # "Pregabalin is in no way an anticonvulsant"
        k -= 3
    while k > 0 and (_norm(s, k - 1) in COPULA_ADVERBS or _norm(s, k - 1) in NEGATIONS):
        if _norm(s, k - 1) in NEGATIONS:
            negated = True
        k -= 1
    if k > 0 and _norm(s, k - 1) in LIMITERS:
        return []
    word = _norm(s, k - 1)
    if word in NEGATED_COPULAS:
        negated = True
    elif word not in COPULAS:
        return []
    k -= 1
    fronted = _fronted_clause_item(s, k)
    if fronted:
        return [Relation(cls=cls, item=m, negated=negated or cls.negated) for m in fronted]
    subjects = _subject_before(s, k) or _backward_items(s, k)
    if not subjects and _anaphor_at_start(s, k):
        return [Relation(cls=cls, item=cls, negated=negated or cls.negated, pointer=True)]
    # The subject must be the whole subject: "The dose of ibuprofen is ..." is not about ibuprofen
    # being a class, but "Ibuprofen is ..." and "Like aspirin, ibuprofen is ..." are.
    # "The flu shot is ...": a name that takes an article, opening the sentence.
    if not subjects or (subjects[0].first > 0 and _norm(s, subjects[0].first - 1)
                        not in (",", "(", ":", "and", "both", "while", "but", "because", "also", "that",
                                "neither")
                        and not (subjects[0].first == 1 and _norm(s, 0) == "the")
                        and s.tokens[subjects[0].first - 1].is_word):
        return []
    # "Neither aspirin nor naproxen is an NSAID" denies it of both
    negated = negated or cls.negated or _norm(s, subjects[0].first - 1) == "neither"
    return [Relation(cls=cls, item=m, negated=negated) for m in subjects]


_ASK_OPENERS = frozenset({"so", "but", "and", "then", "also", "now"})


def _asked_copula(s: Sentence, cls: Mention) -> list[Relation]:
    """"Is A (really) a CLASS?", "Are A and B CLASS?": the copula before its subject. A
    question states nothing, so the relation is judged only where the page answers it
    "Yes" (see frames.not_a_statement)."""
    if not s.text[s.start:s.end].rstrip().endswith("?"):
        return []
    k = cls.first
    if _norm(s, k - 1) in ("a", "an", "the"):
        k -= 1
    if _norm(s, k - 1) == "of" and _norm(s, k - 2) in KIND_OF:
        k -= 2
        if _norm(s, k - 1) in ("a", "an", "the"):
            k -= 1
    while k > 0 and _norm(s, k - 1) in COPULA_ADVERBS:
        k -= 1
    subjects = _backward_items(s, k)
    if not subjects:
        return []
    verb = subjects[0].first - 1
    if verb < 0 or _norm(s, verb) not in COPULAS or any(_norm(s, i) not in _ASK_OPENERS | {","}
                                                           for i in range(verb)):
        return []
    return [Relation(cls=cls, item=m, negated=cls.negated, asked=True) for m in subjects]


def _appositive(s: Sentence, cls: Mention) -> list[Relation]:
    """"Tramadol, an opioid, ...", "Tylenol (an NSAID)", "ibuprofen, which is an NSAID",
    "Amlodipine, one of the beta blockers, ...", "X, a member of the CLASS family"."""
    k = cls.first
    while k > 0 and _norm(s, k - 1) in CLASS_PREMODIFIERS - {"the", "other"}:
        k -= 1
    group = _norm(s, k - 1) == "the" and (
        s.norms(k - 3, k - 1) in (("one", "of"), ("part", "of"), ("member", "of"))
        or _norm(s, k - 2) == "among")
    if group:
        # "one of the statins", "part of the SSRI family", "among the ARBs"
        k -= 2 if _norm(s, k - 2) == "among" else 3
        if _norm(s, k - 1) in ("a", "an"):
            k -= 1
    else:
        if cls.plural:
            return []
        if _norm(s, k - 1) == "of" and _norm(s, k - 2) in KIND_OF:
            k -= 2   # "Glucagon, a type of insulin, ..."
        if _norm(s, k - 1) not in ("a", "an"):
            return []
        k -= 1
    negated = False
    if _norm(s, k - 1) in NEGATIONS:
        negated = True
        k -= 1
    if _norm(s, k - 1) == "also":
        k -= 1
    if s.norms(k - 2, k) == ("which", "is"):
        k -= 2
    elif _norm(s, k - 1) == "isn't" and _norm(s, k - 2) == "which":
        negated = True
        k -= 2
    if _norm(s, k - 1) not in (",", "(", "\u2014", "\u2013", ":", "-"):
        return []
    if _norm(s, k - 1) == "-" and s.text[s.tokens[k - 1].start - 1:s.tokens[k - 1].start] != " ":
        return []   # a hyphen inside a word, not a dash
    item = _name_ending_at(s, k - 1)
    if item is None and _norm(s, k - 2) == ")":
        opened = _open_paren(s, k - 2)
        item = s.mention_ending_at(opened) if opened is not None else None
    if item is None or item.product is None:
        return []
    return [Relation(cls=cls, item=item, negated=negated or cls.negated)]


# "does not belong", "doesn't count": an auxiliary that carries the negation
_AUX_NEGATED = frozenset({"doesn't", "don't", "didn't", "isn't", "aren't", "wasn't", "weren't"})
_BELONGS = (("belongs", "to"), ("belong", "to"), ("is", "in"), ("are", "in"), ("is", "part", "of"),
            ("are", "part", "of"), ("is", "one", "of"), ("is", "a", "member", "of"),
            ("are", "members", "of"))


def _called(s: Sentence, cls: Mention) -> list[Relation]:
    """"Gabapentin is in a class of medicines called anticonvulsants"."""
    before = cls.first
    if _norm(s, before - 1) in ("called", "named") or s.norms(before - 2, before) == ("known", "as"):
        pass
    elif _norm(s, cls.last) in ("class", "family", "group"):
        pass
    elif _norm(s, cls.first - 1) == "the" and _norm(s, cls.last) in FORM_WORDS | HEAD_NOUNS:
        pass   # "belongs to the antibiotic creams", "is one of the statin drugs"
    else:
        return []
    lo = max(0, cls.first - 12)
    for k in range(cls.first - 1, lo - 1, -1):
        other = s.mention_ending_at(k + 1) if k + 1 < cls.first else None
        if other is not None and other is not cls:
            return []
        for verb in _BELONGS:
            if _starts_with(s, k, verb):
                negated = any(_norm(s, x) in NEGATIONS or _norm(s, x) in NEGATED_COPULAS
                              for x in range(k, cls.first))
                item = s.mention_ending_at(k)
                back = k
                while item is None and back > 0 and _norm(s, back - 1) in NEGATIONS | _AUX_NEGATED | {
                        "also", "does", "do", "did", "really", "actually", "not", "truly"}:
                    if _norm(s, back - 1) in NEGATIONS | _AUX_NEGATED:
                        negated = True
                    back -= 1
                    item = s.mention_ending_at(back)
                if item is None and _norm(s, k - 1) == ")":   # "Efudex (fluorouracil) belongs to"
                    opened = _open_paren(s, k - 1)
                    item = s.mention_ending_at(opened) if opened is not None else None
                if item is None or item.product is None:
                    return []
                return [Relation(cls=cls, item=item, negated=negated)]
    return []



_KIND_NOUNS = frozenset({"type", "kind", "class", "family", "group", "category", "variety", "sort"})
_KIND_FILLER = frozenset({"a", "an", "the", "one", "also", "actually", "really", "usually", "common", "commonly",
                          "used", "prescribed", "older", "newer", "oral", "prescription"})


def _of_the_kind(s: Sentence, cls: Mention) -> list[Relation]:
    """"Meclizine is an antiemetic of the 5-HT3 antagonist type": the class written between
    "of the" and a kind noun, said of the medicine before the copula."""
    if _norm(s, cls.last) not in _KIND_NOUNS or _norm(s, cls.first - 1) != "the" or _norm(s, cls.first - 2) != "of":
        return []
    k = cls.first - 3
    while k >= 0 and k > cls.first - 9:
        norm = _norm(s, k)
        if norm in COPULAS or norm in NEGATED_COPULAS:
            item = s.mention_ending_at(k)
            negated = norm in NEGATED_COPULAS or any(_norm(s, x) in NEGATIONS for x in range(k, cls.first))
            if item is None or item.product is None:
                return []
            return [Relation(cls=cls, item=item, negated=negated)]
        other = s.mention_ending_at(k + 1)
        if other is not None:
            if other.product is not None:
                return []
            k = other.first - 1   # an open group named on the way ("an antiemetic")
            continue
        if norm not in _KIND_FILLER and norm not in HEAD_NOUNS and norm not in NEGATIONS and norm not in ADJECTIVES:
            return []
        k -= 1
    return []


# Words before a class that describe it without changing which class it is
# ("a once-a-day antihistamine", "the newer atypical antipsychotics").
ADJECTIVES = frozenset("""newer older new old atypical typical first-generation second-generation
    third-generation once-a-day once-daily daily weekly inhaled topical oral injectable long-acting
    short-acting fast-acting quick-acting rapid-acting slow-acting selective non-selective nonselective
    mild strong stronger potent gentle popular common commonly prescribed prescription otc
    over-the-counter low-dose high-dose standard modern traditional classic usual well-known
    widely-used very most more less different safe safer effective reliable cheap inexpensive generic
    brand-name main major important""".split())
# What may stand between a verb and the class it assigns: "is classified as an",
# "belongs to the group of", "is one of the", "works as a", "is grouped with the".
_PREDICATE = re.compile(
    r"(?:^|\s)(?P<verb>,|is|are|was|were|isn't|aren't|wasn't|weren't|remains|remain|becomes|become"
    r"|counts|count|qualifies|qualify|works|work|acts|act|functions|function|belongs|belong|sits|sit"
    r"|falls|fall|fits|fit)"
    r"(?P<adv>(?:\s(?:not|never|neither|also|actually|really|technically|still|often|sometimes|usually"
    r"|generally|commonly|both|all|now|truly|officially|n't|no\slonger))*)"
    r"(?P<how>\s(?:considered|regarded|thought\sof|seen|viewed)(?:\s(?:to\sbe|as))?"
    r"|\s(?:classified|categorized|categorised|classed|known|described|labeled|labelled|listed|counted|branded|billed"
    r"|defined|identified|recognized|recognised|sold|marketed)"
    r"(?:\sby\s(?:the\s)?(?:fda|doctors|experts|pharmacists|scientists|many|some|most|researchers))?\sas"
    r"|\s(?:grouped|classified|classed|categorized|categorised|counted|included|listed|filed|placed|put|ranked|sorted)"
    r"\s(?:among|with|under|in|into|alongside)"
    r"|\scalled|\sas|\sto\sbe)?"
    r"(?P<kind>(?:\s(?:to|into|in|within|under))?(?:\s(?:a|an|the|one))?"
    # "a milder kind of stimulant", "a gentler form of opioid": still one of them
    r"(?:\s(?:MOD|milder|gentler|weaker|stronger|newer|older|safer|slower|faster|longer-acting|shorter-acting"
    r"|mild|gentle|weak|natural|special|modern|slow-acting|long-acting|short-acting))?\s(?:type|kind|form|sort|class|member|example|version|variety"
    r"|subtype|subclass|part|group|family|category|one)s?\sof(?:\s(?:the|a|an|these|those))?"
    r"(?:\s(?:medicines?|medications?|drugs?|NOUN)\s(?:called|named|known\sas))?"
    r"|\s(?:one|two|some|many)\sof\s(?:the|many|several|these|those)"
    r"|\samong(?:\s(?:the|other))?"
    r"|(?:(?P<place>(?:\s(?:a|an))?(?:\sMOD)*(?:\s(?:CLS|NOUN))+)?\s(?:in|into|within|to|under|with|alongside|from)"
    r"\s(?:the|a|an|other)))?"
    r"(?P<art>\s(?:a|an|the))?"
    r"(?P<mods>(?:\sMOD)*)\s?$")
_PREDICATE_VERBS = frozenset(""", is are was were isn't aren't wasn't weren't remains remain becomes become
    counts count qualifies qualify works work acts act functions function belongs belong sits sit falls
    fall fits fit""".split())
_SUBJECT_LEFT = frozenset({",", "(", ":", "and", "both", "while", "but", "because", "also", ";", "-", "that", "neither",
                           "\u2014", "\u2013", "so", "whereas", "although", "though", "since"})
# Strengths and dosage forms after a medicine's name: "hydrocortisone 1% cream is ...".
FORM_WORDS = frozenset("""cream creams ointment ointments tablet tablets pill pills capsule capsules
    injection injections patch patches spray sprays gel gels inhaler inhalers liquid syrup drops
    suppository suppositories solution lotion foam shot shots % mg mcg g ml er xr sr cr la dr
    nasal eye ear skin""".split())
_ANAPHORS = (("it",), ("this", "medicine"), ("this", "medication"), ("this", "drug"), ("this", "pill"),
             ("this", "tablet"), ("this", "product"), ("these", "medicines"), ("these", "medications"),
             ("these", "drugs"), ("these", "pills"), ("these", "tablets"), ("these", "products"),
             ("they",), ("both", "medicines"), ("both", "drugs"), ("both",), ("this",), ("these",))


def _type_words(s: Sentence, kb: KnowledgeBase) -> list[Mention]:
    """"an NSAID-type pain reliever": the class written with '-type' or '-class' on it."""
    out = []
    for i, token in enumerate(s.tokens):
        norm = token.norm
        if not norm.endswith(("-type", "-class")) or not token.is_word:
            continue
        base = norm.rsplit("-", 1)[0]
        entry = kb.index.get((base,)) or kb.index.get(tuple(base.split("-")))
        first = i
        for size in (1, 2, 3):
            # "a DPP-4 inhibitor-type medicine": the class name's last word carries "-type"
            if entry is not None or i - size < 0:
                break
            key = tuple(t.norm for t in s.tokens[i - size:i]) + (base,)
            found = kb.index.get(key)
            if found is not None and found.class_id is not None:
                entry, first = found, i - size
        class_id = entry.class_id if entry is not None and not entry.negated else None
        if class_id is None and entry is None:
            # "an SGLT2-type pill", "a PPI-class medicine": the word that opens one class's
            # name, and no other class's
            class_id = _class_by_first_word(kb).get(base)
        if class_id is None:
            continue
        out.append(Mention(first=first, last=i + 1, start=s.tokens[first].start, end=token.end,
                           class_id=class_id))
    return out


def _class_by_first_word(kb: KnowledgeBase) -> dict[str, str]:
    """The first word of class names of two words or more, where it opens the names of
    one class only (with its parents): "sglt2" -> sglt2-inhibitor, "ace" -> ace-inhibitor."""
    found = kb.__dict__.get("_medical_first_words")
    if found is None:
        seen: dict[str, set[str]] = {}
        for key, entry in kb.index.items():
            if len(key) >= 2 and entry.class_id is not None and not entry.negated and key[0].isalnum() \
                    and kb.index.get((key[0],)) is None:
                seen.setdefault(key[0], set()).add(entry.class_id)
        found = {}
        for word, ids in seen.items():
            # one class, or a class and the classes above it ("beta2 agonist", "beta2 agonists")
            lowest = [c for c in ids if not any(c != o and c in kb.ancestors(o) for o in ids)]
            if len(lowest) == 1:
                found[word] = lowest[0]
        kb.__dict__["_medical_first_words"] = found
    return found


HEAD_NOUNS = frozenset("""medicine medicines medication medications drug drugs pill pills tablet tablets
    treatment treatments product products option options""".split())
# After "in the CLASS": the class names a group, not something else ("in the opioid crisis").
GROUP_WORDS = frozenset("""family families class classes group groups category categories type types
    kind kinds""".split())


def _mod_string(s: Sentence, first: int, last: int) -> tuple[str, list[int]]:
    """Tokens [first, last) as one string of norms (modifiers as "MOD", other class mentions
    as "CLS", generic head nouns as "NOUN"), with each word's token index, for the predicate
    pattern."""
    words, index = [], []
    inside = -1
    starts = {m.first: m for m in s.mentions if first <= m.first < last}
    for k in range(first, last):
        norm = _norm(s, k)
        token = s.tokens[k]
        here = starts.get(k)
        if k < inside:
            norm = "CLS"
        elif here is not None and here.is_class and here.last <= last:
            norm = "CLS"
            inside = here.last
        elif norm in HEAD_NOUNS:
            norm = "NOUN"
        elif norm in ADJECTIVES or (token.is_word and "-" in norm and here is None
                                    and not norm.startswith("non-")):
            norm = "MOD"
        words.append(norm)
        index.append(k)
    return " ".join(words), index


def _skip_relative_clause(s: Sentence, k: int) -> int:
    """"Ticagrelor (Brilinta), which many people take for a year, is ...", "Sertraline, which
    belongs to ...", "Sertraline, like venlafaxine, is ...": the subject ends before the comma
    that opens the clause."""
    if _norm(s, k - 1) in ("which", "that", "who") and _norm(s, k - 2) == ",":
        return k - 2
    if _norm(s, k - 1) != ",":
        return k
    for j in range(k - 2, max(0, k - 30), -1):
        word = _norm(s, j)
        if word in (".", ";", ":") or (s.mention_at(j) is not None and s.mention_at(j).is_class):
            return k
        if word in ("which", "who", "like") and _norm(s, j - 1) == ",":
            return j - 1
    return k


def _subject_before(s: Sentence, k: int) -> list[Mention]:
    """Named items of the whole subject that ends just before token k ("Hydrocortisone
    1% cream is" -> hydrocortisone; "Ticagrelor, which ..., is" -> ticagrelor)."""
    relative = k >= 2 and _norm(s, k - 1) in ("which", "that", "who") and _norm(s, k - 2) == ","
    k = _skip_relative_clause(s, k)
    j = k
    while j > 0:
        if _norm(s, j - 1) == ")":
            opened = _open_paren(s, j - 1)
            if opened is None or s.mention_ending_at(opened) is not None:
                break   # "tacrolimus (Protopic)": the names themselves
            j = opened
        elif _norm(s, j - 1) in FORM_WORDS or s.tokens[j - 1].text[0].isdigit():
            j -= 1
        else:
            break
    subjects = _backward_items(s, j)
    if not subjects and j != k:
        subjects = _backward_items(s, k)
    if not subjects:
        return []
    first = subjects[0].first
    if first > 0 and _norm(s, first - 1) not in _SUBJECT_LEFT and s.tokens[first - 1].is_word \
            and not (relative and len(subjects) == 1):
        # "The mini-pill contains norethindrone, which is ...": a relative clause is said of
        # the name just before it, wherever that name stands
        return []
    return subjects


_FRONTING = frozenset("because since as although though while whereas if when".split())


def _fronted_clause_item(s: Sentence, k: int) -> list[Mention]:
    """"Because lisdexamfetamine is a prodrug, it is not ...": "it" right before token ``k``
    after a fronted clause that names one medicine stands for that medicine."""
    if k < 4 or _norm(s, k - 1) not in ("it", "they") or _norm(s, k - 2) != "," \
            or _norm(s, 0) not in _FRONTING:
        return []
    named = [m for m in s.mentions if m.product is not None and m.last <= k - 2]
    if len({m.product.name for m in named}) != 1:
        return []
    return [named[0]]


def _anaphor_at_start(s: Sentence, k: int) -> bool:
    """Tokens [0, k) are "It", "This medicine", "These drugs" ... (the sentence points back)."""
    return s.norms(0, k) in _ANAPHORS


def _predicate(s: Sentence, cls: Mention) -> list[Relation]:
    """"A is classified as a CLASS", "A belongs to the CLASS family", "A is one of the CLASS",
    "A works as a CLASS", "A is a type of CLASS", "A is grouped with the newer CLASS"."""
    lo = max(0, cls.first - 16)
    if not any(t.norm in _PREDICATE_VERBS for t in s.tokens[lo:cls.first]):
        return []
    text, index = _mod_string(s, lo, cls.first)
    match = _PREDICATE.search(text)
    if match is None:
        return []
    verb_at = index[text.count(" ", 0, match.start("verb"))]
    if match.group("how") is None and match.group("kind") is None and match.group("adv").strip() in ("", "not", "n't", "also", "never") \
            and match.group("verb") in COPULAS | NEGATED_COPULAS and not match.group("mods"):
        return []   # plain "A is (not) a CLASS" is _copula's
    if match.group("verb") == "," and (match.group("how") or "").strip() in ("", "as", "to be", "called"):
        return []   # an appositive needs its participle: ", known as an X", ", classified as an X"
    phrase = match.group(0).split()
    negated = cls.negated or any(w in NEGATIONS or w in NEGATED_COPULAS or w == "neither" for w in phrase)
    if match.group("verb") in ("works", "work", "acts", "act", "functions", "function") \
            and match.group("how") != " as":
        return []
    if match.group("place") or (match.group("kind") or "").split()[:1] in (
            ["in"], ["into"], ["within"], ["to"], ["under"], ["with"], ["alongside"], ["from"]):
        after = _norm(s, cls.last)
        if after not in GROUP_WORDS and after not in ("", ",", ".", ";", ")", "and", "or", "because", "so"):
            return []   # "is a driver in the opioid crisis": the class is not the group
        if match.group("place") and (match.group("how") or match.group("verb") not in COPULAS
                                                  | NEGATED_COPULAS):
            return []
    if match.group("verb") in ("belongs", "belong", "sits", "sit", "falls", "fall", "fits", "fit") \
            and match.group("kind") is None:
        return []
    while verb_at > 0 and match.group("verb") not in COPULAS | NEGATED_COPULAS | {","} \
            and _norm(s, verb_at - 1) in _AUX_BEFORE_VERB:
        # "Diazepam does not count as a ...", "Tramadol doesn't really fit into the ... group"
        negated = negated or _norm(s, verb_at - 1) in NEGATIONS | _AUX_NEGATED
        verb_at -= 1
    subjects = _subject_before(s, verb_at) or _fronted_clause_item(s, verb_at)
    if not subjects:
        if _anaphor_at_start(s, verb_at):
            return [Relation(cls=cls, item=cls, negated=negated, pointer=True)]
        return []
    return [Relation(cls=cls, item=m, negated=negated) for m in subjects]


_AUX_BEFORE_VERB = frozenset("""does do did doesn't don't didn't not never really actually truly also
    still can cannot can't""".split())

_UNRELATED = re.compile(
    r"(?:^|\s)(?P<verb>is|are|has|have|isn't|aren't|works|work|acts|act)(?:\s(?:absolutely|completely|totally|entirely|very|really|quite))?"
    r"\s(?:(?<=works\s)differently\s(?:from|than)|(?<=work\s)differently\s(?:from|than)"
    r"|(?<=acts\s)differently\s(?:from|than)|(?<=act\s)differently\s(?:from|than)"
    r"|nothing\sin\s(?:common|MOD)\swith|no\srelation\sto|nothing\sto\sdo\swith|nothing\slike|not\slike"
    r"|(?:unrelated|different|MOD)\s(?:to|from)|not\s(?:related|similar)\sto|not\spart\sof|not\sone\sof"
    r"|(?:a\s)?(?:different|separate|MOD)\s(?:kind|type|class|family)\s(?:of\s(?:medicine|drug|NOUN)\s)?(?:from|than))"
    r"(?:\s(?:the|a|an))?(?:\sMOD)*\s?$")


# Before a class: only some of its members are meant ("unlike most opioids").
_SOME_OF_CLASS = frozenset("""most many some typical traditional classic classical older full pure
    stronger standard usual""".split())


def _unrelated(s: Sentence, cls: Mention) -> list[Relation]:
    """"Tramadol has nothing in common with opioids", "X is unrelated to NSAIDs": a denial
    of membership. "Different from other opioids" says the opposite and is left alone."""
    lo = max(0, cls.first - 12)
    norms = s.norms(lo, cls.first)
    if not any(w in ("common", "relation", "unrelated", "different", "differently", "related", "similar", "like",
                     "part", "separate", "nothing") for w in norms) \
            or any(w in OTHER_WORDS or w in _SOME_OF_CLASS for w in norms[-3:]):
        return []   # "works differently from other opioids", "from most SSRIs": one of them
    text, index = _mod_string(s, lo, cls.first)
    match = _UNRELATED.search(text)
    if match is None:
        return []
    verb_at = index[text.count(" ", 0, match.start("verb"))]
    subjects = _subject_before(s, verb_at)
    if not subjects:
        if _anaphor_at_start(s, verb_at):
            return [Relation(cls=cls, item=cls, negated=True, pointer=True)]
        return []
    return [Relation(cls=cls, item=m, negated=True) for m in subjects]


_ACTIVE_VERBS = frozenset("""classify classifies classified consider considers considered group groups
    grouped list lists listed count counts counted label labels labeled labelled call calls""".split())
# Verbs that name their object as the class right after it, without "as" ("Doctors call X
# a Z"; "people call Tylenol an NSAID" reports a usage and is left alone).
_NAMING_VERBS = frozenset("consider considers considered call calls".split())
_REPORTERS = frozenset("people patients some many folks others everyone".split())


def _active(s: Sentence, cls: Mention) -> list[Relation]:
    """"Doctors classify sertraline as an SSRI", "The FDA lists X among the CLASS"."""
    k = cls.first
    while k > 0 and (_norm(s, k - 1) in ADJECTIVES or _norm(s, k - 1) in CLASS_PREMODIFIERS - {"the", "other"}):
        k -= 1
    if _norm(s, k - 1) in ("a", "an", "the"):
        k -= 1
    if s.norms(k - 2, k) == ("to", "be"):
        k -= 1   # "consider tramadol to be an opioid" (the medicine ends where "to" starts)
    elif _norm(s, k - 1) not in ("as", "among", "with"):
        # "Doctors consider tramadol an opioid", "Many people call Tylenol an NSAID"
        item = s.mention_ending_at(k)
        if item is None or item.product is None or _norm(s, item.first - 1) not in _NAMING_VERBS \
                or not _REPORTERS.isdisjoint(s.norms(max(0, item.first - 4), item.first - 1)):
            return []   # "Many people consider Tylenol an NSAID": a belief reported
        k += 1
    k -= 1
    item = s.mention_ending_at(k)
    if item is None and _norm(s, k - 1) == ")":
        opened = _open_paren(s, k - 1)
        item = s.mention_ending_at(opened) if opened is not None else None
    if item is None or item.product is None or _norm(s, item.first - 1) not in _ACTIVE_VERBS:
        return []
    negated = cls.negated or any(w in NEGATIONS or w in NEGATED_COPULAS or w in ("don't", "doesn't", "didn't")
                                 for w in s.norms(max(0, item.first - 4), item.first - 1))
    return [Relation(cls=cls, item=item, negated=negated)]


_CONTRAST = re.compile(r"(?:^|\s)(?:,\s|;\s)?(?:(?:and|but)\s)?(?P<neg>not|nor|rather\sthan|instead\sof|never)"
                       r"(?:\s(?:a|an|the))?(?:\sMOD)*\s?$")


def _contrast(s: Sentence, cls: Mention) -> list[Relation]:
    """"A is an anticonvulsant, not a benzodiazepine", "A is neither an X nor a Y",
    "A is an X rather than a Y": the class after the contrast is denied for A."""
    lo = max(0, cls.first - 8)
    if not any(t.norm in ("not", "nor", "rather", "instead", "never") for t in s.tokens[lo:cls.first]):
        return []
    text, index = _mod_string(s, lo, cls.first)
    match = _CONTRAST.search(text)
    if match is None:
        return []
    k = index[text.count(" ", 0, match.start("neg"))] if match.start("neg") > 0 else lo
    # Back over the first predicate ("an anti-inflammatory tablet", "a leukotriene blocker")
    # to its copula, at most six words.
    j = k
    while j > 0 and _norm(s, j - 1) in (",", ";", "and", "but"):
        j -= 1
    steps = 0
    while j > 0 and steps < 7 and _norm(s, j - 1) not in COPULAS | NEGATED_COPULAS:
        word = _norm(s, j - 1)
        if word in CLAUSE_WORDS - {"is", "are"} or word in (",", ";", ".", "(", ")"):
            return []
        j -= 1
        steps += 1
    if j == 0 or _norm(s, j - 1) not in COPULAS | NEGATED_COPULAS:
        return []
    subjects = _subject_before(s, j - 1)
    negated = True
    if match.group("neg") == "never" or cls.negated:
        negated = True
    if not subjects:
        if _anaphor_at_start(s, j - 1):
            return [Relation(cls=cls, item=cls, negated=negated, pointer=True)]
        return []
    return [Relation(cls=cls, item=m, negated=negated) for m in subjects]


_FRONT_OTHER = frozenset({"other", "all", "most", "many", "some"})


def _name_ending_at(s: Sentence, k: int) -> Mention | None:
    """The medicine named just before token k, over its form and strength words
    ("Effexor XR", "hydrocortisone 1% cream")."""
    j = k
    while j > 0 and s.mention_ending_at(j) is None and (_norm(s, j - 1) in FORM_WORDS or
                                                       s.tokens[j - 1].text[:1].isdigit()) and k - j < 3:
        j -= 1
    return s.mention_ending_at(j)


def _aside_like(s: Sentence, cls: Mention) -> list[Relation]:
    """"Metformin, like other sulfonylureas, ...", "Venlafaxine (unlike SSRIs) ...",
    "Naproxen, as with other NSAIDs, ...": the comparison set off after the medicine says
    whether it is one of the class ("other": it is) or not ("unlike" without "other")."""
    k = cls.first
    other = False
    while k > 0 and (_norm(s, k - 1) in CLASS_PREMODIFIERS or _norm(s, k - 1) in ADJECTIVES):
        if _norm(s, k - 1) in _FRONT_OTHER:
            other = True
        k -= 1
    if s.norms(k - 2, k) in (("as", "with"), ("just", "like"), ("much", "like")):
        word = "like"
        k -= 2
    elif _norm(s, k - 1) in ("like", "unlike"):
        word = _norm(s, k - 1)
        k -= 1
    else:
        return []
    if _norm(s, k - 1) not in (",", "(", "\u2014", "\u2013"):
        return []
    after = _norm(s, cls.last)
    if after not in (",", ")", "\u2014", "\u2013"):
        return []
    if word == "like" and not other:
        return []   # "Ibuprofen, like aspirin, ...": a comparison with a named medicine
    item = _name_ending_at(s, k - 1)
    if item is None and _norm(s, k - 2) == ")":
        opened = _open_paren(s, k - 2)
        item = s.mention_ending_at(opened) if opened is not None else None
    if item is None or item.product is None:
        return []
    negated = word == "unlike" and not other
    return [Relation(cls=cls, item=item, negated=negated or cls.negated)]


def _fronted(s: Sentence, kb: KnowledgeBase, cls: Mention) -> list[Relation]:
    """"Like other triptans, lasmiditan ...", "Unlike opioids, tramadol ...", "As a biologic,
    methotrexate ...": the class stands before the sentence's subject."""
    k = cls.first
    other = False
    while k > 0 and (_norm(s, k - 1) in CLASS_PREMODIFIERS or _norm(s, k - 1) in ADJECTIVES):
        if _norm(s, k - 1) in _FRONT_OTHER:
            other = True
        k -= 1
    if k > 0 and _norm(s, k - 1) in ("a", "an"):
        k -= 1
        article = True
    else:
        article = False
    lead = s.norms(max(0, k - 2), k)
    if k >= 2 and lead == ("just", "like"):
        k -= 1
    word = _norm(s, k - 1)
    if k - 1 != 0 and not (k - 1 > 0 and _norm(s, k - 2) in (",", ";", ":")):
        return []
    if word == "like" and other:
        negated = False
    elif word == "unlike":
        negated = not other
    elif word in ("as", "being") and article and not cls.plural:
        negated = False
    else:
        return []
    j = _skip_alias(s, kb, cls, cls.last)
    if _norm(s, j) == "(":
        close = _close_paren(s, j)
        if close is None:
            return []
        j = close + 1
    if _norm(s, j) != ",":
        return []
    j += 1
    while _norm(s, j) in MODIFIERS:
        j += 1
    items = _list_items(s, kb, j)
    named = [r for r in items if r.item.product is not None]
    if not named:
        return []
    return _with_class(cls, named, negated=negated)


# --- class membership findings --------------------------------------------------------------


def article_name(cls: DrugClass) -> str:
    """"an NSAID (an anti-inflammatory pain reliever)" -> "an NSAID"."""
    return cls.describe.split(" (")[0]


def _item_text(s: Sentence, item: Mention) -> str:
    return s.text[item.start:item.end]


def _anticonvulsant_item(kb: KnowledgeBase, item: Mention) -> bool:
    if item.product is not None:
        return kb.is_member(item.product, "anticonvulsant")
    return item.class_id is not None and "anticonvulsant" in kb.ancestors(item.class_id)


def _class_of_item(kb: KnowledgeBase, item: Mention) -> str | None:
    """The class an item stands for: its own class, or a corticosteroid drug's class."""
    if item.class_id is not None:
        return item.class_id
    if item.product is not None and kb.is_member(item.product, "corticosteroid"):
        return "corticosteroid"
    return None


def _previous_sentences(doc: Document, ctx: Context) -> dict[int, Sentence]:
    """For each prose block (by index), the last sentence of the prose block just before it
    in the same section: what "These drugs ..." at the start of a paragraph points back to."""
    out: dict[int, Sentence] = {}
    last = None
    for index, block in enumerate(doc.blocks):
        if block.kind not in (PARAGRAPH, LIST_ITEM, BLOCKQUOTE):
            if block.kind in (HEADING, TABLE_CELL):
                last = None
            continue
        if last is not None:
            out[index] = last
        found = ctx.sentences(doc, block)
        last = found[-1] if found else None
    return out


PREVIOUS_SENTENCE: PageAnalysis[dict[int, Sentence]] = PageAnalysis("medical.previous-sentence",
                                                                    _previous_sentences)


def _pointed_products(unit: SentenceUnit, plural: bool) -> list[Product]:
    """The medicines "it"/"these drugs" stand for: the previous sentence's (all of them for a
    plural), else the page's own medicine for a singular."""
    previous = unit.previous if unit.previous is not None else \
        unit.ctx.analysis(PREVIOUS_SENTENCE, unit.doc).get(unit.index) if unit.sentence.start == 0 else None
    named: list[Product] = []
    if previous is not None:
        for m in previous.mentions:
            if m.product is not None and all(m.product.generics != p.generics for p in named):
                named.append(m.product)
    if named:
        return named if plural else named[:1]
    if not plural:
        subject = unit.ctx.analysis(PAGE_SUBJECT, unit.doc)
        return [subject] if subject is not None else []
    return []


def _resolved(unit: SentenceUnit, s: Sentence, relations: list[Relation]) -> list[Relation]:
    """Relations whose subject is "it"/"this medicine", given the medicine(s) it stands for;
    the finding then points at the class words."""
    out = []
    for rel in relations:
        if not rel.pointer or rel.item.product is not None:
            out.append(rel)
            continue
        if rel.cls.last < len(s.tokens) and s.tokens[rel.cls.last].text == ":":
            # "These are SNRIs:" introduces the list that follows (read as a lead-in); it
            # does not point back at the sentence before.
            continue
        plural = s.tokens[0].norm in ("these", "they", "both")
        for product in _pointed_products(unit, plural):
            item = Mention(first=rel.cls.first, last=rel.cls.last, start=rel.cls.start, end=rel.cls.end,
                           product=product)
            out.append(Relation(cls=rel.cls, item=item, negated=rel.negated, pointer=True))
    return out


_ORIGIN_CLASSES = {"synthetic-opioid": "synthetic", "semi-synthetic-opioid": "semi-synthetic"}


def _membership(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase,
                relations: list[Relation]) -> Iterator[Finding]:
    """Findings on class relations; "These drugs are X" about two medicines is one finding."""
    merged: dict[tuple[str, int, int], Finding] = {}
    for finding in _membership_findings(unit, s, kb, relations):
        key = (finding.rule, finding.start, finding.end)
        if key in merged:
            first = merged[key]
            merged[key] = replace(first, message=f"{first.message} {finding.message}")
        else:
            merged[key] = finding
    return iter(merged.values())


def _classes_exclude(kb: KnowledgeBase, a: str, b: str) -> bool:
    """The base says no medicine is both (or that the two are commonly confused)."""
    up_a, up_b = kb.ancestors(a), kb.ancestors(b)
    for mine, other in ((up_a, up_b), (up_b, up_a)):
        for cid in mine:
            cls = kb.classes[cid]
            if any(x in other for x in cls.excludes) or any(x in other for x in cls.confused_with):
                return True
    return False


def _class_in_place_of(kb: KnowledgeBase, product, wrong: str):
    """The product's own class that the wrongly named one is taken for: aspirin called an
    anticoagulant is an antiplatelet medicine (its first class, NSAID, says nothing about
    blood thinning). None when no class of the product is confused with it."""
    wrong_cls = kb.classes[wrong]
    direct = [cid for g in product.generics if g in kb.drugs for cid in kb.drugs[g].classes]
    # its own classes first, then the classes above them (warfarin: an anticoagulant)
    for cid in [*direct, *(a for c in direct for a in sorted(kb.ancestors(c)) if a != c)]:
        mine = kb.classes[cid]
        if cid in wrong_cls.confused_with or wrong in mine.confused_with \
                or cid in wrong_cls.excludes or wrong in mine.excludes:
            return mine
    return None


def _membership_findings(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase,
                         relations: list[Relation]) -> Iterator[Finding]:
    if relations and frames.not_a_statement(unit):
        if not frames.answered_no(unit) or frames.framed_as_myth(unit):
            return
        # "Is tramadol an opioid? No.": the answer denies what the question asks.
        relations = [replace(r, negated=not r.negated) for r in relations if r.asked]
    for rel in _resolved(unit, s, relations):
        cls_id = rel.cls.class_id
        cls = kb.classes[cls_id]
        item = rel.item
        if frames.in_quotes(s, rel.cls.start, rel.cls.end):
            continue
        if item.product is not None:
            if not kb.is_known(item.product):
                continue
            if _origin_class_claim(s, rel) and _origin_of(kb, item.product):
                continue   # an origin claim: judged by _origin
            member = kb.is_member(item.product, cls_id) or rel.combo_ok
            label = item.product.label()
            main = _class_in_place_of(kb, item.product, cls_id) or kb.main_class(item.product)
            right = main.describe if main else "something else"
        else:
            if item.class_id is None or item.class_id == cls_id:
                continue
            # One class said to be another is judged only where the base says they are
            # different kinds ("NSAIDs are opioids"): "insulin is a hormone" names a
            # substance the base knows as a class, not a claim it can judge.
            member = kb.related(item.class_id, cls_id) or not _classes_exclude(kb, item.class_id, cls_id)
            label = _item_text(s, item)
            right = kb.classes[item.class_id].describe
        written = label if rel.pointer else _item_text(s, item)
        if rel.negated:
            if member and item.product is not None:
                start, end = (item.start, rel.cls.end) if item.start < rel.cls.start \
                    else (item.start, item.end)
                yield unit.finding(FALSE_NON_MEMBERSHIP, start, end,
                                   message=f"{label} is {article_name(cls)}: saying it is not hides the risks that "
                                           f"come with {cls.short}s.", suggestions=(f"{written} is {article_name(cls)}",))
            continue
        if member:
            continue
        if cls.open and item.product is not None and not kb.excluded(item.product, cls_id):
            continue
        if cls_id == "antipsychotic" and _anticonvulsant_item(kb, item) and not rel.pointer:
            continue  # reported once, on the word "neuroleptic", by _neuroleptic
        if {cls_id, _class_of_item(kb, item)} == {"anabolic-steroid", "corticosteroid"}:
            if item.product is not None:
                start, end = item.start, item.end
                what = f"{label} is a corticosteroid, and corticosteroids are"
            else:
                start, end = min(item.start, rel.cls.start), max(item.end, rel.cls.end)
                what = "Corticosteroids are"
            yield unit.finding(CORTICOSTEROID_ANABOLIC, start, end,
                               message=f"{what} not anabolic steroids: corticosteroids calm swelling, anabolic "
                                       "steroids build muscle.", suggestions=("corticosteroid",))
            continue
        if item.is_class:
            yield unit.finding(CLASS_MEMBERSHIP, item.start, item.end,
                               message=f"'{written}' do not belong to '{rel.lead_in or s.text[rel.cls.start:rel.cls.end]}': "
                                       f"{article_name(cls)} is a different kind of medicine.", suggestions=())
            continue
        rule = OPIATE_NOT_NATURAL if cls_id == "opiate" and item.product is not None \
            and kb.is_member(item.product, "opioid") else CLASS_MEMBERSHIP
        written_class = rel.lead_in or s.text[rel.cls.start:rel.cls.end]
        message = f"{label} is not {article_name(cls)} ('{written_class}'): it is {right}."
        if rule is OPIATE_NOT_NATURAL:
            message = (f"{label} is {right}, not an opiate: opiates are the natural opioids from "
                       "the opium poppy (morphine, codeine). Write 'opioid'.")
        yield unit.finding(rule, item.start, item.end,
                           message=message, suggestions=(f"{written}: {right}",))


# --- origin --------------------------------------------------------------------------------------

# What a sentence can say a medicine is made from. Each claim is judged against Drug.origin.
_ORIGIN_WORDS = re.compile(
    r"(?P<full>(?:fully|completely|entirely|totally|purely|wholly|100%)[\s-]+(?:synthetic|man-made|manmade"
    r"|human-made|artificial|lab-made|made\s+in\s+(?:a\s+)?(?:laborator(?:y|ies)|labs?)\b)"
    r"|(?:made|produced|created|manufactured|synthesi[sz]ed)\s+(?:entirely|completely|wholly|only|totally)\s+(?:in|by)"
    r"\s+(?:a\s+|the\s+)?(?:laborator(?:y|ies)|labs?|chemists)\b)"
    r"|(?P<semi>semi-?\s?synthetic|partly\s+synthetic|partially\s+synthetic"
    r"|(?:made|produced|derived|created|synthesi[sz]ed)\s+(?:in\s+(?:a\s+)?lab(?:oratory)?\s+)?from\s+"
    r"(?:natural\s+)?(?:morphine|thebaine|codeine|opiates|opium))"
    r"|(?P<syn>synthetic|man-made|manmade|human-made|lab-made|laboratory-made|artificial(?:ly\s+made)?"
    r"|synthesi[sz]ed|chemically\s+made|made\s+from\s+chemicals|made\s+from\s+scratch"
    r"|(?:made|created|produced|manufactured)\s+(?:in|by)\s+(?:a\s+|the\s+)?(?:laborator(?:y|ies)|labs?|chemists)\b)"
    r"|(?P<animal>(?:comes?|came|coming|derived|extracted|made|taken|obtained|produced|harvested|isolated|prepared"
    r"|collected|purified)\s+from\s+(?:the\s+|a\s+)?(?:dried\s+|ground\s+|\w+\s+)?(?:pigs?|pork|porcine|hogs?|cows?"
    r"|cattle|bovine|beef|horses?|mares?|sheep|animals?)(?:'s?)?\b"
    r"|animal-derived|animal-based|(?:pig|pork|porcine|cow|beef|bovine|horse|mare)\s+(?:thyroid|pancreas|pancreases"
    r"|glands?|intestines?|urine|organs?|tissue))"
    # ("a natural hormone" is left out: the body makes melatonin and thyroxine, and copy that
    # says so names no plant)
    r"|(?P<plant>plant-based|plant-derived|herbal|naturally\s+occurring"
    r"|natural(?=\s*$|\s*[,.;)]|\s+(?:and|or)\s|\s+(?:opioids?|opiates?|alkaloids?|products?|substances?|medicines?"
    r"|medications?|drugs?|painkillers?|pain\s+relievers?|compounds?|chemicals?|remed(?:y|ies)"
    r"|extracts?|estrogens?|versions?|forms?|sources?)\b)"
    r"|(?:comes?|came|coming|derived|extracted|made|taken|obtained|produced|harvested|isolated|grown)"
    r"\s+(?:straight\s+|directly\s+|only\s+|just\s+|naturally\s+)?from\s+"
    r"(?:the\s+|a\s+)?(?:seeds?\s+of\s+(?:the\s+)?)?(?:opium\s+)?(?:poppy\s+plants?|poppy|poppies|plants?|soy|soybeans?"
    r"|yams?|herbs?|flowers?|leaves|bark|roots?|(?:sweet\s+)?clover|willow|foxglove|valerian(?:\s+root)?)"
    r"|found\s+(?:naturally\s+)?in\s+(?:the\s+)?(?:opium\s+)?(?:sweet\s+)?(?:poppy|poppies|plants?|clover"
    r"|herbs?|flowers?|leaves|bark|roots?|willow|foxglove))")
# Between the medicine and its origin: a copula, an appositive, a relative clause, adverbs.
_ORIGIN_GAP = re.compile(
    r"\)?\s*(?:\([^()]{0,60}\)\s*)?(?:,\s*|:\s*|\s[-\u2013\u2014]\s*)?(?:(?:which|that)\s+)?"
    r"(?:(?:is|are|was|were|has\s+been|have\s+been|gets|get|got|isn't|aren't|wasn't|weren't|does\s+not"
    r"|do\s+not|did\s+not|doesn't|don't|didn't)\s+)?"
    r"(?:(?:not|never|also|actually|really|still|often|usually|typically|always|mostly|generally|now"
    r"|originally|first|traditionally)\s+)*"
    r"(?:(?:considered|classified\s+as|known\s+as|described\s+as|called|a\s+type\s+of|a\s+kind\s+of|a\s+form\s+of)\s+)?"
    r"(?:(?:a|an|the)\s+)?(?:(?:strong|potent|powerful|prescription|common|popular|mild|weak|once-a-day|same"
    r"|very|exact|pure|safe|gentle)\s+)?"
    # "a (natural) hormone extracted from pig glands", "a compound found in sweet clover"
    r"(?:(?:natural\s+)?(?:hormones?|compounds?|substances?|chemicals?|medicines?|drugs?|products?|extracts?)\s+)?")
# Every origin claim holds one of these (a cheap test before the pattern runs).
_ORIGIN_HINTS = ("synthe", "made", "manufactur", "produc", "creat", "artificial", "natural", "from", "plant",
                 "herbal", "animal", "occurring")
_ORIGIN_NEGATION = re.compile(r"\b(?:not|never|isn't|aren't|wasn't|weren't|doesn't|don't|didn't)\b")
_ORIGIN_TEXT = {
    "natural": "natural: it is extracted from a plant",
    "semi-synthetic": "semi-synthetic: it is made in a lab from a natural substance",
    "synthetic": "synthetic: it is made entirely in a lab",
    "animal": "made from animal sources",
    "recombinant": "made by genetically engineered cells (recombinant DNA technology)",
}
_CLAIM_TEXT = {"full": "fully synthetic", "syn": "man-made (synthetic)", "semi": "semi-synthetic",
               "plant": "natural (from a plant)", "animal": "made from animals"}
# Claims each origin contradicts; "natural" said of a semi-synthetic medicine is judged
# separately (it does come from the poppy, but it is not natural).
_WRONG_CLAIMS = {
    "natural": {"full", "syn", "semi", "animal"},
    "semi-synthetic": {"full", "animal"},
    "synthetic": {"semi", "plant", "animal"},
    "animal": {"full", "syn", "semi", "plant"},
    "recombinant": {"animal", "plant", "semi"},
}
_SAME_CLAIM = {"natural": "plant", "semi-synthetic": "semi", "synthetic": "syn", "animal": "animal"}
_SOURCE_WORDS = frozenset({"from", "than", "like", "unlike", "as", "of", "with", "into", "to"})


def _origin_class_claim(s: Sentence, rel: Relation) -> str | None:
    """The origin a class relation states: "a synthetic opioid", "semi-synthetic opioids
    such as ...", "a natural opioid" (the base's class of opiates written as an origin;
    "an opiate" is the word the opiate rule judges)."""
    claim = _ORIGIN_CLASSES.get(rel.cls.class_id)
    if claim is None and rel.cls.class_id == "opiate":
        written = (rel.lead_in or s.text[rel.cls.start:rel.cls.end]).lower()
        if re.search(r"\bnatural", written):
            claim = "natural"   # "a natural opiate": the word that states the origin
    return claim


# A table column that says where each row's medicine comes from.
_ORIGIN_COLUMN = re.compile(r"\b(?:origin|source|made\s+from|comes\s+from|where\s+it\s+comes\s+from|how\s+it\s+is\s+made"
                            r"|natural\s+or\s+(?:synthetic|man-made)|type\s+of\s+opioid)\b", re.I)


def _table_origin(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase) -> Iterator[Finding]:
    """| Codeine | Synthetic |: a cell under an "Origin"/"Source"/"Made from" header gives
    the row's medicine its origin."""
    attrs = unit.block.attrs
    if attrs.get("header") or not attrs.get("row") or "table" not in attrs or unit.sentence.start != 0:
        return
    cells = unit.ctx.analysis(TABLE_GRID, unit.doc).get(attrs["table"], {})
    header = cells.get((0, attrs["column"]))
    if header is None or not header.attrs.get("header") or not _ORIGIN_COLUMN.search(header.text):
        return
    found = _row_product(unit, cells, attrs["row"], attrs["column"])
    if found is None:
        return
    product, _ = found
    origin_of = _origin_of(kb, product)
    text = s.text[s.start:s.end].lower().replace("\u2019", "'")
    if origin_of is None or len(text.split()) > 8 or _ORIGIN_NEGATION.search(text):
        return
    match = _ORIGIN_WORDS.search(text)
    if match is None or match.start() > 12:
        return
    generic, origin = origin_of
    claim = match.lastgroup
    if not _origin_judgement(origin, claim, False, match.group()):
        return
    yield unit.finding(DRUG_ORIGIN, s.start + match.start(), s.start + match.end(),
                       message=_origin_message(kb, product, generic, origin, claim, False), suggestions=())


def _origin_of(kb: KnowledgeBase, product: Product) -> tuple[str, str] | None:
    """(generic, origin) of the product's first medicine whose origin the base knows."""
    for generic in product.generics:
        drug = kb.drugs.get(generic)
        if drug is not None and drug.origin:
            return generic, drug.origin
    return None


def _origin_message(kb: KnowledgeBase, product: Product, generic: str, origin: str, claim: str,
                    negated: bool) -> str:
    drug = kb.drugs[generic]
    main = kb.classes[drug.classes[0]]
    fact = main.describe if main.id in ("opiate", "semi-synthetic-opioid", "synthetic-opioid") \
        else _ORIGIN_TEXT[origin]
    source = drug.source.split(";")[0].strip()
    name = product.label()
    if negated:
        return f"{name} is {fact}; the sentence says it is not (source: {source})."
    return f"{name} is not {_CLAIM_TEXT[claim]}: it is {fact} (source: {source})."


def _origin_judgement(origin: str, claim: str, negated: bool, words: str) -> bool:
    """Whether the claim contradicts the origin."""
    if negated:
        return _SAME_CLAIM.get(origin) == claim or (origin == "synthetic" and claim == "full")
    if origin == "semi-synthetic" and claim == "plant":
        # it is made from a substance of the poppy: "comes from the poppy" is loose but not
        # wrong; "natural" and "straight from the poppy" are
        return words.startswith("natural") or re.search(r"\b(?:straight|directly|only|just|naturally)\s+from\b",
                                                        words) is not None
    return claim in _WRONG_CLAIMS[origin]


def _origin(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase,
            relations: list[Relation]) -> Iterator[Finding]:
    if frames.not_a_statement(unit):
        return
    judged: set[str] = set()
    if unit.block.kind == TABLE_CELL:
        yield from _table_origin(unit, s, kb)
    # "Codeine is a synthetic opioid", "synthetic opioids such as oxycodone": the class names an origin.
    for rel in _resolved(unit, s, relations):
        claim = _origin_class_claim(s, rel)
        if claim is None or rel.item.product is None:
            continue
        found = _origin_of(kb, rel.item.product)
        if found is None or frames.in_quotes(s, rel.cls.start, rel.cls.end):
            continue
        generic, origin = found
        written = (rel.lead_in or s.text[rel.cls.start:rel.cls.end]).lower()
        kind = "full" if re.match(r"(?:fully|completely|entirely|totally|purely)\b", written) else \
            ("semi" if claim == "semi-synthetic" else "plant" if claim == "natural" else "syn")
        if kind == "syn" and origin == "semi-synthetic":
            kind = "full"   # the base's class of medicines made entirely in a lab
        judged.add(generic)
        if rel.negated or not _origin_judgement(origin, kind, False, written):
            continue
        yield unit.finding(DRUG_ORIGIN, rel.cls.start, rel.cls.end,
                           message=_origin_message(kb, rel.item.product, generic, origin, kind, False),
                           suggestions=())
    if not any(word in unit.lower for word in _ORIGIN_HINTS):
        return
    lower = s.text[:s.end].lower().replace("\u2019", "'")
    class_spans = [(m.start, m.end) for m in s.mentions
                   if m.class_id in ("synthetic-opioid", "semi-synthetic-opioid", "opiate")]
    for match in _ORIGIN_WORDS.finditer(lower, s.start, s.end):
        if any(a <= match.start() < b for a, b in class_spans):
            continue
        claim = match.lastgroup
        subject = None
        for m in s.mentions:
            if m.end > match.start():
                break
            if m.product is not None:
                subject = m
        if subject is not None and _ORIGIN_GAP.fullmatch(lower, subject.end, match.start()) is None:
            subject = None
        if subject is not None and _norm(s, subject.first - 1) in _SOURCE_WORDS:
            subject = None
        if subject is None:
            continue
        found = _origin_of(kb, subject.product)
        if found is None or found[0] in judged or frames.in_quotes(s, match.start(), match.end()):
            continue
        generic, origin = found
        negated = _ORIGIN_NEGATION.search(lower, subject.end, match.start()) is not None
        if claim == "syn" and re.match(r"\s+(?:\w+\s+){0,2}?from\s+(?!chemicals|scratch)", lower[match.end():s.end]):
            claim = "semi"   # "made in a lab from natural opiates"
        if not _origin_judgement(origin, claim, negated, match.group()):
            judged.add(generic)
            continue
        judged.add(generic)
        yield unit.finding(DRUG_ORIGIN, match.start(), match.end(),
                           message=_origin_message(kb, subject.product, generic, origin, claim, negated),
                           suggestions=())


# --- neuroleptic ------------------------------------------------------------------------------

_NERVE_CONTEXT = re.compile(
    r"\bnerve[- ]pain|\bneuropath|\bneuralgia|\bsciatica|\bpinched nerve|\bnerve (?:compression|roots?)"
    r"|\bcompress\w* (?:the |a )?nerves?|\b(?:irritated|overactive|over-active|damaged|inflamed|injured)"
    r" (?:nerves?|nerve cells|cells|neurons)|\bcalm\w* (?:down )?(?:the |irritated |overactive )?"
    r"(?:nerves?|nerve cells|neurons)|\bstabiliz\w* [\w\s]{0,40}\b(?:neurons?|nerve cells|nerves)"
    r"|\bnerve-calming|\b(?:back|spine|spinal|radicular|neck|leg) pain|\bspinal cord\b|\bspine\b")
_PSYCH_CONTEXT = re.compile(
    r"\bpsychos[ie]s|\bpsychotic|\bschizophreni|\bbipolar|\bhallucinat|\bdelusion|\bdelirium"
    r"|\bagitation|\bmental illness|\btourette|\bnausea|\bvomiting|\bmania\b|\bmanic\b")


def _anticonvulsant_for(text: str, start: int, end: int) -> tuple[int, str]:
    """The replacement for the 'neuroleptic' words at [start, end), in their number and
    role: "neuroleptics" -> "anticonvulsants (anti-seizure medicines)", "a neuroleptic"
    -> "an anticonvulsant (anti-seizure medicine)" (the article is part of the span),
    "Neuroleptic medications" -> "Anticonvulsant (anti-seizure) medications"."""
    written = text[start:end]
    head = written.split()
    if len(head) > 1:                      # an adjective before its noun: keep the noun
        replacement = f"anticonvulsant (anti-seizure) {' '.join(head[1:])}"
    elif written.lower().endswith("s"):
        replacement = "anticonvulsants (anti-seizure medicines)"
    else:
        replacement = "anticonvulsant (anti-seizure medicine)"
    if written[:1].isupper():
        replacement = replacement[0].upper() + replacement[1:]
    return agree_article(text, start, replacement)


def _neuroleptic(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase,
                 relations: list[Relation]) -> Iterator[Finding]:
    reported: set[int] = set()
    for rel in relations:
        if rel.negated or rel.cls.class_id != "antipsychotic" or rel.cls.first in reported or rel.pointer:
            continue
        if _anticonvulsant_item(kb, rel.item):
            reported.add(rel.cls.first)
            written = s.text[rel.cls.start:rel.cls.end]
            what = _item_text(s, rel.item)
            verb = "are anticonvulsants (anti-seizure medicines)" if rel.item.is_class \
                else "is an anticonvulsant (anti-seizure medicine)"
            start, suggestion = _anticonvulsant_for(s.text, rel.cls.start, rel.cls.end)
            yield unit.finding(NEUROLEPTIC, start, rel.cls.end,
                               message=f"'{written}' means antipsychotic (like haloperidol); {what} {verb}, "
                                       "not a neuroleptic.", suggestions=(suggestion,))
    lower = s.lower
    if not _NERVE_CONTEXT.search(lower) or _PSYCH_CONTEXT.search(lower):
        return
    correct_members = {rel.cls.first for rel in relations
                       if rel.cls.class_id == "antipsychotic" and rel.item.product is not None
                       and kb.is_member(rel.item.product, "antipsychotic")}
    for mention in s.mentions:
        if mention.class_id != "antipsychotic" or mention.negated or mention.first in reported \
                or mention.first in correct_members:
            continue
        if s.norms(mention.last, mention.last + 2) == ("malignant", "syndrome"):
            continue
        reported.add(mention.first)
        written = s.text[mention.start:mention.end]
        start, suggestion = _anticonvulsant_for(s.text, mention.start, mention.end)
        yield unit.finding(NEUROLEPTIC, start, mention.end,
                           message=f"'{written}' means antipsychotic (like haloperidol). Medicines that calm overactive "
                                   "nerves for nerve pain, such as gabapentin and pregabalin, are anticonvulsants "
                                   "(anti-seizure medicines).", suggestions=(suggestion,))


# --- opioids -------------------------------------------------------------------------------------

_SYNTHETIC_PREDICATE = re.compile(
    r"[\"\u201d'\u2019]?(?:,\s*|\s+|\s*\(\s*|\s*[-\u2014:]\s*)(?:(?:which|that)\s+)?"
    r"(?:(?:are|is|were|was|means?|meant|refers?\s+to|referred\s+to|describes?|described|stands?\s+for"
    r"|covers?|names?|is\s+the\s+(?:name|word|term)\s+for|(?:is|are)\s+defined\s+as|(?:is|are)\s+used\s+for"
    r"|(?:is|are)\s+(?:a|the)\s+(?:name|word|term)\s+for)\s+)?"
    r"(?:(?:all|mostly|usually|generally|typically|always|only|purely|entirely|completely|fully|just)\s+)?"
    r"(?:(?:a|an|the)\s+)?"
    r"(?:(?:drugs?|medicines?|medications?|painkillers?|pain\s+relievers?|substances?|chemicals?|compounds?)"
    r"\s+(?:that\s+(?:are|were)\s+|which\s+(?:are|were)\s+)?)?"
    r"(?P<what>synthetic|man-made|manmade|human-made|lab-made|artificial(?:ly made)?|synthesized"
    r"|manufactured|chemically made|made (?:in|by) (?:a )?(?:laboratory|laboratories|labs|lab|chemists)"
    r"|created in (?:a )?(?:laboratory|labs|lab)|made from chemicals"
    r"|(?:lab|laboratory|factory)-(?:made|created|produced|designed|grown|built)|chemically[- ](?:created|produced)"
    r"|synthetically (?:made|created|produced)|made synthetically|artificially (?:created|produced))\b")
# "The word describes drugs made in a lab", after a sentence that names the class.
_THE_WORD = re.compile(r"\s*(?:the|this|that)\s+(?:word|term|name)\b", re.I)
_LIKENESS = re.compile(r"\b(?:copy|copies|mimic|mimics|imitate|imitates|resembl\w*|(?:acts?|works?)\s+like"
                       r"|versions?\s+of|similar\s+to|replace|replaces)\b")
_NOT_ONLY_SYNTHETIC = re.compile(r"\bnatural|\bsemi-?synthetic|\bpartly|\bpartially|\bsome\b")
_QUANTIFIERS = frozenset("""some certain many several most these those such other newer illicit
    illegal illegally street fake counterfeit synthetic semi-synthetic semisynthetic fully a an
    one two""".split())


def _opioids_synthetic(unit: SentenceUnit, s: Sentence) -> Iterator[Finding]:
    if frames.not_a_statement(unit):
        return
    word = _THE_WORD.match(s.text, s.start, s.end)
    if word is not None and not any(m.class_id == "opioid" for m in s.mentions) and unit.previous is not None \
            and any(m.class_id == "opioid" and not m.negated for m in unit.previous.mentions):
        match = _SYNTHETIC_PREDICATE.match(s.text, word.end(), s.end)
        if match is not None and not _NOT_ONLY_SYNTHETIC.search(s.text[match.end():s.end].lower()):
            yield unit.finding(OPIOIDS_SYNTHETIC, word.start() + len(word.group()) - len(word.group().lstrip()),
                               match.end("what"),
                               message="'Opioid' is the whole class: natural opiates (morphine, codeine), semi-synthetic "
                                       "(oxycodone) and synthetic (fentanyl) opioids. Only some opioids are made in a lab.",
                               suggestions=(OPIOIDS_SYNTHETIC.suggestion,))
    for mention in s.mentions:
        if mention.class_id != "opioid" or mention.negated:
            continue
        before = _norm(s, mention.first - 1)
        if before in _QUANTIFIERS and not (before in ("a", "an") and mention.first == 1):
            continue
        match = _SYNTHETIC_PREDICATE.match(s.text, mention.end, s.end)
        if match is None:
            continue
        rest = s.text[mention.end:s.end].lower()
        clause_end = re.search(r"[;.]|\bbut\b|\bwhile\b|\bwhereas\b", rest)
        predicate = rest[:clause_end.start()] if clause_end else rest
        likeness = _LIKENESS.search(predicate)
        if likeness is not None:
            predicate = predicate[:likeness.start()]   # what they copy is not what they are
        if _NOT_ONLY_SYNTHETIC.search(predicate):
            continue
        written = s.text[mention.start:mention.end]
        yield unit.finding(OPIOIDS_SYNTHETIC, mention.start, match.end("what"),
                           message=f"'{written}' is the whole class: natural opiates (morphine, codeine), semi-synthetic "
                                   "(oxycodone) and synthetic (fentanyl) opioids. Only some opioids are made in a lab.", suggestions=(OPIOIDS_SYNTHETIC.suggestion,))


_ADDICTION_CLAIM = re.compile(
    r"\b(?:is|are|be|was|were)\s+(?:not|never)\s+(?:be\s+)?(?:addictive|habit[- ]forming)\b"
    r"|\b(?:isn't|aren't|wasn't|weren't)\s+(?:addictive|habit[- ]forming)\b"
    r"|\bnon-?addictive\b|\bnot\s+addictive\b"
    r"|\bno\s+(?:risk|chance|danger)\s+of\s+(?:addiction|becoming addicted|getting addicted|dependence)\b"
    r"|\bzero\s+risk\s+of\s+addiction\b"
    r"|\b(?:won't|will not|cannot|can't|can not|will never|could not|couldn't)\s+(?:become|get|be)\s+addicted\b")
_REPORTED_BELIEF = re.compile(r"\bmyths?\b|\bfalse\b|\bnot true\b|\buntrue\b|\bmisconception|\bwrong\b"
                              r"|\b(?:no one|nobody|anyone)\s+(?:\w+\s+)?(?:say|says|tell|tells|claim|claims)\b"
                              r"|\bmistaken|\bincorrect|\bbelieve|\bthink\b|\bassume")


def _is_opioid(kb: KnowledgeBase, mention: Mention) -> bool:
    if mention.negated:
        return False
    if mention.product is not None:
        return kb.is_member(mention.product, "opioid")
    return mention.class_id is not None and "opioid" in kb.ancestors(mention.class_id)


def _not_addictive(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase) -> Iterator[Finding]:
    lower = s.text[:s.end].lower().replace("’", "'")
    for match in _ADDICTION_CLAIM.finditer(lower, s.start, s.end):
        if _REPORTED_BELIEF.search(lower, s.start, s.end):
            return
        before = [m for m in s.mentions if m.end <= match.start()]
        after = [m for m in s.mentions if m.start >= match.end()
                 and re.fullmatch(r"\s*to\s+(?:\w+\s+){0,2}", lower[match.end():m.start]) is not None]
        subject = before[-1] if before else (after[0] if after else None)
        if subject is None or not _is_opioid(kb, subject):
            continue
        if subject.is_class and s.norms(max(0, subject.first - 2), subject.first)[-1:] in (
                ("not",), ("n't",), ("isn't",), ("aren't",), ("never",)):
            continue   # "They are not opioids, and they are not habit-forming": said of something else
        yield unit.finding(OPIOIDS_NOT_ADDICTIVE, match.start(), match.end(),
                           message="Opioids can cause addiction even when taken exactly as prescribed; do not say "
                                   "they are not addictive.", suggestions=("can lead to addiction, even when taken as prescribed",))


# --- mechanisms and regulatory facts --------------------------------------------------------

_REDUCES_SWELLING = re.compile(
    r"\b(?:reduc|reliev|eas|lower|decreas|fight|treat|calm|control|shrink|prevent|lessen|help)\w*"
    r"(?:\s+with)?\s+(?:[\w,'-]+\s+){0,4}?(?:swelling|inflammation|inflamed)\b"
    r"|\b(?:bring|take)s?\s+down\s+(?:[\w,'-]+\s+){0,3}?swelling\b")
_NEGATED_BETWEEN = re.compile(r"\bnot\b|n't\b|\bno\b|\bwithout\b|\bnever\b|\bcannot\b|\bnor\b")


def _only_acetaminophen(kb: KnowledgeBase, mention: Mention) -> bool:
    return mention.product is not None and set(mention.product.generics) == {"acetaminophen"}


def _acetaminophen_swelling(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase) -> Iterator[Finding]:
    lower = s.text[:s.end].lower().replace("’", "'")
    for match in _REDUCES_SWELLING.finditer(lower, s.start, s.end):
        before = [m for m in s.mentions if m.end <= match.start()]
        if not before or not _only_acetaminophen(kb, before[-1]):
            continue
        if _NEGATED_BETWEEN.search(lower, before[-1].end, match.end()):
            continue
        yield unit.finding(ACETAMINOPHEN_SWELLING, match.start(), match.end(),
                           message="Acetaminophen eases pain and fever but does not reduce swelling (inflammation); "
                                   "NSAIDs such as ibuprofen do.", suggestions=("pain and fever",))


_SPINAL_SPACE = re.compile(
    r"\b(?:creat|mak|open|widen|increas|free|add|giv|enlarg)\w*\s+(?:up\s+)?(?:\w+\s+){0,2}?"
    r"(?:space|room)\s+(?:\w+\s+){0,3}?(?:spinal canal|canal|spine|nerves?|vertebra\w*|foramen|foramina)\b")
_SURGERY = re.compile(r"\bsurg|\blaminectom|\blaminotom|\bforaminotom|\bdiscectom|\bdecompress"
                      r"|\bprocedure|\boperation|\bimplant|\bspacer|\bdevice|\bremov|\bfusion|\btraction")
_PRONOUN_START = frozenset({"this", "these", "that", "it", "they", "doing", "which"})


def _nsaid_mention(kb: KnowledgeBase, sentence: Sentence) -> Mention | None:
    for mention in sentence.mentions:
        if mention.negated:
            continue
        if mention.product is not None and kb.is_member(mention.product, "nsaid"):
            return mention
        if mention.class_id in ("nsaid", "cox-2-inhibitor", "anti-inflammatory"):
            return mention
    return None


def _spinal_space(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase,
                  previous: Sentence | None) -> Iterator[Finding]:
    lower = s.text[:s.end].lower()
    match = _SPINAL_SPACE.search(lower, s.start, s.end)
    if match is None or _SURGERY.search(lower, s.start, s.end):
        return
    subject = _nsaid_mention(kb, s)
    if subject is None and previous is not None and s.tokens and s.tokens[0].norm in _PRONOUN_START:
        if not _SURGERY.search(previous.lower):
            subject = _nsaid_mention(kb, previous)
    if subject is None:
        return
    yield unit.finding(NSAID_SPINAL_SPACE, match.start(), match.end(),
                       message="NSAIDs ease pain and swelling; they do not create space in the spinal canal (only "
                               "surgery changes its size).", suggestions=("ease pain and swelling",))


# Between "is" and "anabolic": "a low-dose anabolic steroid", "a mild kind of anabolic".
_ANABOLIC_LEAD = frozenset("""a an type kind form sort of low-dose low dose mild weak gentle light small
    tiny safe inhaled""".split())


def _anabolic(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase) -> Iterator[Finding]:
    """"Corticosteroids are anabolic (steroids)", "anabolic corticosteroids"."""
    for mention in s.mentions:
        corticosteroid = (mention.class_id is not None and not mention.negated and (
            mention.class_id == "corticosteroid" or "corticosteroid" in kb.ancestors(mention.class_id))) or (
            mention.product is not None and kb.is_member(mention.product, "corticosteroid"))
        if not corticosteroid:
            continue
        if _norm(s, mention.first - 1) == "anabolic":
            start = s.tokens[mention.first - 1].start
            yield unit.finding(CORTICOSTEROID_ANABOLIC, start, mention.end,
                               message="Corticosteroids are not anabolic steroids: they calm swelling; anabolic steroids "
                                       "build muscle.", suggestions=("corticosteroids",))
            continue
        k = mention.last
        if _norm(s, k) not in COPULAS:
            continue
        k += 1
        while _norm(s, k) in COPULA_ADVERBS | _ANABOLIC_LEAD:
            k += 1
        if _norm(s, k) == "anabolic":
            yield unit.finding(CORTICOSTEROID_ANABOLIC, mention.start, s.tokens[k].end,
                               message="Corticosteroids are not anabolic steroids: they calm swelling; anabolic steroids "
                                       "build muscle.", suggestions=("corticosteroids",))


def _brand_mismatch(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase) -> Iterator[Finding]:
    """"acetaminophen (Advil)": the name in parentheses is another medicine."""
    for mention in s.mentions:
        if mention.product is None or _norm(s, mention.last) != "(":
            continue
        close = _close_paren(s, mention.last, 16)
        if close is None:
            continue
        k = mention.last + 1
        for lead in (("brand", "names"), ("brand", "name"), ("such", "as"), ("e", ".", "g", "."),
                     ("for", "example")):
            if _starts_with(s, k, lead):
                k += len(lead)
                break
        if _norm(s, k) in (":", ","):
            k += 1
        inner: list[Mention] = []
        joined = False
        while k < close:
            item = s.mention_at(k)
            if item is None or item.product is None:
                inner = []
                break
            inner.append(item)
            k = item.last
            if _norm(s, k) == ",":
                k += 1
            if _norm(s, k) in ("and", "with", "/", "+", "plus"):
                joined = True
                k += 1
        if not inner:
            continue
        if joined and len(mention.product.generics) < 2:
            continue   # "Tylenol (acetaminophen and codeine)": a product the base may name otherwise
        outer = set(mention.product.generics)
        for item in inner:
            if not outer & set(item.product.generics):
                written = _item_text(s, item)
                yield unit.finding(BRAND_MISMATCH, item.start, item.end,
                                   message=f"{item.product.label()} is not {mention.product.label()}: '{written}' names "
                                           "a different medicine.", suggestions=())


# What links two names of one medicine ("Lexapro, the brand name for escitalopram",
# "Zoloft, also called sertraline", "Norco is the same medicine as Vicodin"). "same" links
# need the same medicines on both sides; the others need one in common.
_NAME_LINK = re.compile(
    r"^(?:,\s)?(?:\(\s)?(?:which\s|that\s)?(?P<verb>is\s|are\s|was\s)?(?:also\s|actually\s|really\s|simply\s|just\s)?"
    r"(?:(?P<brand>(?:a|the|one)\s(?:common\s|popular\s|well-known\s|newer\s)?(?:brand|brand\sname|brand-name\sversion|brand-name\sform"
    r"|trade\sname|brand\sversion)s?\s(?:of|for)"
    r"|(?:a|the)\s(?:generic|generic\sname|generic\sform|generic\sversion|chemical\sname|active\singredient)\s(?:of|for|in)"
    r"|(?:sold|marketed|available|known|called|named|branded)\s(?:as|under)(?:\s(?:the|a))?(?:\s(?:brand|trade))?(?:\snames?)?"
    r"|(?:also\s)?(?:called|known\sas|named|sold\sas|marketed\sas)"
    r"|(?:known|sold|available|called)\sgenerically\sas|generically\s(?:known\sas|called|named|sold\sas)"
    r"|whose\s(?:generic|brand|chemical)\sname\sis|(?:its|the)\s(?:generic|brand)\s(?:name|version)\sis"
    r"|(?:generic|brand)\sname\s:"
    r"|(?:another|a\sdifferent|an\sother)\sname\sfor"
    r"|the\sgeneric\sname\sis|generic\sname|brand\snames?|brand\sname\sis|brand\snames\sare)"
    r"|(?P<same>the\ssame\s(?:medicine|medication|drug|thing|product|pill|ingredient)?\s?as|identical\sto"
    r"|(?:exactly\s)?the\ssame\sas|equivalent\sto|interchangeable\swith))"
    r"(?:\s(?::|,))?\s?$")
_NAME_LINK_NEGATION = frozenset({"not", "isn't", "aren't", "never", "no"})
# "The generic form of Lipitor is simvastatin", "Zoloft's generic name is sertraline".
_LEADING_LINK = re.compile(
    r"(?:^|\s)(?:the\s)?(?:generic\s(?:form|version|name)|generic|brand\sname|brand|active\singredient)\s(?:of|for|in)\s?$")
_TRAILING_LINK = re.compile(r"^(?:\s)?(?:generic\s(?:form|version|name)|brand\sname|active\singredient)\s(?:is|:)\s?$")


# Between a brand and a generic name: the brand is made of it ("Adderall contains
# methylphenidate", "Zoloft is made of fluoxetine", "Percocet's active ingredient is ...").
_CONTAINS_LINK = re.compile(
    r"^(?:(?:really|actually|basically|just|only|also|mainly|mostly)\s)?"
    r"(?:contains|contain|contained|has|is\smade\s(?:of|from|with)|was\smade\s(?:of|from|with)"
    r"|consists\sof|is\sa\sbrand\sof"
    r"|(?:'s|s)\s(?:(?:active|main)\s)?ingredient\sis|'s\smain\singredient\sis)"
    r"(?:\s(?:the\s)?(?:medicine|drug|ingredient|active\singredient|generic))?\s?$")
# After the generic: "contains codeine-like ..." is not a name. ("Vyvanse is a form of
# amphetamine" and "Nexium is based on omeprazole" are loose but not wrong: not links.)
_CONTAINS_MORE = frozenset({"-", "like"})
# "Coumadin has warfarin" ends its clause after the name ("Plavix has aspirin as a partner"
# does not say Plavix is aspirin).
_HAS_ENDS = frozenset({"", ".", ",", ";", ")", "in", "and", "!"})


# After "A and B": what says they are one medicine ("contain the same medicine", "are
# identical", "have the same active ingredient").
_SAME_AFTER_PAIR = re.compile(
    r"^(?:are|contain|have|share|use)\s(?:(?:exactly|basically|essentially|really|just|both)\s)?"
    r"(?:the\ssame(?:\s(?:active|main))?(?:\s(?:medicine|medication|drug|ingredient|ingredients|thing|product|pill|chemical))?"
    r"|identical|interchangeable|one\sand\sthe\ssame)(?:\s|$)")


def _linked_names(s: Sentence) -> Iterator[tuple[Mention, Mention, str]]:
    """(name, other name, "brand" | "same") for two product names a sentence equates."""
    products = [m for m in s.mentions if m.product is not None]
    for a, b in zip(products, products[1:]):
        gap = s.norms(a.last, b.first)
        if len(gap) > 9 or any(w in _NAME_LINK_NEGATION for w in gap):
            continue
        if gap in (("and",), ("or",), ("&",)) and (a.first == 0 or _norm(s, a.first - 1) in ("both", ",", ":")) \
                and _SAME_AFTER_PAIR.match(" ".join(s.norms(b.last, b.last + 7))) \
                and not any(w in _NAME_LINK_NEGATION for w in s.norms(b.last, b.last + 3)):
            yield a, b, "same"   # "Coumadin and Eliquis contain the same medicine"
            continue
        text = " ".join(gap)
        match = _NAME_LINK.match(text)
        if match is not None and (match.group("brand") or match.group("same")):
            yield a, b, "same" if match.group("same") else "brand"
            continue
        if text in ("is", "is :", "are") and _LEADING_LINK.search(" ".join(s.norms(max(0, a.first - 5), a.first))) \
                and not any(w in _NAME_LINK_NEGATION for w in s.norms(max(0, a.first - 6), a.first)):
            yield a, b, "brand"
            continue
        if _TRAILING_LINK.match(text):
            yield a, b, "brand"
            continue
        if a.product.is_brand and not b.product.is_brand \
                and b.product.name.lower() == s.text[b.start:b.end].lower() \
                and _CONTAINS_LINK.match(text) and _norm(s, b.last) not in _CONTAINS_MORE \
                and (gap[-1] not in ("has", "have") or _norm(s, b.last) in _HAS_ENDS):
            yield a, b, "brand"   # "Adderall contains methylphenidate": the generic in a brand


def _name_links(unit: SentenceUnit, s: Sentence, kb: KnowledgeBase) -> Iterator[Finding]:
    if len(s.mentions) < 2 or frames.not_a_statement(unit):
        return
    for a, b, kind in _linked_names(s):
        if not (kb.is_known(a.product) and kb.is_known(b.product)):
            continue
        left, right = set(a.product.generics), set(b.product.generics)
        if (kind == "same" and left == right) or (kind == "brand" and left & right):
            continue
        if a.product.generics == b.product.generics:
            continue
        if frames.in_quotes(s, b.start, b.end):
            continue
        written = _item_text(s, b)
        if kind == "same":
            message = (f"{a.product.label()} and {b.product.label()} are different medicines: "
                       f"'{written}' is not the same as '{_item_text(s, a)}'.")
        else:
            message = (f"{b.product.label()} is not {a.product.label()}: '{written}' names a different "
                       "medicine.")
        yield unit.finding(BRAND_MISMATCH, b.start, b.end, message=message, suggestions=())


_NARCOTIC = re.compile(r"\b(?P<non>non-?)?(?P<word>narcotics?)\b", re.I)
_LEGAL_CONTEXT = re.compile(
    r"narcotics anonymous|narcotic bowel|bureau of narcotics|narcotic drugs act|single convention"
    r"|\blaws?\b|\blegal|\billegal|\bpolice|\bdea\b|\btraffick|\bcontrolled substances? act"
    r"|\bcocaine|\bmarijuana|\bcannabis|\bofficers?\b|\bagents?\b|\bdogs?\b|\bcourt"
    r"|\bschedule\s+(?:[iv]{1,3}|[1-5])\b|\bcontrolled\s+(?:substances?|drugs?|medicines?)\b"
    r"|\bclassif(?:y|ies|ied|ication)\b|\bfederal\b|\bstatutes?\b|\bregulat(?:ion|ions|ors?|ed)\b", re.I)


_WORD_TALK = re.compile(r"\b(?:words?|terms?|means?|meaning|stands\s+for|defined|definition|vocabulary"
                        r"|labels?\s+(?:it|them))\b", re.I)


def _neighbours(unit: SentenceUnit, s: Sentence) -> str:
    """The sentences just before and after this one in its paragraph: the legal sense
    is often set up by one of them ("The DEA placed tramadol in Schedule IV. Before that,
    it was not classified as a narcotic.")."""
    sentences = list(unit.ctx.sentences(unit.doc, unit.block))
    at = next((i for i, other in enumerate(sentences) if other.start == s.start), None)
    if at is None:
        return ""
    return " ".join(o.text[o.start:o.end] for o in sentences[max(0, at - 1):at + 2] if o.start != s.start)


def _opioid_described(unit: SentenceUnit, s: Sentence, at: int) -> Product | None:
    """The medicine a word at ``at`` describes, when the fact base knows it is an opioid:
    the nearest medicine named before it ("Tramadol is a non-narcotic ..."), else the
    nearest after it ("a non-narcotic such as tramadol")."""
    kb = unit.ctx.kb
    named = [m for m in s.mentions if m.product is not None and not m.negated] if kb is not None else []
    before = [m for m in named if m.end <= at]
    after = [m for m in named if m.start > at]
    nearest = before[-1] if before else (after[0] if after else None)
    if nearest is None or not any("opioid" in kb.ancestors(c) for c in kb.product_classes(nearest.product)):
        return None
    return nearest.product


def _narcotic(unit: SentenceUnit, s: Sentence) -> Iterator[Finding]:
    text = s.text[s.start:s.end]
    matches = list(_NARCOTIC.finditer(text))
    if not matches or _LEGAL_CONTEXT.search(text):  # the rare word first: the context search is slow
        return
    if _WORD_TALK.search(text) or (unit.block.kind == HEADING and len(text.split()) <= 3):
        return   # the page is explaining the word itself
    if unit.block.kind != HEADING and _LEGAL_CONTEXT.search(_neighbours(unit, s)):
        return   # the paragraph is about the law's word
    for match in matches:
        if frames.in_quotes(s, s.start + match.start(), s.start + match.end()):
            continue
        plural = match["word"].lower().endswith("s")
        word = "opioids" if plural else "opioid"
        opioid = _opioid_described(unit, s, s.start + match.start()) if match["non"] else None
        if opioid is not None:
            # "non-opioid" would make the sentence false: the medicine is an opioid.
            yield unit.finding(NARCOTIC, s.start + match.start(), s.start + match.end(),
                               message=f"'{match.group()}' is misleading: {opioid.label()} is an opioid. "
                                       "Say that it is an opioid; 'narcotic' is a legal word that also covers "
                                       "cocaine, and it carries stigma.", suggestions=())
            continue
        suggestion = ("non-" + word) if match["non"] else word
        if match.group()[0].isupper():
            suggestion = suggestion[0].upper() + suggestion[1:]
        yield unit.finding(NARCOTIC, s.start + match.start(), s.start + match.end(),
                           message=f"Say '{suggestion}' instead of '{match.group()}': 'narcotic' is a legal word that "
                                   "also covers cocaine, and it carries stigma.", suggestions=(suggestion,))


# --- the checks: each runs on the sentences of prose blocks (and alt text) ------------------

def _relations(unit: SentenceUnit) -> list[Relation]:
    """The sentence's class relations, found once for the checks that read them: those
    inside the sentence, and those its place on the page makes (a table row, a heading
    about the page's medicine, a list under a lead-in)."""
    found = unit.memo.get("relations")
    if found is None:
        found = find_relations(unit.sentence, unit.ctx.kb)
        kind = unit.block.kind
        if kind == TABLE_CELL:
            found = found + _table_relations(unit)
        elif kind == LIST_ITEM:
            found = found + _lead_in_relations(unit)
        found = found + _this_class_relations(unit, found)
        if "this" in unit.lower or "same" in unit.lower:
            found = found + _this_group_relations(unit)
        unit.memo["relations"] = found
    return found


# --- relations made by the page's structure --------------------------------------------------

_CLASS_COLUMN = re.compile(r"\b(?:type|types|class|classes|kind|group|family|families|category|what\s+it\s+is"
                           r"|drug\s+class|medicine\s+class)\b", re.I)
_BRAND_COLUMN = re.compile(r"\bbrands?\b|\btrade\s+names?\b", re.I)
_MEDICINE_COLUMN = re.compile(r"\b(?:medicines?|medications?|drugs?|generic|ingredients?|active\s+ingredients?"
                              r"|names?)\b", re.I)


def _table_grid(doc: Document, ctx: Context) -> dict[int, dict[tuple[int, int], object]]:
    """Each table's cells by (row, column); row 0 holds the header cells."""
    grid: dict[int, dict[tuple[int, int], object]] = {}
    for block in doc.blocks:
        if block.kind == TABLE_CELL and "table" in block.attrs:
            grid.setdefault(block.attrs["table"], {})[(block.attrs["row"], block.attrs["column"])] = block
    return grid


TABLE_GRID: PageAnalysis[dict[int, dict[tuple[int, int], object]]] = PageAnalysis("medical.table-grid", _table_grid)


def _row_product(unit: SentenceUnit, cells: dict, row: int, column: int) -> tuple[Product, str] | None:
    """The medicine a table row is about: the cell under a "Medicine"/"Drug" header, else
    the row's first cell (never the cell being read). With its written text."""
    headers = {c: b for (r, c), b in cells.items() if r == 0 and b.attrs.get("header")}
    medicine_column = 0
    for c in sorted(headers):
        text = headers[c].text
        if _MEDICINE_COLUMN.search(text) and not _BRAND_COLUMN.search(text) and not _CLASS_COLUMN.search(text):
            medicine_column = c
            break
    if medicine_column == column:
        return None
    cell = cells.get((row, medicine_column))
    if cell is None:
        return None
    generics: list[str] = []
    for sentence in unit.ctx.sentences(unit.doc, cell):
        if any(m.is_class for m in sentence.mentions[:1]):
            return None   # a row about a class ("NSAIDs | ibuprofen, naproxen")
        for m in sentence.mentions:
            if m.product is not None:
                generics.extend(g for g in m.product.generics if g not in generics)
    if not generics:
        return None
    return Product(cell.text.strip(), tuple(generics), is_brand=False), cell.text.strip()


def _negated_in_cell(s: Sentence, mention: Mention) -> bool:
    return mention.negated or any(_norm(s, k) in NEGATIONS | {"non", "unlike", "than", "nor"}
                                  for k in range(max(0, mention.first - 3), mention.first))


def _table_relations(unit: SentenceUnit) -> list[Relation]:
    """A class in a column headed "Type"/"Class"/"Group" is said of the row's medicine."""
    attrs = unit.block.attrs
    if attrs.get("header") or not attrs.get("row") or "table" not in attrs:
        return []
    cells = unit.ctx.analysis(TABLE_GRID, unit.doc).get(attrs["table"], {})
    header = cells.get((0, attrs["column"]))
    if header is None or not header.attrs.get("header") or not _CLASS_COLUMN.search(header.text) \
            or _BRAND_COLUMN.search(header.text):
        return []
    found = _row_product(unit, cells, attrs["row"], attrs["column"])
    if found is None:
        return []
    product, _ = found
    s = unit.sentence
    out = []
    for m in s.mentions:
        if not m.is_class:
            continue
        item = Mention(first=m.first, last=m.last, start=m.start, end=m.end, product=product)
        out.append(Relation(cls=m, item=item, negated=_negated_in_cell(s, m), pointer=True))
    return out


def _table_brands(unit: SentenceUnit, kb: KnowledgeBase) -> Iterator[Finding]:
    """A brand in a column headed "Brand" must be a brand of the row's medicine."""
    attrs = unit.block.attrs
    if attrs.get("header") or not attrs.get("row") or "table" not in attrs:
        return
    cells = unit.ctx.analysis(TABLE_GRID, unit.doc).get(attrs["table"], {})
    header = cells.get((0, attrs["column"]))
    if header is None or not header.attrs.get("header") or not _BRAND_COLUMN.search(header.text):
        return
    found = _row_product(unit, cells, attrs["row"], attrs["column"])
    if found is None or not kb.is_known(found[0]):
        return
    product, written_row = found
    s = unit.sentence
    for m in s.mentions:
        if m.product is None or not kb.is_known(m.product) or set(m.product.generics) & set(product.generics):
            continue
        if _negated_in_cell(s, m):
            continue
        yield unit.finding(BRAND_MISMATCH, m.start, m.end,
                           message=f"{m.product.label()} is not {written_row} ({', '.join(product.generics)}): "
                                   f"'{_item_text(s, m)}' names a different medicine.", suggestions=())


_THIS = frozenset({"this", "your"})


def _this_class_relations(unit: SentenceUnit, found: list[Relation]) -> list[Relation]:
    """"## How this antipsychotic works" on a pregabalin page: "this CLASS" in a sentence
    that names no medicine is said of the page's own medicine."""
    s = unit.sentence
    if any(m.product is not None for m in s.mentions):
        return []
    taken = {r.cls.first for r in found}
    out = []
    for m in s.mentions:
        if not m.is_class or m.plural or m.negated or m.first in taken or _norm(s, m.first - 1) not in _THIS:
            continue
        if unit.block.kind != HEADING and unit.previous is not None:
            # "Sertraline is an antidepressant. This benzodiazepine is ...": "this CLASS" in
            # running text is the one medicine the sentence before names
            named = {p.generics: p for p in (x.product for x in unit.previous.mentions) if p is not None}
            if len(named) == 1 and not any(x.is_class and x.class_id == m.class_id for x in unit.previous.mentions):
                item = Mention(first=m.first, last=m.last, start=m.start, end=m.end,
                               product=next(iter(named.values())))
                out.append(Relation(cls=m, item=item, pointer=True))
            continue
        subject = unit.ctx.analysis(PAGE_SUBJECT, unit.doc)
        if subject is None:
            return []
        item = Mention(first=m.first, last=m.last, start=m.start, end=m.end, product=subject)
        out.append(Relation(cls=m, item=item, pointer=True))
    return out


_THIS_GROUP = frozenset({"group", "class", "family", "category"})
_GROUP_LIST = (("include",), ("includes",), ("are",), ("also", "include"), ("also", "includes"), ("alongside",),
               ("along", "with"), ("together", "with"), ("with",), ("such", "as"), ("like",), ("including",), (":",))


def _class_named_before(unit: SentenceUnit) -> tuple[Sentence, Mention] | None:
    """The last class named before this sentence, in its block or the prose block before it."""
    earlier = [x for x in unit.ctx.sentences(unit.doc, unit.block) if x.end <= unit.sentence.start]
    last = unit.ctx.analysis(PREVIOUS_SENTENCE, unit.doc).get(unit.index)
    if last is not None:
        block = next((b for b in unit.doc.blocks[max(0, unit.index - 8):unit.index][::-1]
                      if b.text is last.text), None)
        if block is not None:
            earlier = list(unit.ctx.sentences(unit.doc, block)) + earlier
    for sentence in reversed(earlier):
        named = [m for m in sentence.mentions if m.is_class and not m.negated]
        if named:
            return sentence, named[-1]
    return None


def _this_group_relations(unit: SentenceUnit) -> list[Relation]:
    """"Losartan sits in this group alongside valsartan and lisinopril", "Other medicines in
    this class include ...": "this group" is the class the sentence before named."""
    s = unit.sentence
    norms = [t.norm for t in s.tokens]
    out: list[Relation] = []
    for i in range(1, len(norms)):
        if norms[i] not in _THIS_GROUP or norms[i - 1] not in ("this", "that", "same"):
            continue
        found = _class_named_before(unit)
        if found is None:
            return []
        previous, cls = found
        j = i + 1
        for connector in _GROUP_LIST:
            if s.norms(j, j + len(connector)) == connector:
                j += len(connector)
                break
        else:
            continue
        items = _list_items(s, unit.ctx.kb, j)
        start, end = s.tokens[i - 1].start, s.tokens[i].end
        written = previous.text[cls.start:cls.end]
        for rel in items:
            if rel.item.product is None:
                continue
            out.append(Relation(cls=Mention(first=rel.item.first, last=rel.item.last, start=rel.item.start,
                                            end=rel.item.end, class_id=cls.class_id, plural=cls.plural),
                                item=rel.item, combo_ok=rel.combo_ok, lead_in=written))
        del start, end
    return out


# A lead-in that names a class for the list after it: "These are NSAIDs:", "Common SSRIs
# include:", "Examples of opioids:", "Opioids such as:".
_LEAD_TAIL = frozenset({"include", "includes", "including", "are", "is", "such", "as", "like", "e", "g", ".",
                        "for", "example", "examples", "instance", "below", "the", "following", "here", "some",
                        "these", "those", "commonly", "used", "prescribed", "common"})


def _lead_ins(doc: Document, ctx: Context) -> dict[int, tuple[Mention, bool, str]]:
    """For each list item (by block index) under a lead-in that ends with ':', the class the
    lead-in names, whether it is denied ("These are not opioids:"), and its words."""
    out: dict[int, tuple[Mention, bool, str]] = {}
    lead = None
    heading = None   # the class a "## Stimulants" heading names, while its section's intro lasts
    for index, block in enumerate(doc.blocks):
        if block.kind == LIST_ITEM:
            if lead is not None:
                out[index] = lead
            continue
        if block.kind in (LINK_TEXT, IMAGE_ALT):
            continue
        lead = None
        if block.kind == HEADING and not block.text.rstrip().endswith(":"):
            lead = heading = _class_heading(ctx.sentences(doc, block))
            continue
        if heading is not None and block.kind == PARAGRAPH:
            # One intro paragraph that only restates the heading's class ("Stimulants help
            # most people. There are two families.") or names none ("These are given as an
            # injection:") leaves the list under it in the section.
            colon = block.text.rstrip().endswith(":")
            found = ctx.sentences(doc, block)
            if _restates_class(found, heading[0].class_id, may_omit=colon):
                lead, heading = heading, None
                continue
        heading = None
        if block.kind not in (PARAGRAPH, HEADING) or not block.text.rstrip().endswith(":"):
            continue
        found = ctx.sentences(doc, block)
        if not found:
            continue
        s = found[-1]
        classes = [m for m in s.mentions if m.is_class]
        if not classes or any(m.product is not None for m in s.mentions if m.first > classes[-1].first):
            continue
        cls = classes[-1]
        tail = [t.norm for t in s.tokens[cls.last:]]
        if tail[-1:] != [":"]:
            continue
        # "... are long-acting antihistamines that cause little drowsiness:": a short relative
        # clause naming nothing may stand between the class and the colon.
        relative = tail[:1] in (["that"], ["which"]) and len(tail) <= 10 and not any(
            m.first >= cls.last for m in s.mentions) and not any(w in NEGATIONS for w in tail)
        if not relative and not all(w in _LEAD_TAIL for w in tail[:-1]):
            continue
        before = s.norms(max(0, cls.first - 4), cls.first)
        negated = cls.negated or any(w in NEGATIONS or w in NEGATED_COPULAS for w in before)
        lead = (cls, negated, s.text[cls.start:cls.end])
    return out


LEAD_INS: PageAnalysis[dict[int, tuple[Mention, bool, str]]] = PageAnalysis("medical.lead-ins", _lead_ins)

# Words that turn an intro toward something else than the heading's class ("if they do not
# suit you, there are other options"): the list after it is not the class's.
_TURNING = frozenset("""other others another alternative alternatives instead if unless not no non but however
besides except whereas while nor never n't""".split())


def _restates_class(found: tuple[Sentence, ...], class_id: str | None, may_omit: bool) -> bool:
    """The paragraph names the heading's class (or, when ``may_omit``, no class and no
    medicine at all), no other class, nothing negated, and no word that turns to other
    medicines."""
    named = False
    for s in found:
        for m in s.mentions:
            if m.is_class:
                if m.class_id != class_id or m.negated:
                    return False
                named = True
            elif may_omit:
                return False
        if any(t.norm in _TURNING for t in s.tokens):
            return False
    return named or (may_omit and bool(found))

_HEADING_LEAD = frozenset({"examples", "example", "of", "types", "kinds", "some", "common", "other", "the", "your"})


def _class_heading(found: tuple[Sentence, ...]) -> tuple[Mention, bool, str] | None:
    """A heading that is nothing but a plural class ("## NSAIDs", "### Common SSRIs",
    "## Non-opioid pain relievers") heads the list right under it."""
    if len(found) != 1:
        return None
    s = found[0]
    classes = [m for m in s.mentions if m.is_class]
    if len(classes) != 1 or any(m.product is not None for m in s.mentions):
        return None
    cls = classes[0]
    if not cls.plural or cls.last != len(s.tokens):
        return None
    if not all(t.norm in _HEADING_LEAD or t.norm in CLASS_PREMODIFIERS or t.norm in ADJECTIVES
               for t in s.tokens[:cls.first]):
        return None
    return cls, cls.negated, s.text[cls.start:cls.end]


def _lead_in_relations(unit: SentenceUnit) -> list[Relation]:
    """A list item under "These are NSAIDs:" says its first medicine is an NSAID."""
    if unit.sentence.start != 0:
        return []
    lead = unit.ctx.analysis(LEAD_INS, unit.doc).get(unit.index)
    if lead is None:
        return []
    cls, negated, written = lead
    s = unit.sentence
    k = 0
    while _norm(s, k) in MODIFIERS or _norm(s, k) in ("*", "-", "•"):
        k += 1
    item = s.mention_at(k)
    if item is None or item.product is None:
        return []
    # The class's words are in the lead-in: the relation carries a mention of them placed on
    # the item, and the message quotes them.
    here = Mention(first=item.first, last=item.last, start=item.start, end=item.end, class_id=cls.class_id,
                   plural=cls.plural)
    return [Relation(cls=here, item=item, negated=negated, lead_in=written)]


def _patient_page(doc: Document, ctx: Context) -> bool:
    return page_audience(doc.metadata, ctx.config) == "patient"


# Word choices meant for patients ("narcotic") are judged only on patient pages.
PATIENT_PAGE: PageAnalysis[bool] = PageAnalysis("medical.patient-page", _patient_page)


@sentence_check(CLASS_MEMBERSHIP, FALSE_NON_MEMBERSHIP, OPIATE_NOT_NATURAL, CORTICOSTEROID_ANABOLIC,
                kinds=PROSE_AND_ALT_KINDS, needs=MENTION)
def class_membership(unit: SentenceUnit) -> Iterator[Finding]:
    return _membership(unit, unit.sentence, unit.ctx.kb, _relations(unit))


@sentence_check(DRUG_ORIGIN, kinds=PROSE_AND_ALT_KINDS, needs=MENTION | custom(
    "a table cell (its row's medicine is named in another cell)", lambda unit: unit.block.kind == TABLE_CELL))
def drug_origin(unit: SentenceUnit) -> Iterator[Finding]:
    return _origin(unit, unit.sentence, unit.ctx.kb, _relations(unit))


@sentence_check(NEUROLEPTIC, kinds=PROSE_AND_ALT_KINDS, needs=MENTION)
def neuroleptic_for_nerve_pain(unit: SentenceUnit) -> Iterator[Finding]:
    return _neuroleptic(unit, unit.sentence, unit.ctx.kb, _relations(unit))


@sentence_check(OPIOIDS_SYNTHETIC, kinds=PROSE_AND_ALT_KINDS, needs=MENTION | has_lower("word", "term"))
def opioids_defined_synthetic(unit: SentenceUnit) -> Iterator[Finding]:
    return _opioids_synthetic(unit, unit.sentence)


@sentence_check(OPIOIDS_NOT_ADDICTIVE, kinds=PROSE_AND_ALT_KINDS, needs=MENTION)
def opioids_not_addictive(unit: SentenceUnit) -> Iterator[Finding]:
    return _not_addictive(unit, unit.sentence, unit.ctx.kb)


@sentence_check(ACETAMINOPHEN_SWELLING, kinds=PROSE_AND_ALT_KINDS, needs=MENTION)
def acetaminophen_swelling(unit: SentenceUnit) -> Iterator[Finding]:
    return _acetaminophen_swelling(unit, unit.sentence, unit.ctx.kb)


# The pattern reads the lower-cased block up to the sentence's end; where lower-casing
# changes its length (an İ before it), the offsets move, so such a sentence is read too.
@sentence_check(NSAID_SPINAL_SPACE, kinds=PROSE_AND_ALT_KINDS, needs=has_lower("space", "room") | custom(
    "an 'İ' in the block before the sentence ends",
    lambda unit: unit.block.text.find("İ", 0, unit.sentence.end) >= 0))
def nsaid_spinal_space(unit: SentenceUnit) -> Iterator[Finding]:
    return _spinal_space(unit, unit.sentence, unit.ctx.kb, unit.previous)


@sentence_check(CORTICOSTEROID_ANABOLIC, kinds=PROSE_AND_ALT_KINDS, needs=MENTION)
def corticosteroid_anabolic(unit: SentenceUnit) -> Iterator[Finding]:
    return _anabolic(unit, unit.sentence, unit.ctx.kb)


@sentence_check(BRAND_MISMATCH, kinds=PROSE_AND_ALT_KINDS, needs=MENTION)
def brand_generic_mismatch(unit: SentenceUnit) -> Iterator[Finding]:
    yield from _brand_mismatch(unit, unit.sentence, unit.ctx.kb)
    yield from _name_links(unit, unit.sentence, unit.ctx.kb)
    if unit.block.kind == TABLE_CELL:
        yield from _table_brands(unit, unit.ctx.kb)


# Under re.I, "ı", "İ" and "ſ" match i and s without lower-casing to them.
@sentence_check(NARCOTIC, kinds=PROSE_AND_ALT_KINDS, needs=has_lower("narcotic") | has("ı", "İ", "ſ"))
def narcotic(unit: SentenceUnit) -> Iterator[Finding]:
    if not unit.ctx.analysis(PATIENT_PAGE, unit.doc):
        return iter(())
    return _narcotic(unit, unit.sentence)


FAMILY = Family(
    name="medical",
    rules=tuple(RULES),
    checks=(class_membership, drug_origin, neuroleptic_for_nerve_pain, opioids_defined_synthetic,
            opioids_not_addictive, acetaminophen_swelling, nsaid_spinal_space,
            corticosteroid_anabolic, brand_generic_mismatch, narcotic,
            *claims.CHECKS),
)
check = FAMILY.check
