"""No readability code touches the network.

The proof runs in a fresh interpreter where every socket operation raises (a CPython
audit hook that cannot be removed) and where NLTK has no data folder to find, as on a
locked-down hospital laptop. The control case shows the guard works: textstat's own
loader, left alone, tries to download the CMU dictionary and is caught.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from .conftest import REPO

_GUARD = textwrap.dedent("""
    import json, sys
    attempts = []
    def no_network(event, args):
        if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
            attempts.append(event)
            raise OSError("network disabled by the test: " + event)
    sys.addaudithook(no_network)
""")

_SCORE_A_PAGE = _GUARD + textwrap.dedent("""
    from pathlib import Path
    from checker.config import load_config
    from checker.documents import parse_text
    from checker.checks import readability
    from checker.grades import cmu_dictionary, syllable_count

    from checker.context import Context
    ctx = Context(config=load_config(cwd=Path(sys.argv[1])).for_path("page.md"))
    page = Path(sys.argv[2]).read_text(encoding="utf-8")
    doc = parse_text("page.md", page)
    findings = list(readability.check(doc, ctx))
    result = readability.scores(doc, ctx)
    print(json.dumps({"attempts": attempts, "grade": result["grade"],
                      "findings": len(findings),
                      # 6 syllables in the CMU dictionary; Pyphen alone would say 2.
                      "acetaminophen": syllable_count("acetaminophen"),
                      "cmu_words": len(cmu_dictionary()),
                      "nltk_imported": "nltk" in sys.modules}))
""")

_CONTROL = _GUARD + textwrap.dedent("""
    from textstat.backend.utils import _get_cmudict
    try:
        _get_cmudict.get_cmudict("en_US")   # textstat's own loader: NLTK find, then download
    except Exception as exc:
        pass
    print(json.dumps({"attempts": attempts}))
""")


def _run(script: str, *args: str, tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "HTTP", "HTTPS"))}
    # No NLTK data anywhere it looks: an empty home and an empty NLTK_DATA.
    env.update(HOME=str(tmp_path), NLTK_DATA=str(tmp_path / "nltk_data"),
               PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-c", script, *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_readability_scores_a_page_with_networking_disabled(tmp_path):
    page = REPO / "tests" / "pages" / "readability" / "sections.md"
    result = _run(_SCORE_A_PAGE, str(tmp_path), str(page), tmp_path=tmp_path)
    assert result["attempts"] == []
    assert result["grade"] > 0 and result["findings"] > 0
    assert result["acetaminophen"] == 6
    assert result["cmu_words"] > 100_000
    assert result["nltk_imported"] is False


def test_the_guard_catches_textstat_trying_to_download(tmp_path):
    result = _run(_CONTROL, tmp_path=tmp_path)
    assert result["attempts"], "textstat's own loader should have tried the network"
