"""Page structure: lists, tables, the page title and its language.

Structure that is only visual (a bullet character and a line break, a grid of cells
with no header) is lost to assistive technology, which announces real lists ("list,
4 items") and reads table cells with their headers.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...model import Document, BLOCKQUOTE, LIST_ITEM, PARAGRAPH, TABLE_CELL, Block, Finding, finding_for
from ...context import Context
from ...rules import page_check
from ._page import PageView, line_end, rule, squash, view

FAKE_LIST = rule(
    "a11y.fake-list",
    "Lines that look like a list are not marked up as one.",
    "WCAG 2.2 SC 1.3.1 Info and Relationships (A), technique H48 (lists), failure F2",
    severity="warning",
    suggestion="Use a real list: one \"- \" (or \"1. \") item per line in Markdown, <ul>/<ol> "
               "in HTML",
    rationale="\"•\" characters or numbers joined by line breaks look like a list but are one "
              "paragraph to a screen reader: no item count, no way to jump between items, and "
              "the bullets may be read out as \"bullet\".",
    match=("Take it:<br>• with food<br>• with water\n",
           "• with food\n• with water\n",
           "1. Wash your hands.<br>2. Open the pack.<br>3. Press out a tablet.\n",
           "<p>- with food<br>- with water</p>\n",
           "• with food\n\n• with water\n"),
    no_match=("- with food\n- with water\n",
              "Take it with food.<br>Drink water.\n",
              "<ul><li>with food</li><li>with water</li></ul>\n"))

TABLE_NO_HEADERS = rule(
    "a11y.table-no-headers",
    "Table has no header cells.",
    "WCAG 2.2 SC 1.3.1 Info and Relationships (A), failure F91, technique H51",
    severity="warning",
    suggestion="Name each column in the first row (Markdown) or use <th> cells (HTML)",
    rationale="Screen readers announce each data cell with its column header (\"Dose: 200 "
                "mg\"). Without headers a dose table is a stream of numbers. A heuristic for "
                "HTML: tables with role=\"presentation\" or a single row or column are taken "
                "as layout and left alone.",
    match=("| | |\n| --- | --- |\n| Morning | 200 mg |\n| Evening | 200 mg |\n",
           "<table><tr><td>Morning</td><td>200 mg</td></tr>"
           "<tr><td>Evening</td><td>200 mg</td></tr></table>\n"),
    no_match=("| Time | Dose |\n| --- | --- |\n| Morning | 200 mg |\n",
              "<table><tr><th>Time</th><th>Dose</th></tr>"
              "<tr><td>Morning</td><td>200 mg</td></tr></table>\n",
              "<table role=\"presentation\"><tr><td>a</td><td>b</td></tr>"
              "<tr><td>c</td><td>d</td></tr></table>\n"))

PAGE_TITLE_MISSING = rule(
    "a11y.page-title-missing",
    "HTML page has no <title>.",
    "WCAG 2.2 SC 2.4.2 Page Titled (A), technique H25; axe-core document-title",
    severity="error",
    suggestion="Add <title>Ibuprofen: uses and side effects</title> inside <head>",
    rationale="The title is the first thing a screen reader says when the page opens and what "
              "names the tab, the bookmark and the search result.",
    fmt="html",
    match=("<!doctype html>\n<html lang=\"en\"><head></head>\n<body><h1>Ibuprofen</h1></body></html>\n",
           "<!doctype html>\n<html lang=\"en\"><head><title> </title></head>\n"
           "<body><h1>Ibuprofen</h1></body></html>\n"),
    no_match=("<!doctype html>\n<html lang=\"en\"><head><title>Ibuprofen</title></head>\n"
              "<body><h1>Ibuprofen</h1></body></html>\n",))

PAGE_TITLE_GENERIC = rule(
    "a11y.page-title-generic",
    "Page title does not say what the page is about.",
    "WCAG 2.2 SC 2.4.2 Page Titled (A), failure F25",
    severity="warning",
    suggestion="Name the page's subject: \"Ibuprofen: uses and side effects\"",
    rationale="\"Untitled\", \"New page\" or \"Home\" in a list of tabs or search results "
              "cannot be told apart from any other page.",
    # (HTML <title> cases: tests/test_accessibility.py and tests/pages/accessibility.)
    match=("---\ntitle: Untitled document\n---\n# Ibuprofen\n",
           "---\ntitle: New page\n---\n# Ibuprofen\n"),
    no_match=("---\ntitle: Ibuprofen for pain and fever\n---\n# Ibuprofen\n",
              "# Ibuprofen\n"))

HTML_LANG_MISSING = rule(
    "a11y.html-lang-missing",
    "HTML page does not declare its language on <html>.",
    "WCAG 2.2 SC 3.1.1 Language of Page (A), technique H57; axe-core html-has-lang, "
    "html-lang-valid",
    severity="error",
    suggestion="<html lang=\"en\">",
    rationale="Screen readers pick their pronunciation rules from the page language; without "
              "it an English page may be read with another language's voice, and browsers "
              "cannot offer the right translation or hyphenation.",
    fmt="html",
    match=("<!doctype html>\n<html><head><title>Ibuprofen</title></head><body></body></html>\n",
           "<html lang=\"english\"><head><title>Ibuprofen</title></head></html>\n",
           "<p>A fragment without an html element.</p>\n"),
    no_match=("<html lang=\"en\"><head><title>Ibuprofen</title></head></html>\n",
              "<html lang=\"en-GB\"><head><title>Ibuprofen</title></head></html>\n"))

RULES = [FAKE_LIST, TABLE_NO_HEADERS, PAGE_TITLE_MISSING, PAGE_TITLE_GENERIC, HTML_LANG_MISSING]

# Bullet characters that are never Markdown list syntax: a line starting with one is
# a typed bullet whatever joins the lines.
_GLYPH = "•◦▪▫●○■□‣⁃∙·"
_MARKER = re.compile(rf"\s*(?:(?P<glyph>[{_GLYPH}])|(?:[-*+–—]|\d{{1,2}}[.)]|[a-zA-Z][.)])(?=\s))")
_FAKE_LIST_KINDS = (PARAGRAPH, LIST_ITEM, TABLE_CELL, BLOCKQUOTE)
_LANG = re.compile(r"^(?:[a-z]{2,3}|[ix])(?:-[a-z0-9]{1,8})*$", re.I)
_GENERIC_TITLES = frozenset({
    "untitled", "untitled document", "untitled page", "new page", "new document", "document",
    "page", "home", "home page", "homepage", "index", "title", "page title", "web page",
    "webpage", "default", "test", "test page", "placeholder", "welcome", "no title",
    "insert title here", "title here", "my page", "new tab", "template",
})
_NUMBERED_GENERIC = re.compile(r"^(?:untitled|document|page|new page|doc)\s*[-_]?\s*\d+$")


def check(page: PageView) -> Iterator[Finding]:
    if not page.structured:
        return
    yield from _fake_lists(page)
    yield from _tables(page)
    yield from _title(page)
    if page.doc.format == "html":
        yield from _lang(page)


# --- fake lists ---------------------------------------------------------------------


def _break_kind(page: PageView, block: Block, i: int) -> str:
    """How the line break at text index ``i`` is written: "br", "hard" or "soft"."""
    source = page.doc.source
    at = block.starts[i]
    if source[at:at + 3].lower() == "<br":
        return "br"
    if page.doc.format == "markdown" and (source[at - 1:at] == "\\" or
                                          source[max(0, at - 2):at] == "  "):
        return "hard"
    return "soft"


def _fake_list_in(page: PageView, block: Block) -> tuple[int, int] | None:
    """Text span of the typed list inside one block, or None."""
    text = block.text
    marked: list[tuple[int, int]] = []
    glyph = joined = False
    line_start, before = 0, ""
    for i in [*(j for j, ch in enumerate(text) if ch == "\n"), len(text)]:
        match = _MARKER.match(text, line_start, i)
        if match and text[line_start:i].strip():
            marked.append((line_start, i))
            glyph = glyph or bool(match.group("glyph"))
            joined = joined or (len(marked) > 1 and before in ("br", "hard"))
        if i < len(text):
            before = _break_kind(page, block, i)
        line_start = i + 1
    if len(marked) >= 2 and (glyph or joined):
        first = marked[0][0]
        while text[first].isspace():
            first += 1
        return first, marked[-1][1]
    return None


def _fake_lists(page: PageView) -> Iterator[Finding]:
    run: list[Block] = []

    def glyph_run() -> Iterator[Finding]:
        if len(run) >= 2:
            first, last = run[0], run[-1]
            start = first.source_span(0, 1)[0]
            end = last.source_end(len(last.text.rstrip()))
            yield finding_for(FAKE_LIST, start, end,
                              message=f"{len(run)} paragraphs start with a typed bullet: they "
                                      "are a list that is not marked up as one.")
        run.clear()

    for block in page.prose:
        if block.kind not in _FAKE_LIST_KINDS:
            yield from glyph_run()
            continue
        span = _fake_list_in(page, block) if "\n" in block.text else None
        if span is not None:
            yield from glyph_run()
            yield finding_for(FAKE_LIST, *block.source_span(*span))
            continue
        if block.kind == PARAGRAPH and block.text.lstrip()[:1] in _GLYPH:
            run.append(block)
        else:
            yield from glyph_run()
    yield from glyph_run()


# --- tables -------------------------------------------------------------------------


def _tag_end(source: str, start: int) -> int:
    end = source.find(">", start)
    return end + 1 if end != -1 else line_end(source, start)


def _tables(page: PageView) -> Iterator[Finding]:
    doc = page.doc
    if doc.format == "markdown":
        for table in doc.facts.get("tables", ()):
            if not table.get("has_th"):
                yield finding_for(TABLE_NO_HEADERS, table["start"],
                                  line_end(doc.source, table["start"]),
                                  message="Table's header row is empty: its columns have no "
                                          "names.")
        html_tables = [t for raw in doc.facts.get("raw_html", ()) for t in raw.get("tables", ())]
    else:
        html_tables = list(doc.facts.get("tables", ()))
    for table in html_tables:
        if table.get("has_th") or table.get("role") in ("presentation", "none"):
            continue
        rows, cells = table.get("rows", 0), table.get("cells", 0)
        if rows >= 2 and cells >= 2 * rows:
            yield finding_for(TABLE_NO_HEADERS, table["start"], _tag_end(doc.source, table["start"]),
                              message="Table has no <th> header cells.")


# --- page title and language ---------------------------------------------------------


def _title(page: PageView) -> Iterator[Finding]:
    doc = page.doc
    if doc.format == "html":
        where = doc.facts.get("title_start")
        if not doc.facts.get("has_title_element"):
            at = doc.facts.get("html_start")
            at = 0 if at is None else at
            yield finding_for(PAGE_TITLE_MISSING, at, _tag_end(doc.source, at))
            return
        if doc.title is None:
            yield finding_for(PAGE_TITLE_MISSING, where, _tag_end(doc.source, where),
                              message="The page's <title> is empty.")
            return
        span = (where, _tag_end(doc.source, doc.source.find("</", where)))
    else:
        if doc.title is None or "title" not in doc.metadata_lines:
            return
        at = doc.metadata_lines["title"]
        span = (at, line_end(doc.source, at))
    key = squash(doc.title).strip(" .:-")
    if key in _GENERIC_TITLES or _NUMBERED_GENERIC.match(key):
        yield finding_for(PAGE_TITLE_GENERIC, *span,
                          message=f"Page title \"{doc.title.strip()}\" does not say what the "
                                  "page is about.")


def _lang(page: PageView) -> Iterator[Finding]:
    doc = page.doc
    at = doc.facts.get("html_start")
    lang = (doc.facts.get("html_lang") or "").strip()
    if at is None:
        yield finding_for(HTML_LANG_MISSING, 0, line_end(doc.source, 0),
                          message="Page has no <html lang=\"...\"> element, so its language is "
                                  "not declared.")
    elif not lang and (doc.facts.get("html_xml_lang") or "").strip():
        yield finding_for(HTML_LANG_MISSING, at, _tag_end(doc.source, at),
                          message="<html> has xml:lang but no lang: xml:lang declares the "
                                  "language only in XHTML, an HTML page needs lang.",
                          suggestions=(f"<html lang=\"{doc.facts['html_xml_lang'].strip()}\">",))
    elif not lang:
        yield finding_for(HTML_LANG_MISSING, at, _tag_end(doc.source, at))
    elif not _LANG.match(lang):
        yield finding_for(HTML_LANG_MISSING, at, _tag_end(doc.source, at),
                          message=f"lang=\"{lang}\" is not a language code.",
                          suggestions=("Use a BCP 47 code such as lang=\"en\" or "
                                       "lang=\"es-US\"",))


@page_check(*RULES)
def page_structure(doc: Document, ctx: Context) -> Iterator[Finding]:
    return check(view(doc, ctx))
