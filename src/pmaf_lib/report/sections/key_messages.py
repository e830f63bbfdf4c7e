"""Key messages: three to five sentences generated from the figures, or an officer's own.

Generated: the worst risks (special cause concern with a failing target, then Reds), new
exceptions, the clearest improvements, milestones. An officer may replace them for a report
with ``key_messages.csv`` in the data folder (read and checked with the other inputs:
``plan/key_messages.py``; ``Council.key_messages``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pmaf_lib.report.formatting import format_count
from pmaf_lib.report.html import Html, element, join
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections.mdc_matrix import signals_of
from pmaf_lib.report.sections.what_changed import Change
from pmaf_lib.report.signals import milestone_key, rag_key, text_of

MAX_NAMED = 3


@dataclass(frozen=True, slots=True)
class KeyMessages:
    sentences: tuple[str, ...]
    written_by_officer: bool


def _names(rows: Sequence[dict[str, Any]]) -> str:
    named = [facts.metric_name(r) for r in rows[:MAX_NAMED]]
    more = len(rows) - len(named)
    text = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return text + (f" (and {more} more)" if more else "")


def _improving(rows: Sequence[dict[str, Any]]) -> str:
    """The improvements, with any that are still exceptions named apart, never praised alone."""
    clear = [r for r in rows if not r.get("is_exception")]
    still = [r for r in rows if r.get("is_exception")]
    parts = [f"Improving beyond normal variation: {_names(clear)}"] if clear else []
    if still:
        lead = "improving, but still exceptions" if clear else "Improving, but still exceptions"
        parts.append(f"{lead}: {_names(still)}")
    return "; ".join(parts) + "."


def generated_messages(
    metrics: pd.DataFrame, milestones: pd.DataFrame, changes: list[Change] | None
) -> list[str]:
    """Three to five sentences, each naming what it counts and agreeing with the tables."""
    rows = metrics.to_dict("records")
    if not rows:
        return ["There are no metrics in this report."]
    worst = [r for r in rows if signals_of(r) == ("concern", "fail")]
    red = [r for r in rows if rag_key(r.get("rag")) == "Red"]
    improving = [r for r in rows if signals_of(r)[0] == "improvement"]
    out = [
        f"Of {format_count(len(rows), 'metric')}, {len(red):,} {'is' if len(red) == 1 else 'are'}"
        f" Red against target and {len([r for r in rows if r.get('is_exception')]):,} "
        "need the board's attention as exceptions."
    ]
    if worst:
        out.append(
            f"The greatest risk: {_names(worst)} "
            f"{'is' if len(worst) == 1 else 'are'} getting worse beyond normal variation and "
            "will consistently miss target unless something changes."
        )
    elif red:
        out.append(f"Red against target: {_names(red)}.")
    if changes is not None:
        new = [c for c in changes if c.kind == "New exceptions"]
        cleared = [c for c in changes if c.kind == "Exceptions that cleared"]
        new_words = format_count(len(new), "new exception") if new else "no new exceptions"
        cleared_words = (
            format_count(len(cleared), "exception") + " cleared" if cleared else "none cleared"
        )
        out.append(f"Since last month: {new_words}; {cleared_words}.")
    if improving:
        out.append(_improving(improving))
    if not milestones.empty and "status" in milestones:
        status = milestones["status"].map(milestone_key)
        overdue, at_risk = int((status == "overdue").sum()), int((status == "at risk").sum())
        out.append(
            f"Of {format_count(len(milestones), 'milestone')}, {overdue:,} "
            f"{'is' if overdue == 1 else 'are'} overdue and {at_risk:,} at risk."
        )
    return out[:5]


def officer_messages(overrides: pd.DataFrame, period: str, report: str) -> list[str]:
    """The officer's sentences for this report and month (``report`` rows before ``all``)."""
    month = overrides[overrides["period"].str.strip() == period]
    own = month[month["report"].str.strip().str.lower() == report.lower()]
    chosen = own if not own.empty else month[month["report"].str.strip().str.lower() == "all"]
    return [text_of(m) for m in chosen["message"]]


def key_messages_block(messages: KeyMessages) -> Html:
    """``<h3>Key messages</h3>``, the sentences as a list, and who wrote them."""
    source = (
        "Written by the responsible officer."
        if messages.written_by_officer
        else "Generated from the figures in this report."
    )
    return join(
        [
            element("h3", "Key messages"),
            element(
                "ul",
                join(element("li", s) for s in messages.sentences),
                class_="pmaf-list pmaf-key-messages",
            ),
            element("p", source, class_="pmaf-text pmaf-muted"),
        ]
    )
