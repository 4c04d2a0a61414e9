"""Compliance: fair balance, review metadata and uncited "clinically proven" claims.

- Fair balance: a page that presents a medicine (by generic or brand name) or a
  medicine class as a treatment must say something about the key risks of that class
  (rules/drugs.yml ``risk_groups``). A class named only in passing ("acetaminophen is
  not an NSAID", "do not take it with opioids") does not count as presenting it.
- Review metadata: publishable pages (under the configured ``content_paths``) need
  ``reviewed_by``, a valid ``last_reviewed`` date no older than ``review_max_age_months``,
  and an ``audience`` from ``audiences``; a ``last_reviewed`` date is judged on any page.
  Findings sit on the front-matter line concerned (line 1 when the key is missing).
- "Clinically proven" and its kin need a citation in the same sentence.

The absolute-claim words (cure, guaranteed, 100% safe ...) are data: rules/claims.yml.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterator

from ..audience import page_audience
from ..claims.absolute import REFUTED, REPORTED
from ..claims.risks import text_without_denials
from ..config import AUDIENCES
from ..context import Context, RunContext, RunIndex
from ..dispatch import BlockUnit, SentenceUnit
from ..knowledge import KnowledgeBase, Product, RiskGroup
from ..medtext import Mention, Sentence
from ..model import HEADING, LINK_TEXT, PROSE_KINDS, Document, Finding, RuleInfo, finding_for
from ..options import Option
from ..rules import Family, block_check, has, has_lower, page_check, rule_maker, sentence_check

CATEGORY = "compliance"
# Under re.I "ı" and "İ" match i, "ſ" matches s, the Kelvin sign matches k, without
# lower-casing to them: a block holding one goes to the case-insensitive patterns.
FOLDS_TO_ASCII = has("ı", "İ", "ſ", "\u212a")


_rule = rule_maker(CATEGORY, severity="error")


_PAGE = "---\ntitle: {title}\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2026-06-01\n---\n\n"

FAIR_BALANCE = _rule(
    "compliance.fair-balance",
    "The page presents a medicine as a treatment without its key risks.",
    "FDA, fair balance in prescription drug information (21 CFR 202.1(e)(5)); risks per class in "
    "rules/drugs.yml (FDA Medication Guides and Drug Safety Communications)",
    (_PAGE.format(title="NSAIDs") + "# NSAIDs\n\nNSAIDs such as ibuprofen relieve back pain.\n",
     "Your doctor may prescribe gabapentin to ease nerve pain.\n"),
    (_PAGE.format(title="NSAIDs") + "# NSAIDs\n\nNSAIDs such as ibuprofen relieve back pain. They can "
     "cause stomach bleeding, and they raise the risk of heart attack, stroke and kidney damage.\n",
     "Acetaminophen is not an NSAID.\n",
     "Do not take gabapentin with opioids.\n"),
    rationale="A reader who learns what a medicine does must also learn what it can do wrong. The "
              "finding names the class, points at its first mention as a treatment and lists the "
              "risks the page does not mention. It is an error when the page is about the "
              "medicine (it is in the title or a heading), a warning when the page mentions it "
              "as one treatment among others.")

REVIEWER_MISSING = _rule(
    "review.reviewer-missing", "A publishable page has no 'reviewed_by' in its front matter.",
    "Medical review policy for patient education (NIH Clear Communication; PEMAT); project configuration",
    ("---\ntitle: Pain\naudience: patient\nlast_reviewed: 2026-06-01\n---\n\n# Pain\n\nText.\n",),
    ("---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2026-06-01\n---\n\n"
     "# Pain\n\nText.\n",),
    suggestion="reviewed_by: <name, credentials>", example_folder="content")
DATE_MISSING = _rule(
    "review.date-missing", "A publishable page has no 'last_reviewed' date in its front matter.",
    "Medical review policy for patient education; project configuration (review_max_age_months)",
    ("---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\n---\n\n# Pain\n\nText.\n",),
    ("---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2026-06-01\n---\n\n"
     "# Pain\n\nText.\n",),
    suggestion="last_reviewed: YYYY-MM-DD", example_folder="content")
DATE_INVALID = _rule(
    "review.date-invalid", "'last_reviewed' is not a valid date (YYYY-MM-DD, not in the future).",
    "Medical review policy for patient education; ISO 8601 dates",
    ("---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: last spring\n"
     "---\n\n# Pain\n\nText.\n",
     "---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2026-02-30\n"
     "---\n\n# Pain\n\nText.\n"),
    ("---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2026-02-28\n"
     "---\n\n# Pain\n\nText.\n",),
    suggestion="last_reviewed: YYYY-MM-DD", example_folder="content")
DATE_STALE = _rule(
    "review.date-stale", "The page's last medical review is older than the configured limit.",
    "Medical review policy for patient education; project configuration (review_max_age_months, default 12)",
    ("---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2024-01-15\n"
     "---\n\n# Pain\n\nText.\n",),
    ("---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2026-01-15\n"
     "---\n\n# Pain\n\nText.\n",),
    rationale="Medicines' labels, warnings and guidelines change; a page nobody has reviewed for a "
              "year may give outdated advice.")
AUDIENCE = _rule(
    "review.audience", "A publishable page has no 'audience', or one that is not configured.",
    "Project configuration (audiences); PEMAT: materials are written for a stated audience",
    ("---\ntitle: Pain\naudience: everyone\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2026-06-01\n"
     "---\n\n# Pain\n\nText.\n",),
    ("---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2026-06-01\n"
     "---\n\n# Pain\n\nText.\n",),
    suggestion="audience: patient", example_folder="content")
METADATA_KEY = _rule(
    "review.metadata-key-typo", "A front-matter key is a near miss of one medcheck reads, so "
    "medcheck does not see it.",
    "medcheck's page metadata keys (README, Configuration: review metadata)",
    ("---\ntitle: Pain\naudience: patient\nreviewed-by: Dr. A. Reviewer\nlast_reviewed: 2026-06-01\n"
     "---\n\n# Pain\n\nText.\n",
     "---\ntitle: Pain\naudiance: patient\n---\n\n# Pain\n\nText.\n"),
    ("---\ntitle: Pain\naudience: patient\nreviewed_by: Dr. A. Reviewer\nlast_reviewed: 2026-06-01\n"
     "layout: page\ntags: [pain]\n---\n\n# Pain\n\nText.\n",),
    severity="warning", suggestion="reviewed_by",
    rationale="'reviewed-by' or 'lastReviewed' look right to a person but are other keys to "
              "medcheck: the review metadata counts as missing and the page fails for a reason "
              "its editor cannot see. Keys far from any medcheck key (a CMS's own) are left alone.")
CLINICALLY_PROVEN = _rule(
    "claims.clinically-proven", "'Clinically proven' (or a similar claim) without a citation.",
    "FTC, Health Products Compliance Guidance (2022): claims need competent and reliable "
    "scientific evidence; FDA 21 CFR 202.1",
    ("This cream is clinically proven to ease back pain.", "Our formula is scientifically proven."),
    ("This cream was clinically proven to ease back pain in a 2019 trial [1].",
     "A study found it eased pain ([Smith et al., 2019](https://example.org/study)).",
     "Homeopathic remedies have not been scientifically proven to work.",
     "Is it clinically proven?"),
    rationale="A claim of proof must say where the proof is: name the study or link to it.")

CURE = _rule(
    "claims.cure", "A medicine or product is said to cure, without any qualification.",
    "FTC, Health Products Compliance Guidance (2022); FDA, 21 CFR 202.1 (claims must not be "
    "stronger than the evidence)",
    ("This medicine cures back pain.", "Our pills cured my arthritis.", "A cure-all for aches.",
     "Ibuprofen cures headaches.", "This tea will cure your arthritis.",
     "A course of this cream will clear eczema for good.",
     "Donepezil cures memory loss if you start it early enough."),
    ("There is no cure for this condition.", "Hodgkin disease can often be cured.",
     "Antibiotics usually cure the infection if it is found early.",
     "Surgery can cure the cancer if it is found early.",
     "Researchers hope to find a cure.", "Surgery cures the disease in more than 95 percent of people.",
     "A medical device is any product used to diagnose, cure, or treat a condition.",
     "No cream can clear eczema for good, but it can calm flares.",
     "Myth: this tea cures arthritis.", "Some people think garlic pills cure high blood pressure."),
    severity="error",
    rationale="A medicine or product that 'cures' promises more than most treatments can, and "
              "needs evidence. Statements with their limits ('can often be cured if found early', "
              "'cures it in 95 percent of people', 'there is no cure') are honest information and "
              "are left alone; so are quoted words and statements about surgery or treatment in "
              "general.")

RULES: list[RuleInfo] = [FAIR_BALANCE, REVIEWER_MISSING, DATE_MISSING, DATE_INVALID, DATE_STALE,
                         AUDIENCE, METADATA_KEY, CLINICALLY_PROVEN, CURE]


# --- fair balance ----------------------------------------------------------------------------

# Words that make a sentence present a medicine as a treatment.
_TREATMENT_CUE = re.compile(
    r"\b(?:treat\w*|reliev(?:e|es|ed|ing)|relief|eas(?:e|es|ed|ing)|help\w*|manag\w*|"
    r"control(?:s|led)?(?!\s+(?:substances?|drugs?|medicines?|medications?))|"
    r"reduc\w*|prescrib\w*|recommend\w*|options?|used (?:to|for)|may (?:take|get|use|suggest|try)|"
    r"can (?:take|get|use|try)|choices?|work(?:s)? by|calm\w*|block(?:s|ed|ing)?|lower\w*|soothe\w*|"
    r"(?:may|might|can|will|could) suggest|give|given|taken? (?:for|to))\b", re.I)
# Words just before a mention that make it a passing one.
_PASSING_BEFORE = frozenset("""unlike instead than not avoid avoiding without with no never except
    besides nor""".split())


def _extra_names(run: RunContext) -> frozenset[str]:
    kb = run.kb
    return frozenset(n.lower() for g in kb.risk_groups for n in g.also_names) if kb else frozenset()


# Every risk group's extra names (lower case), from the run's knowledge base.
EXTRA_NAMES: RunIndex[frozenset[str]] = RunIndex("compliance.extra-names", _extra_names)
# One compiled search per (word, boundary form), built as the words are met.
WORD_PATTERNS: RunIndex[dict] = RunIndex("compliance.word-patterns", lambda run: {})


def _word_re(run: RunContext, word: str, pattern: str) -> "re.Pattern[str]":
    compiled = run.index(WORD_PATTERNS)
    found = compiled.get((word, pattern))
    if found is None:
        found = compiled[(word, pattern)] = re.compile(pattern.format(re.escape(word)))
    return found


def _group_of_mention(kb: KnowledgeBase, group: RiskGroup, mention: Mention) -> bool:
    if mention.negated:
        return False
    if mention.product is not None:
        return kb.is_treatment(mention.product) and any(
            kb.is_member(mention.product, cls) for cls in group.classes)
    if mention.class_id is None:
        return False
    return any(cls in kb.ancestors(mention.class_id) for cls in group.classes)


def _passing(sentence: Sentence, mention: Mention, negated_items: set[int]) -> bool:
    if mention.first in negated_items:
        return True
    before = {t.norm for t in sentence.tokens[max(0, mention.first - 3):mention.first]}
    return bool(before & _PASSING_BEFORE)


def _near_word(sentence: Sentence, mention: Mention, words: tuple[str, ...], window: int = 6) -> bool:
    """A word of ``words`` within ``window`` tokens of the mention ("steroid injection",
    "injection of a corticosteroid"), not just somewhere in a long sentence."""
    lo, hi = max(0, mention.first - window), min(len(sentence.tokens), mention.last + window)
    return any(t.norm in words for t in sentence.tokens[lo:hi])


def _negated_items(sentence: Sentence, kb: KnowledgeBase) -> set[int]:
    """Token positions of mentions in "X is not a CLASS" statements."""
    from .medical import find_relations
    out: set[int] = set()
    for rel in find_relations(sentence, kb):
        if rel.negated:
            out.add(rel.item.first)
            out.add(rel.cls.first)
    return out


_NEGATION_NORMS = frozenset(("not", "isn't", "aren't", "non"))

# A sentence that warns against a medicine, or points elsewhere for it, names it without
# presenting it as a treatment: "Codeine should not be used in children under 12", "Aspirin
# given to children has been linked to Reye's syndrome", "see our page on opioids".
_NOT_PRESENTING = re.compile(
    r"\b(?:do\s+not|don't|never|should\s+not|shouldn't|must\s+not|avoid\w*|not\s+(?:be\s+)?"
    r"(?:used|given|taken|recommended|approved)|(?:is|are)\s+not\s+(?:for|safe)|linked\s+to|"
    r"unsafe|withdrawn|banned|limited\s+\w+(?:\s+\w+){0,6}\s+to\s+(?:adults|people)|"
    r"(?:see|read)\s+(?:our|the)\s+(?:page|guide|section|article|leaflet|handout|sheet)|"
    r"learn\s+more\s+about|for\s+more\s+(?:information|details)\s+(?:on|about)|"
    # told to stop, hold, pause or skip it ahead of a procedure: "Stop taking naproxen, a
    # medicine for arthritis pain, 7 days before the procedure"
    r"(?:stop|hold|paus|skip|discontinu|quit)(?:s|e|es|ed|ped|ping|ing|ting)?\b(?:\s+\S+){0,14}?\s+"
    r"(?:before|prior\s+to|ahead\s+of|until\s+after))\b", re.I)


def _not_presenting(sentence: Sentence, lower: str) -> bool:
    from ..claims.frames import is_question
    return is_question(sentence) or _NOT_PRESENTING.search(lower) is not None


def _first_heading(doc: Document) -> str:
    return next((b.text for b in doc.blocks if b.kind == HEADING and b.text), "")


def _page_names(doc: Document) -> str:
    """Where a page says what it is about: its title and first heading; for a plain-text
    page without them, its first short block ("SUMATRIPTAN NASAL SPRAY: QUICK GUIDE")."""
    names = [doc.title or "", _first_heading(doc)]
    if not doc.title and doc.format == "text":
        names += [b.text for b in doc.blocks[:2] if b.text and len(b.text.split()) <= 20]
    return "\n".join(n for n in names if n)


# A title that names a condition a medicine's name is part of: "warfarin resistance",
# "African iron overload", "acetaminophen overdose".
_CONDITION_TITLE = re.compile(
    r"\b(?:resistance|overload|deficiency|sensitivity|toxicity|poisoning|overdose|allergy|"
    r"intolerance|hypersensitivity|reaction|withdrawal|abuse|misuse|addiction|use\s+disorder|"
    r"dependence|syndrome|disease|disorder|anemia|metabolism|response|exposure|embryopathy)\b", re.I)


def _single_medicine(doc: Document, kb: KnowledgeBase) -> Product | None:
    """The one medicine a page is about: its title and first heading name one medicine
    (by generic or brand) and no other, and no class; a comparison ("Gabapentin and
    pregabalin", "Acetaminophen or an NSAID?") is not a single-medicine page."""
    from ..medtext import find_mentions, tokenize
    names = _page_names(doc)
    if not names or "?" in names or _CONDITION_TITLE.search(names):
        return None
    found: Product | None = None
    for mention in find_mentions(tokenize(names), kb):
        if mention.product is None:
            return None
        if found is not None and set(found.generics) != set(mention.product.generics):
            return None
        found = found or mention.product
    if found is None or not kb.is_treatment(found) or any(
            "dietary-supplement" in kb.ancestors(c) for c in kb.product_classes(found)):
        return None  # a nutrient or supplement page is not a medicine's treatment page
    return found


# Words that stand for the medicine a page's title names: "It eases pain", "This medicine
# is used to treat ...".
_STANDS_FOR_TITLE = re.compile(r"\b(?:it|they|them|this\s+(?:medicine|medication|drug|pill|product)|"
                               r"these\s+(?:medicines|medications|drugs|pills|products))\b", re.I)


def _pronoun_presents(doc: Document, ctx: Context, blocks: list) -> bool:
    """A sentence of the page presents, as a treatment, what a word like "it" stands for."""
    for block in blocks:
        if block.kind == HEADING:
            continue
        for sentence in ctx.sentences(doc, block):
            lower = sentence.lower
            if _STANDS_FOR_TITLE.search(lower) and _TREATMENT_CUE.search(lower) \
                    and not _not_presenting(sentence, lower):
                return True
    return False


@page_check(FAIR_BALANCE)
def fair_balance(doc: Document, ctx: Context) -> Iterator[Finding]:
    kb, run = ctx.kb, ctx.run
    if kb is None or run is None:
        return
    blocks = [b for b in doc.blocks if b.kind in PROSE_KINDS and b.text]
    # The page's own top heading (an H1 first in the page) names what the whole page is about.
    first_heading_block = next((b for b in doc.blocks if b.kind == HEADING and b.text), None)
    if first_heading_block is not None and first_heading_block.level != 1:
        first_heading_block = None
    # What the page says about risks: a denial ("it is not addictive") mentions no risk.
    page_text = ""
    title = (doc.title or "").lower()
    # Sentences are judged only where a group is named: a mention of a class or product in
    # the knowledge base, or one of a group's extra names. Everything else about a sentence
    # (its lower-cased text, treatment cue, negated items) is computed once, on demand, and
    # shared by every group; the filters are pure, so their order does not change the result.
    parsed = []
    for block in blocks:
        for sentence in ctx.sentences(doc, block):
            norms = sentence.norm_set
            if sentence.mentions or norms & run.index(EXTRA_NAMES):
                parsed.append((block, sentence, norms, {}))
    member: dict[tuple, bool] = {}
    covered: set[str] = set()   # generics a group's finding already speaks for
    pronoun_presents: bool | None = None   # worked out when a title alone names a group
    for group in kb.risk_groups:
        extra = {n.lower() for n in group.also_names}
        needs = tuple(n.lower() for n in group.sentence_needs)
        presented: list[tuple[int, int, str, bool]] = []   # source start, end, text, in heading
        products: list[Product | None] = []               # None: the class as a whole
        in_sentence = False                                # presented by a sentence, not a title only
        for block, sentence, norms, memo in parsed:
            hits = []
            for m in sentence.mentions:
                key = (group.id, m.product, m.class_id, m.negated)
                if key not in member:
                    member[key] = _group_of_mention(kb, group, m)
                if member[key]:
                    hits.append(m)
            if extra & norms:
                # An extra name counts unless a mention there already did ("steroid" is
                # also the open class of every steroid, which is not the group's).
                counted = {m.first for m in hits}
                hits += [Mention(first=i, last=i + 1, start=t.start, end=t.end)
                         for i, t in enumerate(sentence.tokens)
                         if t.norm in extra and i not in counted]
            if not hits:
                continue
            if "lower" not in memo:
                memo["lower"] = sentence.lower
            lower = memo["lower"]
            if needs and not any(_word_re(run, w, r"\b{}\b").search(lower) for w in needs):
                continue
            if "cue" not in memo:
                memo["cue"] = block.kind == HEADING or _TREATMENT_CUE.search(lower) is not None
            if not memo["cue"]:
                continue
            if "warning" not in memo:
                memo["warning"] = block.kind != HEADING and _not_presenting(sentence, lower)
            if memo["warning"]:
                continue
            if "negated" not in memo:
                memo["negated"] = _negated_items(sentence, kb) if norms & _NEGATION_NORMS else set()
            negated = memo["negated"]
            for mention in hits:
                if _passing(sentence, mention, negated):
                    continue
                if needs and not _near_word(sentence, mention, needs):
                    continue
                start, end = block.source_span(mention.start, mention.end)
                # The page's H1 says what the whole page presents ("Opioids for severe
                # pain"); any other heading only names a section.
                presented.append((start, end, block.text[mention.start:mention.end],
                                  block.kind == HEADING and block is not first_heading_block))
                products.append(mention.product)
                in_sentence = in_sentence or block.kind != HEADING
        # A heading names what a section is about; the page presents the medicine only
        # where a sentence does ("Aspirin" over a paragraph on Reye's syndrome does not).
        if not any(not heading for *_, heading in presented):
            continue
        # A title alone presents nothing ("A short history of the aspirin label"): a sentence
        # must, by name or by a word standing for the title's medicine ("It eases pain").
        if not in_sentence:
            if pronoun_presents is None:
                pronoun_presents = _pronoun_presents(doc, ctx, blocks)
            if not pronoun_presents:
                continue
        if not page_text:
            page_text = "\n".join(text_without_denials(doc, ctx, b) for b in blocks).lower().replace("’", "'")
        in_title = any(text.lower() in title for *_, text, _ in presented) if title else False
        missing = []
        for risk in group.risks:
            if risk.not_for and all(p is not None and set(p.generics) <= set(risk.not_for)
                                    for p in products):
                continue
            if not any(_word_re(run, word.lower(), r"(?<![\w-]){}(?![\w-])").search(page_text)
                       for word in risk.words):
                missing.append(risk.label)
        if not missing:
            continue
        presented.sort()
        start, end, text, _ = presented[0]
        # An error when the page is about the group (its title or first heading names it);
        # one section of a page about several medicines is a warning.
        first_heading = _first_heading(doc).lower()
        main_subject = in_title or (bool(first_heading) and "?" not in first_heading and any(
            text.lower() in first_heading for *_, text, _ in presented))
        covered.update(g for p in products if p is not None for g in p.generics)
        yield finding_for(
            FAIR_BALANCE, start, end, severity="error" if main_subject else "warning",
            message=f"This page presents {group.label} as a treatment ('{text}') but does not mention "
                    f"{'; '.join(missing)}.",
            suggestions=tuple(f"add: {label}" for label in missing),
            data={"group": group.id, "missing": missing, "source": group.source})
    yield from _single_medicine_balance(doc, ctx, parsed, blocks, page_text, covered)


def _single_medicine_balance(doc: Document, ctx: Context, parsed: list, blocks: list, page_text: str,
                             covered: set[str]) -> Iterator[Finding]:
    """A page about one medicine that presents it as a treatment and names none of its
    labeled risks (the fact base's risks for the medicine and its classes)."""
    kb, run = ctx.kb, ctx.run
    product = _single_medicine(doc, kb)
    if product is None or set(product.generics) & covered:
        return
    risks = [kb.terms["risk"][rid] for rid in sorted(kb.risks_of(product)) if rid in kb.terms.get("risk", {})]
    if not risks:
        return
    if not page_text:
        page_text = "\n".join(text_without_denials(doc, ctx, b) for b in blocks).lower().replace("’", "'")
    if any(_word_re(run, word.lower(), r"(?<![\w-]){}(?![\w-])").search(page_text)
           for risk in risks for word in risk.words):
        return
    generics = set(product.generics)
    for block, sentence, norms, memo in parsed:
        if block.kind == HEADING:
            continue
        for mention in sentence.mentions:
            if mention.product is None or set(mention.product.generics) != generics:
                continue
            lower = sentence.lower
            if _TREATMENT_CUE.search(lower) is None or _not_presenting(sentence, lower):
                continue
            if _passing(sentence, mention, set()):
                continue
            start, end = block.source_span(mention.start, mention.end)
            labels = [r.label for r in risks]
            sources = sorted({kb.drugs[g].source for g in product.generics if g in kb.drugs and kb.drugs[g].source})
            yield finding_for(
                FAIR_BALANCE, start, end, severity="error",
                message=f"This page is about {product.label()} as a treatment but names none of "
                        f"its labeled risks ({'; '.join(labels)}).",
                suggestions=tuple(f"add: {label}" for label in labels),
                data={"product": product.name, "missing": labels, "source": "; ".join(sources)})
            return


# --- review metadata ---------------------------------------------------------------------------


CONTENT_PATHS = Option("content_paths", "list[str]", ["content"],
                       "Globs of publishable pages: they need review metadata.")
REVIEW_MAX_AGE = Option("review_max_age_months", int, 12, "How old `last_reviewed` may be.")
# HTML pages keep review metadata in <meta name|property=... content=...>: which names
# stand for each front-matter key, first found wins (read by the engine when it parses
# an HTML page: checker.documents.html.with_head_metadata).
HTML_METADATA = Option(
    "html_metadata", {"reviewed_by": "list[str]", "last_reviewed": "list[str]", "audience": "list[str]"},
    {"reviewed_by": ["reviewed_by", "reviewed-by", "reviewer"],
     "last_reviewed": ["last_reviewed", "last-reviewed", "dcterms.modified", "article:modified_time",
                       "dc.date.modified"],
     "audience": ["audience", "dcterms.audience"]},
    "For HTML pages: the <meta name|property> names that stand for each review-metadata key, "
    "first found wins.")


def _applies(doc: Document, ctx: Context) -> bool:
    from ..config import path_matches
    return path_matches(doc.path, list(CONTENT_PATHS.value(ctx.config)))


def _line_span(doc: Document, key: str) -> tuple[int, int]:
    start = doc.metadata_lines.get(key, 0)
    end = doc.source.find("\n", start)
    return start, (len(doc.source) if end == -1 else end)


def _line_one(doc: Document) -> tuple[int, int]:
    """Where a finding about a missing key points: the first line of the file."""
    end = doc.source.find("\n")
    return 0, (len(doc.source) if end == -1 else end)


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    # A date, or the date of an ISO 8601 time ("2026-06-01T09:30:00Z" in article:modified_time).
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?",
                                               value.strip()):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# The page metadata keys medcheck reads (review metadata, the audience, the title).
