"""Vectorised XmR arithmetic and the four Making Data Count rules, over many groups at once.

Every function works on flat arrays sorted by (series, date) and cut into contiguous groups
(one group per series x rebase group), described by a :class:`Groups`. Nothing loops over
groups in Python: group-wise sums use ``np.add.reduceat`` and runs use cumulative maxima that
restart at group boundaries. The arithmetic follows NHSRplotthedots 0.2.2 operation by operation
(see ``spc_spec.md`` sections 2.4-2.8) so that floats agree with it to the last bits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pmaf_lib.indicators.labels import PointType, SpecialCause, words

LIMIT = 2.66
NEAR_LIMIT = 2 * (LIMIT / 3)
MR_SCREEN = 3.267
RUN_POINTS = 7
TREND_STEPS = RUN_POINTS - 1

SPECIAL_CAUSE_TYPES = words(SpecialCause)
# +1 for labels containing "Above"/"Increasing", -1 for "Below"/"Decreasing", 0 otherwise.
_LABEL_SIDE = np.array([0, 1, -1, 1, -1, 1, -1, 1, -1], dtype=np.int8)
_COMMON, _ABOVE_UCL, _BELOW_LCL, _TREND_UP, _TREND_DOWN = 0, 1, 2, 3, 4
_TWO_IN_THREE_ABOVE, _TWO_IN_THREE_BELOW, _SHIFT_ABOVE, _SHIFT_BELOW = 5, 6, 7, 8

POINT_TYPES = words(PointType)


@dataclass(frozen=True)
class Groups:
    """Contiguous groups of a sorted flat array."""

    starts: np.ndarray  # first row of each group
    ends: np.ndarray  # last row of each group (inclusive)
    index: np.ndarray  # group number of each row

    @classmethod
    def from_start_flags(cls, is_start: np.ndarray) -> Groups:
        """Groups beginning at every row where ``is_start`` is true (row 0 must be one)."""
        starts = np.flatnonzero(is_start)
        ends = np.append(starts[1:], is_start.size) - 1
        index = np.cumsum(is_start) - 1
        return cls(starts=starts, ends=ends, index=index)

    @property
    def sizes(self) -> np.ndarray:
        return self.ends - self.starts + 1

    def row_number(self) -> np.ndarray:
        """0-based position of every row inside its group."""
        return np.arange(self.index.size) - self.starts[self.index]


def r_mean(values: np.ndarray, keep: np.ndarray, groups: Groups) -> np.ndarray:
    """Per-group mean of ``values[keep]`` computed as R's ``mean()`` does.

    R sums in long double, divides, then adds the mean of the residuals (a second pass). The
    sums here are long double too, in numpy's order rather than strictly left to right, which
    gives the same double unless values in a group cancel beyond 64-bit precision (a dynamic
    range above about 1e19). Groups with nothing kept give NaN, as ``mean(numeric(0))`` does.
    """
    x = np.where(keep, values, 0.0).astype(np.longdouble)
    n = np.add.reduceat(keep.astype(np.int64), groups.starts).astype(np.longdouble)
    with np.errstate(invalid="ignore", divide="ignore"):
        first = np.add.reduceat(x, groups.starts) / n
        residuals = np.where(keep, x - first[groups.index], 0.0)
        second = first + np.add.reduceat(residuals, groups.starts) / n
    return np.where(np.isfinite(first), second, first).astype(np.float64)


def moving_ranges(values: np.ndarray, groups: Groups) -> np.ndarray:
    """|x_i - x_(i-1)| inside each group; NaN on a group's first row or next to a missing value."""
    mr = np.full_like(values, np.nan)
    mr[1:] = np.abs(values[1:] - values[:-1])
    mr[groups.starts] = np.nan
    return mr


