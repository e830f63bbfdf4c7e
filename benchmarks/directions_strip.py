"""Benchmark the Directions appendix's strip of earlier months (``directions_over_time``).

Times the strip as the appendix builds it (earlier months evaluated on the Directions'
evidence only, judgements only) against evaluating the whole council month by month, and
checks both give the same HTML. Wall and CPU seconds, best of ``--repeats``, with the
1-minute load average before and after each figure (the machine is shared).

    .venv/bin/python benchmarks/directions_strip.py data/sample /tmp/large-authority
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from pmaf_lib.indicators import evaluate
from pmaf_lib.report import documents as doc
from pmaf_lib.report.context import ReportContext, load_context


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def timed_strip(ctx: ReportContext, label: str, evaluator: Callable, repeats: int) -> str:
    """Print the best wall and CPU seconds of the strip with earlier months evaluated by
    ``evaluator``; return its HTML."""
    kept, doc.evaluate_directions = doc.evaluate_directions, evaluator
    walls, cpus, html, before = [], [], "", load()
    try:
        for _ in range(repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            html = str(doc.directions_over_time(ctx))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    finally:
        doc.evaluate_directions = kept
    print(f"  {label:32} wall {min(walls):6.2f} s  CPU {min(cpus):6.2f} s  ({before}, {load()})")
    return html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="+", help="data folder(s)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for data in args.data:
        ctx = load_context(data)
        print(f"{data}: {len(ctx.council.metrics)} metrics, {ctx.period}")
        fast = timed_strip(ctx, "Directions' evidence only", doc.evaluate_directions, args.repeats)
        whole = timed_strip(ctx, "whole council, month by month", evaluate, args.repeats)
        print(f"  same HTML: {fast == whole}")


if __name__ == "__main__":
    main()
