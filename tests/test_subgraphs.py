"""Ego networks and snapshots as tables, and the subgraphs behind them."""

from __future__ import annotations

from pathlib import Path

import pytest

import orgmap
from orgmap import Dataset, QueryProblem, ego, ego_subgraph, snapshot
from orgmap.data.dates import parse_partial_date
from orgmap.data.selection import at_date
from orgmap.questions.neighbourhood import edges_table

NETWORK = Path(__file__).parent / "fixtures" / "queries" / "network"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return orgmap.load(NETWORK, cache=False)


def test_ego_lists_neighbours_nearest_first_with_how_they_link(data: Dataset) -> None:
    frame = ego(data, "ministry")
    assert set(frame["distance"]) == {1}
    assert set(frame["entity_id"]) == {e.other_end("ministry") for e in
                                       data.relations("ministry")}
    rows = frame.set_index("entity_id")
    assert rows.loc["alice", "relation"] == "has role holder"
    assert rows.loc["alice", "role"] == "Minister / 部长"
    assert rows.loc["association", "relation"] == "supervises"
    assert rows.loc["ministry-bureau", "relation"] == "has part"
    assert rows.loc["party-office", "relation"] == "same institution as"
    assert rows.loc["alice", "via_id"] == "ministry"


def test_ego_depth_two_reaches_the_next_ring_through_the_nearer_one(data: Dataset) -> None:
    frame = ego(data, "founder", depth=2)
    assert list(frame["distance"]) == sorted(frame["distance"])
    rows = frame.set_index("entity_id")
    assert rows.loc["forum-2019", "distance"] == 1
    assert rows.loc["ivan", "distance"] == 2
    assert rows.loc["ivan", "via_id"] == "forum-2019"
    assert rows.loc["ivan", "relation"] == "has role holder"
    assert rows.loc["association", "via"] == "Association Board"
    assert "ministry" not in rows.index  # three steps away


def test_ego_subgraph_is_the_dataset_to_render_or_export(data: Dataset) -> None:
    sub = ego_subgraph(data, "founder", 1)
    assert set(sub.entities) == {"founder", "association-board", "forum-2019", "exchange"}
    assert {e.id for e in sub.edges} == {e.id for e in data.relations("founder")}
    wider = ego_subgraph(data, "founder", 2)
    assert "forum-2019--part_of--forum" in {e.id for e in wider.edges}
    assert set(edges_table(sub)["edge_id"]) == {e.id for e in sub.edges}


def test_ego_at_a_date_drops_what_was_not_in_force(data: Dataset) -> None:
    rows = ego(data, "ministry", at="2023").set_index("entity_id")
    assert "alice" not in rows.index  # her ministry role ended in 2022
    assert "heidi" in rows.index  # open-ended: possibly still there
    edges = edges_table(ego_subgraph(data, "ministry", at="2023"))
    assert set(edges["status"]) == {"possible"}
    with pytest.raises(QueryProblem, match="did not exist during 2019"):
        ego(data, "exchange", at="2019")


def test_ego_refuses_a_negative_depth(data: Dataset) -> None:
    with pytest.raises(QueryProblem, match="depth"):
        ego(data, "ministry", depth=-1)
    assert ego(data, "ministry", depth=0).empty


def test_snapshot_flags_each_edge_confirmed_or_possible(data: Dataset) -> None:
    frame = snapshot(data, "2019").set_index("edge_id")
    assert frame.loc["alice--role--ministry", "status"] == "confirmed"
    assert frame.loc["erin--role--ministry", "status"] == "confirmed"  # until March 2019
    assert frame.loc["ned--role--council", "status"] == "possible"  # undated
    assert frame.loc["grace--role--ministry", "status"] == "possible"  # attested 2020 only
    assert "erin--role--ministry" not in snapshot(data, "2019-03-05")["edge_id"].values
    assert "heidi--role--council" not in frame.index  # starts 2021
    assert "founder--role--exchange" not in frame.index  # the exchange opened in 2020


def test_snapshot_matches_the_dated_selection_used_by_render_and_export(data: Dataset) -> None:
    when = parse_partial_date("2019")
    chosen = at_date(data, when)
    frame = snapshot(data, when)
    assert list(frame["edge_id"]) == [e.id for e in chosen.edges]
    assert dict(zip(frame["edge_id"], frame["status"], strict=True)) == {
        k: {"yes": "confirmed", "maybe": "possible"}[v] for k, v in chosen.status.items()}


def test_snapshot_confirmed_only(data: Dataset) -> None:
    frame = snapshot(data, "2019", possible=False)
    assert set(frame["status"]) == {"confirmed"}
    assert "ned--role--council" not in frame["edge_id"].values
    with pytest.raises(QueryProblem, match="not a date"):
        snapshot(data, "soon")
