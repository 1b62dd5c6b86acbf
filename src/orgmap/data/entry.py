"""The cache entry format: a dataset as sections that are decoded only when needed.

A warm command asks about a handful of entities; decoding 200,000 edges to
answer it would cost more than the question. So an entry is a set of named
sections followed by a small header that says where each lies (found from
the end, so that each section is written as soon as it is made), and each row of entities, edges and
citations is its own tiny `marshal` record found through an offsets array:
reading edge 123,456 decodes that edge and nothing else. The indexes every
question starts from are stored too (edges by entity, in and out; the
`part_of` and `nameplate` edges by entity, apart, for following the
structure; edges by type; entity names), as flat integer arrays that need no
decoding at all, and so are each edge's ends (entity numbers) and type and
each entity's kind: a question follows the structure and finds who holds
roles where without decoding an edge. So are the date fields, as columns of
date numbers, for questions that weigh every edge's dates (`columns.py`).

Values are stored compactly and generically, by each model field's type:
dates and citations by number into tables stored once, text that repeats
(ids at an edge's ends, relation types, role titles) by number into a list
of its distinct values (each value its own record, so reading a few rows
decodes a few values), everything else as itself. Nothing in the rows' format
names a model field, so a field added to a model is carried as its type says.

Only the models' field names and types are needed to write an entry; reading
one needs neither pydantic nor the models until a model is asked for
(`Store.model`); questions read records (`records.py`).
"""

from __future__ import annotations

import marshal
import struct
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from itertools import accumulate, chain, islice, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, BinaryIO, get_args, get_origin

from ..vocab import STRUCTURE_TYPES
from .dates import PartialDate
from .records import record_class
from .unchecked import construct_all, fields_set_of, values_of

if TYPE_CHECKING:
    from pydantic import BaseModel

#: How a field is stored: as itself, by number into its own list of values, as a date
#: number, as a tuple of date numbers, as a tuple of citation numbers.
PLAIN, VOCAB, DATE, DATES, CITATIONS = range(5)
#: The three tables and the model each holds.
TABLES = {"entities": "Entity", "edges": "Edge", "citations": "Citation"}
_ALIGN = 8
_HEAD = struct.Struct("<Q")


def fold_names(entities: Iterable[Any], fold: Callable[[str], str]) -> dict[str, list[str]]:
    """Folded id, name, Chinese name and aliases -> the ids of the entities they name."""
    names: dict[str, list[str]] = {}
    for entity in entities:
        for text in (entity.id, entity.name, entity.name_zh, *entity.aliases):
            if text:
                found = names.setdefault(fold(text), [])
                if entity.id not in found:
                    found.append(entity.id)
    return names


# -- writing -------------------------------------------------------------------


