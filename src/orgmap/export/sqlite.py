"""A SQLite database for Datasette, sqlite-utils and any SQL client.

Tables `entities`, `edges`, `citations` (one row per citation, with its
locator) and `names` (every name, Chinese name and alias, searchable through
`names_fts`, FTS5 with the trigram tokenizer so that any three or more
characters of a name match, Chinese included); foreign keys from edges,
citations and names to what they describe; indexes on the columns people
filter by; and two views for the questions asked most: `roles` (who holds
which role where, with names) and `shared_roles` (pairs of roles one person
holds in two bodies: "who holds roles in both").

Written with the standard `sqlite3` module: the schema is plain SQL in one
place below, every value goes in as a parameter, and the database is built in
memory and written with `write_atomic`, so a reader never sees half a file and
the same data gives the same bytes. Datasette finds `names_fts` by itself
(it is an external-content FTS table over `names`) and offers a search box.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_atomic
from ..vocab import PERSON, ROLE_TYPES
from .attributes import Columns, Value, edge_columns, node_columns, ordered_edges, ordered_entities

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Citation, Edge, Entity

SQLITE_FILE = "orgmap.db"

TABLES = """
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_zh TEXT,
    category TEXT,
    description TEXT,
    url TEXT,
    start_date TEXT,
    end_date TEXT,
    aliases TEXT,      -- JSON array
    identifiers TEXT   -- JSON array of 'scheme: value'
);
CREATE TABLE edges (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES entities(id),
    target TEXT NOT NULL REFERENCES entities(id),
    role TEXT,
    role_zh TEXT,
    start_date TEXT,
    end_date TEXT,
    ended_by TEXT,
    as_of TEXT,        -- JSON array
    note TEXT,
    directed INTEGER NOT NULL,
    status TEXT        -- 'yes' or 'maybe' in a dated selection
);
CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    entity_id TEXT REFERENCES entities(id),
    edge_id TEXT REFERENCES edges(id),
    position INTEGER NOT NULL,
    ref TEXT,          -- a document id (the document may be outside a selection)
    url TEXT,
    locator TEXT,
    CHECK ((entity_id IS NULL) <> (edge_id IS NULL))
);
CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    name TEXT NOT NULL,
    form TEXT NOT NULL  -- 'name', 'name_zh' or 'alias'
);
"""

INDEXES = """
CREATE INDEX entities_kind ON entities(kind);
CREATE INDEX entities_category ON entities(category);
CREATE INDEX entities_dates ON entities(start_date, end_date);
CREATE INDEX edges_type ON edges(type);
CREATE INDEX edges_source ON edges(source);
CREATE INDEX edges_target ON edges(target);
CREATE INDEX edges_dates ON edges(start_date, end_date);
CREATE INDEX citations_entity ON citations(entity_id);
CREATE INDEX citations_edge ON citations(edge_id);
CREATE INDEX citations_ref ON citations(ref);
CREATE INDEX names_entity ON names(entity_id);
CREATE VIRTUAL TABLE names_fts USING fts5(name, content='names', content_rowid='id',
    tokenize='trigram');
INSERT INTO names_fts(names_fts) VALUES ('rebuild');
"""


def views() -> str:
    """The question views; which relation types count as roles comes from the vocabulary."""
    role_types = ", ".join(f"'{name}'" for name in sorted(ROLE_TYPES))
    return f"""
CREATE VIEW roles AS
SELECT edges.id AS edge_id, edges.type, edges.source AS person_id, person.name AS person,
       person.name_zh AS person_zh, edges.target AS body_id, body.name AS body,
       body.name_zh AS body_zh, edges.role, edges.role_zh, edges.start_date, edges.end_date,
       edges.ended_by, edges.as_of, edges.status
FROM edges
JOIN entities AS person ON person.id = edges.source
JOIN entities AS body ON body.id = edges.target
WHERE edges.type IN ({role_types}) AND person.kind = '{PERSON}';
CREATE VIEW shared_roles AS
SELECT a.person_id, a.person, a.person_zh,
       a.body_id AS body_id, a.body AS body, a.role AS role, a.edge_id AS edge_id,
       b.body_id AS other_body_id, b.body AS other_body, b.role AS other_role,
       b.edge_id AS other_edge_id
