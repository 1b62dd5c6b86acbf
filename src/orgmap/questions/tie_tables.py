"""The tables of `ties`: meetings of spells gathered per pair of people and body, then per pair.

Everything runs on numpy arrays sorted once per level (pair and body, then
pair), with text built only for the rows shown; a projection of millions of
meetings never goes through a Python loop per meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
    period_code: np.ndarray  # how the shared period reads: an index into `period_text`
    period_text: np.ndarray  # object

    @property
    def period(self) -> np.ndarray:
        """How each row's shared period reads (object)."""
        return self.period_text[self.period_code]


def oriented(found: Meetings, focus: frozenset[int]) -> tuple[np.ndarray, np.ndarray]:
    """Person codes of each meeting, the asked person first, else the first name first."""
    a, b = found.spells.person[found.first], found.spells.person[found.second]
    swap = (b < a) & (np.isin(b, list(focus)) if focus else True)
    return np.where(swap, b, a), np.where(swap, a, b)


def by_body(found: Meetings, focus: frozenset[int], period: Period | None) -> ByBody:
    """Gather meetings per pair and body: best answer, periods, days together there and
    (per pair) anywhere.

    Pairs and bodies are packed into one integer key with the start of the
    stretch, so each grouping is one sort of one or two keys, however many
    meetings there are.
    """
    table = found.spells
    a, b = oriented(found, focus)
    low = np.maximum(table.estimate_from[found.first], table.estimate_from[found.second])
    high = np.minimum(table.estimate_until[found.first], table.estimate_until[found.second])
    if period is not None:
        low, high = np.maximum(low, period.first), np.minimum(high, period.until)
    high = np.maximum(high, low)
    keys = _period_keys(table, found.first, found.second, found.answer)
    people = int(max(a.max(), b.max())) + 1 if len(a) else 1
    bodies = int(found.body.max()) + 1 if len(a) else 1
    pair_key = a * people + b
    unit_key = pair_key * bodies + found.body
    start = low - (int(low.min()) if len(low) else 0)
    shift = max(int(start.max()).bit_length() if len(start) else 0, 1)
    if (int(unit_key.max()) if len(a) else 0).bit_length() + shift > 62:
        order = np.lexsort((low, pair_key))  # too wide to pack: sort by both keys
        pair_order = order
        order = np.lexsort((high, low, unit_key))
    else:
        pair_order = np.argsort((pair_key << shift) | start)
        order = np.lexsort((high, (unit_key << shift) | start))
    pair = group_numbers(pair_key[pair_order])
    pair_days = _union_days(pair, low[pair_order], high[pair_order])
    unit = group_numbers(unit_key[order])
    starts = _starts(unit)
    codes, texts = _distinct_runs(keys[order], starts, table.date_text)
    pair_of_unit = group_numbers(pair_key[order][starts])
    answer = found.answer[order]
    return ByBody(a[order][starts], b[order][starts], found.body[order][starts],
                  np.maximum.reduceat(answer, starts) if len(starts) else answer[:0],
                  _union_days(unit, low[order], high[order]), pair_days[pair_of_unit],
                  codes, texts)


def wide_frame(rows: ByBody, names: Names, min_shared: int) -> pd.DataFrame:
    """One row per pair of people, sorted by shared bodies, years, then names."""
    return wide_table([wide_part(rows, names, min_shared)], names)


def wide_part(rows: ByBody, names: Names, min_shared: int) -> dict[str, np.ndarray]:
    """The columns of `wide_frame` for these rows, before sorting (pairs as codes)."""
    pair = group_numbers(rows.a, rows.b)
    order = np.argsort(pair * max(len(names.body_rank), 1) + names.body_rank[rows.body],
                       kind="stable")
    a, b, body, answer = rows.a[order], rows.b[order], rows.body[order], rows.answer[order]
    starts = _starts(pair[order])
    shared = np.diff(np.r_[starts, len(a)]).astype(np.int64)
    kept = np.flatnonzero(shared >= min_shared)
    first = starts[kept]
    labels = _labels(names, body, rows.period_code[order], rows.period_text)
    confirmed = np.add.reduceat((answer == CONFIRMED).astype(np.int32), starts)[kept] \
        if len(starts) else shared
    best = np.maximum.reduceat(answer, starts)[kept] if len(starts) else answer
    return {  # small types: the whole projection keeps millions of pairs until sorted
        "a": a[first].astype(np.int32), "b": b[first].astype(np.int32),
        "shared": shared[kept].astype(np.int32), "confirmed": confirmed.astype(np.int32),
        "tenths": _tenths(rows.pair_days[order][first]), "answer": best.astype(np.int8),
        "bodies_id": _runs_joined(names.body_ids[body], starts, kept, "; "),
        "bodies": _runs_joined(labels, starts, kept, "; "),
    }


