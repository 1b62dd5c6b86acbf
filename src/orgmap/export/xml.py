"""GraphML and GEXF, laid out by hand so that Gephi, yEd, igraph and networkx all agree.

networkx's writers would do most of this, but not all: its GraphML writer with
`named_key_ids` gives a node key and an edge key of one name the same id (two
`<key id="label">`, which the GraphML schema forbids), and its GEXF writer
stamps today's date into the file and turns an edge's `type`, `start` and
`end` data into XML attributes with other meanings. So the XML is written here
as text, line by line: every choice stays visible, and a 200,000-edge network
takes seconds rather than the much longer ElementTree serialisation.

GraphML
  * Key ids are the attribute names; an edge attribute whose name a node
    attribute already has (`label`, `start`, `r`, ...) gets the id `edge_<name>`.
    Gephi matches a key by id, then by `attr.name`, so both still reach its
    label, colour and weight columns; and no key is called `d3` or `d7`, which
    Gephi would take for yEd's labels.
  * Every edge has its own unique id (the edge id from the data), so parallel
    edges (two roles of one person in one body) stay apart.
  * All edges are declared directed: networkx refuses a `directed="false"` edge
    in a directed graph. The `directed` attribute tells which relations are
    symmetric.
  * A missing value has no `<data>` element; a key without a default means
    "unknown" to igraph ("" or NaN), networkx (no attribute) and Gephi (null).

GEXF 1.2draft
  * `mode="dynamic"`, `timeformat="date"`: each node and edge carries a spell
    with the days it was possibly in force (the `possible_*` bounds of its
    `dates.Span`), inclusive ISO dates, missing bounds left open. So at any day
    Gephi's timeline shows exactly what `orgmap render --at DAY` shows.
  * Colour and size go to `viz:color` / `viz:size`, label and weight to the XML
    attributes Gephi reads; everything else is an `attvalue`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..atomic import write_atomic
from ..data.dates import MAX_DAY, MIN_DAY, Span, day_to_iso
from .attributes import (
    EDGE_FIELDS,
    NODE_FIELDS,
    Flat,
    edge_columns,
    flat_columns,
    node_columns,
    ordered_edges,
    ordered_entities,
    rows_of,
    used_columns,
)
from .xml_text import (
    DECLARATION,
    GEXF_NS,
    GEXF_SCHEMA,
    GRAPHML_NS,
    GRAPHML_SCHEMA,
    VIZ_NS,
    XSI_NS,
    data_element,
    empty_tag,
    open_tag,
    value_text,
)

if TYPE_CHECKING:
    from ..data.dataset import Dataset

#: Prefix of an edge key whose attribute name a node key already uses.
EDGE_KEY_PREFIX = "edge_"

GRAPHML_TYPES = {str: "string", list: "string", int: "int", float: "double", bool: "boolean"}
GEXF_TYPES = {str: "string", list: "string", int: "integer", float: "double", bool: "boolean"}
#: Attributes GEXF carries as XML attributes or `viz` elements rather than attvalues.
GEXF_VISUAL = frozenset({"label", "weight", "color", "r", "g", "b", "size"})

def key_ids(node_keys: list[str], edge_keys: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Document-unique ids: the attribute name, or `edge_<name>` for an edge attribute
    whose name is also a node attribute's. Decided on the whole field tables, so an
    attribute's id does not change with what a selection happens to contain."""
    nodes = {name: name for name in node_keys}
    edges = {name: EDGE_KEY_PREFIX + name if name in NODE_FIELDS else name
             for name in edge_keys}
    return nodes, edges


# -- GraphML ---------------------------------------------------------------------------

def graphml_text(dataset: Dataset) -> str:
    """The dataset as a GraphML document (see the module notes)."""
    entities, edge_list = ordered_entities(dataset), ordered_edges(dataset)
    node_table = flat_columns(node_columns(entities))
    edge_table = flat_columns(edge_columns(edge_list, dataset.status))
    nodes = zip((e.id for e in entities), rows_of(node_table), strict=True)
    edges = zip(edge_list, rows_of(edge_table), strict=True)
    node_ids, edge_ids = key_ids(used_columns(node_table), used_columns(edge_table))
    out = [DECLARATION, open_tag("graphml", {"xmlns": GRAPHML_NS, "xmlns:xsi": XSI_NS,
                                          "xsi:schemaLocation": GRAPHML_SCHEMA})]
    for scope, ids, fields in (("node", node_ids, NODE_FIELDS), ("edge", edge_ids, EDGE_FIELDS)):
        out += [empty_tag("key", {"id": key_id, "for": scope, "attr.name": name,
                               "attr.type": GRAPHML_TYPES[fields[name]]}, 1)
                for name, key_id in ids.items()]
    out.append(open_tag("graph", {"id": "orgmap", "edgedefault": "directed"}, 1))
    for entity_id, row in nodes:
        _graphml_element(out, "node", {"id": entity_id}, row, node_ids)
    for edge, row in edges:
        _graphml_element(out, "edge", {"id": edge.id or "", "source": edge.source,
                                       "target": edge.target}, row, edge_ids)
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def _graphml_element(out: list[str], tag: str, attributes: dict[str, str],
                     row: dict[str, Flat], ids: dict[str, str]) -> None:
    if not row:
        out.append(empty_tag(tag, attributes, 2))
        return
    out.append(open_tag(tag, attributes, 2))
    out += [data_element(ids[name], value) for name, value in row.items()]
    out.append(f"    </{tag}>")


