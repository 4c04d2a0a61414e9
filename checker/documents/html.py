"""HTML pages (and raw HTML blocks inside Markdown), via the stdlib html.parser.

html.parser reports the (line, column) where each piece of data or markup starts,
which gives exact source positions for text. Entities are taken one at a time
(convert_charrefs=False) so each decoded character maps to its ``&...;`` form.
Whitespace runs collapse to one space, as a browser shows them; the space maps
to the first whitespace character of the run.
"""

from __future__ import annotations

import html
import re
from html.entities import html5 as html5_entities
from html.parser import HTMLParser

from ..model import (BLOCKQUOTE, HEADING, IMAGE_ALT, LINK_TEXT, LIST_ITEM, PARAGRAPH,
                     TABLE_CELL, Block, Comment)
from . import BlockBuilder, finish_document

# Elements that start and end a run of prose.
_BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "blockquote", "div", "section",
    "article", "header", "footer", "nav", "main", "aside", "ul", "ol", "dl", "dt", "dd",
    "table", "tr", "thead", "tbody", "tfoot", "caption", "figure", "figcaption", "body",
    "html", "form", "fieldset", "legend", "pre", "address", "hr", "details", "summary",
    "title", "head", "label", "button", "option", "select",
}
_SKIP_CONTENT = {"script", "style", "code", "pre", "noscript", "template", "svg", "math",
                 "textarea", "kbd", "samp", "var"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "param"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_EMPHASIS = {"b": "strong", "strong": "strong", "i": "em", "em": "em"}
_MARKED_SECTION = re.compile(r"<!\[([a-zA-Z][-_.a-zA-Z0-9]*)")
_SECTION_KEYWORDS = {"temp", "cdata", "ignore", "include", "rcdata", "if", "else", "endif"}
# The references html.unescape decodes (the pattern of the standard library's html module).
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# Deeply nested pages must not exhaust memory or recursion: the stack is a list, and
# we stop tracking nesting below this depth (content is still read).
_MAX_DEPTH = 512


class _PageParser(HTMLParser):
    def __init__(self, source: str, base_offset: int, line_starts: list[int]):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.base = base_offset
        self.line_starts = line_starts
        self.blocks = []
        self.comments: list[Comment] = []
        self.stack: list[tuple[str, dict]] = []
        self.skip_depth = 0
        self.current: BlockBuilder | None = None
        self.links: list[BlockBuilder] = []
        self.bare_urls: list = []
        self.title_parts: list[str] = []
        self.in_title = False
        self.has_title = False
        self.html_lang: str | None = None
        self.html_xml_lang: str | None = None
        self.has_html_tag = False
        self.tables: list[dict] = []
        # The open tables' current cell positions, innermost last.
        self.cells: list[dict] = []
        self.anchors: list[dict] = []
        self.images: list[dict] = []
        self.br_lines: list[int] = []
        self.depth_capped = False
        self.html_tag_start: int | None = None
        self.title_start: int | None = None
        # Open headings as (tag, start offset, len(blocks) then): an empty heading
        # still becomes a block, so structural checks can see it.
        self.open_headings: list[tuple[str, int, int]] = []
        # Emphasis around the current block's words: a <p><b>Side effects</b></p>
        # is a heading in disguise when no word of it stands outside <b>.
        self.emphasis: list[str] = []
        self.block_plain = False
        self.block_emphasis = ""
        self.abbreviations: list[tuple[str, str]] = []
        self.open_abbr: list | None = None
        # <meta name|property=... content=...>: (name in lower case, content, tag offset)
        self.metas: list[tuple[str, str, int]] = []
        # The text inside each element that has an id, for aria-labelledby: open
        # elements with an id as (tag, id), and the words gathered for each id.
        self.open_ids: list[tuple[str, str]] = []
        self.id_text: dict[str, list[str]] = {}
        # Element structure that accessibility rules judge from the source (lists,
        # table header references, frames, form controls and their labels, main).
        self.structure = _Structure()
        # Inside <svg>, a <text> element's words are what the graphic says (and name a
        # link around it), though the rest of the svg is skipped as markup.
        self.svg_text_depth = 0

    # -- positions ----------------------------------------------------------
    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _tag_span(self) -> tuple[int, int]:
        start = self._offset()
        text = self.get_starttag_text() or ""
        return self.base + start, self.base + start + len(text)

    # -- block handling ---------------------------------------------------------
    def _container(self) -> tuple[str, int, dict]:
        for tag, attrs in reversed(self.stack):
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                return HEADING, int(tag[1]), {}
            if tag == "li":
                return LIST_ITEM, 0, {}
            if tag in ("td", "th"):
                attrs = {"header": tag == "th"}
                if self.cells:
                    # Where the cell sits: its table (by the table's source offset), row and column.
                    at = self.cells[-1]
                    attrs.update(table=at["table"], row=at["row"], column=at["column"])
                return TABLE_CELL, 0, attrs
            if tag == "blockquote":
                return BLOCKQUOTE, 0, {}
        return PARAGRAPH, 0, {}

    def _flush(self, end: int | None = None) -> None:
        if self.current is not None:
            if end is not None:
                self.current.element_end = end
            if (self.current.kind == PARAGRAPH and self.block_emphasis
                    and not self.block_plain):
                self.current.attrs["emphasis_only"] = self.block_emphasis
            block = self.current.build(bare_urls=self.bare_urls)
            if block.text or block.kind == HEADING:
                self.blocks.append(block)
        self.current = None

    def _ensure_block(self, at: int) -> BlockBuilder:
        if self.current is None:
            kind, level, attrs = self._container()
            self.current = BlockBuilder(kind, level=level, attrs=attrs, element_start=at,
                                        element_end=at)
            self.block_plain = False
            self.block_emphasis = ""
        return self.current

    def _emit_char(self, ch: str, offset: int, width: int = 1) -> None:
        targets = [self._ensure_block(offset)] + self.links
        if not ch.isspace():
            if self.emphasis and not self.links:
                self.block_emphasis = self.block_emphasis or self.emphasis[0]
            else:
                self.block_plain = True
        for builder in targets:
            if ch.isspace():
                if builder.last_is_space() or not builder.chars:
                    continue
                builder.add(" ", offset, width)
            else:
                builder.add(ch, offset, width)

    # -- HTMLParser callbacks ---------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs_d = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "li":
            # A new item closes the open one, as browsers do: "<li>a<li>b" are siblings.
            for open_tag, _ in reversed(self.stack):
                if open_tag in _LISTS:
                    break
                if open_tag == "li":
                    self.handle_endtag("li", implied=True)
                    break
        if tag in _HEADINGS and self.stack and self.stack[-1][0] in _HEADINGS:
            # A heading cannot hold a heading: browsers close the open one first
            # (HTML parsing, "in body" insertion mode), and so does the outline.
            self.handle_endtag(self.stack[-1][0], implied=True)
        start, end = self._tag_span()
        if tag == "html":
            self.html_tag_start = start
            self.has_html_tag = True
            # xml:lang declares the language only in XHTML; an HTML page needs lang
            # (browsers and screen readers read lang alone there).
            self.html_lang = attrs_d.get("lang")
            self.html_xml_lang = attrs_d.get("xml:lang")
        if tag == "title":
            self.in_title = True
            self.has_title = True
            self.title_start = start
        if tag == "meta":
            name = (attrs_d.get("name") or attrs_d.get("property") or attrs_d.get("itemprop") or "")
            if name.strip() and "content" in attrs_d:
                self.metas.append((name.strip().lower(), attrs_d["content"].strip(), start))
        self.structure.start(tag, attrs_d, start, end, self.stack, self.skip_depth > 0)
        element_id = attrs_d.get("id", "").strip()
        if element_id and tag not in _VOID:
            self.open_ids.append((tag, element_id))
            self.id_text.setdefault(element_id, [])
        if tag == "text" and self.skip_depth and any(t == "svg" for t, _ in self.stack):
            self.svg_text_depth += 1
        if tag in _SKIP_CONTENT:
            self.skip_depth += 1
        if tag in _BLOCK_TAGS:
            self._flush(start)
        if tag == "br":
            self.br_lines.append(start)
            if self.current is not None:
                self.current.add("\n", start, end - start)
            return
        if tag == "img":
            has_alt = "alt" in attrs_d
            builder = BlockBuilder(IMAGE_ALT, element_start=start, element_end=end,
                                   attrs={"src": attrs_d.get("src", ""), "has_alt": has_alt,
                                          # "<img alt>": the attribute written without
                                          # a value (HTML reads it as alt="")
                                          "alt_bare": any(k == "alt" and v is None
                                                          for k, v in attrs),
                                          "html": True, "role": attrs_d.get("role", ""),
                                          "aria_hidden":
                                              attrs_d.get("aria-hidden", "").strip().lower()
                                              == "true",
                                          "presentation_conflict": _presentation_conflict(attrs_d),
                                          "aria_label": attrs_d.get("aria-label", ""),
                                          "aria_labelledby": attrs_d.get("aria-labelledby", ""),
                                          "title": attrs_d.get("title", ""),
                                          "container": self._container()[0],
                                          "in_link": bool(self.links)})
            if has_alt:
                alt_raw = attrs_d["alt"]
                tag_text = self.source[start - self.base:end - self.base]
                # html.parser hands over the value with entities already decoded; map
                # each character back to its written form (&lt; is one character).
                span = _attribute_value_span(tag_text, "alt")
                alt_at = start + (span[0] if span else 0)
                mapped = _unescape_mapped(tag_text[span[0]:span[1]]) if span else []
                if "".join(ch for ch, _, _ in mapped) == alt_raw:
                    for ch, at, width in mapped:
                        builder.add(ch, alt_at + at, width)
                else:  # not found as written: point every character at the value
                    for ch in alt_raw:
                        builder.add(ch, alt_at)
            block = builder.build(strip=False, remove_urls=False)
            self.blocks.append(block)
            self.images.append({"start": start, "end": end})
            if self.current is not None or self.links:
                for link in self.links:
                    link.attrs["has_image"] = True
                    link.attrs.setdefault("image_alt", attrs_d.get("alt", ""))
            return
        if tag == "area" and "href" in attrs_d:
            # An image map's area is a link named by its alt.
            self.blocks.append(Block(kind=LINK_TEXT, text="", starts=(), element_start=start,
                                     element_end=end,
                                     attrs={"href": attrs_d["href"], "html": True,
                                            "container": PARAGRAPH, "area": True,
                                            "image_alt": attrs_d.get("alt", ""),
                                            "aria_label": attrs_d.get("aria-label", ""),
                                            "aria_labelledby": attrs_d.get("aria-labelledby", ""),
                                            "title": attrs_d.get("title", "")}))
            return
        if tag in _VOID:
            return
        if len(self.stack) < _MAX_DEPTH:
            self.stack.append((tag, attrs_d))
        else:
            self.depth_capped = True
        if tag == "a":
            kind, _, _ = self._container()
            self.links.append(BlockBuilder(LINK_TEXT, element_start=start, element_end=end,
                                           attrs={"href": attrs_d.get("href"), "container": kind,
                                                  "html": True,
                                                  "aria_label": attrs_d.get("aria-label", ""),
                                                  "aria_labelledby":
                                                      attrs_d.get("aria-labelledby", ""),
                                                  "title": attrs_d.get("title", "")}))
        if tag in _HEADINGS:
            self.open_headings.append((tag, start, len(self.blocks)))
        if tag in _EMPHASIS:
            self.emphasis.append(_EMPHASIS[tag])
        if tag == "abbr" and attrs_d.get("title", "").strip():
            self.open_abbr = [attrs_d["title"].strip(), ""]
        if tag == "table":
            self.tables.append({"start": start, "has_th": False, "rows": 0, "cells": 0,
                                "role": attrs_d.get("role", "").strip().lower()})
        if tag in ("td", "th") and self.tables:
            self.tables[-1]["cells"] += 1
        if tag == "th" and self.tables:
            self.tables[-1]["has_th"] = True
        if tag == "tr" and self.tables:
            self.tables[-1]["rows"] += 1
        if tag == "table":
            self.cells.append({"table": start, "row": -1, "column": -1, "next": 0})
        elif tag == "tr" and self.cells:
            self.cells[-1].update(row=self.cells[-1]["row"] + 1, column=-1, next=0)
        elif tag in ("td", "th") and self.cells:
            at = self.cells[-1]
            span = attrs_d.get("colspan", "1").strip()
            at["column"] = at["next"]
            at["next"] = at["column"] + (int(span) if span.isdigit() and 0 < int(span) < 1000 else 1)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag, implied: bool = False):
        at = self.base + self._offset()
        # An end the parser implies (a new <li> or heading closes the open one) has no
        # "</tag>" in the source: the element ends where the next one starts.
        end = at if implied else at + len(f"</{tag}>")
        if tag == "title":
            self.in_title = False
        if any(t == tag for t, _ in self.stack):
            self.structure.end(tag)
        if self.open_ids and any(t == tag for t, _ in self.open_ids):
            while self.open_ids:
                if self.open_ids.pop()[0] == tag:
                    break
        if tag == "text" and self.svg_text_depth:
            self.svg_text_depth -= 1
        if tag in _SKIP_CONTENT and self.skip_depth:
            self.skip_depth -= 1
        if tag == "a" and self.links:
            link = self.links.pop()
            link.element_end = end
            block = link.build(remove_urls=False)
            self.blocks.append(block)
            self.anchors.append({"start": link.element_start, "end": end})
        if tag in _BLOCK_TAGS:
            self._flush(end)
        if tag in _EMPHASIS and _EMPHASIS[tag] in self.emphasis:
            last = len(self.emphasis) - 1 - self.emphasis[::-1].index(_EMPHASIS[tag])
            del self.emphasis[last]
        if tag == "abbr" and self.open_abbr is not None:
            title, words = self.open_abbr
            if words.strip():
                self.abbreviations.append((" ".join(words.split()), title))
            self.open_abbr = None
        if tag in _HEADINGS:
            self._close_heading(tag, end)
        if tag == "table" and self.cells:
            self.cells.pop()
        # Pop to the matching open tag (tolerates unclosed inner tags).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def _close_heading(self, tag: str, end: int) -> None:
        for i in range(len(self.open_headings) - 1, -1, -1):
            if self.open_headings[i][0] != tag:
                continue
            _, start, first_block = self.open_headings.pop(i)
            if not any(b.kind == HEADING for b in self.blocks[first_block:]):
                self.blocks.append(Block(kind=HEADING, text="", starts=(), level=int(tag[1]),
                                         element_start=start, element_end=end))
            break

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
            return
        for _, element_id in self.open_ids:
            self.id_text[element_id].append(data)
        if self.svg_text_depth and self.links and data.strip():
            offset = self.base + self._offset()
            for link in self.links:  # the svg's words name the link; they are not prose
                for i, ch in enumerate(data):
                    if not ch.isspace() or (link.chars and not link.last_is_space()):
                        link.add(" " if ch.isspace() else ch, offset + i)
            return
        if self.skip_depth:
            return
        self.structure.text(data)
        if self.open_abbr is not None:
            self.open_abbr[1] += data
        offset = self.base + self._offset()
        for i, ch in enumerate(data):
            self._emit_char(ch, offset + i)

    def _entity(self, written: str) -> None:
        at = self._offset()
        # The source form html.parser consumed: '&' + name, and ';' when present. It
        # is decoded as written (html.parser would add a ';': "&amp." is "&.", not "&.;"),
        # each character mapped to the reference it comes from.
        width = len(written) + (1 if self.source.startswith(";", at + len(written)) else 0)
        mapped = _unescape_mapped(self.source[at:at + width])
        decoded = "".join(ch for ch, _, _ in mapped)
        if self.in_title:
            self.title_parts.append(decoded)
            return
        for _, element_id in self.open_ids:
            self.id_text[element_id].append(decoded)
        if self.skip_depth:
            return
        self.structure.text(decoded)
        if self.open_abbr is not None:
            self.open_abbr[1] += decoded
        for ch, offset, char_width in mapped:
            self._emit_char(ch, self.base + at + offset, char_width)

    def handle_entityref(self, name):
        self._entity(f"&{name}")

    def handle_charref(self, name):
        self._entity(f"&#{name}")

    def parse_html_declaration(self, i):
        # "<![" must open a marked section html.parser knows (<![CDATA[ ...); anything
        # else makes it raise AssertionError and lose the page. Browsers show it as text.
        section = _MARKED_SECTION.match(self.rawdata, i)
        if self.rawdata.startswith("<![", i) and (
                section is None or section.group(1).lower() not in _SECTION_KEYWORDS):
            self.handle_data("<![")
            return i + 3
        return super().parse_html_declaration(i)

    def handle_comment(self, data):
        at = self.base + self._offset()
        self.comments.append(Comment(at, at + len(data) + 7, data))


