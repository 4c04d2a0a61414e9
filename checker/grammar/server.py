"""Start, wait for, warm up and stop a local LanguageTool HTTP server.

The server is ``org.languagetool.server.HTTPServer`` from the Maven build, bound to
loopback only (LanguageTool binds ``localhost`` unless given ``--public``, which we
never pass), on a free port, with a bounded heap and a configuration file that turns
on pipeline caching and sizes the thread pool to the machine's cores.

HTTP here uses urllib with proxies switched off: a hospital's ``http_proxy`` must
never see unpublished text on its way to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .install import SERVER_CLASS, GrammarUnavailable, Install

LOOPBACK = "127.0.0.1"
# A short text that touches the tagger, the speller and the grammar rules, so the
# first real request does not pay for loading them (about 4 s on 2 cores).
WARM_UP_TEXT = ("Take this medicne with food. This are the warm-up sentence for the "
                "server, and it have two mistakes.")
PORT_ATTEMPTS = 3

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class RunningServer:
    url: str                 # base URL, e.g. http://127.0.0.1:8123/
    pid: int
    port: int
    version: str = ""
    words_digest: str = ""
    log_path: str = ""
    started_at: float = 0.0
    start_seconds: float = 0.0
    process: subprocess.Popen | None = None  # set only for a server this process owns


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def write_server_config(path: Path, *, threads: int, cache_size: int = 2000,
                        max_text_length: int = 200_000) -> Path:
    """LanguageTool's server properties. ``pipelineCaching`` keeps the analysis
    pipeline between requests (the same language and rule settings every time);
    ``cacheSize`` is LanguageTool's own sentence-result cache, which helps repeated
    boilerplate sentences across pages within one server's life."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Written by medcheck (checker/grammar/server.py) for each server start.\n"
        f"pipelineCaching=true\n"
        f"cacheSize={cache_size}\n"
        f"maxCheckThreads={threads}\n"
        f"maxTextLength={max_text_length}\n"
        "pipelineExpireTimeInSeconds=3600\n",
        encoding="utf-8")
    return path


def start_server(install: Install, *, java: str, state_dir: Path, heap: str = "1g",
                 port: int | None = None, words_dir: Path | None = None, words_digest: str = "",
                 start_timeout: float = 120.0, detach: bool = False,
                 warm_up_timeout: float = 120.0, launcher: tuple[str, ...] = ()) -> RunningServer:
    """Start a server and return once it answers a real check.

    With ``port=None`` a free port is picked, and picked again if another process
    takes it first (up to PORT_ATTEMPTS times). ``detach`` starts it in its own session
    so it outlives this process (``medcheck languagetool start``). ``launcher`` is a
    command the Java command line is appended to (a cluster worker's guardian, which
    stops the server when the worker process dies without cleaning up).
    Raises GrammarUnavailable with the reason when it cannot start.
    """
    threads = os.cpu_count() or 1
    config_path = write_server_config(state_dir / "server.properties", threads=threads)
    attempts = 1 if port is not None else PORT_ATTEMPTS
    last_error = ""
    for _ in range(attempts):
        chosen = port if port is not None else free_port()
        log_path = state_dir / f"server-{chosen}.log"
        cmd = [*launcher, java, f"-Xmx{heap}", "-Dfile.encoding=UTF-8",
               "-cp", install.classpath(words_dir), SERVER_CLASS,
               "--port", str(chosen), "--config", str(config_path)]
        started = time.monotonic()
        with open(log_path, "wb") as log:
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=detach)
            except OSError as exc:
                raise GrammarUnavailable(f"Java could not be started ({java}: {exc.strerror})") from None
        url = f"http://{LOOPBACK}:{chosen}/"
        try:
            _wait_until_ready(url, proc, started + start_timeout, log_path)
            version = warm_up(url, timeout=warm_up_timeout)
        except _PortTaken:
            last_error = f"port {chosen} is already in use"
            _terminate(proc)
            continue
        except GrammarUnavailable:
            _terminate(proc)
            raise
        return RunningServer(url=url, pid=proc.pid, port=chosen, version=version,
                             words_digest=words_digest, log_path=str(log_path),
                             started_at=time.time(), start_seconds=time.monotonic() - started,
                             process=proc)
    raise GrammarUnavailable(f"LanguageTool could not bind a port ({last_error})")


class _PortTaken(Exception):
    pass


def _wait_until_ready(url: str, proc: subprocess.Popen, deadline: float, log_path: Path) -> None:
    delay = 0.1
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            tail = _log_tail(log_path)
            if "Address already in use" in tail or "PortBindingException" in tail:
                raise _PortTaken()
            raise GrammarUnavailable(f"LanguageTool server exited at start-up (code {code}): "
                                     f"{_explain(tail)}")
        if healthy(url, timeout=1.0):
            return
        time.sleep(delay)
        delay = min(delay * 1.5, 0.5)
    raise GrammarUnavailable("LanguageTool server did not answer /v2/healthcheck in time "
                             f"(see {log_path})")


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with _NO_PROXY.open(urllib.parse.urljoin(url, "v2/healthcheck"), timeout=timeout) as resp:
            return resp.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def warm_up(url: str, timeout: float = 120.0, language: str = "en-US") -> str:
    """Send one small check so rule loading happens now, not in the first page's
    request; returns the server's LanguageTool version."""
    body = urllib.parse.urlencode({"text": WARM_UP_TEXT, "language": language}).encode()
    try:
        with _NO_PROXY.open(urllib.parse.urljoin(url, "v2/check"), data=body,
                            timeout=timeout) as resp:
            data = json.loads(resp.read().decode("utf-8"))
    except socket.timeout:
        raise GrammarUnavailable(f"LanguageTool at {url} timed out after {timeout:g} s "
                                 "on its first check") from None
    except (OSError, urllib.error.URLError, ValueError) as exc:
        raise GrammarUnavailable(f"LanguageTool at {url} failed its first check ({_short(exc)})") from None
    software = data.get("software") if isinstance(data, dict) else None
    if not isinstance(software, dict) or "matches" not in data:
        raise GrammarUnavailable(f"{url} did not answer like a LanguageTool server")
    return str(software.get("version", "unknown"))


def stop_pid(pid: int, timeout: float = 10.0) -> bool:
    """Stop a server by pid: SIGTERM, then SIGKILL. True when it is gone."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return True
    time.sleep(0.2)
    return not pid_alive(pid)


def stop_server(server: RunningServer, timeout: float = 10.0) -> None:
    if server.process is not None:
        _terminate(server.process, timeout)
    else:
        stop_pid(server.pid, timeout)


def pid_alive(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our zombie child
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still "exists" for kill(0); /proc tells the truth on Linux.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (OSError, IndexError):
        return True


def is_languagetool_process(pid: int) -> bool:
    """Guard before signalling a pid read from a state file: the pid may have been
    reused by an unrelated process since."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return pid_alive(pid)  # no /proc (macOS): trust the state file
    return SERVER_CLASS.encode() in cmdline


def _terminate(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def _log_tail(path: Path, size: int = 4000) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - size))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _explain(tail: str) -> str:
    if "UnsupportedClassVersionError" in tail:
        return "Java is too old (LanguageTool needs Java 17 or newer)"
    if "OutOfMemoryError" in tail:
        return "out of memory (raise languagetool.heap)"
    for line in reversed(tail.splitlines()):
        line = line.strip()
        if line and ("Exception" in line or "Error" in line) and not line.startswith("at "):
            return line[:300]
    lines = [l for l in tail.splitlines() if l.strip()]
    return lines[-1][:300] if lines else "no output"


def _short(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason or exc)[:200]
