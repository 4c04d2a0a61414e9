"""The command line. Commands stay thin: parse options, call the engine, pick a reporter."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

from . import compiled_regex

# Before the imports below: they compile most of a run's regular expressions.
compiled_regex.install()

import click  # noqa: E402

from . import __version__  # noqa: E402
from .config import PROFILES, ConfigError, load_config  # noqa: E402
from .reporters import FORMATS  # noqa: E402

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> "NoReturn":  # type: ignore[name-defined]
    click.echo(f"medcheck: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def write_atomically(path: str, text: str) -> None:
    """Write a report so that a killed run never leaves half a file."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            # mkstemp makes the file private (0600); a report is for others to read
            # (a reviewer, a web server), so it gets the mode any new file would get.
            os.chmod(tmp, _mode_for(target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}")


def _discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _mode_for(target: Path) -> int:
    """The existing file's mode when replacing one, else what the umask allows."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class _Group(click.Group):
    """Turns a user's mistakes into one line and exit 2, never a traceback.

    Commands that live with their feature are imported only when named (or listed by
    --help): the LanguageTool server control pulls in the HTTP client and the server
    manager, about a twentieth of a one-page check's start-up, which `check` never needs
    from there."""

    _LAZY_COMMANDS = {"languagetool": ("checker.grammar.commands", "languagetool"),
                      "facts": ("checker.facts_command", "facts")}

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self._LAZY_COMMANDS})

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is None and name in self._LAZY_COMMANDS:
            import importlib
            module, attribute = self._LAZY_COMMANDS[name]
            try:
                command = getattr(importlib.import_module(module), attribute)
            except ImportError:  # an install without the feature's dependencies
                return None
            self.add_command(command, name)
        return command

    def invoke(self, ctx):
        from .engine import InputError
        from .gating import GateError
        from .rulepacks.loader import PackError
        try:
            return super().invoke(ctx)
        except (ConfigError, InputError, PackError, GateError) as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo("medcheck: interrupted; no report was written", err=True)
            # Leave at once: the worker pool's manager thread may still be winding down,
            # and the interpreter's exit would wait for it (a hang seen under load).
            # Reports and cache entries are written atomically, so nothing is half-done.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        except BrokenPipeError:
            # The reader went away (`medcheck rules | head -1`): stop quietly with
            # success, as Unix filters do, and keep the interpreter's final flush of
            # standard output from failing again.
            _discard_stdout()
            sys.exit(EXIT_OK)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug in medcheck, not the user's fault
            if os.environ.get("MEDCHECK_DEBUG"):
                traceback.print_exc()
            _fail(f"internal error: {type(exc).__name__}: {exc} "
                  "(set MEDCHECK_DEBUG=1 for details and report it)")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="medcheck")
def cli() -> None:
    """medcheck: lint patient medication pages for accuracy, safety and clarity."""


def _selectors(values: tuple[str, ...]) -> list[str]:
    """``--ignore a,b --ignore c``: comma-separated and repeatable, as ruff's options."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _selection_options(command):
    """--select, --extend-select, --ignore and --profile: the configuration's keys of the
    same names, given on the command line (they win over the file)."""
    for option in reversed((
            click.option("--select", multiple=True, metavar="RULES",
                         help="Only these rules, categories or prefixes (comma-separated; "
                              "ALL for every rule): replaces the default selection."),
            click.option("--extend-select", multiple=True, metavar="RULES",
                         help="Also these rules, categories or prefixes (comma-separated)."),
            click.option("--ignore", multiple=True, metavar="RULES",
                         help="Not these rules, categories or prefixes (comma-separated)."),
            click.option("--profile", type=click.Choice(sorted(PROFILES)),
                         help="A named selection added to the defaults: strict turns on the "
                              "opinionated heuristics (passive voice, paragraph grades ...).")
    )):
        command = option(command)
    return command


def _with_selection(config, select, extend_select, ignore, profile):
    updates = {}
    if select:
        updates["select"] = _selectors(select)
    if extend_select:
        updates["extend_select"] = [*config.get("extend_select"), *_selectors(extend_select)]
    if ignore:
        updates["ignore"] = [*config.get("ignore"), *_selectors(ignore)]
    if profile:
        updates["profile"] = profile
    if not updates:
        return config
    return config.with_values(**updates)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Lowest severity that fails the run (exit 1). Default: config fail_on, or error.")
@click.option("--no-grammar", is_flag=True, help="Skip LanguageTool on purpose.")
@click.option("--require-grammar", is_flag=True,
              help="Exit 2 when grammar checking cannot run (instead of skipping it).")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Worker processes (0 = one per core).")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Result cache folder.")
