"""Centrality: brokers ranked by betweenness and degree on the simple undirected projection."""

from __future__ import annotations

from pathlib import Path

import pytest

import orgmap
from orgmap import Dataset, QueryProblem, centrality
from orgmap.questions.centrality import projection

NETWORK = Path(__file__).parent / "fixtures" / "queries" / "network"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return orgmap.load(NETWORK, cache=False)


def test_ranked_by_betweenness_then_degree(data: Dataset) -> None:
    frame = centrality(data, top=None)
    assert list(frame["rank"]) == list(range(1, len(frame) + 1))
    assert list(frame["betweenness"]) == sorted(frame["betweenness"], reverse=True)
    assert frame.iloc[0]["entity_id"] in {"ministry", "council"}
    assert frame.attrs["note"] == f"betweenness exact over {len(frame)} entities"


def test_a_leaf_brokers_nothing_and_its_only_link_does(data: Dataset) -> None:
    rows = centrality(data, top=None).set_index("entity_id")
    assert rows.loc["exchange", "betweenness"] == 0
    assert rows.loc["exchange", "degree"] == 1
    assert rows.loc["founder", "betweenness"] > 0


def test_degree_counts_distinct_neighbours_ignoring_direction(data: Dataset) -> None:
    rows = centrality(data, top=None).set_index("entity_id")
    assert rows.loc["judy", "degree"] == 2  # a role in one body, a membership in the other
    ministry = {e.other_end("ministry") for e in data.relations("ministry")}
    assert rows.loc["ministry", "degree"] == len(ministry)


def test_documents_and_concepts_are_left_out_unless_asked_for(data: Dataset) -> None:
    assert "report" not in set(centrality(data, top=None)["entity_id"])
    with_documents = centrality(data, top=None, kinds=["person", "organization", "document"])
    assert "report" in set(with_documents["entity_id"])
    assert "forum" not in set(with_documents["entity_id"])
    assert "report" in projection(data, ["document", "organization"])


def test_top_and_rank_by_degree(data: Dataset) -> None:
    frame = centrality(data, top=3, by="degree")
    assert len(frame) == 3
    assert list(frame["degree"]) == sorted(frame["degree"], reverse=True)
    assert frame.iloc[0]["degree"] == centrality(data, top=None)["degree"].max()


def test_sampled_betweenness_is_reproducible_and_says_so(data: Dataset) -> None:
    first = centrality(data, top=None, sample=5)
    second = centrality(data, top=None, sample=5)
    assert first.equals(second)
    assert first.attrs["note"].startswith("betweenness estimated from 5 of")
    assert "(seed 0)" in first.attrs["note"]


def test_bad_options_are_refused(data: Dataset) -> None:
    with pytest.raises(QueryProblem, match="cannot rank by"):
        centrality(data, by="fame")
    with pytest.raises(QueryProblem, match="unknown kind"):
        centrality(data, kinds=["people"])
    with pytest.raises(QueryProblem, match="at least 1"):
        centrality(data, sample=0)
