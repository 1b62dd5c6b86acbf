"""Choose part of a dataset: a date, categories, kinds, a focus and its neighbourhood.

Render, export and the queries all accept the same selections, so a user can
export exactly the subgraph they looked at. Every function returns a new
Dataset and never mutates the one it was given.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .dates import NO, PartialDate, Status, status_during

if TYPE_CHECKING:
    from .dataset import Dataset

DOCUMENT_KIND = "document"


def at_date(dataset: Dataset, when: PartialDate) -> Dataset:
    """The network as it stood during `when`.

    Edges certainly not in force are dropped; those the data cannot rule out are
    kept and flagged "maybe" in `Dataset.status` ("yes" for confirmed ones).
    Entities whose own start/end rule them out are dropped with their edges.
    """
    alive = [
        e.id for e in dataset.entities.values()
        if status_during(e.span, when) != NO
    ]
    status: dict[str, Status] = {}
    for edge in dataset.edges:
        answer = status_during(edge.span, when)
        if answer != NO:
            status[edge.id] = answer
    return dataset.subset(alive, keep_edge=lambda e: e.id in status, status=status)


def by_attributes(dataset: Dataset, *, categories: Iterable[str] = (),
                  kinds: Iterable[str] = (), hide_documents: bool = False,
                  keep: Iterable[str] = ()) -> Dataset:
    """Only entities of the given categories and kinds (all when empty); `keep` always stays."""
    wanted_categories, wanted_kinds, always = set(categories), set(kinds), set(keep)
    chosen = [
        e.id for e in dataset.entities.values()
        if e.id in always or (
            (not wanted_categories or (e.category or "") in wanted_categories)
            and (not wanted_kinds or e.kind in wanted_kinds)
            and not (hide_documents and e.kind == DOCUMENT_KIND)
        )
    ]
    return dataset.subset(chosen)


def neighbourhood(dataset: Dataset, focus: str, depth: int = 1) -> dict[str, int]:
    """Entity id -> distance from `focus`, following edges either way, up to `depth` steps."""
    distance = {focus: 0}
    frontier = [focus]
    for step in range(1, depth + 1):
        next_frontier = []
        for entity_id in frontier:
            for edge in dataset.relations(entity_id):
                other = edge.other_end(entity_id)
                if other not in distance:
                    distance[other] = step
                    next_frontier.append(other)
        frontier = next_frontier
    return distance


def ego_dataset(dataset: Dataset, focus: str, depth: int = 1) -> Dataset:
    """The focus entity, everything within `depth` steps, and the edges among them."""
    return dataset.subset(neighbourhood(dataset, focus, depth))


def check_categories(dataset: Dataset, categories: Iterable[str]) -> None:
    """QueryProblem listing the data's categories when one asked for is not among them:
    a misspelt category would otherwise quietly select nothing."""
    from ..errors import QueryProblem

    known = {e.category for e in dataset.entities.values() if e.category}
    missing = sorted(set(categories) - known)
    if missing:
        raise QueryProblem(f"no entity has category '{missing[0]}'; the data has: "
                           + ", ".join(sorted(known)))


def select(dataset: Dataset, *, focus: str | None = None, depth: int = 1,
           at: PartialDate | None = None, categories: Iterable[str] = (),
           kinds: Iterable[str] = (), hide_documents: bool = False) -> Dataset:
    """Apply the common selections in a fixed order: date, attributes, then focus.

    `focus` must be an entity id (resolve user input with Dataset.resolve first);
    it survives the attribute filters so its neighbourhood is never empty.
    """
    chosen = dataset
    if at is not None:
        chosen = at_date(chosen, at)
    categories, kinds = tuple(categories), tuple(kinds)
    if categories or kinds or hide_documents:
        chosen = by_attributes(chosen, categories=categories, kinds=kinds,
                               hide_documents=hide_documents,
                               keep=[focus] if focus else [])
    if focus is not None:
        chosen = ego_dataset(chosen, focus, depth)
    return chosen

