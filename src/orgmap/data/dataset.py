"""`Dataset`: the validated entities and edges, their indexes and the networkx graph.

The type only; reading and validating files into one is `load.py`. Everything
downstream (queries, renderers, exporters) consumes a Dataset and never re-reads
files. Indexes and the graph are built on first use, so that
`orgmap validate` and the cache do not pay for what they do not need.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import LookupProblem, Problem, did_you_mean, fold
from ..vocab import STRUCTURE_TYPES
from .entry import fold_names
from .lazy import RecordList

if TYPE_CHECKING:
    import networkx as nx

    from .dates import PartialDate, Span, Status
    from .entry import Store
    from .model import Edge, Entity

class Dataset:
    """Validated entities (by id) and edges (in file order, each with a unique id)."""

    def __init__(self, entities: Iterable[Entity], edges: Iterable[Edge], *,
                 warnings: Iterable[Problem] = (), origin: str = "",
                 status: dict[str, Status] | None = None):
        self.entities: dict[str, Entity] = {e.id: e for e in entities}
        self.edges: list[Edge] = list(edges)
        self.warnings: list[Problem] = list(warnings)
        #: Where the data came from (a directory), for messages and titles.
        self.origin = origin
        #: For a dated selection: edge id -> Status.YES (in force) or Status.MAYBE (the
        #: dates cannot rule it out).
        self.status: dict[str, Status] = dict(status or {})
        #: A cache entry the entities and edges are built from on demand (see `from_store`).
        self._store: Store | None = None

    @classmethod
    def from_store(cls, store: Store, *, origin: str = "") -> Dataset:
        """A dataset over a cache entry: models are built when asked for (`lazy.py`), and
        questions read light records (`records.py`) and the entry's own indexes."""
        from .dates import Status
        from .lazy import LazyEdges, LazyEntities

        status = {edge_id: Status(word) for edge_id, word in store.value("status").items()}
        dataset = cls((), (), warnings=[Problem(*row) for row in store.value("warnings")],
                      origin=origin, status=status)
        dataset.entities = LazyEntities(store)  # type: ignore[assignment]
        dataset.edges = LazyEdges(store)  # type: ignore[assignment]
        dataset._store = store
        return dataset

    def __repr__(self) -> str:
        return f"<Dataset {len(self.entities)} entities, {len(self.edges)} edges>"

    @property
    def entry(self) -> Store | None:
        """The cache entry the entities and edges are read from (None for a dataset
        validated in this process, or a selection): a table of every row reads the
        entry's columns (`Store.columns`) instead of building a model per row."""
        return self._store

    def __getstate__(self) -> dict[str, Any]:
        # Indexes and the graph are rebuilt on demand; pickling them would only slow the cache.
        keep = ("warnings", "origin", "status")
        return {"entities": dict(self.entities), "edges": list(self.edges),
                **{k: self.__dict__[k] for k in keep}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._store = None

    # -- indexes ---------------------------------------------------------------

    @cached_property
    def query_index(self) -> QueryIndex:
        """Where the questions memoise their answers for this dataset."""
        return QueryIndex()

    @cached_property
    def edge_by_id(self) -> dict[str, Edge]:
        return {edge.id: edge for edge in self.edges}

    @cached_property
    def _adjacency(self) -> tuple[dict[str, list[Edge]], dict[str, list[Edge]]]:
        outgoing: dict[str, list[Edge]] = defaultdict(list)
        incoming: dict[str, list[Edge]] = defaultdict(list)
        for edge in self.edges:
            outgoing[edge.source].append(edge)
            incoming[edge.target].append(edge)
        return dict(outgoing), dict(incoming)

    def edges_from(self, entity_id: str) -> list[Edge]:
        """Edges whose `from` is this entity."""
        if self._store is not None:
            return self._lazy_edges("out", entity_id)
        return self._adjacency[0].get(entity_id, [])

    def edges_to(self, entity_id: str) -> list[Edge]:
        """Edges whose `to` is this entity."""
        if self._store is not None:
            return self._lazy_edges("in", entity_id)
        return self._adjacency[1].get(entity_id, [])

    def count_to(self, entity_id: str) -> int:
        """How many edges have this entity as their `to`, told without reading them."""
        store = self._store
        if store is None:
            return len(self.edges_to(entity_id))
        number = store.entity_numbers.get(entity_id)
        return 0 if number is None else store.group_size("in", number)

    def relations(self, entity_id: str) -> list[Edge]:
        """Every edge touching this entity, outgoing first."""
        return self.edges_from(entity_id) + self.edges_to(entity_id)

    def _lazy_edges(self, index: str, entity_id: str) -> list[Edge]:
        number = self._store.entity_numbers.get(entity_id)
        if number is None:
            return []
        return [self.edges[n] for n in self._store.group(index, number)]

    # -- records: what questions read ------------------------------------------
    # The same facts as the models, with the same field names and behaviour; on a
    # dataset read from the cache they are light records built from the entry (no
    # pydantic), on any other they are the models themselves.

    def entity_record(self, entity_id: str) -> Entity:
        """The entity with this id (KeyError if none), as a record."""
        if self._store is None:
            return self.entities[entity_id]
        return self._store.record("entities", self._store.entity_numbers[entity_id])

    def records_from(self, entity_id: str, *types: str) -> Sequence[Edge]:
        """Records of the edges whose `from` is this entity (only of `types`, if given).

        On a dataset from the cache the types are told from the entry's index, so
        only the edges wanted are decoded: a body with thousands of members costs
        nothing to a question about its two sub-units.
        """
        if self._store:
            return self._records("out", entity_id, types)
        edges = self.edges_from(entity_id)
        return [e for e in edges if e.type in types] if types else edges

    def records_to(self, entity_id: str, *types: str) -> Sequence[Edge]:
        """Records of the edges whose `to` is this entity (only of `types`, if given)."""
        if self._store:
            return self._records("in", entity_id, types)
        edges = self.edges_to(entity_id)
        return [e for e in edges if e.type in types] if types else edges

    def record_relations(self, entity_id: str) -> list[Edge]:
        """Records of every edge touching this entity, outgoing first."""
        return [*self.records_from(entity_id), *self.records_to(entity_id)]

    def records_of_type(self, *types: str) -> Iterator[Edge]:
        """Records of the edges of these types, in file order."""
        store = self._store
        if store is None:
            wanted = set(types)
            return (edge for edge in self.edges if edge.type in wanted)
        numbers = sorted(n for name in types if name in store.type_numbers
                         for n in store.group("type", store.type_numbers[name]))
        return (store.record("edges", n) for n in numbers)

    def _records(self, index: str, entity_id: str, types: tuple[str, ...] = ()
                 ) -> Sequence[Edge]:
        return RecordList(self._store, "edges", self._edge_rows(index, entity_id, types))

    def _edge_rows(self, index: str, entity_id: str, types: tuple[str, ...]) -> Sequence[int]:
        """The entry's row numbers of an entity's edges ("out" or "in"), of `types` if
        given: the structure's edges are an index of their own, the rest picked by type."""
        store = self._store
        number = store.entity_numbers.get(entity_id)
        if number is None:
            return ()
        if frozenset(types) == STRUCTURE_TYPES:
            return store.group(f"structure.{index}", number)
        rows: Sequence[int] = store.group(index, number)
        return store.of_types(rows, types) if types else rows

    def ends_from(self, entity_id: str, *types: str) -> Ends:
        """The edges of these types whose `from` is this entity, with their `to` ends and
        types; on a dataset from the cache told from the entry's arrays, so that no edge
        is decoded until one is read."""
        return self._ends("out", entity_id, types)

    def ends_to(self, entity_id: str, *types: str) -> Ends:
        """The edges of these types whose `to` is this entity, with their `from` ends and
        types (see `ends_from`)."""
        return self._ends("in", entity_id, types)

    def _ends(self, index: str, entity_id: str, types: tuple[str, ...]) -> Ends:
        store = self._store
        if store is None:
            edges = (self.records_from if index == "out" else self.records_to)(
                entity_id, *types)
            other = [edge.target if index == "out" else edge.source for edge in edges]
            return Ends(other, [edge.type for edge in edges], edges)
        rows = self._edge_rows(index, entity_id, types)
        if not rows:
            return Ends([], [], ())
        ids, kinds, names = store.entity_ids, store.edge_types, store.type_names
        ends = store.ends("target" if index == "out" else "source")
        return Ends([ids[ends[row]] for row in rows], [names[kinds[row]] for row in rows],
                    RecordList(store, "edges", rows))

    def kind_of(self, entity_id: str) -> str:
        """The kind of the entity with this id (KeyError if none), without decoding it."""
        store = self._store
        if store is None:
            return self.entities[entity_id].kind
        return store.kind_names[store.entity_kinds[store.entity_numbers[entity_id]]]

    @cached_property
    def _names(self) -> dict[str, list[str]]:
        if self._store is not None:
            return self._store.value("names")
        return fold_names(self.entities.values(), fold)

    def resolve(self, name: str) -> Entity:
        """The entity an id, name, alias or Chinese name refers to.

        Case- and width-insensitive. Raises LookupProblem listing the candidates
        when the name is ambiguous, or suggesting the closest when unknown.
        """
        return self.entities[self.resolve_record(name).id]

    def resolve_record(self, name: str) -> Entity:
        """As `resolve`, as a record."""
        folded = fold(name)
        for candidate in (name, folded):  # an id, however typed, beats a name or alias
            if candidate in self.entities:
                return self.entity_record(candidate)
        matches = self._names.get(folded, [])
        if len(matches) == 1:
            return self.entity_record(matches[0])
        if matches:
            listed = ", ".join(f"'{i}' ({self.entity_record(i).name})" for i in sorted(matches))
            raise LookupProblem(f"'{name}' is ambiguous: it could be {listed}; use the id")
        hint = did_you_mean(folded, self._names)
        if hint:
            close = hint[hint.index("'") + 1:hint.rindex("'")]
            ids = sorted(self._names[close])
            hint = f" (did you mean '{ids[0]}'?)" if len(ids) == 1 else hint
        raise LookupProblem(f"no entity called '{name}'{hint}; try 'orgmap search'")

    # -- selections ------------------------------------------------------------

    def subset(self, entity_ids: Iterable[str],
               keep_edge: Callable[[Edge], bool] | None = None,
               status: dict[str, Status] | None = None) -> Dataset:
        """The entities given and the edges among them (optionally filtered)."""
        chosen = set(entity_ids)
        entities = [e for i, e in self.entities.items() if i in chosen]
        edges = [e for e in self.edges if e.source in chosen and e.target in chosen
                 and (keep_edge is None or keep_edge(e))]
        kept = {e.id for e in edges}
        merged = {k: v for k, v in {**self.status, **(status or {})}.items() if k in kept}
        return Dataset(entities, edges, origin=self.origin, status=merged)

    # -- graph -----------------------------------------------------------------

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The networkx graph exactly as exported (`export.attributes.export_graph`): nodes by
        entity id, edges keyed by edge id, the exports' attributes (flat values typed as
        GraphML needs, colours included), so a notebook sees what Gephi shows."""
        from ..export.attributes import export_graph

        with collector_paused():
            return export_graph(self)


class Ends(NamedTuple):
    """Some edges of one entity (`Dataset.ends_from`, `ends_to`): each edge's entity at the
    other end and its type, and the edges themselves, built when read."""

    other: list[str]
    types: list[str]
    edges: Sequence[Edge]

    def take(self, positions: Iterable[int]) -> Ends:
        """The edges at these positions, still built only when read."""
        positions = list(positions)
        edges = self.edges
        if isinstance(edges, RecordList):
            chosen: Sequence[Edge] = edges.take(positions)
        else:
            chosen = [edges[n] for n in positions]
        return Ends([self.other[n] for n in positions], [self.types[n] for n in positions],
                    chosen)


@dataclass
class QueryIndex:
    """Memoised answers of the questions for one dataset (see `questions/structure.py`),
    filled lazily, one body or person at a time. A Dataset is never mutated (selections
    make new ones), so its index lives and dies with it."""

    within: dict[tuple[str, PartialDate | None], frozenset[str]] = field(default_factory=dict)
    around: dict[tuple[str, PartialDate | None], frozenset[str]] = field(default_factory=dict)
    #: body id -> its `role` and `member` edges from people; person id -> theirs.
    roles_to: dict[str, Ends] = field(default_factory=dict)
    roles_from: dict[str, Ends] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)
    #: body id -> [(step, other body, edges, position)]: step is "down" (other is a
    #: sub-unit), "up" (other contains it) or "same" (a nameplate). Each body's on first use.
    structure: Any = None
    #: The tie questions' arrays (`questions/ties.py`: every spell, the codes of people
    #: and bodies, display names), built once on first use: their size is the data's.
    ties: Any = None
    #: The tie questions' roll-ups, placements and body choices by question shape: only
    #: the most recent few are kept, so a session asking many shapes does not grow.
    tie_shapes: Memo = field(default_factory=lambda: Memo(TIE_SHAPES_KEPT))


#: How many question shapes `QueryIndex.tie_shapes` keeps.
TIE_SHAPES_KEPT = 12


class Memo:
    """A dict of at most `limit` entries that forgets the least recently used first."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._entries: dict[Any, Any] = {}

    def get(self, key: Any) -> Any:
        """The value for `key` (None when not kept), now the most recently used."""
        found = self._entries.pop(key, None)
        if found is not None:
            self._entries[key] = found
        return found

    def put(self, key: Any, value: Any) -> Any:
        """Keep `value` for `key`, forgetting the oldest entry when full; returns `value`."""
        self._entries.pop(key, None)
        if len(self._entries) >= self.limit:
            del self._entries[next(iter(self._entries))]
        self._entries[key] = value
        return value

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a dataset or its graph is built.

    Loading allocates a few million objects and no reference cycles; left on, the
    collector re-scans the growing heap over and over, which took 40% of a cold
    load of 200,000 edges. Whether the collector runs is restored afterwards.

    The objects made meanwhile, when there are many (`AGED_FROM`), then go
    straight to the collector's oldest generation (`_age_young_objects`), where
    whatever survives a few collections ends up anyway: otherwise the first young
    collections after the pause would each walk all of them, a second or more at
    200,000 edges, to find nothing. Nothing is frozen (freezing the heap is the
    command line's choice: see `cli.application.load_or_exit`).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_count()[0] >= AGED_FROM:
                _age_young_objects()
            gc.enable()


#: Objects made while paused from which they are moved to the oldest generation: below
#: it, a young collection walks them in about half a millisecond, less than finding out
#: whether the caller froze objects (`gc.get_freeze_count` walks every frozen object:
#: several milliseconds once a command has frozen its loaded data).
AGED_FROM = 10_000


def _age_young_objects() -> None:
    """Move every object the collector tracks in its young generations to its oldest one,
    without walking them: `gc.freeze` moves all of them to the permanent generation in
    one step and `gc.unfreeze` moves that whole generation to the oldest one.

    Besides the objects just made, the young generations hold only what the caller
    made since the collector last ran (a few thousand objects at most); their cycles, if any, are
    then found by the next full collection instead of a young one. A caller that froze
    objects of its own (a server before forking, say) keeps them frozen: then nothing
    is moved, as unfreezing would thaw them too.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
