"""Safe, semantic HTML building blocks for reports.

Everything that comes from data is escaped: only :class:`Html` strings built here are
trusted as markup. :class:`Html` is a ``markupsafe.Markup``, so escaping is the default: ``+``,
``%``, ``.join`` and ``.format`` escape every operand that is not already ``Html``, and hidden
control and bidi characters are shown as ``[U+202E]`` (``plan.text_safety``). Commentary
containing ``<script>``, Markdown or ``=HYPERLINK(...)`` therefore renders as inert text.
Classes refer to ``report/static/components.css``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Self

import markupsafe
import pandas as pd

from pmaf_lib.plan.text_safety import visible_controls
from pmaf_lib.report import signals
from pmaf_lib.report.signals import is_blank, text_of

EMPTY_CELL = "–"
# notebook front ends (MathJax) must not typeset "$...$" found in commentary
MATHJAX_IGNORE = "tex2jax_ignore mathjax_ignore"


class Html(markupsafe.Markup):
    """A string of trusted markup; notebooks display it as HTML directly.

    ``Html('<b class="x">{}</b>').format(word)`` escapes ``word``; ``Html(text)`` trusts
    ``text``, so only pmaf's own literals and builders call it.
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> Self:
        """``s`` as inert text (hidden characters made visible), or ``s`` if it is markup."""
        if type(s) is str and cls is Html:
            return _escaped_text(s)  # type: ignore[return-value]
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(markupsafe.escape(visible_controls(str(s))))

    def _repr_html_(self) -> str:
        return str(self)


@functools.lru_cache(maxsize=1 << 16)
def _escaped_text(text: str) -> Html:
    """A plain ``str`` escaped; a report escapes the same labels, units and figures thousands
    of times."""
    return Html(markupsafe.escape(visible_controls(text)))


def escape(value: Any) -> Html:
    """``value`` as inert HTML text; None and NaN give "" (an :class:`Html` value passes)."""
    if is_blank(value) and not isinstance(value, str):
        return Html("")
    return Html.escape(value)


def classes(*names: str | None) -> str:
    """A ``class`` attribute value from the non-empty names."""
    return " ".join(n for n in names if n)


def join(parts: Iterable[Any], separator: str = "") -> Html:
    """Concatenate parts, escaping any that are not already :class:`Html`."""
    return escape(separator).join(escape(part) for part in parts)


def attributes(**attrs: Any) -> Html:
    """`` name="value"`` pairs, escaped; ``class_`` becomes ``class``; None/False are skipped."""
    # f-strings, not Html.format (about 15 times slower): each value passes through escape()
    return Html(
        "".join(
            f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not None and value is not False
        )
    )


def element(tag: str, content: Any = "", **attrs: Any) -> Html:
    """``<tag attrs>content</tag>`` with ``content`` escaped unless it is :class:`Html`."""
    return Html(f"<{tag}{attributes(**attrs)}>{escape(content)}</{tag}>")


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(*parts: Any) -> str:
    """An ``id``-safe slug, e.g. ``slug("exception", "FIN01")`` -> ``exception-fin01``."""
    text = "-".join(text_of(p) for p in parts if text_of(p))
    return _SLUG.sub("-", text.lower()).strip("-") or "item"


def paragraph(content: Any, class_: str | None = None) -> Html:
    """A paragraph of text (escaped) or markup (:class:`Html`)."""
    return element("p", content, class_=classes("pmaf-text", class_))


def user_text(value: Any, empty: str = "None provided.") -> Html:
    """Free text written by a service (commentary, actions): inert, wraps, keeps line breaks."""
    text = text_of(value)
    if not text:
        return element("p", empty, class_="pmaf-text pmaf-muted")
    return element("p", text, class_="pmaf-text pmaf-user-text")


def heading(level: int, content: Any, id_: str | None = None) -> Html:
    """``<h2>``..``<h6>`` with an optional id (``<h1>`` belongs to the cover block)."""
    if not 2 <= level <= 6:
        raise ValueError("sections use h2-h6; the page's single h1 comes from the cover")
    return element(f"h{level}", content, id=id_)


def section(title: Any, body: Any, id_: str, level: int = 2, class_: str | None = None) -> Html:
    """``<section>`` labelled by its heading."""
    return element(
        "section",
        join([heading(level, title, id_), body]),
        class_=classes("pmaf-section", MATHJAX_IGNORE, class_),
        aria_labelledby=id_,
    )


