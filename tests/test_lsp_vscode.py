"""The VS Code extension (editors/vscode): installed from the npm registry into a
temporary copy (never into the repository), packaged with @vscode/vsce, and its server
command and settings driven through VS Code's own JSON-RPC library."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, TODAY

EXTENSION = REPO / "editors" / "vscode"
CLIENT = REPO / "tests" / "editors" / "vscode_jsonrpc_client.js"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("vscode") / "medcheck"
    shutil.copytree(EXTENSION, folder, ignore=shutil.ignore_patterns("node_modules", "*.vsix"))
    proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=folder,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return folder


def test_the_extension_packages_with_vsce(installed):
    vsce = installed / "node_modules" / ".bin" / "vsce"
    proc = subprocess.run([str(vsce), "package", "--allow-missing-repository", "--out", "medcheck.vsix"],
                          cwd=installed, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with zipfile.ZipFile(installed / "medcheck.vsix") as vsix:
        names = {name.lower() for name in vsix.namelist()}
        manifest = json.loads(vsix.read("extension/package.json"))
    assert {"extension/extension.js", "extension/readme.md", "extension/license.txt",
            "extension/node_modules/vscode-languageclient/package.json"} <= names, sorted(names)[:40]
    assert not [n for n in names if "/node_modules/@vscode/vsce/" in n]  # dev tools stay out
    assert "extension/.gitignore" not in names
    assert manifest["main"] == "./extension.js"
    assert {"onLanguage:markdown", "onLanguage:html", "onLanguage:plaintext"} <= set(manifest["activationEvents"])
    assert not (EXTENSION / "node_modules").exists()


def test_the_server_the_extension_starts_answers_vscodes_json_rpc(installed, tmp_path):
    medcheck = Path(sys.executable).with_name("medcheck")
    assert medcheck.exists(), "the medcheck command is installed with the package (make setup)"
    text = "# Dose\n\nTake one 😀 tablet qd with food.\n"
    env = {**os.environ, "NODE_PATH": str(installed / "node_modules"),
           "MEDCHECK_EXTENSION": str(installed / "extension.js"), "MEDCHECK_COMMAND": str(medcheck),
           "MEDCHECK_ROOT": str(tmp_path), "MEDCHECK_TEXT": text, "MEDCHECK_TODAY": TODAY.isoformat()}
    proc = subprocess.run(["node", str(CLIENT)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["server"]["name"] == "medcheck" and result["exit"] == 0
    qd = [d for d in result["diagnostics"]["diagnostics"] if d["code"] == "safety.qd"]
    assert qd and qd[0]["range"]["start"] == {"line": 2, "character": 19}
    assert result["status"]["grammarEnabled"] is False  # the extension's grammar setting
