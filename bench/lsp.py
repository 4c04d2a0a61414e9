"""Editor latency of `medcheck lsp`, measured through a real LSP client (pygls').

    python bench/lsp.py [--corpus ../shared/corpus/medquad] [--edits 50]
                        [--memory-edits 1000] [--harper-ls PATH]

For a page of about 300 words and one of about 3,000 (real corpus pages), the client
types into the middle of a paragraph, one character per didChange, and times each
didChange until the server's publishDiagnostics for that version arrives: the
median (and 90th percentile) of ``--edits`` edits, local checks only (grammar runs on
save or idle, never on a keystroke). medcheck is measured with its default debounce
(75 ms, included in the figure) and with none. Then ``--memory-edits`` edits on the
long page, the server's resident memory sampled along the way.

``--harper-ls`` runs the same edits on the same pages through harper-ls (crates.io)
for a side-by-side figure. This is a benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MEDCHECK = [sys.executable, "-m", "checker.cli", "lsp", "--no-grammar"]
TYPED = "Ask your pharmacist before you take it with other medicines. "


def pick_page(corpus: Path, words: int) -> Path:
    """The first page (in name order) within 10% of the wanted word count."""
    for page in sorted(corpus.rglob("*.md")):
        count = len(page.read_text(encoding="utf-8", errors="replace").split())
        if abs(count - words) <= words // 10:
            return page
    raise SystemExit(f"no page of about {words} words in {corpus}")


def typing_point(text: str) -> tuple[int, int]:
    """(line, column) in the middle of the page's middle paragraph: where the typing goes."""
    lines = text.split("\n")
    prose = [i for i, line in enumerate(lines)
             if len(line.split()) > 8 and not line.startswith(("#", "-", "*", "|", ">"))]
    line = prose[len(prose) // 2]
    cut = lines[line].find(" ", len(lines[line]) // 2)
    return line, (cut if cut > 0 else len(lines[line]))


class Session:
    """One server, one page, edits timed from didChange to publishDiagnostics."""

    def __init__(self, command: list[str], options: dict | None = None):
        self.command = command
        self.options = options
        self.client = BaseLanguageClient("medcheck-bench", "1")
        self.version = 0
        self.latest: dict[str, tuple[int | None, float]] = {}
        self.arrived = asyncio.Event()
        self.uri = ""

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.latest[params.uri] = (params.version, time.perf_counter())
            self.arrived.set()

        @self.client.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams) -> list:
            return [{} for _ in params.items]

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            return None

        @self.client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def progress(params) -> None:
            return None

    @property
    def pid(self) -> int:
        return self.client._server.pid  # noqa: SLF001

    async def start(self, root: Path) -> None:
        await self.client.start_io(*self.command)
        capabilities = types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                    related_information=True, version_support=True, code_description_support=True),
                synchronization=types.TextDocumentSyncClientCapabilities(did_save=True)),
            workspace=types.WorkspaceClientCapabilities(configuration=True))
        await self.client.initialize_async(types.InitializeParams(
            capabilities=capabilities, root_uri=root.as_uri(), process_id=os.getpid(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=self.options))
        self.client.initialized(types.InitializedParams())

    async def open(self, path: Path, text: str, timeout: float = 120.0) -> float:
        self.uri = path.as_uri()
        self.version = 1
        started = time.perf_counter()
        self.arrived.clear()
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            uri=self.uri, language_id="markdown", version=1, text=text)))
        await self._wait(1, started, timeout)
        return time.perf_counter() - started

    async def change(self, line: int, column: int, end_column: int, text: str,
                     timeout: float = 60.0) -> float:
        self.version += 1
        started = time.perf_counter()
        self.arrived.clear()
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, column), types.Position(line, end_column)),
                text=text)]))
        return await self._wait(self.version, started, timeout)

    async def _wait(self, version: int, started: float, timeout: float) -> float:
        """Seconds until diagnostics for this version (or, from a server that sends no
        version, the first diagnostics after the change) arrived."""
        deadline = started + timeout
        while True:
            got = self.latest.get(self.uri)
            if got is not None and got[1] >= started and (got[0] is None or got[0] >= version):
                return got[1] - started
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for version {version} within {timeout:g} s")
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), 30)
            self.client.exit(None)
            await asyncio.wait_for(self.client._server.wait(), 30)  # noqa: SLF001
        except (asyncio.TimeoutError, Exception):
            self.client._server.kill()  # noqa: SLF001
        await self.client.stop()


