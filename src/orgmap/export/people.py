"""The people network (`orgmap export --network people`) as GraphML, GEXF, CSV and JSON.

The map's exports lay out one attribute table of entities and relations; the
people network is a different graph (a projection: people joined by the
bodies they shared), so it has its own small table, laid out the same way:
nodes and edges sorted by id, missing values left out, XML escaped by the same
rules, CSV formula-safe, files written atomically. The graph is undirected and
each edge's `weight` is the number of bodies the two shared; `years`, `status`
and the bodies go along as attributes. GEXF is dynamic: an edge's spells are
the stretches when both were possibly in post together, open where the data
leaves them open.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..atomic import write_atomic
from ..questions.tie_network import shared_label
from ..safe_csv import csv_text
from ..style import category_colour, rgb
from . import xml_text as xml

if TYPE_CHECKING:
    from ..questions.tie_network import PeopleNetwork

#: Node and edge attributes in column order, with their types (GraphML name, GEXF name).
NODE_FIELDS = {"label": "string", "name": "string", "name_zh": "string", "ties": "int"}
EDGE_FIELDS = {"label": "string", "weight": "double", "shared": "int", "confirmed": "int",
               "years": "double", "status": "string", "bodies_id": "string",
               "bodies": "string"}
_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double"}
FORMATS = ("graphml", "gexf", "csv", "json")
DEFAULT_NAMES = {"graphml": "people.graphml", "gexf": "people.gexf", "json": "people.json"}


def _nodes(network: PeopleNetwork) -> list[tuple[str, dict[str, Any]]]:
    degree: dict[str, int] = {}
    for a, b in zip(network.pairs["person_a_id"], network.pairs["person_b_id"], strict=True):
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    rows = []
    for person in network.people:
        row = {"label": person.label, "name": person.name, "name_zh": person.name_zh,
               "ties": degree.get(person.id, 0)}
        rows.append((person.id, {k: v for k, v in row.items() if v not in (None, "")}))
    return rows


def _edges(network: PeopleNetwork) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(id, source, target, attributes), sorted by id; the id is 'a--b' by person ids."""
    rows = []
    for pair in network.pairs.to_dict("records"):
        a, b = sorted((pair["person_a_id"], pair["person_b_id"]))
        shared = int(pair["shared"])
        rows.append((f"{a}--{b}", a, b, {
            "label": shared_label(shared), "weight": float(shared),
            "shared": shared, "confirmed": int(pair["confirmed"]),
            "years": float(pair["years"]), "status": pair["status"],
            "bodies_id": pair["bodies_id"], "bodies": pair["bodies"],
            "_spells": network.stretches.get((pair["person_a_id"], pair["person_b_id"]), []),
        }))
    return sorted(rows)


def graphml_text(network: PeopleNetwork) -> str:
    """The people network as an undirected GraphML document."""
    out = [xml.DECLARATION,
           xml.open_tag("graphml", {"xmlns": xml.GRAPHML_NS, "xmlns:xsi": xml.XSI_NS,
                                    "xsi:schemaLocation": xml.GRAPHML_SCHEMA})]
    for scope, fields in (("node", NODE_FIELDS), ("edge", EDGE_FIELDS)):
        key = (lambda n: n) if scope == "node" else (lambda n: f"edge_{n}")
        out += [xml.empty_tag("key", {"id": key(name), "for": scope, "attr.name": name,
                               "attr.type": kind}, 1) for name, kind in fields.items()]
    out.append(xml.open_tag("graph", {"id": "people", "edgedefault": "undirected"}, 1))
    for person, row in _nodes(network):
        out.append(xml.open_tag("node", {"id": person}, 2))
        out += [xml.data_element(k, v) for k, v in row.items()]
        out.append("    </node>")
    for ident, a, b, row in _edges(network):
        out.append(xml.open_tag("edge", {"id": ident, "source": a, "target": b}, 2))
        out += [xml.data_element(f"edge_{k}", v) for k, v in row.items()
                if not k.startswith("_")]
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def gexf_text(network: PeopleNetwork) -> str:
    """The people network as dynamic GEXF 1.2draft: each tie's spells are its stretches."""
    out = [xml.DECLARATION,
           xml.open_tag("gexf", {"xmlns": xml.GEXF_NS, "xmlns:viz": xml.VIZ_NS,
                                 "xmlns:xsi": xml.XSI_NS,
                                 "xsi:schemaLocation": xml.GEXF_SCHEMA, "version": "1.2"}),
           "  <meta>", f"    <creator>orgmap {__version__}</creator>",
           "    <description>People who served in one body at one time; spells are the "
           "stretches both were possibly in post, open bounds unknown.</description>",
           "  </meta>",
           xml.open_tag("graph", {"mode": "dynamic", "defaultedgetype": "undirected",
                           "timeformat": "date"}, 1)]
    hidden = {"label", "weight"}
    for scope, fields in (("node", NODE_FIELDS), ("edge", EDGE_FIELDS)):
        out.append(xml.open_tag("attributes", {"class": scope, "mode": "static"}, 2))
        out += [xml.empty_tag("attribute",
                              {"id": name, "title": name, "type": _GEXF_TYPES[kind]}, 3)
                for name, kind in fields.items() if name not in hidden]
        out.append("    </attributes>")
    out.append("    <nodes>")
    colour = rgb(category_colour(None))
    for person, row in _nodes(network):
        out.append(xml.open_tag("node", {"id": person, "label": str(row["label"])}, 3))
        _attvalues(out, row, hidden)
        out.append(xml.empty_tag("viz:color", dict(zip("rgb", map(str, colour), strict=True)), 4))
        out.append("      </node>")
    out += ["    </nodes>", "    <edges>"]
    for ident, a, b, row in _edges(network):
        out.append(xml.open_tag("edge", {"id": ident, "source": a, "target": b,
                                         "label": row["label"],
                                         "weight": xml.value_text(row["weight"])}, 3))
        _attvalues(out, row, hidden)
        spells = [{k: v for k, v in (("start", s), ("end", e)) if v is not None}
                  for s, e in row["_spells"]]
        if spells and all(spells):
            out += ["        <spells>", *(xml.empty_tag("spell", s, 5) for s in spells),
                    "        </spells>"]
        out.append("      </edge>")
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out)


