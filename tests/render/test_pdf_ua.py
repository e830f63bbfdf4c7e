"""Chromium's tagged PDF made PDF/UA-1: the repairs, checked by ``page-validation``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from pmaf_lib.render.pdf_ua import PRIMARY_VERSION_NOTE
from tests.accessibility.axe import require_browser

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Adults: performance report - Borough of Ashdown - October 2026</title>
<style>
@page { size: A4; margin: 20mm;
  @top-left { content: "Adults: performance report"; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); } }
</style></head><body><main>
<h1>Adults: performance report</h1>
<figure><img alt="Delayed transfers: 12 in October 2026, target 10" width="40" height="20"
 src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==">
<figcaption>Delayed transfers of care</figcaption></figure>
<figure><svg class="pmaf-chart" role="img" aria-label="Reviews: 73% in October 2026, target 81%"
 viewBox="0 0 200 60" width="200" height="60" xmlns="http://www.w3.org/2000/svg">
<title>Reviews: 73% in October 2026, target 81%</title><path d="M10 50L100 20L190 30" fill="none"
 stroke="#3D4448" stroke-width="2"/><text x="10" y="14" font-size="12">Reviews completed</text>
</svg><figcaption>Reviews completed (a chart drawn as inline SVG)</figcaption></figure>
<p><a href="#exception">Delayed &amp; transfers of care</a></p>
<h2 id="exception">Exception</h2>
<ul><li>Office of the Chief Executive <span>Red</span></li><li>Second item</li></ul>
</main></body></html>"""


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                todo.append(kid)
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_browser()
    folder = tmp_path_factory.mktemp("pdf_ua")
    html = folder / "report.html"
    html.write_text(PAGE, encoding="utf-8")
    pdf = folder / "report.pdf"
    # Printed in its own process, as a run's worker does: a Playwright session already open in
    # this process (the axe fixture) makes the sync API refuse a second one.
    script = "import sys; from pathlib import Path; from pmaf_lib.render.pdf import render_pdf; "
    script += "render_pdf(Path(sys.argv[1]), Path(sys.argv[2]), engine='chromium')"
    subprocess.run([sys.executable, "-c", script, str(html), str(pdf)], check=True, timeout=300)
    return pdf


def test_page_validation_passes_pdf_ua_1(printed: Path):
    import page

    report = page.validate_pdf(printed, profile="ua1")
    assert [(f.rule_id, f.message) for f in report.failures] == []
    assert report.is_compliant


def test_figures_keep_their_alt_text_and_list_items_their_bodies(printed: Path):
    with pikepdf.open(printed) as pdf:
        elements = structure(pdf)
        figures = [e for e in elements if e.S == "/Figure"]
        # an <img> and an inline <svg role="img"> alike: the label is the figure's /Alt
        assert sorted(str(f.Alt) for f in figures) == [
            "Delayed transfers: 12 in October 2026, target 10",
            "Reviews: 73% in October 2026, target 81%",
        ]
        assert any(e.S == "/Caption" for e in elements)
        items = [e for e in elements if e.S == "/LI"]
        assert len(items) == 2
        for item in items:
            kids = item.K if isinstance(item.K, pikepdf.Array) else [item.K]
            assert {str(k.S) for k in kids} <= {"/Lbl", "/LBody"}


def test_xmp_names_the_title_language_and_pdf_ua_part(printed: Path):
    with pikepdf.open(printed) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Adults: performance report - Borough of Ashdown - October 2026"
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:description"] == PRIMARY_VERSION_NOTE
        assert pdf.Root.ViewerPreferences.DisplayDocTitle


def test_links_are_described_by_their_text(printed: Path):
    with pikepdf.open(printed) as pdf:
        links = [a for page in pdf.pages for a in page.get("/Annots", [])]
        assert [str(a.Contents) for a in links] == ["Delayed & transfers of care"]
