"""Every corpus case: the exit code, no traceback, and one output line naming the fault."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pmaf_lib.cli import main

from .corpus import CASES, SAMPLE, Case, argv, build
from .machine import MACHINE_CASES

pytestmark = pytest.mark.skipif(not (SAMPLE / "plan.yaml").is_file(), reason="no data/sample")


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the sample council per session, which each case copies and spoils."""
    target = tmp_path_factory.mktemp("adversarial") / "sample"
    shutil.copytree(SAMPLE, target)
    return target


def test_the_corpus_is_large_enough() -> None:
    """Issue 8 asks for at least 60 hostile or careless cases (data, parameters, machine)."""
    names = [case.name for case in CASES] + [case.name for case in MACHINE_CASES]
    assert len(names) >= 60
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(
    case: Case,
    pristine: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*args: object, **kwargs: object) -> int:
        raise AssertionError("a hostile case got as far as executing notebooks")

    monkeypatch.setattr("pmaf_lib.run.monthly._execute_and_publish", never)
    data = build(case, pristine, tmp_path / case.name)
    try:
        code = main(argv(case, data, tmp_path / "outputs"))
    except SystemExit as exc:  # argparse rejects bad options itself
        code = exc.code
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    assert code == case.code, output[-3000:]
    lines = output.splitlines()
    assert any(all(f in line for f in case.expect) for line in lines), (
        f"no line holds all of {case.expect}:\n" + output[-3000:]
    )
    if case.first:
        problems = [line for line in lines if line.startswith("  ")]
        assert all(f in problems[0] for f in case.expect), output[-3000:]
    for text in case.absent:
        assert text not in output
    if case.max_lines is not None:
        assert len(lines) <= case.max_lines, output[-3000:]
