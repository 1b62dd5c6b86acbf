"""Exports for other tools: GraphML, GEXF, CSV and JSON, all cut from one attribute table.

Every format carries the same facts under the same names, so a column seen in
Gephi's Data Laboratory is the one in the CSV and in the JSON. The attribute
table is built here (`node_attributes`, `edge_attributes`); the writers only
lay it out. Rules that keep every reader happy:

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

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import write_atomic
from .style import category_colour, edge_style, kind_size, rgb
from .vocab import RELATIONS

if TYPE_CHECKING:
    import networkx as nx

    from .dataset import Dataset
    from .dates import PartialDate
    from .model import Edge, Entity

#: Export formats, as `orgmap export --format` names them.
FORMATS = ("graphml", "gexf", "csv", "json")
GRAPHML_FILE = "orgmap.graphml"
GEXF_FILE = "orgmap.gexf"
NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"
JSON_FILE = "orgmap.json"
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
        "sources": [str(c) for c in edge.sources], "status": status, "color": colour,
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


# -- tables and JSON ---------------------------------------------------------------

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


# -- writing files -----------------------------------------------------------------

def write_graphml(dataset: Dataset, path: str | Path) -> Path:
    from .export_xml import graphml_text

    return write_atomic(path, graphml_text(dataset))


def write_gexf(dataset: Dataset, path: str | Path) -> Path:
    from .export_xml import gexf_text

    return write_atomic(path, gexf_text(dataset))


def write_csv(dataset: Dataset, directory: str | Path) -> list[Path]:
    """nodes.csv and edges.csv in `directory`: UTF-8 without a BOM, LF line ends."""
    folder = Path(directory)
    return [write_atomic(folder / NODES_FILE, nodes_csv(dataset)),
            write_atomic(folder / EDGES_FILE, edges_csv(dataset))]


def write_json(dataset: Dataset, path: str | Path) -> Path:
    return write_atomic(path, node_link_json(dataset))


def write_all(dataset: Dataset, out_dir: str | Path) -> list[Path]:
    """Every export into `out_dir`: orgmap.graphml, orgmap.gexf, nodes.csv, edges.csv,
    orgmap.json. Returns the paths written."""
    folder = Path(out_dir)
    return [write_graphml(dataset, folder / GRAPHML_FILE), write_gexf(dataset, folder / GEXF_FILE),
            *write_csv(dataset, folder), write_json(dataset, folder / JSON_FILE)]


def write_format(dataset: Dataset, fmt: str, out: str | Path) -> list[Path]:
    """Write one format: `out` is the file, or for csv the directory for both tables."""
    if fmt == "csv":
        return write_csv(dataset, out)
    writers = {"graphml": write_graphml, "gexf": write_gexf, "json": write_json}
    if fmt not in writers:
        raise ValueError(f"unknown export format '{fmt}'; use one of: {', '.join(FORMATS)}")
    return [writers[fmt](dataset, out)]


def default_target(fmt: str, out_dir: str | Path = "output", *, focus: str | None = None,
                   depth: int = 1, at: PartialDate | None = None,
                   categories: Iterable[str] = (), kinds: Iterable[str] = (),
                   hide_documents: bool = False) -> Path:
    """Where `orgmap export` writes when --out is not given.

    The whole dataset goes where `orgmap build` puts it (output/orgmap.graphml,
    output/ for the CSV pair); a selection gets a name of its own, such as
    output/orgmap-cac-depth2-at-2019.graphml or output/orgmap-cac-depth2/ for CSV,
    so exporting a subgraph never overwrites the full export.
    """
    parts = []
    if focus:
        parts += [focus, f"depth{depth}"]
    if at is not None:
        parts += ["at", str(at)]
    parts += [*sorted(categories), *sorted(kinds)]
    if hide_documents:
        parts.append("no-documents")
    folder = Path(out_dir)
    stem = "-".join(["orgmap", *parts])
    if fmt == "csv":
        return folder / stem if parts else folder
    suffix = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json"}[fmt]
    return folder / f"{stem}{suffix}"


# -- helpers ------------------------------------------------------------------------

def _text(date: object) -> str | None:
    return None if date is None else str(date)


def _present(values: dict[str, Value | None]) -> dict[str, Value]:
    return {k: v for k, v in values.items() if v is not None and v != "" and v != []}


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
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return buffer.getvalue()
