"""Where a council project keeps its data, run parameters and report notebooks.

A project folder (what ``pmaf init`` writes, or this repository) holds ``data/``,
``params/monthly.yaml`` and optionally ``notebooks/``. Anything the project does not have comes
from the copies shipped inside the package (``pmaf_lib/bundled``, filled from the repository's
``notebooks/`` and ``params/`` when the wheel is built; in a source checkout the repository's own
folders are used directly, so there is one copy in git).
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "PMAF_DATA"
PARAMS_FILE = Path("params") / "monthly.yaml"
NOTEBOOKS = Path("notebooks")
# The notebook every run needs; a folder without it is not a notebooks folder.
KEY_NOTEBOOK = "scope_report.ipynb"
_PACKAGE = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """The folder holding the shipped ``notebooks/`` and ``params/``.

    Installed from a wheel: ``pmaf_lib/bundled``. Editable install or source checkout: the
    repository root (the wheel's copies are made from it at build time).
    """
    installed = _PACKAGE / "bundled"
    if (installed / NOTEBOOKS / KEY_NOTEBOOK).is_file():
        return installed
    return _PACKAGE.parents[1]


def bundled_notebooks() -> Path:
    return bundled_root() / NOTEBOOKS


def bundled_params() -> Path:
    return bundled_root() / PARAMS_FILE


def default_params(project: Path | None = None) -> Path:
    """The project's ``params/monthly.yaml`` when it has one, else the shipped defaults."""
    own = (project or Path.cwd()) / PARAMS_FILE
    return own if own.is_file() else bundled_params()


def default_notebooks(project: Path | None = None) -> Path:
    """The project's ``notebooks/`` when it has the report notebooks, else the shipped ones."""
    own = (project or Path.cwd()) / NOTEBOOKS
    return own if (own / KEY_NOTEBOOK).is_file() else bundled_notebooks()


def default_data_dir(*bases: Path) -> Path:
    """``$PMAF_DATA``; else ``data/`` (a council's own project) or ``data/sample`` (this
    repository) under the first of ``bases`` (default: the current folder) that has one.

    When nothing is found the answer is ``data`` under the first base, so the error names it.
    """
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    bases = bases or (Path.cwd(),)
    for base in bases:
        for candidate in (base / "data", base / "data" / "sample"):
            if (candidate / "plan.yaml").is_file():
                return candidate
    return bases[0] / "data"
