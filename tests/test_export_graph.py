"""The exported graph is built fast and stays the graph the plain networkx calls build.

`export_graph` puts its nodes and edges straight into networkx's adjacency dicts
(`fill_graph`) and, on a dataset read from the cache, reads the attribute table
from the entry's columns instead of building a model per row. These tests hold
both to the straightforward definition: `add_nodes_from` and `add_edges_from`
over the attribute tables of the models, in id order, data and order included.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import orgmap
from generated import write_generated
from orgmap import Dataset
from orgmap.data.dates import parse_partial_date
from orgmap.data.model import Edge, Entity
from orgmap.data.selection import select
from orgmap.export.attributes import (
    EDGE_READ,
    ENTITY_READ,
    GRAPH_NAME,
    _edge_table,
    _fields_of_entry,
    _node_table,
    edge_columns,
    export_graph,
    node_columns,
    ordered_edges,
    ordered_entities,
    rows_of,
)

HERE = Path(__file__).parent
ROOT = HERE.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """80 generated people (careers, citations with locators, partial dates, `as_of`)."""
    return write_generated(tmp_path_factory.mktemp("generated"), 80, 3)


def plain_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """The exported graph as networkx's own methods build it from the models' tables."""
    entities, edges = ordered_entities(dataset), ordered_edges(dataset)
    graph = nx.MultiDiGraph(name=GRAPH_NAME)
    graph.add_nodes_from(zip([e.id for e in entities], rows_of(node_columns(entities)),
                             strict=True))
    graph.add_edges_from(zip([e.source for e in edges], [e.target for e in edges],
                             [e.id for e in edges],
                             rows_of(edge_columns(edges, dataset.status)), strict=True))
    return graph


def assert_same_graph(graph: nx.MultiDiGraph, expected: nx.MultiDiGraph) -> None:
    """Equal nodes, edges, data and graph attributes, in the same order everywhere (dict
    key order of each attribute dict included), successors and predecessors alike."""
    assert type(graph) is type(expected)
    assert graph.graph == expected.graph
    assert [(n, list(d.items())) for n, d in graph.nodes(data=True)] == [
        (n, list(d.items())) for n, d in expected.nodes(data=True)]
    for view in ("succ", "pred"):
        mine, theirs = getattr(graph, view), getattr(expected, view)
        assert list(mine) == list(theirs)
        for node in theirs:
            assert list(mine[node]) == list(theirs[node])
            for other, keys in theirs[node].items():
                assert [(k, list(d.items())) for k, d in mine[node][other].items()] == [
                    (k, list(d.items())) for k, d in keys.items()]
    assert list(graph.edges(keys=True, data=True)) == list(
        expected.edges(keys=True, data=True))
    assert list(graph.in_edges(keys=True, data=True)) == list(
        expected.in_edges(keys=True, data=True))
    # Each node and edge has a dict of its own: changing one changes nothing else.
    held = [d for _, d in graph.nodes(data=True)] + [d for *_, d in graph.edges(data=True)]
    assert len(set(map(id, held))) == len(held)

DATASETS = [HERE / "fixtures" / "export", HERE / "fixtures" / "formulas", ROOT / "data"]


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: p.name)
def test_the_graph_is_what_add_edges_from_builds(path: Path) -> None:
    dataset = orgmap.load(path, cache=False, allow_unsourced=True)
    for which in (dataset, select(dataset, at=parse_partial_date("2015"))):
        assert_same_graph(export_graph(which), plain_graph(which))


def test_the_graph_is_what_add_edges_from_builds_on_generated_data(generated: Path) -> None:
    dataset = orgmap.load(generated, cache=False)
    assert_same_graph(export_graph(dataset), plain_graph(dataset))


def test_edges_networkx_must_number_merge_or_add_go_through_networkx() -> None:
    """Edges without an id, sharing one, or with an end that is no entity: networkx
    numbers, merges or adds them, and the graph is still exactly its own."""
    cited = [{"url": "https://example.org/a"}]
    entities = [Entity(id=i, kind="organization", name=i.upper(), sources=cited)
                for i in ("a", "b")]
    cases = [
        [Edge(source="a", target="b", type="part_of", sources=cited),
         Edge(source="a", target="b", type="part_of", sources=cited, note="two")],
        [Edge(source="a", target="b", type="part_of", id="x", sources=cited),
         Edge(source="b", target="a", type="part_of", id="x", sources=cited)],
        [Edge(source="a", target="elsewhere", type="part_of", id="y", sources=cited)],
    ]
    for edges in cases:
        dataset = Dataset(entities, edges)
        assert_same_graph(export_graph(dataset), plain_graph(dataset))


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_a_graph_read_from_the_cache_is_the_validated_ones(which: str, generated: Path
                                                           ) -> None:
    """From a cache hit the table is read from the entry's columns, no model built; it is
    the table of the models, row for row, and so is the graph."""
    data = ROOT / "data" if which == "bundled" else generated
    eager = orgmap.load(data)  # validates and stores
    lazy = orgmap.load(data)
    entry = lazy.entry
    assert entry is not None and eager.entry is None
    entities, edges = list(eager.entities.values()), list(eager.edges)
    assert _node_table(_fields_of_entry(entry, "entities", ENTITY_READ)) == node_columns(
        entities)
    assert _edge_table(_fields_of_entry(entry, "edges", EDGE_READ), lazy.status) == (
        edge_columns(edges, eager.status))
    graph = lazy.graph
    assert all(not built for built in entry._models.values())  # no model was needed
    assert_same_graph(graph, plain_graph(eager))
    assert_same_graph(graph, export_graph(eager))


#: Run in a fresh interpreter: the command line's tests freeze the test process's heap.
COLLECTOR_PROBE = """
import gc
from orgmap.data.dataset import AGED_FROM, collector_paused

with collector_paused():
    made = [[n] for n in range(AGED_FROM + 2000)]
assert gc.isenabled()
assert gc.get_count()[0] < 2000, gc.get_count()  # not waiting in the young generation
assert any(item is made[0] for item in gc.get_objects(generation=2))
assert gc.get_freeze_count() == 0

kept = [[n] for n in range(100)]
gc.freeze()
frozen = gc.get_freeze_count()
with collector_paused():
    later = [[n] for n in range(AGED_FROM + 100)]
assert gc.get_freeze_count() == frozen  # the caller's frozen objects stay frozen
assert not any(item is kept[0] for item in gc.get_objects())
assert any(item is later[0] for item in gc.get_objects())

gc.unfreeze()
gc.collect()
with collector_paused():
    few = [[n] for n in range(100)]
assert gc.get_count()[0] >= 100  # a few: left young, nothing walked to move them
assert not any(item is few[0] for item in gc.get_objects(generation=2))
print("ok")
"""


def test_objects_made_while_paused_go_to_the_oldest_generation_and_frozen_ones_stay() -> None:
    done = subprocess.run([sys.executable, "-c", COLLECTOR_PROBE], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
