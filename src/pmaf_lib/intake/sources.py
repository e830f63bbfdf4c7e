"""Read source files as officers receive them: CSV in any encoding the readers handle, XLSX with
one or many sheets, the header on any row or over two rows (year above month), blank spacer
columns; and the period written as a column heading in every common form."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pmaf_lib.intake.mapping import Mapping, template_columns
from pmaf_lib.periods import Frequency, Period, PeriodError, parse_period
from pmaf_lib.plan.problems import ProblemLog, closest
from pmaf_lib.plan.tables import EXCEL_EPOCH, cell_value, decode_csv, normalise_header

HEADER_SEARCH_ROWS = 50


@dataclass
class Sheet:
    """One table of a source: its header (one text per column) and numbered data rows."""

    label: str  # how problems name it: "file.csv" or "file.xlsx (sheet ASC)"
    name: str  # the sheet name ("" for CSV), available to mappings as {sheet}
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[object]]]

    def index_of(self, column: str) -> int | None:
        wanted = normalise_header(column)
        for i, header in enumerate(self.headers):
            if normalise_header(header) == wanted:
                return i
        return None


def _csv_grid(path: Path) -> list[list[object]]:
    text = decode_csv(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = "," if "," in first else next((d for d in (";", "\t") if d in first), ",")
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx_grids(path: Path, wanted: list[str] | None, log: ProblemLog) -> dict[str, list]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        log.add(path.name, None, None, None, f"cannot be read as an Excel workbook ({exc})")
        return {}
    try:
        names = [n for n in book.sheetnames if book[n].sheet_state == "visible"]
        if wanted is None:
            chosen = names[:1]
        elif wanted == ["*"]:
            chosen = names
        else:
            chosen = []
            for name in wanted:
                if name in book.sheetnames:
                    chosen.append(name)
                else:
                    hint = closest(name, book.sheetnames)
                    log.add(
                        path.name,
                        None,
                        None,
                        name,
                        f"has no sheet named {name!r}"
                        + (f"; did you mean {hint!r}?" if hint else ""),
                        f"one of its sheets: {', '.join(book.sheetnames)}",
                    )
        return {
            name: [
                [cell_value(c.value, getattr(c, "number_format", "") or "") for c in row]
                for row in book[name].iter_rows()
            ]
            for name in chosen
        }
    finally:
        book.close()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value).strip()


def _find_header(grid: list[list[object]], mapping: Mapping) -> int:
    """0-based index of the (lower) header row: the first row naming the mapped columns."""
    if mapping.header_row is not None:
        return mapping.header_row - 1 + (mapping.header_rows - 1)
    needed = {
        normalise_header(c) for spec in mapping.columns.values() for c in template_columns(spec)
    } - {"sheet"}
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        names = {normalise_header(_text(v)) for v in row}
        if needed and needed <= names:
            return i
    return next((i for i, row in enumerate(grid) if any(not _blank(v) for v in row)), 0)


def _combined_headers(top: list[object], bottom: list[object]) -> list[str]:
    """Two header rows as one: the upper row's merged cells fill rightwards; ``2025`` over
    ``Apr`` reads ``Apr 2025``, ``2025/26`` over ``Q2`` reads ``2025/26 Q2``."""
    width = max(len(top), len(bottom))
    filled: list[str] = []
    current = ""
    for i in range(width):
        text = _text(top[i]) if i < len(top) else ""
        current = text or current
        filled.append(current)
    out = []
    for i in range(width):
        upper, lower = filled[i], _text(bottom[i]) if i < len(bottom) else ""
        if upper and lower:
            joined = next(
                (
                    t
                    for t in (f"{lower} {upper}", f"{upper} {lower}")
                    if header_period(t) is not None
                ),
                lower,
            )
            out.append(joined)
        else:
            out.append(lower or _text(top[i]) if i < len(top) else lower)
    return out


def read_sheets(path: Path, mapping: Mapping, log: ProblemLog) -> list[Sheet]:
    """Every table the mapping reads from ``path``."""
    if not path.is_file():
        log.add(
            path.name, None, None, str(path), "is not there", "the source file the mapping names"
        )
        return []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        grids = {
            f"{path.name} (sheet {n})": (n, g)
            for n, g in _xlsx_grids(path, mapping.sheets, log).items()
        }
    else:
        try:
            grids = {path.name: ("", _csv_grid(path))}
        except csv.Error as exc:
            log.add(path.name, None, None, None, f"cannot be read as CSV ({exc})")
            return []
    sheets = []
    for label, (name, grid) in grids.items():
        if not any(not _blank(v) for row in grid for v in row):
            log.add(label, None, None, None, "is empty", "a heading row, then data rows")
            continue
        at = _find_header(grid, mapping)
        if at >= len(grid):
            log.add(
                label, at + 1, None, None, "has no header row there", "header_row inside the sheet"
            )
            continue
        if mapping.header_rows == 2 and at >= 1:
            headers = _combined_headers(grid[at - 1], grid[at])
        else:
            headers = [_text(v) for v in grid[at]]
        rows = [
            (i + 1, row) for i, row in enumerate(grid) if i > at and any(not _blank(v) for v in row)
        ]
        sheets.append(Sheet(label, name, at + 1, headers, rows))
    return sheets


# -- periods written as headings or cells -------------------------------------------------------

_SHORT_FY = re.compile(r"^(?:FY\s*)?(\d{2})\s*/\s*(\d{2})$", re.I)
_Q_SHORT = re.compile(r"^Q([1-4])\s*(\d{2})\s*/\s*(\d{2})$", re.I)
_SHORT_Q = re.compile(r"^(\d{2})\s*/\s*(\d{2})\s*Q([1-4])$", re.I)
_MONTH_IN_FY = re.compile(r"^([A-Za-z]+)\s+(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_FY_TEXT = re.compile(r"^(?:FY\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})$", re.I)
_YEAR_ONLY = re.compile(r"^\d{4}$")


def header_period(value: object, period_format: str = "auto") -> Period | None:
    """A period from a heading or cell (``Apr-25``, ``Apr 2025``, ``2025-04``, ``2025/26 Q2``,
    ``Q2 25/26``, ``2025-26``, ``2018-19;Q1``, ``Jan 2025/26``, an Excel date), or None.

    ``period_format`` settles the one real ambiguity: ``2011-12`` is December 2011 to
    ``auto``/``month`` and the financial year 2011/12 to ``financial_year``.
    """
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return Period.month_of(value.year, value.month)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:
            day = EXCEL_EPOCH + pd.Timedelta(days=round(value))
            return Period.month_of(day.year, day.month)
        return None
    text = re.sub(r"[;_]+", " ", _text(value)).strip()
    if not text or _YEAR_ONLY.match(text):
        return None
    if period_format == "financial_year" and (m := _FY_TEXT.match(text)):
        text = f"{m[1]}/{m[2]}"
    if m := _Q_SHORT.match(text):
        text = f"20{m[2]}/{m[3]} Q{m[1]}"
    elif m := _SHORT_Q.match(text):
        text = f"20{m[1]}/{m[2]} Q{m[3]}"
    elif m := _SHORT_FY.match(text):
        text = f"20{m[1]}/{m[2]}"
    elif (m := _MONTH_IN_FY.match(text)) and (month := _month_number(m[1])):
        year = int(m[2]) + (1 if month <= 3 else 0)
        text = f"{year}-{month:02d}"
    try:
        period = parse_period(text)
    except PeriodError:
        return None
    kinds = {
        "month": Frequency.MONTHLY,
        "quarter": Frequency.QUARTERLY,
        "financial_year": Frequency.ANNUAL,
    }
    if period_format in kinds and period.frequency is not kinds[period_format]:
        return None
    return period


def _month_number(name: str) -> int | None:
    try:
        return parse_period(f"{name} 2000").month
    except PeriodError:
        return None
