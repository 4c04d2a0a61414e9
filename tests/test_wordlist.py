"""The medical word list: what the harvest takes from rules/, and how the spelling
filter accepts listed words (case, plurals, possessives). No LanguageTool needed here:
tests/test_grammar.py checks the same pages against the real server."""

from __future__ import annotations

import re
from pathlib import Path

from checker.checks.grammar import _accepted
from checker.grammar.session import _accepted as accepted_forms
from checker.grammar.wordlist import build_words, plural
from checker.knowledge import load_knowledge_base
from checker.resources import rules_dir


def _pack(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yml").write_text(text, encoding="utf-8")
    return folder


def test_phrase_lists_bring_no_everyday_word(tmp_path):
    # A claims-style phrase list: its words are in every English dictionary already;
    # on the list they would silence LanguageTool's typo rules ("if its safe").
    folder = _pack(tmp_path / "rules", """
claims:
  absolute:
    phrases: [its safe, totally safe, your body, works every time, zolvarex cures]
drugs:
  zolvarex:
    brands: [Quenvia, Plan Ahead]
""")
    words = build_words([folder])
    assert "its" not in words and "safe" not in words and "your" not in words
    assert "Plan" not in words and "Ahead" not in words
    assert {"zolvarex", "Quenvia", "Quenvias"} <= set(words)


def test_the_built_in_list_holds_no_everyday_word():
    from checker.grammar.wordlist import everyday

    words = build_words([rules_dir()])
    common = [w for w in words if everyday(w)]
    assert common == [], common[:20]
    assert "its" not in words and "pregabalin" in words and "Lyrica" in words


def test_every_rare_word_of_a_knowledge_base_name_is_listed():
    # Names with punctuation ("Derma-Smoothe/FS", "HCN (...)") used to be skipped whole.
    from wordfreq import zipf_frequency

    accepted = accepted_forms(build_words([rules_dir()]))
    missing = set()
    for name in load_knowledge_base().names():
        for token in re.findall(r"[A-Za-z][A-Za-z0-9'-]*[A-Za-z0-9]", name):
            if len(token) >= 3 and zipf_frequency(token, "en") < 3.0 and not _accepted(token, accepted):
                missing.add(token)
    assert missing == set(), sorted(missing)


def test_ids_are_not_words(tmp_path):
    # "with: ssri" names the class by its id, in lower case: "ssri" is a slip on a page.
    folder = _pack(tmp_path / "rules", """
classes:
  zqri:
    names: [ZQRI, zorvane reuptake inhibitor]
drugs:
  zolvarex:
    classes: [zqri]
    interactions:
      - with: zqri
""")
    words = build_words([folder])
    assert "ZQRI" in words and "zqri" not in words


def test_plurals_are_regular_english():
    assert plural("neuropathy") == "neuropathies"
    assert plural("Xanax") == "Xanaxes"
    assert plural("SNRI") == "SNRIs"
    assert plural("Quenvia") == "Quenvias"
    assert plural("Alaway") == "Alaways"


ACCEPTED = accepted_forms(["pregabalin", "Lyrica", "SSRI", "TCA", "neuropathy", "Xanax",
                           "abruptly", "Derma-Smoothe"])


def test_listed_words_are_accepted_in_any_case():
    for word in ("pregabalin", "Pregabalin", "PREGABALIN", "Lyrica", "lyrica", "LYRICA"):
        assert _accepted(word, ACCEPTED), word


def test_abbreviations_in_capitals_keep_their_case():
    assert _accepted("SSRI", ACCEPTED) and _accepted("SSRIs", ACCEPTED)
    assert not _accepted("tca", ACCEPTED)
    assert not _accepted("ssri", ACCEPTED)


def test_regular_plurals_and_possessives_are_accepted():
    for word in ("neuropathies", "Xanaxes", "Lyricas", "TCAs", "pregabalin's", "Lyrica\u2019s",
                 "SSRIs'", "Derma-Smoothe's", "'Lyrica'"):
        assert _accepted(word, ACCEPTED), word


def test_irregular_made_up_plurals_are_not():
    for word in ("neuropathys", "abruptlys", "Xanaxs"):
        assert not _accepted(word, ACCEPTED), word
