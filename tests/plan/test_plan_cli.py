"""``pmaf validate``: exit codes, text and JSON output, and the bundled sample council."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pmaf_lib.cli import main
from pmaf_lib.plan import cli

from .editing import read_any, set_cell, write_any

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def pmaf(*argv: str) -> int:
    return main(["validate", *argv])


def test_clean_data_exits_0_with_a_summary(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pmaf("--data", str(mini)) == 0
    out = capsys.readouterr().out
    # FT01 ends with 7 months above its mean: the SPC advice names the line for spc.csv
    assert "valid - 0 error(s), 1 warning(s)" in out
    assert "add the line: FT01,2024-12,,,<why the process changed> [warning]" in out
    assert (
        "Borough of Testford: Corporate Plan 2024-2026 (2024/25 to 2025/26, 2 financial years)"
        in out
    )
    assert "2 priorities, 3 outcomes, 3 deliverables, 4 milestones" in out
    assert "5 (3 monthly, 1 quarterly, 1 annual; 2 without a target)" in out
    assert "2 directorates, 2 portfolios, 2 improvement Directions" in out
    assert "51 values over 15 months (2024-04 to 2025-06)" in out


def test_invalid_data_exits_2_grouped_by_file(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_cell(mini / "returns" / "2025-26.csv", 3, "value", "n/a")
    set_cell(mini / "metrics.csv", 2, "unit", "percnt")
    assert pmaf("--data", str(mini)) == 2
    out = capsys.readouterr().out
    assert "INVALID - 2 error(s)" in out
    assert (
        "returns/2025-26.csv:\n  returns/2025-26.csv row 3, column value: 'n/a' is not a number "
        "(expected a number such as 1,234 or 95.2%)"
    ) in out
    assert "metrics.csv:\n  metrics.csv row 2, column unit: 'percnt' is not a valid unit" in out


def test_json_format(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_cell(mini / "returns" / "2025-26.csv", 3, "value", "n/a")
    assert pmaf("--data", str(mini), "--format", "json") == 2
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["errors"] == 1
    problem = data["problems"][0]
    assert problem["file"] == "returns/2025-26.csv"
    assert (problem["row"], problem["column"], problem["value"]) == (3, "value", "n/a")
    assert problem["expected"] == "a number such as 1,234 or 95.2%"
    assert problem["severity"] == "error"


def test_json_summary_when_clean(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pmaf("--data", str(mini), "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["summary"]["metrics"] == 5


def test_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pmaf("--data", str(tmp_path / "nowhere")) == 2
    assert "is not a folder" in capsys.readouterr().out


def test_internal_error_exits_4(
    mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(data_dir: str) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(cli, "read_data", broken)
    assert pmaf("--data", str(mini)) == 4
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" in err


needs_sample = pytest.mark.skipif(
    not (SAMPLE / "plan.yaml").is_file(), reason="data/sample not generated"
)


@needs_sample
def test_the_sample_council_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert pmaf("--data", str(SAMPLE)) == 0, capsys.readouterr().out


def _table(folder: Path, stem: str) -> Path:
    return next(p for p in (folder / f"{stem}.csv", folder / f"{stem}.xlsx") if p.exists())


@needs_sample
def test_planted_errors_in_the_sample_are_all_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "sample"
    shutil.copytree(SAMPLE, data)
    returns = sorted(p for p in (data / "returns").iterdir() if p.suffix in (".csv", ".xlsx"))
    first, last = returns[0], returns[-1]

    rows = read_any(first)
    header = rows[0]
    value_col, id_col = header.index("value"), header.index("metric_id")
    rows[1][value_col] = "n/a"  # text in a value column: row 2
    unknown = list(rows[2])
    unknown[id_col] = "NOPE99"
    rows.append(unknown)  # unknown metric
    rows.append(list(rows[3]))  # duplicate of row 4
    write_any(first, rows)
    unknown_row, duplicate_row = len(rows) - 1, len(rows)

    metrics = _table(data, "metrics")
    register = read_any(metrics)
    register[1][register[0].index("directorate")] = "NO-SUCH-DIR"
    write_any(metrics, register)

    late = read_any(last)
    late[0][late[0].index("commentary")] = "comentary"
    write_any(last, late)

    assert pmaf("--data", str(data), "--format", "json") == 2
    problems = json.loads(capsys.readouterr().out)["problems"]
    located = {(p["file"], p["row"], p["column"]) for p in problems if p["severity"] == "error"}
    rel_first, rel_last = f"returns/{first.name}", f"returns/{last.name}"
    assert (rel_first, 2, "value") in located
    assert (rel_first, unknown_row, "metric_id") in located
    assert (rel_first, duplicate_row, "metric_id") in located
    assert (metrics.name, 2, "directorate") in located
    assert (rel_last, 1, "comentary") in located
