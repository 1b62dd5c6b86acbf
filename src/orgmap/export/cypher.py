"""A Cypher script that loads the network into Neo4j, Memgraph or FalkorDB.

The data statements are portable openCypher: literal batches,
`UNWIND [{...}, ...] AS row CREATE ...`, so that a large map loads in a few
hundred statements rather than one per relation, with nothing to pass beside
the statement (cypher-shell, Memgraph Lab and a FalkorDB client all run the file
as it is).
The schema preamble, a uniqueness constraint or index on `:Entity(id)`, differs
between engines; `DIALECTS` holds it. FalkorDB also gets each batch in the
statement's `CYPHER rows=[...]` parameter header, read as `UNWIND $rows AS row`
(`PARAMETER_HEADER`): its query parser spends tens of microseconds on every
value of a literal list, so 200,000 relations written as literals cost over a
minute of server time, while the same values as a parameter cost a few seconds
(benchmarks/bench_databases.py). The rest of each statement is the same for all
three engines.

The file is one statement per line, each ending with `;`, as cypher-shell
reads a script. Every string is a single-quoted literal with the escapes all
three engines read alike (`\\\\`, `\\'`, `\\n`, `\\r`, `\\t`, `\\b`, `\\f`), so no
name, note or citation can end a literal, hide a `;`, or put a newline into a
statement. NUL and lone surrogates, which no engine can store, are dropped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_atomic
from ..vocab import KINDS, RELATIONS
from .attributes import Value
from .dialects import DEFAULT_DIALECT, DIALECTS, PARAMETER_HEADER
from .records import edge_records, entity_records

if TYPE_CHECKING:
    from ..data.dataset import Dataset

CYPHER_FILE = "orgmap.cypher"
#: Rows per UNWIND statement: large enough that 200,000 relations take 200 statements,
#: small enough that no statement reaches the megabyte range engines start to refuse.
BATCH_SIZE = 1000
ENTITY_LABEL = "Entity"

#: The schema preamble per engine: a unique (or at least indexed) `:Entity(id)`, which
#: every relationship statement looks its two ends up by.

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = str.maketrans({"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                          "\b": "\\b", "\f": "\\f", "\0": None,
                          **dict.fromkeys(range(0xD800, 0xE000))})


def kind_label(kind: str) -> str:
    """The node label of an entity kind: `person` -> `Person`."""
    return kind[:1].upper() + kind[1:]


def relationship_type(relation: str) -> str:
    """The relationship type of a relation: `part_of` -> `PART_OF`."""
    return relation.upper()


def cypher_text(dataset: Dataset, dialect: str = DEFAULT_DIALECT) -> str:
    """The whole script: a comment, the dialect's schema, the nodes, the relationships."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown Cypher dialect '{dialect}'; use one of: {', '.join(DIALECTS)}")
    lines = [f"// orgmap: {len(dataset.entities)} entities, {len(dataset.edges)} relations "
             f"for {dialect}; load into an empty database, one statement per line.",
             *DIALECTS[dialect], *node_statements(dataset, dialect),
             *relationship_statements(dataset, dialect)]
    return "\n".join(lines) + "\n"


def node_statements(dataset: Dataset, dialect: str = DEFAULT_DIALECT) -> Iterator[str]:
    """One CREATE batch per kind (labels cannot be parameters), in vocabulary order."""
    by_kind: dict[str, list[dict[str, Value]]] = {kind: [] for kind in KINDS}
    for entity, record in entity_records(dataset):
        by_kind[entity.kind].append(record)
    for kind, records in by_kind.items():
        labels = f"{_name(ENTITY_LABEL)}:{_name(kind_label(kind))}"
        for batch in _batches(records):
            yield f"{_unwind(batch, dialect)} CREATE (n:{labels}) SET n = row;"


def relationship_statements(dataset: Dataset, dialect: str = DEFAULT_DIALECT) -> Iterator[str]:
    """One CREATE batch per relation type, each row naming its ends by entity id."""
    by_type: dict[str, list[dict[str, Value]]] = {name: [] for name in RELATIONS}
    for edge, record in edge_records(dataset):
        properties = {k: v for k, v in record.items() if k != "type"}
        by_type[edge.type].append({"source": edge.source, "target": edge.target,
                                   "properties": properties})
    entity = _name(ENTITY_LABEL)
    for relation, rows in by_type.items():
        rel = _name(relationship_type(relation))
        for batch in _batches(rows):
            yield (f"{_unwind(batch, dialect)} "
                   f"MATCH (a:{entity} {{id: row.source}}) MATCH (b:{entity} {{id: row.target}}) "
                   f"CREATE (a)-[r:{rel}]->(b) SET r = row.properties;")


def _unwind(batch: list[dict[str, Value]], dialect: str) -> str:
    """The start of a data statement: the batch as `row`, literal or parameter."""
    if dialect in PARAMETER_HEADER:
        return f"CYPHER rows={_list(batch)} UNWIND $rows AS row"
    return f"UNWIND {_list(batch)} AS row"


def write_cypher(dataset: Dataset, path: str | Path, dialect: str = DEFAULT_DIALECT) -> Path:
    return write_atomic(path, cypher_text(dataset, dialect))


# -- literals -----------------------------------------------------------------------

def string_literal(text: str) -> str:
    """A single-quoted Cypher string that reads back as `text` (less NUL and surrogates)."""
    return literal(text)


def literal(value: object) -> str:
    """A Cypher literal for a string, boolean, number, list or map."""
    kind = type(value)
    if kind is str:
        return f"'{value.translate(_ESCAPES)}'"  # type: ignore[attr-defined]
    if kind is dict:
        return "{" + ", ".join([f"{_name(k)}: {literal(v)}"
                                for k, v in value.items()]) + "}"  # type: ignore[attr-defined]
    if kind is list or kind is tuple:
        return _list(value)  # type: ignore[arg-type]
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return repr(value)
    if isinstance(value, str):  # a StrEnum such as a selection's status
        return literal(str(value))
    raise TypeError(f"no Cypher literal for {kind.__name__}")


def _list(values: Iterable[object]) -> str:
    return "[" + ", ".join([literal(v) for v in values]) + "]"


@functools.cache
def _name(name: str) -> str:
    """A label, type or key as written: plain when it can be, else back-quoted."""
    return name if _NAME.match(name) else "`" + name.replace("`", "``") + "`"


def _batches(rows: list[dict[str, Value]]) -> Iterator[list[dict[str, Value]]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start:start + BATCH_SIZE]
