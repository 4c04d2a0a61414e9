"""The path of pages through medcheck; ``run()`` reads top to bottom:

    settings -> discover -> read (result cache) -> check (pool or runner, LanguageTool
    in a with block) -> filter (changed lines, baseline) -> RunResult

``check_page`` is the pure function at the centre: (path, bytes, settings) ->
FileResult (parse, check every family, locate, inline suppressions). Everything else
here is around it: walking folders, the cache, the process pool, grammar start-up,
and collecting results in a deterministic order.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import json
import os
import signal
import sys
import traceback
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import __version__
from .cachedir import prepare as prepare_cache_folder
from .checks import FAMILIES, load_family
from .compiled import code_digest
from .context import Context, RunContext
from .dispatch import resolve_precedence, run_family
from .config import Config, path_matches
from .documents import SUPPORTED_SUFFIXES, DocumentError, decode, format_for, parse_text
from .documents.html import with_head_metadata
from .model import SEVERITY_RANK, Document, Finding, RuleInfo, fingerprint
from .rulepacks.loader import RulePacks, load_rule_packs
from .repeats import fold_repeats
from .selectors import validate_configuration
from .suppressions import ENGINE_RULES, apply_suppressions, parse_waivers
from .textutil import sentence_spans

MAX_FILE_BYTES = 20 * 1024 * 1024  # larger pages are refused, not read into memory


class InputError(Exception):
    """The run cannot do what was asked (exit 2), e.g. a bad rule pack."""


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    readability: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    words: int = 0
    cached: bool = False


@dataclass
class RunResult:
    files: list[FileResult]
    errors: list[tuple[str, str]]
    grammar: str
    config: Config
    packs: RulePacks | None = None
    families: tuple[str, ...] = FAMILIES
    baselined: int = 0
    root: Path = Path(".")
    # (index, count) when the run checked one shard of the pages (--shard I/N).
    shard: tuple[int, int] | None = None
    _rules: dict[str, RuleInfo] | None = field(default=None, repr=False)

    @property
    def rules(self) -> dict[str, RuleInfo]:
        """Every rule's metadata. Computed on demand: it imports every check family,
        which a warm run that only prints text never needs to do."""
        if self._rules is None:
            packs = self.packs if self.packs is not None else RulePacks((), (), "")
            rules = all_rules(packs, self.families)
            # LanguageTool has thousands of rules; describe those that fired.
            for finding in [f for fr in self.files for f in fr.findings]:
                if finding.rule not in rules and finding.rule.startswith("lt."):
                    from .checks.grammar import rule_info
                    rules[finding.rule] = rule_info(finding.rule, finding.category)
            self._rules = rules
        return self._rules

    @property
    def findings(self) -> list[Finding]:
        return [f for fr in self.files for f in fr.findings if f.suppressed is None]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for fr in self.files for f in fr.findings if f.suppressed is not None]

    def exit_code(self, fail_on: str) -> int:
        if self.errors:
            return 2
        if fail_on == "never":
            return 0
        threshold = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings) else 0


@dataclass(frozen=True, eq=False)
class Settings:
    """Everything a page check depends on besides the page (picklable for the pool)."""

    config: Config
    packs: RulePacks
    kb: Any
    today: date
    families: tuple[str, ...]
    grammar: Any = None
    # Shared by every page of the run: compiled packs, rule selections, indexes.
    run: RunContext | None = None
    # False hands every block and sentence to every check (the test that proves the
    # checks' pre-filters change no finding); results are the same either way.
    prefilter: bool = True
    # How a page whose suffix names no format is read (--parse-as, standard input).
    default_format: str = "text"

    def __post_init__(self) -> None:
        if self.run is None:
            object.__setattr__(self, "run", RunContext(self.packs, self.kb))

    def cache_key(self, path: str, data: bytes) -> str:
        grammar_key = getattr(self.grammar, "cache_key", lambda: "on")() if self.grammar else "off"
        blob = "\x1f".join((__version__, code_digest(), path, self.config.for_path(path).digest(),
                            self.packs.digest, getattr(self.kb, "digest", ""),
                            ",".join(self.families), grammar_key, self.today.isoformat(),
                            self.default_format))
        return hashlib.sha256(blob.encode() + hashlib.sha256(data).digest()).hexdigest()


# --- rules ------------------------------------------------------------------------


def family_rules(families: Iterable[str] = FAMILIES) -> list[RuleInfo]:
    rules: list[RuleInfo] = []
    for name in families:
        module = load_family(name)
        if module is not None:
            rules.extend(module.RULES)
    return rules


def all_rules(packs: RulePacks, families: Iterable[str] = FAMILIES) -> dict[str, RuleInfo]:
    rules: dict[str, RuleInfo] = {}
    for info in [*packs.infos(), *family_rules(families), *ENGINE_RULES]:
        rules.setdefault(info.id, info)
    return rules


# --- discovery ----------------------------------------------------------------------


def report_path_for(p: Path, root: Path, cwd: Path) -> str:
    """A file's name in reports: relative to the project root, else to the current folder."""
    # Resolve the folder, not the file: a symbolic link is reported under its own
    # name (the one the editor knows), not its target's.
    full = p.parent.resolve() / p.name if p.name not in ("", ".", "..") else p.resolve()
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        try:
            return os.path.relpath(p, cwd).replace(os.sep, "/")
        except ValueError:
            return p.as_posix()


