"""Read a council's data folder: :func:`validate_data` lists every problem,
:func:`load_council` returns a :class:`Council` or raises :class:`ValidationFailed`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pmaf_lib.errors import ValidationFailed
from pmaf_lib.plan.checks import (
    Context,
    check_assurance,
    check_benchmarks,
    check_duplicates,
    check_metrics,
    check_targets,
    check_updates,
    check_values,
)
from pmaf_lib.plan.council import SPC_COLUMNS, Council, SourceFile, plan_frames
from pmaf_lib.plan.key_messages import KEY_MESSAGES, empty_key_messages, parse_key_messages
from pmaf_lib.plan.optional_inputs import (
    ASSURANCE,
    BENCHMARKS,
    SPC,
    check_spc,
    parse_assurance,
    parse_benchmarks,
    parse_spc,
)
from pmaf_lib.plan.problems import ProblemLog, ValidationReport
from pmaf_lib.plan.register import (
    METRIC_COLUMNS,
    METRICS,
    TARGETS,
    parse_metrics,
    parse_targets,
)
from pmaf_lib.plan.return_workbook import is_return_workbook, read_return_workbook
from pmaf_lib.plan.submissions import (
    RETURNS,
    UPDATES,
    check_recovery,
    parse_returns,
    parse_updates,
)
from pmaf_lib.plan.tables import (
    TABLE_SUFFIXES,
    Table,
    TableSpec,
    each,
    read_table,
    refuse_link,
    table_files,
)
from pmaf_lib.plan.trajectories import (
    TRAJECTORIES,
    check_trajectories,
    parse_trajectories,
    trajectory_frame,
)
from pmaf_lib.plan.unit_words import check_unit_words
from pmaf_lib.plan.yaml_files import check_yaml_integrity, read_plan, read_reference

# the return's recovery columns, as the loader types them (dates with the label given)
RECOVERY_FIELDS = (
    "impact",
    "cause",
    "action_owner",
    "action_due",
    "action_due_label",
    "back_on_track_by",
    "back_on_track_by_label",
)
VALUE_COLUMNS = (
    "metric_id",
    "period",
    "period_start",
    "value",
    "numerator",
    "denominator",
    "estimated",
    "provisional",
    "revised",
    "commentary",
    "action",
    "submitted_by",
    "submitted_on",
    *RECOVERY_FIELDS,
    "source_file",
    "source_row",
)
TARGET_COLUMNS = (
    "metric_id",
    "financial_year",
    "fy",
    "fy_last",
    "period",
    "target",
    "direction",
    "target_low",
    "target_high",
    "tolerance",
    "tolerance_type",
    "profile",
)
UPDATE_COLUMNS = (
    "milestone_id",
    "period",
    "period_start",
    "status",
    "percent_complete",
    "revised_due",
    "revised_due_label",
    "completed_on",
    "commentary",
    "updated_by",
)
BENCHMARK_COLUMNS = (
    "metric_id",
    "period",
    "group",
    "organisation",
    "organisation_code",
    "value",
    "is_self",
    "is_reference",
)
ASSURANCE_COLUMNS = ("direction_id", "period", "judgement", "reason", "officer")


class _Reader:
    """Reads tables from the data folder, remembering every source file."""

    def __init__(self, data_dir: Path, log: ProblemLog) -> None:
        self.data_dir = data_dir
        self.log = log
        self.sources: list[SourceFile] = []

    def record(self, path: Path, rows: int) -> None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.sources.append(SourceFile(path.relative_to(self.data_dir).as_posix(), digest, rows))

    def table(self, path: Path, spec: TableSpec) -> Table | None:
        """The file's table, or None when it cannot be used. A file missing a required
        column (often misspelled, which the header problem says) has its rows left
        unchecked: thousands of row errors would bury the one real cause."""
        if refuse_link(path, self.data_dir, self.log):
            return None
        table = read_table(path, self.data_dir, spec, self.log)
        self.record(path, 0 if table is None else len(table.frame))
        if table is not None and table.missing & set(spec.required):
            return None
        return table

    def single(self, stem: str, spec: TableSpec, required: bool) -> Table | None:
        """``stem.csv`` or ``stem.xlsx``; a problem when missing (if required) or both exist."""
        paths = table_files(self.data_dir, stem)
        if len(paths) > 1:
            self.log.add(
                paths[1].name,
                None,
                None,
                None,
                f"both {paths[0].name} and {paths[1].name} exist, so it is unclear which to use",
                "one of them",
            )
            return None
        if not paths:
            if required:
                self.log.add(
                    f"{stem}.csv",
                    None,
                    None,
                    None,
                    "is missing",
                    f"{stem}.csv or {stem}.xlsx (sheet {spec.sheet!r}) in the data folder",
                )
            return None
        return self.table(paths[0], spec)

    def folder(self, name: str, spec: TableSpec, required: bool = True) -> list[Table]:
        """Every CSV/XLSX file in a sub-folder (Excel lock files and hidden files skipped)."""
        folder = self.data_dir / name
        present = folder.is_dir() or folder.is_symlink()
        if present and refuse_link(folder, self.data_dir, self.log):
            return []
        files = sorted(folder.iterdir()) if folder.is_dir() else []
        tables = []
        for path in files:
            if path.name.startswith(("~$", ".")) or not (path.is_file() or path.is_symlink()):
                continue
            if path.suffix.lower() not in TABLE_SUFFIXES:
                self.log.warn(
                    path.relative_to(self.data_dir).as_posix(),
                    None,
                    None,
                    None,
                    "is not a .csv or .xlsx file and is ignored",
                )
                continue
            if refuse_link(path, self.data_dir, self.log):
                continue
            if is_return_workbook(path):
                sheets = read_return_workbook(path, self.data_dir, spec, self.log)
                self.record(path, sum(len(t.frame) for t in sheets))
                tables.extend(sheets)
            elif (table := self.table(path, spec)) is not None:
                tables.append(table)
        if required and not any(p.suffix.lower() in TABLE_SUFFIXES for p in files):
            self.log.add(
                f"{name}/",
                None,
                None,
                None,
                "holds no .csv or .xlsx returns",
                f"at least one returns file in {name}/",
            )
        return tables


def _parse(table: Table | None, parse: Callable[[Table], pd.DataFrame]) -> pd.DataFrame | None:
    return None if table is None else parse(table)


def _with_periods(frame: pd.DataFrame) -> pd.DataFrame:
    """Period objects -> canonical ids plus ``period_start``."""
    periods = frame["period"]
    return frame.assign(
        period=each(periods, str),
        period_start=pd.to_datetime(each(periods, lambda p: p.start)),
    )


def _spc_frame(spc: pd.DataFrame) -> pd.DataFrame:
    """``spc.csv`` with periods as their first day (``rebase``, ``baseline_start``)."""
    starts = {
        column: pd.to_datetime(each(spc[column], lambda p: p.start))
        for column in ("rebase", "baseline_start")
    }
    return spc.assign(**starts)[list(SPC_COLUMNS)].reset_index(drop=True)


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _empty_table(columns: tuple[str, ...]) -> pd.DataFrame:
    """An absent optional table: no rows, its columns plus the source columns."""
    return _empty((*dict.fromkeys(columns), "source_file", "source_row"))


def _read(data_dir: Path) -> tuple[Council | None, ValidationReport]:
    log = ProblemLog()
    if not data_dir.is_dir():
        log.add(str(data_dir), None, None, None, "is not a folder", "a council data folder")
        return None, ValidationReport(str(data_dir), log.report())
    reader = _Reader(data_dir, log)
    plan, plan_doc = read_plan(data_dir, log)
    reference, reference_doc = read_reference(data_dir, log)
    for name in ("plan.yaml", "reference.yaml"):
        if (data_dir / name).is_file():
            reader.record(data_dir / name, len((data_dir / name).read_bytes().splitlines()))
    check_yaml_integrity(plan, plan_doc, reference, reference_doc, log)
    ctx = Context(plan, reference, None, log)

    # a plan may have no metrics (so no returns or targets) and no milestone updates yet
    metrics = _parse(reader.single("metrics", METRICS, False), lambda t: parse_metrics(t, log))
    if metrics is not None:
        metrics = metrics.loc[metrics["metric_id"].notna()]
        check_metrics(metrics, ctx)
        check_unit_words(metrics, log)
        ctx.metrics = metrics

    values = None
    returns = reader.folder("returns", RETURNS, required=metrics is not None)
    if returns:
        values = check_values(parse_returns(returns, log), ctx)
        check_recovery(values, log)
        check_duplicates(values, ["metric_id", "period_text"], "metric_id", "return", log)

    targets = _parse(reader.single("targets", TARGETS, False), lambda t: parse_targets(t, log))
    check_targets(_empty_table(TARGET_COLUMNS) if targets is None else targets, values, ctx)

    updates = _parse(reader.single("milestones", UPDATES, False), lambda t: parse_updates(t, log))
    if updates is not None:
        updates = check_updates(updates, ctx)

    council_name = plan.council if plan else None
    benchmarks = _parse(
        reader.single("benchmarks", BENCHMARKS, False),
        lambda t: parse_benchmarks(t, council_name, log),
    )
    if benchmarks is not None:
        benchmarks = check_benchmarks(benchmarks, ctx)
    assurance = _parse(
        reader.single("assurance", ASSURANCE, False), lambda t: parse_assurance(t, log)
    )
    if assurance is not None:
        assurance = check_assurance(assurance, ctx)
    spc = _parse(reader.single("spc", SPC, False), lambda t: parse_spc(t, log))
    if spc is not None:
        spc = check_spc(spc, metrics, log)
    trajectories = _parse(
        reader.single("trajectories", TRAJECTORIES, False), lambda t: parse_trajectories(t, log)
    )
    if trajectories is not None:
        trajectories = check_trajectories(trajectories, metrics, log)

    key_messages = _parse(
        reader.single("key_messages", KEY_MESSAGES, False),
        lambda t: parse_key_messages(t, plan, reference, log),
    )

    if log.has_errors or plan is None or reference is None:
        return None, ValidationReport(str(data_dir), log.report())
    metrics = _empty_table((*METRIC_COLUMNS, "scale")) if metrics is None else metrics
    values = _empty_table((*VALUE_COLUMNS, "period")) if values is None else values
    targets = _empty_table(TARGET_COLUMNS) if targets is None else targets
    updates = _empty_table(UPDATE_COLUMNS) if updates is None else updates
    outcomes, deliverables, milestones = plan_frames(plan)
    priority_of = dict(zip(outcomes["outcome_id"], outcomes["priority_id"], strict=True))
    metrics = metrics.assign(
        priorities=metrics["outcomes"].map(
            lambda ids: tuple(dict.fromkeys(priority_of[i] for i in ids))
        )
    )
    targets = targets.assign(
        period=each(targets["period"], str),
        fy=targets["fy"].astype(int),
    )
    council = Council(
        plan=plan,
        reference=reference,
        metrics=metrics[[*METRIC_COLUMNS, "priorities"]].reset_index(drop=True),
        targets=targets[list(TARGET_COLUMNS)].reset_index(drop=True),
        values=_with_periods(values)[list(VALUE_COLUMNS)]
        .sort_values(["metric_id", "period_start"])
        .reset_index(drop=True),
        outcomes=outcomes,
        deliverables=deliverables,
        milestones=milestones,
        milestone_updates=_with_periods(updates)[list(UPDATE_COLUMNS)]
        .sort_values(["milestone_id", "period_start"])
        .reset_index(drop=True),
        benchmarks=_empty(BENCHMARK_COLUMNS)
        if benchmarks is None
        else _with_periods(benchmarks)[list(BENCHMARK_COLUMNS)].reset_index(drop=True),
        assurance_overrides=_empty(ASSURANCE_COLUMNS)
        if assurance is None
        else _with_periods(assurance)[list(ASSURANCE_COLUMNS)].reset_index(drop=True),
        sources=reader.sources,
        spc=_empty(SPC_COLUMNS) if spc is None else _spc_frame(spc),
        trajectories=trajectory_frame(trajectories),
        key_messages=empty_key_messages() if key_messages is None else key_messages,
    )
    report = ValidationReport(str(data_dir), log.report(), council.summary())
    return council, report


def read_data(data_dir: str | Path) -> tuple[Council | None, ValidationReport]:
    """The council (None when the data has errors) and every problem found."""
    return _read(Path(data_dir))


def validate_data(data_dir: str | Path) -> ValidationReport:
    """Check a data folder and list every problem; never raises for bad data."""
    return _read(Path(data_dir))[1]


def load_council(data_dir: str | Path) -> Council:
    """Load a data folder as a :class:`Council`; raises :class:`ValidationFailed` if invalid."""
    council, report = _read(Path(data_dir))
    if council is None:
        raise ValidationFailed(report)
    return council
