"""Grammar and spelling through the REAL LanguageTool server built from Maven Central.

The session fixture builds LanguageTool with tools/languagetool/build.sh (seconds when
already built; a fresh machine downloads it) and starts one real server for the whole
module. Fault tests add at most one more real server (the background one, which the
"dies mid-run" test then kills); a tiny fake HTTP server is used only for time-outs,
in addition to the real one, never instead of it. No skip: a missing Java or Maven
fails the fixture, loudly.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from checker.checks import Context
from checker.checks import grammar as grammar_family
from checker.config import load_config
from checker.documents import parse_text
from checker.grammar import client, open_grammar, server as lt_server, session
from checker.grammar.install import GrammarUnavailable, find_install

from .conftest import REPO, run_cli

BUILD = REPO / "tools" / "languagetool" / "build.sh"


# --- fixtures -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def lt_install():
    """Build (or confirm) the local LanguageTool exactly as `make setup` does."""
    proc = subprocess.run(["bash", str(BUILD)], cwd=REPO, capture_output=True, text=True,
                          timeout=1800)
    assert proc.returncode == 0, f"build.sh failed:\n{proc.stdout}\n{proc.stderr}"
    return find_install()


def _config(folder: Path, **values):
    config = load_config(cwd=folder)
    return config.with_values(cache_dir=str(folder / "cache"), **values)


@pytest.fixture(scope="session")
def lt(lt_install, tmp_path_factory):
    """One real server for the module, started by open_grammar as a run would."""
    os.environ.pop(session.URL_ENV, None)
    folder = tmp_path_factory.mktemp("lt-session")
    config = _config(folder)
    with open_grammar(config, enabled=True, require=True) as (handle, status):
        assert status == "checked", status
        assert handle is not None and handle.owner == "run"
        yield handle


def _ctx(handle, config=None):
    return Context(config=config or load_config(cwd=Path("/nonexistent-medcheck")),
                   packs=None, kb=None, today=None, grammar=handle)  # type: ignore[arg-type]


def _fresh(handle, folder: Path):
    """The same server with an empty result cache of its own."""
    from dataclasses import replace
    return replace(handle, cache_path=str(folder / "results.sqlite"),
                   failure_path=str(folder / "failed"))


def _findings(handle, text: str, path: str = "page.md"):
    doc = parse_text(path, text, "markdown")
    return doc, list(grammar_family.check(doc, _ctx(handle)))


def _at(doc, finding):
    return doc.position(finding.start), doc.source[finding.start:finding.end]


def _spelling_flags(handle, folder: Path, text: str) -> set[str]:
    """The words of a Markdown page the spelling rules flag, checked with a fresh cache."""
    doc, findings = _findings(_fresh(handle, folder), text)
    return {doc.source[f.start:f.end] for f in findings if f.category == "spelling"}


# --- the real server: findings, positions, drug names -------------------------------

PAGE = """---
title: Taking pregabalin
audience: patient
---
# How to take pregabalin

