"""HTML element structure that assistive technology relies on and the source decides:
list and item nesting, table header references, frame titles, form-control labels
and the page's main landmark (axe-core's rules of the same names).

Only HTML pages are judged. Raw HTML inside Markdown is cut into separate blocks at
blank lines (a ``<ul>`` and its ``<li>`` may sit in two of them), so its nesting is
not known well enough to call it wrong. Names that need the rendered page (CSS that
hides a label, the computed name of a widget inside a label) are left to browser
tools: a control is taken as named when any of its naming sources has words.
"""

from __future__ import annotations

from typing import Iterator

from ...context import Context
from ...model import Document, Finding, finding_for
from ...rules import page_check
from ._page import PageView, rule, view

LIST_STRUCTURE = rule(
    "a11y.list-structure",
    "List holds something other than list items.",
    "WCAG 2.2 SC 1.3.1 Info and Relationships (A), technique H48; axe-core list",
    severity="error",
    suggestion="Put every entry in its own <li>, or move the other element out of the list",
    rationale="Screen readers announce a list as \"list, 3 items\" and let users jump from "
              "item to item. A <div> or <p> directly inside <ul> or <ol>, or an item whose "
              "role was changed, breaks that count and the navigation; browsers and "
              "assistive technology repair it in different ways.",
    fmt="html",
    match=("<ul><li>With food</li><div>With water</div></ul>\n",
           "<ol><p>Wash your hands.</p></ol>\n",
           "<ul><li role=\"menuitem\">Refill</li></ul>\n"),
    no_match=("<ul><li>With food</li><li>With water</li></ul>\n",
              "<ul><script></script><li>With food</li></ul>\n",
              "<ul role=\"menu\"><li role=\"menuitem\">Refill</li></ul>\n",
              "<ul></ul>\n"))

LIST_ITEM_OUTSIDE_LIST = rule(
    "a11y.list-item-outside-list",
    "List item (<li>) is not inside a list.",
    "WCAG 2.2 SC 1.3.1 Info and Relationships (A), technique H48; axe-core listitem",
    severity="error",
    suggestion="Wrap the items in <ul> (or <ol> when the order matters)",
    rationale="An <li> outside <ul>/<ol> is an item of no list: screen readers do not "
              "announce it as part of a list, and the number of items is never said.",
    fmt="html",
    match=("<p>Take it:</p><li>with food</li><li>with water</li>\n",
           "<ul role=\"menubar\"><li>Refill</li></ul>\n"),
    no_match=("<ul><li>with food<li>with water</ul>\n",
              "<div role=\"list\"><li>with food</li></div>\n",
              "<menu><li>Refill</li></menu>\n"))

TABLE_HEADERS_ATTR = rule(
    "a11y.table-headers-attr",
    "A cell's headers attribute points to no header cell of its table.",
    "WCAG 2.2 SC 1.3.1 Info and Relationships (A), technique H43, failure F90; axe-core "
    "td-headers-attr",
    severity="error",
    suggestion="List in headers=\"...\" the ids of <th> cells of the same table",
    rationale="Screen readers read a data cell with the header cells its headers attribute "
              "names. An id that is missing, the cell's own id, or a cell that is not a "
              "header gives a wrong or empty announcement of what the number means.",
    fmt="html",
    match=("<table><tr><th id=\"dose\">Dose</th></tr>"
           "<tr><td headers=\"dose missing\">200 mg</td></tr></table>\n",
           "<table><tr><td id=\"self\" headers=\"self\">200 mg</td></tr></table>\n",
           "<table><tr><td id=\"d\">Dose</td><td headers=\"d\">200 mg</td></tr></table>\n"),
    no_match=("<table><tr><th id=\"dose\">Dose</th></tr>"
              "<tr><td headers=\"dose\">200 mg</td></tr></table>\n",
              "<table><tr><td role=\"rowheader\" id=\"am\">Morning</td>"
              "<td headers=\"am\">200 mg</td></tr></table>\n",
              "<table role=\"presentation\"><tr><td id=\"s\" headers=\"s\">x</td></tr></table>\n"))

TABLE_HEADER_EMPTY = rule(
    "a11y.table-header-empty",
    "Table header cell has no text.",
    "Best practice for WCAG 2.2 SC 1.3.1 Info and Relationships; axe-core empty-table-header",
    severity="info",
    suggestion="Name the column or row in the <th>, or make an empty corner cell a <td>",
    rationale="Screen readers read each data cell with its header; an empty <th> gives the "
              "cells of its column or row no name, and is announced as a blank header.",
    fmt="html",
    match=("<table><tr><th></th><th>Dose</th></tr><tr><td>Adults</td><td>200 mg</td></tr>"
           "</table>\n",),
    no_match=("<table><tr><td></td><th>Dose</th></tr><tr><th>Adults</th><td>200 mg</td></tr>"
              "</table>\n",
              "<table><tr><th aria-label=\"Age group\"></th><th>Dose</th></tr></table>\n"))

