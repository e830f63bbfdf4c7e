"""``params/monthly.yaml``: the run definition, validated strictly.

Unknown keys are errors that name the closest valid key; scope lists are checked against the
council's reference data when the run is planned (:mod:`pmaf_lib.run.jobs`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pmaf_lib.errors import ParamsError
from pmaf_lib.plan import safe_yaml
from pmaf_lib.plan.yaml_files import YamlDocument
from pmaf_lib.render.pdf import PdfEngine

Format = Literal["html", "pdf"]
ReportKind = Literal[
    "corporate_summary", "directions_appendix", "priorities", "directorates", "portfolios"
]
Renderer = Literal["auto", "nbconvert", "quarto"]
ScopeSelection = Literal["all"] | list[str]
MAX_TIMEOUT_S = 24 * 60 * 60  # a day per notebook
MAX_JOBS = 64


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReportSelection(_Strict):
    """Which reports the month produces."""

    priorities: ScopeSelection = "all"
    directorates: ScopeSelection = "all"
    portfolios: ScopeSelection = "all"
    corporate_summary: bool = True
    directions_appendix: bool = True

    @field_validator("priorities", "directorates", "portfolios", mode="before")
    @classmethod
    def _ids_as_text(cls, value: Any) -> Any:
        """YAML reads ``[1, 2]`` as numbers; scope ids are text."""
        if isinstance(value, list):
            return [str(item) for item in value]
        return value


class RunParams(_Strict):
    """The monthly run definition."""

    council_name: str = Field("", description="blank: the plan's council name")
    classification: Literal["OFFICIAL", "OFFICIAL-SENSITIVE"] = "OFFICIAL"
    audience: Literal["internal", "public"] = "internal"
    reports: ReportSelection = ReportSelection()
    formats: list[Format] = Field(default_factory=lambda: ["html", "pdf"], min_length=1)
    pdf_reports: Literal["all"] | list[ReportKind] = Field(
        "all", description="the kinds of report printed to PDF too; the others are HTML only"
    )
    renderer: Renderer = "auto"
    pdf_engine: PdfEngine = "auto"
    # strict: YAML's `true` is not 1 second; bounded: a timer cannot wait 10**30 seconds
    timeout: int = Field(
        600, strict=True, gt=0, le=MAX_TIMEOUT_S, description="seconds allowed per notebook"
    )
    jobs: int | None = Field(
        None, strict=True, gt=0, le=MAX_JOBS, description="parallel workers; blank: CPU count"
    )
    auto_rebase: bool = Field(
        False,
        description="recalculate SPC limits where pmaf finds a sustained shift (off: record "
        "rebases in spc.csv, as Making Data Count advises)",
    )


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model whose fields hold the key at ``loc`` (``loc`` ends with the key)."""
    model: type[BaseModel] = RunParams
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        model = annotation
    return model


def _describe(error: dict[str, Any], line_of: Callable[[tuple[Any, ...]], int | None]) -> str:
    loc = tuple(error["loc"])
    where = ".".join(str(p) for p in loc) or "(top level)"
    line = line_of(loc)
    where = f"line {line}, {where}" if line else where
    if error["type"] != "extra_forbidden":
        return f"{where}: {error['msg']} (got {error.get('input')!r})"
    model = _model_at(loc)
    valid = sorted(model.model_fields) if model else []
    close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{where}: unknown key{hint} (valid keys: {', '.join(valid)})"


def parse_params(
    data: Any,
    source: str = "parameters",
    line_of: Callable[[tuple[Any, ...]], int | None] = lambda loc: None,
) -> RunParams:
    """Validate a mapping read from YAML; raise :class:`ParamsError` listing every problem
    (with its line, when ``line_of`` knows the key's)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParamsError(f"{source}: expected a mapping of keys to values")
    try:
        return RunParams.model_validate(data)
    except ValidationError as exc:
        lines = [_describe(err, line_of) for err in exc.errors()]
        raise ParamsError(f"{source} is invalid:\n  " + "\n  ".join(lines)) from None


def load_params(path: Path) -> RunParams:
    """Read and validate a params YAML file."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        data = safe_yaml.load(text)
    except FileNotFoundError:
        raise ParamsError(f"{path}: file not found") from None
    except OSError as exc:  # a folder, no permission
        raise ParamsError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ParamsError(
            f"{path} line {line}: byte 0x{raw[exc.start]:02X} is not UTF-8 text (the file was "
            "saved in another encoding, such as Windows-1252); save it as UTF-8"
        ) from None
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from None
    return parse_params(data, str(path), _key_lines(text))


def _key_lines(text: str) -> Callable[[tuple[Any, ...]], int | None]:
    """The line of a key path in the params text (the file is small: read a second time)."""
    lines = YamlDocument("params", text).lines
    return lambda loc: lines.get(tuple(str(p) if isinstance(p, str) else p for p in loc))
