"""Report HTML -> tagged A4 PDF, by headless Chromium (preferred) or WeasyPrint.

Both honour the template's ``@page`` margin boxes (classification on every page, "Page X of Y"),
take the PDF title from ``<title>`` and the language from ``lang``, and write bookmarks from the
headings. Chromium is driven through Playwright with one browser per process, launched on first
use (about 0.4 s a report once started, against 1.5-3.5 s for one ``chromium --print-to-pdf``
process per report), and its tagged PDF is then made PDF/UA-1 (``render.pdf_ua``);
WeasyPrint writes PDF/UA-1 itself. Measurements: docs/rendering.md.
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
    from playwright.sync_api import Page

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
    """One headless Chromium kept open for the life of the process."""

    def __init__(self, executable: str) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright: Any = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        self._page: Page | None = None

    def print_pdf(self, html: Path, pdf: Path) -> None:
        """Load ``html`` in the worker's one tab (reused: a new tab costs ~0.2 s) and print it."""
        if self._page is None or self._page.is_closed():
            self._page = self._browser.new_page()
            self._page.set_default_timeout(PRINT_TIMEOUT_MS)
        self._page.goto(html.resolve().as_uri(), wait_until="load")
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


def close_chromium() -> None:
    """Close this process's Chromium, if one was started (a Dask worker's teardown)."""
    if _chromium_printer.cache_info().currsize:
        _chromium_printer().close()
        _chromium_printer.cache_clear()


def _weasyprint_pdf(html: Path, pdf: Path) -> None:
    import weasyprint

    # JupyterLab's CSS uses properties WeasyPrint does not know: harmless, but very noisy.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    weasyprint.HTML(filename=str(html)).write_pdf(str(pdf), pdf_variant="pdf/ua-1")


def render_pdf(html: Path, pdf: Path, engine: PdfEngine = "auto") -> Path:
    """Print ``html`` to ``pdf`` with the chosen engine, as PDF/UA-1."""
    if resolve_pdf_engine(engine) == "chromium":
        _chromium_printer().print_pdf(html, pdf)
        make_pdf_ua(pdf, links=link_texts(html.read_text(encoding="utf-8")))
    else:
        _weasyprint_pdf(html, pdf)
    return pdf
