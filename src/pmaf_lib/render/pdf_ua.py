"""Chromium's tagged PDF -> PDF/UA-1, with pikepdf (qpdf), in place.

Chromium (``page.pdf(tagged=True)``) writes a structure tree but misses four PDF/UA-1 rules
that ``page-validation`` checks; each function below repairs one:

- the running header and footer (CSS ``@page`` margin boxes) and page backgrounds are painted
  outside any marked content: they become ``/Artifact`` (pagination), as PDF/UA asks
  (``render.pdf_artifacts``: a byte-level pass over each content stream, pikepdf's parser as
  the fallback);
- an HTML ``<figure>`` becomes a ``/Figure`` without ``/Alt`` around the image's own ``/Figure``
  (which has the ``alt``) and the ``/Caption``: the wrapper becomes a ``/Div`` (grouping);
- a list item's content sits directly in ``/LI`` beside its ``/Lbl``: it is wrapped in ``/LBody``;
- link annotations have no ``/Contents``: each gets its link text from the HTML (``links``);
- there is no XMP metadata: ``dc:title``, ``dc:language`` and ``pdfuaid:part = 1`` are written.

The structure tree's ``/ParentTree`` (marked content -> its structure element) is rebuilt
after the tree changes. Costs: docs/rendering.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from pmaf_lib.render.pdf_artifacts import mark_untagged_content_as_artifact

PRIMARY_VERSION_NOTE = "The HTML version of this report is the primary accessible version."


def make_pdf_ua(
    path: Path,
    title: str | None = None,
    language: str = "en-GB",
    links: Mapping[str, str] | None = None,
) -> Path:
    """Rewrite ``path`` so that it meets PDF/UA-1 (as far as ``page-validation`` checks).

    ``links`` maps a link's target (``#id`` without the ``#``, or a URL) to its text, for the
    link annotations' descriptions (:func:`link_texts` reads them from the report's HTML).
    """
    # Saved beside it, then moved over it: qpdf reads the file itself (pikepdf's
    # allow_overwriting_input would read it through Python, a third of the repair's time).
    repaired = path.with_name(f"{path.name}.pdf-ua")
    try:
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                mark_untagged_content_as_artifact(pdf, page)
                _describe_links(page, links or {})
            root = pdf.Root.get("/StructTreeRoot")
            if root is not None:
                _repair_structure(pdf, root)
            _write_metadata(pdf, title or str(pdf.docinfo.get("/Title", "")), language)
            # Object streams compress the structure tree's thousands of small dictionaries:
            # the file halves (priority-1 1.39 -> 0.70 MB, a 252-page pack 15.2 -> 8.3 MB) for
            # about 13 ms a report; a PDF 1.5 file, which every current reader opens.
            pdf.save(repaired, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        os.replace(repaired, path)
    finally:
        repaired.unlink(missing_ok=True)
    return path


class _LinkTexts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self._open.append((href.removeprefix("#"), []))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            target, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if target and text:
                self.texts.setdefault(target, text)


# A whole link element: links do not nest, and pmaf's HTML escapes every "<" in text and
# attribute values, so the first "</a>" after "<a ...>" closes it.
_LINK = re.compile(r"<a\b[^>]*>.*?</a\s*>", re.DOTALL | re.IGNORECASE)


def link_texts(html: str) -> dict[str, str]:
    """Each link target in ``html`` (``#id`` without the ``#``, or a URL) -> its link text.

    Only the link elements go through the HTML parser (a tenth of the time of the whole page).
    """
    parser = _LinkTexts()
    for link in _LINK.finditer(html):
        parser.feed(link.group())
    parser.close()
    return parser.texts


def _describe_links(page: pikepdf.Page, links: Mapping[str, str]) -> None:
    """Give every link annotation a ``/Contents`` description (PDF/UA-1 7.18.5)."""
    for annotation in page.obj.get("/Annots", []):
        if annotation.get("/Subtype") != Name.Link or "/Contents" in annotation:
            continue
        action = annotation.get("/A")
        uri = str(action.URI) if action is not None and "/URI" in action else None
        target = uri or str(annotation.get("/Dest", "")).removeprefix("/")
        annotation.Contents = links.get(target) or (uri or f"Go to {target}")


def _kids(element: Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return kids.as_list() if isinstance(kids, Array) else [kids]


def _is_element(item: object) -> bool:
    return isinstance(item, Dictionary) and "/S" in item


def _element_kind(node: object) -> str | None:
    """A structure element's type (``/P``, ``/LI`` ...); None for anything else."""
    kind = node.get("/S") if isinstance(node, Dictionary) else None
    return None if kind is None else str(kind)


def _repair_structure(pdf: pikepdf.Pdf, root: Dictionary) -> None:
    """Walk the structure tree once (depth first, each element read once: 45,000 of them in
    a 214-page report): ungroup figures without alternative text, wrap list item bodies, and
    map each page's marked content and each annotation back to its structure element for
    the rebuilt ``/ParentTree``. A marked-content reference lies on its own ``/Pg`` or, as
    ``/Pg`` is inherited, the nearest enclosing element's."""
    marks: dict[int, dict[int, Dictionary]] = {}  # a page's /StructParents -> MCID -> element
    objects: dict[int, Dictionary] = {}  # an annotation's /StructParent -> element
    pages: dict[tuple[int, int], dict[int, Dictionary] | None] = {}  # a page -> its marks

    def marks_on(page: Dictionary) -> dict[int, Dictionary] | None:
        if page.objgen not in pages:
            key = int(page.StructParents) if "/StructParents" in page else None
            pages[page.objgen] = None if key is None else marks.setdefault(key, {})
        return pages[page.objgen]

    # (element, its type, the marks of the page its marked content lies on)
    stack: list[tuple[Dictionary, str, dict[int, Dictionary] | None]] = [
        (kid, kind, None) for kid in reversed(_kids(root)) if (kind := _element_kind(kid))
    ]
    while stack:
        element, kind, on_page = stack.pop()
        if "/Pg" in element:
            on_page = marks_on(element.Pg)
        if kind == "/Figure":
            _ungroup_figure_without_alt(element)
        elif kind == "/LI":
            _wrap_list_item_body(pdf, element)
        children = []
        for kid in _kids(element):
            if isinstance(kid, Dictionary):
                kid_kind = kid.get("/S")
                if kid_kind is not None:
                    children.append((kid, str(kid_kind), on_page))
                    continue
                if kid.get("/Type") == Name.MCR:
                    mcid, target = int(kid.MCID), marks_on(kid.Pg) if "/Pg" in kid else on_page
                elif kid.get("/Type") == Name.OBJR and "/StructParent" in kid.Obj:
                    objects[int(kid.Obj.StructParent)] = element
                    continue
                else:
                    continue
            elif isinstance(kid, int):
                mcid, target = kid, on_page
            else:
                continue
            if target is not None:
                target[mcid] = element
        children.reverse()
        stack.extend(children)
    _write_parent_tree(pdf, root, marks, objects)


def _ungroup_figure_without_alt(figure: Dictionary) -> None:
    """A ``/Figure`` with no alternative text that only groups other elements is a ``/Div``."""
    if "/Alt" in figure or "/ActualText" in figure:
        return
    if any(_is_element(kid) for kid in _kids(figure)):
        figure.S = Name.Div


def _wrap_list_item_body(pdf: pikepdf.Pdf, item: Dictionary) -> None:
    """``/LI`` may only hold ``/Lbl`` and ``/LBody``: everything else moves into one ``/LBody``."""
    kids = [(kid, _element_kind(kid)) for kid in _kids(item)]
    loose = [kid for kid, kind in kids if kind not in ("/Lbl", "/LBody")]
    if not loose:
        return
    body = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=item))
    if "/Pg" in item:
        body.Pg = item.Pg
    body.K = Array(loose)
    for kid, kind in kids:
        if kind and kind not in ("/Lbl", "/LBody"):
            kid.P = body
    item.K = Array([*(kid for kid, kind in kids if kind in ("/Lbl", "/LBody")), body])


def _write_parent_tree(
    pdf: pikepdf.Pdf,
    root: Dictionary,
    marks: dict[int, dict[int, Dictionary]],
    objects: dict[int, Dictionary],
) -> None:
    """``/ParentTree``: each page's MCIDs -> their elements, each annotation -> its element."""
    nums: list = []
    for key in sorted({*marks, *objects}):
        if key in objects:
            nums += [key, objects[key]]
        else:
            page = marks[key]
            nums += [key, pdf.make_indirect(Array([page.get(i) for i in range(max(page) + 1)]))]
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = (max((*marks, *objects), default=-1)) + 1


def _write_metadata(pdf: pikepdf.Pdf, title: str, language: str) -> None:
    """XMP with the title, language and the PDF/UA-1 identification; the title shown by viewers."""
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.load_from_docinfo(pdf.docinfo)
        meta["dc:title"] = title
        meta["dc:language"] = [language]
        meta["dc:description"] = PRIMARY_VERSION_NOTE
        meta["pdfuaid:part"] = "1"
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.Lang = language
