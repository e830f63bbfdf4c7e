"""Untagged page content becomes ``/Artifact``: the byte-level fast path gives the same content
as the per-instruction (pikepdf) fallback, and leaves every stream it cannot read safely to it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmaf_lib.render.pdf_artifacts import (
    PAINTING,
    artifact_content,
    artifact_content_by_instruction,
    mark_untagged_content_as_artifact,
)
from pmaf_lib.render.pdf_ua import make_pdf_ua
from tests.accessibility.axe import require_browser

SCRATCH = pikepdf.new()


def instructions(data: bytes) -> bytes:
    """``data`` as pikepdf reads it, one instruction a line (so equal means same instructions)."""
    stream = pikepdf.Stream(SCRATCH, data)
    return pikepdf.unparse_content_stream(pikepdf.parse_content_stream(stream))


def page_with(data: bytes) -> tuple[pikepdf.Pdf, pikepdf.Page]:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(data)
    return pdf, page


def by_instruction(data: bytes) -> bytes:
    _pdf, page = page_with(data)  # the page lives only as long as its Pdf
    return artifact_content_by_instruction(page)


def painted_within(data: bytes) -> list[tuple[str, tuple[str, ...]]]:
    """Each painting operator with the marked content around it (``/Artifact``, or the tag
    with its MCID), outermost first: what a reader of the tagged PDF gets from the page."""
    stream = pikepdf.Stream(SCRATCH, data)
    around: list[str] = []
    painted = []
    for instruction in pikepdf.parse_content_stream(stream):
        operator, operands = str(instruction.operator), instruction.operands
        if operator in ("BDC", "BMC"):
            properties = operands[1] if len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            around.append(str(operands[0]) + ("" if mcid is None else f" {int(mcid)}"))
        elif operator == "EMC" and around:
            around.pop()
        elif operator in PAINTING:
            painted.append((operator, tuple(around)))
    return painted


# What Chromium (Skia) writes: one line per instruction or two, glyphs as hex strings, marked
# content on lines of its own, ligatures as MCID-less /Span with a literal /ActualText.
HEADER = b"""q
.3137 .3529 .3725 RG .3137 .3529 .3725 rg
/G3 gs
BT
/F4 10.6599998 Tf
1 0 0 -1 56.6875 41 Tm
<0033> Tj
6.2386322 0 Td <0055> Tj
ET
Q"""
TAGGED = b"""/P <</MCID 0 >>BDC
BT
/F4 10.6599998 Tf
<0051> Tj
/Span<</ActualText (ffi) >> BDC
<00B3> Tj
EMC
ET
EMC"""


def test_running_header_becomes_an_artifact_and_tagged_text_keeps_its_tag():
    data = HEADER + b"\n" + TAGGED + b"\n"
    fast = artifact_content(data)
    assert fast is not None
    assert painted_within(fast) == [
        ("Tj", ("/Artifact",)),
        ("Tj", ("/Artifact",)),
        ("Tj", ("/P 0",)),
        ("Tj", ("/P 0", "/Span")),
    ]
    assert instructions(fast) == instructions(by_instruction(data))


def test_untagged_runs_that_paint_nothing_or_leave_a_span_open_are_left_alone():
    data = b"""q