def _tenths(days: np.ndarray) -> np.ndarray:
    """Years in tenths, as `np.round(days / DAYS_PER_YEAR, 1)` rounds them (times ten, to
    the nearest even, divided by ten): `tenths / 10` gives exactly the same numbers."""
    return np.rint(days / DAYS_PER_YEAR * 10).astype(np.int32)


def wide_table(parts: list[dict[str, np.ndarray]], names: Names) -> pd.DataFrame:
    """The parts' pairs as one frame, sorted by shared bodies, years, then names."""
    import pandas as pd

    columns = _joined_parts(parts)
    people = max(len(names.person_ids), 1)
    order = _sorted_by(columns["shared"].astype(np.int64), columns["tenths"].astype(np.int64),
                       columns["a"].astype(np.int64) * people + columns["b"], people * people)

    def taken(name: str) -> np.ndarray:
        """A column in order, let go of as soon as it is taken."""
        return columns.pop(name)[order]

    pa, pb = taken("a"), taken("b")
    # Each column its own block (copy=False): no copy of millions of rows to consolidate.
    return pd.DataFrame({
        "person_a_id": names.person_ids[pa], "person_a": names.person_labels[pa],
        "person_b_id": names.person_ids[pb], "person_b": names.person_labels[pb],
        "shared": taken("shared").astype(np.int64),
        "confirmed": taken("confirmed").astype(np.int64), "years": taken("tenths") / 10,
        "status": _STATUS[taken("answer")], "bodies_id": taken("bodies_id"),
        "bodies": taken("bodies"),
    }, columns=TIE_COLUMNS, copy=False)


