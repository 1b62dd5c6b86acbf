"""CSV (Gephi's spreadsheet import) and node-link JSON, laid out from the attribute table."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import partial
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_atomic, write_set
from ..data.dataset import collector_paused
from ..safe_csv import csv_columns
from .attributes import (
    EDGE_FIELDS,
    GRAPH_NAME,
    NODE_FIELDS,
    Columns,
    Flat,
    edge_columns,
    export_graph,
    flat_columns,
    node_columns,
    ordered_edges,
    ordered_entities,
    used_columns,
)

if TYPE_CHECKING:
    from ..data.dataset import Dataset

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"


def nodes_csv(dataset: Dataset) -> str:
    """`Id`, `Label`, then every node attribute: the layout of Gephi's spreadsheet import."""
    with collector_paused():
        return _nodes_csv(dataset)


def _nodes_csv(dataset: Dataset) -> str:
    entities = list(dataset.entities.values())  # stored order: see `edges_csv`
    ids = list(map(attrgetter("id"), entities))
    columns = flat_columns(node_columns(entities))
    fields = [f for f in used_columns(columns) if f != "label"]
    return csv_columns(["Id", "Label", *fields],
                       [ids, _cells(columns["label"], str),
                        *(_cells(columns[f], NODE_FIELDS[f]) for f in fields)],
                       order=_id_order(ids))


def edges_csv(dataset: Dataset) -> str:
    """`Source`, `Target`, `Type` (Directed/Undirected, as Gephi means it), `Id`, `Label`,
    then every edge attribute, the relation type as `relation` and the weight as `Weight`.

    The rows are in edge id order, as `ordered_edges` gives them, but the table is
    read from the edges in their stored order and its lines put in id order at
    the end: reading 200,000 models in the order they were made is several
    times faster than jumping about memory in id order. The table holds no
    reference cycles, so the collector is paused meanwhile (as for a load):
    otherwise it re-scans every model of the dataset, again and again, while
    the table's few hundred thousand lists are made.
    """
    with collector_paused():
        return _edges_csv(dataset)


def _edges_csv(dataset: Dataset) -> str:
    edges = list(dataset.edges)
    ids = [e.id or "" for e in edges]
    columns = flat_columns(edge_columns(edges, dataset.status))
    skip = {"label", "directed", "weight"}
    fields = [f for f in used_columns(columns) if f not in skip]
    header = ["relation" if f == "type" else f for f in fields]
    direction = {True: "Directed", False: "Undirected"}
    return csv_columns(
        ["Source", "Target", "Type", "Id", "Label", *header, "Weight"],
        [list(map(attrgetter("source"), edges)), list(map(attrgetter("target"), edges)),
         list(map(direction.__getitem__, columns["directed"])), ids,
         columns["label"], *(_cells(columns[f], EDGE_FIELDS[f]) for f in fields),
         _cells(columns["weight"], float)],
        order=_id_order(ids))


