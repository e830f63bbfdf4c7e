"""The engine's result for one report month (a leaf: it imports nothing from the engine)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Evaluation:
    """Everything a report shows for one report month (see ``docs/architecture.md``).

    ``directions`` has one row per improvement Direction: its evidence counts, the rule's
    judgement and reason, and the judgement after any officer override.
    """

    period: str
    financial_year: str
    scorecard: pd.DataFrame
    history: pd.DataFrame
    milestones: pd.DataFrame
    directions: pd.DataFrame
