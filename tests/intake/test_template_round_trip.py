"""``pmaf template`` on the sample council: written, filled in as a service would with openpyxl,
dropped into returns/, then validated and evaluated."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pmaf_lib.cli import main
from pmaf_lib.indicators import evaluate
from pmaf_lib.plan import load_council, validate_data

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
HOSTILE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture(scope="module")
def council_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("rt") / "council"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture(scope="module")
def template(council_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "t.xlsx"
    assert (
        main(["template", "--period", "2026-11", "--data", str(council_dir), "--out", str(out)])
        == 0
    )
    return out


def _header(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[4] if cell.value}


def _fill(path: Path, target: Path) -> dict[str, float]:
    """Every input row filled: ratio metrics by numerator and denominator, others by value."""
    book = openpyxl.load_workbook(path)
    register = pd.read_csv(SAMPLE / "metrics.csv", dtype=str)
    ratio = set(register.loc[register["numerator_label"].notna(), "metric_id"])
    filled = {}
    for sheet in book.worksheets:
        if sheet.title in ("Instructions", "pmaf"):
            continue
        col = _header(sheet)
        for row in range(5, sheet.max_row + 1):
            metric = sheet.cell(row, col["Metric ID"]).value
            if not metric:
                continue
            if metric in ratio:
                sheet.cell(row, col["Numerator"], 45)
                sheet.cell(row, col["Denominator"], 60)
                filled[metric] = None
            else:
                sheet.cell(row, col["Value"], 12.5)
                filled[metric] = 12.5
            sheet.cell(row, col["Commentary"], "Steady month; see the service plan.")
            sheet.cell(row, col["Flags"], "provisional")
    book.save(target)
    return filled


def test_template_has_locked_context_and_validated_inputs(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    assert book.sheetnames[0] == "Instructions"
    assert book["pmaf"].sheet_state == "hidden"
    asc = book["ASC"]
    col = _header(asc)
    assert asc.protection.sheet
    assert asc.cell(5, col["Period"]).value == "2026-11"
    assert asc.cell(5, col["Metric ID"]).protection.locked
    assert not asc.cell(5, col["Value"]).protection.locked
    kinds = {v.type for v in asc.data_validations.dataValidation}
    assert {"list", "decimal"} <= kinds
    # the October value is shown for context
    assert asc.cell(5, col["Previous period"]).value == "2026-10"
    assert asc.cell(5, col["Previous value"]).value == pytest.approx(73.38)


def test_filled_return_validates_and_reaches_evaluate(
    template: Path, council_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = _fill(template, council_dir / "returns" / "2026-11-return.xlsx")
    assert main(["validate", "--data", str(council_dir)]) == 0
    council = load_council(council_dir)
    november = council.values[council.values["period"] == "2026-11"]
    assert set(november["metric_id"]) == set(filled)
    assert november["provisional"].all()
    card = evaluate(council, "2026-11").scorecard.set_index("metric_id")
    asc01 = card.loc["ASC01"]
    assert asc01["current_period"] == "2026-11"
    assert asc01["value"] == pytest.approx(75.0)  # 45 / 60 as a percentage
    plain = next(
        m for m, v in filled.items() if v is not None and card.loc[m, "aggregation"] == "snapshot"
    )
    assert card.loc[plain, "value"] == pytest.approx(12.5)


def test_problems_are_named_by_sheet_row_and_column(template: Path, tmp_path: Path) -> None:
    folder = tmp_path / "council"
    shutil.copytree(SAMPLE, folder)
    book = openpyxl.load_workbook(template)
    sheet = book["HSG"]
    col = _header(sheet)
    sheet.cell(6, col["Value"], "about ten")
    sheet.cell(7, col["Flags"], "guessed")
    book.save(folder / "returns" / "2026-11.xlsx")
    problems = [str(p) for p in validate_data(folder).errors]
    assert any(
        p.startswith("returns/2026-11.xlsx (sheet HSG) row 6, column value") and "about ten" in p
        for p in problems
    ), problems
    assert any("(sheet HSG) row 7, column flags" in p for p in problems), problems
    assert not any("row 8," in p for p in problems)  # rows nobody filled are not returns


def test_hostile_metric_text_is_written_as_text(council_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "council"
    shutil.copytree(council_dir, folder, ignore=shutil.ignore_patterns("2026-11-return.xlsx"))
    metrics = (folder / "metrics.csv").read_text(encoding="utf-8")
    first = metrics.splitlines()[1].split(",")
    metrics = metrics.replace(
        f"{first[0]},{first[1]},", f'{first[0]},"{HOSTILE.replace(chr(34), chr(34) * 2)}",', 1
    )
    (folder / "metrics.csv").write_text(metrics, encoding="utf-8")
    out = tmp_path / "t.xlsx"
    assert main(["template", "--period", "2026-11", "--data", str(folder), "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'" + HOSTILE for c in cells)


def test_unknown_directorate_names_the_closest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(
        [
            "template",
            "--period",
            "2026-11",
            "--data",
            str(SAMPLE),
            "--directorate",
            "ASX",
            "--out",
            str(tmp_path / "t.xlsx"),
        ]
    )
    assert code == 2
    assert "did you mean 'ASC'" in capsys.readouterr().err
