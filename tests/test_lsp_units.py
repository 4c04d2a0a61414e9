"""The language server's parts without a server: positions, findings carried across
edits, the project word list, waiver placement."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings, strategies as st
from lsprotocol import types

from checker.lsp.actions import PageView, waiver_edit
from checker.lsp.positions import PageText, carry_over
from checker.lsp.project_words import WordListError, add_word
from checker.model import Finding

from .helpers import check_snippet


def finding(start: int, end: int, rule: str = "example.rule") -> Finding:
    return Finding(rule=rule, category="style", severity="info", message="m", start=start, end=end)


# --- positions ------------------------------------------------------------------------------

def test_positions_count_utf16_units_and_ignore_what_decoding_removed():
    page = PageText("\ufeffa😀b\r\nc𠀋d\rlast")
    assert page.source == "a😀b\nc𠀋d\nlast"
    assert page.position(0) == types.Position(0, 1)      # after the byte-order mark
    assert page.position(2) == types.Position(0, 4)      # 'a' + 2 units for the emoji + BOM
    assert page.position(5) == types.Position(1, 1)
    assert page.position(6) == types.Position(1, 3)      # '𠀋' is outside the BMP: 2 units
    assert page.position(8) == types.Position(2, 0)      # a lone CR ends a line too
    assert page.position(999) == types.Position(2, 4)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\n", "😀", "é", "𠀋", "\t"]), max_size=60))
def test_every_offset_maps_to_the_utf16_column_an_editor_counts(text):
    page = PageText(text)
    lines = text.split("\n")
    for offset in range(len(text) + 1):
        line = text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1)
        units = len(lines[line][:column].encode("utf-16-le")) // 2
        assert page.position(offset) == types.Position(line, units)


# --- carrying findings across edits ------------------------------------------------------------

OLD = "Take teh tablet. Then rest."


@pytest.mark.parametrize("new, expected", [
    ("XTake teh tablet. Then rest.", [(6, 9), (23, 27)]),      # both after the edit: moved
    ("Take teh  tablet. Then rest.", [(5, 8), (23, 27)]),      # a space after the word
    ("Take tehx tablet. Then rest.", [(23, 27)]),              # the word itself grew
    ("Take the tablet. Then rest.", [(22, 26)]),               # the word was corrected
    ("Take teh tablet. Then rest!", [(5, 8), (22, 26)]),       # edit right after 'rest'
    ("Take teh tablet. Then arest.", [(5, 8)]),                # edit joined 'rest'
    (OLD, [(5, 8), (22, 26)]),
])
def test_findings_move_with_the_text_and_edited_words_wait_for_the_next_check(new, expected):
    moved = carry_over([finding(5, 8), finding(22, 26)], OLD, new)
    assert [(f.start, f.end) for f in moved] == expected
    for f in moved:
        assert new[f.start:f.end] == OLD[5:8] or new[f.start:f.end] == OLD[22:26]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .\n", max_size=40), st.integers(0, 40), st.integers(0, 5),
       st.text(alphabet="ab .\n", max_size=6))
def test_a_carried_finding_still_covers_the_same_words(text, at, cut, insert):
    at = min(at, len(text))
    new = text[:at] + insert + text[at + cut:]
    spans = [(i, j) for i in range(len(text)) for j in range(i + 1, min(len(text), i + 4) + 1)]
    findings = [finding(i, j) for i, j in spans]
    before = {(f.start, f.end): text[f.start:f.end] for f in findings}
    for f in carry_over(findings, text, new):
        original = [words for (i, j), words in before.items() if j - i == f.end - f.start]
        assert new[f.start:f.end] in original


# --- the project word list -----------------------------------------------------------------------

@pytest.mark.parametrize("name, text", [
    ("medcheck.toml", 'paths = ["content"]\n\n[readability]\nmin_words = 10\n'),
    ("medcheck.toml", '# our words\nwords = ["Lyrica", "naproxen"]  # drugs\n'),
    ("medcheck.toml", 'words = [\n  "Lyrica",\n  "naproxen",\n]\n[readability]\nmin_words = 10\n'),
    ("medcheck.toml", 'words = [] # none yet\r\nfail_on = "warning"\r\n'),
    ("pyproject.toml", '[project]\nname = "site"\n\n[tool.medcheck]\npaths = ["content"]\n\n'
                       '[tool.ruff]\nline-length = 99\n'),
    ("pyproject.toml", '[tool.medcheck.readability]\nmin_words = 3\n'),
])
def test_adding_a_word_changes_only_the_word_list(tmp_path, name, text):
    config = tmp_path / name
    config.write_bytes(text.encode("utf-8"))
    before = tomllib.loads(text)
    written, changed = add_word(config, tmp_path, "Gralise")
    assert (written, changed) == (config, True)
    edited = config.read_bytes().decode("utf-8")
    after = tomllib.loads(edited)
    table = lambda data: data["tool"]["medcheck"] if name == "pyproject.toml" else data  # noqa: E731
    assert table(after)["words"] == list(table(before).get("words", [])) + ["Gralise"]
    assert {k: v for k, v in table(after).items() if k != "words"} == \
        {k: v for k, v in table(before).items() if k != "words"}
    for line in text.splitlines():
        assert "words" in line or line in edited  # comments and layout kept
    assert add_word(config, tmp_path, "gralise") == (config, False)  # already there


def test_a_project_without_configuration_gets_a_medcheck_toml(tmp_path):
    written, changed = add_word(None, tmp_path, "Gralisé")
    assert changed and written == tmp_path / "medcheck.toml"
    assert tomllib.loads(written.read_text(encoding="utf-8")) == {"words": ["Gralisé"]}


def test_a_word_list_that_cannot_be_edited_safely_is_refused(tmp_path):
    config = tmp_path / "medcheck.toml"
    config.write_text('words = "Lyrica"\n', encoding="utf-8")  # not a list
    with pytest.raises(WordListError):
        add_word(config, tmp_path, "Gralise")
    assert config.read_text(encoding="utf-8") == 'words = "Lyrica"\n'


# --- waivers --------------------------------------------------------------------------------------

def view_of(text: str, path: str) -> tuple[PageView, list[Finding]]:
    fmt = {"md": "markdown", "html": "html", "txt": "text"}[path.rsplit(".", 1)[1]]
    findings = check_snippet(text, fmt, path=path)
    return PageView("file:///x/" + path, 1, PageText(text), path, findings, []), findings


@pytest.mark.parametrize("path, text", [
    ("a.md", "# Dosing qd\n\nTake it daily.\n"),
    ("a.md", "# Dose\n\n> Quoted: take it qd.\n"),
    ("a.md", "# Dose\n\n1. Take one tablet qd.\n2. Drink water.\n"),
    ("a.md", "# Dose\n\n| When | Dose |\n|---|---|\n| Morning | one tablet qd |\n"),
    ("a.html", "<html lang=\"en\"><head><title>T</title></head><body>\n"
               "<ul><li>Take it qd.</li></ul>\n</body></html>\n"),
])
def test_a_waiver_is_offered_only_where_it_covers_the_finding(path, text):
    view, findings = view_of(text, path)
    target = next(f for f in findings if f.rule == "safety.qd")
    offset, insert = waiver_edit(view, target)
    edited = text[:offset] + insert + text[offset:]
    after = check_snippet(edited, view.doc.format, path=path)
    from checker.suppressions import apply_suppressions
    from checker.documents import parse_text
    from .helpers import default_settings
    doc = parse_text(path, edited, view.doc.format)
    kept = apply_suppressions(doc, after, default_settings().config, path)
    assert [f.rule for f in kept if f.rule == "safety.qd" and f.suppressed is None] == []
    assert [f.rule for f in kept if f.suppressed] == ["safety.qd"]


def test_no_waiver_in_front_matter_or_plain_text():
    view, findings = view_of("Dose\n\nTake it qd.\n", "a.txt")
    assert waiver_edit(view, next(f for f in findings if f.rule == "safety.qd")) is None
    text = "---\ntitle: Take it qd\n---\n# Dose\n\nText.\n"
    view, _ = view_of(text, "b.md")
    in_front_matter = finding(text.index("qd"), text.index("qd") + 2, "safety.qd")
    assert waiver_edit(view, in_front_matter) is None
