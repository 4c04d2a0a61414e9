"""Benchmark medcheck against proselint on the same files, in one run.

    python bench/run.py ../shared/corpus/medquad [--runs 3] [--grammar-pages 200]

Measures wall time, CPU time, peak memory and MB/s for:
  proselint 0.16 alone (its own CLI), medcheck local checks cold (--no-cache) and warm,
  medcheck with grammar cold and warm (on a sample: LanguageTool is the slow part),
  the editor's loop (one page changed, LanguageTool server already running), and
  the same blocks sent straight to the LanguageTool server (medcheck's overhead).
Commands alternate within each round; the table shows medians. Then two scaling tables:
the rule-pack matcher at 1x/2x/4x rules, and a cold run at 1x/2x/4x corpus size.

This is a benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
MEDCHECK = str(BIN / "medcheck")
PROSELINT = str(BIN / "proselint")


def measure(cmd: list[str], cwd: Path) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "measure.py"), "--", *cmd], cwd=cwd,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["exit"] not in (0, 1):
        raise SystemExit(f"command failed ({result['exit']}): {' '.join(cmd)}\n{result['stderr']}")
    return result


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".html", ".txt"))


def copy_pages(files: list[Path], source_root: Path, target: Path, copies: int = 1) -> int:
    size = 0
    for n in range(copies):
        for file in files:
            dest = target / f"copy{n}" / file.relative_to(source_root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, dest)
            size += dest.stat().st_size
    return size


def medcheck_cmd(path: str, *extra: str) -> list[str]:
    return [MEDCHECK, "check", path, "--format", "json", "--output", os.devnull,
            "--fail-on", "never", *extra]


def median_rows(samples: dict[str, list[dict]], sizes: dict[str, int]) -> list[str]:
    rows = ["| command | pages | MB | wall s (median) | CPU s | peak MB | MB/s |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, runs in samples.items():
        wall = statistics.median(r["wall"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        rss = max(r["maxrss_mb"] for r in runs)
        pages, size = sizes[name]
        mb = size / 1e6
        rows.append(f"| {name} | {pages} | {mb:.1f} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | "
                    f"{mb / wall:.2f} |")
    return rows


def has_languagetool() -> bool:
    proc = subprocess.run([MEDCHECK, "languagetool", "--help"], capture_output=True)
    return proc.returncode == 0


def restart_languagetool(work: Path) -> None:
    """A fresh server: LanguageTool's own result cache must not favour either side."""
    subprocess.run([MEDCHECK, "languagetool", "stop"], cwd=work, capture_output=True)
    subprocess.run([MEDCHECK, "languagetool", "start"], cwd=work, check=True, capture_output=True)


def direct_languagetool(work: Path, files: list[Path]) -> dict:
    """Send the same prose blocks straight to the server: one HTTP request per page, as
    medcheck batches them, with as many requests in flight as medcheck has workers.
    The baseline for medcheck's grammar overhead."""
    import concurrent.futures
    import urllib.parse
    import urllib.request

    sys.path.insert(0, str(REPO))
    from checker.config import load_config
    from checker.documents import parse_bytes
    from checker.grammar.defaults import DEFAULT_DISABLED_RULES
    from checker.grammar.session import live_background, state_dir

    config = load_config(cwd=work)
    state = live_background(state_dir(config))
    if state is None:
        raise SystemExit("no LanguageTool server is running for the direct measurement")
    texts = []
    for file in files:
        doc = parse_bytes(str(file), file.read_bytes())
        blocks = [b.text for b in doc.blocks if b.text.strip() and b.kind != "link_text"]
        texts.append("\n\n".join(blocks))

    def post(text: str) -> None:
        data = urllib.parse.urlencode({"language": "en-US", "text": text,
                                       "disabledRules": ",".join(DEFAULT_DISABLED_RULES)}).encode()
        with urllib.request.urlopen(state["url"].rstrip("/") + "/v2/check", data, timeout=600) as r:
            r.read()

    start = time.perf_counter()
    cpu_start = time.process_time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(post, texts))
    return {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu_start,
            "maxrss_mb": 0.0, "exit": 0, "stderr": ""}


