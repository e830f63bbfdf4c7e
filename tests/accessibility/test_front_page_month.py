"""Every pack of the sample month opens with the Making Data Count front page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_every_report_starts_with_the_mdc_matrix_and_what_changed(month: Path):
    for page in sorted(month.glob("*.html")):
        if page.name == "index.html":
            continue
        html = page.read_text(encoding="utf-8")
        headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
        assert headings[0] == "At a glance", page.name
        front = html[html.index('id="at-a-glance"') : html.index("Each metric at a glance")]
        caption = re.search(r"<caption>(.*?)</caption>", front).group(1)
        assert "variation" in caption and "assurance" in caption, page.name
        assert re.search(r"<h3>What changed since \w{3} \d{4}</h3>", front), page.name
        assert "<h3>Key messages</h3>" in front, page.name


def test_matrix_names_each_metric_once_and_agrees_with_the_summary(month: Path):
    html = (month / "directorate-ASC.html").read_text(encoding="utf-8")
    front = html[html.index('id="at-a-glance"') : html.index("<h3>What changed")]
    count = int(re.search(r"Making Data Count summary: (\d+) metrics", front).group(1))
    links = re.findall(r'<a href="#(mdc-[^"]+)">', front)
    assert len(links) == len(set(links)) == count
    summary = html[html.index('id="summary"') :]
    assert f"Of {count} metrics" in summary
    for anchor in links:
        assert f'id="{anchor}"' in html
