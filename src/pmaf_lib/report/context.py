"""What a report notebook needs, loaded once: the council, this month's and last month's
evaluation, display names and the run's settings.

The scheduled run evaluates the month once and pickles :class:`ReportInputs` for every
notebook (``evaluation_cache``); an analyst running a notebook by hand leaves the cache blank
and the same inputs are computed from ``data_dir``.
"""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pmaf_lib.indicators import Evaluation, evaluate, what_changed
from pmaf_lib.periods import Frequency, Period, parse_period
from pmaf_lib.plan import Council, load_council
from pmaf_lib.plan.key_messages import empty_key_messages
from pmaf_lib.plan.latest import latest_complete_month
from pmaf_lib.project import default_data_dir
from pmaf_lib.report.sections import Names, names_from_council

SMALL_NUMBER = 5


@dataclass(frozen=True)
class ReportInputs:
    """The council and its evaluations for the report month and the month before;
    ``auto_rebase`` as they were evaluated, so months a report evaluates itself follow it."""

    council: Council
    evaluation: Evaluation
    previous: Evaluation | None
    auto_rebase: bool = False


def resolve_period(council: Council, period: str) -> Period:
    """The report month: ``latest`` is the latest month with complete data."""
    if str(period).strip().lower() == "latest":
        monthly = set(council.metrics.loc[council.metrics["frequency"] == "monthly", "metric_id"])
        period = latest_complete_month(monthly, council.values)
    month = parse_period(period)
    if month.frequency is not Frequency.MONTHLY:
        raise ValueError(f"the report period must be a month such as 2025-09, not {period!r}")
    return month


def prepare_inputs(council: Council, period: str, auto_rebase: bool = False) -> ReportInputs:
    """Evaluate the report month and, when the data reaches back that far, the month before
    (``auto_rebase``: see ``indicators.evaluate``)."""
    month = resolve_period(council, period)
    first = min(council.values["period_start"]) if len(council.values) else None
    previous_month = month.previous()
    has_previous = first is not None and pd.Timestamp(previous_month.start) >= pd.Timestamp(first)
    return ReportInputs(
        council=council,
        evaluation=evaluate(council, str(month), auto_rebase),
        previous=evaluate(council, str(previous_month), auto_rebase) if has_previous else None,
        auto_rebase=auto_rebase,
    )


def suppress_small_numbers(evaluation: Evaluation, threshold: float = SMALL_NUMBER) -> Evaluation:
    """The public view: counts (unit ``number``, not ratios) above 0 and below ``threshold``
    are not published. The scorecard gains ``suppress_below`` (formatting shows "fewer than
    5"); such values are removed from the history, so charts and sparklines omit them.

    Ratio metrics (percentages and rates) are published as they are.
    """
    card = evaluation.scorecard
    counts = card["unit"].eq("number") & ~card["is_ratio"].astype(bool)
    scorecard = card.assign(suppress_below=np.where(counts, float(threshold), np.nan))
    history = evaluation.history.copy()
    counted = history["metric_id"].isin(set(card.loc[counts, "metric_id"]))
    for column in ("value", "spc_value"):
        if column in history:
            small = counted & history[column].gt(0) & history[column].lt(threshold)
            history.loc[small, column] = np.nan
    return dataclasses.replace(evaluation, scorecard=scorecard, history=history)


def write_inputs(inputs: ReportInputs, path: Path) -> None:
    with Path(path).open("wb") as handle:
        pickle.dump(inputs, handle, pickle.HIGHEST_PROTOCOL)


@dataclass(frozen=True)
class ReportContext:
    """Everything a report notebook presents from."""

    inputs: ReportInputs
    names: Names
    council_name: str
    classification: str
    audience: str
    key_message_overrides: pd.DataFrame = dataclasses.field(default_factory=empty_key_messages)
    # Run by hand (JupyterLab): outputs carry pmaf's stylesheet, which the run's page template
    # otherwise supplies.
    self_styled: bool = False

    @property
    def council(self) -> Council:
        return self.inputs.council

    @property
    def evaluation(self) -> Evaluation:
        return self.inputs.evaluation

    @property
    def previous(self) -> Evaluation | None:
        """Last month's evaluation (None when the data does not reach back that far)."""
        return self.inputs.previous

    # The frames behind the report, for an analyst in JupyterLab (``ctx.scorecard`` ...).
    @property
    def scorecard(self) -> pd.DataFrame:
        """One row per metric: value, target, RAG, SPC, trend, forecast, benchmark, DQ."""
        return self.evaluation.scorecard

    @property
    def history(self) -> pd.DataFrame:
        """One row per metric and period: the values, limits and signals the charts draw."""
        return self.evaluation.history

    @property
    def milestones(self) -> pd.DataFrame:
        """One row per milestone, with its status as at the report month."""
        return self.evaluation.milestones

    @property
    def directions(self) -> pd.DataFrame:
        """One row per improvement Direction with its assurance judgement."""
        return self.evaluation.directions

    @property
    def period(self) -> Period:
        return parse_period(self.evaluation.period)

    @property
    def as_at(self) -> Any:
        """The date the data was last submitted for this month (or the month's end)."""
        values = self.council.values
        month = values[values["period"] == str(self.period)]
        submitted = month["submitted_on"].dropna() if "submitted_on" in month else None
        return max(submitted) if submitted is not None and len(submitted) else self.period.end

    @cached_property
    def changes(self) -> pd.DataFrame:
        """What changed since last month (RAG changes, milestones newly complete or overdue)."""
        if self.inputs.previous is None:
            return pd.DataFrame(columns=["kind", "id", "title", "change", "before", "after"])
        return what_changed(self.inputs.previous, self.evaluation)


def load_context(
    data_dir: str | Path,
    period: str = "latest",
    evaluation_cache: str | Path = "",
    council_name: str = "",
    classification: str = "OFFICIAL",
    audience: str = "internal",
) -> ReportContext:
    """Load a report's inputs from the run's cache, or compute them from ``data_dir``.

    A blank ``data_dir`` is the project's (:func:`pmaf_lib.project.default_data_dir`), looked
    for from the current folder and its parent: papermill run from the project folder, or
    JupyterLab opened in ``notebooks/``.
    """
    if audience not in ("internal", "public"):
        raise ValueError(f"audience must be 'internal' or 'public', not {audience!r}")
    if evaluation_cache:
        with Path(evaluation_cache).open("rb") as handle:
            inputs = pickle.load(handle)
    else:
        cwd = Path.cwd()
        inputs = prepare_inputs(load_council(data_dir or default_data_dir(cwd, cwd.parent)), period)
    if audience == "public":
        inputs = dataclasses.replace(inputs, evaluation=suppress_small_numbers(inputs.evaluation))
    council = inputs.council
    return ReportContext(
        inputs=inputs,
        names=names_from_council(council),
        council_name=council_name or str(council.plan.council),
        classification=classification,
        audience=audience,
        key_message_overrides=getattr(council, "key_messages", empty_key_messages()),
        self_styled=not evaluation_cache,
    )
