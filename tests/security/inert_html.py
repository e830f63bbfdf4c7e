"""What a page must look like when hostile data has passed through it: every element, attribute
and URL is pmaf's own; the CSS has no import or URL but data:; the CSP meta is there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import tinycss2

from pmaf_lib.render.page import CONTENT_SECURITY_POLICY
from tests.security.payloads import HIDDEN_CHARACTERS

# Every element and attribute pmaf writes (reports, sparklines, index page). Anything else
# in a page came from data.
PMAF_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "a", "p",
    "span", "div", "section", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt",
    "dd", "table", "caption", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "img",
    "strong", "em", "br", "svg", "line", "polyline", "circle", "rect", "path", "text",
    "details", "summary",
}  # fmt: skip
PMAF_ATTRIBUTES = {
    "alt", "aria-hidden", "aria-label", "aria-labelledby", "charset", "class", "content", "cx",
    "cy", "d", "data-jp-theme-light", "display", "font-size", "font-weight", "text-anchor",
    "transform", "data-jp-theme-name", "data-mime-type", "fill", "height",
    "href", "http-equiv", "id", "lang", "name", "points", "r", "role", "scope", "src", "stroke",
    "stroke-dasharray", "stroke-linejoin", "stroke-width", "tabindex", "type", "viewbox",
    "width", "x", "x1", "x2", "xmlns", "y", "y1", "y2", "data-label",
}  # fmt: skip
LOCAL_LINK = re.compile(r"^(#[\w-]+|[\w.-]+\.(html|pdf|ipynb|json|csv))$")
DATA_IMAGE = re.compile(r"^data:image/(png|svg\+xml);base64,[A-Za-z0-9+/=]+$")


@dataclass
class _Page(HTMLParser):
    problems: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    _in_style: bool = False

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in PMAF_TAGS:
            self.problems.append(f"element <{tag}> is not pmaf's")
        values = dict(attrs)
        for name, value in attrs:
            if name not in PMAF_ATTRIBUTES or name.startswith("on"):
                self.problems.append(f"<{tag}> has attribute {name}={value!r}")
        href, src = values.get("href"), values.get("src")
        if href is not None and not LOCAL_LINK.match(href):
            self.problems.append(f"<{tag}> links to {href!r}")
        if src is not None and not DATA_IMAGE.match(src):
            self.problems.append(f"<{tag}> loads {src[:80]!r}")
        if tag == "meta":
            self._meta(values)
        self._in_style = tag == "style"

    def _meta(self, values: dict[str, str | None]) -> None:
        if values.get("http-equiv") == "Content-Security-Policy":
            self.csp.append(values.get("content") or "")
        elif set(values) not in ({"charset"}, {"name", "content"}) or (
            "name" in values and values["name"] != "viewport"
        ):
            self.problems.append(f"unexpected <meta {values}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"comment <!--{data[:60]}-->")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction {data[:60]!r}")


def css_problems(css: str) -> list[str]:
    """@import rules, and url() or url tokens that are not data: images."""
    problems = []
    for node in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if node.type == "error":
            problems.append(f"CSS does not parse: {node.message}")
        if node.type == "at-rule" and node.lower_at_keyword == "import":
            problems.append("CSS @import")
        for token in _tokens(node):
            url = None
            if token.type == "url":
                url = token.value
            elif token.type == "function" and token.lower_name == "url":
                url = "".join(getattr(t, "value", "") for t in token.arguments)
            if url is not None and not url.startswith("data:"):
                problems.append(f"CSS url({url!r})")
    return problems


def _tokens(node: Any) -> Iterator[Any]:
    """Every token below ``node`` (tinycss2 nodes are untyped)."""
    for attr in ("prelude", "content", "arguments"):
        for child in getattr(node, attr, None) or []:
            yield child
            yield from _tokens(child)


def page_margin_texts(css: str) -> list[str]:
    """The ``content:`` strings of the ``@page`` margin boxes, as a browser reads them."""
    texts = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "page" or rule.content is None:
            continue
        for box in tinycss2.parse_blocks_contents(rule.content):
            if box.type != "at-rule" or box.content is None:
                continue
            for decl in tinycss2.parse_blocks_contents(box.content):
                if decl.type == "declaration" and decl.lower_name == "content":
                    texts += [t.value for t in decl.value if t.type == "string"]
    return texts


def inert_page_problems(html: str) -> list[str]:
    """Everything in ``html`` that did not come from pmaf, or that a browser could act on."""
    page = _Page()
    page.feed(html)
    page.close()
    problems = list(page.problems)
    for css in page.styles:
        problems += css_problems(css)
    if page.csp != [CONTENT_SECURITY_POLICY]:
        problems.append(f"Content-Security-Policy meta: {page.csp}")
    hidden = sorted({f"U+{ord(c):04X}" for c in html if c in HIDDEN_CHARACTERS})
    if hidden:
        problems.append(f"hidden characters {hidden}")
    return problems


def style_blocks(html: str) -> list[str]:
    """The text of every ``<style>`` element."""
    page = _Page()
    page.feed(html)
    return page.styles