_LISTS = ("ul", "ol", "menu")
# Form controls that need a name from a label; buttons are named by their value or
# text, image inputs by their alt, hidden inputs are not shown.
_UNNAMED_INPUT_TYPES = {"hidden", "image", "button", "submit", "reset"}
_NAMING_ATTRIBUTES = ("aria-label", "title", "placeholder")


class _Structure:
    """What the element rules need, gathered while the page is parsed: each fact
    records the source offset of the element it is about."""

    def __init__(self) -> None:
        self.list_children: list[dict] = []    # a list's child that is not an item
        self.stray_items: list[int] = []       # an <li> whose parent is not a list
        self.frames: list[dict] = []
        self.controls: list[dict] = []
        self.labels: list[dict] = []
        self.open_labels: list[int] = []
        self.tables: list[dict] = []           # cells, ids and headers, per table
        self.open_tables: list[int] = []
        self.open_cells: list[dict] = []
        self.mains: list[int] = []
        self.has_body = False

    def start(self, tag: str, attrs: dict, start: int, end: int, stack: list,
              skipped: bool) -> None:
        role = attrs.get("role", "").strip().lower()
        parent, parent_attrs = stack[-1] if stack else ("", {})
        parent_role = parent_attrs.get("role", "").strip().lower()
        if skipped:
            return
        if tag == "body" or tag == "html":
            self.has_body = True
        if parent in _LISTS and parent_role in ("", "list") and tag not in ("script", "template"):
            is_item = role == "listitem" or (tag == "li" and not role)
            if not is_item:
                self.list_children.append({"list": parent_attrs.get("\0start", 0),
                                           "child": start, "tag": tag, "role": role,
                                           "list_tag": parent})
        if tag == "li" and not role:
            # (a list made presentational still holds its items: axe-core agrees)
            inside_list = (parent in _LISTS and parent_role in ("", "list", "presentation",
                                                                  "none")) or parent_role == "list"
            if not inside_list:
                self.stray_items.append(start)
        own = dict(attrs)  # (before the parser's own note below is added)
        attrs["\0start"] = start  # where a list starts, for the items it holds
        if tag in ("iframe", "frame"):
            self.frames.append({"start": start, "end": end, "attrs": own})
        if tag == "main" or role == "main":
            self.mains.append(start)
        if tag == "label":
            self.labels.append({"for": attrs.get("for", "").strip(), "text": []})
            self.open_labels.append(len(self.labels) - 1)
        if tag in ("input", "select", "textarea"):
            kind = attrs.get("type", "text").strip().lower() if tag == "input" else tag
            if kind not in _UNNAMED_INPUT_TYPES:
                self.controls.append({"start": start, "end": end, "tag": tag, "attrs": own,
                                      "labels": list(self.open_labels)})
        if tag == "table":
            self.tables.append({"start": start, "end": end, "role": role,
                                "focusable": "tabindex" in attrs, "cells": [], "rows": 0})
            self.open_tables.append(len(self.tables) - 1)
        if tag == "tr" and self.open_tables:
            self.tables[self.open_tables[-1]]["rows"] += 1
        if tag in ("td", "th") and self.open_tables:
            table = self.tables[self.open_tables[-1]]
            cell = {"start": start, "end": end, "tag": tag, "role": role,
                    # (a cell before any <tr> is in the row the browser makes for it)
                    "row": max(table["rows"] - 1, 0),
                    "colspan": _span(attrs.get("colspan"), 1),
                    "rowspan": _span(attrs.get("rowspan"), 0),
                    "labelledby": attrs.get("aria-labelledby", "").split(),
                    "id": attrs.get("id", "").strip(), "headers": attrs.get("headers", "").split(),
                    "named": any(attrs.get(a, "").strip() for a in ("aria-label", "title")),
                    "hidden": "hidden" in attrs or
                              attrs.get("aria-hidden", "").strip().lower() == "true",
                    "text": []}
            self.tables[self.open_tables[-1]]["cells"].append(cell)
            self.open_cells.append(cell)

    def end(self, tag: str) -> None:
        if tag == "label" and self.open_labels:
            self.open_labels.pop()
        if tag == "table" and self.open_tables:
            self.open_tables.pop()
        if tag in ("td", "th", "table") and self.open_cells:
            self.open_cells.pop()

    def text(self, data: str) -> None:
        if not data.strip():
            return
        for index in self.open_labels:
            self.labels[index]["text"].append(data)
        if self.open_cells:
            self.open_cells[-1]["text"].append(data)

    def facts(self) -> dict:
        def words(parts: list[str]) -> str:
            return " ".join("".join(parts).split())

        labels = [{"for": l["for"], "text": words(l["text"])} for l in self.labels]
        tables = [{**t, "cells": [{**c, "text": words(c["text"])} for c in t["cells"]]}
                  for t in self.tables]
        return {"list_children": self.list_children, "stray_items": self.stray_items,
                "frames": self.frames, "controls": self.controls, "labels": labels,
                "tables": tables, "mains": self.mains, "has_body": self.has_body}


