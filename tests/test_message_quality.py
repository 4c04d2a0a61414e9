"""What a finding says must be right too: the sentence it counts is a sentence, its
suggestion fits the sentence and the page's markup, and it says why."""

from __future__ import annotations

import re

import pytest

from checker.checks import prose

from .helpers import check_snippet

# A heading line and the lines under it, with no blank line between them: the text
# reader (and a Markdown soft break) joins them into one block.
STORAGE_PAGE = (
    "How to store your rescue inhaler safely\n"
    "Keep the inhaler at room temperature, away from heat and direct sunlight, and put the cap back on after use.\n"
    "Throw it away when the dose counter reads zero, even if it still sprays.\n")


def test_a_heading_line_is_not_part_of_the_sentence_under_it():
    # Joined, the heading and the first line read as one 27-word sentence and raised the
    # page's grade over 8; read apart, the page is plain. (In Markdown the same lines are
    # one paragraph, rendered run together: there the long sentence is real.)
    findings = check_snippet(STORAGE_PAGE, "text")
    graded = [f for f in findings if f.rule in ("readability.long-sentence", "readability.page-grade")]
    assert graded == [], [(f.rule, f.message) for f in graded]


@pytest.mark.parametrize("sentence, fixed", [
    ("Gabapentin is a neuroleptic.", "Gabapentin is an anticonvulsant (anti-seizure medicine)."),
    ("Pregabalin is a neuroleptic medicine for nerve pain.",
     "Pregabalin is an anticonvulsant (anti-seizure) medicine for nerve pain."),
    ("Neuroleptics calm irritated nerves in the spine.",
     "Anticonvulsants (anti-seizure medicines) calm irritated nerves in the spine."),
    ("Neuroleptic medications stabilize overactive nerve cells to relieve back pain.",
     "Anticonvulsant (anti-seizure) medications stabilize overactive nerve cells to relieve back pain."),
])
def test_a_suggestion_agrees_with_the_sentence(sentence, fixed):
    source = sentence + "\n"
    found = [f for f in check_snippet(source) if f.rule == "med.neuroleptic-for-nerve-pain"]
    assert found, sentence
    f = found[0]
    assert (source[:f.start] + f.suggestions[0] + source[f.end:]).strip() == fixed


HTML_LINKS = """<!doctype html>
<html lang="en"><head><title>Inhaler dosing</title></head><body>
<h1>Inhaler dosing</h1>
<p>For the dosing chart for children, <a href="/dose">click here</a>.</p>
<p>The label is at <a href="https://example.org/labels/inhaler">https://example.org/labels/inhaler</a>.</p>
<p>Ask your pharmacist, or read https://example.org/leaflet before your first dose.</p>
<p>Questions? Write to pharmacy@example.org and we answer within a day.</p>
</body></html>
"""
_MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")


def test_link_suggestions_on_an_html_page_are_html():
    findings = [f for f in check_snippet(HTML_LINKS, "html")
                if f.rule in ("a11y.link-text-vague", "a11y.link-text-url", "a11y.bare-url")]
    assert {f.rule for f in findings} == {"a11y.link-text-vague", "a11y.link-text-url", "a11y.bare-url"}
    for f in findings:
        assert f.suggestions and not any(_MARKDOWN_LINK.search(s) for s in f.suggestions), f.suggestions
        assert any("<a href=" in s for s in f.suggestions), f.suggestions


_LINK_RULES = ("a11y.link-text-vague", "a11y.link-text-url", "a11y.link-text-ambiguous", "a11y.bare-url")


@pytest.mark.parametrize("page,fmt", [
    (HTML_LINKS, "html"),
    ("# Insulin pens\n\nFor the pen's storage guide, [read more](https://example.org/pens).\n\n"
     "The leaflet: [https://example.org/pen-leaflet](https://example.org/pen-leaflet)\n", "markdown"),
    ("<h1>Eye drops</h1><p><a href=\"/a\">Details</a> on drops for adults, <a href=\"/b\">Details</a> "
     "on drops for children, and the FAQ <a href=\"/faq\">here</a>.</p>\n", "html"),
    ("# Naproxen\n\n[Details](https://example.org/n1) and [Details](https://example.org/n2); "
     "[click here](https://example.org/n3) for the leaflet.\n", "markdown"),
])
def test_link_suggestions_name_nothing_the_page_is_not_about(page, fmt):
    findings = [f for f in check_snippet(page, fmt) if f.rule in _LINK_RULES]
    assert findings
    words = set(re.findall(r"[a-z]+", page.lower()))
    for f in findings:
        assert f.suggestions, f.rule
        for s in f.suggestions:
            # every medicine or agency the suggestion names must be one the page names
            named = {w for w in ("ibuprofen", "naproxen", "fda", "inhaler", "insulin", "dosing")
                     if w in s.lower()}
            assert named <= words, (f.rule, s)


def test_a_link_suggestion_keeps_the_link_s_own_address():
    page = "<h1>Inhaler</h1><p>The spacer guide is <a href=\"/spacer-guide\">here</a>.</p>\n"
    (f,) = [f for f in check_snippet(page, "html") if f.rule == "a11y.link-text-vague"]
    assert '<a href="/spacer-guide">' in f.suggestions[0]


def test_plain_swaps_skip_a_frequency_table_inside_a_prose_block():
    # One block: a sentence, then a symptom table flattened into the same line.
    page = ("# Signs of Quenner syndrome\n\nThe list below gives the signs of Quenner syndrome and how "
            "often they occur in people who have it. Seizures 90% Renal cyst 50% Pruritus 7.5% "
            "Scoliosis 5%\n\nSome children also have renal problems later in life.\n")
    plain = {(f.rule, f.line) for f in check_snippet(page) if f.rule.startswith("plain.")}
    assert ("plain.pruritus", 3) not in plain
    assert ("plain.renal", 5) in plain, plain  # the prose use is still asked for


def test_link_suggestions_on_a_markdown_page_stay_markdown():
    findings = [f for f in check_snippet("For the dosing chart, [click here](https://example.org/d).\n")
                if f.rule == "a11y.link-text-vague"]
    assert findings and _MARKDOWN_LINK.search(findings[0].suggestions[0])


_KIND_ONLY = re.compile(r"^[A-Z][\w ,-]*: '[^']*'\.$")


def test_every_proselint_message_carries_a_reason():
    # Each check's own examples: the finding must say why, not only name the kind.
    seen = 0
    for spec in prose._SPECS:
        for text in spec.match:
            for f in check_snippet(text + "\n", enable=(prose.PREFIX + spec.key,)):
                if not f.rule.startswith(prose.PREFIX):
                    continue
                seen += 1
                assert not _KIND_ONLY.match(f.message), (spec.key, f.message)
                assert len(f.message.split()) >= 4, (spec.key, f.message)
                # no reason cut off at a blank it could not fill ("... illusion in '.")
                assert not re.search(r"\s'\.$", f.message), (spec.key, f.message)
    assert seen >= len(prose._SPECS)


def test_a_bare_address_is_suggested_as_a_link_to_itself_in_the_pages_markup():
    md = [f for f in check_snippet("# Help\n\nRead more at www.example.org/leaflet today.\n")
          if f.rule == "a11y.bare-url"]
    assert md[0].suggestions == ("Make it a link with words that name the page: "
                                 "[name of the page](https://www.example.org/leaflet)",)
    html = [f for f in check_snippet(HTML_LINKS, "html") if f.rule == "a11y.bare-url"
            and "leaflet" in f.message]
    assert html[0].suggestions == ("Make it a link with words that name the page: "
                                   "<a href=\"https://example.org/leaflet\">name of the page</a>",)
