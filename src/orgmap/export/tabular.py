"""CSV (Gephi's spreadsheet import) and node-link JSON, laid out from the attribute table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_atomic, write_set
from ..safe_csv import csv_text
from .attributes import (
    EDGE_FIELDS,
    NODE_FIELDS,
    Flat,
    edge_attributes,
    export_graph,
    flat,
    node_attributes,
    ordered_edges,
    ordered_entities,
    used_fields,
)

if TYPE_CHECKING:
    from ..data.dataset import Dataset

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"


def nodes_csv(dataset: Dataset) -> str:
    """`Id`, `Label`, then every node attribute: the layout of Gephi's spreadsheet import."""
    rows = [(e.id, flat(node_attributes(e))) for e in ordered_entities(dataset)]
    fields = [f for f in used_fields(NODE_FIELDS, (r for _, r in rows)) if f != "label"]
    table = [["Id", "Label", *fields]]
    table += [[entity_id, row.get("label", ""), *(_cell(row.get(f)) for f in fields)]
              for entity_id, row in rows]
    return _csv(table)


def edges_csv(dataset: Dataset) -> str:
    """`Source`, `Target`, `Type` (Directed/Undirected, as Gephi means it), `Id`, `Label`,
    then every edge attribute, the relation type as `relation` and the weight as `Weight`."""
    rows = [(e, flat(edge_attributes(e, dataset.status.get(e.id or ""))))
            for e in ordered_edges(dataset)]
    skip = {"label", "directed", "weight"}
    fields = [f for f in used_fields(EDGE_FIELDS, (r for _, r in rows)) if f not in skip]
    header = ["relation" if f == "type" else f for f in fields]
    table = [["Source", "Target", "Type", "Id", "Label", *header, "Weight"]]
    for edge, row in rows:
        direction = "Directed" if edge.directed else "Undirected"
        table.append([edge.source, edge.target, direction, edge.id or "", row["label"],
                      *(_cell(row.get(f)) for f in fields), _cell(row["weight"])])
    return _csv(table)


def node_link_json(dataset: Dataset) -> str:
    """networkx's node-link JSON (`nodes`, `edges` with `source`, `target`, `key`), each
    edge also carrying its id as `id` for D3, Observable and sigma.js.

    One node or edge per line: a change to one entity is a one-line diff, and the
    C encoder (which `indent` would turn off) keeps large exports fast.
    """
    import networkx as nx

    graph = export_graph(dataset)
    for _, _, key, data in graph.edges(keys=True, data=True):
        data["id"] = key
    document = nx.node_link_data(graph, edges="edges")
    # Identity first, so each line reads "which thing" before "what about it".
    document["nodes"] = [_leading(n, ("id",)) for n in document["nodes"]]
    document["edges"] = sorted((_leading(e, ("id", "source", "target", "key"))
                                for e in document["edges"]), key=lambda e: e["key"])
    lines = ["{"]
    for name, value in document.items():
        if isinstance(value, list):
            items = [f"    {_json(item)}," for item in value]
            if items:
                items[-1] = items[-1][:-1]
            lines += [f"  {_json(name)}: [", *items, "  ],"]
        else:
            lines.append(f"  {_json(name)}: {_json(value)},")
    lines[-1] = lines[-1][:-1]
    return "\n".join([*lines, "}", ""])



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

def _cell(value: Flat | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _leading(item: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    return {**{k: item[k] for k in first}, **{k: v for k, v in item.items() if k not in first}}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _csv(table: list[list[str]]) -> str:
    """Formula-safe: these files are opened in spreadsheets as often as in Gephi."""
    return csv_text(table)
