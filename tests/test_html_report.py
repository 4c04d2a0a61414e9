"""The HTML report rendered in real headless Chromium: what a reviewer sees, that page
content shows as text and never runs, that the Content-Security-Policy holds, and
that the filters work."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .browser import dump_dom, ensure_chromium, screenshot
from .conftest import run_cli
from .projects import make_project

# Each hostile string would, if it ran, leave a mark the DOM dump shows.
HOSTILE_PAGE = """---
title: "<script>document.title='pwned-title'</script>"
---
# Dosing <script>document.title='pwned-heading'</script>

Take 10mg <img src=x onerror="document.body.setAttribute('data-pwned','img')"> with water.

We utilize <svg onload="document.body.setAttribute('data-pwned','svg')"></svg> a plan.

<!-- medcheck-disable-next-line rep.cure: <script>document.title='pwned-reason'</script> quoting -->
A miracle cure.

Please note: </pre></mark><script>document.title='pwned-break'</script>
"""
HOSTILE_HTML = ("<html lang='en'><head><title>H</title></head><body>\n"
                "<p>Give 5mg now.<script>document.title='pwned-html'</script></p>\n"
                "<p>Use 7mcg daily <a href=\"javascript:document.title='pwned-link'\">here</a>.</p>\n"
                "</body></html>\n")


class Elements(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def chromium() -> str:
    return ensure_chromium()


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("html") / "p", {
        "pages/dose.md": HOSTILE_PAGE,
        "pages/h.html": HOSTILE_HTML,
        "pages/x<img src=y onerror=alert(1)>.md": "Take 2mg. Please note it.\n",
    })
    proc = run_cli("check", "pages", "--no-grammar", "--no-cache", "--format", "html",
                   "--output", "report.html", cwd=root)
    assert proc.returncode == 1, proc.stderr
    return root / "report.html"


def test_page_content_is_escaped_and_nothing_runs(chromium, hostile_report):
    source = hostile_report.read_text()
    assert source.count("<script>") == 1  # ours, at the end
    dom = dump_dom(chromium, hostile_report)
    elements = Elements(dom)
    assert re.search(r"<title>medcheck report</title>", dom)
    assert "pwned" not in "".join(re.findall(r"<title>.*?</title>", dom))
    body = elements.all("body")[0]
    assert "data-pwned" not in body
    assert len(elements.all("script")) == 1
    assert elements.all("img") == [] and elements.all("svg") == []
    assert not [a for _, a in elements.tags if any(k.startswith("on") for k in a)]
    # The words are there, as text, for the reviewer to read.
    assert "&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"&gt;" in dom
    assert "&lt;script&gt;document.title='pwned-reason'&lt;/script&gt; quoting" in dom
    assert "&lt;/pre&gt;&lt;/mark&gt;&lt;script&gt;" in dom
    assert "pages/x&lt;img src=y onerror=alert(1)&gt;.md" in dom
    # Our own script did run: it shows the filters (hidden without it) and counts.
    assert elements.all("form", id="filters", role="search")
    assert "hidden" not in elements.all("form", id="filters")[0]
    assert re.search(r'<output id="filter-status">Showing (\d+) of \1 findings</output>', dom)


def test_csp_blocks_injected_scripts_but_not_ours(chromium, hostile_report, tmp_path):
    """If escaping ever failed, the policy would still stop the page's script; the
    control run without the policy shows the test would notice a script running."""
    source = hostile_report.read_text()
    policy = Elements(source).all("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    assert "default-src 'none'" in policy and re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+';", policy)
    injected = source.replace("</main>", "<script>document.title='injected';</script></main>")
    with_csp = tmp_path / "with.html"
    with_csp.write_text(injected)
    dom = dump_dom(chromium, with_csp)
    assert "<title>medcheck report</title>" in dom
    assert "hidden" not in Elements(dom).all("form", id="filters")[0]  # ours still ran
    without = tmp_path / "without.html"
    without.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", injected))
    assert "<title>injected</title>" in dump_dom(chromium, without)


def _shown(dom: str) -> list[dict]:
    return [a for a in Elements(dom).all("li") if "data-filterable" in a and "hidden" not in a]


def test_filters_by_severity_category_and_page(chromium, hostile_report):
    dom = dump_dom(chromium, hostile_report)
    everything = [a for a in Elements(dom).all("li") if "data-filterable" in a]
    assert len(everything) >= 7 and len(_shown(dom)) == len(everything)
    assert {a["data-severity"] for a in everything} == {"error", "warning", "info"}

    dom = dump_dom(chromium, hostile_report, "severity=error")
    shown = _shown(dom)
    errors = [a for a in everything if a["data-severity"] == "error"]
    assert shown and len(shown) == len(errors) and {a["data-severity"] for a in shown} == {"error"}
    assert f"Showing {len(errors)} of {len(everything)} findings" in dom
    assert Elements(dom).all("body")[0]["data-filtered"] == "category=&severity=error&page="

    dom = dump_dom(chromium, hostile_report, "category=plain-language&page=pages/dose.md")
    shown = _shown(dom)
    assert [(a["data-category"], a["data-page"]) for a in shown] == [("plain-language", "pages/dose.md")]

    page = "pages/x<img src=y onerror=alert(1)>.md"
    from urllib.parse import quote
    dom = dump_dom(chromium, hostile_report, "page=" + quote(page, safe=""))
    shown = _shown(dom)
    assert shown and {a["data-page"] for a in shown} == {page}

    # Suppressed findings follow the same filters.
    rows = lambda d: [a for a in Elements(d).all("tr") if "data-filterable" in a and "hidden" not in a]
    assert len(rows(dump_dom(chromium, hostile_report, "category=compliance"))) == 1
    assert rows(dump_dom(chromium, hostile_report, "category=style")) == []

    # A value that is not in the report resets that filter instead of hiding everything.
    dom = dump_dom(chromium, hostile_report, "severity=catastrophic")
    assert len(_shown(dom)) == len(everything)
    dom = dump_dom(chromium, hostile_report, "severity=info&category=medication-safety")
    assert _shown(dom) == [] and "No findings match these filters." in dom
    assert not [a for a in Elements(dom).all("p", id="no-match") if "hidden" in a]


def test_scorecards_suppressions_rationale_and_highlight(chromium, hostile_report):
    dom = dump_dom(chromium, hostile_report)
    cards = Elements(dom).all("article", **{"class": "scorecard"})
    assert {c["data-page"] for c in cards} == {"pages/dose.md", "pages/h.html",
                                                "pages/x<img src=y onerror=alert(1)>.md"}
    assert "Reading grade by section" in dom or "Readability was not measured" in dom
    # The suppressed finding is listed with its reason; the rule's rationale and source show.
    assert re.search(r'<td class="reason">&lt;script&gt;document\.title=\'pwned-reason\'&lt;/script&gt; quoting</td>', dom)
    assert "Run-together doses are misread (test rationale)." in dom
    assert 'href="https://example.org/medcheck-test-source"' in dom
    # The offending words are highlighted in their line.
    assert "<mark>10mg</mark>" in dom and "<mark>utilize</mark>" in dom


def test_screenshot_shows_the_report(chromium, hostile_report, tmp_path):
    png = screenshot(chromium, hostile_report, tmp_path / "report.png", 1280, 1400)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


@pytest.mark.parametrize("readability", [
    None, {}, {"grade": 7.5}, {"grade": "n/a", "sections": "none"},
    {"grade": 9.1, "target": {"warning": 8, "error": 12}, "metric": "fkgl", "sections": [
        {"heading": "<b>Dose</b>", "grade": 6.0, "raw": {"fkgl": 6.0}, "extra": [1, 2]}, {"heading": None}]},
    {"grade": float("nan"), "nested": {"a": {"b": {"c": {"d": {"e": 1}}}}}},
])
def test_readability_of_any_shape_renders(readability):
    from checker.reporters.html_report import readability_html
    out = readability_html(readability)
    assert isinstance(out, str) and "<b>Dose</b>" not in out
    if isinstance(readability, dict) and readability.get("sections") and isinstance(readability["sections"], list):
        assert "&lt;b&gt;Dose&lt;/b&gt;" in out


def _visible_text(report: str) -> str:
    body = report.split("<body>", 1)[1].split("<script>", 1)[0]
    return re.sub(r"<[^>]+>", " ", body)


def test_the_report_is_an_audit_record(tmp_path):
    from checker import __version__

    from .projects import git_repo

    root = git_repo(make_project(tmp_path / "p", {"pages/a.md": "# Dose\n\nTake 10mg. We utilize it.\n"}))
    commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True,
                            text=True).stdout.strip()
    proc = run_cli("check", "pages", "--no-grammar", "--no-cache", "--format", "html", "--output",
                   "out.html", "--fail-on", "warning", cwd=root, env={"SOURCE_DATE_EPOCH": "1795000000"})
    assert proc.returncode == 1, proc.stderr
    header = (root / "out.html").read_text().split("<header>", 1)[1].split("</header>", 1)[0]
    fields = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", header))
    assert fields["Checked"] == "2026-11-18 11:06 UTC"  # SOURCE_DATE_EPOCH: reproducible
    assert fields["Tool"] == f"medcheck {__version__}"
    assert fields["Commit"] == commit
    assert fields["Configuration"] == "pyproject.toml"
    assert fields["Fails on"] == "warnings and errors"
    (root / "pages/a.md").write_text("# Dose\n\nChanged.\n")
    run_cli("check", "pages", "--no-grammar", "--format", "html", "--output", "out.html", cwd=root)
    assert "(with uncommitted changes)" in (root / "out.html").read_text()


def test_pages_state_their_words_once_and_metrics_by_name(hostile_report):
    text = _visible_text(hostile_report.read_text())
    for key in ("flesch_kincaid", "gunning_fog", "coleman_liau", "flesch_reading_ease"):
        assert key not in text, key
    assert "Flesch-Kincaid grade" in text and "SMOG grade" in text
    assert "--fix" not in text
    scorecards = re.findall(r"<article class=scorecard.*?</article>", hostile_report.read_text(), re.S)
    assert scorecards
    for card in scorecards:
        text = _visible_text("<body>" + card)
        assert len(re.findall(r"\b\d+ words?\b", text)) == 1, text
        assert not re.search(r"<dt>words</dt>", card), card  # not again among the measures
