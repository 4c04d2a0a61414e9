"""The GitHub workflow and the pre-commit hooks: their commands, run for real on a
small project, produce what the later steps read and gate as they claim."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import tomllib

import yaml

from checker.documents import SUPPORTED_SUFFIXES

from .conftest import REPO, run_cli
from .projects import git, make_project
from .test_reports import validate_sarif

WORKFLOW = REPO / ".github" / "workflows" / "content-checks.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps(job: str = "medcheck") -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_workflow_runs_on_pull_requests_and_pushes_to_main_with_python_and_java():
    doc = workflow()
    triggers = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    # Code scanning compares a pull request's alerts with those of the default branch.
    assert triggers["push"]["branches"] == ["main"]
    assert doc["permissions"]["security-events"] == "write"
    uses = {s.get("uses", "").split("@")[0]: s for s in steps()}
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    assert str(uses["actions/setup-java"]["with"]["java-version"]) == "17"
    assert "github/codeql-action/upload-sarif" in uses


def test_workflow_caches_pip_and_the_maven_repository():
    for job in ("medcheck", "tests"):
        uses = {s.get("uses", "").split("@")[0]: s for s in steps(job)}
        python, java = uses["actions/setup-python"]["with"], uses["actions/setup-java"]["with"]
        assert python["cache"] == "pip" and (REPO / python["cache-dependency-path"]).is_file()
        assert java["cache"] == "maven" and (REPO / java["cache-dependency-path"]).is_file()


def test_workflow_names_its_report_folder_once():
    text = WORKFLOW.read_text()
    assert text.count("medcheck-reports") == 1  # the REPORTS variable; every step uses it
    assert "--changed-since" not in text  # no comment about an option the job does not use


def test_the_test_job_runs_make_test_only_when_code_changes(tmp_path):
    jobs = workflow()["jobs"]
    assert jobs["tests"]["needs"] == "changes"
    assert jobs["tests"]["if"] == "needs.changes.outputs.code == 'true'"
    assert [s["run"] for s in jobs["tests"]["steps"] if "run" in s] == ["make test"]
    diff = next(s for s in jobs["changes"]["steps"] if s.get("id") == "diff")
    repo = tmp_path / "r"
    (repo / "content").mkdir(parents=True)
    (repo / "content" / "a.md").write_text("one\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()

    def changed() -> str:
        out = tmp_path / "output"
        out.write_text("")
        subprocess.run(["bash", "-e", "-c", diff["run"]], cwd=repo, check=True,
                       env={**os.environ, "BASE": base, "GITHUB_OUTPUT": str(out)})
        return out.read_text().strip()

    (repo / "content" / "a.md").write_text("two\n")
    git(repo, "commit", "-q", "-am", "a page")
    assert changed() == "code=false"
    (repo / "rules").mkdir()
    (repo / "rules" / "x.yml").write_text("pack: x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a rule")
    assert changed() == "code=true"
    base = "0000000000000000000000000000000000000000"  # the first push of a branch
    assert changed() == "code=true"


def test_the_workflow_passes_actionlint():
    from .registry_tools import actionlint

    proc = subprocess.run([str(actionlint()), "-no-color", str(WORKFLOW)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_check_step_produces_what_the_later_steps_read(tmp_path):
    env = workflow()["jobs"]["medcheck"].get("env", {})
    check_step = next(s for s in steps() if "make check" in s.get("run", ""))
    assert "if" not in check_step  # its exit code is the job's verdict
    command = check_step["run"]
    for key, value in env.items():
        command = command.replace(f"${key}", value)
    words = shlex.split(command)
    assert words[:2] == ["make", "check"]
    args = shlex.split(next(w for w in words if w.startswith("MEDCHECK_ARGS="))[len("MEDCHECK_ARGS="):])
    # The Makefile passes MEDCHECK_ARGS to `medcheck check content/`.
    assert re.search(r"medcheck check content/ \$\(MEDCHECK_ARGS\)", (REPO / "Makefile").read_text())

    root = make_project(tmp_path / "p", {"content/a.md": "Take 10mg with food.\n"})
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text().replace(
        'paths = ["pages"]', 'paths = ["content"]'))
    proc = run_cli("check", "content/", "--no-grammar", *args, cwd=root)
    assert proc.returncode == 1, proc.stderr  # an error fails the step, so the job

    def expand(value: str) -> str:
        for key, folder in env.items():
            value = value.replace("${{ env.%s }}" % key, folder)
        return value

    sarif_step = next(s for s in steps() if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert sarif_step["if"].startswith("always()")
    sarif = root / expand(sarif_step["with"]["sarif_file"])
    validate_sarif(json.loads(sarif.read_text()))

    summary_step = next(s for s in steps() if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert summary_step["if"] == "always()"
    summary = tmp_path / "step-summary.md"
    subprocess.run(["bash", "-e", "-c", summary_step["run"]], cwd=root, check=True,
                   env={**os.environ, **env, "GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text().startswith("## medcheck report")
    assert "❌ **Fails**" in summary.read_text()

    artifact = next(s for s in steps() if s.get("uses", "").startswith("actions/upload-artifact"))
    assert (root / expand(artifact["with"]["path"])).read_text().startswith("<!DOCTYPE html>")


def test_pre_commit_hooks_match_page_files_and_run_the_real_command(tmp_path):
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS.read_text())}
    assert set(hooks) == {"medcheck", "medcheck-fix"}
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["name"] and hook["description"]
        assert shlex.split(hook["entry"])[0] in scripts
        pattern = re.compile(hook["files"])
        for suffix in SUPPORTED_SUFFIXES:
            assert pattern.search(f"content/page{suffix}"), suffix
        for other in ("setup.py", "rules/drugs.yml", "README.md.orig"):
            assert not pattern.search(other), other

    root = make_project(tmp_path / "p", {"pages/a.md": "Take 10mg.\n", "pages/b.md": "Fine.\n"})

    def run_hook(hook_id: str, *files: str):
        hook = hooks[hook_id]
        words = shlex.split(hook["entry"])[1:] + list(hook.get("args", [])) + list(files)
        return run_cli(*words, cwd=root)  # pre-commit appends the staged file names

    assert run_hook("medcheck", "pages/a.md", "pages/b.md").returncode == 1
    assert run_hook("medcheck", "pages/b.md").returncode == 0
    proc = run_hook("medcheck-fix", "pages/a.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (root / "pages/a.md").read_text() == "Take 10 mg.\n"
