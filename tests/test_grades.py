"""checker.grades computes textstat's grades from per-sentence counts and looks
syllables up in the CMU file by binary search: both must give exactly what textstat
gives (textstat itself, handed the packaged dictionary, is the reference)."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from checker import grades

from .conftest import REPO


def test_the_installed_textstat_is_the_copied_release():
    # Otherwise every grade silently takes the slow path and the tests below compare
    # textstat with itself.
    assert grades.EXACT_COPY


def test_binary_search_finds_every_word_of_the_dictionary_with_its_syllables():
    entries = grades.cmu_dictionary()
    lookup = grades._pronunciations()
    assert isinstance(lookup, grades._SortedPronunciations)
    wrong = [word for word, phones in entries.items()
             if lookup.syllables(word) != sum(1 for p in phones[0] if p[-1].isdigit())]
    assert wrong == []
    for missing in ("acetaminophenx", "zzzz", "", "a(2)", "stilt on"):
        assert lookup.syllables(missing) is None


# Sentences written to reach the corners of textstat's rules: contractions and
# apostrophes that are not, hyphens, capitals, non-ASCII (a capital whose lower case
# adds a combining mark), tokens that are only punctuation, numbers, very short
# sentences (two words or fewer do not count as sentences), long ones.
_TRICKY = [
    "Don't take two doses at once", "DON'T TAKE IT WITH ALCOHOL", "The doctors' notes say 'rest'",
    "Rock'n roll won't help, it's said", "Ask about anti-inflammatory medicines - now",
    "İbuprofen and İSTANBUL are words", "Take 2.5 mg (two and a half) daily",
    "— —  * ", "Yes", "Stop now", "Call us", "e g the dose", "Naïve patients café",
    "Hydrochlorothiazide, lisinopril and metoprolol lower blood pressure",
    "You'd, you'll, you've and you're all count as one word each",
    "A list: fever; rash; cough; nausea", "“Quoted” words and ‘single’ ones",
    "x" * 30, "The _underscored_ word and 3rd place", "Über-long Straße naïveté",
]


def _corpus_sentences() -> list[str]:
    from checker.documents import parse_text
    from checker.textutil import sentence_spans

    out = []
    for page in sorted((REPO / "tests" / "pages").rglob("*.md")) + sorted(
            (REPO / "content").glob("*.md")):
        doc = parse_text(str(page), page.read_text(encoding="utf-8"))
        for block in doc.blocks:
            out.extend(block.text[a:b] for a, b in sentence_spans(block.text))
    return [s for s in out if s.strip()]


def test_grades_from_counts_equal_textstat_on_whole_texts():
    sentences = _corpus_sentences() + _TRICKY
    rng = random.Random(8)
    cases = [[s] for s in _TRICKY] + [_TRICKY, sentences]
    for _ in range(300):
        cases.append(rng.sample(sentences, min(len(sentences), rng.choice((2, 3, 5, 9, 30, 80)))))
    for case in cases:
        parts = grades.textstat_parts(case)
        assert grades.measure_parts(parts) == grades.textstat_grades(" ".join(parts)), case[:3]


def test_units_add_up_blocks_like_textstat_on_each_unit():
    sentences = _corpus_sentences() + _TRICKY
    rng = random.Random(9)
    blocks = {i: rng.sample(sentences, rng.choice((1, 2, 4, 7))) for i in range(40)}
    units = [list(range(40)), list(range(0, 40, 3)), [5], [7, 8, 9], []]
    got = grades.measure_units(blocks, units)
    for unit, result in zip(units, got):
        text = grades.textstat_input([s for i in unit for s in blocks[i]])
        assert result == grades.textstat_grades(text)


def test_syllable_count_equals_textstat_over_words_and_texts():
    textstat = grades.textstat_module()
    vocabulary = list(grades.cmu_dictionary())[::40]
    words = vocabulary + [w for s in _corpus_sentences() + _TRICKY for w in s.split()]
    for word in words + _TRICKY:
        assert grades.syllable_count(word) == textstat.syllable_count(word), word


@pytest.mark.parametrize("module", ["checker.grades", "checker.checks.readability"])
def test_importing_does_not_load_textstat_or_nltk(module):
    code = (f"import sys; import {module}; "
            "print(sorted(m for m in ('textstat', 'nltk', 'pyphen') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "[]"
