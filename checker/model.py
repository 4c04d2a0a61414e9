"""The data every part of medcheck shares: documents, blocks, rules and findings.

Positions are computed once, by the parsers, and carried as data. A block's
text is clean prose; ``Block.starts[i]`` is the offset in ``Document.source``
of the character ``Block.text[i]``. ``Document.source`` is the decoded file with
a leading byte-order mark removed and every line ending turned into ``\n``, so
an offset converts to the (line, column) a person sees in an editor.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping, Sequence

CATEGORIES = (
    "medical-accuracy",
    "medication-safety",
    "compliance",
    "accessibility",
    "readability",
    "plain-language",
    "inclusive-language",
    "grammar",
    "spelling",
    "style",
)
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}

# Block kinds: the parsers emit exactly these.
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE_CELL = "table_cell"
BLOCKQUOTE = "blockquote"
IMAGE_ALT = "image_alt"
LINK_TEXT = "link_text"
BLOCK_KINDS = (HEADING, PARAGRAPH, LIST_ITEM, TABLE_CELL, BLOCKQUOTE, IMAGE_ALT, LINK_TEXT)
# Blocks a reader reads as running text. Link text is left out because it is already
# part of its paragraph's text; alt text is a view of an image, read by the checks
# that say so (PROSE_AND_ALT_KINDS).
PROSE_KINDS = (PARAGRAPH, LIST_ITEM, HEADING, TABLE_CELL, BLOCKQUOTE)
PROSE_AND_ALT_KINDS = (*PROSE_KINDS, IMAGE_ALT)


@dataclass(frozen=True, eq=False)
class Block:
    """A run of prose with a map from each character back to the source.

    ``starts[i]`` is the source offset of ``text[i]``; ``widths`` lists the
    characters whose source form is wider than one character (an HTML entity
    such as ``&amp;`` or a Markdown escape such as ``\\*``), so a span's end is exact.
    ``attrs`` carries kind-specific facts: ``href`` for link text, ``src`` and
    ``has_alt`` for images, ``header`` for table cells, ``ordered`` for lists,
    ``container`` (the kind of the enclosing paragraph/heading/list item) for
    inline link text and alt text.
    """

    kind: str
    text: str
    starts: Sequence[int]   # an array of ints from the parsers (checker/documents)
    level: int = 0
    widths: Mapping[int, int] = field(default_factory=dict)
    attrs: Mapping[str, Any] = field(default_factory=dict)
    # Source offsets of the whole element (markup included): where element-level
    # findings (a heading, an image, a link) point when the text is empty.
    element_start: int = 0
    element_end: int = 0

    def source_start(self, i: int) -> int:
        if not self.text:
            return self.element_start
        return self.starts[min(i, len(self.text) - 1)]

    def source_end(self, j: int) -> int:
        """Source offset just after the text character ``j - 1``."""
        if not self.text or j <= 0:
            return self.element_end if not self.text else self.starts[0]
        k = min(j, len(self.text)) - 1
        return self.starts[k] + self.widths.get(k, 1)

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        return self.source_start(i), self.source_end(max(j, i + 1))


@dataclass(frozen=True, eq=False)
class Comment:
    """An HTML comment (in HTML or Markdown): where suppressions live."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, eq=False)
class Document:
    path: str
    format: str  # "markdown" | "html" | "text"
    source: str
    blocks: tuple[Block, ...]
    metadata: Mapping[str, Any] = field(default_factory=dict)
    # Source offsets where each front-matter key's line starts, for findings on metadata.
    metadata_lines: Mapping[str, int] = field(default_factory=dict)
    comments: tuple[Comment, ...] = ()
    # Page title: front matter ``title`` or HTML <title>; None when absent.
    title: str | None = None
    # Format facts that structural checks need (html lang, has <title>, raw links ...).
    facts: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    line_starts: tuple[int, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if not self.line_starts:
            starts = [0]
            find = self.source.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            object.__setattr__(self, "line_starts", tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count code points."""
        offset = max(0, min(offset, len(self.source)))
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.source.find("\n", start)
        return self.source[start:] if end == -1 else self.source[start:end]

    @cached_property
    def names(self) -> tuple[str, ...]:
        """Where the page names what it is about: its title and its first level-1 heading
        with text, those it has."""
        top = next((b.text for b in self.blocks if b.kind == HEADING and b.level == 1 and b.text), None)
        return tuple(name for name in (self.title, top) if name)


@dataclass(frozen=True)
class Examples:
    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()
    # "markdown" | "html" | "text": how the example strings are parsed.
    format: str = "markdown"
    # The folder the example pages live in, for a rule that depends on where a page is
    # published (review metadata is required in the configured content folders).
    folder: str = ""

    def path(self, suffix: str) -> str:
        return f"{self.folder}/example{suffix}" if self.folder else f"example{suffix}"


@dataclass(frozen=True)
class RuleInfo:
    """What every rule says about itself, whether it is YAML data or Python code."""

    id: str
    category: str
    severity: str
    message: str
    source: str
    suggestion: str | None = None
    rationale: str = ""
    examples: Examples = Examples()
    fixable: bool = False
    pack: str = ""  # the file that defines it (a rule pack, or a Python module)
    tags: tuple[str, ...] = ()
    default_on: bool = True  # False: runs only when enabled in configuration
    line: int = 0  # where in ``pack`` it is defined (0: unknown)
    # Rule ids (or ``family.*`` prefixes) whose findings on the same words give way to
    # this rule's: the winner lists them in ``Finding.also``.
    outranks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One problem. Checks fill rule..fix with SOURCE OFFSETS (start, end);
    the engine fills path, line/column, fingerprint and context."""

    rule: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    source: str = ""
    # Safe mechanical replacement of source[start:end] (for --fix), or None.
    fix: str | None = None
    also: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    # Filled by the engine.
    path: str = ""
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    text: str = ""  # the offending words
    sentence: str = ""  # normalised sentence around them (baseline key)
    fingerprint: str = ""
    suppressed: str | None = None  # the reason, when suppressed


def finding_for(rule: RuleInfo, start: int, end: int, *, message: str | None = None,
                suggestions: tuple[str, ...] | list[str] | None = None,
                severity: str | None = None, fix: str | None = None,
                data: Mapping[str, Any] | None = None) -> Finding:
    """Build a finding from a rule's metadata; checks call this so ids,
    categories and sources never drift from the rule's declaration."""
    if suggestions is None:
        suggestions = (rule.suggestion,) if rule.suggestion else ()
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=severity or rule.severity,
        message=message or rule.message,
        start=start,
        end=end,
        suggestions=tuple(suggestions),
        source=rule.source,
        fix=fix,
        data=dict(data or {}),
    )


def fingerprint(rule: str, path: str, sentence: str, text: str, occurrence: int) -> str:
    """Stable across line moves: rule, file, the words and their sentence."""
    key = "\x1f".join((rule, path, " ".join(sentence.lower().split()),
                       " ".join(text.lower().split()), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
