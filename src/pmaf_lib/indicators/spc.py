"""Statistical process control: the Making Data Count XmR chart for many series at once.

:func:`xmr` implements NHSRplotthedots 0.2.2 (``ptd_spc``) as written down in ``spc_spec.md``,
with pmaf's own decisions where the reference misbehaves (spec section 5):

* a constant baseline (every moving range zero) gets limits equal to the mean and no signals,
  not NaN limits;
* a missing value breaks runs, trends and 2-of-3 windows instead of raising;
* a series with no target has no assurance (the reference says ``inconsistent`` for a facet
  missing from a named target list);
* gaps in the dates are counted in ``summary.date_gaps`` (a data-quality warning) while the
  rows are still treated as consecutive, as the reference does.

All series are processed together: rows are sorted once by (series, date) and every step is a
group-wise numpy operation (see :mod:`pmaf_lib.indicators.spc_rules`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from pmaf_lib.indicators.labels import Assurance, Variation, words
from pmaf_lib.indicators.spc_rules import (
    POINT_TYPES,
    SPECIAL_CAUSE_TYPES,
    Groups,
    PointFlags,
    judge_points,
    point_type_codes,
    special_cause_codes,
)

Direction = Literal["increase", "decrease", "neutral"]
DIRECTIONS: dict[str, int] = {"increase": 1, "decrease": -1, "neutral": 0}
VARIATION_ICONS = words(Variation)
ASSURANCE_TYPES = words(Assurance)
SHORT_GROUP_THRESHOLD = 13
MIN_FIX_AFTER_N_POINTS = 12
GAP_FACTOR = 1.5

# Variation icon indexed by [point type code, direction + 1] (direction -1, 0, +1).
_ICON_CODES = np.array(
    [
        [0, 0, 0],  # common_cause
        [2, 0, 1],  # improvement: low when decreasing is better, high when increasing is
        [3, 0, 4],  # concern: high when decreasing is better, low when increasing is
        [5, 5, 5],  # neutral high
        [6, 6, 6],  # neutral low
    ],
    dtype=np.int8,
)


@dataclass(frozen=True)
class XmrResult:
    """Output of :func:`xmr`.

    ``points``: one row per input row, sorted by (series_id, date).
    ``summary``: one row per series, sorted by series_id.
    """

    points: pd.DataFrame
    summary: pd.DataFrame


def xmr(
    data: pd.DataFrame,
    series: str = "series_id",
    date: str = "date",
    value: str = "value",
    improvement_direction: Direction | Mapping[Any, Direction] = "increase",
    target: float | Mapping[Any, float] | None = None,
    rebase: Mapping[Any, Any] | Iterable[Any] | None = None,
    fix_after_n_points: float | None = None,
    screen_outliers: bool = True,
) -> XmrResult:
    """XmR limits, special-cause labels, point types and icons for every series in ``data``.

    ``data`` is long: one row per point, with a series id, a date and a value (missing allowed).
    ``improvement_direction`` and ``target`` are one value for every series or a mapping from
    series id (a series left out is ``increase`` / has no target). ``rebase`` is a list of dates
    (a new group starts at each, in every series) or a mapping from series id to dates; dates
    that match no row are ignored. ``fix_after_n_points`` (>= 12) limits the baseline to the
    first rows of each rebase group. Raises ``ValueError`` for bad parameters, missing series
    ids or dates, and duplicate dates within a series.
    """
    _check_parameters(data, (series, date, value), fix_after_n_points, screen_outliers)
    codes, names = pd.factorize(data[series], sort=True)
    if (codes < 0).any():
        raise ValueError(f"column {series!r} has missing series ids")
    dates = _as_datetime64(data[date], date)
    values = pd.to_numeric(data[value]).to_numpy(dtype=np.float64, na_value=np.nan)

    order = np.lexsort((dates.view(np.int64), codes))
    codes, dates, values = codes[order], dates[order], values[order]
    series_start = np.ones(codes.size, dtype=bool)
    series_start[1:] = codes[1:] != codes[:-1]
    _check_unique_dates(codes, dates, series_start, names)

    rebase_start = _rebase_flags(rebase, codes, dates, names)
    # rebase dates seen so far in the series: a running count minus the count before the series
    rebase_count = np.cumsum(rebase_start)
    rebase_group = rebase_count - (rebase_count - rebase_start)[series_start][codes]
    groups = Groups.from_start_flags(series_start | rebase_start)

    baseline = values
    if fix_after_n_points is not None:
        baseline = np.where(groups.row_number() < fix_after_n_points, values, np.nan)
    flags = judge_points(values, baseline, groups, screen_outliers)
    side = np.nan_to_num(flags.relative).astype(np.int8)

    directions = _per_series(improvement_direction, names, 1, _direction_code)
    targets = _per_series(target, names, np.nan, _target_value)
    label_codes = special_cause_codes(values, side, flags.close, flags.outside, groups)
    type_codes = point_type_codes(label_codes, directions[codes])

    points = pd.DataFrame(
        {
            "series_id": names.take(codes),
            "date": dates,
            "value": values,
            "rebase_group": rebase_group,
            "fix_y": baseline,
            "mean": flags.mean,
            "lpl": flags.lpl,
            "upl": flags.upl,
            "target": targets[codes],
            "outside_limits": flags.outside,
            "relative_to_mean": flags.relative,
            "close_to_limits": flags.close,
            "special_cause_type": pd.Categorical.from_codes(label_codes, SPECIAL_CAUSE_TYPES),
            "special_cause_flag": label_codes != 0,
            "point_type": pd.Categorical.from_codes(type_codes, POINT_TYPES),
            "short_group_warning": (groups.sizes < SHORT_GROUP_THRESHOLD)[groups.index],
        }
    )
    summary = _summary(
        names, codes, dates, series_start, flags, label_codes, type_codes, directions, targets
    )
    return XmrResult(points=points, summary=summary)


def _check_parameters(
    data: pd.DataFrame,
    columns: tuple[str, str, str],
    fix_after_n_points: float | None,
    screen_outliers: bool,
) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"data has no column(s) {missing}; it has {list(data.columns)}")
    if fix_after_n_points is not None and (
        isinstance(fix_after_n_points, bool)
        or not isinstance(fix_after_n_points, int | float | np.integer | np.floating)
        or not fix_after_n_points >= MIN_FIX_AFTER_N_POINTS
    ):
        raise ValueError(
            f"fix_after_n_points must be a number >= {MIN_FIX_AFTER_N_POINTS}, "
            f"got {fix_after_n_points!r}"
        )
    if not isinstance(screen_outliers, bool | np.bool_):
        raise ValueError(f"screen_outliers must be True or False, got {screen_outliers!r}")


def _as_datetime64(column: pd.Series, name: str) -> np.ndarray:
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)
    elif not pd.api.types.is_datetime64_dtype(column.dtype):
        column = pd.to_datetime(column)
    dates = column.to_numpy()
    if np.isnat(dates).any():
        raise ValueError(f"column {name!r} has missing dates")
    return dates


def _check_unique_dates(
    codes: np.ndarray, dates: np.ndarray, series_start: np.ndarray, names: pd.Index
) -> None:
    duplicate = np.flatnonzero(~series_start[1:] & (dates[1:] == dates[:-1]))
    if duplicate.size:
        row = duplicate[0] + 1
        raise ValueError(
            f"series {names[codes[row]]!r} has more than one row dated "
            f"{pd.Timestamp(dates[row]).date().isoformat()}"
        )


def _rebase_flags(
    rebase: Mapping[Any, Any] | Iterable[Any] | None,
    codes: np.ndarray,
    dates: np.ndarray,
    names: pd.Index,
) -> np.ndarray:
    """True on every row whose date is a rebase date of its series."""
    flags = np.zeros(codes.size, dtype=bool)
    if rebase is None:
        return flags
    if not isinstance(rebase, Mapping):
        flags[np.isin(dates, _date_array(rebase, dates.dtype))] = True
        return flags
    keys = list(rebase)
    key_codes = names.get_indexer(keys)
    wanted = [_date_array(rebase[key], dates.dtype) for key in keys]
    wanted_codes = np.repeat(key_codes, [w.size for w in wanted])
    wanted_dates = np.concatenate(wanted) if wanted else dates[:0]
    # Match (series, date) pairs through one integer key: series code x date rank.
    distinct = np.unique(dates)
    rank = np.searchsorted(distinct, wanted_dates).clip(max=distinct.size - 1)
    known = (wanted_codes >= 0) & (distinct[rank] == wanted_dates)
    width = distinct.size
    row_keys = codes.astype(np.int64) * width + np.searchsorted(distinct, dates)
    flags[np.isin(row_keys, wanted_codes[known].astype(np.int64) * width + rank[known])] = True
    return flags


def _date_array(dates: Any, dtype: np.dtype) -> np.ndarray:
    if isinstance(dates, str) or not isinstance(dates, Iterable):
        dates = [dates]
    return pd.to_datetime(list(dates)).to_numpy().astype(dtype)


def _direction_code(direction: Any) -> int:
    if direction not in DIRECTIONS:
        raise ValueError(
            f"improvement_direction must be one of {list(DIRECTIONS)}, got {direction!r}"
        )
    return DIRECTIONS[direction]


def _target_value(target: Any) -> float:
    if target is None:
        return np.nan
    if isinstance(target, bool) or not isinstance(target, int | float | np.integer | np.floating):
        raise ValueError(f"target must be a number, got {target!r}")
    return float(target)


def _per_series(parameter: Any, names: pd.Index, default: Any, convert: Any) -> np.ndarray:
    """One converted value per series from a scalar or a {series id: value} mapping."""
    if not isinstance(parameter, Mapping):
        return np.full(len(names), convert(parameter) if parameter is not None else default)
    out = np.full(len(names), default)
    converted = [convert(item) for item in parameter.values()]
    found = names.get_indexer(list(parameter))
    out[found[found >= 0]] = np.asarray(converted, dtype=out.dtype)[found >= 0]
    return out


def _summary(
    names: pd.Index,
    codes: np.ndarray,
    dates: np.ndarray,
    series_start: np.ndarray,
    flags: PointFlags,
    label_codes: np.ndarray,
    type_codes: np.ndarray,
    directions: np.ndarray,
    targets: np.ndarray,
) -> pd.DataFrame:
    """One row per series, judged on its last (latest) point."""
    first = np.flatnonzero(series_start)
    last = np.append(first[1:], codes.size)[: first.size] - 1
    icon = _ICON_CODES[type_codes[last], directions + 1]
    return pd.DataFrame(
        {
            "series_id": names,
            "n_points": last - first + 1,
            "last_date": dates[last],
            "improvement_direction": pd.Categorical.from_codes(
                directions + 1, ["decrease", "neutral", "increase"]
            ),
            "target": targets,
            "special_cause_type": pd.Categorical.from_codes(label_codes[last], SPECIAL_CAUSE_TYPES),
            "point_type": pd.Categorical.from_codes(type_codes[last], POINT_TYPES),
            "variation_icon": pd.Categorical.from_codes(icon, VARIATION_ICONS),
            "assurance": _assurance(targets, flags.lpl[last], flags.upl[last], directions),
            "date_gaps": _date_gaps(codes, dates, series_start, len(names)),
        }
    )


def _assurance(
    targets: np.ndarray, lpl: np.ndarray, upl: np.ndarray, directions: np.ndarray
) -> pd.Categorical:
    """Target against the last row's limits (strict); missing with no target or neutral."""
    passing, failing, inconsistent = range(len(ASSURANCE_TYPES))
    codes = np.full(targets.size, inconsistent, dtype=np.int8)
    increasing = directions > 0
    above, below = targets > upl, targets < lpl
    codes[above] = np.where(increasing, failing, passing)[above]
    codes[below] = np.where(increasing, passing, failing)[below]
    codes[np.isnan(targets) | (directions == 0)] = -1
    return pd.Categorical.from_codes(codes, ASSURANCE_TYPES)


def _date_gaps(
    codes: np.ndarray, dates: np.ndarray, series_start: np.ndarray, n_series: int
) -> np.ndarray:
    """Per series, how many intervals between consecutive rows exceed 1.5 x its median interval."""
    interval = np.full(codes.size, np.nan)
    interval[1:] = (dates[1:] - dates[:-1]) / np.timedelta64(1, "D")
    interval[series_start] = np.nan
    median = pd.Series(interval).groupby(codes).median().to_numpy()
    gap = interval > GAP_FACTOR * median[codes]
    return np.bincount(codes[gap], minlength=n_series)
