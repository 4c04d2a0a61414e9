"""Progress on stderr for long runs: pages done, pages per second and the time left.

On a terminal, a bar: only once a run has taken more than a second (a quick check of
one page never flickers a bar), and gone when the run ends (``transient``), so the
report below it stays clean. In a CI log (``--progress lines``), a line every
``LINE_SECONDS`` (``MEDCHECK_PROGRESS_SECONDS``), since a log cannot redraw a bar."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

SHOW_AFTER_SECONDS = 1.0
LINE_SECONDS = 10.0
MODES = ("auto", "bar", "lines", "off")


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class ProgressBar:
    def __init__(self, enabled: bool | None = None, stream: Any = None, mode: str = "auto"):
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if (self.stream.isatty() if enabled is None else enabled) else "off"
        self.mode = mode
        self.enabled = mode == "bar"
        self.started = time.monotonic()
        self.total: int | None = None
        self.done = 0
        self._bar: Any = None
        self._task: Any = None
        self._line_every = float(os.environ.get("MEDCHECK_PROGRESS_SECONDS") or LINE_SECONDS)
        self._next_line = self.started + self._line_every

    def set_total(self, total: int) -> None:
        """Called by the engine once it knows how many files it will check."""
        self.total = total
        self.started = time.monotonic()
        self._next_line = self.started + self._line_every

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        rate = self.rate()
        total = self.total or 0
        share = f" ({100 * self.done / total:.1f}%)" if total else ""
        left = (total - self.done) / rate if rate > 0 and total else None
        eta = f", ETA {_duration(left)}" if left is not None else ""
        return f"medcheck: {self.done:,}/{total:,} pages{share}, {rate:,.1f} pages/s{eta}"

    def __call__(self, advance: int = 1) -> None:
        self.done += advance
        if self.mode == "lines":
            now = time.monotonic()
            if now >= self._next_line and self.total and self.done < self.total:
                print(self.line(), file=self.stream, flush=True)
                self._next_line = now + self._line_every
            return
        if not self.enabled or not self.total:
            return
        if self._bar is None:
            if time.monotonic() - self.started < SHOW_AFTER_SECONDS or self.done >= self.total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
            self._bar = Progress(TextColumn("medcheck"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("pages {task.fields[rate]}/s"), TimeRemainingColumn(),
                                 console=Console(file=self.stream), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("check", total=self.total, completed=self.done,
                                            rate=f"{self.rate():,.1f}")
        else:
            self._bar.update(self._task, completed=self.done, rate=f"{self.rate():,.1f}")

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if self.mode == "lines" and self.total and self.done and \
                time.monotonic() - self.started >= self._line_every:
            print(self.line(), file=self.stream, flush=True)  # the last figures of a long run

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
