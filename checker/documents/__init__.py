"""Turn a file's bytes into a Document, whatever its format.

Every parser returns the same Document (see checker.model). This module owns the
parts they share: decoding (BOMs, UTF-16, invalid UTF-8), line-ending
normalisation (so offsets convert to the lines an editor shows), and building
blocks from (character, source offset) runs.
"""

from __future__ import annotations

import codecs
import re
from array import array
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from ..model import Block, Document


class DocumentError(Exception):
    """The file cannot be checked (binary, broken front matter...): one clear sentence."""


# Source offsets of a block's characters: pages are at most 20 MB, so 32 bits suffice.
OFFSETS = "i"

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES


def format_for(path: str) -> str | None:
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text with ``\\n`` line endings; warnings say what was repaired.

    UTF-8 (with or without BOM) and UTF-16 (with BOM) are read as such. Binary data
    (NUL bytes without a UTF-16 BOM) is refused. Invalid UTF-8 is decoded with
    replacement characters and a warning, so the rest of the page is still checked.
    """
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"invalid UTF-16 ({exc.reason} at byte {exc.start})") from None
    else:
        if b"\x00" in data[:8192]:
            raise DocumentError("binary file (contains NUL bytes), not a text page: medcheck reads "
                                "Markdown, HTML and plain text; a Word or PDF document must be "
                                "exported first (e.g. `pandoc page.docx -t gfm -o page.md`)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            warnings.append(f"invalid UTF-8 at byte {exc.start}: undecodable bytes shown as U+FFFD")
            text = data.decode("utf-8", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def parse_text(path: str, text: str, fmt: str | None = None, warnings: list[str] | None = None) -> Document:
    fmt = fmt or format_for(path) or "text"
    # Offsets index the text as decode() leaves it; markdown-it turns a lone "\r" into a
    # line break of its own, so text that did not come through decode() is normalised
    # the same way here, or its blocks' offsets would run past the end of the page.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "markdown":
        from .markdown import parse_markdown
        doc = parse_markdown(path, text)
    elif fmt == "html":
        from .html import parse_html
        doc = parse_html(path, text)
    else:
        from .text import parse_plain
        doc = parse_plain(path, text)
    if warnings:
        from dataclasses import replace
        doc = replace(doc, warnings=tuple(warnings) + doc.warnings, line_starts=doc.line_starts)
    return doc


def parse_bytes(path: str, data: bytes, fmt: str | None = None) -> Document:
    text, warnings = decode(data)
    return parse_text(path, text, fmt, warnings)


# --- building blocks ---------------------------------------------------------

URL_RE = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]\"']*[^\s<>()\[\].,;:!?\"']", re.I)


@dataclass
class BlockBuilder:
    """Collects characters with their source offsets, then emits a Block."""

    kind: str
    level: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)
    element_start: int = 0
    element_end: int = 0
    chars: list[str] = field(default_factory=list)
    # One source offset per character, as machine integers (4 bytes each; a tuple of
    # Python ints was 36 bytes a character, most of a big page's memory).
    starts: "array[int]" = field(default_factory=lambda: array(OFFSETS))
    widths: dict[int, int] = field(default_factory=dict)

    def add(self, ch: str, offset: int, width: int = 1) -> None:
        if width != 1:
            self.widths[len(self.chars)] = width
        self.chars.append(ch)
        self.starts.append(offset)

    def add_run(self, text: str, offset: int) -> None:
        """A run of characters that stand in the source exactly as in the text."""
        base = len(self.chars)
        self.chars.extend(text)
        self.starts.extend(range(offset, offset + len(text)))
        del base

    def last_is_space(self) -> bool:
        return bool(self.chars) and self.chars[-1].isspace()

    def build(self, strip: bool = True, remove_urls: bool = True,
              bare_urls: list | None = None) -> Block:
        chars, starts, widths = self.chars, self.starts, self.widths
        if remove_urls:
            chars, starts, widths = _remove_urls(chars, starts, widths, bare_urls)
        lo, hi = 0, len(chars)
        if strip:
            while lo < hi and chars[lo].isspace():
                lo += 1
            while hi > lo and chars[hi - 1].isspace():
                hi -= 1
        text = "".join(chars[lo:hi])
        kept_widths = {i - lo: w for i, w in widths.items() if lo <= i < hi}
        return Block(kind=self.kind, text=text, starts=starts[lo:hi], level=self.level,
                     widths=kept_widths, attrs=dict(self.attrs),
                     element_start=self.element_start,
                     element_end=max(self.element_end, self.element_start))


def _remove_urls(chars: list[str], starts: list[int], widths: dict[int, int],
                 bare_urls: list | None):
    """URLs are not prose: drop them from the text, remember where they were."""
    text = "".join(chars)
    if "://" not in text and "www." not in text.lower():
        return chars, starts, widths
    keep = [True] * len(chars)
    for match in URL_RE.finditer(text):
        a, b = match.span()
        for i in range(a, b):
            keep[i] = False
        if bare_urls is not None:
            end = starts[b - 1] + widths.get(b - 1, 1)
            bare_urls.append((starts[a], end, match.group()))
    new_chars, new_starts, new_widths = [], array(OFFSETS), {}
    for i, ch in enumerate(chars):
        if keep[i]:
            if i in widths:
                new_widths[len(new_chars)] = widths[i]
            new_chars.append(ch)
            new_starts.append(starts[i])
    return new_chars, new_starts, new_widths


def finish_document(**kwargs: Any) -> Document:
    return Document(**kwargs)
