"""What the accessibility rules share: their rule maker and a view of the page.

``PageView`` is built once per document and gives every rule the same answers to
"which blocks are headings, links, images, prose", "which source ranges are
links" and "what does this link say to a screen reader", so two rules never
disagree about the page they judge.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from ...context import Context, PageAnalysis
from ...model import HEADING, IMAGE_ALT, LINK_TEXT, PROSE_KINDS, Block, Document
from ...rules import rule_maker

CATEGORY = "accessibility"
STRUCTURED_FORMATS = ("markdown", "html")

rule = rule_maker(CATEGORY)


_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Lower-case with runs of whitespace as one space: how two texts are compared."""
    return _SPACE.sub(" ", text).strip().lower()


@dataclass(frozen=True, eq=False)
class Link:
    block: Block
    href: str
    name: str          # what a screen reader announces for the link
    named_by: str      # "text", "image", "aria-label", "title", "aria-labelledby" or ""

    @property
    def start(self) -> int:
        return self.block.element_start

    @property
    def end(self) -> int:
        return self.block.element_end

    def text_span(self) -> tuple[int, int]:
        """The link's words in the source, or the whole element when it has none."""
        return text_span(self.block)


@dataclass(frozen=True, eq=False)
class PageView:
    doc: Document
    structured: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "structured", self.doc.format in STRUCTURED_FORMATS)

    @cached_property
    def headings(self) -> list[Block]:
        return sorted((b for b in self.doc.blocks if b.kind == HEADING),
                      key=lambda b: b.element_start)

    @cached_property
    def images(self) -> list[Block]:
        return [b for b in self.doc.blocks if b.kind == IMAGE_ALT]

    @cached_property
    def prose(self) -> list[Block]:
        """Blocks a reader reads as running text, in document order."""
        blocks = [b for b in self.doc.blocks if b.kind in PROSE_KINDS and b.text]
        return sorted(blocks, key=lambda b: b.starts[0])

    @cached_property
    def links(self) -> list[Link]:
        """Real links (an ``<a>`` without href is an anchor, not a link), in order."""
        out = []
        for block in self.doc.blocks:
            if block.kind != LINK_TEXT or block.attrs.get("href") is None:
                continue
            out.append(_link(block, self.labelled_by(block)))
        return sorted(out, key=lambda link: link.start)

    @cached_property
    def _link_ranges(self) -> tuple[list[int], list[tuple[int, int, Link]]]:
        ranges = sorted(((l.start, l.end, l) for l in self.links), key=lambda r: r[0])
        return [r[0] for r in ranges], ranges

    def link_at(self, start: int, end: int) -> Link | None:
        """The link whose element holds the source range [start, end), if any."""
        starts, ranges = self._link_ranges
        # Links do not nest: only the last one that starts before ``start`` can hold it.
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and ranges[i][0] <= start and end <= ranges[i][1]:
            return ranges[i][2]
        return None

    def labelled_by(self, block: Block) -> str | None:
        """The words an element's aria-labelledby points to, or None without the
        attribute. Ids that name no element, or empty ones, give "" (the browser then
        falls back to the element's other names)."""
        refs = str(block.attrs.get("aria_labelledby") or "").split()
        if not refs:
            return None
        texts = self.doc.facts.get("id_text") or {}
        return " ".join(t for t in (texts.get(ref, "") for ref in refs) if t)

    def images_within(self, start: int, end: int) -> list[Block]:
        return [b for b in self.images if start <= b.element_start and b.element_end <= end]


def _link(block: Block, labelled_by: str | None) -> Link:
    attrs = block.attrs
    href = str(attrs.get("href") or "")
    text = " ".join(block.text.split())
    if labelled_by:
        return Link(block, href, labelled_by, "aria-labelledby")
    label = " ".join(str(attrs.get("aria_label") or "").split())
    if label:
        return Link(block, href, label, "aria-label")
    if text:
        return Link(block, href, text, "text")
    alt = " ".join(str(attrs.get("image_alt") or "").split())
    if alt:
        return Link(block, href, alt, "image")
    title = " ".join(str(attrs.get("title") or "").split())
    if title:
        return Link(block, href, title, "title")
    return Link(block, href, "", "")


def text_span(block: Block) -> tuple[int, int]:
    """A block's words in the source (surrounding spaces left out), or its element."""
    text = block.text
    if text.strip():
        lo = len(text) - len(text.lstrip())
        return block.source_span(lo, len(text.rstrip()))
    return block.element_start, max(block.element_end, block.element_start)


def line_end(source: str, offset: int) -> int:
    end = source.find("\n", offset)
    return len(source) if end == -1 else end


# One view per page, shared by every accessibility check.
PAGE_VIEW: PageAnalysis[PageView] = PageAnalysis("accessibility.page-view",
                                                 lambda doc, ctx: PageView(doc))


def view(doc: Document, ctx: Context) -> PageView:
    return ctx.analysis(PAGE_VIEW, doc)
