"""Debian packages the tests drive as real programs (Chromium, Neovim).

``ensure_installed`` installs the package when none of its commands is found (CI runs
as root with the Debian archive reachable); if it cannot, the test fails and says why:
a missing program is never a silent skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess


def find_command(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_installed(package: str, *commands: str) -> str:
    """The path of the package's command, installing the package first if need be."""
    found = find_command(*commands)
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError(f"{package} is not installed and this user cannot install it: "
                           f"run `apt-get install -y {package}` as root")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", package]):
        proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1200)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {proc.stderr[-2000:]}")
    found = find_command(*commands)
    if not found:
        raise RuntimeError(f"apt-get installed {package} but none of {', '.join(commands)} was found")
    return found
