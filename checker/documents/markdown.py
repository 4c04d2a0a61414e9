"""Markdown pages: CommonMark (plus tables) via markdown-it-py.

markdown-it gives each block its source lines but no columns, and its inline
tokens carry decoded text (escapes and entities resolved, container markers
removed). We recover exact offsets by aligning each inline text token with the
block's source lines, left to right: markup between tokens is skipped, an escape
(``\\*``) or an entity (``&amp;``) is one text character with a wider source form.
Link destinations, code spans and raw HTML are stepped over explicitly so their
characters can never be mistaken for prose.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from markdown_it import MarkdownIt

from ..model import (BLOCKQUOTE, HEADING, IMAGE_ALT, LINK_TEXT, LIST_ITEM, PARAGRAPH,
                     TABLE_CELL, Comment)
from . import BlockBuilder, finish_document
from .frontmatter import split_front_matter
from .html import id_texts, parse_fragment

_ENTITY_AT = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_HEADING_PREFIX = re.compile(r"[ \t]*#{1,6}(?:[ \t]+|$)")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)

_md = None
# markdown-it stops at this depth of nested blocks and, inside a list, silently drops
# the REST OF THE PAGE. Past it, the lines no block covers are salvaged as plain
# paragraphs (see _salvage_lost_lines). The limit stays the commonmark preset's 20:
# inline link parsing costs O(length x limit), so a higher one makes a line of
# 20,000 '![' five times slower.
_MAX_NESTING = 20


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        _md = MarkdownIt("commonmark", {"html": True, "maxNesting": _MAX_NESTING}).enable("table")
    return _md


class _Aligner:
    """Walks a block's source region, mapping decoded characters to offsets."""

    def __init__(self, source: str, start: int, end: int):
        self.source = source
        self.pos = start
        self.end = end

    def skip_to(self, offset: int) -> None:
        self.pos = max(self.pos, min(offset, self.end))

    def skip_prefix(self, pattern: re.Pattern) -> None:
        match = pattern.match(self.source, self.pos, self.end)
        if match:
            self.pos = match.end()

    def align(self, text: str, builder: BlockBuilder | None, extra: list[BlockBuilder] = ()) -> None:
        src, end = self.source, self.end
        # Fast path: most text tokens stand in the source exactly as written, after some
        # markup. When the text starts with a letter or digit and only non-alphanumeric
        # characters come before its first occurrence, the character-by-character walk
        # below would map it to that same occurrence, so map the whole run at once.
        if text and text[0].isalnum():
            at = src.find(text, self.pos, end)
            if at != -1 and not any(c.isalnum() for c in src[self.pos:at]):
                for target in (builder, *extra):
                    if target is not None:
                        target.add_run(text, at)
                self.pos = at + len(text)
                return
        for ch in text:
            found = None
            p = self.pos
            while p < end:
                s = src[p]
                if s == ch:
                    found = (p, 1)
                    break
                if s == "\\" and p + 1 < end and src[p + 1] == ch and ch in _ASCII_PUNCT:
                    found = (p, 2)
                    break
                if s == "&":
                    match = _ENTITY_AT.match(src, p, end)
                    if match and html.unescape(match.group()) == ch:
                        found = (p, len(match.group()))
                        break
                if ch == " " and s == "\t":
                    found = (p, 1)
                    break
                p += 1
            if found is None:  # should not happen; keep the text, point at the cursor
                found = (min(self.pos, max(end - 1, 0)), 1)
            else:
                self.pos = found[0] + found[1]
            for target in (builder, *extra):
                if target is not None:
                    target.add(ch, found[0], found[1])

    def step_over(self, literal: str) -> int:
        """Move past the next occurrence of ``literal``; returns where it started."""
        at = self.source.find(literal, self.pos, self.end)
        if at == -1:
            return self.pos
        self.pos = at + len(literal)
        return at

    def step_over_destination(self) -> None:
        """After a link's text: skip ``](dest "title")`` or ``][ref]`` or ``]``."""
        src = self.source
        at = src.find("]", self.pos, self.end)
        if at == -1:
            return
        p = at + 1
        if p < self.end and src[p] == "(":
            depth, p = 1, p + 1
            while p < self.end and depth:
                if src[p] == "\\":
                    p += 2
                    continue
                if src[p] == "(":
                    depth += 1
                elif src[p] == ")":
                    depth -= 1
                p += 1
        elif p < self.end and src[p] == "[":
            close = src.find("]", p, self.end)
            p = close + 1 if close != -1 else p
        self.pos = min(p, self.end)


