"""The order reports start in: longest first, so that no long report starts last and runs alone
while the other workers sit idle (longest-processing-time-first scheduling).

A report's expected cost is what it took in the latest run published in the same outputs
folder (any month: a council's reports change little from month to month). Without one,
priorities go first, then the whole-plan reports (corporate summary, Directions appendix),
directorates and portfolios: the order of their usual size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pmaf_lib.run.output_tree import read_manifest
from pmaf_lib.run.worker import Task

MONTH = re.compile(r"\d{4}-\d{2}")
USUAL_SIZE = {"priority": 3, None: 2, "directorate": 1, "portfolio": 0}


def previous_costs(out_root: Path) -> dict[str, float]:
    """Each report's seconds (execute, render, print) in the latest month published here."""
    months = sorted(p for p in out_root.glob("*") if MONTH.fullmatch(p.name) and p.is_dir())
    manifest = read_manifest(months[-1]) if months else None
    if not manifest:
        return {}
    return {
        str(report["name"]): sum(float(s) for s in report.get("timings_s", {}).values())
        for report in manifest.get("reports", [])
    }


def longest_first(tasks: Sequence[Task]) -> list[int]:
    """Indices of ``tasks`` in the order to start them (ties keep the plan's order)."""
    costs: dict[Path, dict[str, float]] = {}

    def key(i: int) -> tuple[float, int, int]:
        task = tasks[i]
        out_root = task.settings.out_dir.parent
        if out_root not in costs:
            costs[out_root] = previous_costs(out_root)
        seconds = costs[out_root].get(task.job.name, 0.0)
        return (-seconds, -USUAL_SIZE.get(task.job.scope_type, 0), i)

    return sorted(range(len(tasks)), key=key)
