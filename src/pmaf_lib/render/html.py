"""Executed notebook -> one self-contained, accessible HTML file with pmaf's template.

The exporter is built once per process and reused: in-process rendering costs about 0.01-0.1 s
a report against 2 s for a ``jupyter nbconvert`` call (see docs/rendering.md).

nbconvert's Jinja has no autoescape: every value the template prints goes through a filter for
its context, ``html_text`` (element content) or ``css_string`` (the ``@page`` running headers
inside ``<style>``, where HTML entities mean nothing). The page carries a Content-Security-Policy
(``render.page.CONTENT_SECURITY_POLICY``) so that a slip anywhere still cannot run or fetch.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

from pmaf_lib.plan.text_safety import visible_controls
from pmaf_lib.render.page import CONTENT_SECURITY_POLICY, ReportPage
from pmaf_lib.report.html import components_css, escape

TEMPLATES = Path(__file__).parent / "templates"
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
    """HTMLExporter writing ``lang="en-GB"`` (its own trait accepts bare ISO 639-1 codes only),
    without HTMLExporter's BeautifulSoup pass over the finished page.

    That pass parses and re-serialises the whole page (about nine tenths of a render: 0.2 s of
    0.22 s CPU for a directorate report) to give images without alt text a placeholder and make
    output areas focusable. pmaf's reports have no ``<img>`` (charts are SVG with their own
    labels); each HTML output area, which may scroll sideways, is made focusable here by
    adding ``tabindex`` to the opening tag lab's template writes (data is escaped, so that
    exact tag cannot come from a report's text).
    """

    def _init_resources(self, resources):
        resources = super()._init_resources(resources)
        resources["language_code"] = LANGUAGE
        return resources

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = self._init_resources(resources)
        # the filters HTMLExporter.from_notebook_node registers before rendering
        self.register_filter("highlight_code", Highlight2HTML(parent=self))
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _OUTPUT_AREA.sub(r'\1 tabindex="0">', page), resources


_OUTPUT_AREA = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output[^"<>]*" '
    r'data-mime-type="text/html")>'
)


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
    exporter.register_filter("html_text", html_text)
    exporter.register_filter("css_string", css_string)
    return exporter


def html_text(value: object) -> str:
    """``value`` as HTML text for the template, e.g. ``html_text("<b>")`` -> ``&lt;b&gt;``."""
    return str(escape(value))


_CSS_UNSAFE = re.compile(r"[^A-Za-z0-9 ,.\-]")


def css_string(text: object) -> str:
    """Text for the inside of a CSS ``"string"``: all but letters, digits and `` ,.-`` as
    ``\\hex `` escapes, so no quote, backslash or ``</style>`` survives.

    ``css_string("A </style>")`` -> ``A \\3c \\2f style\\3e ``.
    """
    visible = visible_controls(str(text)).replace("\n", " ")
    return _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()):x} ", visible)


def render_html(notebook: Path | nbformat.NotebookNode, target: Path, page: ReportPage) -> Path:
    """Write ``target``: the notebook's outputs only, as one file with images embedded."""
    nb = nbformat.read(notebook, as_version=4) if isinstance(notebook, Path) else notebook
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = visible_controls(page.document_title)
    resources = {
        "pmaf": {
            "classification": page.classification,
            "council": page.council,
            "period_label": page.period_label,
            "title": page.title,
            "content_security_policy": CONTENT_SECURITY_POLICY,
            "components_css": components_css(),
        }
    }
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    target.write_text(body, encoding="utf-8")
    return target
