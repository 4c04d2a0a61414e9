"""LanguageTool rules that medcheck turns off by default, each with the reason.

Measured on professionally edited NIH patient pages (../shared/corpus/medquad): these
rules fire there mostly on things that are not errors in patient copy rendered from
Markdown or HTML. Re-enable any of them with ``languagetool.enabled_rules``; add more
with ``languagetool.disabled_rules`` (ids with or without the ``lt.`` prefix).
"""

from __future__ import annotations

DEFAULT_DISABLED_RULES: dict[str, str] = {
    # Rules that look across sentences and paragraphs. medcheck sends a page's blocks
    # in batches separated by blank lines and caches results per block, so a rule whose
    # result depends on the neighbouring block would make the cache wrong; these are
    # also noise on instructions, where "Take ...", "Do not ..." start line after line.
    "ENGLISH_WORD_REPEAT_BEGINNING_RULE": "looks across sentences; repeated starts are normal in instructions",
    "PARAGRAPH_REPEAT_BEGINNING_RULE": "looks across paragraphs (batches join blocks)",
    "EN_REPEATEDWORDS_PROBLEM": "looks across sentences; medicine names repeat by design",
    "STYLE_REPEATED_WORD_RULE_EN": "looks across sentences; medicine names repeat by design",
    # Typography that Markdown, HTML and publishing systems decide, not the writer.
    "WHITESPACE_RULE": "runs of spaces collapse when Markdown/HTML is rendered",
    "CONSECUTIVE_SPACES": "runs of spaces collapse when Markdown/HTML is rendered",
    "EN_QUOTES": "straight vs curly quotes is the publishing system's job",
    "DASH_RULE": "hyphen vs en/em dash is the publishing system's job",
    "EN_UNPAIRED_QUOTES": "quotes are often split by inline markup and link text",
    # Fragments: headings, list items, table cells and alt text are not sentences.
    "PUNCTUATION_PARAGRAPH_END": "headings, list items and table cells end without a period",
    "EN_DIACRITICS_REPLACE": "flags plain spellings such as 'naive' that patient copy prefers",
    "EN_DIACRITICS_REPLACE_ORTHOGRAPHY_BEHCET_Q_S_DISEASE":
        "flags the plain spelling 'Behcet' that patient copy prefers",
    "HYPHEN_TO_EN": "hyphen vs en dash in ranges ('4-7 days') is the publishing system's job",
    # Usage that style guides accept.
    "COLLECTIVE_NOUN_VERB_AGREEMENT_VBP": "notional agreement ('a group of patients are') is accepted usage",
}

# Rules off by default and on in the `strict` profile (or one by one with
# `extend_select = ["lt.<id>"]`): judged on ../shared/corpus/medquad (bench/judgements.yml),
# their findings on edited patient pages are mostly style choices an editor keeps, or
# wrong on the medical names they meet. They cost an editor more time than they save.
STRICT_ONLY_RULES: dict[str, str] = {
    "COMMA_COMPOUND_SENTENCE": "a comma before 'and'/'but' between short clauses is a style choice",
    "COMMA_COMPOUND_SENTENCE_2": "a comma before 'and'/'but' between short clauses is a style choice",
    "ADVERB_WORD_ORDER": "'usually are', 'occur often' are natural orders",
    "OUTSIDE_OF": "'outside of the eye' is accepted usage",
    "ALL_OF_THE": "'all of the cells' is accepted usage",
    "DIFFERENT_THAN": "'different than' is accepted US usage",
    "RECOMMENDED_COMPOUNDS": "'Web site' vs 'website' is a house-style choice",
    "CD_NN": "a number ends many medical names ('dehydrogenase 3 deficiency', 'type 2 diabetes')",
    "ADMIT_ENJOY_VB": "misreads passives ('are used to prepare food')",
    "HAVE_PART_AGREEMENT": "misreads names ('who have factor V Leiden')",
    "A_LOT_OF_NN": "misreads noun phrases ('a lack of glycogen breakdown')",
    "BODY_TISSUE_UNCOUNTABLE": "'nerve tissues' is correct in medical copy",
    "MUCH_COUNTABLE": "misreads clauses ('how much symptoms are improved')",
    "THIS_NNS": "misreads names and labels after 'this'",
    "ADVISE_VBG": "misreads correct phrases after 'advise'",
    "MANY_NN_U": "misreads compound nouns ('many blood cell transfusions')",
    "A_UNCOUNTABLE": "misreads countable uses ('how a food fits into a diet')",
    "ADVERB_OR_HYPHENATED_ADJECTIVE": "misreads two adjectives ('a rare inherited disorder')",
    "ANY_MORE": "misreads the quantity ('cannot absorb any more fluid')",
}


# Rules judged per block kind rather than switched off: a sentence rule that is right
# for paragraphs but wrong for fragments (headings, list items, table cells, alt text).
FRAGMENT_ONLY_NOISE: frozenset[str] = frozenset({
    "UPPERCASE_SENTENCE_START",   # "- headache" in a list is fine
    "PUNCTUATION_PARAGRAPH_END",
    "SENT_START_CONJUNCTIVE_LINKING_ADVERB_COMMA",
})
