"""Report HTML -> tagged A4 PDF, by headless Chromium (preferred) or WeasyPrint.

Both honour the template's ``@page`` margin boxes (classification on every page, "Page X of Y"),
take the PDF title from ``<title>`` and the language from ``lang``, and write bookmarks from the
headings. Chromium is driven through Playwright with one browser per process, launched on first
use (about 0.4 s a report once started, against 1.5-3.5 s for one ``chromium --print-to-pdf``
process per report), and its tagged PDF is then made PDF/UA-1 (``render.pdf_ua``);
WeasyPrint writes PDF/UA-1 itself. Measurements: docs/rendering.md.

Neither engine may run script or read anything but the report (docs/security.md): Chromium runs
with JavaScript off and is handed the report's bytes at a placeholder address, every other
request refused by Playwright's routing (a ``file://`` page could read the disk); WeasyPrint's
URL fetcher accepts ``data:`` only. The reports are self-contained, so nothing is lost.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
from functools import cache
from multiprocessing.util import Finalize
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pmaf_lib.errors import PdfEngineUnavailable
from pmaf_lib.render.pdf_ua import link_texts, make_pdf_ua

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route

PdfEngine = Literal["auto", "chromium", "weasyprint"]
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PRINT_TIMEOUT_MS = 120_000
# Where Chromium is told the report lives: a reserved name (RFC 6761) never resolved, because
# the route below answers it; a page at an http origin cannot load file:// URLs either.
REPORT_URL = "http://report.pmaf.invalid/report.html"


def find_chromium() -> str | None:
    """Path of a local Chromium executable, or None (Playwright's own download is never used)."""
    if DEBIAN_CHROMIUM.exists():
        return str(DEBIAN_CHROMIUM)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _playwright_installed() -> bool:
    return importlib.util.find_spec("playwright") is not None


def resolve_pdf_engine(choice: PdfEngine) -> Literal["chromium", "weasyprint"]:
    """``auto`` is Chromium when one and Playwright (``pmaf[chromium]``) are installed, else
    WeasyPrint."""
    if choice == "weasyprint":
        return "weasyprint"
    if find_chromium() and _playwright_installed():
        return "chromium"
    if choice == "chromium":
        raise PdfEngineUnavailable(
            "no chromium executable found (install Debian's chromium)"
            if not find_chromium()
            else "the chromium PDF engine needs Playwright: pip install 'pmaf[chromium]'"
        )
    return "weasyprint"


class ChromiumPrinter:
    """One headless Chromium kept open for the life of the process, script and network off."""

    def __init__(self, executable: str) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright: Any = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        self._context: BrowserContext = self._browser.new_context(
            java_script_enabled=False, service_workers="block", offline=True
        )
        self._context.route("**/*", self._answer)
        self._report = b""
        self._page: Page | None = None

    def _answer(self, route: Route) -> None:
        """Serve the report being printed at ``REPORT_URL``; refuse every other request."""
        if route.request.url == REPORT_URL:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self._report)
        else:
            route.abort("blockedbyclient")

    def print_pdf(self, html: Path, pdf: Path) -> None:
        """Load ``html`` in the worker's one tab (reused: a new tab costs ~0.2 s) and print it."""
        if self._page is None or self._page.is_closed():
            self._page = self._context.new_page()
            self._page.set_default_timeout(PRINT_TIMEOUT_MS)
            # The tab shows the report as printed throughout: a screen-media page is restyled
            # for print and back around each print, several full layouts of a long pack that
            # print media from the start skips (the same PDF; benchmarks/README.md, "What
            # Chromium's print costs").
            self._page.emulate_media(media="print")
        self._report = html.read_bytes()
        try:
            self._page.goto(REPORT_URL, wait_until="load")
        finally:
            self._report = b""
        self._page.pdf(
            path=str(pdf),
            tagged=True,
            outline=True,
            prefer_css_page_size=True,
            print_background=True,
        )

    def close(self) -> None:
        """Close the browser (once; later calls do nothing)."""
        if self._playwright is None:
            return
        self._browser.close()
        self._playwright.stop()
        self._playwright = None


@cache
def _chromium_printer() -> ChromiumPrinter:
    executable = find_chromium()
    if executable is None:
        raise PdfEngineUnavailable("no chromium executable found (install Debian's chromium)")
    printer = ChromiumPrinter(executable)
    # Runs at interpreter exit and at the end of a multiprocessing worker.
    Finalize(printer, printer.close, exitpriority=10)
    return printer


def start_chromium(engine: PdfEngine = "auto") -> None:
    """Start this process's Chromium now (when it is the engine), so the first report printed
    does not wait for the browser to launch."""
    if resolve_pdf_engine(engine) == "chromium":
        _chromium_printer()


def close_chromium() -> None:
    """Close this process's Chromium, if one was started (a Dask worker's teardown)."""
    if _chromium_printer.cache_info().currsize:
        _chromium_printer().close()
        _chromium_printer.cache_clear()


def _weasyprint_pdf(html: Path, pdf: Path) -> None:
    import weasyprint

    data_only = weasyprint.URLFetcher(allowed_protocols={"data"})
    # JupyterLab's CSS uses properties WeasyPrint does not know: harmless, but very noisy.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(filename=str(html), url_fetcher=data_only)
    document.write_pdf(str(pdf), pdf_variant="pdf/ua-1")


def render_pdf(html: Path, pdf: Path, engine: PdfEngine = "auto") -> Path:
    """Print ``html`` to ``pdf`` with the chosen engine, as PDF/UA-1."""
    if resolve_pdf_engine(engine) == "chromium":
        _chromium_printer().print_pdf(html, pdf)
        make_pdf_ua(pdf, links=link_texts(html.read_text(encoding="utf-8")))
    else:
        _weasyprint_pdf(html, pdf)
    return pdf
