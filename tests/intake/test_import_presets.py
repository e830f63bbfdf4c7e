"""Each shipped preset against cuts of the real files: counts and values checked by hand against
the source rows, the data folder still valid, ranks as the publisher ranks them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pmaf_lib.indicators.benchmark import benchmark
from pmaf_lib.intake.importer import run_import
from pmaf_lib.periods import parse_period
from pmaf_lib.plan import load_council, validate_data

from .conftest import write_mapping


def _returns(council: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(council / "returns" / f"{name}.csv", dtype={"period": str})


def _position(council: Path, metric: str, judged: str) -> pd.Series:
    loaded = load_council(council)
    end = parse_period(judged).last_month.ordinal
    return benchmark(loaded.benchmarks, loaded.metrics, end).loc[metric]


def test_lgbf_raw(council: Path, tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path,
        "lgbf",
        """
preset: lgbf
source: lgbf_raw_CORP07_ENV06.csv
council: Aberdeen City
crosswalk:
  metric: {CORP07: CT07}
""",
        "lgbf_raw_CORP07_ENV06.csv",
    )
    report = run_import(mapping, council)
    assert report.ok, report.to_text()
    assert report.counts["rows_read"] == 832
    assert report.counts["not_in_crosswalk"] == 416  # ENV06
    returns = _returns(council, "lgbf").set_index("period")
    # source rows 16306-16307: 0.9279 and 0.9423 (fractions); 2010-11..2020-21 are outside the plan
    assert list(returns.index) == ["2021/22", "2022/23"]
    # a ratio metric's value is numerator / denominator: 128715225.2 / 136591128.7 = 94.234 %
    assert returns.loc["2022/23", "value"] == pytest.approx(94.234, abs=0.001)
    assert returns.loc["2022/23", "numerator"] == pytest.approx(128715225.2)
    assert validate_data(council).ok
    position = _position(council, "CT07", "2022/23")
    groups = {g["group"]: g for g in position["benchmark_groups"]}
    assert (position["benchmark_rank"], position["benchmark_n"]) == (32, 32)  # lowest in Scotland
    assert groups["SCOT"]["references"] == (("Scotland", pytest.approx(96.24)),)
    family = groups["FAMILY"]  # "Least Deprived": 8 councils including Aberdeen City
    assert family["n"] == 8
    assert family["references"] == (("Family group average", pytest.approx(97.29375)),)


def test_lgbf_quarterly_ranks_as_the_publisher(council: Path, tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path,
        "q",
        """
preset: lgbf_quarterly
source: lgbf_quarterly_CORP09.csv
council: Aberdeen City
crosswalk:
  metric:
    CORP 09: CG09
""",
        "lgbf_quarterly_CORP09.csv",
    )
    report = run_import(mapping, council)
    assert report.ok, report.to_text()
    assert report.counts["rows_read"] == 669
    returns = _returns(council, "q").set_index("period")
    assert len(returns) == 9  # 2021/22 Q1 .. 2023/24 Q1
    # 2022-23;Q3: 3665 / 3810 = 96.19 %; the published 0.96 is rounded, so pmaf keeps num/den
    assert returns.loc["2022/23 Q3", "value"] == pytest.approx(3665 / 3810 * 100)
    assert any("is not numerator/denominator" in str(p) for p in report.problems)
    assert validate_data(council).ok
    # the file's own ScotRank column: 23, 30, 19 and 15 for Aberdeen City
    source = pd.read_csv(Path(mapping).parent / "lgbf_quarterly_CORP09.csv", encoding="utf-8-sig")
    mine = source[source["LocalAuthority"] == "Aberdeen City"].set_index("Period")
    for judged, published in (
        ("2021/22 Q1", "2021-22;Q1"),
        ("2022/23 Q3", "2022-23;Q3"),
        ("2023/24 Q1", "2023-24;Q1"),
    ):
        assert (
            _position(council, "CG09", judged)["benchmark_rank"] == mine.loc[published, "ScotRank"]
        )


def test_oflog_asc_keyed_by_ons_code(council: Path, tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path,
        "oflog",
        """
