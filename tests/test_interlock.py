"""Interlocks: pairs of bodies sharing people, and the shared-people matrix."""

from __future__ import annotations

from pathlib import Path

import pytest

import orgmap
from orgmap import Dataset, QueryProblem, interlock_matrix, interlocks

NETWORK = Path(__file__).parent / "fixtures" / "queries" / "network"
BOTH = {"alice", "bob", "carol", "dan", "erin", "frank", "grace", "heidi", "ivan", "judy", "mia"}


@pytest.fixture(scope="module")
def data() -> Dataset:
    return orgmap.load(NETWORK, cache=False)


def pairs(frame) -> dict[frozenset[str], set[str]]:
    return {frozenset((a, b)): set(p.split("; "))
            for a, b, p in zip(frame["body_a_id"], frame["body_b_id"], frame["people_id"],
                               strict=True)}


def test_sub_unit_roles_count_for_the_bodies_containing_them(data: Dataset) -> None:
    found = pairs(interlocks(data))
    assert found[frozenset({"ministry", "council"})] == BOTH
    assert found[frozenset({"party-office", "council"})] == BOTH  # the other nameplate
    assert found[frozenset({"ministry-bureau", "council"})] == {"alice", "bob"}


def test_a_body_is_not_paired_with_its_own_sub_units_or_nameplates(data: Dataset) -> None:
    found = pairs(interlocks(data))
    for related in (("ministry", "ministry-bureau"), ("ministry", "party-office"),
                    ("ministry", "bureau-office"), ("council", "old-unit"),
                    ("forum", "forum-2019")):
        assert frozenset(related) not in found


def test_one_role_inside_two_bodies_is_not_an_interlock(data: Dataset) -> None:
    # quinn's only role is in a taskforce that is part of both the ministry and the council.
    assert not any("quinn" in people for people in pairs(interlocks(data)).values())


def test_exact_counts_direct_roles_and_keeps_nested_pairs(data: Dataset) -> None:
    found = pairs(interlocks(data, exact=True))
    assert found[frozenset({"ministry", "council"})] == BOTH - {"bob", "carol", "dan", "mia"}
    assert found[frozenset({"ministry", "ministry-bureau"})] == {"alice", "lee"}
    assert frozenset({"party-office", "council"}) in found  # carol, directly


def test_pairs_are_ranked_by_shared_people_with_ids_and_names(data: Dataset) -> None:
    frame = interlocks(data)
    assert list(frame["shared"]) == sorted(frame["shared"], reverse=True)
    top = frame.iloc[0]
    assert top["shared"] == 11
    assert {top["body_a"], top["body_b"]} == {"State Council", "Ministry of Networks"}
    assert top["people"].split("; ")[0] == "Alice Archer"  # people in name order
    assert (frame["shared"] == frame["people_id"].str.count("; ") + 1).all()


def test_min_shared_drops_smaller_pairs(data: Dataset) -> None:
    frame = interlocks(data, min_shared=2)
    assert set(frame["shared"]) == {11, 2}
    assert interlocks(data, min_shared=12).empty


def test_category_and_kind_restrict_the_bodies_paired(data: Dataset) -> None:
    state = interlocks(data, categories=["state"])
    paired = set(state["body_a_id"]) | set(state["body_b_id"])
    assert paired <= {"ministry", "ministry-bureau", "bureau-office", "council", "old-unit",
                      "joint-taskforce"}
    assert frozenset({"ministry", "council"}) in pairs(state)
    events = interlocks(data, kinds=["organization"])
    assert not ({"forum", "forum-2019"} & (set(events["body_a_id"]) | set(events["body_b_id"])))
    with pytest.raises(QueryProblem, match="kind 'person' holds no roles"):
        interlocks(data, kinds=["person"])


def test_at_a_date_counts_roles_in_force_confirmed_unless_possible(data: Dataset) -> None:
    sure = interlocks(data, at="2021")
    assert pairs(sure)[frozenset({"ministry", "council"})] == {"alice", "bob", "carol", "dan"}
    maybe = interlocks(data, at="2021", possible=True)
    row = maybe[(maybe["body_a_id"] == "council") & (maybe["body_b_id"] == "ministry")].iloc[0]
    assert set(row["people_id"].split("; ")) == {"alice", "bob", "carol", "dan", "grace",
                                                 "heidi"}
    assert (row["shared"], row["confirmed"]) == (6, 4)
    assert "Grace Green (possible)" in row["people"]
    assert "Alice Archer;" in row["people"]


def test_matrix_is_symmetric_with_people_per_body_on_the_diagonal(data: Dataset) -> None:
    matrix = interlock_matrix(data).set_index("body_id")
    bodies = list(matrix.index)
    assert bodies == [c for c in matrix.columns if c != "body"]
    assert matrix.loc["ministry", "council"] == matrix.loc["council", "ministry"] == 11
    assert matrix.loc["ministry", "ministry-bureau"] == 0  # never paired: a sub-unit
    # People with a role counting for the council: BOTH, ned, quinn and the council's own.
    council = set(orgmap.timeline(data, "council", units=True, types=["role", "member"])
                  ["other_id"]) - {"association"}
    assert matrix.loc["council", "council"] == len(council)
    assert matrix.loc["ministry", "body"] == "Ministry of Networks"


def test_matrix_follows_min_shared(data: Dataset) -> None:
    matrix = interlock_matrix(data, min_shared=3)
    assert set(matrix["body_id"]) == {"ministry", "council", "party-office"}
