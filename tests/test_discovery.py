"""What a run checks: exclude and files named on the command line, runs that would check
nothing, and files that are not pages."""

from __future__ import annotations

import json
import shlex

import yaml

from .conftest import REPO, run_cli

CONFIG = 'exclude = ["drafts/**"]\n'


def project(tmp_path, pages: dict[str, bytes | str], config: str = CONFIG):
    (tmp_path / "medcheck.toml").write_text(config)
    for name, content in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return tmp_path


def checked_paths(proc) -> list[str]:
    return [f["path"] for f in json.loads(proc.stdout)["files"]]


def test_exclude_applies_to_named_files_with_force_exclude(tmp_path):
    root = project(tmp_path, {"drafts/wip.md": "Take 10mg.\n", "pages/a.md": "Fine.\n"})
    walked = run_cli("check", ".", "--no-grammar", "--format", "json", cwd=root)
    assert checked_paths(walked) == ["pages/a.md"]
    named = run_cli("check", "drafts/wip.md", "pages/a.md", "--no-grammar", "--format", "json", cwd=root)
    assert checked_paths(named) == ["drafts/wip.md", "pages/a.md"]  # asked for by name
    forced = run_cli("check", "drafts/wip.md", "pages/a.md", "--force-exclude", "--no-grammar",
                     "--format", "json", cwd=root)
    assert forced.returncode == 0 and checked_paths(forced) == ["pages/a.md"]
    (root / "medcheck.toml").write_text(CONFIG + "force_exclude = true\n")
    configured = run_cli("check", "drafts/wip.md", "pages/a.md", "--no-grammar", "--format", "json",
                         cwd=root)
    assert checked_paths(configured) == ["pages/a.md"]


def test_the_pre_commit_hooks_skip_excluded_drafts(tmp_path):
    root = project(tmp_path, {"drafts/wip.md": "Take 10mg.\n", "pages/a.md": "Fine.\n"})
    for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text()):
        words = shlex.split(hook["entry"])[1:] + hook.get("args", []) + ["drafts/wip.md"]
        proc = run_cli(*words, cwd=root)
        assert proc.returncode == 0, (hook["id"], proc.stdout, proc.stderr)
        assert (root / "drafts/wip.md").read_text() == "Take 10mg.\n"  # not fixed either


def test_a_run_that_checks_nothing_fails_and_says_why(tmp_path):
    root = project(tmp_path, {"empty/.keep": "", "docs/leaflet.docx": b"PK\x03\x04\x00\x00",
                              "docs/label.pdf": b"%PDF-1.7\n"})
    proc = run_cli("check", "empty", "--no-grammar", cwd=root)
    assert proc.returncode == 2 and "no pages to check in empty" in proc.stderr
    assert "--allow-empty" in proc.stderr
    proc = run_cli("check", "docs", "--no-grammar", cwd=root)
    assert proc.returncode == 2
    assert "1 .docx" in proc.stderr and "1 .pdf" in proc.stderr and "pandoc" in proc.stderr
    allowed = run_cli("check", "empty", "--no-grammar", "--allow-empty", cwd=root)
    assert allowed.returncode == 0 and "0 files checked" in allowed.stdout
    # The configured paths, when none are given, are held to the same rule.
    (root / "medcheck.toml").write_text('paths = ["empty"]\n')
    assert run_cli("check", "--no-grammar", cwd=root).returncode == 2


def test_documents_named_explicitly_say_what_they_are_and_how_to_export(tmp_path):
    root = project(tmp_path, {"leaflet.docx": b"PK\x03\x04\x00\x00", "a.md": "Fine.\n"})
    proc = run_cli("check", "leaflet.docx", "a.md", "--no-grammar", "--format", "json", cwd=root)
    report = json.loads(proc.stdout)
    assert proc.returncode == 2 and checked_paths(proc) == ["a.md"]
    [error] = report["errors"]
    assert error["path"] == "leaflet.docx"
    assert error["message"].startswith("a Word document (.docx), not a page: medcheck reads Markdown")
    assert "pandoc" in error["message"]


def test_a_binary_page_names_the_formats_medcheck_reads(tmp_path):
    root = project(tmp_path, {"leaflet.md": b"PK\x03\x04\x00\x00binary"})
    proc = run_cli("check", "leaflet.md", "--no-grammar", "--format", "json", cwd=root)
    [error] = json.loads(proc.stdout)["errors"]
    assert "binary file (contains NUL bytes)" in error["message"]
    assert "Markdown, HTML and plain text" in error["message"] and "exported" in error["message"]


def test_a_file_of_another_kind_is_read_as_a_page_only_when_asked(tmp_path):
    root = project(tmp_path, {"setup.py": "x = 1  # take 10mg\n", "notes.rst": "Take 10mg qd.\n"})
    proc = run_cli("check", "setup.py", "--no-grammar", cwd=root)
    assert proc.returncode == 2
    assert "'.py' is not a page format medcheck reads" in proc.stderr and "--parse-as" in proc.stderr
    proc = run_cli("check", "notes.rst", "--parse-as", "text", "--no-grammar", "--format", "json",
                   cwd=root)
    assert proc.returncode == 1
    assert "safety.qd" in {f["rule"] for f in json.loads(proc.stdout)["findings"]}
