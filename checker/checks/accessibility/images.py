"""Images: every picture that carries meaning needs a text alternative that says it.

Markdown cannot mark an image as decorative: ``![](x.png)`` renders as ``alt=""``
only by accident of the renderer, and it is the classic way to forget the alt, so it
counts as missing (as markdownlint MD045 does). HTML can: ``alt=""`` (or
``role="presentation"``, ``aria-hidden="true"``) says "decorative" and is fine.

A raw ``<img alt>`` (the attribute without a value) is ``alt=""`` to a browser, and
decoration on an HTML page. In Markdown copy, where the raw tag is written by hand
beside ``![...]`` images, it is the value left out, the same slip as ``![](x.png)``:
decoration there is said with ``alt=""``.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit
from typing import Iterator

from ...context import Context
from ...model import Block, Document, Finding, finding_for
from ...rules import page_check
from ._page import PageView, rule, text_span, view

IMAGE_ALT_MISSING = rule(
    "a11y.image-alt-missing",
    "Image has no alt text: a screen reader announces it as an unnamed image or reads the file name.",
    "WCAG 2.2 SC 1.1.1 Non-text Content (A), failure F65; axe-core image-alt; markdownlint MD045",
    severity="error",
    suggestion="Describe what the image shows, e.g. ![Two white oval tablets](pill.png); "
               "in HTML use alt=\"\" only for decoration",
    rationale="People who cannot see the image get only its text alternative. Without alt text "
              "the picture of a dosing spoon or a pill is lost to them, and some screen readers "
              "read out the file name instead.",
    match=("![](tablet.png)\n",
           "<p><img src=\"tablet.png\"></p>\n",
           "Scan the code: [![](qr.png)](https://example.org/refill)\n",
           "The inhaler's parts:\n<img src=\"inhaler.png\" alt>\n"),
    no_match=("![Two white oval tablets marked 200](tablet.png)\n",
              "<p><img src=\"divider.png\" alt=\"\"></p>\n",
              "<p><img src=\"swirl.png\" role=\"presentation\"></p>\n",
              "<p><img src=\"chart.png\" aria-label=\"Dose chart by weight\"></p>\n"))

IMAGE_ALT_JUNK = rule(
    "a11y.image-alt-junk",
    "Alt text does not describe the image.",
    "WCAG 2.2 SC 1.1.1 Non-text Content (A), failures F30 (file names and placeholder text "
    "as alternatives) and F39 (non-empty alt on images that should be ignored)",
    severity="error",
    suggestion="Write what the image shows, or use alt=\"\" (HTML) for a decorative image",
    rationale="A file name, a placeholder word such as \"image\" or \"photo\", or alt text made "
              "of spaces passes a presence check but tells a screen-reader user nothing.",
    match=("![tablet.png](tablet.png)\n",
           "![image](tablet.png)\n",
           "![ ](tablet.png)\n",
           "<p><img src=\"a.jpg\" alt=\"IMG_2041.JPG\"></p>\n",
           "<p><img src=\"a.jpg\" alt=\"photo\"></p>\n"),
    no_match=("![Blister pack of 28 tablets](pack.png)\n",
              "<p><img src=\"rule.png\" alt=\"\"></p>\n",
              "![Photo ID card to bring to the pharmacy](id.png)\n"))

IMAGE_ALT_REDUNDANT = rule(
    "a11y.image-alt-redundant",
    "Alt text starts with \"picture of\" or similar: screen readers already say it is an image.",
    "Best practice: W3C WAI Images Tutorial (alt decision tree); WebAIM Alternative Text",
    severity="info",
    suggestion="Drop the prefix: \"Measuring spoon holding 5 mL\"",
    rationale="A screen reader announces \"image\" (or \"graphic\") before the alt text, so "
              "\"image of\" is heard twice and delays the description.",
    match=("![Picture of a measuring spoon](spoon.png)\n",
           "<p><img src=\"inhaler.png\" alt=\"Image of an inhaler with a spacer\"></p>\n"),
    no_match=("![Measuring spoon holding 5 mL](spoon.png)\n",
              "![Pictures drawn by children in the clinic](art.png)\n"))

IMAGE_ALT_LONG = rule(
    "a11y.image-alt-long",
    "Alt text is longer than 125 characters.",
    "WCAG 2.2 SC 1.1.1 Non-text Content (A), heuristic: long alternatives belong in the page "
    "text or a long description (technique G73/G74)",
    severity="warning",
    suggestion="Keep the alt short and put the detail in the text or a caption next to the image",
    rationale="Some screen readers cut alt text at about 125 characters and it cannot be paused "
              "or navigated; a chart or table in an image needs its data in the page text.",
    match=("![A chart that shows how the dose of the liquid medicine goes up with the weight of "
           "the child, from two kilograms up to forty kilograms, in five steps](chart.png)\n",),
    no_match=("![Dose chart by weight; the same numbers are in the table below](chart.png)\n",))

RULES = [IMAGE_ALT_MISSING, IMAGE_ALT_JUNK, IMAGE_ALT_REDUNDANT, IMAGE_ALT_LONG]

MAX_ALT = 125
_IMAGE_FILE = re.compile(r"^[^\s/\\]*[\w)\]-]\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?|ico|avif|heic)$",
                         re.I)
_CAMERA_NAME = re.compile(r"^(?:img|dsc|dscn|dcim|pxl|screenshot|screen shot)[\s_-]*\d", re.I)
_PLACEHOLDER = frozenset({
    "image", "img", "picture", "pic", "photo", "photograph", "graphic", "icon", "logo",
    "spacer", "placeholder", "alt", "alt text", "alternative text", "untitled", "blank", "empty",
    "null", "undefined", "none", "dummy", "figure", "screenshot", "thumbnail", "banner",
    "image here", "insert image", "insert alt text", "description", "chart", "diagram",
})
_NUMBERED_PLACEHOLDER = re.compile(
    r"^(?:image|img|picture|pic|photo|graphic|figure|fig|chart|diagram|icon)[\s_.-]*\d+$", re.I)
_REDUNDANT_PREFIX = re.compile(
    r"^(?:an?\s+|the\s+)?(?:image|picture|photo|photograph|graphic|pic|illustration|icon)\s+"
    r"(?:of|showing|shows|that\s+shows)\b", re.I)


def check(page: PageView) -> Iterator[Finding]:
    for image in page.images:
        attrs = image.attrs
        value_left_out = bool(attrs.get("alt_bare")) and page.doc.format == "markdown"
        if _decorative(image, value_left_out):
            continue
        if not attrs.get("has_alt") or value_left_out:
            if attrs.get("html") and (page.labelled_by(image) or any(
                    str(attrs.get(k) or "").strip() for k in ("aria_label", "title"))):
                continue  # an HTML image named by ARIA or a title is named
            message = None
            refs = str(attrs.get("aria_labelledby") or "").split()
            if value_left_out:
                message = ("Image has an alt attribute with no value (\"<img ... alt>\"), "
                           "which a browser reads as alt=\"\": a screen reader skips the "
                           "image as decoration, and its description is left out.")
            elif attrs.get("html") and refs:
                message = (f"Image has no alt text, and aria-labelledby=\"{' '.join(refs)}\" "
                           "points to no element with words, so the image has no name.")
            elif attrs.get("in_link"):
                message = ("Linked image has no alt text, so the link has no name: a screen "
                           "reader announces only \"link\" or the address.")
            suggestion = ("Add alt=\"what the image shows\", or alt=\"\" if it is only "
                          "decoration" if attrs.get("html") else IMAGE_ALT_MISSING.suggestion)
            yield finding_for(IMAGE_ALT_MISSING, image.element_start,
                              max(image.element_end, image.element_start), message=message,
                              suggestions=(suggestion,))
            continue
        yield from _judge_alt(image)


def _decorative(image: Block, value_left_out: bool = False) -> bool:
    """HTML marks decoration explicitly; Markdown cannot (see the module docstring).
    ``value_left_out``: a bare ``alt`` in Markdown copy, which is not ``alt=""``."""
    attrs = image.attrs
    if not attrs.get("html"):
        return False
    if attrs.get("aria_hidden"):
        return True
    if str(attrs.get("role") or "").strip().lower() in ("presentation", "none"):
        # A focusable image, or one with global ARIA attributes, keeps its role: the
        # browser ignores "presentation" there (WAI-ARIA presentational role conflict).
        return not attrs.get("presentation_conflict")
    return bool(attrs.get("has_alt")) and image.text == "" and not value_left_out


def _judge_alt(image: Block) -> Iterator[Finding]:
    alt = image.text
    words = " ".join(alt.split())
    start, end = text_span(image)
    if not words:
        yield finding_for(IMAGE_ALT_JUNK, image.element_start, image.element_end,
                          message="Alt text is only spaces: it is neither a description nor "
                                  "an empty (decorative) alt.")
        return
    key = words.lower().strip(" .:;,!-_")
    # The file name of the image's address (a bare host such as https://github.com/
    # names a site, not a file: "GitHub" as alt for it is a description).
    src_name = PurePosixPath(urlsplit(str(image.attrs.get("src") or "")).path).name.lower()
    if _IMAGE_FILE.match(words) or _CAMERA_NAME.match(words) or (
            src_name and key in (src_name, src_name.rsplit(".", 1)[0])):
        yield finding_for(IMAGE_ALT_JUNK, start, end,
                          message=f"Alt text \"{words}\" is a file name, not a description.")
        return
    if key in _PLACEHOLDER or _NUMBERED_PLACEHOLDER.match(key):
        yield finding_for(IMAGE_ALT_JUNK, start, end,
                          message=f"Alt text \"{words}\" is a placeholder, not a description.")
        return
    prefix = _REDUNDANT_PREFIX.match(alt, len(alt) - len(alt.lstrip()))
    if prefix:
        yield finding_for(IMAGE_ALT_REDUNDANT, *image.source_span(*prefix.span()))
    if len(words) > MAX_ALT:
        yield finding_for(IMAGE_ALT_LONG, start, end,
                          message=f"Alt text is {len(words)} characters long (more than "
                                  f"{MAX_ALT}).")


@page_check(*RULES)
def images_alt_text(doc: Document, ctx: Context) -> Iterator[Finding]:
    return check(view(doc, ctx))