1 0 0 1 0 0 cm
/P <</MCID 0 >>BDC
0 0 10 10 re
f
EMC
Q
/Span<</ActualText (fi) >> BDC
<0010> Tj
/P <</MCID 1 >>BDC
<0011> Tj
EMC
EMC
"""
    fast = artifact_content(data)
    assert fast is not None
    assert instructions(fast) == instructions(data)  # nothing could be wrapped
    assert instructions(fast) == instructions(by_instruction(data))


DECLINED = {
    "literal string with BDC in it": b"BT\n(Page 1 of 2 /P <</MCID 0 >>BDC) Tj\nET\n",
    "comment": b"% running footer\nBT\n<0033> Tj\nET\n",
    "inline image": b"q\nBI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI\nQ\n",
    "hex string with an f between spaces": b"BT\n<00 f 33> Tj\nET\n",
    "operator name inside a name": b"/GEMC gs\nBT\n<0033> Tj\nET\n",
    "nested property list": b"/P <</MCID 1 /A <</O /Layout >> >>BDC\n0 0 1 1 re f\nEMC\n",
    "marked content after another instruction on its line": b"q /P <</MCID 1 >>BDC\nEMC\nQ\n",
    "an operand before BDC that is not its own": b"1\n/P <</MCID 1 >>BDC\n0 0 1 1 re\nf\nEMC\n",
    "a string with spaces in an artifact's properties": b"/Artifact <</Alt (x EMC f) >>BDC\nEMC\n",
}


@pytest.mark.parametrize("body", DECLINED.values(), ids=DECLINED.keys())
def test_fast_path_leaves_what_it_cannot_read_safely_to_pikepdf(body: bytes):
    data = body + b"0 0 5 5 re\nf\n" + TAGGED + b"\n"
    assert artifact_content(data) is None
    pdf, page = page_with(data)
    mark_untagged_content_as_artifact(pdf, page)
    painted = painted_within(page.obj.Contents.read_bytes())
    assert ("f", ("/Artifact",)) in painted  # the untagged square after the odd part
    assert painted[-2:] == [("Tj", ("/P 0",)), ("Tj", ("/P 0", "/Span"))]


def test_a_literal_string_hides_nothing_from_the_fallback():
    data = b"BT\n(x EMC f) Tj\nET\n" + TAGGED + b"\n"
    pdf, page = page_with(data)
    mark_untagged_content_as_artifact(pdf, page)
    content = page.obj.Contents.read_bytes()
    assert painted_within(content)[0] == ("Tj", ("/Artifact",))
    assert b"(x EMC f) Tj" in instructions(content)


LINES = [
    b"q", b"Q", b"3.125 0 0 3.125 0 0 cm", b".0431 .0471 .0471 RG .0431 .0471 .0471 rg",
    b"/G3 gs", b"BT", b"ET", b"/F5 10.6599998 Tf", b"1 0 0 -1 683.59375 41 Tm",
    b"9.0588531 0 Td <0029> Tj", b"<002C> Tj", b"[<0055> -12 <004C>] TJ", b"0 342 920 4 re",
    b"f", b"W* n", b"S", b"B*", b"/X7 Do", b"/TH <</MCID 4 >>BDC", b"/Figure <</MCID 12 >>BDC",
    b"/Artifact <</Type /Pagination >>BDC", b"/Artifact BMC", b"/P /MC0 BDC", b"/Span BMC",
    b"/Span<</ActualText (ffi) >> BDC", b"/Span <</Lang (en) /E (fl) >>BDC", b"/P <</MCID 7 >>BMC",
    b"/Artifact <</Type /Pagination /Subtype /Header /Alt (Page) >>BDC",
    b"EMC", b"EMC",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=40), st.sampled_from([b"\n", b"\r\n"]))
def test_fast_path_agrees_with_pikepdf_on_any_mix_of_chromium_lines(lines, newline):
    """Balanced or not, nested or not: the same instructions as the per-instruction path."""
    data = newline.join(lines)
    fast = artifact_content(data)
    assert fast is not None
    assert instructions(fast) == instructions(by_instruction(data))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from([b"\n", b" ", b"\t"]))))
def test_whatever_the_fast_path_accepts_it_reads_as_pikepdf_does(pieces):
    data = b"".join(line + separator for line, separator in pieces)
    fast = artifact_content(data)
    if fast is not None:
        assert instructions(fast) == instructions(by_instruction(data))


def test_a_repair_that_fails_leaves_the_printed_pdf_as_it_was(tmp_path: Path):
    printed = tmp_path / "report.pdf"
    printed.write_bytes(b"%PDF-1.4\nnot really a PDF")
    with pytest.raises(pikepdf.PdfError):
        make_pdf_ua(printed)
    assert printed.read_bytes() == b"%PDF-1.4\nnot really a PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


# Real Chromium output: two reports of the sample month, printed without the repair.
REPORTS = ("priority-1", "directorate-ASC")


@pytest.fixture(scope="module")
def chromium_pdfs(sample_month: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    require_browser()
    folder = tmp_path_factory.mktemp("chromium")
    pdfs = [folder / f"{name}.pdf" for name in REPORTS]
    # In its own process: a Playwright session open in this one (axe) refuses a second.
    script = (
        "import sys; from pathlib import Path; from pmaf_lib.render.pdf import _chromium_printer\n"
        "for html, pdf in zip(sys.argv[1::2], sys.argv[2::2]):\n"
        "    _chromium_printer().print_pdf(Path(html), Path(pdf))"
    )
    pairs = [
        str(p)
        for name, pdf in zip(REPORTS, pdfs, strict=True)
        for p in (sample_month / f"{name}.html", pdf)
    ]
    subprocess.run([sys.executable, "-c", script, *pairs], check=True, timeout=600)
    return pdfs


def structure_as_read(pdf: pikepdf.Pdf) -> tuple[dict, dict, set[str]]:
    """What assistive technology reads: (page's /StructParents, MCID) -> the element holding
    it, once by walking the tree and once from the /ParentTree; and the kinds of elements
    that list items hold."""

    def kids(node: pikepdf.Dictionary) -> list:
        kids = node.get("/K")
        return kids.as_list() if isinstance(kids, pikepdf.Array) else [kids]

    from_tree, from_parent_tree, in_list_items = {}, {}, set()
    todo = [(kid, None) for kid in kids(pdf.Root.StructTreeRoot)]
    while todo:
        element, page = todo.pop()
        page = element.get("/Pg", page)
        for kid in kids(element):
            if isinstance(kid, int):
                from_tree[int(page.StructParents), kid] = element.objgen
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                on = kid.get("/Pg", page)
                from_tree[int(on.StructParents), int(kid.MCID)] = element.objgen
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                todo.append((kid, page))
                if element.S == "/LI":
                    in_list_items.add(str(kid.S))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums.as_list()
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if isinstance(value, pikepdf.Array):
            for mcid, element in enumerate(value):
                if element is not None:
                    from_parent_tree[int(key), mcid] = element.objgen
    return from_tree, from_parent_tree, in_list_items


def pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow
@pytest.mark.browser
def test_real_reports_repaired_by_the_fast_path_as_by_pikepdf(
    chromium_pdfs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import page as page_validation

    for raw in chromium_pdfs:
        with pikepdf.open(raw) as pdf:
            assert all(artifact_content(p.obj.Contents.read_bytes()) for p in pdf.pages), raw.name
        fast, slow = tmp_path / f"fast-{raw.name}", tmp_path / f"slow-{raw.name}"
        shutil.copy(raw, fast)
        shutil.copy(raw, slow)
        make_pdf_ua(fast)
        with monkeypatch.context() as patched:
            patched.setattr("pmaf_lib.render.pdf_artifacts.artifact_content", lambda data: None)
            make_pdf_ua(slow)
        with pikepdf.open(fast) as by_bytes, pikepdf.open(slow) as by_instructions:
            assert len(by_bytes.pages) == len(by_instructions.pages) > 1
            for number, (one, other) in enumerate(
                zip(by_bytes.pages, by_instructions.pages, strict=True)
            ):
                content = one.obj.Contents.read_bytes()
                assert instructions(content) == instructions(other.obj.Contents.read_bytes())
                painted = painted_within(content)
                # every mark on the page is an artifact or tagged content a reader reaches
                assert all(
                    around and (around[0] == "/Artifact" or any(" " in tag for tag in around))
                    for _, around in painted
                ), f"{raw.name} page {number + 1}"
                assert ("Tj", ("/Artifact",)) in painted  # the running header and footer
            from_tree, from_parent_tree, in_list_items = structure_as_read(by_bytes)
            assert from_tree == from_parent_tree
            assert in_list_items == {"/Lbl", "/LBody"}
        assert pdftotext(fast) == pdftotext(slow) == pdftotext(raw)
        report = page_validation.validate_pdf(fast, profile="ua1")
        assert [(f.rule_id, f.message) for f in report.failures] == []
