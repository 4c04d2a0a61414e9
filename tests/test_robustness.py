"""Bad input: every odd file editors and CI produce, through the real CLI.

For each case: no traceback; a message naming the file and the problem; every other
page still checked and reported; a file that could not be checked is listed in the
JSON ``errors`` (path, message) and counted in the summary; exit 2 when anything
could not be checked, after everything else was reported. Files that CAN be read
(odd encodings, line endings, empty, huge, deeply nested) are checked with exact
positions instead.

Every project here loads only the report fixture pack (tests/projects.py), so the
findings are the planted ones whatever the shipped packs grow.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TODAY
from .projects import make_project

GOOD = "# Good page\n\nWe utilize it daily.\n"
GOOD_AT = ("rep.utilize", "pages/good.md", 3, 4, 11)  # rule, path, line, column, end column


def medcheck(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, with a time limit: a hang is a failure, not a wait."""
    env = {**os.environ, "MEDCHECK_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "checker.cli", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)


def check_json(root: Path, *paths: str, timeout: float = 300) -> tuple[subprocess.CompletedProcess, dict]:
    proc = medcheck(root, "check", *(paths or ("pages",)), "--format", "json", "--no-grammar",
                    "--no-cache", timeout=timeout)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc, json.loads(proc.stdout)


def where(report: dict) -> set[tuple[str, str, int, int, int]]:
    return {(f["rule"], f["path"], f["line"], f["column"], f["end_column"]) for f in report["findings"]}


def assert_exact(root: Path, report: dict) -> None:
    """Every finding's line/column is inside its file and the source there is its text."""
    from checker.documents import decode
    files: dict[str, list[str]] = {}
    for f in report["findings"]:
        if f["path"] not in files:
            files[f["path"]] = decode((root / f["path"]).read_bytes())[0].split("\n")
        lines = files[f["path"]]
        assert 1 <= f["line"] <= f["end_line"] <= len(lines)
        if f["line"] == f["end_line"]:
            exact = lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1]
        else:
            exact = "\n".join([lines[f["line"] - 1][f["column"] - 1:],
                               *lines[f["line"]:f["end_line"] - 1],
                               lines[f["end_line"] - 1][:f["end_column"] - 1]])
        assert exact[:500] == f["text"], (f["rule"], f["line"], f["column"], exact[:80])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {"pages/good.md": GOOD,
                                         "pages/other.html": "<h1>Other</h1>\n<p>Give 5mg now.</p>\n"})


# --- files that cannot be checked --------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256))


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would block the run forever


def _self_link(path: Path) -> None:
    path.symlink_to(path.name)


def _link_pair(path: Path) -> None:
    (path.parent / "twin.txt").symlink_to(path.name)
    path.symlink_to("twin.txt")


def _folder_loop(path: Path) -> None:
    path.parent.mkdir()
    (path.parent / "up").symlink_to("..", target_is_directory=True)


def _huge(path: Path) -> None:
    with open(path, "wb") as handle:  # sparse: 21 MB on paper, nothing on disk
        handle.truncate(21 * 1024 * 1024)


BILLION_LAUGHS = "---\nl0: &l0 [ha, ha, ha, ha, ha, ha, ha, ha, ha]\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)) + \
    "audience: *l9\n---\n# Laughs\n\nWe utilize it.\n"

