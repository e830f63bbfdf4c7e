"""Run axe-core (npm) in headless Debian Chromium through Python playwright."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_browser() -> str:
    """Chromium's path; skip (or fail in CI, where PMAF_REQUIRE_BROWSER=1) when absent."""
    exe = chromium_path()
    missing = [what for what, ok in (("chromium", exe), ("axe-core", AXE_JS.exists())) if not ok]
    if missing:
        message = f"browser tests need {' and '.join(missing)} (see .ci/run)"
        if os.environ.get("PMAF_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return exe  # type: ignore[return-value]


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.rule} [{self.impact}] {self.help}: {', '.join(self.targets[:5])}"


class AxeBrowser:
    """One headless Chromium reused for every page audited or screenshotted."""

    def __init__(self, executable: str) -> None:
        from playwright.sync_api import sync_playwright

        self._profile = tempfile.mkdtemp(prefix="pmaf-chromium-")
        self._pw = sync_playwright().start()
        # bypass_csp: the reports forbid script, and axe-core is a script we inject to audit
        self.context = self._pw.chromium.launch_persistent_context(
            self._profile,
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            bypass_csp=True,
        )

    def audit(self, html_file: Path) -> list[Violation]:
        page = self.context.new_page()
        try:
            page.goto(html_file.resolve().as_uri())
            page.add_script_tag(path=str(AXE_JS))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
            )
        finally:
            page.close()
        return [
            Violation(
                v["id"],
                v.get("impact") or "",
                v["help"],
                tuple(str(n["target"]) for n in v["nodes"]),
            )
            for v in result["violations"]
        ]

    def screenshot(self, html_file: Path, out: Path, width: int, full_page: bool = True) -> None:
        page = self.context.new_page()
        try:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(html_file.resolve().as_uri())
            page.screenshot(path=str(out), full_page=full_page)
        finally:
            page.close()

    def overflow(self, html_file: Path, width: int) -> int:
        """How many CSS pixels the page is wider than a ``width``-pixel screen (0: it fits)."""
        page = self.context.new_page()
        try:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(html_file.resolve().as_uri())
            return int(page.evaluate("document.documentElement.scrollWidth")) - width
        finally:
            page.close()

    def close(self) -> None:
        self.context.close()
        self._pw.stop()
        shutil.rmtree(self._profile, ignore_errors=True)