def node_link_json(dataset: Dataset) -> str:
    """networkx's node-link JSON (`nodes`, `edges` with `source`, `target`, `key`), each
    edge also carrying its id as `id` for D3, Observable and sigma.js.

    One node or edge per line, written as `json.dumps` writes it: a change to one
    entity is a one-line diff. Identity comes first, so each line reads "which
    thing" before "what about it". The document is what
    `nx.node_link_data(export_graph(dataset), edges="edges")` gives with the edges
    in id order, made here from the attribute table without building the graph.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = ["{"]
    for name, value in _node_link_document(dataset, encode).items():
        if isinstance(value, list):
            lines.append(f"  {encode(name)}: [")
            if value:
                lines.append("    " + ",\n    ".join(value))
            lines.append("  ],")
        else:
            lines.append(f"  {encode(name)}: {encode(value)},")
    lines[-1] = lines[-1][:-1]
    return "\n".join([*lines, "}", ""])


def _node_link_document(dataset: Dataset, encode: Callable[[Any], str]) -> dict[str, Any]:
    """The node-link document, its nodes and edges (in id order) already as JSON text.

    Edges without an id, with an end that is not among the entities, or sharing an
    id are numbered, added or merged by networkx, so such a dataset goes through it."""
    entities = ordered_entities(dataset)
    edges = ordered_edges(dataset)
    ids = [e.id for e in edges]
    known = dataset.entities
    if None in ids or len(set(ids)) < len(ids) or not all(
            e.source in known and e.target in known for e in edges):
        return _node_link_document_of_graph(dataset, encode)
    nodes = json_objects({"id": [e.id for e in entities], **node_columns(entities)})
    links = json_objects({"id": ids, "source": [e.source for e in edges],
                          "target": [e.target for e in edges], "key": ids,
                          **edge_columns(edges, dataset.status)})
    return {"directed": True, "multigraph": True, "graph": {"name": GRAPH_NAME},
            "nodes": nodes, "edges": links}


def _node_link_document_of_graph(dataset: Dataset, encode: Callable[[Any], str]
                                 ) -> dict[str, Any]:
    import networkx as nx

    graph = export_graph(dataset)
    for _, _, key, data in graph.edges(keys=True, data=True):
        data["id"] = key
    document = nx.node_link_data(graph, edges="edges")
    document["nodes"] = [encode(_leading(n, ("id",))) for n in document["nodes"]]
    document["edges"] = [encode(e) for e in sorted(
        (_leading(e, ("id", "source", "target", "key")) for e in document["edges"]),
        key=lambda e: e["key"])]
    return document


def json_objects(columns: Columns) -> list[str]:
    """Each row as the JSON object `json.dumps(row, ensure_ascii=False)` writes, the
    row's missing (None) values left out.

    Made a column at a time: each column's values are encoded by the C functions
    `json` itself uses, and each row's members joined in C, so no dict is built
    per row.
    """
    members = [_json_members(name, column) for name, column in columns.items()]
    joined = map(", ".join, map(partial(filter, None), zip(*members, strict=True)))
    return list(map("{%s}".__mod__, joined))


def _json_members(name: str, column: list[Any]) -> list[str | None]:
    """`"name": value` for each value of a column (None where it has none)."""
    key = encode_basestring(name) + ": "
    kinds = set(map(type, column)) - {type(None)}
    if kinds <= {str}:
        encode: Callable[[Any], str] = encode_basestring
    elif kinds <= {bool}:
        encode = {True: "true", False: "false"}.__getitem__
    elif kinds <= {int}:
        encode = int.__repr__
    elif kinds <= {float} and all(math.isfinite(v) for v in column if v is not None):
        encode = float.__repr__
    elif kinds <= {list} and all(set(map(type, v)) <= {str} for v in column if v):
        return [None if v is None else f"{key}[{', '.join(map(encode_basestring, v))}]"
                for v in column]
    else:
        encode = json.JSONEncoder(ensure_ascii=False).encode
    return [None if v is None else key + encode(v) for v in column]


def csv_files(dataset: Dataset) -> list[tuple[str, Callable[[], str]]]:
    """nodes.csv and edges.csv as (file name, text maker), for a set written together."""
    return [(NODES_FILE, lambda: nodes_csv(dataset)), (EDGES_FILE, lambda: edges_csv(dataset))]


def write_csv(dataset: Dataset, directory: str | Path) -> list[Path]:
    """nodes.csv and edges.csv in `directory`: UTF-8 without a BOM, LF line ends.
    Both or neither are replaced (`atomic.write_set`), so the pair always matches."""
    return write_set(directory, csv_files(dataset))


def write_json(dataset: Dataset, path: str | Path) -> Path:
    return write_atomic(path, node_link_json(dataset))



# -- helpers ------------------------------------------------------------------------

def _cells(column: list[Flat | None], kind: type) -> list[str]:
    """A column as the CSV's text: numbers and booleans as text (so that formula
    neutralising sees them as they are written), missing values empty."""
    if kind is bool:
        words = {True: "true", False: "false", None: ""}
        return list(map(words.__getitem__, column))
    if kind in (int, float):
        return list(map(str, column)) if None not in column else [
            "" if v is None else str(v) for v in column]
    if None not in column:  # text (lists are joined by now), nothing missing
        return column
    return list(map({None: ""}.get, column, column))


def _id_order(ids: list[str]) -> list[int]:
    """Row numbers in id order, ties kept in stored order (as `sorted` keeps them)."""
    return sorted(range(len(ids)), key=ids.__getitem__)


def _leading(item: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    return {**{k: item[k] for k in first}, **{k: v for k, v in item.items() if k not in first}}


