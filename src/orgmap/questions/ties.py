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

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..data import derived
from ..data.columns import entity_columns, entity_positions
from ..data.dataset import collector_paused
from ..data.dates import PartialDate, as_period
from ..data.records import label_of
from ..errors import QueryProblem
from ..vocab import BODY_KINDS, PERSON
from .copresence import (
    Meetings,
    Period,
    Placement,
    Places,
    Rollup,
    Spells,
    around,
    meetings,
    meetings_of,
    pairs_by_bucket,
    period_of,
    placement,
    spell_pairs,
)
from .copresence import as_partial as _as_partial
from .interlocks import eligible_bodies
from .spell_table import SpellSource, spell_source, spells_of
from .structure import resolve_all
from .threads import each
from .tie_saved import Prepared, keep, restore
from .tie_tables import (
    Names,
    by_body,
    long_frame,
    long_part,
    long_table,
    wide_frame,
    wide_part,
    wide_table,
)

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Entity

LAYOUTS = ("wide", "long")
WEIGHTS = ("bodies", "years")
#: The largest person × person matrix written; above it the long list is the way.
MATRIX_LIMIT = 3000


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

    In the wide layout the people, `status` and `bodies_id` are categoricals
    (a projection has millions of pairs and few distinct values there): they
    compare, sort, print and convert to CSV or JSON as the texts they hold.
    """
    if layout not in LAYOUTS:
        raise QueryProblem(f"unknown layout '{layout}'; use one of: {', '.join(LAYOUTS)}")
    if min_shared < 1:
        raise QueryProblem("--min-shared must be 1 or more")
    with collector_paused():  # arrays and strings, no reference cycles
        question = _asked(dataset, people, at=at, begin=begin, end=end, exact=exact,
                          categories=categories, kinds=kinds, possible=possible)
        if not question.chosen:
            return _everyone(question, layout, min_shared)
        found = _meetings(question)
        frame = long_frame if layout == "long" else wide_frame
        return frame(by_body(found, question.chosen, question.period),
                     question.index.names(), min_shared)


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
                 ) -> tuple[Meetings, frozenset[int], Period | None]:
    """The meetings behind `ties` (same options), the focus people's codes and the period
    asked about."""
    question = _asked(dataset, people, at=at, begin=begin, end=end, exact=exact,
                      categories=categories, kinds=kinds, possible=possible)
    return _meetings(question), question.chosen, question.period


#: In the whole projection, pairs of spells are gathered into ties about this many at a
#: time (each part holding whole pairs of people), which bounds the memory it needs.
PART_PAIRS = 1 << 22


@dataclass
class _Question:
    """A tie question checked and prepared: the spells placed for its shape."""

    index: _Index
    spells: Spells  # every spell, or only those around the asked people
    placed: Placement
    rollup: Rollup
    chosen: frozenset[int]
    period: Period | None
    possible: bool


def _asked(dataset: Dataset, people: Sequence[str | Entity], *, at: str | None,
           begin: str | None, end: str | None, exact: bool, categories: Iterable[str],
           kinds: Iterable[str], possible: bool) -> _Question:
    people = list(people)
    try:
        period = _period_asked(at, begin, end)
    except QueryProblem:
        _chosen(dataset, None, people)  # a problem with the people is told first, as always
        raise
    index = _index(dataset)
    chosen = _chosen(dataset, index, people)
    spells, placed, rollup = index.placement(_as_partial(period), exact, categories, kinds,
                                             possible, period, people=chosen)
    return _Question(index, spells, placed, rollup, chosen, period, possible)


def _period_asked(at: str | None, begin: str | None, end: str | None) -> Period | None:
    """The period of `--at` or `--from`/`--to`, checked."""
    if at is not None and (begin is not None or end is not None):
        raise QueryProblem("use either --at or --from/--to, not both")
    period = period_of(as_period(at), as_period(begin), as_period(end))
    if period is not None and period.first >= period.until:
        raise QueryProblem(f"--from {begin} is after --to {end}")
    return period


def _chosen(dataset: Dataset, index: _Index | None, people: list[str | Entity]
            ) -> frozenset[int]:
    """The codes of the people asked about (without an index: only checked). A person's
    exact id is known to the index, so no entity is read for it; anything else (a name,
    an alias, an id typed otherwise, an Entity) is resolved as every question resolves
    it, and must be a person."""
    known = {} if index is None else index.people
    codes = [known.get(p) if isinstance(p, str) else None for p in people]
    rest = [p for p, code in zip(people, codes, strict=True) if code is None]
    for entity in resolve_all(dataset, rest):
        if entity.kind != PERSON:
            raise QueryProblem(f"'{entity.id}' ({entity.name}) is a {entity.kind}, not a "
                               "person; ties are between people")
        codes.append(known.get(entity.id))
    return frozenset(code for code in codes if code is not None)


def _meetings(question: _Question) -> Meetings:
    focus = np.isin(question.spells.person, list(question.chosen)) if question.chosen \
        else None
    return meetings(question.spells, question.rollup, question.placed, period=question.period,
                    possible=question.possible, focus=focus)


def _everyone(question: _Question, layout: str, min_shared: int) -> pd.DataFrame:
    """The whole projection, gathered a part at a time (see `pairs_by_bucket`): the same
    table as in one go, with a fraction of the memory for large data. The parts are
    worked on by a few threads at once (`threads.py`), each with its own `Places`."""
    names = question.index.names()
    count = max(1, -(-spell_pairs(question.placed) // PART_PAIRS))
    wide = layout != "long"
    buckets: list[Any] = pairs_by_bucket(question.spells, question.placed, count)
    local = threading.local()

    def gathered(part: int) -> dict[str, Any]:
        # Each part let go of as soon as gathered: no reference to it is kept, not even a
        # view (which would keep the whole part).
        first, second = buckets[part]
        buckets[part] = None
        if not hasattr(local, "places"):
            local.places = Places(question.rollup)
        found = meetings_of(question.spells, question.rollup, first, second,
                            period=question.period, possible=question.possible,
                            places=local.places)
        del first, second
        rows = by_body(found, frozenset(), question.period, days=not wide)
        del found
        return wide_part(rows, names, min_shared) if wide else long_part(rows, min_shared)

    made = list(each(gathered, range(len(buckets))))
    return wide_table(made, names) if wide else long_table(made, names)


@dataclass
class _Index:
    """What every tie question on one dataset reuses: people and bodies numbered, where
    every spell is and the display names, built once (`QueryIndex.ties`); the arrays of
    every spell when a question needs them all (`spells`); roll-ups and placements by
    question shape are kept in the bounded `QueryIndex.tie_shapes`. A Dataset is never
    mutated, so none of it goes stale."""

    dataset: Dataset
    people: dict[str, int]
    bodies: list[str]
    source: SpellSource
    holders: np.ndarray  # per body code: its role and member spells
    display: Names
    every: Spells | None = None  # the arrays of every spell, made when first needed
    few: bool = False  # has a question built the arrays of a few spells only?

    @property
    def spells(self) -> Spells:
        """The arrays of every spell, built the first time a question needs them all."""
        if self.every is None:
            self.every = spells_of(self.source)
        return self.every

    def focus(self, people: Iterable[int]) -> np.ndarray:
        """A boolean per spell: is it one of these people's?"""
        return np.isin(self.source.person, list(people))

    def names(self) -> Names:
        """Ids and display names by code."""
        return self.display

    def eligible(self, categories: Iterable[str], kinds: Iterable[str]) -> frozenset[str]:
        """The bodies of these categories and kinds (checked as `eligible_bodies` does)."""
        key = ("eligible", frozenset(categories), frozenset(kinds))
        shapes = self.dataset.query_index.tie_shapes
        found = shapes.get(key)
        if found is None:
            # Every body when neither is given: known from the codes, without reading
            # every entity of the data.
            found = shapes.put(key, frozenset(self.bodies) if not key[1] and not key[2]
                               else frozenset(eligible_bodies(self.dataset, set(key[1]),
                                                              set(key[2]))))
        return found

    def rollup(self, when: PartialDate | None, exact: bool, categories: Iterable[str],
               kinds: Iterable[str]) -> Rollup:
        key = _rollup_key(when, exact, categories, kinds)
        shapes = self.dataset.query_index.tie_shapes
        found = shapes.get(key)
        if found is None:
            eligible = self.eligible(categories, kinds)
            found = shapes.put(key, Rollup(self.dataset, self.bodies,
                                           {b: n for n, b in enumerate(self.bodies)},
                                           when, exact, eligible, self.holders))
        return found

    def placement(self, when: PartialDate | None, exact: bool, categories: Iterable[str],
                  kinds: Iterable[str], possible: bool, period: Period | None,
                  people: frozenset[int] = frozenset()) -> tuple[Spells, Placement, Rollup]:
        """The spells, placed for interval search, and the roll-up they were placed by.

        Every spell, kept for the question shape; or, for the first question of this
        shape about some `people` (codes), only the spells of the
        bodies their spells may meet in: a first question rolls up only the bodies
        around its people, and the next one of the shape places every spell for all.
        The very first question on the data (what a command asks) builds the arrays
        of those spells alone; any later one builds every spell's arrays once.
        """
        key = _placement_key(when, exact, categories, kinds, possible, period)
        shapes = self.dataset.query_index.tie_shapes
        found = shapes.get(key)
        if found is None:
            rollup = self.rollup(when, exact, categories, kinds)
            if people and shapes.get(("asked", *key[1:])) is None:
                shapes.put(("asked", *key[1:]), True)
                chosen = self.spells_in(around(self.dataset, rollup,
                                               self.source.target[self.focus(people)]))
                if self.every is not None or self.few:
                    # Not the first question on the data: every spell's arrays, built
                    # once for all that follow, and a few of them placed.
                    return self.spells, placement(self.spells, rollup, possible=possible,
                                                  period=period, chosen=chosen), rollup
                self.few = True
                spells = spells_of(self.source, chosen)
                return spells, placement(spells, rollup, possible=possible,
                                         period=period), rollup
            found = shapes.put(key, (placement(self.spells, rollup, possible=possible,
                                               period=period), rollup))
        return (self.spells, *found)

    def spells_in(self, bodies: list[int]) -> np.ndarray:
        """The spells held in these bodies (codes), in spell order."""
        return np.flatnonzero(np.isin(self.source.target, bodies))


