"""Byte-reproducible writers for the sample's YAML, CSV and XLSX files.

Numbers are written in their shortest round-trip form, XLSX workbooks get fixed document
properties and zip timestamps, so the same content always gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
import yaml

Cell = str | int | float | dt.date | None
FIXED_TIME = dt.datetime(2026, 11, 2, 9, 0, 0)
_ZIP_TIME = (2026, 11, 2, 9, 0, 0)
_STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def format_number(x: float | int | None) -> str:
    """``12``, ``12.5``, or empty for missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if float(x).is_integer():
        return str(int(x))
    return repr(float(x))


def format_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_yaml(path: Path, data: object) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    encoding: str = "utf-8",
) -> None:
    """Write text cells as CSV (``\\n`` line ends, minimal quoting)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def to_cp1252(text: str) -> str:
    """Replace characters Windows-1252 cannot hold by their closest ASCII (or drop them)."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            out.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode())
    return "".join(out)


def write_xlsx(
    path: Path, sheet: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> None:
    """One-sheet workbook with fixed properties and zip timestamps."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(header))
    for row in rows:
        worksheet.append([_xlsx_value(v) for v in row])
    workbook.properties.creator = "pmaf sample generator"
    workbook.properties.created = FIXED_TIME
    raw = io.BytesIO()
    workbook.save(raw)
    path.write_bytes(_normalised_zip(raw.getvalue()))


def _xlsx_value(value: Cell) -> Cell:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _normalised_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps so identical content gives identical bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" on save
                content = _MODIFIED.sub(rf"\g<1>{_STAMP}\g<2>".encode(), content)
            target.writestr(fixed, content)
    return out.getvalue()
