"""The CI side of a check run, between the engine and the reporters:

    what git says changed -> engine.run (its filters: changed files and lines, the
    baseline) -> fixes (write or diff) -> the reports asked for, each to its file

The CLI parses options into a ``Gate`` and ``ReportSpec``s and calls ``checked``;
the engine applies the filters (``gitdiff``, ``baseline``), fixing is ``fixer``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .reporters import FORMATS

# baseline, gitdiff and fixer are imported where an option asks for them: a plain check
# needs none of them (git's subprocess plumbing alone is a hundredth of its start-up).

MAX_FIX_ROUNDS = 5  # fixes can uncover fixes (overlaps); stop at a fixed point or here


class GateError(Exception):
    """An option that cannot be honoured (bad report spec, unusable baseline, git trouble)."""


@dataclass(frozen=True)
class ReportSpec:
    fmt: str
    path: str  # "-" for standard output

    @classmethod
    def parse(cls, spec: str) -> "ReportSpec":
        fmt, sep, path = spec.partition(":")
        if not sep or not path:
            raise GateError(f"--report {spec!r}: write FORMAT:FILE, e.g. sarif:medcheck.sarif")
        if fmt not in FORMATS:
            raise GateError(f"--report {spec!r}: unknown format {fmt!r} "
                            f"(one of {', '.join(FORMATS)})")
        return cls(fmt, path)


@dataclass(frozen=True)
class Gate:
    baseline: Counter | None = None
    changed_since: str | None = None
    changed_lines: bool = False

    @property
    def uses_git(self) -> bool:
        return self.changed_since is not None or self.changed_lines

    @classmethod
    def from_options(cls, baseline_file: str | None, changed_since: str | None,
                     changed_lines: bool) -> "Gate":
        counts = None
        if baseline_file:
            from . import baseline as baseline_mod
            try:
                counts = baseline_mod.load(baseline_file)
            except baseline_mod.BaselineError as exc:
                raise GateError(str(exc)) from None
        return cls(counts, changed_since, changed_lines)


def checked(run: Callable[..., Any], paths: list[str], config: Any, gate: Gate, cwd: Path,
            **run_options: Any) -> Any:
    """One engine run with the gate's filters: the files git says changed (the engine
    checks no other), their changed lines, without the baseline's findings."""
    changes = None
    if gate.uses_git:
        from . import gitdiff
        try:
            changes = gitdiff.changes_since(gate.changed_since or "HEAD", cwd)
        except gitdiff.GitError as exc:
            raise GateError(str(exc)) from None
    return run(paths, config, cwd=cwd, changes=changes, changed_lines=gate.changed_lines,
               baseline=gate.baseline, **run_options)


@dataclass
class FixOutcome:
    result: Any
    applied: int = 0  # findings resolved
    edits: int = 0    # replacements made
    files: set[str] = field(default_factory=set)
    diff: str = ""
    notes: list[str] = field(default_factory=list)


def fix(recheck: Callable[[], Any], result: Any, paths: list[str], config: Any, cwd: Path,
        *, write: bool) -> FixOutcome:
    """Apply fixes (``write``) until nothing more changes, or compute the diff of one round.
    ``recheck`` runs the same filtered check again and returns the new result."""
    from . import fixer
    from .engine import discover

    roots = fixer.allowed_roots(paths or config.get("paths"), cwd)
    outcome = FixOutcome(result)
    for _ in range(MAX_FIX_ROUNDS if write else 1):
        files, _ = discover(paths or config.get("paths"), config, cwd)
        locations = {rel: location for location, rel in files}
        plan = fixer.plan_fixes(outcome.result, locations, roots)
        outcome.notes.extend(f"{path}: not fixed: {why}" for path, why in plan.refused)
        if not write:
            outcome.diff = fixer.unified_diff(plan)
            outcome.applied = plan.applied
            outcome.edits = plan.edits
            outcome.files = {fp.path for fp in plan.changed}
            outcome.notes.extend(_skipped_notes(plan))
            return outcome
        if not plan.changed:
            outcome.notes.extend(_skipped_notes(plan))
            break
        problems = fixer.write(plan)
        outcome.notes.extend(f"{path}: {why}" for path, why in problems)
        written = [fp for fp in plan.changed if fp.path not in {p for p, _ in problems}]
        outcome.applied += sum(len(fp.applied) for fp in written)
        outcome.edits += sum(fp.edits for fp in written)
        outcome.files.update(fp.path for fp in written)
        outcome.result = recheck()
        if not written:
            break
    return outcome


def _skipped_notes(plan: "fixer.Plan") -> list[str]:  # noqa: F821 (imported by fix)
    return [f"{f.path}:{f.line}:{f.column}: [{f.rule}] not fixed: {why}" for f, why in plan.skipped]