def parse_markdown(path: str, text: str):
    front_matter_warnings: list[str] = []
    metadata, metadata_lines, body_start = split_front_matter(text, front_matter_warnings)
    # Blank out the front matter but keep its lines, so markdown-it's line numbers
    # stay the file's line numbers.
    body = "\n" * text.count("\n", 0, body_start) + text[body_start:]
    line_starts = [0]
    i = text.find("\n")
    while i != -1:
        line_starts.append(i + 1)
        i = text.find("\n", i + 1)

    def line_offset(line: int) -> int:
        return line_starts[line] if line < len(line_starts) else len(text)

    tokens = _parser().parse(body)
    blocks = []
    comments: list[Comment] = []
    bare_urls: list = []
    links_info: list[dict] = []
    raw_html_facts: list[dict] = []
    id_text: dict[str, str] = {}
    # Source ranges of raw inline <code>, <pre>, <kbd>, <samp> in Markdown paragraphs:
    # what they hold is shown as code (an address there is not a bare URL).
    raw_code: list[tuple[int, int]] = []
    tables: list[dict] = []
    stack: list[tuple[str, dict]] = []
    cell_at = {"table": 0, "row": -1, "column": -1}
    last_region: tuple[int, int] | None = None
    aligner: _Aligner | None = None

    for idx, token in enumerate(tokens):
        if token.nesting == 1:
            stack.append((token.type, {"tag": token.tag, "markup": token.markup,
                                       "info": token.info, "map": token.map}))
        elif token.nesting == -1:
            if stack:
                stack.pop()
            continue
        # Tables: whether the header row names anything (a GFM table always has a
        # header row, but its cells may all be empty).
        if token.type == "table_open" and token.map:
            tables.append({"start": line_offset(token.map[0]), "has_th": False, "rows": 0})
            cell_at = {"table": line_offset(token.map[0]), "row": -1, "column": -1}
        elif token.type == "tr_open" and tables:
            tables[-1]["rows"] += 1
            cell_at["row"] += 1
            cell_at["column"] = -1
        elif token.type in ("th_open", "td_open") and tables:
            cell_at["column"] += 1
        if token.type == "html_block" and token.map:
            start = line_offset(token.map[0])
            fragment = text[start:line_offset(token.map[1])]
            parsed = parse_fragment(fragment, start)
            blocks.extend(parsed.blocks)
            comments.extend(parsed.comments)
            bare_urls.extend(parsed.bare_urls)
            for key, words in id_texts(parsed).items():
                id_text.setdefault(key, words)
            raw_html_facts.append({"start": start, "tables": parsed.tables,
                                   "br_offsets": parsed.br_lines,
                                   "abbreviations": tuple(parsed.abbreviations)})
            if stack and stack[-1][0] == "html_block":
                stack.pop()
            continue
        if token.type != "inline" or not token.map:
            if token.nesting == 0 and stack and stack[-1][0] == token.type:
                stack.pop()
            continue

        kind, level, attrs = _kind_from_stack(stack)
        if kind == TABLE_CELL and tables:
            # Where the cell sits: its table (by the table's source offset), row and column.
            attrs = {**attrs, **cell_at}
        if kind == TABLE_CELL and attrs.get("header") and tables and token.content.strip():
            tables[-1]["has_th"] = True
        region = (line_offset(token.map[0]), line_offset(token.map[1]))
        if aligner is None or region != last_region:
            aligner = _Aligner(text, region[0], region[1])
            last_region = region
            if kind == HEADING:
                aligner.skip_prefix(_HEADING_PREFIX)
            elif kind == LIST_ITEM and _first_inline_of_item(tokens, idx):
                _skip_list_marker(aligner)
        element_start = aligner.pos
        builder = BlockBuilder(kind, level=level, attrs=attrs, element_start=element_start,
                               element_end=region[1])
        open_links: list[BlockBuilder] = []
        open_code: dict[str, int] = {}
        # Is the block nothing but emphasis ("**Side effects**" used as a heading)?
        emphasis = _EmphasisTracker()
        open_abbr: dict | None = None
        for child in token.children or ():
            ctype = child.type
            emphasis.see(child)
            if ctype == "text":
                aligner.align(child.content, builder, open_links)
            elif ctype in ("softbreak", "hardbreak"):
                nl = text.find("\n", aligner.pos, region[1])
                at = nl if nl != -1 else aligner.pos
                builder.add("\n", at)
                for link in open_links:
                    link.add(" ", at)
                if nl != -1:
                    aligner.pos = nl + 1
            elif ctype == "code_inline":
                aligner.step_over(child.markup)
                aligner.step_over(child.markup)
            elif ctype == "html_inline":
                at = aligner.step_over(child.content)
                for match in _COMMENT.finditer(child.content):
                    comments.append(Comment(at + match.start(), at + match.end(), match.group(1)))
                if child.content.lower().startswith("<br"):
                    builder.add("\n", at, len(child.content))
                _inline_html_fact(child.content, at, raw_html_facts)
                # Raw <img>, <a> and <abbr> inside a Markdown paragraph give the same
                # blocks and facts as in an HTML page.
                tag = _TAG_RE.match(child.content)
                name = tag.group(2).lower() if tag else ""
                closing = bool(tag and tag.group(1))
                if name in _RAW_CODE:
                    if not closing:
                        open_code.setdefault(name, at)
                    elif name in open_code:
                        raw_code.append((open_code.pop(name), at + len(child.content)))
                if name == "img" and not closing:
                    for img in parse_fragment(child.content, at).blocks:
                        if img.kind == IMAGE_ALT:
                            blocks.append(replace(img, attrs={**img.attrs, "container": kind,
                                                              "in_link": bool(open_links)}))
                            for link in open_links:
                                link.attrs["has_image"] = True
                                link.attrs.setdefault("image_alt", img.text)
                elif name == "a" and not closing:
                    opened = [b for b in parse_fragment(child.content, at).blocks
                              if b.kind == LINK_TEXT]
                    if opened and opened[0].attrs.get("href") is not None:
                        open_links.append(BlockBuilder(
                            LINK_TEXT, element_start=at,
                            attrs={**opened[0].attrs, "container": kind}))
                elif name == "a" and closing:
                    raw = [i for i, b in enumerate(open_links) if b.attrs.get("html")]
                    if raw:
                        link = open_links.pop(raw[-1])
                        link.element_end = at + len(child.content)
                        blocks.append(link.build(remove_urls=False))
                        links_info.append({"start": link.element_start,
                                           "end": link.element_end,
                                           "href": link.attrs.get("href")})
                elif name == "abbr" and not closing:
                    title = re.search(r"\btitle\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
                                      child.content, re.I)
                    if title:
                        open_abbr = {"title": html.unescape(next(g for g in title.groups()
                                                                 if g is not None)),
                                     "from": len(builder.chars), "start": at}
                elif name == "abbr" and closing and open_abbr is not None:
                    words = "".join(builder.chars[open_abbr["from"]:]).strip()
                    raw_html_facts.append({"start": open_abbr["start"],
                                           "abbreviations": ((words, open_abbr["title"]),)})
                    open_abbr = None
            elif ctype == "link_open":
                href = child.attrGet("href")
                link_at = aligner.pos
                if child.markup == "autolink":
                    # <https://...>: the URL is the text; not prose.
                    close = text.find(">", aligner.pos, region[1])
                    link = BlockBuilder(LINK_TEXT, element_start=link_at,
                                        attrs={"href": href, "container": kind,
                                               "autolink": True})
                    open_links.append(link)
                    continue
                bracket = text.find("[", aligner.pos, region[1])
                if bracket != -1:
                    aligner.pos = bracket + 1
                    link_at = bracket
                open_links.append(BlockBuilder(LINK_TEXT, element_start=link_at,
                                               attrs={"href": href, "container": kind}))
            elif ctype == "link_close":
                markdown_links = [i for i, b in enumerate(open_links) if not b.attrs.get("html")]
                if not markdown_links:
                    continue
                link = open_links.pop(markdown_links[-1])
                if link.attrs.get("autolink"):
                    close = text.find(">", aligner.pos, region[1])
                    aligner.pos = close + 1 if close != -1 else aligner.pos
                    link.element_end = aligner.pos
                    link.add_run(text[link.element_start + 1:aligner.pos - 1],
                                 link.element_start + 1)
                    blocks.append(link.build(remove_urls=False))
                    continue
                aligner.step_over_destination()
                link.element_end = aligner.pos
                blocks.append(link.build(remove_urls=False))
                links_info.append({"start": link.element_start, "end": aligner.pos,
                                   "href": link.attrs.get("href")})
            elif ctype == "image":
                bang = text.find("![", aligner.pos, region[1])
                img_start = bang if bang != -1 else aligner.pos
                aligner.pos = (bang + 2) if bang != -1 else aligner.pos
                alt = BlockBuilder(IMAGE_ALT, element_start=img_start,
                                   attrs={"src": child.attrGet("src") or "",
                                          "has_alt": bool(child.content), "container": kind,
                                          "in_link": bool(open_links)})
                aligner.align(child.content, alt)
                aligner.step_over_destination()
                alt.element_end = aligner.pos
                blocks.append(alt.build(strip=False, remove_urls=False))
                for link in open_links:
                    link.attrs["has_image"] = True
                    link.attrs["image_alt"] = child.content
        while open_links:
            link = open_links.pop()
            blocks.append(link.build(remove_urls=False))
        if emphasis.only():
            builder.attrs["emphasis_only"] = emphasis.kind
        block = builder.build(bare_urls=bare_urls)
        if block.text or kind == HEADING:
            if kind == HEADING:
                # Element spans the whole heading line(s) for structural findings.
                block = _with_element(block, region[0], region[1] - 1 if region[1] > region[0] else region[1])
            blocks.append(block)

    warnings: tuple[str, ...] = ()
    if tokens and max(t.level for t in tokens) >= _MAX_NESTING - 1:
        salvaged = _salvage_lost_lines(text, body, tokens, line_starts, bare_urls)
        if salvaged:
            blocks.extend(salvaged)
            warnings = (f"blocks nested deeper than {_MAX_NESTING} levels: the text below "
                        "that depth is read as plain paragraphs",)
    warnings = tuple(front_matter_warnings) + warnings
    blocks.sort(key=lambda b: b.starts[0] if b.text else b.element_start)
    # HTML comments at block level (suppressions) come through html_block above.
    title = metadata.get("title") if isinstance(metadata.get("title"), str) else None
    facts = {
        "bare_urls": tuple(bare_urls),
        "links": tuple(links_info),
        "raw_html": tuple(raw_html_facts),
        "tables": tuple(tables),
        "body_start": body_start,
        "has_front_matter": body_start > 0,
        "id_text": id_text,
        "raw_code": tuple(raw_code),
    }
    return finish_document(path=path, format="markdown", source=text, blocks=tuple(blocks),
                           metadata=metadata, metadata_lines=metadata_lines,
                           comments=tuple(sorted(comments, key=lambda c: c.start)),
                           title=title, facts=facts, line_starts=tuple(line_starts),
                           warnings=warnings)


