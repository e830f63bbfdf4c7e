"""Scope ids become file names: one file per id, the same name every month, never a path."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmaf_lib.run.jobs import PlanError, build_run_plan, file_stem
from pmaf_lib.run.params import RunParams
from pmaf_lib.run.upstream import SCOPE_TYPES, Scope

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"


def plan_for(directorate_ids: list[str], only: tuple[str, ...] = ()):
    scopes = {kind: [] for kind in SCOPE_TYPES}
    scopes["directorate"] = [Scope("directorate", i, f"Name of {i}") for i in directorate_ids]
    return build_run_plan(
        RunParams(),
        council="Testford",
        scopes=scopes,
        period="2025-09",
        notebooks_dir=NOTEBOOKS,
        data_dir=Path("data"),
        only=only,
    )


def test_issue_8_ids_that_looked_alike_as_file_names_get_three_files():
    plan = plan_for(["X/Y", "X_Y", "X Y"])
    names = [j.name for j in plan.jobs if j.scope_type == "directorate"]
    assert len(set(names)) == 3
    assert "directorate-X_Y" in names
    assert names == [j.name for j in plan_for(["X/Y", "X_Y", "X Y"]).jobs][:3], "stable"


@pytest.mark.parametrize(
    "scope_id",
    ["../../etc/passwd", "/abs", "a\\b", "C:x", "<script>", "NUL\x00", "\u202egnp.exe", ".", ".."],
)
def test_a_file_name_never_leaves_the_output_folder(scope_id: str):
    stem = file_stem("directorate", scope_id)
    assert "/" not in stem and "\\" not in stem and ":" not in stem
    assert stem.isascii() and stem.isprintable()
    assert Path(f"{stem}.html").name == f"{stem}.html"


def test_only_selects_the_report_of_an_id_with_unsafe_characters():
    plan = plan_for(["X/Y", "X_Y"], only=("directorate:X/Y",))
    assert [j.scope_id for j in plan.jobs] == ["X/Y"]


def test_ids_differing_only_in_case_are_refused_naming_both():
    with pytest.raises(PlanError, match=r"'ASC' and 'asc' would both be saved as directorate-asc"):
        plan_for(["ASC", "asc"])