METADATA_KEYS = ("title", "audience", "reviewed_by", "last_reviewed")


def _squash(key: str) -> str:
    return re.sub(r"[\s_-]+", "", key).lower()


def near_miss(key: str) -> str | None:
    """The medcheck key a front-matter key was meant to be ("reviewed-by", "lastReviewed",
    "audiance"), or None for a key that is simply another one (a CMS's "layout")."""
    import difflib

    if key in METADATA_KEYS:
        return None
    squashed = _squash(key)
    for known in METADATA_KEYS:
        if squashed == _squash(known):
            return known
    close = difflib.get_close_matches(squashed, [_squash(k) for k in METADATA_KEYS], n=1, cutoff=0.85)
    return next((k for k in METADATA_KEYS if close and _squash(k) == close[0]), None)


@page_check(METADATA_KEY)
def metadata_key_typos(doc: Document, ctx: Context) -> Iterator[Finding]:
    for key in doc.metadata:
        meant = near_miss(str(key))
        if meant is None or meant in doc.metadata:
            continue
        start = doc.metadata_lines.get(key, 0)
        yield finding_for(METADATA_KEY, start, start + len(str(key)), suggestions=(meant,),
                          message=f"'{key}' is not a front-matter key medcheck reads: did you mean "
                                  f"'{meant}'?")


