"""Read the tables analysts edit (CSV or XLSX) the way they are really saved.

CSV may be UTF-8, UTF-8 with a byte-order mark or Windows-1252; XLSX sheets are found by
name. Cells are kept as read (text, numbers, datetimes; blank = None) and rows are numbered
as a spreadsheet user sees them: the header is row 1, the first data row is row 2. The
``to_*`` helpers turn a column of cells into typed values plus a mask of cells that could
not be understood, so that every bad cell can be reported.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pmaf_lib.periods import Period, PeriodError, parse_period
from pmaf_lib.plan.model import ALIASES
from pmaf_lib.plan.problems import ProblemLog, Severity, closest, one_of, show
from pmaf_lib.plan.text_safety import visible_controls

TABLE_SUFFIXES = (".csv", ".xlsx")
NUMBER_EXAMPLE = "a number such as 1,234 or 95.2%"
DATE_EXAMPLE = "a date such as 2025-09-30 or 30/09/2025"
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_CSV_FIELD = 16 * 1024 * 1024  # read longer cells, then report them (above) by row
MAX_MAGNITUDE = 1e12  # no council figure is larger (a £ budget is ~1e9); 1e308 breaks charts


@dataclass(frozen=True)
class TableSpec:
    """The columns of one kind of table and the sheet it lives on in a workbook."""

    sheet: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass
class Table:
    """One file's rows: normalised column names plus ``source_file`` and ``source_row``."""

    file: str
    frame: pd.DataFrame
    missing: set[str] = field(default_factory=set)  # expected columns the file lacks

    def present(self, column: str) -> bool:
        return column not in self.missing


def normalise_header(name: object) -> str:
    """``' Metric ID '`` -> ``metric_id``: case-insensitive, spaces and hyphens as underscores."""
    text = "" if name is None else str(name)
    return re.sub(r"[\s\-]+", "_", text.replace("\ufeff", "").strip().lower())


def table_files(data_dir: Path, stem: str) -> list[Path]:
    """``stem.csv`` and/or ``stem.xlsx`` in ``data_dir`` (both present is ambiguous)."""
    return [
        data_dir / f"{stem}{suffix}"
        for suffix in TABLE_SUFFIXES
        if (data_dir / f"{stem}{suffix}").is_file() or (data_dir / f"{stem}{suffix}").is_symlink()
    ]


def refuse_link(path: Path, data_dir: Path, log: ProblemLog) -> bool:
    """True (and a problem logged) when ``path`` is a link pmaf will not follow: one that
    leads nowhere (its target missing, or a loop) or resolves outside ``data_dir``.

    Where it points is never read or echoed: a link to ``/etc/passwd`` must not put the
    machine's files into validation messages.
    """
    if path.is_symlink() and not path.exists():
        problem = "is a link that leads nowhere (its target is missing, or it points at itself)"
    elif Path(os.path.realpath(path)).is_relative_to(os.path.realpath(data_dir)):
        return False
    else:
        problem = "is a link to something outside the data folder, which pmaf does not read"
    rel = path.relative_to(data_dir).as_posix()
    log.add(rel, None, None, None, problem, "the file itself in the data folder, not a link")
    return True


class UnreadableText(ValueError):
    """A file that is not CSV text in an encoding pmaf reads; the message says why."""


