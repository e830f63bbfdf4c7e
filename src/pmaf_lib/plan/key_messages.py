"""``key_messages.csv``: an officer's key messages for a report's front page (optional).

Columns ``period, report, message``: ``period`` a month, ``report`` one of ``all``,
``corporate_summary``, ``directions_appendix`` or a scope ``directorate:ASC``,
``priority:1``, ``portfolio:PF-ADULTS`` whose id is in the plan. Read and checked with every
other input, so ``pmaf validate`` names a bad row before a run.
"""

from __future__ import annotations

import pandas as pd

from pmaf_lib.plan.model import Plan, Reference
from pmaf_lib.plan.problems import ProblemLog
from pmaf_lib.plan.submissions import parse_period_column
from pmaf_lib.plan.tables import Table, TableSpec, as_text, check_required, each

KEY_MESSAGES = TableSpec(sheet="key_messages", required=("period", "report", "message"))
KEY_MESSAGE_COLUMNS = ("period", "report", "message")
WHOLE_PLAN = ("all", "corporate_summary", "directions_appendix")
REPORT_EXAMPLE = (
    "all, corporate_summary, directions_appendix, or directorate:ID, priority:ID, portfolio:ID"
)


def _scope_ids(plan: Plan | None, reference: Reference | None) -> dict[str, set[str]]:
    return {
        "directorate": {d.id for d in (reference.directorates if reference else [])},
        "portfolio": {p.id for p in (reference.portfolios if reference else [])},
        "priority": {str(p.id) for p in (plan.priorities if plan else [])},
    }


def _report_problem(report: str, ids: dict[str, set[str]]) -> str | None:
    """Why ``report`` names no report of this plan (None when it does)."""
    if report.lower() in WHOLE_PLAN:
        return None
    kind, _, scope_id = report.partition(":")
    kind = kind.strip().lower()
    if kind not in ids or not scope_id.strip():
        return f"{report} is not a report"
    if scope_id.strip() not in ids[kind]:
        return f"{report}: there is no {kind} {scope_id.strip()!r} in the plan"
    return None


def parse_key_messages(
    table: Table, plan: Plan | None, reference: Reference | None, log: ProblemLog
) -> pd.DataFrame:
    """Key-message rows (``period`` a canonical month id); every bad cell is reported."""
    raw = table.frame
    check_required(table, KEY_MESSAGES.required, log)
    periods = parse_period_column(table, log, "a month such as 2026-10")
    not_month = each(periods, lambda p: p.frequency.value != "monthly").eq(True)
    log.rows(
        raw.assign(shown=each(periods, str)),
        not_month,
        "period",
        "{shown} is not a month",
        "a month such as 2026-10",
        value_column="shown",
    )
    reports = as_text(raw["report"])
    ids = _scope_ids(plan, reference)
    why = each(reports, lambda r: _report_problem(r, ids))
    log.rows(raw.assign(why=why), why.notna(), "report", "{why}", REPORT_EXAMPLE)
    return pd.DataFrame(
        {
            "period": each(periods, str).to_numpy(dtype=object),
            "report": reports.to_numpy(dtype=object),
            "message": as_text(raw["message"]).to_numpy(dtype=object),
        }
    )


def empty_key_messages() -> pd.DataFrame:
    """No officer-written messages (the file is optional)."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in KEY_MESSAGE_COLUMNS})
