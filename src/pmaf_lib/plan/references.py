"""Hints for a reference that does not match an id: the closest id, or the id whose person
or title was typed instead ("'Chris Naylor' is the name of officer OFF-CEX")."""

from __future__ import annotations

from collections.abc import Iterable

from pmaf_lib.plan.model import Reference
from pmaf_lib.plan.problems import one_of

# per reference list: (attribute, how a message names it) an analyst may type instead of the id
NAME_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "officers": (("name", "name"), ("job_title", "job title")),
    "portfolios": (("cabinet_member", "Lead Member"), ("title", "title")),
    "directorates": (("name", "name"),),
    "lenses": (("name", "name"),),
    "equality_objectives": (("title", "title"),),
    "directions": (("title", "title"),),
    "benchmark_groups": (("name", "name"),),
}
SINGULAR = {
    "directorates": "directorate",
    "portfolios": "portfolio",
    "officers": "officer",
    "lenses": "lens",
    "equality_objectives": "equality objective",
    "directions": "Direction",
    "benchmark_groups": "benchmark group",
}


def _key(text: str) -> str:
    words = text.casefold().replace("cllr ", "councillor ").replace(".", " ").split()
    return " ".join(words)


def named_id(reference: Reference | None, kind: str, value: object) -> str | None:
    """``the id OFF-CEX: 'Chris Naylor' is the name of officer OFF-CEX`` when ``value`` is the
    name (or job title, Lead Member, ...) of exactly one entry of ``kind``; else None."""
    if reference is None or value is None:
        return None
    wanted = _key(str(value))
    hits = []
    for item in getattr(reference, kind, ()):
        for attr, label in NAME_FIELDS.get(kind, ()):
            text = getattr(item, attr, None)
            if text and _key(str(text)).removeprefix("councillor ") in (
                wanted,
                wanted.removeprefix("councillor "),
            ):
                hits.append((label, item.id))
                break
    if len({i for _, i in hits}) != 1:
        return None
    label, item_id = hits[0]
    return f"the id {item_id}: {str(value)!r} is the {label} of {SINGULAR[kind]} {item_id}"


def id_hint(
    reference: Reference | None, kind: str, value: object, valid: Iterable[str] | None = None
) -> str:
    """What a message expects instead of ``value``: the id named by it, else the valid ids."""
    if valid is None:
        valid = reference.ids(kind) if reference is not None else []
    return named_id(reference, kind, value) or one_of(valid, value)
