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

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import accumulate, chain
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

from ..style import category_colour, edge_style, kind_size, rgb
from ..vocab import RELATIONS

if TYPE_CHECKING:
    import networkx as nx

    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity

#: The exported graph's name (networkx's `graph.name`, node-link JSON's `graph`).
GRAPH_NAME = "orgmap"
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

#: The attributes whose values are lists, in either table.
LIST_FIELDS = frozenset(name for fields in (NODE_FIELDS, EDGE_FIELDS)
                        for name, kind in fields.items() if kind is list)

Value = str | int | float | bool | list[str]
Flat = str | int | float | bool


# -- the attribute table ---------------------------------------------------------
# Built a column at a time: a 200,000-edge export reads each field of every edge
# in one pass (most of them a `map` that runs in C) instead of making a dict per
# edge and filtering it. A row's attributes are read from the columns too, so
# there is one definition of every attribute.

#: One attribute table by field: a value per row, None where the row has none.
Columns = dict[str, list[Any]]


def node_columns(entities: Sequence[Entity]) -> Columns:
    """The entities' attributes by field, in `NODE_FIELDS` order, missing values None."""
    categories = list(map(attrgetter("category"), entities))
    colour_of = {c: category_colour(c) for c in set(categories)}
    colours = list(map(colour_of.__getitem__, categories))
    kinds = list(map(attrgetter("kind"), entities))
    columns: Columns = {
        "label": list(map(attrgetter("label"), entities)),
        "name": list(map(attrgetter("name"), entities)),
        "name_zh": list(map(attrgetter("name_zh"), entities)),
        "kind": kinds, "category": categories,
        "aliases": list(map(list, map(attrgetter("aliases"), entities))),
        "description": list(map(attrgetter("description"), entities)),
        "url": list(map(attrgetter("url"), entities)),
        "start": _texts(map(attrgetter("start"), entities)),
        "end": _texts(map(attrgetter("end"), entities)),
        "identifiers": [[f"{k}: {v}" for k, v in sorted(e.identifiers.items())]
                        for e in entities],
        "sources": _citations(entities), "color": colours,
        **_channels(colours), "size": list(map(kind_size, kinds)),
    }
    return _missing_as_none(columns, NODE_FIELDS)


def edge_columns(edges: Sequence[Edge], status: Mapping[str, object] | None = None) -> Columns:
    """The edges' attributes by field, in `EDGE_FIELDS` order, missing values None.
    `status` (edge id -> "yes"/"maybe") is given on dated selections. The label is the
    role title when there is one, else the relation's label."""
    types = list(map(attrgetter("type"), edges))
    colour_of = {t: str(edge_style(t)["color"]) for t in set(types)}
    colours = list(map(colour_of.__getitem__, types))
    directed_of = {t: RELATIONS[t].directed for t in colour_of}
    statuses = [None] * len(edges)
    if status:
        statuses = [None if s is None else str(s)
                    for s in map(status.get, (e.id or "" for e in edges))]
    roles = list(map(attrgetter("role"), edges))
    roles_zh = list(map(attrgetter("role_zh"), edges))
    # The label depends on three fields with few distinct values: made once per combination.
    keys = list(zip(roles, roles_zh, types, strict=True))
    label_of = {key: _label(*key) for key in set(keys)}
    columns: Columns = {
        "label": list(map(label_of.__getitem__, keys)), "type": types,
        "role": roles, "role_zh": roles_zh,
        "start": _texts(map(attrgetter("start"), edges)),
        "end": _texts(map(attrgetter("end"), edges)),
        "ended_by": _texts(map(attrgetter("ended_by"), edges)),
        "as_of": _each_as_text(list(map(attrgetter("as_of"), edges)), _texts),
        "directed": list(map(directed_of.__getitem__, types)),
        "note": list(map(attrgetter("note"), edges)), "sources": _citations(edges),
        "status": statuses, "color": colours, **_channels(colours),
        "weight": [1.0] * len(edges),
    }
    return _missing_as_none(columns, EDGE_FIELDS)


def rows_of(columns: Columns) -> list[dict[str, Value]]:
    """Each row's attributes (missing values left out), in field order."""
    names = list(columns)
    return [{k: v for k, v in zip(names, values, strict=True) if v is not None}
            for values in zip(*columns.values(), strict=True)]


def node_attributes(entity: Entity) -> dict[str, Value]:
    """One entity's attributes in `NODE_FIELDS` order, missing values left out."""
    return rows_of(node_columns([entity]))[0]


