"""``medcheck check --fix`` and ``--diff``: apply the safe mechanical fixes findings carry.

A fix is applied only when every one of these holds; otherwise the finding stays
reported and the reason is said:

- the finding has ``fix`` set and is not suppressed;
- the file still holds, at the finding's offsets, the words that were flagged
  (nothing changed it since the check);
- every character the fix replaces is prose: part of a block's text (or whitespace
  between such characters), never code, a URL, markup or front matter;
- it does not overlap another fix (two fixes for the same words must agree);
- the file's real location (symbolic links followed) is inside one of the folders the
  user named, so a link can never lead a write outside them;
- the file decoded cleanly (a page with undecodable bytes would be damaged by a rewrite).

Offsets in findings refer to ``Document.source``, which has no BOM and ``\\n`` line
endings; the edit is mapped back onto the file's own text, so its BOM, encoding and
line endings (even mixed ones) are kept byte for byte outside the replaced words.
Files are written atomically (temporary file, then rename) with their permissions kept.
"""

from __future__ import annotations

import codecs
import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import DocumentError, decode, format_for, parse_text
from .model import Document, Finding


@dataclass(frozen=True)
class Encoding:
    codec: str  # "utf-8", "utf-16-le", "utf-16-be"
    bom: bytes


@dataclass
class FilePlan:
    path: str          # as reported
    target: Path       # the real file that will be written
    original: bytes
    fixed: bytes
    applied: list[Finding] = field(default_factory=list)
    edits: int = 0  # distinct replacements (several rules may flag the same words)


@dataclass
class Plan:
    files: list[FilePlan] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # whole files not touched

    @property
    def changed(self) -> list[FilePlan]:
        return [fp for fp in self.files if fp.fixed != fp.original]

    @property
    def applied(self) -> int:
        return sum(len(fp.applied) for fp in self.changed)

    @property
    def edits(self) -> int:
        return sum(fp.edits for fp in self.changed)


# --- reading a file the way the engine did, but keeping its bytes' form ------------------


def sniff(data: bytes) -> tuple[Encoding, str]:
    """The file's encoding and its text with line endings as they are."""
    if data.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8", codecs.BOM_UTF8), data[3:].decode("utf-8")
    if data.startswith(codecs.BOM_UTF16_LE):
        return Encoding("utf-16-le", codecs.BOM_UTF16_LE), data[2:].decode("utf-16-le")
    if data.startswith(codecs.BOM_UTF16_BE):
        return Encoding("utf-16-be", codecs.BOM_UTF16_BE), data[2:].decode("utf-16-be")
    return Encoding("utf-8", b""), data.decode("utf-8")


def offset_map(raw: str) -> list[int]:
    """For each offset in the normalised text (``\\r\\n`` and ``\\r`` -> ``\\n``), the
    offset in the raw text; one more entry for the end."""
    out: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        out.append(i)
        i += 2 if raw[i] == "\r" and i + 1 < n and raw[i + 1] == "\n" else 1
    out.append(n)
    return out


def dominant_newline(raw: str) -> str:
    crlf = raw.count("\r\n")
    lf = raw.count("\n") - crlf
    cr = raw.count("\r") - crlf
    return "\r\n" if crlf > max(lf, cr) else ("\r" if cr > lf else "\n")


def prose_offsets(doc: Document) -> set[int]:
    """Source offsets that belong to prose (every character of every block's text)."""
    covered: set[int] = set()
    for block in doc.blocks:
        for i, start in enumerate(block.starts):
            width = block.widths.get(i, 1)
            covered.update(range(start, start + width))
    return covered


def span_is_prose(source: str, start: int, end: int, covered: set[int]) -> bool:
    """True when a fix of source[start:end] would change prose only (``covered`` is
    ``prose_offsets(doc)``): what --fix and the editor's quick fixes both require."""
    if end <= start:
        return start in covered or (start - 1) in covered
    if start not in covered or (end - 1) not in covered:
        return False
    return all(o in covered or source[o].isspace() for o in range(start, end))


# --- where writing is allowed -------------------------------------------------------------


def allowed_roots(paths: list[str], cwd: Path) -> list[Path]:
    """The real folders writes may land in: each named folder, or a named file's folder."""
    roots = []
    for raw in paths:
        given = Path(raw) if Path(raw).is_absolute() else cwd / raw
        if given.is_dir():
            roots.append(given.resolve())
        else:
            roots.append(Path(os.path.abspath(given)).parent.resolve())
    return roots


def _inside(target: Path, roots: list[Path]) -> bool:
    return any(target == root or target.is_relative_to(root) for root in roots)