def write(stream: BinaryIO, entities: list[BaseModel], edges: list[BaseModel],
          warnings: list[tuple], status: dict[str, str], names: dict[str, list[str]]) -> None:
    """Write an entry's body, from validated models (in their order) and plain extras,
    to `stream` as it is made, a section at a time.

    Nothing holds the whole body, nor a whole table's rows: rows are encoded and
    written a chunk at a time, so storing 200,000 edges needs little memory on top
    of the models themselves (the cache is written at the end of a cold load, when
    memory is at its fullest).
    """
    from .model import Citation, Edge, Entity

    writer = _Writer(stream)
    tables = _Tables()
    for name, items, model in (("entities", entities, Entity), ("edges", edges, Edge)):
        writer.rows(name, tables.rows(items, model))
    writer.rows("citations", tables.rows(tables.citations, Citation))
    ids = [entity.id for entity in entities]
    number = {entity_id: n for n, entity_id in enumerate(ids)}
    structure = [n for n, edge in enumerate(edges) if edge.type in STRUCTURE_TYPES]
    for end, index in (("source", "out"), ("target", "in")):
        ends = array("I", [number[getattr(edge, end)] for edge in edges])
        writer.add(f"edges.{end}", _checked(ends))  # each edge's end, without decoding it
        writer.csr(index, ends, len(ids))
        writer.csr(f"structure.{index}", ends, len(ids), structure)  # only the structure's
    del number, ends, structure
    _orders(writer, entities, ids)
    entity_kinds = sorted({entity.kind for entity in entities})
    kind_number = {name: n for n, name in enumerate(entity_kinds)}
    writer.value("kinds", entity_kinds)
    writer.add("entities.kinds", _checked(array("I", [kind_number[entity.kind]
                                                      for entity in entities])))
    types = sorted({edge.type for edge in edges})
    type_number = {name: n for n, name in enumerate(types)}
    kinds = array("I", [type_number[edge.type] for edge in edges])
    writer.csr("type", kinds, len(types))
    writer.add("edges.types", _checked(kinds))  # each edge's type, without decoding it
    del kinds
    writer.value("meta", {
        "fields": {table: list(model.model_fields) for table, model in
                   (("entities", Entity), ("edges", Edge), ("citations", Citation))},
        "storage": tables.storage,
        "counts": {"entities": len(entities), "edges": len(edges),
                   "citations": len(tables.citations)},
    })
    writer.value("entities.ids", ids)
    writer.value("types", types)
    writer.rows("dates", [tables.dates])  # a row each: a question reads a few dozen
    for end in (1, 2):  # every date's first and last day, for questions weighing them all
        days = array("q", [0 if row is None else row[end] for row in tables.dates])
        writer.add(f"dates.{('first', 'last')[end - 1]}", memoryview(days).cast("B"))
    for name, numbers in tables.columns.items():
        writer.add(f"column.{name}", _checked(numbers))
    tables.columns.clear()
    writer.value("fieldsets", [sorted(s) for s in tables.fieldsets])
    for (table, field), values in tables.vocabularies.items():
        writer.rows(f"vocab.{table}.{field}", [values])  # a value each: a record reads a few
    writer.value("names", names)
    writer.value("warnings", warnings)
    writer.value("status", status)
    writer.finish()


#: Entity fields kept whole beside the rows, for questions that name many entities.
NAME_FIELDS = ("name", "name_zh")
#: The orders of every entity kept: by display label, by name, by id (each then by id).
ORDERS = ("label", "name", "id")


def _orders(writer: _Writer, entities: list[BaseModel], ids: list[str]) -> None:
    """The entities' names as whole columns, and their positions in each of `ORDERS`:
    a question listing thousands of people reads them without decoding a row or
    sorting names (`Store.entity_values`, `Store.entity_order`)."""
    for field in NAME_FIELDS:
        writer.value(f"values.entities.{field}", [getattr(entity, field) for entity in entities])
    for order in ORDERS:
        writer.add(f"order.entities.{order}", _checked(array("I", entity_order(entities, order))))


def entity_order(entities: list[Any], order: str) -> list[int]:
    """Positions of `entities` (models or records) in one of `ORDERS`."""
    ids = [entity.id for entity in entities]
    if order == "id":
        return sorted(range(len(ids)), key=ids.__getitem__)
    names = [entity.label if order == "label" else entity.name for entity in entities]
    return sorted(range(len(ids)), key=lambda n: (names[n], ids[n]))


