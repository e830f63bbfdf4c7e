"""Every kind of bad input is reported with its file, row, column, value and what was expected."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pmaf_lib.plan import Severity, ValidationFailed, load_council, validate_data

from .editing import add_row, assert_problem, edit_text, lines, read_rows, set_cell, write_rows

R24 = "returns/2024-25.csv"  # rows: CT01 2+3i, HB01 3+3i, FT01 4+3i for month i from Apr 2024
R25 = "returns/2025-26.csv"


def test_the_mini_council_is_valid(mini: Path) -> None:
    report = validate_data(mini)
    assert report.ok, report.to_text()
    assert report.problems == ()


def test_unknown_metric_suggests_the_closest(mini: Path) -> None:
    row = add_row(mini / R25, metric_id="HB02", period="2025-06", value="3")
    assert_problem(
        validate_data(mini),
        f"{R25} row {row}, column metric_id: 'HB02' is not a metric in the register",
        "did you mean 'HB01'?",
    )


def test_duplicate_within_and_across_returns_files_names_both_rows(mini: Path) -> None:
    add_row(mini / R25, metric_id="HB01", period="2025-04", value="3")
    (mini / "returns" / "late.csv").write_text("metric_id,period,value\nHB01,Apr 2024,19\n")
    report = validate_data(mini)
    assert_problem(
        report,
        f"{R25} row 12, column metric_id: duplicate return (HB01, 2025-04): also in {R25} row 3",
    )
    assert_problem(
        report,
        "returns/late.csv row 2, column metric_id: duplicate return (HB01, 2024-04): also in "
        "returns/2024-25.csv row 3",
    )


def test_duplicate_milestone_update(mini: Path) -> None:
    row = add_row(
        mini / "milestones.csv", milestone_id="1.1.1.2", period="Jun 2025", status="on track"
    )
    assert_problem(
        validate_data(mini),
        f"milestones.csv row {row}, column milestone_id: duplicate milestone update (1.1.1.2, "
        "2025-06): also in milestones.csv row 4",
    )


def test_text_in_a_number_column(mini: Path) -> None:
    set_cell(mini / R25, 3, "value", "n/a")
    set_cell(mini / R25, 2, "denominator", "lots")
    report = validate_data(mini)
    assert (
        f"{R25} row 3, column value: 'n/a' is not a number (expected a number such as 1,234 or "
        "95.2%)" in lines(report)
    )
    assert_problem(report, f"{R25} row 2, column denominator: 'lots' is not a number")


def test_numerator_above_denominator_for_a_percentage(mini: Path) -> None:
    row = add_row(
        mini / R24, metric_id="SAT01", period="2024/25", numerator="1100", denominator="1004"
    )
    assert_problem(
        validate_data(mini),
        f"{R24} row {row}, column numerator: numerator 1100 is greater than denominator "
        "1004 for a percentage",
    )


def test_value_inconsistent_with_numerator_and_denominator(mini: Path) -> None:
    set_cell(mini / R24, 42, "value", "62")  # 612/1004 = 60.96% -> 61 at 0 decimals
    report = validate_data(mini)
    assert_problem(
        report,
        f"{R24} row 42, column value: '62' does not match numerator/denominator (612/1004 "
        "gives 60.9562)",
    )
    set_cell(mini / R24, 42, "value", "61")  # within rounding
    assert validate_data(mini).ok


def test_period_of_the_wrong_frequency_or_outside_the_plan(mini: Path) -> None:
    set_cell(mini / R25, 3, "period", "2025/26 Q1")
    set_cell(mini / R25, 11, "period", "2025-06")
    set_cell(mini / R25, 4, "period", "2023-05")  # before the plan: history, accepted
    set_cell(mini / R25, 5, "period", "2026-05")  # after it: probably a typo
    report = validate_data(mini)
    assert_problem(
        report,
        f"{R25} row 3, column period: '2025/26 Q1' is a quarter but HB01 is reported monthly "
        "(expected a month such as 2025-09)",
    )
    assert_problem(
        report,
        f"{R25} row 11, column period: '2025-06' is a month but RS01 is reported quarterly "
        "(expected a quarter such as 2025/26 Q2)",
    )
    assert not [line for line in lines(report) if "row 4," in line]
    assert_problem(
        report,
        f"{R25} row 5, column period: '2026-05' falls in 2026/27, after the plan's financial "
        "years; it is shown without a plan target (expected a period up to 2025/26) [warning]",
    )


def test_unreadable_period(mini: Path) -> None:
    set_cell(mini / R25, 3, "period", "Sptember")
    assert_problem(validate_data(mini), f"{R25} row 3, column period: 'Sptember' is not a period")


def test_missing_target_for_a_year_with_data(mini: Path) -> None:
    rows = [
        r for r in read_rows(mini / "targets.csv") if not (r[0] == "HB01" and r[1] == "2025/26")
    ]
    write_rows(mini / "targets.csv", rows)
    assert_problem(
        validate_data(mini),
        "targets.csv, column financial_year: HB01 has data for 2025/26 (returns/2025-26.csv "
        "row 3) but no target for that financial year",
    )


def test_target_for_a_metric_that_takes_none(mini: Path) -> None:
    rs = add_row(mini / "targets.csv", metric_id="RS01", financial_year="2024/25", target="10")
    ft = add_row(mini / "targets.csv", metric_id="FT01", financial_year="2024/25", target="100")
    report = validate_data(mini)
    assert_problem(report, f"targets.csv row {rs}, column target: RS01 has polarity none")
    assert_problem(
        report,
        f"targets.csv row {ft}, column target: FT01 has polarity lower and target basis none",
    )


def test_target_rows_checked(mini: Path) -> None:
    dup = add_row(mini / "targets.csv", metric_id="HB01", financial_year="2025-26", target="17")
    out = add_row(mini / "targets.csv", metric_id="HB01", financial_year="2027/28", target="17")
    history = add_row(mini / "targets.csv", metric_id="HB01", financial_year="2022/23", target="9")
    wrong = add_row(
        mini / "targets.csv",
        metric_id="HB01",
        financial_year="2025/26",
        period="2024-12",
        target="1",
    )
    typ = add_row(
        mini / "targets.csv",
        metric_id="SAT01",
        financial_year="2023/24",
        target="1",
        tolerance_type="relatve",
    )
    report = validate_data(mini)
    assert_problem(
        report,
        f"targets.csv row {dup}, column metric_id: duplicate target (HB01, 2025/26): also in "
        "targets.csv row 5",
    )
    assert_problem(
        report,
        f"targets.csv row {out}, column financial_year: 2027/28 is after the plan's financial "
        "years, so it is not used",
        "[warning]",
    )
    assert not [line for line in lines(report) if f"row {history}," in line]
    assert_problem(
        report,
        f"targets.csv row {wrong}, column period: '2024-12' is not in financial year 2025/26",
    )
    assert_problem(
        report,
        f"targets.csv row {typ}, column tolerance_type: 'relatve' is not a valid tolerance type",
        "did you mean 'relative'?",
    )


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("10;20;30", "profile has 3 entries, not 12 numbers"),
        ("10;20;30;40;50;60;70;80;90;95;99;98", "profile goes down"),
        ("10;20;30;40;50;60;70;80;90;95;96;99", "profile ends at 99, not 100"),
        ("10;20;x;40;50;60;70;80;90;95;96;100", "not 12 numbers"),
    ],
)
def test_bad_profiles(mini: Path, profile: str, message: str) -> None:
    set_cell(mini / "targets.csv", 2, "profile", profile)
    assert_problem(validate_data(mini), "targets.csv row 2, column profile:", message)


def test_profile_only_on_ytd_annual_rows(mini: Path) -> None:
    set_cell(mini / "targets.csv", 4, "profile", "even")  # blank/even is fine
    set_cell(mini / "targets.csv", 5, "profile", "10;20;30;40;50;60;70;80;90;95;96;100")
    assert_problem(
        validate_data(mini),
        "targets.csv row 5, column profile: a profile is only used on the annual row of a ytd "
        "or running_total metric",
    )


@pytest.mark.parametrize(
    ("column", "bad", "what", "hint"),
    [
        ("polarity", "hihger", "polarity", "higher"),
        ("unit", "percnt", "unit", "percent"),
        ("frequency", "montly", "frequency", "monthly"),
        ("aggregation", "snapshop", "aggregation", "snapshot"),
        ("target_basis", "anual", "target basis", "annual"),
    ],
)
def test_invalid_register_choices(mini: Path, column: str, bad: str, what: str, hint: str) -> None:
    set_cell(mini / "metrics.csv", 2, column, bad)
    assert_problem(
        validate_data(mini),
        f"metrics.csv row 2, column {column}: '{bad}' is not a valid {what} (expected one of",
        f"did you mean '{hint}'?",
    )


def test_invalid_status_and_flags(mini: Path) -> None:
    set_cell(mini / "milestones.csv", 5, "status", "on trak")
    set_cell(mini / R25, 2, "flags", "estimated; provisonal")
    report = validate_data(mini)
    assert_problem(
        report,
        "milestones.csv row 5, column status: 'on trak' is not a valid milestone status",
        "did you mean 'on track'?",
    )
    assert_problem(
        report,
        f"{R25} row 2, column flags: 'provisonal' is not a valid flag",
        "did you mean 'provisional'?",
    )


@pytest.mark.parametrize(
    ("column", "bad", "what"),
    [
        ("directorate", "ENVX", "a directorate in reference.yaml"),
        ("portfolio", "PF-X", "a portfolio in reference.yaml"),
        ("owner", "OFF-9", "an officer in reference.yaml"),
        ("lead_officer", "OFF-9", "an officer in reference.yaml"),
        ("lens", "custmer", "a lens in reference.yaml"),
        ("equality_objectives", "EO9", "an equality objective in reference.yaml"),
        ("directions", "D1;D7", "a Direction in reference.yaml"),
        ("outcomes", "2.1;9.9", "an outcome in plan.yaml"),
        ("benchmark_group", "NN16", "a benchmark group in reference.yaml"),
    ],
)
def test_dangling_references_in_the_register(mini: Path, column: str, bad: str, what: str) -> None:
    set_cell(mini / "metrics.csv", 2, column, bad)
    report = validate_data(mini)
    offending = bad.split(";")[-1]
    assert_problem(report, f"metrics.csv row 2, column {column}: '{offending}' is not {what}")


def test_dangling_references_in_other_files(mini: Path) -> None:
    set_cell(mini / "milestones.csv", 2, "milestone_id", "1.1.1.9")
    set_cell(mini / "benchmarks.csv", 3, "group", "NN51")
    set_cell(mini / "assurance.csv", 2, "direction_id", "D9")
    edit_text(
        mini / "plan.yaml", lambda t: t.replace("directorate: ENV", "directorate: ENVIRONMENT")
    )
    edit_text(
        mini / "reference.yaml", lambda t: t.replace("directorate: ENV}", "directorate: EVN}")
    )
    report = validate_data(mini)
    assert_problem(
        report,
        "milestones.csv row 2, column milestone_id: '1.1.1.9' is not a milestone in plan.yaml",
    )
    assert_problem(
        report,
        "benchmarks.csv row 3, column group: 'NN51' is not a benchmark group in reference.yaml",
        "did you mean 'NN15'?",
    )
    assert_problem(
        report,
        "assurance.csv row 2, column direction_id: 'D9' is not a Direction in reference.yaml",
    )
    assert_problem(
        report,
        "plan.yaml line 36, key priorities[0].outcomes[1].deliverables[0].directorate: "
        "'ENVIRONMENT' is not in the directorates list",
    )
    assert_problem(
        report,
        "reference.yaml line 10, key officers[2].directorate: 'EVN' is not in the directorates "
        "list",
        "did you mean 'ENV'?",
    )


def test_dangling_references_in_plan_lists(mini: Path) -> None:
    edit_text(
        mini / "plan.yaml", lambda t: t.replace("directions: [D1, D2]", "directions: [D1, D3]")
    )
    assert_problem(
        validate_data(mini),
        "plan.yaml line 58, key priorities[1].outcomes[0].deliverables[0].directions[1]: 'D3' "
        "is not in the directions list",
    )


def test_duplicate_ids_in_plan_and_reference(mini: Path) -> None:
    edit_text(mini / "plan.yaml", lambda t: t.replace('id: "1.2.1.1"', 'id: "1.1.1.1"'))
    edit_text(mini / "reference.yaml", lambda t: t.replace("{id: EO4,", "{id: EO3,"))
    report = validate_data(mini)
    assert_problem(
        report,
        "plan.yaml line 41, key priorities[0].outcomes[1].deliverables[0].milestones[0].id: "
        "milestone id '1.1.1.1' is used twice (first at line 25)",
    )
    assert_problem(
        report,
        "reference.yaml line 20, key equality_objectives[3].id: equality objective id 'EO3' is "
        "used twice (first at line 19)",
    )
    assert_problem(
        report, "milestones.csv row 5, column milestone_id: '1.2.1.1' is not a milestone"
    )


def test_duplicate_metric_id(mini: Path) -> None:
    rows = read_rows(mini / "metrics.csv")
    write_rows(mini / "metrics.csv", [*rows, rows[2]])
    assert_problem(
        validate_data(mini),
        "metrics.csv row 7, column metric_id: duplicate metric id (HB01): also in metrics.csv "
        "row 3",
    )


def test_invalid_dates(mini: Path) -> None:
    set_cell(mini / R25, 2, "submitted_on", "31/02/2025")
    set_cell(mini / "milestones.csv", 4, "revised_due", "next year")
    edit_text(mini / "plan.yaml", lambda t: t.replace("due: 2025-03-31", "due: 2025-02-30"))
    report = validate_data(mini)
    assert_problem(
        report,
        f"{R25} row 2, column submitted_on: '31/02/2025' is not a valid date (expected a date "
        "such as 2025-09-30 or 30/09/2025)",
    )
    assert_problem(
        report, "milestones.csv row 4, column revised_due: 'next year' is not a due date"
    )
    assert_problem(
        report,
        "plan.yaml line 62, key priorities[1].outcomes[0].deliverables[0].milestones[0].due: "
        "'2025-02-30' is not a valid date",
    )


def test_deferred_and_complete_need_dates(mini: Path) -> None:
    set_cell(mini / "milestones.csv", 4, "revised_due", "")
    set_cell(mini / "milestones.csv", 2, "completed_on", "")
    report = validate_data(mini)
    assert_problem(
        report,
        "milestones.csv row 4, column revised_due: a deferred milestone needs a revised_due date",
    )
    assert_problem(
        report,
        "milestones.csv row 2, column completed_on: a complete milestone needs a completed_on date",
    )


def test_percent_complete_range(mini: Path) -> None:
    set_cell(mini / "milestones.csv", 3, "percent_complete", "160")
    assert_problem(
        validate_data(mini), "milestones.csv row 3, column percent_complete: '160' is outside 0-100"
    )


def test_empty_and_missing_files(mini: Path) -> None:
    (mini / "milestones.csv").write_text("")
    (mini / "targets.csv").unlink()  # optional, but these metrics take targets
    report = validate_data(mini)
    assert_problem(report, "milestones.csv: is empty")
    assert_problem(
        report,
        "targets.csv, column financial_year: CT01 has data for 2024/25 (returns/2024-25.csv "
        "row 2) but no target for that financial year",
    )


def test_misspelled_column_in_a_returns_file(mini: Path) -> None:
    rows = read_rows(mini / R25)
    rows[0][rows[0].index("value")] = "valeu"
    write_rows(mini / R25, rows)
    report = validate_data(mini)
    assert_problem(
        report,
        f"{R25} row 1, column valeu: column 'valeu' is not a recognised column; did you mean "
        "'value'?",
    )


def test_both_csv_and_xlsx_is_ambiguous(mini: Path) -> None:
    (mini / "benchmarks.xlsx").write_bytes(b"")
    assert_problem(validate_data(mini), "both benchmarks.csv and benchmarks.xlsx exist")


def to_xlsx(csv_path: Path, sheet: str) -> Path:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in read_rows(csv_path):
        book.active.append(
            [float(c) if c.replace(".", "", 1).isdigit() else (c or None) for c in row]
        )
    target = csv_path.with_suffix(".xlsx")
    book.save(target)
    csv_path.unlink()
    return target


def test_register_and_returns_as_xlsx(mini: Path) -> None:
    to_xlsx(mini / "metrics.csv", "metrics")
    to_xlsx(mini / "targets.csv", "Targets")
    to_xlsx(mini / R25, "returns")
    council = load_council(mini)
    assert len(council.metrics) == 5
    assert "returns/2025-26.xlsx" in set(council.values["source_file"])


def test_wrong_sheet_name(mini: Path) -> None:
    to_xlsx(mini / "metrics.csv", "Sheet1")
    report = validate_data(mini)
    assert (
        "metrics.xlsx: has no sheet named 'metrics'; its sheets are 'Sheet1' (expected a sheet "
        "named 'metrics')" in lines(report)
    )


def test_windows_1252_and_bom_returns(mini: Path) -> None:
    rows = read_rows(mini / R25)
    rows[1][rows[0].index("commentary")] = "Rent arrears £1,200 – see Siân’s note"
    write_rows(mini / R25, rows, encoding="cp1252")
    (mini / "returns" / "bom.csv").write_bytes(
        '\ufeffmetric_id,period,value\nFT01,Jul 2025,"1,234"\n'.encode()
    )
    council = load_council(mini)
    note = council.values.loc[council.values["commentary"].notna(), "commentary"]
    assert "Rent arrears £1,200 – see Siân’s note" in set(note)
    assert (
        council.values.set_index(["metric_id", "period"]).loc[("FT01", "2025-07"), "value"] == 1234
    )


def test_yaml_problems_are_located_by_line_and_key(mini: Path) -> None:
    edit_text(
        mini / "plan.yaml",
        lambda t: t.replace(
            "    title: A well run organisation\n", "    titel: A well run organisation\n"
        ),
    )
    report = validate_data(mini)
    assert_problem(
        report,
        "plan.yaml line 45, key priorities[1].titel: key 'titel' is not recognised; did you "
        "mean 'title'?",
    )
    assert_problem(report, "plan.yaml line 44, key priorities[1].title: title is missing")


def test_invalid_yaml(mini: Path) -> None:
    (mini / "reference.yaml").write_text("directorates: [\n  - {id: A\n")
    assert_problem(validate_data(mini), "reference.yaml line", "is not valid YAML")


def test_every_problem_in_one_pass(mini: Path) -> None:
    add_row(mini / R25, metric_id="XX99", period="2025-05", value="12")
    rows = read_rows(mini / R24)
    rows.append(rows[5])
    rows[3][rows[0].index("value")] = "n/a"
    rows[0][rows[0].index("commentary")] = "comentary"
    write_rows(mini / R24, rows)
    set_cell(mini / "metrics.csv", 4, "directorate", "ENVX")
    set_cell(mini / "milestones.csv", 3, "status", "late")
    report = validate_data(mini)
    assert not report.ok
    expected = [
        f"{R25} row 12, column metric_id: 'XX99'",
        f"{R24} row 43, column metric_id: duplicate return (HB01, 2024-05): also in {R24} row 6",
        f"{R24} row 4, column value: 'n/a' is not a number",
        f"{R24} row 1, column comentary: column 'comentary' is not a recognised column",
        "metrics.csv row 4, column directorate: 'ENVX' is not a directorate",
        "milestones.csv row 3, column status: 'late' is not a valid milestone status",
    ]
    for fragment in expected:
        assert_problem(report, fragment)
    assert len(report.errors) == len(expected), report.to_text()


def test_load_council_raises_with_the_report(mini: Path) -> None:
    set_cell(mini / R25, 3, "value", "n/a")
    with pytest.raises(ValidationFailed) as info:
        load_council(mini)
    assert not info.value.report.ok
    assert "'n/a' is not a number" in str(info.value)


def test_warnings_do_not_fail(mini: Path) -> None:
    rows = read_rows(mini / R25)
    for row in rows:
        row.append("notes" if row is rows[0] else "")
    write_rows(mini / R25, rows)
    report = validate_data(mini)
    assert report.ok
    assert [p.severity for p in report.problems] == [Severity.WARNING]


def test_a_name_given_for_an_id_names_the_id(mini: Path) -> None:
    edit_text(
        mini / "reference.yaml",
        lambda t: t.replace(
            "officers:",
            "officers:\n  - {id: OFF-CEX, name: Chris Naylor, job_title: Chief Executive}",
            1,
        ),
    )
    set_cell(mini / "metrics.csv", 2, "lead_officer", "Chris Naylor")
    set_cell(mini / "metrics.csv", 3, "owner", "Chief Executive")
    report = validate_data(mini)
    assert_problem(
        report,
        "metrics.csv row 2, column lead_officer: 'Chris Naylor' is not an officer",
        "(expected the id OFF-CEX: 'Chris Naylor' is the name of officer OFF-CEX)",
    )
    assert_problem(
        report,
        "metrics.csv row 3, column owner:",
        "'Chief Executive' is the job title of officer OFF-CEX",
    )


def test_a_bad_field_is_one_problem_and_the_item_is_still_checked(mini: Path) -> None:
    edit_text(mini / "plan.yaml", lambda t: t.replace("due: 2025-03-31", "due: someday"))
    report = validate_data(mini)
    plan_problems = [line for line in lines(report) if line.startswith("plan.yaml")]
    assert len(plan_problems) == 1, plan_problems
    assert "'someday' is not a due date" in plan_problems[0]
    # the milestone is kept, so its updates in milestones.csv are not reported as unknown
    assert not [line for line in lines(report) if "is not a milestone in plan.yaml" in line]
