"""Gating through the real CLI: baselines keyed on sentences (not lines), and
--changed-since / --changed-lines proven in temporary git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.gitdiff import parse_diff, unquote_path

from .conftest import run_cli
from .projects import git, git_repo, make_project

OLD_PAGE = """# Doses

Take 10mg with food.

We utilize a plan here.

A miracle cure, they said.
"""


def findings(root: Path, *args: str) -> tuple[int, dict, str]:
    proc = run_cli("check", "--format", "json", "--no-grammar", "--no-cache", *args, cwd=root)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def where(report: dict) -> list[tuple[str, str, int]]:
    return sorted((f["rule"], f["path"], f["line"]) for f in report["findings"])


# --- baseline -----------------------------------------------------------------------------


@pytest.fixture
def baselined(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p", {"pages/old.md": OLD_PAGE, "pages/other.md": "Give 5mg.\n"})
    proc = run_cli("baseline", "pages", "--output", "ci/baseline.json", "--no-grammar", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "recorded 4 finding(s) from 2 file(s)" in proc.stderr
    return root


def test_baseline_file_is_keyed_on_rule_path_and_sentence(baselined):
    doc = json.loads((baselined / "ci/baseline.json").read_text())
    assert doc["medcheck_baseline"] == 1 and doc["findings"] == 4
    keys = {(e["rule"], e["path"], e["sentence"]) for e in doc["entries"]}
    assert ("rep.dose", "pages/old.md", "take 10mg with food.") in keys
    assert ("rep.cure", "pages/old.md", "a miracle cure, they said.") in keys
    assert all("line" not in e for e in doc["entries"])


def test_baseline_hides_known_findings_and_says_so(baselined):
    code, report, stderr = findings(baselined, "pages", "--baseline", "ci/baseline.json")
    assert code == 0 and report["findings"] == []
    assert report["summary"]["baselined"] == 4
    assert "4 known finding(s) not reported" in stderr
    text = run_cli("check", "pages", "--no-grammar", "--baseline", "ci/baseline.json", cwd=baselined).stdout
    assert "(4 baselined)" in text


def test_moved_lines_stay_baselined_new_and_edited_sentences_do_not(baselined):
    page = baselined / "pages/old.md"
    page.write_text(OLD_PAGE.replace("# Doses\n", "# Doses\n\nA new opening paragraph.\n\nAnd another.\n")
                    .replace("We utilize a plan here.", "We  utilize a plan\nhere.")  # re-wrapped only
                    + "\nNew text: take 20mg at night.\n")
    code, report, _ = findings(baselined, "pages", "--baseline", "ci/baseline.json")
    assert where(report) == [("rep.dose", "pages/old.md", 14)]  # only the new sentence
    assert report["summary"]["baselined"] == 4 and code == 1
    # Editing the sentence that holds an old problem brings it back: the editor touched it.
    page.write_text(page.read_text().replace("A miracle cure, they said.", "A miracle cure, we say."))
    _, report, _ = findings(baselined, "pages", "--baseline", "ci/baseline.json")
    assert ("rep.cure", "pages/old.md", 12) in where(report)
    assert report["summary"]["baselined"] == 3


def test_a_second_identical_problem_in_a_baselined_sentence_is_new(baselined):
    page = baselined / "pages/other.md"
    page.write_text("Give 5mg.\n\nGive 5mg.\n")
    _, report, _ = findings(baselined, "pages", "--baseline", "ci/baseline.json")
    assert where(report) == [("rep.dose", "pages/other.md", 3)]


@pytest.mark.parametrize("content,needle", [
    (None, "baseline file not found"),
    ("{not json", "invalid JSON"),
    ('{"entries": []}', "not a medcheck baseline"),
    ('{"medcheck_baseline": 1, "entries": [{"rule": "x"}]}', "entries[0]"),
])
def test_unusable_baseline_is_exit_2(baselined, content, needle):
    target = baselined / "bad.json"
    if content is not None:
        target.write_text(content)
    proc = run_cli("check", "pages", "--no-grammar", "--baseline", "bad.json", cwd=baselined)
    assert proc.returncode == 2 and needle in proc.stderr and "Traceback" not in proc.stderr


def test_baseline_refuses_to_record_when_files_cannot_be_checked(baselined):
    proc = run_cli("baseline", "pages", "nope.md", "--output", "b2.json", "--no-grammar", cwd=baselined)
    assert proc.returncode == 2 and not (baselined / "b2.json").exists()


# --- changed files and lines ----------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "repo", {
        "pages/a.md": "# A\n\nTake 10mg.\n\nWe utilize it.\n",
        "pages/b.md": "# B\n\nGive 5mg.\n\nLine four.\n\nLine six.\n",
        "pages/c.md": "# C\n\nA miracle cure.\n",
        ".gitignore": ".medcheck_cache/\n",
    })
    git_repo(root)
    git(root, "checkout", "-q", "-b", "feature")
    return root


def test_changed_since_checks_only_changed_and_new_files(repo):
    (repo / "pages/b.md").write_text("# B\n\nGive 5mg.\n\nLine four, now 7mg.\n\nLine six.\n")
    git(repo, "commit", "-q", "-am", "edit b")
    (repo / "pages/new page.md").write_text("Please note 3mg.\n")  # untracked, not ignored
    code, report, _ = findings(repo, "pages", "--changed-since", "main")
    assert {f["path"] for f in report["files"]} == {"pages/b.md", "pages/new page.md"}
    assert code == 1
    assert ("rep.dose", "pages/b.md", 3) in where(report)  # old line, but the file changed


def test_changed_lines_reports_only_findings_on_changed_lines(repo):
    (repo / "pages/b.md").write_text("# B\n\nGive 5mg.\n\nLine four, now 7mg.\n\nLine six.\n")
    git(repo, "commit", "-q", "-am", "edit b")
    (repo / "pages/c.md").write_text("# C\n\nA miracle cure.\n\nAdd 9mcg.\n")  # uncommitted edit
    (repo / "pages/d.md").write_text("Please note 3mg.\n")  # new file: every line is new
    code, report, _ = findings(repo, "pages", "--changed-since", "main", "--changed-lines")
    assert where(report) == [("rep.dose", "pages/b.md", 5), ("rep.dose", "pages/c.md", 5),
                             ("rep.dose", "pages/d.md", 1), ("rep.note", "pages/d.md", 1)]
    assert code == 1


def test_changed_lines_defaults_to_uncommitted_changes_against_head(repo):
    assert findings(repo, "pages", "--changed-lines")[1]["findings"] == []
    page = repo / "pages/a.md"
    page.write_text(page.read_text() + "\nNow 8mg too.\n")
    _, report, _ = findings(repo, "pages", "--changed-lines")
    assert where(report) == [("rep.dose", "pages/a.md", 7)]


def test_changed_since_uses_the_merge_base(repo):
    """What landed on main after the branch started is not this branch's change."""
    git(repo, "checkout", "-q", "main")
    (repo / "pages/a.md").write_text("# A\n\nTake 10mg.\n\nWe utilize it.\n\nMain adds 4mg.\n")
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "checkout", "-q", "feature")
    (repo / "pages/c.md").write_text("# C\n\nA miracle cure.\n\nFeature adds 6mg.\n")
    git(repo, "commit", "-q", "-am", "feature edit")
    _, report, _ = findings(repo, "pages", "--changed-since", "main", "--changed-lines")
    assert where(report) == [("rep.dose", "pages/c.md", 5)]


