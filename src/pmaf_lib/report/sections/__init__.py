"""Whole report sections as HTML, assembled from an ``Evaluation`` (and a scope).

Headings: :func:`cover_block` holds the page's single ``h1``; sections start at ``h2`` and
their items at ``h3``.
"""

from pmaf_lib.report.sections.corporate import (
    equality_section,
    lens_section,
    milestone_health,
    milestone_health_section,
    status_matrix,
    status_matrix_section,
    top_exceptions_section,
    vision_section,
)
from pmaf_lib.report.sections.cover import cover_block
from pmaf_lib.report.sections.definitions import definitions_section
from pmaf_lib.report.sections.directions import (
    direction_section,
    directions_appendix,
    directions_summary_section,
    judgement_strip_section,
)
from pmaf_lib.report.sections.exceptions import (
    exception_rows,
    exceptions_section,
    success_rows,
    what_went_well_section,
)
from pmaf_lib.report.sections.milestones import milestones_section
from pmaf_lib.report.sections.plan_view import plan_section
from pmaf_lib.report.sections.scope import (
    COUNCIL,
    EvaluationLike,
    Names,
    Scope,
    names_from_council,
    names_from_mapping,
    scope_metrics,
    scope_milestones,
)
from pmaf_lib.report.sections.scorecard import scorecard_section
from pmaf_lib.report.sections.summary import (
    SummaryCounts,
    front_page_section,
    summary_counts,
    summary_section,
)

__all__ = [
    "COUNCIL",
    "EvaluationLike",
    "Names",
    "Scope",
    "SummaryCounts",
    "cover_block",
    "definitions_section",
    "direction_section",
    "directions_appendix",
    "directions_summary_section",
    "equality_section",
    "exception_rows",
    "exceptions_section",
    "front_page_section",
    "judgement_strip_section",
    "lens_section",
    "milestone_health",
    "milestone_health_section",
    "milestones_section",
    "names_from_council",
    "names_from_mapping",
    "plan_section",
    "scope_metrics",
    "scope_milestones",
    "scorecard_section",
    "status_matrix",
    "status_matrix_section",
    "success_rows",
    "summary_counts",
    "summary_section",
    "top_exceptions_section",
    "vision_section",
    "what_went_well_section",
]
