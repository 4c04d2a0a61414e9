"""``medcheck lsp``: the language server, over stdio.

Each open page is checked from its buffer (never the file on disk) by the engine's
pure page check, ``check_page(path, bytes, settings)``, with the configuration,
rule packs, knowledge base and suppressions ``medcheck check`` would use for it.

Two kinds of check, each on its own thread so neither waits for the other:

- local checks (every family but grammar) a moment after each change (debounced)
  and at once on open;
- grammar (LanguageTool) on save and when the page has been idle for a while, with
  the per-paragraph cache, so only changed paragraphs go to LanguageTool.

What is published is always for the buffer as it is now: findings computed on an
earlier text are moved across the edits since (positions.carry_over), and findings
whose words were edited wait for the next check. A check that raises costs only that
page's diagnostics (one diagnostic says why); the server goes on.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path, uri_scheme

from .. import __version__
from ..documents import SUPPORTED_SUFFIXES
from ..engine import check_page, merge_duplicates
from ..explain import explain_text, find_rule
from ..model import Finding
from . import actions
from .diagnostics import (ClientSupport, default_rules_reference, problem_diagnostic,
                          sorted_findings, to_diagnostics)
from .grammar import GrammarService
from .positions import PageText, Span
from .project_words import WordListError, add_word
from .projects import Project, ProjectError, Projects

log = logging.getLogger("medcheck.lsp")

LANGUAGES = {"markdown", "html", "plaintext"}
STATUS_COMMAND = "medcheck.status"
# Settings of the editor's extension that are not the server's (VS Code sends its whole
# "medcheck" section): the command to start, the protocol trace.
CLIENT_ONLY_SETTINGS = {"path", "trace"}
WATCHED = ("**/medcheck.toml", "**/pyproject.toml", "**/*.yml", "**/*.yaml")


@dataclass
class Options:
    """Editor settings: initializationOptions or workspace/didChangeConfiguration,
    either flat or under a "medcheck" key."""

    grammar: bool = True
    debounce_ms: int = 75
    grammar_idle_ms: int = 1500
    rules_reference: str | None = field(default_factory=default_rules_reference)

    def update(self, raw: Any) -> list[str]:
        """Apply what is given; returns the problems (unknown keys, wrong types)."""
        if isinstance(raw, dict) and isinstance(raw.get("medcheck"), dict):
            raw = raw["medcheck"]
        if not isinstance(raw, dict):
            return [] if raw is None else [f"settings must be an object, got {type(raw).__name__}"]
        problems = []
        for key, value in raw.items():
            if key == "grammar" and isinstance(value, bool):
                self.grammar = value
            elif key in ("debounceMs", "grammarIdleMs") and isinstance(value, int) \
                    and not isinstance(value, bool) and 0 <= value <= 60_000:
                setattr(self, "debounce_ms" if key == "debounceMs" else "grammar_idle_ms", value)
            elif key == "rulesReference" and (value is None or isinstance(value, str)):
                self.rules_reference = value or None
            elif key in CLIENT_ONLY_SETTINGS:
                continue
            else:
                problems.append(f"ignored setting {key}={value!r} (known: grammar true/false, "
                                "debounceMs and grammarIdleMs in milliseconds, rulesReference URL)")
        return problems


@dataclass
class LocalOutcome:
    page: PageText
    path: str
    findings: list[Finding]
    problem: str | None = None


@dataclass
class GrammarOutcome:
    source: str
    findings: list[Finding]
    status: str


@dataclass(eq=False)
class OpenPage:
    uri: str
    language_id: str
    local: LocalOutcome | None = None
    grammar: GrammarOutcome | None = None
    view: actions.PageView | None = None
    timers: dict[str, asyncio.TimerHandle] = field(default_factory=dict)
    wanted: set[str] = field(default_factory=set)
    running: dict[str, asyncio.Task] = field(default_factory=dict)
    open: bool = True


class _Answered:
    """A message already answered with an error while it was being read."""

    jsonrpc = "2.0"


class MedcheckProtocol(LanguageServerProtocol):
    """Malformed requests get a JSON-RPC error answer, never silence: pygls raises
    while reading a request whose parameters do not fit its method, before it knows
    there is a request to answer."""

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "jsonrpc" in data and "method" in data and "id" in data:
                error = JsonRpcInvalidParams(f"invalid parameters for {data.get('method')!r}: "
                                             f"{_first_line(exc.__cause__ or exc)}")
                self._send_response(data["id"], None, error.to_response_error())
                return _Answered()
            raise

    def handle_message(self, message):
        if isinstance(message, _Answered):
            return
        if isinstance(message, dict):  # valid JSON, not JSON-RPC
            if "id" in message and isinstance(message["id"], (int, str)):
                self._send_response(message["id"], None, JsonRpcInvalidRequest(
                    "not a JSON-RPC 2.0 message").to_response_error())
            return
        super().handle_message(message)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


class MedcheckServer(LanguageServer):
    def __init__(self, *, grammar: bool = True) -> None:
        super().__init__("medcheck", __version__, protocol_cls=MedcheckProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.options = Options()
        self.grammar_allowed = grammar
        self.projects = Projects()
        self.pages: dict[str, OpenPage] = {}
        self.grammar_service = GrammarService()
        self.local_pool = ThreadPoolExecutor(1, thread_name_prefix="medcheck-local")
        self.grammar_pool = ThreadPoolExecutor(1, thread_name_prefix="medcheck-grammar")
        self.loop: asyncio.AbstractEventLoop | None = None
        self.support = ClientSupport()
        self._said: set[str] = set()
        self._closed = False

    # --- options and messages ------------------------------------------------------

    @property
    def grammar_on(self) -> bool:
        return self.grammar_allowed and self.options.grammar

    def say_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        if message in self._said:
            return
        self._said.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"medcheck: {message}"))

    def apply_settings(self, raw: Any) -> None:
        for problem in self.options.update(raw):
            self.say_once(problem)

    # --- scheduling -------------------------------------------------------------------

    def schedule(self, page: OpenPage, kind: str, delay_ms: int) -> None:
        if kind == "grammar" and not self.grammar_on:
            return
        timer = page.timers.pop(kind, None)
        if timer is not None:
            timer.cancel()
        assert self.loop is not None
        page.timers[kind] = self.loop.call_later(delay_ms / 1000, self._start, page, kind)

    def _start(self, page: OpenPage, kind: str) -> None:
        page.timers.pop(kind, None)
        if not page.open:
            return
        page.wanted.add(kind)
        if kind not in page.running:
            page.running[kind] = asyncio.ensure_future(self._run(page, kind))

    async def _run(self, page: OpenPage, kind: str) -> None:
        loop = asyncio.get_running_loop()
        try:
            while kind in page.wanted and page.open and not self._closed:
                page.wanted.discard(kind)
                doc = self.workspace.text_documents.get(page.uri)
                if doc is None:
                    return
                text = doc.source
                if kind == "local":
                    page.local = await loop.run_in_executor(self.local_pool, self.check_local,
                                                            page.uri, text, page.language_id)
                else:
                    page.grammar = await loop.run_in_executor(self.grammar_pool, self.check_grammar,
                                                              page.uri, text, page.language_id)
                    self._report_grammar_status(page.grammar.status)
                if page.open:
                    self.publish(page)
        except Exception:  # never leave a page without diagnostics because of a bug here
            log.exception("checking %s failed", page.uri)
        finally:
            page.running.pop(kind, None)

    def _report_grammar_status(self, status: str) -> None:
        if status.startswith("skipped") and "turned off" not in status:
            self.say_once(f"grammar {status}")

    def recheck_all(self, grammar_now: bool = False) -> None:
        for page in list(self.pages.values()):
            self.schedule(page, "local", 0)
            self.schedule(page, "grammar", 0 if grammar_now else self.options.grammar_idle_ms)

    # --- the checks (worker threads) -------------------------------------------------------

    def _file_of(self, uri: str) -> Path | None:
        if uri_scheme(uri) != "file":
            return None
        path = to_fs_path(uri)
        return Path(path) if path else None

    def _project(self, uri: str) -> Project:
        return self.projects.project_for(self._file_of(uri))

    def check_local(self, uri: str, text: str, language_id: str) -> LocalOutcome:
        page = PageText(text, self.workspace.position_codec.client_num_units)
        try:
            project = self._project(uri)
        except ProjectError as exc:
            return LocalOutcome(page, "", [], f"configuration: {exc}")
        path = project.report_path(self._file_of(uri), language_id)
        if project.excluded(path):
            return LocalOutcome(page, path, [])
        try:
            result = check_page(path, page.data, project.settings)
        except RecursionError:
            return LocalOutcome(page, path, [], "page structure is nested too deeply to check")
        except Exception as exc:  # a bug in one check: this page says so, the server goes on
            log.error("internal error checking %s:\n%s", uri, traceback.format_exc())
            return LocalOutcome(page, path, [], f"internal error: {type(exc).__name__}: {exc} "
                                                "(please report it; the server log has details)")
        if result.error is not None:
            return LocalOutcome(page, path, [], result.error)
        return LocalOutcome(page, path, [f for f in result.findings if f.suppressed is None])

    def check_grammar(self, uri: str, text: str, language_id: str) -> GrammarOutcome:
        page = PageText(text)
        if not self.grammar_on:
            return GrammarOutcome(page.source, [], "skipped: turned off in the editor settings")
        try:
            project = self._project(uri)
        except ProjectError as exc:
            return GrammarOutcome(page.source, [], f"skipped: configuration: {exc}")
        if not project.config.get("languagetool")["enabled"]:
            return GrammarOutcome(page.source, [], "skipped: turned off in the configuration")
        path = project.report_path(self._file_of(uri), language_id)
        if project.excluded(path):
            return GrammarOutcome(page.source, [], "checked")
        for attempt in (1, 2):
            handle, status = self.grammar_service.handle_for(project.config)
            if handle is None:
                return GrammarOutcome(page.source, [], status)
            try:
                result = check_page(path, page.data, project.grammar_settings(handle))
            except Exception as exc:
                log.error("internal error in grammar for %s:\n%s", uri, traceback.format_exc())
                return GrammarOutcome(page.source, [], f"skipped: internal error: {exc}")
            if handle.failed() is None:
                findings = [f for f in result.findings
                            if f.rule.startswith("lt.") and f.suppressed is None]
                return GrammarOutcome(page.source, findings, "checked")
            self.grammar_service.restart()
        return GrammarOutcome(page.source, [], f"skipped: {handle.failed()}")

    # --- publishing (event loop) ---------------------------------------------------------

    def publish(self, page: OpenPage) -> None:
        doc = self.workspace.text_documents.get(page.uri)
        if doc is None or page.local is None:
            return
        from .positions import carry_over

        now = PageText(doc.source, self.workspace.position_codec.client_num_units)
        local = page.local
        findings = carry_over(local.findings, local.page.source, now.source)
        if page.grammar is not None and self.grammar_on and local.problem is None:
            findings += carry_over(page.grammar.findings, page.grammar.source, now.source)
        try:
            settings = self._project(page.uri).settings
        except ProjectError:
            settings = None
        findings = sorted_findings(merge_duplicates(findings, settings))
        diagnostics = to_diagnostics(findings, now, page.uri, self.support,
                                     self.options.rules_reference)
        if local.problem is not None:
            diagnostics.insert(0, problem_diagnostic(local.problem))
        page.view = actions.PageView(page.uri, doc.version, now, local.path, findings, diagnostics)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=page.uri, diagnostics=diagnostics, version=doc.version))

    def current_view(self, uri: str) -> actions.PageView | None:
        page = self.pages.get(uri)
        doc = self.workspace.text_documents.get(uri)
        if page is None or page.view is None or doc is None or page.view.version != doc.version:
            return None
        return page.view

    # --- shutdown ---------------------------------------------------------------------------

    def close_everything(self) -> None:
        """Stop LanguageTool and the worker threads; safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        for page in self.pages.values():
            page.open = False
            for timer in page.timers.values():
                timer.cancel()
        self.local_pool.shutdown(wait=False, cancel_futures=True)
        self.grammar_service.closing = True
        try:
            self.grammar_pool.submit(self.grammar_service.close).result(timeout=30)
        except Exception:
            self.grammar_service.close()
        self.grammar_pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self):
        self.close_everything()
        super().shutdown()

    def report_server_error(self, error: Exception, source) -> None:
        if isinstance(error, json.JSONDecodeError):
            # Not JSON at all: JSON-RPC's answer is a parse error with no id.
            # Written as a plain dict: lsprotocol leaves out an id that is None, and a
            # response must carry "id": null.
            self.protocol._send_data({"jsonrpc": "2.0", "id": None,  # noqa: SLF001
                                      "error": {"code": -32700, "message": f"parse error: {error}"}})
            return
        log.error("%s: %s", getattr(source, "__name__", source), error)