def _add(doc: Document, key: str, example: str) -> str:
    """Where the page keeps a key: front matter, or for HTML a <meta> in its head."""
    if doc.format == "html":
        return f'Add <meta name="{key}" content="{example}"> to the page\'s <head>'
    return f"Add '{key}: {example}' to the front matter"


@page_check(REVIEWER_MISSING, DATE_MISSING, DATE_INVALID, DATE_STALE, AUDIENCE)
def review_metadata(doc: Document, ctx: Context) -> Iterator[Finding]:
    # A missing key breaks a policy, and the policy is the publisher's: it holds in the
    # configured content folders. A review date the page gives is judged on any page, since
    # a wrong or stale date misleads its reader wherever the page lives.
    required = _applies(doc, ctx)
    meta = doc.metadata
    if required:
        yield from _missing_review_keys(doc, meta)
    if "last_reviewed" in meta:
        yield from _review_date(doc, ctx, meta.get("last_reviewed"))
    if required:
        yield from _audience(doc, ctx, meta)


def _missing_review_keys(doc: Document, meta: dict) -> Iterator[Finding]:
    reviewer = meta.get("reviewed_by")
    if reviewer is None or (isinstance(reviewer, str) and not reviewer.strip()):
        start, end = _line_span(doc, "reviewed_by") if "reviewed_by" in meta else _line_one(doc)
        yield finding_for(REVIEWER_MISSING, start, end,
                          message=_add(doc, "reviewed_by", "name, credentials") + ": who checked "
                                  "this page medically.")
    if "last_reviewed" not in meta:
        yield finding_for(DATE_MISSING, *_line_one(doc), message=_add(doc, "last_reviewed", "YYYY-MM-DD")
                          + ": readers and reviewers need to know how current the page is.")


