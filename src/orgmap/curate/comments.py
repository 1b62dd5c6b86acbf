"""Move the comments and blank lines that ruamel.yaml attaches to the wrong node.

ruamel.yaml keeps whatever follows a value, up to the next key or item, in one
comment token after that value: its end-of-line comment, then the blank lines
and comment lines below it. Those lines belong to what comes *next*: the
section heading above an item, the note above a key. Reordering keys or items
naively would leave them behind. So each token is split into the part that
stays (the end-of-line comment) and the part that travels with the next entry,
and reattached after reordering. The token after a value sits on the last
scalar inside it (a nested list's last citation), hence `trailing_slot`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

Collection = CommentedMap | CommentedSeq
Slot = tuple[Collection, Hashable]


def is_block(value: Any) -> bool:
    """A non-empty collection written one entry per line."""
    return isinstance(value, Collection) and len(value) > 0 and not value.fa.flow_style()


def last_key(node: Collection) -> Hashable:
    return next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1


def trailing_slot(container: Collection, key: Hashable) -> Slot:
    """Where the comment token after `container[key]` lives: on its last scalar."""
    value = container[key]
    while is_block(value):
        container, key = value, last_key(value)
        value = container[key]
    return container, key


def _index(container: Collection) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def get_token(slot: Slot) -> CommentToken | None:
    container, key = slot
    entry = container.ca.items.get(key)
    index = _index(container)
    return entry[index] if entry and len(entry) > index else None


def set_token(slot: Slot, token: CommentToken | None) -> None:
    container, key = slot
    index = _index(container)
    entry = container.ca.items.setdefault(key, [None] * (4 if index == 2 else 2))
    entry[index] = token
    if not any(entry):
        del container.ca.items[key]


def _ends_own_line(slot: Slot) -> bool:
    """A `|` or `>` block ends with its own line break: no end-of-line comment follows it,
    and the token holds only the lines below."""
    container, key = slot
    return isinstance(container[key], LiteralScalarString | FoldedScalarString)


def split(slot: Slot) -> tuple[str, str]:
    """(end-of-line comment, the lines below it) of the token after `slot`'s value."""
    token = get_token(slot)
    if token is None:
        return "", ""
    if _ends_own_line(slot):
        return "", token.value
    eol, _, rest = token.value.partition("\n")
    return eol, rest


def detach_following(slot: Slot) -> str:
    """Take the blank and comment lines below the value at `slot`; keep its own comment."""
    eol, rest = split(slot)
    if rest:
        set_token(slot, _token(slot, eol, "") if eol else None)
    return rest


def attach_following(slot: Slot, lines: str, eol_extra: str = "") -> None:
    """Put blank and comment lines (and maybe an end-of-line comment) below `slot`'s value."""
    if not lines and not eol_extra:
        return
    eol, rest = split(slot)
    if eol_extra and _ends_own_line(slot):
        lines = f"{eol_extra}\n{lines}"
    elif eol_extra:
        eol = f"{eol} {eol_extra}" if eol else eol_extra
    set_token(slot, _token(slot, eol, rest + lines))


def _token(slot: Slot, eol: str, rest: str) -> CommentToken:
    like = get_token(slot)
    value = rest if _ends_own_line(slot) else f"{eol}\n{rest}"
    if like is not None:
        like.value = value
        return like
    return CommentToken(value, CommentMark(0))


def reorder(container: Collection, order: Callable[[list[Hashable]], list[Hashable]]) -> str:
    """Put the entries of `container` in `order(keys)`, each keeping the comment lines
    above it and its own end-of-line comment; what followed the last entry stays last.

    Returns the lines that were above an entry that is now first: inside a mapping
    they have no place of their own (the caller puts them above the whole item).
    """
    keys = list(container) if isinstance(container, CommentedMap) else list(range(len(container)))
    new = order(keys)
    if new == keys:
        return ""
    above: dict[Hashable, str] = {}
    for key, following in zip(keys, keys[1:] + [None], strict=True):
        above[following] = detach_following(trailing_slot(container, key))
    if isinstance(container, CommentedMap):
        for key in new:
            container.move_to_end(key)
    else:
        _reorder_list(container, new)
        keys = list(range(len(container)))
        above = {new.index(k) if k is not None else None: v for k, v in above.items()}
        new = keys
    for key, following in zip(new, new[1:] + [None], strict=True):
        attach_following(trailing_slot(container, key), above.get(following, ""))
    return above.get(new[0], "")


def _reorder_list(items: CommentedSeq, new: list[Hashable]) -> None:
    values = [items[i] for i in new]
    comments = {position: items.ca.items[old] for position, old in enumerate(new)
                if old in items.ca.items}
    items[:] = values
    items.ca.items.clear()
    items.ca.items.update(comments)


def to_block_style(container: Collection, key: Hashable) -> None:
    """Write `container[key]` (and everything in it) one entry per line, moving the
    comment that followed a `[...]` or `{...}` to after its new last line."""
    value = container[key]
    if not isinstance(value, Collection):
        return
    was_flow = len(value) > 0 and value.fa.flow_style()
    eol, rest = split((container, key)) if was_flow else ("", "")
    if eol or rest:
        set_token((container, key), None)
        if value.ca.comment:
            value.ca.comment[0] = None
    children = value if isinstance(value, CommentedMap) else range(len(value))
    for child in list(children):
        to_block_style(value, child)
    if was_flow:
        value.fa.set_block_style()
        attach_following(trailing_slot(container, key), rest, eol_extra=eol)