def decode_csv(raw: bytes) -> str:
    """Text of a CSV file saved as UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
    "Unicode text") or Windows-1252; raises :class:`UnreadableText` for UTF-16 without a
    BOM and for binary files."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    _refuse_binary(raw[:4096])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _refuse_binary(head: bytes) -> None:
    """UTF-16 without a BOM has a NUL in every other byte; other binaries many control bytes."""
    if not head:
        return
    odd_nuls, even_nuls = head[1::2].count(0), head[0::2].count(0)
    if max(odd_nuls, even_nuls) > len(head) // 4:
        raise UnreadableText(
            "is saved as UTF-16 text without a byte-order mark, which pmaf cannot read; "
            "save it as 'CSV UTF-8'"
        )
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if controls > max(8, len(head) // 50):
        raise UnreadableText("is a binary file, not CSV text")


def _csv_rows(path: Path, rel: str, log: ProblemLog) -> list[list[object]]:
    """The file's records; a quote never closed is reported by row. (A NUL or other control
    character in a cell is kept, and shown as ``[U+0000]`` when the cell is read.)"""
    text = decode_csv(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = next((d for d in (";", "\t") if d in first_line), ",")
    csv.field_size_limit(MAX_CSV_FIELD)
    records = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    width = len(records[0]) if records else 0
    for number, record in enumerate(records, start=1):
        cell = next((c for c in record if _swallowed_rows(c, delimiter, width)), None)
        if cell is not None or (number == len(records) > 1 and _ends_in_quote(text, delimiter)):
            log.add(
                rel,
                number,
                None,
                (cell or record[-1])[:40],
                'has an unclosed quote: the quote mark (") that opens a cell here is never '
                "closed, so the rows after it were read as part of one cell",
                'a closing " for every opening "',
            )
            return records[: number - 1]
    return records


def _swallowed_rows(cell: str, delimiter: str, width: int) -> bool:
    """A cell holding a line break followed by whole rows: its opening quote was never closed."""
    if "\n" not in cell:  # nearly every cell: no need to split it
        return False
    lines = cell.split("\n")[1:]
    return width > 2 and any(line.count(delimiter) >= width - 1 for line in lines)


def _ends_in_quote(text: str, delimiter: str) -> bool:
    """True when the file ends inside a quoted cell (a strict reader runs out of data)."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def cell_value(value: object, number_format: str) -> object:
    """An Excel cell's value; a number formatted as a percentage is read as percent points."""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float) and "%" in number_format:
        return value * 100
    return value


def _xlsx_rows(path: Path, sheet: str, rel: str, log: ProblemLog) -> list[list[object]] | None:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        log.add(
            rel,
            None,
            None,
            None,
            f"cannot be read as an Excel workbook ({exc})",
            "an .xlsx file saved by Excel",
        )
        return None
    try:
        names = {name.strip().lower(): name for name in book.sheetnames}
        if sheet.lower() not in names:
            hint = closest(sheet, book.sheetnames)
            log.add(
                rel,
                None,
                None,
                None,
                f"has no sheet named {sheet!r}; its sheets are "
                f"{', '.join(map(repr, book.sheetnames))}"
                + (f" (did you mean {hint!r}?)" if hint else ""),
                f"a sheet named {sheet!r}",
            )
            return None
        rows = book[names[sheet.lower()]].iter_rows()
        values = [
            [cell_value(c.value, getattr(c, "number_format", "") or "") for c in row]
            for row in rows
        ]
    finally:
        book.close()
    _check_formulas(path, names[sheet.lower()], values, rel, log)
    return values


def _check_formulas(
    path: Path, sheet: str, values: list[list[object]], rel: str, log: ProblemLog
) -> None:
    """Report formula cells saved without a result (openpyxl reads those as blank): written
    by a script, or a workbook never recalculated in Excel."""
    import openpyxl

    if not any(v is None for row in values for v in row):
        return
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        formulas = book[sheet].iter_rows(values_only=True)
        header = [normalise_header(h) for h in (values[0] if values else [])]
        for number, (row, cached) in enumerate(zip(formulas, values, strict=False), start=1):
            for i, (cell, value) in enumerate(zip(row, cached, strict=False)):
                if value is None and isinstance(cell, str) and cell.startswith("="):
                    log.add(
                        rel,
                        number,
                        header[i] if i < len(header) else None,
                        cell,
                        f"is a formula ({show(cell)}) whose result was never saved, so it "
                        "would be read as blank",
                        "a value: open the workbook in Excel and save it, or paste values",
                    )
    finally:
        book.close()


