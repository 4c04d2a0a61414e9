"""Review metadata wherever a page keeps it, and for every publishable page: front
matter, HTML head metadata (with a configurable mapping), and pages that have none."""

from __future__ import annotations

import pytest

from .conftest import run_json

REVIEW_RULES = {"review.reviewer-missing", "review.date-missing", "review.audience"}


def project(tmp_path, content_paths: str, pages: dict[str, str], extra: str = ""):
    (tmp_path / "medcheck.toml").write_text(f"content_paths = [{content_paths}]\n{extra}")
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize("content_paths", ['"content"', '"content/"', '"./content"',
                                           '"content/**"', '"./content/**"', '"content/**/*.md"'])
@pytest.mark.parametrize("page", ["content/a.md", "content/sub/a.md"])
def test_a_page_without_front_matter_in_content_paths_needs_review_metadata(
        tmp_path, content_paths, page):
    root = project(tmp_path, content_paths, {page: "# Ibuprofen\n\nTake it with food.\n"})
    _, report = run_json(page, "--no-grammar", "--no-cache", cwd=root)
    rules = {f["rule"] for f in report["findings"]}
    assert REVIEW_RULES <= rules, (content_paths, page, rules)
    assert all(f["line"] == 1 for f in report["findings"] if f["rule"] in REVIEW_RULES)


def test_a_page_outside_content_paths_needs_none(tmp_path):
    root = project(tmp_path, '"content"', {"notes/a.md": "# Notes\n\nText.\n"})
    _, report = run_json("notes/a.md", "--no-grammar", "--no-cache", cwd=root)
    assert not REVIEW_RULES & {f["rule"] for f in report["findings"]}


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<title>Acetaminophen</title>
{metas}
</head>
<body><h1>Acetaminophen</h1><p>Take it with water.</p></body>
</html>
"""


def html_findings(tmp_path, metas: str, extra: str = ""):
    root = project(tmp_path, '"content"', {"content/p.html": HTML_PAGE.format(metas=metas)}, extra)
    _, report = run_json("content/p.html", "--no-grammar", "--no-cache", cwd=root)
    return [f for f in report["findings"] if f["rule"].startswith("review.")]


def test_an_html_page_can_pass_the_review_checks_with_head_metadata(tmp_path):
    metas = ('<meta name="reviewed_by" content="Dr. A. Reviewer, PharmD">\n'
             '<meta name="dcterms.modified" content="2026-06-01">\n'
             '<meta name="audience" content="patient">')
    assert html_findings(tmp_path, metas) == []


def test_open_graph_times_and_property_attributes_count(tmp_path):
    metas = ('<meta name="reviewer" content="Dr. A. Reviewer">\n'
             '<meta property="article:modified_time" content="2024-01-15T09:30:00Z">\n'
             '<meta name="audience" content="patient">')
    [stale] = html_findings(tmp_path, metas)
    assert stale["rule"] == "review.date-stale" and "2024-01-15" in stale["message"]
    assert (stale["line"], stale["column"]) == (6, 1)  # the <meta> that holds the date


def test_missing_head_metadata_is_reported_as_html(tmp_path):
    found = {f["rule"]: f for f in html_findings(tmp_path, "")}
    assert set(found) == REVIEW_RULES
    assert '<meta name="reviewed_by" content=' in found["review.reviewer-missing"]["message"]
    assert "<head>" in found["review.audience"]["message"]


def test_the_meta_names_are_configurable(tmp_path):
    metas = ('<meta name="x-medical-reviewer" content="Dr. A. Reviewer">\n'
             '<meta name="x-reviewed-on" content="2026-06-01">\n'
             '<meta name="dcterms.audience" content="patient">')
    assert {f["rule"] for f in html_findings(tmp_path, metas)} == {"review.reviewer-missing",
                                                                    "review.date-missing"}
    mapping = ('[html_metadata]\nreviewed_by = ["x-medical-reviewer"]\n'
               'last_reviewed = ["x-reviewed-on"]\n')
    assert html_findings(tmp_path, metas, mapping) == []


def test_head_metadata_feeds_every_check_that_reads_metadata(tmp_path):
    from checker.documents import parse_text
    from checker.documents.html import with_head_metadata

    page = HTML_PAGE.format(metas='<meta name="audience" content="professional">')
    doc = with_head_metadata(parse_text("p.html", page), {"audience": ["audience"]})
    assert doc.metadata["audience"] == "professional" and doc.metadata["lang"] == "en"
    assert page[doc.metadata_lines["audience"]:].startswith('<meta name="audience"')
