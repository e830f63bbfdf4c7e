import numpy as np

from pmaf_lib.report.alt_text import sparkline_alt_text, spc_alt_text
from pmaf_lib.report.spc_series import spc_series
from tests.report import fakes


def test_concern_alt_text_states_value_target_signal_and_limits():
    series = spc_series(fakes.history())
    text = spc_alt_text(series, fakes.scorecard_row())
    assert text.startswith("Days to process new claims: 22.6 days in Sep 2025, target 20.0 days; ")
    assert "special cause concern (high) — 8 points in a row above the mean" in text
    assert "target not reliably met (process limits " in text
    assert text.endswith("30 points, Apr 2023 to Sep 2025, 7 marked as special cause.")


def test_common_cause_without_target():
    history = fakes.history(concern_run=0, target=None, rebase_at=None)
    row = fakes.scorecard_row(
        spc_variation="common_cause", spc_assurance=None, target=None, polarity="none"
    )
    text = spc_alt_text(spc_series(history), row)
    assert ", no target; common cause variation; process limits " in text
    assert "special cause" not in text


def test_improvement_with_percent_and_pass():
    history = fakes.history(concern_run=0, target=90.0, rebase_at=None)
    history["spc_value"] = [90 + i * 0.4 for i in range(len(history))]
    history["mean"], history["lpl"], history["upl"] = 95.0, 80.0, 110.0
    row = fakes.scorecard_row(
        title="Council tax collected",
        unit="percent",
        polarity="higher",
        spc_variation="improvement_high",
        spc_assurance="consistent_pass",
    )
    text = spc_alt_text(spc_series(history), row)
    assert text.startswith("Council tax collected: 101.6% in Sep 2025, target 90.0%;")
    assert "special cause improvement (high) — 17 points in a row above the mean" in text
    assert "target consistently met (process limits 80.0% to 110.0%)" in text


def test_no_data():
    history = fakes.history(n=3).assign(spc_value=np.nan)
    assert spc_alt_text(spc_series(history), fakes.scorecard_row()) == (
        "Days to process new claims: no data to chart."
    )


def test_sparkline_alt_text_has_units_and_periods():
    text = sparkline_alt_text(
        "Claims", ["2025-07", "2025-08", "2025-09"], [21.0, np.nan, 19.5], "days", 1, target=20
    )
    assert text == (
        "Trend for Claims, Jul 2025 to Sep 2025: latest 19.5 days (Sep 2025), "
        "lowest 19.5 days (Sep 2025), highest 21.0 days (Jul 2025); target 20.0 days."
    )
