"""Benchmarks for the indicator engine; prints throughput, wall time and peak memory.

Run: ``.venv/bin/python benchmarks/indicators.py`` (all benchmarks) or
``.venv/bin/python benchmarks/indicators.py spc`` (one). Each benchmark is a function taking
no arguments and returning its figures; add new ones to ``BENCHMARKS``.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import pandas as pd

from pmaf_lib.indicators import evaluate, xmr
from pmaf_lib.plan import load_council
from pmaf_lib.sample.generator import generate
from pmaf_lib.sample.timeline import AS_AT

SPC_SERIES = 10_000
SPC_POINTS = 60
REPEATS = 3
SEED = 20261123


def spc_data(
    n_series: int = SPC_SERIES, n_points: int = SPC_POINTS, seed: int = SEED
) -> pd.DataFrame:
    """Long frame of monthly series: noise around a level, some with a drift or a step change."""
    rng = np.random.default_rng(seed)
    level = rng.uniform(10, 1000, n_series)[:, None]
    noise = rng.normal(0, 1, (n_series, n_points)) * level * 0.05
    drift = rng.choice([0.0, 0.0, 0.002, -0.002], n_series)[:, None] * level * np.arange(n_points)
    step = (
        (rng.random(n_series) < 0.2)[:, None] * (np.arange(n_points) >= n_points // 2) * level * 0.1
    )
    values = (level + noise + drift + step).round(2)
    return pd.DataFrame(
        {
            "series_id": np.repeat([f"S{i:05d}" for i in range(n_series)], n_points),
            "date": np.tile(pd.date_range("2021-04-01", periods=n_points, freq="MS"), n_series),
            "value": values.ravel(),
        }
    )


def _timed(run: Callable[[], object]) -> tuple[list[float], float]:
    """Wall times of REPEATS runs, then the peak memory (MiB) traced during one more run."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return times, peak


def bench_spc() -> dict[str, float]:
    """``xmr`` on 10,000 series x 60 points, building both output frames."""
    data = spc_data()
    directions = {
        s: ("increase", "decrease", "neutral")[i % 3]
        for i, s in enumerate(data["series_id"].unique())
    }
    times, peak = _timed(lambda: xmr(data, improvement_direction=directions, target=500.0))
    best, median = min(times), statistics.median(times)
    return {
        "points": len(data),
        "best_s": best,
        "median_s": median,
        "points_per_s_best": len(data) / best,
        "points_per_s_median": len(data) / median,
        "peak_traced_mib": peak,
        "process_max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


PEER_SERIES = 200
LARGE_SCALE = 8.5


def bench_spc_peer() -> dict[str, float]:
    """pmaf's ``xmr`` beside the PyPI peer ``abspc`` (``pip install abspc``) on the same 200
    series x 60 points. abspc works one series at a time and computes only the limits and the
    rule flags (no labels, point types or icons), so the comparison flatters it.

    The reference, NHSRplotthedots, is R; R and CRAN are out of reach on this machine.
    """
    try:
        import abspc
    except ImportError:
        return {"skipped_abspc_not_installed": 1}
    data = spc_data()
    data = data[data["series_id"].isin(data["series_id"].unique()[:PEER_SERIES])]
    groups = [g[["date", "value"]].reset_index(drop=True) for _, g in data.groupby("series_id")]

    def peer() -> None:
        for frame in groups:
            abspc.detect_special_causes(abspc.calculate_control_limits(frame, "XmR"))

    peer_times, _ = _timed(peer)
    own_times, _ = _timed(lambda: xmr(data))
    return {
        "points": len(data),
        "abspc_best_s": min(peer_times),
        "abspc_points_per_s": len(data) / min(peer_times),
        "pmaf_best_s": min(own_times),
        "pmaf_points_per_s": len(data) / min(own_times),
        "speed_ratio": min(peer_times) / min(own_times),
    }


def bench_evaluate() -> dict[str, float]:
    """``evaluate`` on the large generated authority (sample council at scale 8.5)."""
    with tempfile.TemporaryDirectory() as folder:
        generate(folder, scale=LARGE_SCALE)
        start = time.perf_counter()
        council = load_council(folder)
        load_s = time.perf_counter() - start
    period = str(AS_AT)
    evaluate(council, period)  # warm up imports
    times, peak = _timed(lambda: evaluate(council, period))
    return {
        "metrics": len(council.metrics),
        "values": len(council.values),
        "load_council_s": load_s,
        "best_s": min(times),
        "median_s": statistics.median(times),
        "peak_traced_mib": peak,
        "process_max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


BENCHMARKS: dict[str, Callable[[], dict[str, float]]] = {
    "spc": bench_spc,
    "spc_peer": bench_spc_peer,
    "evaluate": bench_evaluate,
}


def main(argv: list[str]) -> None:
    for name in argv or list(BENCHMARKS):
        figures = BENCHMARKS[name]()
        print(f"[{name}]")
        for key, figure in figures.items():
            print(
                f"  {key:22s} {figure:,.3f}"
                if isinstance(figure, float)
                else f"  {key:22s} {figure:,}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
