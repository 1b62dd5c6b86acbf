"""Who was in post in the same body at the same time: the vectorised core of `ties`.

Every `role` or `member` edge from a person to a body is a *spell*. Two spells
of different people meet in a body when both count for it (a spell in a
sub-unit or nameplate counts for every body containing it, unless `exact`) and
they were held at one same time. Asked pair by pair this is quadratic in
spells, so nothing here loops over pairs in Python:

1. Spells are numpy arrays, built once per dataset (`spell_table.py`).
2. Each spell is placed in the outermost bodies it counts for; within each,
   spells are sorted by when they could have begun and every pair whose
   intervals intersect is generated with `searchsorted` and `repeat`. Only the
   confirmed question uses the narrow interval (from the first to the last day
   the data shows the spell in force), so open-ended roles do not pair with
   everyone after them unless possible ties are asked for.
3. The three-valued status of each pair (rule 8 of docs/queries.md, with the
   asked period as a third relation) is decided with array comparisons; known
   days in force and shared `as_of` values are exploded into flat arrays.
4. The pair is placed in the most specific bodies both spells count for (two
   people in one department also share its ministry, but they served together
   *in the department*), computed once per pair of target bodies.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..data.columns import spread as _ranges
from ..data.dates import MAX_DAY, MIN_DAY, PartialDate
from .structure import containers, expand
from .threads import each

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..data.dataset import Dataset
    from ..data.model import Edge

#: Three-valued answers as small integers, so that arrays can hold them.
RULED_OUT, POSSIBLE, CONFIRMED = 0, 1, 2

_OFFSET = 1 << 40  # moves MIN_DAY to 0 in sort keys
_SHIFT = 1 << 42  # a group code times this, plus a shifted day, is one sortable key


@dataclass(frozen=True)
class Period:
    """The time asked about: one partial date (`--at`) or a range (`--from`/`--to`)."""

    first: int
    until: int  # exclusive
    text: str


def period_of(at: PartialDate | None = None, begin: PartialDate | None = None,
              end: PartialDate | None = None) -> Period | None:
    """A Period from `--at` or from `--from`/`--to` (either side may be open)."""
    if at is not None:
        return Period(at.first, at.end_exclusive, str(at))
    if begin is None and end is None:
        return None
    return Period(begin.first if begin else MIN_DAY, end.end_exclusive if end else MAX_DAY,
                  f"{begin or '..'}/{end or '..'}")


def as_partial(period: Period | None) -> PartialDate | None:
    """The period in the shape `status_during` takes, to decide whether structure applies."""
    if period is None:
        return None
    return PartialDate(period.text, period.first, period.until - 1)


# -- spells -----------------------------------------------------------------------

#: The per-spell numbers `Spells.numbers` holds (built by `spell_table.py`): the
#: certain and possible intervals (`dates.span_of`), the hull from the first to the
#: last day the data shows in force, the estimated stretch used to add up shared
#: time (each partial date counted as the middle of its period, a missing start or
#: end as the earliest or latest `as_of`), and the periods of the opening and
#: closing dates as recorded.
NUMBERS = ("certain_from", "certain_until", "possible_from", "possible_until",
           "hull_from", "hull_until", "estimate_from", "estimate_until",
           "from_first", "from_last", "until_last", "until_first")


@dataclass
class Spells:
    """Spells as parallel arrays; `known_*` and `attested_*` are exploded, one row per
    known day in force or `as_of` period, `*_owner` naming the spell."""

    edges: Sequence[Edge]  # built when read (a cache entry's records)
    person: np.ndarray
    target: np.ndarray
    numbers: dict[str, np.ndarray]
    opening: np.ndarray  # the date number of the opening date as recorded (0: none)
    closing: np.ndarray  # the date number of the closing date as recorded (0: none)
    date_text: Any  # the text of each date number ('' for 0): an object array or DateTexts
    known_owner: np.ndarray
    known_first: np.ndarray
    known_last: np.ndarray
    attested_keys: np.ndarray  # sorted owner * codes + period code
    attested_owner: np.ndarray
    attested_code: np.ndarray
    attested_first: np.ndarray
    attested_last: np.ndarray
    codes: int = 1
    row_starts: dict[str, np.ndarray] = field(default_factory=dict)  # see `rows_at`

    def __len__(self) -> int:
        return len(self.edges)

    def rows_at(self, owners: str) -> np.ndarray:
        """Where each spell's rows begin in the exploded arrays owned through `owners`
        ("known_owner" or "attested_owner", sorted by owner), and where the last ends:
        spell s owns rows at[s]:at[s+1]. Counted once per Spells, not per question."""
        found = self.row_starts.get(owners)
        if found is None:
            found = self.row_starts[owners] = np.r_[0, np.cumsum(
                np.bincount(getattr(self, owners), minlength=len(self)))]
        return found

    def __getattr__(self, name: str) -> np.ndarray:
        numbers = self.__dict__.get("numbers")
        if numbers is not None and name in numbers:
            return numbers[name]
        raise AttributeError(name)


# -- where a spell counts ----------------------------------------------------------


@dataclass
class Rollup:
    """Which bodies a spell in a given body counts for, and where two spells meet.

    Bodies that are nameplates of one another are one institution and count
    once, under the nameplate with the most role holders (then the first name).
    """

    dataset: Dataset
    bodies: list[str]
    code: dict[str, int]
    when: PartialDate | None
    exact: bool
    eligible: frozenset[str]
    holders: np.ndarray  # per body code: its role and member spells
    reach: dict[int, frozenset[int]] = field(default_factory=dict)
    outermost: dict[int, tuple[int, ...]] = field(default_factory=dict)
    meets: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)
    names: dict[frozenset[str], int] = field(default_factory=dict)
    #: Every body's `counts_for`, worked out before (`tie_saved.py`): (where each body's
    #: codes begin, the codes end to end).
    saved: tuple[np.ndarray, np.ndarray] | None = None
    _members: np.ndarray | None = None

    def counts_for(self, target: int) -> frozenset[int]:
        """Codes of the (representative) bodies a spell in `target` counts for."""
        found = self.reach.get(target)
        if found is None:
            body = self.bodies[target]
            if self.saved is not None:
                at, codes = self.saved
                found = frozenset(codes[at[target]:at[target + 1]].tolist())
            elif self.exact:
                around = {body} & self.eligible
                found = frozenset(self.code[b] for b in around)
            else:
                found = frozenset(self._representative(b)
                                  for b in containers(self.dataset, body, self.when)
                                  if b in self.eligible)
            self.reach[target] = found
        return found

    def _representative(self, body: str) -> int:
        """The one nameplate that stands for an institution known by several names."""
        dataset, when = self.dataset, self.when
        # Those of its containers it contains in turn (`expand` & `containers`), found
        # without expanding each container's whole subtree.
        group = frozenset(b for b in containers(dataset, body, when)
                          if b in self.eligible and body in containers(dataset, b, when))
        found = self.names.get(group)
        if found is None:
            chosen = next(iter(group)) if len(group) == 1 else min(
                group, key=lambda b: (-int(self.holders[self.code[b]]),
                                      dataset.entity_record(b).name, b))
            found = self.names[group] = self.code[chosen]
        return found

    def tops(self, target: int) -> tuple[int, ...]:
        """The outermost bodies a spell in `target` counts for: where pairs are looked for."""
        found = self.outermost.get(target)
        if found is None:
            found = self.outermost[target] = tuple(sorted(
                b for b in self.counts_for(target) if self.counts_for(b) <= {b}))
        return found

    def meet_many(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`meet` for many pairs of bodies: (how many bodies each pair meets in, those
        bodies end to end, each pair's in code order).

        With every body's roll-up kept (`saved`), array lookups instead of a Python call
        per pair: a pair's common bodies are those of the first's found among the
        second's, and of those the ones no other common body counts for.
        """
        if self.saved is None:
            places = [self.meet(a, b) for a, b in zip(first.tolist(), second.tolist(),
                                                      strict=True)]
            return (np.array([len(p) for p in places], dtype=np.int64),
                    np.fromiter(itertools.chain.from_iterable(places), dtype=np.int64))
        at, codes = self.saved
        width = max(len(self.bodies), 1)
        member = self.members()
        pair, rows = _ranges(np.arange(len(first), dtype=np.int64), at[first], at[first + 1])
        common = codes[rows]
        both = _contains(member, second[pair] * width + common)
        pair, common = pair[both], common[both]
        # Every two common bodies of one pair: a body another counts for is not kept.
        heads = np.searchsorted(pair, pair, side="left")
        tails = np.searchsorted(pair, pair, side="right")
        row, other = _ranges(np.arange(len(pair), dtype=np.int64), heads, tails)
        inner = (common[other] != common[row]) & _contains(member,
                                                           common[other] * width + common[row])
        kept = np.bincount(row[inner], minlength=len(pair)) == 0
        return np.bincount(pair[kept], minlength=len(first)), common[kept]

    def members(self) -> np.ndarray:
        """Sorted (body * bodies + body it counts for) of the kept roll-up."""
        if self._members is None:
            at, codes = self.saved  # type: ignore[misc]
            owner = np.repeat(np.arange(len(at) - 1, dtype=np.int64), np.diff(at))
            self._members = np.sort(owner * max(len(self.bodies), 1) + codes)
        return self._members

    def meet(self, first: int, second: int) -> tuple[int, ...]:
        """The most specific bodies spells in these two bodies both count for."""
        key = (first, second) if first <= second else (second, first)
        found = self.meets.get(key)
        if found is None:
            common = self.counts_for(first) & self.counts_for(second)
            found = self.meets[key] = tuple(common) if len(common) < 2 else tuple(sorted(
                body for body in common
                if not any(other != body and body in self.counts_for(other)
                           for other in common)))
        return found


