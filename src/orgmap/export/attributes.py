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
from itertools import chain, islice, repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

from ..data.records import label_of
from ..style import category_colour, edge_style, kind_size, rgb
from ..vocab import RELATIONS

if TYPE_CHECKING:
    import networkx as nx

    from ..data.dataset import Dataset
    from ..data.dates import PartialDate
    from ..data.entry import Store
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

#: The fields of an entity and of an edge the table is made from. Dates and citations
#: become their text (`_fields_of_items`, `_fields_of_entry`); the rest is as read.
ENTITY_READ = ("id", "name", "name_zh", "kind", "category", "aliases", "description", "url",
               "identifiers", "start", "end", "sources")
EDGE_READ = ("id", "source", "target", "type", "role", "role_zh", "start", "end", "ended_by",
             "as_of", "note", "sources")
_DATE = ("start", "end", "ended_by")
_DATES = ("as_of",)
_CITED = ("sources",)


def node_columns(entities: Sequence[Entity]) -> Columns:
    """The entities' attributes by field, in `NODE_FIELDS` order, missing values None."""
    return _node_table(_fields_of_items(entities, ENTITY_READ))


def edge_columns(edges: Sequence[Edge], status: Mapping[str, object] | None = None) -> Columns:
    """The edges' attributes by field, in `EDGE_FIELDS` order, missing values None.
    `status` (edge id -> "yes"/"maybe") is given on dated selections. The label is the
    role title when there is one, else the relation's label."""
    return _edge_table(_fields_of_items(edges, EDGE_READ), status)


def _node_table(fields: Columns) -> Columns:
    """The node attribute table from the entities' fields (`ENTITY_READ`, dates and
    citations as text)."""
    categories = fields["category"]
    colour_of = {c: category_colour(c) for c in set(categories)}
    colours = list(map(colour_of.__getitem__, categories))
    kinds = fields["kind"]
    columns: Columns = {
        "label": list(map(label_of, fields["name"], fields["name_zh"])),
        "name": fields["name"], "name_zh": fields["name_zh"],
        "kind": kinds, "category": categories,
        "aliases": list(map(list, fields["aliases"])),
        "description": fields["description"], "url": fields["url"],
        "start": fields["start"], "end": fields["end"],
        "identifiers": [[f"{k}: {v}" for k, v in sorted(identifiers.items())]
                        for identifiers in fields["identifiers"]],
        "sources": fields["sources"], "color": colours,
        **_channels(colours), "size": list(map(kind_size, kinds)),
    }
    return _missing_as_none(columns, NODE_FIELDS)


def _edge_table(fields: Columns, status: Mapping[str, object] | None) -> Columns:
    """The edge attribute table from the edges' fields (`EDGE_READ`, dates and citations
    as text)."""
    types = fields["type"]
    colour_of = {t: str(edge_style(t)["color"]) for t in set(types)}
    colours = list(map(colour_of.__getitem__, types))
    directed_of = {t: RELATIONS[t].directed for t in colour_of}
    statuses = [None] * len(types)
    if status:
        statuses = [None if s is None else str(s)
                    for s in map(status.get, (i or "" for i in fields["id"]))]
    roles, roles_zh = fields["role"], fields["role_zh"]
    # The label depends on three fields with few distinct values: made once per combination.
    keys = list(zip(roles, roles_zh, types, strict=True))
    label_of_key = {key: _label(*key) for key in set(keys)}
    columns: Columns = {
        "label": list(map(label_of_key.__getitem__, keys)), "type": types,
        "role": roles, "role_zh": roles_zh,
        "start": fields["start"], "end": fields["end"], "ended_by": fields["ended_by"],
        "as_of": fields["as_of"], "directed": list(map(directed_of.__getitem__, types)),
        "note": fields["note"], "sources": fields["sources"],
        "status": statuses, "color": colours, **_channels(colours),
        "weight": [1.0] * len(types),
    }
    return _missing_as_none(columns, EDGE_FIELDS)


def _fields_of_items(items: Sequence[Any], names: Sequence[str]) -> Columns:
    """Fields of models (or records), read in one pass: an item's fields lie together in
    memory, and 200,000 models read once per field took several times as long. Dates
    become their text, `as_of` and citations lists of text (None for none)."""
    values = list(zip(*map(attrgetter(*names), items), strict=True))
    columns = {name: list(column) for name, column in zip(names, values, strict=True)
               } if values else {name: [] for name in names}
    return _as_text(columns, _texts, _citation_texts_of)


def _fields_of_entry(entry: Store, table: str, names: Sequence[str],
                     texts: tuple[list[str | None], list[str]] | None = None) -> Columns:
    """As `_fields_of_items`, read from a cache entry's rows without building a model or a
    record per row. The entry numbers its distinct dates and citations, so each is
    turned into text once (`_entry_texts`; pass them to read both tables)."""
    columns = entry.columns(table, names)
    dates, citations = texts or _entry_texts(entry)
    return _as_text(columns, lambda numbers: list(map(dates.__getitem__, numbers)),
                    lambda numbers: list(map(citations.__getitem__, numbers)))


def _entry_texts(entry: Store) -> tuple[list[str | None], list[str]]:
    """The text of every date and every citation of a cache entry, by number."""
    cited = entry.columns("citations", ("ref", "url", "locator"))
    return entry.every_date_text(), _citation_texts(zip(*cited.values(), strict=True))


