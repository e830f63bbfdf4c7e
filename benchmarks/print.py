"""Time Chromium's print of report HTML (load and print, without the PDF/UA repair).

Run: ``.venv/bin/python benchmarks/print.py`` (sample council's priority-1) or
``... --large-scale 8.5`` to add the generated large authority's priority-1 pack and corporate
summary (a few minutes to generate and execute). Each report is printed in four ways, one
after another in every repeat so that all four meet the same load:

- ``before``: as before this work: the tab in screen media, and the folded chart-data tables
  in the print's layout (the stylesheet's rule taken out of the HTML);
- ``+ folded tables out``: the stylesheet's rule kept;
- ``+ print media``: the tab in print media, the rule taken out;
- ``now``: both, as ``render.pdf`` prints.

Prints ``ChromiumPrinter.print_pdf``'s best wall time (load and print) of ``--repeat`` and the
browser's best CPU time (all its processes), with the load average at start and end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pikepdf
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from pdf_ua import report_html  # noqa: E402  (benchmarks/, this script's folder)
from pmaf_lib.render.pdf import _chromium_printer  # noqa: E402
from pmaf_lib.sample import generate  # noqa: E402

FOLDED_RULE = ".pmaf-chart-data:not([open]) > :not(summary) { display: none; }"
WAYS = {  # name: (keep the folded-table rule, print media)
    "before": (False, False),
    "+ folded tables out": (True, False),
    "+ print media": (False, True),
    "now": (True, True),
}


def browser_cpu() -> float:
    """CPU seconds used so far by this process's children (Playwright's driver, Chromium)."""
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def timed_print(html: Path, pdf: Path, print_media: bool) -> tuple[float, float]:
    """(wall s, browser CPU s) of one ``print_pdf`` of ``html`` with the tab in that media."""
    printer = _chromium_printer()
    page = printer._page
    assert page is not None, "print once first: the tab opens on first use"
    page.emulate_media(media="print" if print_media else "null")  # "null": no emulation
    wall, cpu = time.perf_counter(), browser_cpu()
    printer.print_pdf(html, pdf)
    return time.perf_counter() - wall, browser_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large-scale", type=float, default=0, help="also a generated authority")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pmaf-print-"))
    reports = report_html(REPO / "data" / "sample", ["priority:1"], folder / "sample")
    if args.large_scale:
        generate(folder / "large-data", scale=args.large_scale)
        reports += report_html(
            folder / "large-data", ["priority:1", "corporate_summary"], folder / "large"
        )
    _chromium_printer().print_pdf(reports[0], folder / "first.pdf")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at start")
    print("| report | pages | print | best wall | best browser CPU |")
    print("| --- | --- | --- | --- | --- |")
    for html in reports:
        text = html.read_text(encoding="utf-8")
        assert FOLDED_RULE in text, "the stylesheet's rule changed: update FOLDED_RULE"
        without_rule = html.with_name(f"{html.stem}-without-rule.html")
        without_rule.write_text(text.replace(FOLDED_RULE, ""), encoding="utf-8")
        best = {name: (float("inf"), float("inf")) for name in WAYS}
        for _ in range(args.repeat):
            for name, (rule, print_media) in WAYS.items():
                source = html if rule else without_rule
                wall, cpu = timed_print(source, folder / "out.pdf", print_media)
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
        with pikepdf.open(folder / "out.pdf") as pdf:
            pages = len(pdf.pages)
        label = f"{html.parent.parent.name}, {html.stem}"
        for name, (wall, cpu) in best.items():
            print(f"| {label} | {pages} | {name} | {wall:.2f} s | {cpu:.2f} s |")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at end")


if __name__ == "__main__":
    main()
