"""Reports start longest first, so the month does not end with one long report running alone."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from pmaf_lib.run.schedule import longest_first, previous_costs

NAMES = {"portfolio-PF-A": "portfolio", "directorate-ASC": "directorate", "priority-1": "priority",
         "corporate_summary": None, "directions_appendix": None}  # fmt: skip


def _tasks(out_root: Path) -> list[SimpleNamespace]:
    build = SimpleNamespace(out_dir=out_root / ".2026-10.tmp-abc")
    return [SimpleNamespace(job=SimpleNamespace(name=name, scope_type=kind), settings=build)
            for name, kind in NAMES.items()]  # fmt: skip


def _publish(out_root: Path, period: str, seconds: dict[str, float]) -> None:
    run = out_root / "history" / period / "run-1"
    run.mkdir(parents=True)
    reports = [{"name": n, "timings_s": {"execute": s / 2, "html": 0.0, "pdf": s / 2}}
               for n, s in seconds.items()]  # fmt: skip
    (run / "manifest.json").write_text(json.dumps({"reports": reports}))
    (out_root / period).symlink_to(run.relative_to(out_root))


def test_without_a_previous_run_priorities_then_whole_plan_reports_go_first(tmp_path) -> None:
    tasks = _tasks(tmp_path)
    order = [tasks[i].job.name for i in longest_first(tasks)]
    assert order == ["priority-1", "corporate_summary", "directions_appendix", "directorate-ASC",
                     "portfolio-PF-A"]  # fmt: skip


def test_the_latest_published_month_says_which_report_is_longest(tmp_path) -> None:
    _publish(tmp_path, "2026-08", {"portfolio-PF-A": 99.0})
    _publish(tmp_path, "2026-09", {"portfolio-PF-A": 9.0, "directorate-ASC": 2.0,
                                   "priority-1": 4.0, "corporate_summary": 3.0,
                                   "directions_appendix": 1.0})  # fmt: skip
    assert previous_costs(tmp_path)["portfolio-PF-A"] == 9.0
    tasks = _tasks(tmp_path)
    order = [tasks[i].job.name for i in longest_first(tasks)]
    assert order == ["portfolio-PF-A", "priority-1", "corporate_summary", "directorate-ASC",
                     "directions_appendix"]  # fmt: skip


def test_a_broken_previous_manifest_only_loses_the_hint(tmp_path) -> None:
    (tmp_path / "history" / "2026-09" / "run-1").mkdir(parents=True)
    (tmp_path / "history" / "2026-09" / "run-1" / "manifest.json").write_text("{not json")
    (tmp_path / "2026-09").symlink_to(Path("history/2026-09/run-1"))
    assert previous_costs(tmp_path) == {}
    tasks = _tasks(tmp_path)
    assert tasks[longest_first(tasks)[0]].job.name == "priority-1"