def bullet_list(items: Iterable[Any], class_: str | None = None) -> Html:
    """``<ul>`` of escaped items (or :class:`Html` items)."""
    rows = join(element("li", item) for item in items)
    return element("ul", rows, class_=classes("pmaf-list", class_))


def definition_list(items: Iterable[tuple[Any, Any]], class_: str | None = None) -> Html:
    """``<dl>`` of (term, description) pairs; blank descriptions show an en dash."""
    body = join(
        join([element("dt", term), element("dd", EMPTY_CELL if _blank(desc) else desc)])
        for term, desc in items
    )
    return element("dl", body, class_=classes("pmaf-dl", class_))


def _blank(value: Any) -> bool:
    return not isinstance(value, Html) and is_blank(value)


def chart_figure(chart: Html, caption: Any) -> Html:
    """``<figure>`` holding a chart drawn as inline SVG (labelled itself) and its caption."""
    return element("figure", join([chart, element("figcaption", caption)]), class_="pmaf-figure")


# -- status badges --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BadgeStyle:
    """Symbol, word and colour tone of one status."""

    symbol: str
    word: str
    tone: str


RAG_BADGES = {
    "Green": BadgeStyle("✔", "Green", "green"),
    "Amber": BadgeStyle("◆", "Amber", "yellow"),
    "Red": BadgeStyle("✖", "Red", "red"),
    "no target": BadgeStyle("–", "No target", "grey"),
    "no data": BadgeStyle("?", "No data", "grey"),
    "not due": BadgeStyle("◷", "Not due", "grey"),
}
TRAVEL_BADGES = {
    "improving": BadgeStyle("↑", "Improving", "green"),
    "worsening": BadgeStyle("↓", "Worsening", "red"),
    "no change": BadgeStyle("→", "No change", "grey"),
    "higher": BadgeStyle("↑", "Higher", "blue"),
    "lower": BadgeStyle("↓", "Lower", "blue"),
    "no comparison": BadgeStyle("–", "No comparison", "grey"),
}
VARIATION_BADGES = {
    "improvement": BadgeStyle("▲", "Improvement", "blue"),
    "concern": BadgeStyle("▼", "Concern", "orange"),
    "neutral": BadgeStyle("■", "Neither", "purple"),
    "common": BadgeStyle("●", "Common cause", "grey"),
    "none": BadgeStyle("–", "Too few points", "grey"),
}
ASSURANCE_BADGES = {
    "pass": BadgeStyle("P", "Pass", "blue"),
    "fail": BadgeStyle("F", "Fail", "orange"),
    "inconsistent": BadgeStyle("?", "Inconsistent", "grey"),
    "none": BadgeStyle("–", "Not assessed", "grey"),
}
MILESTONE_BADGES = {
    "overdue": BadgeStyle("✖", "Overdue", "red"),
    "at risk": BadgeStyle("◆", "At risk", "yellow"),
    "on track": BadgeStyle("●", "On track", "green"),
    "not started": BadgeStyle("○", "Not started", "grey"),
    "deferred": BadgeStyle("»", "Deferred", "purple"),
    "complete": BadgeStyle("✔", "Complete", "green"),
}
JUDGEMENT_BADGES = {
    "substantial": BadgeStyle("✔", "Substantial assurance", "green"),
    "reasonable": BadgeStyle("●", "Reasonable assurance", "blue"),
    "limited": BadgeStyle("◆", "Limited assurance", "yellow"),
    "no assurance": BadgeStyle("✖", "No assurance", "red"),
    None: BadgeStyle("–", "Not judged", "grey"),
}


def badge(style: BadgeStyle, detail: str = "") -> Html:
    """A status badge: a symbol (hidden from screen readers) and always a word."""
    word = f"{style.word} {detail}".strip()
    return Html(
        '<span class="pmaf-badge pmaf-badge--{}">'
        '<span class="pmaf-badge__symbol" aria-hidden="true">{}</span> {}</span>'
    ).format(style.tone, style.symbol, word)


def rag_badge(value: Any) -> Html:
    """RAG status, e.g. ``✔ Green``, ``✖ Red``, ``◷ Not due``."""
    return badge(RAG_BADGES[signals.rag_key(value)])


def travel_badge(value: Any) -> Html:
    """Direction of travel, e.g. ``↑ Improving``, ``↓ Worsening``, ``→ No change``."""
    return badge(TRAVEL_BADGES[signals.travel_key(value)])


def variation_badge(value: Any) -> Html:
    """SPC variation, e.g. ``▼ Concern (high)``, ``● Common cause``."""
    variation = signals.variation_of(value)
    detail = f"({variation.side})" if variation.side else ""
    return badge(VARIATION_BADGES[variation.kind], detail)


