"""The Cypher export loaded into a real FalkorDB server and questioned in Cypher.

FalkorDB runs the script exactly as written (one statement per line), so these
tests check what a team gets in its database: every entity and relation, every
property read back unchanged (Chinese text and injection payloads included),
the same answer to "who holds roles in both" as `orgmap overlap --exact`, and
the selection options.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from answers import overlap_exact
from typer.testing import CliRunner

import orgmap
from orgmap.cli import app
from orgmap.export.cypher import cypher_text, kind_label, literal, relationship_type
from orgmap.export.records import edge_record, entity_record
from orgmap.vocab import ROLE_TYPES
from selections import CASES, IDS, chosen, cli_args

REPOSITORY = Path(__file__).parent.parent.parent
DATA = REPOSITORY / "data"
INJECTION = REPOSITORY / "tests" / "fixtures" / "html" / "injection"
runner = CliRunner()


def load_script(graph: Any, text: str) -> int:
    """Run the script one line at a time, as `docs/databases.md` does; returns statements."""
    statements = [line for line in text.split("\n") if line and not line.startswith("//")]
    for statement in statements:
        graph.query(statement)
    return len(statements)


def rows(graph: Any, query: str, **params: Any) -> list[list[Any]]:
    return graph.query(query, params or None).result_set


@pytest.fixture(scope="module")
def bundled(falkordb: Any) -> tuple[orgmap.Dataset, Any]:
    dataset = orgmap.load(DATA, cache=False)
    graph = falkordb.select_graph("bundled")
    load_script(graph, cypher_text(dataset, "falkordb"))
    return dataset, graph


def test_counts_match_the_dataset(bundled: tuple[orgmap.Dataset, Any]) -> None:
    dataset, graph = bundled
    assert rows(graph, "MATCH (n:Entity) RETURN count(n)") == [[len(dataset.entities)]]
    assert rows(graph, "MATCH ()-[r]->() RETURN count(r)") == [[len(dataset.edges)]]
    kinds = Counter(e.kind for e in dataset.entities.values())
    for kind, count in kinds.items():
        assert rows(graph, f"MATCH (n:Entity:{kind_label(kind)}) RETURN count(n)") == [[count]]
    types = Counter(e.type for e in dataset.edges)
    for relation, count in types.items():
        assert rows(graph, f"MATCH ()-[r:{relationship_type(relation)}]->() "
                    "RETURN count(r)") == [[count]]


def test_overlap_in_cypher_matches_overlap_exact(bundled: tuple[orgmap.Dataset, Any]) -> None:
    """"Who holds roles in both the CAC and the Central Propaganda Department" in Cypher."""
    _, graph = bundled
    expected = overlap_exact()
    assert expected, "the bundled data has people in both bodies"
    role = "|".join(relationship_type(t) for t in sorted(ROLE_TYPES))
    found = rows(graph, f"MATCH (p:Person)-[:{role}]->(:Entity {{id: $a}}), "
                 f"(p)-[:{role}]->(:Entity {{id: $b}}) RETURN DISTINCT p.id ORDER BY p.id",
                 a="cac", b="central-propaganda-department")
    assert [r[0] for r in found] == expected


def test_properties_read_back_unchanged(bundled: tuple[orgmap.Dataset, Any]) -> None:
    dataset, graph = bundled
    assert_round_trip(dataset, graph)


def assert_round_trip(dataset: orgmap.Dataset, graph: Any) -> None:
    nodes = {r[0]: r[1] for r in rows(graph, "MATCH (n:Entity) RETURN n.id, properties(n)")}
    assert nodes == {e.id: entity_record(e) for e in dataset.entities.values()}
    found = {r[0]: (r[1], r[2], r[3], r[4]) for r in rows(
        graph, "MATCH (a)-[r]->(b) RETURN r.id, a.id, b.id, type(r), properties(r)")}
    expected = {}
    for edge in dataset.edges:
        record = {k: v for k, v in edge_record(dataset, edge).items() if k != "type"}
        expected[edge.id] = (edge.source, edge.target, relationship_type(edge.type), record)
    assert found == expected


def test_injection_payloads_and_chinese_survive(falkordb: Any, tmp_path: Path) -> None:
    """Quotes, backslashes, newlines, `*/` and markup in every field reach the database as
    text: no statement breaks, nothing extra is created, every value reads back."""
    dataset = orgmap.load(INJECTION, cache=False)
    graph = falkordb.select_graph("injection")
    load_script(graph, cypher_text(dataset, "falkordb"))
    assert_round_trip(dataset, graph)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_selection_options(falkordb: Any, tmp_path: Path, case: dict[str, Any]) -> None:
    target = tmp_path / "selection.cypher"
    result = runner.invoke(app, ["export", "-f", "cypher", "--dialect", "falkordb", "-o",
                                 str(target), *cli_args(case)])
    assert result.exit_code == 0, result.stderr
    graph = falkordb.select_graph(f"selection-{tmp_path.name}")
    load_script(graph, target.read_text(encoding="utf-8"))
    assert_round_trip(chosen(case), graph)


@pytest.mark.parametrize("text", ["it's", 'say "hi"', "back\\slash\\", "*/ -- ;", "line\nbreak\r\n",
                                  "tab\there", "bell\b feed\f", "网信办", "\\'; MATCH (n) "
                                  "DETACH DELETE n; //", "$rows {x: 1}"])
def test_literal_and_parameter_forms_read_strings_alike(falkordb: Any, text: str) -> None:
    """FalkorDB reads a batch given in the `CYPHER rows=` header with the same
    escapes as a literal after UNWIND: both give back the text."""
    graph = falkordb.select_graph("strings")
    quoted = literal([{"text": text}])
    assert rows(graph, f"UNWIND {quoted} AS row RETURN row.text") == [[text]]
    assert rows(graph, f"CYPHER rows={quoted} UNWIND $rows AS row RETURN row.text") == [[text]]