UNREADABLE = [
    # (file name, bytes or a function that makes it, reported path, words of the message)
    ("image.md", PNG, "pages/image.md", "binary file"),
    ("nul.html", b"<p>Take it</p>\x00\x00\x01", "pages/nul.html", "binary file"),
    ("utf16.txt", b"\xff\xfe" + "Broken page\n".encode("utf-16-le") + b"\x00", "pages/utf16.txt",
     "invalid UTF-16"),
    ("open.md", b"---\ntitle: Never closed\n\n# Body\n\nWe utilize it.\n", "pages/open.md",
     "front matter opened with '---' on line 1 is never closed"),
    ("bad-yaml.md", b"---\ntitle: Fine\naudience: [patient\n---\n# Bad\n", "pages/bad-yaml.md",
     "front matter is not valid YAML on line 4"),
    ("bad-int.md", b"---\nyear: !!int twenty\n---\n# Bad\n", "pages/bad-int.md",
     "front matter has a value YAML cannot read"),
    ("laughs.md", BILLION_LAUGHS.encode(), "pages/laughs.md", "more than 100,000 values"),
    ("dangling.md", lambda p: p.symlink_to("nowhere.md"), "pages/dangling.md",
     "dangling symbolic link"),
    ("self.md", _self_link, "pages/self.md", "symbolic link loop"),
    ("pair.md", _link_pair, "pages/pair.md", "symbolic link loop"),
    ("loop/page.md", _folder_loop, "pages/loop/up", "symbolic link loop"),
    ("pipe.md", _fifo, "pages/pipe.md", "not a regular file"),
    ("huge.md", _huge, "pages/huge.md", "larger than 20 MB"),
]


@pytest.mark.parametrize("name,content,reported,problem", UNREADABLE,
                         ids=[case[0] for case in UNREADABLE])
def test_unreadable_file_is_reported_and_the_rest_is_checked(project, name, content, reported,
                                                             problem):
    target = project / "pages" / name
    if callable(content):
        content(target)
    else:
        target.write_bytes(content)
    proc, report = check_json(project, timeout=120)
    assert proc.returncode == 2, proc.stderr
    errors = [e for e in report["errors"] if e["path"] == reported]
    assert len(errors) >= 1 and problem in errors[0]["message"], report["errors"]
    assert report["summary"]["errors"] == len(report["errors"])
    assert f"medcheck: {reported}: " in proc.stderr and problem in proc.stderr
    # Everything else was checked and reported.
    assert GOOD_AT in where(report)
    assert ("rep.dose", "pages/other.html", 2, 9, 12) in where(report)
    checked = {f["path"] for f in report["files"]}
    assert {"pages/good.md", "pages/other.html"} <= checked and reported not in checked


def test_text_report_lists_what_could_not_be_checked(project):
    (project / "pages" / "image.md").write_bytes(PNG)
    proc = medcheck(project, "check", "pages", "missing-folder", "--no-grammar", "--no-cache")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "pages/image.md: could not be checked: binary file" in proc.stdout
    assert "missing-folder: could not be checked: no such file or folder" in proc.stdout
    assert "pages/good.md:3:4:" in proc.stdout  # findings first, then the failures
    assert "2 could not be checked" in proc.stdout


def test_python_tags_in_front_matter_are_never_run(project, tmp_path):
    marker = tmp_path / "ran"
    (project / "pages" / "tag.md").write_text(
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n# Tag\n")
    proc, report = check_json(project)
    assert proc.returncode == 2 and not marker.exists()
    assert report["errors"][0]["path"] == "pages/tag.md"
    assert "could not determine a constructor" in report["errors"][0]["message"]


# --- files that can be read: checked, positions exact -------------------------------------

PAGE = "# Odd page\n\nTake it.\nWe utilize it with 10mg.\n\nThen utilize less.\n"
PAGE_AT = {("rep.utilize", 4, 4, 11), ("rep.dose", 4, 20, 24), ("rep.utilize", 6, 6, 13)}


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.encode("utf-16"),  # with its byte-order mark
    lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.replace("\n", "\r").encode("utf-8"),  # old Mac line endings
    lambda t: t.replace("\n", "\r\n", 2).replace("Take it.\n", "Take it.\r").encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "crlf", "cr", "mixed", "bom-crlf"])
def test_encodings_and_line_endings_keep_positions(project, encode):
    (project / "pages" / "odd.md").write_bytes(encode(PAGE))
    proc, report = check_json(project)
    assert proc.returncode == 1 and report["errors"] == []
    found = {(r, line, col, end) for r, p, line, col, end in where(report) if p == "pages/odd.md"}
    assert found == PAGE_AT
    assert GOOD_AT in where(report)


