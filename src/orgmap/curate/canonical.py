"""The canonical form of one item: key order, block style, years as text.

Key order is the order of the fields in the models (and of the tables in
docs/data-format.md), so that a field added to a model takes its place in
every formatted file without a second list to keep in step.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .comments import Collection, attach_following, reorder, to_block_style, trailing_slot

ENTITIES = "entities"
EDGES = "edges"


def field_order(model: Any) -> list[str]:
    """A model's YAML keys (aliases such as `from`) in declaration order."""
    return [info.alias or name for name, info in model.model_fields.items()]


def key_orders() -> dict[str, list[str]]:
    from ..data.model import Citation, Edge, Entity

    return {ENTITIES: field_order(Entity), EDGES: field_order(Edge),
            "citation": field_order(Citation)}


def _ordered(order: list[str]):
    rank = {name: i for i, name in enumerate(order)}

    def sort(keys: list[Hashable]) -> list[Hashable]:
        return sorted(keys, key=lambda k: (rank.get(str(k), len(rank)), keys.index(k)))

    return sort


def canonical_items(items: CommentedSeq, what: str) -> None:
    """Put every item of a file (entities or edges) in canonical form, in place."""
    orders = key_orders()
    item_order = _ordered(orders[what])
    citation_order = _ordered(orders["citation"])
    if items.fa.flow_style():
        items.fa.set_block_style()
    for index in range(len(items)):
        to_block_style(items, index)
        item = items[index]
        if not isinstance(item, CommentedMap):
            continue
        _years_as_text(item)
        for citation in item.get("sources") or ():
            if isinstance(citation, CommentedMap):
                attach_following((citation, next(iter(citation))),
                                 reorder(citation, citation_order))
        above = reorder(item, item_order)
        if above:
            _put_above_item(items, index, above)


def _put_above_item(items: CommentedSeq, index: int, lines: str) -> None:
    """Comment lines that were above a key now first in its item go above the item."""
    lines = "".join(line.lstrip(" ") for line in lines.splitlines(keepends=True))
    if index:
        attach_following(trailing_slot(items, index - 1), lines)
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not items.ca.comment or not items.ca.comment[1]:
        lines = lines.lstrip("\n")  # no blank line at the top of a file
    if not items.ca.comment:
        items.ca.comment = [None, []]
    if items.ca.comment[1] is None:
        items.ca.comment[1] = []
    items.ca.comment[1].append(CommentToken(lines, CommentMark(0)))


def _years_as_text(node: Collection) -> None:
    """A bare year (`start: 2014`) reads as a number in YAML; orgmap reads it as a year.
    Validated items hold numbers only in date fields, so every number here is a year,
    written as text (`"2014"`) for readers in any language."""
    keys = list(node) if isinstance(node, CommentedMap) else range(len(node))
    for key in keys:
        value = node[key]
        if isinstance(value, int) and not isinstance(value, bool):
            node[key] = str(int(value))
        elif isinstance(value, Collection):
            _years_as_text(value)


def sort_items(items: CommentedSeq, what: str) -> None:
    """`fmt --sort`: entities by id, edges by from, to, type and start."""
    def sort_key(i: int) -> tuple:
        item = items[i]
        if not isinstance(item, CommentedMap):
            return ("",)
        if what == ENTITIES:
            return (str(item.get("id", "")),)
        return tuple(str(item.get(k) or "") for k in ("from", "to", "type", "start"))

    above = reorder(items, lambda keys: sorted(keys, key=sort_key))
    if above and len(items):
        _put_above_item(items, 0, above)
