"""The neo4j-admin bulk import pair: neo4j-nodes.csv and neo4j-relationships.csv.

For a team loading a large map into an empty Neo4j at once
(`neo4j-admin database import full`), which is far faster than any script.
The headers follow the import tool's format: `id:ID` and `:LABEL` for nodes,
`:START_ID`, `:END_ID` and `:TYPE` for relationships, then one column per
property with its type (`string`, `boolean`, `string[]` for lists).

Two choices keep every value intact, and the import command must repeat them
(docs/databases.md shows it): lists and labels are separated by U+001F, the
ASCII unit separator (`--array-delimiter=U+001F`), a character no name or
citation needs and which is removed from values; and values may contain
newlines (`--multiline-fields=true`). Quotes are doubled, as RFC 4180 and the
import tool's default quoting want. These files are for the bulk loader only:
they are not meant for spreadsheets and their cells are not formula-guarded.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_set
from .attributes import EDGE_FIELDS, NODE_FIELDS, Value, used_fields
from .cypher import ENTITY_LABEL, kind_label, relationship_type
from .records import DRAWING, edge_records, entity_records

if TYPE_CHECKING:
    from ..data.dataset import Dataset

NODES_FILE = "neo4j-nodes.csv"
RELATIONSHIPS_FILE = "neo4j-relationships.csv"
ARRAY_DELIMITER = "\x1f"
TYPES = {str: "string", list: "string[]", bool: "boolean", int: "long", float: "double"}


def nodes_csv(dataset: Dataset) -> str:
    rows = entity_records(dataset)
    fields = [f for f in used_fields(NODE_FIELDS, (r for _, r in rows)) if f not in DRAWING]
    header = ["id:ID", ":LABEL", *(_column(name, NODE_FIELDS[name]) for name in fields)]
    table = [header]
    for entity, record in rows:
        labels = ARRAY_DELIMITER.join([ENTITY_LABEL, kind_label(entity.kind)])
        table.append([entity.id, labels, *(_cell(record.get(f)) for f in fields)])
    return _csv(table)


def relationships_csv(dataset: Dataset) -> str:
    rows = edge_records(dataset)
    skip = DRAWING | {"type"}
    fields = [f for f in used_fields(EDGE_FIELDS, (r for _, r in rows)) if f not in skip]
    header = [":START_ID", ":END_ID", ":TYPE", "id",
              *(_column(name, EDGE_FIELDS[name]) for name in fields)]
    table = [header]
    for edge, record in rows:
        table.append([edge.source, edge.target, relationship_type(edge.type), edge.id or "",
                      *(_cell(record.get(f)) for f in fields)])
    return _csv(table)


def write_neo4j_csv(dataset: Dataset, directory: str | Path) -> list[Path]:
    """Both files into `directory`, replaced together or not at all (`atomic.write_set`),
    so the importer never reads nodes of one export with relationships of another."""
    return write_set(directory, [(NODES_FILE, lambda: nodes_csv(dataset)),
                                 (RELATIONSHIPS_FILE, lambda: relationships_csv(dataset))])


def _column(name: str, kind: type) -> str:
    return f"{name}:{TYPES[kind]}"


def _cell(value: Value | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(_text(v) for v in value)
    return _text(str(value))


def _text(value: str) -> str:
    return value.replace(ARRAY_DELIMITER, "")


def _csv(table: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return buffer.getvalue()