def test_invalid_utf8_is_checked_with_a_warning_naming_the_byte(project):
    data = "# Caf\u00e9\n\nWe utilize it.\n".encode("utf-8").replace(b"\xc3\xa9", b"\xe9") + \
        b"Bad \xff\xfe bytes, then 10mg.\n"
    (project / "pages" / "latin.md").write_bytes(data)
    proc, report = check_json(project)
    assert proc.returncode == 1 and report["errors"] == []
    (entry,) = [f for f in report["files"] if f["path"] == "pages/latin.md"]
    assert entry["warnings"] == ["invalid UTF-8 at byte 5: undecodable bytes shown as U+FFFD"]
    # Each bad byte is one character, so the columns after it are still right.
    assert {("rep.utilize", "pages/latin.md", 3, 4, 11),
            ("rep.dose", "pages/latin.md", 4, 20, 24)} <= where(report)
    text = medcheck(project, "check", "pages/latin.md", "--no-grammar", "--no-cache")
    assert "pages/latin.md" in text.stdout and "invalid UTF-8 at byte 5" in text.stdout


@pytest.mark.parametrize("name,data", [
    ("empty.md", b""), ("empty.html", b""), ("empty.txt", b""), ("bom-only.md", b"\xef\xbb\xbf"),
    ("blank.md", b"\n\n  \t\n"), ("front-only.md", b"---\ntitle: Only metadata\n---\n"),
    ("utf16-empty.txt", b"\xff\xfe"),
])
def test_empty_files_are_checked_quietly(project, name, data):
    (project / "pages" / name).write_bytes(data)
    proc, report = check_json(project)
    assert proc.returncode == 1 and report["errors"] == []  # exit 1: good.md's warning
    assert f"pages/{name}" in {f["path"] for f in report["files"]}
    assert not [f for f in report["findings"] if f["path"] == f"pages/{name}"]


def test_ten_megabyte_pages_are_checked(project):
    """A pasted base64 image makes a 10 MB Markdown page; an export inlines 10 MB of CSS."""
    blob = base64.b64encode(bytes(range(256)) * 32_000).decode()  # 10.9 MB of base64
    (project / "pages" / "pasted.md").write_text(
        "# Dose chart\n\nWe utilize it.\n\n![Chart](data:image/png;base64," + blob + ")\n\n"
        "After the chart, take 10mg.\n")
    (project / "pages" / "export.html").write_text(
        "<html lang='en'><head><title>Export</title><style>" + ".c{color:red}\n" * 750_000 +
        "</style></head><body><h1>Export</h1><p>Then utilize 10mg.</p></body></html>\n")
    assert (project / "pages" / "pasted.md").stat().st_size > 10 * 1024 * 1024
    assert (project / "pages" / "export.html").stat().st_size > 10 * 1024 * 1024
    proc, report = check_json(project, timeout=600)
    assert proc.returncode == 1 and report["errors"] == []
    column = len("</style></head><body><h1>Export</h1><p>Then ") + 1
    assert {("rep.utilize", "pages/pasted.md", 3, 4, 11), ("rep.dose", "pages/pasted.md", 7, 23, 27),
            ("rep.utilize", "pages/export.html", 750_001, column, column + 7),
            ("rep.dose", "pages/export.html", 750_001, column + 8, column + 12),
            GOOD_AT} <= where(report)
    assert_exact(project, report)