# -- pairs of spells held at one time ----------------------------------------------


@dataclass
class Placement:
    """Spells placed in the outermost bodies they count for, sorted for interval search.

    Row n (in sorted order) is spell `spell[n]` in body `group[n]` over days
    [low[n], high[n]); the rows of one body are contiguous and sorted by `low`,
    so the rows intersecting row n and sorted after it run up to `ends[n]`, and
    the body's rows begin at `starts[n]`. `at[s]:at[s+1]` index `by_spell`, the
    positions of spell s's rows. Built once per question shape and reused.
    """

    spell: np.ndarray
    group: np.ndarray
    low: np.ndarray
    high: np.ndarray
    ends: np.ndarray
    starts: np.ndarray
    by_spell: np.ndarray
    at: np.ndarray


def placement(spells: Spells, rollup: Rollup, *, possible: bool, period: Period | None,
              chosen: np.ndarray | None = None) -> Placement:
    """Every spell (or only the `chosen` ones) in each outermost body it counts for, with
    the interval searched.

    The confirmed question searches the narrow interval (from the first to the
    last day the data shows the spell in force), so that open-ended roles do not
    pair with everyone after them unless possible ties are asked for.
    """
    which = np.arange(len(spells), dtype=np.int64) if chosen is None else chosen
    targets = spells.target[which]
    distinct = np.unique(targets).tolist()
    tops = [rollup.tops(t) for t in distinct]
    count = np.zeros(max(len(rollup.bodies), 1), dtype=np.int64)
    count[distinct] = [len(t) for t in tops]
    first = np.zeros_like(count)
    first[distinct] = np.cumsum(count[distinct]) - count[distinct]
    flat = np.fromiter(itertools.chain.from_iterable(tops), dtype=np.int64,
                       count=int(count.sum()))
    begins = first[targets]
    rows, slots = _ranges(which, begins, begins + count[targets])
    group = flat[slots]
    low, high = ((spells.possible_from, spells.possible_until) if possible
                 else (spells.hull_from, spells.hull_until))
    low, high = low[rows], high[rows]
    if period is not None:
        low, high = np.maximum(low, period.first), np.minimum(high, period.until)
    keep = np.flatnonzero(low < high)
    order = keep[np.lexsort((low[keep], group[keep]))]
    spell, group, low, high = rows[order], group[order], low[order], high[order]
    keys = group * _SHIFT + (low + _OFFSET)
    ends = np.searchsorted(keys, group * _SHIFT + (high + _OFFSET), side="left")
    starts = np.searchsorted(keys, group * _SHIFT, side="left")
    by_spell = np.argsort(spell, kind="stable")
    at = np.r_[0, np.cumsum(np.bincount(spell, minlength=len(spells)))]
    return Placement(spell, group, low, high, ends, starts, by_spell, at)


