"""``pmaf template``: the monthly return workbook a performance team sends to services.

One sheet per directorate, one row per metric due in the month (monthly metrics every month,
quarterly metrics in the last month of a quarter, annual metrics in March), its id, title,
unit, frequency and period locked; the previous value, the value a year earlier and the target
for context; input cells for value (or numerator and denominator), flags (a drop-down),
commentary, what a board needs about an off-track figure (impact, cause, action, its owner and
due date, back on track by) and who submitted it. A hidden sheet ``pmaf`` names the data sheets and
their header row, so the returned workbook is read from ``returns/`` as it is
(:mod:`pmaf_lib.plan.return_workbook`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pmaf_lib.errors import InvalidInput
from pmaf_lib.indicators.targets import resolve
from pmaf_lib.intake.safe_cells import neutralise
from pmaf_lib.periods import Frequency, Period, PeriodError, parse_period
from pmaf_lib.plan import Council, DataFlag
from pmaf_lib.plan.problems import closest
from pmaf_lib.plan.return_workbook import HEADER_ROW, MARKER, MARKER_SHEET

UNIT_WORDS = {
    "percent": "%",
    "number": "number",
    "days": "days",
    "gbp": "£",
    "rate": "rate",
}
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # pale yellow: cells services fill in
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_BOLD = Font(bold=True)
_MAX_ROWS_VALIDATED = 1000  # validation ranges cover the data rows


@dataclass(frozen=True)
class Column:
    header: str  # normalises to a returns column name where it is an input
    width: int
    is_input: bool = False


COLUMNS = (
    Column("Metric ID", 11),
    Column("Title", 42),
    Column("Unit", 9),
    Column("Frequency", 11),
    Column("Period", 11),
    Column("Previous period", 12),
    Column("Previous value", 12),
    Column("Same period last year", 13),
    Column("Target", 11),
    Column("Value", 11, True),
    Column("Numerator", 12, True),
    Column("Denominator", 12, True),
    Column("Flags", 14, True),
    Column("Commentary", 50, True),
    Column("Impact", 36, True),
    Column("Cause", 36, True),
    Column("Action", 40, True),
    Column("Action owner", 16, True),
    Column("Action due", 12, True),
    Column("Back on track by", 12, True),
    Column("Submitted by", 16, True),
)
_WRAPPED = ("Commentary", "Impact", "Cause", "Action")
INPUTS = tuple(c.header for c in COLUMNS if c.is_input)


class TemplateError(InvalidInput, ValueError):
    """The request cannot be met (bad period or directorate, nothing due): exit 2."""


def due_period(metric_frequency: str, month: Period) -> Period | None:
    """The period of this frequency that ends in ``month``, or None if none ends then."""
    period = month.containing(metric_frequency)
    return period if period.last_month == month else None


def _month(text: str) -> Period:
    try:
        period = parse_period(text)
    except PeriodError as exc:
        raise TemplateError(f"--period: {exc}") from None
    if period.frequency is not Frequency.MONTHLY:
        raise TemplateError(f"--period: {text!r} is not a month (e.g. 2026-11)")
    return period


def _directorates(council: Council, wanted: list[str]) -> list[tuple[str, str]]:
    known = {d.id: d.name for d in council.reference.directorates}
    unknown = [d for d in wanted if d not in known]
    if unknown:
        hints = [
            f"{d!r}" + (f" (did you mean {h!r}?)" if (h := closest(d, known)) else "")
            for d in unknown
        ]
        raise TemplateError(
            f"--directorate: no directorate {', '.join(hints)} in reference.yaml; "
            f"the directorates are {', '.join(known)}"
        )
    return [(d, known[d]) for d in (wanted or known)]


def due_metrics(council: Council, month: Period) -> pd.DataFrame:
    """The metrics with a period ending in ``month``, with that period and context figures."""
    metrics = council.metrics.copy()
    metrics["due"] = [due_period(f, month) for f in metrics["frequency"]]
    metrics = metrics[metrics["due"].notna()].reset_index(drop=True)
    metrics["period"] = metrics["due"].map(str)
    keys = pd.DataFrame(
        {
            "metric_id": metrics["metric_id"],
            "ordinal": metrics["due"].map(lambda p: p.ordinal),
            "k": metrics["due"].map(lambda p: p.frequency.months),
        }
    )
    metrics["target"] = resolve(keys, council.metrics, council.targets)["target"].to_numpy()
    values = council.values.set_index(["metric_id", "period"])["value"]
    values = values[~values.index.duplicated(keep="last")]

    def value_at(metric_id: str, period: Period) -> float | None:
        value = values.get((metric_id, str(period)))
        return None if value is None or pd.isna(value) else float(value)

    metrics["previous_period"] = metrics["due"].map(lambda p: str(p.previous()))
    metrics["previous_value"] = [
        value_at(m, p.previous()) for m, p in zip(metrics["metric_id"], metrics["due"], strict=True)
    ]
    metrics["last_year_value"] = [
        value_at(m, p.same_period_last_year())
        for m, p in zip(metrics["metric_id"], metrics["due"], strict=True)
    ]
    return metrics


def _sheet_name(directorate: str) -> str:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "-", directorate)[:31] or "Directorate"


def _number_format(decimals: object) -> str:
    places = int(decimals) if isinstance(decimals, int | float) and not pd.isna(decimals) else 1
    return "#,##0" + ("." + "0" * places if places else "")


def _write_text(sheet: Worksheet, row: int, column: int, text: object) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = neutralise(text)
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula, whatever the text


def _directorate_sheet(
    book: Workbook,
    council: Council,
    month: Period,
    directorate: tuple[str, str],
    rows: pd.DataFrame,
) -> str:
    code, name = directorate
    sheet = book.create_sheet(_sheet_name(code))
    _write_text(sheet, 1, 1, f"{council.plan.council}: monthly return for {month.long_label}")
    _write_text(sheet, 2, 1, f"Directorate: {name} ({code}). Fill in the yellow cells only.")
    sheet["A1"].font = Font(bold=True, size=14)
    for i, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=i, value=column.header)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    first = HEADER_ROW + 1
    for offset, metric in enumerate(rows.itertuples(index=False)):
        row = first + offset
        fixed = (
            metric.metric_id,
            metric.title,
            UNIT_WORDS.get(metric.unit, metric.unit),
            metric.frequency,
            metric.period,
            metric.previous_period,
        )
        for i, text in enumerate(fixed, start=1):
            _write_text(sheet, row, i, text)
        number_format = _number_format(metric.decimals)
        for i, value in enumerate(
            (metric.previous_value, metric.last_year_value, metric.target), start=len(fixed) + 1
        ):
            cell = sheet.cell(row=row, column=i, value=None if pd.isna(value) else float(value))
            cell.number_format = number_format
        for i, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row, column=i)
            if column.is_input:
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT_FILL
                if column.header in _WRAPPED:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.header == "Value":
                cell.number_format = number_format
    last = first + max(len(rows), 1) - 1
    _validations(sheet, first, last)
    sheet.freeze_panes = sheet.cell(row=first, column=3)
    sheet.protection.sheet = True  # locked cells cannot be edited; no password
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    return sheet.title


def _at_least(minimum: str, title: str, error: str) -> DataValidation:
    """A number cell (blank allowed) of at least ``minimum``; Excel refuses anything else."""
    return DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1=minimum,
        allow_blank=True,
        errorTitle=title,
        error=error,
    )


def _validations(sheet: Worksheet, first: int, last: int) -> None:
    letter = {c.header: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    flags = DataValidation(
        type="list",
        formula1='"' + ",".join(f.value for f in DataFlag) + '"',
        allow_blank=True,
        errorStyle="warning",  # several flags may be typed as estimated;revised
        errorTitle="Flag",
        error="Choose estimated, provisional or revised (several separated by ;).",
        promptTitle="Flags",
        prompt="Leave blank unless the figure is estimated, provisional or revised.",
    )
    flags.add(f"{letter['Flags']}{first}:{letter['Flags']}{last}")
    number = _at_least("-1000000000000", "Number", "Enter a number, without units or text.")
    number.add(f"{letter['Value']}{first}:{letter['Value']}{last}")
    counts = _at_least("0", "Count", "Numerators and denominators are counts of 0 or more.")
    counts.add(f"{letter['Numerator']}{first}:{letter['Denominator']}{last}")
    for validation in (flags, number, counts):
        sheet.add_data_validation(validation)


INSTRUCTIONS = (
    "How to complete this return",
    "",
    "1. Each directorate has its own sheet, with one row per measure due this month.",
    "2. Fill in the yellow cells only. Grey columns are fixed and locked.",
    "3. Value: the figure for the period shown, in the unit shown (a percentage as 95.2, not "
    "0.952). For measures with a numerator and denominator you may give those two instead, "
    "and the value is calculated.",
    "4. Value means the figure for this period only, not a year-to-date total.",
    "5. Flags: choose estimated, provisional or revised from the list (type several as "
    "estimated;revised).",
    "6. Commentary: what explains the figure. If it is off track, say what the board needs: "
    "Impact (so what: who or what is affected, and how much), Cause (why it happened), Action "
    "(what is being done), Action owner (the officer responsible), Action due (when, e.g. "
    "Jan 2027 or 31/01/2027) and Back on track by (when the figure will be on target again).",
    "7. Leave a value blank if it is not available; do not type 'n/a' or a dash.",
    "8. Do not rename sheets, insert columns or change the Metric ID and Period cells.",
    "9. Save as .xlsx and return it to the performance team; it is read as it is.",
    "",
    "Target is the target for the measure's headline figure (for year-to-date measures, the "
    "target for the year to date).",
)


def build_workbook(
    council: Council, period: str, directorates: list[str] | None = None
) -> tuple[Workbook, dict[str, int]]:
    """The return workbook and the number of metric rows per sheet."""
    month = _month(period)
    chosen = _directorates(council, list(directorates or ()))
    due = due_metrics(council, month)
    book = Workbook()
    intro = book.active
    intro.title = "Instructions"
    _write_text(intro, 1, 1, f"{council.plan.council}: monthly performance return")
    _write_text(intro, 2, 1, f"Period: {month.long_label} ({month})")
    intro["A1"].font = Font(bold=True, size=14)
    for i, line in enumerate(INSTRUCTIONS, start=4):
        _write_text(intro, i, 1, line)
    intro.column_dimensions["A"].width = 110
    counts: dict[str, int] = {}
    for directorate in chosen:
        rows = due[due["directorate"] == directorate[0]]
        if rows.empty:
            continue
        counts[_directorate_sheet(book, council, month, directorate, rows)] = len(rows)
    if not counts:
        raise TemplateError(f"no metric of the chosen directorates is due in {month.long_label}")
    marker = book.create_sheet(MARKER_SHEET)
    marker.append([MARKER, str(month)])
    for name in counts:
        marker.append([name, HEADER_ROW])
    marker.sheet_state = "hidden"
    return book, counts


def write_template(
    council: Council, period: str, out: Path, directorates: list[str] | None = None
) -> dict[str, int]:
    """Write the workbook atomically to ``out``; the number of metric rows per sheet."""
    book, counts = build_workbook(council, period, directorates)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    book.save(partial)
    partial.replace(out)
    return counts
