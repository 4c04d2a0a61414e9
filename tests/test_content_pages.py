"""The project's own patient pages (content/) are correct and clean: the demo for `make check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.documents import parse_text

from .conftest import REPO
from .helpers import check_snippet, default_settings

PAGES = sorted((REPO / "content").glob("*.md"))
FAMILIES = ("rulepack", "medical", "compliance", "safety")
TOPICS = {"nsaids.md": "nsaid", "acetaminophen.md": "acetaminophen", "opioids.md": "opioid",
          "gabapentin-and-pregabalin.md": "gabapentinoid", "muscle-relaxants.md": "muscle-relaxant",
          "epidural-steroid-injections.md": "corticosteroid-injection"}


def test_six_topic_pages_exist():
    assert set(TOPICS) <= {p.name for p in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_has_review_metadata_and_one_h1(page: Path):
    doc = parse_text(f"content/{page.name}", page.read_text(encoding="utf-8"))
    assert doc.metadata.get("audience") == "patient"
    assert doc.metadata.get("title") and doc.metadata.get("reviewed_by")
    assert [b.level for b in doc.blocks if b.kind == "heading"].count(1) == 1


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_has_no_medical_safety_or_compliance_findings(page: Path):
    findings = check_snippet(page.read_text(encoding="utf-8"), path=f"content/{page.name}",
                             settings=default_settings(FAMILIES))
    assert [(f.rule, f.line, f.text) for f in findings] == []


@pytest.mark.parametrize("name,group", sorted(TOPICS.items()))
def test_the_page_is_held_to_fair_balance_for_its_topic(name: str, group: str):
    """Cut from the risk sections on, the page must fail: the check really reads these pages."""
    text = (REPO / "content" / name).read_text(encoding="utf-8")
    cut = min(i for i in (text.find("\n## Hidden"), text.find("\n## Risks")) if i != -1)
    stripped = text[:cut] + "\n"
    findings = check_snippet(stripped, path=f"content/{name}", settings=default_settings(FAMILIES))
    assert group in [f.data.get("group") for f in findings if f.rule == "compliance.fair-balance"]
