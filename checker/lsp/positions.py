"""The editor's buffer as the engine sees it, and positions between the two.

The engine reads a page's bytes the way ``checker.documents.decode`` does: no
byte-order mark, every line ending turned into ``\\n``; its findings carry offsets
into that text. An editor counts lines the same way (LSP ends a line at ``\\n``,
``\\r\\n`` or ``\\r``) but counts a line's characters in code units of the encoding
agreed at start-up: UTF-16 unless the client offers another, so an emoji or any
other character outside the Basic Multilingual Plane counts two.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from lsprotocol import types

from ..documents import decode
from ..model import Finding

UnitCounter = Callable[[str], int]


def utf16_units(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class PageText:
    """One version of a buffer: the bytes the engine checks, the text its offsets
    index, and the conversion of those offsets to LSP positions."""

    def __init__(self, buffer: str, units: UnitCounter = utf16_units):
        # A lone surrogate (possible in JSON) cannot be encoded; "?" keeps the offsets.
        self.data = buffer.encode("utf-8", errors="replace")
        self.source, _ = decode(self.data)
        # decode() drops a leading byte-order mark the editor still shows as a character.
        self._bom_units = units("\ufeff") if buffer.startswith("\ufeff") else 0
        self._units = units
        starts = [0]
        find = self.source.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.line_starts = starts

    def line_of(self, offset: int) -> int:
        """0-based line of a source offset."""
        offset = max(0, min(offset, len(self.source)))
        return bisect.bisect_right(self.line_starts, offset) - 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.source)
        return self.source[start:end]

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.source)))
        line = self.line_of(offset)
        before = self.source[self.line_starts[line]:offset]
        character = len(before) if before.isascii() else self._units(before)
        if line == 0:
            character += self._bom_units
        return types.Position(line=line, character=character)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def line_end(self, line: int) -> int:
        """Source offset of the end of a line (before its ``\\n``)."""
        return self.line_starts[line] + len(self.line_text(line))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "'\u2019-_"


def carry_over(findings: Iterable[Finding], old: str, new: str) -> list[Finding]:
    """Findings computed on text ``old`` moved onto text ``new``.

    Everything between the first and the last character that differ is the edit:
    findings before it keep their offsets, findings after it move by the change in
    length, findings it touches are dropped (their words changed; the next check
    says what they are now). A finding next to the edit is dropped too when the edit
    joins its word ("teh" typed on into "tehx")."""
    findings = list(findings)
    if old == new or not findings:
        return findings
    limit = min(len(old), len(new))
    prefix = _common_prefix(old, new, limit)
    suffix = _common_suffix(old, new, limit - prefix)
    old_end, new_end = len(old) - suffix, len(new) - suffix
    delta = len(new) - len(old)

    def joins(at: int) -> bool:  # the characters either side of ``at`` in ``new`` make one word
        return _is_word(new[at - 1:at] or " ") and _is_word(new[at:at + 1] or " ")

    moved = []
    for f in findings:
        if f.end < prefix or (f.end == prefix and f.start < f.end and not joins(prefix)):
            moved.append(f)
        elif f.start > old_end or (f.start == old_end and f.start < f.end and not joins(new_end)):
            moved.append(replace(f, start=f.start + delta, end=f.end + delta))
    return moved


def _common_prefix(a: str, b: str, limit: int) -> int:
    """Length of the common prefix, by halving (string slices compare in C)."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    la, lb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclass(frozen=True)
class Span:
    """A finding's place in the current buffer, in LSP terms."""

    range: types.Range

    def contains(self, position: types.Position) -> bool:
        start, end = self.range.start, self.range.end
        here = (position.line, position.character)
        return (start.line, start.character) <= here <= (end.line, end.character)

    def overlaps(self, other: types.Range) -> bool:
        a0 = (self.range.start.line, self.range.start.character)
        a1 = (self.range.end.line, self.range.end.character)
        b0 = (other.start.line, other.start.character)
        b1 = (other.end.line, other.end.character)
        return a0 <= b1 and b0 <= a1
