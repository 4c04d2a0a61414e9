"""Sharded checks and `medcheck merge`: the slices of a site, merged, are the site's report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checker.shard import Shard, ShardError, slice_of
from .conftest import REPO, run_cli

# The dev pages only (the held-out folders are never read by tests).
PAGE_FOLDERS = ("accessibility", "readability", "medical")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for name in PAGE_FOLDERS:
        shutil.copytree(REPO / "tests" / "pages" / name, root / "pages" / name)
    return root


def check(site: Path, *args: str):
    return run_cli("check", "pages", "--no-grammar", "--no-cache", *args, cwd=site)


def test_shard_spec_is_checked():
    assert Shard.parse("2/4") == Shard(2, 4)
    for bad in ("0/3", "4/3", "1/0", "x", "1-3", ""):
        with pytest.raises(ShardError):
            Shard.parse(bad)


def test_slices_depend_on_the_path_alone():
    pages = [f"docs/page-{i}.md" for i in range(200)]
    before = {p: slice_of(p, 4) for p in pages}
    grown = pages + [f"docs/new-{i}.md" for i in range(100)]
    after = {p: slice_of(p, 4) for p in grown}
    assert all(after[p] == before[p] for p in pages)  # adding pages moves none
    assert set(before.values()) == {1, 2, 3, 4}
    # A fixed hash (SHA-256's first 8 bytes, not Python's salted hash): every CI job,
    # on any machine, computes the same slices.
    assert [slice_of(p, 3) for p in ("a.md", "b.md", "c.md", "d.md")] == [3, 1, 1, 2]


def test_shards_merged_equal_the_unsharded_run(site):
    whole = check(site, "--format", "json", "-o", "whole.json", "--report", "sarif:whole.sarif",
                  "--report", "junit:whole.xml", "--report", "markdown:whole.md")
    assert whole.returncode == 1, whole.stderr  # the pages hold planted errors
    seen = []
    for i in (1, 2, 3):
        part = check(site, "--shard", f"{i}/3", "--format", "json", "-o", f"s{i}.json")
        assert part.returncode in (0, 1), part.stderr
        report = json.loads((site / f"s{i}.json").read_text())
        assert report["summary"]["shard"] == {"index": i, "count": 3}
        seen.append({f["path"] for f in report["files"]})
    assert sum(map(len, seen)) == len(set().union(*seen))  # no page in two shards
    assert all(seen)  # each shard checked some pages
    merged = run_cli("merge", "s1.json", "s2.json", "s3.json", "--format", "json", "-o", "m.json",
                     "--report", "sarif:m.sarif", "--report", "junit:m.xml",
                     "--report", "markdown:m.md", cwd=site)
    assert merged.returncode == whole.returncode, merged.stderr
    assert "Traceback" not in merged.stderr
    # The merged report differs from the whole run's only in summary.shard, which
    # the shards carry and the merge drops: the files are equal byte for byte.
    for ext in ("json", "sarif", "xml", "md"):
        assert (site / f"m.{ext}").read_bytes() == (site / f"whole.{ext}").read_bytes(), ext
    # The exit code follows --fail-on as in check.
    never = run_cli("merge", "s1.json", "s2.json", "s3.json", "--fail-on", "never", cwd=site)
    assert never.returncode == 0


def test_merge_refuses_bad_input(site):
    for i in (1, 2):
        check(site, "--shard", f"{i}/2", "--format", "json", "-o", f"h{i}.json")
    check(site, "--format", "json", "-o", "all.json")
    (site / "not-json.json").write_text("<html>")
    (site / "other.json").write_text(json.dumps({"tool": {"name": "eslint"}, "files": []}))
    cases = {
        ("missing.json",): "missing.json: no such file",
        ("not-json.json",): "not JSON",
        ("other.json",): "not a medcheck JSON report",
        ("h1.json",): "shard 2/2 missing",
        ("h1.json", "h1.json", "h2.json"): "both shard 1/2",
        ("all.json", "h1.json", "h2.json"): "the reports overlap",
        (): "name the JSON reports",
    }
    for args, message in cases.items():
        proc = run_cli("merge", *args, cwd=site)
        assert proc.returncode == 2, (args, proc.stderr)
        assert message in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_bad_shard_option_exits_2(site):
    proc = check(site, "--shard", "5/4")
    assert proc.returncode == 2 and "I must be between 1 and N" in proc.stderr


def test_an_empty_slice_passes_and_merges(tmp_path):
    # One page, two shards: the page's slice is checked, the other slice is empty. An
    # empty shard passes (exit 0, not "nothing to check"), and the merge is the whole run.
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p0.md").write_text("# Ibuprofen\n\nTake 2 tablets every 4 hours.\n")
    whole = run_cli("check", "pages", "--no-grammar", "--no-cache", "--format", "json",
                    "-o", "whole.json", cwd=tmp_path)
    codes = [run_cli("check", "pages", "--no-grammar", "--no-cache", "--shard", f"{i}/2",
                     "--format", "json", "-o", f"s{i}.json", cwd=tmp_path).returncode
             for i in (1, 2)]
    files = [json.loads((tmp_path / f"s{i}.json").read_text())["summary"]["files"] for i in (1, 2)]
    assert sorted(files) == [0, 1]
    assert codes[files.index(0)] == 0
    merged = run_cli("merge", "s1.json", "s2.json", "--format", "json", "-o", "m.json", cwd=tmp_path)
    assert merged.returncode == whole.returncode
    assert (tmp_path / "m.json").read_bytes() == (tmp_path / "whole.json").read_bytes()