server = MedcheckServer()


def _page_wanted(uri: str, language_id: str) -> bool:
    return language_id in LANGUAGES or Path(uri).suffix.lower() in SUPPORTED_SUFFIXES


@server.feature(types.INITIALIZE)
def initialize(ls: MedcheckServer, params: types.InitializeParams) -> None:
    ls.loop = asyncio.get_running_loop()
    ls.support = ClientSupport.of(params.capabilities)
    ls.apply_settings(params.initialization_options)
    ls.projects.workspace_folders = _folders(params.workspace_folders, params.root_uri)


def _folders(folders, root_uri) -> list[Path]:
    out = []
    for folder in folders or []:
        path = to_fs_path(folder.uri) if uri_scheme(folder.uri) == "file" else None
        if path:
            out.append(Path(path))
    if not out and root_uri and uri_scheme(root_uri) == "file":
        path = to_fs_path(root_uri)
        if path:
            out.append(Path(path))
    return out


@server.feature(types.INITIALIZED)
async def initialized(ls: MedcheckServer, params: types.InitializedParams) -> None:
    watched = getattr(ls.client_capabilities.workspace, "did_change_watched_files", None)
    if watched is None or not watched.dynamic_registration:
        return  # a changed configuration is still seen: its time stamp is checked on each check
    registration = types.Registration(
        id="medcheck-configuration", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]))
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
    except Exception as exc:
        log.warning("the client did not accept the file watchers: %s", exc)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: MedcheckServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    if not _page_wanted(item.uri, item.language_id):
        return
    page = ls.pages.get(item.uri)
    if page is None:
        page = ls.pages[item.uri] = OpenPage(item.uri, item.language_id)
    page.language_id = item.language_id
    page.open = True
    ls.schedule(page, "local", 0)
    ls.schedule(page, "grammar", ls.options.grammar_idle_ms)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MedcheckServer, params: types.DidChangeTextDocumentParams) -> None:
    page = ls.pages.get(params.text_document.uri)
    if page is None:
        return
    ls.schedule(page, "local", ls.options.debounce_ms)
    ls.schedule(page, "grammar", ls.options.grammar_idle_ms)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: MedcheckServer, params: types.DidSaveTextDocumentParams) -> None:
    page = ls.pages.get(params.text_document.uri)
    if page is not None:
        ls.schedule(page, "grammar", 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MedcheckServer, params: types.DidCloseTextDocumentParams) -> None:
    page = ls.pages.pop(params.text_document.uri, None)
    if page is None:
        return
    page.open = False
    for timer in page.timers.values():
        timer.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: MedcheckServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.projects.forget()
    ls.recheck_all()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: MedcheckServer, params: types.DidChangeConfigurationParams) -> None:
    was = ls.grammar_on
    ls.apply_settings(params.settings)
    if was and not ls.grammar_on:
        for page in ls.pages.values():
            page.grammar = None
            timer = page.timers.pop("grammar", None)
            if timer is not None:
                timer.cancel()
    ls.recheck_all(grammar_now=ls.grammar_on and not was)


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_workspace_folders(ls: MedcheckServer,
                                 params: types.DidChangeWorkspaceFoldersParams) -> None:
    removed = {Path(p) for p in (to_fs_path(f.uri) for f in params.event.removed) if p}
    folders = [f for f in ls.projects.workspace_folders if f not in removed]
    folders += [f for f in _folders(params.event.added, None) if f not in folders]
    ls.projects.workspace_folders = folders
    ls.projects.forget()
    ls.recheck_all()


