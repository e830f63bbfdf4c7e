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
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            mark_untagged_content_as_artifact(pdf, page)
            _describe_links(page, links or {})
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            for element in list(_elements(root)):
                _ungroup_figure_without_alt(element)
                _wrap_list_item_body(pdf, element)
            _rebuild_parent_tree(pdf, root)
        _write_metadata(pdf, title or str(pdf.docinfo.get("/Title", "")), language)
        pdf.save(path)
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


def link_texts(html: str) -> dict[str, str]:
    """Each link target in ``html`` (``#id`` without the ``#``, or a URL) -> its link text."""
    parser = _LinkTexts()
    parser.feed(html)
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
    return list(kids) if isinstance(kids, Array) else [kids]


def _is_element(item: object) -> bool:
    return isinstance(item, Dictionary) and "/S" in item


def _elements(node: Dictionary):
    """Every structure element under ``node``, depth first."""
    for kid in _kids(node):
        if _is_element(kid):
            yield kid
            yield from _elements(kid)


def _ungroup_figure_without_alt(element: Dictionary) -> None:
    """A ``/Figure`` with no alternative text that only groups other elements is a ``/Div``."""
    if str(element.S) != "/Figure" or "/Alt" in element or "/ActualText" in element:
        return
    if any(_is_element(kid) for kid in _kids(element)):
        element.S = Name.Div


def _wrap_list_item_body(pdf: pikepdf.Pdf, element: Dictionary) -> None:
    """``/LI`` may only hold ``/Lbl`` and ``/LBody``: everything else moves into one ``/LBody``."""
    if element.S != Name.LI:
        return
    kids = _kids(element)
    loose = [k for k in kids if not (_is_element(k) and k.S in (Name.Lbl, Name.LBody))]
    if not loose:
        return
    body = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=element))
    if "/Pg" in element:
        body.Pg = element.Pg
    body.K = Array(loose)
    for kid in loose:
        if _is_element(kid):
            kid.P = body
    kept = [k for k in kids if _is_element(k) and k.S in (Name.Lbl, Name.LBody)]
    element.K = Array([*kept, body])


def _page_of(element: Dictionary, item: object) -> Dictionary | None:
    """The page a marked-content reference lies on: its own ``/Pg`` or the nearest ancestor's."""
    if isinstance(item, Dictionary) and "/Pg" in item:
        return item.Pg
    node = element
    while isinstance(node, Dictionary):
        if "/Pg" in node:
            return node.Pg
        node = node.get("/P")
    return None


def _rebuild_parent_tree(pdf: pikepdf.Pdf, root: Dictionary) -> None:
    """Map each page's marked content (and each annotation) back to its structure element."""
    by_page: dict[int, dict[int, Dictionary]] = {}
    objects: dict[int, Dictionary] = {}
    for element in _elements(root):
        for kid in _kids(element):
            if isinstance(kid, int):
                mcid, ref = kid, None
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                mcid, ref = int(kid.MCID), kid
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                if "/StructParent" in kid.Obj:
                    objects[int(kid.Obj.StructParent)] = element
                continue
            else:
                continue
            page = _page_of(element, ref)
            if page is not None and "/StructParents" in page:
                by_page.setdefault(int(page.StructParents), {})[mcid] = element
    nums: list = []
    for key in sorted({*by_page, *objects}):
        if key in objects:
            nums += [key, objects[key]]
        else:
            marks = by_page[key]
            nums += [key, pdf.make_indirect(Array([marks.get(i) for i in range(max(marks) + 1)]))]
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = (max((*by_page, *objects), default=-1)) + 1


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
