"""Abbreviations: spelled out where the reader first meets them (WCAG 3.1.4, G97).

What counts as an abbreviation here: a word of two or more capitals ("TENS", "NSAIDs",
"ALT"). What does not: Roman numerals and stage names ("IIIB"), identifiers with digits
(gene symbols such as "BRCA1", subtypes such as "CMT2A"), gene symbols named as genes
("the PYGM gene"), the name of a scan ("CT scan"), capitalised ordinary words
("AND"), and abbreviations better known than their expansion (DNA, HIV, US ...)
plus the configured ``abbreviations`` allow-list.

What counts as spelled out: "words (ABBR)", "ABBR (words)" whose letters fit the
abbreviation, "ABBR stands for / means ...", "ABBR is a ...", "words, or ABBR",
"called ABBR", a glossary line "ABBR: ...", and HTML ``<abbr title>``. Not asked for: a
source credit line "ABBR: Name of the Body" (the reader has the body's name there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from ...model import HEADING, Finding, finding_for
from ...definitions import in_term_list
from ...options import Option
from ...rulepacks.matchers import figure_label
from ...textutil import sentence_spans
from ._page import PageView, rule

ALLOWED = Option("abbreviations", "list[str]", [], "Abbreviations that need no expansion.")

ABBREVIATION_UNEXPANDED = rule(
    "a11y.abbreviation-unexpanded",
    "Abbreviation is not spelled out where it is first used.",
    "WCAG 2.2 SC 3.1.4 Abbreviations (AAA), technique G97 (expanded form at first use), "
    "H28 (<abbr title>)",
    severity="info",
    suggestion="Spell it out at first use: \"transcutaneous electrical nerve stimulation (TENS)\"",
    rationale="Readers with low literacy, cognitive disabilities or another first language, and "
              "screen readers that guess a pronunciation, need the words behind an "
              "abbreviation once, where they first meet it. Well-known ones (DNA, HIV, US...), "
              "the letters patients know as the name (MedlinePlus titles its pages 'COPD', "
              "'GERD', 'EEG'), the labels of a list the page gives as medical terms, and the "
              "configured `abbreviations` allow-list are not flagged; neither are gene symbols "
              "and other identifiers with digits.",
    match=("# Pain relief\n\nAsk about TENS for back pain.\n",
           "# Pain relief\n\nAsk about TENS. Transcutaneous electrical nerve stimulation (TENS) "
           "uses mild current.\n",
           "<p>Your ALT level is high.</p>\n"),
    no_match=("# Pain relief\n\nAsk about transcutaneous electrical nerve stimulation (TENS). "
              "TENS uses mild current.\n",
              "# Pain relief\n\nAsk about TENS (transcutaneous electrical nerve stimulation).\n",
              "# Pain relief\n\nAsk about <abbr title=\"transcutaneous electrical nerve "
              "stimulation\">TENS</abbr>.\n",
              "# Tests\n\nYou may have an HIV test, a CT scan and a type II diabetes screen.\n",
              "# Genes\n\nChanges in the PYGM gene or in BRCA1 raise the risk.\n",
              "# Heart tests\n\nYou may need an EKG (Electrocardiogram) first.\n",
              "# Sprains\n\nSprains are treated with RICE. This stands for rest, ice, compression "
              "and elevation.\n",
              "# Contact\n\nWrite to 31 Center Drive, Bethesda, MD 20892 or Austin, TX 78701.\n",
              "# Quit\n\nCall 1-800-QUIT-NOW or (800) QUIT-NOW for free help.\n",
              "# Reviewed\n\nReviewed by Jane Roe, MD, RN and Sam Lee, NP.\n",
              "# Tests\n\nPeople with COPD or GERD may need an EEG or an HPV vaccine.\n",
              "# Signs\n\nLook up these medical terms in a dictionary.\n\n- EMG abnormality\n"
              "- Edema\n"))

RULES = [ABBREVIATION_UNEXPANDED]

# Better known than their expansions, or not something a reader needs expanded.
KNOWN = frozenset({
    "US", "USA", "UK", "EU", "UN", "OK", "TV", "AM", "PM", "ID", "PDF", "FAQ", "DNA", "RNA",
    "HIV", "AIDS", "COVID", "SARS-COV", "KB", "MB", "GB", "IQ",
    "MRI", "CT",  # scans known by their letters: "magnetic resonance imaging" is the harder name
    "ZIP",  # "ZIP code" is an everyday word
    "QT", "QRS",  # names of ECG waves and intervals, not abbreviations of words
    # The letters are the name patients know: NLM's MedlinePlus titles its health topic or
    # encyclopedia article by them ("COPD", "CPR", "GERD", "HPV", "MRSA", "EEG", "LDL: The
    # 'Bad' Cholesterol"), as it does "HIV/AIDS", "CT Scans" and "MRI Scans".
    "COPD", "CPR", "GERD", "HPV", "MRSA", "EEG", "LDL", "HDL",
})
# Units the medication-safety checks tell authors to write out ("units"), never expand.
_DOSE_UNITS = frozenset({"IU", "U", "MCG", "MG", "ML", "MEQ", "MMOL"})
# Capitalised ordinary words (in a capitalised title or a form), not abbreviations.
_PLAIN_WORDS = frozenset({
    "AND", "OR", "NOT", "THE", "OF", "TO", "IN", "ON", "AT", "BY", "FOR", "WITH", "NO", "YES",
    "IF", "IS", "ARE", "BE", "DO", "TOTAL", "NOTE", "STOP", "CALL", "WARNING", "DANGER",
    "CAUTION", "NEW", "FREE", "NOW", "DATE", "NAME", "TIME",
    # Words put in capitals for emphasis inside a sentence ("ONE or more of these").
    "ONE", "TWO", "THREE", "ONLY", "NEVER", "ALWAYS", "MUST", "BOTH", "EACH", "EVERY", "ANY",
    "BEFORE", "AFTER", "DURING", "WITHOUT", "ONCE", "TWICE", "MORE", "LESS", "MOST", "LEAST",
    "BUT", "NOR", "ALSO", "EVEN", "VERY", "NONE", "NEITHER", "EITHER", "FIRST", "LAST",
})

# A capitalised token with its hyphenated capital parts ("MT-ATP6", "HLA-B", "COVID-19");
# a lower-case part is not its ("HIV-positive" holds "HIV"); a plural or possessive
# ending is left outside.
_TOKEN = re.compile(r"(?<![^\W_])[A-Z][A-Z0-9&]*(?:-[A-Z0-9]+)*(?=(?:s|'s|’s)?(?![^\W_]))")
_ROMAN_STAGE = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})[A-E]?S?$")
_CHROMOSOMES = re.compile(r"^X+Y*$|^Y+$")
_GENE_AFTER = re.compile(r"^-(?:related|associated)\b|^(?:/[A-Z0-9-]+)*(?:s|'s|’s)?\s+(?:genes?|proteins?|mutations?|variants?|alleles?|"
                         r"enzymes?|receptors?|pathways?|complex(?:es)?|channels?|locus|loci)\b", re.I)
# Initials after a capitalised name: an author in a reference ("Habra MA, Chiu AC.")
# or a brand's suffix ("Pepcid AC)").
_INITIALS = re.compile(r"[A-Z]{1,3}(?=[,.)])")
_SURNAME = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+(?:-[A-Z][a-z]+)? $")
_NAMED_CONDITION = re.compile(r"^(?:s|'s|’s)?\s+(?:syndromes?|diseases?|anomal(?:y|ies)|association)\b", re.I)
_SCAN_AFTER = re.compile(r"^(?:s|'s|’s)?\s+scans?\b", re.I)
_LIST_SEP = r"(?:\s*,\s*(?:and\s+|or\s+|and/or\s+)?|\s+(?:and|or|and/or)\s+|\s*/\s*)"
_SYMBOL = r"[A-Z][A-Za-z0-9-]*"
# "mutations in the TCOF1, POLR1C, or POLR1D genes" / "genes, including A, B and C"
_GENE_LIST = re.compile(
    rf"(?:{_SYMBOL}{_LIST_SEP})+{_SYMBOL}\s+genes\b"
    rf"|\bgenes?\b[^.;:]{{0,40}}?(?:including|such\s+as|called|named|:|,)\s+"
    rf"(?:{_SYMBOL}{_LIST_SEP})*{_SYMBOL}")


@dataclass(frozen=True)
class Use:
    block: int   # index in PageView.prose
    start: int   # offsets in that block's text
    end: int
    key: str


@dataclass(frozen=True)
class Abbreviations:
    """Every abbreviation on the page, where it is used and whether it is explained."""

    uses: tuple[Use, ...]
    known: frozenset[str]            # allowed without expansion (built in + configured)
    explained: frozenset[str]        # spelled out somewhere on the page
    not_abbreviations: frozenset[str]  # gene symbols, scans: names, not abbreviations

    def acronyms(self) -> frozenset[str]:
        """Keys a reader can take as acronyms (the capitals rule leaves them alone)."""
        return self.known | self.explained | self.not_abbreviations


def _in_hyphenated_word(text: str, start: int, end: int) -> bool:
    """Part of a larger word: "ray-NOHZ", "NSAID-induced", a file name "DESIGN.md"."""
    before = text[start - 2:start] if start >= 2 else ""
    after = text[end:end + 2]
    return (len(before) == 2 and before[1] == "-" and before[0].isalnum()) or (
        len(after) == 2 and after[0] in "-." and after[1].islower())


# Two-letter postal codes: "Bethesda, MD 20892" is an address, not an abbreviation to expand.
_STATES = frozenset("""AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO
MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI""".split())
_ZIP_AFTER = re.compile(r"^\.?,?\s+\d{5}(?:-\d{4})?\b")
# "800-QUIT-NOW", "(800) QUIT-NOW", "1-877-44U-QUIT": letters that spell a phone number.
_PHONE_BEFORE = re.compile(r"(?:\(\d{3}\)\s?|\b\d{3}-)(?:[A-Z0-9]{1,4}-)?$")
# Credentials after a person's name: "Jane Roe, MD, RN", "Dr. Ann Lee, PharmD, BCPS".
_CREDENTIALS = frozenset("""MD DO RN NP PA PAC PA-C APRN CNM CRNA DNP FNP LPN LVN BSN MSN DDS DMD OD
RPH BCPS CDE CDCES RD RDN LD MPH MSW LCSW LPC CHES FACP FAAP FACC FACOG FACS FAAFP MBA MS MA
PHD PHARMD DRPH CCC-SLP OTR PT DPT ATC IBCLC""".split())
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?|\b[A-Z][A-Za-z-]*[A-Z](?:-[A-Z])?)\s*,\s*$")


# A source credit line: "NIH: National Institute on Aging" names the body the text
# comes from after the colon; the reader has its name there, so the letters before it
# need no expansion of their own (an expansion that fits the letters is still taken
# as one, "FISH: fluorescence in situ hybridization").
_CREDIT_AFTER = re.compile(r":\s+(?:The\s+)?[A-Z][a-z]+(?:\s+(?:of|on|and|for|the|&)?\s*[A-Z][a-z]+)+")


def _credit_line(text: str, start: int, end: int) -> bool:
    return bool(_CREDIT_AFTER.match(text, end))


def _not_an_abbreviation_here(text: str, start: int, end: int, key: str) -> bool:
    """A state in a postal address, letters of a phone number, a credential after a name."""
    if key in _STATES and _ZIP_AFTER.match(text[end:end + 16]):
        return True
    if _PHONE_BEFORE.search(text[max(0, start - 16):start]):
        return True
    if key.upper() in _CREDENTIALS and _NAME_BEFORE.search(text[max(0, start - 40):start]):
        before = text[max(0, start - 60):start]
        # A person's name (two capitalised words) or another credential before the comma.
        return bool(re.search(r"[A-Z][a-z.]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s*,\s*$", before)
                    or re.search(r"\b(?:" + "|".join(sorted(_CREDENTIALS, key=len, reverse=True))
                                 .replace("-", "\\-") + r")\s*,\s*$", before, re.I))
    return False


def key_of(word: str) -> str | None:
    """The abbreviation a word is, or None ("NSAIDs" and "NSAID" are both "NSAID")."""
    if sum(c.isupper() for c in word) < 2 or not word.isupper():
        return None
    if _ROMAN_STAGE.match(word) or _CHROMOSOMES.match(word) or word in _PLAIN_WORDS:
        return None
    if any(c.isdigit() for c in word) and word.split("-")[0] not in KNOWN:
        return None  # an identifier (gene symbol, subtype, strain), not an abbreviation
    return word


def analyse(page: PageView, allowed: Iterable[str],
            term_lists: tuple[tuple[int, int], ...] = ()) -> Abbreviations:
    """``allowed``: the configured allow-list. Error-prone dose and drug-name
    abbreviations are the safety rules' to report: they outrank this rule on the same
    words (the advice is to replace them, not to spell them out). ``term_lists``: the
    source spans of lists the page gives as medical terms (definitions.term_list_spans)
    and, like the rows of a frequency table flattened into a line, they hold a
    vocabulary's labels ("- EMG abnormality", "EEG abnormality 90%"): not a use to spell
    out."""
    blocks = page.prose
    known = KNOWN | _DOSE_UNITS | {a.strip().upper() for a in allowed if a.strip()}
    # A condition the page is about and names by its letters ("MORM syndrome", "CREST
    # syndrome" in its title): the letters are the condition's name, which patients and
    # doctors use; the words behind them are not what the reader needs.
    subject = set(_TOKEN.findall(" ".join(page.doc.names)))
    uses: list[Use] = []
    names: set[str] = set()
    explained = set(_html_expansions(page))
    for index, block in enumerate(blocks):
        text = block.text
        if sum(map(str.isupper, text)) < 2:  # map: the count runs in C
            continue
        listed = _gene_list_spans(text)
        for match in _TOKEN.finditer(text):
            key = key_of(match.group())
            if key is None:
                continue
            after = text[match.end():match.end() + 40]
            if (_GENE_AFTER.match(after) or _SCAN_AFTER.match(after)
                    or any(a <= match.start() < b for a, b in listed)
                    or _NAMED_CONDITION.match(after) and key in subject):
                names.add(key)
            if _INITIALS.match(text, match.start()) and _SURNAME.search(text, 0, match.start()):
                continue
            if _in_hyphenated_word(text, match.start(), match.end()):
                continue
            if _not_an_abbreviation_here(text, match.start(), match.end(), key):
                continue
            if term_lists and in_term_list(term_lists, block.source_start(match.start())) or \
                    "%" in text and figure_label(text, match.start(), match.end()):
                continue
            use = Use(index, match.start(), match.end(), key)
            if key not in explained:
                if _explained_here(text, use.start, use.end, key):
                    explained.add(key)
                elif _credit_line(text, use.start, use.end):
                    continue
            uses.append(use)
    return Abbreviations(tuple(uses), frozenset(known), frozenset(explained), frozenset(names))


def check(page: PageView, found: Abbreviations,
          shouted: Iterable[tuple[int, int, int]]) -> Iterator[Finding]:
    blocks = page.prose
    shouted = list(shouted)
    by_key: dict[str, list[Use]] = {}
    for use in found.uses:
        head = use.key.split("-")[0]
        if ({use.key, head} & (found.known | found.not_abbreviations)
                or head in found.explained and head != use.key
                or _variant_explained(use.key, found.explained)):
            continue
        if any(b == use.block and a <= use.start < e for b, a, e in shouted):
            continue  # inside text in capitals: one finding, from the capitals rule
        by_key.setdefault(use.key, []).append(use)
    html_explained = _html_expansions(page)
    for key, uses in by_key.items():
        if key in html_explained:
            continue
        # A heading may name the abbreviation before the text explains it ("## Living
        # with COPD"): the first use that counts is the first one in the text, if any.
        in_text = [u for u in uses if blocks[u.block].kind != HEADING]
        first = (in_text or uses)[0]
        explained = next((u for u in uses
                          if _explained_here(blocks[u.block].text, u.start, u.end, key)), None)
        if explained is not None and (explained.block, explained.start) <= (first.block,
                                                                            first.start):
            continue
        if explained is not None and _same_or_next_sentence(blocks[first.block], first, explained):
            continue  # "Familial HDL deficiency ... high-density lipoprotein (HDL)"; "... called
            # HELLP syndrome. HELLP stands for ...": the reader has the words a sentence on
        block = blocks[first.block]
        later = " (it is spelled out only later on the page)" if explained else ""
        word = block.text[first.start:first.end]
        yield finding_for(ABBREVIATION_UNEXPANDED, *block.source_span(first.start, first.end),
                          message=f"\"{word}\" is not spelled out where it is first used{later}.",
                          suggestions=(f"Write the words first: \"... ({word})\"; or add {word} "
                                       "to the `abbreviations` allow-list if your readers know "
                                       "it",))


def _same_or_next_sentence(block, first: Use, later: Use) -> bool:
    """The later explanation is in the same sentence, or it opens the next one as a
    definition ("... HELLP syndrome. HELLP stands for ..."), as "This stands for" does."""
    if first.block != later.block:
        return False
    spans = sentence_spans(block.text)
    for i, (a, b) in enumerate(spans):
        if a <= first.start < b:
            if later.end <= b:
                return True
            if i + 1 < len(spans):
                na, nb = spans[i + 1]
                opens = block.text[na:later.start].strip().strip("\"'“‘") == ""
                return opens and later.end <= nb and bool(
                    _DEFINES_AFTER.match(block.text[later.end:later.end + 200]))
            return False
    return False


def _variant_explained(key: str, explained: frozenset[str]) -> bool:
    """"GSD" when the page spells out "GSDIII" (or the other way round)."""
    return len(key) >= 3 and any(k != key and len(k) >= 3 and (k.startswith(key) or
                                                                key.startswith(k))
                                 for k in explained)


# --- is it explained here? ---------------------------------------------------------

_ENDING = r"(?:s|'s|’s)?"
_BEFORE_PAREN = re.compile(
    r"\(\s*(?:or\s+|also\s+called\s+|also\s+known\s+as\s+|called\s+|abbreviated\s+(?:as\s+)?"
    r"|known\s+as\s+|short\s+for\s+)?(?:[\w,]*[-/])?$", re.I)
# After the abbreviation inside its parenthesis: the end, a separator, or a word or two
# ("(AAT deficiency)").
# A sign after the letters belongs to them: "(PEO+)", "(CD4+)".
_CLOSES_PAREN = re.compile(rf"^[+-]?{_ENDING}(?:\s+[\w-]+){{0,2}}\s*[);,:/]|^{_ENDING}\s+or\b")
# "ABBR (words)", also with a word or two between ("EEC syndrome (ectrodactyly ...)").
_PAREN_AFTER = re.compile(rf"^{_ENDING}(?:\s+[\w-]+){{0,2}}\s*\(([^()]{{3,160}})\)")
# "(words; ABBR)" / "(words, ABBR)"
_LIST_IN_PAREN = re.compile(r"\(([^()]{3,120})[;,]\s*$")
# "ABBR, or words" / "(ABBR), or words" / "ABBR, also called words"
_OR_AFTER = re.compile(rf"^{_ENDING}\)?\s*,?\s+(?:or|also\s+called|also\s+known\s+as|meaning)\s+"
                       r"([^.;:()]{3,120})", re.I)
_DEFINES_AFTER = re.compile(
    rf"^{_ENDING}[\"'”’]?\s*,?\s*(?:which\s+|that\s+)?(?:stands\s+for|is\s+short\s+for|is\s+an?\s+abbreviation\s+for|"
    r"is\s+the\s+abbreviation\s+for|means|refers\s+to)\b"
    rf"|^{_ENDING}\s+(?:is|are)\s+(?:a|an|the)\s+\w"
    rf"|^{_ENDING}\s*,\s+(?:a|an)\s+\w", re.I)
_GLOSSARY = re.compile(rf"^{_ENDING}\s*(?::|\s[-–—])\s")
_APPOSITION_BEFORE = re.compile(r"[A-Za-z]\s*,\s*$")
_APPOSITION_AFTER = re.compile(rf"^{_ENDING}\s*,(?!\s*(?:and|or|nor)\b)")  # not "A, B, and C"
# The words of an expansion: letters, spaces and hyphens, at least one long word.
_EXPANSION_WORDS = re.compile(r"^\s*[A-Za-z][A-Za-z-]{3,}(?:\s+[A-Za-z][A-Za-z-]*){0,7}\s*$")
# "... treated with RICE. This stands for Rest, Ice, Compression and Elevation."
_DEFINED_NEXT = re.compile(rf"^{_ENDING}\s*[.)]\s+(?:This|That|It|The\s+(?:acronym|abbreviation|"
                           r"name))\s+(?:stands\s+for|is\s+short\s+for|means)\b")
_ENTRY_HEAD = re.compile(r"^\s*([A-Za-z][\w'-]*(?:\s+[\w'-]+){0,4})\s*:\s")
_NAMED_BEFORE = re.compile(r"(?:\b(?P<named>called|referred\s+to\s+as|known\s+as(?:\s+the\s+(?:acronym|abbreviation))?|"
                           r"abbreviated(?:\s+as)?|known\s+by\s+the\s+(?:acronym|abbreviation))"
                           r"|\bor)\s+"
                           r"(?:an?\s+|the\s+)?$", re.I)


def _explained_here(text: str, start: int, end: int, key: str) -> bool:
    """Is the abbreviation at text[start:end] spelled out or defined right there?"""
    after = text[end:end + 200]
    before = text[max(0, start - 200):start]
    paren = _PAREN_AFTER.match(after)
    if paren and _letters_fit(key, paren.group(1), word_start=True):
        return True
    if paren and _EXPANSION_WORDS.match(paren.group(1)) and \
            paren.group(1).lstrip()[:1].lower() == key[0].lower():
        # "EKG (Electrocardiogram)": the words in brackets right after it, starting with
        # its first letter; the letters may come from another language, as before it.
        return True
    if _BEFORE_PAREN.search(before) and _CLOSES_PAREN.match(after):
        head = before[:before.rfind("(")]
        # The "(ABBR)" convention is strong evidence: the letters may sit inside words
        # ("tetrahydrobiopterin (BH4)") or come from another language
        # ("electrocardiogram (EKG)"), as long as the first one starts a word.
        words = _last_words(head)
        if _letters_fit(key, words, word_start=False) or _letters_fit(
                key[0], " ".join(words.split()[-6:]), word_start=True):
            return True
    if _DEFINES_AFTER.match(after) or _DEFINED_NEXT.match(after):
        return True
    listed = _LIST_IN_PAREN.search(before)
    if listed and _CLOSES_PAREN.match(after) and _letters_fit(key, listed.group(1),
                                                              word_start=True):
        return True
    # "Pseudoxanthoma elasticum, PXE, is ...": the letters set off by commas right after
    # the words they stand for.
    if _APPOSITION_BEFORE.search(before) and _APPOSITION_AFTER.match(after) and _letters_fit(
            key, " ".join(before[:before.rfind(",")].split()[-(len(key) + 1):]), word_start=True):
        return True
    spelled = _OR_AFTER.match(after)
    if spelled and _letters_fit(key, " ".join(spelled.group(1).split()[:10]), word_start=True):
        return True
    named = _NAMED_BEFORE.search(before)
    if named:
        # "... lumbar puncture. It is also called an LP": what is named may be in the
        # sentence before; "highly active antiretroviral therapy or HAART" is one clause.
        head = before[:named.start()]
        words = head if named.group("named") else _last_words(head)
        if _letters_fit(key, words, word_start=True):
            return True
        # "- Lumbar puncture: A procedure used to ... This procedure is also called an LP":
        # what is named is the glossary entry's headword at the start of the block.
        entry = _ENTRY_HEAD.match(text)
        if named.group("named") and entry and _letters_fit(key, entry.group(1), word_start=True):
            return True
    glossary = _GLOSSARY.match(after)
    if glossary is None:
        return False
    # "FISH: fluorescence in situ hybridization" -- a label and its expansion; at the
    # start of a block ("TENS: a small device ...") any definition will do.
    return start == 0 or _letters_fit(key, " ".join(after[glossary.end():].split()[:8]),
                                      word_start=True)


def _letters_fit(abbreviation: str, words: str, *, word_start: bool) -> bool:
    """Could ``words`` be what ``abbreviation`` stands for? Its letters appear in order
    (the first one starting a word when ``word_start``): "nonsteroidal
    anti-inflammatory drugs" fits NSAID, "such as ibuprofen" does not."""
    letters = [c.lower() for c in abbreviation if c.isalpha()]
    if not letters:
        return False
    text = words.lower()
    first = re.escape(letters[0])
    for match in re.finditer(rf"\b{first}" if word_start else first, text):
        rest = iter(text[match.end():])
        if all(c in rest for c in letters[1:]):
            return True
    return False


def _last_words(text: str, count: int = 10) -> str:
    # The expansion sits in the same clause: stop at the previous sentence end.
    clause = re.split(r"[.;:!?]\s", text)[-1]
    return " ".join(clause.split()[-count:])


def _gene_list_spans(text: str) -> list[tuple[int, int]]:
    if "gene" not in text:
        return []
    return [m.span() for m in _GENE_LIST.finditer(text)]


def _html_expansions(page: PageView) -> set[str]:
    facts = page.doc.facts
    pairs = list(facts.get("abbreviations", ()))
    for raw in facts.get("raw_html", ()):
        pairs.extend(raw.get("abbreviations", ()))
    return {key for text, _title in pairs if (key := key_of(text.strip()))}
