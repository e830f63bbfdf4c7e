"""Reading CSV and XLSX as analysts really save them, and typed cell parsing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pmaf_lib.plan.model import Polarity
from pmaf_lib.plan.problems import ProblemLog
from pmaf_lib.plan.tables import (
    TableSpec,
    normalise_header,
    number_problems,
    read_table,
    to_choice,
    to_dates,
    to_id_lists,
    to_numbers,
    to_periods,
)

SPEC = TableSpec(
    sheet="returns", required=("metric_id", "period", "value"), optional=("commentary",)
)


def read(path: Path, spec: TableSpec = SPEC) -> tuple[pd.DataFrame | None, list[str]]:
    log = ProblemLog()
    table = read_table(path, path.parent, spec, log)
    return (None if table is None else table.frame), [str(p) for p in log.problems]


def cells(*values: object) -> pd.Series:
    return pd.Series(list(values), dtype=object)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "r.csv"
    text = "Metric ID,Period,Value,Commentary\r\nFIN01,Sep 2025,£1,200,Siân’s note – fine\r\n"
    text = text.replace("£1,200", '"£1,200"')
    path.write_bytes(text.encode(encoding))
    frame, problems = read(path)
    assert problems == []
    assert list(frame.columns) == [
        "source_file",
        "source_row",
        "metric_id",
        "period",
        "value",
        "commentary",
    ]
    assert frame.loc[0, "commentary"] == "Siân’s note – fine"
    assert frame.loc[0, "value"] == "£1,200"


def test_blank_rows_are_skipped_but_rows_keep_spreadsheet_numbers(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        'metric_id,period,value\nA,2025-09,1\n,,\nB,2025-09,"line one\nline '
        'two"\nC,2025-09,3\n,,\n,,\n'
    )
    frame, problems = read(path)
    assert problems == []
    assert frame["metric_id"].tolist() == ["A", "B", "C"]
    assert frame["source_row"].tolist() == [2, 4, 5]


def test_empty_file_and_header_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n,,\n")
    assert read(empty) == (
        None,
        [
            "empty.csv: is empty (expected a header row naming metric_id, period, value, then "
            "data rows)"
        ],
    )
    header = tmp_path / "header.csv"
    header.write_text("metric_id,period,value\n")
    _, problems = read(header)
    assert problems == [
        "header.csv: has a header row but no data rows (expected at least one data row under "
        "the header)"
    ]


def test_misspelled_missing_and_unknown_columns(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("metric_id,Perod,comentary,notes\nA,2025-09,x,y\n")
    frame, problems = read(path)
    assert (
        "r.csv row 1, column perod: column 'perod' is not a recognised column; did you mean "
        "'period'? (expected a column headed 'period')" in problems
    )
    assert any("column comentary" in p and "did you mean 'commentary'" in p for p in problems)
    assert (
        "r.csv row 1, column value: required column 'value' is missing (expected columns "
        "metric_id, period, value)" in problems
    )
    assert any("column notes" in p and "ignored" in p and "[warning]" in p for p in problems)
    assert frame["value"].isna().all()


def test_header_normalisation() -> None:
    assert normalise_header("\ufeff Metric ID ") == "metric_id"
    assert normalise_header("Percent-Complete") == "percent_complete"


def xlsx(path: Path, sheet: str, rows: list[list[object]], percent_cell: str | None = None) -> Path:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    if percent_cell:
        book.active[percent_cell].number_format = "0.0%"
    book.save(path)
    return path


def test_xlsx_typed_cells_and_percent_format(tmp_path: Path) -> None:
    rows = [
        ["metric_id", "period", "value", "commentary"],
        ["FIN01", dt.datetime(2025, 9, 1), 0.952, "ok"],
        ["FIN02", "2025/26 Q2", 1234, None],
        [None, None, None, None],
    ]
    path = xlsx(tmp_path / "r.xlsx", "Returns", rows, percent_cell="C2")
    frame, problems = read(path)
    assert problems == []
    assert frame["source_row"].tolist() == [2, 3]
    values, bad = to_numbers(frame["value"])
    assert values.round(6).tolist() == [95.2, 1234.0] and not bad.any()
    periods, _errors = to_periods(frame["period"])
    assert [str(p) for p in periods] == ["2025-09", "2025/26 Q2"]


def test_xlsx_wrong_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "r.xlsx", "Sheet1", [["metric_id"], ["A"]])
    frame, problems = read(path)
    assert frame is None
    assert problems == [
        "r.xlsx: has no sheet named 'returns'; its sheets are 'Sheet1' (expected a sheet named "
        "'returns')"
    ]


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_text("not a zip")
    _, problems = read(path)
    assert problems[0].startswith("r.xlsx: cannot be read as an Excel workbook")


def test_numbers() -> None:
    values, bad = to_numbers(
        cells("1,234", "95.2%", "£1,200", " 7 ", "(12)", 3.5, None, "n/a", "12abc")
    )
    assert values.tolist()[:6] == [1234.0, 95.2, 1200.0, 7.0, -12.0, 3.5]
    assert bad.tolist() == [False] * 7 + [True, True]


def test_dates() -> None:
    found, bad = to_dates(
        cells(
            "2025-09-30",
            "30/09/2025",
            "30/09/25",
            45930,
            dt.datetime(2025, 9, 30),
            "30 Sep 2025",
            None,
            "31/02/2025",
            "soon",
        )
    )
    assert [d.date() for d in found[:6]] == [dt.date(2025, 9, 30)] * 6
    assert bad.tolist() == [False] * 7 + [True, True]


def test_periods_accept_what_analysts_type() -> None:
    periods, errors = to_periods(
        cells("Sep 2025", "2025/26 Q2", "FY2025/26", 45930, "Sept 25", "Q5 2025/26", None)
    )
    assert [str(p) for p in periods[:5]] == [
        "2025-09",
        "2025/26 Q2",
        "2025/26",
        "2025-09",
        "2025-09",
    ]
    assert periods[5] is None and "is not a period" in errors[5]
    assert periods[6] is None and errors[6] is None


def test_choices_and_lists() -> None:
    values, bad = to_choice(cells("Higher", "lower is better", " NONE ", "hihger", None), Polarity)
    assert values.tolist() == ["higher", "lower", "none", None, None]
    assert bad.tolist() == [False, False, False, True, False]
    lists = to_id_lists(cells("EO1; EO3", None, "D1,D2"))
    assert lists.tolist() == [("EO1", "EO3"), (), ("D1", "D2")]


def test_utf16_with_bom_is_read_as_excel_unicode_text(tmp_path: Path) -> None:
    """Excel's "Unicode text" is UTF-16 with a BOM, tab-separated."""
    path = tmp_path / "r.csv"
    path.write_bytes("metric_id\tperiod\tvalue\nFIN01\t2025-09\t£1,200\n".encode("utf-16"))
    frame, problems = read(path)
    assert problems == []
    assert frame.loc[0, "value"] == "£1,200"


