"""A few fields of many rows at once, as columns, without building a record per row.

Questions that weigh every role edge of a dataset (the tie questions) need
four or five fields of 200,000 edges. Building a record or reading a model's
attributes edge by edge cost seconds. A dataset read from the cache hands
over the columns its entry keeps beside the rows (`Store.column`: each
edge's date numbers, its type) and its indexes (each edge's ends), as arrays
read in place; a dataset of models is read a column at a time. Either way
dates come back as numbers into one table of distinct dates (`DateTable`),
so that what follows is array arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from .entry import entity_order

if TYPE_CHECKING:
    from .dataset import Dataset


class DateTexts:
    """The text of each date number ('' for 0), each read from the entry when first asked
    for: a question shows the texts of a few dates of many thousands."""

    def __init__(self, count: int, read: Callable[[list[int]], list[str]]) -> None:
        self._texts = np.empty(count, dtype=object)
        self._texts[0] = ""
        self._known = np.zeros(count, dtype=bool)
        self._known[0] = True
        self._read = read

    def __len__(self) -> int:
        return len(self._texts)

    def __getitem__(self, numbers: Any) -> Any:
        wanted = np.asarray(numbers, dtype=np.int64)
        missing = np.unique(wanted[~self._known[wanted]])
        if len(missing):
            self._texts[missing] = np.array(self._read(missing.tolist()) + [None],
                                            dtype=object)[:-1]
            self._known[missing] = True
        return self._texts[numbers]


@dataclass
class DateTable:
    """Distinct dates by number; number 0 is "no date" (first and last 0, text '')."""

    first: np.ndarray
    last: np.ndarray
    text: Any  # an object array, or DateTexts: indexed by date numbers


@dataclass
class Columns:
    """Some fields of the edges of some types, in file order.

    `source` and `target` are the positions of the edges' ends among the
    dataset's entities; `dates[field]` the date numbers of a one-date field (0:
    none); `many[field]` a field of several dates, exploded as (row, date
    number) arrays in row order.
    """

    rows: Sequence[Any]  # the records (or models) themselves, built when read
    numbers: np.ndarray | None  # their row numbers in the cache entry (None: models)
    source: np.ndarray
    target: np.ndarray
    dates: dict[str, np.ndarray]
    many: dict[str, tuple[np.ndarray, np.ndarray]]
    table: DateTable


def rows_taken(dataset: Dataset, columns: Columns, chosen: np.ndarray) -> Sequence[Any]:
    """The rows at these positions of `columns`, still built only when read."""
    if columns.numbers is None:
        return [columns.rows[n] for n in chosen.tolist()]
    from .lazy import RecordList

    return RecordList(dataset._store, "edges", columns.numbers[chosen].tolist())


def entity_columns(dataset: Dataset, fields: Sequence[str]) -> dict[str, list[Any]]:
    """Plain fields of every entity, in the dataset's order."""
    store = dataset._store
    if store is None:
        entities = list(dataset.entities.values())
        return {name: list(map(attrgetter(name), entities)) for name in fields}
    found: dict[str, list[Any]] = {}
    for name in fields:  # what the entry keeps whole needs no row decoded
        if name == "id":
            found[name] = list(store.entity_ids)
        elif name == "kind":
            found[name] = list(map(store.kind_names.__getitem__, store.entity_kinds))
        elif (values := store.entity_values(name)) is not None:
            found[name] = values
    rest = [name for name in fields if name not in found]
    if rest:
        found.update(store.columns("entities", rest))
    return {name: found[name] for name in fields}


def entity_positions(dataset: Dataset, order: str) -> np.ndarray:
    """Every entity's position in the dataset, sorted by "label" or "name" (then id), or
    by "id": kept in a cache entry, sorted here for a dataset of models."""
    store = dataset._store
    if store is None:
        return np.array(entity_order(list(dataset.entities.values()), order), dtype=np.int64)
    return _array(store.entity_order(order))



