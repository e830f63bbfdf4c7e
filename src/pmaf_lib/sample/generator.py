"""``generate()``: write a complete, seeded, scalable sample council data folder.

The folder follows ``docs/data-format.md``: ``plan.yaml``, ``reference.yaml``,
``metrics.csv``, ``targets.csv``, ``returns/YYYY-MM.csv`` (two months as XLSX, one saved as
Windows-1252 with pound signs and thousands separators, one UTF-8 with a BOM),
``milestones.csv``, ``benchmarks.csv`` and ``assurance.csv``. The same seed and scale always
give byte-identical files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pmaf_lib.periods import Frequency, parse_period
from pmaf_lib.plan.optional_inputs import ASSURANCE, BENCHMARKS
from pmaf_lib.plan.register import METRICS, TARGETS
from pmaf_lib.plan.submissions import RETURNS, UPDATES
from pmaf_lib.plan.trajectories import TRAJECTORIES
from pmaf_lib.sample.catalogue import MetricSpec, build_catalogue, stable_int
from pmaf_lib.sample.headline import fy_outturn
from pmaf_lib.sample.milestone_updates import MilestoneUpdate, build_milestone_updates
from pmaf_lib.sample.plan_builder import build_priorities, lead_officer, plan_yaml
from pmaf_lib.sample.reference import (
    BENCHMARK_GROUP,
    COMPARATORS,
    COUNCIL,
    ReferenceData,
    build_reference,
)
from pmaf_lib.sample.returns import ReturnRow, add_awkward_commentary, build_returns
from pmaf_lib.sample.series import Series, generate_series
from pmaf_lib.sample.targets import TargetRow, build_targets
from pmaf_lib.sample.timeline import AS_AT, CURRENT_FY, FIRST_MONTH, PLAN_FYS, fy_label
from pmaf_lib.sample.trajectories import trajectory_rows
from pmaf_lib.sample.writer import (
    format_cell,
    format_number,
    to_cp1252,
    write_csv,
    write_xlsx,
    write_yaml,
)

XLSX_MONTHS = {"2024-02": "dates", "2025-07": "text"}  # how each workbook writes periods
CP1252_MONTH = "2024-11"
BOM_MONTH = "2023-05"

# Column order of each file: the loader's own table specifications, so the two cannot drift.
# columns no sample metric uses are left out of its files
UNUSED = {"running_total_from", "target_low", "target_high"}
METRIC_COLUMNS = [c for c in METRICS.columns if c not in UNUSED]
TARGET_COLUMNS = [c for c in TARGETS.columns if c not in UNUSED]
RETURN_COLUMNS = list(RETURNS.columns)
MILESTONE_COLUMNS = list(UPDATES.columns)
BENCHMARK_COLUMNS = list(BENCHMARKS.required)  # the sample needs no codes or reference rows
ASSURANCE_COLUMNS = list(ASSURANCE.columns)
TOP_LEVEL_FILES = [
    "README.md",
    "plan.yaml",
    "reference.yaml",
    "metrics.csv",
    "targets.csv",
    "milestones.csv",
    "benchmarks.csv",
    "assurance.csv",
    "trajectories.csv",
]


@dataclass(frozen=True)
class SampleSummary:
    """What a generated folder holds."""

    out_dir: Path
    metrics: int
    directorates: int
    outcomes: int
    deliverables: int
    milestones: int
    months: int
    return_rows: int
    files: int

    def __str__(self) -> str:
        return (
            f"Sample council written to {self.out_dir}: {self.metrics} metrics, "
            f"{self.directorates} directorates, {self.outcomes} outcomes, "
            f"{self.deliverables} deliverables, {self.milestones} milestones, "
            f"{self.months} months of returns ({self.return_rows} rows), {self.files} files."
        )


def generate(out_dir: Path | str, seed: int = 2026, scale: float = 1.0) -> SampleSummary:
    """Write the sample council for ``seed`` and ``scale`` into ``out_dir``."""
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    out = Path(out_dir)
    reference = build_reference(scale)
    metrics = sorted(build_catalogue(reference, scale), key=lambda m: m.id)
    priorities = build_priorities(reference, scale, seed)
    names = {o.id: o.name for o in reference.officers}

    series: dict[str, Series] = {}
    targets: list[TargetRow] = []
    returns: list[ReturnRow] = []
    for spec in metrics:
        rng = np.random.default_rng([seed, stable_int(spec.id)])
        series[spec.id] = generate_series(spec, rng)
        metric_targets = build_targets(spec, series[spec.id], rng)
        targets.extend(metric_targets)
        owner = _owner(reference, spec)
        returns.extend(
            build_returns(spec, series[spec.id], metric_targets, (owner, names[owner]), seed)
        )
    returns = add_awkward_commentary(returns, seed)
    updates = build_milestone_updates(priorities, names, seed)

    _clear(out)
    (out / "returns").mkdir(parents=True, exist_ok=True)
    (out / "README.md").write_text(_readme(seed, scale), encoding="utf-8", newline="\n")
    write_yaml(out / "plan.yaml", plan_yaml(priorities, COUNCIL))
    write_yaml(out / "reference.yaml", reference.as_yaml_dict())
    write_csv(out / "metrics.csv", METRIC_COLUMNS, [_metric_row(reference, m) for m in metrics])
    write_csv(out / "targets.csv", TARGET_COLUMNS, _target_rows(targets))
    files = _write_returns(out / "returns", {m.id: m for m in metrics}, returns)
    write_csv(out / "milestones.csv", MILESTONE_COLUMNS, _milestone_rows(updates))
    write_csv(out / "benchmarks.csv", BENCHMARK_COLUMNS, _benchmark_rows(metrics, series, seed))
    write_csv(out / "assurance.csv", ASSURANCE_COLUMNS, [_assurance_row(reference)])
    by_metric = {m.id: [t for t in targets if t.metric_id == m.id] for m in metrics}
    write_csv(
        out / "trajectories.csv",
        list(TRAJECTORIES.columns),
        trajectory_rows(metrics, returns, by_metric),
    )
    milestones = sum(
        len(d.milestones) for p in priorities for o in p.outcomes for d in o.deliverables
    )
    return SampleSummary(
        out,
        len(metrics),
        len(reference.directorates),
        sum(len(p.outcomes) for p in priorities),
        sum(len(o.deliverables) for p in priorities for o in p.outcomes),
        milestones,
        AS_AT.ordinal - FIRST_MONTH.ordinal + 1,
        len(returns),
        len(TOP_LEVEL_FILES) + files,
    )


def _readme(seed: int, scale: float) -> str:
    return f"""# Sample council: {COUNCIL} (fictional)

