"""Parsers: blocks, kinds and exact source positions for Markdown, HTML and text."""

from __future__ import annotations

import html as htmlmod

from hypothesis import HealthCheck, example, given, settings, strategies as st

from checker.documents import decode, parse_text
from checker.model import HEADING, IMAGE_ALT, LINK_TEXT, LIST_ITEM, PARAGRAPH, TABLE_CELL


def _char_ok(source: str, block, i: int) -> bool:
    """The source at text[i]'s position is that character, or its escape/entity form."""
    ch = block.text[i]
    start = block.starts[i]
    width = block.widths.get(i, 1)
    piece = source[start:start + width]
    if piece == ch:
        return True
    if ch.isspace() and (piece.isspace() or piece.lower().startswith("<br")):
        return True
    if piece == "\\" + ch:
        return True
    return htmlmod.unescape(piece) == ch


def assert_positions_exact(doc) -> None:
    for block in doc.blocks:
        assert len(block.starts) == len(block.text)
        for i in range(len(block.text)):
            assert _char_ok(doc.source, block, i), (block.kind, block.text, i, doc.source)


MD_PAGE = """---
title: Ibuprofen
audience: patient
---
# Ibuprofen &amp; you

Take **ibuprofen** with [food](https://example.org/food) and \\*water\\*.
See `code` and https://example.org/bare now.

- First item
- Second *item*
  continues here

3. Third step

> A quote
> on two lines

| Drug | Dose |
| ---- | ---- |
| ibuprofen | 200 mg |

![A bottle of ibuprofen tablets](bottle.png)

```
not prose qd
```

    indented code is not prose

<p>Raw <b>HTML</b> &amp; text</p>
"""


def test_markdown_blocks_kinds_and_positions():
    doc = parse_text("p.md", MD_PAGE, "markdown")
    assert doc.metadata == {"title": "Ibuprofen", "audience": "patient"}
    assert doc.title == "Ibuprofen"
    assert doc.position(doc.metadata_lines["audience"]) == (3, 1)
    by_kind = {}
    for b in doc.blocks:
        by_kind.setdefault(b.kind, []).append(b)
    heading = by_kind[HEADING][0]
    assert heading.text == "Ibuprofen & you" and heading.level == 1
    assert doc.position(heading.starts[0]) == (5, 3)
    para = by_kind[PARAGRAPH][0]
    assert para.text.startswith("Take ibuprofen with food and *water*.")
    assert "code" not in para.text and "example.org" not in para.text
    assert doc.position(para.starts[para.text.index("food")]) == (7, 26)
    assert [b.text for b in by_kind[LIST_ITEM]] == ["First item", "Second item\ncontinues here", "Third step"]
    assert doc.position(by_kind[LIST_ITEM][2].starts[0]) == (14, 4)
    quote = [b for b in doc.blocks if b.kind == "blockquote"][0]
    assert quote.text == "A quote\non two lines"
    assert doc.position(quote.starts[quote.text.index("on two")]) == (17, 3)
    cells = by_kind[TABLE_CELL]
    assert [c.text for c in cells] == ["Drug", "Dose", "ibuprofen", "200 mg"]
    assert [c.attrs["header"] for c in cells] == [True, True, False, False]
    assert doc.position(cells[3].starts[0]) == (21, 15)
    (alt,) = by_kind[IMAGE_ALT]
    assert alt.text == "A bottle of ibuprofen tablets" and alt.attrs["src"] == "bottle.png"
    (link,) = by_kind[LINK_TEXT]
    assert link.text == "food" and link.attrs["href"] == "https://example.org/food"
    raw = [b for b in by_kind[PARAGRAPH] if b.text.startswith("Raw")][0]
    assert raw.text == "Raw HTML & text" and doc.position(raw.starts[0]) == (31, 4)
    assert all("qd" not in b.text and "indented" not in b.text for b in doc.blocks)
    assert doc.facts["bare_urls"][0][2] == "https://example.org/bare"
    assert_positions_exact(doc)


def test_html_blocks_and_positions():
    page = ("<!doctype html>\n<html lang=\"en\">\n<head><title>Naproxen</title>\n"
            "<style>p { color: red }</style><script>var qd = 1;</script></head>\n<body>\n"
            "<h1>Naproxen</h1>\n<p>Take   naproxen\n  with <a href=\"/food\">food</a> &amp; water.</p>\n"
            "<ul><li>One</li><li>Two</li></ul>\n<img src=\"a.png\" alt=\"Naproxen tablets\">\n"
            "<!-- medcheck-disable-next-line: reason -->\n<table><tr><th>Dose</th></tr><tr><td>220 mg</td></tr></table>\n"
            "</body></html>\n")
    doc = parse_text("p.html", page, "html")
    assert doc.title == "Naproxen" and doc.facts["html_lang"] == "en"
    texts = [(b.kind, b.text) for b in doc.blocks]
    assert (HEADING, "Naproxen") in texts
    assert (PARAGRAPH, "Take naproxen with food & water.") in texts
    assert (LIST_ITEM, "One") in texts and (TABLE_CELL, "220 mg") in texts
    assert (IMAGE_ALT, "Naproxen tablets") in texts
    assert not any("qd" in t or "color" in t for _, t in texts)
    para = [b for b in doc.blocks if b.text.startswith("Take")][0]
    assert doc.position(para.starts[para.text.index("with")]) == (8, 3)
    assert doc.position(para.starts[para.text.index("&")]) == (8, 33)
    assert para.widths[para.text.index("&")] == 5
    assert len(doc.comments) == 1
    assert_positions_exact(doc)


