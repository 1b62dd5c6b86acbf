"""The schema preamble of a Cypher script, per database engine.

Kept apart from the Cypher writer so that the command line can list the
dialects as choices without importing the writer and the attribute table
behind it: `orgmap --help` only pays for what it shows.
"""

from __future__ import annotations

#: Statements that make `:Entity(id)` unique or indexed, in each engine's syntax.
DIALECTS: dict[str, tuple[str, ...]] = {
    "neo4j": ("CREATE CONSTRAINT orgmap_entity_id IF NOT EXISTS "
              "FOR (n:Entity) REQUIRE n.id IS UNIQUE;",),
    "memgraph": ("CREATE INDEX ON :Entity(id);",
                 "CREATE CONSTRAINT ON (n:Entity) ASSERT n.id IS UNIQUE;"),
    "falkordb": ("CREATE INDEX FOR (n:Entity) ON (n.id);",),
}
DEFAULT_DIALECT = "neo4j"
#: Engines whose data statements pass each batch as a query parameter in the
#: statement's own `CYPHER rows=[...]` header (FalkorDB's documented form for a
#: parameterised query) instead of as a literal after `UNWIND`: FalkorDB reads a
#: parameter an order of magnitude faster than the same list inside the query.
PARAMETER_HEADER = frozenset({"falkordb"})
