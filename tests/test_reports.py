"""Every output format, produced by the real CLI: SARIF (validated against the official
schema), GitHub workflow commands, JUnit, Markdown, text, and several at once."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from checker.reporters.github_report import command, escape_data, escape_property

from .conftest import run_cli
from .projects import make_project
from .registry_tools import sarif_schema

PAGE_A = """---
title: Pain relief
---
# Pain relief

Take 10mg with food. We utilize a simple plan.

Please note the dose.

<!-- medcheck-disable-next-line rep.cure: quoted from an old advert to show what not to say -->
This is a miracle cure.

A miracle cure is promised here.
"""
PAGE_B = ("<html lang='en'><head><title>B</title></head><body><h1>B</h1>\n"
          "<p>Give 5mg now. <img src=x onerror=alert(1)> Or 7mcg.</p>\n</body></html>\n")
PAGE_C = "A plain page.\n\nGive 5mg at night.\n"


def validate_sarif(doc: dict) -> None:
    jsonschema.validate(doc, sarif_schema())
    # The 2.1.0 errata (not in the schema the registry ships) require every region to
    # say where it starts: GitHub drops results without a start line.
    for run in doc["runs"]:
        for result in run.get("results", []):
            for location in result.get("locations", []):
                region = location["physicalLocation"].get("region")
                assert region is None or "startLine" in region, region


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj", {"pages/a.md": PAGE_A, "pages/b.html": PAGE_B,
                                            "pages/c.txt": PAGE_C})


def check(project: Path, *args: str):
    proc = run_cli("check", "pages", "--no-grammar", "--no-cache", *args, cwd=project)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_every_format_in_one_run(project):
    formats = ("json", "sarif", "github", "junit", "markdown", "html", "text")
    reports = [arg for fmt in formats for arg in ("--report", f"{fmt}:out/report.{fmt}")]
    proc = check(project, "--format", "json", *reports)
    assert proc.returncode == 1, proc.stderr  # rep.dose and rep.cure are errors
    stdout = json.loads(proc.stdout)
    written = json.loads((project / "out/report.json").read_text())
    assert written == stdout
    validate_sarif(json.loads((project / "out/report.sarif").read_text()))
    ET.fromstring((project / "out/report.junit").read_text())
    assert (project / "out/report.html").read_text().startswith("<!DOCTYPE html>")
    assert "## medcheck report" in (project / "out/report.markdown").read_text()
    assert "::error file=pages/a.md" in (project / "out/report.github").read_text()
    text = (project / "out/report.text").read_text()
    assert "pages/a.md:6:6: error [rep.dose]" in text
    assert "\033[" not in text  # reports written to files never carry colour
    assert not list((project / "out").glob("*.tmp")) and not list((project / "out").glob(".*"))


def test_report_to_stdout_and_bad_specs(project):
    proc = check(project, "--format", "json", "--output", "r.json", "--report", "markdown:-")
    assert proc.stdout.startswith("## medcheck report")
    assert json.loads((project / "r.json").read_text())["summary"]["findings"] == 7
    for bad, needle in (("sarif", "FORMAT:FILE"), ("pdf:x.pdf", "unknown format 'pdf'"), ("html:", "FORMAT:FILE")):
        proc = check(project, "--report", bad)
        assert proc.returncode == 2 and needle in proc.stderr


def test_output_replaces_a_report_atomically(project):
    target = project / "report.sarif"
    target.write_text("old report\n")
    check(project, "--format", "sarif", "--output", "report.sarif")
    validate_sarif(json.loads(target.read_text()))
    assert [p.name for p in project.iterdir() if p.name.startswith(".report")] == []


# --- SARIF --------------------------------------------------------------------------------


def test_sarif_rules_results_regions_and_suppressions(project):
    proc = check(project, "--format", "sarif")
    doc = json.loads(proc.stdout)
    validate_sarif(doc)
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"rep.dose", "rep.utilize", "rep.note", "rep.cure"}  # exactly what fired
    dose = rules["rep.dose"]
    assert dose["shortDescription"]["text"] and dose["fullDescription"]["text"]
    assert "Run-together doses are misread" in dose["fullDescription"]["text"]
    help_text = dose["help"]["text"]
    assert "https://example.org/medcheck-test-source" in help_text
    assert "Take 10mg." in help_text and "Take 10 mg." in help_text  # examples both ways
    assert "Run-together doses" in dose["help"]["markdown"]
    assert dose["properties"]["category"] == "medication-safety"
    assert "medication-safety" in dose["properties"]["tags"]
    assert dose["helpUri"] == "https://example.org/medcheck-test-source"
    results = run["results"]
    by_rule = {}
    for r in results:
        by_rule.setdefault(r["ruleId"], []).append(r)
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        location = r["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
    assert {r["level"] for r in by_rule["rep.dose"]} == {"error"}
    assert {r["level"] for r in by_rule["rep.utilize"]} == {"warning"}
    assert {r["level"] for r in by_rule["rep.note"]} == {"note"}
    first = next(r for r in by_rule["rep.dose"]
                 if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pages/a.md")
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (6, 6, 6, 10)
    assert region["snippet"]["text"] == "10mg"
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "10 mg"
    waived = [r for r in by_rule["rep.cure"] if "suppressions" in r]
    assert len(waived) == 1 and len(by_rule["rep.cure"]) == 2
    assert waived[0]["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                          "justification": "quoted from an old advert to show what not to say"}]


def test_sarif_fingerprints_stay_when_lines_move(project):
    def fingerprints():
        doc = json.loads(check(project, "--format", "sarif").stdout)
        validate_sarif(doc)
        return {(r["ruleId"], r["partialFingerprints"]["medcheckFingerprint/v1"]):
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in doc["runs"][0]["results"]}
    before = fingerprints()
    page = project / "pages/a.md"
    page.write_text(page.read_text().replace("# Pain relief\n", "# Pain relief\n\nA new intro.\n\nMore.\n"))
    after = fingerprints()
    assert set(before) == set(after)
    moved = [k for k in before if k[1] and before[k] != after[k]]
    assert moved  # lines really moved, fingerprints did not


def test_sarif_external_suppression_errors_and_empty_runs(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": "Take 10mg.\n", "pages/ok.md": "Fine words.\n"},
                        '[[tool.medcheck.ignores]]\npaths = ["pages/a.md"]\nrules = ["rep.dose"]\n'
                        'reason = "legacy page, rewrite scheduled"\n')
    proc = run_cli("check", "pages", "missing.md", "--no-grammar", "--format", "sarif", cwd=root)
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    validate_sarif(doc)
    run = doc["runs"][0]
    assert run["results"][0]["suppressions"] == [{"kind": "external", "status": "accepted",
                                                  "justification": "legacy page, rewrite scheduled"}]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "missing.md" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    proc = run_cli("check", "pages/ok.md", "--no-grammar", "--format", "sarif", cwd=root)
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    validate_sarif(doc)
    assert doc["runs"][0]["results"] == [] and doc["runs"][0]["tool"]["driver"]["rules"] == []


# --- GitHub -------------------------------------------------------------------------------


def test_github_escaping_functions():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("error", "two\nlines", file="x,y.md", line=3) == "::error file=x%2Cy.md,line=3::two%0Alines"


def test_github_annotations_respect_the_per_step_limits(tmp_path):
    lines = ["# Many", ""]
    lines += [f"Take {n}mg now." for n in range(1, 16)]          # 15 errors
    lines += ["We utilize it." for _ in range(12)]             # 12 warnings
    lines += ["Please note this." for _ in range(12)]          # 12 info
    root = make_project(tmp_path / "p", {"pages/many,odd:name%.md": "\n\n".join(lines) + "\n"})
    proc = run_cli("check", "pages", "--no-grammar", "--format", "github", cwd=root)
    assert proc.returncode == 1
    out = proc.stdout.splitlines()
    errors = [l for l in out if l.startswith("::error ")]
    warnings = [l for l in out if l.startswith("::warning ")]
    notices = [l for l in out if l.startswith("::notice ")]
    assert len(errors) == 10 and len(warnings) == 10 and len(notices) == 10
    summary = [l for l in notices if "title=medcheck summary" in l]
    assert len(summary) == 1
    assert "not annotated" in summary[0]
    assert "5 errors, 2 warnings, 3 info" in summary[0]
    assert all("file=pages/many%2Codd%3Aname%25.md" in l for l in errors)
    first = errors[0]
    assert re.match(r"::error file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=medcheck rep\.dose "
                    r"\(medication-safety\)::", first)
    # Every finding is still in the log, inside a collapsed group, never as a command.
    start = out.index(next(l for l in out if l.startswith("::group::")))
    end = out.index("::endgroup::")
    assert end - start - 1 == 39
    assert not any(l.startswith("::") for l in out[start + 1:end])


def test_github_all_annotated_when_few(project):
    out = check(project, "--format", "github").stdout.splitlines()
    assert sum(l.startswith(("::error ", "::warning ")) for l in out) == 6
    summary = [l for l in out if "title=medcheck summary" in l]
    assert len(summary) == 1 and "every finding is annotated" in summary[0]
    assert "1 suppressed" in summary[0]


# --- JUnit --------------------------------------------------------------------------------


def test_junit_suites_cases_and_fail_level(project):
    tree = ET.fromstring(check(project, "--format", "junit").stdout)
    suites = {s.get("name"): s for s in tree.findall("testsuite")}
    assert set(suites) == {"pages/a.md", "pages/b.html", "pages/c.txt"}
    cases = {c.get("name"): c for c in suites["pages/a.md"].findall("testcase")}
    assert set(cases) == {"rep.dose", "rep.utilize", "rep.note", "rep.cure"}
    assert cases["rep.dose"].find("failure") is not None
    assert cases["rep.cure"].find("failure") is not None  # one waived, one not: still fails
    assert cases["rep.utilize"].find("failure") is None
    assert "utilize" in cases["rep.utilize"].find("system-out").text
    assert suites["pages/a.md"].get("failures") == "2"
    assert tree.get("failures") == str(sum(int(s.get("failures")) for s in suites.values()))
    tree = ET.fromstring(check(project, "--format", "junit", "--fail-on", "warning").stdout)
    a = next(s for s in tree.findall("testsuite") if s.get("name") == "pages/a.md")
    cases = {c.get("name"): c for c in a.findall("testcase")}
    assert cases["rep.utilize"].find("failure") is not None
    assert cases["rep.note"].find("failure") is None


def test_junit_waived_rule_is_skipped_with_its_reason(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": (
        "<!-- medcheck-disable-next-line rep.cure: a quotation <b>on purpose</b> -->\n"
        "A miracle cure.\n")})
    tree = ET.fromstring(run_cli("check", "pages", "--no-grammar", "--format", "junit", cwd=root).stdout)
    case = tree.find("testsuite/testcase")
    assert case.get("name") == "rep.cure"
    assert case.find("skipped").get("message") == "suppressed: a quotation <b>on purpose</b>"


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_summary(tmp_path):
    root = make_project(tmp_path / "p", {
        "pages/a.md": PAGE_A, "pages/b.html": PAGE_B,
        "pages/x|y<script>@team.md": "Take 3mg. Please note it.\n"})
    proc = run_cli("check", "pages", "--no-grammar", "--format", "markdown", cwd=root)
    md = proc.stdout
    assert md.startswith("## medcheck report")
    assert "❌ **Fails**" in md
    rows = [l for l in md.splitlines() if l.startswith("| ")]
    category_rows = {l.split("|")[1].strip(): l for l in rows}
    assert "| medication-safety | 4 | 0 | 0 | 4 |" in md  # 10mg, 5mg, 7mcg, 3mg
    assert "| compliance | 1 | 0 | 0 | 1 |" in md
    assert "**all**" in category_rows
    worst = md.split("### Worst pages")[1].split("###")[0]
    pages_in_order = re.findall(r"^\| (pages/[^ ]+) \|", worst, re.M)
    assert pages_in_order[0] == "pages/a.md"  # two errors: the worst
    # A hostile file name stays inside its table cell and mentions nobody.
    hostile = next(l for l in worst.splitlines() if "x\\|y" in l)
    assert "\\<script\\>" in hostile and "@\u200bteam" in hostile
    assert len(re.findall(r"(?<!\\)\|", hostile)) == 6  # 5 columns
    assert "### First findings" in md and "Not counted: 1 suppressed" in md


def test_markdown_when_clean(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.md": "All good here.\n"})
    proc = run_cli("check", "pages", "--no-grammar", "--format", "markdown", cwd=root)
    assert proc.returncode == 0
    assert "✅ **Passes**" in proc.stdout and "No findings." in proc.stdout


# --- text -----------------------------------------------------------------------------------


def test_text_groups_by_file_and_underlines_the_words(project):
    proc = check(project)
    out = proc.stdout
    assert "\033[" not in out  # not a TTY: no colour
    lines = out.splitlines()
    headers = [l for l in lines if l in ("pages/a.md", "pages/b.html", "pages/c.txt")]
    assert headers == ["pages/a.md", "pages/b.html", "pages/c.txt"]
    i = lines.index("pages/a.md:6:6: error [rep.dose] Put a space between the number and the unit:")
    assert lines[i + 1:i + 6] == ["    '10 mg'.", "  |", "6 | Take 10mg with food. We utilize a simple plan.",
                                  "  |      ^^^^", "  = suggestion: 10 mg (medcheck check --fix applies it)"]
    assert "3 files checked: 5 errors, 1 warning, 1 info (1 suppressed)" in out
    assert re.search(r"^  medication-safety +4 +· +·$", out, re.M)
    assert re.search(r"^  compliance +1 +· +·$", out, re.M)


def test_text_never_starts_a_line_with_a_workflow_command(tmp_path):
    root = make_project(tmp_path / "p", {"pages/a.txt": "::error file=x::Take 10mg now.\n"})
    out = run_cli("check", "pages", "--no-grammar", cwd=root).stdout
    assert not [l for l in out.splitlines() if l.lstrip().startswith("::")]
    assert "1 | ::error file=x::Take 10mg now." in out.splitlines()


def test_text_colour_only_when_asked(project):
    assert "\033[" in check(project, "--color").stdout
    assert "\033[" not in check(project, "--no-color").stdout


def test_text_verbose_lists_waivers_with_reasons(project):
    out = check(project, "--verbose").stdout
    assert "source: https://example.org/medcheck-test-source" in out
    assert "[rep.cure] suppressed: quoted from an old advert" in out


def test_progress_bar_only_on_a_tty_and_after_a_second(monkeypatch):
    import io

    from checker import progress as progress_mod

    class Tty(io.StringIO):
        def isatty(self):
            return True

    clock = [100.0]
    monkeypatch.setattr(progress_mod.time, "monotonic", lambda: clock[0])
    stream = Tty()
    bar = progress_mod.ProgressBar(stream=stream)
    bar.set_total(10)
    bar(1)
    assert not bar.shown  # under a second: nothing drawn
    clock[0] += 1.5
    bar(1)
    assert bar.shown
    bar.close()
    quiet = progress_mod.ProgressBar(stream=io.StringIO())  # not a TTY
    quiet.set_total(10)
    clock[0] += 5
    quiet(1)
    assert not quiet.shown
