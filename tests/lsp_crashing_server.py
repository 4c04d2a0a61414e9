"""`medcheck lsp` with one check family that raises on pages holding a marker: the
fault-injection harness for tests/test_lsp.py (a real bug would look the same to the
server). Not a test module."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checker import checks  # noqa: E402
from checker.cli import main  # noqa: E402

MARKER = "CRASH-THE-SAFETY-CHECK"


class CrashForTests(RuntimeError):
    pass


real_load_family = checks.load_family


def load_family(name):
    module = real_load_family(name)
    if name != "safety" or module is None:
        return module

    def check(doc, ctx):
        if MARKER in doc.source:
            raise CrashForTests("the safety check fell over")
        return module.check(doc, ctx)

    return SimpleNamespace(RULES=module.RULES, check=check)


checks.load_family = load_family

if __name__ == "__main__":
    sys.argv = ["medcheck", "lsp", *sys.argv[1:]]
    main()
