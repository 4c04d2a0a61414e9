"""Driving the real `medcheck lsp` over stdio with pytest-lsp's client.

Waits poll what the client has received, with generous time limits (CI is a shared
2-core machine): nothing here measures time.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from .conftest import REPO, TODAY

SERVER = [sys.executable, "-m", "checker.cli", "lsp"]
ENV = {"MEDCHECK_TODAY": TODAY.isoformat(), "PYTHONPATH": str(REPO)}
WAIT = 90.0


def server_env() -> dict[str, str]:
    import os
    return {**os.environ, **ENV}


async def finish(client: LanguageClient) -> None:
    """End the server whatever the test did: shutdown and exit when it was started,
    else (a test that failed early) terminate it, so the fixture never waits forever."""
    process = getattr(client, "_server", None)
    if process is not None and process.returncode is not None:
        return  # the test ended the session itself
    try:
        await asyncio.wait_for(client.shutdown_session(), WAIT)
    finally:
        if process is not None and process.returncode is None:
            process.terminate()


def accept_registrations(client: LanguageClient) -> list[types.RegistrationParams]:
    """Answer client/registerCapability as an editor does; returns what was registered."""
    seen: list[types.RegistrationParams] = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        seen.append(params)

    return seen


async def start(client: LanguageClient, root: Path, options: dict | None = None,
                editor: str = "visual-studio-code") -> types.InitializeResult:
    folder = types.WorkspaceFolder(uri=root.as_uri(), name=root.name)
    return await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(editor), root_uri=root.as_uri(),
        workspace_folders=[folder], initialization_options=options))


def open_page(client: LanguageClient, path: Path, text: str, language: str = "markdown",
              version: int = 1) -> str:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def edit(client: LanguageClient, uri: str, version: int, start: tuple[int, int],
         end: tuple[int, int], new_text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(*start), types.Position(*end)), text=new_text)]))


async def wait_for(client: LanguageClient, uri: str,
                   predicate: Callable[[Sequence[types.Diagnostic]], bool],
                   timeout: float = WAIT) -> Sequence[types.Diagnostic]:
    """The page's diagnostics once they satisfy ``predicate``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        got = client.diagnostics.get(uri)
        if got is not None and predicate(got):
            return got
        if loop.time() > deadline:
            raise AssertionError(f"diagnostics for {uri} never matched; last: "
                                 f"{[(d.code, str(d.range)) for d in got or []]}")
        await asyncio.sleep(0.05)


def codes(diagnostics: Sequence[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


def position_of(text: str, needle: str, nth: int = 0) -> types.Position:
    """Where ``needle`` starts, counted in UTF-16 code units as the protocol says."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    before = text[:index].split("\n")
    column = before[-1].encode("utf-16-le")
    return types.Position(line=len(before) - 1, character=len(column) // 2)


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) as an editor would, last first."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[:position.line])
        units = lines[position.line].encode("utf-16-le")[:position.character * 2]
        return before + len(units.decode("utf-16-le"))

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
        lines = text.split("\n")
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    workspace_edit = action.edit
    assert workspace_edit is not None, action
    if workspace_edit.document_changes:
        return [e for change in workspace_edit.document_changes
                if change.text_document.uri == uri for e in change.edits]
    return list((workspace_edit.changes or {}).get(uri, []))


async def code_actions(client: LanguageClient, uri: str, diagnostic: types.Diagnostic,
                       only: list[str] | None = None) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic], only=only)))
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def status(client: LanguageClient) -> dict[str, Any]:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="medcheck.status"))


async def raw_request(client: LanguageClient, message: dict[str, Any]) -> dict[str, Any]:
    """Send a request exactly as given (the client's own types would refuse a malformed
    one) and return the raw answer: {"result": ...} or {"error": {...}}."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future = loop.create_future()
    protocol = client.protocol

    def done(future) -> None:
        try:
            result = {"result": future.result()}
        except Exception as exc:  # pygls turns an error answer into an exception
            result = {"error": {"code": getattr(exc, "code", None), "message": str(exc)}}
        loop.call_soon_threadsafe(lambda: answer.done() or answer.set_result(result))

    from concurrent.futures import Future
    pending: Future = Future()
    pending.add_done_callback(done)
    protocol._request_futures[message["id"]] = pending  # noqa: SLF001 (test-only transport)
    protocol._send_data(message)  # noqa: SLF001
    return await asyncio.wait_for(answer, WAIT)


async def raw_bytes(client: LanguageClient, body: bytes) -> None:
    """Write a message body that is not JSON at all."""
    process = client._server  # noqa: SLF001
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    await process.stdin.drain()


async def registered(client: LanguageClient, seen: list, method: str) -> bool:
    """Whether the server registered ``method`` (it asks right after start-up)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while loop.time() < deadline:
        if any(r.method == method for params in seen for r in params.registrations):
            return True
        await asyncio.sleep(0.05)
    return False


async def code_actions_json(client: LanguageClient, uri: str,
                            diagnostic: types.Diagnostic) -> list[dict[str, Any]]:
    """Code actions as the server sent them. pygls' client reads a code action that runs
    a command as a bare Command (its union of the two types is decided by field names),
    so actions with a command are looked at in their JSON form."""
    params = types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri),
                                    range=diagnostic.range,
                                    context=types.CodeActionContext(diagnostics=[diagnostic]))
    message = {"jsonrpc": "2.0", "id": 1000 + next(_ids), "method": "textDocument/codeAction",
               "params": client.protocol._converter.unstructure(params)}  # noqa: SLF001
    answer = await raw_request(client, message)
    assert "result" in answer, answer
    return answer["result"] or []


_ids = __import__("itertools").count()