preset: oflog_asc
source: oflog_ASC5.csv
council: E06000005
crosswalk:
  metric: {ASC5: AS05}
""",
        "oflog_ASC5.csv",
    )
    report = run_import(mapping, council)
    assert report.ok, report.to_text()
    returns = _returns(council, "oflog").set_index("period")
    assert returns.loc["2022/23", "value"] == pytest.approx(90.8)  # Darlington, 2022-23
    bench = pd.read_csv(council / "benchmarks.csv", dtype=str, keep_default_na=False)
    own = bench[(bench["metric_id"] == "AS05") & (bench["organisation_code"] == "E06000005")]
    assert set(own["organisation"]) == {"Borough of Testford"}  # the plan's name for the council
    position = _position(council, "AS05", "2022/23")
    england = position["benchmark_groups"][0]
    assert england["median"] == pytest.approx(78.2)  # the file's MEDIAN for 2022-23
    assert england["blank"] == 1  # one council's value is suppressed
    assert england["n"] == 151
    assert england["quartile"] == 1


def test_scottish_delayed_discharges(council: Path, tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path,
        "dd",
        """
preset: scot_delayed_discharge
source: scot_dd_2024-09_2025-08.csv
council: Aberdeen City
fixed:
  metric: DD01
""",
        "scot_dd_2024-09_2025-08.csv",
    )
    report = run_import(mapping, council)
    assert report.ok, report.to_text()
    assert report.counts["rows_read"] == 34 * 12  # 18plus, all delay reasons, 34 codes incl. blank
    returns = _returns(council, "dd").set_index("period")
    assert len(returns) == 12
    assert returns.loc["2025-08", "value"] == 1383  # S12000033, 2025-08-01, 18plus, all reasons
    assert returns.loc["2025-07", "value"] == 1225
    assert validate_data(council).ok
    position = _position(council, "DD01", "2025-08")
    scot = position["benchmark_groups"][0]
    assert scot["n"] == 32 and scot["references"] == (("Scotland", 60888.0),)


def test_import_twice_changes_nothing_and_logs_hashes(council: Path, tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path,
        "dd",
        """
preset: scot_delayed_discharge
source: scot_dd_2024-09_2025-08.csv
council: Aberdeen City
fixed: {metric: DD01}
""",
        "scot_dd_2024-09_2025-08.csv",
    )
    dry = run_import(mapping, council, dry_run=True)
    assert dry.ok and not (council / "returns" / "dd.csv").exists()
    assert "DD01: new 2024-09 1705" in dry.to_text()
    run_import(mapping, council)
    files = {p: p.read_bytes() for p in council.rglob("*") if p.is_file()}
    again = run_import(mapping, council)
    assert again.written == [] and "nothing changed" in again.to_text()
    assert files == {p: p.read_bytes() for p in council.rglob("*") if p.is_file()}
    log = (council / "imports.json").read_text(encoding="utf-8")
    import hashlib

    digest = hashlib.sha256((tmp_path / "scot_dd_2024-09_2025-08.csv").read_bytes()).hexdigest()
    assert digest in log and '"rows": 2380' in log
    # a revision in the source shows as a change before it lands
    source = tmp_path / "scot_dd_2024-09_2025-08.csv"
    source.write_text(
        source.read_text().replace(
            "S12000033,2025-08-01,18plus,All Delay Reasons,1383.0",
            "S12000033,2025-08-01,18plus,All Delay Reasons,1390.0",
        )
    )
    revised = run_import(mapping, council, dry_run=True)
    assert "DD01: changed 2025-08: 1383 -> 1390" in revised.to_text()


def test_a_council_not_in_the_source_is_an_error_naming_the_closest(
    council: Path, tmp_path: Path
) -> None:
    mapping = write_mapping(tmp_path, "lgbf", """
preset: lgbf
source: lgbf_raw_CORP07_ENV06.csv
council: City of Aberdeen
crosswalk: {metric: {CORP07: CT07}}
""", "lgbf_raw_CORP07_ENV06.csv")  # fmt: skip
    report = run_import(mapping, council)
    assert not report.ok and not (council / "returns" / "lgbf.csv").exists()
    assert "did you mean 'Aberdeen City'?" in report.to_text()
