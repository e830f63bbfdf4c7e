"""What a rendered report page says about itself: title, council, period and marking."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReportPage:
    """Page-level facts shown in the HTML ``<title>``, banner and print margins."""

    title: str
    council: str
    period_label: str
    classification: str = "OFFICIAL"

    @property
    def document_title(self) -> str:
        """``<title>`` text, also the PDF's title: report, council and period."""
        return f"{self.title} — {self.council} — {self.period_label}"
