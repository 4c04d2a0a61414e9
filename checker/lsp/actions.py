"""Code actions on findings: safe fixes, waivers and the project word list.

- A finding's safe fix (what ``--fix`` applies) is a preferred quick fix, offered only
  where ``--fix`` would apply it: the words are still there and are prose.
  LanguageTool's replacements are quick fixes too, not preferred (they are guesses).
- "Waive" writes a suppression comment (checker/suppressions.py) with a reason to
  fill in. Where it goes depends on the page, so each place is tried on a copy of the
  page and kept only when the copy proves it: the waiver covers this finding and the
  page's prose and front matter are unchanged. At the end of the line first (inside
  the last cell of a table row), else a line above. Plain text has no comments, and
  front matter takes none: no waiver is offered there.
- Spelling findings offer "add to the project word list" (a command: the server
  writes the configuration file, see project_words.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from lsprotocol import types

from ..documents import DocumentError, format_for, parse_text
from ..fixer import prose_offsets, span_is_prose
from ..model import Document, Finding
from ..suppressions import parse_waivers
from .positions import PageText

REASON_PLACEHOLDER = "TODO: say why this is acceptable"
ADD_WORD_COMMAND = "medcheck.addWord"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.medcheck"


@dataclass
class PageView:
    """A published version of a page: what code actions are computed against."""

    uri: str
    version: int | None
    page: PageText
    path: str             # the report path (format, overrides)
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    _doc: Document | None = None

    @property
    def doc(self) -> Document | None:
        if self._doc is None:
            try:
                self._doc = parse_text(self.path, self.page.source, format_for(self.path))
            except (DocumentError, RecursionError):
                return None
        return self._doc


def _edit(view: PageView, edits: list[types.TextEdit], versioned: bool) -> types.WorkspaceEdit:
    if versioned:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=view.uri,
                                                                        version=view.version),
            edits=edits)])
    return types.WorkspaceEdit(changes={view.uri: edits})


def _still_there(view: PageView, finding: Finding) -> bool:
    source = view.page.source
    return 0 <= finding.start <= finding.end <= len(source) and (
        not finding.text or source[finding.start:finding.end].startswith(finding.text[:200]))


def replacements(view: PageView, finding: Finding) -> list[tuple[str, bool]]:
    """(replacement text, preferred) for a finding, safe ones only."""
    doc = view.doc
    if doc is None or finding.suppressed is not None or not _still_there(view, finding):
        return []
    covered = prose_offsets(doc)
    if not span_is_prose(view.page.source, finding.start, finding.end, covered):
        return []
    if finding.fix is not None:
        return [(finding.fix, True)]
    if finding.rule.startswith("lt."):
        return [(s, False) for s in finding.suggestions[:3]
                if s and s != view.page.source[finding.start:finding.end]]
    return []


def waiver_edit(view: PageView, finding: Finding) -> tuple[int, str] | None:
    """(offset, text to insert) that waives this finding, proven on a copy; or None."""
    doc = view.doc
    if doc is None or doc.format not in ("markdown", "html"):
        return None
    source = view.page.source
    line = view.page.line_of(finding.start)
    text = view.page.line_text(line)
    line_end = view.page.line_end(line)
    same_line = f"<!-- medcheck-disable-line {finding.rule}: {REASON_PLACEHOLDER} -->"
    candidates = [(line_end, (" " if text and not text.endswith(" ") else "") + same_line, line)]
    stripped = text.rstrip()
    if doc.format == "markdown" and stripped.endswith("|") and len(stripped) > 1:
        candidates.append((view.page.line_starts[line] + len(stripped) - 1, same_line + " ", line))
    indent = text[:len(text) - len(text.lstrip())]
    above = f"{indent}<!-- medcheck-disable-next-line {finding.rule}: {REASON_PLACEHOLDER} -->\n"
    candidates.append((view.page.line_starts[line], above, line + 1))
    before = _prose(doc)
    for offset, insert, new_line in candidates:
        edited = source[:offset] + insert + source[offset:]
        try:
            copy = parse_text(view.path, edited, doc.format)
        except (DocumentError, RecursionError):
            continue
        if _prose(copy) != before:
            continue
        moved = replace(finding, line=new_line + 1)
        waivers, _ = parse_waivers(copy)
        if any(w.covers(moved) for w in waivers):
            return offset, insert
    return None


def _prose(doc: Document) -> tuple:
    """What a waiver must leave as it was: every block's words (spacing aside: the
    comment's own space is not prose) and the front matter."""
    return (tuple((b.kind, " ".join(b.text.split())) for b in doc.blocks),
            repr(sorted(doc.metadata.items(), key=str)))


def spelling_word(view: PageView, finding: Finding) -> str | None:
    if finding.category != "spelling" or not _still_there(view, finding):
        return None
    word = view.page.source[finding.start:finding.end].strip()
    return word if word and len(word) <= 100 and "\n" not in word else None


def actions_for(view: PageView, findings: Iterable[tuple[Finding, types.Diagnostic]],
                versioned: bool) -> list[types.CodeAction]:
    out: list[types.CodeAction] = []
    for finding, diagnostic in findings:
        where = diagnostic.range
        for text, preferred in replacements(view, finding):
            shown = text if len(text) <= 60 else text[:57] + "..."
            title = (f"Fix: replace with '{shown}'" if preferred
                     else f"Replace with '{shown}' (LanguageTool)")
            out.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                is_preferred=preferred or None,
                edit=_edit(view, [types.TextEdit(range=where, new_text=text)], versioned)))
        word = spelling_word(view, finding)
        if word is not None:
            out.append(types.CodeAction(
                title=f"Add '{word}' to the project word list", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                command=types.Command(title=f"Add '{word}' to the project word list",
                                      command=ADD_WORD_COMMAND,
                                      arguments=[{"uri": view.uri, "word": word}])))
        waiver = waiver_edit(view, finding)
        if waiver is not None:
            offset, insert = waiver
            at = view.page.position(offset)
            out.append(types.CodeAction(
                title=f"Waive {finding.rule} here (write the reason in the comment)",
                kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=_edit(view, [types.TextEdit(range=types.Range(at, at), new_text=insert)],
                           versioned)))
    return out


def fix_all(view: PageView, versioned: bool) -> types.CodeAction | None:
    """Every safe fix on the page at once (no two that overlap), as --fix would."""
    chosen: list[tuple[Finding, str]] = []
    last_end = -1
    for finding in sorted(view.findings, key=lambda f: (f.start, f.end)):
        safe = [text for text, preferred in replacements(view, finding) if preferred]
        if not safe or finding.start < last_end:
            continue
        if chosen and (chosen[-1][0].start, chosen[-1][0].end) == (finding.start, finding.end):
            continue
        chosen.append((finding, safe[0]))
        last_end = finding.end
    if not chosen:
        return None
    edits = [types.TextEdit(range=view.page.range(f.start, f.end), new_text=text) for f, text in chosen]
    return types.CodeAction(title=f"Apply medcheck's safe fixes ({len(edits)})", kind=FIX_ALL_KIND,
                            edit=_edit(view, edits, versioned))
