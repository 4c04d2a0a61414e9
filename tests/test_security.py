"""Security: nothing leaves the machine, nothing in the input runs, paths stay relative.

The HTML report's escaping and Content-Security-Policy are tested in a real browser
by tests/test_html_report.py; --fix and symbolic links by tests/test_fix.py.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, TODAY
from .projects import make_project
from .test_robustness import check_json, medcheck

CHECKER = REPO / "checker"

# Pages that invite a fetch: remote images, links, a stylesheet, a script, an iframe.
TEMPTING = {
    "pages/remote.md": "# Remote\n\n![Chart](https://example.org/chart.png)\n\n"
                       "See [the label](https://example.org/label) and <https://example.org>.\n"
                       "We utilize 10mg.\n",
    "pages/remote.html": "<html lang='en'><head><title>R</title>"
                         "<link rel=stylesheet href='https://example.org/s.css'>"
                         "<script src='https://example.org/x.js'></script></head><body>"
                         "<h1>R</h1><img src='https://example.org/i.png' alt='A chart'>"
                         "<iframe src='https://example.org/'></iframe>"
                         "<p>We utilize it.</p></body></html>\n",
}


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# A sitecustomize that refuses (and records) every connection or name lookup that is not
# loopback or a local socket: the fallback where network namespaces are not allowed.
GUARD = textwrap.dedent('''
    import ipaddress, os, socket

    _LOG = os.environ["MEDCHECK_NET_LOG"]
    _LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}

    def _loopback(host):
        if host in _LOCAL_NAMES:
            return True
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False

    def _refuse(what):
        with open(_LOG, "a") as log:
            log.write(what + "\\n")
        raise OSError("network access refused by the medcheck test guard: " + what)

    def _check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            _refuse(f"connect {address!r}")

    _connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
    _sendto, _getaddrinfo = socket.socket.sendto, socket.getaddrinfo

    def connect(self, address):
        _check(self, address)
        return _connect(self, address)

    def connect_ex(self, address):
        _check(self, address)
        return _connect_ex(self, address)

    def sendto(self, data, *args):
        _check(self, args[-1])
        return _sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _loopback(host.decode() if isinstance(host, bytes) else host):
            _refuse(f"resolve {host!r}")
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    socket.socket.sendto, socket.getaddrinfo = sendto, getaddrinfo
''')


def _guarded_env(tmp_path: Path) -> tuple[dict, Path]:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "network.log"
    env = {**os.environ, "MEDCHECK_TODAY": TODAY.isoformat(), "MEDCHECK_NET_LOG": str(log),
           "PYTHONPATH": os.pathsep.join([str(guard), os.environ.get("PYTHONPATH", "")])}
    return env, log


def test_the_socket_guard_itself_refuses_the_network(tmp_path):
    """Without this, the guarded run below could pass because the guard did nothing."""
    env, log = _guarded_env(tmp_path)
    proc = subprocess.run([sys.executable, "-c",
                           "import urllib.request; urllib.request.urlopen('http://example.org', timeout=5)"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "refused by the medcheck test guard" in proc.stderr
    assert "example.org" in log.read_text()


def test_a_full_check_touches_no_network_socket_guard(tmp_path):
    root = make_project(tmp_path / "p", TEMPTING)
    env, log = _guarded_env(tmp_path)
    for fmt in ("json", "html", "sarif"):
        proc = subprocess.run([sys.executable, "-m", "checker.cli", "check", "--format", fmt,
                               "--no-grammar", "--no-cache"], cwd=root, env=env,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert not log.exists(), log.read_text()


def test_a_full_check_passes_in_a_network_namespace_without_network(tmp_path):
    """The whole check, grammar included, in a namespace whose only interface is loopback
    (unshare -rn). Where namespaces are not allowed, the socket guard stands in."""
    root = make_project(tmp_path / "p", TEMPTING)
    if _unshare_works():
        script = (f"ip link set lo up 2>/dev/null; exec {sys.executable} -m checker.cli check "
                  "--format json --no-cache")
        proc = subprocess.run(["unshare", "-rn", "sh", "-c", script], cwd=root,
                              env={**os.environ, "MEDCHECK_TODAY": TODAY.isoformat()},
                              capture_output=True, text=True, timeout=600)
    else:
        env, log = _guarded_env(tmp_path)
        proc = subprocess.run([sys.executable, "-m", "checker.cli", "check", "--format", "json",
                               "--no-cache"], cwd=root, env=env, capture_output=True, text=True,
                              timeout=600)
        assert not log.exists(), log.read_text()
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    assert report["summary"]["files"] == 2 and report["errors"] == []
    assert {f["rule"] for f in report["findings"]} >= {"rep.utilize", "rep.dose"}
    from checker.grammar.install import GrammarUnavailable, find_install
    try:
        find_install()
    except GrammarUnavailable:
        assert report["summary"]["grammar"].startswith("skipped: ")
    else:  # LanguageTool is built: it ran, on loopback, inside the namespace
        assert report["summary"]["grammar"] == "checked", report["summary"]["grammar"]


# --- nothing in configuration, packs or pages is run ---------------------------------------

def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                f"{getattr(func.value, 'id', '?')}.{func.attr}" if isinstance(func, ast.Attribute) else "")
            yield name, node


def _modules():
    for path in sorted(CHECKER.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_yaml_is_read_with_the_safe_loader_everywhere():
    """Every yaml.load in checker/ names a loader that IS a SafeLoader; no unsafe variants."""
    import importlib
    seen = 0
    for path, tree in _modules():
        for name, node in _calls(tree):
            assert name not in ("yaml.unsafe_load", "yaml.full_load", "yaml.load_all",
                                "yaml.unsafe_load_all", "yaml.full_load_all"), f"{path}:{node.lineno}"
            if name == "yaml.load":
                loader = {k.arg: k.value for k in node.keywords}.get("Loader")
                assert isinstance(loader, ast.Name), f"{path}:{node.lineno}: Loader must be named"
                module = importlib.import_module(
                    ".".join(path.relative_to(REPO).with_suffix("").parts))
                chosen = getattr(module, loader.id)
                # Safe means: built on SafeConstructor and not on the Full/Unsafe ones, which
                # build arbitrary Python objects. (libyaml's CSafeLoader is safe but is not a
                # subclass of the pure-Python SafeLoader.)
                assert issubclass(chosen, yaml.constructor.SafeConstructor), f"{path}:{node.lineno}"
                assert not issubclass(chosen, yaml.constructor.FullConstructor), f"{path}:{node.lineno}"
                seen += 1
    assert seen >= 1  # the front-matter fallback loader is among them


def test_no_code_is_evaluated_or_unpickled():
    forbidden = {"eval", "exec", "compile", "__import__", "pickle.load", "pickle.loads",
                 "marshal.load", "marshal.loads", "shelve.open", "os.system", "os.popen"}
    # The one unpickling: start-up's compiled forms, read only from entries the user
    # alone owns and can write (checker/compiled.py _trusted; tests/test_compiled.py).
    allowed = {("checker/compiled.py", "pickle.loads")}
    for path, tree in _modules():
        for name, node in _calls(tree):
            if (path.relative_to(REPO).as_posix(), name) in allowed:
                continue
            assert name not in forbidden, f"{path}:{node.lineno}: {name}"
            if name.startswith("subprocess."):  # git and java only, never through a shell
                assert not any(k.arg == "shell" for k in node.keywords), f"{path}:{node.lineno}"


def test_configuration_that_looks_like_code_stays_text(tmp_path):
    marker = tmp_path / "ran"
    payload = f"__import__('os').system('touch {marker}')"
    root = make_project(tmp_path / "p", {"pages/a.md": f"---\ntitle: \"{payload}\"\n---\n"
                                         "# {{7*7}} ${{7*7}}\n\nWe utilize it.\n"},
                        extra_config=f'audience = "{payload}"\nwords = ["{payload}"]\n')
    proc, report = check_json(root, "pages")
    assert proc.returncode in (0, 1) and not marker.exists()
    assert report["files"][0]["path"] == "pages/a.md"


# --- paths in reports ---------------------------------------------------------------------------

def test_report_paths_are_relative_to_the_project_root(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": "# A\n\nWe utilize it.\n",
                                         "pages/sub/b.md": "# B\n\nWe utilize 10mg.\n"})
    (root / "pages" / "alias.md").symlink_to("sub/b.md")
    expected = {"pages/a.md", "pages/sub/b.md", "pages/alias.md"}
    for cwd, args in [(root, ["pages"]), (root / "pages", ["."]), (root / "pages" / "sub", [".."]),
                      (tmp_path, [str(root / "pages")])]:
        proc = medcheck(cwd, "check", *args, "--format", "json", "--no-grammar", "--no-cache",
                        "--config", str(root / "pyproject.toml"))
        assert "Traceback" not in proc.stderr
        report = json.loads(proc.stdout)
        assert {f["path"] for f in report["files"]} == expected, (cwd, args)
        assert {f["path"] for f in report["findings"]} == expected
        assert str(tmp_path) not in proc.stdout  # no absolute path anywhere in the report
