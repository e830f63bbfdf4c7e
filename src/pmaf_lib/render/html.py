"""Executed notebook -> one self-contained, accessible HTML file with pmaf's template.

The exporter is built once per process and reused: in-process rendering costs about 0.1 s a
report against 2 s for a ``jupyter nbconvert`` call (see docs/rendering.md).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

from pmaf_lib.render.page import ReportPage

TEMPLATES = Path(__file__).parent / "templates"
COMPONENTS_CSS = Path(__file__).parents[1] / "report" / "static" / "components.css"
LANGUAGE = "en-GB"
HIDDEN_CELL_TAGS = {"parameters", "injected-parameters", "remove-cell"}


class DropStderrPreprocessor(Preprocessor):
    """Remove stderr streams (warnings, log noise): board papers show results only."""

    def preprocess_cell(self, cell, resources, index):
        if "outputs" in cell:
            cell.outputs = [
                out
                for out in cell.outputs
                if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
            ]
        return cell, resources


class ReportHTMLExporter(HTMLExporter):
    """HTMLExporter writing ``lang="en-GB"`` (its own trait accepts bare ISO 639-1 codes only)."""

    def _init_resources(self, resources):
        resources = super()._init_resources(resources)
        resources["language_code"] = LANGUAGE
        return resources


@cache
def _exporter() -> HTMLExporter:
    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.template_name = "pmaf"
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.exclude_anchor_links = True
    config.HTMLExporter.embed_images = True
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = HIDDEN_CELL_TAGS
    exporter = ReportHTMLExporter(config=config)
    exporter.register_preprocessor(DropStderrPreprocessor(), enabled=True)
    return exporter


def _css_string(text: str) -> str:
    """Escape text for a CSS string literal (used in @page margin boxes)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def render_html(notebook: Path | nbformat.NotebookNode, target: Path, page: ReportPage) -> Path:
    """Write ``target``: the notebook's outputs only, as one file with images embedded."""
    nb = nbformat.read(notebook, as_version=4) if isinstance(notebook, Path) else notebook
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = page.document_title
    components = COMPONENTS_CSS.read_text(encoding="utf-8") if COMPONENTS_CSS.exists() else ""
    resources = {
        "pmaf": {
            "classification": page.classification,
            "council": page.council,
            "period_label": page.period_label,
            "css_title": _css_string(page.title),
            "css_classification": _css_string(page.classification),
            "components_css": components,
        }
    }
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    target.write_text(body, encoding="utf-8")
    return target
