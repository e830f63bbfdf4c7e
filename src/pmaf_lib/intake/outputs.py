"""What an import writes: its own ``returns/<name>.csv``, its rows of ``benchmarks.csv`` and
``targets.csv`` (other rows kept), each compared with what is there (new, changed and removed
values per metric and period) and replaced atomically only when it changes; and
``imports.json``, the import log (mapping and source SHA-256, row counts) the run's manifest
carries."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pmaf_lib.intake.safe_cells import neutralise
from pmaf_lib.intake.transform import BENCHMARK_COLUMNS, RETURN_COLUMNS, TARGET_COLUMNS

IMPORT_LOG = "imports.json"


@dataclass
class Change:
    """Differences in one output file, grouped by metric (and group for benchmarks)."""

    file: str
    new: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed or self.removed)

    def counts(self) -> dict[str, int]:
        return {
            k: sum(len(v) for v in getattr(self, k).values()) for k in ("new", "changed", "removed")
        }

    def lines(self) -> list[str]:
        if not self.any:
            return [f"{self.file}: no change"]
        c = self.counts()
        out = [f"{self.file}: {c['new']:,} new, {c['changed']:,} changed, {c['removed']:,} removed"]
        for key in sorted(set(self.new) | set(self.changed) | set(self.removed)):
            parts = []
            for kind in ("new", "changed", "removed"):
                items = getattr(self, kind).get(key, [])
                if items:
                    shown = ", ".join(items[:6]) + (
                        f" ... ({len(items)} in all)" if len(items) > 6 else ""
                    )
                    parts.append(f"{kind} {shown}")
            out.append(f"  {key}: " + "; ".join(parts))
        return out


def number_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    number = float(value)
    return (
        str(int(number)) if number.is_integer() and abs(number) < 1e15 else format(number, ".10g")
    )


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    return str(neutralise(str(value)))


def csv_text(frame: pd.DataFrame, columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in frame[columns].itertuples(index=False):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def read_text_table(path: Path) -> pd.DataFrame:
    """An existing CSV as text cells ('' for blank), or an empty frame."""
    if not path.is_file():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _keys(frame: pd.DataFrame, key: list[str]) -> dict[tuple, tuple]:
    if frame.empty:
        return {}
    rest = [c for c in frame.columns if c not in key]
    return {
        tuple(r[: len(key)]): tuple(r[len(key) :])
        for r in frame[key + rest].itertuples(index=False)
    }


def compare(
    file: str, old: pd.DataFrame, new: pd.DataFrame, key: list[str], label: list[str], value: str
) -> Change:
    """New/changed/removed rows by ``key``; grouped by the ``label`` columns of the key."""
    change = Change(file)
    columns = [c for c in new.columns if c in old.columns] if not old.empty else list(new.columns)
    old_rows = _keys(old[columns] if not old.empty else old, key)
    new_rows = _keys(new[columns], key)
    where = {c: i for i, c in enumerate(c for c in columns if c not in key)}
    group = [key.index(c) for c in label]
    rest = [i for i in range(len(key)) if i not in group]

    def add(kind: dict[str, list[str]], k: tuple, text: str) -> None:
        kind.setdefault(" ".join(k[i] for i in group), []).append(text)

    for k, row in new_rows.items():
        name = " ".join(k[i] for i in rest)
        if k not in old_rows:
            add(change.new, k, f"{name} {row[where[value]]}".strip())
        elif old_rows[k] != row:
            before = old_rows[k][where[value]]
            add(change.changed, k, f"{name}: {before or 'blank'} -> {row[where[value]] or 'blank'}")
    for k in old_rows.keys() - new_rows.keys():
        add(change.removed, k, " ".join(k[i] for i in rest))
    return change


def as_text_frame(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(csv_text(frame, columns)), dtype=str, keep_default_na=False)


def merged(old: pd.DataFrame, new: pd.DataFrame, owned: list[str]) -> pd.DataFrame:
    """``old`` without the rows whose ``owned`` columns match a row of ``new``, plus ``new``."""
    if old.empty:
        return new
    mine = set(map(tuple, new[owned].itertuples(index=False)))
    keep = old[[tuple(r) not in mine for r in old[owned].itertuples(index=False)]]
    columns = list(old.columns) + [c for c in new.columns if c not in old.columns]
    return pd.concat([keep, new], ignore_index=True).reindex(columns=columns).fillna("")


def write_atomic(path: Path, text: str) -> bool:
    """Replace ``path`` with ``text`` unless it already holds exactly that; True if written."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)
    return True


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_log(data_dir: Path) -> dict:
    path = data_dir / IMPORT_LOG
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return {}


def record_import(data_dir: Path, name: str, entry: dict) -> bool:
    """Log this import unless the log already records the same mapping, sources and outputs."""
    log = read_log(data_dir)
    old = log.get(name, {})
    same = all(old.get(k) == entry.get(k) for k in ("mapping", "sources", "outputs", "rows"))
    if same:
        return False
    log[name] = {**entry, "imported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    return write_atomic(data_dir / IMPORT_LOG, json.dumps(log, indent=2, sort_keys=True) + "\n")


COLUMNS = {
    "returns": list(RETURN_COLUMNS),
    "benchmarks": list(BENCHMARK_COLUMNS),
    "targets": list(TARGET_COLUMNS),
}