def _pairs(view: actions.PageView) -> list[tuple[Finding, types.Diagnostic]]:
    """Findings with their diagnostics (a page problem, when there is one, comes first)."""
    offset = len(view.diagnostics) - len(view.findings)
    return list(zip(view.findings, view.diagnostics[offset:]))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: MedcheckServer, params: types.HoverParams) -> types.Hover | None:
    view = ls.current_view(params.text_document.uri)
    if view is None:
        return None
    here = [(f, d) for f, d in _pairs(view) if Span(d.range).contains(params.position)]
    if not here:
        return None
    try:
        project = ls._project(params.text_document.uri)  # noqa: SLF001
        rules, settings = project.rules, project.settings
    except ProjectError:
        rules, settings = {}, None
    texts = []
    for rule_id in dict.fromkeys(f.rule for f, _ in here):
        rule = find_rule(rule_id, rules)
        if rule is not None:
            texts.append(explain_text(rule, settings))
    if not texts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.PlainText,
                                                    value="\n".join(texts)),
                       range=here[0][1].range)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND]))
def code_action(ls: MedcheckServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    view = ls.current_view(params.text_document.uri)
    if view is None:
        return None
    only = params.context.only
    wanted = lambda kind: not only or any(kind == k or kind.startswith(f"{k}.") for k in only)  # noqa: E731
    workspace_edit = getattr(ls.client_capabilities.workspace, "workspace_edit", None)
    versioned = bool(getattr(workspace_edit, "document_changes", False))
    out: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix):
        asked = {(d.data or {}).get("fingerprint") if isinstance(d.data, dict) else None
                 for d in params.context.diagnostics if d.source == "medcheck"}
        pairs = _pairs(view)
        chosen = [(f, d) for f, d in pairs if f.fingerprint in asked]
        if not chosen:
            chosen = [(f, d) for f, d in pairs if Span(d.range).overlaps(params.range)]
        out.extend(actions.actions_for(view, chosen, versioned))
    if wanted(actions.FIX_ALL_KIND) and only:
        everything = actions.fix_all(view, versioned)
        if everything is not None:
            out.append(everything)
    return out