def _review_date(doc: Document, ctx: Context, raw) -> Iterator[Finding]:
    start, end = _line_span(doc, "last_reviewed")
    reviewed = _as_date(raw)
    if reviewed is None or reviewed > ctx.today:
        reason = "is in the future" if reviewed is not None else "is not a date written YYYY-MM-DD"
        yield finding_for(DATE_INVALID, start, end, message=f"'last_reviewed: {raw}' {reason}.")
        return
    months = int(REVIEW_MAX_AGE.value(ctx.config))
    cutoff = months_before(ctx.today, months)
    if reviewed < cutoff:
        yield finding_for(DATE_STALE, start, end,
                          message=f"Last reviewed {reviewed.isoformat()}: more than {months} "
                                  f"months ago (review by {cutoff.isoformat()} or later).",
                          suggestions=(f"last_reviewed: {ctx.today.isoformat()} (after a new review)",))


def _audience(doc: Document, ctx: Context, meta: dict) -> Iterator[Finding]:
    audiences = [str(a) for a in AUDIENCES.value(ctx.config)]
    if "audience" not in meta:
        yield finding_for(AUDIENCE, *_line_one(doc), message=_add(doc, "audience", audiences[0] if audiences
                                                                  else "patient")
                          + f" (one of: {', '.join(audiences)}).")
    elif page_audience(meta, ctx.config) not in audiences:
        start, end = _line_span(doc, "audience")
        yield finding_for(AUDIENCE, start, end, message=f"'audience: {meta.get('audience')}' is not "
                          f"one of the configured audiences ({', '.join(audiences)}).",
                          suggestions=tuple(f"audience: {a}" for a in audiences))


