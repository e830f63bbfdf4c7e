"""The month's report list: which notebook runs with which parameters for which scope."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmaf_lib.errors import PlanError
from pmaf_lib.periods import parse_period
from pmaf_lib.run.params import RunParams
from pmaf_lib.run.upstream import SCOPE_TYPES, Scope

SCOPE_NOTEBOOK = "scope_report.ipynb"
CORPORATE_SUMMARY = "corporate_summary"
DIRECTIONS_APPENDIX = "directions_appendix"
WHOLE_PLAN_REPORTS = {
    CORPORATE_SUMMARY: ("corporate_summary.ipynb", "Corporate performance summary"),
    DIRECTIONS_APPENDIX: ("directions_appendix.ipynb", "Improvement Directions appendix"),
}
SELECTION_FIELD = {
    "priority": "priorities",
    "directorate": "directorates",
    "portfolio": "portfolios",
}


@dataclass(frozen=True, slots=True)
class ReportJob:
    """One report: a notebook executed with ``parameters``, saved as ``<name>.*``."""

    name: str
    title: str
    notebook: Path
    parameters: dict[str, Any]
    scope_type: str | None = None
    scope_id: str | None = None


def report_kind(job: ReportJob) -> str:
    """The job's kind as params name it: ``priorities``, ``directorates``, ``portfolios``,
    ``corporate_summary`` or ``directions_appendix``."""
    return SELECTION_FIELD[job.scope_type] if job.scope_type else job.name


@dataclass(frozen=True, slots=True)
class RunPlan:
    """Everything a run produces for one period. ``complete`` is False for an ``--only`` subset."""

    period: str
    period_label: str
    council: str
    classification: str
    jobs: tuple[ReportJob, ...]
    complete: bool = True

    def with_evaluation_cache(self, path: Path) -> RunPlan:
        jobs = tuple(
            dataclasses.replace(j, parameters={**j.parameters, "evaluation_cache": str(path)})
            for j in self.jobs
        )
        return dataclasses.replace(self, jobs=jobs)


_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def file_stem(scope_type: str, scope_id: str) -> str:
    """``directorate-ASC``: safe as a file name on every platform, one per id.

    An id with other characters gets them as ``_`` plus the first 8 hex digits of its SHA-256,
    so ``X/Y``, ``X_Y`` and ``X Y`` stay three files and each keeps its name from run to run:
    ``directorate-X_Y``, ``directorate-X_Y-6d5e1f0c``, ...
    """
    safe = _UNSAFE_IN_NAME.sub("_", scope_id)
    if safe == scope_id:
        return f"{scope_type}-{safe}"
    return f"{scope_type}-{safe}-{hashlib.sha256(scope_id.encode()).hexdigest()[:8]}"


def _check_unique_names(jobs: Sequence[ReportJob]) -> None:
    """Two reports whose file names differ only in case would overwrite each other on Windows
    and macOS (and the index would link both to one file)."""
    seen: dict[str, ReportJob] = {}
    problems = []
    for job in jobs:
        other = seen.setdefault(job.name.casefold(), job)
        if other is not job:
            problems.append(
                f"{job.scope_type} ids {other.scope_id!r} and {job.scope_id!r} would both be "
                f"saved as {job.name}.html (file names ignore case on Windows and macOS); "
                "rename one of them in the data"
            )
    if problems:
        raise PlanError("\n".join(problems))


def _scope_title(scope: Scope) -> str:
    if scope.type == "priority":
        return f"Priority {scope.id}: {scope.name}"
    return f"{scope.name} {scope.type}"


def _selected_scopes(params: RunParams, scopes: dict[str, list[Scope]]) -> list[Scope]:
    chosen: list[Scope] = []
    problems: list[str] = []
    for scope_type in SCOPE_TYPES:
        available = scopes[scope_type]
        selection = getattr(params.reports, SELECTION_FIELD[scope_type])
        if selection == "all":
            chosen.extend(available)
            continue
        by_id = {s.id: s for s in available}
        unknown = [i for i in selection if i not in by_id]
        if unknown:
            problems.append(
                f"reports.{SELECTION_FIELD[scope_type]}: unknown {scope_type} id(s) "
                f"{', '.join(unknown)}; valid ids: {', '.join(by_id) or '(none)'}"
            )
        chosen.extend(by_id[i] for i in selection if i in by_id)
    if problems:
        raise PlanError("\n".join(problems))
    return chosen


def _only_filter(tokens: Sequence[str], scopes: dict[str, list[Scope]]) -> set[str]:
    """Job names picked by ``--only``: ``directorate:ASC``, ``portfolio``, ``corporate_summary``."""
    names: set[str] = set()
    problems: list[str] = []
    for token in tokens:
        kind, _, scope_id = token.partition(":")
        if kind in WHOLE_PLAN_REPORTS and not scope_id:
            names.add(kind)
        elif kind in SCOPE_TYPES:
            ids = [s.id for s in scopes[kind]]
            if scope_id and scope_id not in ids:
                problems.append(f"--only {token}: unknown {kind} id; valid ids: {', '.join(ids)}")
            names.update(file_stem(kind, i) for i in ids if not scope_id or i == scope_id)
        else:
            kinds = [*SCOPE_TYPES, *WHOLE_PLAN_REPORTS]
            problems.append(
                f"--only {token}: expected one of {', '.join(kinds)} (e.g. directorate:ASC)"
            )
    if problems:
        raise PlanError("\n".join(problems))
    return names


def build_run_plan(
    params: RunParams,
    *,
    council: str,
    scopes: dict[str, list[Scope]],
    period: str,
    notebooks_dir: Path,
    data_dir: Path,
    only: Sequence[str] = (),
    whole_plan: Sequence[str] = tuple(WHOLE_PLAN_REPORTS),
) -> RunPlan:
    """The reports of one month, in a fixed order: scopes first, then the whole-plan reports.

    ``only`` replaces the params' selection with the reports it names (any valid scope);
    ``whole_plan`` names the whole-plan reports the council's data has content for (no
    Directions appendix for a council without Directions).
    """
    common = {
        "data_dir": str(data_dir.resolve()),
        "period": period,
        "council_name": council,
        "classification": params.classification,
        "audience": params.audience,
        "evaluation_cache": "",
    }
    every_scope = [s for kind in SCOPE_TYPES for s in scopes[kind]]
    wanted_scopes = every_scope if only else _selected_scopes(params, scopes)
    jobs = [
        ReportJob(
            name=file_stem(s.type, s.id),
            title=_scope_title(s),
            notebook=notebooks_dir / SCOPE_NOTEBOOK,
            parameters={**common, "scope_type": s.type, "scope_id": s.id},
            scope_type=s.type,
            scope_id=s.id,
        )
        for s in wanted_scopes
    ]
    switches = {
        CORPORATE_SUMMARY: params.reports.corporate_summary,
        DIRECTIONS_APPENDIX: params.reports.directions_appendix,
    }
    for name, (notebook, title) in WHOLE_PLAN_REPORTS.items():
        if name in whole_plan and (only or switches[name]):
            jobs.append(ReportJob(name, title, notebooks_dir / notebook, dict(common)))
    if only:
        picked = _only_filter(only, scopes)
        jobs = [j for j in jobs if j.name in picked]
    if not jobs:
        raise PlanError("no reports selected")
    _check_unique_names(jobs)
    return RunPlan(
        period=period,
        period_label=parse_period(period).long_label,
        council=council,
        classification=params.classification,
        jobs=tuple(jobs),
        complete=not only,
    )


def check_notebook_parameters(jobs: Iterable[ReportJob]) -> None:
    """Fail before execution when a notebook is missing or lacks a parameter the run passes."""
    from papermill import inspect_notebook

    declared: dict[Path, set[str]] = {}
    problems: list[str] = []
    for job in jobs:
        if job.notebook not in declared:
            if not job.notebook.is_file():
                raise PlanError(f"{job.notebook}: notebook not found")
            declared[job.notebook] = set(inspect_notebook(str(job.notebook)))
        unknown = sorted(set(job.parameters) - declared[job.notebook])
        if unknown:
            problems.append(
                f"{job.notebook.name}: no parameter(s) {', '.join(unknown)} in its 'parameters' "
                f"cell (it has: {', '.join(sorted(declared[job.notebook])) or 'none'})"
            )
    if problems:
        raise PlanError("\n".join(sorted(set(problems))))
