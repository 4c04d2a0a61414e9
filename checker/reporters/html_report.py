"""A single self-contained HTML file for compliance reviewers.

What it shows: the verdict and counts by category and severity; a scorecard per
page (reading grade against its target, the grade of every section, counts by
category and severity); every finding with the offending words highlighted in
their line, the suggestion, the rule's rationale and source; filters by category,
severity and page; every suppressed finding with its reason; pages that could not
be checked.

Safety: every piece of text that comes from a page, a file name, a rule pack or a
suppression reason goes through ``html.escape`` (quotes included), so a page that
contains ``<script>`` or ``onerror=`` shows as text. As a second wall, a
Content-Security-Policy allows no network at all and only the one script and style
sheet below, by hash: even markup that slipped through could not run.

The filters are driven by the URL fragment (``#category=...&severity=...&page=...``),
so a link can open the report pre-filtered, and tests can drive them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
from typing import Any

from .. import __version__
from ..model import CATEGORIES, SEVERITIES, Finding
from .common import (SourceLines, at_or_above, checked_files, counts, highlight_spans, ordered,
                     plural, rule_for, severity_phrase)

CONTEXT_CHARS = 160  # characters of a long line kept on each side of the highlighted words

_STYLE = """
:root { --error: #b3261e; --warning: #8a5300; --info: #0b57d0; --ink: #1f1f1f; --muted: #5f6368;
        --line: #dadce0; --paper: #ffffff; --wash: #f6f8fa; --mark: #ffe08a; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--wash); }
header { background: #12355b; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; opacity: .85; }
header dl.audit { grid-template-columns: max-content 1fr; margin: 6px 0 0; opacity: .9; }
header dl.audit dt { color: #c9d6e8; }
main { max-width: 1180px; margin: 0 auto; padding: 18px 28px 60px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
          padding: 16px 20px; margin: 18px 0; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 16px; margin: 0 0 8px; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 6px 0 10px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left;
         vertical-align: top; }
th { font-weight: 600; background: var(--wash); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-size: 17px; font-weight: 600; margin: 0 0 10px; }
.verdict.fail { color: var(--error); }
.verdict.pass { color: #146c2e; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 10px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; min-width: 120px; }
.card b { display: block; font-size: 24px; }
.card.error b, .badge.error { color: var(--error); }
.card.warning b, .badge.warning { color: var(--warning); }
.card.info b, .badge.info { color: var(--info); }
.badge { display: inline-block; font-weight: 700; text-transform: uppercase; font-size: 12px;
         letter-spacing: .04em; border: 1px solid currentColor; border-radius: 4px; padding: 0 6px; }
.scorecards { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 14px; }
.scorecard { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; overflow-x: auto; }
.grade { font-size: 15px; margin: 4px 0 8px; }
.grade meter { width: 160px; vertical-align: middle; }
.muted { color: var(--muted); }
details > summary { cursor: pointer; color: var(--muted); }
dl { margin: 4px 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
#filters { display: flex; gap: 14px; flex-wrap: wrap; align-items: end; margin-bottom: 12px; }
#filters label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
#filters select { font: inherit; padding: 3px 6px; max-width: 320px; }
#filter-status { font-weight: 600; }
ol.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 6px;
             padding: 8px 12px; margin: 8px 0; }
li.finding.sev-error { border-left-color: var(--error); }
li.finding.sev-warning { border-left-color: var(--warning); }
.where { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px;
         overflow-wrap: anywhere; }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
.message { margin: 4px 0; }
pre.context { background: var(--wash); border: 1px solid var(--line); border-radius: 4px;
              padding: 6px 8px; margin: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere;
              font-size: 13px; }
pre.context .ln { color: var(--muted); user-select: none; }
mark { background: var(--mark); padding: 0 1px; border-radius: 2px; }
.suggestion { margin: 4px 0; }
.reason { font-weight: 600; }
[hidden] { display: none !important; }
"""

_SCRIPT = """
(function () {
  "use strict";
  var keys = ["category", "severity", "page"];
  var selects = {};
  keys.forEach(function (k) { selects[k] = document.getElementById("filter-" + k); });
  function readFragment() {
    var raw = location.hash.replace(/^#/, "");
    if (raw.indexOf("=") < 0) { raw = location.search.replace(/^\\?/, ""); }
    if (raw.indexOf("=") < 0) { return false; }
    var params = new URLSearchParams(raw);
    keys.forEach(function (k) {
      var wanted = params.get(k) || "";
      var known = Array.prototype.some.call(selects[k].options, function (o) {
        return o.value === wanted;
      });
      selects[k].value = known ? wanted : "";
    });
    return true;
  }
  function apply() {
    var shown = 0, total = 0, waived = 0;
    document.querySelectorAll("[data-filterable]").forEach(function (el) {
      var ok = keys.every(function (k) {
        return !selects[k].value || el.getAttribute("data-" + k) === selects[k].value;
      });
      el.hidden = !ok;
      if (el.classList.contains("finding")) { total += 1; if (ok) { shown += 1; } }
      else if (ok) { waived += 1; }
    });
    document.getElementById("filter-status").textContent =
      "Showing " + shown + " of " + total + " findings";
    document.getElementById("no-match").hidden = shown !== 0 || total === 0;
    var sup = document.getElementById("suppressed-status");
    if (sup) { sup.textContent = waived + " shown"; }
    document.body.setAttribute("data-filtered", keys.map(function (k) {
      return k + "=" + selects[k].value;
    }).join("&"));
  }
  function writeFragment() {
    var params = new URLSearchParams();
    keys.forEach(function (k) { if (selects[k].value) { params.set(k, selects[k].value); } });
    var text = params.toString();
    try {
      history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
    } catch (e) {
      location.hash = text;
    }
  }
  keys.forEach(function (k) {
    selects[k].addEventListener("change", function () { writeFragment(); apply(); });
  });
  window.addEventListener("hashchange", function () { if (readFragment()) { apply(); } });
  document.getElementById("filters").hidden = false;
  readFragment();
  apply();
})();
"""


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"script-src {_csp_hash(_SCRIPT)}; "
    f"style-src {_csp_hash(_STYLE)}; "
    "img-src 'none'; connect-src 'none'; font-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


# --- generic rendering of data whose shape another module owns -------------------------


def _number(value: float) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return "–"
    return f"{value:.2f}" if 0 < abs(value) < 1 else f"{value:.1f}"


# Reviewers read names, not keys: "Flesch-Kincaid grade", never "flesch_kincaid".
_LABELS = {
    "flesch_kincaid": "Flesch-Kincaid grade", "smog": "SMOG grade",
    "flesch_reading_ease": "Flesch reading ease", "gunning_fog": "Gunning fog index",
    "coleman_liau": "Coleman-Liau index", "consensus": "consensus grade",
    "raw": "as written", "adjusted": "adjusted (medicine names and explained terms count as "
                                     "ordinary words)",
    "gate": "gated grade", "grade": "grade", "audience": "audience", "sentences": "sentences",
    "words": "words", "heading": "heading", "level": "level", "line": "line",
}


def label(key: Any) -> str:
    text = str(key)
    return _LABELS.get(text, text.replace("_", " "))


def render_value(value: Any, depth: int = 0) -> str:
    """Any JSON-like value as escaped HTML: numbers, text, nested tables, lists."""
    if value is None:
        return "–"
    if isinstance(value, (bool, int, float)):
        return esc(_number(value))
    if isinstance(value, str):
        return esc(value)
    if depth >= 4:
        return esc(repr(value)[:400])
    if isinstance(value, dict):
        if not value:
            return "–"
        items = "".join(f"<dt>{esc(label(k))}</dt><dd>{render_value(v, depth + 1)}</dd>"
                        for k, v in value.items())
        return f"<dl>{items}</dl>"
    if isinstance(value, (list, tuple)):
        if not value:
            return "–"
        if all(isinstance(v, dict) for v in value):
            return render_table(list(value), depth + 1)
        return esc(", ".join(_number(v) if isinstance(v, (int, float)) else str(v) for v in value))
    return esc(str(value))


_SECTION_COLUMNS = ("heading", "level", "line", "words", "grade")


def render_table(rows: list[dict], depth: int = 0) -> str:
    """Rows of dicts as a table; known section keys first, nested values in details."""
    columns: list[str] = [c for c in _SECTION_COLUMNS if any(c in r for r in rows)]
    for row in rows:
        for key, value in row.items():
            if key not in columns and not isinstance(value, (dict, list, tuple)):
                columns.append(key)
    nested = [k for row in rows for k, v in row.items() if isinstance(v, (dict, list, tuple))]
    nested = list(dict.fromkeys(nested))
    head = "".join(f"<th{' class=num' if c in ('level', 'line', 'words', 'grade') else ''}>"
                   f"{esc(label(c))}</th>" for c in columns)
    if nested:
        head += "<th>measures</th>"
    body = []
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c)
            cls = " class=num" if isinstance(v, (int, float)) and not isinstance(v, bool) else ""
            cells.append(f"<td{cls}>{render_value(v, depth + 1)}</td>")
        if nested:
            inner = {k: row[k] for k in nested if k in row}
            cells.append("<td><details><summary>show</summary>"
                         f"{render_value(inner, depth + 1)}</details></td>" if inner else "<td>–</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def readability_html(readability: Any) -> str:
    """The readability part of a scorecard, for whatever dict the readability family gives."""
    if readability is None:
        return "<p class=muted>Readability was not measured for this page.</p>"
    if not isinstance(readability, dict):
        return f"<p>Readability: {render_value(readability)}</p>"
    parts = []
    grade = readability.get("grade")
    target = readability.get("target") if isinstance(readability.get("target"), dict) else {}
    if isinstance(grade, (int, float)) and not isinstance(grade, bool) and math.isfinite(grade):
        warn = target.get("warning") if isinstance(target.get("warning"), (int, float)) else None
        err = target.get("error") if isinstance(target.get("error"), (int, float)) else None
        top = max(18.0, float(grade), float(err or 0))
        meter_attrs = f'min="0" max="{top:g}" value="{max(0.0, float(grade)):g}" optimum="0"'
        if warn is not None and err is not None and warn <= err:
            meter_attrs += f' low="{float(warn):g}" high="{float(err):g}"'
        name = "reading grade"
        if readability.get("metric"):
            name += f" ({esc(label(readability['metric']))})"
        target_text = ""
        if warn is not None:
            target_text = f" · target ≤ {esc(_number(warn))}"
            if err is not None:
                target_text += f", error above {esc(_number(err))}"
        parts.append(f'<p class=grade><b>{esc(_number(float(grade)))}</b> {name} '
                     f'<meter {meter_attrs}>{esc(_number(float(grade)))}</meter>'
                     f'<span class=muted>{target_text}</span></p>')
    # The page's word count is in its scorecard's first line: shown once, not here.
    facts = {k: readability[k] for k in ("audience", "sentences", "gate")
             if k in readability and not isinstance(readability[k], (dict, list))}
    if facts:
        parts.append("<p class=muted>" + " · ".join(f"{esc(label(k))}: {render_value(v)}"
                                                     for k, v in facts.items()) + "</p>")
    sections = readability.get("sections")
    if isinstance(sections, list) and sections and all(isinstance(s, dict) for s in sections):
        # A section's word count is its table column; its measures do not repeat it.
        rows = [{k: ({m: n for m, n in v.items() if m != "words"} if isinstance(v, dict) else v)
                 for k, v in section.items()} for section in sections]
        parts.append("<details open><summary>Reading grade by section</summary>"
                     + render_table(rows) + "</details>")
    elif sections:
        parts.append(f"<p>Sections: {render_value(sections)}</p>")
    shown = {"grade", "target", "metric", "sections", "words", *facts}
    rest = {k: ({m: n for m, n in v.items() if m != "words"} if isinstance(v, dict) else v)
            for k, v in readability.items() if k not in shown}
    if rest:
        parts.append("<details><summary>All readability measures</summary>"
                     + render_value(rest) + "</details>")
    return "".join(parts)


# --- findings ---------------------------------------------------------------------------


def _context_html(f: Finding, lines: SourceLines) -> str:
    spans = highlight_spans(f, lines)
    if not spans:
        if not f.text:
            return ""
        return f'<pre class=context><mark>{esc(f.text)}</mark></pre>'
    out = []
    for number, text, start, end in spans:
        lo = max(0, start - CONTEXT_CHARS)
        hi = min(len(text), end + CONTEXT_CHARS)
        before = ("…" if lo > 0 else "") + text[lo:start]
        after = text[end:hi] + ("…" if hi < len(text) else "")
        out.append(f'<span class=ln>{number:>4} │ </span>{esc(before)}<mark>{esc(text[start:end])}'
                   f'</mark>{esc(after)}')
    return "<pre class=context>" + "\n".join(out) + "</pre>"


def _source_html(source: str) -> str:
    if source.startswith(("https://", "http://")) and " " not in source.strip():
        return f'<a href="{esc(source)}" rel="noopener noreferrer">{esc(source)}</a>'
    return esc(source) if source else "<span class=muted>not stated</span>"


def _finding_html(f: Finding, index: int, result: Any, lines: SourceLines,
                  page_ids: dict[str, str]) -> str:
    rule = rule_for(result, f)
    anchor = page_ids.get(f.path, "")
    where = f"{esc(f.path)}:{f.line}:{f.column}"
    parts = [f'<li class="finding sev-{esc(f.severity)}" id="finding-{index}" data-filterable '
             f'data-category="{esc(f.category)}" data-severity="{esc(f.severity)}" '
             f'data-page="{esc(f.path)}">',
             f'<div><span class="badge {esc(f.severity)}">{esc(f.severity)}</span> '
             f'<span class=rule>{esc(f.rule)}</span> · <span class=muted>{esc(f.category)}</span> · '
             f'<a class=where href="#{anchor}">{where}</a></div>',
             f'<p class=message>{esc(f.message)}</p>',
             _context_html(f, lines)]
    if f.suggestions:
        parts.append(f'<p class=suggestion>Suggestion: <b>{esc(" / ".join(f.suggestions))}</b>'
                     f'{" (a safe correction medcheck can make)" if f.fix is not None else ""}</p>')
    why = []
    if rule.rationale:
        why.append(f"<dt>Why</dt><dd>{esc(rule.rationale)}</dd>")
    why.append(f"<dt>Source</dt><dd>{_source_html(f.source or rule.source)}</dd>")
    if f.also:
        why.append(f"<dt>Also reported by</dt><dd>{esc(', '.join(f.also))}</dd>")
    parts.append(f"<details><summary>Rationale and source</summary><dl>{''.join(why)}</dl></details>")
    parts.append("</li>")
    return "".join(parts)


def _audit_html(result: Any, options: Any, files: list) -> str:
    """What an audit record states: when, with which tool and version, on which commit,
    under which configuration and fail level (from the CLI in ``options.extra``)."""
    audit = (getattr(options, "extra", None) or {}).get("audit") or {}
    rows = [("Checked", audit.get("time") or "–"), ("Tool", f"medcheck {__version__}")]
    if audit.get("commit"):
        rows.append(("Commit", audit["commit"]))
    rows.append(("Configuration", audit.get("config") or getattr(result.config, "source", "defaults")))
    rows.append(("Fails on", {"error": "errors", "warning": "warnings and errors",
                              "info": "any finding", "never": "nothing (never fails)"}
                 .get(options.fail_on, options.fail_on)))
    rows.append(("Pages", plural(len(files), "page") + " checked"))
    rows.append(("Grammar", result.grammar))
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return f"<dl class=audit>{items}</dl>"


def _counts_table(findings: list[Finding]) -> str:
    c = counts(findings)
    if not c.by_category:
        return "<p class=muted>No findings.</p>"
    head = "".join(f"<th class=num>{esc(s)}</th>" for s in SEVERITIES)
    rows = "".join(f"<tr><td>{esc(cat)}</td>" + "".join(
        f"<td class=num>{row[s]}</td>" for s in SEVERITIES) + "</tr>"
        for cat, row in c.by_category.items())
    total = "".join(f"<td class=num><b>{c.by_severity[s]}</b></td>" for s in SEVERITIES)
    return (f"<table><thead><tr><th>category</th>{head}</tr></thead><tbody>{rows}"
            f"<tr><td><b>all</b></td>{total}</tr></tbody></table>")


def _options(values: list[str], label: str) -> str:
    opts = [f'<option value="">All {esc(label)}</option>']
    opts += [f'<option value="{esc(v)}">{esc(v)}</option>' for v in values]
    return "".join(opts)


def render(result: Any, options: Any) -> str:
    lines = SourceLines(result)
    findings = ordered(result.findings)
    suppressed = ordered(result.suppressed)
    files = sorted(checked_files(result), key=lambda fr: fr.path)
    page_ids = {fr.path: f"page-{i + 1}" for i, fr in enumerate(files)}
    total = counts(findings)
    failing = [f for f in findings if at_or_above(f, options.fail_on)]

    out = ['<!DOCTYPE html>', '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{esc(CONTENT_SECURITY_POLICY)}">',
           '<meta name="referrer" content="no-referrer">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>medcheck report</title>", f"<style>{_STYLE}</style>", "</head>", "<body>"]
    out.append(f"<header><h1>medcheck report</h1>{_audit_html(result, options, files)}</header>")
    out.append("<main>")

    # Summary
    if result.errors:
        verdict = (f'<p class="verdict fail">{plural(len(result.errors), "page")} could not be '
                   "checked.</p>")
    elif failing:
        verdict = (f'<p class="verdict fail">Fails: {plural(len(failing), "finding")} at or above '
                   f'{esc(options.fail_on)}.</p>')
    else:
        verdict = f'<p class="verdict pass">Passes: nothing at or above {esc(options.fail_on)}.</p>'
    cards = "".join(f'<div class="card {s}"><b>{total.by_severity[s]}</b>{s}</div>' for s in SEVERITIES)
    cards += f'<div class=card><b>{len(suppressed)}</b>suppressed</div>'
    if result.baselined:
        cards += f'<div class=card><b>{result.baselined}</b>baselined</div>'
    out.append(f'<section id=summary><h2>Summary</h2>{verdict}<div class=cards>{cards}</div>'
               f"{_counts_table(findings)}</section>")

    # Scorecards
    cards_html = []
    for fr in files:
        shown = [f for f in fr.findings if f.suppressed is None]
        waived = [f for f in fr.findings if f.suppressed is not None]
        c = counts(shown)
        extra = f" · {len(waived)} suppressed" if waived else ""
        warnings = "".join(f"<p class=muted>Note: {esc(w)}</p>" for w in fr.warnings)
        cards_html.append(
            f'<article class=scorecard id="{page_ids[fr.path]}" data-page="{esc(fr.path)}">'
            f"<h3>{esc(fr.path)}</h3>"
            f"<p class=muted>{plural(fr.words, 'word')} · {severity_phrase(c.by_severity)}{extra}</p>"
            f"{readability_html(fr.readability)}{_counts_table(shown)}{warnings}</article>")
    out.append(f"<section id=pages><h2>Pages ({len(files)})</h2><div class=scorecards>"
               f"{''.join(cards_html)}</div></section>")

    # Findings with filters
    categories = [c for c in CATEGORIES if any(f.category == c for f in findings + suppressed)]
    categories += sorted({f.category for f in findings + suppressed} - set(CATEGORIES))
    pages = sorted({f.path for f in findings + suppressed})
    out.append("<section id=findings>")
    out.append(f"<h2>Findings ({len(findings)})</h2>")
    out.append('<form id=filters role=search hidden>'
               f'<label>Category<select id=filter-category>{_options(categories, "categories")}'
               "</select></label>"
               f'<label>Severity<select id=filter-severity>{_options(list(SEVERITIES), "severities")}'
               "</select></label>"
               f'<label>Page<select id=filter-page>{_options(pages, "pages")}</select></label>'
               f'<output id=filter-status>Showing {len(findings)} of {len(findings)} findings</output>'
               "</form>")
    out.append("<ol class=findings id=finding-list>")
    for i, f in enumerate(findings, 1):
        out.append(_finding_html(f, i, result, lines, page_ids))
    out.append("</ol>")
    out.append("<p id=no-match hidden>No findings match these filters.</p>")
    if not findings:
        out.append("<p>No findings.</p>")
    out.append("</section>")

    # Suppressed
    out.append(f"<section id=suppressed><h2>Suppressed findings ({len(suppressed)}) "
               f"<span class=muted id=suppressed-status></span></h2>")
    if suppressed:
        out.append("<p class=muted>Waived inline or in configuration; each carries its reason.</p>")
        out.append("<table><thead><tr><th>where</th><th>rule</th><th>severity</th><th>reason</th>"
                   "<th>words</th></tr></thead><tbody>")
        for f in suppressed:
            out.append(f'<tr class=suppressed data-filterable data-category="{esc(f.category)}" '
                       f'data-severity="{esc(f.severity)}" data-page="{esc(f.path)}">'
                       f"<td class=where>{esc(f.path)}:{f.line}:{f.column}</td>"
                       f"<td class=rule>{esc(f.rule)}</td><td>{esc(f.severity)}</td>"
                       f"<td class=reason>{esc(f.suppressed)}</td><td>{esc(f.text)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>Nothing was suppressed.</p>")
    out.append("</section>")

    if result.errors:
        out.append("<section id=errors><h2>Could not be checked</h2><ul>")
        out.extend(f"<li><span class=where>{esc(p)}</span>: {esc(m)}</li>" for p, m in result.errors)
        out.append("</ul></section>")

    out.append("</main>")
    out.append(f"<script>{_SCRIPT}</script>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
