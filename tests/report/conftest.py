from pathlib import Path

import pandas as pd
import pytest

from pmaf_lib.indicators import Evaluation, evaluate
from pmaf_lib.plan import Council, load_council
from pmaf_lib.report.sections import Names, names_from_mapping
from tests.report import fakes

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


@pytest.fixture
def evaluation() -> fakes.FakeEvaluation:
    return fakes.evaluation()


@pytest.fixture
def hostile_evaluation() -> fakes.FakeEvaluation:
    return fakes.evaluation(fakes.HOSTILE)


@pytest.fixture
def names() -> Names:
    return names_from_mapping(
        {
            "officer": {"OFF-07": "Dr Siân Evans"},
            "outcome": {"1.1": "Fix the foundations"},
            "directorate": {"RES": "Resources", "HOU": "Housing"},
            "lens": {"customer": "Customer", "finance": "Finance"},
        }
    )


@pytest.fixture
def directions() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "direction_id": "D1",
                "title": "Financial sustainability",
                "judgement": "limited",
                "rule_judgement": "reasonable",
                "rule_reason": "one of two metrics is Red",
                "override_reason": "Audit findings not yet reflected in the metrics",
                "override_officer": "Jo Bloggs",
                "changes": ("Milestone 2.1.1.1 completed",),
                "commentary": "Progress is slower than planned.",
            },
            {"direction_id": "D2", "title": "Governance", "rule_judgement": "substantial"},
        ]
    )


@pytest.fixture(scope="session")
def sample_council() -> Council:
    return load_council(SAMPLE)


@pytest.fixture(scope="session")
def sample_month(sample_council: Council) -> Evaluation:
    """The bundled sample council's October 2026, as a run evaluates it."""
    return evaluate(sample_council, "2026-10")
