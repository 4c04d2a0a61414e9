"""A real editor: headless Neovim (Debian's ``neovim``, installed when missing) opens a
page with its built-in LSP client attached to `medcheck lsp`; the test reads the
diagnostics Neovim received. Neovim turns the protocol's UTF-16 columns into byte
columns of its buffer, so a wrong unit count around an emoji shows up here."""

from __future__ import annotations

import json
import os
import subprocess

from .conftest import REPO
from .debian_packages import ensure_installed
from .lsp_support import ENV, SERVER

SCRIPT = REPO / "tests" / "editors" / "neovim_diagnostics.lua"


def test_neovim_shows_medcheck_diagnostics_on_the_right_words(tmp_path):
    nvim = ensure_installed("neovim", "nvim")
    lines = ["# Dose", "", "Take one 😀 tablet qd with food.", "", "𝔸 Never take it qd with alcohol."]
    page = tmp_path / "dose.md"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    env = {**os.environ, **ENV, "MEDCHECK_PAGE": str(page), "MEDCHECK_OUT": str(out),
           "MEDCHECK_WANT": "2", "MEDCHECK_LSP_CMD": json.dumps([*SERVER, "--no-grammar"]),
           "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run([nvim, "--headless", "--clean", "-n", "-c", f"luafile {SCRIPT}"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert out.exists(), f"Neovim wrote nothing (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    received = json.loads(out.read_text(encoding="utf-8"))
    assert received["arrived"] is True and received["encoding"] == "utf-16", received
    qd = sorted((d for d in received["items"] if d["code"] == "safety.qd"), key=lambda d: d["lnum"])
    assert len(qd) == 2, received
    for item, line in zip(qd, (2, 4)):
        column = len(lines[line][:lines[line].index(" qd ") + 1].encode("utf-8"))  # bytes
        assert (item["lnum"], item["col"], item["end_lnum"], item["end_col"]) == \
            (line, column, line, column + 2), item
        assert item["source"] == "medcheck" and item["severity"] == 1  # vim.diagnostic ERROR
