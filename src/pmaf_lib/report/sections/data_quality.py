"""The data-quality mark: four parts (timeliness, completeness, validity, process), each
sufficient or not (``indicators/quality.py``), shown as text beside a kite-shaped mark whose
quarters are filled when sufficient: never colour alone, and the mark has an accessible name.
Rolled up per Direction as assurance on the evidence."""

from __future__ import annotations

import pandas as pd

from pmaf_lib.indicators.quality import PARTS
from pmaf_lib.report.charts import style
from pmaf_lib.report.formatting import format_count
from pmaf_lib.report.html import Html, attributes, join
from pmaf_lib.report.sections.metric_facts import Row, data_quality
from pmaf_lib.report.signals import as_tuple, is_blank

# clockwise from the top right: one quarter of a diamond per part
_QUARTERS = {
    "timeliness": "M8 1L15 8L8 8Z",
    "completeness": "M15 8L8 15L8 8Z",
    "validity": "M8 15L1 8L8 8Z",
    "process": "M1 8L8 1L8 8Z",
}
KEY = (
    "Data-quality mark: four quarters clockwise from the top right - timeliness, completeness, "
    "validity, process - each filled when sufficient."
)
_WHY_NOT = {"process": "no documented definition and owner in the register"}


def has_mark(row: Row) -> bool:
    return all(f"dq_{p}" in row and not is_blank(row.get(f"dq_{p}")) for p in PARTS)


def parts(row: Row) -> dict[str, bool]:
    """Each part and whether it is sufficient."""
    return {part: bool(row.get(f"dq_{part}")) for part in PARTS}


def _reason(row: Row, part: str) -> str:
    """Why a part is not sufficient: the flags that spoil it, in words."""
    if part in _WHY_NOT:
        return _WHY_NOT[part]
    flags = [f for f in as_tuple(row.get("dq_flags")) if f in PARTS[part]]
    return ", ".join(flags) or "flagged"


def summary(row: Row) -> str:
    """``3 of 4 sufficient; not: validity (provisional)``."""
    found = parts(row)
    text = f"{sum(found.values())} of {len(found)} sufficient"
    missing = [f"{p} ({_reason(row, p)})" for p, ok in found.items() if not ok]
    return f"{text}; not: {', '.join(missing)}" if missing else text


def shape(row: Row) -> Html:
    """The kite mark as an inline ``<svg role="img">`` named by :func:`summary`."""
    label = f"Data quality: {summary(row)}"
    quarters = "".join(
        f'<path d="{_QUARTERS[p]}" fill="{style.TEXT if ok else "#FFFFFF"}" '
        f'stroke="{style.TEXT}" stroke-width="1" stroke-linejoin="round"/>'
        for p, ok in parts(row).items()
    )
    attrs = attributes(
        class_="pmaf-dq-mark",
        role="img",
        aria_label=label,
        width=20,
        height=20,
        viewBox="0 0 16 16",
        xmlns="http://www.w3.org/2000/svg",
    )
    # quarters hold only pmaf's path constants and colours
    return Html("<svg{}><title>{}</title>{}</svg>").format(attrs, label, Html(quarters))


def cell(row: Row) -> Html | str:
    """Table cell: the mark and ``3 of 4`` with what is not sufficient (the flags' words
    where a row has no mark)."""
    if not has_mark(row):
        return data_quality(row)
    found = parts(row)
    missing = [p for p, ok in found.items() if not ok]
    text = f"{sum(found.values())} of {len(found)}" + (
        f": not {', '.join(missing)}" if missing else ""
    )
    return join([shape(row), " ", text])


def detail(row: Row) -> Html | str:
    """An exception's line: the mark, then every part in words."""
    if not has_mark(row):
        return data_quality(row)
    words = [
        f"{p.capitalize()}: {'sufficient' if ok else 'not sufficient (' + _reason(row, p) + ')'}"
        for p, ok in parts(row).items()
    ]
    found = parts(row)
    return join([shape(row), f" {sum(found.values())} of 4 sufficient. ", "; ".join(words), "."])


def rollup(metrics: pd.DataFrame) -> str:
    """Assurance on a Direction's evidence: ``4 of 6 metrics sufficient on all four parts;
    not sufficient: timeliness 1, validity 2``."""
    records = [r for r in metrics.to_dict("records") if has_mark(r)]
    if not records:
        return "No metrics."
    whole = sum(all(parts(r).values()) for r in records)
    short = {p: sum(not parts(r)[p] for r in records) for p in PARTS}
    text = f"{whole} of {format_count(len(records), 'metric')} sufficient on all four parts"
    listed = [f"{p} {n}" for p, n in short.items() if n]
    return f"{text} (not sufficient: {', '.join(listed)})" if listed else text
