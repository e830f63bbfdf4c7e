"""The adversarial corpus: copies of ``data/sample`` with one hostile or careless fault each.

Each :class:`Case` spoils a copy of the sample council the way a careless analyst or a hostile
one would, and says what ``pmaf`` must answer: the exit code and the fragments (file, row,
column, value, what is wrong) that one line of its output must hold. No case may print a
traceback. ``python -m tests.adversarial.corpus OUT`` writes every case's folder to ``OUT`` to
try by hand.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from tests.plan.editing import read_rows, write_rows

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
LATEST = "returns/2026-10.csv"  # latest month: ASC01 row 2, ASC08 (a count) row 7, HR01 row 51
OUTSIDE_SECRET = "root:x:0:0:pmaf-corpus-secret"


@dataclass(frozen=True)
class Case:
    """One fault: ``spoil(folder)`` applies it; ``argv`` after ``pmaf`` (``{data}`` = folder)."""

    name: str
    spoil: Callable[[Path], None]
    expect: tuple[str, ...]  # fragments that one output line must all contain
    code: int = 2
    argv: tuple[str, ...] = ("validate", "--data", "{data}")
    absent: tuple[str, ...] = ()  # text that must not appear anywhere in the output
    max_lines: int | None = None  # output no longer than this
    params: str | bytes | None = None  # params/monthly.yaml for ``run`` cases
    tags: tuple[str, ...] = field(default=())
    first: bool = False  # the expected line is the first problem listed (the real cause first)


# -- editing helpers ---------------------------------------------------------------------------
def set_cell(rel: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Set a cell by spreadsheet row (header = 1) and column name."""

    def spoil(folder: Path) -> None:
        table = read_rows(folder / rel)
        table[row - 1][table[0].index(column)] = value
        write_rows(folder / rel, table)

    return spoil


