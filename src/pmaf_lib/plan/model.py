"""The typed plan model: enumerations, the plan hierarchy and the reference lists."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from pmaf_lib.periods import TBC, DueDate, Frequency, PeriodError, parse_due, parse_period


class Unit(StrEnum):
    """The units pmaf formats itself; any other short text in ``unit`` is a custom label."""

    PERCENT = "percent"
    NUMBER = "number"
    DAYS = "days"
    GBP = "gbp"
    RATE = "rate"


class Polarity(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"  # best inside the target band (target_low to target_high)
    NONE = "none"


class Aggregation(StrEnum):
    SNAPSHOT = "snapshot"
    YTD = "ytd"
    ROLLING12 = "rolling12"
    RUNNING_TOTAL = "running_total"  # sum of in-period values since running_total_from


class TargetBasis(StrEnum):
    PERIOD = "period"
    ANNUAL = "annual"
    NONE = "none"


class TargetDirection(StrEnum):
    """A target written as a direction: judged against the same period a year earlier."""

    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"


class ToleranceType(StrEnum):
    RELATIVE = "relative"
    ABSOLUTE = "absolute"


class DenominatorBasis(StrEnum):
    FLOW = "flow"
    STOCK = "stock"


class MilestoneStatus(StrEnum):
    NOT_STARTED = "not started"
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"
    COMPLETE = "complete"
    DEFERRED = "deferred"


class DataFlag(StrEnum):
    ESTIMATED = "estimated"
    PROVISIONAL = "provisional"
    REVISED = "revised"


class AssuranceJudgement(StrEnum):
    SUBSTANTIAL = "substantial"
    REASONABLE = "reasonable"
    LIMITED = "limited"
    NO_ASSURANCE = "no assurance"


# What analysts commonly type instead of the canonical value (keys are lower case).
ALIASES: dict[type[StrEnum], dict[str, str]] = {
    Unit: {
        "%": "percent",
        "pct": "percent",
        "£": "gbp",
        "pounds": "gbp",
        "count": "number",
        "rate per": "rate",
    },
    Polarity: {
        "higher is better": "higher",
        "lower is better": "lower",
        "high": "higher",
        "low": "lower",
        "n/a": "none",
        "within band": "band",
        "goldilocks": "band",
    },
    Aggregation: {
        "year to date": "ytd",
        "rolling 12": "rolling12",
        "running total": "running_total",
    },
    TargetDirection: {
        "reduce": "decrease",
        "increase": "increase",
        "higher": "increase",
        "lower": "decrease",
        "maintain": "maintain",
        "sustain": "maintain",
    },
    MilestoneStatus: {"not_started": "not started", "on_track": "on track", "at_risk": "at risk"},
    Frequency: {"month": "monthly", "quarter": "quarterly", "year": "annual", "yearly": "annual"},
}


def _id_text(value: Any) -> Any:
    """Ids may arrive as numbers from YAML or Excel; keep them as text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value.strip() if isinstance(value, str) else value


def _id_list(value: Any) -> Any:
    """A list of ids, written either as a YAML list or as ``EO1; EO3``."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]
    if isinstance(value, list | tuple):
        return [_id_text(v) for v in value]
    return value


def _date(value: Any) -> Any:
    """Dates as ISO (2025-09-30), UK (30/09/2025) or a date object."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10 and text[2] == "/" and text[5] == "/":
            day, month, year = text.split("/")
            return dt.date(int(year), int(month), int(day))
    return value


class Model(BaseModel):
    """Base for plan and reference models: unknown keys are errors, blank text means absent."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (v is None or v == "")}
        return data

    @field_validator("id", mode="before", check_fields=False)
    @classmethod
    def _id_is_text(cls, value: Any) -> Any:
        return _id_text(value)


class Tagged(Model):
    """Cross-cutting tags shared by deliverables and metrics (the "golden thread")."""

    directorate: str | None = None
    portfolio: tuple[str, ...] = ()  # one id, or several for joint leads
    lead_officer: tuple[str, ...] = ()
    lens: str | None = None
    equality_objectives: list[str] = []
    directions: list[str] = []

    @field_validator(
        "equality_objectives", "directions", "portfolio", "lead_officer", mode="before"
    )
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _id_list(value)


class Milestone(Model):
    """A milestone; ``due`` is a date, month, quarter, financial year, year or TBC."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str
    title: str
    due: DueDate = TBC
    description: str | None = None

    @field_validator("due", mode="before")
    @classmethod
    def _due(cls, value: Any) -> Any:
        try:
            return parse_due(value)
        except PeriodError as exc:
            raise ValueError(str(exc)) from None


class Deliverable(Tagged):
    id: str
    title: str
    description: str | None = None
    milestones: list[Milestone] = []


class Led(Model):
    """A plan item that may name its Lead Member's portfolio(s) and Lead Officer(s)."""

    portfolio: tuple[str, ...] = ()
    lead_officer: tuple[str, ...] = ()

    @field_validator("portfolio", "lead_officer", mode="before")
    @classmethod
    def _leads(cls, value: Any) -> Any:
        return _id_list(value)


class Outcome(Led):
    id: str
    title: str
    description: str | None = None
    deliverables: list[Deliverable] = []


