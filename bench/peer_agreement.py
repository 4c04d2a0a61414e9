"""Agreement of medcheck's accessibility rules with markdownlint and axe-core, measured
on the peers' own test fixtures.

    python bench/peer_agreement.py --markdownlint PATH --axe-core PATH [--show N]

PATH is a local clone of https://github.com/DavidAnson/markdownlint or
https://github.com/dequelabs/axe-core (either may be left out). Nothing is downloaded
and nothing of the peers is copied: their fixtures are read where they are.

A medcheck rule is scored only against its peer rule (PEER_RULES), on the fixtures
written for that peer rule:

- markdownlint: every ``test/*.md`` marks the lines its rule must report with
  ``{MD036}`` (or ``{MD001:3}``, ``{MD045:+2}`` for another line), the way
  markdownlint's own scenario test reads them. A marked line is *agreed* when medcheck
  reports the paired rule on it; a medcheck finding on an unmarked line is *extra*.
  Lines where the file turns the peer rule off (``markdownlint-disable...`` comments)
  or files that reconfigure it (``markdownlint-configure-file``) are left out of the
  extras: medcheck's own defaults apply there, not the file's.
- axe-core: ``test/integration/rules/RULE/*.html`` with a ``.json`` that lists the
  ``violations`` and ``passes`` by selector, and the ``test/integration/full`` pages.
  A violation is *agreed* when medcheck reports the paired rule on the line of the
  element the selector names (``#id``). Violations that need the rendered page (CSS,
  computed ARIA roles, frames, script) are listed in UNDECIDABLE with the reason and
  reported apart. A pass element with a finding is *extra*. Elements axe-core leaves
  for review (``incomplete``, as it does every th-has-data-cells failure) are neither:
  how many of them medcheck reports is printed beside the rule.

Extras that follow from a documented difference of design (``design_difference``: a
longer list of vague link words, alt words judged as well as present, an address in
raw HTML or brackets that the page shows as unlinked text) are counted apart, as
"designed". Marked lines medcheck leaves alone by design (``missed_by_design``: a file
that sets the peer rule's options for itself, Markdown that CommonMark renders as the
text of an HTML block) stay counted as missed, and are listed with the reason.

This is a measurement, not a test: the suite does not need the peers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# markdownlint rule -> (its names, the medcheck rules that stand for it)
MARKDOWNLINT_RULES = {
    "MD001": (("MD001", "heading-increment"), ("a11y.heading-level-skipped",)),
    "MD034": (("MD034", "no-bare-urls"), ("a11y.bare-url",)),
    "MD036": (("MD036", "no-emphasis-as-heading"), ("a11y.emphasis-as-heading",)),
    "MD045": (("MD045", "no-alt-text"), ("a11y.image-alt-missing", "a11y.image-alt-junk")),
    "MD059": (("MD059", "descriptive-link-text"), ("a11y.link-text-vague",)),
}

# axe-core rule -> medcheck rules. Only rules medcheck can decide from the source.
AXE_RULES = {
    "image-alt": ("a11y.image-alt-missing", "a11y.image-alt-junk"),
    "link-name": ("a11y.link-empty",),
    "empty-heading": ("a11y.heading-empty",),
    "heading-order": ("a11y.heading-level-skipped",),
    "p-as-heading": ("a11y.emphasis-as-heading",),
    "list": ("a11y.list-structure",),
    "listitem": ("a11y.list-item-outside-list",),
    "empty-table-header": ("a11y.table-header-empty",),
    "td-headers-attr": ("a11y.table-headers-attr",),
    "th-has-data-cells": ("a11y.table-header-no-data",),
    "frame-title": ("a11y.frame-title-missing",),
    "label": ("a11y.form-control-unlabelled",),
    "html-has-lang": ("a11y.html-lang-missing",),
    "html-lang-valid": ("a11y.html-lang-missing",),
    "document-title": ("a11y.page-title-missing",),
    "landmark-one-main": ("a11y.landmark-main",),
    "identical-links-same-purpose": ("a11y.link-text-ambiguous",),
}

# Violations that need more than the source: (axe rule, selector) -> why.
_CSS_HIDDEN = "its only words are hidden by CSS (display: none)"
UNDECIDABLE = {
    ("empty-heading", '["#fail2"]'): _CSS_HIDDEN,
    ("empty-table-header", '["#fail2"]'): _CSS_HIDDEN,
    ("empty-table-header", '["#fail3"]'): _CSS_HIDDEN,
    ("label", '["#fail7"]'): "its label is hidden by CSS (display: none)",
    ("label", '["#fail13"]'): "the label's words are a progressbar's, which the computed "
                              "name leaves out (ARIA name computation)",
    ("label", '["#fail14"]'): "the label is a select whose chosen option is empty (the "
                              "name comes from the selected option, at run time)",
    ("p-as-heading", '["#failed1"]'): "the paragraph is bold and larger by inline CSS",
    ("p-as-heading", '["#failed2"]'): "the paragraph is larger by inline CSS",
    ("frame-title", '["#violation1", "#violation2"]'): "an iframe inside another frame's "
                                                       "document (another file)",
}

# Pass pages medcheck reports, for a reason of its design: page -> why.
AXE_DESIGNED = {
    "full/html-has-lang/html-has-lang-pass.html": "lang=\"klingon\" is present (axe "
        "html-has-lang) but no language code: medcheck's one rule is also html-lang-valid",
    "full/html-has-lang/html-has-lang-pass-xhtml.xhtml": "as above, lang=\"klingon\"",
    "full/landmark-one-main/landmark-one-main-pass1.html": "the main landmark is inside an "
        "iframe's own document, another file",
    "full/heading-order/partial-context-with-iframe.html": "an iframe's own headings (another "
        "file) fill the skipped levels",
}

# markdownlint MD059's default prohibited texts; medcheck's list is longer (VAGUE).
MD059_DEFAULTS = {"click here", "here", "link", "more"}
_BRACKETED_URL = re.compile(r"\[\s*(?:https?://|www\.)|\)\[(?:https?://|www\.)")
_HTML_TAG = re.compile(r"<[a-zA-Z][^>]*>")


def design_difference(rule: str, line: str, in_html_block: bool,
                      findings: list[tuple[str, str]]) -> str | None:
    """Why a medcheck finding on a line markdownlint does not mark is medcheck's design
    (README, Accessibility), or None for a plain false finding."""
    rules = {r for r, _ in findings}
    if rule == "MD045" and "a11y.image-alt-missing" not in rules:
        return "alt words judged (file name, placeholder): image-alt-junk, WCAG F30"
    if rule == "MD059":
        from checker.checks.accessibility.links import vague_key
        texts = [re.search(r'"(.*)"', m) for r, m in findings if r == "a11y.link-text-vague"]
        if all(t and vague_key(t.group(1)) not in MD059_DEFAULTS for t in texts):
            return "vague words beyond MD059's four defaults (url, read more, learn more...)"
    if rule == "MD034":
        if in_html_block or _HTML_TAG.search(line):
            return "address inside raw HTML: shown as text, not linked"
        if _BRACKETED_URL.search(line):
            return "address in brackets or reversed link syntax: shown as text, not linked"
    return None


def missed_by_design(line: str, in_html_block: bool, reconfigured: bool) -> str | None:
    """Why a marked line medcheck does not report is medcheck's design, or None."""
    if reconfigured:
        # e.g. front_matter_title set to another key than the title medcheck reads
        return "the file sets the rule's options for itself; medcheck's defaults apply"
    if in_html_block and "<!--" in line:
        return ("a line that opens with <!-- is an HTML block (CommonMark): its emphasis "
                "marks are shown as text, not as bold")
    return None


