import pandas as pd
import pytest

from pmaf_lib.report import html
from pmaf_lib.report.charts.style import TONES, contrast_ratio
from tests.report.fakes import HOSTILE
from tests.report.html_probe import probe


def test_escape_makes_markup_inert_but_keeps_trusted_html():
    escaped = html.escape(HOSTILE)
    parsed = probe(escaped)
    assert not parsed.elements
    assert "<script>" in parsed.text and "=HYPERLINK(" in parsed.text
    assert html.escape(html.Html("<b>x</b>")) == "<b>x</b>"
    assert html.escape(None) == ""


def test_user_text_is_inert_and_wraps():
    parsed = probe(html.user_text(HOSTILE))
    assert [e.tag for e in parsed.elements] == ["p"]
    assert "pmaf-user-text" in parsed.elements[0].attrs["class"]
    assert "🎉" in parsed.text
    assert "overflow-wrap: anywhere" in html.components_css()


@pytest.mark.parametrize(
    ("badge", "words"),
    [
        (html.rag_badge("Green"), "Green"),
        (html.rag_badge("Amber"), "Amber"),
        (html.rag_badge("Red"), "Red"),
        (html.rag_badge("no target"), "No target"),
        (html.rag_badge(None), "No data"),
        (html.rag_badge("not due"), "Not due"),
        (html.travel_badge("improving"), "Improving"),
        (html.travel_badge("worsening"), "Worsening"),
        (html.travel_badge("no change"), "No change"),
        (html.variation_badge("concern_high"), "Concern (high)"),
        (html.assurance_badge("consistent_fail"), "Fail"),
        (html.milestone_badge("overdue"), "Overdue"),
        (html.judgement_badge("limited"), "Limited assurance"),
    ],
)
def test_badges_always_show_a_word_and_a_hidden_symbol(badge, words):
    parsed = probe(badge)
    symbol = [e for e in parsed.elements if e.attrs.get("aria-hidden") == "true"]
    assert len(symbol) == 1 and symbol[0].text.strip()
    assert parsed.text.replace(symbol[0].text, "", 1).strip() == words


def test_rag_symbols_are_distinct():
    symbols = [style.symbol for style in html.RAG_BADGES.values()]
    assert len(set(symbols)) == len(symbols)


def test_badge_tones_meet_contrast_and_match_the_stylesheet():
    css = html.components_css()
    for name, tone in TONES.items():
        assert contrast_ratio(tone.foreground, tone.background) >= 4.5
        assert (
            f".pmaf-badge--{name} {{ color: {tone.foreground}; background: {tone.background}; }}"
            in css
        )


def test_print_rules_keep_rows_and_figures_whole():
    css = html.components_css()
    assert "break-inside: avoid" in css and "table-header-group" in css and ":focus-visible" in css


def test_data_table_has_caption_column_and_row_headers():
    frame = pd.DataFrame({"name": ["A <b>", None], "n": [1, 2]})
    table = html.data_table(
        frame, "Counts", [html.Column("n", "Count", numeric=True)], ("name", "Name")
    )
    parsed = probe(table)
    assert parsed.find("caption")[0].text == "Counts"
    assert [(e.text, e.attrs["scope"]) for e in parsed.find("th")] == [
        ("Name", "col"),
        ("Count", "col"),
        ("A <b>", "row"),
        ("Untitled", "row"),
    ]
    assert all(e.text.strip() for e in parsed.find("th"))
    assert parsed.find("thead") and parsed.find("tbody")


def test_data_table_reads_records_as_it_reads_a_frame():
    frame = pd.DataFrame({"name": ["A <b>", "B"], "n": ["1", ""]})
    records = frame.to_dict("records")
    for columns in (None, [html.Column("n", "Count", numeric=True)]):
        assert html.data_table(records, "Counts", columns, ("name", "Name")) == html.data_table(
            frame, "Counts", columns, ("name", "Name")
        )
    assert "No rows here." in html.data_table([], "T", empty_message="No rows here.")


def test_data_table_refuses_empty_headers_and_explains_empty_frames():
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(ValueError, match="header"):
        html.data_table(frame, "T", [html.Column("a", " ")])
    assert "No rows here." in html.data_table(frame.iloc[0:0], "T", empty_message="No rows here.")


def test_definition_list_and_headings():
    parsed = probe(html.definition_list([("Term", "<i>x</i>"), ("Blank", None)]))
    assert [e.text for e in parsed.find("dd")] == ["<i>x</i>", "–"]
    with pytest.raises(ValueError):
        html.heading(1, "Second h1")