@click.option("--no-cache", is_flag=True, help="Check every file again.")
@click.option("--color/--no-color", default=None, help="Colour in text output (default: on a TTY).")
@click.option("--verbose", "-v", is_flag=True, help="Show each finding's source.")
@click.option("--report", "reports", multiple=True, metavar="FORMAT:FILE",
              help="Also write a report in FORMAT to FILE ('-' = stdout); repeatable.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline file.")
@click.option("--changed-since", metavar="REF", help="Check only files changed against this git ref.")
@click.option("--changed-lines", is_flag=True,
              help="Report only findings on changed lines (against --changed-since, default HEAD).")
@click.option("--fix", "fix_", is_flag=True, help="Apply safe mechanical fixes, then report what remains.")
@click.option("--diff", "diff_", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.option("--stdin-filename", metavar="PATH",
              help="With '-' (read the page from standard input): the file it stands for (its "
                   "format, per-path settings and the name in reports).")
@click.option("--parse-as", type=click.Choice(["markdown", "html", "text"]),
              help="Read named files whose suffix is not a page format (and standard input) "
                   "as this format.")
@click.option("--force-exclude", is_flag=True,
              help="Apply 'exclude' to files named on the command line too (pre-commit, editors).")
@click.option("--allow-empty", is_flag=True,
              help="Exit 0 when there is no page to check (otherwise exit 2).")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary, no notes.")
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule reported instead of the findings.")
@click.option("--shard", "shard_spec", metavar="I/N",
              help="Check only slice I of N of the pages (by a hash of each path, so CI jobs "
                   "agree); `medcheck merge` joins the slices' JSON reports.")
@click.option("--cluster", metavar="ADDRESS",
              help="Check the pages on a Dask cluster: a scheduler address (tcp://host:8786), "
                   "or local[:N] for N local worker processes. Needs medcheck[cluster].")
@click.option("--cluster-batch", type=click.IntRange(min=1), default=None, metavar="PAGES",
              help="With --cluster: pages per task (default: sized to the run and the workers).")
@click.option("--progress", "progress_mode", type=click.Choice(["auto", "bar", "lines", "off"]),
              default="auto", show_default=True,
              help="Progress on stderr: a bar on a terminal (auto), or a line every 10 s for CI "
                   "logs (lines; MEDCHECK_PROGRESS_SECONDS sets the interval).")
@_selection_options
def check(paths, fmt, output, fail_on, no_grammar, require_grammar, config_path, jobs, cache_dir,
          no_cache, color, verbose, reports, baseline_file, changed_since, changed_lines, fix_, diff_,
          stdin_filename, parse_as, force_exclude, allow_empty, quiet, statistics, shard_spec,
          cluster, cluster_batch, progress_mode, select, extend_select, ignore, profile):
    """Check files and folders (default: the configured paths); '-' reads standard input."""
    from .engine import nothing_to_check, run
    from .gating import Gate, ReportSpec, checked, fix
    from .progress import ProgressBar

    config = _with_selection(load_config(config_path), select, extend_select, ignore, profile)
    fail_on = fail_on or config.get("fail_on")
    cache = None if no_cache else Path(cache_dir or (config.root / config.get("cache_dir")))
    if no_grammar and require_grammar:
        _fail("--no-grammar and --require-grammar contradict each other")
    stdin = None
    if "-" in paths:
        if fix_:
            _fail("--fix cannot rewrite standard input; use --diff to see the fixes")
        stdin = (stdin_filename, sys.stdin.buffer.read())
    elif stdin_filename:
        _fail("--stdin-filename names the page read from standard input: give '-' as the path")
    specs = [ReportSpec.parse(spec) for spec in reports]
    gate = Gate.from_options(baseline_file, changed_since, changed_lines)
    cwd = Path.cwd()
    shard = None
    if shard_spec is not None:
        from .shard import Shard, ShardError
        try:
            shard = Shard.parse(shard_spec)
        except ShardError as exc:
            _fail(str(exc))
        if fix_ or diff_:
            _fail("--shard cannot be combined with --fix or --diff: fix the whole site in one run")
    runner = None
    if cluster is not None:
        from .cluster import ClusterError, connect
        try:
            runner = connect(cluster, batch_size=cluster_batch)
        except ClusterError as exc:
            _fail(str(exc))
        # Closed however the command ends (sys.exit included), and only then: --fix
        # checks again on the same cluster. A local cluster's workers and their
        # LanguageTool servers stop with it.
        click.get_current_context().call_on_close(runner.close)

    def check_once():
        with ProgressBar(mode=progress_mode) as progress:
            return checked(run, list(paths), config, gate, cwd,
                           grammar=not no_grammar and config.get("languagetool")["enabled"],
                           require_grammar=require_grammar,
                           jobs=jobs if jobs is not None else config.get("jobs"),
                           cache_dir=cache, progress=progress, force_exclude=force_exclude,
                           parse_as=parse_as, stdin=stdin, shard=shard, runner=runner)

    def note(message: str) -> None:
        if not quiet:
            click.echo(f"medcheck: {message}", err=True)

    result = check_once()
    empty = not result.files and not result.errors
    if empty and shard is not None:
        # A small site can leave a slice empty: that shard passes, the merge covers it.
        allow_empty = True
    if empty and not allow_empty and not gate.uses_git and stdin is None:
        # A CI job pointed at the wrong folder must not pass by checking nothing.
        _fail(f"{nothing_to_check([p for p in paths if p != '-'], config, cwd)}. Nothing was "
              "checked: fix the path, or pass --allow-empty")
    if empty and gate.uses_git:
        note("no changed pages to check")
    if fix_ or diff_:
        outcome = fix(check_once, result, list(paths), config, cwd, write=not diff_)
        for note in dict.fromkeys(outcome.notes):
            click.echo(f"medcheck: {note}", err=True)
        if diff_:
            click.echo(outcome.diff, nl=False)
            click.echo(f"medcheck: --fix would make {outcome.edits} edit(s) in {len(outcome.files)} "
                       f"file(s), resolving {outcome.applied} finding(s)", err=True)
            sys.exit(EXIT_FINDINGS if outcome.applied else EXIT_OK)
        click.echo(f"medcheck: made {outcome.edits} edit(s) in {len(outcome.files)} file(s), "
                   f"resolving {outcome.applied} finding(s)", err=True)
        result = outcome.result
    if result.grammar.startswith("skipped") and not no_grammar and result.files:
        note(f"warning: grammar {result.grammar}")
    for spec in specs:
        _emit(spec.fmt, result, None if spec.path == "-" else spec.path, fail_on, False, verbose)
    if statistics:
        from .reporters.statistics import render as render_statistics
        text = render_statistics(result, color=_color_for(color, output))
        write_atomically(output, text) if output else click.echo(text, nl=False)
    else:
        _emit(fmt, result, output, fail_on, color, verbose, quiet)
    if result.baselined:
        note(f"{result.baselined} known finding(s) not reported: they are in the "
             f"baseline {baseline_file}")
    for path, message in result.errors:
        click.echo(f"medcheck: {path}: {message}", err=True)
    if require_grammar and result.grammar.startswith("skipped"):
        _fail(f"grammar checking was required but {result.grammar}")
    sys.exit(result.exit_code(fail_on))


def _color_for(color, output) -> bool:
    if color is None:
        return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return bool(color)


def _emit(fmt, result, output, fail_on, color, verbose, quiet=False) -> None:
    from .reporters import ReportOptions, render
    color = _color_for(color, output)
    width = shutil.get_terminal_size((80, 24)).columns if output is None else 80
    extra = None
    if fmt == "html":
        from .provenance import provenance
        extra = {"audit": provenance(result.config)}
    text = render(fmt, result, ReportOptions(fail_on=fail_on, color=color, verbose=verbose,
                                             quiet=quiet, width=width, extra=extra))
    if output:
        write_atomically(output, text)
    else:
        click.echo(text, nl=False, color=True if color else None)  # --color wins over the pipe


@cli.command("merge")
@click.argument("reports_in", nargs=-1, metavar="REPORT.json...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--report", "reports", multiple=True, metavar="FORMAT:FILE",
              help="Also write a report in FORMAT to FILE ('-' = stdout); repeatable.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Lowest severity that fails the run (exit 1). Default: config fail_on, or error.")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
@click.option("--color/--no-color", default=None, help="Colour in text output (default: on a TTY).")
@click.option("--verbose", "-v", is_flag=True, help="Show each finding's source.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary, no notes.")
def merge_command(reports_in, fmt, output, reports, fail_on, config_path, color, verbose, quiet):
    """Join the JSON reports of `check --shard I/N` jobs into one report and exit code."""
    from .gating import ReportSpec
    from .merge import MergeError, merge
    from .rulepacks.loader import load_rule_packs

    config = load_config(config_path)
    fail_on = fail_on or config.get("fail_on")
    specs = [ReportSpec.parse(spec) for spec in reports]
    packs = load_rule_packs(config.get("rule_packs"), config.root)
    try:
        result = merge(list(reports_in), config, packs)
    except MergeError as exc:
        _fail(str(exc))
    for spec in specs:
        _emit(spec.fmt, result, None if spec.path == "-" else spec.path, fail_on, False, verbose)
    _emit(fmt, result, output, fail_on, color, verbose, quiet)
    for path, message in result.errors:
        click.echo(f"medcheck: {path}: {message}", err=True)
    sys.exit(result.exit_code(fail_on))


@cli.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="Where to write the baseline (JSON).")
@click.option("--no-grammar", is_flag=True, help="Skip LanguageTool on purpose.")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Worker processes (0 = one per core).")
@click.option("--no-cache", is_flag=True, help="Check every file again.")
def baseline_command(paths, output, no_grammar, config_path, jobs, no_cache):
    """Record today's findings so `check --baseline FILE` reports only new ones."""
    from . import baseline
    from .engine import run
    from .progress import ProgressBar

    config = load_config(config_path)
    cache = None if no_cache else config.root / config.get("cache_dir")
    with ProgressBar() as progress:
        result = run(list(paths), config, grammar=not no_grammar and config.get("languagetool")["enabled"],
                     jobs=jobs if jobs is not None else config.get("jobs"), cache_dir=cache,
                     progress=progress)
    for path, message in result.errors:
        click.echo(f"medcheck: {path}: {message}", err=True)
    if result.errors:
        _fail("the baseline was not written because some files could not be checked")
    write_atomically(output, baseline.dumps(result))
    click.echo(f"medcheck: recorded {len(result.findings)} finding(s) from "
               f"{len(result.files)} file(s) in {output}", err=True)