class _Writer:
    """Sections written one after another, each aligned, then a header naming where
    each one lies and, last, the header's length (so a reader finds it from the end)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.places: dict[str, tuple[int, int]] = {}
        self.size = 0

    def add(self, name: str, data: bytes | memoryview) -> None:
        start = self.size
        self._write(data)
        self.places[name] = (start, self.size - start)
        self._pad()

    def value(self, name: str, value: Any) -> None:
        self.add(name, marshal.dumps(value))

    def rows(self, name: str, chunks: Iterable[list[tuple]]) -> None:
        """Each row its own marshal record, found through an offsets array; written a
        chunk of rows at a time, as they come."""
        start = self.size
        offsets = array("I", [0])
        for chunk in chunks:
            dumped = list(map(marshal.dumps, chunk))
            offsets.extend(islice(accumulate(map(len, dumped), initial=offsets[-1]), 1, None))
            self._write(b"".join(dumped))
        self.places[f"{name}.rows"] = (start, self.size - start)
        self._pad()
        self.add(f"{name}.offsets", _checked(offsets))

    def csr(self, name: str, groups: array, count: int, rows: list[int] | None = None
            ) -> None:
        """Row numbers (every row, or only `rows`, in order) grouped by `groups[row]`
        (0..count-1), in order within each group."""
        sizes = [0] * count
        for group in (groups if rows is None else map(groups.__getitem__, rows)):
            sizes[group] += 1
        starts = array("I", accumulate(sizes, initial=0))
        order = array("I", sorted(range(len(groups)) if rows is None else rows,
                                  key=groups.__getitem__))  # stable
        self.add(f"index.{name}.starts", _checked(starts))
        self.add(f"index.{name}.rows", _checked(order))

    def finish(self) -> None:
        header = marshal.dumps(self.places)
        self._write(header)
        self._write(_HEAD.pack(len(header)))

    def _write(self, data: bytes | memoryview) -> None:
        self.stream.write(data)
        self.size += len(data)

    def _pad(self) -> None:
        padding = -self.size % _ALIGN
        if padding:
            self._write(b"\0" * padding)


def _checked(numbers: array) -> memoryview:
    """An unsigned 4-byte array's bytes."""
    if numbers.itemsize != 4:  # pragma: no cover - every supported platform has 4-byte ints
        raise ValueError("unsupported platform")
    return memoryview(numbers).cast("B")


class _Tables:
    """Turns models into rows of compact values (see the module docstring)."""

    #: Rows are encoded this many at a time: a column at a time (fast) without ever
    #: holding a whole table's columns and rows (memory).
    CHUNK = 8192

    def __init__(self) -> None:
        self.dates: list[tuple[str, int, int] | None] = [None]
        self.date_numbers: dict[str, int] = {}
        self.citations: list[BaseModel] = []
        self.citation_numbers: dict[tuple, int] = {}
        self.fieldsets: list[frozenset[str]] = []
        self.fieldset_numbers: dict[frozenset[str], int] = {}
        self.vocabularies: dict[tuple[str, str], list[Any]] = {}
        self.storage: dict[str, list[int]] = {}
        #: "table.field" -> each row's date number in a date field; "table.field.sizes"
        #: and ".numbers" for a field of several dates.
        self.columns: dict[str, array] = {}

    def rows(self, items: list[BaseModel], model: type[BaseModel]) -> Iterator[list[tuple]]:
        """The rows of `items`, in chunks. How each field is stored is decided
        first, over the whole table (a field is numbered into a vocabulary when its
        values repeat enough); the storage is recorded before the first row comes."""
        table = next(t for t, name in TABLES.items() if name == model.__name__)
        fields = list(model.model_fields.items())
        kinds, numbering = [], {}
        for name, info in fields:
            kind = storage_of(info.annotation)
            if kind == PLAIN:
                column = list(map(itemgetter(name), map(values_of, items)))
                if _repetitive(column):
                    kind = VOCAB
                    vocabulary = list(dict.fromkeys(column))
                    self.vocabularies[table, name] = vocabulary
                    numbering[name] = {value: n for n, value in enumerate(vocabulary)}.__getitem__
                del column
            kinds.append(kind)
        self.storage[table] = kinds
        return self._chunks(table, items, fields, kinds, numbering)

    def _chunks(self, table: str, items: list[BaseModel], fields: list[tuple[str, Any]],
                kinds: list[int], numbering: dict[str, Callable[[Any], int]]
                ) -> Iterator[list[tuple]]:
        for first in range(0, len(items), self.CHUNK):
            chunk = items[first:first + self.CHUNK]
            values = list(map(values_of, chunk))
            columns = []
            for (name, _), kind in zip(fields, kinds, strict=True):
                column = list(map(itemgetter(name), values))
                if kind == DATE:
                    column = list(map(self.date, column))
                elif kind == DATES:
                    column = [tuple(map(self.date, dates)) for dates in column]
                elif kind == CITATIONS:
                    column = [tuple(map(self.citation, cited)) for cited in column]
                elif kind == VOCAB:
                    column = list(map(numbering[name], column))
                self._keep(f"{table}.{name}", kind, column)
                columns.append(column)
            columns.append([self.fieldset(fields_set_of(item)) for item in chunk])
            yield list(zip(*columns, strict=True))

    def _keep(self, name: str, kind: int, column: list[Any]) -> None:
        """Add a chunk's date numbers to the columns written beside the rows (see
        `Store.column`); other fields are left to the rows, so the entry stays small."""
        if kind == DATE:
            self.columns.setdefault(name, array("I")).extend(column)
        elif kind == DATES:
            self.columns.setdefault(f"{name}.sizes", array("I")).extend(map(len, column))
            self.columns.setdefault(f"{name}.numbers", array("I")).extend(
                chain.from_iterable(column))

    def date(self, date: PartialDate | None) -> int:
        if date is None:
            return 0
        number = self.date_numbers.get(date.text)
        if number is None:
            number = self.date_numbers[date.text] = len(self.dates)
            self.dates.append((date.text, date.first, date.last))
        return number

    def citation(self, citation: BaseModel) -> int:
        """A citation's number; equal citations with equal fields set are stored once."""
        key = (*values_of(citation).values(), self.fieldset(fields_set_of(citation)))
        number = self.citation_numbers.get(key)
        if number is None:
            number = self.citation_numbers[key] = len(self.citations)
            self.citations.append(citation)
        return number

    def fieldset(self, fields: set[str]) -> int:
        key = frozenset(fields)
        number = self.fieldset_numbers.get(key)
        if number is None:
            number = self.fieldset_numbers[key] = len(self.fieldsets)
            self.fieldsets.append(key)
        return number


