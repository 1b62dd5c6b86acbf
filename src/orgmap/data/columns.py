"""A few fields of many rows at once, as columns, without building a record per row.

Questions that weigh every role edge of a dataset (the tie questions) need
four or five fields of 200,000 edges. Building a record or reading a model's
attributes edge by edge cost seconds; here a dataset read from the cache
hands over its stored values directly (one `marshal.loads` per row, dates as
the numbers the entry stores them by), and a dataset of models is read a
column at a time. Either way dates come back as numbers into one table of
distinct dates (`DateTable`), so that what follows is array arithmetic.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from .entry import DATE, DATES, VOCAB

if TYPE_CHECKING:
    from .dataset import Dataset
    from .entry import Store


@dataclass
class DateTable:
    """Distinct dates by number; number 0 is "no date" (first and last 0, text '')."""

    first: np.ndarray
    last: np.ndarray
    text: np.ndarray  # object


@dataclass
class Columns:
    """Some fields of some rows, in the rows' order.

    `values[field]` is a list of plain values (ids, words); `dates[field]` the
    date numbers of a one-date field (0: none); `many[field]` a field holding
    several dates, exploded as (row, date number) arrays in row order.
    """

    rows: Sequence[Any]  # the records (or models) themselves, built when read
    numbers: list[int] | None  # their row numbers in the cache entry (None: models)
    values: dict[str, list[Any]]
    dates: dict[str, np.ndarray]
    many: dict[str, tuple[np.ndarray, np.ndarray]]
    table: DateTable


def rows_taken(dataset: Dataset, columns: Columns, chosen: Sequence[int]) -> Sequence[Any]:
    """The rows at these positions of `columns`, still built only when read."""
    if columns.numbers is None:
        return [columns.rows[n] for n in chosen]
    from .lazy import RecordList

    numbers = columns.numbers
    return RecordList(dataset._store, "edges", [numbers[n] for n in chosen])


def entity_columns(dataset: Dataset, fields: Sequence[str]) -> dict[str, list[Any]]:
    """Plain fields of every entity, in the dataset's order."""
    store = dataset._store
    if store is None:
        entities = list(dataset.entities.values())
        return {name: list(map(attrgetter(name), entities)) for name in fields}
    return _stored(store, "entities", range(store.count("entities")), fields)[0]


def edge_columns(dataset: Dataset, types: Iterable[str], fields: Sequence[str],
                 dates: Sequence[str] = (), many: Sequence[str] = ()) -> Columns:
    """Fields of the edges of these types, in file order: `fields` as plain values, `dates`
    and `many` as date numbers (see `Columns`)."""
    store = dataset._store
    if store is None:
        wanted = set(types)
        edges = [edge for edge in dataset.edges if edge.type in wanted]
        return _from_models(edges, fields, dates, many)
    from .lazy import RecordList

    numbers = sorted(n for name in set(types) if name in store.type_numbers
                     for n in store.group("type", store.type_numbers[name]))
    values, stored_dates, stored_many = _stored(store, "edges", numbers, fields, dates, many)
    rows = _rows(store, "dates", range(len(store.numbers("dates.offsets")) - 1))
    table = DateTable(np.array([0, *(r[1] for r in rows[1:])], dtype=np.int64),
                      np.array([0, *(r[2] for r in rows[1:])], dtype=np.int64),
                      np.array(["", *(r[0] for r in rows[1:])], dtype=object))
    return Columns(RecordList(store, "edges", numbers), numbers, values, stored_dates,
                   stored_many, table)


def _stored(store: Store, table: str, numbers: Sequence[int], fields: Sequence[str],
            dates: Sequence[str] = (), many: Sequence[str] = ()
            ) -> tuple[dict[str, list[Any]], dict[str, np.ndarray],
                       dict[str, tuple[np.ndarray, np.ndarray]]]:
    """The stored values of these rows: one `marshal.loads` a row, then a column at a time."""
    names = store.meta["fields"][table]
    kinds = dict(zip(names, store.meta["storage"][table], strict=True))
    rows = _rows(store, table, numbers)
    columns = dict(zip(names, zip(*rows, strict=False), strict=False)) if rows else {
        name: () for name in names}
    values = {}
    for name in fields:
        column = list(columns[name])
        if kinds[name] == VOCAB:
            column = list(map(store.value(f"vocab.{table}.{name}").__getitem__, column))
        values[name] = column
    found_dates = {name: _date_column(kinds[name], DATE, columns[name]) for name in dates}
    found_many = {}
    for name in many:
        column = _date_column(kinds[name], DATES, columns[name])
        found_many[name] = (np.repeat(np.arange(len(column), dtype=np.int64),
                                      [len(d) for d in column]),
                            np.fromiter(chain.from_iterable(column), dtype=np.int64))
    return values, found_dates, found_many


def _rows(store: Store, table: str, numbers: Sequence[int]) -> list[Any]:
    """The stored rows of a table at these numbers, each its own marshal record."""
    offsets, data = store.numbers(f"{table}.offsets"), store.section(f"{table}.rows")
    starts = [offsets[n] for n in numbers]
    ends = [offsets[n + 1] for n in numbers]
    return list(map(marshal.loads, map(data.__getitem__, map(slice, starts, ends))))


def _date_column(kind: int, expected: int, column: Any) -> Any:
    if kind != expected:  # pragma: no cover - the models store dates as dates
        raise ValueError("the entry stores this field otherwise")
    return np.fromiter(column, dtype=np.int64, count=len(column)) if kind == DATE else column


def _from_models(edges: list[Any], fields: Sequence[str], dates: Sequence[str],
                 many: Sequence[str]) -> Columns:
    """The same columns read from models (or any objects with these attributes)."""
    values = {name: list(map(attrgetter(name), edges)) for name in fields}
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
        sizes = [len(d) for d in column]
        owner = np.repeat(np.arange(len(column), dtype=np.int64), sizes)
        found_many[name] = (owner, numbers[at:at + len(owner)])
        at += len(owner)
    return Columns(edges, None, values, found_dates, found_many, table)


def _numbered(dates: list[Any]) -> tuple[np.ndarray, DateTable]:
    """Each date's number (0 for None) into a table of the distinct dates (by text)."""
    import pandas as pd

    texts = [None if d is None else d.text for d in dates]
    codes, distinct = pd.factorize(np.array(texts, dtype=object), use_na_sentinel=True)
    codes = codes.astype(np.int64) + 1
    example = np.zeros(len(distinct) + 1, dtype=np.int64)
    example[codes[::-1]] = np.arange(len(codes) - 1, -1, -1, dtype=np.int64)
    chosen = [dates[i] for i in example[1:].tolist()]
    table = DateTable(np.array([0, *(d.first for d in chosen)], dtype=np.int64),
                      np.array([0, *(d.last for d in chosen)], dtype=np.int64),
                      np.array(["", *(d.text for d in chosen)], dtype=object))
    return codes, table