def _span(value: str | None, least: int) -> int:
    """A colspan or rowspan as browsers read it: a number from ``least`` (rowspan="0":
    to the end of the row group) up to HTML's limits; 1 when absent or not a number."""
    match = re.match(r"\s*(\d+)", value or "")
    if not match:
        return 1
    return min(max(int(match.group(1)), least), 1000)


# ARIA attributes every element may carry: one of them (or being focusable) makes
# browsers ignore role="presentation"/"none" on an image, so it is not decoration.
_GLOBAL_ARIA = ("aria-atomic", "aria-busy", "aria-controls", "aria-current",
                "aria-describedby", "aria-details", "aria-dropeffect", "aria-flowto",
                "aria-grabbed", "aria-haspopup", "aria-keyshortcuts", "aria-live",
                "aria-owns", "aria-relevant", "aria-roledescription")


def _presentation_conflict(attrs: dict) -> bool:
    return "tabindex" in attrs or any(name in attrs for name in _GLOBAL_ARIA)


def id_texts(parser: "_PageParser") -> dict[str, str]:
    """Each id's text content, whitespace collapsed (what aria-labelledby refers to)."""
    return {key: " ".join("".join(parts).split()) for key, parts in parser.id_text.items()}


# One attribute in a start tag, as html.parser reads it: name, then an optional value
# in single or double quotes or bare.
_ATTRIBUTE = re.compile(r"""([^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?""")