def assurance_badge(value: Any) -> Html:
    """SPC assurance: ``P Pass``, ``F Fail``, ``? Inconsistent``, ``– Not assessed``."""
    return badge(ASSURANCE_BADGES[signals.assurance_key(value)])


def milestone_badge(value: Any) -> Html:
    """Milestone status, e.g. ``✖ Overdue``, ``◆ At risk``, ``✔ Complete``."""
    return badge(MILESTONE_BADGES[signals.milestone_key(value)])


def judgement_badge(value: Any) -> Html:
    """Direction assurance judgement, e.g. ``◆ Limited assurance``."""
    return badge(JUDGEMENT_BADGES[signals.judgement_key(value)])


# -- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: ``key`` in the frame, a visible ``label``, and an optional ``render``
    taking the whole row (a mapping) and returning text or :class:`Html`. ``numeric`` cells are
    right-aligned and kept on one line; ``free_text`` cells (commentary) wrap anywhere."""

    key: str
    label: str
    render: Callable[[Mapping[str, Any]], Any] | None = None
    numeric: bool = False
    free_text: bool = False

    @property
    def cell_class(self) -> str | None:
        return (
            classes("pmaf-num" if self.numeric else None, "pmaf-free" if self.free_text else None)
            or None
        )

    def cell(self, row: Mapping[str, Any]) -> Any:
        return self.render(row) if self.render else row.get(self.key)


ColumnSpec = Column | str | tuple[str, str]


def _as_column(spec: ColumnSpec) -> Column:
    if isinstance(spec, Column):
        return spec
    if isinstance(spec, tuple):
        return Column(spec[0], spec[1])
    return Column(spec, spec.replace("_", " ").capitalize())


def data_table(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]],
    caption: Any,
    columns: Sequence[ColumnSpec] | None = None,
    row_header: ColumnSpec | None = None,
    empty_message: str | None = None,
    class_: str | None = None,
) -> Html:
    """An accessible ``<table>``: ``<caption>``, ``<th scope="col">`` headers and, when
    ``row_header`` is given, a ``<th scope="row">`` first cell in every row.

    ``rows`` is a frame or its records (a chart's table of display text is built as records).
    ``columns`` are :class:`Column` objects, ``(key, label)`` pairs or keys (labelled from the
    key). Values are escaped unless a column's ``render`` returns :class:`Html`. No rows
    give a paragraph (``empty_message``) instead of an empty table.
    """
    if isinstance(rows, pd.DataFrame):
        keys = list(rows.columns)
        records = [] if rows.empty else rows.to_dict("records")
    else:
        keys = list(rows[0]) if rows else []
        records = list(rows)
    if not records:
        return paragraph(empty_message or f"{text_of(caption)}: none.", "pmaf-empty")
    specs = [_as_column(c) for c in (columns or keys)]
    header = _as_column(row_header) if row_header is not None else None
    all_columns = ([header] if header else []) + specs
    for column in all_columns:
        if not column.label.strip():
            raise ValueError(f"column {column.key!r} needs a visible header label")
    head = join(
        element("th", c.label, scope="col", class_="pmaf-num" if c.numeric else None)
        for c in all_columns
    )
    # each column's opening tag is the same on every row: built (and escaped) once
    opening = [
        # the card layout on a phone shows data-label beside the value
        (c, f"<td{attributes(class_=c.cell_class, data_label=c.label)}>")
        for c in specs
    ]
    body_rows = []
    for row in records:
        cells = []
        if header:
            title = header.cell(row)
            cells.append(element("th", "Untitled" if _blank(title) else title, scope="row"))
        for c, tag in opening:
            value = c.cell(row)
            cells.append(f"{tag}{EMPTY_CELL if _blank(value) else escape(value)}</td>")
        body_rows.append(f"<tr>{''.join(cells)}</tr>")
    table = element(
        "table",
        join(
            [
                element("caption", caption),
                element("thead", element("tr", head)),
                element("tbody", Html("".join(body_rows))),
            ]
        ),
        class_=classes("pmaf-table", class_),
    )
    return element(
        "div",
        table,
        class_="pmaf-table-wrap",
        role="region",
        aria_label=text_of(caption),
        tabindex="0",
    )


def components_css() -> str:
    """The stylesheet for these components (``report/static/components.css``), to inline."""
    return resources.files("pmaf_lib.report").joinpath("static/components.css").read_text("utf-8")
