"""Within a run, a metric's SPC chart is drawn once and shared by every report that shows it."""

from __future__ import annotations

from pmaf_lib.report.chart_cache import CACHE_ENV, cached_chart
from pmaf_lib.report.html import Html


def test_without_a_cache_folder_every_chart_is_drawn(monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    drawn = []
    for _ in range(2):
        cached_chart("spc", lambda: "key", lambda: drawn.append(1) or Html("<figure></figure>"))
    assert len(drawn) == 2


def test_with_a_cache_folder_the_same_inputs_are_drawn_once(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "charts"))
    drawn = []

    def draw(text: str):
        return lambda: drawn.append(text) or Html(f"<figure>{text}</figure>")

    first = cached_chart("spc", lambda: "ASC01 history", draw("a"))
    again = cached_chart("spc", lambda: "ASC01 history", draw("b"))
    other = cached_chart("spc", lambda: "ASC02 history", draw("c"))
    assert first == again == "<figure>a</figure>" and other == "<figure>c</figure>"
    assert drawn == ["a", "c"]
    assert not list((tmp_path / "charts").glob("*.part"))