def test_changed_lines_with_baseline_and_crlf(repo):
    page = repo / "pages/b.md"
    page.write_bytes(b"# B\r\n\r\nGive 5mg.\r\n\r\nLine four.\r\n\r\nLine six 2mg.\r\n")
    git(repo, "commit", "-q", "-am", "crlf")
    page.write_bytes(page.read_bytes().replace(b"Line four.", b"Line four 1mg."))
    _, report, _ = findings(repo, "pages/b.md", "--changed-lines")
    assert where(report) == [("rep.dose", "pages/b.md", 5)]


@pytest.mark.parametrize("args,needle", [
    (("--changed-since", "no-such-branch"), "unknown git ref 'no-such-branch'"),
    (("--changed-since", "--output=x"), "unknown git ref"),
])
def test_bad_ref_is_exit_2(repo, args, needle):
    proc = run_cli("check", "pages", "--no-grammar", *args, cwd=repo)
    assert proc.returncode == 2 and needle in proc.stderr and "Traceback" not in proc.stderr


def test_outside_a_repository_is_exit_2(tmp_path):
    root = make_project(tmp_path / "norepo", {"pages/a.md": "Take 10mg.\n"})
    proc = run_cli("check", "pages", "--no-grammar", "--changed-lines", cwd=root,
                   env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert proc.returncode == 2 and "git" in proc.stderr and "Traceback" not in proc.stderr


def test_parse_diff_and_quoted_names():
    diff = ("diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -3 +3,2 @@\n-a\n+b\n+c\n"
            "@@ -10,2 +11,0 @@\n-gone\n-gone\n"
            'diff --git "a/t\\303\\251st\\t.md" "b/t\\303\\251st\\t.md"\n--- /dev/null\n'
            '+++ "b/t\\303\\251st\\t.md"\n@@ -0,0 +1 @@\n+new\n')
    assert parse_diff(diff) == {"x.md": {3, 4}, "tést\t.md": {1}}
    assert unquote_path('"a\\"b\\\\c"') == 'a"b\\c'
