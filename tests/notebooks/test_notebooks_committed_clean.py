"""Notebooks are committed without outputs and with a `parameters` cell analysts can edit."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
COMMON_PARAMETERS = {
    "data_dir",
    "period",
    "council_name",
    "classification",
    "audience",
    "evaluation_cache",
}


def test_the_three_report_notebooks_exist():
    assert {nb.name for nb in NOTEBOOKS} >= {
        "scope_report.ipynb",
        "corporate_summary.ipynb",
        "directions_appendix.ipynb",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert dirty == [], f"{path.name}: cells {dirty} carry outputs or execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_has_one_parameters_cell_with_sample_defaults(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: expected exactly one cell tagged 'parameters'"
    source = "".join(tagged[0]["source"])
    names = {
        t.id
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Name)
    }
    assert names >= COMMON_PARAMETERS
    assert "data/sample" in source, "defaults must run the bundled sample council"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_logic_lives_in_the_library(path: Path):
    """Cells only call pmaf_lib and present: no function or class definitions in notebooks."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        defs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)]
        assert not defs, f"{path.name}: define logic in pmaf_lib, not in the notebook"