Pregabalin (Lyrica) and gabapentin can cause dizzyness. Take an tablet with
[food](https://example.org/food), and tell your doctor if its hard to stand up.

- She take it at night.
- Do not stop taking Tylenol, ibuprofen or naproxen without advice.
"""


def test_grammar_and_spelling_at_exact_source_positions(lt, tmp_path):
    doc, findings = _findings(_fresh(lt, tmp_path), PAGE)
    got = {(f.rule, *_at(doc, f)) for f in findings}
    assert ("lt.MORFOLOGIK_RULE_EN_US", (7, 46), "dizzyness") in got
    assert ("lt.EN_A_VS_AN", (7, 62), "an") in got
    assert {r for r, pos, w in got if (pos, w) == ((8, 59), "its")} & {"lt.IT_IS", "lt.ITS_TO_IT_S"}
    assert ("lt.HE_VERB_AGR", (10, 7), "take") in got
    by_rule = {f.rule: f for f in findings}
    assert by_rule["lt.MORFOLOGIK_RULE_EN_US"].category == "spelling"
    assert by_rule["lt.EN_A_VS_AN"].category == "grammar"
    assert "dizziness" in by_rule["lt.MORFOLOGIK_RULE_EN_US"].suggestions
    assert all(f.source.startswith("LanguageTool 6.8, rule") for f in findings)


def test_no_drug_name_of_the_knowledge_base_is_a_spelling_finding(lt, tmp_path):
    from checker.knowledge import load_knowledge_base
    from checker.grammar.wordlist import build_words
    from checker.resources import rules_dir

    kb_words = [w for w in build_words([rules_dir()]) if w[0].isalpha()]
    assert "pregabalin" in kb_words and "Lyrica" in kb_words
    sentence = "Ask about " + ", ".join(kb_words[:400]) + "."
    handle = _fresh(lt, tmp_path)
    doc, findings = _findings(handle, sentence)
    spelling = [doc.source[f.start:f.end] for f in findings if f.category == "spelling"]
    assert spelling == [], spelling
    # ... and the server itself knows them (the word list is on its classpath), not
    # only medcheck's filter: ask it directly.
    raw = client.check_texts(handle, ["Pregabalin and Lyrica help some people."])
    assert not [m for m in raw[0] if m.rule_id.startswith("MORFOLOGIK")]
    assert load_knowledge_base() is not None


def test_project_words_are_accepted(lt, tmp_path):
    handle = _fresh(lt, tmp_path)
    # A near miss of a dictionary word ("naproxen") is a finding until the project lists it
    # (a word far from every dictionary word is taken for a term: test_rare_terms_...).
    doc = parse_text("p.md", "Ask about naproxin before you start.\n", "markdown")
    ctx_plain = _ctx(handle)
    assert [f for f in grammar_family.check(doc, ctx_plain) if f.category == "spelling"]
    config = load_config(cwd=Path("/nonexistent-medcheck")).with_values(words=["naproxin"])
    assert not [f for f in grammar_family.check(doc, _ctx(handle, config))
                if f.category == "spelling"]


def test_misspelled_brand_names_are_caught_but_names_and_symbols_are_not(lt, tmp_path):
    doc, findings = _findings(_fresh(lt, tmp_path),
                              "Ask before you take Tyelnol or Advl. Ask about HPO, eGFR and "
                              "Bartter syndrome.\n")
    spelling = {doc.source[f.start:f.end]: f for f in findings if f.category == "spelling"}
    assert set(spelling) == {"Tyelnol", "Advl"}, set(spelling)
    assert spelling["Tyelnol"].suggestions[0] == "Tylenol"  # the knowledge base's name
    assert "Advil" in spelling["Advl"].suggestions


def test_layout_is_not_reported_as_writing(lt, tmp_path):
    handle = _fresh(lt, tmp_path)
    # The parser cuts the URL out of the text: LanguageTool sees "at ." but the writer
    # wrote "at <URL>."; a run-in heading repeated by its sentence is layout.
    doc, findings = _findings(handle, "Read more at https://example.org/dash. It helps.\n\n"
                                      "Chemotherapy      Chemotherapy is a treatment.\n\n"
                                      "Tell the the nurse.\n")
    got = [(f.rule, doc.source[f.start:f.end]) for f in findings]
    assert got == [("lt.ENGLISH_WORD_REPEAT_RULE", "the the")], got


def test_fragments_are_not_held_to_sentence_rules(lt, tmp_path):
    doc, findings = _findings(_fresh(lt, tmp_path),
                              "# side effects\n\n- headache\n- upset stomach\n\nsleep is hard.\n")
    rules = [(f.rule, doc.source[f.start:f.end]) for f in findings]
    assert ("lt.UPPERCASE_SENTENCE_START", "sleep") in rules  # a paragraph: kept
    assert not [r for r in rules if r[1] in ("side", "headache", "upset")]


def test_documented_rules_prove_their_examples(lt, tmp_path):
    handle = _fresh(lt, tmp_path)
    for rule in grammar_family.RULES:
        assert rule.source and rule.examples.match and rule.examples.no_match
        # A rule off by default is proved with it turned on, as `medcheck test` does.
        config = load_config(cwd=Path("/nonexistent-medcheck")).with_values(enable=[rule.id])
        # A group of LanguageTool rules (lt.COMPOUNDS) is proved by its members' findings.
        ids = lambda found: {f.rule for f in found} | {f.data.get("group") for f in found}  # noqa: E731
        for text in rule.examples.match:
            found = grammar_family.check(parse_text("page.md", text, "markdown"), _ctx(handle, config))
            assert rule.id in ids(found), (rule.id, text)
        for text in rule.examples.no_match:
            found = grammar_family.check(parse_text("page.md", text, "markdown"), _ctx(handle, config))
            assert rule.id not in ids(found), (rule.id, text)


def test_one_request_per_batch_and_offsets_across_astral_characters(lt, tmp_path):
    handle = _fresh(lt, tmp_path)
    texts = ["Take an tablet. \U0001F48A Then rest.", "She take it.", "\U0001F600 This are fine."]
    client.REQUEST_COUNT = 0
    results = client.check_texts(handle, texts)
    assert client.REQUEST_COUNT == 1  # three blocks, one request
    first = {texts[0][m.start:m.end] for m in results[0]}
    assert "an" in first
    # after an emoji (2 UTF-16 units in Java, 1 character here) offsets are still exact
    assert any(texts[2][m.start:m.start + 4] == "This" for m in results[2]), results[2]
    assert all(texts[2][m.start:m.end].strip() == texts[2][m.start:m.end] for m in results[2])


def test_long_pages_are_split_into_batches_not_sentences(lt, tmp_path):
    from dataclasses import replace
    handle = replace(_fresh(lt, tmp_path), batch_chars=200)
    texts = [f"Paragraph {i} has a sentence. It has another one." for i in range(12)]
    client.REQUEST_COUNT = 0
    client.check_texts(handle, texts)
    assert 2 <= client.REQUEST_COUNT <= 6  # batches of ~200 chars, not 24 sentences


def test_cache_second_run_sends_nothing(lt, tmp_path):
    handle = _fresh(lt, tmp_path)
    log = Path(_server_log(lt))
    before = log.read_text().count("Handling POST /v2/check")
    client.REQUEST_COUNT = 0
    doc, first = _findings(handle, PAGE)
    assert client.REQUEST_COUNT == 1
    client.reset_process_state()  # a new process: new client, new SQLite connection
    doc, second = _findings(handle, PAGE)
    assert client.REQUEST_COUNT == 0
    assert [(f.rule, f.start, f.end) for f in first] == [(f.rule, f.start, f.end) for f in second]
    assert log.read_text().count("Handling POST /v2/check") == before + 1
    # An edited paragraph is sent again; the unchanged ones are not.
    edited = PAGE.replace("She take it at night.", "He go there.")
    client.REQUEST_COUNT = 0
    _findings(handle, edited)
    assert client.REQUEST_COUNT == 1
    assert log.read_text().count("Handling POST /v2/check") == before + 2
    assert "Check done: 13 chars" in log.read_text()  # only "He go there." (and its block)


def test_a_run_whose_paragraphs_are_cached_starts_no_java(lt, tmp_path):
    """The paragraph cache is read before any server would start: with no Java at all,
    a page whose paragraphs were checked before still gets its grammar findings; an
    edited paragraph needs the server (and here cannot get one)."""
    from dataclasses import replace

    from checker.engine import _with_block_cache

    project = tmp_path / "project"
    project.mkdir()
    (project / "medcheck.toml").write_text("")
    page = "# Doses\n\nTake an tablet with food.\n\nShe take it at night.\n"
    (project / "page.md").write_text(page)
    # Fill the cache as an earlier run would have, through the session's real server.
    offered = []
    with open_grammar(load_config(cwd=project), needed=lambda h: offered.append(h) or False) \
            as (handle, status):
        assert status == "checked" and handle.owner == "cache" and handle.url == ""
    cached = _with_block_cache(offered[0], project / ".medcheck_cache")
    doc = parse_text("page.md", page, "markdown")
    client.check_texts(replace(cached, url=lt.url), [b.text for b in grammar_family.checked_blocks(doc)])

    no_java = {"PATH": str(tmp_path / "no-java-here"), "JAVA_HOME": ""}
    proc = run_cli("check", "page.md", "--format", "json", "--fail-on", "never", cwd=project,
                   env=no_java)
    report = json.loads(proc.stdout)
    assert report["summary"]["grammar"] == "checked", proc.stderr
    hits = {(f["rule"], f["line"], f["column"]) for f in report["findings"]}
    assert {("lt.EN_A_VS_AN", 3, 6), ("lt.HE_VERB_AGR", 5, 5)} <= hits, hits

    (project / "page.md").write_text(page.replace("She take it at night.", "He go there."))
    proc = run_cli("check", "page.md", "--format", "json", "--fail-on", "never", cwd=project,
                   env=no_java)
    assert json.loads(proc.stdout)["summary"]["grammar"].startswith("skipped: Java is not installed")


def test_cache_key_changes_with_settings_and_version(lt):
    from dataclasses import replace
    assert replace(lt, disabled_rules=lt.disabled_rules + ("EN_A_VS_AN",)).settings_key() != lt.settings_key()
    assert replace(lt, version="9.9").settings_key() != lt.settings_key()
    assert replace(lt, url="http://127.0.0.1:1/").settings_key() == lt.settings_key()


def test_handle_is_picklable_for_the_process_pool(lt):
    import pickle
    again = pickle.loads(pickle.dumps(lt))
    assert again == lt and again.cache_key() == lt.cache_key()


def test_language_tool_python_never_downloads(lt, tmp_path, monkeypatch):
    from language_tool_python import download_lt

    def refuse(*args, **kwargs):
        raise AssertionError("language-tool-python tried to download LanguageTool")

    monkeypatch.setattr(download_lt.LocalLanguageTool, "download", refuse, raising=False)
    monkeypatch.setattr(download_lt, "download_lt", refuse, raising=False)
    client.reset_process_state()
    _findings(_fresh(lt, tmp_path), "Take an tablet.\n")
    for name in ("BASE_URL_RELEASE", "BASE_URL_SNAPSHOT", "BASE_URL_NEW_RELEASES", "BASE_URL_ARCHIVE"):
        assert getattr(download_lt, name).startswith("http://127.0.0.1:9/")


def test_server_is_loopback_only_and_sized(lt):
    assert lt.url.startswith("http://127.0.0.1:")
    pid = _server_pid(lt)
    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert b"-Xmx1g" in cmd and b"--public" not in cmd
    conf = Path(cmd[cmd.index(b"--config") + 1].decode()).read_text()
    assert "pipelineCaching=true" in conf and f"maxCheckThreads={os.cpu_count()}" in conf
    assert "cacheSize=" in conf
    port = int(lt.url.rsplit(":", 1)[1].strip("/"))
    listening = _listen_addresses(port)
    assert listening and all(a == "127.0.0.1" for a in listening), listening


# --- the CLI end to end, through the engine ------------------------------------------

def test_cli_reports_grammar_checked_with_positions(lt, tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    proc = run_cli("check", "--format", "json", str(page), "--fail-on", "never",
                   env={session.URL_ENV: lt.url, "MEDCHECK_LT_DIST": str(find_install().dist)},
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["summary"]["grammar"] == "checked"
    hits = {(f["rule"], f["line"], f["column"]) for f in report["findings"]}
    assert ("lt.MORFOLOGIK_RULE_EN_US", 7, 46) in hits
    assert ("lt.EN_A_VS_AN", 7, 62) in hits


# --- faults: the run completes, summary.grammar says why ---------------------------

def test_not_built_is_skipped_with_reason_and_require_grammar_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDCHECK_LT_DIST", str(tmp_path / "nothing-here"))
    monkeypatch.delenv(session.URL_ENV, raising=False)
    with open_grammar(_config(tmp_path), enabled=True) as (handle, status):
        assert handle is None
        assert status.startswith("skipped: LanguageTool is not built")
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nTake an tablet.\n", encoding="utf-8")
    env = {"MEDCHECK_LT_DIST": str(tmp_path / "nothing-here")}
    proc = run_cli("check", "--format", "json", str(page), "--fail-on", "never", env=env, cwd=tmp_path)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["summary"]["grammar"].startswith("skipped: LanguageTool is not built")
    assert "warning" in proc.stderr and "not built" in proc.stderr
    proc = run_cli("check", "--format", "json", str(page), "--require-grammar", env=env, cwd=tmp_path)
    assert proc.returncode == 2
    proc = run_cli("check", "--format", "json", str(page), "--no-grammar", "--fail-on", "never",
                   env=env, cwd=tmp_path)
    assert json.loads(proc.stdout)["summary"]["grammar"].startswith("skipped: disabled")


def test_java_missing_is_skipped(lt_install, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on PATH
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv(session.URL_ENV, raising=False)
    with open_grammar(_config(tmp_path), enabled=True) as (handle, status):
        assert handle is None and status.startswith("skipped: Java is not installed")


def test_server_failing_to_start_is_skipped(lt_install, tmp_path, monkeypatch):
    monkeypatch.delenv(session.URL_ENV, raising=False)
    config = _config(tmp_path, languagetool={**load_config(cwd=tmp_path).get("languagetool"),
                                             "heap": "lots"})  # the JVM refuses -Xmxlots
    started = time.monotonic()
    with open_grammar(config, enabled=True) as (handle, status):
        assert handle is None
        assert status.startswith("skipped: LanguageTool server exited at start-up"), status
    assert time.monotonic() - started < 60


def test_port_taken(lt_install, tmp_path, monkeypatch):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(GrammarUnavailable, match=f"port {port} is already in use"):
            lt_server.start_server(lt_install, java="java", state_dir=tmp_path, port=port)


def test_background_server_start_reuse_die_mid_run(lt_install, tmp_path, monkeypatch):
    """`languagetool start` (with a port taken at the first try), `check` uses it,
    the server dies mid-run: the run completes and says so, `status` notices."""
    monkeypatch.delenv(session.URL_ENV, raising=False)
    (tmp_path / "medcheck.toml").write_text('cache_dir = "cache"\n', encoding="utf-8")
    config = load_config(cwd=tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        ports = iter([busy.getsockname()[1]])
        real_free_port = lt_server.free_port
        monkeypatch.setattr(lt_server, "free_port", lambda: next(ports, None) or real_free_port())
        busy_port = busy.getsockname()[1]
        state, started = session.start_background(config)
    try:
        assert started and state["port"] != busy_port  # retried on another port
        again, started_again = session.start_background(config)
        assert not started_again and again["pid"] == state["pid"]
        # The state file is the user's: a check or `status` in any other folder finds it.
        elsewhere = tmp_path / "another" / "project"
        elsewhere.mkdir(parents=True)
        with open_grammar(load_config(cwd=elsewhere), enabled=True) as (handle, status):
            assert status == "checked" and handle.owner == "background"
        proc = run_cli("languagetool", "status", cwd=elsewhere,
                       env={"MEDCHECK_LT_DIST": str(lt_install.dist)})
        assert proc.returncode == 0 and state["url"] in proc.stdout
        with open_grammar(config, enabled=True) as (handle, status):
            assert status == "checked" and handle.owner == "background"
            assert handle.url == state["url"]
            doc, findings = _findings(handle, "Take an tablet.\n")
            assert [f.rule for f in findings] == ["lt.EN_A_VS_AN"]
            os.kill(state["pid"], 9)  # the server dies mid-run
            lt_server.pid_alive(state["pid"])
            client.reset_process_state()
            doc, findings = _findings(handle, "She take it at night.\n")
            assert findings == []  # the page still completes
            assert handle.final_status().startswith("skipped: LanguageTool at")
            assert "stopped responding" in handle.final_status()
            _, more = _findings(handle, "He go there.\n")  # later pages skip at once
            assert more == []
        assert session.live_background() is None
        proc = run_cli("languagetool", "status", cwd=tmp_path,
                       env={"MEDCHECK_LT_DIST": str(lt_install.dist)})
        assert proc.returncode == 1 and "not running" in proc.stdout
    finally:
        session.stop_background(config)


def test_timeouts_from_a_slow_server(tmp_path, monkeypatch):
    """A LanguageTool that stops answering in time: at warm-up, and mid-run."""
    slow = _FakeLT(answer_first=1)
    try:
        monkeypatch.setenv(session.URL_ENV, slow.url)
        config = _config(tmp_path, languagetool={**load_config(cwd=tmp_path).get("languagetool"),
                                                 "timeout": 1.0})
        with open_grammar(config, enabled=True) as (handle, status):
            assert status == "checked" and handle.owner == "url"  # the warm-up was answered
            client.reset_process_state()
            started = time.monotonic()
            _, findings = _findings(handle, "Take an tablet.\n")
            assert findings == []
            assert "timed out" in handle.final_status()
            assert time.monotonic() - started < 10
        slow.answer_first = 0
        with open_grammar(config, enabled=True) as (handle, status):
            assert handle is None and "timed out" in status
    finally:
        slow.close()


def test_unreachable_url_is_skipped(tmp_path, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens
    monkeypatch.setenv(session.URL_ENV, f"http://127.0.0.1:{port}/")
    with open_grammar(_config(tmp_path), enabled=True) as (handle, status):
        assert handle is None and status.startswith("skipped:") and "not reachable" in status


def test_disabled_on_purpose(tmp_path):
    with open_grammar(_config(tmp_path), enabled=False) as (handle, status):
        assert handle is None and status == "skipped: disabled with --no-grammar"


# --- helpers ------------------------------------------------------------------------

class _FakeLT:
    """Answers healthcheck, languages and the first `answer_first` checks like
    LanguageTool; then holds every check past any reasonable time-out."""

    def __init__(self, answer_first: int):
        self.answer_first = answer_first
        self.checks = 0
        self.stop = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, data):
                body = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path.startswith("/v2/healthcheck"):
                    self._json({"status": "ok"})
                elif self.path.startswith("/v2/languages"):
                    self._json([{"name": "English (US)", "code": "en", "longCode": "en-US"}])
                else:
                    self.send_error(404)

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.checks += 1
                if fake.checks > fake.answer_first:
                    fake.stop.wait(8)  # longer than the 1 s time-out, bounded
                    return
                self._json({"software": {"name": "LanguageTool", "version": "fake"},
                            "matches": []})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _server_pid(handle) -> int:
    port = handle.url.rsplit(":", 1)[1].strip("/").encode()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"org.languagetool.server.HTTPServer" in cmd and port in cmd:
                return int(proc.name)
    raise AssertionError("no LanguageTool process for " + handle.url)


def _server_log(handle) -> str:
    port = handle.url.rsplit(":", 1)[1].strip("/")
    return str(Path(handle.cache_path).parent / f"server-{port}.log")


def _listen_addresses(port: int) -> list[str]:
    """IPv4/IPv6 addresses with a listening socket on the port, from /proc/net."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:  # 0A = LISTEN
                if address.startswith("0000000000000000FFFF0000"):  # IPv4-mapped IPv6
                    address = address[-8:]
                if len(address) == 8:
                    found.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
                else:
                    found.append("::1" if address.endswith("01000000") and set(address[:24]) == {"0"}
                                 else address)
    return found


WORD_LIST_PAGE = """# Pregabalin and neuropathy

Your doctor will tell you if its safe. Both agencys approved the label.
Some neuropathys get worse at night, and the tca was changed.

Rinse the scalp after using Derma-Smoothe. Aminosalicylic acid is an old medicine.
Ask about pregabalin's side effects, Lyrica's label and the NSAIDs' warnings.
Some people take lyrica at night; diabetic neuropathies can hurt.
"""


def test_the_word_list_accepts_names_but_not_slips(lt, tmp_path):
    # The list holds no everyday word ("its" silenced lt.IT_IS), no made-up plural
    # ("neuropathys", "agencys") and no id in lower case ("tca"); names, their cases,
    # plurals and possessives are accepted.
    doc, findings = _findings(_fresh(lt, tmp_path), WORD_LIST_PAGE)
    flagged = {doc.source[f.start:f.end] for f in findings}
    assert {"its", "agencys", "neuropathys", "tca"} <= flagged, flagged
    assert not flagged & {"Derma-Smoothe", "Smoothe", "Aminosalicylic", "pregabalin", "Lyrica",
                          "NSAIDs", "lyrica", "neuropathies"}, flagged


def test_a_medical_term_the_dictionary_writes_capitalised_is_accepted_in_lower_case(lt, tmp_path):
    # The medical terms list writes some entries capitalised ("Leukocoria"); in running
    # text the term is lower case. Everyday names and abbreviations keep their case.
    flagged = _spelling_flags(lt, tmp_path,
                              "A white pupil (leukocoria) and sugar chains (glycan antigens) were seen. "
                              "She speaks english on monday, and the ssri was changed.\n")
    assert not flagged & {"leukocoria", "glycan"}, flagged
    assert {"english", "monday"} <= flagged, flagged


def test_rare_terms_are_not_slips_but_near_misses_are(lt, tmp_path):
    # A slip is a near miss of a word the speller offers; a word with no close suggestion
    # is a term the dictionary lacks. Words run into a function word stay findings.
    flagged = _spelling_flags(lt, tmp_path,
                              "Cerebral hypomyelination and a thioesterase defect were found. "
                              "The cholangiocarinoma grew, and the presense of dystropy was noted. "
                              "Tell the nurse about the rectumthe results.\n")
    assert not flagged & {"hypomyelination", "thioesterase"}, flagged
    assert {"cholangiocarinoma", "presense", "dystropy", "rectumthe"} <= flagged, flagged


def test_style_rules_of_taste_are_off_by_default_and_on_in_strict(tmp_path):
    # What the server is asked to leave out: rules judged mostly wrong or a matter of
    # taste on edited patient copy ("dehydrogenase 3 deficiency" is a name, not a
    # missing plural) run only in the strict profile or when selected by id.
    from checker.config import load_config
    from checker.grammar.defaults import STRICT_ONLY_RULES
    from checker.grammar.session import lt_settings

    def disabled(text: str) -> set[str]:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        (folder / "medcheck.toml").write_text(text, encoding="utf-8")
        return set(lt_settings(load_config(cwd=folder)).disabled_rules)

    assert {"CD_NN", "COMMA_COMPOUND_SENTENCE", "ADVERB_WORD_ORDER"} <= set(STRICT_ONLY_RULES)
    assert set(STRICT_ONLY_RULES) <= disabled("")
    assert not set(STRICT_ONLY_RULES) & disabled('profile = "strict"\n')
    picked = disabled('extend_select = ["lt.CD_NN"]\n')
    assert "CD_NN" not in picked and "ADVERB_WORD_ORDER" in picked
    # The layout rules stay off in every profile.
    assert "WHITESPACE_RULE" in disabled('profile = "strict"\n')


def test_a_capitalised_name_before_syndrome_or_sign_is_an_eponym_but_a_slip_stays(lt, tmp_path):
    # A surname the dictionary lacks is a name when it heads a condition, sign or test;
    # one edit from a common word it is still a slip, capitalised or not.
    flagged = _spelling_flags(lt, tmp_path,
                              "# Kessmann Drolby syndrome\n\n"
                              "Tarvelli-Ostrund disease is rare. Wendrick sign is a late finding. "
                              "Mastovic's disease and Pruell test results vary.\n\n"
                              "# Dibetes type 2\n\n"
                              "Metabollic syndrome is common.\n")
    assert not flagged & {"Kessmann", "Drolby", "Tarvelli", "Ostrund", "Wendrick", "Mastovic",
                          "Pruell"}, flagged
    assert {"Metabollic", "Dibetes"} <= flagged, flagged


def test_a_prefix_written_solid_with_a_known_word_is_a_compound(lt, tmp_path):
    # "up" + "slanted", "end" + "plates": the speller splits them letter for letter. Words
    # run into a function word, and near misses of common words, stay findings.
    flagged = _spelling_flags(lt, tmp_path,
                              "The child had upslanted eyes and thin vertebral endplates. "
                              "Look upthe chart, and the hypercorticolism and mycophenylate "
                              "doses were noted.\n")
    assert not flagged & {"upslanted", "endplates"}, flagged
    assert {"upthe", "hypercorticolism", "mycophenylate"} <= flagged, flagged


def test_unit_symbols_are_not_words(lt, tmp_path):
    flagged = _spelling_flags(lt, tmp_path,
                              "Keep the level under 20 ng/ml or 5 NG/ML; give 2 mcg/kg/min and "
                              "check 4 mmol/L. The nurse gave teh dose.\n")
    assert not flagged & {"ng", "ml", "NG", "ML", "mcg", "kg", "mmol", "L", "ng/ml", "mcg/kg"}, \
        flagged
    assert "teh" in flagged, flagged


SLIPS_AND_TERMS = ("The tendon kept its frataxin and septin proteins, and retinoschisin was "
                   "low. Pseudoepiphyses and glypican levels were noted. "
                   "The nurse will descrease the dose, which involes the ligments and "
                   "mechanicially stops disssecans pain.\n")


def test_a_misspelling_needs_the_look_of_a_slip_and_rare_terms_go_to_strict(lt, tmp_path):
    # A slip adds, drops, changes or swaps a letter in the stem of the word the speller
    # offers ("descrease" -> "decrease"). A rare term a letter from another rare word at
    # its ending ("septin" -> "septic", "retinoschisin" -> "retinoschisis") or two edits
    # from any word shows no sign of a slip: off by default, lt.UNKNOWN_WORD in strict.
    handle = _fresh(lt, tmp_path)
    slips = {"descrease", "involes", "ligments", "mechanicially", "disssecans"}
    terms = {"frataxin", "septin", "retinoschisin", "Pseudoepiphyses", "glypican"}
    assert _spelling_flags(handle, tmp_path, SLIPS_AND_TERMS) == slips
    strict = load_config(cwd=Path("/nonexistent-medcheck")).with_values(profile="strict")
    doc = parse_text("page.md", SLIPS_AND_TERMS, "markdown")
    found = grammar_family.check(doc, _ctx(handle, strict))
    by_rule: dict[str, set[str]] = {}
    for f in found:
        by_rule.setdefault(f.rule, set()).add(doc.source[f.start:f.end])
    assert by_rule.get(grammar_family.UNKNOWN_WORD) == terms, by_rule
    assert by_rule.get("lt.MORFOLOGIK_RULE_EN_US") == slips, by_rule
    unknown = next(f for f in found if f.rule == grammar_family.UNKNOWN_WORD)
    assert unknown.severity == "info" and "`words`" in unknown.message


def test_name_parts_in_other_languages_and_symbols_are_not_words_to_spell(lt, tmp_path):
    # "Cri du chat", "Torsade de pointes": particles of French names; "di- or
    # tetraplegia": a prefix with a suspended hyphen; "cblC": a symbol in mixed case.
    flagged = _spelling_flags(lt, tmp_path,
                              "- Cri du chat syndrome\n- Torsade de pointes\n\n"
                              "Spastic di- or tetraplegia is seen in the cblC and cblF groups. "
                              "The chidlren were seen.\n")
    assert not flagged & {"du", "pointes", "di", "cblC", "cblF"}, flagged
    assert "chidlren" in flagged, flagged


MISREAD_NAMES = """# Tests and proteins

The late-night saliva test measures hormone levels in the mouth. The enzyme is needed for
breaking down the amino acids lysine, arginine, and ornithine in food. Search the clinical
trials database of the institute.

Cathepsin A works together with two enzymes. Filamin A binds to actin. Carbamoyl phosphate
synthetase I deficiency is rare. Hereditary factor I deficiency is rare too.

Huntington disease is named for a doctor. The germ Escherichia coli (E. coli) causes most
bladder infections.

The patients health was poor, and the mothers health too. Smoking raises the risk of
Crohns disease. When I takes the pill, I feels sick.
"""


def test_grammar_rules_do_not_misread_names_and_labels(lt, tmp_path):
    # A plural before a noun is not a missing possessive unless a determiner stands before
    # it; a capital letter after a protein or a factor is part of its name; an eponym in
    # its non-possessive form is the AMA and NIH style. Real slips around them stay.
    doc, found = _findings(_fresh(lt, tmp_path), MISREAD_NAMES)
    flagged = {(f.rule, doc.source[f.start:f.end]) for f in found}
    for rule, words in (("lt.POSSESSIVE_APOSTROPHE", "measures"),
                        ("lt.POSSESSIVE_APOSTROPHE", "acids"),
                        ("lt.POSSESSIVE_APOSTROPHE", "trials"),
                        ("lt.A_NNS", "A works"), ("lt.A_NNS", "A binds"),
                        ("lt.PRP_VB", "I deficiency"), ("lt.PRONOUN_NOUN", "I deficiency"),
                        ("lt.SPECIFIC_POSSESSIVE_APOSTROPHE", "Huntington disease"),
                        ("lt.UPPERCASE_SENTENCE_START", "coli")):
        assert (rule, words) not in flagged, (rule, words, flagged)
    for rule, words in (("lt.POSSESSIVE_APOSTROPHE", "patients"),
                        ("lt.POSSESSIVE_APOSTROPHE", "mothers"),
                        ("lt.SPECIFIC_POSSESSIVE_APOSTROPHE", "Crohns disease"),
                        ("lt.NON3PRS_VERB", "takes")):
        assert (rule, words) in flagged, (rule, words, flagged)


PAGE_TERMS = """---
title: Bartter syndrome
---
# Bartter syndrome

Bartter syndrome is a kidney condition. Babies with Bartter syndrome lose salt in their urine.
Treatment of Bartter syndrome replaces the salt.

The kidney makes a protein called cubilin. Without cubilin the body cannot take up vitamin B12.
Some changes in the cubilin gene stop it from working.

A repeat of 55 to 200 copies is known as a premutation. A premutation can grow in the next
generation. Men with a premutation may have tremor.

## Colitis and hypogammaglobulinema

Low antibody levels (hypogammaglobulinema) can come with colitis. Hypogammaglobulinema raises the
risk of infections, and hypogammaglobulinema is treated with antibody infusions. Salt levels may
descrease.
"""


def test_a_term_the_page_names_and_repeats_is_not_a_slip(lt, tmp_path):
    # Named by the page ("called cubilin", "known as a premutation") or a capitalised name
    # in its title ("Bartter"), and used three times or more: a term, not a slip of
    # "Cubicin", "permutation" or "Batter" (lt.UNKNOWN_WORD, in strict). A misspelling the
    # page repeats without naming it, and a one-off slip, are still reported.
    flagged = _spelling_flags(lt, tmp_path, PAGE_TERMS)
    assert not flagged & {"Bartter", "cubilin", "premutation"}, flagged
    assert {"hypogammaglobulinema", "descrease"} <= flagged, flagged


COMPOUND_PAGE = """# Before the test

Good hand washing matters. Your x ray is taken in the morning. Eat a low- fiber diet the day
before.
"""


def test_compound_spelling_is_house_style_off_by_default_and_a_group_in_strict(lt, tmp_path):
    handle = _fresh(lt, tmp_path)
    base = load_config(cwd=Path("/nonexistent-medcheck"))

    def rules(config) -> set[str]:
        doc = parse_text("page.md", COMPOUND_PAGE, "markdown")
        return {f.rule for f in grammar_family.check(doc, _ctx(handle, config))}

    # a space left after a hyphen is a slip and stays on; the compound styles are off
    default = rules(base)
    assert "lt.EN_SPLIT_WORDS_HYPHEN" in default and not any("COMPOUND" in r for r in default), default
    strict = rules(base.with_values(profile="strict"))
    assert {"lt.HAND_COMPOUNDS", "lt.EN_COMPOUNDS_X_RAY"} <= strict, strict
    one = rules(base.with_values(extend_select=["lt.EN_COMPOUNDS_X_RAY"]))
    assert "lt.EN_COMPOUNDS_X_RAY" in one and "lt.HAND_COMPOUNDS" not in one, one


def test_a_prefix_written_solid_with_a_common_word_is_a_compound_even_unsplit(lt, tmp_path):
    # The speller does not offer "hyper elastic", but "hyper" + "elastic" is built, not
    # misspelled; a prefix before a misspelled word is still a misspelling.
    flagged = _spelling_flags(lt, tmp_path,
                              "- Posttransplantation lymphoma\n\nThe skin is hyperelastic and "
                              "soft. The antihistimines and her nonsteriodal pills did not help.\n")
    assert not flagged & {"hyperelastic", "Posttransplantation"}, flagged
    assert {"antihistimines", "nonsteriodal"} <= flagged, flagged
