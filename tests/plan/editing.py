"""Helpers for tests: edit a copied data folder as an analyst would, and find problems."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl

from pmaf_lib.plan import ValidationReport


def read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set a cell by spreadsheet row number (header = 1) and column name."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def add_row(path: Path, **cells: str) -> int:
    """Append a row (cells by column name); returns its spreadsheet row number."""
    rows = read_rows(path)
    rows.append([cells.get(name, "") for name in rows[0]])
    write_rows(path, rows)
    return len(rows)


def edit_text(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def lines(report: ValidationReport) -> list[str]:
    """Every problem as the text line ``pmaf validate`` prints."""
    return [str(p) for p in report.problems]


def assert_problem(report: ValidationReport, *fragments: str) -> None:
    """Some problem line contains every fragment."""
    found = [line for line in lines(report) if all(f in line for f in fragments)]
    assert found, f"no problem containing {fragments}; got:\n" + "\n".join(lines(report))


def read_any(path: Path) -> list[list[str]]:
    """Rows of a CSV or of the first sheet of an XLSX file, as text."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        return [
            ["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    return read_rows(path)


def write_any(path: Path, rows: list[list[str]]) -> None:
    """Write rows back in the file's own format (first sheet keeps its name)."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        name = book.worksheets[0].title
        fresh = openpyxl.Workbook()
        fresh.active.title = name
        for row in rows:
            fresh.active.append([c or None for c in row])
        fresh.save(path)
    else:
        write_rows(path, rows)
