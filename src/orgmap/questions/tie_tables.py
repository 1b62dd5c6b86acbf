"""The tables of `ties`: meetings of spells gathered per pair of people and body, then per pair.

Everything runs on numpy arrays sorted once per level (pair and body, then
pair), with text built only for the rows shown; a projection of millions of
meetings never goes through a Python loop per meeting.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from ..data.columns import spread
from .copresence import CONFIRMED, Meetings, Period, Spells
from .threads import beside, each

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
    people_types: Any = None  # the people's categorical types, made once (`people_types`)


@dataclass
class ByBody:
    """One row per pair of people and body, sorted by pair then body code."""

    a: np.ndarray
    b: np.ndarray
    body: np.ndarray
    answer: np.ndarray
    days: np.ndarray | None  # None when not asked for (`by_body`)
    pair_days: np.ndarray
    period_keys: np.ndarray  # each row's distinct period keys (`_period_keys`), end to end
    period_count: np.ndarray  # how many period keys each row has
    date_text: Any  # the text of each date number (`Spells.date_text`)

    @property
    def period(self) -> np.ndarray:
        """How each row's shared period reads (object): its periods joined by ", "."""
        texts = _key_texts(self.period_keys, self.date_text)
        heads = np.cumsum(self.period_count) - self.period_count
        return np.array(_joined_runs(texts.tolist(), heads, ", "), dtype=object)


def oriented(found: Meetings, focus: frozenset[int]) -> tuple[np.ndarray, np.ndarray]:
    """Person codes of each meeting, the asked person first, else the first name first."""
    a, b = found.spells.person[found.first], found.spells.person[found.second]
    swap = (b < a) & (np.isin(b, list(focus)) if focus else True)
    return np.where(swap, b, a), np.where(swap, a, b)