# Container markers in front of a line's words: quote marks and list bullets/numbers.
_CONTAINER_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*")


def _salvage_lost_lines(text: str, body: str, tokens, line_starts: list[int],
                        bare_urls: list) -> list:
    """Lines with words that no block covers (markdown-it gave up on them): plain paragraphs."""
    covered: set[int] = set()
    for token in tokens:
        if token.map and (token.nesting == 0 or token.type == "table_open"):
            covered.update(range(token.map[0], token.map[1]))
    lines = body.split("\n")
    found = []
    builder: BlockBuilder | None = None
    for number, line in enumerate(lines):
        skip = _CONTAINER_MARKERS.match(line).end()
        if number in covered or not line[skip:].strip():
            if builder is not None:
                found.append(builder.build(bare_urls=bare_urls))
                builder = None
            continue
        offset = line_starts[number]
        if builder is None:
            builder = BlockBuilder(PARAGRAPH, element_start=offset)
        else:
            builder.add("\n", offset - 1)
        builder.add_run(line[skip:], offset + skip)
        builder.element_end = offset + len(line)
    if builder is not None:
        found.append(builder.build(bare_urls=bare_urls))
    return [b for b in found if b.text]


def _with_element(block, start: int, end: int):
    return replace(block, element_start=start, element_end=max(start, end))