def read_table(path: Path, data_dir: Path, spec: TableSpec, log: ProblemLog) -> Table | None:
    """Read one CSV/XLSX file, check its columns and report problems to ``log``.

    Returns None when nothing usable could be read (unreadable, wrong sheet, empty).
    """
    rel = path.relative_to(data_dir).as_posix()
    if path.suffix.lower() == ".xlsx":
        rows = _xlsx_rows(path, spec.sheet, rel, log)
    else:
        try:
            rows = _csv_rows(path, rel, log)
        except (csv.Error, UnreadableText) as exc:
            log.add(rel, None, None, None, str(exc), "a comma-separated file saved as CSV UTF-8")
            return None
    if rows is None:
        return None
    return table_from_rows(rows, rel, spec, log)


def table_from_rows(
    rows: list[list[object]], rel: str, spec: TableSpec, log: ProblemLog
) -> Table | None:
    """A :class:`Table` from raw rows (row 1 first); the first non-blank row is the header."""
    cleaned = [[_clean(v) for v in row] for row in rows]
    numbered = [(i + 1, row) for i, row in enumerate(cleaned) if any(v is not None for v in row)]
    if not numbered:
        log.add(
            rel,
            None,
            None,
            None,
            "is empty",
            f"a header row naming {', '.join(spec.required)}, then data rows",
        )
        return None
    header_row, header = numbered[0]
    columns = [normalise_header(h) for h in header]
    _check_lengths(numbered, columns, rel, log)
    width = len(columns)
    body = numbered[1:]
    for number, row in body:
        extra = [v for v in row[width:] if v is not None]
        if extra:
            log.add(
                rel,
                number,
                None,
                extra[0],
                f"has {show(extra[0])} beyond the last headed column",
                "every cell under a column heading",
            )
    if not body:
        log.add(
            rel,
            None,
            None,
            None,
            "has a header row but no data rows",
            "at least one data row under the header",
        )
        return None
    keep = [i for i, name in enumerate(columns) if name]
    names = [columns[i] for i in keep]
    data = [[(row[i] if i < len(row) else None) for i in keep] for _, row in body]
    frame = pd.DataFrame(data, columns=names, dtype=object)
    frame = _merge_duplicate_columns(frame, rel, header_row, log)
    frame.insert(0, "source_row", np.array([n for n, _ in body], dtype=np.int64))
    frame.insert(0, "source_file", rel)
    table = Table(rel, frame)
    _check_columns(table, spec, header_row, log)
    return table


def _check_lengths(
    numbered: list[tuple[int, list[object]]], columns: list[str], rel: str, log: ProblemLog
) -> None:
    """Report each cell longer than Excel allows (:data:`MAX_CELL_CHARS`), by row and column."""
    for number, row in numbered:
        for i, value in enumerate(row):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                log.add(
                    rel,
                    number,
                    columns[i] if i < len(columns) else None,
                    value,
                    f"is {len(value):,} characters long",
                    f"at most {MAX_CELL_CHARS:,} characters in a cell (Excel's limit)",
                )


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = visible_controls(value).strip()
        return value or None
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def _merge_duplicate_columns(
    frame: pd.DataFrame, rel: str, header_row: int, log: ProblemLog
) -> pd.DataFrame:
    duplicated = frame.columns[frame.columns.duplicated()].unique()
    for name in duplicated:
        log.add(
            rel,
            header_row,
            name,
            name,
            f"column {name!r} appears more than once",
            "each column once",
        )
    return frame.loc[:, ~frame.columns.duplicated()]


def _check_columns(table: Table, spec: TableSpec, header_row: int, log: ProblemLog) -> None:
    present = [c for c in table.frame.columns if c not in ("source_file", "source_row")]
    absent = [c for c in spec.columns if c not in present]
    explained: set[str] = set()
    for name in present:
        if name in spec.columns:
            continue
        match = closest(name, [c for c in absent if c not in explained])
        if match:
            explained.add(match)
            log.add(
                table.file,
                header_row,
                name,
                name,
                f"column {name!r} is not a recognised column; did you mean {match!r}?",
                f"a column headed {match!r}",
            )
        else:
            log.add(
                table.file,
                header_row,
                name,
                name,
                f"column {name!r} is not used by pmaf and is ignored",
                severity=Severity.WARNING,
            )
    for name in absent:
        if name in spec.required and name not in explained:
            log.add(
                table.file,
                header_row,
                name,
                None,
                f"required column {name!r} is missing",
                f"columns {', '.join(spec.required)}",
            )
    for name in absent:
        table.frame[name] = pd.Series(
            [None] * len(table.frame), index=table.frame.index, dtype=object
        )
        table.missing.add(name)


