"""A metric's unit checked against the words of its title (a warning, never an error).

A title that says what it measures in a unit the register contradicts is almost always a
register mistake that changes every figure's formatting and the direction-of-travel threshold
(0.5 points for percent): "Average days to process new claims" declared ``percent``. Titles
that only mention a unit in a condition ("answered within 20 days") say nothing about it. The
rules, each the words that imply a unit and the units they contradict:

* "average/mean/median days (weeks, hours, time)", "days taken", "number of days" -> not
  ``percent`` or ``gbp``;
* "% of", "percentage of", "proportion of" -> not ``days`` or ``gbp``;
* "£", "cost of", "cost per" -> not ``percent`` or ``days``.
"""

from __future__ import annotations

import re

import pandas as pd

from pmaf_lib.plan.problems import ProblemLog, Severity

_DAYS = r"\b(?:average|mean|median)\s+(?:number\s+of\s+)?(?:days|weeks|hours|time)\b"
_TAKEN = r"\b(?:days|time)\s+taken\b|\bnumber\s+of\s+days\b"
RULES = (
    (re.compile(f"{_DAYS}|{_TAKEN}", re.IGNORECASE), "days", ("percent", "gbp")),
    (
        re.compile(r"%\s*of\b|\b(?:percentage|proportion)\s+of\b", re.IGNORECASE),
        "percent",
        ("days", "gbp"),
    ),
    (re.compile(r"£|\bcost\s+(?:of|per)\b", re.IGNORECASE), "gbp", ("percent", "days")),
)


def check_unit_words(metrics: pd.DataFrame, log: ProblemLog) -> None:
    """Warn on every metric whose title implies a unit its ``unit`` contradicts."""
    titles = metrics["title"].fillna("").astype(str)
    units = metrics["unit"].astype(str)
    for pattern, implied, contradicted in RULES:
        hit = titles.str.contains(pattern) & units.isin(contradicted)
        log.rows(
            metrics.assign(implied=implied),
            hit,
            "unit",
            "{metric_id}'s title ({title!r}) reads as {implied}, but its unit is {value}",
            "the unit the title describes, or a title that says what is measured",
            Severity.WARNING,
        )