def replace_text(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def spoil(folder: Path) -> None:
        path = folder / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return spoil


def append_text(rel: str, extra: str) -> Callable[[Path], None]:
    def spoil(folder: Path) -> None:
        with (folder / rel).open("a", encoding="utf-8") as handle:
            handle.write(extra)

    return spoil


def write_bytes(rel: str, data: bytes) -> Callable[[Path], None]:
    def spoil(folder: Path) -> None:
        (folder / rel).write_bytes(data)

    return spoil


def link_outside(rel: str, content: str | None = None) -> Callable[[Path], None]:
    """Make ``rel`` a symlink to a file (or, for a folder, a copy) outside the data folder."""

    def spoil(folder: Path) -> None:
        path = folder / rel
        outside = folder.parent / f"outside-{path.name}"
        if path.is_dir():
            shutil.copytree(path, outside)
            shutil.rmtree(path)
        else:
            if content is None:
                shutil.copy(path, outside)
            else:
                outside.write_text(content, encoding="utf-8")
            path.unlink(missing_ok=True)
        path.symlink_to(outside)

    return spoil


def link_to(rel: str, target: str | None = None) -> Callable[[Path], None]:
    """Make ``rel`` a symlink to ``target`` (an absolute path), or to itself (a loop)."""

    def spoil(folder: Path) -> None:
        path = folder / rel
        path.unlink(missing_ok=True)
        path.symlink_to(target or path)

    return spoil


def reencode(rel: str, old: str, new: str, encoding: str = "cp1252") -> Callable[[Path], None]:
    """Replace ``old`` with ``new`` and save the file in ``encoding`` (Notepad's "ANSI")."""

    def spoil(folder: Path) -> None:
        text = (folder / rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        (folder / rel).write_bytes(text.replace(old, new, 1).encode(encoding, errors="replace"))

    return spoil


def duplicate_row(rel: str, row: int) -> Callable[[Path], None]:
    """Append a copy of spreadsheet row ``row`` (header = 1) at the end."""

    def spoil(folder: Path) -> None:
        table = read_rows(folder / rel)
        write_rows(folder / rel, [*table, table[row - 1]])

    return spoil


def surplus_row(path: Path) -> list[str]:
    """A copy of the file's first data row with one cell beyond the last headed column."""
    return [*read_rows(path)[1], "surplus"]


def formula_return(folder: Path) -> None:
    """A returns workbook whose value cell is a formula Excel never calculated (openpyxl saves
    formulas without a cached result, as do many scripts)."""
    header = read_rows(folder / LATEST)[0]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "returns"
    sheet.append(header)
    sheet.append(["ASC08", "2026-10", None, None, None, None, None, None, "A. Officer", None])
    sheet["C2"] = "=B7*100"
    (folder / LATEST).unlink()
    book.save(folder / "returns" / "2026-10.xlsx")


def unknown_ids(count: int) -> Callable[[Path], None]:
    def spoil(folder: Path) -> None:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(read_rows(folder / LATEST)[0])
        for i in range(count):
            writer.writerow([f"NOPE{i:06d}", "2026-10", "1", "", "", "", "", "", "X", ""])
        (folder / "returns" / "unknown.csv").write_text(out.getvalue(), encoding="utf-8")

    return spoil


def billion_laughs() -> str:
    lines = ['lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"lol{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


PARAMS = (SAMPLE.parents[1] / "params" / "monthly.yaml").read_text(encoding="utf-8")


def run_case(
    name: str,
    expect: tuple[str, ...],
    *extra: str,
    params: str | bytes = PARAMS,
    spoil: Callable[[Path], None] = lambda folder: None,
) -> Case:
    """A ``pmaf run`` that must stop (exit 2) before anything executes."""
    argv = ("run", "--data", "{data}", "--out", "{out}", "--params", "{params}", *extra)
    return Case(name, spoil, expect, argv=argv, params=params, tags=("run",))


def params_line(key: str) -> str:
    """``line N, key``: where a top-level key of the params file is, as messages name it."""
    before = PARAMS[: PARAMS.index("\n" + key + ":") + 1]
    return f"line {before.count(chr(10)) + 1}, {key}"


def params_with(**changes: str) -> str:
    text = PARAMS
    for key, value in changes.items():
        start = text.index(f"\n{key}:") + 1
        end = text.index("\n", start)
        text = text[:start] + f"{key}: {value}" + text[end:]
    return text


# -- the cases ---------------------------------------------------------------------------------
YAML_CASES = [
    Case(
        "yaml_alias_bomb",
        lambda f: (f / "plan.yaml").write_text(
            billion_laughs() + (SAMPLE / "plan.yaml").read_text(encoding="utf-8"), "utf-8"
        ),
        ("plan.yaml line 1", "anchors and aliases", "&a0"),
    ),
    Case(
        "yaml_recursive_alias",
        append_text("reference.yaml", "loop: &loop [*loop]\n"),
        ("reference.yaml line", "anchors and aliases", "&loop"),
    ),
    Case(
        "yaml_deep_nesting",
        append_text("plan.yaml", "deep: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("plan.yaml line", "nested more than"),
    ),
    Case(
        "yaml_duplicate_due",
        replace_text("plan.yaml", "        due: 2025-08-31\n", "        due: 2025-08-31\n" * 2),
        ("plan.yaml line 38, key due", "'due' appears twice", "lines 37 and 38"),
    ),
    Case(
        "yaml_duplicate_section",
        append_text("reference.yaml", "directorates:\n- id: XX\n  name: Extra\n"),
        ("reference.yaml line", "key directorates", "'directorates' appears twice", "lines 1 "),
    ),
    Case(
        "yaml_tab_indent",
        replace_text("plan.yaml", "  name: Corporate", "\tname: Corporate"),
        ("plan.yaml line 3", "not valid YAML"),
    ),
    Case(
        "yaml_list_not_mapping",
        write_bytes("reference.yaml", b"- directorates\n- portfolios\n"),
        ("reference.yaml", "not a mapping"),
    ),
    Case(
        "yaml_not_utf8",
        reencode("reference.yaml", "Adults, Health", "Adults, Hé"),
        ("reference.yaml line 3", "byte 0xE9 is not UTF-8", "Windows-1252"),
    ),
    Case(
        "yaml_nul_byte",
        append_text("plan.yaml", "junk: a\x00b\n"),
        ("plan.yaml line", "not valid YAML", "#x0000"),
    ),
]

SYMLINK_CASES = [
    Case(
        "symlink_return_to_secret",
        link_outside("returns/2099-01.csv", OUTSIDE_SECRET + "\nbin:x:1:1\n"),
        ("returns/2099-01.csv", "outside the data folder"),
        absent=("pmaf-corpus-secret", "root:x"),
    ),
    Case(
        "symlink_register_outside",
        link_outside("metrics.csv"),
        ("metrics.csv", "outside the data folder"),
    ),
    Case(
        "symlink_returns_folder_outside",
        link_outside("returns"),
        ("returns", "outside the data folder"),
    ),
    Case(
        "symlink_plan_outside",
        link_outside("plan.yaml"),
        ("plan.yaml", "outside the data folder"),
    ),
    Case(
        "symlink_to_etc_passwd",
        link_to("returns/2099-03.csv", "/etc/passwd"),
        ("returns/2099-03.csv", "outside the data folder"),
        absent=("root:x", "/etc/passwd"),
    ),
    Case(  # was skipped without a word: a month's returns silently missing
        "symlink_loop_return",
        link_to("returns/2099-04.csv"),
        ("returns/2099-04.csv", "a link that leads nowhere"),
    ),
    Case(  # was read as a council with no metrics at all, and "valid"
        "symlink_loop_register",
        link_to("metrics.csv"),
        ("metrics.csv", "a link that leads nowhere"),
    ),
]

LOWER_CASE_TWIN = replace_text(
    "reference.yaml", "- id: CHS\n", "- id: chs\n  name: Kids\n  director: OFF-05\n- id: CHS\n"
)
ID_CASES = [
    Case(
        "duplicate_directorate_id",
        replace_text("reference.yaml", "- id: CHS\n", "- id: ASC\n"),
        ("reference.yaml line 5, key directorates[1].id", "'ASC' is used twice", "line 2"),
        first=True,  # before the two dozen "'CHS' is not a directorate" it causes
    ),
    Case(
        "ids_differ_only_in_case",
        LOWER_CASE_TWIN,
        ("reference.yaml line 8, key directorates[2].id", "'CHS'", "'chs' (line 5)", "in case"),
    ),
    Case(
        "duplicate_priority_id",
        replace_text("plan.yaml", "- id: '2'\n", "- id: '1'\n"),
        ("plan.yaml line", "priorities[1].id", "'1' is used twice", "first at line 12"),
    ),
    Case(
        "duplicate_metric_id",
        duplicate_row("metrics.csv", 3),
        ("metrics.csv row 129, column metric_id", "ASC02", "also in metrics.csv row 3"),
    ),
]

NUMBER_CASES = [
    Case(
        "number_near_float_max",
        set_cell(LATEST, 7, "value", "1.7e308"),
        (f"{LATEST} row 7, column value", "'1.7e308'", "too large"),
    ),
    Case(
        "number_1e308_target",
        set_cell("targets.csv", 2, "target", "1e308"),
        ("targets.csv row 2, column target", "'1e308'", "too large"),
    ),
    Case(
        "number_twenty_digits",
        set_cell(LATEST, 7, "value", "99999999999999999999"),
        (f"{LATEST} row 7, column value", "'99999999999999999999'", "too large"),
    ),
    Case(
        "number_1e308_denominator",
        set_cell(LATEST, 2, "denominator", "1e308"),
        (f"{LATEST} row 2, column denominator", "'1e308'", "too large"),
    ),
    Case(
        "target_in_words",
        set_cell("targets.csv", 2, "target", "eighty"),
        ("targets.csv row 2, column target", "'eighty'", "not a number"),
    ),
    Case(
        "number_infinity",
        set_cell(LATEST, 7, "value", "inf"),
        (f"{LATEST} row 7, column value", "'inf'"),
    ),
    Case(
        "number_nan",
        set_cell(LATEST, 7, "value", "NaN"),
        (f"{LATEST} row 7, column value", "'NaN'", "not a number"),
    ),
    Case(
        "number_negative_count",
        set_cell(LATEST, 7, "value", "-127"),
        (f"{LATEST} row 7, column value", "'-127'", "negative", "[warning]"),
        code=0,
    ),
    Case(
        "number_negative_days",
        set_cell(LATEST, 51, "value", "-3"),
        (f"{LATEST} row 51, column value", "'-3'", "HR01", "cannot be below 0"),
    ),
    Case(
        "number_negative_numerator",
        set_cell(LATEST, 2, "numerator", "-1679"),
        (f"{LATEST} row 2, column numerator", "'-1679'", "negative"),
    ),
    Case(
        "number_huge_tolerance",
        set_cell("targets.csv", 2, "tolerance", "1e300"),
        ("targets.csv row 2, column tolerance", "'1e300'", "too large"),
    ),
    Case(
        "number_decimals_absurd",
        set_cell("metrics.csv", 2, "decimals", "1e9"),
        ("metrics.csv row 2, column decimals", "'1e9'"),
    ),
    Case(
        "list_only_separators",
        set_cell("metrics.csv", 2, "outcomes", ";;"),
        ("metrics.csv row 2, column outcomes", "';;'", "no ids"),
    ),
    Case(
        "excel_formula_without_result",
        formula_return,
        ("returns/2026-10.xlsx row 2, column value", "'=B7*100'", "formula"),
    ),
]

TEXT_CASES = [
    Case(
        "commentary_128kb",
        set_cell(LATEST, 3, "commentary", "Long commentary. " * 7710),
        (f"{LATEST} row 3, column commentary", "characters"),
    ),
    Case(
        "utf16_without_bom",
        lambda f: (f / LATEST).write_bytes((f / LATEST).read_text("utf-8").encode("utf-16-le")),
        (LATEST, "UTF-16"),
    ),
    Case(
        "unclosed_quote",
        replace_text(
            LATEST, "ASC05,2026-10,8.07,54,669,,Steady", 'ASC05,2026-10,8.07,54,669,,"Steady'
        ),
        (f"{LATEST} row 5", "unclosed quote"),
        max_lines=8,
    ),
    Case(
        "misspelled_metric_id_header",
        replace_text(LATEST, "metric_id,period", "metrc_id,period"),
        (f"{LATEST} row 1, column metrc_id", "did you mean 'metric_id'"),
        max_lines=8,
    ),
    Case(
        "many_unknown_ids",
        unknown_ids(20_000),
        ("returns/unknown.csv", "has 19,000 more problems that are not listed"),
        max_lines=60,
    ),
    Case(
        "nul_byte_in_csv",
        replace_text(LATEST, "ASC02,2026-10", "ASC02\x00,2026-10"),
        (f"{LATEST} row 3, column metric_id", "'ASC02[U+0000]'", "not a metric"),
    ),
    Case(
        "binary_as_csv",
        write_bytes(
            "returns/2099-02.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
        ),
        ("returns/2099-02.csv", "binary"),
    ),
    Case(
        "corrupt_xlsx",
        write_bytes("returns/2099-05.xlsx", b"PK\x03\x04" + bytes(200)),
        ("returns/2099-05.xlsx", "cannot be read as an Excel workbook"),
    ),
    Case(
        "empty_file",
        write_bytes("targets.csv", b""),
        ("targets.csv", "is empty"),
    ),
    Case(
        "header_only",
        lambda f: (f / "targets.csv").write_text(
            (f / "targets.csv").read_text("utf-8").split("\n", 1)[0] + "\n", "utf-8"
        ),
        ("targets.csv", "no data rows"),
    ),
    Case(
        "csv_renamed_xlsx",
        lambda f: (f / LATEST).rename(f / "returns" / "2026-10.xlsx"),
        ("returns/2026-10.xlsx", "Excel workbook"),
    ),
    Case(
        "bad_month",
        set_cell(LATEST, 2, "period", "2026-13"),
        (f"{LATEST} row 2, column period", "'2026-13'"),
    ),
    Case(
        "impossible_date",
        set_cell(LATEST, 2, "submitted_on", "31/02/2026"),
        (f"{LATEST} row 2, column submitted_on", "'31/02/2026'", "not a valid date"),
    ),
    Case(
        "cell_beyond_header",
        lambda f: write_rows(f / LATEST, [*read_rows(f / LATEST), surplus_row(f / LATEST)]),
        ("beyond the last headed column", "'surplus'"),
    ),
    Case(
        "unknown_metric_in_targets",
        set_cell("targets.csv", 2, "metric_id", "ASC1"),
        ("targets.csv row 2, column metric_id", "'ASC1'"),
    ),
    Case(
        "milestone_status_typo",
        set_cell("milestones.csv", 2, "status", "on trak"),
        ("milestones.csv row 2, column status", "'on trak'", "did you mean 'on track'"),
    ),
    Case(
        "duplicate_return",
        lambda f: (f / "returns" / "copy.csv").write_bytes((f / LATEST).read_bytes()),
        ("returns/copy.csv row 2", "ASC01"),
    ),
    Case(
        "plan_missing",  # metrics.csv and reference.yaml are optional since the plans work
        lambda f: (f / "plan.yaml").unlink(),
        ("plan.yaml", "is missing"),
    ),
]

RUN_CASES = [
    run_case(
        "params_timeout_true",
        (params_line("timeout"), "valid integer", "(got True)"),
        params=params_with(timeout="true"),
    ),
    run_case(
        "params_timeout_huge",
        (params_line("timeout"), "86400", "10" + "0" * 29),
        params=params_with(timeout="1" + "0" * 30),
    ),
    run_case(
        "params_formats_empty",
        (params_line("formats"), "at least 1 item", "(got [])"),
        params=params_with(formats="[]"),
    ),
    run_case(
        "params_jobs_zero",
        (params_line("jobs"), "greater than 0", "(got 0)"),
        params=params_with(jobs="0"),
    ),
    run_case("params_alias_bomb", ("anchors and aliases",), params=billion_laughs()),
    run_case(
        "params_duplicate_key",
        ("'timeout' appears twice",),
        params=PARAMS + "timeout: 5\n",
    ),
    run_case("cli_jobs_zero", ("--jobs", "'0'"), "--jobs", "0"),
    run_case("cli_jobs_negative", ("--jobs", "'-1'"), "--jobs", "-1"),
    run_case("period_before_data", ("2019-01", "2022-04", "2026-10"), "--period", "2019-01"),
    run_case("period_after_data", ("2030-01", "2022-04", "2026-10"), "--period", "2030-01"),
    run_case("period_just_before_data", ("2022-03", "2022-04", "2026-10"), "--period", "2022-03"),
    run_case("period_no_returns_yet", ("2026-11", "2022-04", "2026-10"), "--period", "2026-11"),
    run_case(
        "run_ids_differ_only_in_case",
        ("reference.yaml line 8", "'CHS'", "only in case"),
        spoil=LOWER_CASE_TWIN,
    ),
    run_case(
        "params_not_utf8",
        ("params.yaml line 1", "byte 0xE9 is not UTF-8"),
        params=("council_name: Borough of Ashdown Ré\n" + PARAMS).encode("cp1252"),
    ),
    run_case(
        "params_misspelled_key",
        (f"line {PARAMS.count(chr(10)) + 1}, timout", "did you mean 'timeout'"),
        params=PARAMS + "timout: 5\n",
    ),
    run_case("period_not_a_month", ("2025-13",), "--period", "2025-13"),
]

CASES = YAML_CASES + SYMLINK_CASES + ID_CASES + NUMBER_CASES + TEXT_CASES + RUN_CASES


def build(case: Case, pristine: Path, dest: Path) -> Path:
    """A copy of ``pristine`` (the sample council) at ``dest`` with ``case``'s fault."""
    shutil.copytree(pristine, dest, symlinks=True)
    case.spoil(dest)
    if case.params is not None:
        params = case.params if isinstance(case.params, bytes) else case.params.encode()
        (dest.parent / f"{dest.name}.params.yaml").write_bytes(params)
    return dest


def argv(case: Case, data: Path, out: Path) -> list[str]:
    params = data.parent / f"{data.name}.params.yaml"
    fill = {"{data}": str(data), "{out}": str(out), "{params}": str(params)}
    return [fill.get(part, part) for part in case.argv]


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        build(case, SAMPLE, target / case.name)
        print(f"{case.name}: pmaf {' '.join(argv(case, target / case.name, target / 'out'))}")
    print(f"{len(CASES)} cases in {target}", file=sys.stderr)
