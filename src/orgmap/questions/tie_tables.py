"""The tables of `ties`: meetings of spells gathered per pair of people and body, then per pair.

Everything runs on numpy arrays sorted once per level (pair and body, then
pair), with text built only for the rows shown; a projection of millions of
meetings never goes through a Python loop per meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .copresence import CONFIRMED, Meetings, Period, Spells

if TYPE_CHECKING:
    import pandas as pd

TIE_COLUMNS = ["person_a_id", "person_a", "person_b_id", "person_b", "shared", "confirmed",
               "years", "status", "bodies_id", "bodies"]
TIE_LONG_COLUMNS = ["person_a_id", "person_a", "person_b_id", "person_b", "body_id", "body",
                    "status", "period", "years"]
DAYS_PER_YEAR = 365.25
_STATUS = np.array(["", "possible", "confirmed"], dtype=object)


@dataclass
class Names:
    """Display names by code: people (ids and labels, codes in name order) and bodies."""

    person_ids: np.ndarray
    person_labels: np.ndarray
    body_ids: np.ndarray
    body_names: np.ndarray
    body_rank: np.ndarray  # a body's position in name order


@dataclass
class ByBody:
    """One row per pair of people and body, sorted by pair then body code."""

    a: np.ndarray
    b: np.ndarray
    body: np.ndarray
    answer: np.ndarray
    days: np.ndarray
    pair_days: np.ndarray
    period: np.ndarray  # object: how the shared period reads


def oriented(found: Meetings, focus: frozenset[int]) -> tuple[np.ndarray, np.ndarray]:
    """Person codes of each meeting, the asked person first, else the first name first."""
    a, b = found.spells.person[found.first], found.spells.person[found.second]
    swap = (b < a) & (np.isin(b, list(focus)) if focus else True)
    return np.where(swap, b, a), np.where(swap, a, b)


def by_body(found: Meetings, focus: frozenset[int], period: Period | None) -> ByBody:
    """Gather meetings per pair and body: best answer, periods, days together there and
    (per pair) anywhere."""
    table = found.spells
    a, b = oriented(found, focus)
    low = np.maximum(table.estimate_from[found.first], table.estimate_from[found.second])
    high = np.minimum(table.estimate_until[found.first], table.estimate_until[found.second])
    if period is not None:
        low, high = np.maximum(low, period.first), np.minimum(high, period.until)
    high = np.maximum(high, low)
    codes, texts = _period_texts(table, found.first, found.second, found.answer)
    order = np.lexsort((high, low, b, a))
    pair = group_numbers(a[order], b[order])
    pair_days = _union_days(pair, low[order], high[order])
    order = np.lexsort((high, low, found.body, b, a))
    a, b, body, low, high = a[order], b[order], found.body[order], low[order], high[order]
    unit = group_numbers(a, b, body)
    starts = _starts(unit)
    periods = _distinct_runs(codes[order], texts, starts)
    return ByBody(a[starts], b[starts], body[starts],
                  np.maximum.reduceat(found.answer[order], starts) if len(starts) else
                  found.answer[:0], _union_days(unit, low, high),
                  pair_days[group_numbers(a, b)[starts]], periods)


def wide_frame(rows: ByBody, names: Names, min_shared: int) -> pd.DataFrame:
    """One row per pair of people, sorted by shared bodies, years, then names."""
    import pandas as pd

    order = np.lexsort((names.body_rank[rows.body], rows.b, rows.a))
    a, b, body, answer = rows.a[order], rows.b[order], rows.body[order], rows.answer[order]
    starts = _starts(group_numbers(a, b))
    shared = np.diff(np.r_[starts, len(a)]).astype(np.int64)
    labels = names.body_names[body] + " (" + rows.period[order] + ")"
    pairs = {
        "a": a[starts], "b": b[starts], "shared": shared,
        "confirmed": np.add.reduceat((answer == CONFIRMED).astype(np.int64), starts)
        if len(starts) else shared,
        "years": np.round(rows.pair_days[order][starts] / DAYS_PER_YEAR, 1),
        "answer": np.maximum.reduceat(answer, starts) if len(starts) else answer,
        "bodies_id": np.array(_joined_runs(names.body_ids[body].tolist(), starts, "; "),
                              dtype=object),
        "bodies": np.array(_joined_runs(labels.tolist(), starts, "; "), dtype=object),
    }
    kept = np.flatnonzero(pairs["shared"] >= min_shared)
    kept = kept[np.lexsort((pairs["b"][kept], pairs["a"][kept], -pairs["years"][kept],
                            -pairs["shared"][kept]))]
    pa, pb = pairs["a"][kept], pairs["b"][kept]
    return pd.DataFrame({
        "person_a_id": names.person_ids[pa], "person_a": names.person_labels[pa],
        "person_b_id": names.person_ids[pb], "person_b": names.person_labels[pb],
        "shared": pairs["shared"][kept], "confirmed": pairs["confirmed"][kept],
        "years": pairs["years"][kept], "status": _STATUS[pairs["answer"][kept]],
        "bodies_id": pairs["bodies_id"][kept], "bodies": pairs["bodies"][kept],
    }, columns=TIE_COLUMNS)


def long_frame(rows: ByBody, names: Names, min_shared: int) -> pd.DataFrame:
    """One row per pair of people and body, pairs in the order of the wide frame."""
    import pandas as pd

    pair = group_numbers(rows.a, rows.b)
    shared = np.bincount(pair)[pair] if len(pair) else pair
    kept = np.flatnonzero(shared >= min_shared)
    kept = kept[np.lexsort((names.body_rank[rows.body[kept]], rows.b[kept], rows.a[kept],
                            -rows.pair_days[kept], -shared[kept]))]
    a, b, body = rows.a[kept], rows.b[kept], rows.body[kept]
    return pd.DataFrame({
        "person_a_id": names.person_ids[a], "person_a": names.person_labels[a],
        "person_b_id": names.person_ids[b], "person_b": names.person_labels[b],
        "body_id": names.body_ids[body], "body": names.body_names[body],
        "status": _STATUS[rows.answer[kept]], "period": rows.period[kept],
        "years": np.round(rows.days[kept] / DAYS_PER_YEAR, 1),
    }, columns=TIE_LONG_COLUMNS)


# -- helpers ------------------------------------------------------------------------------


def group_numbers(*keys: np.ndarray) -> np.ndarray:
    """Consecutive rows with equal keys get one number, counting from 0."""
    if not len(keys[0]):
        return np.zeros(0, dtype=np.int64)
    change = np.zeros(len(keys[0]), dtype=bool)
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.cumsum(change)


def _starts(group: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else group


def _union_days(group: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Per group (rows sorted by group, then low): the days its intervals cover together.

    A running maximum of the interval ends, restarted per group by adding a
    large multiple of the group number, says how far the group is covered
    before each row; each row adds what lies beyond that.
    """
    if not len(group):
        return np.zeros(0, dtype=np.float64)
    base = int(low.min())
    low, high = low - base, high - base
    size = int(high.max()) + 1
    reach = np.maximum.accumulate(high + group * size) - group * size
    fresh = np.r_[True, group[1:] != group[:-1]]
    covered = np.where(fresh, low, np.maximum(np.r_[0, reach[:-1]], low))
    return np.bincount(group, weights=np.maximum(high - covered, 0).astype(np.float64))


