"""Build a copy of the mini council with hostile text in every free-text field of every file.

Dates, numbers and choices are left valid, so the council still passes ``pmaf validate`` and
every report renders: the hostile text reaches every page it can. Each field's text starts
with a label naming where it came from (``[reference.yaml directorates[0].name]``). The
directorate ``HSG`` is renamed ``HOSTILE_ID`` everywhere: markup and a path in an id.

    python -m tests.security.poison OUT_DIR     # writes the poisoned data folder and params
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from tests.security.payloads import ALL_IN_ONE

MINI = Path(__file__).parents[1] / "plan" / "fixtures" / "mini"

# Free text per YAML list (ids, officer and scope references, dates and choices are left out).
REFERENCE_TEXT = {
    "directorates": ("name",),
    "portfolios": ("title", "cabinet_member"),
    "officers": ("name", "job_title"),
    "lenses": ("name",),
    "equality_objectives": ("title", "description"),
    "directions": ("title", "text"),
    "benchmark_groups": ("name",),
}
PLAN_TEXT = ("name", "council")
HIERARCHY = ("priorities", "outcomes", "deliverables", "milestones")
HIERARCHY_TEXT = ("title", "description")
# Free-text columns of each table; reference columns (metric_id, owner, ...) are left valid.
TABLE_TEXT = {
    "metrics.csv": ("title", "definition", "numerator_label", "denominator_label", "source"),
    "milestones.csv": ("commentary", "updated_by"),
    "benchmarks.csv": ("organisation",),
    "assurance.csv": ("reason", "officer"),
    "returns/2024-25.csv": ("commentary", "action", "submitted_by"),
    "returns/2025-26.csv": ("commentary", "action", "submitted_by"),
}
# An id that is markup, a path and an entity at once (no "," or ";": they separate id lists).
HOSTILE_ID = 'H&S"><b>/../x'
RENAMED = "HSG"
# Parameters that are free text (classification, audience, ... are choices).
PARAMS_TEXT = ("council_name",)

Text = Callable[[str], str]


def hostile(label: str) -> str:
    """Every payload, labelled with the field it was put in."""
    return f"[{label}] {ALL_IN_ONE}"


def _renamed(value: Any) -> Any:
    """``value`` with every occurrence of the id ``RENAMED`` as ``HOSTILE_ID``."""
    if isinstance(value, dict):
        return {k: _renamed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v) for v in value]
    return HOSTILE_ID if value == RENAMED else value


def _poison_yaml(path: Path, change: Callable[[dict[str, Any], Text], None], text: Text) -> None:
    data = _renamed(yaml.safe_load(path.read_text(encoding="utf-8")))
    change(data, text)
    path.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False), encoding="utf-8")


def _reference(data: dict[str, Any], text: Text) -> None:
    for kind, keys in REFERENCE_TEXT.items():
        for i, item in enumerate(data.get(kind) or []):
            for key in keys:
                item[key] = text(f"reference.yaml {kind}[{i}].{key}")


def _plan(data: dict[str, Any], text: Text) -> None:
    for key in PLAN_TEXT:
        data["plan"][key] = text(f"plan.yaml plan.{key}")

    def walk(items: list[dict[str, Any]], depth: int, where: str) -> None:
        for i, item in enumerate(items):
            here = f"{where}{HIERARCHY[depth]}[{i}]"
            for key in HIERARCHY_TEXT:
                item[key] = text(f"plan.yaml {here}.{key}")
            if depth + 1 < len(HIERARCHY):
                walk(item.get(HIERARCHY[depth + 1]) or [], depth + 1, f"{here}.")

    walk(data["priorities"], 0, "")


def _poison_table(path: Path, rel: str, columns: tuple[str, ...], text: Text, own: str) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows = [[HOSTILE_ID if cell == RENAMED else cell for cell in row] for row in rows]
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        for column in columns:
            index = header.index(column)
            if column == "organisation" and row[index] == "Borough of Testford":
                row[index] = own  # the council's own benchmark row keeps matching its name
            else:
                row[index] = text(f"{rel} row {number} {column}")
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def poisoned_council(out: Path, text: Text = hostile) -> tuple[Path, Path]:
    """``out/data`` (the poisoned council) and ``out/params.yaml``; returns both paths."""
    data = out / "data"
    shutil.copytree(MINI, data)
    _poison_yaml(data / "reference.yaml", _reference, text)
    _poison_yaml(data / "plan.yaml", _plan, text)
    own = text("plan.yaml plan.council")
    for rel, columns in TABLE_TEXT.items():
        _poison_table(data / rel, rel, columns, text, own)
    params = out / "params.yaml"
    values = {key: text(f"params {key}") for key in PARAMS_TEXT}
    params.write_text(yaml.safe_dump({**values, "timeout": 300}, allow_unicode=False))
    return data, params


if __name__ == "__main__":
    print(*poisoned_council(Path(sys.argv[1])), sep="\n")