# Documents people try to check that are not pages: say what they are and how to export.
_DOCUMENT_KINDS = {".docx": "a Word document", ".doc": "a Word document", ".odt": "an OpenDocument file",
                   ".rtf": "a rich-text document", ".pdf": "a PDF", ".pages": "a Pages document"}
READ_FORMATS = "Markdown (.md, .markdown), HTML (.html, .htm) and plain text (.txt)"
EXPORT_HINT = ("export {it} first, e.g. `pandoc page.docx -t gfm -o page.md`, or Save As "
               "'Web Page' / 'Plain Text'")


def unsupported_format(path: Path) -> str:
    suffix = path.suffix.lower()
    kind = _DOCUMENT_KINDS.get(suffix)
    if kind:
        return (f"{kind} ({suffix}), not a page: medcheck reads {READ_FORMATS}; "
                + EXPORT_HINT.format(it="it"))
    name = f"'{suffix}'" if suffix else "a file without a suffix"
    return (f"{name} is not a page format medcheck reads ({READ_FORMATS}); to check it anyway, "
            "give its format with --parse-as markdown|html|text")


def discover(paths: list[str], config: Config, cwd: Path, *, force_exclude: bool = False,
             parse_as: str | None = None) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """Files to check as (absolute path, report path), and inputs that cannot be read.

    ``exclude`` applies to files found in folders; a file named on the command line is
    checked anyway (it was asked for by name) unless ``force_exclude``, as pre-commit
    and editors need, which pass every file by name. A named file with a suffix medcheck
    does not read is an error unless ``parse_as`` gives the format to read it in."""
    found: dict[str, Path] = {}
    errors: list[tuple[str, str]] = []
    excludes = config.get("exclude")
    root = config.root
    force_exclude = force_exclude or bool(config.values.get("force_exclude"))

    def report_path(p: Path) -> str:
        return report_path_for(p, root, cwd)

    for raw in paths:
        path = Path(raw)
        path = path if path.is_absolute() else cwd / path
        if path.is_symlink() and not path.exists():
            errors.append((raw, _broken_link(path)))
            continue
        if not path.exists():
            errors.append((raw, "no such file or folder"))
            continue
        if path.is_file():
            rel = report_path(path)
            if force_exclude and excludes and path_matches(rel, excludes):
                continue
            if parse_as is None and path.suffix.lower() not in SUPPORTED_SUFFIXES:
                errors.append((raw, unsupported_format(path)))
                continue
            found.setdefault(rel, path)
            continue
        if not path.is_dir():
            errors.append((raw, "not a regular file or folder (a device, pipe or socket)"))
            continue
        # Folders by (device, inode) -> their path: each real folder is walked once, and
        # a link back to a folder above it (a loop) is an error, not an endless walk.
        seen_dirs: dict[tuple[int, int], str] = {}

        def unreadable(exc: OSError) -> None:
            # os.walk skips folders it cannot list unless told: never lose pages silently.
            errors.append((report_path(Path(exc.filename or path)),
                           f"cannot read folder: {exc.strerror or exc}"))

        for folder, dirnames, filenames in os.walk(path, followlinks=True, onerror=unreadable):
            stat = os.stat(folder)
            key = (stat.st_dev, stat.st_ino)
            if key in seen_dirs:
                above = seen_dirs[key]
                if (folder + os.sep).startswith(above + os.sep):
                    errors.append((report_path(Path(folder)),
                                   "symbolic link loop: it leads back to a folder above it"))
                dirnames[:] = []  # otherwise: another link to a folder already checked
                continue
            seen_dirs[key] = folder
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and d not in ("node_modules", "__pycache__"))
            for name in sorted(filenames):
                file = Path(folder) / name
                if file.suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                rel = report_path(file)
                if excludes and path_matches(rel, excludes):
                    continue
                if file.is_symlink() and not file.exists():
                    errors.append((rel, _broken_link(file)))
                    continue
                if not file.is_file():  # a pipe would block the run forever when read
                    errors.append((rel, "not a regular file (a device, pipe or socket)"))
                    continue
                found.setdefault(rel, file)
    return sorted(((p, r) for r, p in found.items()), key=lambda item: item[1]), errors