@server.command(actions.ADD_WORD_COMMAND)
def add_word_command(ls: MedcheckServer, *arguments: Any) -> dict | None:
    argument = arguments[0] if arguments else None
    if not isinstance(argument, dict) or not isinstance(argument.get("word"), str) \
            or not isinstance(argument.get("uri"), str):
        raise JsonRpcInvalidParams(f"{actions.ADD_WORD_COMMAND} takes one argument "
                                   '{"uri": page URI, "word": the word}')
    file = ls._file_of(argument["uri"])  # noqa: SLF001
    folder = ls.projects.folder_for(file)
    config_file = ls.projects.config_file(folder)
    if config_file is None:
        folder = ls.projects.workspace_folders[0] if ls.projects.workspace_folders else folder
    try:
        written, changed = add_word(config_file, folder, argument["word"])
    except (WordListError, OSError) as exc:
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                       message=f"medcheck: {exc}"))
        return None
    ls.projects.forget()
    ls.recheck_all(grammar_now=True)
    return {"file": str(written), "changed": changed}


@server.command(STATUS_COMMAND)
def status_command(ls: MedcheckServer, *arguments: Any) -> dict:
    return {"version": __version__, "grammar": ls.grammar_service.describe(),
            "grammarEnabled": ls.grammar_on, "open": sorted(ls.pages),
            "configurations": [str(p) for p in ls.projects.config_files()]}


