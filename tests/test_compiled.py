"""The compiled forms kept between runs (checker/compiled.py): reused for the same
inputs, rebuilt for others, never trusted when damaged."""

from __future__ import annotations

import os
import subprocess
import sys
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



# A run's regular expressions, from the code a first run stored (checker/compiled_regex.py).
# In child processes: installing the store changes the interpreter's re module for good.
_PATTERNS = ("[rf'(?P<w{n}>\\b[a-z]{{{n}}}\\b)|(?:x{n})+' for n in range(1, 41)]"
             " + [rb'(?P<dose>\\d+)\\s*mg']")

_FIRST_RUN = f"""
import re
from checker import compiled_regex
compiled_regex.install()
for pattern in {_PATTERNS}:
    re.compile(pattern, re.IGNORECASE)
"""

_SECOND_RUN = f"""
import re
from checker import compiled_regex
compiled_regex.install()
for pattern in {_PATTERNS}:
    made = re.compile(pattern, re.IGNORECASE)
    key = (type(pattern), pattern, int(re.IGNORECASE))
    assert key in compiled_regex._used and key not in compiled_regex._new, pattern
    python_made = compiled_regex._python_compile(pattern, re.IGNORECASE)
    assert made is not python_made and made == python_made  # same flags, pattern, code
    assert (made.groups, made.groupindex) == (python_made.groups, python_made.groupindex)
assert re.search(rb"(?P<dose>\\d+)\\s*mg", b"take 20 MG", re.I).group("dose") == b"20"
text = "Take abc, abcd or xxxx"
for pattern in {_PATTERNS}[:-1]:
    assert ([m.groupdict() for m in re.finditer(pattern, text, re.I)]
            == [m.groupdict() for m in compiled_regex._python_compile(pattern, re.I).finditer(text)])
print("served", len(compiled_regex._used))
"""


def _python(code: str, cache_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent.parent)}
    env.pop("MEDCHECK_COMPILED_CACHE", None)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=120)


def test_regular_expressions_are_built_from_the_code_a_first_run_stored(cache_home):
    first = _python(_FIRST_RUN, cache_home)
    assert first.returncode == 0, first.stderr
    assert len(list(cache_home.glob("regex-code-*.pickle"))) == 1
    second = _python(_SECOND_RUN, cache_home)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "served 41"


def test_a_run_that_compiles_few_new_patterns_leaves_the_store_alone(cache_home):
    few = "import re\nfrom checker import compiled_regex\ncompiled_regex.install()\n" \
          "re.compile('(a)(b)?c')\n"
    assert _python(few, cache_home).returncode == 0
    assert not list(cache_home.glob("regex-code-*.pickle"))


def test_library_versions_are_those_the_metadata_library_reports():
    from importlib.metadata import version
    for name in ("PyYAML", "wordfreq", "pyphen", "google-re2", "markdown-it-py"):
        assert compiled._library_version(name) == version(name)
    assert compiled._library_version("no-such-project-here") == "absent"


def test_hyphenation_from_the_store_equals_pyphens_own(cache_home):
    from pyphen import Pyphen
    from checker import grades
    grades._pyphen.cache_clear()
    try:
        first = grades._pyphen()
        grades._pyphen.cache_clear()
        stored = grades._pyphen()
        assert list(cache_home.glob("pyphen-*.pickle"))
        assert stored is not first
        own = Pyphen(lang=grades.LANG)
        for word in ("hyphenation", "acetaminophen", "medication", "ibuprofen", "a", "naproxen"):
            assert stored.positions(word) == own.positions(word)
    finally:
        grades._pyphen.cache_clear()
