"""Misspelled medicine names ("ibuprophen", "metforman").

The words are found by checker/drugnames.py when sentences are read into mentions, so
every other check already reads "Ibuprophen is an opioid" as ibuprofen; this module
reports the spelling itself.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..dispatch import SentenceUnit
from ..model import PROSE_AND_ALT_KINDS, Finding
from ..rules import MENTION, rule_maker, sentence_check

_rule = rule_maker("medication-safety", severity="error")

MISSPELLED = _rule(
    "safety.misspelled-drug-name",
    "A medicine's name is misspelled.",
    "Established and proprietary names as written on FDA-approved labeling (DailyMed), "
    "as listed in the fact base (rules/facts/*.yml)",
    ("Take ibuprophen with food.",
     "Hydrocodon tablets already contain acetaminophen.",
     "Use predisone exactly as prescribed.",
     "Most people start sertaline at a low dose.",
     "Morfine can slow your breathing.",
     "Ask before giving amoxicilin to a child.",
     "Never take Tylenal with other acetaminophen products.",
     "How to Take Gabapenten Safely"),
    ("Take ibuprofen with food.",
     "Ask whether prednisone or prednisolone is right for you.",
     "Take predniSONE in the morning; hydrOXYzine can make you sleepy.",
     "The citrate salt dissolves quickly.",
     "Genu valgum means knock knees.",
     "Keep taking your metformin even when your sugar is normal."),
    suggestion="ibuprofen", outranks=("lt.MORFOLOGIK_RULE_EN_US",),
    rationale="A wrong letter in a medicine's name can make it a different medicine, or one a "
              "reader cannot look up, and it hides the medicine from every other check. A word "
              "is read as a misspelled name when it is one edit from a short name or a brand, or "
              "two from a long generic, starts with the same letter, and is neither an English "
              "word nor another name of the fact base (hydralazine is never 'corrected' to "
              "hydroxyzine). Tall-man lettering (hydrOXYzine) is the name itself.")

RULES = (MISSPELLED,)

# A word a page writes this often is a term of its own (a gene, a genus, a disease), not
# a slip of the keyboard.
_REPEATED = 3


@sentence_check(MISSPELLED, kinds=PROSE_AND_ALT_KINDS, needs=MENTION)
def misspelled_drug_name(unit: SentenceUnit) -> Iterator[Finding]:
    for mention in unit.sentence.mentions:
        name = mention.misspelled_of
        if name is None:
            continue
        word = unit.sentence.text[mention.start:mention.end]
        if _times_on_page(unit, word) >= _REPEATED:
            continue
        suggestion = name[0].upper() + name[1:] if word[0].isupper() else name
        yield unit.finding(MISSPELLED, mention.start, mention.end,
                           message=f"'{word}' looks like a misspelling of {name}.",
                           suggestions=(suggestion,))


def _times_on_page(unit: SentenceUnit, word: str) -> int:
    """Whole-word occurrences on the page, any case (read only for the rare word that
    misspells a name, so a page without one costs nothing)."""
    pattern = re.compile(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", re.IGNORECASE)
    return len(pattern.findall(unit.doc.source))


CHECKS = (misspelled_drug_name,)