TABLE_HEADER_NO_DATA = rule(
    "a11y.table-header-no-data",
    "Table header cell has no data cell to label.",
    "WCAG 2.2 SC 1.3.1 Info and Relationships (A), technique H51; W3C ACT rule d0f69e "
    "(table header cell has assigned cells); axe-core th-has-data-cells",
    severity="warning",
    suggestion="Mark the values as data cells (<td>), keeping <th> for the row and column "
               "names",
    rationale="Screen readers read each data cell with its row and column headers. When the "
              "values themselves are marked <th>, or a header's row and column hold no data "
              "cell, the values are announced as headers and nothing is read with them. A "
              "warning, not an error: whether the table is data or layout needs a look.",
    fmt="html",
    match=("<table><tr><th>Dose</th><th>200 mg</th></tr><tr><th>Times a day</th><th>3</th>"
           "</tr></table>\n",
           "<table><tr><th>Morning</th><th>Evening</th></tr></table>\n"),
    no_match=("<table><tr><th>Dose</th><td>200 mg</td></tr></table>\n",
              "<table><tr><th>Dose</th><th>Times a day</th></tr>"
              "<tr><td>200 mg</td><td>3</td></tr></table>\n",
              "<table><tr><td headers=\"d\">200 mg</td><th id=\"d\">Dose</th></tr></table>\n",
              "<table><tr><th rowspan=\"2\">Adults</th><th>Dose</th></tr>"
              "<tr><td>200 mg</td></tr></table>\n",
              "<table role=\"presentation\"><tr><th>Dose</th></tr></table>\n"))

FRAME_TITLE_MISSING = rule(
    "a11y.frame-title-missing",
    "Frame (<iframe>) has no title.",
    "WCAG 2.2 SC 4.1.2 Name, Role, Value (A), technique H64; axe-core frame-title",
    severity="error",
    suggestion="Say what the frame holds: <iframe title=\"Video: using an inhaler\" ...>",
    rationale="Screen readers list the frames of a page by their titles; an untitled frame is "
              "announced as \"frame\" with its file name, so users cannot tell an embedded "
              "video from an advertisement without going into it.",
    fmt="html",
    match=("<iframe src=\"video.html\"></iframe>\n",
           "<iframe src=\"video.html\" title=\" \"></iframe>\n"),
    no_match=("<iframe src=\"video.html\" title=\"Video: using an inhaler\"></iframe>\n",
              "<iframe src=\"ad.html\" aria-hidden=\"true\" tabindex=\"-1\"></iframe>\n",
              "<iframe src=\"v.html\" aria-label=\"Inhaler video\"></iframe>\n",
              "<iframe src=\"pixel.html\" role=\"presentation\"></iframe>\n"))

FORM_CONTROL_UNLABELLED = rule(
    "a11y.form-control-unlabelled",
    "Form field has no label.",
    "WCAG 2.2 SC 4.1.2 Name, Role, Value (A) and SC 1.3.1 Info and Relationships (A), "
    "techniques H44 and ARIA16, failure F68; axe-core label",
    severity="error",
    suggestion="Add <label for=\"id\">What to type</label>, or wrap the field in a <label>",
    rationale="A screen reader announces an unlabelled field as \"edit text\" with nothing "
              "to say what to type; voice-control users cannot name it to move there. The "
              "words beside it on the screen are not tied to it.",
    fmt="html",
    match=("<form><p>Name</p><input type=\"text\" id=\"name\"></form>\n",
           "<form><label for=\"dob\"></label><input id=\"dob\"></form>\n",
           "<form><textarea id=\"notes\"></textarea></form>\n",
           "<form><input aria-labelledby=\"nothing\"></form>\n"),
    no_match=("<form><label for=\"name\">Your name</label><input id=\"name\"></form>\n",
              "<form><label>Date of birth <input type=\"date\"></label></form>\n",
              "<form><input aria-label=\"Search medicines\"></form>\n",
              "<form><input type=\"submit\" value=\"Send\"><input type=\"hidden\" name=\"t\">"
              "</form>\n",
              "<form><p id=\"q\">Dose</p><select aria-labelledby=\"q\"><option>1</option>"
              "</select></form>\n"))