def _index(dataset: Dataset) -> _Index:
    index = dataset.query_index
    if index.ties is None:
        prepared = restore(dataset)
        if prepared is None:
            index.ties = _built(dataset)
            if derived.can_keep(dataset.entry):
                keep(dataset, _prepared(index.ties))
        else:
            index.ties = _Index(dataset, prepared.people, prepared.bodies, prepared.source,
                                prepared.holders, prepared.names, every=prepared.spells)
            shapes = index.tie_shapes
            shapes.put(_rollup_key(*_DEFAULT_SHAPE[:4]), prepared.rollup)
            shapes.put(_placement_key(*_DEFAULT_SHAPE), (prepared.placed, prepared.rollup))
    return index.ties


#: The default question shape, as `_Index.placement` takes it: no date, every body,
#: sub-units rolled up, confirmed ties only, no period.
_DEFAULT_SHAPE = (None, False, (), (), False, None)


def _rollup_key(when: PartialDate | None, exact: bool, categories: Iterable[str],
                kinds: Iterable[str]) -> tuple:
    """The memo key of a roll-up (`QueryIndex.tie_shapes`)."""
    return ("rollup", when, exact, frozenset(categories), frozenset(kinds))


def _placement_key(when: PartialDate | None, exact: bool, categories: Iterable[str],
                   kinds: Iterable[str], possible: bool, period: Period | None) -> tuple:
    """The memo key of a placement of every spell."""
    return ("placement", when, exact, frozenset(categories), frozenset(kinds), possible,
            period)