@cli.command("schema")
def schema_command():
    """Print the configuration's JSON Schema (for editors' TOML completion)."""
    from .reference import schema_text

    click.echo(schema_text(), nl=False)


@cli.command("rules")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
@click.option("--category", help="Only rules of this category.")
@click.option("--markdown", is_flag=True,
              help="Print the rule reference as Markdown (docs/rules.md is this output).")
@_selection_options
def rules_command(config_path, category, markdown, select, extend_select, ignore, profile):
    """List every rule: id, category, severity, source, and whether it is on (by default,
    or with the configuration and options given)."""
    from .engine import all_rules
    from .rulepacks.loader import load_rule_packs

    from .model import CATEGORIES
    from .selectors import did_you_mean, validate_configuration

    config = _with_selection(load_config(config_path), select, extend_select, ignore, profile)
    if category and category not in CATEGORIES:
        _fail(f"--category: '{category}' is not a category{did_you_mean(category, CATEGORIES)}; "
              f"the categories are {', '.join(CATEGORIES)}")
    packs = load_rule_packs(config.get("rule_packs"), config.root)
    validate_configuration(config, packs)
    rules = sorted(all_rules(packs).values(), key=lambda r: (r.category, r.id))
    if markdown:
        from .reference import rules_markdown
        click.echo(rules_markdown([r for r in rules if not category or r.category == category]),
                   nl=False)
        return
    for rule in rules:
        if category and rule.category != category:
            continue
        on = config.rule_enabled(rule.id, rule.category, rule.default_on)
        state = "on " if on else "off"
        if not rule.default_on and rule.id in PROFILES["strict"]:
            state += " (strict)"
        click.echo(f"{rule.id:<48} {rule.category:<19} {rule.severity:<8} {state:<12} {rule.source}")


