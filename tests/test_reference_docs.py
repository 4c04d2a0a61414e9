"""The generated references are current and say what the code does: docs/rules.md (one
anchor per rule id, for links from editors and reports) and the configuration's JSON
Schema, generated from the schema the loader validates against."""

from __future__ import annotations

import re
import tomllib

import jsonschema
import pytest

from checker.config import SCHEMA, ConfigError, validate
from checker.reference import config_json_schema, reference_rules, rules_markdown, schema_text

from .conftest import REPO, run_cli

STALE = "is stale: run `make docs` and commit the result"


def test_the_rule_reference_is_current():
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(reference_rules()), f"docs/rules.md {STALE}"


def test_the_configuration_schema_is_current():
    committed = (REPO / "docs" / "medcheck.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), f"docs/medcheck.schema.json {STALE}"


def test_every_rule_has_an_anchor_equal_to_its_id():
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    anchors = re.findall(r'^<a id="([^"]+)"></a>$', text, re.M)
    ids = sorted(r.id for r in reference_rules())
    assert sorted(anchors) == ids  # each exactly once
    assert str(REPO) not in text and "site-packages" not in text  # repository paths only


def test_the_cli_prints_what_is_committed():
    assert run_cli("schema").stdout == schema_text()
    proc = run_cli("rules", "--markdown", "--category", "medication-safety")
    assert proc.returncode == 0 and '<a id="safety.qd"></a>' in proc.stdout
    assert '<a id="plain.utilize"></a>' not in proc.stdout


def test_the_schema_covers_every_key_the_loader_knows():
    properties = config_json_schema()["properties"]
    assert set(properties) == set(SCHEMA)
    assert all(properties[key].get("description") for key in SCHEMA)


@pytest.mark.parametrize("toml", [
    'paths = ["content"]\nfail_on = "warning"\nseverity = {"safety.qd" = "info"}\n',
    '[readability]\ngate = "raw"\n[readability.patient]\nwarning = 7\nerror = 10\n',
    '[[overrides]]\npaths = ["pro/**"]\naudience = "professional"\n'
    '[[ignores]]\npaths = ["legacy/**"]\nrules = ["plain-language"]\nreason = "imported"\n',
    '[html_metadata]\nreviewed_by = ["x-reviewer"]\n',
    'profile = "strict"\nselect = ["ALL"]\nextend_select = ["plain"]\nignore = ["style"]\n',
])
def test_what_the_loader_accepts_the_schema_accepts(toml):
    data = tomllib.loads(toml)
    validate(data, "medcheck.toml")
    jsonschema.validate(data, config_json_schema())


@pytest.mark.parametrize("toml", [
    'fail-on = "warning"\n', 'fail_on = "sometimes"\n', 'jobs = "two"\n',
    '[readability]\ngate = "cooked"\n', '[[overrides]]\npaths = ["x/**"]\njobs = 2\n',
    '[[ignores]]\npaths = ["x/**"]\nrules = ["style"]\n', 'profile = "pedantic"\n',
])
def test_what_the_loader_refuses_the_schema_refuses(toml):
    data = tomllib.loads(toml)
    with pytest.raises(ConfigError):
        validate(data, "medcheck.toml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, config_json_schema())


def test_the_repository_configuration_validates():
    table = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["medcheck"]
    jsonschema.validate(table, config_json_schema())
