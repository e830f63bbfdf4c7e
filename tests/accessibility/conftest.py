"""The sample council's month, run once per test session and shared by every module here."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmaf_lib.plan import load_council
from tests.accessibility.axe import AxeBrowser, require_browser

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"


@pytest.fixture(scope="session")
def month(sample_month: Path) -> Path:
    """``pmaf run --period latest`` on the sample council (tests/conftest.py)."""
    return sample_month


@pytest.fixture(scope="session")
def expected_reports() -> set[str]:
    council = load_council(SAMPLE)
    ref = council.reference
    return (
        {f"priority-{p.id}" for p in council.plan.priorities}
        | {f"directorate-{d.id}" for d in ref.directorates}
        | {f"portfolio-{p.id}" for p in ref.portfolios}
        | {"corporate_summary", "directions_appendix"}
    )


@pytest.fixture(scope="session")
def browser() -> AxeBrowser:
    instance = AxeBrowser(require_browser())
    yield instance
    instance.close()
