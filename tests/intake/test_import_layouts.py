"""Wide and long layouts as councils keep them: every period heading form, headers below title
rows or over two rows, spacer columns, totals rows, several sheets; mapping and cell problems
named by file, sheet, row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pmaf_lib.cli import main
from pmaf_lib.intake.importer import run_import
from pmaf_lib.intake.sources import header_period


@pytest.mark.parametrize(
    ("heading", "fmt", "expected"),
    [
        ("Apr-25", "auto", "2025-04"),
        ("Apr 2025", "auto", "2025-04"),
        ("April 2025", "auto", "2025-04"),
        ("2025-04", "auto", "2025-04"),
        (dt.datetime(2025, 4, 1), "auto", "2025-04"),
        (45748, "auto", "2025-04"),  # an Excel serial date
        ("2025/26 Q2", "auto", "2025/26 Q2"),
        ("Q2 2025/26", "auto", "2025/26 Q2"),
        ("Q2 25/26", "auto", "2025/26 Q2"),
        ("2018-19;Q1", "auto", "2018/19 Q1"),
        ("2025-26", "auto", "2025/26"),
        ("2025/26", "auto", "2025/26"),
        ("2011-12", "financial_year", "2011/12"),
        ("2011-12", "auto", "2011-12"),
        ("Jan 2025/26", "auto", "2026-01"),
        ("Indicator", "auto", None),
        ("2025", "auto", None),
        (2025, "auto", None),
    ],
)
def test_period_headings(heading: object, fmt: str, expected: str | None) -> None:
    period = header_period(heading, fmt)
    assert (None if period is None else str(period)) == expected


def _wide_book(path: Path, headings: list[object], two_rows: list[object] | None = None) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Housing"
    sheet.append(["Housing performance 2023/24"])
    sheet.append(["Figures as reported to DMT"])
    sheet.append([])
    if two_rows:
        sheet.append(two_rows)
    sheet.append(["Indicator", None, *headings])
    sheet.append(["Days to process claims", None, 20.5, 21, 19.75])
    sheet.append(["Fly-tipping incidents", None, 120, "*", 98])
    sheet.append(["Total", None, 999, 999, 999])
    book.save(path)


WIDE = """
preset: generic_wide
source: wide.xlsx
crosswalk:
  metric:
    Days to process claims: HB01
    Fly-tipping incidents: FT01
"""


@pytest.mark.parametrize(
    "headings",
    [
        ["Apr-23", "May-23", "Jun-23"],
        ["Apr 2023", "May 2023", "Jun 2023"],
        ["2023-04", "2023-05", "2023-06"],
        [dt.datetime(2023, 4, 1), dt.datetime(2023, 5, 1), dt.datetime(2023, 6, 1)],
    ],
    ids=["Apr-23", "Apr 2023", "2023-04", "excel-dates"],
)
def test_wide_monthly_headings(council: Path, tmp_path: Path, headings: list[object]) -> None:
    _wide_book(tmp_path / "wide.xlsx", headings)
    (tmp_path / "wide.yaml").write_text(WIDE, encoding="utf-8")
    report = run_import(tmp_path / "wide.yaml", council)
    assert report.ok, report.to_text()
    returns = pd.read_csv(council / "returns" / "wide.csv", dtype=str, keep_default_na=False)
    values = {(r.metric_id, r.period): r.value for r in returns.itertuples()}
    assert values == {
        ("HB01", "2023-04"): "20.5",
        ("HB01", "2023-05"): "21",
        ("HB01", "2023-06"): "19.75",
        ("FT01", "2023-04"): "120",
        ("FT01", "2023-05"): "",
        ("FT01", "2023-06"): "98",
    }
    assert report.counts["value_suppressed"] == 1  # '*': withheld, kept as a blank (missing) value
    assert main(["validate", "--data", str(council)]) == 0


def test_two_header_rows_year_above_month(council: Path, tmp_path: Path) -> None:
    _wide_book(tmp_path / "wide.xlsx", ["Jan", "Feb", "Mar"], two_rows=[None, None, "2023/24"])
    (tmp_path / "wide.yaml").write_text(WIDE + "header_rows: 2\n", encoding="utf-8")
    report = run_import(tmp_path / "wide.yaml", council)
    assert report.ok, report.to_text()
    returns = pd.read_csv(council / "returns" / "wide.csv", dtype=str)
    assert sorted(set(returns["period"])) == ["2024-01", "2024-02", "2024-03"]


def test_quarterly_and_annual_headings_several_sheets(council: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Housing"
    first.append(["Measure", "Q1 23/24", None, "2023/24 Q2", "Commentary"])  # a spacer column
    first.append(["Rough sleepers", 14, None, 11, "Winter provision opened early."])
    second = book.create_sheet("Corporate")
    second.append(["Measure", "2022-23", "2023-24"])
    second.append(["Resident satisfaction", "61%", "64%"])
    book.save(tmp_path / "book.xlsx")
    (tmp_path / "multi.yaml").write_text(
        """
layout: wide
source: book.xlsx
sheets: all
columns:
  metric: "{sheet}: {Measure}"
  commentary: Commentary
crosswalk:
  metric:
    "Housing: Rough sleepers": RS01
    "Corporate: Resident satisfaction": SAT01