def rule_scaling(files: list[Path], rounds: int) -> list[str]:
    """Time the YAML rule-pack family alone at 1x, 2x and 4x the number of rules."""
    sys.path.insert(0, str(REPO))
    from dataclasses import replace

    from checker.config import load_config
    from checker.documents import parse_bytes
    from checker.engine import build_settings
    from checker.checks import Context
    from checker.checks import rulepack
    from checker.rulepacks.loader import PackRule, RulePacks
    from checker.rulepacks.matchers import CompiledPacks

    config = load_config(cwd=Path("/nonexistent-bench-dir"))
    settings = build_settings(config, families=("rulepack",))
    docs = [parse_bytes(str(f), f.read_bytes()) for f in files]
    base = settings.packs.rules
    rows = ["| rules | terms+patterns | seconds (median) | per rule-count ratio |",
            "| ---: | ---: | ---: | ---: |"]
    first = None
    for factor in (1, 2, 4):
        rules: list[PackRule] = list(base)
        for copy in range(1, factor):
            for rule in base:
                # Distinct terms that never match: the automaton grows, the findings do not.
                info = replace(rule.info, id=f"{rule.info.id}.x{copy}")
                rules.append(replace(rule, info=info,
                                     terms=tuple(f"{t}zq{copy}" for t in rule.terms),
                                     swap={f"{k}zq{copy}": v for k, v in rule.swap.items()},
                                     pattern=(f"(?:{rule.pattern})zq{copy}" if rule.pattern else None)))
        packs = RulePacks(tuple(rules), settings.packs.files, f"x{factor}")
        compiled = CompiledPacks(packs)
        count = sum(len(r.terms) + len(r.swap) + (1 if r.pattern else 0) for r in rules)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            for doc in docs:
                compiled.run(doc, "patient", None)
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        first = first or seconds
        rows.append(f"| {len(rules)} | {count} | {seconds:.3f} | {seconds / first:.2f} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--grammar-pages", type=int, default=200)
    parser.add_argument("--scale-pages", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=0, help="use only the first N pages")
    parser.add_argument("--skip-grammar", action="store_true")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "latest.md")
    args = parser.parse_args()

    all_files = corpus_files(args.corpus)
    if args.pages:
        all_files = all_files[:args.pages]
    if not all_files:
        raise SystemExit(f"no pages under {args.corpus}")
    work = Path(tempfile.mkdtemp(prefix="medcheck-bench-"))
    try:
        (work / "pyproject.toml").write_text("[tool.medcheck]\npaths = [\"corpus\"]\n")
        full = work / "corpus"
        size = copy_pages(all_files, args.corpus, full)
        step = max(1, len(all_files) // args.grammar_pages)
        sample_files = all_files[::step][:args.grammar_pages]
        sample = work / "sample"
        sample_size = copy_pages(sample_files, args.corpus, sample)

        samples: dict[str, list[dict]] = {}
        sizes: dict[str, tuple[int, int]] = {}
        commands: dict[str, list[str]] = {
            "proselint 0.16 CLI": [PROSELINT, "check", str(full)],
            "medcheck local checks, cold (--no-grammar --no-cache)":
                medcheck_cmd("corpus", "--no-grammar", "--no-cache"),
            "medcheck local checks, warm (cache filled)":
                medcheck_cmd("corpus", "--no-grammar", "--cache-dir", str(work / "cache-local")),
        }
        for name in commands:
            sizes[name] = (len(all_files), size)
        subprocess.run(commands["medcheck local checks, warm (cache filled)"], cwd=work,
                       capture_output=True)  # fill the cache once

        grammar = not args.skip_grammar and has_languagetool()
        if grammar:
            subprocess.run([MEDCHECK, "languagetool", "start"], cwd=work, check=True,
                           capture_output=True)
            subprocess.run(medcheck_cmd("sample", "--cache-dir", str(work / "cache-grammar")),
                           cwd=work, capture_output=True)
            commands["medcheck with grammar, warm (sample)"] = medcheck_cmd(
                "sample", "--cache-dir", str(work / "cache-grammar"))
            sizes["medcheck with grammar, warm (sample)"] = (len(sample_files), sample_size)
            sizes["medcheck with grammar, cold (sample)"] = (len(sample_files), sample_size)
            sizes["same blocks straight to LanguageTool (no medcheck)"] = (len(sample_files), sample_size)
            sizes["medcheck local checks, cold (sample)"] = (len(sample_files), sample_size)
            edited = sample / sample_files[0].relative_to(args.corpus).as_posix()
            edited = next(iter((sample / "copy0").rglob(sample_files[0].name)))
            sizes["edit loop: one changed page, server running"] = (1, edited.stat().st_size)

        for run in range(args.runs):
            for name, cmd in commands.items():
                samples.setdefault(name, []).append(measure(cmd, work))
            if grammar:
                restart_languagetool(work)
                name = "same blocks straight to LanguageTool (no medcheck)"
                samples.setdefault(name, []).append(direct_languagetool(work, corpus_files(sample)))
                restart_languagetool(work)
                cold_cache = work / f"cache-grammar-cold-{run}"
                name = "medcheck with grammar, cold (sample)"
                samples.setdefault(name, []).append(
                    measure(medcheck_cmd("sample", "--cache-dir", str(cold_cache)), work))
                name = "medcheck local checks, cold (sample)"
                samples.setdefault(name, []).append(
                    measure(medcheck_cmd("sample", "--no-grammar", "--no-cache"), work))
                with edited.open("a", encoding="utf-8") as handle:
                    handle.write(f"\nThe dose was changed on visit {run + 1}.\n")
                name = "edit loop: one changed page, server running"
                samples.setdefault(name, []).append(measure(medcheck_cmd(
                    str(edited.relative_to(work)), "--cache-dir", str(work / "cache-grammar")), work))
            print(f"round {run + 1}/{args.runs} done", file=sys.stderr)

        lines = [f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
                 f"{platform.python_version()}; corpus {args.corpus} ({len(all_files)} pages, "
                 f"{size / 1e6:.1f} MB); {args.runs} alternating rounds, medians.", ""]
        lines += median_rows(samples, sizes)
        if "proselint 0.16 CLI" in samples:
            pro = statistics.median(r["wall"] for r in samples["proselint 0.16 CLI"])
            cold = statistics.median(r["wall"] for r in samples[
                "medcheck local checks, cold (--no-grammar --no-cache)"])
            warm = statistics.median(r["wall"] for r in samples[
                "medcheck local checks, warm (cache filled)"])
            lines += ["", f"medcheck local cold is {pro / cold:.1f}x faster than proselint alone; "
                          f"warm re-run is {100 * warm / cold:.1f}% of cold."]
        if grammar:
            subprocess.run([MEDCHECK, "languagetool", "stop"], cwd=work, capture_output=True)
            med = lambda n: statistics.median(r["wall"] for r in samples[n])
            grammar_part = (med("medcheck with grammar, cold (sample)")
                            - med("medcheck local checks, cold (sample)"))
            direct = med("same blocks straight to LanguageTool (no medcheck)")
            words = sum(len(p.read_text(encoding="utf-8", errors="replace").split())
                        for p in corpus_files(sample))
            lines += [f"Grammar: the grammar part of a cold run (grammar cold minus local cold on "
                      f"the sample) took {grammar_part:.1f} s against {direct:.1f} s for the same "
                      f"blocks sent straight to the server: medcheck's overhead is "
                      f"{100 * (grammar_part - direct) / direct:+.0f}%; about "
                      f"{words / max(grammar_part, 1e-9):.0f} words/s."]

        scale = all_files[:args.scale_pages]
        lines += ["", "Rule-pack matcher, same pages, more rules:", ""]
        lines += rule_scaling(scale[:300], max(1, args.runs))
        lines += ["", "Cold local run, corpus multiplied:", "",
                  "| copies | pages | MB | wall s | s per MB |", "| ---: | ---: | ---: | ---: | ---: |"]
        for copies in (1, 2, 4):
            folder = work / f"scale{copies}"
            mb = copy_pages(scale, args.corpus, folder, copies) / 1e6
            walls = [measure(medcheck_cmd(folder.name, "--no-grammar", "--no-cache"), work)["wall"]
                     for _ in range(max(1, args.runs))]
            wall = statistics.median(walls)
            lines.append(f"| {copies} | {len(scale) * copies} | {mb:.1f} | {wall:.2f} | {wall / mb:.3f} |")
        report = "\n".join(lines) + "\n"
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report)
        print(report)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
