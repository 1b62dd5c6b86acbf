"""Every role and member spell of a dataset as numpy arrays, read in one pass.

A *spell* is one `role` or `member` edge from a person to a body. The tie
questions need, per spell, the intervals of `dates.span_of` (certain,
possible), the days the data shows it in force, an estimate of its stretch
and the texts of its bounds. Computing those edge by edge through `Span`
objects cost a minute at 200,000 edges; here the edges' fields are read a
column at a time (`data/columns.py`: from a cache entry, as the numbers it
stores dates by, without a record per edge), and everything else is array
arithmetic over the numbers of the distinct dates: the same rules as
`span_of` and `Span.known_days`, written for whole columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..data.columns import Columns, edge_columns, rows_taken
from ..data.dataset import collector_paused
from ..data.dates import MAX_DAY, MIN_DAY
from ..vocab import ROLE_TYPES
from .copresence import NUMBERS, Spells

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Edge


@dataclass
class SpellSource:
    """Where the spells are read from: the edges' columns, and which of their rows are
    spells (`rows`, in spell order) with each spell's person and body codes. Cheap next to
    the arrays of `Spells`, so a question about a few people reads this for every spell
    and builds the arrays only for the spells around them (`spells_of`)."""

    dataset: Dataset
    columns: Columns | None  # None: every spell's arrays were kept (`tie_saved.py`)
    rows: np.ndarray | None
    person: np.ndarray
    target: np.ndarray


def spell_source(dataset: Dataset, person_code: np.ndarray, body_code: np.ndarray
                 ) -> SpellSource:
    """Every role and member edge from a person to a body, in entity order (of the
    person), then file order, the order `structure.roles_of` gives person by person.
    `person_code` and `body_code` give, by position among the dataset's entities, the
    entity's code (-1: not a person, not a body)."""
    with collector_paused():
        columns = edge_columns(dataset, sorted(ROLE_TYPES), ("start", "end", "ended_by"),
                               ("as_of",))
    person, target = person_code[columns.source], body_code[columns.target]
    kept = np.flatnonzero((person >= 0) & (target >= 0))
    kept = kept[np.argsort(columns.source[kept], kind="stable")]  # by person, file order
    return SpellSource(dataset, columns, kept, person[kept], target[kept])


def spells_of(source: SpellSource, chosen: np.ndarray | None = None) -> Spells:
    """The arrays of every spell of `source`, or only of the `chosen` ones (sorted spell
    numbers): spell n of the result is spell `chosen[n]`, so the order is kept."""
    assert source.columns is not None and source.rows is not None
    with collector_paused():  # many small objects, no cycles: see `collector_paused`
        kept = source.rows if chosen is None else source.rows[chosen]
        person = source.person if chosen is None else source.person[chosen]
        target = source.target if chosen is None else source.target[chosen]
        return _spell_table(source.dataset, source.columns, kept, person, target)


def _spell_table(dataset: Dataset, columns: Columns, kept: np.ndarray, person: np.ndarray,
                 target: np.ndarray) -> Spells:
    renumbered = np.full(len(columns.source), -1, dtype=np.int64)
    renumbered[kept] = np.arange(len(kept), dtype=np.int64)
    dates = columns.dates
    bounds = np.stack([dates["start"][kept], dates["end"][kept], dates["ended_by"][kept]],
                      axis=1)
    row, seen = columns.many["as_of"]
    owner = renumbered[row]
    chosen = owner >= 0
    order = np.argsort(owner[chosen], kind="stable")
    owner, seen = owner[chosen][order], seen[chosen][order]
    table = columns.table
    return _arrays(rows_taken(dataset, columns, kept), person, target, bounds,
                   owner, seen, table.first, table.last, table.text)


