"""Benchmarks as clubs publish them: several groups, reference rows never ranked, blank values
counted, nothing from after the judged period, the council missing from its own file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pmaf_lib.indicators.benchmark import benchmark
from pmaf_lib.periods import parse_period
from pmaf_lib.plan import validate_data
from pmaf_lib.report.sections.metric_facts import benchmark as benchmark_text

METRICS = pd.DataFrame({"metric_id": ["M1"], "polarity": ["higher"], "benchmark_group": ["FAM"]})


def _rows(group: str, period: str, values: dict[str, float | None], self_name: str = "Us",
          references: dict[str, float] | None = None) -> list[dict]:  # fmt: skip
    rows = [
        {"metric_id": "M1", "period": period, "group": group, "organisation": name,
         "value": value, "is_self": name == self_name, "is_reference": False}
        for name, value in values.items()
    ]  # fmt: skip
    rows += [
        {"metric_id": "M1", "period": period, "group": group, "organisation": name,
         "value": value, "is_self": False, "is_reference": True}
        for name, value in (references or {}).items()
    ]  # fmt: skip
    return rows


def _end(period: str) -> int:
    return parse_period(period).last_month.ordinal


def test_groups_references_blanks_and_no_future_periods() -> None:
    frame = pd.DataFrame(
        _rows("FAM", "2024/25", {"Us": 60, "A": 70, "B": 50, "C": None}, references={"Avg": 99})
        + _rows("ALL", "2024/25", {"Us": 60, "A": 70, "B": 50, "D": 80, "E": 90})
        + _rows("FAM", "2025/26", {"Us": 10, "A": 70, "B": 50})
    )
    out = benchmark(frame, METRICS, _end("2024/25")).loc["M1"]
    # 2025/26 has not ended by the end of 2024/25: never used for it
    assert out["benchmark_period"] == "2024/25"
    # the reference row (99) is not ranked, the blank is counted, not ranked
    assert (out["benchmark_rank"], out["benchmark_n"], out["benchmark_quartile"]) == (2, 3, 3)
    assert out["benchmark_median"] == 60
    fam, every = out["benchmark_groups"]
    assert fam["group"] == "FAM" and fam["blank"] == 1 and fam["references"] == (("Avg", 99.0),)
    assert (every["group"], every["rank"], every["n"], every["quartile"]) == ("ALL", 4, 5, 4)
    # a month in 2025/26 judging the year 2025/26 only once it has ended
    assert benchmark(frame, METRICS, _end("2026-03")).loc["M1", "benchmark_period"] == "2025/26"
    assert benchmark(frame, METRICS, _end("2026-02")).loc["M1", "benchmark_period"] == "2024/25"
    row = {**out.to_dict(), "unit": "percent", "decimals": 0}
    text = benchmark_text(row, "Family group")
    assert text.startswith("3rd quartile (1st = best): ranked 2 of 3 in Family group, 2024/25")
    assert "ALL: ranked 4 of 5 (4th quartile), 2024/25" in text
    assert "Avg 99" in text and "1 comparator value not published" in text


def test_council_missing_from_its_benchmark_file_is_a_warning(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "council"
    shutil.copytree(Path(__file__).parent / "fixtures" / "council", folder)
    text = (folder / "benchmarks.csv").read_text(encoding="utf-8")
    (folder / "benchmarks.csv").write_text(text.replace("Borough of Testford", "Testford Borough"))
    report = validate_data(folder)
    assert report.ok
    warnings = [str(p) for p in report.problems]
    assert any(
        "never appears in it" in w and "the closest organisation is 'Testford Borough'" in w
        for w in warnings
    ), warnings


@pytest.mark.parametrize("blank", ["", "  "])
def test_blank_benchmark_values_are_allowed(tmp_path: Path, blank: str) -> None:
    import shutil

    folder = tmp_path / "council"
    shutil.copytree(Path(__file__).parent / "fixtures" / "council", folder)
    with (folder / "benchmarks.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"SAT01,2024/25,NN15,Suppressed Council,{blank}\n")
    assert validate_data(folder).ok