@cli.command()
@click.argument("rule_id")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
def explain(rule_id, config_path):
    """Explain a rule: what it flags, why, its source and examples."""
    from .checks import FAMILIES
    from .engine import all_rules, build_settings
    from .explain import DEFAULT_WIDTH, explain_text, find_rule
    from .rulepacks.loader import load_rule_packs

    config = load_config(config_path)
    packs = load_rule_packs(config.get("rule_packs"), config.root)
    rules = all_rules(packs)
    rule = find_rule(rule_id, rules)
    if rule is None:
        import difflib
        close = difflib.get_close_matches(rule_id, list(rules), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        _fail(f"no rule '{rule_id}'{hint}; `medcheck rules` lists them")
    # The same text as the editor's hover: the terminal's width only on a terminal.
    width = shutil.get_terminal_size((DEFAULT_WIDTH + 2, 24)).columns - 2 if sys.stdout.isatty() \
        else DEFAULT_WIDTH
    settings = build_settings(config, families=[f for f in FAMILIES if f != "grammar"])
    click.echo(explain_text(rule, settings, width=width), nl=False)


@cli.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default; "
              "accepted because editors pass it).")
@click.option("--no-grammar", is_flag=True, help="Never start LanguageTool.")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]),
              default="warning", show_default=True, help="What the server logs to stderr.")
