"""Describe the data: one entity's profile and relations, text search, statistics.

These back `orgmap show`, `orgmap search` and `orgmap stats`; like the queries
they take a Dataset and return plain data or DataFrames.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ..data.dates import sort_key
from ..data.records import profile_of
from ..errors import fold
from ..style import category_colour, category_label
from ..vocab import KINDS, RELATIONS
from .rows import DATE_COLUMNS, seen_from
from .table import Table

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity


def profile(entity: Entity) -> dict[str, Any]:
    """The entity's own fields, dates as text, in a stable order."""
    return profile_of(entity)


def relation_row(dataset: Dataset, entity_id: str, edge: Edge) -> dict[str, Any]:
    """One relation of `entity_id` seen from its side: the other end, role, dates, sources."""
    return {**seen_from(dataset, edge, entity_id), "note": edge.note or ""}


def relations_frame(dataset: Dataset, entity: Entity) -> pd.DataFrame:
    """Every relation in and out of `entity`, grouped by relation and sorted by date."""
    return relations_table(dataset, entity).frame()


def relations_table(dataset: Dataset, entity: Entity) -> Table:
    """`relations_frame` as plain rows (see `table.py`)."""
    order = {name: i for i, name in enumerate(RELATIONS)}
    edges = sorted(
        dataset.record_relations(entity.id),
        key=lambda e: (order[e.type], e.source != entity.id,
                       sort_key(e.start, e.end, e.as_of, e.ended_by), e.id),
    )
    columns = ["relation", "type", "other_id", "other", "role", *DATE_COLUMNS,
               "sources", "note", "edge_id"]
    return Table(columns, [relation_row(dataset, entity.id, e) for e in edges])


def search(dataset: Dataset, text: str) -> pd.DataFrame:
    """Entities whose id, names, aliases or description contain `text`, best matches first."""
    import pandas as pd

    needle = fold(text)
    rows = []
    for entity in dataset.entities.values():
        fields = {"id": entity.id, "name": entity.name, "name_zh": entity.name_zh or "",
                  "alias": "; ".join(entity.aliases), "description": entity.description or ""}
        matched = [f for f, value in fields.items() if needle in fold(value)]
        if not matched:
            continue
        exact = any(fold(v) == needle for v in (entity.id, entity.name, entity.name_zh or "",
                                                 *entity.aliases))
        rows.append({"id": entity.id, "kind": entity.kind, "name": entity.name,
                     "name_zh": entity.name_zh or "", "category": entity.category or "",
                     "matched": ", ".join(matched), "_rank": (not exact, matched[0] ==
                                                              "description", entity.name)})
    rows.sort(key=lambda r: r["_rank"])
    columns = ["id", "kind", "name", "name_zh", "category", "matched"]
    return pd.DataFrame([{k: r[k] for k in columns} for r in rows], columns=columns)


def stats(dataset: Dataset, *, top: int = 10) -> dict[str, pd.DataFrame]:
    """Counts by kind, category (with colours) and type; unsourced edges; most connected."""
    import pandas as pd

    entities = dataset.entities.values()
    kinds = Counter(e.kind for e in entities)
    categories = Counter(e.category or "" for e in entities)
    types = Counter(e.type for e in dataset.edges)
    degree = Counter()
    for edge in dataset.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    unsourced = [e for e in dataset.edges if not e.sources]
    return {
        "kinds": pd.DataFrame(
            [{"kind": k, "entities": kinds.get(k, 0)} for k in KINDS if kinds.get(k)]),
        "categories": pd.DataFrame(
            [{"category": c, "label": category_label(c), "colour": category_colour(c),
              "entities": n} for c, n in sorted(categories.items(), key=lambda x: (-x[1], x[0]))]),
        "relation_types": pd.DataFrame(
            [{"type": t, "edges": types.get(t, 0)} for t in RELATIONS if types.get(t)]),
        "unsourced_edges": pd.DataFrame(
            [{"edge_id": e.id, "from_id": e.source, "to_id": e.target, "type": e.type}
             for e in unsourced], columns=["edge_id", "from_id", "to_id", "type"]),
        "most_connected": pd.DataFrame(
            [{"id": i, "name": dataset.entities[i].name, "kind": dataset.entities[i].kind,
              "relations": n}
             for i, n in sorted(degree.items(), key=lambda x: (-x[1], x[0]))[:top]],
            columns=["id", "name", "kind", "relations"]),
    }