def _joined_parts(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """The parts' columns end to end; each part's column is let go once copied."""
    if len(parts) == 1:
        return parts[0]
    return {name: np.concatenate([part.pop(name) for part in parts]) for name in list(parts[0])}


def _sorted_by(shared: np.ndarray, tenths: np.ndarray, rest: np.ndarray, width: int
               ) -> np.ndarray:
    """The order by most `shared`, then most `tenths`, then least `rest` (< `width`): one
    sort of one packed key when it fits in 63 bits, else a sort by the three."""
    if not len(shared):
        return np.zeros(0, dtype=np.int64)
    most_shared, most_tenths = int(shared.max()), int(tenths.max())
    if (most_shared + 1) * (most_tenths + 1) * width < 1 << 62:
        key = ((most_shared - shared) * (most_tenths + 1) + (most_tenths - tenths)) * width \
            + rest
        return np.argsort(key, kind="stable")
    return np.lexsort((rest, -tenths, -shared))


def _labels(names: Names, body: np.ndarray, code: np.ndarray, texts: np.ndarray
            ) -> np.ndarray:
    """'Body (period)' for each row, each distinct one made once."""
    width = max(len(texts), 1)
    numbers, distinct = _factorized(body * width + code)
    made = np.array([f"{name} ({text})" for name, text in zip(
        names.body_names[distinct // width].tolist(), texts[distinct % width].tolist(),
        strict=True)], dtype=object)
    return made[numbers] if len(numbers) else made


def _runs_joined(texts: np.ndarray, starts: np.ndarray, kept: np.ndarray, separator: str
                 ) -> np.ndarray:
    """For the runs `kept` (of those beginning at `starts`), their texts joined: a run of
    one text is that text, unchanged."""
    ends = np.r_[starts[1:], len(texts)].astype(np.int64)
    first, last = starts[kept], ends[kept]
    joined = texts[first].copy() if len(kept) else np.empty(0, dtype=object)
    several = np.flatnonzero(last - first > 1)
    if len(several):
        _, rows = _spread(first[several], last[several])
        heads = np.r_[0, np.cumsum(last[several] - first[several])[:-1]]
        joined[several] = _joined_runs(texts[rows].tolist(), heads, separator)
    return joined


def _spread(begins: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(run number, row) for every row of each run begins[n]..ends[n]-1."""
    sizes = ends - begins
    owners = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    rows = np.arange(int(sizes.sum()), dtype=np.int64) + np.repeat(
        begins - (np.cumsum(sizes) - sizes), sizes)
    return owners, rows


def long_frame(rows: ByBody, names: Names, min_shared: int) -> pd.DataFrame:
    """One row per pair of people and body, pairs in the order of the wide frame."""
    return long_table([long_part(rows, min_shared)], names)


def long_part(rows: ByBody, min_shared: int) -> dict[str, np.ndarray]:
    """The columns of `long_frame` for these rows, before sorting (codes, not names)."""
    pair = group_numbers(rows.a, rows.b)
    shared = np.bincount(pair)[pair] if len(pair) else pair
    kept = np.flatnonzero(shared >= min_shared)
    return {"a": rows.a[kept], "b": rows.b[kept], "body": rows.body[kept],
            "answer": rows.answer[kept], "period": rows.period_text[rows.period_code[kept]],
            "days": rows.days[kept], "pair_days": rows.pair_days[kept],
            "shared": shared[kept]}


def long_table(parts: list[dict[str, np.ndarray]], names: Names) -> pd.DataFrame:
    """The parts' rows as one frame, in the order of the wide frame, then body names."""
    import pandas as pd

    columns = _joined_parts(parts)
    order = np.lexsort((names.body_rank[columns["body"]], columns["b"], columns["a"],
                        -columns["pair_days"], -columns["shared"]))
    a, b, body = columns["a"][order], columns["b"][order], columns["body"][order]
    return pd.DataFrame({
        "person_a_id": names.person_ids[a], "person_a": names.person_labels[a],
        "person_b_id": names.person_ids[b], "person_b": names.person_labels[b],
        "body_id": names.body_ids[body], "body": names.body_names[body],
        "status": _STATUS[columns["answer"][order]], "period": columns["period"][order],
        "years": np.round(columns["days"][order] / DAYS_PER_YEAR, 1),
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


def _period_keys(table: Spells, first: np.ndarray, second: np.ndarray, answer: np.ndarray
                 ) -> np.ndarray:
    """Which dates each pair's shared period reads as: the later start and the earlier end
    as recorded, packed in one number (0: "possibly", the dates cannot settle it).

    An `as_of` date stands in for a missing start or end (see `Spells`); the
    text is made later, once per distinct number (`_key_texts`).
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
    return np.where(answer == CONFIRMED, opening * size + closing + 1, 0)


def _key_texts(keys: np.ndarray, words: Any) -> np.ndarray:
    """The text of each period key (object): one date if both are the same, else
    'from/until', '..' for a side the data leaves open; "possibly" for 0. `words` gives
    the text of date numbers (`Spells.date_text`)."""
    start, until = np.divmod(np.maximum(keys - 1, 0), len(words))
    first, last = words[start], words[until]
    texts = np.where(start == until, first, _dotted(first) + "/" + _dotted(last)) \
        if len(keys) else np.empty(0, dtype=object)
    texts[keys == 0] = "possibly"
    return texts


def _dotted(texts: np.ndarray) -> np.ndarray:
    """'..' for a side the data leaves open."""
    return np.where(texts == "", "..", texts)


def _distinct_runs(keys: np.ndarray, starts: np.ndarray, words: Any
                   ) -> tuple[np.ndarray, np.ndarray]:
    """For each run, its distinct period texts in order of first appearance joined by ", ",
    as a code per run and the texts of the codes."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64), np.array(["possibly"], dtype=object)
    ends = np.r_[starts[1:], len(keys)]
    single = np.minimum.reduceat(keys, starts) == np.maximum.reduceat(keys, starts)
    several = np.flatnonzero(~single)
    run, rows = _spread(starts[several], ends[several])
    numbers, distinct = _factorized(np.r_[keys[starts], keys[rows]])
    texts = _key_texts(distinct, words)
    codes = numbers[:len(starts)]
    if len(several):
        # The first row of each distinct key of a run, in the order the rows come.
        within = numbers[len(starts):]
        order = np.argsort(run * len(distinct) + within, kind="stable")
        fresh = np.r_[True, (run[order][1:] != run[order][:-1])
                      | (within[order][1:] != within[order][:-1])]
        kept = np.sort(order[fresh])
        heads = np.flatnonzero(np.r_[True, run[kept][1:] != run[kept][:-1]])
        joined = _joined_runs(texts[within[kept]].tolist(), heads, ", ")
        codes[several] = len(texts) + np.arange(len(several))
        texts = np.r_[texts, np.array(joined, dtype=object)]
    return codes, texts


def _factorized(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values) of integers, hashed in C: codes number the distinct values
    in order of first appearance."""
    import pandas as pd

    codes, distinct = pd.factorize(values)
    return codes.astype(np.int64), np.asarray(distinct, dtype=np.int64)


def _joined_runs(texts: list[str], starts: np.ndarray, separator: str) -> list[str]:
    """For each run of rows beginning at `starts`, its texts joined by `separator`.

    Joins everything once and slices: with millions of rows this is several
    times faster than one join per run.
    """
    if not len(starts):
        return []
    whole = separator.join(texts)
    width = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + len(separator)
    offset = np.r_[0, np.cumsum(width)]
    ends = np.r_[starts[1:], len(texts)]
    return [whole[x:y] for x, y in zip(offset[starts].tolist(),
                                       (offset[ends] - len(separator)).tolist(), strict=True)]
