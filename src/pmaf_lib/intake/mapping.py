"""The import mapping: a small YAML file saying where each of pmaf's fields is in a source file.

Read with :class:`pmaf_lib.plan.yaml_files.YamlDocument` (every scalar as text, every key's
line known), merged over a named preset, and checked key by key: an unknown key is reported
with the closest known one, a bad value with what would be accepted. See docs/importing.md.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pmaf_lib.plan.problems import ProblemLog, closest, one_of, show
from pmaf_lib.plan.yaml_files import KeyPath, YamlDocument, key_path

KEY_FIELDS = ("metric", "period", "organisation", "value")
# fields whose column may be missing from a sheet (a warning; the field is blank there)
OPTIONAL_FIELDS = (
    "organisation_code",
    "numerator",
    "denominator",
    "target",
    "commentary",
    "action",
    "flags",
    "polarity",
    "submitted_by",
)
FIELDS = KEY_FIELDS + OPTIONAL_FIELDS
CROSSWALKS = ("metric", "organisation", "flags", "polarity")
PERIOD_FORMATS = ("auto", "month", "quarter", "financial_year")
LAYOUTS = ("long", "wide")
UNITS = ("percent", "number", "days", "gbp", "rate")
TOP_KEYS = (
    "preset",
    "name",
    "source",
    "sheets",
    "header_row",
    "header_rows",
    "layout",
    "columns",
    "fixed",
    "period_format",
    "periods",
    "crosswalk",
    "filters",
    "skip_rows",
    "scale",
    "council",
    "reference_organisations",
    "benchmarks",
    "checks",
)
BENCHMARK_KEYS = ("group", "same_as_council", "references")
SKIP_KEYS = ("column", "matches")
PERIOD_KEYS = ("from", "to")
CHECK_KEYS = ("commentary_words", "quiet_periods", "magnitude")
PRESET_DIR = "presets"


@dataclass
class BenchmarkGroup:
    group: str
    same_as_council: str | None = None  # a source column: only organisations sharing its value
    references: dict[str, str] = field(default_factory=dict)  # display name -> source column


@dataclass
class Mapping:
    """A checked mapping; source columns are kept as written (matched case-insensitively)."""

    file: str
    name: str
    sources: list[Path]
    sheets: list[str] | None  # None: the first sheet; ["*"]: every sheet
    header_row: int | None  # None: found automatically
    header_rows: int
    layout: str
    columns: dict[str, str]  # pmaf field -> source column or "{template}"
    fixed: dict[str, str]
    period_format: str
    period_from: str | None
    period_to: str | None
    crosswalk: dict[str, dict[str, str]]
    filters: dict[str, list[str]]
    skip_rows: list[tuple[str, re.Pattern[str]]]
    scale: dict[str, float]  # "*", a unit or a metric id -> factor
    council: str | None
    reference_organisations: list[str]  # rows shown beside the council, never ranked
    benchmarks: list[BenchmarkGroup]
    commentary_words: int = 150
    quiet_periods: int = 3
    magnitude: float = 2.0  # orders of magnitude from history that earn a warning

    def source_columns(self) -> set[str]:
        """Every source column the mapping names (templates expanded)."""
        names = set()
        for spec in self.columns.values():
            names.update(template_columns(spec))
        names.update(self.filters)
        names.update(column for column, _ in self.skip_rows)
        for group in self.benchmarks:
            names.update(group.references.values())
            if group.same_as_council:
                names.add(group.same_as_council)
        return names - {"sheet"}


def template_columns(spec: str) -> list[str]:
    """``"{sheet} {Ref}"`` -> ``["sheet", "Ref"]``; a plain name -> ``[name]``."""
    found = re.findall(r"\{([^{}]+)\}", spec)
    return found if found else [spec]


def preset_names() -> list[str]:
    folder = resources.files("pmaf_lib.intake").joinpath(PRESET_DIR)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def preset_text(name: str) -> str:
    return resources.files("pmaf_lib.intake").joinpath(PRESET_DIR, f"{name}.yaml").read_text()


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``; mappings merge one level down, anything else is replaced."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


class _Checker:
    def __init__(self, doc: YamlDocument, log: ProblemLog) -> None:
        self.doc, self.log = doc, log

    def problem(self, path: KeyPath, value: Any, message: str, expected: str | None) -> None:
        self.log.add(self.doc.rel, self.doc.line(path), key_path(path), value, message, expected)

    def keys(self, data: dict[str, Any], allowed: tuple[str, ...], path: KeyPath) -> None:
        for key in data:
            if key not in allowed:
                hint = closest(key, allowed)
                self.problem(
                    (*path, key),
                    key,
                    f"{show(key)} is not a mapping key"
                    + (f"; did you mean {hint!r}?" if hint else ""),
                    one_of(allowed),
                )

    def mapping(self, data: dict[str, Any], key: str, path: KeyPath = ()) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem((*path, key), value, f"{key} must be a set of 'name: value' lines", None)
            return {}
        return value

    def text(self, data: dict[str, Any], key: str, path: KeyPath = ()) -> str | None:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            self.problem((*path, key), value, f"{key} must be a single value", None)
            return None
        return value

    def choice(self, data: dict[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(data, key) or default
        if value not in choices:
            self.problem(
                (key,), value, f"{show(value)} is not a valid {key}", one_of(choices, value)
            )
            return default
        return value

    def number(self, value: Any, path: KeyPath, whole: bool = False) -> float | None:
        try:
            number = float(str(value).replace(",", ""))
        except ValueError:
            number = None
        if number is None or (whole and (not number.is_integer() or number < 1)):
            what = "a whole number of 1 or more" if whole else "a number"
            self.problem(path, value, f"{show(value)} is not {what}", what)
            return None
        return number

    def listed(self, value: Any) -> list[str]:
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def read_mapping(path: Path, log: ProblemLog) -> Mapping | None:
    """Read and check a mapping file (merged over its preset); None when it has errors."""
    errors_before = sum(p.severity == "error" for p in log.problems)
    rel = path.name
    try:
        doc = YamlDocument(rel, path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        log.add(rel, None, None, None, f"cannot be read ({exc})", "a UTF-8 text file")
        return None
    except Exception as exc:  # yaml.YAMLError and friends: report the line
        mark = getattr(exc, "problem_mark", None)
        log.add(rel, mark.line + 1 if mark else None, None, None, f"is not valid YAML ({exc})")
        return None
    if not isinstance(doc.data, dict):
        log.add(rel, None, None, None, "is empty or not a set of 'key: value' lines")
        return None
    check = _Checker(doc, log)
    data = doc.data
    check.keys(data, TOP_KEYS, ())
    preset = check.text(data, "preset")
    if preset:
        if preset not in preset_names():
            check.problem(
                ("preset",),
                preset,
                f"there is no preset {preset!r}",
                one_of(preset_names(), preset),
            )
        else:
            base = YamlDocument(f"preset {preset}", preset_text(preset)).data or {}
            data = _merge(base, {k: v for k, v in data.items() if k != "preset"})
    mapping = _build(data, path, check)
    if sum(p.severity == "error" for p in log.problems) > errors_before:
        return None
    return mapping


def _build(data: dict[str, Any], path: Path, check: _Checker) -> Mapping:
    sources = [path.parent / s for s in check.listed(data.get("source"))]
    if not sources:
        check.problem(("source",), None, "no source file is named", "source: the file to read")
    columns = check.mapping(data, "columns")
    fixed = check.mapping(data, "fixed")
    for name, section in (("columns", columns), ("fixed", fixed)):
        check.keys(section, FIELDS, (name,))
    layout = check.choice(data, "layout", LAYOUTS, "long")
    if "metric" not in columns and "metric" not in fixed:
        check.problem(
            ("columns",),
            None,
            "no metric is given",
            "columns: metric: <the column holding the indicator code> (or fixed: metric: <id>)",
        )
    if layout == "long" and "period" not in columns and "period" not in fixed:
        check.problem(
            ("columns",),
            None,
            "no period is given",
            "columns: period: <column>, or fixed: period: 2025/26",
        )
    crosswalk = check.mapping(data, "crosswalk")
    check.keys(crosswalk, CROSSWALKS, ("crosswalk",))
    crosswalks = {
        k: {str(a): str(b) for a, b in check.mapping(crosswalk, k, ("crosswalk",)).items()}
        for k in CROSSWALKS
        if k in crosswalk
    }
    filters = {k: check.listed(v) for k, v in check.mapping(data, "filters").items()}
    skip_rows = []
    for i, rule in enumerate(data.get("skip_rows") or []):
        if not isinstance(rule, dict):
            check.problem(("skip_rows", i), rule, "each skip rule needs column and matches", None)
            continue
        check.keys(rule, SKIP_KEYS, ("skip_rows", i))
        try:
            skip_rows.append((str(rule.get("column")), re.compile(str(rule.get("matches")), re.I)))
        except re.error as exc:
            check.problem(
                ("skip_rows", i, "matches"),
                rule.get("matches"),
                f"is not a valid pattern ({exc})",
                "text, or a regular expression",
            )
    scale_value = data.get("scale")
    scale: dict[str, float] = {}
    if isinstance(scale_value, str):
        if (factor := check.number(scale_value, ("scale",))) is not None:
            scale["*"] = factor
    else:
        for key, value in check.mapping(data, "scale").items():
            if (factor := check.number(value, ("scale", key))) is not None:
                scale[key] = factor
    periods = check.mapping(data, "periods")
    check.keys(periods, PERIOD_KEYS, ("periods",))
    checks = check.mapping(data, "checks")
    check.keys(checks, CHECK_KEYS, ("checks",))
    header_row = data.get("header_row")
    header_rows = data.get("header_rows")
    sheets = data.get("sheets")
    return Mapping(
        file=check.doc.rel,
        name=check.text(data, "name") or path.stem,
        sources=sources,
        sheets=None if sheets is None else (["*"] if sheets == "all" else check.listed(sheets)),
        header_row=None if header_row is None else _int(check, header_row, ("header_row",)),
        header_rows=1 if header_rows is None else _int(check, header_rows, ("header_rows",)),
        layout=layout,
        columns={k: str(v) for k, v in columns.items()},
        fixed={k: str(v) for k, v in fixed.items()},
        period_format=check.choice(data, "period_format", PERIOD_FORMATS, "auto"),
        period_from=periods.get("from"),
        period_to=periods.get("to"),
        crosswalk=crosswalks,
        filters=filters,
        skip_rows=skip_rows,
        scale=scale,
        council=check.text(data, "council"),
        reference_organisations=check.listed(data.get("reference_organisations")),
        benchmarks=_benchmarks(data.get("benchmarks"), check),
        commentary_words=_int(
            check, checks.get("commentary_words", 150), ("checks", "commentary_words")
        ),
        quiet_periods=_int(check, checks.get("quiet_periods", 3), ("checks", "quiet_periods")),
        magnitude=check.number(checks.get("magnitude", 2), ("checks", "magnitude")) or 2.0,
    )


def _int(check: _Checker, value: Any, path: KeyPath) -> int:
    number = check.number(value, path, whole=True)
    return int(number) if number is not None else 1


def _benchmarks(value: Any, check: _Checker) -> list[BenchmarkGroup]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    groups = []
    for i, item in enumerate(items):
        path: KeyPath = ("benchmarks", i)
        if not isinstance(item, dict) or not item.get("group"):
            check.problem(
                path,
                item,
                "each benchmark entry needs a group",
                "group: <benchmark group id from reference.yaml>",
            )
            continue
        check.keys(item, BENCHMARK_KEYS, path)
        groups.append(
            BenchmarkGroup(
                group=str(item["group"]),
                same_as_council=item.get("same_as_council"),
                references={
                    str(k): str(v) for k, v in check.mapping(item, "references", path).items()
                },
            )
        )
    return groups
