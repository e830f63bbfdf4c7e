"""Time the PDF/UA repair (``render.pdf_ua.make_pdf_ua``) on Chromium's own PDFs (prints figures).

Run: ``.venv/bin/python benchmarks/pdf_ua.py`` (sample council's priority-1 and ASC reports)
or ``... --large-scale 8.5`` to add the generated large authority's biggest report (priority 4,
214 pages; about a minute to generate and print). ``--before REV`` times the repair as it was
at git revision REV in the same run, for a before/after pair measured in the same minute.
Reports are executed to HTML with ``pmaf run``, printed by Chromium without the repair, then
repaired on fresh copies: best and median of ``--repeat`` runs, wall and CPU time.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pikepdf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from pmaf_lib.render.pdf import _chromium_printer  # noqa: E402
from pmaf_lib.render.pdf_ua import make_pdf_ua  # noqa: E402
from pmaf_lib.sample import generate  # noqa: E402


def report_html(data: Path, only: list[str], out: Path) -> list[Path]:
    """Execute ``only`` reports of ``data`` to HTML under ``out``; the HTML files."""
    subprocess.run(
        [sys.executable, "-m", "pmaf_lib.cli", "run", "--period", "latest", "--data", str(data),
         "--params", str(REPO / "params" / "monthly.yaml"), "--out", str(out),
         "--formats", "html", "--only", *only],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    reports = out.glob("*/*.html")  # the period's folder (not history/)
    return sorted(p for p in reports if "history" not in p.parts and p.name != "index.html")


def chromium_pdfs(data: Path, only: list[str], folder: Path) -> list[Path]:
    """Execute ``only`` reports of ``data`` to HTML, then print each unrepaired."""
    pdfs = []
    for html in report_html(data, only, folder / "run"):
        pdf = folder / f"{data.name}-{html.stem}.pdf"
        _chromium_printer().print_pdf(html, pdf)
        pdfs.append(pdf)
    return pdfs


def code_at(revision: str) -> Callable[[Path], object]:
    """``make_pdf_ua`` as it was at ``revision`` (the module read from git)."""
    source = subprocess.run(
        ["git", "show", f"{revision}:src/pmaf_lib/render/pdf_ua.py"],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "pdf_ua_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("pdf_ua_before", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.make_pdf_ua


def timed(repair: Callable[[Path], object], pdf: Path, repeat: int) -> tuple[list, list]:
    walls, cpus = [], []
    for _ in range(repeat):
        copy = pdf.with_name(f"copy-{pdf.name}")
        shutil.copy(pdf, copy)
        wall, cpu = time.perf_counter(), time.process_time()
        repair(copy)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large-scale", type=float, default=0, help="also a generated authority")
    parser.add_argument("--before", help="git revision whose repair to time alongside")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pmaf-pdf-ua-"))
    pdfs = chromium_pdfs(REPO / "data" / "sample", ["priority:1", "directorate:ASC"], folder)
    if args.large_scale:
        generate(folder / "large", scale=args.large_scale)
        pdfs += chromium_pdfs(folder / "large", ["priority:4"], folder)
    repairs = {"now": make_pdf_ua}
    if args.before:
        repairs = {args.before: code_at(args.before), **repairs}
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at start")
    print("| report | pages | code | best | median | CPU median | output |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for pdf in pdfs:
        with pikepdf.open(pdf) as opened:
            pages = len(opened.pages)
        for name, repair in repairs.items():
            walls, cpus = timed(repair, pdf, args.repeat)
            size = pdf.with_name(f"copy-{pdf.name}").stat().st_size / 1e6
            print(
                f"| {pdf.stem} | {pages} | {name} | {min(walls):.3f} s | "
                f"{statistics.median(walls):.3f} s | {statistics.median(cpus):.3f} s | "
                f"{size:.2f} MB |"
            )
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at end")


if __name__ == "__main__":
    main()
