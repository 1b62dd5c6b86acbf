"""Partial dates as periods, and the three-valued "in force" logic built on them.

Curated data rarely knows the exact day: "2018" or "2021-11" are common and a
missing `start` or `end` means *unknown*, not "forever". So every relation gets
two half-open day intervals: the days on which it was **certainly** in force and
the days on which it **possibly** was. Questions then answer yes / maybe / no.

Rules (documented in docs/queries.md and pinned down in tests/test_dates.py):

* A partial date names a whole period: `2018` is 2018-01-01..2018-12-31.
* A relation is one unbroken stretch of days `[s, e)`: it starts on day `s` and
  has ended by day `e`. So a role ending on the day another starts is a
  handover, not an overlap.
* `start` says `s` lies in its period; `end` says `e` lies in its period. When
  either is missing it is unknown.
* Each `as_of` period holds at least one day on which the relation was in force;
  so does the `start` period (the first day is a day in force), and so does the
  `end` period moved back by one day (the day before `e` is the last in force).
* A relation whose end is no later than the first day it could have begun
  (`start` and `end` the same day) was in force on that one day.
* An event's `end` is the last day it ran (callers pass `end_inclusive`).
* `ended_by` bounds the end without dating it: the last day in force is no
  later than the last day of its period, so `e` is at most the day after. It
  moves only the latest possible `e`, and gives no known day in force.
* Certainly in force: from the latest possible `s` to the earliest possible `e`.
  Possibly in force: from the earliest possible `s` to the latest possible `e`
  (exclusive: the day `e` itself is never in force).
* Several relations were certainly held together when their certain intervals
  meet, or when some stretch of days holds a day in force of each of them: it is
  certainly covered by all of them but one, and holds a known day in force of that
  one; or it is one same `as_of` value of every relation not covering it (one
  source calling them all current).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ..errors import DateFormatError, QueryProblem

#: Stand-ins for "unbounded" in day ordinals; far outside any real date.
MIN_DAY = -(1 << 40)
MAX_DAY = 1 << 40



class Status(StrEnum):
    """Was something in force (or held together) during a period? yes, maybe or no.

    The one vocabulary for the three-valued answer. The value ("yes") is what
    `Dataset.status` and the exports carry; `word` is how a table shows it
    ("confirmed", "possible"), `letter` how the page encodes it ("y", "m", "n"),
    and `rank` orders the answers: no < maybe < yes.
    """

    YES = "yes"
    MAYBE = "maybe"
    NO = "no"

    @property
    def word(self) -> str:
        return _WORDS[self]

    @property
    def letter(self) -> str:
        return self.value[0]

    @property
    def rank(self) -> int:
        return _RANKS[self]


_WORDS = {Status.YES: "confirmed", Status.MAYBE: "possible", Status.NO: "ruled out"}
_RANKS = {Status.NO: 0, Status.MAYBE: 1, Status.YES: 2}
YES, MAYBE, NO = Status.YES, Status.MAYBE, Status.NO

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, month or day; it stands for that whole period."""

    text: str
    first: int  # ordinal of the first day of the period
    last: int  # ordinal of the last day of the period

    def __str__(self) -> str:
        return self.text

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month"}.get(len(self.text), "day")

    @property
    def end_exclusive(self) -> int:
        return self.last + 1

    def first_date(self) -> dt.date:
        return dt.date.fromordinal(self.first)

    def last_date(self) -> dt.date:
        return dt.date.fromordinal(self.last)


def digits(number: int) -> int:
    """How many digits an integer has, without `str()` (which refuses over 4,300)."""
    import math

    size = abs(number)
    if size == 0:
        return 1
    count = int(math.log10(size)) + 1  # a float estimate, off by one near powers of ten
    if 10 ** (count - 1) > size:
        return count - 1
    return count + 1 if size >= 10 ** count else count


