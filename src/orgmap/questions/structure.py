"""What an analyst means by "a role in the CAC": bodies with their sub-units and nameplates.

"The CAC" is one institution behind several names (nameplates) and with many
sub-units; a role in any of them is a role in the CAC. These derived indexes
answer that from the dataset's adjacency and are memoised per
Dataset (a Dataset is never mutated; selections make new ones), so a question
costs in proportion to the people it touches, not to the size of the data.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from ..data.dates import NO, PartialDate, Span, status_during
from ..errors import QueryProblem
from ..vocab import BODY_KINDS, PERSON, ROLE_TYPES

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ..data.dataset import Dataset, Ends
    from ..data.model import Edge, Entity

PART_OF = "part_of"
NAMEPLATE = "nameplate"
DOWN, UP, SAME = "down", "up", "same"


def _structure(dataset: Dataset) -> _Links:
    index = dataset.query_index
    if index.structure is None:
        index.structure = _Links(dataset)
    return index.structure


class _Links:
    """body id -> [(step, other body, edges, position)], each body's read when first asked
    for (the edge is `edges[position]`, decoded only when its dates are needed).

    A question follows the structure around a few bodies, so only their `part_of`
    and `nameplate` edges are read (on a dataset from the cache, picked out by the
    entry's indexes and their other ends read from its arrays, without decoding an
    edge), not every such edge in the data.
    """

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.found: dict[str, list[tuple[str, str, Sequence[Edge], int]]] = {}

    def get(self, body_id: str) -> list[tuple[str, str, Sequence[Edge], int]]:
        found = self.found.get(body_id)
        if found is None:
            found = self.found[body_id] = self._read(body_id)
        return found

    def _read(self, body_id: str) -> list[tuple[str, str, Sequence[Edge], int]]:
        links: list[tuple[str, str, Sequence[Edge], int]] = []
        for ends, along in ((self.dataset.ends_from(body_id, PART_OF, NAMEPLATE), UP),
                            (self.dataset.ends_to(body_id, PART_OF, NAMEPLATE), DOWN)):
            for position, (other, kind) in enumerate(zip(ends.other, ends.types,
                                                         strict=True)):
                links.append((along if kind == PART_OF else SAME, other, ends.edges,
                              position))
        return links


def expand(dataset: Dataset, body_id: str, at: PartialDate | None = None) -> frozenset[str]:
    """The body, its sub-units (transitively, via `part_of`) and its nameplates.

    Nameplates are followed both ways, and their sub-units count too: they are
    one institution. Structure is taken as recorded over all time; with `at`, a
    `part_of` or `nameplate` edge whose dates rule it out on that date is not
    followed (undated structure always is: it is rarely dated at all).
    """
    cache = dataset.query_index.within
    key = (body_id, at)
    if key not in cache:
        cache[key] = _closure(dataset, body_id, inward=True, at=at)
    return cache[key]


def containers(dataset: Dataset, body_id: str, at: PartialDate | None = None
               ) -> frozenset[str]:
    """Every body whose expansion includes this one: itself, its parents, their nameplates."""
    cache = dataset.query_index.around
    key = (body_id, at)
    if key not in cache:
        cache[key] = _closure(dataset, body_id, inward=False, at=at)
    return cache[key]


def _closure(dataset: Dataset, start: str, *, inward: bool, at: PartialDate | None
             ) -> frozenset[str]:
    """Follow nameplates both ways and part_of edges inward (to sub-units) or outward."""
    structure = _structure(dataset)
    wanted = (DOWN, SAME) if inward else (UP, SAME)
    seen = {start}
    queue = deque([start])
    while queue:
        for step, other, edges, position in structure.get(queue.popleft()):
            if step in wanted and other not in seen and (
                    at is None or status_during(span(dataset, edges[position]), at) != NO):
                seen.add(other)
                queue.append(other)
    return frozenset(seen)


def roles_in(dataset: Dataset, body_id: str) -> Sequence[Edge]:
    """`role` and `member` edges from people to exactly this body."""
    return _roles_to(dataset, body_id).edges


def roles_of(dataset: Dataset, person_id: str) -> Sequence[Edge]:
    """`role` and `member` edges from this person to any body."""
    return _roles_from(dataset, person_id).edges


def holders_in(dataset: Dataset, body_id: str) -> list[str]:
    """The people of `roles_in` (one per edge), told without decoding the edges."""
    return _roles_to(dataset, body_id).other


def bodies_of(dataset: Dataset, person_id: str) -> list[str]:
    """The bodies of `roles_of` (one per edge), told without decoding the edges."""
    return _roles_from(dataset, person_id).other


def _roles_to(dataset: Dataset, body_id: str) -> Ends:
    cache = dataset.query_index.roles_to
    found = cache.get(body_id)
    if found is None:
        ends = dataset.ends_to(body_id, *ROLE_TYPES)
        found = cache[body_id] = ends.take(
            n for n, person in enumerate(ends.other) if dataset.kind_of(person) == PERSON)
    return found


def _roles_from(dataset: Dataset, person_id: str) -> Ends:
    cache = dataset.query_index.roles_from
    found = cache.get(person_id)
    if found is None:
        ends = dataset.ends_from(person_id, *ROLE_TYPES)
        found = cache[person_id] = (ends if not ends.other
                                    or dataset.kind_of(person_id) == PERSON else ends.take(()))
    return found


def span(dataset: Dataset, edge: Edge) -> Span:
    """The edge's certain and possible intervals, computed once per dataset."""
    cache = dataset.query_index.spans
    found = cache.get(edge.id)
    if found is None:
        found = cache[edge.id] = edge.span
    return found


def resolve_all(dataset: Dataset, names: Iterable[str | Entity]) -> list[Entity]:
    """Entities for names or ids (each at most once, in the order given).

    Raises LookupProblem for an unknown or ambiguous name, as `Dataset.resolve`.
    """
    found: list[Entity] = []
    for name in names:
        entity = dataset.resolve_record(name) if isinstance(name, str) else name
        if entity.id not in {e.id for e in found}:
            found.append(entity)
    return found


def require_bodies(entities: Iterable[Entity]) -> None:
    """Raise QueryProblem unless every entity is an organization or event."""
    for entity in entities:
        if entity.kind not in BODY_KINDS:
            raise QueryProblem(
                f"'{entity.id}' ({entity.name}) is a {entity.kind}, not a body; roles are held "
                "in organizations and events"
            )
