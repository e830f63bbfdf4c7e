"""The three report documents, section by section, for the notebooks to display.

Each function returns one :class:`~pmaf_lib.report.html.Html` block, so a notebook cell shows
one section and an analyst can re-run just that part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pmaf_lib.indicators.direction_evidence import evaluate_directions
from pmaf_lib.report import sections
from pmaf_lib.report.context import ReportContext
from pmaf_lib.report.html import Html, components_css, element, join
from pmaf_lib.report.sections import Scope
from pmaf_lib.report.sections.key_messages import (
    KeyMessages,
    generated_messages,
    officer_messages,
)
from pmaf_lib.report.sections.what_changed import changes_since
from pmaf_lib.report.signals import as_tuple

SCOPE_TYPES = ("priority", "directorate", "portfolio")


@dataclass(frozen=True)
class ScopeDetails:
    """A report scope with the names its cover shows."""

    scope: Scope
    name: str
    lead_member: str | None
    lead_officer: str | None
    priority_word: str = "Priority"

    @property
    def label(self) -> str:
        """``Priority 1: Safe, healthy lives``, ``Adults directorate``, ``Housing portfolio``
        (a priority in the council's own word for it)."""
        if self.scope.kind == "priority":
            return f"{self.priority_word} {self.scope.id}: {self.name}"
        return f"{self.name} {self.scope.kind}"


def scope_details(ctx: ReportContext, scope_type: str, scope_id: str) -> ScopeDetails:
    """Look a priority, directorate or portfolio up; unknown ids raise a clear error."""
    if scope_type not in SCOPE_TYPES:
        raise ValueError(f"scope_type must be one of {', '.join(SCOPE_TYPES)}, not {scope_type!r}")
    council, names = ctx.council, ctx.names
    ref = council.reference
    member = officer = None
    if scope_type == "priority":
        found = {str(p.id): p for p in council.plan.priorities}
        item = found.get(str(scope_id))
        name = item.title if item else ""
        if item is not None:
            member = names.of("lead_member", item.portfolio) if item.portfolio else None
            officer = names.of("officer", item.lead_officer) if item.lead_officer else None
    elif scope_type == "directorate":
        found = {d.id: d for d in ref.directorates}
        item = found.get(str(scope_id))
        name = item.name if item else ""
        if item is not None and item.director:
            officer = names.of("officer", item.director)
    else:
        found = {p.id: p for p in ref.portfolios}
        item = found.get(str(scope_id))
        name = item.title if item else ""
        if item is not None:
            member = item.cabinet_member
    if item is None:
        raise ValueError(
            f"unknown {scope_type} {scope_id!r}; expected one of {', '.join(map(str, found))}"
        )
    word = council.plan.levels.priority
    return ScopeDetails(Scope(scope_type, str(scope_id)), name, member, officer, word)


def report_title(ctx: ReportContext, details: ScopeDetails | None = None) -> str:
    """The ``<h1>``/``<title>`` wording, e.g. ``Adults' Social Care: performance report``."""
    if details is None:
        return "Corporate performance summary"
    return f"{details.label}: performance report"


def cover(ctx: ReportContext, title: str, scope: str, details: ScopeDetails | None = None) -> Html:
    """The cover; run by hand in JupyterLab it also carries pmaf's stylesheet (every rule is
    scoped to ``pmaf-`` classes), so badges, tables and fact lists look as in the report."""
    block = sections.cover_block(
        council=ctx.council_name,
        report_title=title,
        scope=scope,
        period=str(ctx.period),
        as_at=ctx.as_at,
        classification=ctx.classification,
        lead_member=details.lead_member if details else None,
        lead_officer=details.lead_officer if details else None,
    )
    if not ctx.self_styled:
        return block
    return join([element("style", Html(components_css())), block])


def front_page(
    ctx: ReportContext,
    report: str,
    select_metrics: Callable[[pd.DataFrame], pd.DataFrame],
    select_milestones: Callable[[pd.DataFrame], pd.DataFrame],
) -> Html:
    """Key messages, Making Data Count matrix, what changed and one row per metric, for the
    metrics and milestones a report covers (``report`` names it in ``key_messages.csv``)."""
    metrics = select_metrics(ctx.evaluation.scorecard)
    milestones = select_milestones(ctx.evaluation.milestones)
    previous = ctx.previous
    changes = changes_since(
        (select_metrics(previous.scorecard), select_milestones(previous.milestones))
        if previous is not None
        else None,
        (metrics, milestones),
    )
    officer = officer_messages(ctx.key_message_overrides, str(ctx.period), report)
    messages = KeyMessages(
        tuple(officer or generated_messages(metrics, milestones, changes)), bool(officer)
    )
    return sections.front_page_section(
        metrics,
        milestones,
        ctx.evaluation.history,
        changes,
        previous.period if previous is not None else None,
        messages,
    )


# -- scope report --------------------------------------------------------------------------------
def scope_cover(ctx: ReportContext, details: ScopeDetails) -> Html:
    return cover(ctx, report_title(ctx, details), details.label, details)


def scope_front_page(ctx: ReportContext, details: ScopeDetails) -> Html:
    scope = details.scope
    return front_page(
        ctx,
        f"{scope.kind}:{scope.id}",
        lambda frame: sections.scope_metrics(frame, scope),
        lambda frame: sections.scope_milestones(frame, scope),
    )


def scope_summary(ctx: ReportContext, details: ScopeDetails) -> Html:
    return sections.summary_section(ctx.evaluation, details.scope)


def scope_exceptions(ctx: ReportContext, details: ScopeDetails) -> Html:
    return sections.exceptions_section(ctx.evaluation, details.scope, ctx.names)


def scope_successes(ctx: ReportContext, details: ScopeDetails) -> Html:
    return sections.what_went_well_section(ctx.evaluation, details.scope)


def scope_scorecard(ctx: ReportContext, details: ScopeDetails, group_by: str = "outcome") -> Html:
    return sections.scorecard_section(ctx.evaluation, details.scope, group_by, ctx.names)


def scope_milestones(ctx: ReportContext, details: ScopeDetails) -> Html:
    levels = ctx.council.plan.levels
    title = f"{levels.plural('deliverable')} and {levels.plural('milestone').lower()}"
    return sections.milestones_section(ctx.evaluation, details.scope, ctx.names, title)


def scope_plan(ctx: ReportContext, details: ScopeDetails) -> Html:
    return sections.plan_section(ctx.council, ctx.evaluation, details.scope, ctx.names)


def scope_definitions(ctx: ReportContext, details: ScopeDetails) -> Html:
    return sections.definitions_section(ctx.evaluation, details.scope)


# -- corporate summary ---------------------------------------------------------------------------
def corporate_cover(ctx: ReportContext) -> Html:
    return cover(ctx, report_title(ctx), "Whole council: every priority, directorate and portfolio")


def corporate_front_page(ctx: ReportContext) -> Html:
    return front_page(ctx, "corporate_summary", lambda frame: frame, lambda frame: frame)


def corporate_vision(ctx: ReportContext) -> Html:
    return sections.vision_section(ctx.council.plan)


def corporate_summary(ctx: ReportContext) -> Html:
    return sections.summary_section(ctx.evaluation)


def corporate_exceptions(ctx: ReportContext, limit: int = 10) -> Html:
    return sections.top_exceptions_section(ctx.evaluation, ctx.names, limit=limit)


def corporate_status_matrix(ctx: ReportContext) -> Html:
    return sections.status_matrix_section(ctx.evaluation, ctx.names)


def corporate_milestones(ctx: ReportContext) -> Html:
    return sections.milestone_health_section(ctx.evaluation, ctx.names)


def corporate_lenses(ctx: ReportContext) -> Html:
    return sections.lens_section(ctx.evaluation, ctx.names)


def corporate_equality(ctx: ReportContext) -> Html:
    return sections.equality_section(ctx.evaluation, ctx.names)


# -- Directions appendix -------------------------------------------------------------------------
def directions_frame(ctx: ReportContext) -> pd.DataFrame:
    """The engine's judgement per Direction with its wording and what changed since last month."""
    directions = ctx.evaluation.directions.copy()
    wording = {d.id: d.text for d in ctx.council.reference.directions}
    directions["text"] = directions["direction_id"].map(wording)
    changes = ctx.changes
    directions["changes"] = [
        tuple(
            f"{row.title} ({row.id}): {row.change}"
            + (f" from {row.before} to {row.after}" if row.before and row.after else "")
            for row in changes.itertuples()
            if direction_id in tuple(row.directions or ())
        )
        or ("No change in the evidence since last month.",)
        for direction_id in directions["direction_id"]
    ]
    directions["commentary"] = directions["rule_reason"]
    return directions


def directions_cover(ctx: ReportContext) -> Html:
    return cover(
        ctx,
        "Improvement Directions appendix",
        "Every Direction issued to the council, with the evidence of progress",
    )


def _with_directions(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows linked to at least one Direction."""
    if "directions" not in frame:
        return frame.iloc[0:0]
    return frame[frame["directions"].map(lambda cell: bool(as_tuple(cell)))]


def directions_front_page(ctx: ReportContext) -> Html:
    return front_page(ctx, "directions_appendix", _with_directions, _with_directions)


def directions_summary(ctx: ReportContext) -> Html:
    return sections.directions_summary_section(
        directions_frame(ctx), ctx.evaluation, ctx.council.deliverables
    )


def directions_over_time(ctx: ReportContext, months: int = 6) -> Html:
    """Each Direction's judgement and overdue milestones over the last ``months`` months.

    The report month and the one before come from the run; earlier months are evaluated here,
    only the metrics and milestones tagged with a Direction (``evaluate_directions``: the same
    judgements and overdue milestones as evaluating the whole council, with the run's
    ``auto_rebase``), so the strip shows what each month's appendix reported.
    """
    first = min(ctx.council.values["period_start"]) if len(ctx.council.values) else None
    strip = []
    for back in range(months - 1, -1, -1):
        month = ctx.period.shift(-back)
        if first is None or pd.Timestamp(month.start) < pd.Timestamp(first):
            continue
        if back == 0:
            evaluation = ctx.evaluation
        elif back == 1 and ctx.previous is not None:
            evaluation = ctx.previous
        else:
            evaluation = evaluate_directions(ctx.council, str(month), ctx.inputs.auto_rebase)
        strip.append((str(month), evaluation.directions, evaluation.milestones))
    return sections.judgement_strip_section(strip)


def directions_detail(ctx: ReportContext) -> Html:
    frame = directions_frame(ctx)
    return join(
        sections.direction_section(row, ctx.evaluation, ctx.council.deliverables, ctx.names)
        for row in frame.to_dict("records")
    )