# -- GEXF ------------------------------------------------------------------------------

def gexf_text(dataset: Dataset) -> str:
    """The dataset as a dynamic GEXF 1.2draft document with spells and viz (module notes)."""
    entities = ordered_entities(dataset)
    edges = ordered_edges(dataset)
    node_table = flat_columns(node_columns(entities))
    edge_table = flat_columns(edge_columns(edges, dataset.status))
    node_rows, edge_rows = rows_of(node_table), rows_of(edge_table)
    node_ids, edge_ids = key_ids(
        [f for f in used_columns(node_table) if f not in GEXF_VISUAL],
        [f for f in used_columns(edge_table) if f not in GEXF_VISUAL])
    out = [DECLARATION,
           open_tag("gexf", {"xmlns": GEXF_NS, "xmlns:viz": VIZ_NS, "xmlns:xsi": XSI_NS,
                          "xsi:schemaLocation": GEXF_SCHEMA, "version": "1.2"}),
           "  <meta>", f"    <creator>orgmap {__version__}</creator>",
           "    <description>Spells are the days each entity and relation was possibly in "
           "force; open bounds are unknown dates.</description>", "  </meta>",
           open_tag("graph", {"mode": "dynamic", "defaultedgetype": "directed",
                           "timeformat": "date"}, 1)]
    for scope, ids, fields in (("node", node_ids, NODE_FIELDS), ("edge", edge_ids, EDGE_FIELDS)):
        out.append(open_tag("attributes", {"class": scope, "mode": "static"}, 2))
        out += [empty_tag("attribute", {"id": key_id, "title": name,
                                     "type": GEXF_TYPES[fields[name]]}, 3)
                for name, key_id in ids.items()]
        out.append("    </attributes>")
    out.append("    <nodes>")
    for entity, row in zip(entities, node_rows, strict=True):
        out.append(open_tag("node", {"id": entity.id, "label": value_text(row["label"])}, 3))
        _gexf_body(out, row, node_ids, entity.span)
        out.append(empty_tag("viz:size", {"value": value_text(row["size"])}, 4))
        out.append("      </node>")
    out += ["    </nodes>", "    <edges>"]
    for edge, row in zip(edges, edge_rows, strict=True):
        out.append(open_tag("edge", {"id": edge.id or "", "source": edge.source,
                                  "target": edge.target, "label": value_text(row["label"]),
                                  "weight": value_text(row["weight"])}, 3))
        _gexf_body(out, row, edge_ids, edge.span)
        out.append("      </edge>")
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out)


def spell_bounds(span: Span) -> tuple[str | None, str | None]:
    """Inclusive first and last ISO day a relation was possibly in force; None when open."""
    start = day_to_iso(span.possible_from) if span.possible_from > MIN_DAY else None
    end = day_to_iso(span.possible_until - 1) if span.possible_until < MAX_DAY else None
    return start, end


def _gexf_body(out: list[str], row: dict[str, Flat], ids: dict[str, str], span: Span) -> None:
    """attvalues, the spell (none when both bounds are open: shown at every time), colour."""
    shown = [(name, value) for name, value in row.items() if name in ids]
    if shown:
        out.append("        <attvalues>")
        out += [empty_tag("attvalue", {"for": ids[name], "value": value_text(value)}, 5)
                for name, value in shown]
        out.append("        </attvalues>")
    start, end = spell_bounds(span)
    if start is not None or end is not None:
        bounds = {k: v for k, v in (("start", start), ("end", end)) if v is not None}
        out += ["        <spells>", empty_tag("spell", bounds, 5), "        </spells>"]
    out.append(empty_tag("viz:color", {c: value_text(row[c]) for c in ("r", "g", "b")}, 4))


# -- files ---------------------------------------------------------------------------------

def write_graphml(dataset: Dataset, path: str | Path) -> Path:
    """Write `graphml_text` to `path` atomically."""
    return write_atomic(path, graphml_text(dataset))


def write_gexf(dataset: Dataset, path: str | Path) -> Path:
    """Write `gexf_text` to `path` atomically."""
    return write_atomic(path, gexf_text(dataset))