def by_body(found: Meetings, focus: frozenset[int], period: Period | None, *,
            days: bool = True) -> ByBody:
    """Gather meetings per pair and body: best answer, periods, days together there (unless
    not `days`: only the long table shows them) and (per pair) anywhere.

    Each grouping is a few sorts of plain integers (`ordered`), however many
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
    pair_key = a * people + b
    base = int(low.min()) if len(low) else 0
    # By pair, body, start and end (then position: the order of the spells), and by pair
    # and start: the first sort serves both.
    by_time = ordered(low - base, high - base)
    pairs_by_time = pair_key[by_time]
    pair_order = by_time[ordered(pairs_by_time)]
    order = by_time[ordered(pairs_by_time, found.body[by_time])]
    del pairs_by_time
    pair = group_numbers(pair_key[pair_order])
    pair_days = _union_days(pair, low[pair_order], high[pair_order])
    unit = group_numbers(pair_key[order], found.body[order])
    starts = _starts(unit)
    period_keys, period_count = _distinct_keys(keys[order], starts)
    first = order[starts]
    pair_of_unit = group_numbers(pair_key[first])
    answer = found.answer[order]
    return ByBody(a[first], b[first], found.body[first],
                  np.maximum.reduceat(answer, starts) if len(starts) else answer[:0],
                  _union_days(unit, low[order], high[order]) if days else None,
                  pair_days[pair_of_unit], period_keys, period_count, table.date_text)


def wide_frame(rows: ByBody, names: Names, min_shared: int) -> pd.DataFrame:
    """One row per pair of people, sorted by shared bodies, years, then names."""
    return wide_table([wide_part(rows, names, min_shared)], names)


def wide_part(rows: ByBody, names: Names, min_shared: int) -> dict[str, Any]:
    """The columns of `wide_frame` for these rows, before sorting: pairs as codes in
    small types (the whole projection keeps millions of pairs until sorted); the ids and
    labels of their bodies are made once the parts are joined, from each pair's bodies
    (the next `shared` of "body", in name order), each with the next "count" period
    keys of "keys"."""
    pair = group_numbers(rows.a, rows.b)
    order = ordered(pair, names.body_rank[rows.body])
    starts = _starts(pair[order])
    shared = np.diff(np.r_[starts, len(order)]).astype(np.int64)
    kept = np.flatnonzero(shared >= min_shared)
    answer = rows.answer[order]
    confirmed = np.add.reduceat((answer == CONFIRMED).astype(np.int32), starts)[kept] \
        if len(starts) else shared
    best = np.maximum.reduceat(answer, starts)[kept] if len(starts) else answer
    first, shared = starts[kept], shared[kept]
    at = order[first]
    tenths = _tenths(rows.pair_days[at])
    # Pairs in the order of the table already, so that sorting the parts' pairs together
    # reads each part's columns front to back.
    people = max(len(names.person_ids), 1)
    shown = _sorted_by(shared, tenths.astype(np.int64), rows.a[at] * people + rows.b[at],
                       people * people)
    first, shared, confirmed, best, at, tenths = (
        column[shown] for column in (first, shared, confirmed, best, at, tenths))
    _, units = _spread(first, first + shared)
    chosen = order[units]  # the kept pairs' rows, each pair's bodies in name order
    heads = np.cumsum(rows.period_count) - rows.period_count
    _, keys = _spread(heads[chosen], heads[chosen] + rows.period_count[chosen])
    return {
        "a": rows.a[at].astype(np.int32), "b": rows.b[at].astype(np.int32),
        "shared": shared.astype(np.int32), "confirmed": confirmed.astype(np.int32),
        "tenths": tenths, "answer": best.astype(np.int8),
        "body": rows.body[chosen].astype(np.int32),
        "count": rows.period_count[chosen].astype(np.int32),
        "keys": _narrow(rows.period_keys[keys]), "words": rows.date_text,
    }


def _narrow(values: np.ndarray) -> np.ndarray:
    """Non-negative integers as 32-bit ones when they fit: tens of millions are kept until
    the whole projection is sorted."""
    return values.astype(np.int32) if not len(values) or int(values.max()) < 1 << 31 \
        else values


def _tenths(days: np.ndarray) -> np.ndarray:
    """Years in tenths, as `np.round(days / DAYS_PER_YEAR, 1)` rounds them (times ten, to
    the nearest even, divided by ten): `tenths / 10` gives exactly the same numbers."""
    return np.rint(days / DAYS_PER_YEAR * 10).astype(np.int32)


def wide_table(parts: list[dict[str, Any]], names: Names) -> pd.DataFrame:
    """The parts' pairs as one frame, sorted by shared bodies, years, then names.

    Columns whose values repeat are categoricals (people, status, the ids of the
    bodies shared: a few bytes a row rather than a reference to a string); their
    categories are in text order, so that sorting them sorts as text does.
    """
    import pandas as pd

    words = parts[0]["words"]
    for part in parts:
        del part["words"]
    columns = _joined_parts(parts)
    people = max(len(names.person_ids), 1)
    # Once for all parts: each distinct list of bodies made once, in one categorical,
    # beside the sort and the texts (which hold the interpreter lock; this mostly not).
    shared = columns["shared"]
    with beside(partial(_bodies_ids, columns["body"], shared, names.body_ids),
                worth=len(shared) >= LARGE_TABLE) as bodies_ids:
        order = _sorted_by(shared.astype(np.int64), columns["tenths"].astype(np.int64),
                           columns["a"].astype(np.int64) * people + columns["b"],
                           people * people)
        bodies = _labelled_in_order(order, columns, names.body_names, words)
        ids = bodies_ids()

    def taken(name: str) -> np.ndarray:
        """A column in order, let go of as soon as it is taken."""
        return columns.pop(name)[order]

    pa, pb = taken("a"), taken("b")
    people_ids, people_labels = _people_categories(names)
    # Each column its own block (copy=False): no copy of millions of rows to consolidate.
    return pd.DataFrame({
        "person_a_id": people_ids(pa), "person_a": people_labels(pa),
        "person_b_id": people_ids(pb), "person_b": people_labels(pb),
        "shared": taken("shared").astype(np.int64),
        "confirmed": taken("confirmed").astype(np.int64), "years": taken("tenths") / 10,
        "status": pd.Categorical.from_codes(2 - taken("answer"),
                                            categories=["confirmed", "possible"]),
        "bodies_id": ids.take(order),
        "bodies": bodies,
    }, columns=TIE_COLUMNS, copy=False)


#: The `bodies` texts of the wide table are made about this many pairs at a time.
PAIRS = 1 << 20


#: A table of this many pairs or more is large: the text of one body over one period is
#: made once for all the pairs that read just that, and the lists of bodies are found
#: in a thread of their own; in a smaller table neither pays for itself.
LARGE_TABLE = 1 << 14


def _labelled_in_order(order: np.ndarray, columns: dict[str, np.ndarray],
                       body_names: np.ndarray, words: Any) -> np.ndarray:
    """The `bodies` text of each pair (`_labelled`), pairs in `order`.

    Most pairs share one body over one period, and many pairs the same body over
    the same period: in a large table the text of each such (body, period) is
    made once, and the pairs that read just that hold the same text (the texts
    are most of a large projection's memory, and making them one of its costliest
    steps). The others' texts are made in the order shown, a chunk of pairs at a
    time from the numbers of `wide_part` (two chunks at once, `threads.py`), each
    next to the one before it.
    """
    shared = columns["shared"]
    body, count, keys = (columns.pop(name) for name in ("body", "count", "keys"))
    unit_at = np.cumsum(shared, dtype=np.int64) - shared
    key_at = np.cumsum(count, dtype=np.int64) - count
    found = np.empty(len(order), dtype=object)
    if len(order) >= LARGE_TABLE:
        alone = shared[order] == 1  # in order: pairs of one body ...
        units = unit_at[order[alone]]
        once = count[units] == 1  # ... over one period
        alone[alone] = once
        units = units[once]
        periods, period_keys = _factorized(keys[key_at[units]])
        span = max(len(period_keys), 1)
        codes, distinct = _factorized(body[units].astype(np.int64) * span + periods)
        one = np.ones(len(distinct), dtype=np.int64)
        found[alone] = _labelled(distinct // span, one, period_keys[distinct % span], one,
                                 body_names, words)[codes]
        del units, periods, codes, distinct
        rest = np.flatnonzero(~alone)
    else:
        rest = np.arange(len(order), dtype=np.int64)

    def labelled(low: int) -> np.ndarray:
        pairs = order[rest[low:low + PAIRS]]
        sizes = shared[pairs]
        _, units = _spread(unit_at[pairs], unit_at[pairs] + sizes)
        counts = count[units]
        _, rows = _spread(key_at[units], key_at[units] + counts)
        return _labelled(body[units], counts, keys[rows], sizes, body_names, words)

    starts = range(0, len(rest), PAIRS)
    for low, texts in zip(starts, each(labelled, starts), strict=True):
        found[rest[low:low + len(texts)]] = texts
    return found


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
        return ordered((most_shared - shared) * (most_tenths + 1) + (most_tenths - tenths),
                       rest)
    return np.lexsort((rest, -tenths, -shared))


def people_types(names: Names) -> Any:
    """The people's ids and labels as (code of each person, categorical type), categories
    in text order so that sorting them sorts as text does; made once per dataset."""
    import pandas as pd

    if names.people_types is None:
        names.people_types = [
            (np.asarray(codes, dtype=np.int64), pd.CategoricalDtype(categories))
            for categories, codes in (np.unique(values, return_inverse=True)
                                      for values in (names.person_ids, names.person_labels))]
    return names.people_types


def _people_categories(names: Names) -> tuple[Any, Any]:
    """Functions turning person codes into categoricals of their ids and of their labels."""
    import pandas as pd

    def encoder(codes: np.ndarray, kind: Any) -> Any:
        return lambda people: pd.Categorical.from_codes(codes[people], dtype=kind)

    return tuple(encoder(*made) for made in people_types(names))  # type: ignore[return-value]


def _bodies_ids(body: np.ndarray, shared: np.ndarray, body_ids: np.ndarray) -> Any:
    """The ids of each pair's bodies joined by "; " (the pair's bodies are the next
    `shared` rows of `body`), as a categorical: many pairs share the same bodies, so
    each distinct list is made once.

    Each list is numbered as a path in a trie, a step per body: one hashing of
    (prefix, body) per step, however many pairs.
    """
    import pandas as pd

    pairs = len(shared)
    begins = np.cumsum(shared) - shared
    combo = np.full(pairs, -1, dtype=np.int64)
    width, nodes = max(len(body_ids), 1), 0
    for step in range(int(shared.max()) if pairs else 0):
        longer = np.flatnonzero(shared > step)
        numbers, distinct = _factorized(combo[longer] * width + body[begins[longer] + step]
                                        + width)
        combo[longer] = numbers + nodes
        nodes += len(distinct)
    codes, distinct = _factorized(combo)
    heads = np.empty(len(distinct), dtype=np.int64)  # the first pair of each list
    heads[codes[::-1]] = np.arange(pairs - 1, -1, -1, dtype=np.int64)
    ids = _joined_spans(body_ids, body, begins[heads], shared[heads], "; ")
    # Categories in text order, as `wide_table` wants them (few: sorted as Python texts).
    order = np.argsort(ids, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return pd.Categorical.from_codes(rank[codes], categories=ids[order])


#: The pieces of `bodies` texts are joined about this many at a time.
PIECES = 1 << 21
_SEPARATORS = (", ", ")", "); ")  # another period follows; the last body; another body
_END = "\x1e"  # the record separator: ends each pair's text while texts are joined


def _labelled(body: np.ndarray, count: np.ndarray, keys: np.ndarray, shared: np.ndarray,
              body_names: np.ndarray, words: Any) -> np.ndarray:
    """'Body (period, period); Body (period)' for each pair (object): the pair's bodies
    are the next `shared` rows of `body`, each with the next `count` period keys
    (`_period_keys`) of `keys`.

    The text is laid out from a few small tables of pieces: per body "Name (",
    per period its opening date with "/" and its closing date with what follows
    (", ", ")" or "); "), or its one date (or "possibly") with what follows. The
    pieces are few (names and dates), so joining millions of them touches little
    memory; they are joined a chunk at a time and the result cut per pair: by one
    split in C at a character that ends each pair's last piece, or, should a name
    hold that character, by slicing.
    """
    units, pairs = len(body), len(shared)
    if not pairs:
        return np.empty(0, dtype=object)
    count = count.astype(np.int64)
    unit_of_key = np.repeat(np.arange(units, dtype=np.int64), count)
    pair_end = np.cumsum(shared)  # one past each pair's last unit
    last_unit = np.zeros(units, dtype=bool)
    last_unit[pair_end - 1] = True
    key_end = np.cumsum(count)
    last_key = np.zeros(len(keys), dtype=bool)
    last_key[key_end - 1] = True
    separator = np.where(last_key, np.where(last_unit[unit_of_key], 1, 2), 0)
    possibly = keys == 0
    start, until = np.divmod(np.maximum(keys - 1, 0), len(words))
    single = possibly | (start == until)
    dates, (start, until) = _renumbered(len(words), start, until)  # the dates shown
    text = np.asarray(words[dates], dtype=object)
    dotted = _dotted(text)
    shown, (body,) = _renumbered(len(body_names), body)  # the bodies shown likewise
    body_names = body_names[shown]
    # The tables, one after the other: names, one date, opening, closing, "possibly".
    tables = [np.array([f"{name} (" for name in body_names.tolist()], dtype=object)]
    tables += [text + sep for sep in _SEPARATORS]
    tables += [dotted + "/"]
    tables += [dotted + sep for sep in _SEPARATORS]
    tables += [np.array(["possibly" + sep for sep in _SEPARATORS], dtype=object)]
    base = np.cumsum([0] + [len(t) for t in tables])
    pieces = np.concatenate(tables)
    # One search in C of everything joined (the mark is one character): a loop over
    # thousands of names and dates cost milliseconds of each small question.
    split = _END not in "".join([*body_names.tolist(), *text.tolist()])
    if split:  # ")" ends a pair's text, and only there
        ending = np.r_[base[2]:base[3], base[6]:base[7], base[8] + 1]
        pieces[ending] = pieces[ending] + _END
    # Where each piece goes: a unit's name, then one or two pieces per period.
    per_key = np.where(single, 1, 2)
    key_at = np.cumsum(per_key) - per_key + unit_of_key + 1
    unit_at = key_at[np.r_[0, key_end[:-1]]] - 1
    made = np.empty(int(per_key.sum()) + units, dtype=np.int64)
    made[unit_at] = body
    one = np.where(possibly, base[8] + separator,
                   base[1] + separator * len(dates) + start)
    made[key_at] = np.where(single, one, base[4] + start)
    double = np.flatnonzero(~single)
    made[key_at[double] + 1] = base[5] + separator[double] * len(dates) + until[double]
    pair_at = np.r_[unit_at[pair_end - shared], len(made)]
    if not split:
        lengths = np.fromiter(map(len, pieces.tolist()), dtype=np.int64, count=len(pieces))
        offset = np.r_[0, np.cumsum(lengths[made])]
    found = np.empty(pairs, dtype=object)
    cuts = np.searchsorted(pair_at, np.arange(0, len(made), PIECES), side="right") - 1
    for low, high in zip(cuts.tolist(), [*cuts[1:].tolist(), pairs], strict=True):
        if high <= low:
            continue
        first, last = int(pair_at[low]), int(pair_at[high])
        whole = "".join(pieces[made[first:last]].tolist())
        if split:
            cut = whole.split(_END)
            cut.pop()  # the empty text after the last pair
            found[low:high] = cut
            continue
        ends = (offset[pair_at[low:high + 1]] - offset[first]).tolist()
        found[low:high] = [whole[x:y] for x, y in itertools.pairwise(ends)]
    return found


def _renumbered(size: int, *codes: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The distinct codes (< `size`) used in `codes`, in order, and the codes numbered anew
    from 0 in that order: as `np.unique(..., return_inverse=True)`, without a sort."""
    used = np.zeros(size, dtype=bool)
    for some in codes:
        used[some] = True
    renumbered = np.cumsum(used) - 1
    return np.flatnonzero(used), [renumbered[some] for some in codes]