def around(dataset: Dataset, rollup: Rollup, targets: np.ndarray) -> list[int]:
    """Codes of the bodies whose spells may be placed with spells in these bodies: every
    body within an outermost body these count for (its sub-units and nameplates)."""
    found: set[str] = set()
    for top in {t for target in np.unique(targets).tolist() for t in rollup.tops(target)}:
        found |= expand(dataset, rollup.bodies[top], rollup.when)
    return sorted(rollup.code[b] for b in found)


def overlapping(placed: Placement, focus: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of spells (i, j) placed in one body whose intervals intersect.

    Without `focus`, every such pair once per body. With `focus` (spell
    indexes), only the pairs involving one of them, i being the focus spell (a
    pair of two focus spells comes twice, once from each side).
    """
    if focus is None:
        position = np.arange(len(placed.spell), dtype=np.int64)
        left, right = _ranges(position, position + 1, placed.ends)
        return placed.spell[left], placed.spell[right]
    _, slots = _ranges(focus, placed.at[focus], placed.at[focus + 1])
    mine = placed.by_spell[slots]
    left, right = _ranges(mine, placed.starts[mine], placed.ends[mine])
    good = (left != right) & (placed.high[right] > placed.low[left])
    return placed.spell[left[good]], placed.spell[right[good]]


def _positions(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Where each key is in `sorted_keys`, -1 where it is not."""
    if not len(sorted_keys):
        return np.full(len(keys), -1, dtype=np.int64)
    where = np.searchsorted(sorted_keys, keys).clip(max=len(sorted_keys) - 1)
    return np.where(sorted_keys[where] == keys, where, -1)


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each key: is it in `sorted_keys`?"""
    return _positions(sorted_keys, keys) >= 0


def status(spells: Spells, first: np.ndarray, second: np.ndarray,
           period: Period | None) -> np.ndarray:
    """CONFIRMED, POSSIBLE or RULED_OUT for each pair of spells (and the period).

    Confirmed when the certain intervals (and the period) share a day; or when a
    known day in force of one lies where the other is certainly in force (and in
    the period); or when both are attested by one same `as_of` value lying in the
    period. Possible when the possible intervals (and the period) share a day.
    """
    low, high = (period.first, period.until) if period else (MIN_DAY, MAX_DAY)
    certain = (np.maximum(np.maximum(spells.certain_from[first], spells.certain_from[second]),
                          low)
               < np.minimum(np.minimum(spells.certain_until[first],
                                       spells.certain_until[second]), high))
    maybe = (np.maximum(np.maximum(spells.possible_from[first], spells.possible_from[second]),
                        low)
             < np.minimum(np.minimum(spells.possible_until[first],
                                     spells.possible_until[second]), high))
    open_ = np.flatnonzero(maybe & ~certain)
    # Each test looks only at the pairs the tests before it left open.
    for test, swapped in ((_known_within, False), (_known_within, True),
                          (_attested_by_both, False)):
        if not len(open_):
            break
        a, b = first[open_], second[open_]
        seen = test(spells, b, a, low, high) if swapped else test(spells, a, b, low, high)
        certain[open_[seen]] = True
        open_ = open_[~seen]
    return np.where(certain, CONFIRMED, np.where(maybe, POSSIBLE, RULED_OUT))


def _explode(at: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For pair n with spell owners[n]: (n, row) for every row spell owners[n] owns, its
    rows being at[s]:at[s+1] (`Spells.rows_at`): read per pair, where millions of binary
    searches cost several times more."""
    return _ranges(np.arange(len(owners), dtype=np.int64), at[owners], at[owners + 1])


def _known_within(spells: Spells, first: np.ndarray, second: np.ndarray, low: int, high: int
                  ) -> np.ndarray:
    """For each pair: does a known day in force of `first` lie in `second`'s certain interval
    and in the period?"""
    pair, row = _explode(spells.rows_at("known_owner"), first)
    day_first, day_last = spells.known_first[row], spells.known_last[row]
    other = second[pair]
    inside = ((spells.certain_from[other] <= day_first) & (day_last < spells.certain_until[other])
              & (low <= day_first) & (day_last < high))
    return np.bincount(pair[inside], minlength=len(first)) > 0


def _attested_by_both(spells: Spells, first: np.ndarray, second: np.ndarray, low: int,
                      high: int) -> np.ndarray:
    """For each pair: is one same `as_of` value, lying in the period, on both spells?"""
    if not len(spells.attested_keys):
        return np.zeros(len(first), dtype=bool)
    pair, row = _explode(spells.rows_at("attested_owner"), first)
    wanted = second[pair] * spells.codes + spells.attested_code[row]
    both = (_contains(spells.attested_keys, wanted) & (low <= spells.attested_first[row])
            & (spells.attested_last[row] < high))
    return np.bincount(pair[both], minlength=len(first)) > 0


# -- the whole step ----------------------------------------------------------------


@dataclass
class Meetings:
    """Pairs of spells of different people held at one time, each in one body.

    Row n: spells `first[n]` and `second[n]` (indexes into `spells`) met in body
    `body[n]` (a code of the Rollup) with `answer[n]` CONFIRMED or POSSIBLE.
    """

    spells: Spells
    first: np.ndarray
    second: np.ndarray
    body: np.ndarray
    answer: np.ndarray


def meetings(spells: Spells, rollup: Rollup, placed: Placement, *, period: Period | None,
             possible: bool, focus: np.ndarray | None = None) -> Meetings:
    """Every pair of spells of two people that were held together, in the bodies they met.

    `focus` (a boolean per spell) keeps only the pairs involving a focus spell,
    the focus spell first.
    """
    first, second = overlapping(placed, None if focus is None else np.flatnonzero(focus))
    apart = spells.person[first] != spells.person[second]
    first, second = first[apart], second[apart]
    # A pair of two focus spells comes from both sides: keep it once, as `meetings_of` does.
    swap = first > second if focus is None else focus[second] & (first > second)
    first, second = np.where(swap, second, first), np.where(swap, first, second)
    return meetings_of(spells, rollup, first, second, period=period, possible=possible)


def meetings_of(spells: Spells, rollup: Rollup, first: np.ndarray, second: np.ndarray, *,
                period: Period | None, possible: bool, places: Places | None = None
                ) -> Meetings:
    """The meetings of these pairs of spells (of two people, each pair in the order wanted):
    each pair once, its status decided, placed in the bodies it met in. `places` keeps
    where spells in two bodies meet from one call to the next (one is made if not given)."""
    size = max(len(spells), 1)
    # The same pair may meet under two outermost bodies: keep it once.
    key = np.sort(first.astype(np.int64) * size + second)
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    first, second = np.divmod(key, size)
    answer = status(spells, first, second, period)
    kept = answer == CONFIRMED if not possible else answer != RULED_OUT
    first, second, answer = first[kept], second[kept], answer[kept]
    return _placed(spells, places or Places(rollup), first, second, answer)


def pairs_by_bucket(spells: Spells, placed: Placement, buckets: int, *, chunk: int = 1 << 22
                    ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every pair of spells of two people placed in one body at intersecting times (the
    lower spell first), in `buckets` parts by pair of people: all the pairs of two people
    fall in one part, so each part can be gathered into ties on its own.

    The pairs are made `chunk` at a time and kept as 32-bit numbers, so that the whole
    projection of a large dataset holds its pairs compactly and works a part at a time.
    """
    position = np.arange(len(placed.spell), dtype=np.int64)
    made = np.cumsum(np.maximum(placed.ends - position - 1, 0))
    cuts = np.searchsorted(made, np.arange(chunk, int(made[-1]) if len(made) else 0, chunk))

    def split(bounds: tuple[int, int]) -> list[tuple[np.ndarray, np.ndarray]]:
        """The pairs of the placed rows low:high, one (first, second) per bucket."""
        low, high = bounds
        rows = position[low:high]
        left, right = _ranges(rows, rows + 1, placed.ends[low:high])
        # 32-bit from here on: the parts keep them so, and gathers read half as much.
        first, second = placed.spell[left].astype(np.int32), placed.spell[right].astype(np.int32)
        one, other = spells.person[first], spells.person[second]
        apart = np.flatnonzero(one != other)
        first, second, one, other = first[apart], second[apart], one[apart], other[apart]
        first, second = np.minimum(first, second), np.maximum(first, second)
        part = (np.minimum(one, other) * 7919 + np.maximum(one, other)) % buckets
        # A stable sort of small integers is a radix sort: linear in the pairs.
        order = np.argsort(part.astype(np.uint16) if buckets <= 1 << 16 else part,
                           kind="stable")
        ends = np.cumsum(np.bincount(part, minlength=buckets)).tolist()
        return [(first[chosen], second[chosen])
                for chosen in (order[begin:end]
                               for begin, end in zip([0, *ends[:-1]], ends, strict=True))]

    parts: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(buckets)]
    chunks = list(zip(np.r_[0, cuts].tolist(), np.r_[cuts, len(position)].tolist(),
                      strict=True))
    for pieces in each(split, chunks):  # a few chunks at once (`threads.py`)
        for number, piece in enumerate(pieces):
            parts[number].append(piece)
    return [(np.concatenate([f for f, _ in part]) if part else np.zeros(0, np.int32),
             np.concatenate([s for _, s in part]) if part else np.zeros(0, np.int32))
            for part in parts]


def spell_pairs(placed: Placement) -> int:
    """How many pairs of placed spells intersect (counting a person's own)."""
    position = np.arange(len(placed.spell), dtype=np.int64)
    return int(np.maximum(placed.ends - position - 1, 0).sum())


@dataclass
class Places:
    """`Rollup.meet` as arrays for the pairs of target bodies met so far: pair (`key`,
    sorted: first body times the number of bodies, plus the second) n meets in
    `flat[offset[n]:offset[n] + count[n]]`. The parts of the whole projection meet in
    mostly the same pairs of bodies: each pair is asked of the roll-up once."""

    rollup: Rollup
    key: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    count: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    offset: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    flat: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def of(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(count, offset) in `flat` of the bodies each of these distinct keys meets in."""
        where = _positions(self.key, keys)
        missing = keys[where < 0]
        if len(missing):
            bodies = max(len(self.rollup.bodies), 1)
            count, made = self.rollup.meet_many(*np.divmod(missing, bodies))
            offset = len(self.flat) + np.cumsum(count) - count
            self.flat = np.r_[self.flat, made]
            key = np.r_[self.key, missing]
            order = np.argsort(key, kind="stable")
            self.key, self.count, self.offset = (key[order], np.r_[self.count, count][order],
                                                 np.r_[self.offset, offset][order])
            where = _positions(self.key, keys)
        return self.count[where], self.offset[where]


def _placed(spells: Spells, places: Places, first: np.ndarray, second: np.ndarray,
            answer: np.ndarray) -> Meetings:
    """Repeat each pair once for every most specific body its two spells both count for."""
    import pandas as pd

    bodies = max(len(places.rollup.bodies), 1)
    targets = spells.target[first] * bodies + spells.target[second]
    inverse, distinct = pd.factorize(targets)  # hashed: no sort of every pair
    inverse = inverse.astype(np.int64)
    counts, offsets = places.of(np.asarray(distinct, dtype=np.int64))
    if len(counts) and counts.min() == 1 == counts.max():  # each pair in one body
        return Meetings(spells, first, second, places.flat[offsets[inverse]], answer)
    begins = offsets[inverse]
    index, slots = _ranges(np.arange(len(first), dtype=np.int64), begins,
                           begins + counts[inverse])
    return Meetings(spells, first[index], second[index], places.flat[slots], answer[index])


__all__: list[Any] = ["Meetings", "Period", "Placement", "Places", "Rollup", "Spells", "meetings",
                      "meetings_of", "pairs_by_bucket", "period_of", "placement", "spell_pairs",
                      "status"]
