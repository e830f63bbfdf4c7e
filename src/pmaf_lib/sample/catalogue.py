"""The sample council's metric register: about 120 realistic council measures.

The base register lives in ``metric_catalogue.yaml`` (one entry a metric).

Each :class:`MetricSpec` carries the register columns of ``docs/data-format.md`` plus the
shape of its signal (level, noise, seasonality, trend, step change) and, for some, a
*design* that makes the latest month show a chosen SPC signal:

* ``up`` / ``down``: the last eight points shift by four sigma (improvement, concern or
  neutral icon depending on polarity),
* ``pass`` / ``fail``: a stationary, capable process whose limits sit wholly on the passing
  (failing) side of the target (consistent pass / fail),
* ``missing``: the latest month is not submitted (no data),
* ``same``: the latest value equals the previous one (no change).

:func:`build_catalogue` scales the register: extra metrics are locality variants of the base
ones, run by the extra directorates.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from importlib import resources

import yaml

from pmaf_lib.sample.reference import ReferenceData


@dataclass(frozen=True)
class MetricSpec:
    """One metric: register columns plus the shape of its generated signal."""

    id: str
    title: str
    definition: str
    unit: str
    polarity: str
    frequency: str
    aggregation: str
    directorate: str
    portfolio: str
    lens: str
    outcomes: tuple[str, ...]
    level: float
    decimals: int = 1
    source: str = "Service case management system"
    numerator_label: str = ""
    denominator_label: str = ""
    den_level: float = 0.0
    denominator_basis: str = ""
    rate_per: int = 0
    noise: float = 0.05
    season: float = 0.0
    peak: int = 1
    trend: float = 0.0
    step: tuple[int, float] = (0, 0.0)
    has_target: bool = True
    tolerance: float = 5.0
    tolerance_type: str = "relative"
    equality_objectives: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    benchmark: bool = False
    design: str = ""
    profile: tuple[float, ...] = ()
    period_targets: bool = False

    @property
    def is_ratio(self) -> bool:
        return bool(self.numerator_label)

    @property
    def scale(self) -> float:
        """Multiplier from numerator/denominator to value."""
        if self.unit == "percent":
            return 100.0
        if self.unit == "rate":
            return float(self.rate_per)
        return 1.0

    @property
    def accumulates(self) -> bool:
        """True when ``level`` is an annual total spread over the year's periods."""
        return self.aggregation in ("ytd", "rolling12") and (
            not self.is_ratio or self.denominator_basis == "stock"
        )

    @property
    def target_basis(self) -> str:
        if not self.has_target:
            return "none"
        if self.frequency == "annual" or (self.aggregation == "ytd" and self.accumulates):
            return "annual"
        return "period"


_DECIMALS = {"percent": 1, "days": 1, "rate": 1, "gbp": 0, "number": 0}
PROFILES = {
    "council_tax": (10.9, 20.4, 29.9, 39.4, 48.9, 58.3, 67.8, 77.2, 86.6, 95.2, 98.0, 100.0),
    "business_rates": (9.8, 18.9, 28.0, 37.2, 46.4, 55.6, 64.8, 74.0, 83.1, 92.2, 97.0, 100.0),
    "savings": (4.0, 9.0, 15.0, 22.0, 30.0, 38.0, 47.0, 56.0, 66.0, 77.0, 88.0, 100.0),
}
_LISTS = ("outcomes", "equality_objectives", "directions")


def _spec_from_entry(entry: dict[str, object]) -> MetricSpec:
    fields = dict(entry)
    for key in _LISTS:
        fields[key] = tuple(str(fields.get(key, "")).split())
    if "step" in fields:
        month, change = str(fields["step"]).split()
        fields["step"] = (int(month), float(change))
    if "profile" in fields:
        fields["profile"] = PROFILES[str(fields["profile"])]
    if fields.get("numerator_label"):
        fields.setdefault("denominator_basis", "flow")
    fields.setdefault("decimals", _DECIMALS[str(fields["unit"])])
    for key in ("level", "den_level", "noise", "season", "trend", "tolerance"):
        if key in fields:
            fields[key] = float(fields[key])  # type: ignore[arg-type]
    return MetricSpec(**fields)  # type: ignore[arg-type]


def load_base_metrics() -> tuple[MetricSpec, ...]:
    """The base register (scale 1) from ``metric_catalogue.yaml``."""
    text = resources.files(__package__).joinpath("metric_catalogue.yaml").read_text("utf-8")
    return tuple(_spec_from_entry(entry) for entry in yaml.safe_load(text))


BASE_METRICS = load_base_metrics()


LOCALITY_SHARE = 0.3  # a locality variant counts about this share of the borough's volumes


def _is_count(spec: MetricSpec) -> bool:
    return not spec.is_ratio and spec.unit in ("number", "gbp")


def _variant(spec: MetricSpec, number: int, directorate: str, locality: str) -> MetricSpec:
    """A locality variant of ``spec`` run by ``directorate`` (used when scaling up)."""
    return replace(
        spec,
        id=f"{spec.id}-{number:02d}",
        title=f"{spec.title} ({locality}, team {number})",
        definition=f"{spec.definition} {locality} locality only.",
        directorate=directorate,
        level=spec.level * LOCALITY_SHARE if _is_count(spec) else spec.level,
        den_level=spec.den_level * LOCALITY_SHARE,
        design="",
        benchmark=False,
    )


def build_catalogue(reference: ReferenceData, scale: float) -> tuple[MetricSpec, ...]:
    """About ``120 * scale`` metrics: the base register plus locality variants."""
    wanted = max(len(BASE_METRICS), round(len(BASE_METRICS) * scale))
    metrics = list(BASE_METRICS)
    extra = [d for d in reference.directorates if d.family != d.id]
    if not extra:
        return tuple(metrics)
    counts: dict[str, int] = {}
    index = 0
    while len(metrics) < wanted:
        base = BASE_METRICS[index % len(BASE_METRICS)]
        homes = [d for d in extra if d.family == base.directorate]
        index += 1
        if not homes:
            continue
        home = homes[(index // len(BASE_METRICS)) % len(homes)]
        counts[base.id] = counts.get(base.id, 1) + 1
        locality = home.name.split(": ", 1)[1]
        metrics.append(_variant(base, counts[base.id], home.id, locality))
    return tuple(metrics)


def stable_int(*parts: object) -> int:
    """A process-independent integer hash of ``parts`` (for seeding and picking)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")