# --- clinically proven ------------------------------------------------------------------------

_PROVEN = re.compile(r"\b(?:clinically|scientifically|medically)\s+(?:proven|proved|shown|tested)\b", re.I)
_CITATION = re.compile(r"\[\d+(?:[,-]\d+)*\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\bet al\b|\(\s*[A-Z][^()]{0,60}\b(?:19|20)\d\d\s*\)"
                       r"|\b(?:19|20)\d\d\s+(?:study|trial|review)\b|\bpublished in\b|\bdoi\b|https?://")


@sentence_check(CLINICALLY_PROVEN, needs=has_lower("proven", "proved", "shown", "tested") | FOLDS_TO_ASCII)
def clinically_proven(unit: SentenceUnit) -> Iterator[Finding]:
    """Read with the claim frame: "has not been clinically proven", "no supplement is
    scientifically proven", a question or a claim the page reports ("labels say it is
    clinically proven") state no proof."""
    from ..claims.absolute import own_claim
    block, sentence = unit.block, unit.sentence
    text = sentence.text
    matches = list(_PROVEN.finditer(text, sentence.start, sentence.end))
    if not matches or _CITATION.search(text[sentence.start:sentence.end]):
        return
    s_start, s_end = block.source_span(sentence.start, sentence.end)
    if any(s_start <= link.source_start(0) < s_end for link in unit.doc.blocks
           if link.kind == LINK_TEXT and link.text):
        return
    # A web address written out is left out of the prose text, but it is the citation's
    # link all the same: "(Lee and Park, 2020, https://...)".
    if any(s_start <= start < s_end for start, _, _ in unit.doc.facts.get("bare_urls", ())):
        return
    for match in matches:
        if not own_claim(unit, match.start(), match.end()):
            continue
        yield unit.finding(CLINICALLY_PROVEN, match.start(), match.end(),
                           message=f"'{match.group()}' needs its evidence: cite the study "
                                   "(name, year, link) in the same sentence, or remove the claim.")


