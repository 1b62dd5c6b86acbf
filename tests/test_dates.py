"""The time rules, one by one: partial dates as periods, unknown ends, as_of, handovers."""

from __future__ import annotations

import datetime as dt

import pytest

from orgmap.data.dates import (
    MAX_DAY,
    MAYBE,
    MIN_DAY,
    NO,
    YES,
    DateFormatError,
    PartialDate,
    Span,
    Status,
    day_to_iso,
    parse_partial_date,
    sort_key,
    span_of,
    status_during,
    status_together,
)


def d(text: str) -> PartialDate:
    return parse_partial_date(text)


def held(start: str | None = None, end: str | None = None, *as_of: str) -> Span:
    return span_of(d(start) if start else None, d(end) if end else None,
                   tuple(d(x) for x in as_of))


# -- parsing ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "first", "last", "precision"), [
    ("2018", "2018-01-01", "2018-12-31", "year"),
    ("2020-02", "2020-02-01", "2020-02-29", "month"),
    ("2021-02", "2021-02-01", "2021-02-28", "month"),
    ("2021-11-05", "2021-11-05", "2021-11-05", "day"),
])
def test_a_partial_date_is_the_whole_period(text: str, first: str, last: str,
                                            precision: str) -> None:
    period = d(text)
    assert period.first_date().isoformat() == first
    assert period.last_date().isoformat() == last
    assert period.end_exclusive == period.last + 1
    assert period.precision == precision
    assert str(period) == text


def test_yaml_shapes_of_a_date_are_accepted() -> None:
    assert parse_partial_date(2018) == d("2018")
    assert parse_partial_date(dt.date(2021, 11, 5)) == d("2021-11-05")
    assert parse_partial_date(dt.datetime(2021, 11, 5, 10, 30)) == d("2021-11-05")
    assert parse_partial_date(" 2021-11 ") == d("2021-11")