LANDMARK_MAIN = rule(
    "a11y.landmark-main",
    "Page has no main landmark, or more than one.",
    "Best practice for WCAG 2.2 SC 1.3.1 and SC 2.4.1 Bypass Blocks; axe-core "
    "landmark-one-main, landmark-no-duplicate-main",
    severity="info",
    suggestion="Wrap the page's own content (not its header, menu or footer) in one <main>",
    rationale="Screen-reader users jump to the main landmark to skip the site's header and "
              "menus. Without it they read through them on every page; with two they cannot "
              "tell which one is the content.",
    fmt="html",
    match=("<html lang=\"en\"><body><h1>Ibuprofen</h1><p>Text.</p></body></html>\n",
           "<html lang=\"en\"><body><main><h1>A</h1></main><main><p>B</p></main></body></html>\n"),
    no_match=("<html lang=\"en\"><body><main><h1>Ibuprofen</h1></main></body></html>\n",
              "<html lang=\"en\"><body><div role=\"main\"><h1>Ibuprofen</h1></div></body></html>\n",
              "<p>A fragment, not a page.</p>\n"))

RULES = [LIST_STRUCTURE, LIST_ITEM_OUTSIDE_LIST, TABLE_HEADERS_ATTR, TABLE_HEADER_EMPTY,
         TABLE_HEADER_NO_DATA, FRAME_TITLE_MISSING, FORM_CONTROL_UNLABELLED, LANDMARK_MAIN]

_HEADER_ROLES = ("columnheader", "rowheader")


def check(page: PageView) -> Iterator[Finding]:
    doc = page.doc
    if doc.format != "html":
        return
    facts = doc.facts.get("structure") or {}
    yield from _lists(facts)
    yield from _tables(facts)
    yield from _frames(page, facts)
    yield from _controls(page, facts)
    yield from _main(doc, facts)


def _lists(facts: dict) -> Iterator[Finding]:
    for child in facts.get("list_children", ()):
        what = (f"<li role=\"{child['role']}\">" if child["tag"] == "li"
                else f"<{child['tag']}>")
        yield finding_for(LIST_STRUCTURE, child["child"], child["child"] + 1,
                          message=f"{what} directly inside <{child['list_tag']}> is not a list "
                                  "item.")
    for start in facts.get("stray_items", ()):
        yield finding_for(LIST_ITEM_OUTSIDE_LIST, start, start + 4)


def _tables(facts: dict) -> Iterator[Finding]:
    for table in facts.get("tables", ()):
        if table["role"] in ("presentation", "none") and not table["focusable"]:
            continue
        cells = table["cells"]
        headers = {c["id"] for c in cells if c["id"] and (
            c["role"] in _HEADER_ROLES or (c["tag"] == "th" and c["role"] in ("",) + _HEADER_ROLES))}
        ids = {c["id"] for c in cells if c["id"]}
        for cell in cells:
            if cell["hidden"]:
                continue
            if cell["tag"] == "th" and not cell["role"] and not cell["text"] and \
                    not cell["named"]:
                yield finding_for(TABLE_HEADER_EMPTY, cell["start"], cell["end"])
            for ref in cell["headers"]:
                if ref in headers and ref != cell["id"]:
                    continue
                why = ("is the cell itself" if ref == cell["id"] else
                       "is not a header cell" if ref in ids else
                       "names no cell of this table")
                yield finding_for(TABLE_HEADERS_ATTR, cell["start"], cell["end"],
                                  message=f"headers=\"{' '.join(cell['headers'])}\": \"{ref}\" "
                                          f"{why}.")
                break
        yield from _headers_without_data(table)


def _is_header(cell: dict) -> bool:
    return cell["role"] in _HEADER_ROLES or (cell["tag"] == "th" and not cell["role"])