# --- cure claims -------------------------------------------------------------------------------

_CURE = re.compile(r"\b(?:cure-all|cur(?:e|es|ed|ing))\b", re.I)
# Words that put a limit on the claim, deny it, or make it about something else.
_HEDGES = frozenset("""no not never cannot can't won't don't doesn't isn't aren't wasn't without may
    might can could often usually sometimes most many some likely unlikely less chance chances
    possible possibly rarely hope hopes goal aim try trying attempt research researchers study
    studies trial trials whether if unless hard difficult only depends rate rates potentially
    probably generally typically early nothing none neither nor search find finding meat meats ham
    bacon salt-cured percent diagnose""".split())
# What is said to cure must be a medicine or a product ("this pill cures"), or the claim must be
# absolute in its own words ("cure-all", "will cure your ..."); "surgery cures" is not a claim.
_PRODUCT_WORDS = frozenset("""medicine medicines medication medications drug drugs pill pills tablet
    tablets capsule capsules cream creams supplement supplements remedy remedies product products
    formula herb herbs herbal tea teas oil oils drops gummies spray sprays patch patches this our
    these""".split())
# A condition that puts no limit on a cure claim: when to start or how to take the product
# ("cures Alzheimer's disease if it is started early enough", "if you take it every day"). Its
# words ("if", "early") do not hedge; "usually cures it if found early" is still hedged.
_NO_LIMIT_CONDITION = re.compile(
    r"\b(?:if|when|as\s+long\s+as|provided)\s+(?:[\w']+\s+){0,5}?(?:"
    r"(?:early|soon|promptly|quickly|right\s+away|in\s+time)(?:\s+enough)?"
    r"|(?:take|takes|taken|taking|use|uses|used|using|drink|drinks|apply|applies|applied)\s+"
    r"(?:it\s+|them\s+)?(?:every\s+day|daily|regularly|each\s+day|twice\s+a\s+day|long\s+enough))\b", re.I)
