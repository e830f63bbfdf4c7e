"""What a rendered report page says about itself: title, council, period and marking."""

from __future__ import annotations

from dataclasses import dataclass

# Reports are self-contained: inline styles and data: images, nothing else. No script, frame,
# object, font, form or fetch; no <base> to redirect relative links (docs/security.md).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


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
