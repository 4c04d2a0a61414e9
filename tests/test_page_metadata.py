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
