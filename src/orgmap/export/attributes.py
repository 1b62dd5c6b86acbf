"""The one attribute table every export is cut from, and the graph built from it.

Every format carries the same facts under the same names, so a column seen in
Gephi's Data Laboratory is the one in the CSV and in the JSON. The attribute
table is built here (`node_attributes`, `edge_attributes`); the writers
(`tabular.py`, `xml.py`, one module per format) only lay it out. Rules that keep every reader happy:

* A missing value is left out (no `None`, no empty string), so no reader sees a
  value the data does not have. A column or key appears when at least one row
  has a value.
* Each attribute has one type everywhere (`NODE_FIELDS`, `EDGE_FIELDS`); lists
  (aliases, `as_of`, citations) are joined with "; " except in JSON, which keeps
  them as arrays.
* Nodes are sorted by entity id and edges by edge id, and nothing depends on the
  clock or the machine: the same data gives byte-identical files that diff
  cleanly in git.
* Every file is written atomically (`atomic.write_atomic`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..style import category_colour, edge_style, kind_size, rgb
from ..vocab import RELATIONS

if TYPE_CHECKING:
    import networkx as nx

    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity

#: Joins the items of a list attribute in the formats that have no lists.
LIST_SEPARATOR = "; "

#: Node attributes in column order, with their one type (`list` means list of text).
NODE_FIELDS: dict[str, type] = {
    "label": str, "name": str, "name_zh": str, "kind": str, "category": str,
    "aliases": list, "description": str, "url": str, "start": str, "end": str,
    "identifiers": list, "sources": list, "color": str, "r": int, "g": int, "b": int,
    "size": int,
}
#: Edge attributes in column order. `type` is the relation type (`relation` in the CSV,
#: where Gephi reserves `Type` for Directed/Undirected); `status` only on dated selections.
EDGE_FIELDS: dict[str, type] = {
    "label": str, "type": str, "role": str, "role_zh": str, "start": str, "end": str,
    "ended_by": str, "as_of": list, "directed": bool, "note": str, "sources": list,
    "status": str, "color": str, "r": int, "g": int, "b": int, "weight": float,
}

Value = str | int | float | bool | list[str]
Flat = str | int | float | bool


# -- the attribute table ---------------------------------------------------------

def node_attributes(entity: Entity) -> dict[str, Value]:
    """One entity's attributes in `NODE_FIELDS` order, missing values left out."""
    colour = category_colour(entity.category)
    r, g, b = rgb(colour)
    values: dict[str, Value | None] = {
        "label": entity.label, "name": entity.name, "name_zh": entity.name_zh,
        "kind": entity.kind, "category": entity.category, "aliases": list(entity.aliases),
        "description": entity.description, "url": entity.url, "start": _text(entity.start),
        "end": _text(entity.end),
        "identifiers": [f"{k}: {v}" for k, v in sorted(entity.identifiers.items())],
        "sources": [str(c) for c in entity.sources], "color": colour, "r": r, "g": g, "b": b,
        "size": kind_size(entity.kind),
    }
    return _present(values)


def edge_attributes(edge: Edge, status: str | None = None) -> dict[str, Value]:
    """One edge's attributes in `EDGE_FIELDS` order; `status` is "yes"/"maybe" on dated
    selections. The label is the role title when there is one, else the relation's label."""
    colour = str(edge_style(edge.type)["color"])
    r, g, b = rgb(colour)
    values: dict[str, Value | None] = {
        "label": edge_label(edge), "type": edge.type, "role": edge.role,
        "role_zh": edge.role_zh, "start": _text(edge.start), "end": _text(edge.end),
        "ended_by": _text(edge.ended_by), "as_of": [str(d) for d in edge.as_of],
        "directed": edge.directed, "note": edge.note,
        "sources": [str(c) for c in edge.sources],
        "status": None if status is None else str(status), "color": colour,
        "r": r, "g": g, "b": b, "weight": 1.0,
    }
    return _present(values)


def edge_label(edge: Edge) -> str:
    """'Director (主任)', 'Director', '主任', or the relation's label such as 'part of'."""
    if edge.role and edge.role_zh:
        return f"{edge.role} ({edge.role_zh})"
    return edge.role or edge.role_zh or RELATIONS[edge.type].label


def flat(values: dict[str, Value]) -> dict[str, Flat]:
    """The same attributes with every list joined by "; ", for formats without lists."""
    return {k: LIST_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in values.items()}


def ordered_entities(dataset: Dataset) -> list[Entity]:
    return [dataset.entities[i] for i in sorted(dataset.entities)]


def ordered_edges(dataset: Dataset) -> list[Edge]:
    return sorted(dataset.edges, key=lambda e: e.id or "")


def used_fields(fields: dict[str, type], rows: Iterable[dict[str, Any]]) -> list[str]:
    """Field names at least one row has a value for, in `fields` order."""
    seen: set[str] = set()
    for row in rows:
        seen.update(row)
    return [name for name in fields if name in seen]


def export_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """The graph exactly as exported: nodes by entity id, edges keyed by edge id, the
    attribute table as data (lists kept as lists)."""
    import networkx as nx

    graph = nx.MultiDiGraph(name="orgmap")
    for entity in ordered_entities(dataset):
        graph.add_node(entity.id, **node_attributes(entity))
    for edge in ordered_edges(dataset):
        graph.add_edge(edge.source, edge.target, key=edge.id,
                       **edge_attributes(edge, dataset.status.get(edge.id or "")))
    return graph


# -- helpers ------------------------------------------------------------------------

def _text(date: object) -> str | None:
    return None if date is None else str(date)


def _present(values: dict[str, Value | None]) -> dict[str, Value]:
    return {k: v for k, v in values.items() if v is not None and v != "" and v != []}
