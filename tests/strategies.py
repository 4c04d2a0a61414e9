"""Hostile page generators for the fuzz tests (tests/test_fuzz.py) and bench/fuzz.py.

Unlike the well-formed generators in test_documents.py, these build token soup:
markup that is unbalanced, half-closed, nested, escaped and entity-encoded, mixed
with words that medcheck's rules react to (so findings are produced and their
positions can be checked) and with Unicode that changes length when lower-cased,
combines, joins or reverses direction. Every fragment is written for these tests.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Words that make rules fire (doses, abbreviations, plain-language swaps, claims,
# drug names), so the engine has findings whose positions can be verified.
TRIGGERS = [
    "utilize", "utilized", "10mg", "5 mg", ".5 mg", "5.0 mg", "QD", "q.d.", "IU", "U", "cc",
    "ibuprofen", "acetaminophen", "naproxen", "gabapentin", "oxycodone", "miracle cure",
    "please note", "prior to", "in the event of", "narcotic", "clinically proven",
    "take 2 tablets", "every 4-6 hours", "mcg", "µg", "1,000 mg", "t.i.d.", "PRN",
]
WORDS = ["the", "a", "tablet", "dose", "Take", "with", "food", "water", "pain", "may",
         "cause", "stomach", "bleeding", "your", "doctor", "Call", "if", "you", "feel", "sick"]
# Unicode that stresses offset bookkeeping: length changes under lower() (İ, ẞ),
# combining marks, zero-width and direction controls, astral characters, ligatures,
# other line separators, tabs, non-breaking and full-width spaces.
ODD_UNICODE = ["é", "e\u0301", "İ", "ẞ", "ß", "ﬁ", "\u200b", "\u200d", "\u202e", "\u2066",
               "😀", "👩‍⚕️", "𝐀", "\u00a0", "\u3000", "\t", "\u2028", "\u2029", "\x85",
               "\x0b", "\x0c", "’", "“", "”", "–", "—", "…", "½", "Ⅻ", "١٢", "中文", "\ufeff",
               "\ufffd"]
MARKDOWN_TOKENS = [
    "#", "## ", "###### ", "\n", "\n\n", " ", "  \n", "*", "**", "_", "__", "~~", "`", "``",
    "```", "~~~", "```python\n", "[", "]", "(", ")", "](", "](http://ex.org/a b)", "![", "<",
    ">", "</", "<div>", "</div>", "<p>", "</p>", "<b>", "<br>", "<!--", "-->",
    "<!-- medcheck-disable -->", "<!-- medcheck-disable-next-line safety.qd -- why -->",
    "&amp;", "&", "&#x41;", "&#0;", "&#xFFFFFF;", "&nosuch;", "&lt", "\\", "\\*", "\\\n",
    "- ", "* ", "+ ", "1. ", "2) ", "> ", ">> ", "|", "| --- |", "---", "===", "    ",
    "\t", "\r\n", "\r", "http://ex.org/x", "<https://ex.org>", "www.ex.org", "[x]: /u",
    "[x]", "[^1]", "$$", "<img src=x alt='a &amp; b'>", "<a href='/l'>", "</a>", "<script>",
    "</script>", "<code>", "</code>", "<pre>", "<table><tr><td>", "</td></tr></table>",
]
HTML_TAGS = ["p", "div", "span", "b", "i", "em", "strong", "a", "h1", "h2", "h6", "li", "ul",
             "ol", "table", "tr", "td", "th", "blockquote", "script", "style", "pre", "code",
             "title", "head", "body", "html", "br", "img", "abbr", "svg", "template", "x-y",
             "select", "option", "textarea", "noscript", "kbd", "figure", "figcaption"]
HTML_TOKENS = [
    "<", ">", "</", "/>", "<!--", "-->", "<!DOCTYPE html>", "<?xml version='1.0'?>",
    "<![CDATA[", "]]>", "&amp;", "&amp", "&#233;", "&#xE9;", "&#99999999;", "&#xD800;",
    "&#0;", "&nbsp;", "&nosuch;", "&", "\"", "'", "=", " ", "\n", "\r\n", "\r", "\t",
    "<img alt='&lt;b&gt; x'>", "<img alt=unquoted src=y>", "<img>", "<a href=\"/x\">", "</a>",
    "<br/>", "<p class='a' id=\"b\" hidden>", "<html lang='en'>", "<title>", "</title>",
]
YAML_TOKENS = [
    "title: Page\n", "audience: professional\n", "audience: patient\n",
    "last_reviewed: 2026-02-30\n", "last_reviewed: 2025-01-01\n", "reviewed_by: Dr. A\n",
    "drug: ibuprofen\n", "tags: [a, b]\n", "x: {a: 1}\n", "[", "]", "{", "}", ": ", "- ",
    "&a ", "*a ", "? ", "!!str ", "!!int ", "'", "\"", "|\n  ", ">\n  ", "\n", "  ", "#",
    "---\n", "...\n", "\t",
]


# What follows a piece: mostly a space, so words stay words and rules can match them.
SEPARATORS = [" ", " ", " ", "", "\n", ". ", ", "]


# A sentence of rule-triggering and ordinary words: the prose between the markup.
SENTENCES = st.lists(st.sampled_from(TRIGGERS + WORDS), min_size=3, max_size=12).map(
    lambda words: " ".join(words).capitalize() + ".")


def _soup(tokens: list[str], max_size: int) -> st.SearchStrategy[str]:
    pieces = st.one_of(
        st.sampled_from(tokens),
        SENTENCES,
        st.sampled_from(TRIGGERS),
        st.sampled_from(WORDS),
        st.sampled_from(ODD_UNICODE),
        st.text(max_size=6),  # anything at all, now and then
    )
    return st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)),
                    max_size=max_size).map(lambda items: "".join(p + s for p, s in items))


@st.composite
def front_matter(draw) -> str:
    """No front matter, a plausible one, or a broken one (never closed, a list, bad YAML)."""
    choice = draw(st.integers(0, 5))
    if choice <= 2:
        return ""
    body = draw(_soup(YAML_TOKENS, 12)) if choice == 5 else "title: Page\n" + "".join(
        draw(st.lists(st.sampled_from(YAML_TOKENS[:8]), max_size=4)))
    close = draw(st.sampled_from(["---\n", "...\n", "---", "", "--- \n"]))
    return "---\n" + body + close


@st.composite
def markdown_pages(draw, max_size: int = 80) -> str:
    return draw(front_matter()) + draw(_soup(MARKDOWN_TOKENS, max_size))


@st.composite
def html_tag(draw) -> str:
    name = draw(st.sampled_from(HTML_TAGS))
    closing = draw(st.integers(0, 3)) == 0
    attrs = draw(st.lists(st.sampled_from([
        " lang='en'", " href='/a'", " alt='x &amp; y'", " alt=\"\"", " alt", " src=a.png",
        " title=\"T\"", " aria-label='L'", " role=presentation", " aria-hidden=true", " x=\"<\"",
        " class=a\"b", " on" + "click='alert(1)'"]), max_size=3))
    end = draw(st.sampled_from([">", "/>", "", " >"]))
    return f"</{name}>" if closing else f"<{name}{''.join(attrs)}{end}"


@st.composite
def html_pages(draw, max_size: int = 80) -> str:
    pieces = st.one_of(html_tag(), st.sampled_from(HTML_TOKENS), SENTENCES,
                       st.sampled_from(TRIGGERS), st.sampled_from(WORDS),
                       st.sampled_from(ODD_UNICODE), st.text(max_size=6))
    items = draw(st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), max_size=max_size))
    return "".join(p + s for p, s in items)


@st.composite
def text_pages(draw, max_size: int = 60) -> str:
    tokens = ["\n", "\n\n", "- ", "1. ", "* ", "• ", ". ", "? ", ": ", "  ", "\t", "\r\n", "\r",
              "Heading Line\n", "http://ex.org/a.", "(www.ex.org)"]
    return draw(front_matter()) + draw(_soup(tokens, max_size))


@st.composite
def nested_pages(draw) -> tuple[str, str]:
    """Deep nesting: the same opening markup hundreds of times, closed or not."""
    fmt = draw(st.sampled_from(["markdown", "html"]))
    depth = draw(st.integers(1, 600))
    word = draw(st.sampled_from(TRIGGERS))
    if fmt == "html":
        tag = draw(st.sampled_from(["div", "b", "li", "blockquote", "span", "a", "td"]))
        closed = draw(st.booleans())
        page = f"<{tag}>" * depth + f"Take {word} now." + (f"</{tag}>" * depth if closed else "")
    else:
        marker = draw(st.sampled_from(["> ", "- ", "1. ", "* ", "  - ", "[", "*", "<div>"]))
        page = marker * depth + f"Take {word} now.\n"
    return fmt, page


def pages(max_size: int = 80) -> st.SearchStrategy[tuple[str, str]]:
    """(format, page text) for any format, including wholly arbitrary Unicode."""
    return st.one_of(
        markdown_pages(max_size).map(lambda t: ("markdown", t)),
        html_pages(max_size).map(lambda t: ("html", t)),
        text_pages().map(lambda t: ("text", t)),
        st.tuples(st.sampled_from(["markdown", "html", "text"]), st.text(max_size=300)),
        nested_pages(),
    )


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "crlf", "cr",
             "latin-1"]


def encode(text: str, how: str) -> bytes:
    """The page as an editor might have saved it."""
    if how == "utf-8-sig":
        return text.encode("utf-8-sig", "surrogatepass")
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    if how == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass")
    if how == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be", "surrogatepass")
    if how == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
    if how == "cr":
        return text.replace("\n", "\r").encode("utf-8", "surrogatepass")
    if how == "latin-1":  # invalid UTF-8 wherever a non-ASCII letter was
        return text.encode("latin-1", "replace")
    return text.encode("utf-8", "surrogatepass")


def page_bytes() -> st.SearchStrategy[tuple[str, bytes]]:
    """(format, file bytes): generated pages in every encoding, plus raw bytes."""
    encoded = st.tuples(pages(), st.sampled_from(ENCODINGS)).map(
        lambda t: (t[0][0], encode(t[0][1], t[1])))
    raw = st.tuples(st.sampled_from(["markdown", "html", "text"]), st.binary(max_size=300))
    return st.one_of(encoded, encoded, encoded, raw)
