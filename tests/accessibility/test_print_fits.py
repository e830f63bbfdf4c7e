"""Print without loss: on every page of every PDF of the sample month, every word lies inside
the page's content box (the running header and footer inside their margins), as
``pdftotext -bbox`` (poppler) places it. A column pushed off the right edge, or a line cut by a
page edge, puts words outside it."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.accessibility.axe import require_browser

pytestmark = [pytest.mark.slow, pytest.mark.browser]

MM = 72 / 25.4
# pmaf.css: @page { size: A4; margin: 20mm 15mm 20mm 15mm }
TOP, SIDE = 20 * MM, 15 * MM
TOLERANCE = 1.5  # points: glyph boxes overhang their advance slightly
# Chromium clips at the content box and drops the glyphs beyond it, so a column pushed off the
# right edge shows only as a word cut short at the edge: a word ending this close to the edge
# must be a whole word of the report's HTML.
EDGE = 1.0
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>'
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: set[str] = set()

    def handle_data(self, data: str) -> None:
        for word in data.split():
            self.words.add(word)
            # a line may break after a hyphen: 'year-' ending a line of 'year-end' is whole
            parts = word.split("-")
            self.words.update("-".join(parts[: i + 1]) + "-" for i in range(len(parts) - 1))


def html_words(html: Path) -> set[str]:
    parser = _Text()
    parser.feed(html.read_text(encoding="utf-8"))
    return parser.words


def words_outside_content_box(pdf: Path, whole_words: set[str]) -> list[str]:
    """``page N: word (x0, y0, x1, y1)`` for each word outside the content box or margins, or
    cut short at the right edge (not one of ``whole_words``)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    problems = []
    for number, (width, height, body) in enumerate(PAGE.findall(out), start=1):
        left, right = SIDE - TOLERANCE, float(width) - SIDE + TOLERANCE
        top, bottom = TOP, float(height) - TOP
        for match in WORD.finditer(body):
            x0, y0, x1, y1 = (float(v) for v in match.groups()[:4])
            in_body = top - TOLERANCE <= y0 and y1 <= bottom + TOLERANCE
            in_margin = (y0 >= 0 and y1 <= top) or (y0 >= bottom and y1 <= float(height))
            word = html_unescape(match.group(5))
            cut = in_body and x1 > right - TOLERANCE - EDGE and word not in whole_words
            if cut or not (left <= x0 and x1 <= right and (in_body or in_margin)):
                problems.append(f"page {number}: {word!r} ({x0:.0f}, {y0:.0f}, "
                                f"{x1:.0f}, {y1:.0f})")  # fmt: skip
    return problems


def test_no_word_lies_outside_the_content_box_on_any_page(month: Path):
    require_browser()
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (Debian poppler-utils)")
    pdfs = sorted(month.glob("*.pdf"))
    assert pdfs
    found = {
        pdf.name: words_outside_content_box(pdf, html_words(pdf.with_suffix(".html")))
        for pdf in pdfs
    }
    assert {name: words[:10] for name, words in found.items() if words} == {}
