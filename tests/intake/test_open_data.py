"""The open-data scorecard: one row per metric, public suppression, formula-safe text."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from pmaf_lib.indicators import evaluate
from pmaf_lib.plan import load_council
from pmaf_lib.run.manifest import sha256_file
from pmaf_lib.run.open_data import FIELDS, publish_open_data

SAMPLE = Path(__file__).parents[2] / "data" / "sample"


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(load_council(SAMPLE), "2026-10")


def test_scorecard_files_match_the_evaluation(evaluation, tmp_path: Path) -> None:
    card = evaluation.scorecard.copy()
    first = card.index[0]
    card.loc[first, "title"] = "=1+1 @SUM(A1)"
    count = card.index[(card["unit"] == "number") & ~card["is_ratio"].astype(bool)][0]
    card.loc[count, "value"] = 3.0
    evaluation = type(evaluation)(**{**evaluation.__dict__, "scorecard": card})
    files = publish_open_data(
        tmp_path, SimpleNamespace(evaluation=evaluation), "Borough of Ashdown"
    )
    assert [f["path"] for f in files] == ["scorecard.csv", "scorecard.json"]
    assert files[0]["sha256"] == sha256_file(tmp_path / "scorecard.csv")

    with (tmp_path / "scorecard.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(card)
    assert list(rows[0]) == [name for name, _ in FIELDS]
    by_id = {r["metric_id"]: r for r in rows}
    assert by_id[card.loc[first, "metric_id"]]["title"] == "'=1+1 @SUM(A1)"
    small = by_id[card.loc[count, "metric_id"]]
    assert small["value"] == "" and small["suppressed"] == "true"
    asc01 = card.set_index("metric_id").loc["ASC01"]
    assert float(by_id["ASC01"]["value"]) == pytest.approx(asc01["value"], abs=0.05)
    assert by_id["ASC01"]["status"] == asc01["rag"]
    assert by_id["ASC01"]["period"] == asc01["current_period"] == "2026-10"
    assert "commentary" not in rows[0]

    document = json.loads((tmp_path / "scorecard.json").read_text(encoding="utf-8"))
    assert document["report_period"] == "2026-10"
    assert len(document["rows"]) == len(card)
    assert {f["name"] for f in document["fields"]} == set(rows[0])


def test_published_figures_are_rounded_as_the_reports_show_them(evaluation, tmp_path):
    """A reader comparing value and target in the CSV reaches the status beside them."""
    publish_open_data(tmp_path, SimpleNamespace(evaluation=evaluation), "Borough of Ashdown")
    with (tmp_path / "scorecard.csv").open(encoding="utf-8") as handle:
        rows = {r["metric_id"]: r for r in csv.DictReader(handle)}
    card = evaluation.scorecard.set_index("metric_id")
    for metric_id, row in rows.items():
        places = int(card.loc[metric_id, "decimals"])
        for column in ("value", "target", "ytd_value", "forecast"):
            text = row[column]
            if text:
                decimals = len(text.split(".")[1]) if "." in text else 0
                assert decimals <= places, (metric_id, column, text)
        value, target = row["value"], row["target"]
        higher = card.loc[metric_id, "polarity"] == "higher"
        if value and target and higher and float(value) >= float(target):
            assert row["status"] == "Green", (metric_id, value, target, row["status"])


def test_nothing_is_written_without_an_evaluation(tmp_path: Path) -> None:
    assert publish_open_data(tmp_path, {"series": [1]}, "Test") == []
    assert not any(tmp_path.iterdir())