def _prepared(index: _Index) -> Prepared:
    """The default shape prepared in full (and remembered for this dataset), to be kept
    for the next command (`tie_saved.py`): every spell's arrays, and every body's
    roll-up and every spell placed."""
    with collector_paused():
        spells, placed, rollup = index.placement(*_DEFAULT_SHAPE)
    return Prepared(index.people, index.bodies, index.source, index.holders, index.display,
                    spells, rollup, placed)


def _built(dataset: Dataset) -> _Index:
    """Number people and bodies and find every spell, from the data."""
    with collector_paused():
        found = entity_columns(dataset, ("id", "kind", "name", "name_zh"))
        ids, names, kinds = found["id"], found["name"], np.array(found["kind"], dtype=object)
        # People in label order, bodies in id order, as the entry keeps them (sorted
        # here for a dataset of models): no name is compared to number them.
        people = entity_positions(dataset, "label")
        people = people[kinds[people] == PERSON]
        is_body = np.isin(kinds, list(BODY_KINDS))
        bodies = entity_positions(dataset, "id")
        bodies = bodies[is_body[bodies]]
        by_name = entity_positions(dataset, "name")
        by_name = by_name[is_body[by_name]]
    person_code = np.full(len(ids), -1, dtype=np.int64)
    person_code[people] = np.arange(len(people), dtype=np.int64)
    body_code = np.full(len(ids), -1, dtype=np.int64)
    body_code[bodies] = np.arange(len(bodies), dtype=np.int64)
    table = spell_source(dataset, person_code, body_code)
    person_ids = [ids[n] for n in people.tolist()]
    body_ids = [ids[n] for n in bodies.tolist()]
    name_zh = found["name_zh"]
    rank = np.zeros(len(bodies), dtype=np.int64)
    rank[body_code[by_name]] = np.arange(len(by_name), dtype=np.int64)
    return _Index(dataset, dict(zip(person_ids, range(len(person_ids)), strict=True)),
                  body_ids, table, np.bincount(table.target, minlength=len(bodies)),
                  Names(np.array(person_ids, dtype=object),
                        np.array([label_of(names[n], name_zh[n]) for n in people.tolist()],
                                 dtype=object),
                        np.array(body_ids, dtype=object),
                        np.array([names[n] for n in bodies.tolist()], dtype=object), rank))


def tie_names(dataset: Dataset) -> Names:
    """Ids and display names of people and bodies by their codes in tie questions."""
    return _index(dataset).names()