def _period_texts(table: Spells, first: np.ndarray, second: np.ndarray, answer: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """How each pair's shared period reads: the later start and the earlier end as recorded.

    An `as_of` date stands in for a missing start or end; a period known from
    one date only reads as that date; one the dates cannot settle reads "possibly".
    Returned as a code per pair and the texts of the codes: the text is made once
    per distinct pair of dates, not once per pair of spells.
    """
    later = ((table.from_first[second] > table.from_first[first])
             | ((table.from_first[second] == table.from_first[first])
                & (table.from_last[second] > table.from_last[first])))
    earlier = ((table.until_last[second] < table.until_last[first])
               | ((table.until_last[second] == table.until_last[first])
                  & (table.until_first[second] < table.until_first[first])))
    opening = np.where(later, table.opening[second], table.opening[first])
    closing = np.where(earlier, table.closing[second], table.closing[first])
    size = len(table.date_text)
    key = np.where(answer == CONFIRMED, opening * size + closing + 1, 0)
    distinct, codes = np.unique(key, return_inverse=True)
    words = table.date_text
    texts = []
    for number in distinct.tolist():
        if number == 0:
            texts.append("possibly")
            continue
        start, until = words[(number - 1) // size], words[(number - 1) % size]
        texts.append(start if start == until else f"{start or '..'}/{until or '..'}")
    return codes.reshape(-1), np.array(texts, dtype=object)


def _distinct_runs(codes: np.ndarray, texts: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each run, its distinct texts in order of first appearance joined by ", "."""
    if not len(starts):
        return texts[:0]
    mark = np.zeros(len(codes), dtype=np.int64)
    mark[starts] = 1
    run = np.cumsum(mark) - 1
    order = np.lexsort((np.arange(len(codes)), codes, run))  # by run, code, then position
    fresh = np.r_[True, (run[order][1:] != run[order][:-1])
                  | (codes[order][1:] != codes[order][:-1])]
    kept = np.sort(order[fresh])  # the first row of each distinct text of a run, in order
    first = np.flatnonzero(np.r_[True, run[kept][1:] != run[kept][:-1]])
    joined = texts[codes[kept[first]]]
    several = np.flatnonzero(np.diff(np.r_[first, len(kept)]) > 1)
    if len(several):
        rows = np.flatnonzero(np.isin(run[kept], several))
        groups = run[kept][rows]
        heads = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        joined[groups[heads]] = _joined_runs(texts[codes[kept[rows]]].tolist(), heads, ", ")
    return joined


def _joined_runs(texts: list[str], starts: np.ndarray, separator: str) -> list[str]:
    """For each run of rows beginning at `starts`, its texts joined by `separator`.

    Joins everything once and slices: with millions of rows this is several
    times faster than one join per run.
    """
    if not len(starts):
        return []
    whole = separator.join(texts)
    width = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts)) \
        + len(separator)
    offset = np.r_[0, np.cumsum(width)]
    ends = np.r_[starts[1:], len(texts)]
    return [whole[x:y] for x, y in zip(offset[starts].tolist(),
                                       (offset[ends] - len(separator)).tolist(), strict=True)]
