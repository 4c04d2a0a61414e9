"""What changed against a git ref: files for ``--changed-since``, lines for ``--changed-lines``.

The comparison is between the merge base of REF and HEAD and the working tree, so on a
pull-request branch ``--changed-since origin/main`` means "what this branch changed",
committed or not, and never what landed on main meanwhile. Files git does not track
yet (and does not ignore) count as changed in full: a new page is all new lines.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            '"': '"', "\\": "\\"}


class GitError(Exception):
    """git could not answer (not a repository, unknown ref, no git): exit 2."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd,
                              capture_output=True, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed, so changed files cannot be found") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args[:2])} took longer than two minutes") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[0] if message else 'exit ' + str(proc.returncode)}")
    return proc.stdout.decode("utf-8", "surrogateescape")


def unquote_path(raw: str) -> str:
    """Undo git's C-style quoting of unusual file names ("a\\tb.md", octal UTF-8 bytes)."""
    if not (raw.startswith('"') and raw.endswith('"')):
        return raw
    body, out, i = raw[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and re.match(r"[0-7]{3}", body[i + 1:i + 4]):
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            out.extend(_ESCAPES.get(nxt, nxt).encode("utf-8"))
            i += 2
            continue
        out.extend(ch.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> dict[str, set[int]]:
    """``git diff -U0`` output -> new-side path -> the new-side line numbers added or changed."""
    changed: dict[str, set[int]] = {}
    current: str | None = None
    for line in diff.split("\n"):
        if line.startswith("+++ "):
            target = line[4:]
            if target == "/dev/null":
                current = None
                continue
            target = unquote_path(target.rstrip("\t"))
            current = target[2:] if target.startswith("b/") else target
            changed.setdefault(current, set())
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start = int(match.group(1))
                count = int(match.group(2)) if match.group(2) is not None else 1
                changed[current].update(range(start, start + count))
    return changed


@dataclass(frozen=True)
class Changes:
    """Changed files (absolute, folders resolved) and their changed lines; None = every line."""

    ref: str
    lines: dict[Path, frozenset[int] | None]

    def report_paths(self, root: Path, cwd: Path) -> dict[str, frozenset[int] | None]:
        """Keyed the way the engine names files in reports (relative to the config root)."""
        out: dict[str, frozenset[int] | None] = {}
        root = root.resolve()
        for path, lines in self.lines.items():
            try:
                out[path.relative_to(root).as_posix()] = lines
            except ValueError:
                out[os.path.relpath(path, cwd).replace(os.sep, "/")] = lines
        return out


def _located(toplevel: Path, name: str) -> Path:
    """Absolute path with its folder resolved but not the file itself: git tracks a
    symbolic link under its own name, and the engine reports it under that name too."""
    path = toplevel / name
    return path.parent.resolve() / path.name


def changes_since(ref: str, cwd: Path) -> Changes:
    toplevel = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip()).resolve()
    try:
        _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd)
    except GitError:
        raise GitError(f"unknown git ref {ref!r} (fetch it first, e.g. with fetch-depth: 0 in CI)") from None
    try:
        base = _git(["merge-base", "--end-of-options", ref, "HEAD"], cwd).strip() or ref
    except GitError:
        base = ref  # unrelated histories: compare with the ref itself
    diff = _git(["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-U0", "-M",
                 "--diff-filter=ACMRT", base, "--"], toplevel)
    lines: dict[Path, frozenset[int] | None] = {
        _located(toplevel, name): frozenset(numbers) for name, numbers in parse_diff(diff).items()}
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], toplevel)
    for name in filter(None, untracked.split("\0")):
        lines[_located(toplevel, name)] = None
    return Changes(ref=ref, lines=lines)


def keep_changed_lines(result: Any, changes: Changes, cwd: Path) -> Any:
    """The run without findings outside changed lines (suppressed ones follow the same rule)."""
    by_path = changes.report_paths(result.root, cwd)
    files = []
    for fr in result.files:
        lines = by_path.get(fr.path, frozenset())
        if lines is None:  # a new file: every line is new
            files.append(fr)
            continue
        kept = [f for f in fr.findings
                if any(n in lines for n in range(f.line, max(f.line, f.end_line) + 1))]
        files.append(replace(fr, findings=kept) if len(kept) != len(fr.findings) else fr)
    return replace(result, files=files)