def centre_and_mean_mr(
    baseline: np.ndarray, groups: Groups, screen_outliers: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Per-group centre line and (screened) mean moving range from the baseline values.

    Screening is one pass: keep the moving ranges strictly below 3.267 x their mean. pmaf's
    choice where every moving range is zero (a constant baseline): the mean moving range is 0,
    so the limits equal the mean, where the reference screens every range out and gets NaN.
    """
    centre = r_mean(baseline, ~np.isnan(baseline), groups)
    mr = moving_ranges(baseline, groups)
    has_mr = ~np.isnan(mr)
    mean_mr = r_mean(mr, has_mr, groups)
    if screen_outliers:
        kept = has_mr & (mr < MR_SCREEN * mean_mr[groups.index])
        mean_mr = np.where(mean_mr == 0.0, 0.0, r_mean(mr, kept, groups))
    return centre, mean_mr


@dataclass(frozen=True)
class PointFlags:
    """Per-row limits and the flags of spec section 2.5."""

    mean: np.ndarray
    lpl: np.ndarray
    upl: np.ndarray
    outside: np.ndarray  # strictly beyond a limit (False for a missing value)
    close: np.ndarray  # strictly beyond a 2-sigma line but not outside
    relative: np.ndarray  # sign(y - mean): +1, 0, -1, NaN for a missing value


def judge_points(
    values: np.ndarray, baseline: np.ndarray, groups: Groups, screen_outliers: bool
) -> PointFlags:
    """Limits from each group's baseline, and every value judged against its group's limits."""
    centre, mean_mr = centre_and_mean_mr(baseline, groups, screen_outliers)
    g = groups.index
    mean = centre[g]
    lpl, upl = (centre - LIMIT * mean_mr)[g], (centre + LIMIT * mean_mr)[g]
    near_lpl, near_upl = (centre - NEAR_LIMIT * mean_mr)[g], (centre + NEAR_LIMIT * mean_mr)[g]
    outside = (values > upl) | (values < lpl)
    close = ~outside & ((values < near_lpl) | (values > near_upl))
    return PointFlags(mean, lpl, upl, outside, close, np.sign(values - mean))


def run_lengths(key: np.ndarray, groups: Groups) -> np.ndarray:
    """Length of the run of equal non-zero keys ending at each row, restarting at group starts."""
    rows = np.arange(key.size)
    breaks = np.ones(key.size, dtype=bool)
    breaks[1:] = key[1:] != key[:-1]
    breaks[groups.starts] = True
    run_start = np.maximum.accumulate(np.where(breaks, rows, 0))
    return np.where(key != 0, rows - run_start + 1, 0)


def spread_back(window_ends: np.ndarray, groups: Groups, width: int) -> np.ndarray:
    """True where a flagged row lies within ``width`` rows ahead in the same group.

    A window of ``width + 1`` rows flagged at its last row marks every row it covers.
    """
    rows = np.arange(window_ends.size)
    cumulative = np.concatenate(([0], np.cumsum(window_ends)))
    last = np.minimum(rows + width, groups.ends[groups.index])
    return cumulative[last + 1] - cumulative[rows] > 0


def two_in_three(close: np.ndarray, side: np.ndarray, groups: Groups) -> np.ndarray:
    """Close points inside a 3-point window with >= 2 close points and all 3 on one side."""
    n = close.size
    flagged = np.zeros(n, dtype=bool)
    if n < 3:
        return flagged
    c = close.astype(np.int8)
    close3 = c[:-2] + c[1:-1] + c[2:]
    side3 = side[:-2].astype(np.int8) + side[1:-1] + side[2:]
    whole = groups.index[:-2] == groups.index[2:]
    fires = whole & (close3 >= 2) & (np.abs(side3) == 3)
    in_window = np.zeros(n, dtype=bool)
    in_window[:-2] |= fires
    in_window[1:-1] |= fires
    in_window[2:] |= fires
    return close & in_window


def special_cause_codes(
    y: np.ndarray,
    side: np.ndarray,
    close: np.ndarray,
    outside: np.ndarray,
    groups: Groups,
) -> np.ndarray:
    """Index into :data:`SPECIAL_CAUSE_TYPES` for every point, by rule priority.

    ``side`` is sign(y - mean) with 0 for a missing value, so a missing value breaks shifts and
    2-of-3 windows; steps touching a missing value count as flat, so it breaks trends too.
    """
    step = np.zeros(y.size, dtype=np.int8)
    step[1:] = np.nan_to_num(np.sign(y[1:] - y[:-1]))
    step[groups.starts] = 0
    in_trend = spread_back(run_lengths(step, groups) >= TREND_STEPS, groups, TREND_STEPS)
    in_shift = spread_back(run_lengths(side, groups) >= RUN_POINTS, groups, RUN_POINTS - 1)
    in_two_of_three = two_in_three(close, side, groups)

    # A trend point takes the direction of its step to the next point when that point is in a
    # trend too, else of its step from the previous point; a flat step reads as decreasing.
    next_in_trend = np.zeros(y.size, dtype=bool)
    next_in_trend[:-1] = in_trend[1:] & (groups.index[1:] == groups.index[:-1])
    next_step = np.zeros(y.size, dtype=np.int8)
    next_step[:-1] = step[1:]
    increasing = np.where(in_trend & next_in_trend, next_step, step) == 1

    above = side > 0
    codes = np.full(y.size, _COMMON, dtype=np.int8)
    codes[in_shift] = np.where(above, _SHIFT_ABOVE, _SHIFT_BELOW)[in_shift]
    codes[in_two_of_three] = np.where(above, _TWO_IN_THREE_ABOVE, _TWO_IN_THREE_BELOW)[
        in_two_of_three
    ]
    codes[in_trend] = np.where(increasing, _TREND_UP, _TREND_DOWN)[in_trend]
    codes[outside] = np.where(side == 1, _ABOVE_UCL, _BELOW_LCL)[outside]
    return codes


def point_type_codes(label_codes: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Index into :data:`POINT_TYPES` from the label and the row's direction (+1, -1, 0)."""
    side = _LABEL_SIDE[label_codes]
    oriented = side * direction
    directional = np.where(oriented > 0, 1, np.where(oriented < 0, 2, 0))
    neutral = np.where(side > 0, 3, np.where(side < 0, 4, 0))
    return np.where(direction == 0, neutral, directional).astype(np.int8)
