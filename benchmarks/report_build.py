"""Benchmark building a report's HTML in-process: the notebook's cells, timed cell by cell.

Each report is built in a fresh Python process, as a kernel builds it: the notebook's code
cells run in order with its parameters (the run's pickled evaluation as ``evaluation_cache``,
a fresh chart cache, so the report draws every chart it shows). Times are CPU seconds of
that process, which other work on the shared machine inflates less than wall time. The
evaluation is computed and pickled once, as ``pmaf run`` does.

    .venv/bin/python benchmarks/report_build.py --data DIR        # the reports named below
    .venv/bin/python benchmarks/report_build.py --data DIR --reports all --repeat 1
    .venv/bin/python benchmarks/report_build.py --data DIR --before REV   # and at revision REV

``--before REV`` checks REV out into a temporary git worktree and times its code (and its
notebooks) on the same reports in the same invocation, alternating with the current code.
Reports are named as in ``pmaf run --only``: ``priority:1``, ``directorate:ASC``,
``portfolio:PF-ADULTS``, ``corporate_summary``, ``directions_appendix``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS = ("priority:1", "priority:4", "directions_appendix", "corporate_summary")
LOAD = "(imports and load_context)"


def build(notebook: Path, parameters: dict[str, str]) -> dict[str, float]:
    """Run the notebook's code cells here with ``parameters``; CPU seconds per cell."""
    import nbformat

    cells = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    namespace: dict[str, object] = {}
    timings: dict[str, float] = {}
    for cell in cells:
        source = cell.source
        label = source.strip().splitlines()[-1] if source.strip() else "(empty)"
        if "parameters" in cell.metadata.get("tags", []):  # as papermill injects them
            source += "\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
            label = "(parameters)"
        elif "load_context(" in source:
            label = LOAD  # imports pmaf_lib.report and unpickles the evaluation
        start = time.process_time()
        exec(compile(source, notebook.name, "exec"), namespace)
        timings[label] = timings.get(label, 0.0) + time.process_time() - start
    return timings


def child(args: argparse.Namespace) -> None:
    """Build one report (this process) and print its timings as JSON."""
    os.environ["PMAF_CHART_CACHE"] = tempfile.mkdtemp(prefix="pmaf-bench-charts-")
    kind, _, scope_id = args.report.partition(":")
    parameters = {
        "data_dir": str(args.data),
        "period": "latest",
        "evaluation_cache": str(args.cache),
    }
    if scope_id:
        parameters |= {"scope_type": kind, "scope_id": scope_id}
    notebook = args.notebooks / ("scope_report.ipynb" if scope_id else f"{kind}.ipynb")
    print(json.dumps(build(notebook, parameters)))


def timed(code: Path, report: str, data: Path, cache: Path) -> dict[str, float]:
    """One report built by the code under ``code`` (a checkout), in a fresh process."""
    command = [
        *(sys.executable, __file__, "--child", report),
        *("--data", str(data), "--cache", str(cache), "--notebooks", str(code / "notebooks")),
    ]
    env = {**os.environ, "PYTHONPATH": str(code / "src")}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{report} at {code}: failed\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def all_reports(cache: Path) -> list[str]:
    """Every report of the month, as the run plans it with the default params."""
    import pickle

    with cache.open("rb") as handle:
        council = pickle.load(handle).council
    return [
        *(f"priority:{p.id}" for p in council.plan.priorities),
        *(f"directorate:{d.id}" for d in council.reference.directorates),
        *(f"portfolio:{p.id}" for p in council.reference.portfolios),
        "corporate_summary",
        *(["directions_appendix"] if council.reference.directions else []),
    ]


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO / "data" / "sample")
    parser.add_argument("--reports", nargs="+", default=list(DEFAULT_REPORTS))
    parser.add_argument("--repeat", type=int, default=2, help="builds of each report (min)")
    parser.add_argument("--before", help="git revision to time alongside the current code")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--notebooks", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.report = args.child
        child(args)
        return

    from pmaf_lib.plan import load_council
    from pmaf_lib.report.context import prepare_inputs, write_inputs

    scratch = Path(tempfile.mkdtemp(prefix="pmaf-bench-build-"))
    cache = scratch / "evaluation.pkl"
    write_inputs(prepare_inputs(load_council(args.data), "latest"), cache)
    codes = {"now": REPO}
    if args.before:
        checkout = scratch / "before"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(checkout), args.before],
            check=True,
            capture_output=True,
        )
        codes = {args.before: checkout, "now": REPO}
    reports = all_reports(cache) if args.reports == ["all"] else args.reports
    print(f"{args.data}: {len(reports)} reports, load {load()} at start")
    totals = dict.fromkeys(codes, 0.0)
    try:
        for report in reports:
            for label, code in codes.items():
                runs = [timed(code, report, args.data, cache) for _ in range(args.repeat)]
                builds = [sum(v for k, v in cells.items() if k != LOAD) for cells in runs]
                best = min(range(len(runs)), key=builds.__getitem__)
                totals[label] += builds[best]
                cells = {k: v for k, v in runs[best].items() if k != LOAD}
                slowest = sorted(cells.items(), key=lambda kv: -kv[1])[:3]
                detail = ", ".join(f"{name} {seconds:.2f}" for name, seconds in slowest)
                print(
                    f"{report:26} {label:10} build best {builds[best]:6.2f} s  "
                    f"median {statistics.median(builds):6.2f} s  "
                    f"(load {runs[best][LOAD]:.2f} s; slowest: {detail})",
                    flush=True,
                )
    finally:
        if args.before:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(checkout)],
                check=False,
            )
    print(" ".join(f"builds, sum of best, {label}: {t:.2f} s;" for label, t in totals.items()))
    print(f"load {load()} at end")


if __name__ == "__main__":
    main()
