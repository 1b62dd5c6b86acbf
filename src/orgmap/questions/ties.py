"""Ties: which people served together, where and when (the person × person projection).

Elite studies trace patronage and factions through shared postings: two
officials who worked in the same unit at the same time. This is the other
projection of the person-body network from `interlocks` (body × body): one
row per pair of people, with the bodies they shared, when, and whether the
dates confirm it. `role` and `member` edges count; attending one event is not
a posting, but holding a role in it is.

A spell in a sub-unit or nameplate counts for the bodies containing it (as in
`overlap`), and each pair of spells is placed in the most specific body both
count for, so two people in one department are listed in the department, not
again in its ministry. The heavy lifting is vectorised in `copresence.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..data.dates import as_period
from ..errors import QueryProblem
from ..vocab import BODY_KINDS, PERSON
from .copresence import (
    CONFIRMED,
    Meetings,
    Period,
    Rollup,
    Spells,
    meetings,
    period_of,
    spells,
)
from .copresence import as_partial as _as_partial
from .copresence import role_edges as _role_edges
from .interlocks import eligible_bodies
from .structure import expand, resolve_all, roles_of

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Entity

TIE_COLUMNS = ["person_a_id", "person_a", "person_b_id", "person_b", "shared", "confirmed",
               "years", "status", "bodies_id", "bodies"]
TIE_LONG_COLUMNS = ["person_a_id", "person_a", "person_b_id", "person_b", "body_id", "body",
                    "status", "period", "years"]
LAYOUTS = ("wide", "long")
WEIGHTS = ("bodies", "years")
#: The largest person × person matrix written; above it the long list is the way.
MATRIX_LIMIT = 3000
DAYS_PER_YEAR = 365.25
_STATUS = np.array(["", "possible", "confirmed"], dtype=object)


def ties(dataset: Dataset, people: Sequence[str | Entity] = (), *,
         at: str | None = None, begin: str | None = None, end: str | None = None,
         exact: bool = False, categories: Iterable[str] = (), kinds: Iterable[str] = (),
         min_shared: int = 1, possible: bool = False, layout: str = "wide") -> pd.DataFrame:
    """Pairs of people who held roles or memberships in one body at one same time.

    One row per pair (`layout="wide"`): the number of bodies shared (`shared`,
    of which `confirmed`), the estimated `years` served together, the `status`
    (confirmed when the dates confirm at least one shared body) and the bodies,
    each with the period both were there. Sorted by shared bodies, then years,
    then names. With `people`, only pairs involving them, the asked person
    first. `at`, or `begin`/`end`, keeps ties in force at some time in that
    period; `exact` counts roles only in exactly their body; `categories` and
    `kinds` choose the bodies; only confirmed ties unless `possible`.
    `layout="long"` gives one row per pair and body instead.
    """
    if layout not in LAYOUTS:
        raise QueryProblem(f"unknown layout '{layout}'; use one of: {', '.join(LAYOUTS)}")
    if min_shared < 1:
        raise QueryProblem("--min-shared must be 1 or more")
    found, focus, period, rollup = meetings_for(
        dataset, people, at=at, begin=begin, end=end, exact=exact, categories=categories,
        kinds=kinds, possible=possible)
    rows = aggregate(dataset, found, focus, period)
    frame = long_frame if layout == "long" else wide_frame
    return frame(dataset, rows, rollup.bodies, min_shared)


def tie_matrix(dataset: Dataset, people: Sequence[str | Entity] = (), *, weight: str = "bodies",
               limit: int | None = None, **options: object) -> pd.DataFrame:
    """The person × person matrix of shared bodies (or shared `years`) for the same options
    as `ties` (see `matrix_of`)."""
    return matrix_of(dataset, ties(dataset, people, **options),  # type: ignore[arg-type]
                     weight=weight, limit=limit)


def matrix_of(dataset: Dataset, pairs: pd.DataFrame, *, weight: str = "bodies",
              limit: int | None = None) -> pd.DataFrame:
    """The matrix of a `ties` table: symmetric, the diagonal 0.

    Rows and columns are the people in at least one tie, in name order (then
    id): columns `person_id`, `person`, then one per person id. Refused
    (QueryProblem) above `limit` people (default MATRIX_LIMIT), since a square
    of millions of cells is no use in a spreadsheet; the list of pairs has no
    limit.
    """
    import pandas as pd

    if weight not in WEIGHTS:
        raise QueryProblem(f"unknown weight '{weight}'; use one of: {', '.join(WEIGHTS)}")
    limit = MATRIX_LIMIT if limit is None else limit
    ids = sorted(set(pairs["person_a_id"]) | set(pairs["person_b_id"]),
                 key=lambda i: (dataset.entities[i].label, i))
    if len(ids) > limit:
        raise QueryProblem(
            f"the matrix would have {len(ids)} people, more than {limit}; narrow the question "
            "(name people, or use --category, --kind, --at, --from/--to or --min-shared), or "
            "use --format csv for the list of pairs, which has no limit")
    where = {person: n for n, person in enumerate(ids)}
    values = pairs["shared" if weight == "bodies" else "years"].to_numpy()
    grid = np.zeros((len(ids), len(ids)), dtype=values.dtype if len(values) else np.int64)
    a = np.array([where[p] for p in pairs["person_a_id"]], dtype=np.int64)
    b = np.array([where[p] for p in pairs["person_b_id"]], dtype=np.int64)
    grid[a, b] = values
    grid[b, a] = values
    frame = pd.DataFrame(grid, columns=ids)
    frame.insert(0, "person", [dataset.entities[i].label for i in ids])
    frame.insert(0, "person_id", ids)
    return frame


# -- the steps -------------------------------------------------------------------------


def meetings_for(dataset: Dataset, people: Sequence[str | Entity] = (), *,
                 at: str | None = None, begin: str | None = None, end: str | None = None,
                 exact: bool = False, categories: Iterable[str] = (),
                 kinds: Iterable[str] = (), possible: bool = False
                 ) -> tuple[Meetings, frozenset[int], Period | None, Rollup]:
    """The meetings behind `ties` (same options), the focus people's codes, the period
    asked about and the roll-up used."""
    asked = resolve_all(dataset, people)
    for entity in asked:
        if entity.kind != PERSON:
            raise QueryProblem(f"'{entity.id}' ({entity.name}) is a {entity.kind}, not a "
                               "person; ties are between people")
    if at is not None and (begin is not None or end is not None):
        raise QueryProblem("use either --at or --from/--to, not both")
    period = period_of(as_period(at), as_period(begin), as_period(end))
    if period is not None and period.first >= period.until:
        raise QueryProblem(f"--from {begin} is after --to {end}")
    eligible = frozenset(eligible_bodies(dataset, set(categories), set(kinds)))
    bodies = sorted(i for i, e in dataset.entities.items() if e.kind in BODY_KINDS)
    rollup = Rollup(dataset, bodies, {b: n for n, b in enumerate(bodies)}, _as_partial(period),
                    exact, eligible)
    edges = _relevant_edges(dataset, rollup, [p.id for p in asked])
    table = spells(dataset, edges, _person_codes(dataset), rollup.code)
    chosen = frozenset(_person_codes(dataset)[p.id] for p in asked)
    focus = np.isin(table.person, list(chosen)) if chosen else None
    found = meetings(table, rollup, period=period, possible=possible, focus=focus)
    return found, chosen, period, rollup


def _person_codes(dataset: Dataset) -> dict[str, int]:
    """People numbered in name order (then id), so that code order is display order."""
    found = vars(dataset).get("_tie_people")
    if found is None:
        ordered = sorted((e.label, i) for i, e in dataset.entities.items() if e.kind == PERSON)
        found = {i: n for n, (_, i) in enumerate(ordered)}
        dataset._tie_people = found  # type: ignore[attr-defined]
    return found


def _relevant_edges(dataset: Dataset, rollup: Rollup, people: list[str]) -> list:
    """All role edges of people; for named people, only those that can meet theirs."""
    if not people:
        return _role_edges(dataset)
    tops: set[int] = set()
    for person in people:
        for edge in roles_of(dataset, person):
            tops |= rollup.tops(rollup.code[edge.target])
    reach: set[str] = set()
    for top in tops:
        body = rollup.bodies[top]
        reach |= {body} if rollup.exact else expand(dataset, body, rollup.when)
    return _role_edges(dataset, bodies=reach)


def aggregate(dataset: Dataset, found: Meetings, focus: frozenset[int],
               period: Period | None) -> pd.DataFrame:
    """One row per pair of people and body: best answer, periods and days together.

    Columns a, b (person codes, the asked person first, else in name order),
    body (a code of the roll-up), answer, period (text), days (in that body),
    pair_days (in any body: the union over the pair's bodies).
    """
    import pandas as pd

    table = found.spells
    first, second = found.first, found.second
    a, b = oriented(found, focus)
    low = np.maximum(table.estimate_from[first], table.estimate_from[second])
    high = np.minimum(table.estimate_until[first], table.estimate_until[second])
    if period is not None:
        low, high = np.maximum(low, period.first), np.minimum(high, period.until)
    frame = pd.DataFrame({"a": a, "b": b, "body": found.body, "answer": found.answer,
                          "low": low, "high": np.maximum(high, low),
                          "period": _period_texts(table, first, second, found.answer)})
    frame = frame.sort_values(["a", "b", "low", "high"], kind="stable")
    pair = group_numbers(frame["a"].to_numpy(), frame["b"].to_numpy())
    frame["pair_days"] = _union_days(pair, frame["low"].to_numpy(),
                                     frame["high"].to_numpy())[pair]
    frame = frame.sort_values(["a", "b", "body", "low", "high"], kind="stable")
    unit = group_numbers(frame["a"].to_numpy(), frame["b"].to_numpy(), frame["body"].to_numpy())
    days = _union_days(unit, frame["low"].to_numpy(), frame["high"].to_numpy())
    starts = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]]) if len(unit) else unit
    result = frame.iloc[starts][["a", "b", "body", "pair_days"]].reset_index(drop=True)
    result["answer"] = np.maximum.reduceat(frame["answer"].to_numpy(), starts) \
        if len(starts) else frame["answer"].to_numpy()
    result["days"] = days
    result["period"] = [", ".join(dict.fromkeys(texts.split(", "))) for texts in
                        _joined_runs(frame["period"].tolist(), starts, ", ")]
    return result


def oriented(found: Meetings, focus: frozenset[int]) -> tuple[np.ndarray, np.ndarray]:
    """Person codes of each meeting, the asked person first, else the first name first."""
    a, b = found.spells.person[found.first], found.spells.person[found.second]
    swap = (b < a) & (np.isin(b, list(focus)) if focus else True)
    return np.where(swap, b, a), np.where(swap, a, b)


def people_by_code(dataset: Dataset) -> list[str]:
    """Person ids by their code (name order)."""
    codes = _person_codes(dataset)
    ordered = [""] * len(codes)
    for person, code in codes.items():
        ordered[code] = person
    return ordered


def group_numbers(*keys: np.ndarray) -> np.ndarray:
    """Consecutive rows with equal keys get one number, counting from 0."""
    if not len(keys[0]):
        return np.zeros(0, dtype=np.int64)
    change = np.zeros(len(keys[0]), dtype=bool)
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.cumsum(change)


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
                  ) -> np.ndarray:
    """How each pair's shared period reads: the later start and the earlier end as recorded.

    An `as_of` date stands in for a missing start or end; a period known from
    one date only reads as that date; one the dates cannot settle reads "possibly".
    """
    texts = table.texts
    later = ((table.from_first[second] > table.from_first[first])
             | ((table.from_first[second] == table.from_first[first])
                & (table.from_last[second] > table.from_last[first])))
    earlier = ((table.until_last[second] < table.until_last[first])
               | ((table.until_last[second] == table.until_last[first])
                  & (table.until_first[second] < table.until_first[first])))
    opening = np.where(later, texts[second, 0], texts[first, 0])
    closing = np.where(earlier, texts[second, 1], texts[first, 1])
    shown = np.where(opening == closing, opening,
                     np.where(opening == "", "..", opening) + "/"
                     + np.where(closing == "", "..", closing))
    shown[answer != CONFIRMED] = "possibly"
    return shown


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


def wide_frame(dataset: Dataset, rows: pd.DataFrame, codes: list[str], min_shared: int
                ) -> pd.DataFrame:
    """One row per pair of people, sorted by shared bodies, years, then names."""
    import pandas as pd

    people = people_by_code(dataset)
    names = {i: e.name for i, e in dataset.entities.items()}
    rows = rows.assign(body_rank=_name_ranks(codes, names)[rows["body"].to_numpy()]) \
        if len(rows) else rows.assign(body_rank=0)
    rows = rows.sort_values(["a", "b", "body_rank"], kind="stable")
    unit = group_numbers(rows["a"].to_numpy(), rows["b"].to_numpy())
    starts = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]]) if len(unit) else unit
    answer = rows["answer"].to_numpy()
    body_ids = [codes[n] for n in rows["body"].tolist()]
    labels = [f"{names[i]} ({p})" for i, p in zip(body_ids, rows["period"], strict=True)]
    pairs = rows.iloc[starts]
    a_ids = [people[n] for n in pairs["a"].tolist()]
    b_ids = [people[n] for n in pairs["b"].tolist()]
    shared = np.diff(np.r_[starts, len(rows)]) if len(starts) else starts
    frame = pd.DataFrame({
        "person_a_id": a_ids,
        "person_a": [dataset.entities[i].label for i in a_ids],
        "person_b_id": b_ids,
        "person_b": [dataset.entities[i].label for i in b_ids],
        "shared": shared,
        "confirmed": np.add.reduceat(answer == CONFIRMED, starts) if len(starts) else shared,
        "years": np.round(pairs["pair_days"].to_numpy() / DAYS_PER_YEAR, 1),
        "status": _STATUS[np.maximum.reduceat(answer, starts)] if len(starts) else [],
        "bodies_id": _joined_runs(body_ids, starts, "; "),
        "bodies": _joined_runs(labels, starts, "; "),
        "_a": pairs["a"].to_numpy(), "_b": pairs["b"].to_numpy(),
    }, columns=[*TIE_COLUMNS, "_a", "_b"])
    frame = frame[frame["shared"] >= min_shared]
    frame = frame.sort_values(["shared", "years", "_a", "_b"],
                              ascending=[False, False, True, True], kind="stable")
    return frame[TIE_COLUMNS].reset_index(drop=True)


def long_frame(dataset: Dataset, rows: pd.DataFrame, codes: list[str], min_shared: int
                ) -> pd.DataFrame:
    """One row per pair of people and body, pairs in the order of the wide frame."""
    import pandas as pd

    people = people_by_code(dataset)
    names = {i: e.name for i, e in dataset.entities.items()}
    counts = rows.groupby(["a", "b"])["body"].transform("size") if len(rows) else rows["body"]
    rows = rows[counts >= min_shared].assign(shared=counts[counts >= min_shared])
    rows = rows.assign(body_rank=_name_ranks(codes, names)[rows["body"].to_numpy()]) \
        if len(rows) else rows.assign(body_rank=0)
    rows = rows.sort_values(["shared", "pair_days", "a", "b", "body_rank"],
                            ascending=[False, False, True, True, True], kind="stable")
    a_ids = [people[n] for n in rows["a"].tolist()]
    b_ids = [people[n] for n in rows["b"].tolist()]
    body_ids = [codes[n] for n in rows["body"].tolist()]
    return pd.DataFrame({
        "person_a_id": a_ids,
        "person_a": [dataset.entities[i].label for i in a_ids],
        "person_b_id": b_ids,
        "person_b": [dataset.entities[i].label for i in b_ids],
        "body_id": body_ids,
        "body": [names[i] for i in body_ids],
        "status": _STATUS[rows["answer"].to_numpy()] if len(rows) else [],
        "period": rows["period"].tolist(),
        "years": np.round(rows["days"].to_numpy() / DAYS_PER_YEAR, 1),
    }, columns=TIE_LONG_COLUMNS)


def _name_ranks(codes: list[str], names: dict[str, str]) -> np.ndarray:
    rank = np.zeros(len(codes), dtype=np.int64)
    ordered = sorted(range(len(codes)), key=lambda n: (names[codes[n]], codes[n]))
    rank[ordered] = np.arange(len(codes), dtype=np.int64)
    return rank
