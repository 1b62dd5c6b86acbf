"""A person's or a body's relations in date order: who held which role when."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..data.dates import sort_key
from ..vocab import RELATIONS, check_types
from .rows import DATE_COLUMNS, seen_from
from .structure import expand, resolve_all
from .table import Table

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity



TIMELINE_COLUMNS = [*DATE_COLUMNS, "entity_id", "entity", "relation", "other_id",
                    "other", "role", "sources", "type", "edge_id"]


def timeline(dataset: Dataset, entity: str | Entity, *, units: bool = False,
             types: Iterable[str] = ()) -> pd.DataFrame:
    """Every relation of a person or body in date order, undated ones last.

    For a body this says who held which role when. With `units`, a body's
    sub-units and nameplates are included and `entity_id` names the exact body.
    `types` keeps only those relation types (all when empty).
    """
    return timeline_table(dataset, entity, units=units, types=types).frame()


def timeline_table(dataset: Dataset, entity: str | Entity, *, units: bool = False,
                   types: Iterable[str] = ()) -> Table:
    """`timeline` as plain rows (see `table.py`)."""
    subject = resolve_all(dataset, [entity])[0]
    wanted = check_types(types)
    scope = expand(dataset, subject.id) if units else frozenset({subject.id})
    seen: dict[str, tuple[Edge, str]] = {}
    for member in sorted(scope):
        for edge in dataset.record_relations(member):
            if edge.id not in seen and (not wanted or edge.type in wanted):
                seen[edge.id] = (edge, member)
    order = {name: i for i, name in enumerate(RELATIONS)}
    keyed = []
    for edge_id, (edge, member) in seen.items():
        row = _timeline_row(dataset, edge, member)
        when = sort_key(edge.start, edge.end, edge.as_of, edge.ended_by)
        keyed.append(((when, edge.end.first if edge.end else 0, order[edge.type], row["other"],
                       edge_id), row))
    keyed.sort(key=lambda pair: pair[0])
    return Table(TIMELINE_COLUMNS, [row for _, row in keyed])


def _timeline_row(dataset: Dataset, edge: Edge, member: str) -> dict[str, Any]:
    return {"entity_id": member, "entity": dataset.entity_record(member).name,
            **seen_from(dataset, edge, member)}