# --- planning --------------------------------------------------------------------------------


def plan_file(path: str, location: Path, findings: list[Finding], roots: list[Path],
              plan: Plan) -> None:
    fixable = [f for f in findings if f.fix is not None and f.suppressed is None]
    if not fixable:
        return
    try:
        target = location.resolve(strict=True)
    except (OSError, RuntimeError):
        plan.refused.append((path, "cannot resolve the file's real location"))
        return
    if any(fp.target == target for fp in plan.files):
        return  # a link to a file already planned under its own name: fix it once
    if not _inside(target, roots):
        plan.refused.append((path, f"its real location {target} is outside the paths given "
                                   "(a symbolic link leads there); not written"))
        return
    if not target.is_file():
        plan.refused.append((path, "not a regular file"))
        return
    try:
        data = target.read_bytes()
        text, warnings = decode(data)
        if warnings:
            plan.refused.append((path, "has undecodable bytes; fix the encoding first"))
            return
        encoding, raw = sniff(data)
        doc = parse_text(path, text, format_for(path))
    except (OSError, UnicodeDecodeError, DocumentError) as exc:
        plan.refused.append((path, f"cannot be read back safely: {exc}"))
        return
    covered = prose_offsets(doc)
    wanted: dict[tuple[int, int], tuple[str, list[Finding]]] = {}
    conflicts: set[tuple[int, int]] = set()
    for f in fixable:
        span = (f.start, f.end)
        if not (0 <= f.start <= f.end <= len(text)) or (f.text and not text[f.start:f.end].startswith(f.text[:200])):
            plan.skipped.append((f, "the file changed since it was checked"))
            continue
        if not span_is_prose(text, f.start, f.end, covered):
            plan.skipped.append((f, "the words are not plain prose (code, URL, markup or metadata)"))
            continue
        if span in wanted and wanted[span][0] != f.fix:
            conflicts.add(span)
        wanted.setdefault(span, (f.fix or "", []))[1].append(f)
    chosen: list[tuple[int, int, str, list[Finding]]] = []
    last_end = -1
    for (start, end), (replacement, group) in sorted(wanted.items()):
        if (start, end) in conflicts:
            plan.skipped.extend((f, "other rules suggest a different fix for the same words")
                                for f in group)
            continue
        if start < last_end:
            plan.skipped.extend((f, "overlaps another fix; --fix applies it in a later round")
                                for f in group)
            continue
        chosen.append((start, end, replacement, group))
        last_end = max(last_end, end)
    if not chosen:
        return
    mapping = offset_map(raw)
    newline = dominant_newline(raw)
    pieces, cursor = [], 0
    applied: list[Finding] = []
    for start, end, replacement, group in chosen:
        raw_start, raw_end = mapping[start], mapping[end]
        pieces.append(raw[cursor:raw_start])
        pieces.append(replacement.replace("\n", newline) if newline != "\n" else replacement)
        cursor = raw_end
        applied.extend(group)
    pieces.append(raw[cursor:])
    fixed = encoding.bom + "".join(pieces).encode(encoding.codec)
    plan.files.append(FilePlan(path, target, data, fixed, applied, len(chosen)))


def plan_fixes(result: Any, locations: dict[str, Path], roots: list[Path]) -> Plan:
    plan = Plan()
    for fr in result.files:
        if fr.error is not None or fr.path not in locations:
            continue
        plan_file(fr.path, locations[fr.path], fr.findings, roots, plan)
    return plan


# --- output ------------------------------------------------------------------------------


def unified_diff(plan: Plan) -> str:
    out = []
    for fp in plan.changed:
        before = sniff(fp.original)[1].splitlines(keepends=True)
        after = sniff(fp.fixed)[1].splitlines(keepends=True)
        for line in difflib.unified_diff(before, after, f"a/{fp.path}", f"b/{fp.path}"):
            out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write(plan: Plan) -> list[tuple[str, str]]:
    """Write every changed file atomically; returns (path, problem) for files not written."""
    problems = []
    for fp in plan.changed:
        try:
            if fp.target.read_bytes() != fp.original:
                problems.append((fp.path, "changed on disk while fixing; not written"))
                continue
            mode = stat.S_IMODE(fp.target.stat().st_mode)
            fd, tmp = tempfile.mkstemp(prefix=f".{fp.target.name}.", suffix=".medcheck-fix",
                                       dir=fp.target.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(fp.fixed)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(tmp, mode)
                os.replace(tmp, fp.target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            problems.append((fp.path, f"cannot write: {exc.strerror or exc}"))
    return problems
