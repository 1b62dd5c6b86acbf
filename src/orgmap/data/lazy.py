"""A dataset's entities and edges as read from a cache entry: models built when asked for.

`LazyEntities` is a mapping and `LazyEdges` a sequence, so `dataset.entities[id]`
and `dataset.edges[i]` work as on a freshly validated dataset and return the
same pydantic models; each is built the first time it is asked for (and
pydantic imported then), so a command that reads three entities builds three.
Iterating over all of them builds all of them, as validating would have.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    from .entry import Store
    from .model import Edge, Entity


class LazyEntities(Mapping[str, "Entity"]):
    """Entities by id, in file order, each built on first access."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getitem__(self, entity_id: str) -> Entity:
        number = self._store.entity_numbers[entity_id]  # KeyError for an unknown id
        return self._store.model("entities", number)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._store.entity_numbers

    def __iter__(self) -> Iterator[str]:
        return iter(self._store.entity_ids)

    def values(self) -> list[Entity]:  # type: ignore[override]
        """Every entity, in file order (all built at once)."""
        return self._store.models("entities")

    def items(self) -> list[tuple[str, Entity]]:  # type: ignore[override]
        return list(zip(self._store.entity_ids, self.values(), strict=True))

    def __len__(self) -> int:
        return self._store.count("entities")

    def __repr__(self) -> str:
        return f"<{len(self)} entities, built on demand>"


class LazyEdges(Sequence["Edge"]):
    """Edges in file order, each built on first access."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @overload
    def __getitem__(self, index: int) -> Edge: ...

    @overload
    def __getitem__(self, index: slice) -> list[Edge]: ...

    def __getitem__(self, index: int | slice) -> Any:
        count = len(self)
        if isinstance(index, slice):
            return [self._store.model("edges", n) for n in range(*index.indices(count))]
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("edge index out of range")
        return self._store.model("edges", index)

    def __iter__(self) -> Iterator[Edge]:
        return iter(self._store.models("edges"))

    def __len__(self) -> int:
        return self._store.count("edges")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                        strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so unhashable like one

    def __repr__(self) -> str:
        return f"<{len(self)} edges, built on demand>"


class RecordList(Sequence[Any]):
    """Some rows of a table (e.g. the edges out of one entity) as records, built when read.

    Its length costs nothing, so a question can weigh a body's relations
    without reading them.
    """

    def __init__(self, store: Store, table: str, numbers: Sequence[int]) -> None:
        self._store, self._table, self._numbers = store, table, numbers

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._store.record(self._table, n) for n in self._numbers[index]]
        return self._store.record(self._table, self._numbers[index])

    def __iter__(self) -> Iterator[Any]:
        record, table = self._store.record, self._table
        return (record(table, n) for n in self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)

    def take(self, positions: Iterable[int]) -> RecordList:
        """The rows at these positions of this list, still built when read."""
        numbers = self._numbers
        return RecordList(self._store, self._table, [numbers[n] for n in positions])

    def __add__(self, other: Sequence[Any]) -> list[Any]:
        return [*self, *other]
