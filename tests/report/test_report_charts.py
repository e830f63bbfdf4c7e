import numpy as np
import pandas as pd

from pmaf_lib.periods import Period
from pmaf_lib.report.charts import sparkline, spc_chart, summary_chart
from pmaf_lib.report.charts.style import POINT_STYLES, contrast_ratio
from tests.report import fakes
from tests.report.html_probe import probe


def test_spc_chart_is_a_figure_of_labelled_svg_with_caption():
    parsed = probe(spc_chart(fakes.history(), fakes.scorecard_row()))
    assert [e.tag for e in parsed.elements][:3] == ["figure", "svg", "title"]
    wide, narrow = parsed.find("svg")
    for chart in (wide, narrow):
        assert chart.attrs["role"] == "img"
        assert chart.attrs["aria-label"].startswith("Days to process new claims: 22.6 days in Sep")
        assert chart.attrs["viewbox"].startswith("0 0 ")  # scales with the page
    # the narrow layout (phones) is hidden unless the stylesheet shows it
    assert narrow.attrs["display"] == "none" and "display" not in wide.attrs
    assert [t.text for t in parsed.find("title")] == [wide.attrs["aria-label"]] * 2
    caption = parsed.find("figcaption")[0].text
    assert "▼ special cause concern" in caption and "limits recalculated" in caption
    assert [e.tag for e in parsed.elements if e.tag in {"figcaption", "details"}] == [
        "figcaption",
        "details",
    ]


def _texts(chart: str) -> list[str]:
    return [e.text for e in probe(chart).find("text")]


def test_spc_chart_writes_title_axes_target_and_icons_as_text():
    texts = _texts(spc_chart(fakes.history(), fakes.scorecard_row()))
    for expected in ("Days to process new claims", "Days", "Target", "20.0 days", "Concern",
                     "Limits recalculated", "Sep 2025"):  # fmt: skip
        assert expected in texts, expected


def test_spc_chart_draws_each_special_cause_point_in_its_colour_and_shape():
    concern = POINT_STYLES["concern"].colour
    parsed = probe(spc_chart(fakes.history(concern_run=7), fakes.scorecard_row()))
    points = [e for e in parsed.find("path") if e.attrs.get("stroke") == "white"]  # markers
    shapes = [e.attrs["d"] for e in points if e.attrs["fill"] == concern]
    # one path of 7 triangles (3 vertices each) per layout
    assert len(shapes) == 2 and all(d.count("M") == 7 and d.count("L") == 14 for d in shapes)


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
    chart = probe(spc_chart(history, row)).find("svg")[0]
    label = chart.attrs["aria-label"]
    assert label.startswith("Overspend: £1.5m in Jul-Sep 2024 (2024/25 Q2), no target")
    assert "Q2 2024/25" in _texts(spc_chart(history, row))


def test_summary_chart_label_lists_every_count_and_bars_are_labelled():
    parsed = probe(summary_chart({"Green": 3, "Red": 1}, {"overdue": 2}))
    label = parsed.find("svg")[0].attrs["aria-label"]
    assert "Green 3" in label and "Red 1" in label
    assert "overdue 2" in label and "Amber 0" in label
    texts = [e.text for e in parsed.find("text")]
    # every bar named in words and counted, in both layouts
    for words in ("Metrics by status (4)", "Milestones by status (2)", "Green", "Not due"):
        assert texts.count(words) == 2, words
    assert texts.count("3") == 2 and texts.count("0") == 2 * (4 + 5)


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


def test_on_a_phone_the_spc_chart_draws_the_latest_two_years():
    html = str(spc_chart(fakes.history(n=30), fakes.scorecard_row()))
    wide, narrow = (probe(chart) for chart in html.split("</svg>")[:2])

    def points(chart) -> int:
        marks = [e.attrs["d"] for e in chart.find("path") if e.attrs.get("stroke") == "white"]
        return sum(d.count("M") for d in marks)

    assert (points(wide), points(narrow)) == (30, 24)
    assert "Apr 2023 to Sep 2025" in " ".join(e.text for e in wide.find("text"))
    assert "Oct 2023 to" in " ".join(e.text for e in narrow.find("text"))