def _attribute_value_span(tag_text: str, name: str) -> tuple[int, int] | None:
    """Where the last ``name=`` value sits in a start tag (the one html.parser keeps)."""
    found = None
    head = re.match(r"<[^\s/>]+", tag_text)
    for attr in _ATTRIBUTE.finditer(tag_text, head.end() if head else 0):
        if attr.group(1).lower() == name and attr.group(3) is not None:
            start, end = attr.span(3)
            if attr.group(3)[:1] in ("'", '"'):
                start, end = start + 1, end - 1
            found = (start, end)
    return found


def _unescape_mapped(raw: str) -> list[tuple[str, int, int]]:
    """An attribute value's characters as (character, offset in the value, source width)."""
    out: list[tuple[str, int, int]] = []
    p = 0
    for ref in _CHARREF.finditer(raw):
        out.extend((ch, i, 1) for i, ch in enumerate(raw[p:ref.start()], p))
        name, at = ref.group(1), ref.start()
        p = ref.end()
        if name.startswith("#"):
            out.extend((ch, at, len(ref.group())) for ch in html.unescape(ref.group()))
        elif name in html5_entities:
            out.extend((ch, at, len(ref.group())) for ch in html5_entities[name])
        else:  # as html.unescape does: the longest known prefix, then the rest as written
            for x in range(len(name) - 1, 1, -1):
                if name[:x] in html5_entities:
                    out.extend((ch, at, x + 1) for ch in html5_entities[name[:x]])
                    out.extend((ch, i, 1) for i, ch in enumerate(name[x:], at + 1 + x))
                    break
            else:
                out.extend((ch, i, 1) for i, ch in enumerate(ref.group(), at))
    out.extend((ch, i, 1) for i, ch in enumerate(raw[p:], p))
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def parse_fragment(fragment: str, base_offset: int) -> _PageParser:
    """Parse HTML (a whole page or a raw block inside Markdown) at a source offset."""
    parser = _PageParser(fragment, base_offset, _line_starts(fragment))
    parser.feed(fragment)
    parser.close()
    parser._flush(base_offset + len(fragment))
    while parser.links:  # an <a> never closed still counts as a link
        link = parser.links.pop()
        parser.blocks.append(link.build(remove_urls=False))
    return parser


