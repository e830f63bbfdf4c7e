"""The bundled sample council's month, run once as a scheduler would, then read as people do.

Every report must exist as HTML and PDF, pass axe-core (WCAG 2.0/2.1/2.2 A and AA) in Chromium,
keep hostile commentary inert, print as tagged, titled, bookmarked PDF with the classification
on every page, and put a directorate's exceptions before its scorecard.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pmaf_lib.plan import load_council
from tests.accessibility.axe import AxeBrowser, chromium_path, require_browser
from tests.accessibility.conftest import SAMPLE
from tests.security.inert_html import inert_page_problems

pytestmark = pytest.mark.slow


class _Elements(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def test_every_report_is_produced_and_indexed(month: Path, expected_reports: set[str]):
    produced = {p.stem for p in month.glob("*.html")} - {"index"}
    assert produced == expected_reports
    index = (month / "index.html").read_text(encoding="utf-8")
    for name in expected_reports:
        assert f'href="{name}.html"' in index
    if chromium_path():
        assert {p.stem for p in month.glob("*.pdf")} == expected_reports


def test_the_index_fits_a_phone_screen(month: Path, browser: AxeBrowser):
    assert browser.overflow(month / "index.html", 390) <= 0
    assert browser.overflow(month / "index.html", 1280) <= 0


def test_manifest_hashes_match_the_files(month: Path):
    manifest = json.loads((month / "manifest.json").read_text(encoding="utf-8"))
    outputs = [f for report in manifest["reports"] for f in report["files"].values()]
    assert outputs
    for output in outputs:
        data = (month / output["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == output["sha256"], output["path"]
    assert any(i["path"].endswith("metrics.csv") for i in manifest["inputs"])


def test_axe_finds_no_wcag_a_or_aa_violation(month: Path, browser: AxeBrowser):
    pages = sorted(month.glob("*.html"))
    violations = {page.name: browser.audit(page) for page in pages}
    found = {name: [str(v) for v in vs] for name, vs in violations.items() if vs}
    assert found == {}, json.dumps(found, indent=1)


def test_hostile_commentary_stays_inert_text(month: Path):
    """The sample's returns carry <script>, <b>, =HYPERLINK(...) and emoji in commentary."""
    pages = sorted(month.glob("*.html"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in pages}
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in t for t in texts.values())
    assert any("=HYPERLINK(" in t for t in texts.values())
    for page in pages:
        tags = elements(page)
        assert not [t for t, _ in tags if t in ("script", "iframe", "object", "embed")], page.name
        handlers = [(t, a) for t, attrs in tags for a in attrs if a.lower().startswith("on")]
        assert handlers == [], page.name
        links = [a.get("href", "") for t, a in tags if t == "a"]
        assert not [h for h in links if h and h.lower().startswith(("javascript:", "http"))]
        assert inert_page_problems(texts[page.name]) == [], page.name  # and carries the CSP


def test_directorate_report_puts_exceptions_first_with_chart_commentary_and_action(month: Path):
    html = (month / "directorate-ASC.html").read_text(encoding="utf-8")
    exceptions, scorecard = html.index('id="exceptions"'), html.index('id="scorecard-outcome"')
    assert html.index('id="summary"') < exceptions < scorecard
    block = html[exceptions:scorecard]
    items = block.split('class="pmaf-section tex2jax_ignore mathjax_ignore pmaf-exception')[1:]
    assert items, "the sample's adults directorate has exceptions"
    for item in items:
        charts = re.findall(r"<svg [^>]*pmaf-chart--wide[^>]*>", item)
        assert charts and 'role="img"' in charts[0] and 'aria-label="' in charts[0]
        assert "<dt>Commentary</dt>" in item and "<dt>What next (action, owner, date)</dt>" in item


def test_directions_appendix_judges_every_direction(month: Path):
    council = load_council(SAMPLE)
    html = (month / "directions_appendix.html").read_text(encoding="utf-8")
    judgements = ("Substantial", "Reasonable", "Limited", "No assurance")
    for direction in council.reference.directions:
        start = html.index(f'id="direction-{direction.id.lower()}"')
        section = html[start : start + 4000]
        assert any(j in section for j in judgements), direction.id


def test_pdfs_are_tagged_titled_bookmarked_and_marked_on_every_page(month: Path):
    require_browser()
    from pypdf import PdfReader

    for pdf in sorted(month.glob("*.pdf")):
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert bool(root.get("/MarkInfo", {}).get("/Marked")), f"{pdf.name} is not tagged"
        assert "/StructTreeRoot" in root, pdf.name
        assert str(root.get("/Lang", "")).lower().startswith("en"), pdf.name
        assert reader.metadata.title and "Borough of Ashdown" in reader.metadata.title
        assert reader.outline, f"{pdf.name} has no bookmarks"
        pages = reader.pages
        for number, page in enumerate(pages, start=1):
            text = page.extract_text()
            assert "OFFICIAL" in text, f"{pdf.name} page {number} has no classification"
            assert f"Page {number} of {len(pages)}" in text, f"{pdf.name} page {number}"


def test_open_data_scorecard_is_published_hashed_and_linked(month: Path):
    manifest = json.loads((month / "manifest.json").read_text(encoding="utf-8"))
    published = {f["path"]: f["sha256"] for f in manifest["open_data"]}
    assert set(published) == {"scorecard.csv", "scorecard.json"}
    for name, digest in published.items():
        assert hashlib.sha256((month / name).read_bytes()).hexdigest() == digest
    index = (month / "index.html").read_text(encoding="utf-8")
    assert 'href="scorecard.csv"' in index and 'href="scorecard.json"' in index
    rows = json.loads((month / "scorecard.json").read_text(encoding="utf-8"))["rows"]
    register = (SAMPLE / "metrics.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(r["metric_id"] for r in rows) == sorted(line.split(",")[0] for line in register)
