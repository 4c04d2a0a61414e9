"""One slice of a project's pages, for CI jobs that each check part of a site.

``--shard I/N`` keeps the pages whose report path hashes to slice I of N. The hash
is of the path alone (SHA-256, not Python's salted ``hash``), so every job of a CI
matrix agrees on the slices without talking to the others, and adding or removing a
page moves no other page to a different slice (a cache warmed by a shard stays warm).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ShardError(ValueError):
    """A --shard value that names no slice (exit 2)."""


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as CI matrices count jobs
    count: int

    @classmethod
    def parse(cls, spec: str) -> "Shard":
        match = _SPEC.match(spec or "")
        if not match:
            raise ShardError(f"--shard {spec!r}: write I/N, e.g. --shard 2/4 (slice 2 of 4)")
        index, count = int(match.group(1)), int(match.group(2))
        if count < 1 or not 1 <= index <= count:
            raise ShardError(f"--shard {spec!r}: I must be between 1 and N, and N at least 1")
        return cls(index, count)

    def holds(self, report_path: str) -> bool:
        return slice_of(report_path, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def slice_of(report_path: str, count: int) -> int:
    """The 1-based slice a page belongs to among ``count``."""
    digest = hashlib.sha256(report_path.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1
