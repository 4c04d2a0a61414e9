"""Readability: grades where the problem is, targets per audience and path, sentence signals.

The pages under tests/pages/readability are written for these tests. Expected lines are
looked up in the page text (the heading or the paragraph's first words), so the tests
follow the page if it is edited, and fail if a finding lands anywhere else.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from checker.checks import readability
from checker.context import Context
from checker.config import load_config
from checker.documents import parse_text
from checker.engine import build_settings
from checker.grades import ORDINARY_WORD, OrdinaryTerms, measure, textstat_input

from .conftest import REPO, TODAY, run_json
from .helpers import check_snippet

PAGES = REPO / "tests" / "pages" / "readability"


@lru_cache(maxsize=8)
def _settings(config_text: str = "", families: tuple[str, ...] = ("readability",)):
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="medcheck-readability-"))
    if config_text:
        (folder / "medcheck.toml").write_text(config_text, encoding="utf-8")
    config = load_config(cwd=folder)
    return build_settings(config, families=families, today=TODAY)


def _check(text: str, path: str = "page.md", config_text: str = ""):
    return check_snippet(text, path=path, settings=_settings(config_text))


def _line_of(text: str, needle: str) -> int:
    """1-based line of the first line that starts with ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(needle):
            return number
    raise AssertionError(f"{needle!r} not in page")


def _grade_findings(findings):
    return [f for f in findings if f.rule.endswith("-grade")]


# --- where the findings land ---------------------------------------------------------------


def test_hard_section_and_hard_paragraph_are_reported_where_they_are():
    text = (PAGES / "sections.md").read_text(encoding="utf-8")
    # Paragraph grades are a heuristic, off by default: only the section is reported.
    assert [f.rule for f in _grade_findings(_check(text))] == ["readability.section-grade"]
    findings = _grade_findings(_check(text, config_text='profile = "strict"\n'))
    by_rule = {f.rule: f for f in findings}
    assert sorted(by_rule) == ["readability.paragraph-grade", "readability.section-grade"], \
        [(f.rule, f.line, f.message) for f in findings]
    section = by_rule["readability.section-grade"]
    assert (section.line, section.column) == (_line_of(text, "## How it works"), 4)
    assert section.text == "How it works"
    # Far over the error line, but a section is never an error: only a page's own grade is.
    assert section.severity == "warning"
    # The scores are in the message, not only a verdict.
    for name in ("Flesch-Kincaid", "SMOG", "Gunning fog", "Coleman-Liau", "reading ease",
                 "consensus"):
        assert name in section.message
    paragraph = by_rule["readability.paragraph-grade"]
    # A dense paragraph inside an otherwise easy section is reported at its own start.
    assert (paragraph.line, paragraph.column) == (_line_of(text, "Occasionally, individuals"), 1)
    assert paragraph.text.startswith("Occasionally, individuals")


def test_a_hard_page_is_one_finding_on_its_title_naming_its_hardest_parts():
    text = (PAGES / "medium.md").read_text(encoding="utf-8")
    findings = _check(text)
    grades = _grade_findings(findings)
    assert [f.rule for f in grades] == ["readability.page-grade"]
    page = grades[0]
    assert (page.line, page.column) == (_line_of(text, "# Living with a blood thinner"), 3)
    # The page itself is at grade 10-12 and a section inside it is above 12: the finding
    # names the section, but its severity is the page's own (a warning), never raised
    # to an error by one hard part.
    assert "reads at grade 10." in page.message and page.severity == "warning"
    assert f"section 'Everyday care' (line {_line_of(text, '## Everyday care')}, grade 13" \
        in page.message
    # The long sentence and the passive inside the page are counted, not repeated.
    assert not [f for f in findings if f.rule in ("readability.long-sentence",
                                                   "readability.passive-voice")]
    assert "1 long sentence" in page.message


def test_fold_off_reports_every_signal_at_its_words():
    text = (PAGES / "medium.md").read_text(encoding="utf-8")
    findings = _check(text, config_text="[readability]\nfold = false\n")
    long = [f for f in findings if f.rule == "readability.long-sentence"]
    assert [(f.line, f.severity) for f in long] == [(_line_of(text, "Because a blood thinner"),
                                                      "warning")]
    sentence = text[text.index("Because a blood thinner"):text.index("at work.") + len("at work.")]
    assert f"{len(sentence.split())} words" in long[0].message


