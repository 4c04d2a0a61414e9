"""`medcheck lsp` tests that need a server of their own: start-up options, workspace
folders, and a server whose check crashes (tests/lsp_crashing_server.py)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import REPO
from .lsp_support import (SERVER, accept_registrations, codes, finish, open_page, replace_all,
                          server_env, start, status, wait_for)

pytestmark = pytest.mark.asyncio

QD = "safety.qd"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[*SERVER, "--no-grammar"],
                                              server_env=server_env()))
async def client(lsp_client: LanguageClient):
    accept_registrations(lsp_client)
    yield
    await finish(lsp_client)


def has(rule: str):
    return lambda diagnostics: rule in codes(diagnostics)


async def test_an_unsaved_page_uses_the_workspace_folders_configuration(client, tmp_path):
    (tmp_path / "medcheck.toml").write_text(f'disable = ["{QD}"]\n', encoding="utf-8")
    await start(client, tmp_path)
    uri = "untitled:Untitled-1"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text="# Dose\n\nTake it qd. Take 10mg.\n")))
    found = await wait_for(client, uri, lambda ds: len(ds) > 0)
    assert QD not in codes(found)
    # Once the only folder is one without that configuration, the rule is back.
    other = tmp_path.parent / f"{tmp_path.name}-other"
    other.mkdir()
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(
            added=[types.WorkspaceFolder(uri=other.as_uri(), name="other")],
            removed=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name=tmp_path.name)])))
    await wait_for(client, uri, has(QD))


async def test_rule_codes_link_to_the_rule_reference(client, tmp_path):
    await start(client, tmp_path,
                options={"medcheck": {"rulesReference": "https://docs.example.org/rules.md"}})
    uri = open_page(client, tmp_path / "link.md", "# Dose\n\nTake it qd.\n")
    found = await wait_for(client, uri, has(QD))
    diagnostic = next(d for d in found if d.code == QD)
    assert diagnostic.code_description.href == f"https://docs.example.org/rules.md#{QD}"


async def test_the_grammar_setting_and_unknown_settings(client, tmp_path):
    await start(client, tmp_path, options={"grammar": True})
    assert (await status(client))["grammarEnabled"] is False  # --no-grammar wins
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"medcheck": {"grammar": False, "colour": "red"}}))
    uri = open_page(client, tmp_path / "s.md", "# Dose\n\nTake it qd.\n")
    await wait_for(client, uri, has(QD))
    assert any("colour" in m.message for m in client.messages)


CRASHING_SERVER = [sys.executable, str(REPO / "tests" / "lsp_crashing_server.py"), "--no-grammar"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=CRASHING_SERVER, server_env=server_env()))
async def crashing(lsp_client: LanguageClient):
    accept_registrations(lsp_client)
    yield
    await finish(lsp_client)


async def test_a_crash_in_one_check_costs_only_that_page_and_the_server_goes_on(crashing, tmp_path):
    client = crashing
    await start(client, tmp_path)
    text = "# Dose\n\nTake it qd. CRASH-THE-SAFETY-CHECK\n"
    bad = open_page(client, tmp_path / "bad.md", text)
    good = open_page(client, tmp_path / "good.md", "# Dose\n\nTake it qd.\n")
    found = await wait_for(client, bad, lambda ds: any("internal error" in d.message for d in ds))
    assert "CrashForTests" in found[0].message and found[0].range.start == types.Position(0, 0)
    await wait_for(client, good, has(QD))
    replace_all(client, bad, "# Dose\n\nTake it qd.\n", 2)
    await wait_for(client, bad, lambda ds: QD in codes(ds)
                   and not any("internal error" in d.message for d in ds))



def _message(body: dict) -> bytes:
    data = json.dumps(body).encode()
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


def _read_message(stream) -> dict:
    length = 0
    while True:
        line = stream.readline()
        assert line, "the server closed its output"
        if not line.strip():
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))


async def test_a_terminated_server_exits_cleanly(tmp_path):
    """An editor that gives up on a server sends SIGTERM: the server stops what it
    started (LanguageTool: tests/test_lsp_grammar.py) and exits 0 without a traceback."""
    server = subprocess.Popen([*SERVER, "--no-grammar"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=server_env(), cwd=tmp_path)
    try:
        server.stdin.write(_message({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}}))
        server.stdin.flush()
        answer = _read_message(server.stdout)
        assert answer["id"] == 1 and answer["result"]["serverInfo"]["name"] == "medcheck"
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
        assert "Traceback" not in server.stderr.read().decode("utf-8", "replace")
    finally:
        if server.poll() is None:
            server.kill()
