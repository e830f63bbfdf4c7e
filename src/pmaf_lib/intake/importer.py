"""``pmaf import``: read the mapping, read every source, convert, check, compare with the data
folder and (unless a dry run, and only when nothing is in error) write the changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pmaf_lib.intake import sanity
from pmaf_lib.intake.folder import DataFolder, read_folder
from pmaf_lib.intake.mapping import read_mapping
from pmaf_lib.intake.outputs import (
    COLUMNS,
    Change,
    as_text_frame,
    compare,
    csv_text,
    merged,
    read_text_table,
    record_import,
    sha256,
    write_atomic,
)
from pmaf_lib.intake.records import sheet_records
from pmaf_lib.intake.sources import read_sheets
from pmaf_lib.intake.transform import Converted, convert
from pmaf_lib.plan.problems import Problem, ProblemLog, Severity


@dataclass
class ImportReport:
    problems: list[Problem]
    changes: list[Change] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_text(self) -> str:
        lines = []
        errors, warnings = self.errors, [p for p in self.problems if p not in self.errors]
        if errors:
            lines.append(f"{len(errors)} error(s); nothing was written:")
            lines += [f"  {p}" for p in errors]
        if warnings:
            lines.append(f"{len(warnings)} warning(s):")
            lines += [f"  {p}" for p in warnings]
        if self.counts:
            c = self.counts
            lines.append(
                f"read {c.get('rows_read', 0):,} values; used {c.get('rows_used', 0):,}; "
                f"skipped: {c.get('not_in_crosswalk', 0):,} not in the crosswalk, "
                f"{c.get('not_in_register', 0):,} not in the register, "
                f"{c.get('bad_period', 0) + c.get('outside_periods', 0):,} outside the periods, "
                f"{c.get('outside_plan_years', 0):,} outside the plan's years; "
                f"{c.get('value_suppressed', 0):,} suppressed or unavailable values"
            )
        for change in self.changes:
            lines += change.lines()
        if self.ok:
            if self.dry_run:
                lines.append("dry run: nothing was written")
            elif self.written:
                lines.append("wrote " + ", ".join(self.written))
            else:
                lines.append("nothing changed")
        return "\n".join(lines)


def _collisions(converted: Converted, folder: DataFolder, own: str, log: ProblemLog) -> None:
    """Values the import would add that another returns file already holds."""
    others = folder.values[folder.values["file"] != own]
    clash = converted.returns.merge(others, on=["metric_id", "period"], suffixes=("", "_other"))
    for (metric_id, other), rows in clash.groupby(["metric_id", "file"]):
        first = rows.iloc[0]
        periods = ", ".join(rows["period"].head(6)) + (" ..." if len(rows) > 6 else "")
        log.add(
            first["_label"],
            int(first["_row"]),
            first["_column"],
            first["period"],
            f"{metric_id} {periods} ({len(rows)} periods) already in {other}",
            "each value in one returns file: remove it there, or limit the import with "
            "periods: from/to",
        )


def _read(mapping_path: Path, log: ProblemLog):
    mapping = read_mapping(mapping_path, log)
    if mapping is None:
        return None, [], []
    frames, sources = [], []
    for path in mapping.sources:
        rows = 0
        for sheet in read_sheets(path, mapping, log):
            rows += len(sheet.rows)
            records = sheet_records(sheet, mapping, log)
            if records is not None and len(records):
                frames.append(records)
        if path.is_file():
            sources.append({"file": path.name, "sha256": sha256(path), "rows": rows})
    return mapping, frames, sources


def run_import(mapping_path: Path, data_dir: Path, dry_run: bool = False) -> ImportReport:
    log = ProblemLog()
    mapping, frames, sources = _read(mapping_path, log)
    if mapping is None or log.has_errors:
        return ImportReport(log.problems, dry_run=dry_run)
    if not frames:
        log.add(mapping.file, None, None, None, "found no rows to import in its sources")
        return ImportReport(log.problems, dry_run=dry_run)
    folder = read_folder(data_dir)
    records = pd.concat(frames, ignore_index=True)
    converted = convert(records, mapping, folder, log)
    own = f"returns/{mapping.name}.csv"
    converted.returns.attrs["output"] = f"{mapping.name}.csv"
    _collisions(converted, folder, own, log)
    sanity.check(converted.returns, converted.targets, mapping, folder, log)
    for stem in ("benchmarks", "targets"):
        if (data_dir / f"{stem}.xlsx").is_file() and not getattr(converted, stem).empty:
            log.add(
                f"{stem}.xlsx",
                None,
                None,
                None,
                f"the import writes {stem}.csv but the data folder keeps {stem}.xlsx",
                f"{stem}.csv (save the workbook as CSV first)",
            )
    plans = _plan_outputs(converted, data_dir, own)
    report = ImportReport(
        log.problems, [c for c, _, _ in plans], dict(converted.counts), dry_run=dry_run
    )
    if dry_run or not report.ok:
        return report
    outputs = []
    for change, path, text in plans:
        if write_atomic(path, text):
            report.written.append(change.file)
        outputs.append({"file": change.file, "sha256": sha256(path), "rows": text.count("\n") - 1})
    entry = {
        "mapping": {"file": mapping_path.name, "sha256": sha256(mapping_path)},
        "sources": sources,
        "outputs": outputs,
        "rows": {k: v for k, v in sorted(converted.counts.items())},
    }
    if record_import(data_dir, mapping.name, entry) and report.written:
        report.written.append("imports.json")
    return report


def _plan_outputs(converted: Converted, data_dir: Path, own: str) -> list[tuple[Change, Path, str]]:
    """(change, path, new text) for every file the import touches."""
    plans = []
    if not converted.returns.empty:
        text = csv_text(converted.returns, COLUMNS["returns"])
        new = as_text_frame(converted.returns, COLUMNS["returns"])
        old = read_text_table(data_dir / own)
        change = compare(own, old, new, ["metric_id", "period"], ["metric_id"], "value")
        plans.append((change, data_dir / own, text))
    if not converted.benchmarks.empty:
        new = as_text_frame(converted.benchmarks, COLUMNS["benchmarks"])
        old = read_text_table(data_dir / "benchmarks.csv")
        owned = ["metric_id", "group"]
        mine = set(map(tuple, new[owned].itertuples(index=False)))
        old_mine = (
            old[[tuple(r) in mine for r in old[owned].itertuples(index=False)]] if len(old) else old
        )
        key = ["metric_id", "period", "group", "organisation"]
        change = compare("benchmarks.csv", old_mine, new, key, ["metric_id", "group"], "value")
        table = merged(old, new, owned)
        plans.append((change, data_dir / "benchmarks.csv", csv_text(table, list(table.columns))))
    if not converted.targets.empty:
        plans.append(_targets_plan(converted.targets, data_dir))
    return plans


def _targets_plan(targets: pd.DataFrame, data_dir: Path) -> tuple[Change, Path, str]:
    """Existing target rows get the new target (tolerance and profile kept); others are added."""
    new = as_text_frame(
        targets.drop_duplicates(["metric_id", "financial_year", "period"]), COLUMNS["targets"]
    )
    old = read_text_table(data_dir / "targets.csv")
    key = ["metric_id", "financial_year", "period"]
    if old.empty:
        old = pd.DataFrame(columns=[*key, "target"])
    for column in key:
        if column not in old:
            old[column] = ""
    index = {tuple(r): i for i, r in zip(old.index, old[key].itertuples(index=False), strict=True)}
    before = old[
        [
            tuple(r) in set(map(tuple, new[key].itertuples(index=False)))
            for r in old[key].itertuples(index=False)
        ]
    ]
    change = compare("targets.csv", before[[*key, "target"]], new, key, ["metric_id"], "target")
    table = old.copy()
    added = []
    for row in new.itertuples(index=False):
        at = index.get(tuple(getattr(row, c) for c in key))
        if at is None:
            added.append(row._asdict())
        else:
            table.loc[at, "target"] = row.target
    if added:
        table = pd.concat([table, pd.DataFrame(added)], ignore_index=True).fillna("")
    return change, data_dir / "targets.csv", csv_text(table, list(table.columns))