def test_plain_text_headings_lists_and_positions():
    text = "Pain Relievers\n\nTake this medicine with food.\nIt can upset your stomach.\n\n- one\n- two\n"
    doc = parse_text("p.txt", text, "text")
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds[0] == (HEADING, "Pain Relievers")
    assert kinds[1] == (PARAGRAPH, "Take this medicine with food.\nIt can upset your stomach.")
    assert kinds[2:] == [(LIST_ITEM, "one"), (LIST_ITEM, "two")]
    assert doc.position(doc.blocks[3].starts[0]) == (7, 3)
    assert_positions_exact(doc)


def test_crlf_bom_and_utf16_keep_lines_and_columns():
    body = "# Title\r\n\r\nTake 10 mg daily.\r\n"
    for data in (body.encode(), b"\xef\xbb\xbf" + body.encode(), body.encode("utf-16"),
                 body.replace("\r\n", "\r").encode()):
        text, _ = decode(data)
        doc = parse_text("p.md", text, "markdown")
        para = [b for b in doc.blocks if b.kind == PARAGRAPH][0]
        assert doc.position(para.starts[para.text.index("10")]) == (3, 6)


# --- property-based: for generated documents, every character maps back exactly ------------

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789éü", min_size=1, max_size=8)
_PUNCT = st.sampled_from([".", ",", "!", "?", ";", ":", "'", "-", "(", ")"])


@st.composite
def _inline(draw):
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["word", "word", "word", "emph", "strong", "code", "link",
                                     "escape", "entity", "punct", "image"]))
        w = draw(_WORD)
        parts.append({"word": w, "emph": f"*{w}*", "strong": f"**{w}**", "code": f"`{w}`",
                      "link": f"[{w}](https://ex.org/{w})", "escape": f"\\*{w}",
                      "entity": f"{w} &amp; {w}", "punct": w + draw(_PUNCT),
                      "image": f"![{w}]({w}.png)"}[kind])
    return " ".join(parts)


@st.composite
def _markdown(draw):
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["para", "heading", "list", "olist", "quote", "table"]))
        text = draw(_inline())
        if kind == "heading":
            blocks.append("#" * draw(st.integers(1, 6)) + " " + text)
        elif kind == "list":
            blocks.append("\n".join(f"- {draw(_inline())}" for _ in range(draw(st.integers(1, 3)))))
        elif kind == "olist":
            blocks.append("\n".join(f"{i + 1}. {draw(_inline())}" for i in range(draw(st.integers(1, 3)))))
        elif kind == "quote":
            blocks.append(f"> {text}\n> {draw(_inline())}")
        elif kind == "table":
            blocks.append(f"| {draw(_WORD)} | {draw(_WORD)} |\n| --- | --- |\n| {draw(_WORD)} | {text.replace('|', '')} |")
        else:
            blocks.append(text + "\n" + draw(_inline()))
    front = draw(st.booleans())
    body = "\n\n".join(blocks) + "\n"
    return ("---\ntitle: Generated\n---\n" + body) if front else body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_markdown())
def test_markdown_every_character_maps_to_its_source(page):
    assert_positions_exact(parse_text("g.md", page, "markdown"))


@st.composite
def _html(draw):
    parts = ["<html lang=\"en\"><body>"]
    for _ in range(draw(st.integers(1, 6))):
        tag = draw(st.sampled_from(["p", "h2", "li", "td", "blockquote", "div"]))
        inner = " ".join(draw(st.lists(st.one_of(
            _WORD, _WORD.map(lambda w: f"<b>{w}</b>"), _WORD.map(lambda w: f"<a href='/{w}'>{w}</a>"),
            st.just("&amp;"), st.just("&lt;"), st.just("&#233;"), _WORD.map(lambda w: f"{w}\n  ")),
            min_size=1, max_size=6)))
        parts.append(f"<{tag}>{inner}</{tag}>")
    parts.append("</body></html>")
    return "\n".join(parts)


@settings(max_examples=200, deadline=None)
@given(_html())
def test_html_every_character_maps_to_its_source(page):
    assert_positions_exact(parse_text("g.html", page, "html"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
@example("\r0\r0")  # a lone carriage return before the first line once shifted every offset
def test_any_unicode_parses_without_error_in_every_format(text):
    for fmt in ("markdown", "html", "text"):
        try:
            doc = parse_text("g", text, fmt)
        except Exception as exc:  # only the documented error is allowed
            from checker.documents import DocumentError
            assert isinstance(exc, DocumentError), exc
            continue
        for block in doc.blocks:
            assert all(0 <= s < len(doc.source) for s in block.starts)