@server.feature(types.SHUTDOWN)
def on_shutdown(ls: MedcheckServer, *args: Any) -> None:
    ls.close_everything()


def _stop_on_sigterm() -> None:
    """SIGTERM from the editor: stop LanguageTool on the way out and exit 0.

    The kernel may deliver the signal to any thread (often the one blocked reading
    stdin), while Python runs signal handlers only in the main thread, which sits in
    the event loop's select() and is not woken: the server then hung until the next
    message. The C-level handler always writes the signal to the wakeup fd, whichever
    thread it lands on, so a watcher thread reading that fd does the stopping."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    signal.signal(signal.SIGTERM, lambda signum, frame: None)  # the watcher acts on it
    signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)

    def watch() -> None:
        while True:
            got = os.read(read_end, 64)
            if not got or signal.SIGTERM in got:
                break
        try:
            server.close_everything()
        finally:
            os._exit(0)

    threading.Thread(target=watch, name="medcheck-sigterm", daemon=True).start()


def main(*, grammar: bool = True, log_level: str = "WARNING") -> None:
    """Serve over stdio until the editor says exit (or closes the pipe)."""
    logging.basicConfig(level=getattr(logging, log_level.upper(), logging.WARNING),
                        stream=sys.stderr, format="medcheck-lsp %(levelname)s %(name)s: %(message)s")
    # The protocol owns stdout: anything else a library prints goes to stderr instead
    # of corrupting the message stream.
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr

    _stop_on_sigterm()
    server.grammar_allowed = grammar
    try:
        server.start_io(sys.stdin.buffer, protocol_out)
    finally:
        server.close_everything()