_ABSOLUTE_CURE = re.compile(r"\bcure-all\b|\bwill\s+cure\b|\bcured\s+my\b|\bcures?\s+(?:your|all|every|any)\b"
                            r"|\bguaranteed\s+to\s+cure\b|\bpermanent(?:ly)?\s+cures?\b", re.I)


@block_check(CURE, needs=has_lower("cur") | FOLDS_TO_ASCII)
def cure_claims(unit: BlockUnit) -> Iterator[Finding]:
    from ..claims.frames import reports_a_belief
    from ..medtext import find_mentions, tokenize
    from ..textutil import sentence_spans
    block, kb = unit.block, unit.ctx.kb
    if kb is None or not _CURE.search(block.text):
        return
    text = block.text
    for s_start, s_end in sentence_spans(text):
        matches = list(_CURE.finditer(text, s_start, s_end))
        if not matches:
            continue
        tokens = tokenize(text, s_start, s_end)
        idle = [m.span() for m in _NO_LIMIT_CONDITION.finditer(text, s_start, s_end)]
        words = {t.norm for t in tokens if not any(a <= t.start < b for a, b in idle)}
        if words & _HEDGES or "?" in text[s_start:s_end]:
            continue
        if reports_a_belief(text[s_start:s_end]):
            continue  # "Myth: antibiotics cure colds": the page is about to correct it
        named = {m.start for m in find_mentions(tokens, kb)}
        for match in matches:
            absolute = _ABSOLUTE_CURE.match(text, match.start()) is not None or \
                _ABSOLUTE_CURE.search(text, max(s_start, match.start() - 20), match.end() + 12)
            product = any(t.norm in _PRODUCT_WORDS or t.start in named
                          for t in tokens if t.end <= match.start())
            if not (absolute or product):
                continue
            before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
            if before in "\"'“‘" and before and after in "\"'”’":
                continue  # quoted: the writer is distancing themselves from the word
            if REFUTED.search(text, s_start, s_end) or REPORTED.search(text[s_start:match.start()]):
                continue  # "products that promise a miracle cure": reported, or warned about
            start, end = block.source_span(match.start(), match.end())
            yield finding_for(CURE, start, end,
                              message=f"'{match.group()}' promises a cure: say what the treatment "
                                      "can do, for whom, and how likely it is, with the evidence.")


