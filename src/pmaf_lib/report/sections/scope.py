"""What a report covers (its scope), the evaluation it reads, and display names for ids."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd

from pmaf_lib.indicators.rollup import METRIC_SCOPE, MILESTONE_SCOPE
from pmaf_lib.report.signals import as_tuple, text_of

# scope kind -> the scorecard / milestones column holding its id (tuples hold several ids)
METRIC_COLUMN = METRIC_SCOPE
MILESTONE_COLUMN = MILESTONE_SCOPE
KIND_WORDS = {
    "council": "Council",
    "priority": "Priority",
    "outcome": "Outcome",
    "directorate": "Directorate",
    "portfolio": "Portfolio",
    "lens": "Lens",
    "equality_objective": "Equality objective",
    "direction": "Direction",
}


class EvaluationLike(Protocol):
    """What sections read from ``indicators.evaluate()``'s ``Evaluation``."""

    scorecard: pd.DataFrame
    history: pd.DataFrame
    milestones: pd.DataFrame


@dataclass(frozen=True, slots=True)
class Scope:
    """A report's scope: ``kind`` (``council``, ``priority``, ``directorate``, ``portfolio``,
    ``outcome``, ``lens``, ``equality_objective``, ``direction``) and the ``id`` within it."""

    kind: str = "council"
    id: str | None = None


COUNCIL = Scope()


def _members(frame: pd.DataFrame, column: str, scope_id: str) -> pd.Series:
    if column not in frame:
        return pd.Series(False, index=frame.index)
    inside = frame[column].map(lambda cell: scope_id in as_tuple(cell) or text_of(cell) == scope_id)
    return inside.astype(bool)  # an empty object Series would select columns, not rows


def scope_metrics(scorecard: pd.DataFrame, scope: Scope = COUNCIL) -> pd.DataFrame:
    """Scorecard rows inside ``scope`` (all rows for the council)."""
    if scope.kind == "council" or scope.id is None:
        return scorecard
    return scorecard[_members(scorecard, METRIC_COLUMN[scope.kind], scope.id)]


def scope_milestones(milestones: pd.DataFrame, scope: Scope = COUNCIL) -> pd.DataFrame:
    """Milestone rows inside ``scope``."""
    if scope.kind == "council" or scope.id is None:
        return milestones
    return milestones[_members(milestones, MILESTONE_COLUMN[scope.kind], scope.id)]


class MetricHistories(Mapping[str, pd.DataFrame]):
    """History rows per ``metric_id``, each metric's rows in their original order: the
    history is put in metric order once, and a metric's frame is a slice of it taken when a
    report asks for it (a report shows a few hundred of a large council's thousand metrics)."""

    def __init__(self, history: pd.DataFrame) -> None:
        groups = history.groupby("metric_id", sort=False) if len(history) else None
        positions = groups.indices if groups is not None else {}
        order = np.concatenate(list(positions.values())) if positions else []
        self._history = history.iloc[order]
        ends = np.cumsum([len(rows) for rows in positions.values()])
        self._spans = {
            str(key): (int(end) - len(rows), int(end))
            for (key, rows), end in zip(positions.items(), ends, strict=True)
        }

    def __getitem__(self, metric_id: str) -> pd.DataFrame:
        start, stop = self._spans[metric_id]
        return self._history.iloc[start:stop]

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


def history_by_metric(history: pd.DataFrame) -> MetricHistories:
    """History rows split per ``metric_id`` (split once, read many times)."""
    return MetricHistories(history)


def _ids(cell: Any) -> list[str]:
    if isinstance(cell, list | tuple | set | frozenset | str):
        return list(as_tuple(cell))
    return [text_of(cell)] if text_of(cell) else []


def explode_ids(frame: pd.DataFrame, column: str, blank_label: str | None = None) -> pd.DataFrame:
    """One row per id in a (possibly tuple-valued) column, in ``_group``; rows with no id are
    dropped, or grouped under ``blank_label`` (e.g. ``No equality objective``) when given."""
    if column not in frame or frame.empty:
        return frame.assign(_group=pd.Series(dtype=object))
    fallback = [blank_label] if blank_label else []
    out = frame.assign(_group=frame[column].map(lambda c: _ids(c) or fallback))
    out = out.explode("_group")
    return out[out["_group"].map(lambda g: bool(text_of(g)))]


