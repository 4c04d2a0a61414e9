"""Configuration keys are declared by the code that reads them, once, and assembled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker import config as config_module
from checker.checks import FAMILIES, family_of, load_family
from checker.checks import readability
from checker.config import CORE_OPTIONS, Config, ConfigError, declared, load_config, validate
from checker.documents import parse_text
from checker.grammar.session import lt_settings
from checker.options import Option
from checker.reference import config_json_schema


def _family_options() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name in FAMILIES:
        module = load_family(name)
        for option in family_of(name, module).options:
            found.setdefault(option.key, []).append(name)
    return found


def test_every_key_has_one_declaration_and_the_schema_is_theirs():
    by_family = _family_options()
    core = {o.key for o in CORE_OPTIONS}
    assert not core & set(by_family)
    assert all(len(names) == 1 for names in by_family.values()), by_family
    assembled = declared()
    assert set(assembled.schema) == core | set(by_family)
    assert config_module.SCHEMA == assembled.schema
    # Families own their tables: readability's targets, the grammar server, proselint.
    assert by_family["readability"] == ["readability"]
    assert by_family["languagetool"] == ["grammar"]
    assert by_family["proselint"] == ["prose"]
    assert by_family["abbreviations"] == ["accessibility"]
    assert by_family["review_max_age_months"] == ["compliance"]
    schema = config_json_schema()["properties"]
    for option in assembled.options:
        assert schema[option.key]["description"] == option.description


def test_a_key_declared_by_two_families_is_a_bug_in_the_code(monkeypatch):
    from dataclasses import replace

    monkeypatch.setenv("MEDCHECK_COMPILED_CACHE", "off")

    second = Option("jobs", int, 1, "a second copy")
    monkeypatch.setattr(readability, "FAMILY",
                        replace(readability.FAMILY, options=(*readability.FAMILY.options, second)))
    with pytest.raises(AssertionError, match="'jobs' declared twice"):
        declared()


def test_the_keys_do_not_depend_on_which_families_a_run_loads(monkeypatch):
    from checker import checks

    monkeypatch.setenv("MEDCHECK_COMPILED_CACHE", "off")
    monkeypatch.setattr(checks, "load_family", lambda name: None)
    assert "rule_packs" in declared().schema and "readability" in declared().schema


def test_a_family_key_is_validated_like_any_other(tmp_path: Path):
    with pytest.raises(ConfigError, match="readability.min_word"):
        validate({"readability": {"min_word": 3}}, "medcheck.toml")
    with pytest.raises(ConfigError, match="'review_max_age_months' must be an integer"):
        validate({"review_max_age_months": "6"}, "medcheck.toml")
    with pytest.raises(ConfigError, match="'languagetool' cannot be set per path"):
        validate({"overrides": [{"paths": ["a/**"], "languagetool": {"heap": "2g"}}]},
                 "medcheck.toml")
    (tmp_path / "medcheck.toml").write_text("[readability]\nmin_words = 10\n", encoding="utf-8")
    loaded = load_config(cwd=tmp_path)
    assert loaded["readability"]["min_words"] == 10
    assert loaded["readability"]["list_items"] == readability.READABILITY.default["list_items"]


def test_no_configuration_and_the_default_configuration_agree(tmp_path: Path):
    """Code reading a key without a loaded configuration (tools, tests) gets the same
    defaults as a run does: there is one copy of each."""
    doc = parse_text("page.md", "# Title\n\nText.\n")
    defaults = Config(config_module.fresh_defaults(), tmp_path)
    assert readability.settings_for(doc, None) == readability.settings_for(doc, defaults)
    assert lt_settings(None) == lt_settings(defaults)
    for option in declared().options:
        assert option.value(None) == option.default
        assert option.value(defaults) == option.default
    partial = {"readability": {"patient": {"warning": 6.0}}}
    table = readability.READABILITY.value(partial)
    assert table["patient"] == {"warning": 6.0, "error": 12.0}
    assert table["gate"] == "adjusted"


def test_defaults_are_copies(tmp_path: Path):
    first = config_module.fresh_defaults()
    first["readability"]["patient"]["warning"] = 1.0
    first["paths"].append("x")
    again = json.loads(json.dumps(config_module.DEFAULTS))
    assert again["readability"]["patient"]["warning"] == 8.0
    assert again["paths"] == ["content"]
    table = readability.READABILITY.value(None)
    table["patient"]["warning"] = 2.0
    assert readability.READABILITY.default["patient"]["warning"] == 8.0


def test_the_declarations_kept_between_runs_are_the_ones_in_the_code(monkeypatch, tmp_path):
    from checker import compiled
    from checker.config import declared_options

    monkeypatch.setattr(compiled, "folder", lambda: tmp_path)
    first = declared()
    assert list(tmp_path.glob("config-options-*.pickle"))
    again = declared()
    assert again == first and again.options == declared_options()