def _arrays(edges: Sequence[Edge], person: np.ndarray, target: np.ndarray, bounds: np.ndarray,
            owner: np.ndarray, seen: np.ndarray, first: np.ndarray, last: np.ndarray,
            text: Any) -> Spells:
    """`span_of`, `known_days` and the estimates of `Spells`, column by column."""
    count = len(edges)
    start, end, ended_by = bounds[:, 0], bounds[:, 1], bounds[:, 2]
    has_start, has_end = start > 0, end > 0
    start_first, start_last = first[start], last[start]
    end_first, end_last = first[end].copy(), last[end].copy()
    # An end no later than the first day the spell could have begun: in force that one day.
    squashed = has_start & has_end & (end_last <= start_first)
    end_first[squashed] = end_last[squashed] = start_first[squashed] + 1
    seen_first, seen_last = first[seen], last[seen]

    certain_from = np.where(has_start, start_last, MAX_DAY)
    certain_until = np.where(has_end, end_first, MIN_DAY)
    np.minimum.at(certain_from, owner, seen_last)
    np.maximum.at(certain_until, owner, seen_first + 1)
    possible_from = np.where(has_start, start_first, MIN_DAY)
    possible_until = np.where(has_end, end_last, MAX_DAY)
    capped = ended_by > 0
    possible_until[capped] = np.minimum(possible_until[capped], last[ended_by[capped]] + 1)

    # Known days in force: each as_of, the start, and the day before the end (never
    # before the start), as in `Span.known_days`.
    end_day = np.where(has_start, np.maximum(end_first - 1, start_first), end_first - 1)
    closes = has_end & (end_day <= end_last - 1)
    spell = np.arange(count, dtype=np.int64)
    known_owner = np.concatenate([owner, spell[has_start], spell[closes]])
    known_first = np.concatenate([seen_first, start_first[has_start], end_day[closes]])
    known_last = np.concatenate([seen_last, start_last[has_start], end_last[closes] - 1])
    order = np.argsort(known_owner, kind="stable")
    known_owner, known_first, known_last = (known_owner[order], known_first[order],
                                            known_last[order])
    hull_from, hull_until = certain_from.copy(), certain_until.copy()
    np.minimum.at(hull_from, known_owner, known_first)
    np.maximum.at(hull_until, known_owner, known_last + 1)

    # The opening and closing dates as recorded: the start and end, else the earliest and
    # the latest as_of.
    earliest = _per_owner(owner, count, (seen_last, seen_first), pick="first")
    latest = _per_owner(owner, count, (seen_first, seen_last), pick="last")
    padded = np.r_[seen, 0]  # row -1 (no as_of) reads date number 0 (no date)
    opening = np.where(has_start, start, padded[earliest])
    closing_seen = padded[latest]
    closing = np.where(has_end, end, closing_seen)
    opening_first, opening_last = first[opening], last[opening]
    closing_first = np.where(has_end, end_first, first[closing_seen])
    closing_last = np.where(has_end, end_last, last[closing_seen])
    has_opening, has_closing = opening > 0, closing > 0
    estimate_from = (opening_first + opening_last) // 2
    estimate_until = (closing_first + closing_last) // 2
    estimate_from = np.where(has_opening, estimate_from,
                             np.where(has_closing, estimate_until, 0))
    estimate_until = np.where(has_closing & (estimate_until >= estimate_from),
                              estimate_until, estimate_from)

    numbers = {
        "certain_from": certain_from, "certain_until": certain_until,
        "possible_from": possible_from, "possible_until": possible_until,
        "hull_from": hull_from, "hull_until": hull_until,
        "estimate_from": estimate_from, "estimate_until": estimate_until,
        "from_first": np.where(has_opening, opening_first, MIN_DAY),
        "from_last": np.where(has_opening, opening_last, MIN_DAY),
        "until_last": np.where(has_closing, closing_last, MAX_DAY),
        "until_first": np.where(has_closing, closing_first, MAX_DAY),
    }
    assert set(numbers) == set(NUMBERS)
    codes, width = _period_codes(seen_first, seen_last)
    return Spells(
        edges=edges, person=person, target=target, numbers=numbers, opening=opening,
        closing=closing, date_text=text,
        known_owner=known_owner, known_first=known_first, known_last=known_last,
        attested_keys=np.sort(owner * width + codes), attested_owner=owner,
        attested_code=codes, attested_first=seen_first, attested_last=seen_last,
        codes=width)


def _period_codes(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, int]:
    """Each (first, last) pair's number among the distinct pairs in sorted order, and how
    many there are (at least 1): `np.unique(..., axis=0)`, with the pair packed into one
    number so that the sort is of integers (several times faster)."""
    if not len(first):
        return np.zeros(0, np.int64), 1
    low = int(min(first.min(), last.min()))
    span = int(max(first.max(), last.max())) - low + 1
    if span >= 1 << 31:  # days cannot be that far apart; kept exact all the same
        pairs, codes = np.unique(np.stack([first, last], axis=1), axis=0, return_inverse=True)
        return codes.reshape(-1).astype(np.int64), max(len(pairs), 1)
    distinct, codes = np.unique((first - low) * span + (last - low), return_inverse=True)
    return codes.reshape(-1).astype(np.int64), max(len(distinct), 1)


def _per_owner(owner: np.ndarray, count: int, keys: Iterable[np.ndarray], *, pick: str
               ) -> np.ndarray:
    """Per spell, the row (of the as_of rows) that sorts first or last by `keys` (the
    last key most significant, as in `np.lexsort`); -1 for a spell without as_of."""
    found = np.full(count, -1, dtype=np.int64)
    if not len(owner):
        return found
    order = np.lexsort((*keys, owner))
    ranked = owner[order]
    if pick == "first":
        chosen = np.r_[True, ranked[1:] != ranked[:-1]]
    else:
        chosen = np.r_[ranked[1:] != ranked[:-1], True]
    found[ranked[chosen]] = order[chosen]
    return found
