"""What the editor server needs from the engine: checks of a subset of the families
(grammar apart from the rest) leave a later full check unchanged."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

from checker import checks, engine
from checker.config import load_config
from checker.model import RuleInfo, finding_for

OFF_BY_DEFAULT = RuleInfo(id="example.off", category="style", severity="info",
                          message="An off-by-default rule.", source="this test",
                          default_on=False)
ON_BY_DEFAULT = RuleInfo(id="example.on", category="style", severity="info",
                         message="An ordinary rule.", source="this test")


def test_a_check_with_fewer_families_does_not_turn_on_rules_that_are_off(monkeypatch):
    def family(name):
        if name != "example":
            return None
        return SimpleNamespace(RULES=[OFF_BY_DEFAULT, ON_BY_DEFAULT],
                               check=lambda doc, ctx: [finding_for(OFF_BY_DEFAULT, 0, 4),
                                                       finding_for(ON_BY_DEFAULT, 5, 8)])

    monkeypatch.setattr(checks, "load_family", family)
    config = load_config(cwd=Path("/nonexistent-medcheck-test-dir"))
    full = engine.build_settings(config, families=("example",))
    page = b"Take one tablet a day.\n"
    engine.check_page("page.txt", page, replace(full, families=("grammar",)))
    # The family runs (its ordinary rule reports) and its off-by-default rule stays off.
    assert [f.rule for f in engine.check_page("page.txt", page, full).findings] == [ON_BY_DEFAULT.id]
