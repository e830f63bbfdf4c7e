"""key_messages.csv is checked by ``pmaf validate`` with every other input (not only when a
run reaches the front page), each problem naming file, row, column and value."""

from __future__ import annotations

from pathlib import Path

from pmaf_lib.plan import load_council, validate_data
from tests.plan.editing import lines


def test_a_malformed_key_messages_file_fails_validation_in_one_pass(mini: Path) -> None:
    (mini / "key_messages.csv").write_text(
        "period,report,message\n"
        "2025-09,,Text\n"
        ",all,\n"
        "2025/26 Q2,all,Quarter instead of a month\n"
        "2025-09,directorate:XYZ,No such directorate\n"
        "2025-09,cabinet,Not a report\n",
        encoding="utf-8",
    )
    report = validate_data(mini)
    assert not report.ok
    errors = sorted(str(p).split(" (expected")[0] for p in report.errors)
    assert errors == [
        "key_messages.csv row 2, column report: report is blank",
        "key_messages.csv row 3, column message: message is blank",
        "key_messages.csv row 3, column period: period is blank",
        "key_messages.csv row 4, column period: 2025/26 Q2 is not a month",
        "key_messages.csv row 5, column report: directorate:XYZ: there is no directorate "
        "'XYZ' in the plan",
        "key_messages.csv row 6, column report: cabinet is not a report",
    ], lines(report)


def test_good_key_messages_reach_the_council(mini: Path) -> None:
    (mini / "key_messages.csv").write_text(
        "period,report,message\n2025-09,directorate:HSG,Housing is recovering.\n"
        "2025-09,priority:1,Priority one.\n2025-09,all,For everyone.\n",
        encoding="utf-8",
    )
    messages = load_council(mini).key_messages
    assert list(messages["report"]) == ["directorate:HSG", "priority:1", "all"]
    assert list(messages["period"]) == ["2025-09"] * 3


def test_without_the_file_there_are_none(mini: Path) -> None:
    assert load_council(mini).key_messages.empty
