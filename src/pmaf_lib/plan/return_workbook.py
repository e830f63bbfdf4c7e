"""Returns workbooks written by ``pmaf template`` and filled in by services, read as they are.

Such a workbook has a hidden sheet ``pmaf`` whose first row is ``pmaf return template`` and
whose next rows name each data sheet and its header row. Each data sheet is read from its
header row down; the context columns (title, previous value, target, ...) are skipped, and
every problem is located as ``returns/<file> (sheet <name>)``, row and column. A metric row
left unfilled is not a return (the metric shows as missing, as if the row were absent).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pmaf_lib.plan.problems import ProblemLog
from pmaf_lib.plan.tables import (
    Table,
    TableSpec,
    cell_value,
    normalise_header,
    table_from_rows,
)

MARKER_SHEET = "pmaf"
MARKER = "pmaf return template"
HEADER_ROW = 4


def is_return_workbook(path: Path) -> bool:
    """True for an .xlsx written by ``pmaf template`` (it has the marker sheet)."""
    if path.suffix.lower() != ".xlsx":
        return False
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    try:
        if MARKER_SHEET not in book.sheetnames:
            return False
        first = next(book[MARKER_SHEET].iter_rows(max_row=1, values_only=True), ())
        return bool(first) and first[0] == MARKER
    finally:
        book.close()


KEYS = ("metric_id", "period")


def _unless_unfilled(row: list[object], header: list[object]) -> list[object]:
    """A metric row nobody filled in (only its locked id and period) is not a return."""
    names = [normalise_header(h) if h is not None else "" for h in header]
    filled = any(
        v is not None and str(v).strip() and name not in KEYS and name
        for name, v in zip(names, row, strict=False)
    )
    return row if filled else []


def read_return_workbook(
    path: Path, data_dir: Path, spec: TableSpec, log: ProblemLog
) -> list[Table]:
    """One :class:`Table` per data sheet named on the marker sheet."""
    import openpyxl

    rel = path.relative_to(data_dir).as_posix()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        listed = list(book[MARKER_SHEET].iter_rows(min_row=2, values_only=True))
        tables = []
        for name, header_row, *_ in listed:
            if name is None:
                continue
            if name not in book.sheetnames:
                log.add(
                    rel,
                    None,
                    None,
                    name,
                    f"has no sheet named {name!r}; was it renamed or deleted?",
                    f"the sheets the template was written with ({name!r})",
                )
                continue
            rows = [
                [cell_value(c.value, getattr(c, "number_format", "") or "") for c in row]
                for row in book[name].iter_rows()
            ]
            header = int(header_row) - 1
            rows[:header] = [[] for _ in range(min(header, len(rows)))]
            if header < len(rows):  # only the returns columns are read
                rows[header] = [
                    h if normalise_header(h) in spec.columns else None for h in rows[header]
                ]
                rows[header + 1 :] = [_unless_unfilled(r, rows[header]) for r in rows[header + 1 :]]
            table = table_from_rows(rows, f"{rel} (sheet {name})", spec, log)
            if table is not None:
                tables.append(table)
        return tables
    finally:
        book.close()
