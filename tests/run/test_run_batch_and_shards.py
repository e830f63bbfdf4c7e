"""Many councils in one run, and one month split into shards then assembled (fixture notebooks)."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from pmaf_lib.run.batch import BatchFileError, councils_from_folders, read_batch_file, run_batch
from pmaf_lib.run.monthly import EXIT_FAILED, EXIT_INVALID, EXIT_OK, RunRequest
from pmaf_lib.run.shards import RECORD, ShardError, assemble, parse_shard, run_shard
from pmaf_lib.run.upstream import Upstream
from tests.run.fake_council import FIXTURES, fake_council

pytestmark = pytest.mark.slow

PERIOD = "2025-09"
REPORTS = ["priority-1", "directorate-ASC", "portfolio-PF-ADULTS", "corporate_summary",
           "directions_appendix"]  # fmt: skip


def _upstream() -> Upstream:
    """The fake council in every folder, except that a folder named ``broken`` is invalid."""

    def read(data_dir: Path) -> tuple[SimpleNamespace | None, SimpleNamespace]:
        ok = Path(data_dir).name != "broken"
        text = "" if ok else "metrics.csv row 4, column unit: 'percnt' is not a unit"
        return fake_council() if ok else None, SimpleNamespace(
            ok=ok, problems=[], to_text=lambda: text
        )

    return Upstream(
        read_data=read,
        evaluate=lambda council, period: {"series": [3, 1, 4, 1, 5, 9], "period": period},
    )


def _request(tmp_path: Path, out: Path, scheduler: str | None = None) -> RunRequest:
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({"timeout": 120, "formats": ["html"]}))
    return RunRequest(period=PERIOD, params_path=params, data_dir=FIXTURES, out_root=out,
                      notebooks_dir=FIXTURES, jobs=2, scheduler=scheduler)  # fmt: skip


@pytest.mark.parametrize("scheduler", [None, "local-dask"])
def test_a_batch_of_three_councils_with_one_broken(tmp_path, capsys, scheduler):
    folders = []
    for name in ("north", "broken", "south"):
        folders.append(tmp_path / "councils" / name)
        folders[-1].mkdir(parents=True)
    out = tmp_path / "outputs"
    request = _request(tmp_path, out, scheduler)
    code = run_batch(request, councils_from_folders(folders, request.params_path), _upstream())
    assert code == EXIT_FAILED
    outcomes = json.loads((out / "batch.json").read_text())
    assert [(o["name"], o["status"]) for o in outcomes] == [
        ("north", "ok"), ("broken", "invalid"), ("south", "ok")
    ]  # fmt: skip
    assert "percnt" in outcomes[1]["message"]
    for name in ("north", "south"):
        manifest = json.loads((out / name / PERIOD / "manifest.json").read_text())
        assert [r["name"] for r in manifest["reports"]] == REPORTS
        assert manifest["outcome"] == {"reports": 5, "failed": 0, "complete_plan": True}
        assert not list((out / name).glob(f".{PERIOD}.tmp-*"))
    assert not (out / "broken" / PERIOD).exists()
    page = (out / "batch.html").read_text()
    assert 'href="north/2025-09/index.html"' in page and "percnt" in page
    assert "1 of 3 councils need attention" in page
    assert "batch index:" in capsys.readouterr().out


def test_a_batch_file_names_its_councils_and_rejects_mistakes(tmp_path):
    batch = tmp_path / "councils.yaml"
    batch.write_text("- {data: north, params: north.yaml}\n- {data: a/south, name: South}\n")
    councils = read_batch_file(batch)
    assert [(c.name, c.data_dir, c.params_path) for c in councils] == [
        ("north", tmp_path / "north", tmp_path / "north.yaml"),
        ("South", tmp_path / "a" / "south", tmp_path / "params" / "monthly.yaml"),
    ]
    batch.write_text("- {data: north}\n- {data: x/north, param: p.yaml}\n- 7\n")
    with pytest.raises(BatchFileError) as error:
        read_batch_file(batch)
    message = str(error.value)
    assert "council 2: unknown key(s) param" in message
    assert "council 3: expected a mapping" in message
    assert "'north' used twice" in message


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> Path:
    """Shards 1/2 and 2/2 of the month in one folder."""
    root = tmp_path_factory.mktemp("shards")
    request = _request(root, root / "shards")
    assert run_shard(request, (1, 2), _upstream()) == EXIT_OK
    assert run_shard(request, (2, 2), _upstream()) == EXIT_OK
    return root / "shards"


def test_shards_assemble_into_the_whole_month(shards, tmp_path):
    assert sorted(p.name for p in shards.iterdir()) == [
        f"{PERIOD}.shard-1-of-2", f"{PERIOD}.shard-2-of-2"
    ]  # fmt: skip
    out = tmp_path / "outputs"
    assert assemble(shards, out) == EXIT_OK
    month = out / PERIOD
    manifest = json.loads((month / "manifest.json").read_text())
    assert [r["name"] for r in manifest["reports"]] == REPORTS
    assert manifest["outcome"] == {"reports": 5, "failed": 0, "complete_plan": True}
    assert manifest["shards"] == 2
    for report in REPORTS:
        shard = 1 + REPORTS.index(report) % 2
        built = shards / f"{PERIOD}.shard-{shard}-of-2" / f"{report}.html"
        assert (month / f"{report}.html").read_bytes() == built.read_bytes()
    assert "All 5 reports were produced" in (month / "index.html").read_text()


def test_a_missing_shard_is_refused(shards, tmp_path, capsys):
    partial = tmp_path / "partial"
    shutil.copytree(shards / f"{PERIOD}.shard-1-of-2", partial / f"{PERIOD}.shard-1-of-2")
    assert assemble(partial, tmp_path / "outputs") == EXIT_INVALID
    assert "shard(s) 2 of 2 missing" in capsys.readouterr().err
    assert not (tmp_path / "outputs" / PERIOD).exists()


def test_shards_that_disagree_are_refused(shards, tmp_path, capsys):
    copy = tmp_path / "copy"
    shutil.copytree(shards, copy)
    record_path = copy / f"{PERIOD}.shard-2-of-2" / RECORD
    record = pickle.loads(record_path.read_bytes())
    changed = type(record)(**{**{f: getattr(record, f) for f in record.__slots__},
                              "params": {**record.params, "audience": "public"}})  # fmt: skip
    record_path.write_bytes(pickle.dumps(changed))
    assert assemble(copy, tmp_path / "outputs") == EXIT_INVALID
    assert "shard 2 differs from shard 1 in params" in capsys.readouterr().err
    with pytest.raises(ShardError, match="1 <= i <= N"):
        parse_shard("3/2")
