"""Paths: the shortest chains of relationships linking two entities.

"How is this company's founder linked to the CAC?" is answered by the
shortest chains, each step shown with its relation, role, dates and source so
the analyst can check every link. Relations are followed in either direction.

The search is a bidirectional breadth-first search over the dataset's
dict-based adjacency, always growing the side with the smaller frontier, so a
question about two nearby entities touches only their neighbourhoods, not the
whole graph; no networkx graph is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..errors import QueryProblem
from ..vocab import check_types
from .rows import EDGE_COLUMNS, edge_row
from .structure import resolve_all
from .table import Table

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity

PATH_COLUMNS = ["chain", "step", *EDGE_COLUMNS]

#: One side of the search: entity id -> distance, and -> [(edge, neighbour one step closer)].
_Side = tuple[dict[str, int], dict[str, list[tuple["Edge", str]]]]
_Step = tuple[str, "Edge", str]


def path(dataset: Dataset, start: str | Entity, goal: str | Entity, *, max_chains: int = 5,
         via: Iterable[str] = ()) -> pd.DataFrame:
    """Up to `max_chains` shortest chains from `start` to `goal`, one row per step.

    Chains are sequences of edges: two parallel edges (a role and a membership,
    say) make two chains. `via` restricts the relation types followed (all when
    empty). No rows when the two are not connected.
    """
    return path_table(dataset, start, goal, max_chains=max_chains, via=via).frame()


def path_table(dataset: Dataset, start: str | Entity, goal: str | Entity, *,
               max_chains: int = 5, via: Iterable[str] = ()) -> Table:
    """`path` as plain rows (see `table.py`)."""
    first = resolve_all(dataset, [start])[0]
    last = resolve_all(dataset, [goal])[0]
    if first.id == last.id:
        raise QueryProblem("a path needs two different entities")
    if max_chains < 1:
        raise QueryProblem("--max must be at least 1")
    allowed = check_types(via)
    rows: list[dict[str, Any]] = []
    for number, chain in enumerate(_chains(dataset, first.id, last.id, allowed), start=1):
        rows += [_step_row(dataset, number, index, step) for index, step in enumerate(chain, 1)]
        if number == max_chains:
            break
    return Table(PATH_COLUMNS, rows)


def _chains(dataset: Dataset, start: str, goal: str, allowed: frozenset[str]
            ) -> Iterator[list[_Step]]:
    """Every shortest chain, lazily, in a stable order."""
    from_start: _Side = ({start: 0}, {start: []})
    from_goal: _Side = ({goal: 0}, {goal: []})
    fronts = ([start], [goal])
    while fronts[0] and fronts[1]:
        grow_start = _load(dataset, fronts[0]) <= _load(dataset, fronts[1])
        side, other = (from_start, from_goal) if grow_start else (from_goal, from_start)
        front = _grow(dataset, fronts[0] if grow_start else fronts[1], side, allowed)
        fronts = (front, fronts[1]) if grow_start else (fronts[0], front)
        meeting = [v for v in front if v in other[0]]
        if meeting:
            length = min(from_start[0][v] + from_goal[0][v] for v in meeting)
            for middle in meeting:
                if from_start[0][middle] + from_goal[0][middle] == length:
                    for head in _walk_back(middle, from_start[1]):
                        for tail in _walk_back(middle, from_goal[1]):
                            yield head + [(b, e, a) for a, e, b in reversed(tail)]
            return


def _load(dataset: Dataset, front: list[str]) -> int:
    """The number of edges growing this frontier would examine."""
    return sum(len(dataset.records_from(v)) + len(dataset.records_to(v)) for v in front)


def _grow(dataset: Dataset, front: list[str], side: _Side, allowed: frozenset[str]) -> list[str]:
    """Extend one side by a whole layer, recording every way into each new entity."""
    distance, back = side
    layer: list[str] = []
    for entity_id in front:
        step = distance[entity_id] + 1
        for edge in (*dataset.records_from(entity_id), *dataset.records_to(entity_id)):
            if allowed and edge.type not in allowed:
                continue
            other = edge.other_end(entity_id)
            if other not in distance:
                distance[other] = step
                back[other] = [(edge, entity_id)]
                layer.append(other)
            elif distance[other] == step:
                back[other].append((edge, entity_id))
    return layer


def _walk_back(entity_id: str, back: dict[str, list[tuple[Edge, str]]]
               ) -> Iterator[list[_Step]]:
    """Every chain from the side's origin to `entity_id`, as (from, edge, to) steps."""
    if not back[entity_id]:
        yield []
        return
    for edge, previous in back[entity_id]:
        for head in _walk_back(previous, back):
            yield [*head, (previous, edge, entity_id)]


def _step_row(dataset: Dataset, chain: int, index: int, step: _Step) -> dict[str, Any]:
    here, edge, _ = step
    return {"chain": chain, "step": index, **edge_row(dataset, edge, here)}
