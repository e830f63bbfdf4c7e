"""Where a run finds its data, params and notebooks, and what ``pmaf init`` writes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pmaf_lib import project
from pmaf_lib.cli import main
from pmaf_lib.plan import validate_data
from pmaf_lib.run.init_project import InitError, init_project

REPO = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def _no_pmaf_data(monkeypatch):
    monkeypatch.delenv(project.DATA_ENV, raising=False)


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> Path:
    """``pmaf init`` twice: ``sample/`` (the default) and ``empty/`` (``--data empty``)."""
    root = tmp_path_factory.mktemp("projects")
    assert main(["init", str(root / "sample")]) == 0
    assert main(["init", "--data", "empty", str(root / "empty")]) == 0
    return root


def test_in_the_repository_the_defaults_are_its_own_folders(monkeypatch):
    monkeypatch.chdir(REPO)
    assert project.default_data_dir() == REPO / "data" / "sample"
    assert project.default_params().resolve() == REPO / "params" / "monthly.yaml"
    assert project.default_notebooks().resolve() == REPO / "notebooks"
    assert project.bundled_notebooks().resolve() == REPO / "notebooks"


def test_outside_any_project_params_and_notebooks_come_from_the_package(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert project.default_params() == project.bundled_params()
    assert project.default_notebooks() == project.bundled_notebooks()
    assert (project.default_notebooks() / project.KEY_NOTEBOOK).is_file()
    assert project.default_data_dir() == tmp_path / "data"


def test_pmaf_data_wins_and_a_notebook_finds_data_one_folder_up(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "plan.yaml").write_text("plan: {}\n")
    (tmp_path / "notebooks").mkdir()
    assert project.default_data_dir(tmp_path / "notebooks", tmp_path) == tmp_path / "data"
    monkeypatch.setenv(project.DATA_ENV, "/elsewhere/council")
    assert project.default_data_dir(tmp_path) == Path("/elsewhere/council")


def test_pmaf_run_honours_pmaf_data_and_the_projects_params(projects, monkeypatch):
    seen = []
    monkeypatch.setattr("pmaf_lib.run.monthly.run_month", lambda request: seen.append(request))
    monkeypatch.chdir(projects / "sample")
    main(["run", "--period", "latest"])
    assert seen[-1].data_dir == projects / "sample" / "data"
    monkeypatch.setenv(project.DATA_ENV, str(projects / "other"))
    main(["run", "--period", "latest"])
    request = seen[-1]
    assert request.data_dir == projects / "other"
    assert request.params_path.resolve() == projects / "sample" / "params" / "monthly.yaml"
    assert request.notebooks_dir.resolve() == projects / "sample" / "notebooks"


def test_init_writes_a_project_that_validates(projects):
    folder = projects / "sample"
    names = {p.name for p in folder.iterdir()}
    assert names == {"data", "params", "notebooks", "README.md", ".gitignore"}
    assert validate_data(folder / "data").ok
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        assert (folder / "notebooks" / notebook.name).read_bytes() == notebook.read_bytes()
    params = (folder / "params" / "monthly.yaml").read_bytes()
    assert params == (REPO / "params" / "monthly.yaml").read_bytes()
    readme = (folder / "README.md").read_text()
    assert "pmaf run --period latest" in readme and "Exit codes" in readme


def test_init_empty_templates_have_the_samples_headers(projects):
    for path in (projects / "sample" / "data").glob("*.csv"):
        with path.open() as f, (projects / "empty" / "data" / path.name).open() as g:
            assert list(csv.reader(g)) == [next(csv.reader(f))]
    report = validate_data(projects / "empty" / "data")
    assert not report.ok  # a council fills them in; validation says what is missing


def test_init_refuses_a_folder_that_has_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InitError, match="not an empty folder"):
        init_project(tmp_path)
    assert main(["init", str(tmp_path)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
