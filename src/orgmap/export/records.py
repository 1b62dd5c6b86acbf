"""Entities and relations as database records: the attribute table without its drawing.

The database formats (Cypher, the neo4j-admin CSV pair, SQLite) carry the same
facts under the same names as GraphML and the CSV pair, minus what only a
drawing needs (label, colour, size, weight). Lists stay lists; a missing value
is left out, as everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .attributes import Value, edge_attributes, node_attributes, ordered_edges, ordered_entities

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity

#: Attributes that describe a drawing rather than the network.
DRAWING = frozenset({"label", "color", "r", "g", "b", "size", "weight"})


def entity_record(entity: Entity) -> dict[str, Value]:
    """`id` then the entity's attributes, drawing attributes left out."""
    values = node_attributes(entity)
    return {"id": entity.id, **{k: v for k, v in values.items() if k not in DRAWING}}


def edge_record(dataset: Dataset, edge: Edge) -> dict[str, Value]:
    """`id` then the edge's attributes (with `status` on a dated selection), drawing
    attributes left out. Source and target are the relation's ends, not properties."""
    values = edge_attributes(edge, dataset.status.get(edge.id or ""))
    return {"id": edge.id or "", **{k: v for k, v in values.items() if k not in DRAWING}}


def entity_records(dataset: Dataset) -> list[tuple[Entity, dict[str, Value]]]:
    return [(entity, entity_record(entity)) for entity in ordered_entities(dataset)]


def edge_records(dataset: Dataset) -> list[tuple[Edge, dict[str, Value]]]:
    return [(edge, edge_record(dataset, edge)) for edge in ordered_edges(dataset)]
