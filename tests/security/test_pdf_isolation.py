"""Both PDF engines print a hostile page without running its script or reading local files.

The page is what an escaping slip would let through: script, frames, objects, a file: image,
a CSS import and a WeasyPrint attachment link, all aimed at /etc/passwd and /etc/hostname.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.accessibility.axe import require_browser
from tests.security.payloads import SECRET_FILES

DOT_PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
    "DwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
HOSTILE_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title>
<link rel="stylesheet" href="file:///etc/hostname">
<link rel="attachment" href="file:///etc/passwd">
<style>@import url(file:///etc/hostname); body {{ background: url(file:///etc/passwd) }}</style>
</head><body><h1>Report body</h1>
<img src="{DOT_PNG}" alt="a dot">
<img src="file:///etc/hostname" alt="">
<a rel="attachment" href="file:///etc/passwd">attached</a>
<script>document.write("SCRIPT-RAN")</script>
<iframe src="file:///etc/passwd" width="600" height="400"></iframe>
<iframe srcdoc="<script>document.write('SRCDOC-RAN')</script>"></iframe>
<object data="file:///etc/hostname"></object><embed src="file:///etc/passwd">
<iframe src="http://example.com/"></iframe>
</body></html>
"""


def secret_lines() -> list[str]:
    """Lines of the local files a report must never show (long enough not to occur by chance)."""
    lines = []
    for path in SECRET_FILES:
        if path.is_file():
            lines += [line for line in path.read_text().splitlines() if len(line.strip()) >= 4]
    assert lines, "no local file to look for"
    return lines


def leaked(pdf: Path) -> list[str]:
    """Local-file lines or script output found in the PDF's text or attachments."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = [line for line in secret_lines() if line in text]
    found += [marker for marker in ("SCRIPT-RAN", "SRCDOC-RAN") if marker in text]
    found += [f"attachment {name}" for name in PdfReader(pdf).attachments]
    return found


ENGINES = [
    pytest.param("chromium", marks=pytest.mark.browser),
    "weasyprint",
]


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_engines_neither_run_script_nor_read_local_files(engine: str, tmp_path: Path):
    if engine == "chromium":
        require_browser()
    page = tmp_path / "hostile.html"
    page.write_text(HOSTILE_PAGE, encoding="utf-8")
    pdf = tmp_path / "hostile.pdf"
    # its own process, as in a run's worker (and away from any Playwright the session started)
    script = "import sys; from pathlib import Path; from pmaf_lib.render.pdf import render_pdf; "
    script += "render_pdf(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])"
    subprocess.run([sys.executable, "-c", script, str(page), str(pdf), engine], check=True)
    assert leaked(pdf) == []
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Report body" in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert " image " in images.stdout, "the data: image must still be printed"
