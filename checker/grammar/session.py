"""One LanguageTool for a run: ``open_grammar`` finds or starts it, yields a handle.

Which server, in order:
1. a URL: the environment variable ``MEDCHECK_LANGUAGETOOL_URL`` or the configuration
   key ``languagetool.url`` (a team's own LanguageTool; never started or stopped here);
2. the background server of ``medcheck languagetool start`` when its state file names
   a live process that answers; the state file is the user's (``background_dir()``), so
   a server started in one folder serves checks run from any other;
3. otherwise a server started for this run and stopped when the run ends, and only
   when the caller's ``needed`` says some paragraph is not in the result cache: a run
   whose paragraphs were all checked before never starts Java.

Every fault becomes ``skipped: <reason>`` (never an exception): not built, Java
missing, the server failing to start, a port taken, a time-out. A failure during
the run is recorded by the handle and reported by ``handle.final_status()``.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from ..cachedir import prepare as prepare_cache_folder
from ..userdirs import runtime_dir
from . import wordlist
from .client import GrammarHandle
from .defaults import DEFAULT_DISABLED_RULES, STRICT_ONLY_RULES
from .options import LANGUAGETOOL, WORDS  # noqa: F401  (re-exported: the session's keys)
from .install import WORDS_RESOURCE, GrammarUnavailable, Install, find_install, find_java
from .server import (RunningServer, healthy, is_languagetool_process, pid_alive, start_server,
                     stop_pid, stop_server, warm_up)

URL_ENV = "MEDCHECK_LANGUAGETOOL_URL"
# A new server's first check loads every rule: 4 s on an idle machine, a minute on two
# busy cores (measured: 58 s). Later checks take milliseconds, so waiting costs only once.
WARM_UP_SECONDS = 180.0
STATE_FILE = "server.json"


@dataclass(frozen=True)
class LTSettings:
    url: str
    language: str
    disabled_rules: tuple[str, ...]
    enabled_rules: tuple[str, ...]
    timeout: float
    heap: str


def lt_settings(config: Any) -> LTSettings:
    raw = LANGUAGETOOL.value(config)
    strip = lambda ids: [i[3:] if i.startswith("lt.") else i for i in ids]  # noqa: E731
    enabled = strip(raw.get("enabled_rules") or [])
    disabled = set(DEFAULT_DISABLED_RULES) | set(strip(raw.get("disabled_rules") or []))
    # Off by default, on in the strict profile or when selected by id (``lt.<id>``).
    try:
        turned_on = {i[3:] for i in config.turned_on() if i.startswith("lt.")}
    except AttributeError:
        turned_on = set()
    disabled |= set(STRICT_ONLY_RULES) - turned_on
    # `disable = ["lt.X"]` in the main configuration: tell LanguageTool too, so it does
    # not spend time on rules whose findings the engine would drop anyway.
    try:
        disabled |= {i[3:] for i in config.get("disable") or [] if i.startswith("lt.") and i != "lt.*"}
    except (KeyError, AttributeError, TypeError):
        pass
    disabled -= set(enabled)
    url = os.environ.get(URL_ENV) or str(raw.get("url") or "")
    return LTSettings(url=url, language=str(raw["language"]),
                      disabled_rules=tuple(sorted(disabled)), enabled_rules=tuple(sorted(enabled)),
                      timeout=float(raw["timeout"]), heap=str(raw["heap"]))


def background_dir() -> Path:
    """The background server's folder (state file, log, word list): one per user."""
    return runtime_dir() / "languagetool"


def state_dir(config: Any) -> Path:
    """The project's LanguageTool folder under its cache: the paragraph results, the
    word-list memo, a per-run server's log."""
    try:
        cache = config.get("cache_dir") or ".medcheck_cache"
        root = Path(config.root)
    except (KeyError, AttributeError, TypeError):
        cache, root = ".medcheck_cache", Path.cwd()
    path = Path(cache).expanduser()
    return (path if path.is_absolute() else root / path) / "languagetool"


