"""A name that names nothing is refused with the closest real names, wherever rules are
named: the configuration's disable/enable/severity/ignores, inline waivers,
`rules --category`, configuration keys and front-matter keys."""

from __future__ import annotations

import pytest

from checker.engine import all_rules, family_rules
from checker.rulepacks.loader import load_rule_packs
from checker.selectors import KnownRules, is_known, unknown

from .conftest import run_cli, run_json
from .helpers import check_snippet


def known() -> KnownRules:
    return KnownRules.of(all_rules(load_rule_packs()))


@pytest.mark.parametrize("selector", ["safety.qd", "plain-language", "lt", "lt.*",
                                      "lt.MORFOLOGIK_RULE_EN_US", "lt.SOME_RULE_WE_DO_NOT_LIST",
                                      "proselint.typography", "a11y.*", "readability"])
def test_real_names_are_known(selector):
    assert is_known(selector, known())


@pytest.mark.parametrize("selector, hint", [("safety.qdd", "safety.qd"),
                                            ("plain-langage", "plain-language"),
                                            ("a11y.image-alt-mising", "a11y.image-alt-missing"),
                                            ("safty.*", "safety.*"), ("lt.lowercase", None)])
def test_unknown_names_get_the_closest_real_one(selector, hint):
    [(name, text)] = unknown([selector], known())
    assert name == selector
    assert (hint in text) if hint else text == ""


@pytest.mark.parametrize("config, needle", [
    ('disable = ["safety.qdd"]', "'disable': 'safety.qdd' is not a rule id, category or prefix "
                                 "(did you mean safety.qd?)"),
    ('enable = ["plain-langage"]', "(did you mean plain-language?)"),
    ('severity = {"safety.q-d" = "warning"}', "'severity': 'safety.q-d' is not a rule id"),
    ('severity = {"style" = "info"}', "a severity applies to single rules"),
    ('[[ignores]]\npaths = ["x/**"]\nrules = ["a11y.link-txt-vague"]\nreason = "legacy"',
     "'ignores[0].rules': 'a11y.link-txt-vague'"),
    ('[[overrides]]\npaths = ["x/**"]\ndisable = ["readabilty"]', "'overrides[0].disable'"),
    ('fail-on = "warning"', "unknown key 'fail-on' (did you mean 'fail_on'?)"),
    ('[readability]\nfold_sections = false', "unknown key 'readability.fold_sections'"),
    ('[tool.medcheck]\nfail_on = "warning"', "remove the [tool.medcheck] header"),
])
def test_configuration_naming_nothing_is_exit_2(tmp_path, config, needle):
    (tmp_path / "medcheck.toml").write_text(config + "\n")
    (tmp_path / "a.md").write_text("Fine.\n")
    for args in (("check", "a.md", "--no-grammar"), ("rules",)):
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert needle in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr


def test_family_rule_ids_are_accepted_in_the_configuration(tmp_path):
    ids = [r.id for r in family_rules()][:3]
    (tmp_path / "medcheck.toml").write_text(f"disable = {ids!r}\n".replace("'", '"'))
    (tmp_path / "a.md").write_text("Fine.\n")
    assert run_cli("check", "a.md", "--no-grammar", cwd=tmp_path).returncode == 0


def test_rules_category_must_be_a_category():
    proc = run_cli("rules", "--category", "safety")
    assert proc.returncode == 2
    assert "'safety' is not a category (did you mean medication-safety?)" in proc.stderr
    assert run_cli("rules", "--category", "medication-safety").returncode == 0


def test_an_inline_waiver_naming_no_rule_is_a_finding():
    page = ("<!-- medcheck-disable-next-line safety.qdd, lt.*: quoting an old label -->\n"
            "Take one tablet qd.\n")
    findings = check_snippet(page, enable=("medcheck.suppression-unknown-rule",))
    [problem] = [f for f in findings if f.rule == "medcheck.suppression-unknown-rule"]
    assert (problem.line, problem.column, problem.text) == (1, 33, "safety.qdd")
    assert "did you mean safety.qd?" in problem.message
    assert problem.suggestions == ("safety.qd",)
    assert any(f.rule == "safety.qd" and f.line == 2 for f in findings)  # nothing was waived


def test_front_matter_key_typos_are_named(tmp_path):
    page = ("---\ntitle: Pain\naudience: patient\nreviewed-by: Dr. A. Reviewer\n"
            "lastReviewed: 2026-06-01\nlayout: page\n---\n\n# Pain\n\nText.\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(page)
    (tmp_path / "medcheck.toml").write_text("")
    _, report = run_json("content/a.md", "--no-grammar", cwd=tmp_path)
    typos = {f["text"]: f for f in report["findings"] if f["rule"] == "review.metadata-key-typo"}
    assert set(typos) == {"reviewed-by", "lastReviewed"}
    assert typos["reviewed-by"]["line"] == 4 and typos["reviewed-by"]["column"] == 1
    assert "did you mean 'reviewed_by'?" in typos["reviewed-by"]["message"]
    assert typos["lastReviewed"]["suggestions"] == ["last_reviewed"]