Generated by `pmaf sample --seed {seed} --scale {scale:g}` (`pmaf_lib.sample`); do not edit by
hand - change the generator and regenerate. The same seed and scale always give byte-identical
files. Layout and columns: `docs/data-format.md`.

Data runs from April 2022 to {AS_AT.long_label}. The returns deliberately include awkward input
that a loader must cope with: two months as XLSX (`returns/2024-02.xlsx` with Excel dates,
`returns/2025-07.xlsx`), one saved by Excel as Windows-1252 with pound signs, thousands
separators and UK dates (`returns/{CP1252_MONTH}.csv`), one UTF-8 file with a byte-order mark
(`returns/{BOM_MONTH}.csv`), missing, late, estimated, provisional and revised figures, and
hostile commentary (HTML, script tags, spreadsheet formulas, Markdown, emoji).

Most off-track returns say what a board needs - impact, cause, the action's owner and due
date, when the figure will be back on track (`impact`, `cause`, `action_owner`, `action_due`,
`back_on_track_by`) - but not all: some Red figures have no action or no recovery date, as
in real returns. `trajectories.csv` holds a recovery trajectory for one off-track metric per
directorate.
"""


def _clear(out: Path) -> None:
    """Remove files a previous generation wrote (and nothing else)."""
    for name in TOP_LEVEL_FILES:
        (out / name).unlink(missing_ok=True)
    if (out / "returns").is_dir():
        for path in (out / "returns").iterdir():
            if path.suffix in (".csv", ".xlsx"):
                path.unlink()


def _owner(reference: ReferenceData, spec: MetricSpec) -> str:
    officers = reference.directorate(spec.directorate).officers
    lead = lead_officer(reference, spec.directorate, spec.id)
    return officers[-1] if officers[-1] != lead else officers[0]


def _metric_row(reference: ReferenceData, m: MetricSpec) -> list[str]:
    cells = {
        "metric_id": m.id,
        "title": m.title,
        "definition": m.definition,
        "unit": m.unit,
        "rate_per": str(m.rate_per) if m.unit == "rate" else "",
        "decimals": str(m.decimals),
        "polarity": m.polarity,
        "frequency": m.frequency,
        "aggregation": m.aggregation,
        "numerator_label": m.numerator_label,
        "denominator_label": m.denominator_label,
        "denominator_basis": m.denominator_basis,
        "target_basis": m.target_basis,
        "source": m.source,
        "owner": _owner(reference, m),
        "directorate": m.directorate,
        "portfolio": m.portfolio,
        "lead_officer": lead_officer(reference, m.directorate, m.id),
        "lens": m.lens,
        "equality_objectives": ";".join(m.equality_objectives),
        "directions": ";".join(m.directions),
        "outcomes": ";".join(m.outcomes),
        "benchmark_group": BENCHMARK_GROUP[0] if m.benchmark else "",
    }
    return [cells[column] for column in METRIC_COLUMNS]


def _target_rows(targets: list[TargetRow]) -> list[list[str]]:
    def key(t: TargetRow) -> tuple[str, str, int]:
        return (t.metric_id, t.financial_year, _period_order(t.period) if t.period else -1)

    def cells(t: TargetRow) -> dict[str, str]:
        return {
            "metric_id": t.metric_id,
            "financial_year": t.financial_year,
            "period": t.period,
            "target": format_number(t.target),
            "tolerance": format_number(t.tolerance),
            "tolerance_type": t.tolerance_type,
            "profile": t.profile,
        }

    return [[cells(t)[c] for c in TARGET_COLUMNS] for t in sorted(targets, key=key)]


def _period_order(text: str) -> int:
    return parse_period(text).ordinal


def _value_cells(spec: MetricSpec, row: ReturnRow) -> tuple[float | None, ...]:
    value: float | None = None if np.isnan(row.value) else row.value
    if value is not None and spec.is_ratio:
        value = round(value, spec.decimals + 1)
    return value, row.numerator, row.denominator


def _return_cells(spec: MetricSpec, row: ReturnRow) -> list[str]:
    return [
        row.metric_id,
        str(row.period),
        *(format_number(v) for v in _value_cells(spec, row)),
        row.flags,
        row.commentary,
        row.action,
        row.submitted_by,
        format_cell(row.submitted_on),
        *row.recovery.cells(),
    ]


def _grouped(number: float | None, prefix: str = "", suffix: str = "", decimals: int = 6) -> str:
    """A number as Excel shows it to a UK user: ``£1,234,567``, ``12,345``, ``95.2%``."""
    if number is None or np.isnan(number):
        return ""
    text = f"{number:,.{decimals}f}".rstrip("0").rstrip(".")
    return f"{prefix}{text}{suffix}"


def _cp1252_cells(spec: MetricSpec, row: ReturnRow) -> list[str]:
    value, numerator, denominator = _value_cells(spec, row)
    pound = "£" if spec.unit == "gbp" else ""
    percent = "%" if spec.unit == "percent" else ""
    money = "£" if "(£)" in spec.numerator_label else ""
    period = row.period.label if row.period.frequency is Frequency.MONTHLY else str(row.period)
    return [
        row.metric_id,
        period,
        _grouped(value, pound, percent),
        _grouped(numerator, money),
        _grouped(denominator, money),
        row.flags,
        to_cp1252(row.commentary),
        to_cp1252(row.action),
        to_cp1252(row.submitted_by),
        row.submitted_on.strftime("%d/%m/%Y"),
        *(to_cp1252(cell) for cell in row.recovery.cells()),
    ]


def _xlsx_cells(spec: MetricSpec, row: ReturnRow, periods_as: str) -> list[object]:
    period: object = str(row.period)
    if periods_as == "dates" and row.period.frequency is Frequency.MONTHLY:
        period = row.period.start
    return [
        row.metric_id,
        period,
        *_value_cells(spec, row),
        row.flags or None,
        row.commentary or None,
        row.action or None,
        row.submitted_by,
        row.submitted_on,
        *(cell or None for cell in row.recovery.cells()),
    ]


def _write_returns(folder: Path, specs: dict[str, MetricSpec], rows: list[ReturnRow]) -> int:
    by_month: dict[str, list[ReturnRow]] = defaultdict(list)
    for row in rows:
        by_month[str(row.file_month)].append(row)
    for month, month_rows in sorted(by_month.items()):
        month_rows.sort(key=lambda r: (r.metric_id, r.period.ordinal, r.period.frequency.months))
        if month in XLSX_MONTHS:
            cells = [_xlsx_cells(specs[r.metric_id], r, XLSX_MONTHS[month]) for r in month_rows]
            write_xlsx(folder / f"{month}.xlsx", "returns", RETURN_COLUMNS, cells)
        elif month == CP1252_MONTH:
            text = [_cp1252_cells(specs[r.metric_id], r) for r in month_rows]
            write_csv(folder / f"{month}.csv", RETURN_COLUMNS, text, encoding="cp1252")
        else:
            text = [_return_cells(specs[r.metric_id], r) for r in month_rows]
            encoding = "utf-8-sig" if month == BOM_MONTH else "utf-8"
            write_csv(folder / f"{month}.csv", RETURN_COLUMNS, text, encoding=encoding)
    return len(by_month)


def _milestone_key(update: MilestoneUpdate) -> tuple[tuple[int, ...], str]:
    return tuple(int(part) for part in update.milestone_id.split(".")), update.period


def _milestone_rows(updates: list[MilestoneUpdate]) -> list[list[str]]:
    return [
        [
            u.milestone_id,
            u.period,
            u.status,
            str(u.percent_complete),
            format_cell(u.revised_due),
            format_cell(u.completed_on),
            u.commentary,
            u.updated_by,
        ]
        for u in sorted(updates, key=_milestone_key)
    ]


def _benchmark_rows(
    metrics: list[MetricSpec], series: dict[str, Series], seed: int
) -> list[list[str]]:
    """Annual values for the council and its 15 nearest neighbours, 2022/23-2025/26."""
    rows = []
    for spec in (m for m in metrics if m.benchmark):
        rng = np.random.default_rng([seed, stable_int("benchmark", spec.id)])
        effects = rng.normal(0, 0.1, len(COMPARATORS))
        years = [fy for fy in PLAN_FYS if fy < CURRENT_FY]
        own = {fy: fy_outturn(spec, series[spec.id], fy) for fy in years}
        # the group's centre sits above or below the council, so its quartile varies
        centre = float(np.nanmean(list(own.values()))) * np.exp(rng.normal(0, 0.12))
        for fy in years:
            drift = rng.normal(0, 0.02)
            values = {COUNCIL: own[fy]}
            for name, effect in zip(COMPARATORS, effects, strict=True):
                value = centre * np.exp(effect + drift + rng.normal(0, 0.04))
                values[name] = min(value, 100.0) if spec.unit == "percent" else value
            for name in sorted(values):
                value = round(values[name], spec.decimals)
                rows.append([spec.id, fy_label(fy), BENCHMARK_GROUP[0], name, format_number(value)])
    return rows


def _assurance_row(reference: ReferenceData) -> list[str]:
    section151 = reference.directorate("RES").officers[0]
    officer = next(o.name for o in reference.officers if o.id == section151)
    return [
        "D2",
        str(AS_AT),
        "reasonable",
        "Commissioners reviewed the savings tracker on 14 October 2026 and found credible "
        "recovery plans for the slipped savings; the metrics-based judgement reflects timing "
        "of delivery, not risk to the budget.",
        officer,
    ]
