"""Scaling up grows metrics and directorates while keeping ids stable."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import yaml

from pmaf_lib.sample import cli, generate


def test_scale_8_5_gives_a_thousand_metrics(sample_dir: Path, tmp_path: Path) -> None:
    summary = generate(tmp_path, scale=8.5)
    metrics = pd.read_csv(tmp_path / "metrics.csv", dtype=str, keep_default_na=False)
    reference = yaml.safe_load((tmp_path / "reference.yaml").read_text("utf-8"))
    plan = yaml.safe_load((tmp_path / "plan.yaml").read_text("utf-8"))
    assert len(metrics) >= 1000 and summary.metrics == len(metrics)
    assert 19 <= len(reference["directorates"]) <= 21
    for kind in ("directorates", "officers"):
        names = [item["name"] for item in reference[kind]]
        assert len(set(names)) == len(names)
    assert metrics["metric_id"].is_unique and metrics["title"].is_unique
    assert len(plan["priorities"]) == 4
    outcomes = [o for p in plan["priorities"] for o in p["outcomes"]]
    assert len(outcomes) > 14
    deliverable_ids = [d["id"] for o in outcomes for d in o["deliverables"]]
    assert len(deliverable_ids) > 300 and len(set(deliverable_ids)) == len(deliverable_ids)
    base = pd.read_csv(sample_dir / "metrics.csv", dtype=str, keep_default_na=False)
    assert set(base["metric_id"]) <= set(metrics["metric_id"])
    # the base metrics keep their data when the sample is scaled
    assert (
        (tmp_path / "targets.csv")
        .read_text()
        .startswith((sample_dir / "targets.csv").read_text().split("\n", 1)[0])
    )
    scaled = pd.read_csv(tmp_path / "returns" / "2026-10.csv", dtype=str, keep_default_na=False)
    small = pd.read_csv(sample_dir / "returns" / "2026-10.csv", dtype=str, keep_default_na=False)
    columns = ["metric_id", "period", "value", "numerator", "denominator"]
    kept = scaled[scaled["metric_id"].isin(small["metric_id"])][columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, small[columns].reset_index(drop=True))


def test_cli_writes_the_sample(tmp_path: Path, capsys) -> None:
    parser = argparse.ArgumentParser(prog="pmaf")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sample", "--out", str(tmp_path / "s"), "--seed", "3"])
    assert args.func(args) == 0
    assert "127 metrics" in capsys.readouterr().out
    assert (tmp_path / "s" / "plan.yaml").is_file()
    bad = parser.parse_args(["sample", "--out", str(tmp_path / "t"), "--scale", "0"])
    assert bad.func(bad) == 2
