"""What the page's chart view carries: boxes with slots, holders, lines, years, the note.

Plain data for `script_json`; the page's chart script (assets/orgmap-chart.js)
builds the boxes with `textContent` only. Per-year letters (y, m, n) come from
`dates.status_during`, as for the network view, so the year control and `--at`
agree: a box is in force in a year when one of its bodies is, a holder when
one of their roles there is, a line when one of its relations is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..data.dates import NO, Status, parse_partial_date, status_during
from ..style import category_colour, edge_style
from .data import label_colour

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.dates import Span
    from .chart_boxes import Chart, Holder
    from .chart_layout import Placement


#: The page's chart view draws up to this many bodies; a larger selection gets a note
#: instead (laying out and drawing thousands of boxes takes too long to be of use).
PAGE_BOX_LIMIT = 1000


def page_chart(dataset: Dataset, *, years: tuple[int, int] | None, **selection: Any
               ) -> dict[str, Any]:
    """The chart view's data for the page: the chart of the selection, placed by igraph."""
    from .chart_boxes import HOLDER_LIMIT, assemble, chart_layers
    from .chart_layout import place

    dated, layers = chart_layers(dataset, **selection)
    count = len(layers.members)  # every box is in one tier
    if count > PAGE_BOX_LIMIT:
        return {"boxes": [], "links": [], "alone": [], "tiers": 0, "undrawn": [],
                "limit": HOLDER_LIMIT, "omitted": count}
    chart = assemble(dated, layers, selection.get("at"))
    assert chart.layers is not None
    found = chart_data(chart, place(chart.layers), dataset, years)
    found["limit"] = HOLDER_LIMIT
    return found


def chart_data(chart: Chart, placement: Placement, dataset: Dataset,
               years: tuple[int, int] | None) -> dict[str, Any]:
    """The chart as JSON-ready data; `years` (first, last) adds per-year letters."""
    periods = ([parse_partial_date(str(y)) for y in range(years[0], years[1] + 1)]
               if years else [])
    edges = dataset.edge_by_id

    def letters(spans: list[Span]) -> str:
        return "".join(_best(spans, period).letter for period in periods)

    boxes = []
    for box_id, box in chart.boxes.items():
        head = dataset.entities[box_id]
        colour = category_colour(head.category)
        boxes.append({
            "id": box_id,
            "tier": box.tier,
            "x": placement.x.get(box_id),
            "colour": colour,
            "ink": label_colour(colour),
            "names": [[dataset.entities[m].name, dataset.entities[m].name_zh or ""]
                      for m in box.members],
            "members": list(box.members),
            "holders": [_holder(h, dataset, letters, edges) for h in box.holders],
            "years": letters([dataset.entities[m].span for m in box.members]),
        })
    links = []
    for link, route in zip(chart.links, placement.routes, strict=True):
        style = edge_style(link.type)
        links.append({
            "from": link.parent, "to": link.child, "type": link.type, "kind": link.kind,
            "edges": list(link.edges), "route": route, "colour": style["color"],
            "years": letters([edges[e].span for e in link.edges]),
        })
    return {
        "boxes": boxes,
        "links": links,
        "alone": placement.alone,
        "tiers": len(chart.tiers),
        "undrawn": [f"{item.text}: {item.reason}" for item in chart.undrawn],
    }


def _holder(holder: Holder, dataset: Dataset, letters: Any, edges: dict[str, Any]
            ) -> dict[str, Any]:
    from .figure import short_name

    return {
        "person": holder.person,
        "text": holder.text(),
        "via": [short_name(dataset, body) for body in holder.via],
        "status": Status(holder.status).letter,
        "elsewhere": [_place_name(dataset, place) for place in holder.elsewhere],
        "edges": list(holder.edges),
        "years": letters([edges[e].span for e in holder.edges]),
    }


def _place_name(dataset: Dataset, place: str) -> str:
    return dataset.entities[place].name


def _best(spans: list[Span], period: Any) -> Status:
    """The strongest answer of any span: yes if one is in force in the period, and so on."""
    return max((status_during(span, period) for span in spans), key=lambda s: s.rank,
               default=NO)
