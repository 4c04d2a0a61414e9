"""The dispatcher: configuration applied once for every rule, pre-filters that change no
finding, one finding where rules outrank each other, and no state kept between runs."""

from __future__ import annotations

import gc
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from checker.config import load_config
from checker.context import Context
from checker.documents import parse_text
from checker.dispatch import run_family
from checker.engine import all_rules, build_settings, check_page
from checker.rules import DIGIT, Family, block_check, declare, page_check

from .conftest import TODAY
from .helpers import LOCAL_FAMILIES, check_snippet, default_settings

# --- pre-filters --------------------------------------------------------------------------

# Text built to slip past a careless pre-filter: case folds that change length or match
# under re.I without lower-casing to ASCII (İ ı ſ and the Kelvin sign), doses everywhere.
HOSTILE = [
    "Take 5.0 mg at hs. Give .5 mg SC now. Inject 10 U of insulin; 100000 units per vial.",
    "Use 1/2 tablet @ 8 pm, 5 mg & 10 mg, < 5 mg, 5 mg/10 mg, x3d, tabs ii daily.",
    "Give 2 drams of syrup. Use 1:1000 epinephrine. MSO4 2 mg. MgSO4 2 g. MS 4 mg. PTU 50 mg.",
    "Take 1 ʒ or 2 DRAMS; 1 mınım; the İstanbul clinic.",
    "This cream is clınically proven. It is ſcientifically shown. This pill cures your pain.",
    "The İ İ clinic: NSAIDs create more room in the spinal canal. It makes space for the nerves.",
    "Narcotıcs and narcotic pain relievers; non-narcotic options; Tylenol and other NSAIDs.",
    "Press the red button on the left of the page. Doses shown in red are for children.",
    "The ſquare ıcon, the \u212aelvin-coloured box, a pınk row.",
    "Call 1-800-222-1222 or (555) 123-4567 today.",
    "Epidural steroid injections are FDA-approved. Opioids are synthetic drugs.",
    "Acetaminophen (Advil) reduces swelling. Tramadol is not an opioid. Corticosteroids are anabolic steroids.",
    "<p>Call 1-800-222-1222. Take 10mg QD. Text in CAPITALS IS SHOUTING HERE.</p>",
]


def _all_on_settings():
    """The default settings with every rule turned on, default-off ones included."""
    settings = default_settings()
    rules = all_rules(settings.packs, LOCAL_FAMILIES)
    config = settings.config.with_values(enable=sorted(r.id for r in rules.values()
                                                       if not r.default_on))
    return replace(settings, config=config)


def _texts():
    rules = all_rules(default_settings().packs, LOCAL_FAMILIES).values()
    for rule in sorted(rules, key=lambda r: r.id):
        for text in (*rule.examples.match, *rule.examples.no_match):
            yield text, rule.examples.format
    for text in HOSTILE:
        yield text, "markdown"
        yield f"# Page\n\n{text}\n\n- {text}\n\n| a |\n| - |\n| {text} |\n", "markdown"
    yield "<html lang=\"en\"><body>" + "".join(f"<p>{t}</p>" for t in HOSTILE) + "</body></html>", "html"


def _seen(findings):
    return sorted((f.rule, f.line, f.column, f.end_line, f.end_column, f.severity, f.message,
                   f.suggestions, f.fix, f.also) for f in findings)


def test_prefilters_change_no_finding_for_any_rule():
    """Every rule's examples, and text built to trip the pre-filters, give the same
    findings when every block and sentence is handed to every check."""
    fast = _all_on_settings()
    slow = replace(fast, prefilter=False)
    suffix = {"markdown": ".md", "html": ".html", "text": ".txt"}
    checked = 0
    for text, fmt in _texts():
        path = "page" + suffix[fmt]
        data = text.encode("utf-8")
        assert _seen(check_page(path, data, fast).findings) == \
            _seen(check_page(path, data, slow).findings), text
        checked += 1
    assert checked > 700


# --- the configuration, applied before rules run -----------------------------------------------

COUNT = declare("toy.count", "A digit.", "the test", ("1",), ("a",), category="style",
                severity="info")
OTHER = declare("toy.other", "Anything.", "the test", ("a",), ("",), category="style",
                severity="warning")


def _toy_family(calls: list[str]) -> Family:
    @block_check(COUNT, needs=DIGIT)
    def digits(unit):
        calls.append("digits:" + unit.text)
        yield unit.finding(COUNT, 0, 1)

    @page_check(OTHER)
    def page(doc, ctx):
        calls.append("page")
        return [declare_finding(OTHER)]

    def declare_finding(rule):
        from checker.model import finding_for
        return finding_for(rule, 0, 1)

    return Family(name="toy", rules=(COUNT, OTHER), checks=(digits, page))


