"""Read ``plan.yaml`` and ``reference.yaml`` into models, reporting problems by line and key.

Every scalar is read as text (so ``1.10`` stays ``"1.10"`` and ids are never numbers) and
the models convert what they need. A bad field is reported and dropped (an item only when a
field it cannot do without is bad), so that the rest of the plan is still checked in the same
pass without a cascade of follow-on problems.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from pmaf_lib.plan import safe_yaml
from pmaf_lib.plan.model import (
    LEVELS,
    REFERENCE_KINDS,
    Levels,
    Plan,
    Priority,
    Reference,
    Theme,
)
from pmaf_lib.plan.problems import ProblemLog, closest, show
from pmaf_lib.plan.references import SINGULAR, id_hint
from pmaf_lib.plan.tables import DATE_EXAMPLE, refuse_link
from pmaf_lib.plan.text_safety import visible_controls

KeyPath = tuple[str | int, ...]
_NULLS = {"", "~", "null", "Null", "NULL"}
_ALL_KEYS = sorted(
    {
        name
        for cls in (Plan, Reference, Levels, Priority, Theme, *REFERENCE_KINDS.values())
        for name in cls.model_fields
    }
    | {"outcomes", "deliverables", "milestones", "directorate", "due", "lens"}
)


def key_path(path: KeyPath) -> str:
    """``("priorities", 0, "outcomes", 2, "id")`` -> ``priorities[0].outcomes[2].id``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class YamlDocument:
    """A YAML file's data (all scalars as text) and the line of every key path."""

    def __init__(self, rel: str, text: str) -> None:
        self.rel = rel
        self.lines: dict[KeyPath, int] = {}
        node, self.duplicates = safe_yaml.compose(text)
        self.data = self._walk(node, ()) if node is not None else None

    def _walk(self, node: yaml.Node, path: KeyPath) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self._walk(value_node, (*path, key))
                self.lines[(*path, key)] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self._walk(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.style is None and node.value in _NULLS:
            return None
        return visible_controls(node.value)

    def line(self, path: KeyPath) -> int | None:
        """Line of ``path``, or of its nearest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def read_yaml(
    path: Path, data_dir: Path, log: ProblemLog, required: bool = True
) -> YamlDocument | None:
    """The YAML file as a :class:`YamlDocument`; None when unreadable, empty or (optional and)
    absent."""
    rel = path.relative_to(data_dir).as_posix()
    if not (path.is_file() or path.is_symlink()):
        if required:
            log.add(rel, None, None, None, "is missing", f"a file {rel} in the data folder")
        return None
    if refuse_link(path, data_dir, log):
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        log.add(rel, line, None, f"0x{raw[exc.start]:02X}",
                f"byte 0x{raw[exc.start]:02X} is not UTF-8 text (the file was saved in another "
                "encoding, such as Windows-1252)", "the file saved as UTF-8")  # fmt: skip
        return None
    try:
        doc = YamlDocument(rel, text)
    except yaml.YAMLError as exc:
        log.add(
            rel,
            _error_line(exc, text),
            None,
            None,
            f"is not valid YAML: {getattr(exc, 'problem', None) or exc}",
            "YAML as in docs/data-format.md",
        )
        return None
    if doc.data is None and not required:
        return None
    if not isinstance(doc.data, dict):
        found = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        log.add(rel, None, None, None, f"is not a mapping of keys to values (it is {found})",
                "YAML as in docs/data-format.md")  # fmt: skip
        return None
    if not doc.data:
        log.add(rel, None, None, None, "is empty", "YAML as in docs/data-format.md")
        return None
    for dup in doc.duplicates:
        log.add(rel, dup.line, dup.key, dup.key, str(dup), "each key once in a section")
    return doc


def _error_line(exc: yaml.YAMLError, text: str) -> int | None:
    """The line a YAML error points at (a reader error only knows its character position)."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(exc, "position", None)
    return text.count("\n", 0, position) + 1 if position is not None else None


def _report(exc: ValidationError, doc: YamlDocument, to_file: Any, log: ProblemLog) -> None:
    for error in exc.errors():
        loc = to_file(tuple(error["loc"]))
        field = str(loc[-1]) if loc else ""
        kind = error["type"]
        value = error.get("input")
        if kind == "missing":
            message, expected, value = f"{field} is missing", f"a value for {field}", None
        elif kind == "extra_forbidden":
            hint = closest(field, _ALL_KEYS)
            message = f"key {field!r} is not recognised" + (
                f"; did you mean {hint!r}?" if hint else ""
            )
            expected = "keys as in docs/data-format.md"
        elif kind.startswith("date") or kind.startswith("datetime"):
            message, expected = f"{show(value)} is not a valid date", DATE_EXAMPLE
        else:
            text = str(error["msg"]).removeprefix("Value error, ")
            shown = show(value) if not isinstance(value, dict | list) else "this entry"
            message = text if text.startswith(shown) else f"{shown}: {text}"
            expected = None
        log.add(
            doc.rel,
            doc.line(loc),
            key_path(loc),
            None if isinstance(value, dict | list) else value,
            message,
            expected,
        )


def _validate_salvaging(
    model: type[BaseModel], data: dict[str, Any], doc: YamlDocument, to_file: Any, log: ProblemLog
) -> Any:
    """Validate; on errors report them, then drop the bad fields (or, where a required field
    is bad or missing, the item) and try again, so one bad value causes one problem."""
    data = copy.deepcopy(data)
    reported = False
    while True:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            if not reported:
                _report(exc, doc, to_file, log)
                reported = True
            drops = set()
            for error in exc.errors():
                loc = tuple(error["loc"])
                drop = _item_path(loc) if error["type"] == "missing" else loc
                if not drop:
                    return None
                drops.add(drop)
            for path in sorted(drops, key=_depth_first, reverse=True):
                parent = data
                for part in path[:-1]:
                    parent = parent[part]
                del parent[path[-1]]


def _depth_first(path: KeyPath) -> tuple[int, int]:
    """Deepest paths first, and later list items before earlier ones."""
    return len(path), path[-1] if isinstance(path[-1], int) else -1


def _item_path(loc: KeyPath) -> KeyPath | None:
    """The path of the innermost list item containing ``loc``; None for a top-level field."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    return None


def read_plan(data_dir: Path, log: ProblemLog) -> tuple[Plan | None, YamlDocument | None]:
    """``plan.yaml`` as a :class:`Plan`, or None if it cannot be read at all."""
    doc = read_yaml(data_dir / "plan.yaml", data_dir, log)
    if doc is None:
        return None, None
    data = doc.data
    for key in data:
        if key not in ("plan", "priorities"):
            hint = closest(key, ["plan", "priorities"])
            log.add(
                doc.rel,
                doc.line((key,)),
                key,
                None,
                f"top-level key {key!r} is not recognised"
                + (f"; did you mean {hint!r}?" if hint else ""),
                "the keys plan and priorities",
            )
    header = data.get("plan")
    if not isinstance(header, dict):
        log.add(
            doc.rel,
            doc.line(("plan",)),
            "plan",
            None,
            "the plan section is missing",
            "plan: with id, name, council and financial_years",
        )
        return None, doc
    nested = "priorities" in header
    merged = {
        **header,
        "priorities": header.get("priorities") if nested else data.get("priorities"),
    }
    if merged["priorities"] is None:
        merged["priorities"] = []

    def to_file(loc: KeyPath) -> KeyPath:
        return loc if (loc and loc[0] == "priorities" and not nested) else ("plan", *loc)

    return _validate_salvaging(Plan, merged, doc, to_file, log), doc


def read_reference(data_dir: Path, log: ProblemLog) -> tuple[Reference | None, YamlDocument | None]:
    """``reference.yaml`` as a :class:`Reference`. The file and each of its lists are
    optional: a council without (say) Directions or lenses leaves them out."""
    before = len(log.problems)
    doc = read_yaml(data_dir / "reference.yaml", data_dir, log, required=False)
    if doc is None:
        return (Reference() if len(log.problems) == before else None), None
    data = {k: (v if v is not None else []) for k, v in doc.data.items()}
    return _validate_salvaging(Reference, data, doc, lambda loc: loc, log), doc


def check_yaml_integrity(
    plan: Plan | None,
    plan_doc: YamlDocument | None,
    reference: Reference | None,
    reference_doc: YamlDocument | None,
    log: ProblemLog,
) -> None:
    """Duplicate ids and dangling references inside plan.yaml and reference.yaml."""
    if reference is not None and reference_doc is not None:
        for kind in REFERENCE_KINDS:
            _duplicates(
                reference_doc,
                [((kind, i), item.id) for i, item in enumerate(getattr(reference, kind))],
                SINGULAR[kind],
                log,
                names_a_file=kind in ("directorates", "portfolios"),
            )
        ref_checks = [
            ("officers", "directorate", "directorates"),
            ("directorates", "director", "officers"),
        ]
        for kind, attr, target in ref_checks:
            for i, item in enumerate(getattr(reference, kind)):
                value = getattr(item, attr)
                if value is not None and value not in reference.ids(target):
                    _dangling(reference_doc, (kind, i, attr), value, target, reference, log)
    if plan is None or plan_doc is None:
        return
    nested = "priorities" in (plan_doc.data.get("plan") or {})
    base: KeyPath = ("plan",) if nested else ()
    levels: dict[str, list[tuple[KeyPath, str]]] = {level: [] for level in LEVELS}
    tagged: list[tuple[KeyPath, Any]] = []
    for pi, priority in enumerate(plan.priorities):
        ppath = (*base, "priorities", pi)
        levels["priority"].append((ppath, priority.id))
        tagged.append((ppath, priority))
        outcomes = [((*ppath, "outcomes", oi), o) for oi, o in enumerate(priority.outcomes)]
        for ti, theme in enumerate(priority.themes):
            tpath = (*ppath, "themes", ti)
            levels["theme"].append((tpath, theme.id))
            tagged.append((tpath, theme))
            outcomes += [((*tpath, "outcomes", oi), o) for oi, o in enumerate(theme.outcomes)]
        for opath, outcome in outcomes:
            levels["outcome"].append((opath, outcome.id))
            tagged.append((opath, outcome))
            for di, deliverable in enumerate(outcome.deliverables):
                dpath = (*opath, "deliverables", di)
                levels["deliverable"].append((dpath, deliverable.id))
                tagged.append((dpath, deliverable))
                for mi, milestone in enumerate(deliverable.milestones):
                    levels["milestone"].append(((*dpath, "milestones", mi), milestone.id))
    for level, items in levels.items():
        label = getattr(plan.levels, level).lower()
        _duplicates(plan_doc, items, label, log, names_a_file=level == "priority")
    if reference is None:
        return
    singles = {"directorate": "directorates", "lens": "lenses"}
    multiples = {
        "portfolio": "portfolios",
        "lead_officer": "officers",
        "equality_objectives": "equality_objectives",
        "directions": "directions",
    }
    for path, item in tagged:
        for attr, kind in singles.items():
            value = getattr(item, attr, None)
            if value is not None and value not in reference.ids(kind):
                _dangling(plan_doc, (*path, attr), value, kind, reference, log)
        for attr, kind in multiples.items():
            values = list(getattr(item, attr, ()))
            for j, value in enumerate(values):
                if value not in reference.ids(kind):
                    at = (*path, attr, j) if (*path, attr, j) in plan_doc.lines else (*path, attr)
                    _dangling(plan_doc, at, value, kind, reference, log)


def _duplicates(
    doc: YamlDocument,
    items: list[tuple[KeyPath, str]],
    what: str,
    log: ProblemLog,
    names_a_file: bool = False,
) -> None:
    """An id used twice; with ``names_a_file`` (directorates, portfolios, priorities: each is
    a report file) also two ids equal but for case, which share a file on Windows and macOS."""
    first: dict[str, KeyPath] = {}
    folded: dict[str, tuple[KeyPath, str]] = {}
    for path, id_ in items:
        at = doc.line((*path, "id"))
        if id_ in first:
            earlier = doc.line((*first[id_], "id"))
            log.add(doc.rel, at, key_path((*path, "id")), id_,
                    f"{what} id {id_!r} is used twice (first at line {earlier})",
                    f"a unique {what} id")  # fmt: skip
            continue
        first[id_] = path
        other_path, other = folded.setdefault(id_.casefold(), (path, id_))
        if names_a_file and other != id_:
            log.add(doc.rel, at, key_path((*path, "id")), id_,
                    f"{what} id {id_!r} differs from {other!r} (line "
                    f"{doc.line((*other_path, 'id'))}) only in case: their reports would share "
                    "one file on Windows and macOS",
                    f"a {what} id that differs from every other in more than case")  # fmt: skip


def _dangling(
    doc: YamlDocument,
    path: KeyPath,
    value: str,
    kind: str,
    reference: Reference,
    log: ProblemLog,
    valid: set[str] | None = None,
) -> None:
    log.add(
        doc.rel,
        doc.line(path),
        key_path(path),
        value,
        f"{value!r} is not in the {kind.replace('_', ' ')} list of reference.yaml",
        id_hint(reference, kind, value, valid),
    )
