"""Paths: shortest chains between two entities, each step with its evidence."""

from __future__ import annotations

from itertools import pairwise
from math import prod
from pathlib import Path

import networkx as nx
import pytest

import orgmap
from orgmap import Dataset, QueryProblem, path

NETWORK = Path(__file__).parent / "fixtures" / "queries" / "network"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return orgmap.load(NETWORK, cache=False)


def chains(frame) -> list[list[str]]:
    """Each chain as its sequence of entity ids."""
    found = []
    for _, steps in frame.groupby("chain", sort=True):
        found.append([steps.iloc[0]["from_id"], *steps["to_id"]])
    return found


def test_shortest_chains_with_each_step_explained(data: Dataset) -> None:
    frame = path(data, "Pat Founder", "MN")
    assert chains(frame) == [
        ["founder", "association-board", "association", "ministry"],
        ["founder", "forum-2019", "forum", "ministry"],
        ["founder", "forum-2019", "ivan", "ministry"],
    ]
    first = frame.iloc[0]
    assert (first["relation"], first["role"], first["as_of"], first["sources"]) == \
        ("holds role in", "Member", "2020", "report")
    # Relations followed against their direction read from the traveller's side.
    assert list(frame["relation"][:3]) == ["holds role in", "part of", "supervised by"]
    assert frame.iloc[2]["edge_id"] == "ministry--supervises--association"
    assert frame.iloc[8][["start", "end"]].tolist() == ["2018", "2020"]


def test_max_limits_the_number_of_chains(data: Dataset) -> None:
    assert len(chains(path(data, "founder", "ministry", max_chains=1))) == 1
    with pytest.raises(QueryProblem, match="at least 1"):
        path(data, "founder", "ministry", max_chains=0)


def test_via_restricts_the_relation_types_followed(data: Dataset) -> None:
    assert chains(path(data, "founder", "ministry", via=["role"])) == [
        ["founder", "forum-2019", "ivan", "ministry"]]
    assert path(data, "founder", "ministry", via=["nameplate"]).empty
    with pytest.raises(QueryProblem, match="unknown relation type"):
        path(data, "founder", "ministry", via=["knows"])


def test_parallel_edges_make_separate_chains(data: Dataset) -> None:
    # judy holds a role in the ministry and is a member of the council: direct neighbours.
    frame = path(data, "judy", "council")
    assert list(frame["type"]) == ["member"]
    frame = path(data, "ministry", "council", max_chains=50)
    types = {tuple(steps["type"]) for _, steps in frame.groupby("chain")}
    assert ("role", "member") in types and ("role", "role") in types


def test_a_path_needs_two_different_known_entities(data: Dataset) -> None:
    with pytest.raises(QueryProblem, match="two different"):
        path(data, "ministry", "MN")
    with pytest.raises(orgmap.LookupProblem):
        path(data, "ministry", "nobody-at-all")


def test_every_pair_gets_all_shortest_chains_like_networkx(data: Dataset) -> None:
    """The bidirectional search agrees with networkx on lengths and chain counts."""
    graph = nx.MultiGraph(data.graph)
    ids = sorted(data.entities)
    for source in ids[::3]:
        for target in ids[1::4]:
            if source == target:
                continue
            frame = path(data, source, target, max_chains=1000)
            if not nx.has_path(graph, source, target):
                assert frame.empty
                continue
            node_paths = list(nx.all_shortest_paths(graph, source, target))
            expected = sum(prod(graph.number_of_edges(a, b) for a, b in pairwise(p))
                           for p in node_paths)
            found = chains(frame)
            assert len(found) == expected, (source, target)
            assert {len(c) for c in found} == {len(node_paths[0])}
            assert {tuple(c) for c in found} == {tuple(p) for p in node_paths}
