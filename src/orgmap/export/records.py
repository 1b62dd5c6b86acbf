"""Entities and relations as database records: the attribute table without its drawing.

The database formats (Cypher, the neo4j-admin CSV pair, SQLite) carry the same
facts under the same names as GraphML and the CSV pair, minus what only a
drawing needs (label, colour, size, weight). Lists stay lists; a missing value
is left out, as everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .attributes import (
    Columns,
    Value,
    edge_columns,
    node_columns,
    ordered_edges,
    ordered_entities,
    rows_of,
)

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity

#: Attributes that describe a drawing rather than the network.
DRAWING = frozenset({"label", "color", "r", "g", "b", "size", "weight"})


def entity_record(entity: Entity) -> dict[str, Value]:
    """`id` then the entity's attributes, drawing attributes left out."""
    return _entity_rows([entity])[0]


def edge_record(dataset: Dataset, edge: Edge) -> dict[str, Value]:
    """`id` then the edge's attributes (with `status` on a dated selection), drawing
    attributes left out. Source and target are the relation's ends, not properties."""
    return _edge_rows(dataset, [edge])[0]


def entity_records(dataset: Dataset) -> list[tuple[Entity, dict[str, Value]]]:
    """Every entity in id order with its `entity_record`, made a column at a time."""
    entities = ordered_entities(dataset)
    return list(zip(entities, _entity_rows(entities), strict=True))


def edge_records(dataset: Dataset) -> list[tuple[Edge, dict[str, Value]]]:
    """Every edge in id order with its `edge_record`, made a column at a time."""
    edges = ordered_edges(dataset)
    return list(zip(edges, _edge_rows(dataset, edges), strict=True))


def _entity_rows(entities: Sequence[Entity]) -> list[dict[str, Value]]:
    return rows_of({"id": [e.id for e in entities], **_network(node_columns(entities))})


def _edge_rows(dataset: Dataset, edges: Sequence[Edge]) -> list[dict[str, Value]]:
    columns = _network(edge_columns(edges, dataset.status))
    return rows_of({"id": [e.id or "" for e in edges], **columns})


def _network(columns: Columns) -> Columns:
    return {name: column for name, column in columns.items() if name not in DRAWING}
