"""The portable Cypher script (the `neo4j` dialect's literal batches) run by an
embedded openCypher engine, `ocg`, inside the test's own process.

ocg implements no constraints, so the one schema statement at the top of the
script is left out; every data statement runs as written, with its two labels
per node, `SET n = row` and `SET r = row.properties`. The checks are those of a
server: counts, every property read back (Chinese text and injection payloads
included) and "who holds roles in both" as `orgmap overlap --exact` answers it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from answers import overlap_exact

import orgmap
from orgmap.export.cypher import DIALECTS, cypher_text, kind_label, relationship_type
from orgmap.export.records import edge_record, entity_record
from orgmap.vocab import ROLE_TYPES

REPOSITORY = Path(__file__).parent.parent.parent
DATA = REPOSITORY / "data"
INJECTION = REPOSITORY / "tests" / "fixtures" / "html" / "injection"


def loaded(ocg: Any, dataset: orgmap.Dataset) -> Any:
    """A new in-process graph with the script's data statements run, one a line."""
    lines = cypher_text(dataset, "neo4j").split("\n")
    preamble = DIALECTS["neo4j"]
    assert lines[1:1 + len(preamble)] == list(preamble)
    graph = ocg.Graph()
    for statement in lines[1 + len(preamble):]:
        if statement:
            graph.execute(statement)
    return graph


def values(graph: Any, query: str) -> list[tuple[Any, ...]]:
    return [tuple(row.values()) for row in graph.execute(query)]


@pytest.fixture(scope="module")
def bundled(ocg: Any) -> tuple[orgmap.Dataset, Any]:
    dataset = orgmap.load(DATA, cache=False)
    return dataset, loaded(ocg, dataset)


def test_counts_match_the_dataset(bundled: tuple[orgmap.Dataset, Any]) -> None:
    dataset, graph = bundled
    assert values(graph, "MATCH (n:Entity) RETURN count(n) AS c") == [(len(dataset.entities),)]
    assert values(graph, "MATCH ()-[r]->() RETURN count(r) AS c") == [(len(dataset.edges),)]
    for kind, count in Counter(e.kind for e in dataset.entities.values()).items():
        query = f"MATCH (n:Entity:{kind_label(kind)}) RETURN count(n) AS c"
        assert values(graph, query) == [(count,)]
    for relation, count in Counter(e.type for e in dataset.edges).items():
        query = f"MATCH ()-[r:{relationship_type(relation)}]->() RETURN count(r) AS c"
        assert values(graph, query) == [(count,)]


def test_overlap_in_cypher_matches_overlap_exact(bundled: tuple[orgmap.Dataset, Any]) -> None:
    _, graph = bundled
    expected = overlap_exact()
    assert expected
    role = "|".join(relationship_type(t) for t in sorted(ROLE_TYPES))
    found = values(graph, f"MATCH (p:Person)-[:{role}]->(:Entity {{id: 'cac'}}), "
                   f"(p)-[:{role}]->(:Entity {{id: 'central-propaganda-department'}}) "
                   "RETURN DISTINCT p.id AS id ORDER BY id")
    assert [row[0] for row in found] == expected


@pytest.mark.parametrize("source", [DATA, INJECTION], ids=["bundled", "injection"])
def test_properties_read_back_unchanged(ocg: Any, source: Path) -> None:
    dataset = orgmap.load(source, cache=False)
    graph = loaded(ocg, dataset)
    nodes = dict(values(graph, "MATCH (n:Entity) RETURN n.id AS id, properties(n) AS p"))
    assert nodes == {e.id: entity_record(e) for e in dataset.entities.values()}
    found = {row[0]: row[1:] for row in values(
        graph, "MATCH (a)-[r]->(b) RETURN r.id AS id, a.id AS a, b.id AS b, type(r) AS t, "
               "properties(r) AS p")}
    expected = {}
    for edge in dataset.edges:
        record = {k: v for k, v in edge_record(dataset, edge).items() if k != "type"}
        expected[edge.id] = (edge.source, edge.target, relationship_type(edge.type), record)
    assert found == expected