def _headers_without_data(table: dict) -> Iterator[Finding]:
    """Header cells with words whose row and columns hold no data cell, nor a header
    that labels one, and that no cell names by id. Both directions are searched, whatever the header's scope: a
    header with a data cell anywhere in its row or column is taken as labelling it
    (axe-core and the ACT rule follow the scope; this stays on the certain side)."""
    if table["role"] not in ("", "table", "grid", "treegrid"):
        return
    cells = [c for c in table["cells"] if not c["hidden"]]
    rows_of: dict[int, set[int]] = {}   # row -> cells in it
    cols_of: dict[int, set[int]] = {}   # column -> cells in it
    spans: dict[int, tuple[range, range]] = {}
    taken: set[tuple[int, int]] = set()
    next_column: dict[int, int] = {}
    last_row = max(table["rows"] - 1, 0)
    for index, cell in enumerate(cells):
        row = cell["row"]
        column = next_column.get(row, 0)
        while (row, column) in taken:
            column += 1
        height = cell["rowspan"] or max(last_row - row + 1, 1)
        rows, columns = range(row, row + height), range(column, column + cell["colspan"])
        spans[index] = (rows, columns)
        for r in rows:
            rows_of.setdefault(r, set()).add(index)
            for c in columns:
                taken.add((r, c))
        for c in columns:
            cols_of.setdefault(c, set()).add(index)
        next_column[row] = columns.stop
    named = {ref for c in cells for ref in (*c["headers"], *c["labelledby"])}

    def near(index: int) -> set[int]:
        rows, columns = spans[index]
        return set().union(*(rows_of[r] for r in rows), *(cols_of[c] for c in columns))

    headers = [i for i, c in enumerate(cells) if _is_header(c)]
    with_data = {i for i in headers if any(not _is_header(cells[o]) for o in near(i))}
    lonely = []
    for index in headers:
        cell = cells[index]
        if index in with_data or not (cell["text"] or cell["named"]):
            continue
        if cell["id"] and cell["id"] in named:
            continue
        # A corner header names the row headers below it ("Age group" over "Adults",
        # "Children"): a header beside a header that labels data is not lonely.
        if near(index) & with_data:
            continue
        lonely.append(cell)
    if lonely:
        first = lonely[0]
        words = ", ".join(f"\"{c['text'] or '(named)'}\"" for c in lonely[:3])
        more = f" and {len(lonely) - 3} more" if len(lonely) > 3 else ""
        yield finding_for(TABLE_HEADER_NO_DATA, first["start"], first["end"],
                          message=(f"Header cells {words}{more} label no data cell: no "
                                   "<td> shares their row or column." if len(lonely) > 1 else
                                   f"Header cell {words} labels no data cell: no <td> "
                                   "shares its row or column."))


def _hidden(attrs: dict) -> bool:
    return attrs.get("aria-hidden", "").strip().lower() == "true"


def _frames(page: PageView, facts: dict) -> Iterator[Finding]:
    texts = page.doc.facts.get("id_text") or {}
    for frame in facts.get("frames", ()):
        attrs = frame["attrs"]
        if _hidden(attrs) and attrs.get("tabindex", "").strip() == "-1":
            continue  # taken out of both the reading and the tab order
        if attrs.get("role", "").strip().lower() in ("presentation", "none") and not (
                "tabindex" in attrs or "title" in attrs or
                any(a.startswith("aria-") for a in attrs)):
            continue  # declared as layout (a focusable or labelled frame keeps its role)
        named = any(attrs.get(a, "").strip() for a in ("title", "aria-label")) or any(
            texts.get(ref) for ref in attrs.get("aria-labelledby", "").split())
        if not named:
            yield finding_for(FRAME_TITLE_MISSING, frame["start"], frame["end"])


def _controls(page: PageView, facts: dict) -> Iterator[Finding]:
    texts = page.doc.facts.get("id_text") or {}
    labels = facts.get("labels", ())
    by_for: dict[str, list[str]] = {}
    for label in labels:
        if label["for"]:
            by_for.setdefault(label["for"], []).append(label["text"])
    for control in facts.get("controls", ()):
        attrs = control["attrs"]
        role = attrs.get("role", "").strip().lower()
        if role in ("none", "presentation") and "disabled" in attrs:
            continue  # neither shown as a field to assistive technology nor focusable
        refs = attrs.get("aria-labelledby", "").split()
        if refs:
            if any(texts.get(ref) for ref in refs):
                continue
        elif any(attrs.get(a, "").strip() for a in ("aria-label", "title", "placeholder")):
            continue
        element_id = attrs.get("id", "").strip()
        if any(labels[i]["text"] for i in control["labels"]) or \
                any(by_for.get(element_id, ())):
            continue
        if refs and any(attrs.get(a, "").strip() for a in ("aria-label", "title", "placeholder")):
            continue
        kind = attrs.get("type", "text").strip().lower() if control["tag"] == "input" else \
            control["tag"]
        yield finding_for(FORM_CONTROL_UNLABELLED, control["start"], control["end"],
                          message=f"Form field ({kind}) has no label: nothing tells a screen-"
                                  "reader user what to enter.")


def _main(doc: Document, facts: dict) -> Iterator[Finding]:
    if not facts.get("has_body"):
        return  # a fragment (a template part) has its landmarks elsewhere
    mains = facts.get("mains", ())
    if not mains:
        at = doc.facts.get("html_start") or 0
        end = doc.source.find(">", at)
        yield finding_for(LANDMARK_MAIN, at, end + 1 if end != -1 else at + 1,
                          message="Page has no <main> (or role=\"main\"): screen-reader users "
                                  "cannot jump past the header and menus to the content.")
    for extra in mains[1:]:
        yield finding_for(LANDMARK_MAIN, extra, extra + 5,
                          message="A second main landmark: the page already has one.")


@page_check(*RULES)
def element_structure(doc: Document, ctx: Context) -> Iterator[Finding]:
    return check(view(doc, ctx))
