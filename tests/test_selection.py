"""Which rules run: the default selection, profiles, select / extend_select / ignore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.config import ConfigError, DEFAULTS, PROFILES, Config, load_config, validate
from checker.engine import build_settings, check_page

from .conftest import TODAY, run_cli

PAGE = ("# Your tablets\n\n"
        "The tablets are usually taken with food. Blood samples are sent to a lab.\n\n"
        "Clinicians utilize the results. Do not take more than 4 g a day.\n")


def _config(**values) -> Config:
    base = json.loads(json.dumps(DEFAULTS))
    base.update(values)
    return Config(base, Path("/nonexistent-medcheck-selection"))


def _rules(config: Config, text: str = PAGE) -> set[str]:
    settings = build_settings(config, families=("rulepack", "readability", "prose"), today=TODAY)
    result = check_page("page.md", text.encode("utf-8"), settings)
    assert result.error is None
    return {f.rule for f in result.findings}


def test_heuristics_are_off_by_default_and_on_in_the_strict_profile():
    assert "readability.passive-voice" in PROFILES["strict"]
    default = _rules(_config())
    assert "readability.passive-voice" not in default
    assert "plain.utilize" in default
    strict = _rules(_config(profile="strict"))
    assert {"readability.passive-voice", "plain.utilize"} <= strict


def test_select_replaces_the_default_selection():
    assert _rules(_config(select=["readability.passive-voice"])) == {"readability.passive-voice"}
    # A category: its rules from every family (proselint's 'restricted' is plain-language too).
    assert _rules(_config(select=["plain-language"])) == {"plain.utilize", "proselint.restricted"}
    assert _rules(_config(select=["plain"])) == {"plain.utilize"}      # a prefix
    assert "readability.passive-voice" in _rules(_config(select=["ALL"]))


def test_extend_select_adds_and_ignore_takes_away():
    extended = _rules(_config(extend_select=["readability.passive-voice"]))
    assert {"readability.passive-voice", "plain.utilize"} <= extended
    assert "plain.utilize" not in _rules(_config(ignore=["plain-language"]))
    assert "plain.utilize" not in _rules(_config(profile="strict", ignore=["plain.*"]))
    # The most specific selector wins: a rule named by id beats its ignored category.
    assert "plain.utilize" in _rules(_config(select=["plain.utilize"], ignore=["plain-language"]))
    # ignore beats a category-level select.
    assert "plain.utilize" not in _rules(_config(select=["plain-language"], ignore=["plain.utilize"]))


def test_the_keys_are_validated(tmp_path):
    assert validate({"select": ["plain"], "ignore": ["x"], "profile": "strict"}, "t.toml")
    with pytest.raises(ConfigError, match="profile"):
        validate({"profile": "pedantic"}, "t.toml")
    with pytest.raises(ConfigError, match="select"):
        validate({"select": "plain"}, "t.toml")
    (tmp_path / "medcheck.toml").write_text('ignore = ["plain.utilise"]\n', encoding="utf-8")
    (tmp_path / "p.md").write_text("# Hi\n\nText.\n", encoding="utf-8")
    proc = run_cli("check", "p.md", "--no-grammar", cwd=tmp_path)
    assert proc.returncode == 2 and "plain.utilise" in proc.stderr and "plain.utilize" in proc.stderr


def test_a_project_file_and_the_command_line(tmp_path):
    (tmp_path / "p.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "medcheck.toml").write_text('profile = "strict"\nignore = ["plain.utilize"]\n',
                                            encoding="utf-8")
    config = load_config(cwd=tmp_path)
    assert "readability.passive-voice" in _rules(config) and "plain.utilize" not in _rules(config)

    def rules(*options: str) -> set[str]:
        proc = run_cli("check", "p.md", "--no-grammar", "--format", "json", *options, cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stderr
        return {f["rule"] for f in json.loads(proc.stdout)["findings"]}

    assert "readability.passive-voice" in rules()
    assert rules("--select", "plain.utilize,readability.passive-voice") == \
        {"plain.utilize", "readability.passive-voice"}
    assert "readability.passive-voice" not in rules("--ignore", "readability")
    (tmp_path / "medcheck.toml").write_text("", encoding="utf-8")
    assert "readability.passive-voice" not in rules()
    assert "readability.passive-voice" in rules("--profile", "strict")
    assert "readability.passive-voice" in rules("--extend-select", "readability.passive-voice")
    proc = run_cli("check", "p.md", "--no-grammar", "--select", "plain.nope", cwd=tmp_path)
    assert proc.returncode == 2 and "plain.nope" in proc.stderr


def test_rules_shows_what_is_on_by_default(tmp_path):
    proc = run_cli("rules", cwd=tmp_path)
    lines = {line.split()[0]: line for line in proc.stdout.splitlines() if line.strip()}
    assert " on " in lines["plain.utilize"]
    assert "off (strict)" in lines["readability.passive-voice"]
    strict = run_cli("rules", "--profile", "strict", cwd=tmp_path).stdout
    assert any(line.startswith("readability.passive-voice") and "on  (strict)" in line
               for line in strict.splitlines())
