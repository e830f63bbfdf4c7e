"""Benchmark ``indicators.evaluate`` on the large generated authority.

Writes the sample council at ``--scale`` (default 8.5, about 1,000 metrics x 55 months) into a
temporary folder, loads it, then times ``evaluate`` (best of ``--repeat`` runs) and measures the
peak memory Python allocates during one run (tracemalloc). Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/evaluate_bench.py [--scale 8.5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc

from pmaf_lib.indicators.evaluate import evaluate
from pmaf_lib.plan import load_council
from pmaf_lib.sample.generator import generate
from pmaf_lib.sample.timeline import AS_AT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=8.5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        summary = generate(folder, scale=args.scale)
        council = load_council(folder)
    period = str(AS_AT)
    print(summary)
    print(f"metrics: {len(council.metrics):,}  values: {len(council.values):,}  period: {period}")

    evaluate(council, period)  # warm up imports and caches
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        evaluation = evaluate(council, period)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    evaluate(council, period)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"evaluate wall time: best {min(times):.3f} s, mean {sum(times) / len(times):.3f} s")
    print(f"evaluate peak memory (tracemalloc): {peak / 2**20:.1f} MiB")
    print(f"history rows: {len(evaluation.history):,}  milestones: {len(evaluation.milestones):,}")


if __name__ == "__main__":
    main()