def _html_block_lines(text: str) -> set[int]:
    from checker.documents.markdown import _parser
    lines: set[int] = set()
    for token in _parser().parse(text):
        if token.type == "html_block" and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return lines


@dataclass
class Score:
    marked: int = 0
    agreed: int = 0
    missed: list = field(default_factory=list)
    extra: list = field(default_factory=list)
    undecidable: list = field(default_factory=list)
    designed: list = field(default_factory=list)
    missed_designed: list = field(default_factory=list)
    review: list = field(default_factory=list)   # (axe incomplete element, reported?)


def _settings():
    from checker.config import DEFAULTS, Config
    from checker.engine import build_settings
    config = Config(json.loads(json.dumps(DEFAULTS)), Path("/nonexistent-medcheck-peer-dir"))
    return build_settings(config, families=("accessibility",), today=date(2026, 1, 15))


def _findings(settings, path: Path, name: str, messages: dict | None = None
              ) -> tuple[dict[int, set[str]], str | None]:
    from checker.engine import check_page
    result = check_page(name, path.read_bytes(), settings)
    lines: dict[int, set[str]] = defaultdict(set)
    for finding in result.findings:
        if finding.category == "accessibility" and not finding.suppressed:
            lines[finding.line].add(finding.rule)
            if messages is not None:
                messages.setdefault(finding.line, []).append((finding.rule, finding.message))
    return lines, result.error