def joined(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (blanks left out)."""
    words = [w for w in words if w]
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 2 else words)


@dataclass
class Names:
    """Display names for ids, per kind: ``names.of("officer", "OFF-07")`` -> ``Dr Siân Evans``.

    Unknown ids fall back to the id itself, so a report never shows a blank. Several ids
    (joint leads) read ``Cllr Bright and Cllr Twomey``.
    """

    by_kind: dict[str, dict[str, str]] = field(default_factory=dict)

    def of(self, kind: str, key: Any) -> str:
        if isinstance(key, list | tuple):
            return joined([self.of(kind, k) for k in key])
        text = text_of(key)
        return self.by_kind.get(kind, {}).get(text, text)

    def word(self, kind: str) -> str:
        """The council's word for a kind of scope (``Sub-theme`` for outcomes), else pmaf's."""
        return self.by_kind.get("level", {}).get(kind) or KIND_WORDS.get(kind, kind.capitalize())

    def labelled(self, kind: str, key: Any) -> str:
        """``1.1 Continue to fix the foundations`` (id and name), or the id alone."""
        text = text_of(key)
        name = self.of(kind, text)
        return name if name.casefold() == text.casefold() else f"{text} {name}"


def _pairs(items: Any, name_attr: str) -> dict[str, str]:
    out = {}
    for item in items or ():
        key = getattr(item, "id", None)
        name = (
            getattr(item, name_attr, None)
            or getattr(item, "title", None)
            or getattr(item, "name", None)
        )
        if key is not None and name:
            out[str(key)] = str(name)
    return out


def names_from_council(council: Any) -> Names:
    """Build :class:`Names` from a ``Council`` (plan, reference lists and outcomes)."""
    reference = getattr(council, "reference", None)
    kinds: dict[str, dict[str, str]] = {
        "directorate": _pairs(getattr(reference, "directorates", ()), "name"),
        "portfolio": _pairs(getattr(reference, "portfolios", ()), "title"),
        "officer": _pairs(getattr(reference, "officers", ()), "name"),
        "lens": _pairs(getattr(reference, "lenses", ()), "name"),
        "equality_objective": _pairs(getattr(reference, "equality_objectives", ()), "title"),
        "direction": _pairs(getattr(reference, "directions", ()), "title"),
        "benchmark_group": _pairs(getattr(reference, "benchmark_groups", ()), "name"),
        "priority": _pairs(getattr(getattr(council, "plan", None), "priorities", ()), "title"),
        "lead_member": {
            str(p.id): str(p.cabinet_member)
            for p in getattr(reference, "portfolios", ()) or ()
            if getattr(p, "cabinet_member", None)
        },
    }
    levels = getattr(getattr(council, "plan", None), "levels", None)
    if levels is not None:
        kinds["level"] = {k: str(v) for k, v in levels.model_dump().items()}
    outcomes = getattr(council, "outcomes", None)
    if isinstance(outcomes, pd.DataFrame) and {"outcome_id", "title"} <= set(outcomes.columns):
        kinds["outcome"] = dict(
            zip(outcomes["outcome_id"].astype(str), outcomes["title"].astype(str), strict=True)
        )
    deliverables = getattr(council, "deliverables", None)
    if isinstance(deliverables, pd.DataFrame) and {"deliverable_id", "title"} <= set(
        deliverables.columns
    ):
        kinds["deliverable"] = dict(
            zip(
                deliverables["deliverable_id"].astype(str),
                deliverables["title"].astype(str),
                strict=True,
            )
        )
    return Names(kinds)


def names_from_mapping(mapping: Mapping[str, Mapping[str, str]]) -> Names:
    """:class:`Names` from plain dictionaries, e.g. ``{"officer": {"OFF-07": "A. Khan"}}``."""
    return Names(
        {kind: {str(k): str(v) for k, v in names.items()} for kind, names in mapping.items()}
    )
