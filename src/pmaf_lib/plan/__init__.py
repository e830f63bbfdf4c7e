"""The plan model, reading a council's data folder, and validation.

``load_council(data_dir)`` returns a :class:`Council` (or raises :class:`ValidationFailed`);
``validate_data(data_dir)`` returns a :class:`ValidationReport` listing every problem.
"""

from pmaf_lib.errors import ValidationFailed
from pmaf_lib.plan.council import Council, SourceFile
from pmaf_lib.plan.loader import load_council, validate_data
from pmaf_lib.plan.model import (
    Aggregation,
    AssuranceJudgement,
    DataFlag,
    Deliverable,
    DenominatorBasis,
    Milestone,
    MilestoneStatus,
    Outcome,
    Plan,
    Polarity,
    Priority,
    Reference,
    TargetBasis,
    ToleranceType,
    Unit,
)
from pmaf_lib.plan.problems import Problem, Severity, ValidationReport

__all__ = [
    "Aggregation",
    "AssuranceJudgement",
    "Council",
    "DataFlag",
    "Deliverable",
    "DenominatorBasis",
    "Milestone",
    "MilestoneStatus",
    "Outcome",
    "Plan",
    "Polarity",
    "Priority",
    "Problem",
    "Reference",
    "Severity",
    "SourceFile",
    "TargetBasis",
    "ToleranceType",
    "Unit",
    "ValidationFailed",
    "ValidationReport",
    "load_council",
    "validate_data",
]