def current_words(config: Any, memo_dir: Path | None = None) -> list[str]:
    """The medical word list for this configuration: built-in rules, extra rule packs
    and the project's `words`. Parsing the YAML takes a few hundred milliseconds, so
    the result is kept in ``memo_dir`` keyed on the files' names, sizes and times."""
    from ..resources import rules_dir

    dirs = [rules_dir()]
    try:
        root = Path(config.root)
        dirs += [root / p for p in config.get("rule_packs") or []]
    except (KeyError, AttributeError, TypeError):
        pass
    words = list(WORDS.value(config))
    files = wordlist.yaml_files(dirs)
    key = None
    if memo_dir is not None:
        try:
            stats = [(str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files]
        except OSError:
            stats = None
        if stats is not None:
            # The harvest's own code is part of the key: a change to what it takes
            # must not be hidden by a memo of the old list.
            harvest = wordlist.digest(Path(wordlist.__file__).read_text(encoding="utf-8"))
            key = wordlist.digest(json.dumps([stats, words, wordlist.HEADER, harvest]))
            try:
                memo = json.loads((memo_dir / "words-memo.json").read_text(encoding="utf-8"))
                if memo.get("key") == key:
                    return list(memo["words"])
            except (OSError, ValueError, KeyError, AttributeError):
                pass
    result = wordlist.build_words(dirs, words)
    if key is not None:
        with contextlib.suppress(OSError):
            tmp = memo_dir / f"words-memo.{os.getpid()}.tmp"
            tmp.write_text(json.dumps({"key": key, "words": result}), encoding="utf-8")
            tmp.replace(memo_dir / "words-memo.json")
    return result


MEDICAL_LIST = Path("medical") / "medicalterms-en.txt.gz"


def _words_dir_for(words: list[str], install: Install, base: Path) -> tuple[Path, str]:
    """The classpath folder holding this word list (plus the medical dictionary when
    build.sh fetched it): the build's when it is current, else a copy under the cache,
    so an edited drugs.yml counts without a rebuild."""
    text = wordlist.render(words, [install.dist / MEDICAL_LIST])
    digest = wordlist.digest(text)
    if digest == install.words_stamp:
        return install.words_dir, digest
    folder = base / "words" / digest
    target = folder / WORDS_RESOURCE
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    return folder, digest


def _accepted(words: list[str]) -> frozenset[str]:
    """The filter's accepted forms (checks/grammar.py ``_accepted``): lower case, so a
    listed word is accepted in any case ("Lyrica", "lyrica"), except abbreviations in
    capitals, which keep their case ("SSRI" is a word, "ssri" a slip)."""
    accepted: set[str] = set()
    for entry in words:
        for token in (*entry.split(), entry):
            accepted.add(wordlist.accepted_form(token))
    return frozenset(accepted)


# --- the background server --------------------------------------------------------------

def read_state(base: Path | None = None) -> dict | None:
    base = base or background_dir()
    try:
        data = json.loads((base / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "url" in data and "pid" in data else None


def live_background(base: Path | None = None) -> dict | None:
    """The background server's state when it is really there; a stale state file (the
    process died, or the pid now belongs to something else) is removed."""
    base = base or background_dir()
    state = read_state(base)
    if state is None:
        return None
    pid = int(state.get("pid", 0))
    if pid > 0 and pid_alive(pid) and is_languagetool_process(pid) and healthy(state["url"]):
        return state
    if pid > 0 and pid_alive(pid) and is_languagetool_process(pid):
        return None  # alive but not answering (still starting?): leave its state alone
    with contextlib.suppress(OSError):
        (base / STATE_FILE).unlink()
    return None


def start_background(config: Any) -> tuple[dict, bool]:
    """Start the background server unless one is running; returns (state, started)."""
    base = background_dir()
    state = live_background(base)
    if state is not None:
        return state, False
    settings = lt_settings(config)
    install = find_install(config)
    base.mkdir(parents=True, exist_ok=True)
    words = current_words(config, memo_dir=base)
    words_dir, digest = _words_dir_for(words, install, base)
    server = start_server(install, java=find_java(), state_dir=base, heap=settings.heap,
                          words_dir=words_dir, words_digest=digest, detach=True)
    state = {"url": server.url, "pid": server.pid, "port": server.port,
             "version": install.version, "words_digest": digest, "log": server.log_path,
             "started_at": server.started_at, "start_seconds": round(server.start_seconds, 2),
             "dist": str(install.dist), "started_in": str(Path.cwd())}
    tmp = base / f"{STATE_FILE}.tmp"
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    tmp.replace(base / STATE_FILE)
    return state, True


def stop_background(config: Any) -> dict | None:
    """Stop the background server; returns its state, or None when none was running."""
    base = background_dir()
    state = read_state(base)
    if state is None:
        return None
    pid = int(state.get("pid", 0))
    if pid > 0 and pid_alive(pid) and is_languagetool_process(pid):
        stop_pid(pid)
    else:
        state = None
    with contextlib.suppress(OSError):
        (base / STATE_FILE).unlink()
    return state


# --- one run ------------------------------------------------------------------------------

@contextlib.contextmanager
def open_grammar(config: Any, *, enabled: bool = True, require: bool = False,
                 needed: Callable[[GrammarHandle], bool] | None = None,
                 ) -> Iterator[tuple[GrammarHandle | None, str]]:
    """Yield ``(handle, "checked")`` or ``(None, "skipped: <reason>")``.

    ``require`` does not change what happens here (the engine turns a skip into exit 2
    when it is set); it is accepted so the call states the caller's intent.
    ``needed(handle)`` is asked before a server would be started for the run, with a
    handle that can only read the result cache: False (every paragraph is cached) yields
    that handle and starts nothing.
    The handle is picklable; after the checks, ``handle.final_status()`` says whether
    LanguageTool kept working for the whole run.
    """
    if not enabled:
        yield None, "skipped: disabled with --no-grammar"
        return
    settings = lt_settings(config)
    base = state_dir(config)
    owned: RunningServer | None = None
    handle: GrammarHandle | None = None
    try:
        prepare_cache_folder(base.parent)
        base.mkdir(parents=True, exist_ok=True)
        words = current_words(config, memo_dir=base)

        def handle_for(url: str, version: str, digest: str, owner: str) -> GrammarHandle:
            return GrammarHandle(
                url=url, version=version, words_digest=digest, language=settings.language,
                disabled_rules=settings.disabled_rules, enabled_rules=settings.enabled_rules,
                timeout=settings.timeout, cache_path=str(base / "results.sqlite"),
                failure_path=str(base / "runs" / f"{uuid.uuid4().hex}.failed"),
                accepted_words=_accepted(words), owner=owner)

        def cache_only(version: str, digest: str) -> bool:
            return needed is not None and not needed(handle_for("", version, digest, "cache"))

        url, version, digest, owner, owned = _connect(config, settings, base, words, cache_only)
        handle = handle_for(url, version, digest, owner)
        status = "checked"
    except GrammarUnavailable as exc:
        status = f"skipped: {exc}"
    except OSError as exc:  # an unwritable cache folder, a full disk
        status = f"skipped: cannot prepare LanguageTool ({exc.strerror or exc})"
    try:
        yield handle, status
    finally:
        if owned is not None:
            stop_server(owned)
            if handle is not None and handle.failed() is None:
                with contextlib.suppress(OSError):  # keep the log only when something failed
                    Path(owned.log_path).unlink()
        if handle is not None and handle.failure_path:
            with contextlib.suppress(OSError):
                Path(handle.failure_path).unlink()


def _connect(config: Any, settings: LTSettings, base: Path, words: list[str],
             cache_only: Callable[[str, str], bool] = lambda version, digest: False,
             ) -> tuple[str, str, str, str, RunningServer | None]:
    """(url, version, words digest, owner, server to stop at the end or None); the URL
    is empty when ``cache_only(version, digest)`` says the result cache holds it all."""
    if settings.url:
        url = settings.url if settings.url.endswith("/") else settings.url + "/"
        if not healthy(url, timeout=min(settings.timeout, 10.0)):
            raise GrammarUnavailable(f"LanguageTool at {url} is not reachable")
        return url, warm_up(url, timeout=settings.timeout, language=settings.language), \
            "external", "url", None
    state = live_background()
    if state is not None:
        return state["url"], str(state.get("version", "unknown")), \
            str(state.get("words_digest", "")), "background", None
    install = find_install(config)
    words_dir, digest = _words_dir_for(words, install, base)
    if cache_only(install.version, digest):
        return "", install.version, digest, "cache", None
    java = find_java()
    server = start_server(install, java=java, state_dir=base, heap=settings.heap,
                          words_dir=words_dir, words_digest=digest,
                          warm_up_timeout=max(settings.timeout, WARM_UP_SECONDS))
    # The build's version, not the one the server reports: results are cached under it,
    # and the cache is read under it before any server starts.
    return server.url, install.version, digest, "run", server


def describe_state(state: dict) -> str:
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(state.get("started_at", 0))))
    return (f"LanguageTool {state.get('version', '?')} running at {state['url']} "
            f"(pid {state['pid']}, since {since}, log {state.get('log', '?')})")
