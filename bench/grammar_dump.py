"""LanguageTool's findings (lt.*) of the default configuration on every Nth page, one JSON
line each (path, line, column, rule, severity, words, suggestions): the grammar-on sample
judged in bench/judgements.yml and summarised in bench/PRECISION.md.

    MEDCHECK_LT_DIST=tools/languagetool/dist .venv/bin/python bench/grammar_dump.py 20 OUT.jsonl [CACHE_DIR]

Starts LanguageTool for the run as `medcheck check` does. No result cache unless CACHE_DIR
is given: then LanguageTool's answers per paragraph are kept there (the engine's own block
cache, keyed on the server's rules and word list), so a change to medcheck's filters of
those answers is measured again in a minute instead of a quarter of an hour. Not a test.
"""
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("MEDCHECK_TODAY", "2026-01-15")

from checker.config import DEFAULTS, Config  # noqa: E402
from checker.documents import SUPPORTED_SUFFIXES  # noqa: E402
from checker.engine import run  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "medquad"


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or not argv[0].isdigit():
        print("usage: grammar_dump.py EVERY OUT.jsonl [CACHE_DIR]", file=sys.stderr)
        return 2
    every, out = int(argv[0]), argv[1]
    cache_dir = Path(argv[2]).resolve() if len(argv) == 3 else None
    corpus = CORPUS.resolve()
    files = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*")
                   if p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file()
                   and p.name.lower() != "readme.md"
                   # a run's own cache (.medcheck_cache) comes and goes: it would shift the sample
                   and not any(part.startswith(".") for part in p.relative_to(corpus).parts)
                   )[every - 1::every]
    values = json.loads(json.dumps(DEFAULTS))
    result = run(files, Config(values, corpus), cwd=corpus, grammar=True, jobs=2, cache_dir=cache_dir)
    print("grammar:", result.grammar, file=sys.stderr)
    with open(out, "w", encoding="utf-8") as fh:
        for fr in result.files:
            for f in fr.findings:
                if f.rule.startswith("lt.") and f.suppressed is None:
                    fh.write(json.dumps([f.path, f.line, f.column, f.rule, f.severity, f.text,
                                         list(f.suggestions)]) + "\n")
    print(sum(fr.words for fr in result.files), "words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