def _attvalues(out: list[str], row: dict[str, Any], hidden: set[str]) -> None:
    shown = [(k, v) for k, v in row.items() if k not in hidden and not k.startswith("_")]
    if shown:
        out.append("        <attvalues>")
        out += [xml.empty_tag("attvalue", {"for": k, "value": xml.value_text(v)}, 5)
                for k, v in shown]
        out.append("        </attvalues>")


def nodes_csv(network: PeopleNetwork) -> str:
    """`Id`, `Label`, name, name_zh, ties: Gephi's spreadsheet import layout."""
    table = [["Id", "Label", "name", "name_zh", "ties"]]
    table += [[p, row["label"], row.get("name", ""), row.get("name_zh", ""), str(row["ties"])]
              for p, row in _nodes(network)]
    return csv_text(table)


def edges_csv(network: PeopleNetwork) -> str:
    """`Source`, `Target`, `Type` (Undirected), `Id`, `Label`, the tie's facts, `Weight`."""
    fields = ["shared", "confirmed", "years", "status", "bodies_id", "bodies"]
    table = [["Source", "Target", "Type", "Id", "Label", *fields, "Weight"]]
    table += [[a, b, "Undirected", ident, row["label"], *(xml.value_text(row[f]) for f in fields),
               xml.value_text(row["weight"])] for ident, a, b, row in _edges(network)]
    return csv_text(table)


def node_link_json(network: PeopleNetwork) -> str:
    """networkx's node-link JSON (undirected), each edge with its weight and spells."""
    nodes = [{"id": p, **row} for p, row in _nodes(network)]
    edges = [{"id": ident, "source": a, "target": b,
              **{k: v for k, v in row.items() if not k.startswith("_")},
              "spells": [list(s) for s in row["_spells"]]}
             for ident, a, b, row in _edges(network)]
    lines = ['{', '  "directed": false,', '  "multigraph": false,',
             '  "graph": {"name": "orgmap people"},', '  "nodes": [']
    lines += [f"    {json.dumps(n, ensure_ascii=False)}," for n in nodes]
    if nodes:
        lines[-1] = lines[-1][:-1]
    lines += ["  ],", '  "edges": [']
    lines += [f"    {json.dumps(e, ensure_ascii=False)}," for e in edges]
    if edges:
        lines[-1] = lines[-1][:-1]
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


def write_people(network: PeopleNetwork, fmt: str, target: str | Path) -> list[Path]:
    """Write the network in `fmt` to `target` (for csv, a directory getting
    people-nodes.csv and people-edges.csv), atomically."""
    if fmt == "csv":
        folder = Path(target)
        return [write_atomic(folder / "people-nodes.csv", nodes_csv(network)),
                write_atomic(folder / "people-edges.csv", edges_csv(network))]
    text = {"graphml": graphml_text, "gexf": gexf_text, "json": node_link_json}[fmt](network)
    return [write_atomic(target, text)]