# --- markdownlint -----------------------------------------------------------------------

_MARKER = re.compile(r"\{(MD\d+)(?::([-+]?)(\d+))?\}")
_INLINE = re.compile(r"<!--\s*markdownlint-(disable-next-line|disable-line|disable-file|"
                     r"enable-file|disable|enable|capture|restore)((?:\s+[\w-]+)*)\s*-->")
_CONFIGURE = re.compile(r"<!--\s*markdownlint-configure-file\s*(\{.*?\})\s*-->", re.S)


def _marked_lines(lines: list[str]) -> dict[str, set[int]]:
    expected: dict[str, set[int]] = defaultdict(set)
    for index, line in enumerate(lines):
        for rule, sign, value in _MARKER.findall(line):
            number = index + 1
            if value:
                number = number + (1 if sign == "+" else -1) * int(value) if sign else int(value)
            expected[rule].add(number)
    return expected


def _disabled_lines(lines: list[str], names: tuple[str, ...]) -> set[int]:
    """Lines where markdownlint's inline comments turn the rule off."""
    wanted = {n.lower() for n in names}

    def concerns(args: str) -> bool:
        words = {w.lower() for w in args.split()}
        return not words or bool(words & wanted)

    off, saved, out = False, [], set()
    next_line_off = False
    file_off = any(m.group(1) == "disable-file" and concerns(m.group(2))
                   for line in lines for m in _INLINE.finditer(line))
    for number, line in enumerate(lines, 1):
        this_off = off or next_line_off or file_off
        next_line_off = False
        for m in _INLINE.finditer(line):
            kind, args = m.group(1), m.group(2)
            if kind == "capture":
                saved.append(off)
            elif kind == "restore":
                off = saved.pop() if saved else False
            elif not concerns(args):
                continue
            elif kind == "disable":
                off = this_off = True
            elif kind == "enable":
                off = False
            elif kind == "disable-line":
                this_off = True
            elif kind == "disable-next-line":
                next_line_off = True
        if this_off:
            out.add(number)
    return out


def _reconfigured(text: str, names: tuple[str, ...]) -> bool:
    """Does the file set the rule's options (or turn it off) for itself?"""
    for match in _CONFIGURE.finditer(text):
        try:
            config = json.loads(match.group(1))
        except ValueError:
            return True
        if any(n in config for n in names) or config.get("default") is False:
            return True
    return False


