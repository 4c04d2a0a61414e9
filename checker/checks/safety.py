"""Medication safety: dose designations and abbreviations that need more than a pattern.

The context-free abbreviations (QD, QOD, qhs, TIW, D/C, APAP ...) are data in
rules/safety.yml. This module holds what needs a look around the match:

- number formats on DOSES only: a trailing zero on "5.0 mg" is dangerous, on a
  "2.0 cm" lesion it is precision; ".5 mg" needs its leading zero; "10mg" needs a
  space; "100000 units" needs commas; "mg." needs no period;
- abbreviations that are ordinary words elsewhere, flagged only next to a dose or
  in a medication instruction: U (but not the U in the phone word 1-877-44U-QUIT),
  IU (not when spelled out as "international units (IU)"), MS (morphine, but also
  multiple sclerosis), HS, SC/SQ, AD/AS/AU/OD/OS/OU (ears and eyes, but OD is also
  overdose), IN, IJ, UD, ss, cc, µg;
- symbols between doses (@, &, +, <, >, /), fractions and ratio strengths;
- look-alike drug names appearing on the same page.

Every finding suggests the safe form; a mechanical fix (10mg -> 10 mg) is in ``fix``.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..context import Context, PageAnalysis
from ..dispatch import BlockUnit
from ..knowledge import KnowledgeBase
from ..model import PROSE_AND_ALT_KINDS, Block, Document, Finding, RuleInfo, finding_for
from ..rules import DIGIT, Family, block_check, has, has_lower, page_check, rule_maker

CATEGORY = "medication-safety"
TJC = "The Joint Commission, Official 'Do Not Use' List (Information Management standard IM.02.02.01)"
TJC_MORE = "The Joint Commission, 'Do Not Use' List: additional abbreviations, acronyms and symbols"
ISMP = "ISMP List of Error-Prone Abbreviations, Symbols, and Dose Designations (2021)"


_rule = rule_maker(CATEGORY, severity="error")


TRAILING_ZERO = _rule(
    "safety.trailing-zero", "A dose has a trailing zero: 5.0 mg can be read as 50 mg.", TJC,
    ("Take 5.0 mg twice a day.", "The dose is 1.50 mg.", "Give 10.0mg at night."),
    ("The lesion was 2.0 cm wide.", "Take 5 mg twice a day.", "Use a 5.0 Fr catheter.",
     "Her glucose was 100.0 mg/dL."),
    suggestion="5 mg", fixable=True, outranks=("safety.number-unit-spacing",),
    rationale="The decimal point can be missed, and the dose read ten times too high. Trailing "
              "zeros are fine for measurements that need precision (a 2.0 cm lesion, lab values).")
LEADING_ZERO = _rule(
    "safety.leading-zero", "A dose below 1 has no leading zero: .5 mg can be read as 5 mg.", TJC,
    ("Take .5 mg at bedtime.", "The dose is .25mg."),
    ("Take 0.5 mg at bedtime.", "The .45 caliber bullet."),
    suggestion="0.5 mg", fixable=True, outranks=("safety.number-unit-spacing",))
UNIT_SPACING = _rule(
    "safety.number-unit-spacing", "A number and its unit run together: the m of 10mg can look like a zero.",
    ISMP, ("Take 10mg daily.", "Give 2.5mL by mouth.", "Use 100units."),
    ("Take 10 mg daily.", "Give 2.5 mL by mouth.", "Call 1-800-10MG-NOW.",
     "A fasting blood sugar of 150mg/dL is high."),
    suggestion="10 mg", fixable=True)
DRUG_DOSE_TOGETHER = _rule(
    "safety.drug-dose-together", "A drug name and its dose run together (propranolol20 mg).", ISMP,
    ("Take propranolol20 mg daily.", "Ibuprofen200 mg tablets."),
    ("Take propranolol 20 mg daily.", "Vitamin B12 is important."),
    suggestion="propranolol 20 mg", fixable=True)
LARGE_NUMBER = _rule(
    "safety.large-dose-commas", "A large dose has no commas: 100000 units is easy to misread.", ISMP,
    ("Take 50000 units once a week.", "The dose is 100000 units."),
    ("Take 50,000 units once a week.", "In 2019, 5000 people took part."),
    suggestion="100,000 units", fixable=True,
    rationale="Without commas, a reader can miss or add a zero. 4-digit doses are a warning, "
              "5 digits or more an error.")
UNIT_PERIOD = _rule(
    "safety.unit-period", "A unit is written with a period (mg.): the period can be read as a 1.",
    ISMP, ("Take 10 mg. twice a day.",), ("Take 10 mg twice a day.", "The usual dose is 10 mg. Take it with food."),
    suggestion="mg", fixable=True)
U_UNIT = _rule(
    "safety.u-for-units", "'U' for units can be read as 0, 4 or cc: write 'units'.", TJC,
    ("Inject 10 U of insulin.", "Take 4U before meals."),
    ("Call 1-877-44U-QUIT for help.", "Inject 10 units of insulin.", "Use U-100 insulin syringes."),
    suggestion="units", fixable=True)
IU = _rule(
    "safety.iu", "'IU' can be read as IV or 10: write 'international units' or 'units'.", TJC,
    ("Take 1000 IU of vitamin D.",),
    ("Adults need 600 international units (IU) of vitamin D a day.", "Take 1,000 international units."),
    suggestion="international units", fixable=True,
    rationale="When the page has spelled IU out (\"international units (IU)\"), later uses are a "
              "warning rather than an error, and so is a vitamin A, D or E amount in IU (as "
              "Supplement Facts labels print it).")
MS = _rule(
    "safety.ms-morphine-magnesium", "MS, MSO4 and MgSO4 can mean morphine sulfate or magnesium sulfate.",
    TJC, ("Give MS 4 mg every 4 hours.", "Give MgSO4 2 g."),
    ("MS is a disease of the brain and spinal cord.", "People with MS may feel tired."),
    suggestion="morphine sulfate or magnesium sulfate",
    rationale="MS is also multiple sclerosis: it is flagged only next to a dose.")
CC = _rule(
    "safety.cc", "'cc' can be read as 'u' (units): write 'mL'.", TJC_MORE,
    ("Take 5 cc of the liquid.", "Give 10cc.", "Use 5 cc or more if needed."),
    ("Take 5 mL of the liquid.", "cc: the care team", "1 mL is the same as 1 cc.",
     "Fill the syringe to 5 mL (or 5 cc).", "Draw up 2 cc (2 mL) of the vaccine."),
    suggestion="mL", fixable=True,
    rationale="A gloss that teaches the equivalence next to the dose in mL ('1 mL is the "
              "same as 1 cc', '5 mL (or 5 cc)') is not flagged: the dose is already in mL.")
MICROGRAM = _rule(
    "safety.microgram", "'µg' or 'ug' can be read as mg: write 'mcg'.", TJC_MORE,
    ("Take 50 µg daily.", "Take 25 ug each morning."), ("Take 50 mcg daily.", "The drug is a bug killer."),
    suggestion="mcg", fixable=True)
HS = _rule(
    "safety.hs", "'HS' can mean half-strength or bedtime: write the words.", ISMP,
    ("Take 1 tablet HS.", "Take 10 mg at hs."),
    ("HS is a long-term skin disease.", "Take 1 tablet at bedtime."),
    suggestion="at bedtime")
SUBCUTANEOUS = _rule(
    "safety.sc-sq", "'SC' or 'SQ' can be read as SL (under the tongue) or '5 every': write "
    "'subcutaneous'.", ISMP, ("Inject 40 mg SC once a day.", "Give 5 units SQ."),
    ("People with Hb SC disease need care.", "Inject 40 mg under the skin once a day."),
    suggestion="subcutaneous")
EAR_EYE = _rule(
    "safety.ear-eye-abbreviation", "AD/AS/AU (ears) and OD/OS/OU (eyes) are mistaken for each "
    "other: write the words.", ISMP,
    ("Put 2 drops OU twice a day.", "Use 3 drops AS at night."),
    ("An OD can be fatal.", "Put 2 drops in both eyes twice a day."),
    suggestion="in both eyes")
INTRANASAL = _rule(
    "safety.in-ij-ud-ss", "IN (intranasal), IJ (injection), UD (as directed) and ss (sliding scale or "
    "one-half) are misread: write the words.", ISMP,
    ("Use 1 spray IN each nostril.", "Take as UD.", "Take 1 tab ss."),
    ("Use 1 spray in each nostril.", "IN THE NEWS: new study.", "Take as directed."),
    suggestion="as directed")
SYMBOLS = _rule(
    "safety.symbols", "A symbol in a dose instruction is misread (@ as 2, & and + as 4, > and < "
    "reversed, / as 1): write the words.", TJC_MORE,
    ("Take 1 tablet @ bedtime.", "Take 5 mg + 10 mg.", "Do not take > 4,000 mg a day.",
     "Take 5 mg/10 mg as directed.", "Call the doctor if the temperature is > 38°C.",
     "Rub it on the patch & 1 inch around it.", "For children > 40 kg, use the adult dose."),
    ("Email us at help@example.org.", "People 65+ should get the shot.",
     "Take 5 mg per kg (5 mg/kg).", "Johnson & Johnson makes it.", "Q&A: 5 things to know.",
     "Call if the temperature is 38°C or higher.", "Rub it on the patch and 1 inch around it."),
    severity="warning", suggestion="at / and / more than / less than")
FRACTION = _rule(
    "safety.fraction-dose", "A fraction in a dose (1/2 tablet) is misread: write 'half a tablet'.",
    ISMP, ("Take 1/2 tablet at night.", "Take ½ tablet twice a day.",
           "Give 1/2 of a 5 mL syringe of the liquid.", "Use 1/2 a sachet in water.",
           "Give ¼ of the measuring spoon.", "Fill 1/2 the dosing cup."),
    ("Take half a tablet at night.", "About 1/2 of people recover.", "Give 2.5 mL (half the syringe).",
     "1/2 of the children had a fever.", "Limit milk to 1/2 cup a day.",
     "Add 1/2 cup of water to the soup."),
    severity="warning", suggestion="half a tablet")
RATIO = _rule(
    "safety.ratio-strength", "A ratio strength (1:1,000) is misread: write the amount per mL.", ISMP,
    ("Epinephrine 1:1000 is used for allergic reactions.",),
    ("Epinephrine 1 mg/mL is used for allergic reactions.", "About 1:1000 babies have it."),
    severity="warning", suggestion="1 mg/mL")
DRUG_ABBREVIATION = _rule(
    "safety.drug-abbreviation-context", "A drug-name abbreviation is misread: write the full name.",
    ISMP, ("Take tramadol HCl 50 mg.", "Take PTU 50 mg three times a day.", "The PCA pump gives morphine."),
    ("The stomach makes HCl to digest food.", "PTU tasting is inherited.",
     "Patient-controlled analgesia (PCA) lets you give yourself a dose."),
    suggestion="the full drug name")
X_DAYS = _rule(
    "safety.x-days", "'x3d' can be read as 3 doses or 3 days: write 'for 3 days'.", ISMP,
    ("Take 1 tablet daily x3d.", "Take 2 tablets x 5 days."),
    ("Take 1 tablet daily for 3 days.", "The room was 3 x 5 meters."),
    suggestion="for 3 days", fixable=True)
APOTHECARY = _rule(
    "safety.apothecary-roman", "Apothecary units (dram, minim, ʒ) or Roman numerals in a dose are "
    "misread: use metric units and Arabic numbers.", ISMP,
    ("Take tabs ii twice a day.", "Give 1 ʒ of the syrup.", "Take 2 drams at night."),
    ("Take 2 tablets twice a day.", "Type II diabetes is common.", "Phase III trials are done."),
    suggestion="2 tablets / 5 mL")
LOOK_ALIKE = _rule(
    "safety.look-alike-names", "Two look-alike drug names appear on the same page.",
    "FDA Name Differentiation Project and ISMP list of look-alike drug names with tall man letters",
    ("Hydroxyzine treats itching. Hydralazine lowers blood pressure.",),
    ("Hydroxyzine treats itching.", "hydrOXYzine treats itching. hydrALAZINE lowers blood pressure."),
    severity="warning", suggestion="tall man letters (hydrOXYzine, hydrALAZINE)",
    rationale="Names that look alike are picked from lists by mistake. When both appear on a "
              "page, tall man letters (or a clear statement that they differ) protect the reader.")

RULES: list[RuleInfo] = [TRAILING_ZERO, LEADING_ZERO, UNIT_SPACING, DRUG_DOSE_TOGETHER, LARGE_NUMBER,
                         UNIT_PERIOD, U_UNIT, IU, MS, CC, MICROGRAM, HS, SUBCUTANEOUS, EAR_EYE,
                         INTRANASAL, SYMBOLS, FRACTION, RATIO, DRUG_ABBREVIATION, X_DAYS, APOTHECARY,
                         LOOK_ALIKE]

# --- shared pieces ---------------------------------------------------------------------------

# Units in which a number is a dose (a measurement such as "2.0 cm" is not).
DOSE_UNIT = (r"(?:mg|mcg|µg|μg|ug|g|grams?|milligrams?|micrograms?|mL|ml|milliliters?|millilitres?"
             r"|units?|IU|international units|mEq|tablets?|capsules?|teaspoons?|tsp|puffs?|drops?)")
# A concentration or lab value ("100.0 mg/dL", "5 mg/mL") is not a dose.
_LAB = r"(?!\s*(?:/|per)\s*(?:dL|L|l|mL|ml|deciliter|liter|litre)\b)"
_NOT_GRAMS = (r"(?:mg|mcg|µg|μg|ug|milligrams?|micrograms?|mL|ml|milliliters?|millilitres?"
              r"|units?|IU|international units|mEq|tablets?|capsules?|teaspoons?|tsp|puffs?|drops?)")
_NUMBER_START = r"(?<![\w.,$/-])"
_DOSE_NEAR = re.compile(r"\d\s?" + DOSE_UNIT + r"\b|\b(?:take|takes|taking|inject|injected|give|given|"
                        r"dose|doses|tablets?|tabs?|capsules?|drops?|sprays?|puffs?|apply|use|insulin)\b",
                        re.I)


def _hit(unit: BlockUnit, rule: RuleInfo, i: int, j: int, message: str, fix: str | None = None,
         severity: str | None = None) -> Finding:
    """A finding whose suggestion is its fix, when it has one (the fix is applied only
    for a fixable rule and where the source holds exactly these words)."""
    return unit.finding(rule, i, j, message=message, severity=severity,
                        suggestions=(fix,) if fix is not None else None, fix=fix)


# The case-sensitive unit literals: every pattern below that reads a unit needs one.
_UNITS = ("mg", "mcg", "mL", "ml", "mEq", "unit", "IU")
HAS_UNIT = has(*_UNITS)


def _near_dose(text: str, start: int, end: int, before: int = 30, after: int = 25) -> bool:
    """A dose or a dosing word within a few words of [start, end). The window is widened to
    whole words, so "taken" is not read as "take" because the window cut it."""
    lo, hi = max(0, start - before), min(len(text), end + after)
    while lo > 0 and text[lo - 1].isalnum():
        lo -= 1
    while hi < len(text) and text[hi].isalnum():
        hi += 1
    window = text[lo:start] + " " + text[end:hi]
    return _DOSE_NEAR.search(window) is not None


# --- number formats ----------------------------------------------------------------------------

# Grams are left out: "3.0 grams of fiber" is a food amount, and patient copy rarely doses in grams.
_TRAILING = re.compile(_NUMBER_START + r"(?P<num>\d+\.\d*?0+)(?P<gap>\s?)(?P<unit>" + _NOT_GRAMS + r")\b" + _LAB)
_LEADING = re.compile(r"(?<![\w.,$])(?P<num>\.\d+)(?P<gap>\s?)(?P<unit>" + DOSE_UNIT + r")\b" + _LAB)
# A lab concentration (150mg/dL, 4.1mEq/L) is a measurement, not a dose to give: the spacing rule
# is about doses. A drug's strength per millilitre (5mg/mL) stays a dose designation.
_LAB_CONCENTRATION = r"(?!\s*(?:/|per)\s*(?:dL|L|l|deciliter|decilitre|liter|litre)\b)"
_GLUED = re.compile(_NUMBER_START + r"(?P<num>\d+(?:[.,]\d+)*)(?P<unit>mg|mcg|mL|ml|mEq|units?|IU)\b(?!-)"
                    + _LAB_CONCENTRATION)
_DRUG_DOSE = re.compile(r"\b(?P<name>[A-Za-z]{4,})(?P<num>\d+(?:\.\d+)?)\s?(?:mg|mcg|mL|ml|units?)\b")
_LARGE = re.compile(_NUMBER_START + r"(?P<num>\d{4,})(?![.,]\d)\s?(?:mg|mcg|units?|IU|international units)\b" + _LAB)
_PERIOD = re.compile(r"\d\s?(?P<unit>mg|mcg|mL|ml)\.(?=\s+[a-z0-9])")


def _strip_zeros(number: str) -> str:
    whole, _, frac = number.partition(".")
    frac = frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


@block_check(TRAILING_ZERO, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("."))
def trailing_zero(unit: BlockUnit) -> Iterator[Finding]:
    for m in _TRAILING.finditer(unit.text):
        fixed = _strip_zeros(m["num"])
        if m["gap"]:
            yield _hit(unit, TRAILING_ZERO, m.start("num"), m.end("num"),
                       f"Write '{fixed} {m['unit']}', not '{m['num']} {m['unit']}': a trailing zero can "
                       "make the dose read ten times too high.", fixed)
        else:
            yield _hit(unit, TRAILING_ZERO, m.start("num"), m.end("unit"),
                       f"Write '{fixed} {m['unit']}': a trailing zero can make the dose read ten times too "
                       "high, and the unit needs a space.", f"{fixed} {m['unit']}")


@block_check(LEADING_ZERO, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("."))
def leading_zero(unit: BlockUnit) -> Iterator[Finding]:
    for m in _LEADING.finditer(unit.text):
        fixed = "0" + m["num"]
        end = m.end("num") if m["gap"] else m.end("unit")
        fix = fixed if m["gap"] else f"{fixed} {m['unit']}"
        yield _hit(unit, LEADING_ZERO, m.start("num"), end,
                   f"Write '{fixed} {m['unit']}': without the leading zero the dose can be read as "
                   f"{m['num'][1:]} {m['unit']}.", fix)


@block_check(UNIT_SPACING, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & HAS_UNIT)
def unit_spacing(unit: BlockUnit) -> Iterator[Finding]:
    for m in _GLUED.finditer(unit.text):
        fix = f"{m['num']} {m['unit']}"
        yield _hit(unit, UNIT_SPACING, m.start(), m.end(),
                   f"Write '{fix}': a number and unit run together are misread.", fix)


@block_check(DRUG_DOSE_TOGETHER, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & HAS_UNIT)
def drug_dose_together(unit: BlockUnit) -> Iterator[Finding]:
    for m in _DRUG_DOSE.finditer(unit.text):
        if m["name"].lower() in ("take", "takes", "give", "dose", "about", "than", "only"):
            continue
        fix = f"{m['name']} {m['num']}"
        yield _hit(unit, DRUG_DOSE_TOGETHER, m.start(), m.end("num"),
                   f"Write '{fix}': a drug name and dose run together are misread.", fix)


@block_check(LARGE_NUMBER, kinds=PROSE_AND_ALT_KINDS,
             needs=DIGIT & (HAS_UNIT | has("international units")))
def large_dose_commas(unit: BlockUnit) -> Iterator[Finding]:
    for m in _LARGE.finditer(unit.text):
        number = m["num"]
        fixed = f"{int(number):,}"
        severity = "error" if len(number) >= 5 else "warning"
        yield _hit(unit, LARGE_NUMBER, m.start("num"), m.end("num"),
                   f"Write '{fixed}': a large dose without commas is easy to misread.", fixed, severity)


@block_check(UNIT_PERIOD, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & HAS_UNIT)
def unit_period(unit: BlockUnit) -> Iterator[Finding]:
    for m in _PERIOD.finditer(unit.text):
        yield _hit(unit, UNIT_PERIOD, m.start("unit"), m.end("unit") + 1,
                   f"Write '{m['unit']}' without a period: the period can be read as the number 1.",
                   m["unit"])


# --- abbreviations needing context ------------------------------------------------------------

_U = re.compile(_NUMBER_START + r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?P<gap>\s?)(?P<u>[Uu])(?![\w-])(?!\.\w)")
_IU = re.compile(_NUMBER_START + r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?P<gap>\s?)(?P<iu>IU)\b")
_MS_ALWAYS = re.compile(r"\b(?:MSO4|MgSO4|MSIR)\b")
_MS_DOSE = re.compile(r"\bMS\b(?!\s+Contin)(?=\s+(?:IR\s+|ER\s+|SR\s+)?\d)|(?<=\d\s(?:mg|mL))\s+MS\b")
_CC = re.compile(_NUMBER_START + r"(?P<num>\d+(?:\.\d+)?)(?P<gap>\s?)(?P<cc>cc|CC|cc's|ccs)\b")
_MICRO = re.compile(_NUMBER_START + r"(?P<num>\d+(?:\.\d+)?)(?P<gap>\s?)(?P<ug>µg|μg|ug|mcgm)\b" + _LAB)
_HS = re.compile(r"\b(?P<hs>HS|hs|h\.s\.)(?![\w])")
_SC = re.compile(r"\b(?P<sc>SC|SQ|sc|sq|s\.c\.|s\.q\.)(?!\w)(?!\.\w)")
_EAR_EYE = re.compile(r"\b(?P<ab>AD|AS|AU|OD|OS|OU)\b|(?<![\w.])(?P<dot>[ao]\.[dsu]\.)")
_EAR_EYE_WORDS = {"ad": "in the right ear", "as": "in the left ear", "au": "in both ears",
                  "od": "in the right eye (or 'daily')", "os": "in the left eye",
                  "ou": "in both eyes"}
_DROP_CONTEXT = re.compile(r"\b(?:drops?|gtts?|instill|eye|eyes|ear|ears|ointment)\b|\d\s*$", re.I)
_IN = re.compile(r"\b(?P<ab>IN|IJ|UD|u\.d\.)(?![\w])")
_SS = re.compile(r"\b(?:tab|tabs|tablet|tablets|insulin|dose|\d)\s+(?P<ab>ss)\b")
_X_DAYS = re.compile(r"(?<![\w])x\s?(?P<n>\d+)\s?(?:d|days?)\b")
_AT = re.compile(r"(?:(?<=\s)|^)@(?=\s|\d)|(?<=\d)@")
_AND_PLUS = re.compile(r"\d\s?" + DOSE_UNIT + r"\s?(?P<sym>[&+])\s?\d|"
                       # "to the rash & 2 cm around it": a spaced ampersand before a number
                       r"(?<=\s)(?P<amp>&)(?=\s\d)")
_COMPARE = re.compile(r"(?P<sym>[<>≤≥])\s?\d[\d,.]*\s?(?:" + DOSE_UNIT + r"\b" + _LAB +
                      # a threshold for action: a temperature or a weight ("a temp > 39°C")
                      r"|°\s?[CF]\b|degrees\b|kg\b|kilograms?\b)")
_SLASH_DOSES = re.compile(r"\d\s?(?:mg|mcg|mL|units?)\s?(?P<sym>/)\s?\d+(?:\.\d+)?\s?(?:mg|mcg|mL|units?)\b")
_FRACTION = re.compile(r"(?<![\d/])(?P<f>1/2|½|1/4|¼|1/3|⅓)\s?(?:of\s)?(?:an?\s|the\s|your\s)?"
                       r"(?:\d+(?:\.\d+)?\s?(?:mL|ml|mg)\s)?(?:measuring\s|dosing\s|medicine\s|oral\s)?(?:tablets?|tabs?|pills?|capsules?|"
                       r"teaspoons?|tsp|tablespoons?|dose|doses|patch|syringes?|spoons?|spoonfuls?|"
                       r"sachets?|suppositor(?:y|ies)|mL|ml|measures?|capfuls?|vials?|scoops?"
                       # A cup is a dose only when it is the medicine's own cup: "1/2 cup of
                       # milk" on a diet page is a portion.
                       r"|(?<=measuring\s)cups?|(?<=dosing\s)cups?|(?<=medicine\s)cups?)\b")
_FRACTION_WORDS = {"1/2": "half a", "½": "half a", "1/4": "a quarter of a", "¼": "a quarter of a",
                   "1/3": "a third of a", "⅓": "a third of a"}
_ROMAN_DOSE = re.compile(r"\b(?:tabs?|tablets?|caps?|capsules?|gtts?|drops?|pills?)\s+(?P<n>i{1,3}|iv|v|vi{1,3})\b")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8"}
_APOTHECARY = re.compile(r"[ʒ℥]|\b(?:\d+\s?)?(?:fluid\s)?(?:drams?|minims?)\b(?=\s+(?:of|at|a|twice|every|daily)\b)", re.I)
_RATIO = re.compile(r"\b1\s?:\s?(?P<n>[1-9]\d{0,2}(?:,?\d{3})+)\b")
_EPINEPHRINE = re.compile(r"\b(?:epinephrine|adrenaline|lidocaine with|with epinephrine)\b", re.I)
_HCL = re.compile(r"\b(?P<drug>[A-Za-z][a-z]{3,})\s(?P<ab>HCl)\b")
_DRUG_SUFFIX = re.compile(r"(?:ine|ol|one|ide|in|am|il|ate|ane|ax|an|en|mab|pril|tan|zole|cycline)$", re.I)
_CONTEXT_ABBREVIATIONS = {"PTU": "propylthiouracil", "HCT": "hydrochlorothiazide",
                          "TAC": "triamcinolone or tacrolimus", "T3": "the full drug name "
                          "(Tylenol with Codeine No. 3 or liothyronine)", "AZT": "zidovudine",
                          "HCTZ": "hydrochlorothiazide"}
_CONTEXT_ABBREVIATION = re.compile(r"\b(?P<ab>PTU|HCT|TAC|T3)\b")
_PCA = re.compile(r"\bPCA\b")
_PCA_CONTEXT = re.compile(r"\b(?:pump|opioids?|morphine|hydromorphone|fentanyl|analgesia|dose|doses)\b", re.I)



def _defines_iu(doc: Document, ctx: Context) -> bool:
    return any(re.search(r"international units?\s*\(IU\)|\(IU\)", b.text) for b in doc.blocks
               if b.kind in PROSE_AND_ALT_KINDS and b.text)


# Supplement Facts labels give vitamins A, D and E in IU beside mcg (21 CFR 101.36), so
# a vitamin's amount in IU matches the bottle in the reader's hand: worth fixing, not a
# dose a nurse could misread as IV; an error elsewhere.
_VITAMIN_AMOUNT = re.compile(r"\bvitamins?\s+(?:[ADE]\d?|[ADE]\b)|\b(?:D3|D2|cholecalciferol|ergocalciferol|"
                             r"retinol|tocopherol)\b", re.I)


def _heading_above(unit: BlockUnit) -> str:
    """The heading the block sits under ("## Vitamin D" over "Adults need 600 IU a day")."""
    from ..claims.frames import HEADINGS_ABOVE
    return unit.ctx.analysis(HEADINGS_ABOVE, unit.doc).get(id(unit.block), "")


# Whether the page spells IU out ("international units (IU)"): later uses are a warning.
DEFINES_IU: PageAnalysis[bool] = PageAnalysis("safety.defines-iu", _defines_iu)


@block_check(U_UNIT, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT)
def u_for_units(unit: BlockUnit) -> Iterator[Finding]:
    for m in _U.finditer(unit.text):
        number, gap = m["num"], m["gap"]
        start = m.start("u") if gap else m.start()
        fix = "units" if gap else f"{number} units"
        yield _hit(unit, U_UNIT, start, m.end("u"),
                   f"Write '{number} units': 'U' can be read as 0, 4 or cc.", fix)


@block_check(IU, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("IU"))
def international_units(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _IU.finditer(text):
        severity = "warning" if unit.ctx.analysis(DEFINES_IU, unit.doc) \
            or _VITAMIN_AMOUNT.search(text, max(0, m.start() - 60), m.end() + 60) \
            or _VITAMIN_AMOUNT.search(_heading_above(unit)) else None
        yield _hit(unit, IU, m.start("iu"), m.end("iu"),
                   f"Write '{m['num']} international units': 'IU' can be read as IV or 10.",
                   "international units", severity)


@block_check(MS, kinds=PROSE_AND_ALT_KINDS, needs=has("MS", "MgSO4"))
def ms_written_out(unit: BlockUnit) -> Iterator[Finding]:
    for m in _MS_ALWAYS.finditer(unit.text):
        yield _hit(unit, MS, m.start(), m.end(), f"Write the drug name: '{m.group()}' can mean "
                   "morphine sulfate or magnesium sulfate.")


@block_check(MS, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("MS"))
def ms_next_to_dose(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _MS_DOSE.finditer(text):
        start = text.index("MS", m.start())
        yield _hit(unit, MS, start, start + 2, "Write the drug name: 'MS' next to a dose can mean "
                   "morphine sulfate or magnesium sulfate.")


# "1 mL is the same as 1 cc", "5 mL (or 5 cc)", "5 cc (5 mL)": the page teaches the
# reader that a cc on an old syringe or label is a millilitre. The dose is already
# written in mL beside it, so there is nothing to misread.
_ML = r"\d*(?:\.\d+)?\s?(?:mL|ml|milliliters?|millilitres?)\b"
_GLOSS_BEFORE = re.compile(_ML + r"\s*(?:\(\s*(?:or|also|which is|about)?|,?\s*or|=|is (?:the same as|"
                           r"equal to|also called|also written as)|equals|also called|also known as|"
                           r"same as)\s*$", re.I)
_GLOSS_AFTER = re.compile(r"^\s*(?:\(\s*(?:or\s*)?|,?\s*or\s+|=\s*|,?\s*(?:which\s+)?(?:is (?:the same as|"
                          r"equal to)|equals|is)\s+)" + _ML, re.I)


def _cc_gloss(text: str, start: int, end: int) -> bool:
    return bool(_GLOSS_BEFORE.search(text[max(0, start - 60):start])
                or _GLOSS_AFTER.match(text[end:end + 60]))


@block_check(CC, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("cc", "CC"))
def cubic_centimetres(unit: BlockUnit) -> Iterator[Finding]:
    for m in _CC.finditer(unit.text):
        if _cc_gloss(unit.text, m.start("num"), m.end()):
            continue
        start = m.start("cc") if m["gap"] else m.start()
        fix = "mL" if m["gap"] else f"{m['num']} mL"
        yield _hit(unit, CC, start, m.end("cc"), f"Write '{m['num']} mL': 'cc' can be read as 'u' "
                   "(units).", fix)


@block_check(MICROGRAM, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("µg", "μg", "ug", "mcgm"))
def microgram(unit: BlockUnit) -> Iterator[Finding]:
    for m in _MICRO.finditer(unit.text):
        start = m.start("ug") if m["gap"] else m.start()
        fix = "mcg" if m["gap"] else f"{m['num']} mcg"
        yield _hit(unit, MICROGRAM, start, m.end("ug"),
                   f"Write '{m['num']} mcg': '{m['ug']}' can be read as mg.", fix)


@block_check(HS, kinds=PROSE_AND_ALT_KINDS, needs=has("HS", "hs", "h.s."))
def half_strength_or_bedtime(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _HS.finditer(text):
        if _near_dose(text, m.start(), m.end(), after=0) or re.search(r"\b(?:at|q)\s*$", text[:m.start()]):
            yield _hit(unit, HS, m.start("hs"), m.end("hs"), f"Write 'at bedtime' (or "
                       f"'half-strength'): '{m['hs']}' means either.")


# Lower-case "sc"/"sq" without dots are skipped below, so only the other forms are needed.
@block_check(SUBCUTANEOUS, kinds=PROSE_AND_ALT_KINDS, needs=has("SC", "SQ", "s.c.", "s.q."))
def subcutaneous(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _SC.finditer(text):
        if m["sc"].islower() and "." not in m["sc"]:
            continue  # "sc" and "sq" in lower case are too often other words; only doses use capitals
        before = text[max(0, m.start() - 30):m.start()]
        if re.search(r"\d\s?" + DOSE_UNIT + r"\s*$", before) or re.search(
                r"\b(?:inject|injected|injection|give|given)\b", before, re.I):
            yield _hit(unit, SUBCUTANEOUS, m.start("sc"), m.end("sc"), f"Write 'subcutaneous' "
                       f"(under the skin): '{m['sc']}' can be read as SL or '5 every'.")


@block_check(EAR_EYE, kinds=PROSE_AND_ALT_KINDS,
             needs=has("AD", "AS", "AU", "OD", "OS", "OU", ".d.", ".s.", ".u."))
def ear_eye(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _EAR_EYE.finditer(text):
        written = m["ab"] or m["dot"]
        before = text[max(0, m.start() - 25):m.start()]
        if m["ab"] and not _DROP_CONTEXT.search(before):
            continue  # "OD" alone is also an overdose; dotted "o.d." is only ever the abbreviation
        key = written.replace(".", "").lower()
        yield _hit(unit, EAR_EYE, m.start(), m.end(), f"Write '{_EAR_EYE_WORDS[key]}': '{written}' "
                   "is mistaken for the other ear or eye abbreviations.")


@block_check(INTRANASAL, kinds=PROSE_AND_ALT_KINDS, needs=has("IN", "IJ", "UD", "u.d."))
def route_abbreviations(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _IN.finditer(text):
        ab = m["ab"]
        before = text[max(0, m.start() - 25):m.start()]
        if ab == "IN" and not re.search(r"\b(?:sprays?|puffs?|drops?)\s*$|\d\s?(?:mg|mcg)\s*$", before):
            continue
        if ab != "IN" and not _near_dose(text, m.start(), m.end(), before=25, after=0) \
                and not re.search(r"\bas\s*$", before):
            continue
        words = {"IN": "intranasal (in the nose)", "IJ": "injection", "UD": "as directed",
                 "u.d.": "as directed"}[ab]
        yield _hit(unit, INTRANASAL, m.start("ab"), m.end("ab"), f"Write '{words}': '{ab}' is misread.")


@block_check(INTRANASAL, kinds=PROSE_AND_ALT_KINDS, needs=has("ss"))
def sliding_scale(unit: BlockUnit) -> Iterator[Finding]:
    for m in _SS.finditer(unit.text):
        yield _hit(unit, INTRANASAL, m.start("ab"), m.end("ab"), "Write 'sliding scale' or "
                   "'one-half': 'ss' is misread as 55.")


@block_check(X_DAYS, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("x"))
def times_days(unit: BlockUnit) -> Iterator[Finding]:
    for m in _X_DAYS.finditer(unit.text):
        fix = f"for {m['n']} days"
        yield _hit(unit, X_DAYS, m.start(), m.end(), f"Write '{fix}': 'x{m['n']}d' can be read as "
                   f"{m['n']} doses.", fix)


@block_check(DRUG_ABBREVIATION, kinds=PROSE_AND_ALT_KINDS, needs=has("HCl"))
def hydrochloride(unit: BlockUnit) -> Iterator[Finding]:
    for m in _HCL.finditer(unit.text):
        if _DRUG_SUFFIX.search(m["drug"]):
            yield _hit(unit, DRUG_ABBREVIATION, m.start("ab"), m.end("ab"), "Write 'hydrochloride': "
                       "'HCl' after a drug name is misread as KCl (potassium chloride).", "hydrochloride")


@block_check(DRUG_ABBREVIATION, kinds=PROSE_AND_ALT_KINDS, needs=has("PTU", "HCT", "TAC", "T3"))
def drug_abbreviation_near_dose(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _CONTEXT_ABBREVIATION.finditer(text):
        if _near_dose(text, m.start(), m.end(), before=15, after=12):
            name = _CONTEXT_ABBREVIATIONS[m["ab"]]
            yield _hit(unit, DRUG_ABBREVIATION, m.start(), m.end(), f"Write '{name}': '{m['ab']}' is "
                       "a drug-name abbreviation that is misread.")


@block_check(DRUG_ABBREVIATION, kinds=PROSE_AND_ALT_KINDS, needs=has("PCA"))
def patient_controlled_analgesia(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _PCA.finditer(text):
        window = text[max(0, m.start() - 40):m.end() + 40]
        if _PCA_CONTEXT.search(window) and "patient-controlled" not in window.lower() \
                and "patient controlled" not in window.lower():
            yield _hit(unit, DRUG_ABBREVIATION, m.start(), m.end(), "Write 'patient-controlled "
                       "analgesia': 'PCA' is also read as procainamide.")


@block_check(SYMBOLS, kinds=PROSE_AND_ALT_KINDS, needs=has("@"))
def at_sign(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _AT.finditer(text):
        if _near_dose(text, m.start(), m.end()):
            yield _hit(unit, SYMBOLS, m.start(), m.end(), "Write 'at': '@' can be read as the number 2.",
                       "at")


@block_check(SYMBOLS, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("&", "+"))
def and_plus(unit: BlockUnit) -> Iterator[Finding]:
    for m in _AND_PLUS.finditer(unit.text):
        sym = "amp" if m["amp"] else "sym"
        yield _hit(unit, SYMBOLS, m.start(sym), m.end(sym), f"Write 'and': '{m[sym]}' can be "
                   "read as the number 4.", "and")


@block_check(SYMBOLS, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("<", ">", "≤", "≥"))
def comparison(unit: BlockUnit) -> Iterator[Finding]:
    for m in _COMPARE.finditer(unit.text):
        words = {"<": "less than", ">": "more than", "≤": "no more than", "≥": "at least"}[m["sym"]]
        yield _hit(unit, SYMBOLS, m.start("sym"), m.end("sym"), f"Write '{words}': '{m['sym']}' is "
                   "read the wrong way round.")


@block_check(SYMBOLS, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has("/"))
def slash_between_doses(unit: BlockUnit) -> Iterator[Finding]:
    for m in _SLASH_DOSES.finditer(unit.text):
        yield _hit(unit, SYMBOLS, m.start("sym"), m.end("sym"), "Write 'and' (or 'per'): a slash "
                   "between doses can be read as the number 1.")


@block_check(FRACTION, kinds=PROSE_AND_ALT_KINDS, needs=has("1/", "½", "¼", "⅓"))
def fraction_dose(unit: BlockUnit) -> Iterator[Finding]:
    for m in _FRACTION.finditer(unit.text):
        words = _FRACTION_WORDS[m["f"]]
        yield _hit(unit, FRACTION, m.start("f"), m.end("f"), f"Write '{words} ...' in words: "
                   f"'{m['f']}' is misread.")


@block_check(APOTHECARY, kinds=PROSE_AND_ALT_KINDS, needs=has("tab", "cap", "gtt", "drop", "pill"))
def roman_numeral_dose(unit: BlockUnit) -> Iterator[Finding]:
    for m in _ROMAN_DOSE.finditer(unit.text):
        yield _hit(unit, APOTHECARY, m.start("n"), m.end("n"), f"Write '{_ROMAN[m['n']]}': Roman "
                   "numerals in doses are misread.")


# Case-insensitive: looked for in the lower-cased text; Ʒ, ı and İ match ʒ and i under
# re.I without lower-casing to them, so a block holding one goes to the pattern as well.
@block_check(APOTHECARY, kinds=PROSE_AND_ALT_KINDS,
             needs=has("ʒ", "Ʒ", "℥", "ı", "İ") | has_lower("dram", "minim"))
def apothecary_units(unit: BlockUnit) -> Iterator[Finding]:
    for m in _APOTHECARY.finditer(unit.text):
        yield _hit(unit, APOTHECARY, m.start(), m.end(), f"Use metric units instead of "
                   f"'{m.group()}' (mL, mg): apothecary units are misread.")


@block_check(RATIO, kinds=PROSE_AND_ALT_KINDS, needs=DIGIT & has(":"))
def ratio_strength(unit: BlockUnit) -> Iterator[Finding]:
    text = unit.text
    for m in _RATIO.finditer(text):
        window = text[max(0, m.start() - 40):m.end() + 40]
        if _EPINEPHRINE.search(window):
            yield _hit(unit, RATIO, m.start(), m.end(), "Write the amount per mL (for example "
                       "'1 mg/mL'): ratio strengths are misread.")


# --- look-alike names (page level) ------------------------------------------------------------


def _look_alikes(doc: Document, kb: KnowledgeBase, blocks: list[Block]) -> Iterator[Finding]:
    lowers = [block.text.lower() for block in blocks]
    page = "\n".join(lowers)
    for first, second in kb.look_alikes:
        if first.lower() not in page or second.lower() not in page:
            continue  # a name that is not even a substring of the page cannot match below
        found: dict[str, list[tuple[Block, int, int, str]]] = {}
        for name in (first, second):
            pattern = re.compile(r"\b" + re.escape(name.lower()) + r"\b")
            for block, lower in zip(blocks, lowers):
                for m in pattern.finditer(lower):
                    found.setdefault(name, []).append((block, m.start(), m.end(),
                                                       block.text[m.start():m.end()]))
        if len(found) < 2:
            continue
        uses = found[first] + found[second]
        if all(written in (first, second) for *_, written in uses):
            continue  # written in tall man letters everywhere: the names are told apart
        later = max((found[first][0], found[second][0]), key=lambda u: u[0].source_start(u[1]))
        block, i, j, written = later
        start, end = block.source_span(i, j)
        yield finding_for(LOOK_ALIKE, start, end,
                          message=f"'{first.lower()}' and '{second.lower()}' are look-alike names and "
                                  f"both appear on this page: write them in tall man letters "
                                  f"({first}, {second}) or make clear they are different medicines.",
                          suggestions=(f"{first} / {second}",))



@page_check(LOOK_ALIKE)
def look_alike_names(doc: Document, ctx: Context) -> Iterator[Finding]:
    if ctx.kb is None:
        return iter(())
    blocks = [b for b in doc.blocks if b.kind in PROSE_AND_ALT_KINDS and b.text]
    return _look_alikes(doc, ctx.kb, blocks)


FAMILY = Family(
    name="safety",
    rules=tuple(RULES),
    checks=(trailing_zero, leading_zero, unit_spacing, drug_dose_together, large_dose_commas,
            unit_period, at_sign, and_plus, comparison, slash_between_doses, fraction_dose,
            roman_numeral_dose, apothecary_units, ratio_strength, u_for_units,
            international_units, ms_written_out, ms_next_to_dose, cubic_centimetres, microgram,
            half_strength_or_bedtime, subcutaneous, ear_eye, route_abbreviations, sliding_scale,
            times_days, hydrochloride, drug_abbreviation_near_dose,
            patient_controlled_analgesia, look_alike_names),
    # An error-prone abbreviation is to be replaced, not spelled out: the safety rule's
    # finding stands for the words; LanguageTool and proselint give way as well.
    outranks=("a11y.abbreviation-unexpanded", "proselint.*", "lt.*"),
)
check = FAMILY.check
