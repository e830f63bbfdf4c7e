"""The Quarto route: an executed notebook rendered by ``quarto render`` to HTML and PDF.

The notebook is not re-executed. Before Quarto sees it, the parameters cells and stderr
streams are removed and a front-matter cell sets the title, ``lang: en-GB``, hidden code,
a self-contained HTML file with the classification marking at top and bottom, and PDF through
Quarto's bundled Typst (no LaTeX needed).
"""

from __future__ import annotations

import html as html_text
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import yaml

from pmaf_lib.errors import QuartoFailed
from pmaf_lib.plan.text_safety import visible_controls
from pmaf_lib.render.html import HIDDEN_CELL_TAGS, LANGUAGE
from pmaf_lib.render.page import ReportPage

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def quarto_available() -> bool:
    return shutil.which("quarto") is not None


def _marking(page: ReportPage, role: str) -> str:
    mark = html_text.escape(page.classification)
    return f'<div role="{role}" class="pmaf-marking"><strong>{mark}</strong></div>\n'


def markdown_text(text: str) -> str:
    """Text for a Pandoc Markdown field (Quarto reads the title as Markdown): every ASCII
    punctuation mark backslash-escaped, so ``<script>`` or ``[x](javascript:...)`` is text.

    ``markdown_text("<b>")`` -> ``\\<b\\>``.
    """
    return _ASCII_PUNCTUATION.sub(r"\\\1", visible_controls(text).replace("\n", " "))


def _prepared_notebook(executed: Path, work: Path, page: ReportPage) -> Path:
    nb = nbformat.read(executed, as_version=4)
    cells = [c for c in nb.cells if not HIDDEN_CELL_TAGS & set(c.metadata.get("tags", []))]
    for cell in cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.get("name") != "stderr"]
    (work / "before.html").write_text(_marking(page, "banner"), encoding="utf-8")
    (work / "after.html").write_text(_marking(page, "contentinfo"), encoding="utf-8")
    front = {
        "title": markdown_text(page.document_title),
        "lang": LANGUAGE,
        "execute": {"echo": False, "enabled": False},
        "format": {
            "html": {
                "embed-resources": True,
                "include-before-body": "before.html",
                "include-after-body": "after.html",
            },
            "typst": {"papersize": "a4", "page-numbering": "1 of 1"},
        },
    }
    header = nbformat.v4.new_raw_cell(f"---\n{yaml.safe_dump(front, sort_keys=True)}---")
    nb.cells = [header, *cells]
    prepared = work / "report.ipynb"
    nbformat.write(nb, prepared)
    return prepared


def render_with_quarto(
    executed: Path, html: Path | None, pdf: Path | None, page: ReportPage, work: Path
) -> None:
    """Write ``html`` and/or ``pdf`` from ``executed`` with Quarto, using ``work`` as scratch."""
    work.mkdir(parents=True, exist_ok=True)
    prepared = _prepared_notebook(executed, work, page)
    for target, fmt, suffix in ((html, "html", ".html"), (pdf, "typst", ".pdf")):
        if target is None:
            continue
        result = subprocess.run(
            ["quarto", "render", prepared.name, "--to", fmt],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise QuartoFailed(f"quarto render --to {fmt} failed:\n{result.stderr[-2000:]}")
        shutil.move(work / prepared.with_suffix(suffix).name, target)
