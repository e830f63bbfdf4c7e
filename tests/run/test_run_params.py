"""Run definition, planning and publication rules: checked before anything executes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from pmaf_lib.plan.latest import NoCompletePeriod, latest_complete_month
from pmaf_lib.run import output_tree
from pmaf_lib.run.executor import plan_tasks
from pmaf_lib.run.jobs import PlanError, build_run_plan
from pmaf_lib.run.manifest import sha256_file
from pmaf_lib.run.monthly import EXIT_INVALID, RunRequest, run_month
from pmaf_lib.run.params import ParamsError, RunParams, load_params, parse_params
from pmaf_lib.run.upstream import (
    council_scopes,
    monthly_metric_ids,
    reported_values,
    whole_plan_reports,
)
from pmaf_lib.run.worker import RenderSettings
from tests.run.fake_council import FIXTURES, fake_council, fake_upstream

REPO = Path(__file__).parents[2]


def _run(tmp_path: Path, params: dict, notebooks: Path = FIXTURES, only=()) -> int:
    params_path = tmp_path / "monthly.yaml"
    params_path.write_text(yaml.safe_dump(params))
    request = RunRequest(
        period="2025-09",
        params_path=params_path,
        data_dir=FIXTURES,
        out_root=tmp_path / "outputs",
        notebooks_dir=notebooks,
        only=tuple(only),
        jobs=1,
    )
    return run_month(request, fake_upstream())


def _nothing_ran(tmp_path: Path) -> bool:
    out = tmp_path / "outputs"
    return not out.exists() or not [p for p in out.iterdir() if not p.name.endswith(".lock")]


def test_the_shipped_params_file_is_valid():
    params = load_params(REPO / "params" / "monthly.yaml")
    assert params.classification == "OFFICIAL"
    assert params.reports.directorates == "all"


def test_unknown_key_names_the_closest_valid_key():
    with pytest.raises(ParamsError) as err:
        parse_params({"clasification": "OFFICIAL", "reports": {"directorate": ["ASC"]}})
    message = str(err.value)
    assert "clasification: unknown key; did you mean 'classification'?" in message
    assert "reports.directorate: unknown key; did you mean 'directorates'?" in message


def test_bad_values_are_listed_together():
    with pytest.raises(ParamsError) as err:
        parse_params({"formats": ["docx"], "audience": "everyone", "timeout": 0})
    assert {"formats.0", "audience", "timeout"} <= {
        line.split(":")[0].strip() for line in str(err.value).splitlines()[1:]
    }


def test_unknown_key_exits_2_and_runs_nothing(tmp_path, capsys):
    assert _run(tmp_path, {"council_nme": "x"}) == EXIT_INVALID
    assert "did you mean 'council_name'" in capsys.readouterr().err
    assert _nothing_ran(tmp_path)


def test_unknown_scope_exits_2_listing_valid_ids(tmp_path, capsys):
    assert _run(tmp_path, {"reports": {"directorates": ["ASC", "XYZ"]}}) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "unknown directorate id(s) XYZ" in err
    assert "valid ids: ASC" in err
    assert _nothing_ran(tmp_path)


def test_unknown_only_scope_exits_2(tmp_path, capsys):
    assert _run(tmp_path, {}, only=["portfolio:PF-NOPE"]) == EXIT_INVALID
    assert "valid ids: PF-ADULTS" in capsys.readouterr().err


def test_parameter_missing_from_a_notebook_is_an_error_before_execution(tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for nb in FIXTURES.glob("*.ipynb"):
        text = nb.read_text()
        if nb.name == "corporate_summary.ipynb":
            text = text.replace('"audience = \\"internal\\"\\n",', "")
        (notebooks / nb.name).write_text(text)
    assert _run(tmp_path, {}, notebooks=notebooks) == EXIT_INVALID
    assert "corporate_summary.ipynb: no parameter(s) audience" in capsys.readouterr().err
    assert _nothing_ran(tmp_path)


def _plan(params: RunParams, only=(), council=None):
    council = council or fake_council(("ASC", "CHS"))
    return build_run_plan(
        params,
        council="Borough of Testshire",
        scopes=council_scopes(council),
        period="2025-09",
        notebooks_dir=FIXTURES,
        data_dir=FIXTURES,
        only=only,
        whole_plan=whole_plan_reports(council),
    )


def test_plan_covers_every_scope_then_the_whole_plan_reports():
    plan = _plan(RunParams())
    assert [j.name for j in plan.jobs] == [
        "priority-1",
        "directorate-ASC",
        "directorate-CHS",
        "portfolio-PF-ADULTS",
        "corporate_summary",
        "directions_appendix",
    ]
    assert plan.complete
    assert plan.period_label == "September 2025"
    asc = plan.jobs[1]
    assert asc.parameters["scope_type"] == "directorate"
    assert asc.parameters["scope_id"] == "ASC"
    assert "scope_id" not in plan.jobs[-1].parameters


def test_pdf_reports_prints_only_the_kinds_it_names():
    params = RunParams(pdf_reports=["portfolios", "corporate_summary"])
    plan = _plan(params)
    settings = RenderSettings(Path("out"), Path("out/.work"), ("html", "pdf"), "nbconvert",
                              "chromium", 60, pdf_reports=tuple(params.pdf_reports))  # fmt: skip
    formats = {t.job.name: t.settings.formats for t in plan_tasks(plan, settings, {})}
    assert formats == {
        "priority-1": ("html",),
        "directorate-ASC": ("html",),
        "directorate-CHS": ("html",),
        "portfolio-PF-ADULTS": ("html", "pdf"),
        "corporate_summary": ("html", "pdf"),
        "directions_appendix": ("html",),
    }
    html_only = replace(settings, formats=("html",))
    assert {t.settings.formats for t in plan_tasks(plan, html_only, {})} == {("html",)}


def test_pdf_reports_names_the_kinds_it_takes():
    with pytest.raises(ParamsError) as err:
        parse_params({"pdf_reports": ["corporate_summary", "directorate"]})
    assert "pdf_reports" in str(err.value) and "'directorate'" in str(err.value)


def test_a_council_without_directions_gets_no_directions_appendix():
    council = fake_council()
    council.reference.directions = []
    assert [j.name for j in _plan(RunParams(), council=council).jobs][-1] == "corporate_summary"


def test_only_selects_a_subset_and_marks_the_plan_incomplete():
    plan = _plan(RunParams(), only=["directorate:CHS", "corporate_summary"])
    assert [j.name for j in plan.jobs] == ["directorate-CHS", "corporate_summary"]
    assert not plan.complete


def test_only_with_an_unknown_kind_is_refused():
    with pytest.raises(PlanError, match="expected one of priority, directorate"):
        _plan(RunParams(), only=["team:X"])


def test_latest_is_the_last_month_with_90_percent_of_monthly_metrics():
    council = fake_council()
    # October has one of the two monthly metrics: not complete.
    assert latest_complete_month(monthly_metric_ids(council), reported_values(council)) == "2025-09"


def test_latest_with_no_complete_month_is_an_error():
    council = fake_council()
    values = reported_values(council).assign(value=None)
    with pytest.raises(NoCompletePeriod):
        latest_complete_month(monthly_metric_ids(council), values)


def _fake_run(folder: Path, *, failed: int, complete: bool, started: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(f"<title>{started}</title>")
    manifest = {
        "run": {"started": started},
        "outcome": {"reports": 3, "failed": failed, "complete_plan": complete},
        "index": {"path": "index.html", "sha256": sha256_file(folder / "index.html")},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_a_worse_run_never_replaces_a_good_one(tmp_path):
    _fake_run(tmp_path / "2025-09", failed=0, complete=True, started="2025-10-03T07:00:00")
    worse = _fake_run(tmp_path / ".2025-09.tmp-a", failed=1, complete=True, started="2025-10-04")
    outcome = output_tree.publish(worse, tmp_path, "2025-09")
    assert not outcome.published
    assert outcome.location == tmp_path / "history" / "2025-09" / "2025-10-04-failed"
    assert output_tree.read_manifest(tmp_path / "2025-09")["outcome"]["failed"] == 0


def test_a_run_with_failures_is_published_over_another_with_failures(tmp_path):
    _fake_run(tmp_path / "2025-09", failed=2, complete=True, started="2025-10-03T070000")
    newer = _fake_run(tmp_path / ".2025-09.tmp-a", failed=1, complete=True, started="2025-10-04")
    outcome = output_tree.publish(newer, tmp_path, "2025-09")
    assert outcome.published
    assert outcome.previous_moved_to == tmp_path / "history" / "2025-09" / "2025-10-03T070000"
    assert output_tree.read_manifest(tmp_path / "2025-09")["outcome"]["failed"] == 1


def test_a_subset_run_does_not_replace_a_full_run(tmp_path):
    _fake_run(tmp_path / "2025-09", failed=1, complete=True, started="2025-10-03")
    subset = _fake_run(tmp_path / ".2025-09.tmp-a", failed=0, complete=False, started="2025-10-04")
    outcome = output_tree.publish(subset, tmp_path, "2025-09")
    assert not outcome.published
    assert outcome.location.name == "2025-10-04-partial"


def test_stale_builds_are_removed_or_finished(tmp_path):
    _fake_run(tmp_path / ".2025-09.tmp-done", failed=0, complete=True, started="x")
    (tmp_path / ".2025-09.tmp-half").mkdir()
    notes = output_tree.recover_stale_builds(tmp_path, "2025-09")
    assert len(notes) == 2
    assert (tmp_path / "2025-09" / "manifest.json").exists()
    assert not list(tmp_path.glob(".2025-09.tmp-*"))