@pytest.mark.parametrize(("value", "message"), [
    ("2021-13", "months run 01 to 12"),
    ("2021-02-30", "that month has 28 days"),
    ("0000", "no year 0"),
    ("21-11-05", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2021/11", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    (True, "got True"),
    (2021.5, "got float"),
    (None, "got NoneType"),
])
def test_malformed_dates_are_refused_with_a_reason(value: object, message: str) -> None:
    with pytest.raises(DateFormatError, match=message):
        parse_partial_date(value)


# -- one relation during a period ------------------------------------------------------


def test_dated_both_ends_is_certain_between_them_and_ruled_out_outside() -> None:
    span = held("2018", "2022")
    assert status_during(span, d("2020")) == YES
    assert status_during(span, d("2017")) == NO
    assert status_during(span, d("2023")) == NO


def test_the_start_period_holds_a_day_in_force() -> None:
    span = held("2018", "2022")
    assert status_during(span, d("2018")) == YES
    # ...but not a particular month of it: the start may come later in the year.
    assert status_during(span, d("2018-03")) == MAYBE


def test_the_day_before_the_end_is_in_force() -> None:
    assert status_during(held("2015", "2020-03"), d("2020")) == YES
    assert status_during(held("2015", "2020-03-05"), d("2020-03-04")) == YES
    # Ending in 2020 may mean ending on 1 January, with the last day in 2019.
    assert status_during(held("2015", "2020"), d("2020")) == MAYBE


def test_the_end_day_itself_is_not_in_force() -> None:
    span = held("2016", "2019-03-05")
    assert status_during(span, d("2019-03-05")) == NO
    assert status_during(span, d("2019-03-06")) == NO


def test_a_relation_begun_and_ended_on_one_day_was_in_force_that_day() -> None:
    span = held("2018-05-09", "2018-05-09")
    assert status_during(span, d("2018-05-09")) == YES
    assert status_during(span, d("2018-05-08")) == NO  # not the day before it began
    assert status_during(span, d("2018-05-10")) == NO
    # Begun in May and ended on its first day: it can only have been 1 May.
    assert status_during(held("2018-05", "2018-05-01"), d("2018-05-01")) == YES
    assert status_during(held("2018-05", "2018-05-01"), d("2018-05-02")) == NO


def test_an_events_end_is_its_last_day() -> None:
    ran = span_of(d("2019-10-20"), d("2019-10-22"), end_inclusive=True)
    assert status_during(ran, d("2019-10-22")) == YES
    assert status_during(ran, d("2019-10-23")) == NO
    one_day = span_of(d("2018-05-09"), d("2018-05-09"), end_inclusive=True)
    assert status_during(one_day, d("2018-05-09")) == YES
    assert status_during(one_day, d("2018-05-08")) == NO
    assert status_during(one_day, d("2018-05-10")) == NO


def test_a_missing_end_is_unknown_not_ongoing() -> None:
    span = held("2018-05-01")
    assert status_during(span, d("2024")) == MAYBE
    assert status_during(span, d("2018-04")) == NO


def test_a_missing_start_is_unknown_not_forever() -> None:
    span = held(None, "2020")
    assert status_during(span, d("1990")) == MAYBE
    assert status_during(span, d("2021")) == NO


def test_an_undated_relation_is_possible_at_any_time_and_certain_at_none() -> None:
    span = held()
    assert not span.is_dated
    assert status_during(span, d("1950")) == MAYBE
    assert status_during(span, d("2050")) == MAYBE


def test_as_of_attests_a_day_in_force_within_its_period() -> None:
    span = held(None, None, "2021-11")
    assert span.is_dated
    assert status_during(span, d("2021")) == YES
    assert status_during(span, d("2021-11")) == YES
    assert status_during(span, d("2021-11-05")) == MAYBE  # which day in November is unknown
    assert status_during(span, d("2030")) == MAYBE


def test_as_of_stretches_the_certain_interval_from_the_start() -> None:
    span = held("2018", None, "2021-11")
    assert status_during(span, d("2020")) == YES
    assert status_during(span, d("2019-06-01")) == YES
    assert status_during(span, d("2022")) == MAYBE


def test_as_of_and_an_end_bound_the_possible_interval() -> None:
    span = held(None, "2022", "2021-11")
    assert status_during(span, d("2023")) == NO
    assert status_during(span, d("2019")) == MAYBE


def bounded(ended_by: str, start: str | None = None, *as_of: str) -> Span:
    return span_of(d(start) if start else None, None, tuple(d(x) for x in as_of),
                   ended_by=d(ended_by))


def test_ended_by_rules_out_every_later_period() -> None:
    """Rule 12: over by the end of November 2021, so never in force after it."""
    span = bounded("2021-11")
    assert status_during(span, d("2021-12")) == NO
    assert status_during(span, d("2022")) == NO
    assert span.possible_until == d("2021-11").last + 1


def test_ended_by_leaves_its_own_period_and_earlier_possible() -> None:
    span = bounded("2021-11")
    assert status_during(span, d("2021-11-30")) == MAYBE
    assert status_during(span, d("2021")) == MAYBE
    assert status_during(span, d("2015")) == MAYBE
    assert span.certain_until <= span.certain_from  # no day is known to be in force


def test_other_dates_settle_what_ended_by_leaves_open() -> None:
    assert status_during(bounded("2021-11", "2018", "2020-06"), d("2020")) == YES
    assert status_during(bounded("2021-11", "2018"), d("2017")) == NO
    assert status_during(bounded("2021-11", "2018"), d("2019")) == MAYBE


def test_a_bound_on_the_start_day_leaves_that_one_day() -> None:
    span = bounded("2019-03-05", "2019-03-05")
    assert status_during(span, d("2019-03-05")) == YES
    assert status_during(span, d("2019-03-06")) == NO


def test_ended_by_and_a_later_start_are_never_together() -> None:
    assert status_together([bounded("2019-03"), held("2019-04")]) == NO
    assert status_together([bounded("2019-03"), held("2019")]) == MAYBE


def test_span_intervals_follow_the_rules() -> None:
    span = held("2018", "2022-06")
    assert span.certain_from == d("2018").last
    assert span.certain_until == d("2022-06").first
    assert span.possible_from == d("2018").first
    assert span.possible_until == d("2022-06").last
    open_span = held()
    assert (open_span.possible_from, open_span.possible_until) == (MIN_DAY, MAX_DAY)


# -- several relations together --------------------------------------------------------


def test_overlapping_certain_intervals_are_together() -> None:
    assert status_together([held("2018", "2022"), held("2019", "2023")]) == YES


def test_a_handover_on_the_same_day_is_not_an_overlap() -> None:
    assert status_together([held("2016", "2019-03-05"), held("2019-03-05", "2022")]) == NO


def test_a_start_the_day_before_the_end_is_an_overlap() -> None:
    assert status_together([held("2016", "2019-03-05"), held("2019-03-04", "2022")]) == YES


def test_an_end_and_a_start_in_the_same_year_cannot_be_told_apart() -> None:
    assert status_together([held("2015", "2019"), held("2019", "2021")]) == MAYBE


def test_disjoint_relations_are_never_together() -> None:
    assert status_together([held("2010", "2012"), held("2015", "2016")]) == NO


def test_open_ends_make_an_overlap_possible_not_certain() -> None:
    assert status_together([held("2015"), held("2021")]) == MAYBE


def test_the_same_as_of_value_attests_both_at_once() -> None:
    assert status_together([held(None, None, "2020-06"), held(None, None, "2020-06")]) == YES


def test_different_as_of_values_leave_it_possible() -> None:
    assert status_together([held(None, None, "2020-06"), held(None, None, "2020-07")]) == MAYBE


def test_an_attested_day_inside_anothers_certain_interval_is_together() -> None:
    assert status_together([held(None, None, "2019-10"), held("2018", "2021")]) == YES
    assert status_together([held(None, None, "2019-10"), held("2018", "2021"),
                            held("2017", "2022")]) == YES


def test_a_start_inside_anothers_certain_interval_is_together() -> None:
    assert status_together([held("2019-10"), held("2018", "2021")]) == YES


def test_an_attestation_outside_the_others_interval_confirms_nothing() -> None:
    # Attested in 2023 but of unknown start: it may have begun before 2021.
    assert status_together([held(None, None, "2023-01"), held("2018", "2021")]) == MAYBE
    assert status_together([held("2022", None, "2023-01"), held("2018", "2021")]) == NO


def test_one_relation_is_together_with_itself() -> None:
    assert status_together([held()]) == YES


# -- helpers -------------------------------------------------------------------


def test_one_status_vocabulary_orders_yes_then_maybe_then_no() -> None:
    assert max([NO, YES, MAYBE], key=lambda s: s.rank) == YES
    assert max([NO, MAYBE], key=lambda s: s.rank) == MAYBE
    assert sorted(Status, key=lambda s: s.rank) == [NO, MAYBE, YES]
    assert [s.word for s in (YES, MAYBE)] == ["confirmed", "possible"]
    assert [s.letter for s in (YES, MAYBE, NO)] == ["y", "m", "n"]
    assert YES == "yes" and Status("maybe") is MAYBE  # the value is what data carries


def test_day_to_iso_leaves_unbounded_ends_empty() -> None:
    assert day_to_iso(d("2021-11-05").first) == "2021-11-05"
    assert day_to_iso(MIN_DAY) is None
    assert day_to_iso(MAX_DAY) is None


def test_timeline_order_is_by_earliest_known_date_with_undated_last() -> None:
    keys = {
        "start": sort_key(d("2019"), None),
        "as_of": sort_key(None, None, (d("2020-06"), d("2018-03"))),
        "end": sort_key(None, d("2021")),
        "ended_by": sort_key(None, None, (), d("2022")),
        "undated": sort_key(None, None),
    }
    assert sorted(keys, key=keys.__getitem__) == ["as_of", "start", "end", "ended_by",
                                                  "undated"]
