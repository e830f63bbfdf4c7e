"""Benchmark the monthly run: wall time, per-report execute/HTML/PDF split, ratio to the floor.

The floor is what the month cannot go below with this design: one papermill execution of a
notebook that only imports pmaf's dependencies (pandas, matplotlib, seaborn, scipy), times the
number of reports, divided by the number of workers. It is measured in the same invocation.

    .venv/bin/python benchmarks/run.py          # sample council + large authority (scale 8.5)
    .venv/bin/python benchmarks/run.py --large-pdf-reports all   # ... printing all 34 packs
    .venv/bin/python benchmarks/run.py --data data/sample --large-scale 0 --jobs 2
    .venv/bin/python benchmarks/run.py --large-scale 0 --scheduler local-dask   # same on Dask
    .venv/bin/python benchmarks/run.py --batch 8      # 8 generated councils: pool vs local-dask

The large authority prints its committee papers only (``pdf_reports``: corporate summary,
Directions appendix, portfolio packs; its priority and directorate packs HTML only), as a
council of 1,080 metrics would: printing all 34 of its packs is 2,600 pages a month.

Every figure is printed with the 1-minute load average before and after it: the machine is
shared, so a figure taken under load says little on its own.

Needs the real notebooks/ and a data folder (``pmaf sample`` generates them).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pmaf_lib.render.lean_imports import skip_slow_format_checks

skip_slow_format_checks()

import nbformat  # noqa: E402
import papermill  # noqa: E402
import yaml  # noqa: E402

from pmaf_lib.run.batch import councils_from_folders, run_batch  # noqa: E402
from pmaf_lib.run.monthly import RunRequest, run_month  # noqa: E402
from pmaf_lib.run.progress import QUIET  # noqa: E402
from pmaf_lib.sample import generate  # noqa: E402

IMPORTS = "import numpy, pandas, matplotlib, matplotlib.pyplot, seaborn, scipy, scipy.stats"


def floor_notebook_seconds(folder: Path, repeats: int) -> float:
    """Median wall time of papermill executing a notebook that only imports the dependencies."""
    source = folder / "imports_only.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(IMPORTS)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, source)
    times = []
    for _ in range(repeats + 1):  # the first run warms caches and is discarded
        start = time.perf_counter()
        papermill.execute_notebook(
            str(source),
            str(folder / "imports_only.out.ipynb"),
            progress_bar=False,
            request_save_on_cell_execute=False,
            kernel_name="python3",
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def _request(args: argparse.Namespace, data: Path, out: Path, scheduler: str | None) -> RunRequest:
    return RunRequest(
        period=args.period,
        params_path=args.params,
        data_dir=data,
        out_root=out,
        notebooks_dir=args.notebooks,
        jobs=args.jobs,
        verbosity=QUIET,
        scheduler=scheduler,
        only=tuple(args.only),
        formats=tuple(args.formats.split(",")) if args.formats else None,
        fresh_kernels=args.fresh_kernels,
    )


def batch(args: argparse.Namespace, tmp: Path) -> None:
    """``--batch N`` generated councils (seeds 1..N), process pool and local-dask alternately."""
    folders = []
    for seed in range(1, args.batch + 1):
        folders.append(tmp / f"council-{seed}")
        generate(folders[-1], seed=seed)
    walls: dict[str, list[float]] = {"pool": [], "local-dask": []}
    for repeat in range(args.batch_repeats):
        for mode in walls:
            out = tmp / f"batch-{mode}-{repeat}"
            request = _request(args, folders[0], out, None if mode == "pool" else mode)
            before, start = load(), time.perf_counter()
            code = run_batch(request, councils_from_folders(folders, args.params))
            walls[mode].append(time.perf_counter() - start)
            print(f"batch of {args.batch} on {mode}: {walls[mode][-1]:.1f} s (exit {code}; "
                  f"{before} before, {load()} after)")  # fmt: skip
    pool, dask = (statistics.median(w) for w in walls.values())
    print(f"median: pool {pool:.1f} s, local-dask {dask:.1f} s, dask / pool {dask / pool:.2f}")


def with_pdf_reports(args: argparse.Namespace, kinds: str, tmp: Path) -> argparse.Namespace:
    """``args`` with a copy of its params whose ``pdf_reports`` is ``kinds`` (comma-separated)."""
    params = yaml.safe_load(args.params.read_text(encoding="utf-8")) or {}
    params["pdf_reports"] = "all" if kinds == "all" else kinds.split(",")
    path = tmp / "large-authority-params.yaml"
    path.write_text(yaml.safe_dump(params), encoding="utf-8")
    changed = copy.copy(args)
    changed.params = path
    return changed


def month(args: argparse.Namespace, data: Path, out: Path) -> tuple[float, dict]:
    request = _request(args, data, out, args.scheduler)
    start = time.perf_counter()
    code = run_month(request)
    wall = time.perf_counter() - start
    if code == 2:
        sys.exit(f"invalid run for {data}")
    (period,) = [p for p in out.iterdir() if not p.name.startswith(".") and p.name != "history"]
    return wall, json.loads((period / "manifest.json").read_text())


def report(label: str, wall: float, manifest: dict, floor_one: float, jobs: int) -> None:
    reports = manifest["reports"]
    floor = floor_one * len(reports) / jobs
    print(f"\n## {label}: {manifest['council']}, {manifest['period']}")
    rendering = manifest["rendering"]
    print(f"reports {len(reports)} (failed {manifest['outcome']['failed']}), workers {jobs}, "
          f"pdf engine {rendering['pdf_engine']}, pdf_reports {rendering.get('pdf_reports')} "
          f"({sum('pdf' in r['files'] for r in reports)} PDFs)")  # fmt: skip
    print(f"{'report':32} {'execute':>8} {'html':>6} {'pdf':>6}")
    totals = {"execute": 0.0, "html": 0.0, "pdf": 0.0}
    for r in reports:
        t = r["timings_s"]
        for k in totals:
            totals[k] += t.get(k, 0.0)
        cells = [f"{t[k]:.2f}" if k in t else "-" for k in totals]
        print(f"{r['name'][:32]:32} {cells[0]:>8} {cells[1]:>6} {cells[2]:>6}")
        if r["status"] != "ok":
            print(f"    failed: {r['error']}")
    print(f"{'sum':32} {totals['execute']:8.2f} {totals['html']:6.2f} {totals['pdf']:6.2f}")
    print(
        f"wall time of the month      {wall:7.1f} s (inside the run: {manifest['run']['wall_s']} s)"
    )
    print(f"floor ({floor_one:.2f} s x {len(reports)} / {jobs}) {floor:7.1f} s")
    print(f"ratio to floor              {wall / floor:7.2f}")
    print(load())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="data folder(s)")
    parser.add_argument("--period", default="latest")
    parser.add_argument("--params", type=Path, default=Path("params/monthly.yaml"))
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--floor-repeats", type=int, default=3)
    parser.add_argument(
        "--large-scale",
        type=float,
        default=8.5,
        help="also run a generated large authority at this scale (0: skip; default 8.5)",
    )
    parser.add_argument(
        "--large-pdf-reports",
        default="corporate_summary,directions_appendix,portfolios",
        help="pdf_reports for the large authority: its committee papers (default), or all",
    )
    parser.add_argument("--scheduler", help="local-dask or a Dask scheduler address")
    parser.add_argument("--only", nargs="+", default=[], help="as pmaf run --only")
    parser.add_argument("--formats", help="html, pdf or html,pdf (default: the params')")
    parser.add_argument(
        "--fresh-kernels", action="store_true", help="a new kernel for every report (as before)"
    )
    parser.add_argument("--batch", type=int, default=0, help="N generated councils, pool vs Dask")
    parser.add_argument("--batch-repeats", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(load())
        if args.batch:
            batch(args, Path(tmp))
            return
        floor_one = floor_notebook_seconds(Path(tmp), args.floor_repeats)
        print(f"imports-only notebook: {floor_one:.2f} s (median of {args.floor_repeats})")
        runs = [(data, args) for data in args.data or [Path("data/sample")]]
        if args.large_scale > 0:
            large = Path(tmp) / "large-authority"
            print(generate(large, scale=args.large_scale))
            runs.append((large, with_pdf_reports(args, args.large_pdf_reports, Path(tmp))))
        for data, run_args in runs:
            out = Path(tmp) / f"outputs-{data.name}"
            wall, manifest = month(run_args, data, out)
            report(str(data), wall, manifest, floor_one, args.jobs)


if __name__ == "__main__":
    main()
