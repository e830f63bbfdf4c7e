"""The cover block: the page's single ``h1`` and the report's identifying facts."""

from __future__ import annotations

from typing import Any

from pmaf_lib.report.formatting import format_date, period_label
from pmaf_lib.report.html import MATHJAX_IGNORE, Html, classes, definition_list, element, join
from pmaf_lib.report.signals import text_of

# Shown on paper only (a PDF is printed from the HTML, which screen readers handle better).
PRINT_NOTE = (
    "This is a printed copy. The HTML version of this report is the primary accessible version."
)


def cover_block(
    council: str,
    report_title: str,
    scope: str,
    period: Any,
    as_at: Any,
    classification: str,
    lead_member: str | None = None,
    lead_officer: str | None = None,
) -> Html:
    """Council name, ``<h1>`` report title, then scope, period, data as-at date,
    classification and (where the scope has them) Lead Member and Lead Officer.

    This is the page's only ``h1``; every other section starts at ``h2``.
    """
    facts = [
        ("Scope", scope),
        ("Period", period_label(period)),
        ("Data as at", format_date(as_at)),
        ("Classification", element("span", classification, class_="pmaf-cover__classification")),
    ]
    if text_of(lead_member):
        facts.append(("Lead Member", lead_member))
    if text_of(lead_officer):
        facts.append(("Lead Officer", lead_officer))
    body = join(
        [
            element("p", council, class_="pmaf-cover__council"),
            element("h1", report_title),
            definition_list(facts, "pmaf-cover__facts"),
            element("p", PRINT_NOTE, class_="pmaf-print-only pmaf-cover__note"),
        ]
    )
    return element("div", body, class_=classes("pmaf-cover", MATHJAX_IGNORE))
