"""The month's scorecard as open data: ``scorecard.csv`` and ``scorecard.json`` in the period
folder, one row per metric (schema in docs/open-data.md).

What is published is the public audience's view: counts below 5 are suppressed (blank value,
``suppressed`` true), commentary is not published, and any text that a spreadsheet would read
as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from pmaf_lib.indicators.labels import round_half_up
from pmaf_lib.intake.safe_cells import neutralise
from pmaf_lib.run.manifest import sha256_file

SCHEMA = "pmaf-scorecard/1"
# (column, description); the order is the CSV's column order
FIELDS: tuple[tuple[str, str], ...] = (
    ("report_period", "the month reported (YYYY-MM)"),
    ("metric_id", "the council's id for the metric"),
    ("title", "the metric's short name"),
    ("directorate", "the directorate responsible (id)"),
    ("unit", "percent, number, days, gbp or rate"),
    ("rate_per", "for rates: per how many (e.g. 1000)"),
    ("polarity", "higher (higher is better), lower, or none"),
    ("frequency", "monthly, quarterly or annual"),
    ("period", "the period judged (2026-10, 2026/27 Q2 or 2026/27)"),
    ("value", "the headline value for that period; blank if missing or suppressed"),
    ("suppressed", "true when a count below 5 is withheld to protect individuals"),
    ("target", "the target for that period"),
    ("status", "Green, Amber, Red, no target, no data or not due"),
    ("previous_period", "the period before"),
    ("direction_previous", "improving, worsening, no change or no comparison"),
    ("direction_last_year", "the same, against the same period last year"),
    ("ytd_value", "financial year to date; blank if suppressed"),
    ("ytd_status", "status of the year-to-date value"),
    ("forecast", "year-end forecast; blank if suppressed"),
    ("forecast_status", "status of the forecast against the year-end target"),
    ("spc_variation", "statistical process control: common cause or special cause"),
    ("spc_assurance", "whether the process will reliably meet the target"),
    ("trend", "the trend test's verdict over recent periods"),
    ("benchmark_group", "comparator group id"),
    ("benchmark_period", "period of the comparator values"),
    ("benchmark_rank", "rank in the group, 1 = best"),
    ("benchmark_n", "organisations ranked"),
    ("benchmark_quartile", "1 = best quarter of the group, 4 = worst"),
    ("data_quality", "flags separated by ';': missing, late, estimated, provisional, ..."),
    ("is_exception", "true when the metric is reported as an exception"),
)
SOURCE_COLUMN = {
    "status": "rag",
    "direction_previous": "dot_previous",
    "direction_last_year": "dot_last_year",
    "ytd_status": "ytd_rag",
    "forecast_status": "forecast_rag",
    "trend": "trend_verdict",
    "data_quality": "dq_flags",
    "period": "current_period",
}
SUPPRESSED_COLUMNS = ("value", "ytd_value", "forecast")
# figures published as the reports show them: rounded half up to the metric's decimals, so that
# the status beside each follows from the published number
ROUNDED_COLUMNS = ("value", "target", "ytd_value", "forecast")


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: NaN/NA -> None, numpy -> Python, tuples -> ';'-joined text."""
    if isinstance(value, tuple | list):
        return ";".join(str(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return neutralise(value)
    return value


def scorecard_rows(scorecard: pd.DataFrame, report_period: str) -> list[dict[str, Any]]:
    """The published rows, suppression applied (``suppress_below`` from the public view)."""
    rows = []
    for record in scorecard.to_dict("records"):
        limit = record.get("suppress_below")
        row: dict[str, Any] = {}
        suppressed = False
        for name, _ in FIELDS:
            value = record.get(SOURCE_COLUMN.get(name, name))
            if name in SUPPRESSED_COLUMNS and _is_small(value, limit):
                suppressed = suppressed or name == "value"
                value = None
            if name in ROUNDED_COLUMNS:
                value = _as_shown(value, record.get("decimals"))
            row[name] = _plain(value)
        row["report_period"] = report_period
        row["suppressed"] = suppressed
        rows.append(row)
    return rows


def _as_shown(value: Any, decimals: Any) -> Any:
    """``value`` rounded half up to ``decimals`` places, as the reports print it."""
    try:
        number, places = float(value), int(decimals)
    except (TypeError, ValueError):
        return value
    if math.isnan(number):
        return value
    rounded = float(round_half_up(number, places))
    return int(rounded) if places == 0 else rounded


def _is_small(value: Any, limit: Any) -> bool:
    try:
        value, limit = float(value), float(limit)
    except (TypeError, ValueError):
        return False
    return not (math.isnan(value) or math.isnan(limit)) and 0 < value < limit


def _csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[n for n, _ in FIELDS], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
                for k, v in row.items()
            }
        )
    return out.getvalue()


def write_open_data(
    folder: Path, scorecard: pd.DataFrame, report_period: str, council: str
) -> list[dict[str, str]]:
    """Write ``scorecard.csv`` and ``scorecard.json``; their paths and SHA-256 for the manifest."""
    rows = scorecard_rows(scorecard, report_period)
    document = {
        "schema": SCHEMA,
        "council": neutralise(council),
        "report_period": report_period,
        "fields": [{"name": n, "description": d} for n, d in FIELDS],
        "rows": rows,
    }
    (folder / "scorecard.csv").write_text(_csv_text(rows), encoding="utf-8")
    (folder / "scorecard.json").write_text(
        json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return [
        {"path": name, "sha256": sha256_file(folder / name)}
        for name in ("scorecard.csv", "scorecard.json")
    ]


def publish_open_data(folder: Path, inputs: Any, council: str) -> list[dict[str, str]]:
    """The run's hook: the public view of the evaluated month, or nothing when the run's inputs
    carry no evaluation (a test double)."""
    evaluation = getattr(inputs, "evaluation", None)
    if evaluation is None:
        return []
    from pmaf_lib.report.context import suppress_small_numbers

    public = suppress_small_numbers(evaluation)
    return write_open_data(folder, public.scorecard, str(public.period), council)