def edge_columns(dataset: Dataset, types: Iterable[str], dates: Sequence[str] = (),
                 many: Sequence[str] = ()) -> Columns:
    """The ends and the `dates` and `many` fields of the edges of these types (`Columns`)."""
    store = dataset._store
    if store is None:
        wanted = set(types)
        return _from_models(dataset, [e for e in dataset.edges if e.type in wanted], dates,
                            many)
    from .lazy import RecordList

    codes = [store.type_numbers[name] for name in set(types) if name in store.type_numbers]
    numbers = np.flatnonzero(np.isin(np.frombuffer(store.edge_types, dtype=np.uint32), codes))
    found_dates = {name: _taken(store.column(f"edges.{name}"), numbers) for name in dates}
    found_many = {}
    for name in many:
        sizes = _array(store.column(f"edges.{name}.sizes"))
        ends = np.cumsum(sizes)
        rows, at = spread(np.arange(len(numbers), dtype=np.int64), ends[numbers] - sizes[numbers],
                          ends[numbers])
        found_many[name] = (rows, _array(store.column(f"edges.{name}.numbers"))[at])
    first, last = (np.frombuffer(store.days(end), dtype=np.int64) for end in ("first", "last"))

    return Columns(RecordList(store, "edges", numbers), numbers,  # numbers read when needed
                   _taken(store.ends("source"), numbers), _taken(store.ends("target"), numbers),
                   found_dates, found_many,
                   DateTable(first, last, DateTexts(len(first), store.date_texts)))


def spread(owners: np.ndarray, begins: np.ndarray, ends: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """Every (owners[n], k) for k in begins[n]..ends[n]-1, flattened without a Python
    loop: the rows of many runs at once (an empty or reversed run gives none)."""
    sizes = np.maximum(ends - begins, 0)
    shift = np.repeat(begins - (np.cumsum(sizes) - sizes), sizes)
    return np.repeat(owners, sizes), np.arange(int(sizes.sum()), dtype=np.int64) + shift


def _array(numbers: memoryview) -> np.ndarray:
    return np.frombuffer(numbers, dtype=np.uint32).astype(np.int64)


def _taken(numbers: memoryview, rows: np.ndarray) -> np.ndarray:
    """Some rows of an array section, as 64-bit numbers."""
    return np.frombuffer(numbers, dtype=np.uint32)[rows].astype(np.int64)


def _from_models(dataset: Dataset, edges: list[Any], dates: Sequence[str],
                 many: Sequence[str]) -> Columns:
    """The same columns read from models, a column at a time."""
    position = {entity: n for n, entity in enumerate(dataset.entities)}
    ends = [np.array([position[e] for e in map(attrgetter(name), edges)], dtype=np.int64)
            for name in ("source", "target")]
    single = [list(map(attrgetter(name), edges)) for name in dates]
    several = [list(map(attrgetter(name), edges)) for name in many]
    flat = list(chain(chain.from_iterable(single),
                      *(chain.from_iterable(column) for column in several)))
    numbers, table = _numbered(flat)
    found_dates, at = {}, 0
    for name in dates:
        found_dates[name] = numbers[at:at + len(edges)]
        at += len(edges)
    found_many = {}
    for name, column in zip(many, several, strict=True):
        owner = np.repeat(np.arange(len(column), dtype=np.int64), [len(d) for d in column])
        found_many[name] = (owner, numbers[at:at + len(owner)])
        at += len(owner)
    return Columns(edges, None, ends[0], ends[1], found_dates, found_many, table)


def _numbered(dates: list[Any]) -> tuple[np.ndarray, DateTable]:
    """Each date's number (0 for None) into a table of the distinct dates (by text)."""
    import pandas as pd

    texts = [None if d is None else d.text for d in dates]
    codes, _ = pd.factorize(np.array(texts, dtype=object), use_na_sentinel=True)
    codes = codes.astype(np.int64) + 1
    example = np.zeros(int(codes.max()) + 1 if len(codes) else 1, dtype=np.int64)
    example[codes[::-1]] = np.arange(len(codes) - 1, -1, -1, dtype=np.int64)
    chosen = [dates[i] for i in example[1:].tolist()]
    table = DateTable(np.array([0, *(d.first for d in chosen)], dtype=np.int64),
                      np.array([0, *(d.last for d in chosen)], dtype=np.int64),
                      np.array(["", *(d.text for d in chosen)], dtype=object))
    return codes, table