def _ctx(**values) -> Context:
    config = load_config(cwd=Path("/nonexistent-medcheck-test-dir"))
    return Context(config=config.with_values(**values) if values else config)


def test_a_family_whose_rules_are_all_off_does_not_run():
    calls: list[str] = []
    family = _toy_family(calls)
    doc = parse_text("page.md", "# 1\n\nText 2.\n")
    assert run_family(family, doc, _ctx(disable=["toy"])) == []
    assert run_family(family, doc, _ctx(disable=["style"])) == []
    assert calls == []


def test_a_check_whose_rules_are_off_is_skipped_and_severity_is_applied_once():
    calls: list[str] = []
    family = _toy_family(calls)
    doc = parse_text("page.md", "# One\n\nText 2.\n\nNo digits here.\n")
    found = run_family(family, doc, _ctx(disable=["toy.other"], severity={"toy.count": "error"}))
    assert calls == ["digits:Text 2."]          # the pre-filter kept the other blocks away
    assert [(f.rule, f.severity) for f in found] == [("toy.count", "error")]


# --- one object per run: nothing survives it ---------------------------------------------------


def _pack(folder: Path, rule_id: str, word: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yml").write_text(textwrap.dedent(f"""\
        pack: toy
        rules:
          - id: {rule_id}
            kind: terms
            terms: [{word}]
            category: style
            severity: warning
            message: "Avoid '{{match}}'."
            source: "the test"
            examples:
              match: ["a {word} here"]
              no_match: ["nothing"]
        """), encoding="utf-8")
    return folder


def test_two_rule_packs_built_one_after_the_other_each_run_their_own_rules(tmp_path):
    page = b"# Page\n\nThe zebra met the yak and the gnu.\n"
    for round_, (rule_id, word) in enumerate([("toy.zebra", "zebra"), ("toy.yak", "yak"),
                                              ("toy.gnu", "gnu"), ("toy.zebra2", "zebra")]):
        folder = _pack(tmp_path / f"p{round_}", rule_id, word)
        config = load_config(cwd=Path("/nonexistent-medcheck-test-dir")).with_values(
            rule_packs=[str(folder)])
        settings = build_settings(config, families=("rulepack",), today=TODAY)
        rules = {f.rule for f in check_page("page.md", page, settings).findings
                 if f.rule.startswith("toy.")}
        assert rules == {rule_id}
        del settings, config
        gc.collect()   # the freed packs' addresses are there to be reused by the next ones


def test_settings_pickle_without_their_built_indexes():
    import pickle
    settings = default_settings()
    check_page("page.md", b"# Page\n\nWe utilize it.\n", settings)  # builds the indexes
    again = pickle.loads(pickle.dumps(settings))
    assert again.run is not settings.run and again.run._built == {}
    assert [f.rule for f in check_page("page.md", b"# Page\n\nWe utilize it.\n", again).findings
            ] == [f.rule for f in check_page("page.md", b"# Page\n\nWe utilize it.\n", settings).findings]


# --- precedence: one finding on the same words ---------------------------------------------------


def _by_words(text: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for f in check_snippet(text):
        found.setdefault(f.text, []).append(f)
    return found


def test_mgso4_is_reported_once_with_the_name_it_stands_for():
    words = _by_words("# Drips\n\nGive MgSO4 2 g over an hour. Give MSO4 2 mg.\n")
    assert [f.rule for f in words["MgSO4"]] == ["safety.drug-name-abbreviation"]
    assert [s.lower() for s in words["MgSO4"][0].suggestions] == ["magnesium sulfate"]
    assert "safety.ms-morphine-magnesium" in words["MgSO4"][0].also
    assert [f.rule for f in words["MSO4"]] == ["safety.drug-name-abbreviation"]


def test_ms_next_to_a_dose_is_one_safety_finding():
    words = _by_words("# Pain\n\nGive MS 4 mg every 4 hours.\n")
    assert [f.rule for f in words["MS"]] == ["safety.ms-morphine-magnesium"]
    assert "a11y.abbreviation-unexpanded" in words["MS"][0].also


def test_a_pack_rule_outranks_proselint_on_the_same_word_even_when_the_spans_differ():
    words = {f.rule: f for f in check_snippet("# Tools\n\nWe utilized the cup.\n")}
    assert "plain.utilize" in words and "proselint.misc.greylist" not in words
    assert "proselint.misc.greylist" in words["plain.utilize"].also


@pytest.mark.parametrize("text,kept", [
    ("Take 10.0mg at night.", "safety.trailing-zero"),              # not also "10.0mg" spacing
    ("Press the red button to order.", "a11y.sensory-reference"),   # not also colour-only
])
def test_a_more_specific_rule_of_the_same_family_keeps_the_words(text, kept):
    found = check_snippet(f"# Page\n\n{text}\n")
    assert [f.rule for f in found if f.rule.split(".")[0] == kept.split(".")[0]] == [kept]
