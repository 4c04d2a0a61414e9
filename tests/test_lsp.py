"""`medcheck lsp` end to end: the real server over stdio, driven by pytest-lsp's client.

Grammar is off here (``--no-grammar``); tests/test_lsp_grammar.py runs the real
LanguageTool through the server. Pages are this project's own, written for these tests.
"""

from __future__ import annotations

import json

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import REPO, run_cli
from .lsp_support import (SERVER, accept_registrations, apply_edits, code_actions, codes, edit,
                          edits_of, finish, open_page, position_of, raw_bytes, raw_request, registered,
                          replace_all, server_env, start,
                          status, wait_for)

# One server for the whole module (a server per test costs seconds on a busy 2-core
# machine); each test has its own folder and pages. Servers that need a start of their
# own are in tests/test_lsp_sessions.py.
pytestmark = pytest.mark.asyncio(loop_scope="module")

QD = "safety.qd"


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[*SERVER, "--no-grammar"], server_env=server_env()))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    lsp_client.registrations = accept_registrations(lsp_client)
    await start(lsp_client, tmp_path_factory.mktemp("lsp-workspace"))
    yield
    await finish(lsp_client)


def has(rule: str):
    return lambda diagnostics: rule in codes(diagnostics)


def lacks(rule: str):
    return lambda diagnostics: rule not in codes(diagnostics)


# --- diagnostics --------------------------------------------------------------------------

async def test_ranges_count_utf16_code_units_around_emoji_and_other_astral_characters(client, tmp_path):
    text = ("# Pain relief 😀\n\n"
            "Take one 😀🩺 tablet qd with food.\n\n"
            "𝔸𠀋 Never take it qd with alcohol.\n")
    uri = open_page(client, tmp_path / "page.md", text)
    found = await wait_for(client, uri, lambda ds: codes(ds).count(QD) == 2)
    qd = sorted((d for d in found if d.code == QD), key=lambda d: d.range.start.line)
    for nth, diagnostic in enumerate(qd):
        at = position_of(text, " qd ", nth)
        at.character += 1
        assert diagnostic.range == types.Range(at, types.Position(at.line, at.character + 2))
    # 'Take one ' is 9 units, each emoji 2, ' tablet ' 8: the column the editor counts.
    assert qd[0].range.start == types.Position(2, 21)
    assert qd[1].range.start == types.Position(4, 19)
    assert qd[0].severity == types.DiagnosticSeverity.Error
    assert qd[0].source == "medcheck" and qd[0].code == QD
    assert "qd" in qd[0].message


