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
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..errors import LookupProblem, Problem, did_you_mean, fold
from .entry import fold_names

if TYPE_CHECKING:
    import networkx as nx

    from .entry import Store
    from .model import Edge, Entity

class Dataset:
    """Validated entities (by id) and edges (in file order, each with a unique id)."""

    def __init__(self, entities: Iterable[Entity], edges: Iterable[Edge], *,
                 warnings: Iterable[Problem] = (), origin: str = "",
                 status: dict[str, str] | None = None):
        self.entities: dict[str, Entity] = {e.id: e for e in entities}
        self.edges: list[Edge] = list(edges)
        self.warnings: list[Problem] = list(warnings)
        #: Where the data came from (a directory), for messages and titles.
        self.origin = origin
        #: For a dated selection: edge id -> "yes" (in force) or "maybe" (cannot rule out).
        self.status: dict[str, str] = dict(status or {})
        #: A cache entry the entities and edges are built from on demand (see `from_store`).
        self._store: Store | None = None

    @classmethod
    def from_store(cls, store: Store, *, origin: str = "") -> Dataset:
        """A dataset over a cache entry: models are built when asked for (`lazy.py`), and
        questions read light records (`records.py`) and the entry's own indexes."""
        from .lazy import LazyEdges, LazyEntities

        dataset = cls((), (), warnings=[Problem(*row) for row in store.value("warnings")],
                      origin=origin, status=store.value("status"))
        dataset.entities = LazyEntities(store)  # type: ignore[assignment]
        dataset.edges = LazyEdges(store)  # type: ignore[assignment]
        dataset._store = store
        return dataset

    def __repr__(self) -> str:
        return f"<Dataset {len(self.entities)} entities, {len(self.edges)} edges>"

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

    def records_from(self, entity_id: str) -> Sequence[Edge]:
        """Records of the edges whose `from` is this entity."""
        return self._records("out", entity_id) if self._store else self.edges_from(entity_id)

    def records_to(self, entity_id: str) -> Sequence[Edge]:
        """Records of the edges whose `to` is this entity."""
        return self._records("in", entity_id) if self._store else self.edges_to(entity_id)

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

    def _records(self, index: str, entity_id: str) -> Sequence[Edge]:
        from .lazy import RecordList

        store = self._store
        number = store.entity_numbers.get(entity_id)
        return RecordList(store, "edges", store.group(index, number) if number is not None
                          else ())

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
               status: dict[str, str] | None = None) -> Dataset:
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
        """A MultiDiGraph keyed by edge id; dates as ISO strings, lists kept as lists."""
        import networkx as nx

        graph = nx.MultiDiGraph(name=self.origin or "orgmap")
        with collector_paused():
            for entity in self.entities.values():
                graph.add_node(entity.id, **entity_attributes(entity))
            status = self.status
            for edge in self.edges:
                attributes = edge_attributes(edge)
                if edge.id in status:
                    attributes["status"] = status[edge.id]
                graph.add_edge(edge.source, edge.target, key=edge.id, **attributes)
        return graph


def entity_attributes(entity: Entity) -> dict[str, Any]:
    """Node attributes: every set field, dates as text, citations as mappings."""
    data = entity.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data.pop("id", None)
    data["label"] = entity.name
    return data


def edge_attributes(edge: Edge) -> dict[str, Any]:
    """Edge attributes: every set field, dates as text, plus whether it is directed."""
    data = edge.model_dump(mode="json", exclude_none=True, exclude_defaults=True,
                           by_alias=False)
    data.pop("source", None)
    data.pop("target", None)
    data["id"] = edge.id
    data["directed"] = edge.directed
    return data


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a dataset is built, then freeze it.

    Loading allocates a few million objects and no reference cycles; left on, the
    collector re-scans the growing heap over and over, which took 40% of a cold
    load of 200,000 edges. Afterwards everything alive is moved to the collector's
    permanent generation (`gc.freeze`), which full collections skip: a loaded
    dataset is long-lived and acyclic, and at 200,000 edges each full collection
    that walked it took a second, striking whichever later query happened to
    trigger one. Frozen objects are still freed as soon as nothing refers to them;
    only cyclic garbage that already existed when loading finished is kept (call
    `gc.unfreeze()` to release it). Whether the collector runs is restored.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