def markdownlint(root: Path, settings) -> dict[str, Score]:
    scores = {rule: Score() for rule in MARKDOWNLINT_RULES}
    for path in sorted((root / "test").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        expected = _marked_lines(lines)
        messages: dict[int, list] = {}
        found, error = _findings(settings, path, path.name, messages)
        html_lines = _html_block_lines(text)
        for rule, (names, ours) in MARKDOWNLINT_RULES.items():
            score = scores[rule]
            marked = expected.get(rule, set())
            if error and marked:
                score.marked += len(marked)
                score.missed.extend(f"{path.name}:{n} (page refused: {error})" for n in marked)
                continue
            reconfigured = _reconfigured(text, names)
            for number in sorted(marked):
                score.marked += 1
                if found.get(number, set()) & set(ours):
                    score.agreed += 1
                    continue
                where = f"{path.name}:{number}: {lines[number - 1][:70]}"
                why = missed_by_design(lines[number - 1], number in html_lines, reconfigured)
                (score.missed_designed if why else score.missed).append(
                    f"{where}  [{why}]" if why else where)
            if reconfigured:
                continue
            disabled = _disabled_lines(lines, names)
            for number, rules in sorted(found.items()):
                if rules & set(ours) and number not in marked and number not in disabled:
                    line = lines[number - 1]
                    mine = [(r, m) for r, m in messages.get(number, []) if r in ours]
                    why = design_difference(rule, line, number in html_lines, mine)
                    where = f"{path.name}:{number}: {line[:70]}"
                    (score.designed if why else score.extra).append(
                        f"{where}  [{why}]" if why else where)
    return scores


# --- axe-core ---------------------------------------------------------------------------


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr", "param"}


class _IdLines(HTMLParser):
    """The lines each element with an id spans, from its start tag to its end tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: dict[str, tuple[int, int]] = {}
        self.open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        element = next((v for n, v in attrs if n == "id" and v), None)
        if element and element not in self.lines:
            self.lines[element] = (line, line)
        if tag not in _VOID:
            self.open.append((tag, element))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.open:
            self.open.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                for _, element in self.open[i:]:
                    if element and self.lines.get(element, (0, 0))[1] < self.getpos()[0]:
                        self.lines[element] = (self.lines[element][0], self.getpos()[0])
                del self.open[i:]
                break


def _id_lines(text: str) -> dict[str, tuple[int, int]]:
    parser = _IdLines()
    parser.feed(text)
    parser.close()
    return parser.lines


def _within(found: dict[int, set[str]], span: tuple[int, int], ours) -> bool:
    return any(found.get(n, set()) & set(ours) for n in range(span[0], span[1] + 1))


def _element_id(selector) -> str | None:
    """The id a simple ``#id`` selector names (a selector into a frame is not simple)."""
    if isinstance(selector, list):
        if len(selector) != 1:
            return None
        selector = selector[0]
    match = re.fullmatch(r"#([\w-]+)", str(selector).strip())
    return match.group(1) if match else None


def _score_page(score: Score, rule: str, page: Path, name: str, violations, passes,
                settings, ours, incomplete=()) -> None:
    text = page.read_text(encoding="utf-8")
    ids = _id_lines(text)
    found, error = _findings(settings, page, name)
    for selector in violations:
        key = json.dumps(selector)
        why = UNDECIDABLE.get((rule, key))
        if why:
            score.undecidable.append(f"{name} {key}: {why}")
            continue
        score.marked += 1
        element = _element_id(selector)
        span = ids.get(element) if element else None
        if error:
            score.missed.append(f"{name} {key} (page refused: {error})")
        elif span is None:
            score.missed.append(f"{name} {key} (no element with that id)")
        elif _within(found, span, ours):
            score.agreed += 1
        else:
            score.missed.append(f"{name} {key} line {span[0]}")
    for selector in passes:
        element = _element_id(selector)
        span = ids.get(element) if element else None
        if span is not None and _within(found, span, ours):
            score.extra.append(f"{name} {json.dumps(selector)} line {span[0]}")
    for selector in incomplete:
        element = _element_id(selector)
        span = ids.get(element) if element else None
        if span is not None:
            score.review.append((f"{name} {json.dumps(selector)}", _within(found, span, ours)))


def _full_page_expectations(script: Path) -> tuple[list, list] | None:
    """The full-page tests are scripts; they name the rule and, for the page, whether
    it must have violations (``violations.length, 1``) or none."""
    code = script.read_text(encoding="utf-8")
    if re.search(r"lengthOf\(\s*results\.violations,\s*0\s*\)|violations\.length,\s*0\b|"
                 r"violations, \[\]|\.violations\.length === 0", code):
        return [], ["page"]
    if re.search(r"violations\.length,\s*[1-9]|violations\[0\]|"
                 r"lengthOf\(\s*results\.violations,\s*[1-9]", code):
        return ["page"], []
    return None


def axe(root: Path, settings) -> dict[str, Score]:
    scores = {rule: Score() for rule in AXE_RULES}
    base = root / "test" / "integration"
    for rule, ours in AXE_RULES.items():
        for spec in sorted((base / "rules" / rule).glob("*.json")):
            data = json.loads(spec.read_text(encoding="utf-8"))
            page = spec.with_suffix(".html")
            if page.exists():
                _score_page(scores[rule], rule, page, f"{rule}/{page.name}",
                            data.get("violations", []), data.get("passes", []), settings, ours,
                            data.get("incomplete", []))
        for page in sorted((base / "full" / rule).glob("*.*html")):
            script = page.with_suffix(".js")
            expect = _full_page_expectations(script) if script.exists() else None
            if expect is None:
                continue
            violations, passes = expect
            found, error = _findings(settings, page, f"{rule}/{page.name}")
            hit = any(rules & set(ours) for rules in found.values())
            score = scores[rule]
            name = f"full/{rule}/{page.name}"
            if violations:
                why = UNDECIDABLE.get((rule, name))
                if why:
                    score.undecidable.append(f"{name}: {why}")
                    continue
                score.marked += 1
                if hit:
                    score.agreed += 1
                else:
                    score.missed.append(f"{name} (error: {error})" if error else name)
            elif hit and name in AXE_DESIGNED:
                score.designed.append(f"{name}  [{AXE_DESIGNED[name]}]")
            elif hit:
                score.extra.append(name)
    return scores


# --- report -----------------------------------------------------------------------------


def _print(title: str, scores: dict[str, Score], pairs: dict, show: int) -> None:
    print(f"\n{title}")
    print(f"  {'peer rule':28} {'medcheck rule':34} {'agreed':>9} {'extra':>6} {'designed':>8} "
          f"{'undecidable':>11}")
    total = Score()
    for rule, score in scores.items():
        ours = pairs[rule][-1] if isinstance(pairs[rule][0], tuple) else pairs[rule]
        print(f"  {rule:28} {', '.join(ours)[:34]:34} {score.agreed:>4}/{score.marked:<4} "
              f"{len(score.extra):>6} {len(score.designed):>8} {len(score.undecidable):>11}")
        if score.review:
            print(f"      axe-core leaves {len(score.review)} for review (incomplete); "
                  f"medcheck reports {sum(hit for _, hit in score.review)}"
                  + (": " + ", ".join(f"{n.split(' ', 1)[1]}{'+' if hit else '-'}"
                                      for n, hit in score.review) if show else ""))
        total.marked += score.marked
        total.agreed += score.agreed
        for name, items in (("missed", score.missed), ("missed by design", score.missed_designed),
                            ("extra", score.extra)):
            for item in items[:show]:
                print(f"      {name}: {item}")
        if show > 1:
            for item in score.designed[:show]:
                print(f"      by design: {item}")
        total.extra.extend(score.extra)
        total.designed.extend(score.designed)
        total.undecidable.extend(score.undecidable)
        total.missed.extend(score.missed)
        total.missed_designed.extend(score.missed_designed)
    print(f"  {'total':63} {total.agreed:>4}/{total.marked:<4} {len(total.extra):>6} "
          f"{len(total.designed):>8} {len(total.undecidable):>11}")
    if total.missed_designed:
        print(f"  missed: {len(total.missed) + len(total.missed_designed)}, of them "
              f"{len(total.missed_designed)} by design (--show 1 lists them)")
    if show and total.undecidable:
        print("  left out (need the rendered page):")
        for item in total.undecidable:
            print(f"      {item}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdownlint", type=Path, help="a local clone of markdownlint")
    parser.add_argument("--axe-core", type=Path, help="a local clone of axe-core")
    parser.add_argument("--show", type=int, default=0,
                        help="list up to N misses and extras per rule")
    args = parser.parse_args(argv)
    if not args.markdownlint and not args.axe_core:
        parser.error("give --markdownlint PATH and/or --axe-core PATH")
    for label, path, probe in (("markdownlint", args.markdownlint, "test"),
                               ("axe-core", args.axe_core, "test/integration/rules")):
        if path is not None and not (path / probe).is_dir():
            print(f"peer_agreement: {path} is not a {label} clone (no {probe}/)", file=sys.stderr)
            return 2
    settings = _settings()
    if args.markdownlint:
        _print("markdownlint (test/*.md, lines marked {MDnnn})",
               markdownlint(args.markdownlint, settings), MARKDOWNLINT_RULES, args.show)
    if args.axe_core:
        _print("axe-core (test/integration: rule violations by element, full pages)",
               axe(args.axe_core, settings), AXE_RULES, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