async def test_the_same_findings_as_medcheck_check_on_the_same_page(client, tmp_path):
    """One code path: what the editor shows is what `medcheck check` reports."""
    text = ("---\ntitle: Pain medicines\n---\n# Pain medicines\n\n"
            "Take 10mg qd. You may utilize the cup in the box. Pregabalin is a neuroleptic "
            "used for nerve pain 😀.\n\n![](chart.png)\n\n[click here](https://example.org)\n")
    page = tmp_path / "pain.md"
    page.write_text(text, encoding="utf-8")
    proc = run_cli("check", str(page), "--no-grammar", "--no-cache", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    lines = text.split("\n")

    def utf16(line: int, column: int) -> tuple[int, int]:
        return line - 1, len(lines[line - 1][:column - 1].encode("utf-16-le")) // 2

    expected = sorted((f["rule"], utf16(f["line"], f["column"]), utf16(f["end_line"], f["end_column"]))
                      for f in report["findings"])
    assert len(expected) >= 5, expected
    uri = open_page(client, page, text)
    found = await wait_for(client, uri, lambda ds: len(ds) == len(expected))
    got = sorted((str(d.code), (d.range.start.line, d.range.start.character),
                  (d.range.end.line, d.range.end.character)) for d in found)
    assert got == expected


async def test_windows_line_endings_and_a_byte_order_mark_keep_lines_and_columns(client, tmp_path):
    text = "\ufeff# Dose\r\n\r\nTake it qd.\r\nThen take it qd again.\r\n"
    uri = open_page(client, tmp_path / "crlf.md", text)
    found = await wait_for(client, uri, lambda ds: codes(ds).count(QD) == 2)
    starts = sorted((d.range.start.line, d.range.start.character) for d in found if d.code == QD)
    assert starts == [(2, 8), (3, 13)]


async def test_a_repeated_finding_lists_its_other_places(client, tmp_path):
    text = "# Dose\n\nTake it qd.\n\nKeep taking it qd.\n\nStop taking it qd if sick.\n"
    uri = open_page(client, tmp_path / "repeat.md", text)
    found = await wait_for(client, uri, lambda ds: codes(ds).count(QD) == 3)
    first = min((d for d in found if d.code == QD), key=lambda d: d.range.start.line)
    places = sorted(r.location.range.start.line for r in first.related_information)
    assert places == [4, 6]
    assert all(r.location.uri == uri for r in first.related_information)


async def test_plain_text_and_html_pages_are_checked(client, tmp_path):
    html = ('<html lang="en"><head><title>Dose</title></head><body>\n'
            "<h1>Dose</h1>\n<p>Take it qd.</p>\n</body></html>\n")
    html_uri = open_page(client, tmp_path / "dose.html", html, language="html")
    text_uri = open_page(client, tmp_path / "dose.txt", "Dose\n\nTake it qd with water.\n",
                         language="plaintext")
    html_found = await wait_for(client, html_uri, has(QD))
    text_found = await wait_for(client, text_uri, has(QD))
    assert next(d for d in html_found if d.code == QD).range.start == types.Position(2, 11)
    assert next(d for d in text_found if d.code == QD).range.start == types.Position(2, 8)


async def test_edits_are_checked_and_findings_after_an_edit_move_with_it(client, tmp_path):
    text = "# Dose\n\nTake one tablet daily.\n\nDo not stop taking it qd.\n"
    uri = open_page(client, tmp_path / "edit.md", text)
    await wait_for(client, uri, lambda ds: codes(ds).count(QD) == 1)
    # Typing "qd" over "daily" (an incremental change) adds a finding there.
    start_at = position_of(text, "daily")
    edit(client, uri, 2, (start_at.line, start_at.character), (start_at.line, start_at.character + 5), "qd")
    found = await wait_for(client, uri, lambda ds: codes(ds).count(QD) == 2)
    assert sorted(d.range.start.line for d in found if d.code == QD) == [2, 4]
    # Two lines inserted at the top: every finding moves down two lines.
    edit(client, uri, 3, (0, 0), (0, 0), "Intro 😀 line.\n\n")
    found = await wait_for(client, uri, lambda ds: sorted(d.range.start.line for d in ds
                                                          if d.code == QD) == [4, 6])
    replace_all(client, uri, "# Dose\n\nTake one tablet daily.\n", 4)
    await wait_for(client, uri, lacks(QD))


async def test_rule_codes_link_to_this_checkouts_rule_reference_when_it_has_one(client, tmp_path):
    uri = open_page(client, tmp_path / "ref.md", "# Dose\n\nTake it qd.\n")
    diagnostic = next(d for d in await wait_for(client, uri, has(QD)) if d.code == QD)
    reference = REPO / "docs" / "rules.md"
    if not reference.is_file():  # no dead links
        assert diagnostic.code_description is None
        return
    assert diagnostic.code_description.href == f"{reference.as_uri()}#{QD}"
    text = reference.read_text(encoding="utf-8")
    assert f'<a id="{QD}"></a>' in text  # the anchor the link lands on


# --- code actions ------------------------------------------------------------------------------

async def test_a_safe_fix_is_a_preferred_quick_fix_that_removes_the_finding(client, tmp_path):
    text = "# Dose\n\nTake one 😀 tablet qd with food.\n"
    uri = open_page(client, tmp_path / "fix.md", text)
    found = await wait_for(client, uri, has(QD))
    diagnostic = next(d for d in found if d.code == QD)
    fixes = [a for a in await code_actions(client, uri, diagnostic) if a.is_preferred]
    assert len(fixes) == 1 and fixes[0].kind == types.CodeActionKind.QuickFix
    fixed = apply_edits(text, edits_of(fixes[0], uri))
    assert fixed == "# Dose\n\nTake one 😀 tablet daily with food.\n"
    replace_all(client, uri, fixed, 2)
    await wait_for(client, uri, lacks(QD))


async def test_fix_all_applies_every_safe_fix_at_once(client, tmp_path):
    text = "# Dose\n\nTake it qd.\n\nThen take it qd again.\n"
    uri = open_page(client, tmp_path / "all.md", text)
    found = await wait_for(client, uri, lambda ds: codes(ds).count(QD) == 2)
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=found[0].range,
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
    (everything,) = result
    assert everything.kind == "source.fixAll.medcheck"
    assert apply_edits(text, edits_of(everything, uri)).count("daily") == 2


@pytest.mark.parametrize("name, language, text", [
    ("waive.md", "markdown", "# Dose\n\nFirst line of a paragraph.\nTake it qd with food.\nLast line.\n"),
    ("table.md", "markdown", "# Dose\n\n| When | Dose |\n|---|---|\n| Morning | one tablet qd |\n"),
    ("list.md", "markdown", "# Dose\n\n- Take one tablet qd.\n- Drink water.\n"),
    ("waive.html", "html", '<html lang="en"><head><title>Dose</title></head><body>\n<h1>Dose</h1>\n'
                           "<p>First line.\nTake it qd with food.\nLast line.</p>\n</body></html>\n"),
])
async def test_waiving_inserts_a_suppression_with_a_reason_to_fill_in(client, tmp_path, name, language, text):
    uri = open_page(client, tmp_path / name, text, language=language)
    found = await wait_for(client, uri, has(QD))
    others = sorted(str(d.code) for d in found if d.code != QD)
    diagnostic = next(d for d in found if d.code == QD)
    (waive,) = [a for a in await code_actions(client, uri, diagnostic) if a.title.startswith("Waive")]
    waived = apply_edits(text, edits_of(waive, uri))
    assert f"medcheck-disable-line {QD}: TODO: say why this is acceptable -->" in waived
    replace_all(client, uri, waived, 2)
    after = await wait_for(client, uri, lacks(QD))
    assert sorted(str(d.code) for d in after) == others


async def test_plain_text_has_no_comments_so_no_waiver_is_offered(client, tmp_path):
    uri = open_page(client, tmp_path / "plain.txt", "Dose\n\nTake it qd.\n", language="plaintext")
    found = await wait_for(client, uri, has(QD))
    titles = [a.title for a in await code_actions(client, uri, next(d for d in found if d.code == QD))]
    assert titles and not [t for t in titles if t.startswith("Waive")]


# --- hover ----------------------------------------------------------------------------------------

async def test_hover_on_a_finding_shows_what_medcheck_explain_prints(client, tmp_path):
    text = "# Dose\n\nTake it qd.\n"
    uri = open_page(client, tmp_path / "hover.md", text)
    found = await wait_for(client, uri, has(QD))
    diagnostic = next(d for d in found if d.code == QD)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=diagnostic.range.start))
    explained = run_cli("explain", QD, cwd=tmp_path)
    assert explained.returncode == 0
    assert hover.contents.value == explained.stdout
    assert hover.range == diagnostic.range
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 0)))
    assert nothing is None


