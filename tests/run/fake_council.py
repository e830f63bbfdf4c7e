"""A stand-in for the plan and indicator parts, so the run is tested on its own.

``python -m tests.run.fake_council OUT PARAMS [pmaf run options]`` runs the month on it (used by
the interruption tests, which need a run in a separate process).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from pmaf_lib.run.monthly import RunRequest, run_month
from pmaf_lib.run.upstream import Upstream
from pmaf_lib.run.worker import JobResult

FIXTURES = Path(__file__).parent / "fixtures"
MONTHS = ["2025-07", "2025-08", "2025-09", "2025-10"]


def write_reports(tasks, workers, progress, scheduler=None) -> list[JobResult]:
    """Stand-in for the worker pool: each report's HTML written as a worker would (no kernel)."""
    results = []
    for task in tasks:
        job = task.job
        (task.settings.out_dir / f"{job.name}.html").write_text(f"<p>{job.title}</p>")
        results.append(JobResult(job.name, "ok", files={"html": f"{job.name}.html"}))
    return results


def fake_council(directorates: tuple[str, ...] = ("ASC",)) -> SimpleNamespace:
    """One priority, the given directorates, one portfolio; October 2025 is half reported."""
    metrics = pd.DataFrame(
        {"metric_id": ["M1", "M2", "Q1"], "frequency": ["monthly"] * 2 + ["quarterly"]}
    )
    values = pd.DataFrame(
        {
            "metric_id": ["M1", "M2"] * 3 + ["M1", "M2"],
            "period": [
                "2025-07",
                "2025-07",
                "2025-08",
                "2025-08",
                "2025-09",
                "2025-09",
                "2025-10",
                "2025-10",
            ],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, None],
        }
    )
    return SimpleNamespace(
        plan=SimpleNamespace(
            council="Borough of Testshire",
            priorities=[SimpleNamespace(id="1", title="A fairer, healthier borough")],
        ),
        reference=SimpleNamespace(
            directorates=[SimpleNamespace(id=d, name=f"Directorate {d}") for d in directorates],
            portfolios=[SimpleNamespace(id="PF-ADULTS", title="Adults and Health")],
            directions=[SimpleNamespace(id="D1", title="Financial sustainability")],
        ),
        metrics=metrics,
        values=values,
        sources=[SimpleNamespace(path="returns/2025-09.csv", sha256="ab" * 32, rows=8)],
    )


def fake_upstream(directorates: tuple[str, ...] = ("ASC",)) -> Upstream:
    return Upstream(
        read_data=lambda data_dir: (
            fake_council(directorates),
            SimpleNamespace(ok=True, problems=[], to_text=lambda: ""),
        ),
        evaluate=lambda council, period: {"series": [3, 1, 4, 1, 5, 9], "period": period},
    )


def main(argv: list[str]) -> int:
    out, params, *directorates = argv
    request = RunRequest(
        period="2025-09",
        params_path=Path(params),
        data_dir=FIXTURES,
        out_root=Path(out),
        notebooks_dir=FIXTURES,
        jobs=2,
    )
    return run_month(request, fake_upstream(tuple(directorates) or ("ASC",)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