def nothing_to_check(paths: list[str], config: Config, cwd: Path) -> str:
    """Why a run found no page, for the message that fails it: the folders hold only
    files of other formats (say which, and how to export them), or nothing at all."""
    others: dict[str, int] = {}
    seen = 0
    for raw in paths or config.get("paths"):
        path = Path(raw) if Path(raw).is_absolute() else cwd / raw
        for folder, dirnames, filenames in os.walk(path):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                seen += 1
                suffix = Path(name).suffix.lower() or "(no suffix)"
                if suffix not in SUPPORTED_SUFFIXES:
                    others[suffix] = others.get(suffix, 0) + 1
            if seen > 100_000:
                break
    where = ", ".join(paths or config.get("paths"))
    if others:
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(others.items(), key=lambda kv: -kv[1])[:6])
        hint = "; " + EXPORT_HINT.format(it="them") if set(others) & set(_DOCUMENT_KINDS) else ""
        return (f"no pages to check in {where}: its {plural_files(sum(others.values()))} are not in a "
                f"format medcheck reads ({kinds}); it reads {READ_FORMATS}{hint}")
    return f"no pages to check in {where}: it holds no {READ_FORMATS.replace(' and ', ' or ')} files"


def plural_files(n: int) -> str:
    return "1 file" if n == 1 else f"{n} files"


def _broken_link(path: Path) -> str:
    """Why a symbolic link cannot be followed: a missing target or a loop."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link leads back to itself, never to a file"
    return "dangling symbolic link (its target does not exist)"


# --- the pure page check --------------------------------------------------------------


def page_context(doc: Document, settings: Settings) -> Context:
    return Context(config=settings.config.for_path(doc.path), packs=settings.packs,
                   kb=settings.kb, today=settings.today, grammar=settings.grammar,
                   run=settings.run)


def check_document(doc: Document, settings: Settings, ctx: Context | None = None) -> list[Finding]:
    """Every family on one parsed document, the configuration applied, one finding
    per words where rules outrank each other; findings carry source offsets."""
    doc = with_head_metadata(doc, settings.config.for_path(doc.path).get("html_metadata"))
    ctx = ctx or page_context(doc, settings)
    run = settings.run
    assert run is not None
    findings: list[Finding] = []
    for name in settings.families:
        family = run.family(name)
        if family is not None:
            findings.extend(run_family(family, doc, ctx, prefilter=settings.prefilter))
    _, suppression_problems = parse_waivers(doc, run.known_rules(settings.families))
    selection = ctx.selection
    audit = {r.id: r for r in ENGINE_RULES}
    for problem in suppression_problems:
        if selection.enabled(audit[problem.rule]):
            findings.append(replace(problem, severity=selection.severity(problem.rule,
                                                                         problem.severity)))
    return resolve_precedence(findings, run.precedence(tuple(settings.families)))


def locate(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Offsets -> 1-based lines and columns, the words, their sentence, a fingerprint."""
    sentence_index = _SentenceIndex(doc)
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.rule)):
        start = max(0, min(f.start, len(doc.source)))
        end = max(start, min(f.end, len(doc.source)))
        line, column = doc.position(start)
        end_line, end_column = doc.position(end)
        if end == start:
            end_column = column
        text = doc.source[start:end]
        sentence = sentence_index.sentence_at(start) or text
        key = (f.rule, sentence, text)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        out.append(replace(f, path=doc.path, line=line, column=column, end_line=end_line,
                           end_column=end_column, text=text[:500], sentence=sentence[:1000],
                           fingerprint=fingerprint(f.rule, doc.path, sentence, text, occurrence)))
    return out