# --- configuration ----------------------------------------------------------------------------------

async def test_a_changed_configuration_is_read_again(client, tmp_path):
    assert await registered(client, client.registrations, types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    uri = open_page(client, tmp_path / "conf.md", "# Dose\n\nTake it qd.\n")
    await wait_for(client, uri, has(QD))
    config = tmp_path / "medcheck.toml"

    def changed() -> None:
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))

    config.write_text(f'disable = ["{QD}"]\n', encoding="utf-8")
    changed()
    await wait_for(client, uri, lacks(QD))
    config.write_text('disable = ["safety.qd"\n', encoding="utf-8")  # broken TOML
    changed()
    broken = await wait_for(client, uri, lambda ds: any("invalid TOML" in d.message for d in ds))
    assert broken[0].range.start == types.Position(0, 0)
    config.write_text('severity = { "safety.qd" = "info" }\n', encoding="utf-8")
    changed()
    found = await wait_for(client, uri, has(QD))
    assert next(d for d in found if d.code == QD).severity == types.DiagnosticSeverity.Information


async def test_pages_follow_their_own_folders_configuration_and_excludes(client, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "site"\n\n[tool.medcheck]\nexclude = ["drafts/**"]\n'
        '[[tool.medcheck.overrides]]\npaths = ["legacy/**"]\ndisable = ["safety.qd"]\n',
        encoding="utf-8")
    text = "# Dose\n\nTake it qd.\n"
    normal = open_page(client, tmp_path / "pages" / "a.md", text)
    legacy = open_page(client, tmp_path / "legacy" / "b.md", text)
    draft = open_page(client, tmp_path / "drafts" / "c.md", text)
    await wait_for(client, normal, has(QD))
    await wait_for(client, legacy, lambda ds: ds is not None and QD not in codes(ds))
    assert list(await wait_for(client, draft, lambda ds: True)) == []


# --- robustness --------------------------------------------------------------------------------------

async def test_malformed_requests_get_errors_and_the_server_goes_on(client, tmp_path):
    answer = await raw_request(client, {"jsonrpc": "2.0", "id": 901, "method": "textDocument/hover",
                                        "params": {"textDocument": {"uri": 7}}})
    assert answer["error"]["code"] == -32602, answer
    answer = await raw_request(client, {"jsonrpc": "2.0", "id": 902, "method": "medcheck/noSuchMethod",
                                        "params": {}})
    assert answer["error"]["code"] == -32601, answer
    await raw_bytes(client, b"{this is not json")
    with pytest.raises(Exception) as bad_command:
        await client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="medcheck.addWord", arguments=["not an object"]))
    assert "medcheck.addWord" in str(bad_command.value)
    # A request about a page that was never opened is answered, with nothing.
    ghost = (tmp_path / "ghost.md").as_uri()
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=ghost), position=types.Position(0, 0))) is None
    assert await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=ghost),
        range=types.Range(types.Position(0, 0), types.Position(0, 1)),
        context=types.CodeActionContext(diagnostics=[]))) is None
    uri = open_page(client, tmp_path / "after.md", "# Dose\n\nTake it qd.\n")
    await wait_for(client, uri, has(QD))


