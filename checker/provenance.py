"""Where a report came from, for an audit record: when the run happened, the commit it
checked (when the project is in git) and the configuration it used.

The time honours SOURCE_DATE_EPOCH (the reproducible-builds convention), so a report
can be made byte for byte again."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def run_time() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    except (ValueError, OverflowError, OSError):
        moment = datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def git_commit(root: Path) -> str | None:
    """The commit checked out in ``root`` ("abc1234", with a note when files differ)."""
    def git(*args: str) -> str | None:
        try:
            proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                  timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return proc.stdout.strip() if proc.returncode == 0 else None

    commit = git("rev-parse", "--short=12", "HEAD")
    if not commit:
        return None
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit} (with uncommitted changes)" if dirty else commit


def provenance(config: Any) -> dict[str, str | None]:
    source = getattr(config, "source", "defaults")
    root = Path(getattr(config, "root", "."))
    if source != "defaults":
        try:
            source = Path(source).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    else:
        source = "built-in defaults (no configuration file)"
    return {"time": run_time(), "commit": git_commit(root), "config": source}
