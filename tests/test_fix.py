"""``--fix`` and ``--diff`` through the real CLI: only prose changes, files keep their
encoding, BOM and line endings, writes never leave the given paths, and a second
``--fix`` changes nothing."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from checker.fixer import dominant_newline, offset_map

from .conftest import run_cli
from .projects import make_project

MIXED = """---
title: Doses
dose: 10mg
---
# Doses of 5mg

Take 10mg with food. We utilized it. See [the 20mg label](https://example.org/20mg/page).

Inline code `30mg` stays, and https://example.org/40mg stays.

```
Fenced 50mg stays.
```

    Indented 60mg stays.

<!-- medcheck-disable-next-line rep.dose: quoting the original label on purpose -->
The label said 70mg.

A miracle cure is not fixable.

![Pill of 80mg](pill.png)
"""
FIXED = """---
title: Doses
dose: 10mg
---
# Doses of 5 mg

Take 10 mg with food. We used it. See [the 20 mg label](https://example.org/20mg/page).

Inline code `30mg` stays, and https://example.org/40mg stays.

```
Fenced 50mg stays.
```

    Indented 60mg stays.

<!-- medcheck-disable-next-line rep.dose: quoting the original label on purpose -->
The label said 70mg.

A miracle cure is not fixable.

![Pill of 80 mg](pill.png)
"""
HTML = ("<html lang='en'><head><title>5mg</title><script>var d = '6mg';</script></head><body>\n"
        "<p>Give 5mg <code>9mg</code> now.</p>\n<p title=\"7mg\">Use 7mg.</p>\n</body></html>\n")
HTML_FIXED = ("<html lang='en'><head><title>5mg</title><script>var d = '6mg';</script></head><body>\n"
              "<p>Give 5 mg <code>9mg</code> now.</p>\n<p title=\"7mg\">Use 7 mg.</p>\n</body></html>\n")


def fix(root: Path, *args: str):
    proc = run_cli("check", "--no-grammar", "--no-cache", "--fix", *args, cwd=root)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_fix_changes_prose_only_and_reports_what_remains(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": MIXED, "pages/b.html": HTML})
    proc = fix(root, "pages", "--format", "json")
    assert (root / "pages/a.md").read_text() == FIXED
    assert (root / "pages/b.html").read_text() == HTML_FIXED
    assert "made 7 edit(s) in 2 file(s), resolving 7 finding(s)" in proc.stderr
    report = json.loads(proc.stdout)  # the report is of the fixed files
    assert sorted(f["rule"] for f in report["findings"]) == ["rep.cure"]
    assert [f["rule"] for f in report["suppressed"]] == ["rep.dose"]  # waived: left alone
    assert proc.returncode == 1  # the claim is an error that no fix can make


def test_second_fix_changes_nothing(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": MIXED, "pages/b.html": HTML})
    fix(root, "pages")
    before = {p: p.read_bytes() for p in (root / "pages").iterdir()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    proc = fix(root, "pages")
    assert "made 0 edit(s) in 0 file(s)" in proc.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes  # not even rewritten
    diff = run_cli("check", "pages", "--no-grammar", "--diff", cwd=root)
    assert diff.stdout == "" and diff.returncode == 0


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": MIXED})
    proc = run_cli("check", "pages", "--no-grammar", "--diff", cwd=root)
    assert proc.returncode == 1
    assert (root / "pages/a.md").read_text() == MIXED
    assert proc.stdout.startswith("--- a/pages/a.md\n+++ b/pages/a.md\n")
    assert "-Take 10mg with food. We utilized it." in proc.stdout
    assert "+Take 10 mg with food. We used it." in proc.stdout
    assert "70mg" not in proc.stdout.replace("The label said 70mg.", "")  # only as context
    assert "--fix would make 5 edit(s) in 1 file(s)" in proc.stderr
    # The diff applies cleanly and gives exactly what --fix writes.
    applied = subprocess_run(["git", "apply", "-p1", "-"], root, proc.stdout)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    patched = (root / "pages/a.md").read_text()
    (root / "pages/a.md").write_text(MIXED)
    fix(root, "pages")
    assert (root / "pages/a.md").read_text() == patched == FIXED


def subprocess_run(args, cwd, stdin):
    import subprocess
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True)


ENCODED = {  # file -> (bytes before, bytes after --fix)
    "crlf.txt": (b"Take 10mg.\r\nWe utilize it.\r\n", b"Take 10 mg.\r\nWe use it.\r\n"),
    "bom.txt": (b"\xef\xbb\xbfTake 10mg.\nOk.\n", b"\xef\xbb\xbfTake 10 mg.\nOk.\n"),
    "mixed.txt": (b"\xef\xbb\xbfTake 10mg.\r\nOk.\nGive\r5mg.\r\n",
                  b"\xef\xbb\xbfTake 10 mg.\r\nOk.\nGive\r5 mg.\r\n"),
    "utf16.txt": ("\ufeffTake 10mg.\r\nCaf\u00e9 utilize.\r\n".encode("utf-16-le"),
                  "\ufeffTake 10 mg.\r\nCaf\u00e9 use.\r\n".encode("utf-16-le")),
    "unicode.txt": ("Caf\u00e9 \u2014 take 10mg \u00b5 daily.\n".encode(),
                    "Caf\u00e9 \u2014 take 10 mg \u00b5 daily.\n".encode()),
    "no-final-newline.txt": (b"No newline at the end: 10mg", b"No newline at the end: 10 mg"),
}


def test_line_endings_bom_and_encoding_are_kept(tmp_path):
    root = make_project(tmp_path / "p", {f"pages/{name}": raw for name, (raw, _) in ENCODED.items()})
    fix(root, "pages")
    for name, (_, expected) in ENCODED.items():
        assert (root / "pages" / name).read_bytes() == expected, name


def test_undecodable_file_is_not_rewritten(tmp_path):
    raw = b"Take 10mg.\n\xff\xfe bad bytes here.\n"
    root = make_project(tmp_path / "p", {"pages/a.txt": raw})
    proc = fix(root, "pages")
    assert (root / "pages/a.txt").read_bytes() == raw
    assert "undecodable bytes" in proc.stderr


def test_permissions_are_kept(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": "Take 10mg.\n"})
    page = root / "pages/a.md"
    os.chmod(page, 0o640)
    fix(root, "pages")
    assert page.read_text() == "Take 10 mg.\n"
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert sorted(p.name for p in page.parent.iterdir()) == ["a.md"]  # no temporary files left


def test_symlinks_never_lead_writes_outside_the_given_paths(tmp_path):
    root = make_project(tmp_path / "p", {"pages/real.md": "Take 10mg.\n", "outside/secret.md": "Give 5mg.\n"})
    (root / "pages/inside-link.md").symlink_to("real.md")
    (root / "pages/outside-link.md").symlink_to("../outside/secret.md")
    (root / "pages/linked-dir").symlink_to("../outside", target_is_directory=True)
    proc = fix(root, "pages")
    assert (root / "outside/secret.md").read_text() == "Give 5mg.\n"  # untouched
    assert "outside the paths given" in proc.stderr
    assert (root / "pages/real.md").read_text() == "Take 10 mg.\n"
    assert (root / "pages/inside-link.md").is_symlink()  # the link stays a link
    # Named explicitly, the outside folder may be fixed.
    fix(root, "outside")
    assert (root / "outside/secret.md").read_text() == "Give 5 mg.\n"


def test_only_the_given_file_is_fixed(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": "Take 10mg.\n", "pages/b.md": "Take 10mg.\n"})
    fix(root, "pages/a.md")
    assert (root / "pages/a.md").read_text() == "Take 10 mg.\n"
    assert (root / "pages/b.md").read_text() == "Take 10mg.\n"


def test_fix_respects_baseline_and_changed_lines(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": "Take 10mg.\n"})
    assert run_cli("baseline", "pages", "-o", "base.json", "--no-grammar", cwd=root).returncode == 0
    (root / "pages/a.md").write_text("Take 10mg.\n\nGive 5mg.\n")
    fix(root, "pages", "--baseline", "base.json")
    assert (root / "pages/a.md").read_text() == "Take 10mg.\n\nGive 5 mg.\n"  # only the new one


def test_offset_map_and_newline_helpers():
    raw = "a\r\nb\rc\nd"
    assert offset_map(raw) == [0, 1, 3, 4, 5, 6, 7, 8]
    normalised = raw.replace("\r\n", "\n").replace("\r", "\n")
    assert len(offset_map(raw)) == len(normalised) + 1
    assert dominant_newline("a\r\nb\r\nc\n") == "\r\n" and dominant_newline("a\nb") == "\n"
