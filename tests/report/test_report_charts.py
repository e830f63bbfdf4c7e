import base64
import io

import numpy as np
import pandas as pd
from matplotlib.image import imread

from pmaf_lib.periods import Period
from pmaf_lib.report.charts import sparkline, spc_chart, spc_chart_png, summary_chart
from pmaf_lib.report.charts.style import POINT_STYLES, contrast_ratio
from tests.report import fakes
from tests.report.html_probe import probe


def _png(src: str) -> np.ndarray:
    assert src.startswith("data:image/png;base64,")
    return imread(io.BytesIO(base64.b64decode(src.split(",", 1)[1])), format="png")


def test_spc_chart_is_a_figure_with_png_alt_and_caption():
    parsed = probe(spc_chart(fakes.history(), fakes.scorecard_row()))
    assert [e.tag for e in parsed.elements][:5] == [
        "figure",
        "img",
        "figcaption",
        "details",
        "summary",
    ]
    img = parsed.find("img")[0]
    pixels = _png(img.attrs["src"])
    assert pixels.shape[:2] == (int(img.attrs["height"]), int(img.attrs["width"]))
    assert img.attrs["alt"].startswith("Days to process new claims: 22.6 days in Sep 2025")
    caption = parsed.find("figcaption")[0].text
    assert "▼ special cause concern" in caption and "limits recalculated" in caption


def test_spc_chart_draws_special_cause_in_its_colour():
    src, _, _ = spc_chart_png(fakes.history(), fakes.scorecard_row())
    pixels = (_png(src)[..., :3] * 255).round().astype(int)
    concern = tuple(int(POINT_STYLES["concern"].colour[i : i + 2], 16) for i in (1, 3, 5))
    assert (np.abs(pixels - concern).sum(axis=-1) < 12).sum() > 50


def test_spc_chart_handles_quarters_gaps_no_target_and_no_limits():
    quarters = [Period.quarter_of(2023, 1).shift(i) for i in range(6)]
    history = pd.DataFrame(
        {
            "metric_id": "Q1",
            "period": [str(q) for q in quarters],
            "value": [1.2e6, np.nan, 1.1e6, 1.4e6, 1.3e6, 1.5e6],
        }
    ).assign(spc_value=lambda f: f.value)
    row = fakes.scorecard_row(
        "Q1",
        title="Overspend",
        unit="gbp",
        decimals=0,
        target=None,
        spc_variation=None,
        spc_assurance=None,
    )
    img = probe(spc_chart(history, row)).find("img")[0]
    assert img.attrs["alt"].startswith("Overspend: £1.5m in Jul-Sep 2024 (2024/25 Q2), no target")


def test_summary_chart_alt_lists_every_count():
    parsed = probe(summary_chart({"Green": 3, "Red": 1}, {"overdue": 2}))
    img = parsed.find("img")[0]
    _png(img.attrs["src"])
    assert "Green 3" in img.attrs["alt"] and "Red 1" in img.attrs["alt"]
    assert "overdue 2" in img.attrs["alt"] and "Amber 0" in img.attrs["alt"]


def test_sparkline_is_an_accessible_escaped_svg():
    svg = sparkline(
        'Claims <script>x</script>" onload="bad()',
        ["2025-07", "2025-08", "2025-09"],
        [21.0, None, 19.5],
        "days",
        1,
        target=20,
    )
    parsed = probe(svg)
    root = parsed.find("svg")[0]
    assert root.attrs["role"] == "img"
    assert root.attrs["aria-label"].startswith("Trend for Claims <script>")
    assert parsed.find("title")[0].text == root.attrs["aria-label"]
    assert not parsed.find("script")
    assert not [k for e in parsed.elements for k in e.attrs if k.startswith("on")]
    assert len(parsed.find("polyline")) == 0  # two single points either side of the gap
    assert parsed.find("circle") and parsed.find("line")


def test_sparkline_without_values():
    parsed = probe(sparkline("Claims", ["2025-09"], [None], "days"))
    assert parsed.find("title")[0].text == "Trend for Claims: no data."


def test_chart_colours_keep_contrast_on_white():
    for style in POINT_STYLES.values():
        assert contrast_ratio(style.colour, "#FFFFFF") >= 4.5