def test_a_long_cell_is_reported_by_row_and_the_rest_still_read(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    long = "x" * 40_000
    path.write_text(f"metric_id,period,value,commentary\nA,2025-09,1,{long}\nB,2025-09,2,ok\n")
    frame, problems = read(path)
    assert problems == [
        "r.csv row 2, column commentary: is 40,000 characters long (expected at most 32,767 "
        "characters in a cell (Excel's limit))"
    ]
    assert frame["metric_id"].tolist() == ["A", "B"]


def test_an_unclosed_quote_is_named_at_its_row_and_later_rows_are_not_misread(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        'metric_id,period,value,commentary\nA,2025-09,1,"fine"\nB,2025-09,2,"oops\n'
        'C,2025-09,3,x\nD,2025-09,4,"closed"\n'
    )
    frame, problems = read(path)
    assert len(problems) == 1 and problems[0].startswith("r.csv row 3: has an unclosed quote")
    assert frame["metric_id"].tolist() == ["A"]


def test_a_multiline_commentary_is_not_an_unclosed_quote(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('metric_id,period,value,commentary\nA,2025-09,1,"one,\ntwo"\n')
    assert read(path)[1] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.7e308", "too large"),
        ("-1e300", "too large"),
        ("inf", "too large"),
        ("NaN", "is not a number"),
        ("12 apples", "is not a number"),
    ],
)
def test_absurd_numbers_are_named(text: str, message: str) -> None:
    frame = pd.DataFrame({"source_file": ["r.csv"], "source_row": [2], "value": [text]})
    numbers, bad = to_numbers(frame["value"])
    log = ProblemLog()
    number_problems(frame, "value", bad, log)
    assert bad.all() and numbers.isna().all()
    assert [p.row for p in log.problems] == [2] and message in log.problems[0].message


def test_a_formula_without_a_saved_result_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    xlsx(path, "returns", [["metric_id", "period", "value"], ["A", "2025-09", "=1+1"]])
    _frame, problems = read(path)
    assert problems == [
        "r.xlsx row 2, column value: is a formula ('=1+1') whose result was never saved, so it "
        "would be read as blank (expected a value: open the workbook in Excel and save it, or "
        "paste values)"
    ]
