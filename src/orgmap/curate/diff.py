"""What changed between two versions of a dataset: items added, removed and changed.

Entities are matched by id. Edges are matched by their explicit `id` where
both versions have one; otherwise by `from`, `type` and `to`, and where several
edges share those, by their remaining fields (identical ones first, then the
most alike). So an edge whose role or dates changed is *changed*, not removed
and added, and a parallel edge inserted before another shows as one addition
even though the derived ids (`a--role--b--2`) of the edges after it shift.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..data.validate import derived_id
from ..vocab import ROLE_TYPES

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
ENTITY, EDGE = "entity", "edge"


@dataclass(frozen=True)
class Change:
    """One row of a diff: for `changed`, one field with its old and new value."""

    change: str
    item: str
    id: str
    label: str
    field: str = ""
    old: str = ""
    new: str = ""


@dataclass
class Diff:
    """The changes, and the people's arrivals and departures summarised by body."""

    changes: list[Change]
    people: dict[str, list[str]]


def fields_of(item: Entity | Edge) -> dict[str, str]:
    """An item's set fields as display text, as its YAML names them (`from`, `to`)."""
    data = item.model_dump(mode="json", by_alias=True, exclude_none=True,
                           exclude_defaults=True)
    data.pop("id", None)
    return {key: _text(value) for key, value in data.items()}


def _text(value: Any) -> str:
    if isinstance(value, dict):
        target = value.get("ref") or value.get("url") or ""
        return f"{target}, {value['locator']}" if value.get("locator") else target
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return str(value)


def diff(old: Dataset, new: Dataset) -> Diff:
    """Every difference between two datasets, entities first, in file order."""
    changes = _entity_changes(old, new)
    pairs, removed, added = match_edges(old.edges, new.edges)
    people: dict[str, list[str]] = defaultdict(list)
    for edge in removed:
        changes.append(Change(REMOVED, EDGE, edge.id, edge_label(old, edge)))
        _note_person(people, old, edge, "removed")
    for before, after in pairs:
        fields = _changed_fields(fields_of(before), fields_of(after))
        changes += [Change(CHANGED, EDGE, after.id, edge_label(new, after), f, o, n)
                    for f, o, n in fields]
        if any(f in ("end", "ended_by") and not o for f, o, _ in fields):
            _note_person(people, new, after, "left")
    for edge in added:
        changes.append(Change(ADDED, EDGE, edge.id, edge_label(new, edge)))
        _note_person(people, new, edge, "new")
    return Diff(changes, dict(sorted(people.items())))


def _entity_changes(old: Dataset, new: Dataset) -> list[Change]:
    changes = []
    for entity_id, entity in old.entities.items():
        if entity_id not in new.entities:
            changes.append(Change(REMOVED, ENTITY, entity_id, entity.name))
            continue
        after = new.entities[entity_id]
        changes += [Change(CHANGED, ENTITY, entity_id, after.name, f, o, n) for f, o, n
                    in _changed_fields(fields_of(entity), fields_of(after))]
    changes += [Change(ADDED, ENTITY, i, e.name) for i, e in new.entities.items()
                if i not in old.entities]
    return changes


def _changed_fields(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, str, str]]:
    keys = list(old) + [k for k in new if k not in old]
    return [(k, old.get(k, ""), new.get(k, "")) for k in keys if old.get(k) != new.get(k)]


def match_edges(old: list[Edge], new: list[Edge]
                ) -> tuple[list[tuple[Edge, Edge]], list[Edge], list[Edge]]:
    """(matched pairs, removed, added) by the rule in the module docstring."""
    new_by_id = {e.id: e for e in new if is_explicit(e)}
    pairs = [(e, new_by_id[e.id]) for e in old if is_explicit(e) and e.id in new_by_id]
    taken_old = {id(a) for a, _ in pairs}
    taken_new = {id(b) for _, b in pairs}
    groups: dict[tuple, tuple[list[Edge], list[Edge]]] = defaultdict(lambda: ([], []))
    for edge in old:
        if id(edge) not in taken_old:
            groups[_ends(edge)][0].append(edge)
    for edge in new:
        if id(edge) not in taken_new:
            groups[_ends(edge)][1].append(edge)
    for before, after in groups.values():
        pairs += _pair_alike(before, after)
    taken_old = {id(a) for a, _ in pairs}
    taken_new = {id(b) for _, b in pairs}
    order = {id(e): i for i, e in enumerate(new)}
    pairs.sort(key=lambda pair: order[id(pair[1])])
    return (pairs, [e for e in old if id(e) not in taken_old],
            [e for e in new if id(e) not in taken_new])


def is_explicit(edge: Edge) -> bool:
    """Whether the edge's id was written in the data rather than derived."""
    derived = derived_id(edge)
    head, _, tail = edge.id.rpartition("--")
    return edge.id != derived and not (head == derived and tail.isdigit())


def _ends(edge: Edge) -> tuple[str, str, str]:
    return (edge.source, edge.type, edge.target)


def _pair_alike(old: list[Edge], new: list[Edge]) -> list[tuple[Edge, Edge]]:
    """Identical edges first, then the most alike, each in file order."""
    if not old or not new:
        return []
    old_fields = [fields_of(e) for e in old]
    new_fields = [fields_of(e) for e in new]
    scored = sorted(
        (-_alike(a, b), i, j)
        for i, a in enumerate(old_fields) for j, b in enumerate(new_fields))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old[i], new[j]))
    return pairs


def _alike(a: dict[str, str], b: dict[str, str]) -> int:
    """How alike two edges are: an identical edge beats any partial match."""
    same = sum(1 for k in a.keys() | b.keys() if a.get(k) == b.get(k))
    return same + (1000 if a == b else 0)


def edge_label(dataset: Dataset, edge: Edge) -> str:
    """'Zhuang Rongwen → CAC (role: Director)': an edge as people read it."""
    source = dataset.entities[edge.source].name
    target = dataset.entities[edge.target].name
    role = f": {edge.role}" if edge.role else ""
    return f"{source} → {target} ({edge.type}{role})"


def _note_person(people: dict[str, list[str]], dataset: Dataset, edge: Edge,
                 what: str) -> None:
    """'Zhuang Rongwen: new role Director in CAC' under the body, for people's roles
    and memberships; `what` is "new", "removed" or "left"."""
    person = dataset.entities[edge.source]
    if edge.type not in ROLE_TYPES or person.kind != "person":
        return
    body = dataset.entities[edge.target].name
    held = f"role {edge.role}" if edge.role else ("membership" if edge.type == "member"
                                                  else "role")
    text = {"new": f"new {held} in {body}",
            "removed": f"{held} in {body} removed from the data",
            "left": f"left: {held} in {body} ended "
                    f"{edge.end or f'by {edge.ended_by}'}"}[what]
    people[body].append(f"{person.name}: {text}")

