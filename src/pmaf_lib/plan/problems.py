"""Problems found in a council's data, and the report that lists every one of them."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd


class Severity(StrEnum):
    ERROR = "error"  # the data cannot be used
    WARNING = "warning"  # worth a look, does not stop a report


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, located as a spreadsheet user would find it.

    ``row`` is the spreadsheet row (header = 1, first data row = 2) for tables and the line
    number for YAML files; ``column`` is the column name, or the key path in a YAML file.
    ``message`` is the complete description, ``expected`` what would be accepted.
    """

    file: str
    row: int | None
    column: str | None
    value: Any
    message: str
    expected: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        is_yaml = self.file.endswith((".yaml", ".yml"))
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{'line' if is_yaml else 'row'} {self.row}")
        where = " ".join(parts)
        if self.column:
            where += f", {'key' if is_yaml else 'column'} {self.column}"
        return where

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text if self.severity is Severity.ERROR else f"{text} [warning]"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        data["value"] = _jsonable(self.value)
        data["text"] = str(self)
        return data


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if pd.isna(value) else value
    return str(value)


def show(value: Any) -> str:
    """How an offending value is quoted in a message."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "blank"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, pd.Timestamp):
        value = value.date().isoformat()
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def closest(value: Any, choices: Iterable[str]) -> str | None:
    """The choice closest to ``value`` (case-insensitive), or None if nothing is close."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(str(value).lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def one_of(choices: Iterable[str], value: Any = None, limit: int = 8) -> str:
    """``one of a, b, c`` plus a ``did you mean`` hint for ``value`` when one is close."""
    choices = sorted(set(choices), key=str)
    listed = ", ".join(choices[:limit]) + (
        f" ... ({len(choices)} in all)" if len(choices) > limit else ""
    )
    text = f"one of {listed}" if choices else "an entry that exists (the list is empty)"
    if value is not None and (hint := closest(value, choices)):
        text += f"; did you mean {hint!r}?"
    return text


@dataclass
class ProblemLog:
    """Collects problems while data is checked, so that every one is reported in one pass."""

    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        file: str,
        row: int | None,
        column: str | None,
        value: Any,
        message: str,
        expected: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(Problem(file, row, column, value, message, expected, severity))

    def warn(
        self, file: str, row: int | None, column: str | None, value: Any, message: str
    ) -> None:
        self.add(file, row, column, value, message, None, Severity.WARNING)

    def rows(
        self,
        frame: pd.DataFrame,
        mask: pd.Series,
        column: str,
        message: str,
        expected: str | None = None,
        severity: Severity = Severity.ERROR,
        value_column: str | None = None,
    ) -> None:
        """One problem per row of ``frame`` where ``mask`` holds.

        ``frame`` carries ``source_file`` and ``source_row``; ``message`` may use ``{value}``
        (the quoted cell) and any column of the frame as ``{name}``.
        """
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        hits = frame.loc[mask]
        cell = value_column or column
        for record in hits.to_dict("records"):
            value = record.get(cell)
            fields = {k: ("" if v is None else v) for k, v in record.items()}
            fields["value"] = show(value)
            self.add(
                record["source_file"],
                int(record["source_row"]),
                column,
                value,
                message.format(**fields),
                expected.format(**fields) if expected else None,
                severity,
            )

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


@dataclass(frozen=True)
class ValidationReport:
    """Everything :func:`pmaf_lib.plan.validate_data` found; ``ok`` when there are no errors."""

    data_dir: str
    problems: tuple[Problem, ...]
    summary: dict[str, Any] | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_file(self) -> dict[str, list[Problem]]:
        """Problems grouped by file, files in name order, rows in order within a file."""
        groups: dict[str, list[Problem]] = {}
        for problem in sorted(self.problems, key=lambda p: (p.file, p.row or 0, p.column or "")):
            groups.setdefault(problem.file, []).append(problem)
        return groups

    def to_text(self) -> str:
        counts = f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        verdict = "valid" if self.ok else "INVALID"
        lines = [f"{self.data_dir}: {verdict} - {counts}"]
        for file, problems in self.by_file().items():
            lines.append("")
            lines.append(f"{file or '(data folder)'}:")
            lines.extend(f"  {p}" for p in problems)
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "data_dir": self.data_dir,
                "ok": self.ok,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "problems": [p.to_dict() for p in self.problems],
                "summary": self.summary,
            },
            indent=2,
            ensure_ascii=False,
        )
