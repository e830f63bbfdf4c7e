"""Same seed and scale give byte-identical files; the committed sample cannot drift."""

from __future__ import annotations

from pathlib import Path

from pmaf_lib.sample import generate
from tests.sample.conftest import read_tree

COMMITTED = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_same_seed_gives_identical_bytes(sample_dir: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again")
    assert read_tree(tmp_path / "again") == read_tree(sample_dir)


def test_regenerating_into_the_same_folder_is_stable(tmp_path: Path) -> None:
    generate(tmp_path, seed=7)
    first = read_tree(tmp_path)
    generate(tmp_path, seed=7)
    assert read_tree(tmp_path) == first


def test_different_seed_gives_different_data(sample_dir: Path, tmp_path: Path) -> None:
    generate(tmp_path, seed=1)
    other, default = read_tree(tmp_path), read_tree(sample_dir)
    assert other.keys() == default.keys()
    assert other["returns/2026-10.csv"] != default["returns/2026-10.csv"]
    assert other["milestones.csv"] != default["milestones.csv"]


def test_committed_sample_equals_a_fresh_generation(sample_dir: Path) -> None:
    committed = read_tree(COMMITTED)
    fresh = read_tree(sample_dir)
    assert sorted(committed) == sorted(fresh), "regenerate with: pmaf sample --out data/sample"
    drifted = [name for name in fresh if committed[name] != fresh[name]]
    assert not drifted, f"data/sample is out of date ({drifted[:5]}): run pmaf sample"
