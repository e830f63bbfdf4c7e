"""The report page template: every value it prints is escaped for its context (M3 of style.md)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import tinycss2

from pmaf_lib.plan.text_safety import visible_controls
from pmaf_lib.render.html import TEMPLATES, css_string, html_text, render_html
from pmaf_lib.render.page import CONTENT_SECURITY_POLICY, ReportPage
from pmaf_lib.report.html import element
from tests.security.inert_html import inert_page_problems, page_margin_texts, style_blocks
from tests.security.payloads import ALL_IN_ONE, PAYLOADS


def _read_css_string(escaped: str) -> str:
    """What a browser reads from ``"escaped"``."""
    tokens = tinycss2.parse_component_value_list(f'"{escaped}"')
    assert [t.type for t in tokens] == ["string"]
    return tokens[0].value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Adults, Health and Wellbeing", "Adults, Health and Wellbeing"),
        ("A </style>", "A \\3c \\2f style\\3e "),
        ('say "hi"', "say \\22 hi\\22 "),
        ("back\\slash", "back\\5c slash"),
        ("two\nlines", "two lines"),
        ("Ní Bhriain £5", "N\\ed  Bhriain \\a3 5"),
        ("\u202eevil", "\\5b U\\2b 202E\\5d evil"),
    ],
)
def test_css_string_escapes_all_but_letters_digits_and_plain_punctuation(text, expected):
    assert css_string(text) == expected


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_css_string_reads_back_as_the_text_and_never_leaves_the_string(name):
    text = PAYLOADS[name]
    escaped = css_string(text)
    assert re.fullmatch(r"[A-Za-z0-9 ,.\-\\]*", escaped)
    assert _read_css_string(escaped) == visible_controls(text).replace("\n", " ")


def test_html_text_escapes_markup_and_shows_hidden_characters():
    assert html_text('<b class="x">\u202e') == "&lt;b class=&#34;x&#34;&gt;[U+202E]"
    assert html_text(None) == ""


def test_every_template_value_goes_through_a_context_filter():
    """nbconvert's Jinja has no autoescape: each ``{{ }}`` names its escaper."""
    for template in TEMPLATES.rglob("*.j2"):
        for expression in re.findall(r"{{(.*?)}}", template.read_text()):
            filtered = re.search(r"\|\s*(html_text|css_string)\s*$", expression.strip())
            trusted = expression.strip() == "pmaf.components_css"  # pmaf's own stylesheet
            assert filtered or trusted, f"{template.name}: {{{{{expression}}}}} is unescaped"


def _notebook(body: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(
        "display(report)",
        outputs=[nbformat.v4.new_output("display_data", data={"text/html": body})],
    )
    return nbformat.v4.new_notebook(cells=[cell])


def test_a_hostile_page_title_council_and_marking_stay_text(tmp_path: Path):
    """Issue 8: the directorate name broke out of ``<style>`` into a live script."""
    page = ReportPage(
        title=PAYLOADS["issue 8 directorate name"],
        council=ALL_IN_ONE,
        period_label="September 2025 </title><script>alert(1)</script>",
        classification='OFFICIAL"; } @import url(file:///etc/passwd); .x { content: "',
    )
    body = element("h1", "Report for " + ALL_IN_ONE)
    target = render_html(_notebook(body), tmp_path / "report.html", page)
    html = target.read_text(encoding="utf-8")
    assert inert_page_problems(html) == []
    margins = page_margin_texts("".join(style_blocks(html)))
    assert margins == [page.title, page.classification, page.classification, "Page ", " of "]


def test_the_page_carries_the_content_security_policy(tmp_path: Path):
    """The policy (checked by ``inert_page_problems``) comes before any style or content."""
    page = render_html(_notebook("<p>x</p>"), tmp_path / "r.html", ReportPage("T", "C", "P"))
    html = page.read_text(encoding="utf-8")
    assert inert_page_problems(html) == []
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert html.index("Content-Security-Policy") < html.index("<style")


def test_each_output_area_is_focusable_and_text_that_looks_like_one_stays_text(tmp_path: Path):
    """An output may scroll sideways, so keyboard users must reach it (WCAG 2.1.1); a report
    text spelling the output area's tag stays escaped text."""
    lookalike = '<div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output" '
    lookalike += 'data-mime-type="text/html">'
    nb = _notebook(str(element("p", lookalike)))
    nb.cells.append(_notebook(str(element("p", "second"))).cells[0])
    page = ReportPage("Adults", "Borough of Ashdown", "October 2026", "OFFICIAL")
    html = render_html(nb, tmp_path / "r.html", page).read_text(encoding="utf-8")
    areas = re.findall(r"<div [^>]*jp-OutputArea-output[^>]*>", html)
    assert len(areas) == 2 and all('tabindex="0"' in area for area in areas)
    assert "&lt;div class=&#34;jp-RenderedHTMLCommon" in html and html.count('tabindex="0"') == 2