def lsp_command(stdio, no_grammar, log_level):
    """Run the language server for editors (LSP over stdio)."""
    from .lsp.server import main as serve

    serve(grammar=not no_grammar, log_level=log_level)


@cli.command("test")
@click.argument("packs", nargs=-1, type=click.Path())
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
def test_command(packs, config_path):
    """Run the examples of rule packs (default: the configured rule_packs)."""
    from .examples import failures, pack_settings
    from .rulepacks.loader import load_rule_packs

    config = load_config(config_path)
    configured = [str((config.root / p).resolve()) for p in config.get("rule_packs")]
    given = [str(Path(p).resolve()) for p in packs] or configured
    if not given:
        _fail("no rule packs to test: name one (`medcheck test rules/team.yml`) or list them in "
              "rule_packs")
    loaded = load_rule_packs(list(dict.fromkeys([*configured, *given])), config.root)
    wanted = [r.info for r in loaded.rules if any(
        Path(r.info.pack).resolve() == Path(g) or Path(g) in Path(r.info.pack).resolve().parents
        for g in given)]
    if not wanted:
        _fail(f"no rules in {', '.join(packs) or 'rule_packs'}")
    failed = failures(wanted, pack_settings(config, loaded))
    for failure in failed:
        click.echo(f"{failure.rule.pack}: FAIL {failure.describe()}")
    examples = sum(len(r.examples.match) + len(r.examples.no_match) for r in wanted)
    verdict = f"{len(failed)} failed" if failed else "all hold"
    click.echo(f"{len(wanted)} rule(s), {examples} example(s): {verdict}")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


# A check allocates millions of short-lived objects (tokens, sentences, findings) next to
# the long-lived knowledge base and indexes: with the default threshold (700) the cyclic
# collector runs thousands of times a second and most of its work finds nothing (about a
# tenth of a cold run's CPU time). Collecting every 50,000 allocations keeps the same
# collector at a fraction of the cost; it still frees every cycle, a little later.
_GC_THRESHOLDS = (50_000, 20, 100)


def main() -> None:
    gc.set_threshold(*_GC_THRESHOLDS)
    from .compiled import freeze_what_is_read
    freeze_what_is_read()
    cli(prog_name="medcheck")


if __name__ == "__main__":
    main()