class _EmphasisTracker:
    """Watches an inline token's children: is every word inside ** or *?"""

    def __init__(self) -> None:
        self.depth = 0
        self.kind = ""
        self.inside = False
        self.outside = False

    def see(self, child) -> None:
        ctype = child.type
        if ctype in ("strong_open", "em_open"):
            if self.depth == 0 and not self.kind:
                self.kind = "strong" if ctype == "strong_open" else "em"
            self.depth += 1
        elif ctype in ("strong_close", "em_close"):
            self.depth = max(0, self.depth - 1)
        elif ctype == "text":
            if child.content.strip():
                if self.depth:
                    self.inside = True
                else:
                    self.outside = True
        elif ctype == "html_inline" and not self.depth and _COMMENT.fullmatch(child.content):
            pass  # a comment beside the emphasis is not shown
        else:  # a link, image, code, raw HTML or line break is more than emphasis
            self.outside = True

    def only(self) -> bool:
        return self.inside and not self.outside


def _kind_from_stack(stack):
    for ttype, info in reversed(stack):
        if ttype == "heading_open":
            return HEADING, int(info["tag"][1]), {}
        if ttype in ("th_open", "td_open"):
            return TABLE_CELL, 0, {"header": ttype == "th_open"}
        if ttype == "list_item_open":
            ordered = any(t == "ordered_list_open" for t, _ in stack)
            return LIST_ITEM, 0, {"ordered": ordered}
        if ttype == "blockquote_open":
            return BLOCKQUOTE, 0, {}
    return PARAGRAPH, 0, {}


def _first_inline_of_item(tokens, idx: int) -> bool:
    """Is this inline the first one after its list_item_open (so its line has the marker)?"""
    j = idx - 1
    while j >= 0:
        t = tokens[j].type
        if t == "list_item_open":
            return True
        if t in ("paragraph_open",):
            j -= 1
            continue
        return False
    return False


_LIST_MARKER = re.compile(r"[ \t>]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")


def _skip_list_marker(aligner: _Aligner) -> None:
    aligner.skip_prefix(_LIST_MARKER)


_TAG_RE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_RAW_CODE = ("code", "pre", "kbd", "samp")


def _inline_html_fact(content: str, at: int, facts: list) -> None:
    """Remember inline raw HTML tags (img, a, br) for the accessibility checks."""
    match = _TAG_RE.match(content)
    if match and match.group(2).lower() in ("img", "a", "br", "table", "th", "td"):
        facts.append({"start": at, "inline": content})
