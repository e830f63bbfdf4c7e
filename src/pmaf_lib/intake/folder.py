"""What an import needs to know about the data folder it writes into: the metric register, the
plan's financial years and the values already there (read leniently: the folder may be new)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pmaf_lib.periods import PeriodError, parse_period
from pmaf_lib.plan.problems import ProblemLog
from pmaf_lib.plan.register import METRICS
from pmaf_lib.plan.submissions import RETURNS
from pmaf_lib.plan.tables import (
    TABLE_SUFFIXES,
    Table,
    as_text,
    read_table,
    table_files,
    to_numbers,
)
from pmaf_lib.plan.yaml_files import read_plan

SCALE = {"percent": 100.0}


@dataclass
class DataFolder:
    path: Path
    register: pd.DataFrame  # metric_id -> unit, frequency, polarity, scale, is_ratio
    years: set[int] | None  # the plan's financial years (start year), if plan.yaml reads
    council: str | None
    values: pd.DataFrame = field(default_factory=pd.DataFrame)  # metric_id, period, value, file

    def knows(self, metric_id: str) -> bool:
        return self.register.empty or metric_id in self.register.index


def _table(path: Path, data_dir: Path, spec) -> Table | None:
    return read_table(path, data_dir, spec, ProblemLog())


def _register(data_dir: Path) -> pd.DataFrame:
    files = table_files(data_dir, "metrics")
    table = _table(files[0], data_dir, METRICS) if files else None
    if table is None:
        return pd.DataFrame(
            columns=["unit", "frequency", "polarity", "scale", "is_ratio", "decimals"]
        )
    raw = table.frame
    frame = pd.DataFrame(
        {
            c: as_text(raw[c])
            for c in ("metric_id", "unit", "frequency", "polarity", "numerator_label")
        }
    )
    rate_per, _ = to_numbers(raw["rate_per"])
    frame["scale"] = [
        rate if unit == "rate" and pd.notna(rate) else SCALE.get(unit, 1.0)
        for unit, rate in zip(frame["unit"], rate_per, strict=True)
    ]
    frame["is_ratio"] = frame["numerator_label"].notna()
    decimals, _ = to_numbers(raw["decimals"])
    frame["decimals"] = decimals.fillna(0).to_numpy()
    return frame.dropna(subset=["metric_id"]).drop_duplicates("metric_id").set_index("metric_id")


def _existing_values(data_dir: Path) -> pd.DataFrame:
    folder = data_dir / "returns"
    frames = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.suffix.lower() not in TABLE_SUFFIXES or path.name.startswith(("~$", ".")):
            continue
        table = _table(path, data_dir, RETURNS)
        if table is None:
            continue
        raw = table.frame
        value, _ = to_numbers(raw["value"])
        frames.append(
            pd.DataFrame(
                {
                    "metric_id": as_text(raw["metric_id"]),
                    "period": [_canonical(p) for p in raw["period"]],
                    "value": value,
                    "file": table.file,
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["metric_id", "period", "value", "file"])
    return pd.concat(frames, ignore_index=True).dropna(subset=["metric_id", "period"])


def _canonical(value: object) -> str | None:
    try:
        return None if value is None else str(parse_period(value))
    except PeriodError:
        return None


def read_folder(data_dir: Path) -> DataFolder:
    plan, _ = (
        read_plan(data_dir, ProblemLog()) if (data_dir / "plan.yaml").is_file() else (None, None)
    )
    years = None
    if plan is not None:
        years = {parse_period(fy).fy_start_year for fy in plan.financial_years}
    return DataFolder(
        path=data_dir,
        register=_register(data_dir),
        years=years,
        council=str(plan.council) if plan is not None else None,
        values=_existing_values(data_dir),
    )