# "Clears eczema for good", "makes your arthritis go away permanently": a cure promised
# without the word.
_PERMANENT = re.compile(
    r"\b(?:cur(?:e|es|ed|ing)|clear(?:s|ed)?(?:\s+up)?|get(?:s)?\s+rid\s+of|eliminat\w+|ends?|heals?|"
    r"fix(?:es)?|banish(?:es)?|eradicat\w+|revers(?:e|es|ed)|(?:make|makes)\s+(?:[\w']+\s+){1,4}"
    r"(?:go\s+away|disappear)|go(?:es)?\s+away|disappears?)\b(?:\s+[\w'-]+){0,6}?\s+"
    r"(?:for\s+good|permanently|forever|once\s+and\s+for\s+all|for\s+life)\b"
    r"|\bpermanent(?:ly)?\s+(?:cures?|fix(?:es)?|solutions?)\b", re.I)


@sentence_check(CURE, needs=has_lower("for good", "permanent", "forever", "once and for all", "for life")
                | FOLDS_TO_ASCII)
def permanent_cure_claims(unit: SentenceUnit) -> Iterator[Finding]:
    from ..claims.absolute import own_claim
    sentence = unit.sentence
    text = sentence.text
    lower = sentence.lower
    if _CURE.search(lower) and not ({t.norm for t in sentence.tokens} & _HEDGES) and "?" not in lower:
        return  # cure_claims judges a plain "cures"
    for match in _PERMANENT.finditer(text, sentence.start, sentence.end):
        before = [t for t in sentence.tokens if t.end <= match.start()]
        named = any(m.end <= match.start() for m in sentence.mentions) or \
            any(t.norm in _PRODUCT_WORDS for t in before)
        if not named or not own_claim(unit, match.start(), match.end()):
            continue
        yield unit.finding(CURE, match.start(), match.end(),
                           message=f"'{match.group()}' promises a permanent cure: say what the "
                                   "treatment can do, for whom, and how likely it is, with the evidence.")


FAMILY = Family(
    name="compliance",
    rules=tuple(RULES),
    checks=(fair_balance, review_metadata, metadata_key_typos, clinically_proven, cure_claims,
            permanent_cure_claims),
    outranks=("proselint.*", "lt.*"),
    indexes=(EXTRA_NAMES,),
    options=(CONTENT_PATHS, REVIEW_MAX_AGE, AUDIENCES, HTML_METADATA),
)
check = FAMILY.check