def parse_partial_date(value: object) -> PartialDate:
    """Read YYYY / YYYY-MM / YYYY-MM-DD from a str, an int year or a date.

    YAML hands dates over in all three shapes depending on quoting, so all are
    accepted; anything else raises DateFormatError with a message for people.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value.toordinal()
        return PartialDate(value.isoformat(), day, day)
    if isinstance(value, bool):
        raise DateFormatError(f"expected a date like 2021, 2021-11 or 2021-11-05, got {value!r}")
    if isinstance(value, int):
        if value.bit_length() > 64:  # str() refuses over 4,300 digits; no date is this long
            raise DateFormatError(f"a number of {digits(value)} digits is not a date; write "
                                  "YYYY, YYYY-MM or YYYY-MM-DD")
        value = str(value)
    if not isinstance(value, str):
        raise DateFormatError(
            f"expected a date like 2021, 2021-11 or 2021-11-05, got {type(value).__name__}"
        )
    match = _PATTERN.match(value.strip())
    if not match:
        raise DateFormatError(
            f"'{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021-11-05)"
        )
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if year < 1:
        raise DateFormatError(f"'{value}' has no year 0")
    if month is not None and not 1 <= month <= 12:
        raise DateFormatError(f"'{value}' has month {month}; months run 01 to 12")
    if day is not None:
        days_in_month = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days_in_month:
            raise DateFormatError(f"'{value}' has day {day}; that month has {days_in_month} days")
        point = dt.date(year, month, day).toordinal()
        return PartialDate(match[0], point, point)
    if month is not None:
        last = calendar.monthrange(year, month)[1]
        return PartialDate(
            match[0], dt.date(year, month, 1).toordinal(), dt.date(year, month, last).toordinal()
        )
    return PartialDate(match[0], dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal())


@dataclass(frozen=True, slots=True)
class Span:
    """When a relation was in force: certain and possible half-open day intervals."""

    certain_from: int
    certain_until: int
    possible_from: int
    possible_until: int
    attested: tuple[PartialDate, ...] = ()
    begins: PartialDate | None = None
    ends: PartialDate | None = None

    def known_days(self) -> list[tuple[int, int]]:
        """Inclusive day ranges each known to hold a day in force: as_of, start, end - 1."""
        ranges = [(seen.first, seen.last) for seen in self.attested]
        if self.begins:
            ranges.append((self.begins.first, self.begins.last))
        if self.ends:
            first = self.ends.first - 1
            if self.begins:  # the day before the end, but never before the start
                first = max(first, self.begins.first)
            if first <= self.ends.last - 1:
                ranges.append((first, self.ends.last - 1))
        return ranges

    @property
    def is_dated(self) -> bool:
        return self.possible_from > MIN_DAY or self.possible_until < MAX_DAY or bool(self.attested)


def span_of(
    start: PartialDate | None, end: PartialDate | None, as_of: tuple[PartialDate, ...] = (),
    *, end_inclusive: bool = False, ended_by: PartialDate | None = None,
) -> Span:
    """The certain and possible intervals of a relation (see the module rules).

    With `end_inclusive` (an event: `end` is the last day it ran) the end
    period is read one day later. A relation that ended no later than the first
    day it could have begun (`start` and `end` the same day) was in force on
    that one day; read literally, it would have no day in force at all.
    `ended_by` ("former as of DATE") caps the possible interval at the end of
    its period, so later periods are ruled out while its own stays possible.
    """
    if end is not None and end_inclusive:
        end = _shifted(end, 1)
    if start is not None and end is not None and end.last <= start.first:
        end = PartialDate(end.text, start.first + 1, start.first + 1)
    latest_start = start.last if start else MAX_DAY
    earliest_end = end.first if end else MIN_DAY
    for seen in as_of:
        latest_start = min(latest_start, seen.last)
        earliest_end = max(earliest_end, seen.first + 1)
    latest_end = end.last if end else MAX_DAY
    if ended_by is not None:
        latest_end = min(latest_end, ended_by.end_exclusive)
    return Span(
        certain_from=latest_start,
        certain_until=earliest_end,
        possible_from=start.first if start else MIN_DAY,
        possible_until=latest_end,
        attested=tuple(as_of),
        begins=start,
        ends=end,
    )


def _shifted(date: PartialDate, days: int) -> PartialDate:
    return PartialDate(date.text, date.first + days, date.last + days)


def status_during(span: Span, period: PartialDate) -> Status:
    """Was the relation in force at some time during `period`? yes / maybe / no."""
    lo, hi = period.first, period.end_exclusive
    if max(span.certain_from, lo) < min(span.certain_until, hi):
        return YES
    if any(period.first <= first and last <= period.last for first, last in span.known_days()):
        return YES
    if max(span.possible_from, lo) < min(span.possible_until, hi):
        return MAYBE
    return NO


def year_letters(span: Span, starts: list[int], ends: list[int]) -> str:
    """`status_during(span, year).letter` for consecutive years, found by bisection.

    `starts` and `ends` are the years' first days and the days after their last
    (ordinals). Asking `status_during` of every year costs a hundred calls per
    relation; the answer is the same: a year is in force when it overlaps the
    certain interval or holds a known day in force, possibly when it overlaps
    the possible interval.
    """
    marks = [NO.letter] * len(starts)

    def overlapping(begin: int, end: int) -> range:
        if begin >= end:
            return range(0)
        return range(bisect_right(ends, begin), bisect_left(starts, end))

    for number in overlapping(span.possible_from, span.possible_until):
        marks[number] = MAYBE.letter
    for number in overlapping(span.certain_from, span.certain_until):
        marks[number] = YES.letter
    for first, last in span.known_days():
        number = bisect_right(starts, first) - 1
        if 0 <= number < len(starts) and last < ends[number]:
            marks[number] = YES.letter
    return "".join(marks)


def status_together(spans: list[Span]) -> Status:
    """Were all these relations in force at one same time? yes / maybe / no.

    A single relation is trivially held together with itself. Relations attested
    by the same `as_of` value (one source calling them all current) count as held
    together, even when that value is only a month; so does a relation with a
    known day in force inside a stretch that all the others certainly cover.
    """
    if len(spans) <= 1:
        return YES
    if max(s.certain_from for s in spans) < min(s.certain_until for s in spans):
        return YES
    if _seen_together(spans):
        return YES
    if max(s.possible_from for s in spans) < min(s.possible_until for s in spans):
        return MAYBE
    return NO


def _covers(span: Span, first: int, last: int) -> bool:
    return span.certain_from <= first and last < span.certain_until


def _seen_together(spans: list[Span]) -> bool:
    """True when some known day in force of one relation falls where all are in force."""
    for index, span in enumerate(spans):
        others = spans[:index] + spans[index + 1:]
        for first, last in span.known_days():
            if all(_covers(other, first, last) for other in others):
                return True
    shared = set(spans[0].attested).union(*(s.attested for s in spans[1:]))
    for period in shared:
        rest = [s for s in spans if not _covers(s, period.first, period.last)]
        if all(period in s.attested for s in rest):
            return True
    return False


def day_to_iso(day: int) -> str | None:
    """ISO date for a day ordinal, or None for an unbounded end."""
    if day <= MIN_DAY or day >= MAX_DAY:
        return None
    return dt.date.fromordinal(day).isoformat()


def sort_key(start: PartialDate | None, end: PartialDate | None,
             as_of: tuple[PartialDate, ...] = (),
             ended_by: PartialDate | None = None) -> tuple[int, int, str]:
    """Timeline order: by the earliest known date; undated relations last."""
    if start:
        return (0, start.first, start.text)
    if as_of:
        first = min(as_of, key=lambda p: p.first)
        return (0, first.first, first.text)
    bound = end or ended_by
    if bound:
        return (0, bound.first, bound.text)
    return (1, 0, "")


def as_period(when: PartialDate | str | int | None) -> PartialDate | None:
    """A PartialDate from user input (YYYY, YYYY-MM, YYYY-MM-DD); QueryProblem if malformed."""
    if when is None or isinstance(when, PartialDate):
        return when
    try:
        return parse_partial_date(when)
    except DateFormatError as exc:
        raise QueryProblem(str(exc)) from None


def period_text(start: PartialDate | None, end: PartialDate | None,
                as_of: Iterable[PartialDate] = (), ended_by: PartialDate | None = None) -> str:
    """How orgmap prints when something held, everywhere (tables, the page): '2018/2022',
    '2018/..', '../2022' (the EDTF interval style), then 'ended by 2021-11' and
    'as of 2021-11'; '' if undated."""
    parts = []
    if start or end:
        parts.append(f"{start or '..'}/{end or '..'}")
    if ended_by:
        parts.append(f"ended by {ended_by}")
    attested = ", ".join(map(str, as_of))
    if attested:
        parts.append(f"as of {attested}")
    return "; ".join(parts)