def test_a_page_within_a_grade_of_its_target_is_not_reported_by_default():
    # A grade formula is an estimate good to about a grade: a page a little over the
    # patient target of 8 is within its error. By default nothing is reported for it, and
    # the long sentence inside it, which only explains its grade, is not scattered either;
    # the strict profile shows it as one info finding.
    text = (PAGES / "near-target.md").read_text(encoding="utf-8")
    findings = _check(text)
    assert _grade_findings(findings) == []
    assert not [f for f in findings if f.category == "readability"]
    strict = _check(text, config_text='profile = "strict"\n')
    (page,) = [f for f in strict if f.rule == "readability.near-target-grade"]
    assert page.severity == "info" and (page.line, page.column) == (_line_of(text, "# "), 3)
    assert 8.0 < page.data["grade"] <= 9.0 and "within 1 of the target" in page.message
    # It still holds the long sentence inside it: one thing to look at, not two.
    assert not [f for f in strict if f.rule == "readability.long-sentence"]
    assert "1 long sentence" in page.message
    # Selected by id, the same; with no margin, the page is a warning again.
    selected = _check(text, config_text='extend_select = ["readability.near-target-grade"]\n')
    assert [f.rule for f in _grade_findings(selected)] == ["readability.near-target-grade"]
    no_margin = _grade_findings(_check(text, config_text="[readability]\nmargin = 0.0\n"))
    assert [(f.rule, f.severity) for f in no_margin] == [("readability.page-grade", "warning")]
    assert "within" not in no_margin[0].message


def test_easy_page_has_no_grade_findings():
    text = "# Your pills\n\n" + readability._EASY_PARAGRAPH + "\n\n" + readability._EASY_PARAGRAPH
    assert _grade_findings(_check(text)) == []


# --- targets per audience and per path ----------------------------------------------------------


def test_professional_audience_has_its_own_targets():
    text = (PAGES / "medium.md").read_text(encoding="utf-8")
    professional = text.replace("title: Living with a blood thinner",
                                "title: Living with a blood thinner\naudience: professional")
    patient = {f.rule: f.severity for f in _grade_findings(_check(text))}
    assert patient == {"readability.page-grade": "warning"}
    # Professional targets (grade 14, error above 18) pass the page and its sections; only
    # the one-sentence paragraph of 51 words (grade 24) is still over them.
    assert _grade_findings(_check(professional)) == []
    pro = _grade_findings(_check(professional, config_text='profile = "strict"\n'))
    assert [(f.rule, f.severity) for f in pro] == [("readability.paragraph-grade", "warning")]
    assert "professional pages is grade 14 or lower" in pro[0].message
    # The page's own words for its readers choose the same targets.
    in_words = text.replace("title: Living with a blood thinner",
                            "title: Living with a blood thinner\naudience: hospital pharmacists")
    assert _grade_findings(_check(in_words)) == []


def test_targets_come_from_configuration_and_can_be_set_per_path():
    text = (PAGES / "medium.md").read_text(encoding="utf-8")
    config = ("[readability.patient]\nwarning = 6.0\nerror = 9.0\n\n"
              "[[overrides]]\npaths = [\"clinic/**\"]\n"
              "[overrides.readability.patient]\nwarning = 30.0\nerror = 40.0\n")
    strict = _grade_findings(_check(text, path="content/page.md", config_text=config))
    assert {f.rule: f.severity for f in strict}["readability.page-grade"] == "error"
    assert "grade 6 or lower" in strict[0].message
    assert _grade_findings(_check(text, path="clinic/page.md", config_text=config)) == []


def test_severity_override_from_configuration_is_respected():
    text = (PAGES / "medium.md").read_text(encoding="utf-8")
    findings = _check(text, config_text="[severity]\n\"readability.page-grade\" = \"info\"\n")
    page = [f for f in findings if f.rule == "readability.page-grade"]
    assert [f.severity for f in page] == ["info"]


