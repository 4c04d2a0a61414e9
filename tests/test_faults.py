"""Faults: a run interrupted with Ctrl-C, and hostile rule packs.

tests/test_rulepacks.py already covers an invalid regex, a look-behind, a
back-reference, an unknown key on a rule and (a+)+$ in-process; these extend it to
the real CLI, to keys elsewhere in a pack, to patterns RE2 refuses for size, and to
YAML that tries to run code or expand without end. LanguageTool faults belong to
tests/test_grammar.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.rulepacks.loader import PackError, load_pack_file, load_rule_packs

from .conftest import TODAY
from .projects import make_project
from .test_robustness import check_json, medcheck, where

# --- Ctrl-C ---------------------------------------------------------------------------------

PARAGRAPH = ("Take one tablet by mouth with a full glass of water and utilize the chart. "
             "Call your doctor if the pain comes back after 10mg. ") * 6


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_no_partial_report_or_cache_entry(tmp_path, jobs):
    pages = {f"pages/p{i:03d}.md": f"# Page {i}\n\n" + (PARAGRAPH + "\n\n") * 6 for i in range(240)}
    root = make_project(tmp_path / "p", pages)
    results = root / ".medcheck_cache" / "results"
    env = {**os.environ, "MEDCHECK_TODAY": TODAY.isoformat()}
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "check", "pages", "--format", "json",
         "--output", "out/report.json", "--no-grammar", "--jobs", jobs],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while len(list(results.glob("*/*.json"))) < 3:  # mid-run: some pages done
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "no page was checked in 5 minutes"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)  # and it stops promptly, not after every page

    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not (root / "out").exists() or list((root / "out").iterdir()) == []
    entries = list(results.glob("*/*"))
    assert entries and all(e.suffix == ".json" for e in entries), entries  # no temp files
    assert len(entries) < len(pages)  # really interrupted half way
    for entry in entries:  # every entry written is whole
        assert isinstance(json.loads(entry.read_text(encoding="utf-8"))["findings"], list)

    # The next run trusts those entries and produces the full report.
    proc = medcheck(root, "check", "pages", "--format", "json", "--output", "out/report.json",
                    "--no-grammar", "--jobs", jobs, timeout=600)
    report = json.loads((root / "out" / "report.json").read_text(encoding="utf-8"))
    assert proc.returncode == 1 and report["summary"]["files"] == len(pages)
    assert len(report["findings"]) == len(pages) * 6 * 6 * 2


# --- rule packs -------------------------------------------------------------------------------

RULE = ("pack: p\n{top}rules:\n  - id: p.one\n    kind: pattern\n    category: style\n"
        "    severity: warning\n    message: m\n    source: s\n    pattern: '{pattern}'\n"
        "{extra}    examples: {{match: [a], no_match: [b]}}\n")


def _pack(tmp_path: Path, pattern: str = "a", top: str = "", extra: str = "") -> Path:
    path = tmp_path / "pack.yml"
    path.write_text(RULE.format(pattern=pattern, top=top, extra=extra))
    return path


@pytest.mark.parametrize("pattern", ["(a{1000}){1000}", "a{1001}", "(?=a)b", "(?P<n>a)(?P=n)"])
def test_patterns_re2_cannot_run_in_linear_time_are_rejected_at_load(tmp_path, pattern):
    path = _pack(tmp_path, pattern)
    with pytest.raises(PackError) as info:
        load_pack_file(path)
    message = str(info.value)
    assert str(path) in message and "p.one" in message and "invalid pattern" in message


@pytest.mark.parametrize("top,extra,needle", [
    ("colour: red\n", "", "unknown top-level key 'colour'"),
    ("defaults: {colour: red}\n", "", "unknown key 'colour'"),
    ("", "    when: {audience: {nested: map}}\n", "'when.audience' must be a value"),
])
def test_unknown_keys_anywhere_in_a_pack_are_named(tmp_path, top, extra, needle):
    path = _pack(tmp_path, top=top, extra=extra)
    with pytest.raises(PackError, match=needle):
        load_pack_file(path)


def test_examples_with_unknown_keys_are_rejected(tmp_path):
    path = _pack(tmp_path)
    path.write_text(path.read_text().replace("no_match: [b]}", "no_match: [b], maybe: [c]}"))
    with pytest.raises(PackError, match="unknown key 'examples.maybe'"):
        load_pack_file(path)


CATASTROPHIC = ["(a+)+$", "(a|aa)+$", "(a|a?)+b", "(.*a){12}x", "^(\\w+\\s?)*$", "(x+x+)+y"]
# Examples that hold for each pattern: a configured pack must pass its examples to run.
CATASTROPHIC_EXAMPLES = ["{match: [a], no_match: [b]}", "{match: [aa], no_match: [b]}",
                         "{match: [ab], no_match: [c]}", "{match: [aaaaaaaaaaaax], no_match: [b]}",
                         "{match: [abc], no_match: ['a!']}", "{match: [xxy], no_match: [b]}"]


def test_catastrophic_patterns_run_in_linear_time_through_the_cli(tmp_path):
    """Each of these takes Python's re longer than a lifetime on this page; RE2 is linear."""
    root = make_project(tmp_path / "p", {"pages/a.md": "# A\n\n" + "a" * 200_000 + "!\n\n"
                                         + "x" * 100_000 + "\n\nWe utilize 10mg.\n"})
    rules = "".join(
        RULE.format(pattern=pattern.replace("'", "''"), top="", extra="").split("rules:\n", 1)[1]
        .replace("p.one", f"p.r{i}").replace("{match: [a], no_match: [b]}", CATASTROPHIC_EXAMPLES[i])
        for i, pattern in enumerate(CATASTROPHIC))
    (root / "hostile.yml").write_text("pack: hostile\nrules:\n" + rules)
    config = root / "pyproject.toml"
    enabled = ", ".join(f'"p.r{i}"' for i in range(len(CATASTROPHIC)))
    config.write_text(config.read_text().replace('rule_packs = ["', 'rule_packs = ["hostile.yml", "')
                      .replace("enable = [", f"enable = [{enabled}, "))
    proc, report = check_json(root, timeout=240)
    assert proc.returncode == 1 and report["errors"] == []
    assert ("rep.utilize", "pages/a.md", 7, 4, 11) in where(report)
    # The rules did run: ^(\w+\s?)*$ matches the line of x, (a+)+$ the heading "A",
    # and nothing matches the line of a that ends in "!".
    hits = {(f["rule"], f["line"]) for f in report["findings"] if f["rule"].startswith("p.")}
    assert {("p.r4", 5), ("p.r0", 1)} <= hits and not any(line == 3 for _, line in hits)