def check_required(table: Table, columns: tuple[str, ...], log: ProblemLog) -> None:
    """Report blank cells in required columns (columns missing from the file are skipped)."""
    for column in columns:
        if table.present(column):
            blank = table.frame[column].isna()
            log.rows(table.frame, blank, column, f"{column} is blank", f"a {column} for every row")


# -- typed columns --------------------------------------------------------------------------


def each(cells: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """``func`` applied to every non-blank cell; an object Series with None for blanks."""
    values = cells.to_numpy(dtype=object)
    out: list[Any] = [None] * len(values)
    for i in np.flatnonzero(cells.notna().to_numpy()):
        out[i] = func(values[i])
    return pd.Series(out, index=cells.index, dtype=object)


def as_text(cells: pd.Series) -> pd.Series:
    """Cells as text (object dtype, None for blank); whole numbers lose their ``.0``."""

    def one(v: object) -> object:
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, dt.datetime) and v.time() == dt.time(0):
            return v.date().isoformat()
        return str(v)

    return each(cells, one)


def _parse_numbers(cells: pd.Series) -> pd.Series:
    """Every number as written (``inf`` and ``1e308`` included); NaN where not a number."""
    blank = cells.isna()
    text = cells.where(~blank, "").map(str).str.strip()
    text = text.str.replace(r"[£$€,\s]", "", regex=True).str.replace(r"%$", "", regex=True)
    text = text.str.replace(r"^\((.*)\)$", r"-\1", regex=True)
    return pd.to_numeric(text.where(~blank, None), errors="coerce").astype(float)


def to_numbers(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Floats from cells such as ``1,234``, ``95.2%``, ``£1,200``, ``(12)``; mask of bad cells
    (text, infinities and magnitudes above :data:`MAX_MAGNITUDE`)."""
    numbers = _parse_numbers(cells)
    numbers = numbers.where(np.isfinite(numbers) & (numbers.abs() <= MAX_MAGNITUDE))
    return numbers, cells.notna() & numbers.isna()


def number_problems(
    frame: pd.DataFrame,
    column: str,
    bad: pd.Series,
    log: ProblemLog,
    expected: str = NUMBER_EXAMPLE,
) -> None:
    """Report the ``bad`` cells of a :func:`to_numbers` column: too large, or not a number
    (``expected`` says what a good cell looks like)."""
    if not bad.any():
        return
    huge = bad & (_parse_numbers(frame[column]).abs() > MAX_MAGNITUDE)
    limit = f"a number no larger than {MAX_MAGNITUDE:,.0f} either side of 0"
    log.rows(frame, huge, column, "{value} is too large to be a real figure", limit)
    log.rows(frame, bad & ~huge, column, "{value} is not a number", expected)


def to_dates(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Timestamps from ISO, UK (dd/mm/yyyy) or Excel dates and serial numbers; mask of bad cells.

    Each distinct cell is parsed once: a returns folder repeats a few hundred dates across
    tens of thousands of rows.
    """
    codes, distinct = pd.factorize(cells, use_na_sentinel=True)
    parsed, bad = _parse_dates(pd.Series(distinct, dtype=object))
    taken = np.where(codes >= 0, codes, len(distinct))  # blanks: the NaT/False appended below
    out = np.append(parsed.to_numpy(), np.datetime64("NaT", "us"))[taken]
    return (
        pd.Series(out, index=cells.index, dtype="datetime64[us]"),
        pd.Series(np.append(bad.to_numpy(), False)[taken], index=cells.index, dtype=bool),
    )


def _parse_dates(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    blank = cells.isna()
    text = cells.where(~blank, "").map(str).str.strip()
    out = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[us]")
    iso = text.str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})(?:[ T][\d:.]*)?$")[0]
    uk = text.str.extract(r"^(\d{1,2}/\d{1,2}/\d{4})$")[0]
    uk_short = text.str.extract(r"^(\d{1,2}/\d{1,2}/\d{2})$")[0]
    serial = pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}(\.\d+)?"), None), errors="coerce")
    for found, fmt in ((iso, "%Y-%m-%d"), (uk, "%d/%m/%Y"), (uk_short, "%d/%m/%y")):
        hit = found.notna()
        if hit.any():
            out[hit] = pd.to_datetime(found[hit], format=fmt, errors="coerce")
    hit = serial.notna() & serial.between(20000, 80000)
    if hit.any():
        out[hit] = EXCEL_EPOCH + pd.to_timedelta(serial[hit].round(), unit="D")
    rest = ~blank & iso.isna() & uk.isna() & uk_short.isna() & serial.isna()
    if rest.any():
        out[rest] = [_free_date(v) for v in text[rest]]
    return out, ~blank & out.isna()


