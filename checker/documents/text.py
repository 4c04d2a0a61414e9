"""Plain text pages: paragraphs split by blank lines.

A text page has no markup, so structure is inferred the way a reader infers it:
a short single line with no closing punctuation is a heading, lines that start
with a bullet or a number are list items. Every character maps to itself.
"""

from __future__ import annotations

import re

from ..model import HEADING, LIST_ITEM, PARAGRAPH
from . import BlockBuilder, finish_document
from .frontmatter import split_front_matter

_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*•‣◦]|\d{1,3}[.)])[ \t]+")
_ENDS_SENTENCE = re.compile(r"[.!?:;,\"')\]]\s*$")


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return (0 < len(words) <= 12 and len(stripped) <= 90 and not _ENDS_SENTENCE.search(stripped)
            and stripped[0].isupper())


# A line that ends with one of these words runs on into the next line ("take it with /
# Tylenol"): a capital after it is a name, not a new sentence.
_RUNS_ON = frozenset("""a an the and or but nor of to in on at by for with from into as than
    that which who whose your our their its his her my this these those is are was were be
    been can may might must should will would do does did not no take taking use using like
    such about over under after before between without per each every any some""".split())


def line_breaks_sentence(line: str, following: str) -> bool:
    """A line with no closing punctuation followed by a line that starts with a capital
    is where one sentence (or a heading, a label) ends and the next begins: a text page
    has no markup to say so, and read as one paragraph the two lines would be one
    sentence ("Seizure medicines / Most people take ..."), which nobody wrote."""
    stripped, nxt = line.strip(), following.strip()
    if not stripped or not nxt or _ENDS_SENTENCE.search(stripped) or _LIST_MARKER.match(following):
        return False
    if not nxt[0].isupper():
        return False
    last = stripped.split()[-1].lower()
    return last not in _RUNS_ON and not last.endswith(("-", "\u2014", "\u2013"))


def parse_plain(path: str, text: str):
    metadata, metadata_lines, body_start = ({}, {}, 0)
    warnings: list[str] = []
    if text.startswith("---\n"):
        metadata, metadata_lines, body_start = split_front_matter(text, warnings)
    blocks = []
    bare_urls: list = []
    chunk: list[tuple[int, str]] = []  # (offset of line start, line)

    def flush() -> None:
        if not chunk:
            return
        lines = list(chunk)
        chunk.clear()
        start = 0
        for i in range(len(lines) - 1):
            if line_breaks_sentence(lines[i][1], lines[i + 1][1]):
                emit(lines[start:i + 1], heading_allowed=False)
                start = i + 1
        emit(lines[start:], heading_allowed=start == 0)

    def emit(chunk: list[tuple[int, str]], heading_allowed: bool) -> None:
        # A heading is a line on its own between blank lines, as before: a line split
        # off a longer chunk ends a sentence, but whether it is a title (the page's H1,
        # which names the page's subject) the text does not say.
        if heading_allowed and len(chunk) == 1 and _is_heading(chunk[0][1]) \
                and not _LIST_MARKER.match(chunk[0][1]):
            offset, line = chunk[0]
            builder = BlockBuilder(HEADING, level=1 if not blocks else 2,
                                   element_start=offset, element_end=offset + len(line))
            builder.add_run(line, offset)
            blocks.append(builder.build(bare_urls=bare_urls))
        elif all(_LIST_MARKER.match(line) for _, line in chunk):
            for offset, line in chunk:
                marker = _LIST_MARKER.match(line)
                builder = BlockBuilder(LIST_ITEM, element_start=offset,
                                       element_end=offset + len(line),
                                       attrs={"ordered": marker.group().strip()[0].isdigit()})
                builder.add_run(line[marker.end():], offset + marker.end())
                blocks.append(builder.build(bare_urls=bare_urls))
        else:
            first = chunk[0][0]
            last_offset, last_line = chunk[-1]
            builder = BlockBuilder(PARAGRAPH, element_start=first,
                                   element_end=last_offset + len(last_line))
            for i, (offset, line) in enumerate(chunk):
                if i:
                    builder.add("\n", offset - 1)
                builder.add_run(line, offset)
            blocks.append(builder.build(bare_urls=bare_urls))

    offset = body_start
    for line in text[body_start:].split("\n"):
        if line.strip():
            chunk.append((offset, line))
        else:
            flush()
        offset += len(line) + 1
    flush()
    title = metadata.get("title") if isinstance(metadata.get("title"), str) else None
    return finish_document(path=path, format="text", source=text, blocks=tuple(blocks),
                           metadata=metadata, metadata_lines=metadata_lines, title=title,
                           facts={"bare_urls": tuple(bare_urls), "body_start": body_start},
                           warnings=tuple(warnings))
