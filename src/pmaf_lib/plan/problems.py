"""Problems found in a council's data, and the report that lists them.

1. Every problem names file, row (or YAML line), column (or key) and the value.
2. A file's problems stop being listed after :data:`FILE_CAP`; the rest are counted, and the
   report ends that file with one "N more problems are not listed" line.
3. Text output groups a file's problems of one kind (same message template, column and
   severity): the first :data:`GROUP_SHOWN` lines, then "... and N more like this" with the
   rows. ``--format json`` lists every listed problem.
4. Files are listed in the order the others depend on them (:data:`DEPENDED_ON_FIRST`, then by
   name), so a duplicated or misspelled id is read before the "not a directorate" errors it
   causes elsewhere.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

FILE_CAP = 1000
GROUP_SHOWN = 3
UNLISTED = "unlisted"  # the kind of a file's closing "N more problems" line
DEPENDED_ON_FIRST = ("", "reference.yaml", "plan.yaml", "metrics.csv")


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
    kind: str | None = None  # the message template shared by problems of one kind

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
    """Collects problems while data is checked, so that every one is reported in one pass;
    after :data:`FILE_CAP` problems in one file the rest are only counted."""

    problems: list[Problem] = field(default_factory=list)
    listed: Counter[str] = field(default_factory=Counter)
    unlisted: dict[str, Counter[Severity]] = field(default_factory=dict)

    def full(self, file: str) -> bool:
        """True once ``file`` has :data:`FILE_CAP` problems listed."""
        return self.listed[file] >= FILE_CAP

    def count_unlisted(self, file: str, severity: Severity, count: int = 1) -> None:
        self.unlisted.setdefault(file, Counter())[severity] += count

    def add(
        self,
        file: str,
        row: int | None,
        column: str | None,
        value: Any,
        message: str,
        expected: str | None = None,
        severity: Severity = Severity.ERROR,
        kind: str | None = None,
    ) -> None:
        if self.full(file):
            self.count_unlisted(file, severity)
            return
        self.listed[file] += 1
        self.problems.append(Problem(file, row, column, value, message, expected, severity, kind))

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
        """One problem per row of ``frame`` where ``mask`` holds (up to each file's cap).

        ``frame`` carries ``source_file`` and ``source_row``; ``message`` may use ``{value}``
        (the quoted cell) and any column of the frame as ``{name}``.
        """
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        cell = value_column or column
        for file, hits in frame.loc[mask].groupby("source_file", sort=False):
            room = max(FILE_CAP - self.listed[str(file)], 0)
            if len(hits) > room:
                self.count_unlisted(str(file), severity, len(hits) - room)
            for record in hits.head(room).to_dict("records"):
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
                    kind=message,
                )

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems) or any(
            counts[Severity.ERROR] for counts in self.unlisted.values()
        )

    def report(self) -> tuple[Problem, ...]:
        """Every listed problem, then one line per file whose further problems were counted."""
        tails = [
            Problem(
                file,
                None,
                None,
                sum(counts.values()),
                f"has {sum(counts.values()):,} more problems that are not listed (pmaf lists "
                f"the first {FILE_CAP:,} of a file's problems); fix those and validate again",
                severity=Severity.ERROR if counts[Severity.ERROR] else Severity.WARNING,
                kind=UNLISTED,
            )
            for file, counts in self.unlisted.items()
        ]
        return (*self.problems, *tails)


def _groups(problems: list[Problem]) -> list[list[Problem]]:
    """Problems of one kind together, groups in order of their first row."""
    groups: dict[tuple[str, str | None, Severity], list[Problem]] = {}
    for problem in problems:
        key = (problem.kind or problem.message, problem.column, problem.severity)
        groups.setdefault(key, []).append(problem)
    return list(groups.values())


def _rows_text(rows: list[int], shown: int = 5) -> str:
    """``rows 5, 6, 9, 12, 40, ...`` (the first few of them)."""
    head = ", ".join(str(r) for r in rows[:shown])
    return f"rows {head}" + (", ..." if len(rows) > shown else "")


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

    def count(self, severity: Severity) -> int:
        """Problems of ``severity``, the unlisted ones (rule 2) included."""
        return sum(
            p.value if p.kind == UNLISTED else 1 for p in self.problems if p.severity is severity
        )

    def by_file(self) -> dict[str, list[Problem]]:
        """Problems grouped by file (rule 4), rows in order within a file."""
        groups: dict[str, list[Problem]] = {}
        first = {name: i for i, name in enumerate(DEPENDED_ON_FIRST)}

        def order(p: Problem) -> tuple[int, str, bool, int, str]:
            rank = first.get(p.file, len(first))
            return (rank, p.file, p.kind == UNLISTED, p.row or 0, p.column or "")

        for problem in sorted(self.problems, key=order):
            groups.setdefault(problem.file, []).append(problem)
        return groups

    def to_text(self) -> str:
        """Problems by file, repeated problems of one kind grouped (module rule 3)."""
        counts = (
            f"{self.count(Severity.ERROR):,} error(s), {self.count(Severity.WARNING):,} warning(s)"
        )
        verdict = "valid" if self.ok else "INVALID"
        lines = [f"{self.data_dir}: {verdict} - {counts}"]
        for file, problems in self.by_file().items():
            lines.append("")
            lines.append(f"{file or '(data folder)'}:")
            for group in _groups(problems):
                lines.extend(f"  {p}" for p in group[:GROUP_SHOWN])
                if len(group) > GROUP_SHOWN:
                    rest = [p.row for p in group[GROUP_SHOWN:] if p.row is not None]
                    lines.append(
                        f"  ... and {len(group) - GROUP_SHOWN:,} more like this"
                        + (f" ({_rows_text(rest)})" if rest else "")
                        + "; --format json lists each"
                    )
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "data_dir": self.data_dir,
                "ok": self.ok,
                "errors": self.count(Severity.ERROR),
                "warnings": self.count(Severity.WARNING),
                "problems": [p.to_dict() for p in self.problems],
                "summary": self.summary,
            },
            indent=2,
            ensure_ascii=False,
        )
