"""Overlap and timeline on a hand-built network (tests/fixtures/queries/network).

Each person in the fixture is there for one rule; its comments say which.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orgmap
from orgmap import Dataset, LookupProblem, QueryProblem, overlap, timeline
from orgmap.data.dates import parse_partial_date
from orgmap.questions.structure import containers, expand

NETWORK = Path(__file__).parent / "fixtures" / "queries" / "network"
#: Everyone with roles in both the ministry (in any of its forms) and the council.
BOTH = {"alice", "bob", "carol", "dan", "erin", "frank", "grace", "heidi", "ivan", "judy", "mia"}


@pytest.fixture(scope="module")
def data() -> Dataset:
    return orgmap.load(NETWORK, cache=False)


def people(frame) -> set[str]:
    return set(frame["person_id"])


def status_of(frame) -> dict[str, str]:
    return dict(zip(frame["person_id"], frame["status"], strict=True))


# -- which bodies count as "the ministry" -----------------------------------------------


def test_a_body_expands_to_sub_units_transitively_and_nameplates(data: Dataset) -> None:
    assert expand(data, "ministry") == {"ministry", "ministry-bureau", "bureau-office",
                                        "party-office", "party-office-unit", "joint-taskforce"}
    assert expand(data, "ministry-bureau") == {"ministry-bureau", "bureau-office"}
    # A nameplate is the same institution: its expansion is the same.
    assert expand(data, "party-office") == expand(data, "ministry")
    assert containers(data, "bureau-office") == {"bureau-office", "ministry-bureau", "ministry",
                                                 "party-office"}


def test_structure_ruled_out_on_a_date_is_not_followed(data: Dataset) -> None:
    assert "old-unit" in expand(data, "council")
    assert "old-unit" in expand(data, "council", parse_partial_date("2014"))
    assert "old-unit" not in expand(data, "council", parse_partial_date("2016"))


# -- overlap: sub-units, nameplates, exact ------------------------------------------------


def test_overlap_includes_sub_units_and_nameplates_by_default(data: Dataset) -> None:
    frame = overlap(data, ["ministry", "council"])
    assert people(frame) == BOTH
    assert set(frame["status"]) == {"confirmed"}


def test_overlap_names_the_exact_body_of_each_role(data: Dataset) -> None:
    rows = overlap(data, ["ministry", "council"]).set_index("person_id")
    assert rows.loc["bob", "ministry_body_id"] == "bureau-office"  # a sub-unit's sub-unit
    assert rows.loc["carol", "ministry_body_id"] == "party-office"  # the other nameplate
    assert rows.loc["dan", "ministry_body_id"] == "party-office-unit"  # a nameplate's sub-unit
    assert rows.loc["dan", "ministry_body"] == "Party Office Research Unit"
    assert rows.loc["mia", "council_body_id"] == "old-unit"
    assert rows.loc["alice", "council_role"] == "Member"
    assert rows.loc["alice", "council_dates"] == "2019/2023"
    assert rows.loc["alice", "council_sources"] == "report, p. 2"
    assert rows.loc["alice", "person"] == "Alice Archer"


def test_exact_counts_only_roles_in_the_bodies_named(data: Dataset) -> None:
    frame = overlap(data, ["ministry", "council"], exact=True)
    assert people(frame) == BOTH - {"bob", "carol", "dan", "mia"}
    assert set(frame["ministry_body_id"]) == {"ministry"}


def test_a_membership_counts_as_a_role_but_a_member_body_does_not(data: Dataset) -> None:
    rows = overlap(data, ["ministry", "council"]).set_index("person_id")
    assert rows.loc["judy", "council_role"] == "member"
    # The association is a member of the council, and the ministry supervises it: no row.
    assert "association" not in rows.index


def test_three_bodies(data: Dataset) -> None:
    frame = overlap(data, ["ministry", "council", "forum"])
    assert people(frame) == {"ivan"}
    assert frame.loc[0, "forum_body_id"] == "forum-2019"
    assert people(overlap(data, ["ministry", "council", "forum"], exact=True)) == set()


def test_one_role_does_not_count_for_two_bodies(data: Dataset) -> None:
    # kate holds one role in the bureau office, inside both; lee and alice hold two roles.
    assert people(overlap(data, ["ministry", "ministry-bureau"])) == {"lee", "alice"}
    # quinn's one role is in a taskforce that is part of both the ministry and the council.
    assert "quinn" not in people(overlap(data, ["ministry", "council"], possible=True))
    assert "quinn" in people(timeline(data, "council", units=True).rename(
        columns={"other_id": "person_id"}))


def test_several_roles_in_one_body_are_listed_in_date_order(data: Dataset) -> None:
    rows = overlap(data, ["ministry", "council"]).set_index("person_id")
    assert rows.loc["alice", "ministry_body_id"] == "ministry-bureau | ministry"
    assert rows.loc["alice", "ministry_role"] == "Head | Minister / 部长"
    assert rows.loc["alice", "ministry_dates"] == "2015/2018 | 2018/2022"


def test_concurrent_shows_only_the_roles_held_together(data: Dataset) -> None:
    rows = overlap(data, ["ministry", "council"], concurrent=True).set_index("person_id")
    assert rows.loc["alice", "ministry_body_id"] == "ministry"


def test_the_long_layout_has_one_row_per_role(data: Dataset) -> None:
    frame = overlap(data, ["ministry", "council", "forum"], layout="long")
    assert list(frame["asked_id"]) == ["ministry", "council", "forum"]
    assert list(frame["body_id"]) == ["ministry", "council", "forum-2019"]
    assert set(frame["edge_id"]) == {"ivan--role--ministry", "ivan--role--council",
                                     "ivan--role--forum-2019"}


def test_names_resolve_and_bad_names_raise(data: Dataset) -> None:
    assert people(overlap(data, ["MN", "State Council"])) == BOTH
    assert people(overlap(data, ["网络部", "council"])) == BOTH
    with pytest.raises(LookupProblem, match="ambiguous"):
        overlap(data, ["NB", "council"])
    with pytest.raises(LookupProblem, match="no entity called 'counsil'"):
        overlap(data, ["ministry", "counsil"])


def test_an_overlap_needs_two_different_bodies(data: Dataset) -> None:
    with pytest.raises(QueryProblem, match="two or more"):
        overlap(data, ["ministry", "MN"])
    with pytest.raises(QueryProblem, match="is a person, not a body"):
        overlap(data, ["ministry", "alice"])
    with pytest.raises(QueryProblem, match="not a date"):
        overlap(data, ["ministry", "council"], at="last year")
    with pytest.raises(QueryProblem, match="layout"):
        overlap(data, ["ministry", "council"], layout="tall")


# -- overlap: time -----------------------------------------------------------------------


def test_concurrent_lists_confirmed_people_only(data: Dataset) -> None:
    frame = overlap(data, ["ministry", "council"], concurrent=True)
    assert people(frame) == {"alice", "bob", "carol", "dan", "grace", "ivan", "judy"}


def test_concurrent_possible_adds_those_the_dates_cannot_rule_out(data: Dataset) -> None:
    statuses = status_of(overlap(data, ["ministry", "council"], concurrent=True, possible=True))
    assert statuses["alice"] == "confirmed"  # 2018-2022 and 2019-2023
    assert statuses["grace"] == "confirmed"  # both attested as of 2020-06
    assert statuses["frank"] == "possible"  # ends in 2019, starts in 2019
    assert statuses["heidi"] == "possible"  # open intervals: end unknown
    assert statuses["mia"] == "possible"
    assert "erin" not in statuses  # handover on 2019-03-05


def test_a_handover_is_an_overlap_any_time_but_never_concurrent(data: Dataset) -> None:
    assert "erin" in people(overlap(data, ["ministry", "council"]))
    assert "erin" not in people(overlap(data, ["ministry", "council"], concurrent=True,
                                        possible=True))


def test_at_a_date_needs_a_role_in_force_in_each_body(data: Dataset) -> None:
    statuses = status_of(overlap(data, ["ministry", "council"], at="2020", possible=True))
    assert statuses["alice"] == "confirmed"
    assert statuses["grace"] == "confirmed"  # as_of 2020-06 lies in 2020
    assert statuses["ivan"] == "possible"  # ended in 2020: perhaps on 1 January
    assert "heidi" not in statuses  # her council role starts in 2021
    assert "erin" not in statuses  # her ministry role ended in 2019
    assert statuses["bob"] == "possible"  # attested in 2021 only; start unknown
    frame = overlap(data, ["ministry", "council"], at="2020")
    assert set(frame["status"]) == {"confirmed"}


def test_at_the_handover_day_the_old_role_is_over(data: Dataset) -> None:
    assert "erin" not in people(overlap(data, ["ministry", "council"], at="2019-03-05",
                                        possible=True))
    # The day before, the council role had not started.
    assert "erin" not in people(overlap(data, ["ministry", "council"], at="2019-03-04",
                                        possible=True))


def test_at_a_partial_date_uses_the_whole_period(data: Dataset) -> None:
    # alice: council role from 2019, so in force on some day of 2019...
    assert status_of(overlap(data, ["ministry", "council"], at="2019",
                             possible=True))["alice"] == "confirmed"
    # ...but on one given day of 2019 it cannot be confirmed.
    assert status_of(overlap(data, ["ministry", "council"], at="2019-06-01",
                             possible=True))["alice"] == "possible"
    # frank's ministry role ended in 2019, perhaps on 1 January.
    assert status_of(overlap(data, ["ministry", "council"], at="2019",
                             possible=True))["frank"] == "possible"


def test_as_of_is_only_a_point_of_attestation(data: Dataset) -> None:
    statuses = status_of(overlap(data, ["ministry", "council"], at="2021", possible=True))
    assert statuses["grace"] == "possible"  # attested in 2020-06, nothing known of 2021
    assert statuses["bob"] == "confirmed"  # attested in 2021
    assert "grace" not in people(overlap(data, ["ministry", "council"], at="2021"))


def test_an_open_end_is_unknown(data: Dataset) -> None:
    statuses = status_of(overlap(data, ["ministry", "council"], at="2023", possible=True))
    assert statuses["heidi"] == "possible"
    assert "alice" not in statuses  # ministry role ended in 2022


def test_at_a_date_sub_units_that_left_no_longer_count(data: Dataset) -> None:
    # mia's unit stopped being part of the council in 2015.
    assert "mia" not in people(overlap(data, ["ministry", "council"], at="2018", possible=True))


def test_concurrent_with_three_bodies_uses_the_forum_attestation(data: Dataset) -> None:
    frame = overlap(data, ["ministry", "council", "forum"], concurrent=True)
    assert people(frame) == {"ivan"}


# -- timeline ------------------------------------------------------------------------------


def test_timeline_is_in_date_order_with_undated_last(data: Dataset) -> None:
    frame = timeline(data, "council")
    dated = frame[(frame["start"] != "") | (frame["end"] != "") | (frame["as_of"] != "")]
    undated = frame.drop(dated.index)
    assert list(frame.index) == [*dated.index, *undated.index]
    assert frame.loc[0, "other_id"] == "old-unit"  # ended 2015; earliest known date
    assert list(dated["other_id"][:3]) == ["old-unit", "ivan", "judy"]
    assert {"ned", "report", "association"} <= set(undated["other_id"])


def test_timeline_of_a_body_says_who_held_which_role_when(data: Dataset) -> None:
    frame = timeline(data, "ministry", types=["role"])
    assert set(frame["type"]) == {"role"}
    rows = frame.set_index("other_id")
    assert rows.loc["alice", "role"] == "Minister / 部长"
    assert (rows.loc["alice", "start"], rows.loc["alice", "end"]) == ("2018", "2022")
    assert rows.loc["alice", "relation"] == "has role holder"
    assert "bob" not in rows.index  # his role is in a sub-unit


def test_timeline_with_units_names_the_exact_body(data: Dataset) -> None:
    rows = timeline(data, "ministry", units=True, types=["role"]).set_index("other_id")
    assert rows.loc["bob", "entity_id"] == "bureau-office"
    assert rows.loc["carol", "entity_id"] == "party-office"
    assert list(rows.loc["alice", "entity_id"]) == ["ministry-bureau", "ministry"]


def test_timeline_of_a_person(data: Dataset) -> None:
    frame = timeline(data, "Ivan Irwin")
    assert list(frame["other_id"]) == ["council", "ministry", "forum-2019"]
    assert set(frame["relation"]) == {"holds role in"}


def test_timeline_refuses_an_unknown_type(data: Dataset) -> None:
    with pytest.raises(QueryProblem, match="unknown relation type 'rol'"):
        timeline(data, "ministry", types=["rol"])


def test_public_names_stay_the_functions_after_their_modules_load() -> None:
    """Question modules live in `orgmap.questions` (and the pipeline in `orgmap.data`),
    so importing one never replaces `orgmap.<question>` with a module."""
    import importlib
    import types

    for module in ("structure", "overlap", "timeline", "interlocks", "paths", "neighbourhood",
                   "centrality", "describe"):
        importlib.import_module(f"orgmap.questions.{module}")
    importlib.import_module("orgmap.data.load")
    for name in ("overlap", "timeline", "interlocks", "interlock_matrix", "path", "ego",
                 "ego_subgraph", "snapshot", "centrality", "QueryProblem", "load", "search",
                 "stats", "profile"):
        assert not isinstance(getattr(orgmap, name), types.ModuleType), name
        assert getattr(orgmap, name).__name__ == name


@pytest.mark.parametrize(("person", "bodies", "concurrent", "in_2019", "on_2019_06_01"), [
    ("alice", ["ministry", "council"], "confirmed", "confirmed", "possible"),
    ("erin", ["ministry", "council"], None, "confirmed", None),
    ("frank", ["ministry", "council"], "possible", "possible", "possible"),
    ("grace", ["ministry", "council"], "confirmed", "possible", "possible"),
    ("heidi", ["ministry", "council"], "possible", None, None),
    ("ivan", ["ministry", "council", "forum"], "confirmed", "confirmed", "possible"),
])
def test_the_table_of_consequences_in_the_docs(data: Dataset, person: str, bodies: list[str],
                                               concurrent: str | None, in_2019: str | None,
                                               on_2019_06_01: str | None) -> None:
    """docs/queries.md tabulates these answers; None is 'ruled out'."""
    def answer(**when: object) -> str | None:
        return status_of(overlap(data, bodies, possible=True, **when)).get(person)

    assert answer(concurrent=True) == concurrent
    assert answer(at="2019") == in_2019
    assert answer(at="2019-06-01") == on_2019_06_01
