"""Reading YAML that anyone could have written, without letting it exhaust the machine.

The rules (each applies to plan.yaml, reference.yaml and the run's params file):

1. Anchors and aliases (``&name``, ``*name``) are refused at the first one, with its line: a
   "billion laughs" alias bomb expands a few hundred bytes into gigabytes, and a recursive
   alias never ends. A council's plan has no need for them.
2. Nesting deeper than :data:`MAX_DEPTH` levels is refused (the plan needs about ten), so a
   file of ``[[[[…`` cannot overflow the parser's recursion.
3. Files larger than :data:`MAX_BYTES` are refused before parsing.
4. A key given twice in one mapping (a second ``due:``) is reported with the lines of both;
   YAML would otherwise keep the last silently.

PyYAML's pure-Python composer is extended rather than replaced: the checks sit where it builds
each node, so a file is parsed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 40
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """``key`` appears at ``first_line`` and again at ``line`` of the same mapping."""

    key: str
    first_line: int
    line: int

    def __str__(self) -> str:
        where = f"lines {self.first_line} and {self.line}"
        return f"key {self.key!r} appears twice in one section: {where}"


class UnsafeYaml(yaml.MarkedYAMLError):
    """YAML that pmaf refuses to read (rules 1-3); ``problem_mark`` holds the line."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _Guard:
    """Mix-in for a PyYAML loader: rules 1, 2 and 4 at each node."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)  # type: ignore[call-arg]
        self.depth = 0
        self.duplicates: list[DuplicateKey] = []

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise UnsafeYaml(
                f"anchors and aliases (&{event.anchor}, *{event.anchor}) are not allowed; "
                "write the value out in full",
                event.start_mark,
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise UnsafeYaml(f"is nested more than {MAX_DEPTH} levels deep", event.start_mark)
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1

    def compose_mapping_node(self, anchor: str | None) -> yaml.MappingNode:
        node = super().compose_mapping_node(anchor)  # type: ignore[misc]
        seen: dict[str, int] = {}
        for key_node, _value in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            if key_node.value in seen:
                self.duplicates.append(DuplicateKey(key_node.value, seen[key_node.value], line))
            else:
                seen[key_node.value] = line
        return node


class GuardedBaseLoader(_Guard, yaml.BaseLoader):
    """Every scalar as text (the plan's reader)."""


class GuardedSafeLoader(_Guard, yaml.SafeLoader):
    """Typed scalars: numbers, booleans, null (the params reader)."""


def _check_size(text: str) -> None:
    if len(text) > MAX_BYTES:
        raise UnsafeYaml(f"is larger than {MAX_BYTES // (1024 * 1024)} MB")


def compose(text: str) -> tuple[yaml.Node | None, list[DuplicateKey]]:
    """The document's node tree (scalars as text) and any duplicated keys.

    ``compose("a: 1\\na: 2")[1]`` -> ``[DuplicateKey("a", 1, 2)]``; raises :class:`UnsafeYaml`
    (or another ``yaml.YAMLError`` for broken syntax).
    """
    _check_size(text)
    loader = GuardedBaseLoader(text)
    try:
        return loader.get_single_node(), loader.duplicates
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """Typed data (like ``yaml.safe_load``) under rules 1-4; a duplicate key raises."""
    _check_size(text)
    loader = GuardedSafeLoader(text)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    if loader.duplicates:
        raise UnsafeYaml("; ".join(str(d) for d in loader.duplicates))
    return data
