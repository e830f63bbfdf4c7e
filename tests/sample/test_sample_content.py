"""The sample holds what the issue asks for, in the documented format."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from pmaf_lib.periods import parse_period
from pmaf_lib.sample.commentary import HOSTILE

LATEST = "2026-10"


def _csv(path: Path, encoding: str = "utf-8-sig") -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)


def _returns(folder: Path) -> pd.DataFrame:
    frames = []
    for path in sorted((folder / "returns").iterdir()):
        if path.suffix == ".xlsx":
            frame = pd.read_excel(path, sheet_name="returns", dtype=object).fillna("")
        else:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        frame["file"] = path.name
        frames.append(frame.astype(str))
    out = pd.concat(frames, ignore_index=True)
    out["period"] = out["period"].map(lambda p: str(parse_period(p.removesuffix(" 00:00:00"))))
    return out


@pytest.fixture(scope="module")
def plan(sample_dir: Path) -> dict:
    return yaml.safe_load((sample_dir / "plan.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def reference(sample_dir: Path) -> dict:
    return yaml.safe_load((sample_dir / "reference.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def metrics(sample_dir: Path) -> pd.DataFrame:
    return _csv(sample_dir / "metrics.csv")


@pytest.fixture(scope="module")
def returns(sample_dir: Path) -> pd.DataFrame:
    return _returns(sample_dir)


def _deliverables(plan: dict) -> list[dict]:
    return [d for p in plan["priorities"] for o in p["outcomes"] for d in o["deliverables"]]


def test_plan_shape(plan: dict) -> None:
    assert plan["plan"]["council"] == "Borough of Ashdown"
    assert plan["plan"]["financial_years"] == [
        "2022/23",
        "2023/24",
        "2024/25",
        "2025/26",
        "2026/27",
    ]
    priorities = plan["priorities"]
    assert len(priorities) == 4
    assert [p.get("well_run", False) for p in priorities] == [False, False, False, True]
    outcomes = [o for p in priorities for o in p["outcomes"]]
    assert 10 <= len(outcomes) <= 14
    deliverables = _deliverables(plan)
    assert 36 <= len(deliverables) <= 44
    milestones = [m for d in deliverables for m in d["milestones"]]
    assert 110 <= len(milestones) <= 130
    assert all(m["id"].startswith(d["id"] + ".") for d in deliverables for m in d["milestones"])


def test_reference_lists(reference: dict) -> None:
    assert len(reference["directorates"]) == 6
    assert len(reference["portfolios"]) == 8
    assert [lens["id"] for lens in reference["lenses"]] == [
        "customer",
        "finance",
        "process",
        "people",
    ]
    assert len(reference["equality_objectives"]) == 4
    assert len(reference["directions"]) == 6
    names = " ".join(o["name"] for o in reference["officers"])
    for name in ("Siân", "Zoë", "Ólafur", "Nguyễn"):
        assert name in names


def test_every_reference_resolves(plan: dict, reference: dict, metrics: pd.DataFrame) -> None:
    ids = {kind: {item["id"] for item in reference[kind]} for kind in reference}
    outcomes = {o["id"] for p in plan["priorities"] for o in p["outcomes"]}
    for row in metrics.itertuples():
        assert row.directorate in ids["directorates"]
        assert row.portfolio in ids["portfolios"]
        assert {row.owner, row.lead_officer} <= ids["officers"]
        assert row.lens in ids["lenses"]
        assert set(filter(None, row.equality_objectives.split(";"))) <= ids["equality_objectives"]
        assert set(filter(None, row.directions.split(";"))) <= ids["directions"]
        assert set(row.outcomes.split(";")) <= outcomes
    for d in _deliverables(plan):
        assert d["directorate"] in ids["directorates"] and d["lead_officer"] in ids["officers"]
        assert set(d["directions"]) <= ids["directions"]


def test_every_direction_is_evidenced(plan: dict, metrics: pd.DataFrame) -> None:
    for direction in ("D1", "D2", "D3", "D4", "D5", "D6"):
        assert any(direction in d["directions"] for d in _deliverables(plan))
        assert metrics["directions"].str.contains(direction).sum() >= 2


def test_metric_register_mix(metrics: pd.DataFrame) -> None:
    assert len(metrics) >= 100
    assert metrics["metric_id"].is_unique and metrics["title"].is_unique
    assert set(metrics["frequency"]) == {"monthly", "quarterly", "annual"}
    assert set(metrics["aggregation"]) == {"snapshot", "ytd", "rolling12"}
    assert set(metrics["polarity"]) == {"higher", "lower", "none"}
    assert set(metrics["unit"]) == {"percent", "number", "days", "gbp", "rate"}
    assert set(metrics["target_basis"]) == {"period", "annual", "none"}
    ratio = metrics[metrics["numerator_label"] != ""]
    assert set(ratio["denominator_basis"]) == {"flow", "stock"}
    titles = " ".join(metrics["title"]).lower()
    for measure in (
        "council tax",
        "business rates",
        "benefit claims",
        "recycled",
        "fly-tipping",
        "missed bin",
        "sleeping rough",
        "temporary accommodation",
        "re-referrals",
        "reviews",
        "delayed transfers",
        "foi",
        "complaints",
        "sickness",
        "agency spend",
        "savings",
        "satisfied with how the council runs things",
        "ehcp",
    ):
        assert measure in titles, measure


def test_targets_change_by_year_with_tolerances_and_profiles(sample_dir: Path) -> None:
    targets = _csv(sample_dir / "targets.csv")
    assert set(targets["tolerance_type"]) == {"relative", "absolute"}
    yearly = targets[targets["period"] == ""].groupby("metric_id")["target"].nunique()
    assert (yearly > 1).mean() > 0.8
    council_tax = targets[targets["metric_id"] == "FIN01"]
    profile = [float(x) for x in council_tax["profile"].iloc[0].split(";")]
    assert len(profile) == 12 and profile[-1] == 100 and profile == sorted(profile)
    assert (targets["period"] != "").any()


def test_history_and_file_formats(sample_dir: Path, returns: pd.DataFrame) -> None:
    files = sorted(p.name for p in (sample_dir / "returns").iterdir())
    assert len(files) == 55 and files[0] == "2022-04.csv" and files[-1] == "2026-10.csv"
    workbooks = [f for f in files if f.endswith(".xlsx")]
    assert len(workbooks) == 2
    for name in workbooks:
        assert openpyxl.load_workbook(sample_dir / "returns" / name).sheetnames == ["returns"]
    raw = {f: (sample_dir / "returns" / f).read_bytes() for f in files if f.endswith(".csv")}
    windows = [f for f, b in raw.items() if b"\xa3" in b]  # pound sign in Windows-1252
    assert len(windows) == 1
    with pytest.raises(UnicodeDecodeError):
        raw[windows[0]].decode("utf-8")
    assert any(b.startswith(b"\xef\xbb\xbf") for b in raw.values())
    assert returns["period"].str.match(r"^\d{4}-\d{2}$").sum() >= 55 * 70
    assert not returns.duplicated(["metric_id", "period"]).any()


def test_data_quality_texture(returns: pd.DataFrame) -> None:
    flags = ";".join(returns["flags"])
    for flag in ("estimated", "provisional", "revised"):
        assert flag in flags
    assert (returns["value"].isin(["", "nan"])).any()
    submitted = returns["submitted_on"].map(_date)
    month_after = returns["period"].map(lambda p: parse_period(p).last_month.shift(1).start)
    late = [(s - m).days > 14 for s, m in zip(submitted, month_after, strict=True)]
    assert 0.01 < sum(late) / len(late) < 0.1
    commented = (returns["commentary"] != "").mean()
    assert 0.15 < commented < 0.4
    assert (returns["action"] != "").any()


def _date(text: str) -> dt.date:
    text = text.removesuffix(" 00:00:00")
    if "/" in text:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    return dt.date.fromisoformat(text)


def test_hostile_commentary_reaches_the_latest_month(returns: pd.DataFrame) -> None:
    latest = set(returns.loc[returns["period"] == LATEST, "commentary"])
    for text in HOSTILE:
        assert text in latest
    assert any(len(text) > 1000 for text in latest)


def test_latest_month_shows_every_rag_status(
    sample_dir: Path, metrics: pd.DataFrame, returns: pd.DataFrame
) -> None:
    targets = _csv(sample_dir / "targets.csv")
    year = targets[(targets["financial_year"] == "2026/27") & (targets["period"] == "")]
    target = dict(zip(year["metric_id"], year["target"].astype(float), strict=True))
    latest = returns[returns["period"] == LATEST].set_index("metric_id")
    seen = set()
    for m in metrics.itertuples():
        if m.frequency == "annual":
            seen.add("not due")
        elif m.target_basis == "none":
            seen.add("no target")
        elif (
            m.frequency == "monthly" and m.aggregation == "snapshot" and m.metric_id in latest.index
        ):
            value = latest.loc[m.metric_id, "value"]
            if value in ("", "nan"):
                seen.add("no data")
                continue
            tol = year.set_index("metric_id").loc[m.metric_id]
            width = float(tol.tolerance) * (
                1 if tol.tolerance_type == "absolute" else abs(target[m.metric_id]) / 100
            )
            gap = (float(value) - target[m.metric_id]) * (1 if m.polarity == "higher" else -1)
            seen.add("Green" if gap >= 0 else "Amber" if gap >= -width else "Red")
    assert seen == {"Green", "Amber", "Red", "no target", "no data", "not due"}


def test_milestones_reach_every_status(sample_dir: Path, plan: dict) -> None:
    updates = _csv(sample_dir / "milestones.csv")
    due = {m["id"]: m["due"] for d in _deliverables(plan) for m in d["milestones"]}
    assert set(updates["milestone_id"]) == set(due)
    last = updates.groupby("milestone_id").tail(1)
    statuses = set(last["status"])
    overdue = [
        row.milestone_id
        for row in last.itertuples()
        if row.status not in ("complete", "deferred")
        and due[row.milestone_id] < dt.date(2026, 10, 1)
    ]
    assert {"complete", "on track", "at risk", "off track", "deferred", "not started"} <= statuses
    assert overdue
    assert (updates.loc[updates["status"] == "complete", "completed_on"] != "").all()
    assert (updates.loc[updates["status"] == "deferred", "revised_due"] != "").all()


def test_benchmarks_and_assurance(sample_dir: Path, metrics: pd.DataFrame) -> None:
    bench = _csv(sample_dir / "benchmarks.csv")
    assert 20 <= bench["metric_id"].nunique() <= 30
    assert bench["organisation"].nunique() == 16
    assert "Borough of Ashdown" in set(bench["organisation"])
    assert set(bench["period"]) == {"2022/23", "2023/24", "2024/25", "2025/26"}
    flagged = set(metrics.loc[metrics["benchmark_group"] != "", "metric_id"])
    assert set(bench["metric_id"]) == flagged
    assurance = _csv(sample_dir / "assurance.csv")
    assert len(assurance) == 1 and assurance["judgement"].iloc[0] == "reasonable"