def parse_html(path: str, text: str):
    parser = parse_fragment(text, 0)
    blocks = sorted(parser.blocks, key=lambda b: (b.element_start if not b.text else b.starts[0]))
    title = "".join(parser.title_parts).strip() or None
    lang = parser.html_lang
    if lang is None and path.lower().endswith(".xhtml"):
        lang = parser.html_xml_lang
    facts = {
        "has_title_element": parser.has_title,
        "has_html_element": parser.has_html_tag,
        "html_lang": lang,
        "html_xml_lang": parser.html_xml_lang,
        "tables": tuple(parser.tables),
        "br_offsets": tuple(parser.br_lines),
        "bare_urls": tuple(parser.bare_urls),
        "depth_capped": parser.depth_capped,
        "html_start": parser.html_tag_start,
        "title_start": parser.title_start,
        "abbreviations": tuple(parser.abbreviations),
        "meta": tuple(parser.metas),
        "id_text": id_texts(parser),
        "structure": parser.structure.facts(),
    }
    warnings = ("nesting deeper than %d elements: structure below that depth is flattened"
                % _MAX_DEPTH,) if parser.depth_capped else ()
    return finish_document(path=path, format="html", source=text, blocks=tuple(blocks),
                           comments=tuple(parser.comments), title=title, facts=facts,
                           warnings=warnings)


def with_head_metadata(doc, mapping: dict[str, list[str]]):
    """An HTML page's review metadata from its head: each medcheck key takes the first
    ``<meta>`` (by name or property, in the order ``mapping`` lists them) that the page
    has, and ``lang`` the ``<html lang>``; findings on a key point at its tag."""
    if doc.format != "html":
        return doc
    metas = doc.facts.get("meta") or ()
    metadata = dict(doc.metadata)
    lines = dict(doc.metadata_lines)
    by_name: dict[str, tuple[str, int]] = {}
    for name, content, offset in metas:
        by_name.setdefault(name, (content, offset))
    for key, names in mapping.items():
        for name in names:
            found = by_name.get(name.strip().lower())
            if found is not None and key not in metadata:
                metadata[key], lines[key] = found
                break
    lang = doc.facts.get("html_lang")
    if lang and "lang" not in metadata:
        metadata["lang"] = lang
        lines["lang"] = doc.facts.get("html_start") or 0
    if metadata == doc.metadata:
        return doc
    from dataclasses import replace
    return replace(doc, metadata=metadata, metadata_lines=lines)