def _free_date(text: str) -> pd.Timestamp:
    """Dates written out, such as ``30 Sep 2025``; NaT if not a date."""
    for fmt in ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y", "%d %b %y"):
        try:
            return pd.Timestamp(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    return pd.NaT


def to_periods(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Periods (object Series of :class:`Period`, None where blank or bad) and error messages."""
    parsed: dict[object, tuple[Period | None, str | None]] = {}
    for value in cells.dropna().unique():
        parsed[value] = _period(value)
    periods = each(cells, lambda v: parsed[v][0])
    errors = each(cells, lambda v: parsed[v][1])
    return periods, errors


def _period(value: object) -> tuple[Period | None, str | None]:
    if isinstance(value, int | float) and 20000 <= value <= 80000:  # an Excel serial date
        value = EXCEL_EPOCH + pd.Timedelta(days=round(value))
    elif isinstance(value, float) and value.is_integer():
        value = str(int(value))
    try:
        return parse_period(value), None
    except PeriodError as exc:
        return None, str(exc).split("; expected")[0]


def to_choice(cells: pd.Series, choices: type[StrEnum]) -> tuple[pd.Series, pd.Series]:
    """Canonical enum values (case-insensitive, common aliases accepted); mask of bad cells."""
    lookup = {c.value: c.value for c in choices}
    lookup.update(ALIASES.get(choices, {}))
    key = each(as_text(cells), lambda v: re.sub(r"[\s_]+", " ", v.strip().lower()))
    out = each(key, lambda v: lookup.get(v))
    return out, cells.notna() & out.isna()


def choice_problems(
    frame: pd.DataFrame,
    column: str,
    bad: pd.Series,
    choices: type[StrEnum],
    what: str,
    log: ProblemLog,
) -> None:
    """Report each bad enum cell with the valid values and the closest one."""
    values = [c.value for c in choices]
    for record in frame.loc[bad, ["source_file", "source_row", column]].to_dict("records"):
        value = record[column]
        log.add(
            record["source_file"],
            int(record["source_row"]),
            column,
            value,
            f"{show(value)} is not a valid {what}",
            one_of(values, value),
        )


def to_id_lists(cells: pd.Series) -> pd.Series:
    """``EO1; EO3`` -> ``("EO1", "EO3")``; blank -> ``()``."""
    lists = each(
        as_text(cells), lambda v: tuple(p.strip() for p in re.split(r"[;,]", v) if p.strip())
    )
    return lists.map(lambda v: () if v is None else v)


def read_id_lists(frame: pd.DataFrame, column: str, log: ProblemLog) -> pd.Series:
    """:func:`to_id_lists` of ``frame[column]``; a cell of separators only (``;;``) is reported,
    since it would silently link the row to nothing."""
    lists = to_id_lists(frame[column])
    empty = frame[column].notna() & (lists.map(len) == 0)
    log.rows(frame, empty, column, "{value} lists no ids", "ids separated by ';', or blank")
    return lists