def edge_attributes(edge: Edge, status: str | None = None) -> dict[str, Value]:
    """One edge's attributes in `EDGE_FIELDS` order; `status` is "yes"/"maybe" on dated
    selections. The label is the role title when there is one, else the relation's label."""
    return rows_of(edge_columns([edge], None if status is None else {edge.id or "": status}))[0]


def edge_label(edge: Edge) -> str:
    """'Director (主任)', 'Director', '主任', or the relation's label such as 'part of'."""
    return _label(edge.role, edge.role_zh, edge.type)


def _label(role: str | None, role_zh: str | None, relation: str) -> str:
    if role and role_zh:
        return f"{role} ({role_zh})"
    return role or role_zh or RELATIONS[relation].label


def flat(values: dict[str, Value]) -> dict[str, Flat]:
    """The same attributes with every list joined by "; ", for formats without lists."""
    return {k: LIST_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in values.items()}


def flat_columns(columns: Columns) -> Columns:
    """`flat` a column at a time: every list joined by "; "."""
    return {name: _joined(column) if name in LIST_FIELDS else column
            for name, column in columns.items()}


def _joined(column: list[list[str] | None]) -> list[str | None]:
    if None in column:
        return [None if v is None else LIST_SEPARATOR.join(v) for v in column]
    return list(map(LIST_SEPARATOR.join, column))  # every row has a value: joined in C


def used_columns(columns: Columns) -> list[str]:
    """Field names at least one row has a value for, in column order."""
    return [name for name, column in columns.items() if column.count(None) < len(column)]


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

    graph = nx.MultiDiGraph(name=GRAPH_NAME)
    entities = ordered_entities(dataset)
    graph.add_nodes_from(zip((e.id for e in entities), rows_of(node_columns(entities)),
                             strict=True))
    edges = ordered_edges(dataset)
    graph.add_edges_from(zip((e.source for e in edges), (e.target for e in edges),
                             (e.id for e in edges),
                             rows_of(edge_columns(edges, dataset.status)), strict=True))
    return graph


# -- helpers ------------------------------------------------------------------------

def _texts(dates: Iterable[object]) -> list[str | None]:
    """Each date as text (None stays None). A dataset shares one object per distinct
    date, so each distinct object is turned into text once."""
    column = list(dates)
    if column.count(None) == len(column):  # a field no row has (often `ended_by`)
        return column
    keys = list(map(id, column))
    distinct = dict(zip(keys, column, strict=True))
    text = {key: None if d is None else str(d) for key, d in distinct.items()}
    return list(map(text.__getitem__, keys))


def _citations(items: Sequence[Entity] | Sequence[Edge]) -> list[list[str] | None]:
    """Each item's citations as `str` gives them ('doc-id, locator', or the URL), None
    for an item without any.

    The text is made over all the items' citations at once, reading their fields
    in one pass instead of calling `CitationMethods.__str__` 200,000 times; it must
    say what that method says (`tests/test_export_columns.py` holds it to it).
    """
    def texts(citations: list[Any]) -> list[str]:
        return [f"{ref or url or ''}, {locator}" if locator else ref or url or ""
                for ref, url, locator in map(attrgetter("ref", "url", "locator"), citations)]

    return _each_as_text(list(map(attrgetter("sources"), items)), texts)


def _each_as_text(groups: list[Sequence[Any]], texts: Callable[[list[Any]], list[str]]
                  ) -> list[list[str] | None]:
    """Each item's values (a tuple per item) as a list of text, None for an item with
    none; `texts` turns all the items' values into text in one call, so the work is
    done a column at a time, not a tuple at a time."""
    text = texts(list(chain.from_iterable(groups)))
    counts = list(map(len, groups))
    ends = list(accumulate(counts))
    lists = list(map(text.__getitem__, map(slice, [0, *ends[:-1]], ends)))
    return [values or None for values in lists] if 0 in counts else lists


def _channels(colours: list[str]) -> dict[str, list[int]]:
    """The r, g and b columns of a colour column."""
    channels = {c: rgb(c) for c in set(colours)}
    values = list(map(channels.__getitem__, colours))
    return {name: list(map(itemgetter(n), values)) for n, name in enumerate("rgb")}


def _missing_as_none(columns: Columns, fields: dict[str, type]) -> Columns:
    """Empty text and empty lists are missing values too; columns in `fields` order."""
    empty = {str: "", list: []}
    return {name: _empty_as_none(columns[name], empty[kind]) if kind in empty
            else columns[name] for name, kind in fields.items()}


def _empty_as_none(column: list[Any], empty: str | list[str]) -> list[Any]:
    if empty in column:  # searched in C; models never hold empty text
        return [v or None for v in column]
    return column
