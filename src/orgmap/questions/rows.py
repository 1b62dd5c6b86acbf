"""How one edge reads in a query table: its role, dates and citations as short text.

Every query shows the same facts the same way, so a reader who learns that
`2018/..` means "from 2018, end unknown" in one table can read them all.
Dates follow the EDTF interval style (`2018/2022`, `../2022`, `2018/..`); a
bound on the end reads `ended by 2021-11`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..data.dates import period_text
from ..vocab import RELATIONS

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Edge

#: Separates the roles of one person in one body within a table cell.
ROLE_SEPARATOR = " | "


def role_text(edge: Edge) -> str:
    """'Director / 主任' from the English and Chinese titles, whichever are known."""
    return " / ".join(x for x in (edge.role, edge.role_zh) if x)


def dates_text(edge: Edge) -> str:
    """'2018/2022', '2018/..', '../2022', 'ended by 2021-11', 'as of 2021-11', combined;
    '' when undated (`dates.period_text`, the one way orgmap prints when something held)."""
    return period_text(edge.start, edge.end, edge.as_of, edge.ended_by)


def sources_text(edge: Edge) -> str:
    """Citations as 'doc-id, locator' separated by '; '."""
    return "; ".join(str(c) for c in edge.sources)


def relation_text(edge: Edge, from_id: str) -> str:
    """The relation's label read from `from_id`'s side: 'holds role in' or 'has role holder'."""
    relation = RELATIONS[edge.type]
    return relation.label if edge.source == from_id or not edge.directed \
        else relation.inverse_label


def edge_row(dataset: Dataset, edge: Edge, from_id: str | None = None) -> dict[str, Any]:
    """One edge as a row: both ends with ids, type, role, dates and citations.

    Read from `from_id`'s side when given (a step of a path may walk an edge
    backwards), else in the edge's own direction.
    """
    here = from_id or edge.source
    there = edge.other_end(here)
    return {
        "from_id": here,
        "from": dataset.entity_record(here).name,
        "relation": relation_text(edge, here),
        "to_id": there,
        "to": dataset.entity_record(there).name,
        "role": role_text(edge),
        **date_columns(edge),
        "sources": sources_text(edge),
        "type": edge.type,
        "edge_id": edge.id,
    }


def seen_from(dataset: Dataset, edge: Edge, entity_id: str) -> dict[str, Any]:
    """One relation of `entity_id` read from its side: the relation, the other end (id and
    label), role, dates, citations, type and edge id. The tables about one entity (its
    timeline, `orgmap show`) add their own columns and choose the order."""
    other_id = edge.other_end(entity_id)
    return {
        "relation": relation_text(edge, entity_id),
        "other_id": other_id,
        "other": dataset.entity_record(other_id).label,
        "role": role_text(edge),
        **date_columns(edge),
        "sources": sources_text(edge),
        "type": edge.type,
        "edge_id": edge.id,
    }


def date_columns(edge: Edge) -> dict[str, str]:
    """start, end, ended_by and as_of as text, for tables where machines read the dates."""
    return {"start": str(edge.start or ""), "end": str(edge.end or ""),
            "ended_by": str(edge.ended_by or ""), "as_of": "; ".join(map(str, edge.as_of))}


#: The date columns of every table of edges, in order.
DATE_COLUMNS = ["start", "end", "ended_by", "as_of"]
EDGE_COLUMNS = ["from_id", "from", "relation", "to_id", "to", "role", *DATE_COLUMNS,
                "sources", "type", "edge_id"]
