"""proselint on prose blocks only, one block at a time, with medcheck's categories."""

from __future__ import annotations

from checker.checks import prose

from .helpers import check_snippet

PAGE = """---
title: A very unique page
description: We utilize the the front matter here.
---
# Take the

the tablet with water. This is a very unique medicine.

```
utilize the the code
```

See <https://example.org/utilize> and `utilize` inline.
"""


def _prose(findings):
    return [f for f in findings if f.rule.startswith("proselint.")]


def test_only_prose_blocks_are_linted():
    findings = _prose(check_snippet(PAGE))
    got = {(f.rule, f.line, f.column, f.text) for f in findings}
    assert got == {("proselint.uncomparables", 7, 34, "very unique")}, got
    # proselint on the raw file sees front matter, code and the heading/paragraph seam:
    raw = {r.check_result.check_path for r in __import__("proselint.tools", fromlist=["LintFile"])
           .LintFile("page.md", PAGE).lint(prose._proselint_config(frozenset(prose._registry_paths())))}
    assert "lexical_illusions" in raw and "misc.greylist" in raw


def test_no_lexical_illusion_across_a_block_boundary():
    findings = _prose(check_snippet("# Ask your doctor\n\nDoctor visits are free.\n\n- the\n- the\n"))
    assert findings == []
    inside = _prose(check_snippet("Ask your doctor doctor today.\n"))
    assert [(f.rule, f.text, f.column) for f in inside] == [("proselint.lexical_illusions", "doctor doctor", 10)]


def test_categories_and_suggestions():
    every = check_snippet("You may utilize the cup. Take it immediatly. Ask the chairman first.\n")
    findings = {f.rule: f for f in _prose(every)}
    # "utilize" is also a rule of the plain-language pack: one finding, proselint in `also`
    utilize = [f for f in every if f.text == "utilize"]
    assert len(utilize) == 1 and "proselint.misc.greylist" in (utilize[0].rule, *utilize[0].also)
    greylist = next(r for r in prose.RULES if r.id == "proselint.misc.greylist")
    assert greylist.category == "plain-language"
    assert findings["proselint.spelling"].category == "spelling"
    assert findings["proselint.spelling"].suggestions == ("immediately",)
    assert findings["proselint.social_awareness"].category == "inclusive-language"
    assert "damn" not in " ".join(f.message for f in findings.values())  # our wording, not proselint's


def test_noisy_checks_are_off_by_default_and_can_be_enabled():
    text = "It is very important to drink water.\n"
    assert _prose(check_snippet(text)) == []
    on = _prose(check_snippet(text, enable=("proselint.weasel_words",)))
    assert [(f.rule, f.text) for f in on] == [("proselint.weasel_words", "very")]
    off = [r for r in prose.RULES if not r.default_on]
    assert off and all(r.rationale.startswith("Off by default: ") for r in off)


def test_medical_phrases_that_proselint_lists_are_not_flagged():
    text = ("Pain in the joints and early-onset arthritis are common. More research is needed. "
            "Wash the towels in hot water. Neurologic problems can occur in 1 in 160,000 people.\n")
    assert _prose(check_snippet(text)) == []


def test_run_in_heading_repeats_are_layout_not_a_lexical_illusion():
    text = "Chemotherapy      Chemotherapy is a treatment that uses drugs.\n"
    assert _prose(check_snippet(text)) == []


def test_disabled_checks_from_configuration():
    from dataclasses import replace

    from .helpers import default_settings
    settings = default_settings()
    config = settings.config.with_values(proselint={"enabled_checks": [],
                                                    "disabled_checks": ["uncomparables"]})
    findings = _prose(check_snippet("This is a very unique medicine.\n",
                                    settings=replace(settings, config=config)))
    assert findings == []


def test_every_registered_check_has_a_documented_key():
    for path in prose._registry_paths():
        assert prose.spec_for(path).key  # raises KeyError for an unmapped check