class Typist:
    """Types a sentence one character at a time at a point, then deletes it and types the
    next one: every edit leaves a page text the server has not seen (each sentence starts
    with its own number, so no cache is served the same paragraph twice)."""

    def __init__(self, line: int, column: int):
        self.line, self.column, self.typed, self.cycle = line, column, 0, 0
        self.sentence = self._sentence()

    def _sentence(self) -> str:
        return f"Note {self.cycle}: {TYPED}"

    async def next_edit(self, session: Session) -> float:
        if self.typed == len(self.sentence):
            length, self.typed = len(self.sentence), 0
            self.cycle += 1
            self.sentence = self._sentence()
            return await session.change(self.line, self.column, self.column + length, "")
        ch = self.sentence[self.typed]
        at = self.column + self.typed
        self.typed += 1
        return await session.change(self.line, at, at, ch)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def latency(command: list[str], options: dict | None, page: Path, edits: int,
                  root: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    target = root / f"bench-{page.stem}.md"
    session = Session(command, options)
    await session.start(root)
    try:
        first = await session.open(target, text)
        typist = Typist(*typing_point(text))
        for _ in range(5):  # warm-up edits, not counted
            await typist.next_edit(session)
        times = [await typist.next_edit(session) for _ in range(edits)]
    finally:
        await session.stop()
    times.sort()
    return {"open_s": round(first, 3), "median_ms": round(statistics.median(times) * 1000, 1),
            "p90_ms": round(times[int(len(times) * 0.9) - 1] * 1000, 1),
            "max_ms": round(times[-1] * 1000, 1), "edits": edits}


async def memory(command: list[str], page: Path, edits: int, root: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    session = Session(command)
    await session.start(root)
    samples = []
    try:
        await session.open(root / f"memory-{page.stem}.md", text)
        started = time.perf_counter()
        samples.append((0, 0.0, rss_mb(session.pid)))
        typist = Typist(*typing_point(text))
        at_minute = None
        for n in range(1, edits + 1):
            await typist.next_edit(session)
            elapsed = time.perf_counter() - started
            if at_minute is None and elapsed >= 60:
                at_minute = (n, round(elapsed, 1), rss_mb(session.pid))
            if n % max(1, edits // 10) == 0:
                samples.append((n, round(elapsed, 1), rss_mb(session.pid)))
    finally:
        await session.stop()
    return {"samples": [{"edits": n, "seconds": s, "rss_mb": round(m, 1)} for n, s, m in samples],
            "at_one_minute": None if at_minute is None else
            {"edits": at_minute[0], "seconds": at_minute[1], "rss_mb": round(at_minute[2], 1)}}


async def main_async(args: argparse.Namespace) -> dict:
    corpus = Path(args.corpus)
    pages = {"300 words": pick_page(corpus, 300), "3,000 words": pick_page(corpus, 3000)}
    servers = {"medcheck (debounce 75 ms)": (MEDCHECK, None),
               "medcheck (no debounce)": (MEDCHECK, {"debounceMs": 0})}
    if args.harper_ls:
        servers["harper-ls"] = ([args.harper_ls, "--stdio"], None)
    results: dict = {"pages": {k: str(v) for k, v in pages.items()}, "latency": {}}
    with tempfile.TemporaryDirectory(prefix="medcheck-lsp-bench-") as folder:
        root = Path(folder)
        for label, page in pages.items():
            for name, (command, options) in servers.items():
                result = await latency(command, options, page, args.edits, root)
                results["latency"].setdefault(label, {})[name] = result
                print(f"{label:<12} {name:<27} median {result['median_ms']:>7} ms   "
                      f"p90 {result['p90_ms']:>7} ms   max {result['max_ms']:>7} ms   "
                      f"(open {result['open_s']} s)", flush=True)
        if args.memory_edits:
            results["memory"] = await memory(MEDCHECK, pages["3,000 words"], args.memory_edits, root)
            for sample in results["memory"]["samples"]:
                print(f"memory after {sample['edits']:>5} edits ({sample['seconds']:>6} s): "
                      f"{sample['rss_mb']} MB", flush=True)
            if results["memory"]["at_one_minute"]:
                m = results["memory"]["at_one_minute"]
                print(f"memory at one minute ({m['edits']} edits): {m['rss_mb']} MB", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus" / "medquad"))
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--memory-edits", type=int, default=1000)
    parser.add_argument("--harper-ls", help="a harper-ls binary to measure on the same pages")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    os.environ.setdefault("MEDCHECK_TODAY", "2026-11-24")
    results = asyncio.run(main_async(args))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