def test_adjusted_grade_is_gated_by_default_and_the_raw_grade_on_request():
    # A page that is hard only because it names its medicine: the adjusted grade
    # passes it, the raw grade does not.
    sentence = ("Hydrochlorothiazide helps you pass more water. Take hydrochlorothiazide in "
                "the morning. Hydrochlorothiazide can make you dizzy at first. ")
    doc = parse_text("page.md", "# Water pills\n\n" + sentence * 3)
    kb = _FakeKB({"hydrochlorothiazide"})
    config = _settings().config.with_values(
        readability={"patient": {"warning": 4.0, "error": 20.0}, "margin": 0.0})
    adjusted = list(readability.check(doc, _Ctx(config.for_path("page.md"), kb)))
    raw_config = config.with_values(readability={"gate": "raw"})
    raw = list(readability.check(doc, _Ctx(raw_config.for_path("page.md"), kb)))
    assert _grade_findings(adjusted) == []
    assert [f.rule for f in _grade_findings(raw)] == ["readability.page-grade"]
    analysis = readability.analyse(doc, readability.settings_for(doc, config), kb)
    assert analysis.page.raw.flesch_kincaid > 4.0 >= analysis.page.adjusted.flesch_kincaid


def _Ctx(config, kb=None):
    return Context(config=config, kb=kb)


class _FakeKB:
    def __init__(self, names):
        self.drugs = {n: type("Drug", (), {"name": n, "brands": (), "other_names": ()})()
                      for n in names}


def test_knowledge_base_drug_names_count_as_ordinary_words():
    from checker.knowledge import load_knowledge_base
    names = readability._drug_names(load_knowledge_base())
    assert {"acetaminophen", "ibuprofen"} <= names
    terms = OrdinaryTerms(names)
    assert terms.replace("Take Acetaminophen with water.") == f"Take {ORDINARY_WORD} with water."


def test_terms_explained_on_the_page_count_as_ordinary_words():
    text = ("# Blood pressure\n\nHypertension (high blood pressure) is common. Hypertension "
            "rarely causes symptoms. Treating hypertension lowers your risk of a stroke.\n")
    doc = parse_text("page.md", text)
    analysis = readability.analyse(doc, readability.settings_for(doc, None), None)
    assert analysis.page.adjusted.flesch_kincaid < analysis.page.raw.flesch_kincaid


# --- sentence signals ---------------------------------------------------------------------------


def test_long_sentences_warn_above_25_words_and_are_never_errors_by_default():
    short = "Take one pill with water each morning. "
    words_30 = "Word " + " ".join(["word"] * 28) + " end."
    words_45 = "Word " + " ".join(["word"] * 43) + " end."
    text = f"# Pills\n\n{short}{words_30}\n\n{short}{words_45}\n"
    found = [(f.line, f.column, f.severity) for f in _check(text, config_text="[readability]\nfold = false\n")
             if f.rule == "readability.long-sentence"]
    assert found == [(3, len(short) + 1, "warning"), (5, len(short) + 1, "warning")]
    # A project that wants very long sentences to fail sets the error line itself.
    strict = "[readability]\nfold = false\n[readability.sentence_words]\nerror = 40\n"
    found = [(f.line, f.severity) for f in _check(text, config_text=strict)
             if f.rule == "readability.long-sentence"]
    assert found == [(3, "warning"), (5, "error")]


def test_passive_voice_is_info_at_its_words():
    text = "# Pills\n\nThe tablets should be taken with food.\n"
    assert not [f for f in _check(text) if f.rule == "readability.passive-voice"]  # off by default
    findings = _check(text, config_text='extend_select = ["readability.passive-voice"]\n')
    passive = [f for f in findings if f.rule == "readability.passive-voice"]
    assert [(f.severity, f.text) for f in passive] == [("info", "be taken")]


def test_each_passive_gets_advice_about_its_own_words():
    text = ("# Care\n\nBlood samples are sent to a lab. The results were reviewed by your nurse. "
            "The vaccine is given in the arm.\n")
    findings = _check(text, config_text='extend_select = ["readability.passive-voice"]\n')
    passive = [f for f in findings if f.rule == "readability.passive-voice"]
    assert len(passive) == 3
    assert not any("tablet" in s.lower() for f in passive for s in f.suggestions), \
        [f.suggestions for f in passive]


_STRICT_PASSIVE = 'extend_select = ["readability.passive-voice"]\n'


@pytest.mark.parametrize("sentence,advice", [
    # a "by ..." phrase names the doer: the sentence turned round to start with it
    ("The results were reviewed by your nurse.", "Your nurse reviewed the results."),
    ("The shot was given by a nurse in the clinic.", "A nurse gave the shot in the clinic."),
    ("Your dose was changed by the pharmacist.", "The pharmacist changed your dose."),
])
def test_a_passive_with_its_doer_is_turned_round(sentence, advice):
    passive = [f for f in _check(f"# Care\n\n{sentence}\n", config_text=_STRICT_PASSIVE)
               if f.rule == "readability.passive-voice"]
    assert [s for f in passive for s in f.suggestions] == [f"Start with who does it: '{advice}'"]


