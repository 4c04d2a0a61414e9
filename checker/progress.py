"""A progress bar on stderr for long runs: only on a terminal, only once a run has
taken more than a second (a quick check of one page never flickers a bar), and
gone when the run ends (``transient``), so the report below it stays clean."""

from __future__ import annotations

import sys
import time
from typing import Any

SHOW_AFTER_SECONDS = 1.0


class ProgressBar:
    def __init__(self, enabled: bool | None = None, stream: Any = None):
        self.stream = stream or sys.stderr
        self.enabled = (self.stream.isatty() if enabled is None else enabled)
        self.started = time.monotonic()
        self.total: int | None = None
        self.done = 0
        self._bar: Any = None
        self._task: Any = None

    def set_total(self, total: int) -> None:
        """Called by the engine once it knows how many files it will check."""
        self.total = total

    def __call__(self, advance: int = 1) -> None:
        self.done += advance
        if not self.enabled or not self.total:
            return
        if self._bar is None:
            if time.monotonic() - self.started < SHOW_AFTER_SECONDS or self.done >= self.total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
            self._bar = Progress(TextColumn("medcheck"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("files"), TimeRemainingColumn(),
                                 console=Console(file=self.stream), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("check", total=self.total, completed=self.done)
        else:
            self._bar.update(self._task, completed=self.done)

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
