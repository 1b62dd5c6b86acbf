"""Ego networks and snapshots: parts of the graph as tables.

The subgraphs themselves come from `data/selection.py` (`ego_dataset`,
`at_date`, or `select` for both at once), which render and
export use too; these functions only lay a selection out as a table, so what
a researcher reads here is exactly what they would draw or export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..data.dates import PartialDate, Status, as_period, sort_key
from ..data.selection import neighbourhood, select
from ..errors import QueryProblem
from .rows import EDGE_COLUMNS, edge_row, relation_text, role_text
from .structure import resolve_all

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity

EGO_COLUMNS = ["distance", "entity_id", "entity", "kind", "category", "via_id", "via",
               "relation", "role"]
SNAPSHOT_COLUMNS = ["status", *EDGE_COLUMNS]


def ego_subgraph(dataset: Dataset, entity: str | Entity, depth: int = 1, *,
                 at: PartialDate | str | None = None) -> Dataset:
    """The entity, everything within `depth` steps and the edges among them (optionally
    as they stood during `at`), as a Dataset ready for render and export."""
    focus = resolve_all(dataset, [entity])[0]
    if depth < 0:
        raise QueryProblem("--depth must be 0 or more")
    when = as_period(at)
    chosen = select(dataset, focus=focus.id, depth=depth, at=when)
    if focus.id not in chosen.entities:
        raise QueryProblem(f"'{focus.id}' did not exist during {when}, by its own dates")
    return chosen


def ego(dataset: Dataset, entity: str | Entity, depth: int = 1, *,
        at: PartialDate | str | None = None) -> pd.DataFrame:
    """Everything within `depth` steps of the entity, nearest first, one row per entity.

    `via_id`/`via` name the entities one step nearer that it is linked to, and
    `relation`/`role` say how (read from the nearer side: "CAC has role holder
    ...").
    """
    import pandas as pd

    sub = ego_subgraph(dataset, entity, depth, at=at)
    focus = resolve_all(dataset, [entity])[0].id
    distance = neighbourhood(sub, focus, depth)
    rows = []
    for entity_id, steps in distance.items():
        if steps == 0:
            continue
        links = [e for e in sub.relations(entity_id)
                 if distance.get(e.other_end(entity_id)) == steps - 1]
        links.sort(key=lambda e: (sort_key(e.start, e.end, e.as_of, e.ended_by), e.id))
        rows.append(_ego_row(sub, entity_id, steps, links))
    rows.sort(key=lambda r: (r["distance"], r["kind"], r["entity"], r["entity_id"]))
    return pd.DataFrame(rows, columns=EGO_COLUMNS)


def _ego_row(dataset: Dataset, entity_id: str, steps: int, links: list[Edge]) -> dict[str, Any]:
    entity = dataset.entities[entity_id]
    nearer = [e.other_end(entity_id) for e in links]
    return {
        "distance": steps,
        "entity_id": entity_id,
        "entity": entity.label,
        "kind": entity.kind,
        "category": entity.category or "",
        "via_id": "; ".join(nearer),
        "via": "; ".join(dataset.entities[n].name for n in nearer),
        "relation": "; ".join(relation_text(e, n) for e, n in zip(links, nearer, strict=True)),
        "role": "; ".join(role_text(e) for e in links),
    }


def edges_table(dataset: Dataset) -> pd.DataFrame:
    """Every edge of a (selected) dataset, with its status when the selection was dated."""
    import pandas as pd

    rows = [{"status": _status_word(dataset.status.get(edge.id)),
             **edge_row(dataset, edge)} for edge in dataset.edges]
    return pd.DataFrame(rows, columns=SNAPSHOT_COLUMNS)


def snapshot(dataset: Dataset, at: PartialDate | str, *, possible: bool = True) -> pd.DataFrame:
    """The edges in force during `at`, each "confirmed" or "possible" (only confirmed ones
    when `possible` is false). Entities whose own dates rule them out drop with their edges.

    The same selection as a Dataset, for render and export, is `data.selection.at_date`.
    """
    when = as_period(at)
    if when is None:
        raise QueryProblem("a snapshot needs a date")
    frame = edges_table(select(dataset, at=when))
    if not possible:
        frame = frame[frame["status"] == Status.YES.word].reset_index(drop=True)
    return frame


def _status_word(status: str | None) -> str:
    """'confirmed' or 'possible' on a dated selection; empty when there is no date."""
    return Status(status).word if status else ""