def _repetitive(column: list[Any]) -> bool:
    """Text (or None) that repeats enough to be worth numbering: a tenth distinct or fewer."""
    if not column or not set(map(type, column)) <= {str, type(None)}:
        return False
    return len(set(column)) * 10 <= len(column)


def storage_of(annotation: Any) -> int:
    """How a field with this annotation is stored (PLAIN, DATE, DATES or CITATIONS)."""
    from .model import Citation

    if _mentions(annotation, Citation):
        return CITATIONS
    if _mentions(annotation, PartialDate):
        return DATES if get_origin(annotation) is tuple else DATE
    return PLAIN


def _mentions(annotation: Any, wanted: type) -> bool:
    return annotation is wanted or any(_mentions(a, wanted) for a in get_args(annotation))


# -- reading -------------------------------------------------------------------


class Store:
    """An entry's sections, each decoded on first use; records and models built on demand.

    `body` must stay unchanged for the store's life (it is the entry's bytes,
    checked against its checksum before a Store is made).
    """

    def __init__(self, body: memoryview) -> None:
        (size,) = _HEAD.unpack_from(body, len(body) - _HEAD.size)
        self.places: dict[str, tuple[int, int]] = marshal.loads(
            body[len(body) - _HEAD.size - size:len(body) - _HEAD.size])
        self.data = body
        self._records: dict[str, dict[int, Any]] = {table: {} for table in TABLES}
        self._models: dict[str, dict[int, Any]] = {table: {} for table in TABLES}
        self._indexes: dict[str, tuple[memoryview, memoryview]] = {}
        self._dates: dict[int, PartialDate] = {}
        self._vocabularies: dict[tuple[str, str], Values] = {}
        self._ends: dict[str, memoryview] = {}
        self._record_plans: dict[str, tuple[type, list[Callable | None]]] = {}
        self._model_plans: dict[str, tuple[type, list[str], list[Callable | None]]] = {}
        #: The cache key it was fetched under (None until `cache.fetch` says).
        self.key: str | None = None

    def section(self, name: str) -> memoryview:
        start, length = self.places[name]
        return self.data[start:start + length]

    def value(self, name: str) -> Any:
        return marshal.loads(self.section(name))

    def numbers(self, name: str) -> memoryview:
        """An array section as a sequence of ints, without copying."""
        return self.section(name).cast("I")

    def column(self, name: str) -> memoryview:
        """Every row's date number in one date field, without decoding a row:
        "edges.start" (0 for none), or "edges.as_of.sizes" and "edges.as_of.numbers" for
        a field of several dates."""
        key = f"column.{name}"
        return self.numbers(key) if key in self.places else memoryview(array("I"))

    def days(self, end: str) -> memoryview:
        """The `first` or `last` day of every date by number (0 for number 0)."""
        return self.section(f"dates.{end}").cast("q")

    @cached_property
    def meta(self) -> dict[str, Any]:
        return self.value("meta")

    def count(self, table: str) -> int:
        return self.meta["counts"][table]

    @cached_property
    def entity_ids(self) -> list[str]:
        return self.value("entities.ids")

    @cached_property
    def entity_numbers(self) -> dict[str, int]:
        ids = self.entity_ids
        return dict(zip(ids, range(len(ids)), strict=True))

    @cached_property
    def type_names(self) -> list[str]:
        """The relation types by number (each edge's in `edges.types`, the "type" index's
        groups)."""
        return self.value("types")

    @cached_property
    def type_numbers(self) -> dict[str, int]:
        """Relation type -> its group in the "type" index."""
        return {name: n for n, name in enumerate(self.type_names)}

    @cached_property
    def kind_names(self) -> list[str]:
        """The entity kinds by number (each entity's in `entity_kinds`)."""
        return self.value("kinds")

    @cached_property
    def entity_kinds(self) -> memoryview:
        """Each entity's kind, as a number into `kind_names`, without decoding a row."""
        return self.numbers("entities.kinds")

    def entity_values(self, field: str) -> list[Any] | None:
        """Every entity's value of one of `NAME_FIELDS`, in order (None for another field)."""
        key = f"values.entities.{field}"
        return self.value(key) if key in self.places else None

    def entity_order(self, order: str) -> memoryview:
        """Entity numbers in one of `ORDERS`: by "label" (then id), "name" (then id), "id"."""
        return self.numbers(f"order.entities.{order}")

    def ends(self, end: str) -> memoryview:
        """Each edge's entity number at one end ("source" or "target"), without decoding
        a row."""
        found = self._ends.get(end)
        if found is None:
            found = self._ends[end] = self.numbers(f"edges.{end}")
        return found

    def vocabulary(self, table: str, field: str) -> Values:
        """The distinct values of a field stored by number, each decoded when first read."""
        found = self._vocabularies.get((table, field))
        if found is None:
            found = self._vocabularies[table, field] = Values(
                self.numbers(f"vocab.{table}.{field}.offsets"),
                self.section(f"vocab.{table}.{field}.rows"))
        return found

    @cached_property
    def _date_rows(self) -> tuple[memoryview, memoryview]:
        return self.numbers("dates.offsets"), self.section("dates.rows")

    def date(self, number: int) -> PartialDate | None:
        """Date number `number` (0 for none), each decoded and built once."""
        found = self._dates.get(number)
        if found is None and number:
            offsets, rows = self._date_rows
            found = self._dates[number] = PartialDate(
                *marshal.loads(rows[offsets[number]:offsets[number + 1]]))
        return found

    def date_texts(self, numbers: Iterable[int]) -> list[str]:
        """The text of each of these date numbers ('' for 0), read without building the
        dates: a table of thousands of periods shows their texts only."""
        offsets, rows = self._date_rows
        return [marshal.loads(rows[offsets[n]:offsets[n + 1]])[0] if n else ""
                for n in numbers]

    def citation(self, number: int) -> Any:
        """Citation number `number` as a record."""
        return self.record("citations", number)

    def model_citation(self, number: int) -> Any:
        """Citation number `number` as a model."""
        return self.model("citations", number)

    @cached_property
    def fieldsets(self) -> list[frozenset[str]]:
        return [frozenset(names) for names in self.value("fieldsets")]

    # -- indexes ---------------------------------------------------------------

    def group(self, index: str, number: int) -> memoryview:
        """The row numbers of one group of an index (e.g. the edges out of entity 7)."""
        starts = self._starts(index)
        return self._grouped(index)[starts[number]:starts[number + 1]]

    def group_size(self, index: str, number: int) -> int:
        """How many rows one group of an index has."""
        starts = self._starts(index)
        return starts[number + 1] - starts[number]

    def _starts(self, index: str) -> memoryview:
        return self._index_arrays(index)[0]

    def _grouped(self, index: str) -> memoryview:
        return self._index_arrays(index)[1]

    def _index_arrays(self, index: str) -> tuple[memoryview, memoryview]:
        found = self._indexes.get(index)
        if found is None:
            found = self._indexes[index] = (self.numbers(f"index.{index}.starts"),
                                            self.numbers(f"index.{index}.rows"))
        return found

    def of_types(self, rows: Iterable[int], types: Iterable[str]) -> list[int]:
        """Those of the edge numbers `rows` whose relation type is one of `types`, told
        without decoding the edges."""
        numbers = self.type_numbers
        wanted = {numbers[name] for name in types if name in numbers}
        kinds = self.edge_types
        return [row for row in rows if kinds[row] in wanted]

    @cached_property
    def edge_types(self) -> memoryview:
        """Each edge's relation type, as a number into `type_names`."""
        return self.numbers("edges.types")

    # -- rows, records and models ----------------------------------------------

    def row(self, table: str, number: int) -> tuple:
        offsets = self._offsets(table)
        return marshal.loads(self._rows(table)[offsets[number]:offsets[number + 1]])

    @cached_property
    def _row_sections(self) -> dict[str, tuple[memoryview, memoryview]]:
        return {table: (self.numbers(f"{table}.offsets"), self.section(f"{table}.rows"))
                for table in TABLES}

    def _offsets(self, table: str) -> memoryview:
        return self._row_sections[table][0]

    def _rows(self, table: str) -> memoryview:
        return self._row_sections[table][1]

    def record(self, table: str, number: int) -> Any:
        """The read-only record of one row (memoised: asking twice gives the same object)."""
        built = self._records[table]
        found = built.get(number)
        if found is None:
            cls, size = self._record_plan(table)
            found = built[number] = tuple.__new__(cls, self.row(table, number)[:size])
        return found

    def model(self, table: str, number: int) -> Any:
        """The pydantic model of one row, built without validating again (memoised)."""
        built = self._models[table]
        found = built.get(number)
        if found is None:
            found = built[number] = self._build_model(table, self.row(table, number))
        return found

    def models(self, table: str) -> list[Any]:
        """Every model of a table, in order, built a column at a time.

        Each step is a `map` over a whole column, so the loop runs in C: a few
        microseconds per model where building them one by one takes several times
        that. Models already handed out are kept (the same objects).
        """
        count = self.count(table)
        built = self._models[table]
        if len(built) == count:
            return [built[number] for number in range(count)]
        model, names, decoders = self._model_plan(table)
        rows = _decoded(self._offsets(table), self._rows(table), count)
        columns = list(zip(*rows, strict=True)) if rows else [()] * (len(names) + 1)
        values = [column if decode is None else list(map(decode, column))
                  for decode, column in zip(decoders, columns, strict=False)]
        dicts = map(dict, map(zip, repeat(names, count), zip(*values, strict=True)))
        sets = [set(fields) for fields in self.fieldsets]
        fresh = construct_all(model, count, dicts,
                              map(set.copy, map(sets.__getitem__, columns[-1])))
        for number, found in built.items():
            fresh[number] = found
        self._models[table] = dict(enumerate(fresh))
        return fresh

    def columns(self, table: str, fields: Iterable[str]) -> dict[str, list[Any]]:
        """Some fields of every row of a table, in stored order, without a record or a
        model per row: text kept in a vocabulary comes back as itself, a date as its
        date number (0 for none; `every_date_text`), several dates or citations as a tuple
        of their numbers, so that a table of every row turns each distinct date or
        citation into text once."""
        names = self.meta["fields"][table]
        count = self.count(table)
        rows = _decoded(self._offsets(table), self._rows(table), count)
        stored = dict(zip(names, map(list, zip(*rows, strict=False)), strict=False)) if rows \
            else {name: [] for name in names}
        del rows
        kinds = dict(zip(names, self.meta["storage"][table], strict=True))
        found = {}
        for name in fields:
            column = stored[name]
            if kinds[name] == VOCAB:
                column = list(map(self.vocabulary(table, name).all().__getitem__, column))
            found[name] = column
        return found

    def every_date_text(self) -> list[str | None]:
        """The text of every date by number (None for number 0), decoded in one pass: for
        a table of every row (`date_texts` reads a few)."""
        return [None if date is None else date[0] for date in _decoded(*self._date_rows)]

    def _build_model(self, table: str, row: tuple) -> Any:
        model, names, decoders = self._model_plan(table)
        values = {name: value if decode is None else decode(value)
                  for name, decode, value in zip(names, decoders, row, strict=False)}
        return construct_all(model, 1, [values], [set(self.fieldsets[row[-1]])])[0]

    def _record_plan(self, table: str) -> tuple[type, int]:
        """The table's record class, whose fields decode their stored values when read."""
        plan = self._record_plans.get(table)
        if plan is None:
            fields = tuple(self.meta["fields"][table])
            decoders = self._decoders(table, fields, self.citation)
            cls = record_class(TABLES[table], fields, dict(zip(fields, decoders, strict=True)))
            plan = self._record_plans[table] = (cls, len(fields))
        return plan

    def _model_plan(self, table: str) -> tuple[type, list[str], list[Callable | None]]:
        plan = self._model_plans.get(table)
        if plan is None:
            from . import model as models

            fields = list(self.meta["fields"][table])
            model = getattr(models, TABLES[table])
            if list(model.model_fields) != fields:
                raise ValueError("the entry was written for other models")
            plan = self._model_plans[table] = (
                model, fields, self._decoders(table, fields, self.model_citation, whole=True))
        return plan

    def _decoders(self, table: str, fields: Iterable[str], citation: Callable[[int], Any],
                  whole: bool = False) -> list[Callable | None]:
        """One function per field turning its stored value into the value it stands for
        (`whole`: with every distinct value decoded at once, for building many models)."""
        date = self.date

        def cited(numbers: tuple[int, ...]) -> tuple:
            return tuple(map(citation, numbers))

        def dated(numbers: tuple[int, ...]) -> tuple:
            return tuple(map(date, numbers))

        decoders: list[Callable | None] = []
        for field, kind in zip(fields, self.meta["storage"][table], strict=True):
            if kind == VOCAB:
                values = self.vocabulary(table, field)
                decoders.append(values.all().__getitem__ if whole else values.__getitem__)
            elif kind == DATE:
                decoders.append(date)
            elif kind == DATES:
                decoders.append(dated)
            elif kind == CITATIONS:
                decoders.append(cited)
            else:
                decoders.append(None)
        return decoders


