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


# Blocks chosen to trip every way linting a document's blocks together could differ
# from linting each block alone: a repeat across two blocks, quotes opened in one block
# and closed in the next, "But" at a block start (an anchored check), the two
# spellings of a consistency pair in different blocks and in one, a rate threshold
# (exclamation marks), matches at the very start and end of a block, a NUL inside a
# block, and checks that proselint shifts by an offset.
_SEAM_BLOCKS = [
    "Take the! Ask \"the chairman\" first.",
    "the tablet with water. It was the most unique and the the very unique plan",
    'She said "call the',
    'chairman" today. Irregardless, utilize it.',
    "But do not stop. But then.",
    "The color of the pill. The colour is red. The colour of the cap.",
    "colour",
    "color  Hi. Yo.  Go. Do.  So.",
    "Stop! Now! Call! Help! Fast! Go! Run! Wait! No! Yes!",
    "immediatly",
    "a highly-rated clinic, the imprimature and p = 0.00 etc. and etc.",
    "up to 50% or more\x00more unique",
    "most unique",
    "   ",
    "most\u00a0perfect at most unique",
    "the",
    "the",
]


def _alone(text, selected):
    """What proselint's own LintFile.lint gives for one block (the pre-join way)."""
    from proselint.tools import LintFile

    if not text.strip():
        return []
    config = prose._proselint_config(selected)
    return [(r.check_result.check_path, r.check_result.span, r.check_result.replacements)
            for r in LintFile("<block>", text).lint(config)]


def test_linting_blocks_together_equals_linting_each_alone():
    every = frozenset(prose._registry_paths())
    default = prose.selected_paths(None)
    for selected in (every, default):
        raw = prose._raw_results([t for t in _SEAM_BLOCKS if t.strip()], selected)
        expected = [_alone(t, selected) for t in _SEAM_BLOCKS if t.strip()]
        got = [[(r.check_path, r.span, r.replacements) for r in found] for found in raw]
        assert got == expected
        assert any(expected)  # the blocks do trip checks
    # and the public helper drops blank blocks and maps offsets into each text
    texts = ["Ask your doctor doctor today.", "", "doctor doctor"]
    assert prose.lint_texts(texts, default) == [prose.lint_text(t, default) for t in texts]
    assert prose.lint_texts(texts, default)[0][0][:3] == (9, 22, "lexical_illusions")


def test_matches_that_reach_across_blocks_are_redone_block_by_block(monkeypatch):
    """No proselint 0.16 check can match through a block's padding and the NUL between
    blocks, but a pattern that could must still give each block its own results."""
    from proselint.registry.checks import Check, CheckFlags, types

    def existence(pattern):
        return Check(check_type=types.ExistenceSimple(pattern=pattern), path="test",
                     message="{}", flags=CheckFlags(allow_quotes=True))

    crossing = [existence(r"\w+\W+\w+"), existence(r"[^z]{7}"), existence(r"e\W*s")]
    monkeypatch.setattr(prose, "_plan", lambda selected: [(c, prose._JOINED, None) for c in crossing])
    texts = ["one", "two three", "one", "sew seams", "zzzzzzzzzz", "e", "s"]
    got = [[r.span for r in found] for found in prose._raw_results(texts, frozenset({"test"}))]
    expected = []
    for text in texts:
        alone = [r for c in crossing for r in c.check_with_flags("\n" + text + "\n")]
        expected.append([r.span for r in sorted(alone, key=lambda r: r.span[0])])
    assert got == expected
    assert any(expected)


def test_patterns_that_see_past_a_block_are_run_block_by_block():
    assert prose._whole_text_pattern(r"(^|^\n|\n\n)But\b")
    assert prose._whole_text_pattern(r"end of text$") and prose._whole_text_pattern(r"\Afirst")
    assert prose._whole_text_pattern(r"(?<=\W\W)word") and prose._whole_text_pattern(r"x(?=\s\s)")
    assert not prose._whole_text_pattern(r"\B\$[\d]* ?(?:dollars|usd)\b")
    assert not prose._whole_text_pattern(r"from \d+[^ \t\n\r\f\v\w_\.]\d+")
    assert not prose._whole_text_pattern(r"(?<![A-Za-z'-])imprimature(?![A-Za-z'-])")
    modes = {check.path: mode for check, mode, _ in prose._plan(frozenset(prose._registry_paths()))}
    assert modes["misc.but"] == prose._PER_BLOCK  # anchored, written as a function
    assert modes["typography.punctuation.exclamation"] == prose._PER_BLOCK  # a rate
    assert modes["spelling.consistency"] == prose._CONSISTENCY
    assert modes["lexical_illusions"] == modes["misc.greylist"] == prose._JOINED


def test_a_ratio_is_not_a_repeated_phrase():
    # "in 1 in 1 million" repeats "in 1" because that is how the ratio is said
    assert _prose(check_snippet("It occurs in 1 in 1 million people.\n")) == []
    assert _prose(check_snippet("It occurs in 1 in 160,000 people.\n")) == []
    slip = _prose(check_snippet("Take 1 1 tablet with food.\n"))
    assert [f.rule for f in slip] == ["proselint.lexical_illusions"]


def test_a_number_with_a_separator_or_a_percentage_after_it_is_not_a_repeat():
    assert _prose(check_snippet("It occurs in 3 in 1,000 men and in 1 in 1,000 women.\n")) == []
    assert _prose(check_snippet("About 1 in 1.000 births in Europe.\n")) == []
    # a table of figures flattened into a line: the second number is a row's percentage
    assert _prose(check_snippet("Syndactyly of fingers 2 and 5 5% Hernia 10%\n")) == []
    slip = _prose(check_snippet("Take 2 2 tablets with food.\n"))
    assert [f.rule for f in slip] == ["proselint.lexical_illusions"]


def test_listed_phrases_used_for_what_they_literally_say_are_not_reported():
    # "a reduction in the amount of iron" measures a change; "in the amount of $50" is
    # commercialese. "More than half of all people" is a proportion, not illogical.
    literal = ("A reduction in the amount of iron causes tiredness. An increase in the amount "
               "of fluid can cause swelling. More than half of all people with it recover, and "
               "in more than 60 percent of all cases it is mild.\n")
    assert _prose(check_snippet(literal)) == []
    found = {f.rule for f in _prose(check_snippet(
        "We sent a check in the amount of $50 for your refill.\n"))}
    assert found == {"proselint.industrial_language"}, found


def test_a_season_in_a_title_case_heading_is_not_a_capitalisation_slip():
    assert _prose(check_snippet("# Winter Weather Emergencies\n\nStay warm.\n")) == []
    found = {f.rule for f in _prose(check_snippet("# Weather emergencies\n\nIn the Winter, stay warm.\n"))}
    assert found == {"proselint.misc.capitalization"}, found


def test_the_end_of_the_day_as_a_time_of_day_is_literal():
    assert _prose(check_snippet("Ankles may swell at the end of the day, or the eyes on waking in "
                                "the morning.\n")) == []
    assert _prose(check_snippet("At the end of the day, the choice of medicine is yours.\n")) != []


def test_a_season_inside_a_capitalised_name_is_right():
    assert _prose(check_snippet("## Do you have information about Winter Weather Emergencies\n\n"
                                "Stay warm.\n")) == []
    assert _prose(check_snippet("She skated in the Winter Olympics.\n")) == []
