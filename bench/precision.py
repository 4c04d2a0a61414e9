"""Judged precision: a seeded random sample of findings on real pages, and how many are right.

    .venv/bin/python bench/precision.py [CORPUS] --every 5 --seed 1 --show    # print the sample
    .venv/bin/python bench/precision.py [CORPUS] --every 5 --seed 1           # score it

Editors keep a linter on only while most of what it says is worth acting on, so the
figure that matters is the share of findings an editor would act on, per severity. This
runs the default configuration (the project's configuration is not looked up: the built-in
defaults, as a new user gets them) over every Nth page of a corpus, draws a seeded random
sample stratified by severity (``--per-severity`` of each, so the rare errors are judged
too), prints each finding with its context, and scores the sample against
bench/judgements.yml, a file of hand judgements kept in the repository:

    "2_GARD_QA/0000123_1.md:14:3 plain.utilize":
      verdict: TRUE        # TRUE | DEBATABLE | FALSE | DAMAGE
      severity: warning    # as judged; a finding whose severity changed is judged again
      reason: "'use' says the same"

DAMAGE marks a finding caused by the corpus's conversion to text (lost apostrophes, words
run together): it is evidence neither way and is left out of precision. Precision is
TRUE / (TRUE + DEBATABLE + FALSE); the figure with DEBATABLE counted as half is printed
beside it. Also printed: findings per 10,000 words, overall and per severity, and per rule.

Grammar (LanguageTool) is off unless ``--grammar``: the server is slow on a shared machine,
and its spelling and grammar findings are measured separately (bench/grammar_dump.py).
``--cache DIR`` keeps the run's results and LanguageTool's answers per paragraph (the
engine's own caches, keyed on the code, the rules and the word list), so measuring a
change to medcheck's filters again does not ask LanguageTool again. The
corpus text never goes into the project; the judgement file keeps keys and reasons only.
Measure ../shared/corpus/medquad-heldout once at the end, never tune on it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "medquad"
JUDGEMENTS = Path(__file__).resolve().parent / "judgements.yml"
VERDICTS = ("TRUE", "DEBATABLE", "FALSE", "DAMAGE")
SEVERITIES = ("error", "warning", "info")
FIXED_TODAY = "2026-01-15"


def finding_key(f) -> str:
    return f"{f.path}:{f.line}:{f.column} {f.rule}"


def collect(corpus: Path, every: int, grammar: bool, jobs: int, profile: str | None,
            cache_dir: Path | None = None):
    """Findings of the default configuration on every Nth page, and the words checked."""
    os.environ.setdefault("MEDCHECK_TODAY", FIXED_TODAY)
    from checker.config import DEFAULTS, Config
    from checker.documents import SUPPORTED_SUFFIXES
    from checker.engine import run

    corpus = corpus.resolve()
    files = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*")
                   if p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file()
                   and p.name.lower() != "readme.md"
                   # a run's own cache (.medcheck_cache) comes and goes: it would shift the sample
                   and not any(part.startswith(".") for part in p.relative_to(corpus).parts))
    files = files[every - 1::every] if every > 1 else files
    values = json.loads(json.dumps(DEFAULTS))
    if profile:
        values["profile"] = profile
    result = run(files, Config(values, corpus), cwd=corpus, grammar=grammar, jobs=jobs,
                 cache_dir=cache_dir)
    findings = [f for fr in result.files for f in fr.findings if f.suppressed is None]
    words = sum(fr.words for fr in result.files)
    return findings, words, len(result.files), result.grammar


def draw(findings, per_severity: int, seed: int):
    rng = random.Random(seed)
    sample = []
    for severity in SEVERITIES:
        pool = sorted((f for f in findings if f.severity == severity), key=finding_key)
        sample.extend(rng.sample(pool, min(per_severity, len(pool))))
    return sample


def load_judgements(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    import yaml
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key, value in data.items():
        if not isinstance(value, dict) or value.get("verdict") not in VERDICTS:
            raise SystemExit(f"{path}: {key}: verdict must be one of {', '.join(VERDICTS)}")
    return data


def context(corpus: Path, f, width: int = 260) -> str:
    try:
        text = (corpus / f.path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f.sentence
    lines = text.splitlines()
    line = lines[f.line - 1] if 0 < f.line <= len(lines) else ""
    col = max(f.column - 1, 0)
    lo = max(col - width // 2, 0)
    snippet = line[lo:col] + "[[" + line[col:col + max(len(f.text), 1)] + "]]" + \
        line[col + max(len(f.text), 1):col + width // 2]
    return snippet.strip()


def show(corpus: Path, sample, judged: dict[str, dict]) -> None:
    for i, f in enumerate(sample, 1):
        key = finding_key(f)
        mark = judgement(f, judged).get("verdict", "unjudged")
        print(f"\n#{i} {f.severity.upper()} {key}  [{mark}]")
        print(f"   message: {f.message[:300]}")
        if f.suggestions:
            print(f"   suggest: {' | '.join(f.suggestions)[:160]}")
        print(f"   context: {context(corpus, f)}")


def judgement(f, judged: dict[str, dict]) -> dict:
    """The judgement of this finding, if it was judged at the severity it has now (an
    error judged FALSE may be right as a warning)."""
    entry = judged.get(finding_key(f), {})
    return entry if entry.get("severity", f.severity) == f.severity else {}


def score(sample, judged: dict[str, dict]) -> dict[str, Counter]:
    table: dict[str, Counter] = defaultdict(Counter)
    for f in sample:
        table[f.severity][judgement(f, judged).get("verdict", "unjudged")] += 1
    return table


def report(findings, words: int, pages: int, grammar: str, sample, judged) -> None:
    scale = 10_000 / max(words, 1)
    per_severity = Counter(f.severity for f in findings)
    print(f"pages {pages}  words {words}  findings {len(findings)}  "
          f"{len(findings) * scale:.1f} per 10,000 words  (grammar: {grammar})")
    for severity in SEVERITIES:
        print(f"  {severity:8s} {per_severity[severity]:6d}  {per_severity[severity] * scale:6.2f}/10k")
    table = score(sample, judged)
    print("\njudged precision (TRUE / judged; DAMAGE left out; DEBATABLE as half in brackets):")
    for severity in SEVERITIES:
        c = table.get(severity, Counter())
        judged_n = c["TRUE"] + c["DEBATABLE"] + c["FALSE"]
        if not judged_n:
            print(f"  {severity:8s} no judged findings ({c['unjudged']} unjudged)")
            continue
        strict = c["TRUE"] / judged_n
        half = (c["TRUE"] + c["DEBATABLE"] / 2) / judged_n
        print(f"  {severity:8s} {strict:6.1%} ({half:6.1%})  TRUE {c['TRUE']} DEBATABLE {c['DEBATABLE']} "
              f"FALSE {c['FALSE']} DAMAGE {c['DAMAGE']} unjudged {c['unjudged']}")
    print("\nby rule (count, per 10k, severity; judged TRUE/DEBATABLE/FALSE in the sample):")
    per_rule = Counter((f.rule, f.severity) for f in findings)
    verdicts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for f in sample:
        verdicts[(f.rule, f.severity)][judgement(f, judged).get("verdict", "?")] += 1
    for (rule, severity), n in per_rule.most_common(40):
        v = verdicts.get((rule, severity))
        tag = f"  T{v['TRUE']}/D{v['DEBATABLE']}/F{v['FALSE']}" if v else ""
        print(f"  {n:6d} {n * scale:6.2f}/10k {severity:7s} {rule}{tag}")


def write_dump(path: Path, findings) -> None:
    """Every finding as a line golden.py --compare reads: where, which rule, what it says."""
    records = sorted((f.path, f.line, f.column, f.rule, json.dumps(
        {"path": f.path, "line": f.line, "column": f.column, "rule": f.rule,
         "severity": f.severity, "text": f.text, "message": f.message,
         "suggestions": list(f.suggestions)}, ensure_ascii=False)) for f in findings)
    path.write_text("".join(r[-1] + "\n" for r in records), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--every", type=int, default=5, help="check every Nth page (sorted order)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sample")
    parser.add_argument("--per-severity", type=int, default=34,
                        help="findings drawn of each severity")
    parser.add_argument("--grammar", action="store_true",
                        help="run LanguageTool too (off by default: slow on a shared machine)")
    parser.add_argument("--profile", help="a named profile instead of the default selection")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    parser.add_argument("--cache", type=Path, metavar="DIR",
                        help="keep results here (LanguageTool's answers per paragraph too), so "
                             "a run after a change to medcheck's own filters is quick; off by "
                             "default")
    parser.add_argument("--dump", type=Path, metavar="FILE",
                        help="also write every finding, one JSON line each, sorted (compare two "
                             "with bench/golden.py --compare OLD NEW: with --grammar this shows "
                             "what a change did to LanguageTool's findings too)")
    parser.add_argument("--show", action="store_true", help="print the sample with context")
    parser.add_argument("--unjudged", action="store_true",
                        help="with --show: only the findings not yet judged")
    args = parser.parse_args(argv)
    judged = load_judgements(args.judgements)
    findings, words, pages, grammar = collect(args.corpus, args.every, args.grammar, args.jobs,
                                              args.profile,
                                              args.cache.resolve() if args.cache else None)
    sample = draw(findings, args.per_severity, args.seed)
    if args.dump:
        write_dump(args.dump, findings)
    if args.show:
        shown = [f for f in sample if not judgement(f, judged)] if args.unjudged else sample
        show(args.corpus.resolve(), shown, judged)
        print()
    report(findings, words, pages, grammar, sample, judged)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