@pytest.mark.parametrize("sentence,doer,participle", [
    # a tense or a clause the rewrite cannot carry: the doer and the verb, named from the sentence
    ("It is made by a small company in Ohio.", "a small company", "made"),
    ("Your dose was changed by the pharmacist, who will call you.", "the pharmacist", "changed"),
])
def test_a_passive_with_a_doer_it_cannot_turn_round_names_the_doer(sentence, doer, participle):
    passive = [f for f in _check(f"# Care\n\n{sentence}\n", config_text=_STRICT_PASSIVE)
               if f.rule == "readability.passive-voice"]
    assert [s for f in passive for s in f.suggestions] == [
        f"Start with who does it: '{doer}' as the subject of '{participle}'."]


@pytest.mark.parametrize("sentence,words", [
    # no doer named: a neutral hint about the sentence's own verb, never an invented doer
    ("The vaccine is given in the arm.", "is given"),
    ("Blood samples are sent to a lab.", "are sent"),
    ("The drops should be stored in the fridge.", "be stored"),
])
def test_a_passive_without_a_doer_gets_a_neutral_hint(sentence, words):
    passive = [f for f in _check(f"# Care\n\n{sentence}\n", config_text=_STRICT_PASSIVE)
               if f.rule == "readability.passive-voice"]
    (advice,) = [s for f in passive for s in f.suggestions]
    assert f"'{words}' can stay" in advice and "tablet" not in advice and "nurse" not in advice


def test_instructions_that_do_not_address_the_reader():
    text = "# Pills\n\nPatients should take the tablet with food. You should drink water.\n"
    findings = [f for f in _check(text) if f.rule == "readability.address-reader"]
    assert [(f.line, f.column, f.text) for f in findings] == [(3, 1, "Patients should")]
    professional = "---\naudience: professional\n---\n" + text
    assert not [f for f in _check(professional) if f.rule == "readability.address-reader"]


def test_care_given_to_people_is_not_an_instruction_to_the_reader():
    # A modal and a passive ("should be screened") says what others do for them; an
    # adjective after "be" ("should be careful") is still an instruction to the reader.
    text = ("# Screening\n\nAll patients over 50 should be screened for colon cancer. "
            "People with a pacemaker must be closely watched during the scan. "
            "Older patients need to be seen by a nurse every year. "
            "People who drive at night should be careful after the eye drops.\n")
    findings = [f for f in _check(text) if f.rule == "readability.address-reader"]
    assert [f.text for f in findings] == ["People who drive at night should"]
    told = "# Screening\n\nIndividuals should be alert to new lumps and people must be ready.\n"
    assert [f.text for f in _check(told) if f.rule == "readability.address-reader"] == \
        ["Individuals should"]


def test_long_paragraph_and_long_list():
    sentences = " ".join(f"Step {n} is short." for n in range(1, 8))
    items = "\n".join(f"- item {n}" for n in range(1, 10))
    nested = "- one\n  - a\n  - b\n  - c\n  - d\n  - e\n  - f\n- two\n- three\n"
    text = f"# Pills\n\n{sentences}\n\n{items}\n\nThen rest.\n\n{nested}"
    findings = _check(text)
    paragraphs = [(f.line, f.message) for f in findings if f.rule == "readability.long-paragraph"]
    assert [line for line, _ in paragraphs] == [3] and "7 sentences" in paragraphs[0][1]
    lists = [(f.line, f.message) for f in findings if f.rule == "readability.long-list"]
    # The nested list's six sub-items do not count as items of the outer list (3 items).
    assert [line for line, _ in lists] == [5] and "9 items" in lists[0][1]


def test_paragraphs_joined_by_a_gap_of_spaces_are_counted_as_the_writer_made_them():
    # "...   Next paragraph": a conversion or template joined the writer's paragraphs
    # into one line with a run of spaces; each part is a paragraph to the reader.
    first = " ".join(f"Drink {n} cups of water." for n in range(1, 5))
    second = " ".join(f"Walk {n} times a day." for n in range(1, 5))
    long_part = " ".join(f"Rest {n} hours." for n in range(1, 8))
    text = (f"# Care at home\n\n{first}     {second}\n\n"
            f"Eat well.    {long_part}\n")
    paragraphs = [(f.line, f.column, f.message) for f in _check(text)
                  if f.rule == "readability.long-paragraph"]
    assert [(line, column) for line, column, _ in paragraphs] == [(5, 14)], paragraphs
    assert "7 sentences" in paragraphs[0][2]