@pytest.mark.slow
def test_a_two_megabyte_line_is_checked_in_linear_time(project):
    """One 2 MB line of prose (no full stop in it). Every finding's text is read back
    from the file at its reported column: the columns run past 2,000,000."""
    words = ("take the tablet with water and utilize 10mg when pain comes back "
             "then rest ").split()
    line = " ".join(words[i % len(words)] for i in range(2 * 1024 * 1024 // 5))
    (project / "pages" / "line.md").write_text("# One line\n\n" + line + "\n")
    proc, report = check_json(project, timeout=600)
    assert proc.returncode == 1 and report["errors"] == []
    ours = [f for f in report["findings"] if f["path"] == "pages/line.md"]
    assert len(ours) > 2 * 8000 and max(f["column"] for f in ours) > 2_000_000
    assert_exact(project, report)


def test_twenty_thousand_levels_of_html(project):
    closed = "<html lang='en'><body>" + "<div>" * 20_000 + "We utilize 10mg." + \
        "</div>" * 20_000 + "</body></html>\n"
    unclosed = "<html lang='en'><body>\n" + "<div><b><i><span>" * 5_000 + "\nWe utilize it.\n"
    (project / "pages" / "deep.html").write_text(closed)
    (project / "pages" / "unclosed.html").write_text(unclosed)
    proc, report = check_json(project)
    assert proc.returncode == 1 and report["errors"] == []
    column = len("<html lang='en'><body>") + 5 * 20_000 + 4
    assert {("rep.utilize", "pages/deep.html", 1, column, column + 7),
            ("rep.dose", "pages/deep.html", 1, column + 8, column + 12),
            ("rep.utilize", "pages/unclosed.html", 3, 4, 11)} <= where(report)
    files = {f["path"]: f for f in report["files"]}
    assert any("nesting deeper than" in w for w in files["pages/deep.html"]["warnings"])
    assert_exact(project, report)


@pytest.mark.parametrize("marker", ["> ", "- ", "1. ", "* > ", "<div>"])
def test_twenty_thousand_levels_of_markdown(project, marker):
    """markdown-it gives up below 20 levels; inside a list it used to drop the REST OF
    THE PAGE without a word. The text down there and after it is still checked."""
    (project / "pages" / "deep.md").write_text(
        "# Deep\n\n" + marker * 20_000 + "We utilize it.\n\nAfter the deep part, 10mg.\n")
    proc, report = check_json(project)
    assert proc.returncode == 1 and report["errors"] == []
    column = len(marker) * 20_000 + 4
    assert {("rep.utilize", "pages/deep.md", 3, column, column + 7),
            ("rep.dose", "pages/deep.md", 5, 22, 26)} <= where(report)
    assert_exact(project, report)


@pytest.mark.slow
def test_ten_thousand_files(tmp_path):
    """10,000 pages (and one broken one) in 100 folders: all reported, in a stable order;
    a second run from the cache is byte for byte the same report."""
    pages = {f"pages/f{i // 100:03d}/p{i:05d}.md": f"# Page {i}\n\nWe utilize {i}mg.\n"
             for i in range(10_000)}
    root = make_project(tmp_path / "p", pages)
    (root / "pages" / "f050" / "broken.md").write_bytes(PNG)
    cold = medcheck(root, "check", "--format", "json", "--no-grammar", timeout=1200)
    assert cold.returncode == 2 and "Traceback" not in cold.stderr
    report = json.loads(cold.stdout)
    assert report["summary"]["files"] == 10_000 and report["summary"]["errors"] == 1
    [error] = report["errors"]
    assert error["path"] == "pages/f050/broken.md"
    assert error["message"].startswith("binary file (contains NUL bytes), not a text page")
    assert [f["path"] for f in report["files"]] == sorted(pages)
    assert len(report["findings"]) == 20_000
    assert ("rep.dose", "pages/f099/p09999.md", 3, 12, 18) in where(report)
    warm = medcheck(root, "check", "--format", "json", "--no-grammar", timeout=600)
    assert warm.returncode == 2 and warm.stdout == cold.stdout


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(tmp_path, monkeypatch):
    """os.walk drops folders it cannot list unless told. (Run as root, chmod cannot lock
    a folder, so listing it is made to fail the way a permission error does.)"""
    from checker.config import load_config
    from checker.engine import discover
    root = make_project(tmp_path / "p", {"pages/a.md": GOOD, "pages/locked/b.md": GOOD})
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, errors = discover(["pages"], load_config(cwd=root), root)
    assert [rel for _, rel in files] == ["pages/a.md"]
    assert errors == [("pages/locked", "cannot read folder: Permission denied")]