@pytest.mark.parametrize("body,needle", [
    ("pack: p\nrules: !!python/object/apply:os.system ['touch {marker}']\n", "invalid YAML"),
    ("pack: !!python/name:os.system\nrules: []\n", "invalid YAML"),
    ("pack: p\nrules: " + "[" * 5000 + "]" * 5000 + "\n", "invalid YAML"),
    ("pack: p\nrules:\n  - {id: !!int one}\n", "invalid YAML"),
])
def test_pack_yaml_never_runs_code(tmp_path, body, needle):
    marker = tmp_path / "ran"
    path = tmp_path / "pack.yml"
    path.write_text(body.replace("{marker}", str(marker)))
    with pytest.raises(PackError, match=needle) as info:
        load_pack_file(path)
    assert str(path) in str(info.value) and not marker.exists()


def test_hostile_pack_stops_the_cli_with_exit_2(tmp_path):
    marker = tmp_path / "ran"
    root = make_project(tmp_path / "p", {"pages/a.md": "# A\n\nWe utilize it.\n"})
    (root / "evil.yml").write_text(
        f"pack: evil\nrules:\n  - !!python/object/apply:os.system ['touch {marker}']\n")
    config = root / "pyproject.toml"
    config.write_text(config.read_text().replace('rule_packs = ["', 'rule_packs = ["evil.yml", "'))
    proc = medcheck(root, "check", "--no-grammar")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "evil.yml" in proc.stderr and "invalid YAML" in proc.stderr and not marker.exists()


def test_a_python_file_named_as_a_rule_pack_is_refused_not_run(tmp_path):
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.py"
    evil.write_text(f"from pathlib import Path\nPath({str(marker)!r}).touch()\n")
    with pytest.raises(PackError, match="not a rule pack"):
        load_rule_packs([str(evil)], builtin=False)
    assert not marker.exists()


def test_a_crashing_check_costs_only_its_page(tmp_path, monkeypatch):
    """A bug in a check family on one odd page: that page is an error (exit 2), every
    other page keeps its findings."""
    from types import SimpleNamespace

    from checker import checks, engine
    from checker.config import load_config
    root = make_project(tmp_path / "p", {"pages/a.md": "# A\n\nWe utilize it.\n",
                                         "pages/odd.md": "# Odd\n\nThe trigger word.\n"})

    def check(doc, ctx):
        if "trigger" in doc.source:
            raise IndexError("a check's own bug")
        return []

    real = checks.load_family
    monkeypatch.setattr(checks, "load_family", lambda name: SimpleNamespace(RULES=[], check=check)
                        if name == "buggy" else real(name))
    result = engine.run(["pages"], load_config(cwd=root), cwd=root, grammar=False, jobs=1,
                        families=("rulepack", "buggy"))
    assert result.errors == [("pages/odd.md", "internal error while checking this page: "
                              "IndexError: a check's own bug (please report it; "
                              "MEDCHECK_DEBUG=1 shows details)")]
    assert [(f.rule, f.path, f.line) for f in result.findings] == [("rep.utilize", "pages/a.md", 3)]
    assert result.exit_code("error") == 2