def _as_text(columns: Columns, dates: Callable[[list[Any]], list[str | None]],
             citations: Callable[[list[Any]], list[str]]) -> Columns:
    """`columns` with its date fields as text and its lists of dates or citations as
    lists of text (None for an empty one); `dates` and `citations` turn a whole column
    of values into text at once."""
    for name in columns.keys() & _DATE:
        columns[name] = dates(columns[name])
    for name in columns.keys() & _DATES:
        columns[name] = _each_as_text(columns[name], dates)
    for name in columns.keys() & _CITED:
        columns[name] = _each_as_text(columns[name], citations)
    return columns


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
    attribute table as data (lists kept as lists).

    Both tables are read in the dataset's stored order (the order the models were
    made in, or straight from the cache entry without building a model: see
    `_fields_of_entry`) and put in id order as the graph is filled."""
    import networkx as nx

    entry = dataset.entry
    if entry is None:
        nodes = _fields_of_items(list(dataset.entities.values()), ENTITY_READ)
        edges = _fields_of_items(list(dataset.edges), EDGE_READ)
    else:
        texts = _entry_texts(entry)
        nodes = _fields_of_entry(entry, "entities", ENTITY_READ, texts)
        edges = _fields_of_entry(entry, "edges", EDGE_READ, texts)
        del texts
    node_ids, node_rows = nodes["id"], rows_of(_node_table(nodes))
    ids, sources, targets = edges["id"], edges["source"], edges["target"]
    edge_rows = rows_of(_edge_table(edges, dataset.status))
    del nodes, edges
    node_order = sorted(range(len(node_ids)), key=node_ids.__getitem__)
    edge_order = sorted(range(len(ids)), key=[i or "" for i in ids].__getitem__)
    in_order = [list(map(column.__getitem__, edge_order))
                for column in (sources, targets, ids, edge_rows)]
    graph = nx.MultiDiGraph(name=GRAPH_NAME)
    nodes_in_order = zip(map(node_ids.__getitem__, node_order),
                         map(node_rows.__getitem__, node_order), strict=True)
    known = set(node_ids)
    if None not in ids and len(set(ids)) == len(ids) and known.issuperset(sources) and \
            known.issuperset(targets):
        fill_graph(graph, nodes_in_order, zip(*in_order, strict=True))
    else:  # networkx numbers, merges or adds what the data does not say
        graph.add_nodes_from(nodes_in_order)
        graph.add_edges_from(zip(*in_order, strict=True))
    return graph


def fill_graph(graph: nx.MultiDiGraph, nodes: Iterable[tuple[str, dict[str, Value]]],
               edges: Iterable[tuple[str, str, str, dict[str, Value]]]) -> None:
    """Put nodes and edges into an empty `MultiDiGraph`, each given attribute dict held
    by the graph itself, as `add_nodes_from` and `add_edges_from` would store them.

    Those copy each attribute dict twice and look the new edge up through two views:
    for 200,000 edges that took longer than making the attributes. A MultiDiGraph is
    documented as a dict-of-dict-of-dict-of-dict (its "Subclasses" notes): `_node`
    holds each node's attribute dict, `_succ` and `_pred` (`_adj` is `_succ`) map a
    node to its neighbours, each neighbour to one key dict shared by both sides, and
    each key to the edge's attribute dict; `add_edge` fills exactly these. So this
    holds only for the plain class (dict factories), nodes given once, edges whose
    ends are among the nodes and whose keys are unique, which `export_graph` checks;
    `tests/test_export_graph.py` holds the result to a graph built with
    `add_nodes_from` and `add_edges_from`, data and order included.
    """
    node, succ, pred = graph._node, graph._succ, graph._pred
    for name, data in nodes:
        node[name] = data
        succ[name] = {}
        pred[name] = {}
    for source, target, key, data in edges:
        keys = succ[source].get(target)
        if keys is None:
            succ[source][target] = pred[target][source] = {key: data}
        else:
            keys[key] = data


# -- helpers ------------------------------------------------------------------------

def _texts(dates: Iterable[PartialDate | None]) -> list[str | None]:
    """Each date as text, its `text` (what `str` gives), None staying None; read in C."""
    return list(map(getattr, dates, repeat("text"), repeat(None)))


def _citation_texts_of(citations: list[Any]) -> list[str]:
    """Each citation's text as `str` gives it, read from the models (or records)."""
    return _citation_texts(map(attrgetter("ref", "url", "locator"), citations))


def _citation_texts(fields: Iterable[tuple[str | None, str | None, str | None]]
                    ) -> list[str]:
    """The text of each citation from its (ref, url, locator): 'doc-id, locator', or the
    URL. Made for all the citations at once instead of calling `CitationMethods.__str__`
    200,000 times; it must say what that method says (`tests/test_export_columns.py`
    holds it to it)."""
    return [f"{ref or url or ''}, {locator}" if locator else ref or url or ""
            for ref, url, locator in fields]


def _each_as_text(groups: list[Sequence[Any]], texts: Callable[[list[Any]], list[str]]
                  ) -> list[list[str] | None]:
    """Each item's values (a tuple per item) as a list of text, None for an item with
    none; `texts` turns all the items' values into text in one call, so the work is
    done a column at a time, not a tuple at a time."""
    counts = list(map(len, groups))
    text = iter(texts(list(chain.from_iterable(groups))))
    if 0 not in counts:
        return list(map(list, map(islice, repeat(text), counts)))
    # Most edges have no `as_of`: only the items with values take a list.
    return [list(islice(text, count)) if count else None for count in counts]


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