FROM roles AS a JOIN roles AS b ON a.person_id = b.person_id AND a.body_id <> b.body_id;
"""


def sqlite_bytes(dataset: Dataset) -> bytes:
    """The database file's bytes: built in memory, rows inserted in id order."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        load(connection, table_rows(dataset))
        connection.execute("VACUUM")
        return connection.serialize()
    finally:
        connection.close()


def load(connection: sqlite3.Connection, rows: dict[str, list[tuple[object, ...]]]) -> None:
    """Create the tables, insert `rows` (each table's, from `table_rows`), then the
    indexes, the full-text index and the views, all in one transaction."""
    connection.executescript(TABLES)
    for table, values in rows.items():
        connection.executemany(INSERTS[table], values)
    connection.executescript(INDEXES + views())
    connection.commit()


def write_sqlite(dataset: Dataset, path: str | Path) -> Path:
    return write_atomic(path, sqlite_bytes(dataset))


#: Table column -> attribute-table field, in column order: the SQL names avoid the
#: keywords `end` and `from`.
ENTITY_COLUMNS = {"id": "id", "kind": "kind", "name": "name", "name_zh": "name_zh",
                  "category": "category", "description": "description", "url": "url",
                  "start_date": "start", "end_date": "end", "aliases": "aliases",
                  "identifiers": "identifiers"}
EDGE_COLUMNS = {"id": "id", "type": "type", "source": "source", "target": "target",
                "role": "role", "role_zh": "role_zh", "start_date": "start", "end_date": "end",
                "ended_by": "ended_by", "as_of": "as_of", "note": "note",
                "directed": "directed", "status": "status"}


#: The insert statement of each table, in the order the tables are filled.
INSERTS = {
    "entities": f"INSERT INTO entities ({', '.join(ENTITY_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(ENTITY_COLUMNS))})",
    "edges": f"INSERT INTO edges ({', '.join(EDGE_COLUMNS)}) "
             f"VALUES ({', '.join('?' * len(EDGE_COLUMNS))})",
    "citations": "INSERT INTO citations (entity_id, edge_id, position, ref, url, locator) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
    "names": "INSERT INTO names (entity_id, name, form) VALUES (?, ?, ?)",
}


def table_rows(dataset: Dataset) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, in `INSERTS` order: entities and edges in id order, made a
    column at a time from the attribute table (lists as JSON arrays, booleans as 0 or 1)."""
    entities, edges = ordered_entities(dataset), ordered_edges(dataset)
    nodes = {"id": [e.id for e in entities], **node_columns(entities)}
    links = {"id": [e.id or "" for e in edges], "source": [e.source for e in edges],
             "target": [e.target for e in edges], **edge_columns(edges, dataset.status)}
    return {
        "entities": _rows(nodes, ENTITY_COLUMNS),
        "edges": _rows(links, EDGE_COLUMNS),
        "citations": list(_citation_rows(entities, edges)),
        "names": list(_name_rows(entities)),
    }


def _rows(columns: Columns, wanted: dict[str, str]) -> list[tuple[object, ...]]:
    return list(zip(*(_sql(columns[field]) for field in wanted.values()), strict=True))


def _sql(column: list[Value | None]) -> list[object]:
    """A column as SQLite stores it: lists as JSON arrays, booleans as 0 or 1."""
    kinds = set(map(type, column))
    if list in kinds:
        encode = json.JSONEncoder(ensure_ascii=False).encode
        return [encode(v) if isinstance(v, list) else v for v in column]
    if bool in kinds:
        return [int(v) if isinstance(v, bool) else v for v in column]
    return column


def _citation_rows(entities: Iterable[Entity], edges: Iterable[Edge]
                   ) -> Iterator[tuple[object, ...]]:
    for entity in entities:
        yield from ((entity.id, None, n, *_citation(c)) for n, c in enumerate(entity.sources, 1))
    for edge in edges:
        yield from ((None, edge.id, n, *_citation(c)) for n, c in enumerate(edge.sources, 1))


def _citation(citation: Citation) -> tuple[str | None, str | None, str | None]:
    return citation.ref, citation.url, citation.locator


def _name_rows(entities: Iterable[Entity]) -> Iterator[tuple[str, str, str]]:
    for entity in entities:
        yield entity.id, entity.name, "name"
        if entity.name_zh:
            yield entity.id, entity.name_zh, "name_zh"
        yield from ((entity.id, alias, "alias") for alias in entity.aliases)
