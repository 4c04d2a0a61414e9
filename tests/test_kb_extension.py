"""A team extends the drug knowledge base from configuration, without touching rules/."""

from __future__ import annotations

from .conftest import run_json


def test_knowledge_file_in_rule_packs_extends_the_knowledge_base(tmp_path):
    (tmp_path / "our-drugs.yml").write_text(
        "knowledge: drugs\n"
        "drugs:\n"
        "  zorvalin: {classes: [nsaid], brands: [Zorvex], source: \"Zorvex label, 2026\"}\n")
    (tmp_path / "pyproject.toml").write_text('[tool.medcheck]\nrule_packs = ["our-drugs.yml"]\n')
    (tmp_path / "page.md").write_text("# Pain relief\n\nZorvex and other opioids can ease pain.\n")
    _, report = run_json("page.md", "--no-grammar", "--no-cache", cwd=tmp_path)
    hits = [f for f in report["findings"] if f["category"] == "medical-accuracy"]
    assert hits and hits[0]["line"] == 3 and hits[0]["text"] == "Zorvex", report["findings"]
    # Without the file, the unknown brand is never judged (and a spelling checker would
    # be the only thing to notice it).
    (tmp_path / "pyproject.toml").write_text("[tool.medcheck]\n")
    _, report = run_json("page.md", "--no-grammar", "--no-cache", cwd=tmp_path)
    assert not [f for f in report["findings"] if f["category"] == "medical-accuracy"]