class Values:
    """A field's distinct values by number, each its own record: a question decodes the
    few it reads (a record of an edge its ends' ids, not all 12,000 of them)."""

    def __init__(self, offsets: memoryview, rows: memoryview) -> None:
        self._offsets, self._rows = offsets, rows
        self._found: dict[int, Any] = {}
        self._all: list[Any] | None = None

    def __getitem__(self, number: int) -> Any:
        if self._all is not None:
            return self._all[number]
        found = self._found.get(number, self)
        if found is self:
            offsets = self._offsets
            found = self._found[number] = marshal.loads(
                self._rows[offsets[number]:offsets[number + 1]])
        return found

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def all(self) -> list[Any]:
        """Every value, in order (decoded once)."""
        if self._all is None:
            self._all = _decoded(self._offsets, self._rows)
        return self._all


def _decoded(offsets: memoryview, data: memoryview, count: int | None = None) -> list[Any]:
    """The first `count` records (all of them by default) of a section of consecutive
    marshal records, record `n` at `data[offsets[n]:offsets[n + 1]]`, decoded in one
    pass that runs in C."""
    count = len(offsets) - 1 if count is None else count
    return list(map(marshal.loads, map(data.__getitem__, map(
        slice, offsets[:count], offsets[1:count + 1]))))