def test_a_long_list_whose_first_item_is_not_prose_is_still_reported():
    # A first item that is a run of figures is not graded (not prose); the list still
    # belongs to its section, and counting it must not fail the page.
    items = ["- 10 20 30 40 kg", "- Give the dose with water.", "- Keep it somewhere cool.",
             "- Do not crush the tablets.", "- Take it after meals.", "- Ask about other medicines.",
             "- Store it away from children.", "- Throw away old tablets safely."]
    text = "# Doses by weight\n\n## How to take it\n\n" + "\n".join(items) + "\n"
    findings = _check(text)
    lists = [f for f in findings if f.rule == "readability.long-list"]
    assert [(f.line, "8 items" in f.message) for f in lists] == [(5, True)]


# --- scores ---------------------------------------------------------------------------------


def test_scores_give_page_and_section_grades():
    text = (PAGES / "sections.md").read_text(encoding="utf-8")
    doc = parse_text("sections.md", text)
    settings = _settings()
    result = readability.scores(doc, _Ctx(settings.config.for_path("sections.md"), settings.kb))
    assert isinstance(result["grade"], float) and result["grade"] > 0
    for key in ("flesch_kincaid", "smog", "flesch_reading_ease", "gunning_fog", "coleman_liau",
                "consensus"):
        assert key in result["raw"] and key in result["adjusted"]
    sections = {s["heading"]: s for s in result["sections"]}
    assert sections["How it works"]["line"] == _line_of(text, "## How it works")
    assert sections["How it works"]["grade"] > 12 > sections["How to take it"]["grade"]
    json.dumps(result)  # serialisable as is


def test_json_report_carries_readability_per_file():
    code, report = run_json("--no-grammar", str(PAGES / "sections.md"))
    assert code in (0, 1)
    readability_json = report["files"][0]["readability"]
    assert isinstance(readability_json["grade"], float)
    assert [s["heading"] for s in readability_json["sections"]][:2] == [
        "Taking your blood pressure pills", "How to take it"]


def test_textstat_sees_exactly_our_sentences():
    text = textstat_input(["Take 2.5 mg, e.g. at night", "Then rest!"])
    assert text == "Take 25 mg, eg at night. Then rest."
    grades = measure(["Take one pill.", "Drink water with it."])
    assert grades.sentences == 2 and grades.words == 7


@pytest.mark.parametrize("bad", ['gate = "sometimes"', 'metric = "vibes"', "min_words = \"ten\""])
def test_bad_readability_config_is_a_config_error(bad, tmp_path):
    from checker.config import ConfigError
    (tmp_path / "medcheck.toml").write_text(f"[readability]\n{bad}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="readability"):
        load_config(cwd=tmp_path)


def test_a_label_joined_to_the_next_sentence_by_layout_spaces_is_not_part_of_it():
    # A conversion or template joined a run-in heading or a list item to the paragraph
    # after it with a run of spaces: the reader sees a label and a sentence, not one
    # 30-word sentence. The label is left out of the sentences, as a heading is.
    joined = ("# Breathing problems\n\n- Injuries from breathing in smoke or harmful fumes       "
              "Treatment for breathing problems depends on whether the problem is sudden or "
              "long lasting and on how bad it is.\n\nUntreated leukemia     The leukemia is newly "
              "found and has not been treated except to ease signs such as weight loss.\n")
    assert [f for f in _check(joined, config_text="[readability]\nfold = false\n")
            if f.rule == "readability.long-sentence"] == []
    from checker.checks.readability import _reading_sentences
    from checker.textutil import sentence_spans
    text = "Untreated leukemia     The leukemia is newly found."
    assert [text[a:b] for a, b in _reading_sentences(text)] == ["The leukemia is newly found."]
    # a sentence that runs on over the gap ("... with     Tylenol") and one that ends
    # with its own full stop are not split
    for kept in ("Take the tablet with     Tylenol or water every morning.",
                 "Take the tablet.     Then rest."):
        assert _reading_sentences(kept) == sentence_spans(kept), kept
    # a long piece before the gap is a sentence of its own, not a label
    long_piece = ("People who have had this infection before and who live in the same house as "
                  "a child with it     Most of them never get sick again.")
    assert len(_reading_sentences(long_piece)) == 2