""",
        encoding="utf-8",
    )
    report = run_import(tmp_path / "multi.yaml", council)
    assert report.ok, report.to_text()
    returns = pd.read_csv(council / "returns" / "multi.csv", dtype=str, keep_default_na=False)
    rows = {(r.metric_id, r.period): (r.value, r.commentary) for r in returns.itertuples()}
    assert rows == {
        ("RS01", "2023/24 Q1"): ("14", ""),
        ("RS01", "2023/24 Q2"): ("11", "Winter provision opened early."),  # the latest period
        ("SAT01", "2022/23"): ("61", ""),
        ("SAT01", "2023/24"): ("64", ""),
    }


def test_mapping_problems_name_key_line_and_closest(council: Path, tmp_path: Path) -> None:
    _wide_book(tmp_path / "wide.xlsx", ["Apr-23", "May-23", "Jun-23"])
    (tmp_path / "bad.yaml").write_text(
        """preset: generic_wide
source: wide.xlsx
colums:
  metric: Indicator
layuot: wide
period_format: fiscal
""",
        encoding="utf-8",
    )
    text = run_import(tmp_path / "bad.yaml", council).to_text()
    assert (
        "bad.yaml line 3, key colums: 'colums' is not a mapping key; did you mean 'columns'?"
        in text
    )
    assert "line 5, key layuot" in text and "did you mean 'layout'?" in text
    assert "line 6, key period_format: 'fiscal' is not a valid period_format" in text
    (tmp_path / "cols.yaml").write_text(
        WIDE.replace(
            "preset: generic_wide", "preset: generic_wide\ncolumns:\n  metric: Indicatr\n  vaule: X"
        ),
        encoding="utf-8",
    )
    text = run_import(tmp_path / "cols.yaml", council).to_text()
    assert "key columns.vaule: 'vaule' is not a mapping key; did you mean 'value'?" in text


def test_cell_problems_name_file_sheet_row_column(council: Path, tmp_path: Path, capsys) -> None:
    _wide_book(tmp_path / "wide.xlsx", ["Apr-23", "May-23", "Jun-23"])
    book = openpyxl.load_workbook(tmp_path / "wide.xlsx")
    book["Housing"]["D6"] = "twenty"
    book.save(tmp_path / "wide.xlsx")
    (tmp_path / "wide.yaml").write_text(WIDE, encoding="utf-8")
    code = main(["import", str(tmp_path / "wide.yaml"), "--data", str(council)])
    out = capsys.readouterr().out
    assert code == 2
    assert "wide.xlsx (sheet Housing) row 6, column May-23: 'twenty' is not a number" in out
    assert not (council / "returns" / "wide.csv").exists()
    (tmp_path / "miss.yaml").write_text(
        WIDE.replace("preset: generic_wide", "preset: generic_wide\ncolumns:\n  metric: Indicatr"),
        encoding="utf-8",
    )
    text = run_import(tmp_path / "miss.yaml", council).to_text()
    assert "wide.xlsx (sheet Housing) row 1, column Indicatr: has no column 'Indicatr'" in text


def test_sanity_warnings(council: Path, tmp_path: Path) -> None:
    long = tmp_path / "long.csv"
    words = " ".join(["word"] * 200)
    long.write_text(
        "Ref,Month,Result,Goal,Notes\n"
        "HB01,2023-04,0.21,0,\n"
        "HB01,2023-05,22,0,\n"
        "HB01,2023-06,21,0,\n"
        "HB01,2023-07,20,0,\n"
        f'FT01,2023-04,100,,"{words}"\n'
        "FT01,2023-07,90,,\n"
        "RS01,2023/24 Q1,7,,\"=cmd|' /C calc'!A0\"\n"
        "CT01,2023-04,50,,\n",
        encoding="cp1252",
    )
    (tmp_path / "long.yaml").write_text(
        """
source: long.csv
columns: {metric: Ref, period: Month, value: Result, target: Goal, commentary: Notes}
checks: {quiet_periods: 2, commentary_words: 150}
""",
        encoding="utf-8",
    )
    report = run_import(tmp_path / "long.yaml", council, dry_run=True)
    text = report.to_text()
    assert report.ok, text
    assert "long.csv row 2, column Goal: HB01 has a target of 0 for 2023-04 and 3 more" in text
    assert "long.csv row 2, column Result: HB01 2023-04: 0.21 is about 100 times less" in text
    assert "long.csv row 6, column commentary: commentary for FT01 2023-04 has 200 words" in text
    assert "long.csv row 9, column Result: no data for CT01 after 2023-04" in text
    assert "no data for RS01" not in text  # a quarterly metric is not quiet against monthly ones
    assert "targets.csv: 4 new" in text
    run_import(tmp_path / "long.yaml", council)
    written = (council / "returns" / "long.csv").read_text(encoding="utf-8")
    assert "'=cmd|' /C calc'!A0" in written  # never a formula when opened in a spreadsheet


def test_derived_and_constant_periods(council: Path, tmp_path: Path) -> None:
    (tmp_path / "parts.csv").write_text(
        "Code,Year,Quarter,Value\nRS01,2023/24,Q1,12\nRS01,2023/24,Q2,9\n", encoding="utf-8"
    )
    (tmp_path / "parts.yaml").write_text(
        'source: parts.csv\ncolumns: {metric: Code, period: "{Year} {Quarter}", value: Value}\n',
        encoding="utf-8",
    )
    (tmp_path / "fixed.csv").write_text("Code,Result\nSAT01,63\n", encoding="utf-8")
    (tmp_path / "fixed.yaml").write_text(
        "source: fixed.csv\ncolumns: {metric: Code, value: Result}\nfixed: {period: 2023-24}\n",
        encoding="utf-8",
    )
    assert run_import(tmp_path / "parts.yaml", council).ok
    assert run_import(tmp_path / "fixed.yaml", council).ok
    parts = pd.read_csv(council / "returns" / "parts.csv", dtype=str)
    assert list(parts["period"]) == ["2023/24 Q1", "2023/24 Q2"]
    fixed = pd.read_csv(council / "returns" / "fixed.csv", dtype=str)
    assert list(fixed["period"]) == ["2023/24"]
