"""Real headless Chromium (Debian's ``chromium`` package) for the HTML report tests.

``ensure_chromium`` installs the package when it is missing (tests/debian_packages.py);
if it cannot, the tests fail and say why: a missing browser is never a silent skip.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from .debian_packages import ensure_installed, find_command

_CHROMIUM = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-default-apps", "--disable-extensions", "--mute-audio")


def find_chromium() -> str | None:
    return find_command(*_CHROMIUM)


def ensure_chromium() -> str:
    return ensure_installed("chromium", *_CHROMIUM)


def _run(binary: str, url: str, *extra: str, timeout: int = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="medcheck-chromium-") as profile:
        args = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url]
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "HOME": profile})


def dump_dom(binary: str, path: Path, fragment: str = "") -> str:
    """The DOM after the page's scripts ran (what a reviewer's browser would show)."""
    url = path.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    proc = _run(binary, url, "--virtual-time-budget=3000", "--dump-dom")
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


def screenshot(binary: str, path: Path, png: Path, width: int = 1280, height: int = 1600,
               fragment: str = "") -> Path:
    url = path.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    proc = _run(binary, url, f"--window-size={width},{height}", "--hide-scrollbars",
                "--virtual-time-budget=3000", f"--screenshot={png}")
    assert proc.returncode == 0 and png.exists(), proc.stderr[-2000:]
    return png
