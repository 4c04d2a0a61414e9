"""Accessibility checks: the page set with known failures, positions, one finding per
problem, configuration, and the parser facts the checks rely on.

The rule examples (must / must not match) run in tests/test_rule_examples.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings as hsettings, strategies as st

from checker.checks import Context, accessibility
from checker.checks.accessibility import RULES
from checker.documents import parse_text
from checker.engine import check_page
from checker.model import HEADING, IMAGE_ALT, LINK_TEXT, PARAGRAPH, SEVERITIES

from .helpers import check_snippet, default_settings

PAGES = Path(__file__).parent / "pages" / "accessibility"
EXPECTED = yaml.safe_load((PAGES / "expected.yml").read_text(encoding="utf-8"))
PAGE_FILES = sorted(p for p in PAGES.iterdir() if p.suffix in (".md", ".html"))


def a11y_settings(**values):
    settings = default_settings(("accessibility",))
    if values:
        settings = replace(settings, config=settings.config.with_values(**values))
    return settings


def a11y(text: str, fmt: str = "markdown", **config) -> list:
    settings = a11y_settings(**config) if config else a11y_settings()
    return [f for f in check_snippet(text, fmt=fmt, settings=settings)
            if f.category == "accessibility"]


def rules_of(findings) -> list[str]:
    return [f.rule for f in findings]


# --- the page set ---------------------------------------------------------------------


def test_page_set_has_clean_and_failing_pages_in_both_formats():
    names = {p.name for p in PAGE_FILES}
    assert set(EXPECTED) <= names, set(EXPECTED) - names
    clean = names - set(EXPECTED)
    assert any(n.endswith(".md") for n in clean) and any(n.endswith(".html") for n in clean)
    failing = set(EXPECTED)
    assert any(n.endswith(".md") for n in failing) and any(n.endswith(".html") for n in failing)


@pytest.mark.parametrize("page", PAGE_FILES, ids=[p.name for p in PAGE_FILES])
def test_page_gives_exactly_the_expected_findings(page):
    result = check_page(page.name, page.read_bytes(), a11y_settings())
    assert result.error is None
    got = sorted((f.rule, f.line) for f in result.findings)
    want = sorted((rule, line) for rule, line in EXPECTED.get(page.name, []))
    assert got == want


def test_page_set_covers_every_rule():
    covered = {rule for expected in EXPECTED.values() for rule, _ in expected}
    assert covered == {r.id for r in RULES}


@pytest.mark.parametrize("page", PAGE_FILES, ids=[p.name for p in PAGE_FILES])
def test_findings_point_at_source_words(page):
    result = check_page(page.name, page.read_bytes(), a11y_settings())
    for f in result.findings:
        assert f.text.strip(), f  # never an empty span
        assert (f.line, f.column) <= (f.end_line, f.end_column)


# --- rules declare themselves -----------------------------------------------------------


def test_rules_have_ids_sources_and_severities():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.id.startswith("a11y.") and rule.category == "accessibility"
        assert rule.severity in SEVERITIES
        assert "WCAG" in rule.source or rule.source.startswith("Best practice"), rule.id
        assert rule.rationale and rule.suggestion
    # AAA and best-practice rules are info; nothing labelled best practice is an error.
    for rule in RULES:
        if "(AAA)" in rule.source and "(A)" not in rule.source:
            assert rule.severity == "info", rule.id
        if rule.source.startswith("Best practice"):
            assert rule.severity == "info", rule.id


# --- positions -------------------------------------------------------------------------


def test_image_findings_point_at_the_image_in_markdown_and_html():
    (md,) = a11y("# Pills\n\nText and ![](pill.png) here.\n")
    assert (md.rule, md.line, md.column, md.text) == ("a11y.image-alt-missing", 3, 10,
                                                       "![](pill.png)")
    page = ("<html lang=\"en\"><head><title>Pills</title></head><body><main><h1>Pills</h1>\n"
            "<p>See  <img src=\"pill.png\" alt=\"pill.png\"></p></main></body></html>\n")
    (html,) = a11y(page, "html")
    assert (html.rule, html.line, html.column, html.text) == ("a11y.image-alt-junk", 2, 34,
                                                               "pill.png")


def test_link_and_heading_findings_point_at_their_words():
    findings = a11y("# Pills\n\n#### Dose\n\nRead [more](https://example.org/x).\n")
    by_rule = {f.rule: f for f in findings}
    skipped = by_rule["a11y.heading-level-skipped"]
    assert (skipped.line, skipped.column, skipped.text) == (3, 6, "Dose")
    vague = by_rule["a11y.link-text-vague"]
    assert (vague.line, vague.column, vague.text) == (5, 7, "more")


# --- headings and the page title -----------------------------------------------------------


def test_front_matter_title_is_not_a_heading():
    page = "---\ntitle: Ibuprofen tablets\n---\n# Ibuprofen\n\n## Uses\n"
    assert a11y(page) == []
    only_title = "---\ntitle: Ibuprofen tablets\n---\n## Uses\n\nText.\n"
    assert rules_of(a11y(only_title)) == ["a11y.heading-h1-missing"]


def test_heading_with_only_an_image_is_named_by_its_alt():
    assert a11y("# ![Riverside Clinic](logo.png)\n") == []
    assert rules_of(a11y("# ![](logo.png)\n")) == ["a11y.heading-empty",
                                                    "a11y.image-alt-missing"]


def test_html_generic_and_empty_titles():
    generic = "<html lang=\"en\"><head><title>Home</title></head><body><main><h1>Pills</h1></main></body></html>"
    (f,) = a11y(generic, "html")
    assert (f.rule, f.text) == ("a11y.page-title-generic", "<title>Home</title>")
    empty = "<html lang=\"en\"><head><title></title></head><body><main><h1>Pills</h1></main></body></html>"
    assert rules_of(a11y(empty, "html")) == ["a11y.page-title-missing"]


def test_markdown_pages_are_not_asked_for_html_title_or_lang():
    assert a11y("# Pills\n\nTake one a day.\n") == []


# --- one finding per problem ---------------------------------------------------------------


def test_linked_image_without_alt_is_one_finding_on_the_image():
    findings = a11y("# Pills\n\n[![](logo.png)](https://example.org/)\n")
    assert rules_of(findings) == ["a11y.image-alt-missing"]
    assert "link" in findings[0].message


def test_vague_links_are_not_also_ambiguous():
    page = "# Pills\n\n[here](https://example.org/a) and [here](https://example.org/b)\n"
    assert rules_of(a11y(page)) == ["a11y.link-text-vague", "a11y.link-text-vague"]


def test_capitals_and_abbreviations_do_not_double_report():
    findings = a11y("# Pills\n\nDO NOT TAKE WITH OTHER NSAIDS.\n")
    assert rules_of(findings) == ["a11y.all-caps"]
    # An acronym on its own is the abbreviation rule's, not the capitals rule's.
    assert rules_of(a11y("# Pills\n\nAsk about CADASIL testing.\n")) == [
        "a11y.abbreviation-unexpanded"]


def test_colour_of_a_control_is_one_sensory_finding():
    assert rules_of(a11y("# Refill\n\nClick the red button shown in red.\n")) == [
        "a11y.sensory-reference", "a11y.color-only"]
    assert rules_of(a11y("# Refill\n\nPress the red button.\n")) == ["a11y.sensory-reference"]


def test_url_link_text_is_not_also_a_bare_url():
    findings = a11y("# Pills\n\n[https://example.org/a](https://example.org/a)\n")
    assert rules_of(findings) == ["a11y.link-text-url"]


# --- abbreviations -----------------------------------------------------------------------------


def test_abbreviation_allow_list_from_configuration():
    page = "# Pain\n\nAsk about TENS and PDQ summaries.\n"
    assert rules_of(a11y(page)) == ["a11y.abbreviation-unexpanded"] * 2
    assert [f.text for f in a11y(page, abbreviations=["tens"])] == ["PDQ"]


@pytest.mark.parametrize("text", [
    "Nonsteroidal anti-inflammatory drugs (NSAIDs) ease pain. NSAIDs can upset the stomach.",
    "The test measures alanine transaminase, or ALT, in the blood.",
    "ALT stands for alanine transaminase.",
    "A lumbar puncture takes fluid from the spine. It is also called an LP.",
    "FISH (fluorescence in situ hybridization): a lab test.",
    "Changes in the TCOF1, POLR1C, or POLR1D genes cause it.",
    "Stage IIIB disease and a 46,XY karyotype.",
    "You may need a CT scan.",
    "It is found by an electrocardiogram (EKG).",
    "HTLV-associated myelopathy/tropical spastic paraparesis (HAM/TSP) is slow.",
    "It reaches the brain and spinal cord (central nervous system; CNS).",
    "An enlarged prostate (BPH), or benign prostatic hyperplasia, is common.",
    "EEC syndrome (ectrodactyly, ectodermal dysplasia, cleft lip) is rare.",
    "Familial HDL deficiency means low high-density lipoprotein (HDL) in the blood.",
    "Call 1-800-INFO-FDA, or see Habra MA, Chiu AC. and Pepcid AC.",
    "Cyclic vomiting syndrome, sometimes referred to as CVS, starts in childhood.",
    "It can lead to a rare problem called HELLP syndrome. HELLP stands for hemolysis, "
    "elevated liver enzymes and low platelets.",
    # A source credit line names the body after the colon.
    "Most people recover in a week.    NIH: National Institute on Aging",
    "Source: CDC: Centers for Disease Control and Prevention",
    # Scans known by their letters, an everyday word, words in capitals for emphasis.
    "You may have an MRI or a CT of the knee. Give your ZIP code.",
    "Choose ONE or more of the options, but NEVER both at once.",
    # The expansion in quotes, a sign after the letters.
    'It is then called "chronic ocular myopathy plus" (COM+).',
])
def test_spelled_out_or_not_an_abbreviation(text):
    assert a11y(f"# Topic\n\n{text}\n") == []


@pytest.mark.parametrize("text,word", [
    ("NSAIDs (such as ibuprofen) ease pain.", "NSAID"),
    ("Ask about TENS. Transcutaneous electrical nerve stimulation (TENS) helps.", "TENS"),
    ("Your EMG was normal.", "EMG"),
    # A colon after it that is not a credit line: the letters still need their words.
    ("Ask about TENS: it may ease the pain.", "TENS"),
    ("Read more from NIH: the agency runs trials.", "NIH"),
    # Spelled out two sentences later is too late.
    ("It can lead to HELLP syndrome. It is rare. HELLP stands for hemolysis, elevated liver "
     "enzymes and low platelets.", "HELLP"),
])
def test_unexpanded_abbreviation_at_first_use(text, word):
    (f,) = a11y(f"# Topic\n\n{text}\n")
    assert f.rule == "a11y.abbreviation-unexpanded" and f.text == word and f.line == 3


def test_heading_use_counts_after_the_text_explains_it():
    page = "# Living with COPD\n\nChronic obstructive pulmonary disease (COPD) makes breathing hard.\n"
    assert a11y(page) == []


# --- formats ----------------------------------------------------------------------------------


def test_plain_text_gets_wording_rules_only():
    text = "Pain Relievers\n\nPress the red button. Ask about TENS.\n\nCLICK HERE NOW FOR MORE\n"
    assert sorted(rules_of(a11y(text, "text"))) == [
        "a11y.abbreviation-unexpanded", "a11y.all-caps", "a11y.sensory-reference"]


def test_phone_numbers_only_in_html():
    assert a11y("# Help\n\nCall 555-123-4567 today.\n") == []
    html = ("<html lang=\"en\"><head><title>Help</title></head><body><main><h1>Help</h1>"
            "<p>Call 555-123-4567 today.</p></main></body></html>")
    assert rules_of(a11y(html, "html")) == ["a11y.phone-not-tel"]


# --- the parser facts the checks use ------------------------------------------------------------


def test_html_empty_heading_becomes_a_block_at_its_tags():
    doc = parse_text("p.html", "<body><main>\n<h2></h2>\n<h3>Named</h3></main></body>", "html")
    headings = [b for b in doc.blocks if b.kind == HEADING]
    assert [(h.level, h.text) for h in headings] == [(2, ""), (3, "Named")]
    empty = headings[0]
    assert doc.source[empty.element_start:empty.element_end] == "<h2></h2>"


def test_bold_only_paragraphs_are_marked_in_markdown_and_html():
    md = parse_text("p.md", "**Side effects**\n\n**Note:** text\n", "markdown")
    html = parse_text("p.html", "<p><b>Side effects</b></p><p><b>Note:</b> text</p>", "html")
    for doc in (md, html):
        paras = [b for b in doc.blocks if b.kind == PARAGRAPH]
        assert [b.attrs.get("emphasis_only") for b in paras] == ["strong", None]


def test_markdown_tables_record_whether_the_header_names_columns():
    doc = parse_text("p.md", "| | |\n|---|---|\n| a | b |\n\n| A | B |\n|---|---|\n| a | b |\n",
                     "markdown")
    assert [(t["has_th"], t["rows"]) for t in doc.facts["tables"]] == [(False, 2), (True, 2)]


def test_raw_inline_html_in_markdown_gives_image_and_link_blocks():
    text = "See <img src=\"a.png\" alt=\"A pill\"> and <a href=\"/x\">the leaflet</a>.\n"
    doc = parse_text("p.md", text, "markdown")
    (img,) = [b for b in doc.blocks if b.kind == IMAGE_ALT]
    (link,) = [b for b in doc.blocks if b.kind == LINK_TEXT]
    assert img.text == "A pill" and doc.source[img.starts[0]:img.starts[0] + 6] == "A pill"
    assert link.text == "the leaflet" and link.attrs["href"] == "/x"
    assert doc.source[link.element_start:link.element_end] == "<a href=\"/x\">the leaflet</a>"
    para = [b for b in doc.blocks if b.kind == PARAGRAPH][0]
    assert para.text == "See  and the leaflet."


# --- robustness --------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "# ", "## ", "#### ", "**", "*", "![", "](", ")", "[", "<br>", "• ", "- ", "1. ", "|", "\n",
    "\n\n", "<img src=x>", "<a href=/x>", "</a>", "<h2>", "</h2>", "<table><tr><td>", "HIV",
    "TENS", "DO NOT", "the red button", "on the left", "555-123-4567", "https://ex.org/a",
    "(", "here", "click here", " ", "é", "NSAIDs (", "&amp;", "<abbr title=x>", "</abbr>",
])


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from(["markdown", "html", "text"]))
# A heading the next heading closes has no end tag: its span once ran past the page.
@example("<h2><h2>", "html")
@example("<ul><li>a<li>b", "html")
def test_any_page_checks_without_error_and_spans_stay_in_the_source(page, fmt):
    doc = parse_text("g", page, fmt)
    settings = a11y_settings()
    ctx = Context(config=settings.config, packs=settings.packs, kb=settings.kb,
                  today=settings.today)
    for f in accessibility.check(doc, ctx):
        assert 0 <= f.start <= f.end <= len(doc.source), (f, page)


def test_error_prone_abbreviations_are_left_to_the_safety_rules():
    findings = check_snippet("# Pills\n\nTake 1 tablet PO QD. Avoid HCTZ mix-ups.\n")
    by_word: dict[str, list[str]] = {}
    for f in findings:
        by_word.setdefault(f.text, []).append(f.rule)
    assert "a11y.abbreviation-unexpanded" not in by_word.get("QD", [])
    assert "a11y.abbreviation-unexpanded" not in by_word.get("HCTZ", [])
    assert any(r.startswith("safety.") for r in by_word["QD"])
    # "PO" is not an error-prone abbreviation in the safety packs: it is ours to flag.
    assert "a11y.abbreviation-unexpanded" in by_word["PO"]


# --- what the peers' fixtures taught (bench/peer_agreement.py) ----------------------------


def test_front_matter_that_is_not_a_mapping_warns_and_the_page_is_checked():
    for front in ("Notes for the team", "alternate = \"Ramipril\"", "- one\n- two"):
        page = f"---\n{front}\n---\n# Ramipril\n\n[click here](https://example.org/r)\n"
        result = check_page("notes.md", page.encode(), a11y_settings())
        assert result.error is None
        assert any("front matter must be a mapping" in w for w in result.warnings)
        assert [f.rule for f in result.findings] == ["a11y.link-text-vague"]


def test_html_parser_keeps_the_words_of_each_id_for_aria_labelledby():
    doc = parse_text("p.html", "<p id=\"a\">Dose <b>chart</b></p><div id=\"b\"></div>"
                               "<span id=\"c\">x<i id=\"d\">y</i></span>", "html")
    assert doc.facts["id_text"] == {"a": "Dose chart", "b": "", "c": "xy", "d": "y"}


@pytest.mark.parametrize("nested,levels", [
    ("<h1>Metformin <h2>dosing</h2> more</h1>", [1, 2]),
    ("<h2>Uses<h3>Adults</h3></h2>", [2, 3]),
])
def test_a_heading_opened_inside_a_heading_closes_it_as_browsers_do(nested, levels):
    doc = parse_text("p.html", nested, "html")
    assert [b.level for b in doc.blocks if b.kind == HEADING] == levels
    assert a11y(f"<html lang=\"en\"><head><title>T</title></head><body><main><h1>T</h1>{nested}"
                "</main></body></html>".replace("<h1>T</h1><h1>", "<h1>"), fmt="html") == []


def test_addresses_in_raw_code_are_not_bare_urls():
    assert a11y("# R\n\nType <code>https://example.org/r</code> or "
                "<kbd>www.example.org</kbd>.\n") == []
    assert rules_of(a11y("# R\n\nType <code>x</code> https://example.org/r\n")) == \
        ["a11y.bare-url"]


@pytest.mark.parametrize("heading", ["## Known bugs :bug:", "## Done :white_check_mark:"])
def test_emoji_shortcode_is_not_trailing_punctuation(heading):
    assert a11y(f"# Ramipril\n\n{heading}\n\nText.\n") == []
    assert rules_of(a11y("# Ramipril\n\n## Dosing:\n\nText.\n")) == ["a11y.heading-punctuation"]


@pytest.mark.parametrize("text", ["click-here!!!!", "~~here~~", "Click_Here", "»  more  «",
                                  "read-more…"])
def test_vague_link_words_read_through_punctuation(text):
    assert rules_of(a11y(f"# R\n\nSee [{text}](https://example.org/r).\n")) == \
        ["a11y.link-text-vague"]


@pytest.mark.parametrize("first,second,same", [
    ("/dose/index.html?a=1&b=2#top", "/dose/?b=2&a=1", True),
    ("https://Example.org/Dose/", "https://example.org/dose", True),
    ("/dose?form=tablet", "/dose?form=liquid", False),
])
def test_identical_link_words_compare_where_the_links_go(first, second, same):
    page = f"# R\n\n[Dose table]({first}) and [Dose table]({second})\n"
    assert rules_of(a11y(page)) == ([] if same else ["a11y.link-text-ambiguous"])


@pytest.mark.parametrize("text,flagged", [
    ("**Section 1: Overview**", True), ("**Step 2**", True), ("*Updated 3 May 2026*", False),
    ("**Source: MedlinePlus**", False), ("**Take 2 tablets**", False), ("*Photo: J. Doe*", False),
])
def test_numbered_titles_are_headings_dates_and_doses_are_notes(text, flagged):
    found = rules_of(a11y(f"# Ramipril\n\n{text}\n\nText of the section.\n"))
    assert found == (["a11y.emphasis-as-heading"] if flagged else [])


def test_a_run_of_bold_paragraphs_is_not_a_heading():
    run = "# R\n\n**Take it with food**\n\n**Drink water with it**\n\nBoth help.\n"
    assert a11y(run) == []
    html = ("<html lang=\"en\"><head><title>R</title></head><body><main><h1>R</h1>"
            "<p><b>Take it with food</b></p><p><b>Drink water</b></p><p>Both help.</p>"
            "</main></body></html>")
    assert a11y(html, fmt="html") == []


def _table_page(rows: str) -> str:
    return ("<html lang=\"en\"><head><title>Doses</title></head><body><main><h1>Doses</h1>"
            f"<table>{rows}</table></main></body></html>")


@pytest.mark.parametrize("rows,lonely", [
    # values marked <th>: every header is alone
    ("<tr><th>Dose</th><th>5 mg</th></tr>", 2),
    # a data cell in the header's row labels it, whichever side it is on
    ("<tr><td>5 mg</td><th>Dose</th></tr>", 0),
    # spans place the cells: "Dose" covers both columns, the data is in the second
    ("<tr><th colspan=\"2\">Dose</th></tr><tr><th>Adults</th><td>5 mg</td></tr>", 0),
    # rowspan="0" runs to the last row, where the data cell is
    ("<tr><th rowspan=\"0\">Week 1</th><th>Test</th></tr><tr><td>Blood level</td></tr>", 0),
    # a hidden data cell labels nothing; an empty header is table-header-empty's
    ("<tr><th>Dose</th><td hidden>5 mg</td></tr><tr><th></th></tr>", 1),
    # a corner header over row headers that label data
    ("<tr><th>Age</th><th>Dose</th></tr><tr><th>Adults</th><td>5 mg</td></tr>", 0),
])
def test_header_cells_without_data_cells(rows, lonely):
    found = [f for f in a11y(_table_page(rows), fmt="html")
             if f.rule == "a11y.table-header-no-data"]
    assert len(found) == (1 if lonely else 0)
    if lonely:
        assert found[0].message.startswith("Header cells" if lonely > 1 else "Header cell ")


def test_an_abbreviation_named_for_a_glossary_entrys_headword_is_explained():
    from .helpers import check_snippet
    text = ("# Tests\n\n- Lumbar puncture: A procedure that takes a sample of the fluid around "
            "the spinal cord with a thin needle placed between two bones of the lower back. The "
            "sample is checked under a microscope for signs of infection or cancer cells. This "
            "procedure is also called an LP or spinal tap.\n- Bone scan: a scan of the bones. "
            "It is also called a BMD test.\n")
    found = [f.text for f in check_snippet(text) if f.rule == "a11y.abbreviation-unexpanded"]
    assert found == ["BMD"], found


def test_an_abbreviation_in_quotes_defined_in_the_next_sentence_is_explained():
    from .helpers import check_snippet
    for text in ('# DOORS syndrome\n\nDOORS syndrome affects many parts of the body. "DOORS" is an '
                 'abbreviation for the main signs: deafness, onychodystrophy, osteodystrophy, '
                 'intellectual disability and seizures.\n',
                 "# HELLP\n\nHELLP syndrome can start late in pregnancy. 'HELLP' stands for "
                 "hemolysis, elevated liver enzymes and low platelets.\n"):
        assert [f for f in check_snippet(text) if f.rule == "a11y.abbreviation-unexpanded"] == [], text


def test_letters_set_off_by_commas_after_their_words_are_explained():
    from .helpers import check_snippet
    text = ("# Skin\n\nPseudoxanthoma elasticum, PXE, is an inherited disorder. Some people, PXE "
            "or not, see a doctor. Many people, ADHD, have trouble sitting still.\n")
    assert [f.text for f in check_snippet(text) if f.rule == "a11y.abbreviation-unexpanded"] == \
        ["ADHD"]
    # one item of a series is not an apposition, even when its letters happen to fit
    series = ("# Lymphoma\n\nSurgery is used for patients with tissue lymphoma, PTLD, and small "
              "bowel lymphoma.\n")
    assert [f.text for f in check_snippet(series) if f.rule == "a11y.abbreviation-unexpanded"] \
        == ["PTLD"]


def test_a_condition_the_page_names_by_its_letters_is_its_name():
    from .helpers import check_snippet
    page = ("---\ntitle: MORM syndrome\n---\n\n# MORM syndrome\n\nMORM syndrome is a rare "
            "condition that affects growth and sight. Some children with it also have CKD.\n")
    assert [f.text for f in check_snippet(page) if f.rule == "a11y.abbreviation-unexpanded"] == \
        ["CKD"]
    # the same letters on a page about something else are an abbreviation to spell out
    other = "# Growth\n\nSome children have MORM syndrome.\n"
    assert [f.text for f in check_snippet(other) if f.rule == "a11y.abbreviation-unexpanded"] == \
        ["MORM"]
