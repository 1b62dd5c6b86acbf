"""The data the org-chart page carries: details for tooltips, years, legend, safe JSON.

Everything here is plain Python data; `network.py` turns it into the page. Curated
text is kept as text: the page's script puts it into the document with
`textContent`, never as markup, and `script_json` makes the JSON safe to embed
inside a `<script>` element whatever the strings contain.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from ..data.dates import Status, parse_partial_date, period_text, year_letters
from ..data.model import is_http_url
from ..style import (
    EDGE_STYLES,
    KIND_SHAPES,
    TIE_LEGEND,
    TIE_STYLE,
    category_colour,
    category_label,
    edge_style,
    kind_shape,
)
from ..text import shorten
from ..vocab import KINDS, RELATIONS

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.dates import Span
    from ..data.model import Citation, Edge, Entity

#: Labels longer than this are shortened on the canvas (the tooltip has them in full).
LABEL_LIMIT = 60

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no '<', '>' or '&' survive literally.

    So no string can close the element (`</script>`), open an HTML comment
    (`<!--`) or start a character reference; JSON.parse gives the text back unchanged.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


def node_label(entity: Entity) -> str:
    """English name over the Chinese name, each shortened if very long."""
    lines = [shorten(entity.name, LABEL_LIMIT)]
    if entity.name_zh:
        lines.append(shorten(entity.name_zh, LABEL_LIMIT))
    return "\n".join(lines)


def cited_document(citation: Citation, catalogue: Dataset) -> tuple[str, str | None]:
    """What a citation points at, as (text, http(s) URL or None), without its locator."""
    if citation.ref is not None:
        document = catalogue.entities.get(citation.ref)
        if document is None:
            return citation.ref, None
        url = document.url if document.url and is_http_url(document.url) else None
        return document.name, url
    url = citation.url if citation.url and is_http_url(citation.url) else None
    return citation.url or "", url


def citation_details(citation: Citation, catalogue: Dataset) -> dict[str, str]:
    """A citation as {'text': ..., 'url': ...}; a URL only when it is http(s)."""
    text, url = cited_document(citation, catalogue)
    details = {"url": url} if url else {}
    details["text"] = f"{text}, {citation.locator}" if citation.locator else text
    return details


class Documents:
    """The documents a page cites, each carried once; citations name them by number.

    A large page cites a few thousand documents from hundreds of thousands of
    relations: repeating each document's name and URL in every citation would
    make up most of the page.
    """

    def __init__(self, catalogue: Dataset) -> None:
        self.catalogue = catalogue
        self.numbers: dict[tuple[str, str | None], int] = {}
        self.items: list[dict[str, str]] = []

    def cite(self, citation: Citation) -> list[Any]:
        """[document number] or [document number, locator]; the page joins them as
        `citation_details` does."""
        key = cited_document(citation, self.catalogue)
        if key not in self.numbers:
            self.numbers[key] = len(self.items)
            text, url = key
            self.items.append({"text": text, "url": url} if url else {"text": text})
        number = self.numbers[key]
        return [number, citation.locator] if citation.locator else [number]


def node_details(entity: Entity, documents: Documents) -> dict[str, Any]:
    """What a reader sees about an entity: every descriptive field, as text."""
    details: dict[str, Any] = {
        "name": entity.name,
        "kind": KIND_SHAPES.get(entity.kind, ("", entity.kind))[1],
        "category": category_label(entity.category),
    }
    optional = {
        "name_zh": entity.name_zh,
        "aliases": list(entity.aliases),
        "description": entity.description,
        "dates": period_text(entity.start, entity.end),
        "url": entity.url if entity.url and is_http_url(entity.url) else None,
        "identifiers": [[key, value] for key, value in sorted(entity.identifiers.items())],
        "sources": [documents.cite(c) for c in entity.sources],
    }
    details.update({key: value for key, value in optional.items() if value})
    return details


def edge_details(edge: Edge, documents: Documents) -> dict[str, Any]:
    """What a reader sees about a relation besides its ends and type (carried in the
    network's columns): role, dates, note and sources."""
    optional = {
        "role": edge.role,
        "role_zh": edge.role_zh,
        "dates": period_text(edge.start, edge.end, edge.as_of, edge.ended_by),
        "note": edge.note,
        "sources": [documents.cite(c) for c in edge.sources],
    }
    return {key: value for key, value in optional.items() if value}


def status_letters() -> dict[str, str]:
    """`Status` value -> letter, embedded in the page so its script decodes the per-year
    strings and the selection's statuses with the one vocabulary."""
    return {status.value: status.letter for status in Status}


def year_range(dataset: Dataset) -> tuple[int, int] | None:
    """First and last year named by any date in the data, or None when nothing is dated."""
    years: list[int] = []
    for entity in dataset.entities.values():
        years += [d.first_date().year for d in (entity.start, entity.end) if d]
    for edge in dataset.edges:
        dates = [d for d in (edge.start, edge.end, edge.ended_by) if d] + list(edge.as_of)
        years += [d.first_date().year for d in dates]
    if not years:
        return None
    return min(years), max(years)


def year_statuses(dataset: Dataset, first: int, last: int) -> dict[str, list[Any]]:
    """For each entity and edge, one letter per year from `first` to `last` (`Status.letter`).

    The answers are `dates.status_during`'s (see `dates.year_letters`), the rule `--at` uses, so
    the page's year control and the command line never disagree. Items listed
    in the order of `dataset.entities` and `dataset.edges` name their string
    of letters by number in `patterns`: read year by year, hundreds of
    thousands of relations have a few thousand histories, each carried once.
    """
    years = [parse_partial_date(str(year)) for year in range(first, last + 1)]
    starts = [year.first for year in years]
    ends = [year.end_exclusive for year in years]
    by_span: dict[Span, int] = {}
    by_text: dict[str, int] = {}

    def pattern(span: Span) -> int:
        if span not in by_span:
            text = year_letters(span, starts, ends)
            by_span[span] = by_text.setdefault(text, len(by_text))
        return by_span[span]

    return {
        "nodes": [pattern(e.span) for e in dataset.entities.values()],
        "edges": [pattern(e.span) for e in dataset.edges],
        "patterns": list(by_text),
    }


def label_colour(background: str) -> str:
    """Dark or white text, whichever reads better on `background` ('#rrggbb')."""
    value = background.lstrip("#")
    red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#1b2631" if luminance > 0.55 else "#ffffff"


def legend(dataset: Dataset, *, ties: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The categories, kinds and relation types present, with their look and counts.

    With `ties` (the people network), every line is a tie and has one entry of its own."""
    categories = Counter(e.category or "" for e in dataset.entities.values())
    kinds = Counter(e.kind for e in dataset.entities.values())
    types = Counter(e.type for e in dataset.edges)
    return {
        "categories": [
            {"label": category_label(name or None), "colour": category_colour(name or None),
             "count": count}
            for name, count in sorted(categories.items(), key=lambda item: (-item[1], item[0]))
        ],
        "kinds": [
            {"label": KIND_SHAPES.get(kind, ("", kind))[1], "shape": kind_shape(kind),
             "count": kinds[kind]}
            for kind in KINDS if kinds[kind]
        ],
        "edges": [
            {"label": TIE_LEGEND, "count": len(dataset.edges), **_legend_line(TIE_STYLE)}
        ] if ties and dataset.edges else [
            {"label": RELATIONS[name].label, "count": types[name],
             **_legend_line(edge_style(name))}
            for name in EDGE_STYLES if types[name]
        ],
    }


def _legend_line(style: dict[str, object]) -> dict[str, Any]:
    dashes = style["dashes"]
    return {
        "colour": style["color"],
        "dasharray": " ".join(str(d) for d in dashes) if isinstance(dashes, list) else "",
        "arrow": bool(style["arrows"]),
        "width": style["width"],
    }