# A "sentence" longer than this is not prose (a 2 MB line with no full stop): it is
# cut into pieces at spaces, so context and fingerprints cost the same per finding
# whatever the page (one finding must not normalise the whole line: quadratic).
MAX_SENTENCE = 1000


def _bounded(spans: "Iterable[tuple[int, int]]", text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        while b - a > MAX_SENTENCE:
            cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
            cut = cut if cut > a else a + MAX_SENTENCE
            out.append((a, cut))
            a = cut + 1 if text[cut:cut + 1] == " " else cut
        if b > a:
            out.append((a, b))
    return out


class _SentenceIndex:
    """Finds the sentence (in clean block text) that holds a source offset."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.ranges: list[tuple[int, int, str]] = []
        for block in doc.blocks:
            if not block.text or block.kind == "link_text":
                continue
            for a, b in _bounded(sentence_spans(block.text), block.text):
                s, e = block.source_span(a, b)
                self.ranges.append((s, e, " ".join(block.text[a:b].split())))
        self.ranges.sort()
        self.starts = [r[0] for r in self.ranges]

    def sentence_at(self, offset: int) -> str:
        import bisect
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.ranges[i][0] <= offset < self.ranges[i][1] + 1:
            return self.ranges[i][2]
        return ""


def merge_duplicates(findings: list[Finding], settings: Settings | None = None) -> list[Finding]:
    """One finding per words for findings checked apart (the editor server checks
    LanguageTool apart from the other families), by the rules' declared precedence."""
    run = settings.run if settings is not None and settings.run is not None else RunContext()
    return resolve_precedence(findings, run.precedence(FAMILIES))


def _readability(doc: Document, settings: Settings, ctx: Context) -> dict[str, Any] | None:
    if "readability" not in settings.families:
        return None
    module = load_family("readability")
    scorer = getattr(module, "scores", None) if module else None
    if scorer is None:
        return None
    return scorer(doc, ctx)


def check_page(path: str, data: bytes, settings: Settings) -> FileResult:
    """The pure function: one page's bytes and the settings -> its findings and scores."""
    if len(data) > MAX_FILE_BYTES:
        return FileResult(path, error=f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                                      "split the page or exclude it")
    try:
        text, warnings = decode(data)
        doc = parse_text(path, text, format_for(path) or settings.default_format, warnings)
    except DocumentError as exc:
        return FileResult(path, error=str(exc))
    doc = with_head_metadata(doc, settings.config.for_path(path).get("html_metadata"))
    ctx = page_context(doc, settings)
    findings = locate(doc, check_document(doc, settings, ctx))
    findings = fold_repeats(apply_suppressions(doc, findings, ctx.config, path))
    words = sum(len(b.text.split()) for b in doc.blocks if b.kind != "link_text")
    return FileResult(path, findings=findings, readability=_readability(doc, settings, ctx),
                      warnings=list(doc.warnings), words=words)


# --- cache -----------------------------------------------------------------------------


class ResultCache:
    """One small JSON file per (page bytes, settings): unchanged pages are not re-checked.

    Entries are written atomically (temp file + rename), so an interrupted run never
    leaves a half-written entry behind.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _file(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / "results" / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileResult | None:
        if self.folder is None:
            return None
        try:
            raw = json.loads(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        try:
            findings = [Finding(**{**f, "suggestions": tuple(f["suggestions"]),
                                   "also": tuple(f["also"])}) for f in raw["findings"]]
            return FileResult(raw["path"], findings=findings, readability=raw["readability"],
                              warnings=raw["warnings"], words=raw["words"], cached=True)
        except (KeyError, TypeError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        if self.folder is None or result.error is not None:
            return
        target = self._file(key)
        prepare_cache_folder(self.folder)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            payload = {"path": result.path, "readability": result.readability,
                       "warnings": result.warnings, "words": result.words,
                       "findings": [asdict(f) for f in result.findings]}
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            try:
                tmp.write_text(json.dumps(payload, default=str), encoding="utf-8")
                os.replace(tmp, target)
            except BaseException:  # Ctrl-C between write and rename: leave no stray file
                tmp.unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only cache folder must not fail the run


# --- the run -----------------------------------------------------------------------------

_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    # Ctrl-C reaches every process of the terminal's group: the parent alone handles
    # it (cancels the run, writes nothing); workers would only print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_in_worker(item: tuple[str, bytes]) -> FileResult:
    assert _WORKER_SETTINGS is not None
    path, data = item
    return _safe_check(path, data, _WORKER_SETTINGS)


def _safe_check(path: str, data: bytes, settings: Settings) -> FileResult:
    try:
        return check_page(path, data, settings)
    except RecursionError:
        return FileResult(path, error="page structure is nested too deeply to check")
    except MemoryError:
        return FileResult(path, error="page is too large to check in memory")
    except Exception as exc:
        # A bug in a check must not cost the other pages their report: this page is
        # listed as not checked (exit 2), the rest of the run goes on.
        if os.environ.get("MEDCHECK_DEBUG"):
            traceback.print_exc()
        return FileResult(path, error=f"internal error while checking this page: "
                                      f"{type(exc).__name__}: {exc} (please report it; "
                                      "MEDCHECK_DEBUG=1 shows details)")


def _read(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise OSError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return path.read_bytes()


def today_from_env() -> date:
    override = os.environ.get("MEDCHECK_TODAY")
    if override:
        try:
            return date.fromisoformat(override)
        except ValueError:
            raise InputError(f"MEDCHECK_TODAY must be a date like 2026-01-31, got {override!r}")
    return date.today()


def load_knowledge_base(config: Config, extra_files: tuple[str, ...] = ()) -> Any:
    """The built-in drug knowledge base, extended by any ``knowledge: drugs`` files
    listed in ``rule_packs`` (a team's own medicines)."""
    try:
        from .knowledge import default_paths, load_knowledge_base as load_kb
    except ImportError:
        return None
    return load_kb([*default_paths(), *map(Path, extra_files)])


def build_settings(config: Config, *, grammar: Any = None, families: Iterable[str] = FAMILIES,
                   today: date | None = None) -> Settings:
    from .rulepacks.loader import PackError
    try:
        packs = load_rule_packs(config.get("rule_packs"), config.root)
    except PackError as exc:
        raise InputError(str(exc)) from None
    validate_configuration(config, packs)
    try:
        kb = load_knowledge_base(config, packs.knowledge_files)
    except Exception as exc:  # a broken knowledge base is a bad rule pack: exit 2
        raise InputError(f"drug knowledge base: {exc}") from None
    return Settings(config=config, packs=packs, kb=kb, today=today or today_from_env(),
                    families=tuple(families), grammar=grammar)


def prove_team_packs(settings: Settings, cache_dir: Path | None) -> None:
    """A team's own rule packs must pass their examples before a check uses them, as
    the built-in ones do in the test suite (remembered per pack content, so it costs
    one run of the examples after each edit)."""
    from .examples import team_pack_failures

    failed = team_pack_failures(settings.packs, settings.config, cache_dir, settings.kb)
    if failed:
        lines = [f"{f.rule.pack}: {f.describe()}" for f in failed[:10]]
        more = f"\n  ... and {len(failed) - 10} more" if len(failed) > 10 else ""
        raise InputError("rule pack examples do not hold, so the pack was not used (fix the "
                         "rule or its examples; `medcheck test` runs them):\n  "
                         + "\n  ".join(lines) + more)


def run(paths: list[str], config: Config, *, cwd: Path | None = None, grammar: bool = True,
        require_grammar: bool = False, jobs: int = 0, cache_dir: Path | None = None,
        families: Iterable[str] | None = None, progress: Any = None,
        only_files: set[str] | None = None, force_exclude: bool = False,
        parse_as: str | None = None, stdin: tuple[str | None, bytes] | None = None,
        runner: Any = None, shard: Any = None, changes: Any = None, changed_lines: bool = False,
        baseline: Any = None) -> RunResult:
    """Discover the pages, read them, check those the result cache does not hold, filter.

    ``stdin`` is (the file name it stands for or None, its bytes), for `check -`.
    ``only_files`` keeps only those report paths; ``changes`` (``gitdiff.Changes``) keeps
    the files they touch and, with ``changed_lines``, only findings on changed lines;
    ``baseline`` (``baseline.load``) drops the findings it accepts.

    ``runner`` checks the pages somewhere else (a cluster, checker/cluster/): its
    ``open_grammar`` replaces grammar.open_grammar (same arguments, same yield), and
    ``check(pending, settings, cache, progress)`` replaces the local process pool and
    returns {report path: FileResult}. Discovery, the result cache and the order of the
    results stay here, so a report does not depend on where its pages were checked.
    ``shard`` keeps only the pages whose report path it ``holds`` (--shard I/N)."""
    cwd = cwd or Path.cwd()
    families = tuple(families or FAMILIES)
    settings = replace(build_settings(config, families=families),
                       default_format=parse_as or ("markdown" if stdin else "text"))
    prove_team_packs(settings, cache_dir)
    if changes is not None:
        touched = set(changes.report_paths(config.root, cwd))
        only_files = touched if only_files is None else only_files & touched
    files, errors = pages_to_check(paths, config, cwd, stdin=stdin, only_files=only_files,
                                   shard=shard, force_exclude=force_exclude, parse_as=parse_as)
    if progress is not None and hasattr(progress, "set_total"):
        progress.set_total(len(files))  # lets a progress bar show how far along the run is
    pages = _Pages(files, ResultCache(cache_dir))
    with _grammar_for_run(settings, pages, wanted=grammar, require=require_grammar,
                          runner=runner, cache_dir=cache_dir) as checking:
        results = _check_all(pages, checking.settings, jobs=jobs, runner=runner,
                             progress=progress)
        grammar_status = checking.status()
    errors = sorted([*errors, *((r.path, r.error) for r in results if r.error is not None)])
    result = RunResult(files=results, errors=errors, grammar=grammar_status, config=config,
                       packs=settings.packs, families=families, root=config.root,
                       shard=(shard.index, shard.count) if shard is not None else None)
    return _filtered(result, cwd, changes=changes if changed_lines else None, baseline=baseline)


def pages_to_check(paths: list[str], config: Config, cwd: Path, *,
                   stdin: tuple[str | None, bytes] | None = None,
                   only_files: set[str] | None = None, shard: Any = None,
                   force_exclude: bool = False, parse_as: str | None = None
                   ) -> tuple[list[tuple[Any, str]], list[tuple[str, str]]]:
    """The run's pages as (location, report path), in report order, and inputs that
    cannot be read: the paths asked for (else the configured ``paths``), standard input,
    then only the named files and the shard's."""
    named = [p for p in paths if p != "-"]
    files, errors = discover(named or ([] if stdin else config.get("paths")), config, cwd,
                             force_exclude=force_exclude, parse_as=parse_as)
    if stdin is not None:
        files.extend(_stdin_entry(stdin, config, cwd, force_exclude))
    if only_files is not None:
        files = [(p, r) for p, r in files if r in only_files]
    if shard is not None:
        files = [(p, r) for p, r in files if shard.holds(r)]
    return files, errors


class _Pages:
    """The run's pages, each read once per grammar cache key: the results the cache
    holds, and (report path, bytes, cache key) of the pages still to check."""

    def __init__(self, files: list[tuple[Any, str]], cache: "ResultCache"):
        self.files = files
        self.cache = cache
        self._lookups: dict[str, tuple[dict[str, FileResult], list[tuple[str, bytes, str]]]] = {}

    def lookup(self, settings: Settings) -> tuple[dict[str, FileResult], list[tuple[str, bytes, str]]]:
        key = settings.grammar.cache_key() if settings.grammar is not None else "off"
        if key not in self._lookups:
            self._lookups[key] = _lookup(self.files, settings, self.cache)
        return self._lookups[key]


@dataclass
class _GrammarForRun:
    """The settings pages are checked with (LanguageTool's handle in them, or the grammar
    family left out), and what the report says about grammar."""

    settings: Settings
    started_status: str
    started: bool = False

    def status(self) -> str:
        """A server that failed during the run says so at the end."""
        later = getattr(self.settings.grammar, "final_status", None) if self.started else None
        return (later() or self.started_status) if callable(later) else self.started_status


@contextmanager
def _grammar_for_run(settings: Settings, pages: _Pages, *, wanted: bool, require: bool,
                     runner: Any, cache_dir: Path | None) -> Iterator[_GrammarForRun]:
    """LanguageTool for the run's duration, started only when some paragraph is not in
    its result cache; stopped (or handed back to the background server) at the end."""
    def needed(handle: Any) -> bool:
        current = replace(settings, grammar=_with_block_cache(handle, cache_dir))
        return _paragraphs_missing(pages.lookup(current)[1], current)

    without = replace(settings, families=tuple(f for f in settings.families if f != "grammar"))
    if not wanted:
        yield _GrammarForRun(without, "skipped: disabled with --no-grammar")
        return
    if not pages.files:
        yield _GrammarForRun(without, "skipped: no files to check")
        return
    if "grammar" not in settings.families:
        yield _GrammarForRun(settings, "skipped: disabled with --no-grammar")
        return
    try:
        from .grammar import open_grammar
    except ImportError:
        yield _GrammarForRun(without, "skipped: LanguageTool support is not installed")
        return
    opener = open_grammar if runner is None else runner.open_grammar
    with opener(settings.config, enabled=True, require=require, needed=needed) as (handle, status):
        yield _GrammarForRun(replace(settings, grammar=_with_block_cache(handle, cache_dir)),
                             status, started=True)


def _check_all(pages: _Pages, settings: Settings, *, jobs: int, runner: Any,
               progress: Any) -> list[FileResult]:
    """Every page's result in report order: the cache's, and the pending pages checked
    by the local process pool or the runner."""
    found, pending = pages.lookup(settings)
    if progress and found:
        progress(len(found))
    if runner is None:
        found.update(_check_pending(pending, settings, jobs, pages.cache, progress))
    else:
        found.update(runner.check(pending, settings, pages.cache, progress))
    return [found[rel] for _, rel in pages.files if rel in found]


def _filtered(result: RunResult, cwd: Path, *, changes: Any = None, baseline: Any = None
              ) -> RunResult:
    """The run's findings on changed lines only (``changes``), without those the
    ``baseline`` accepts. Inline suppressions were applied per page (check_page)."""
    if changes is not None:
        from .gitdiff import keep_changed_lines
        result = keep_changed_lines(result, changes, cwd)
    if baseline is not None:
        from .baseline import apply
        result = apply(result, baseline)
    return result


STDIN_NAME = "-"


def _stdin_entry(stdin: tuple[str | None, bytes], config: Config, cwd: Path,
                 force_exclude: bool) -> list[tuple[Any, str]]:
    name, data = stdin
    if not name:
        return [(_StdinData(data), STDIN_NAME)]
    rel = report_path_for(Path(name) if Path(name).is_absolute() else cwd / name, config.root, cwd)
    excludes = config.get("exclude")
    if (force_exclude or config.values.get("force_exclude")) and excludes \
            and path_matches(rel, excludes):
        return []
    return [(_StdinData(data), rel)]


@dataclass(frozen=True)
class _StdinData:
    """Standard input in the list of files: its bytes, already read."""

    data: bytes


def _store(cache: "ResultCache", key: str, result: FileResult, settings: Settings) -> None:
    """Cache a page's result, unless grammar failed during the run: that page's result
    lacks grammar findings under a key that promises them, and a later healthy run
    must check it again."""
    failed = getattr(settings.grammar, "failed", None)
    if callable(failed) and failed() is not None:
        return
    cache.put(key, result)


def _with_block_cache(handle: Any, cache_dir: Path | None) -> Any:
    """The per-paragraph LanguageTool cache follows --cache-dir / --no-cache like the
    page cache (the background server's state stays in the user's runtime folder)."""
    if handle is None or not hasattr(handle, "cache_path"):
        return handle
    block_cache = None
    if cache_dir is not None:
        block_cache = Path(cache_dir) / "languagetool" / "results.sqlite"
        try:
            block_cache.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            block_cache = None  # a read-only cache folder must not fail the run
    return replace(handle, cache_path=str(block_cache) if block_cache else None)


def _paragraphs_missing(pending: list[tuple[str, bytes, str]], settings: Settings) -> bool:
    """Whether checking these pages needs LanguageTool itself, not only its result cache:
    True at the first paragraph the cache does not hold."""
    from .checks.grammar import checked_blocks
    from .grammar.client import all_cached

    for rel, data, _ in pending:
        if len(data) > MAX_FILE_BYTES:
            continue
        try:
            text, _warnings = decode(data)
            doc = parse_text(rel, text, format_for(rel) or settings.default_format)
        except DocumentError:
            continue  # reported as unreadable by the check itself
        except (RecursionError, MemoryError):
            return True
        if not all_cached(settings.grammar, [b.text for b in checked_blocks(doc)]):
            return True
    return False


def _lookup(files: list[tuple[Any, str]], settings: Settings,
            cache: ResultCache) -> tuple[dict[str, FileResult], list[tuple[str, bytes, str]]]:
    """Read every file once: results the cache holds, and (report path, bytes, cache key)
    of the pages still to check."""
    results: dict[str, FileResult] = {}
    pending: list[tuple[str, bytes, str]] = []
    for path, rel in files:
        try:
            data = path.data if isinstance(path, _StdinData) else _read(path)
        except OSError as exc:
            results[rel] = FileResult(rel, error=f"cannot read: {exc.strerror or exc}")
            continue
        key = settings.cache_key(rel, data)
        hit = cache.get(key)
        if hit is not None:
            results[rel] = hit
            continue
        pending.append((rel, data, key))
    return results, pending


def _check_pending(pending: list[tuple[str, bytes, str]], settings: Settings, jobs: int,
                   cache: ResultCache, progress: Any) -> dict[str, FileResult]:
    results: dict[str, FileResult] = {}
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    # The rule packs, the knowledge base and the run's indexes are a million objects
    # that live as long as the run: moved out of the cyclic collector's view, its full
    # collections (triggered every so many allocations while pages are checked) stop
    # walking them again and again, and forked workers stop touching their pages.
    gc.freeze()
    if workers > 1 and len(pending) >= 16:
        from concurrent.futures import ProcessPoolExecutor
        import multiprocessing
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_init_worker, initargs=(settings,))
        try:
            items = [(rel, data) for rel, data, _ in pending]
            chunk = max(1, min(64, len(items) // (workers * 8) or 1))
            for (rel, _, key), result in zip(pending, pool.map(_check_in_worker, items,
                                                               chunksize=chunk)):
                results[rel] = result
                _store(cache, key, result, settings)
                if progress:
                    progress(1)
        except BaseException:
            # Interrupted (Ctrl-C) or failed: drop the queued pages and stop the workers
            # now, instead of checking the whole folder before exiting.
            # Stop the workers first: the pool then fails the queued pages itself. Cancelling
            # them as well races its manager thread into an InvalidStateError traceback.
            workers_left = list((getattr(pool, "_processes", None) or {}).values())
            for process in workers_left:
                process.terminate()
            pool.shutdown(wait=False)
            raise
        pool.shutdown(wait=True)
    else:
        for rel, data, key in pending:
            result = _safe_check(rel, data, settings)
            results[rel] = result
            _store(cache, key, result, settings)
            if progress:
                progress(1)
    return results
