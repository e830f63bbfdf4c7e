"""The indicator engine: every number a report shows is computed here, once.

``evaluate(council, period)`` gives the scorecard, the per-period history charts draw, milestone
health and the Directions assurance; ``xmr`` is the Making Data Count SPC engine on its own.
"""

from pmaf_lib.indicators.changes import what_changed
from pmaf_lib.indicators.evaluate import evaluate
from pmaf_lib.indicators.evaluation import Evaluation
from pmaf_lib.indicators.headline import quarterly
from pmaf_lib.indicators.rollup import rollup
from pmaf_lib.indicators.spc import XmrResult, xmr

__all__ = ["Evaluation", "XmrResult", "evaluate", "quarterly", "rollup", "what_changed", "xmr"]
