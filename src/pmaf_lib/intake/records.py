"""Source sheets -> one record per value: the mapped fields, still as the source wrote them,
with the file, sheet, row and column each came from.

Long layout: one record per data row. Wide layout: one record per row and period heading with
a value; the row's other mapped columns (commentary, flags, target, ...) go with its latest
period that has a value. Rows whose metric cell is blank (spacers, section headings) or reads
``Total``/``Grand total`` are skipped, as are rows matching ``skip_rows`` or failing ``filters``.
"""

from __future__ import annotations

import re

import pandas as pd

from pmaf_lib.intake.mapping import OPTIONAL_FIELDS, Mapping, template_columns
from pmaf_lib.intake.sources import Sheet, _text, header_period
from pmaf_lib.plan.problems import ProblemLog, closest

ROW_FIELDS_LATEST = ("commentary", "action", "flags", "target", "submitted_by")
TOTAL_ROW = re.compile(r"^(grand\s+)?totals?\b", re.I)
LOCATION = ("_label", "_row", "_column")


def _resolve(
    sheet: Sheet, names: set[str], optional: set[str], log: ProblemLog
) -> dict[str, int] | None:
    """Source column name -> index; a missing column is reported with the closest heading (an
    error, or a warning for a column of an optional field such as commentary)."""
    found: dict[str, int] = {}
    missing = False
    for name in sorted(names | optional):
        index = sheet.index_of(name)
        if index is not None:
            found[name] = index
            continue
        hint = closest(name, [h for h in sheet.headers if h])
        text = f"has no column {name!r}" + (f"; did you mean {hint!r}?" if hint else "")
        if name in names:
            missing = True
            log.add(
                sheet.label,
                sheet.header_row,
                name,
                None,
                text,
                f"a column headed {name!r} in row {sheet.header_row}, or header_row: "
                "the row that holds the column headings",
            )
        else:
            log.warn(sheet.label, sheet.header_row, name, None, f"{text}; left blank here")
    return None if missing else found


def _cells(sheet: Sheet, width: int) -> pd.DataFrame:
    data = [[_text(v) or None for v in (row + [None] * width)[:width]] for _, row in sheet.rows]
    frame = pd.DataFrame(data, columns=range(width), dtype=object)
    frame["_row"] = [n for n, _ in sheet.rows]
    return frame


def _field(frame: pd.DataFrame, spec: str, index: dict[str, int], sheet: Sheet) -> pd.Series:
    """A field's text per row: one column, or a ``{template}`` of columns and ``{sheet}``."""
    parts = re.findall(r"\{([^{}]+)\}", spec)
    if not parts:
        return frame[index[spec]]

    def fill(row: pd.Series) -> str | None:
        values = {p: (sheet.name if p == "sheet" else row[index[p]]) for p in parts}
        if any(v is None for v in values.values()):
            return None
        return re.sub(r"\{([^{}]+)\}", lambda m: str(values[m[1]]), spec)

    return frame.apply(fill, axis=1)


def sheet_records(sheet: Sheet, mapping: Mapping, log: ProblemLog) -> pd.DataFrame | None:
    """The records of one sheet (None when a mapped column is missing)."""
    optional = {
        c
        for field, spec in mapping.columns.items()
        if field in OPTIONAL_FIELDS
        for c in template_columns(spec)
    }
    names = mapping.source_columns() - optional
    index = _resolve(sheet, names, optional - names - {"sheet"}, log)
    if index is None:
        return None
    width = max([len(sheet.headers), *(len(r) for _, r in sheet.rows)]) if sheet.rows else 0
    frame = _cells(sheet, width)
    keep = pd.Series(True, index=frame.index)
    for column, allowed in mapping.filters.items():
        wanted = {a.casefold() for a in allowed}
        text = sheet.name if column == "sheet" else frame[index[column]]
        keep &= pd.Series(text, index=frame.index).map(lambda v, w=wanted: str(v).casefold() in w)
    for column, pattern in mapping.skip_rows:
        text = frame[index[column]].fillna("")
        keep &= ~text.map(lambda v, p=pattern: bool(p.search(v)))
    fields = pd.DataFrame(index=frame.index)
    for name, spec in mapping.columns.items():
        if all(c in index or c == "sheet" for c in template_columns(spec)) and (
            name != "value" or mapping.layout == "long"
        ):
            fields[name] = _field(frame, spec, index, sheet)
            fields[f"_column_{name}"] = spec
    for name, value in mapping.fixed.items():
        if name not in fields:
            fields[name] = value
            fields[f"_column_{name}"] = None
    for group in mapping.benchmarks:
        for label, column in group.references.items():
            fields[f"ref|{group.group}|{label}"] = frame[index[column]]
        if group.same_as_council:
            fields[f"family|{group.group}"] = frame[index[group.same_as_council]]
    metric = fields["metric"].fillna("")
    keep &= metric.ne("") & ~metric.map(lambda v: bool(TOTAL_ROW.match(v)))
    fields["_label"] = sheet.label
    fields["_row"] = frame["_row"]
    fields["_sheet"] = sheet.name
    fields = fields[keep]
    if mapping.layout == "long":
        fields["_column"] = mapping.columns.get("value")
        return fields.reset_index(drop=True)
    return _wide(sheet, mapping, fields, frame.loc[keep.to_numpy()], set(index.values()), log)


def _wide(
    sheet: Sheet,
    mapping: Mapping,
    fields: pd.DataFrame,
    frame: pd.DataFrame,
    used: set[int],
    log: ProblemLog,
) -> pd.DataFrame | None:
    periods = {
        j: period
        for j, heading in enumerate(sheet.headers)
        if j not in used and (period := header_period(heading, mapping.period_format)) is not None
    }
    if not periods:
        headings = ", ".join(repr(h) for h in sheet.headers if h)
        log.add(
            sheet.label,
            sheet.header_row,
            None,
            None,
            f"none of the headings in row {sheet.header_row} reads as a period ({headings[:200]})",
            "period headings such as Apr-25, 2025-04, 2025/26 Q2 or 2025-26, or "
            "header_row/header_rows pointing at them",
        )
        return None
    raw = dict(zip(frame["_row"], _raw_cells_for(sheet, frame), strict=True))
    records = []
    for record in fields.to_dict("records"):
        cells = raw[record["_row"]]
        filled = [j for j in periods if j < len(cells) and _text(cells[j])]
        for j in filled:
            one = {
                k: v
                for k, v in record.items()
                if not k.startswith("_column_") or k == "_column_metric"
            }
            one["value"] = cells[j]
            one["period"] = str(periods[j])
            one["_column"] = sheet.headers[j]
            if j != filled[-1]:
                for name in ROW_FIELDS_LATEST:
                    one.pop(name, None)
            records.append(one)
    return pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=list(LOCATION))


def _raw_cells_for(sheet: Sheet, frame: pd.DataFrame) -> list[list[object]]:
    rows = dict(sheet.rows)
    return [rows[n] for n in frame["_row"]]