class Theme(Led):
    """An optional level between a priority and its outcomes (e.g. a "priority area")."""

    id: str
    title: str
    description: str | None = None
    outcomes: list[Outcome] = []


class Priority(Led):
    id: str
    title: str
    description: str | None = None
    well_run: bool = False
    outcomes: list[Outcome] = []
    themes: list[Theme] = []

    @model_validator(mode="after")
    def _one_kind_of_child(self) -> Priority:
        if self.outcomes and self.themes:
            raise ValueError("a priority holds either outcomes: or themes:, not both")
        return self

    def all_outcomes(self) -> list[tuple[Theme | None, Outcome]]:
        """Every outcome of the priority with the theme holding it (None without themes)."""
        direct: list[tuple[Theme | None, Outcome]] = [(None, o) for o in self.outcomes]
        return direct + [(t, o) for t in self.themes for o in t.outcomes]


LEVELS = ("priority", "theme", "outcome", "deliverable", "milestone")


class Levels(Model):
    """The council's own names for the plan's levels (``Priority area``, ``Action``)."""

    priority: str = "Priority"
    theme: str = "Theme"
    outcome: str = "Outcome"
    deliverable: str = "Deliverable"
    milestone: str = "Milestone"

    def plural(self, level: str) -> str:
        """``Priority area`` -> ``Priority areas``; ``Activity`` -> ``Activities``."""
        word = getattr(self, level)
        if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
            return word[:-1] + "ies"
        return word if word.endswith("s") else word + "s"


class Plan(Model):
    """The corporate plan: priorities > (themes >) outcomes > deliverables > milestones."""

    id: str
    name: str
    council: str
    financial_years: list[str]
    vision: str | None = None
    principles: list[str] = []
    levels: Levels = Levels()
    priorities: list[Priority] = []

    @field_validator("principles", mode="before")
    @classmethod
    def _principles(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("financial_years", mode="before")
    @classmethod
    def _years(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = _id_list(value)
        if not isinstance(value, list) or not value:
            raise ValueError("expected a list of financial years such as [2024/25, 2025/26]")
        years = []
        for item in value:
            try:
                period = parse_period(item)
            except PeriodError as exc:
                raise ValueError(str(exc)) from None
            if period.frequency is not Frequency.ANNUAL:
                raise ValueError(f"{item!r} is not a financial year (expected e.g. 2025/26)")
            years.append(str(period))
        if len(set(years)) != len(years):
            raise ValueError("a financial year is listed twice")
        return sorted(years)

    @property
    def fy_start_years(self) -> list[int]:
        """Start years of the plan's financial years (``2025/26`` -> 2025)."""
        return [int(fy[:4]) for fy in self.financial_years]

    def outcomes(self) -> list[Outcome]:
        return [o for p in self.priorities for _, o in p.all_outcomes()]

    def themes(self) -> list[Theme]:
        return [t for p in self.priorities for t in p.themes]

    def deliverables(self) -> list[Deliverable]:
        return [d for o in self.outcomes() for d in o.deliverables]

    def milestones(self) -> list[Milestone]:
        return [m for d in self.deliverables() for m in d.milestones]


class Directorate(Model):
    id: str
    name: str
    director: str | None = None


class Portfolio(Model):
    id: str
    title: str
    cabinet_member: str | None = None


class Officer(Model):
    id: str
    name: str
    job_title: str | None = None
    directorate: str | None = None


class Lens(Model):
    id: str
    name: str


class EqualityObjective(Model):
    id: str
    title: str
    description: str | None = None


class Direction(Model):
    """An improvement Direction issued by the Secretary of State."""

    id: str
    title: str
    text: str | None = None
    issued: dt.date | None = None
    themes: list[str] = []

    @field_validator("issued", mode="before")
    @classmethod
    def _issued(cls, value: Any) -> Any:
        return _date(value)

    @field_validator("themes", mode="before")
    @classmethod
    def _themes(cls, value: Any) -> Any:
        return _id_list(value)


class BenchmarkGroup(Model):
    id: str
    name: str


REFERENCE_KINDS: dict[str, type[Model]] = {
    "directorates": Directorate,
    "portfolios": Portfolio,
    "officers": Officer,
    "lenses": Lens,
    "equality_objectives": EqualityObjective,
    "directions": Direction,
    "benchmark_groups": BenchmarkGroup,
}


class Reference(Model):
    """The reference lists every plan item and metric points into."""

    directorates: list[Directorate] = []
    portfolios: list[Portfolio] = []
    officers: list[Officer] = []
    lenses: list[Lens] = []
    equality_objectives: list[EqualityObjective] = []
    directions: list[Direction] = []
    benchmark_groups: list[BenchmarkGroup] = []

    def ids(self, kind: str) -> list[str]:
        """Ids of one reference list, e.g. ``ids("directorates")``."""
        return [item.id for item in getattr(self, kind)]

    def lookup(self, kind: str, id: str) -> Model:
        """The item of ``kind`` (e.g. ``"officers"``) with ``id``; ``KeyError`` if absent."""
        for item in getattr(self, kind):
            if item.id == id:
                return item
        raise KeyError(f"no {kind} entry with id {id!r}")
