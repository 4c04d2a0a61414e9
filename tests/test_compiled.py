"""The compiled forms kept between runs (checker/compiled.py): reused for the same
inputs, rebuilt for others, never trusted when damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import compiled
from checker.knowledge import KnowledgeError, default_paths, load_knowledge_base


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("MEDCHECK_COMPILED_CACHE", raising=False)
    return tmp_path / "medcheck" / "compiled"


def test_same_inputs_reuse_the_entry_other_inputs_rebuild(cache_home):
    builds = []

    def build(value):
        builds.append(value)
        return {"value": value}

    assert compiled.cached("demo", ("a",), lambda: build(1)) == {"value": 1}
    assert compiled.cached("demo", ("a",), lambda: build(2)) == {"value": 1}
    assert compiled.cached("demo", ("b",), lambda: build(3)) == {"value": 3}
    assert builds == [1, 3]
    assert len(list(cache_home.glob("demo-*.pickle"))) == 2


def test_a_damaged_entry_is_rebuilt(cache_home):
    compiled.cached("demo", ("a",), lambda: [1, 2, 3])
    (entry,) = cache_home.glob("demo-*.pickle")
    entry.write_bytes(entry.read_bytes()[:5])
    assert compiled.cached("demo", ("a",), lambda: [4]) == [4]
    assert compiled.cached("demo", ("a",), lambda: [5]) == [4]


def test_switched_off_builds_every_time(cache_home, monkeypatch):
    monkeypatch.setenv("MEDCHECK_COMPILED_CACHE", "off")
    assert compiled.cached("demo", (), lambda: 1) == 1
    assert compiled.cached("demo", (), lambda: 2) == 2
    assert not cache_home.exists()


def test_only_the_newest_entries_of_a_kind_are_kept(cache_home):
    for n in range(compiled._KEEP + 3):
        compiled.cached("demo", (str(n),), lambda: n)
    assert len(list(cache_home.glob("demo-*.pickle"))) == compiled._KEEP


def test_knowledge_base_from_the_store_equals_a_fresh_build(cache_home, monkeypatch):
    fresh = load_knowledge_base()
    stored = load_knowledge_base()
    assert list(cache_home.glob("knowledge-*.pickle"))
    assert stored is not fresh
    assert stored.digest == fresh.digest
    assert stored.index == fresh.index
    assert stored.anchor_words == fresh.anchor_words
    assert stored.lexicon == fresh.lexicon
    monkeypatch.setenv("MEDCHECK_COMPILED_CACHE", "off")
    assert load_knowledge_base().index == fresh.index


def test_an_edited_fact_file_is_read_again(cache_home, tmp_path):
    extra = tmp_path / "team.yml"
    extra.write_text("knowledge: drugs\nsources:\n  team: Team formulary 2026\n", encoding="utf-8")
    first = load_knowledge_base([*default_paths(), extra])
    extra.write_text("knowledge: drugs\nbogus: 1\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="unknown top-level key 'bogus'"):
        load_knowledge_base([*default_paths(), extra])
    assert first.index


def test_an_entry_others_can_write_is_rebuilt_not_unpickled(cache_home):
    assert compiled.cached("demo", ("w",), lambda: {"value": 1}) == {"value": 1}
    (entry,) = cache_home.glob("demo-*.pickle")
    entry.chmod(0o666)  # anyone could have replaced it
    assert compiled.cached("demo", ("w",), lambda: {"value": 2}) == {"value": 2}
    entry.chmod(0o600)
    cache_home.chmod(0o777)  # or its folder: anyone could swap the file
    assert compiled.cached("demo", ("w",), lambda: {"value": 3}) == {"value": 3}
    cache_home.chmod(0o700)
    assert compiled.cached("demo", ("w",), lambda: {"value": 4}) == {"value": 3}
