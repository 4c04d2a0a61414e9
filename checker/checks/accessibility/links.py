"""Links: a link's words are what screen-reader users hear when they list or tab
through the links of a page, out of their sentence.

The name of a link is computed the way browsers do for the common cases:
aria-labelledby, then aria-label, then its text, then the alt of an image inside
it, then its title.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit
from typing import Iterator

from ...model import Document, Finding, finding_for
from ...context import Context
from ...rules import page_check
from ._page import Link, PageView, rule, squash, view

LINK_EMPTY = rule(
    "a11y.link-empty",
    "Link has no text: a screen reader announces only \"link\" or reads the address.",
    "WCAG 2.2 SC 2.4.4 Link Purpose (In Context) (A) and SC 4.1.2 Name, Role, Value (A), "
    "failure F89; axe-core link-name",
    severity="error",
    suggestion="Put words that say where the link goes between the brackets or inside <a>",
    rationale="A link without words (or whose only content is an image with empty alt) cannot "
              "be told apart from any other link and gives no idea where it leads.",
    match=("[](https://example.org/refill)\n",
           "<p><a href=\"/refill\"></a></p>\n",
           "<p><a href=\"/home\"><img src=\"logo.png\" alt=\"\"></a></p>\n"),
    no_match=("[Refill request form](https://example.org/refill)\n",
              "<p><a href=\"/home\"><img src=\"logo.png\" alt=\"Clinic home page\"></a></p>\n",
              "<p><a id=\"top\"></a>Top of the page</p>\n",
              "<p><a href=\"/refill\" aria-label=\"Refill request form\"><svg></svg></a></p>\n"))

LINK_TEXT_VAGUE = rule(
    "a11y.link-text-vague",
    "Link text does not say where the link goes.",
    "WCAG 2.2 SC 2.4.4 Link Purpose (In Context) (A), failure F63, and SC 2.4.9 Link Purpose "
    "(Link Only) (AAA), failure F84; markdownlint MD059",
    severity="warning",
    suggestion="Use words that name the page it opens as the link text: \"[name of the page](...)\"",
    rationale="Screen-reader users often jump from link to link or open a list of all links. "
              "\"Click here\" or \"read more\" then says nothing; on a phone the words are also "
              "the touch target people aim for. A heuristic: the sentence may explain the link, "
              "so this is a warning.",
    match=("For the dosing chart, [click here](https://example.org/dose).\n",
           "[Read more](https://example.org/more)\n",
           "[More »](https://example.org/more)\n",
           "<p>See the chart <a href=\"/dose\">here</a>.</p>\n"),
    no_match=("[Read the dosing chart](https://example.org/dose)\n",
              "Learn more about [ibuprofen side effects](https://example.org/se).\n",
              "<p><a href=\"/dose\" aria-label=\"Read more about dosing\">Read more</a></p>\n"))

LINK_TEXT_URL = rule(
    "a11y.link-text-url",
    "Link text is a web address: screen readers read it out character by character.",
    "Best practice under WCAG 2.2 SC 2.4.4 Link Purpose (In Context); WebAIM Links and "
    "Hypertext",
    severity="info",
    suggestion="Name the destination instead: \"[name of the page](https://...)\"",
    rationale="A long address is slow to listen to, hard to say to voice-control software and "
              "tells little about the page it opens. A short domain name (\"MedlinePlus.gov\") "
              "is fine and is not flagged.",
    match=("[https://example.org/dose](https://example.org/dose)\n",
           "<https://example.org/dose>\n",
           "<p><a href=\"https://example.org/d\">www.example.org/d</a></p>\n"),
    no_match=("[Dosing chart](https://example.org/dose)\n",
              "Write to [help@example.org](mailto:help@example.org).\n",
              "Visit [MedlinePlus.gov](https://medlineplus.gov).\n"))

BARE_URL = rule(
    "a11y.bare-url",
    "Web address written in the text, not as a link.",
    "Best practice under WCAG 2.2 SC 2.4.4 Link Purpose (In Context); markdownlint MD034",
    severity="info",
    suggestion="Make it a link with words that name the page: [name of the page](https://...)",
    rationale="A bare address is not clickable in most Markdown renderers and is read out "
              "character by character by screen readers.",
    match=("See https://example.org/dose for the chart.\n",
           "Visit www.example.org today.\n",
           "<p>See https://example.org/dose for the chart.</p>\n"),
    no_match=("See the [dosing chart](https://example.org/dose).\n",
              "[https://example.org/dose](https://example.org/dose)\n",
              "Type `https://example.org` in the address bar.\n"))

LINK_TEXT_AMBIGUOUS = rule(
    "a11y.link-text-ambiguous",
    "Two links with the same text go to different pages.",
    "WCAG 2.2 SC 2.4.9 Link Purpose (Link Only) (AAA); axe-core identical-links-same-purpose",
    severity="info",
    suggestion="Give each link its own words: what the page it opens is about",
    rationale="In a list of links, identical words that lead to different places cannot be "
              "told apart without reading around each one.",
    match=("[Details](https://example.org/a) and [Details](https://example.org/b)\n",
           "<p><a href=\"/a\">Dose table</a> and <a href=\"/b\">Dose table</a></p>\n"),
    no_match=("[Details](https://example.org/a) and [details](https://example.org/a/)\n",
              "[Ibuprofen details](/a) and [Naproxen details](/b)\n"))

RULES = [LINK_EMPTY, LINK_TEXT_VAGUE, LINK_TEXT_URL, BARE_URL, LINK_TEXT_AMBIGUOUS]

# The advice for a link's words, with the link's own address and a neutral placeholder for
# the words (an example naming some medicine would be another page's subject), in the page's
# own markup: an HTML editor is not helped by Markdown syntax.
_LINK_ADVICE = {
    LINK_TEXT_VAGUE.id: "Use words that name the page it opens as the link text: ",
    LINK_TEXT_URL.id: "Name the destination instead: ",
}


def _suggestions(page: PageView, rule, link: Link) -> tuple[str, ...]:
    """The rule's advice as this link rewritten, in the page's format."""
    href = link.href.strip() or "..."
    if page.doc.format == "html":
        return (f"{_LINK_ADVICE[rule.id]}\"<a href=\"{href}\">name of the page</a>\"",)
    return (f"{_LINK_ADVICE[rule.id]}\"[name of the page]({href})\"",)


def _bare_url_link(page: PageView, url: str) -> str:
    """The page's own address as a link, in the page's markup, with words to fill in."""
    href = url if "://" in url else "https://" + url
    if page.doc.format == "html":
        return f"Make it a link with words that name the page: <a href=\"{href}\">name of the page</a>"
    return f"Make it a link with words that name the page: [name of the page]({href})"


def _email_link(page: PageView, address: str) -> str:
    if page.doc.format == "html":
        return f"Make it a link: <a href=\"mailto:{address}\">{address}</a>"
    return f"Make it a link: [{address}](mailto:{address})"

# Link texts that name an action or a pointer, never a destination (MD059's defaults,
# axe/WebAIM examples and the phrases patient sites use most).
VAGUE = frozenset({
    "click here", "click", "here", "click this", "click this link", "click on this link",
    "tap here", "press here", "go here", "go", "read more", "learn more", "more", "more info",
    "more information", "more details", "see more", "view more", "see here", "find out more",
    "continue", "continue reading", "link", "this link", "this page", "page", "this", "that",
    "this website", "this site", "website", "web site", "site", "click for more",
    "here for more", "read this", "view", "learn", "info", "url",
})
_EDGE = " \t.,:;!?…»«›‹→←>-–—()[]\"'“”‘’*"
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_URL_TEXT = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)+/\S*$", re.I)
_NOT_WEB = ("mailto:", "tel:", "sms:")


_NOT_WORDS = re.compile(r"[\W_]+")


def vague_key(name: str) -> str:
    """Link words as compared: lower case, punctuation, symbols, emoji, hyphens and
    Markdown marks that did not render (``~~``) all read as one space."""
    return _NOT_WORDS.sub(" ", squash(name).strip(_EDGE)).strip()


def check(page: PageView) -> Iterator[Finding]:
    if not page.structured:
        return
    unnamed_images = {i.element_start for i in page.images
                      if i.attrs.get("in_link") and not i.attrs.get("has_alt")}
    judged_by_text: list[Link] = []
    for link in page.links:
        if link.named_by == "aria-labelledby":
            continue  # named by other words of the page, which it chose on purpose
        if not link.name:
            if not any(link.start <= s < link.end for s in unnamed_images):
                # (a linked image without alt is reported once, on the image)
                yield finding_for(LINK_EMPTY, link.start, max(link.end, link.start),
                                  message="Image-map area has no alt text: a screen reader "
                                          "announces only \"link\" or reads the address."
                                  if link.block.attrs.get("area") else None)
            continue
        key = vague_key(link.name)
        if key in VAGUE:
            yield finding_for(LINK_TEXT_VAGUE, *link.text_span(),
                              message=f"Link text \"{link.name}\" does not say where the link "
                                      "goes.", suggestions=_suggestions(page, LINK_TEXT_VAGUE, link))
            continue
        if _URL_TEXT.match(link.name.strip()) and not link.href.lower().startswith(_NOT_WEB):
            yield finding_for(LINK_TEXT_URL, *link.text_span(),
                              suggestions=_suggestions(page, LINK_TEXT_URL, link))
            continue
        judged_by_text.append(link)
    yield from _bare_urls(page)
    yield from _ambiguous(judged_by_text)


def _bare_urls(page: PageView) -> Iterator[Finding]:
    seen: set[int] = set()
    code = page.doc.facts.get("raw_code", ())
    for start, end, url in page.doc.facts.get("bare_urls", ()):
        if start in seen or page.link_at(start, end) is not None:
            continue  # a URL used as a link's text is link-text-url's business
        if any(a <= start and end <= b for a, b in code):
            continue  # shown as code, to be typed: not meant as a link
        seen.add(start)
        yield finding_for(BARE_URL, start, end,
                          message=f"Web address {url} is written in the text, not as a link.",
                          suggestions=(_bare_url_link(page, url),))
    for block in page.prose:
        for match in _EMAIL.finditer(block.text):
            start, end = block.source_span(*match.span())
            if start in seen or page.link_at(start, end) is not None or \
                    any(a <= start and end <= b for a, b in code):
                continue
            seen.add(start)
            yield finding_for(BARE_URL, start, end,
                              message=f"Email address {match.group()} is written in the text, "
                                      "not as a link.",
                              suggestions=(_email_link(page, match.group()),))


def _target(href: str) -> str:
    """Where a link goes, as compared: the fragment (a place on the page), the order
    of query parameters, an index page and a final slash do not make it another page."""
    parts = urlsplit(href.strip())
    path = re.sub(r"(?:^|/)(?:index|default)\.(?:html?|php|aspx?)$", "/", parts.path)
    query = "&".join(sorted(q for q in parts.query.split("&") if q))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path.rstrip("/"), query,
                       "")).lower()


def _ambiguous(links: list[Link]) -> Iterator[Finding]:
    first: dict[str, Link] = {}
    for link in links:
        key = vague_key(link.name)
        if not key or not link.href.strip():
            continue
        earlier = first.setdefault(key, link)
        if earlier is not link and _target(earlier.href) != _target(link.href):
            yield finding_for(
                LINK_TEXT_AMBIGUOUS, *link.text_span(),
                message=f"Link text \"{link.name}\" is also used for a link to "
                        f"{earlier.href.strip()}; this one goes to {link.href.strip()}.",
                suggestions=(f"Give this link words that say what {link.href.strip()} is about, "
                             f"unlike the \"{link.name}\" link to {earlier.href.strip()}",))


@page_check(*RULES)
def link_names(doc: Document, ctx: Context) -> Iterator[Finding]:
    return check(view(doc, ctx))
