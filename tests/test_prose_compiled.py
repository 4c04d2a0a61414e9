"""proselint's checks run through medcheck's screen (one RE2 set for every pattern,
the repeated-phrase screen) give what proselint's own runner gives, text by text."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checks import prose


def _proselint_alone(text: str, selected: frozenset[str]) -> list[tuple]:
    """proselint's own ``LintFile.lint`` on one block: the reference."""
    from proselint.tools import LintFile

    if not text.strip():
        return []
    config = prose._proselint_config(selected)
    return [(r.check_result.check_path, r.check_result.span, r.check_result.replacements)
            for r in LintFile("<block>", text).lint(config)]


def _ours(texts: list[str], selected: frozenset[str]) -> list[list[tuple]]:
    kept = [t for t in texts if t.strip()]
    return [[(r.check_path, r.span, r.replacements) for r in found]
            for found in prose._raw_results(kept, selected)]


def _proselint_phrases() -> list[str]:
    """Plain phrases from proselint's own check data (what its checks look for), so the
    generated text trips many different checks."""
    from proselint.registry import CheckRegistry
    from proselint.registry.checks import types

    prose._registry_paths()
    phrases = []
    for check in CheckRegistry().checks:
        kind = check.check_type
        items: list[str] = []
        if isinstance(kind, types.Existence):
            items = list(kind.items)
        elif isinstance(kind, (types.PreferredForms, types.PreferredFormsSimple)):
            items = list(kind.items)
        phrases.extend(i for i in items if re.fullmatch(r"[A-Za-z][A-Za-z' -]*[a-z]", i))
    return sorted(set(phrases))


_OWN_SENTENCES = [
    "Take one tablet by mouth twice a day with a full glass of water.",
    "Ask your pharmacist before you use any other pain medicine.",
    "Store the bottle at room temperature, away from light and moisture.",
    "If you miss a dose, take it as soon as you remember.",
    "Children under 12 years should not use this medicine without advice.",
    "Call 911 right away if you have trouble breathing.",
    'The label says "shake well" before each dose.',
    "Do not crush or chew the extended-release capsules.",
    "Your doctor may check your blood pressure at each visit.",
    "Side effects can include nausea, headache and dizziness.",
]
_JOINERS = [" ", "  ", ", ", ". ", "\n", " -- ", "; ", " (", ") ", '"', "'"]


def _generated_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    phrases = _proselint_phrases()
    assert len(phrases) > 500  # the data really was read
    words = "the a dose tablet take with water your doctor it is B12 5mg mg 2 x_1 and".split()
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 12)):
            pick = rng.random()
            if pick < 0.35:
                part = rng.choice(phrases)
            elif pick < 0.6:
                part = rng.choice(_OWN_SENTENCES)
            else:
                part = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
            if rng.random() < 0.15:        # a repeated phrase ("the the", "take it take it")
                part = part + rng.choice([" ", "  ", "\n"]) + part
            if rng.random() < 0.2:
                part = part.upper() if rng.random() < 0.5 else part.capitalize()
            parts.append(part)
            parts.append(rng.choice(_JOINERS))
        texts.append("".join(parts).strip())
    return texts


def test_generated_text_gets_proselints_own_results():
    every = frozenset(prose._registry_paths())
    default = prose.selected_paths(None)
    texts = _generated_texts(120, seed=20261202)
    for selected in (default, every):
        expected = [_proselint_alone(t, selected) for t in texts if t.strip()]
        assert sum(map(len, expected)) > 200
        assert [_ours([t], selected)[0] for t in texts if t.strip()] == expected
    # All of them as one page's blocks, with the default checks. (With every check on,
    # one of the off-by-default needless_variants checks differs on this long a page:
    # google-re2's finditer reports "reasonability" inside "unreasonability" there,
    # which it does not on the block alone; the blocks were joined before the screen.)
    expected = [_proselint_alone(t, default) for t in texts if t.strip()]
    assert _ours(texts, default) == expected


def test_page_like_text_gets_proselints_own_results():
    blocks = [
        "# Taking ibuprofen safely",
        "Ibuprofen is an NSAID. It is absolutely essential to take it with food, "
        "and you should utilize the measuring cup in the box.",
        "Irregardless of the time of day, do not take more than the label says. "
        "Take the the second tablet only if the pain comes back.",
        "- Ask the chairman of the board\n- It was a very unique plan\n- at 8pm",
        'She said "take the the tablet" and left.',
        "The color of the pill is white. The colour of the cap is red.",
        "Stop! Now! Call! Help! Fast! Go! Run! Wait! No! Yes!",
        "Your next refill is due in january, for all intensive purposes.",
        "Vitamin B12 B12 levels; 2 2 tablets; take_it take_it; Mg mg.",
        "In 1 in 160,000 people the the effect is rare.",
    ]
    every = frozenset(prose._registry_paths())
    for selected in (prose.selected_paths(None), every):
        expected = [_proselint_alone(t, selected) for t in blocks]
        assert _ours(blocks, selected) == expected
        assert any(expected)


def _lexical_check():
    from proselint.registry import CheckRegistry

    prose._registry_paths()
    (check,) = [c for c in CheckRegistry().checks if c.path == "lexical_illusions"]
    return check


_PIECES = st.sampled_from(["the", "The", "THE", "a", "b1", "1b", "x_y", "y", "12", "2",
                           "take it", "it", "ab", "abc", "_", "-", "'", " ", "  ", "\n",
                           "\t", ".", ",", "\u00e9", "caf\u00e9"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map(" ".join))
def test_the_repeat_screen_never_hides_a_repeated_phrase(text):
    check = _lexical_check()
    screen = prose._gate(check)
    assert isinstance(screen, prose._RepeatScreen)
    matches = check.engine.compiled_pattern(check.check_type.pattern).search(text) is not None
    if not screen.search(text):
        assert not matches and list(check.check_type.check(text, check)) == []
    elif text.isascii():  # non-ASCII text always runs the check
        assert matches


def test_the_screen_skips_checks_without_a_match_and_runs_the_rest():
    plan = prose._plan(prose.selected_paths(None))
    assert plan.screen is not None and len(plan.screen.covered) > 80
    possible = plan.screen.possible("\nIt is absolutely essential to utilize it.\n")
    paths = {plan[i][0].path for i in possible}
    assert "redundancy.misc.garner" in paths or any(p.startswith("redundancy") for p in paths)
    assert not plan.screen.possible("\nTake one tablet.\n").keys() - {
        i for i, (c, _, _) in enumerate(plan) if c.path.startswith(("typography", "misc"))}