def _joined_spans(texts: np.ndarray, codes: np.ndarray, begins: np.ndarray,
                  sizes: np.ndarray, separator: str) -> np.ndarray:
    """For each span codes[begins[n]:begins[n]+sizes[n]], its texts joined (object)."""
    _, rows = _spread(begins, begins + sizes)
    heads = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64) if len(sizes) else sizes
    return _joined_codes(texts, codes[rows], heads, separator)


def _joined_codes(texts: np.ndarray, codes: np.ndarray, starts: np.ndarray, separator: str
                  ) -> np.ndarray:
    """For each run of `codes` beginning at `starts`, the texts of its codes joined by
    `separator` (object): as `_joined_runs`, with the lengths read per distinct text."""
    if not len(starts):
        return np.empty(0, dtype=object)
    whole = separator.join(texts[codes].tolist())
    lengths = np.fromiter(map(len, texts.tolist()), dtype=np.int64, count=len(texts))
    offset = np.r_[0, np.cumsum(lengths[codes] + len(separator))]
    ends = np.r_[starts[1:], len(codes)]
    return np.array([whole[x:y] for x, y in zip(offset[starts].tolist(),
                                                (offset[ends] - len(separator)).tolist(),
                                                strict=True)], dtype=object)


def _spread(begins: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(run number, row) for every row of each run begins[n]..ends[n]-1."""
    return spread(np.arange(len(begins), dtype=np.int64), begins, ends)


def long_frame(rows: ByBody, names: Names, min_shared: int) -> pd.DataFrame:
    """One row per pair of people and body, pairs in the order of the wide frame."""
    return long_table([long_part(rows, min_shared)], names)


def long_part(rows: ByBody, min_shared: int) -> dict[str, np.ndarray]:
    """The columns of `long_frame` for these rows, before sorting (codes, not names)."""
    pair = group_numbers(rows.a, rows.b)
    shared = np.bincount(pair)[pair] if len(pair) else pair
    kept = np.flatnonzero(shared >= min_shared)
    return {"a": rows.a[kept], "b": rows.b[kept], "body": rows.body[kept],
            "answer": rows.answer[kept], "period": rows.period[kept],
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


def ordered(*keys: np.ndarray) -> np.ndarray:
    """The stable order by these keys of non-negative integers, the first most significant:
    `np.lexsort(keys[::-1])`, several times faster.

    Sorting plain integers is several times faster than an argsort, so each
    row's position is packed under its keys in one integer and the lot sorted;
    keys too wide for one integer are sorted a few at a time, least significant
    first, each sort keeping the order of the one before where keys are equal.
    """
    count = len(keys[0])
    if count < 2:
        return np.arange(count, dtype=np.int64)
    index = max((count - 1).bit_length(), 1)
    room = 63 - index
    widths = [max(int(key.max()).bit_length(), 1) for key in keys]
    if max(widths) > room or min(int(key.min()) for key in keys) < 0:
        return np.lexsort(keys[::-1])
    passes: list[list[int]] = []  # keys sorted together, least significant first
    used = room
    for number in range(len(keys) - 1, -1, -1):
        if used + widths[number] > room:
            passes.append([])
            used = 0
        passes[-1].insert(0, number)
        used += widths[number]
    order: np.ndarray | None = None
    mask = (1 << index) - 1
    for chosen in passes:
        packed = np.zeros(count, dtype=np.int64)
        for number in chosen:
            key = keys[number] if order is None else keys[number][order]
            packed <<= widths[number]
            packed |= key
        packed <<= index
        packed |= np.arange(count, dtype=np.int64)
        packed.sort()
        packed &= mask
        order = packed if order is None else order[packed]
    return order  # type: ignore[return-value]


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
    lift = group * (int(high.max()) + 1)
    reach = high + lift
    np.maximum.accumulate(reach, out=reach)
    reach -= lift
    covered = np.empty_like(low)  # how far the group is covered before each row
    covered[0] = low[0]
    np.maximum(reach[:-1], low[1:], out=covered[1:])
    fresh = _starts(group)
    covered[fresh] = low[fresh]
    gain = high - covered
    np.maximum(gain, 0, out=gain)
    return np.bincount(group, weights=gain)


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


def _distinct_keys(keys: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each run of rows beginning at `starts`, its distinct keys in order of first
    appearance: (the keys of all runs end to end, how many each run has)."""
    counts = np.ones(len(starts), dtype=np.int64)
    if not len(starts):
        return keys[:0], counts
    ends = np.r_[starts[1:], len(keys)]
    single = np.minimum.reduceat(keys, starts) == np.maximum.reduceat(keys, starts)
    several = np.flatnonzero(~single)
    if not len(several):
        return keys[starts], counts
    run, rows = _spread(starts[several], ends[several])
    within = keys[rows]
    # Every row of a run after the first of its key is dropped; a run of one key keeps
    # its first row only.
    order = ordered(run, within)
    again = np.r_[False, (run[order][1:] == run[order][:-1])
                  & (within[order][1:] == within[order][:-1])]
    kept = np.zeros(len(keys), dtype=bool)
    kept[starts[single]] = True
    kept[rows] = True
    kept[rows[order[again]]] = False
    counts[several] = np.add.reduceat(kept, starts)[several]
    return keys[kept], counts


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
