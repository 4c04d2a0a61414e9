"""Grammar through `medcheck lsp` with the REAL LanguageTool (built by `make setup`,
tools/languagetool/build.sh): started by the server when a page is saved, its findings
kept in place while typing, replacements and "add to the word list", a server that
dies is started again, and none is left behind at exit."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import REPO
from .lsp_support import (SERVER, accept_registrations, code_actions, code_actions_json, codes, edit, finish,
                          open_page, server_env, start, status, wait_for)

pytestmark = pytest.mark.asyncio

SPELLING = "lt.MORFOLOGIK_RULE_EN_US"
LANGUAGETOOL_WAIT = 300.0  # a first start on a busy 2-core machine


@pytest.fixture(scope="module", autouse=True)
def languagetool_built():
    proc = subprocess.run(["bash", str(REPO / "tools" / "languagetool" / "build.sh")], cwd=REPO,
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, f"build.sh failed:\n{proc.stdout}\n{proc.stderr}"


def _env() -> dict[str, str]:
    env = server_env()
    env.pop("MEDCHECK_LANGUAGETOOL_URL", None)  # this server starts its own
    return env


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=_env()))
async def client(lsp_client: LanguageClient):
    accept_registrations(lsp_client)
    yield
    await finish(lsp_client)


def languagetool_pids(url: str) -> list[int]:
    port = url.rstrip("/").rsplit(":", 1)[-1].encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"org.languagetool.server.HTTPServer" in argv and port in argv:
                pids.append(int(entry.name))
    return pids


def spelling_at(diagnostics, line: int) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == SPELLING and d.range.start.line == line]


def save(client: LanguageClient, uri: str) -> None:
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))


async def test_grammar_on_save_kept_while_typing_fixed_added_restarted_and_stopped(client, tmp_path):
    await start(client, tmp_path, options={"grammarIdleMs": 60_000})
    assert (await status(client))["grammar"]["status"].startswith("skipped: not started")
    text = "# Side effects\n\nDizzyness is a common side effect.\n\nTake it with food.\n"
    uri = open_page(client, tmp_path / "effects.md", text)
    local = await wait_for(client, uri, lambda ds: True)
    assert SPELLING not in codes(local)  # typing never waits for LanguageTool
    save(client, uri)
    found = await wait_for(client, uri, lambda ds: spelling_at(ds, 2), timeout=LANGUAGETOOL_WAIT)
    (typo,) = spelling_at(found, 2)
    assert typo.range == types.Range(types.Position(2, 0), types.Position(2, 9))
    assert typo.severity == types.DiagnosticSeverity.Warning
    assert typo.code_description.href.startswith("https://community.languagetool.org/rule/show/")
    running = await status(client)
    assert running["grammar"]["status"] == "checked" and running["grammar"]["owner"] == "run"
    url = running["grammar"]["url"]
    (first_pid,) = languagetool_pids(url)

    # Typing above the paragraph moves the finding with it, before any new grammar check.
    edit(client, uri, 2, (1, 0), (1, 0), "Read this first.\n")
    moved = await wait_for(client, uri, lambda ds: spelling_at(ds, 3))
    assert spelling_at(moved, 3)[0].range.start == types.Position(3, 0)

    actions = await code_actions(client, uri, spelling_at(moved, 3)[0])
    titles = [a.title for a in actions]
    assert "Replace with 'Dizziness' (LanguageTool)" in titles, titles
    (add,) = [a for a in await code_actions_json(client, uri, spelling_at(moved, 3)[0])
              if isinstance(a.get("command"), dict)]
    assert add["title"] == "Add 'Dizzyness' to the project word list"
    assert add["kind"] == "quickfix" and add["command"]["command"] == "medcheck.addWord"
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=add["command"]["command"], arguments=add["command"]["arguments"]))
    assert result["file"] == str(tmp_path / "medcheck.toml")
    assert 'words = ["Dizzyness"]' in (tmp_path / "medcheck.toml").read_text(encoding="utf-8")
    await wait_for(client, uri, lambda ds: not spelling_at(ds, 3))

    # LanguageTool dies: the next save starts another one and checks the page again.
    os.kill(first_pid, signal.SIGKILL)
    edit(client, uri, 3, (5, 0), (5, 0), "Keep it away from chidlren.\n\n")
    save(client, uri)
    again = await wait_for(client, uri, lambda ds: spelling_at(ds, 5), timeout=LANGUAGETOOL_WAIT)
    assert spelling_at(again, 5)[0].range.start == types.Position(5, 18)
    restarted = await status(client)
    assert restarted["grammar"]["starts"] == 2 and restarted["grammar"]["url"] != url
    (second_pid,) = languagetool_pids(restarted["grammar"]["url"])

    await client.shutdown_session()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and languagetool_pids(restarted["grammar"]["url"]):
        time.sleep(0.2)
    assert not languagetool_pids(restarted["grammar"]["url"]), f"LanguageTool {second_pid} left running"
