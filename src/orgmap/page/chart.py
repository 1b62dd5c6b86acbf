"""The org chart as a model: which bodies are drawn, in which boxes, on which tiers.

A chart answers "who sits above whom": tiers come from authority, not from
physics. The rules (documented in docs/org-chart.md, pinned in tests):

* **Boxes.** Bodies (organizations; events too with `events=True`, where a
  drawn body organizes them or they are part of one) are drawn, people are
  not: they are listed inside the boxes of the bodies they hold roles in
  (`chart_boxes`). Bodies joined by `nameplate` edges are one institution and
  one box, titled by the institution: the member joined to the most others
  (the hub of "one institution, several names"), then the `from` end of more
  nameplate edges, then the first in the data.
* **Tiers.** A body is drawn above the bodies that are `part_of` it, that it
  `supervises` and that it `organizes`. The tier of a box is the length of the
  longest chain of such relations from a box with no parent (so every parent
  is above every child, whatever their depths). Relations between members of
  one nameplate group set no tier.
* **Cycles.** Boxes on a cycle of authority share one tier (the longest chain
  to any of them); the relations among them are drawn flat and listed in
  `Chart.undrawn`, the note under the chart.
* **Beside, not above.** A co-organiser with no parent of its own sits one
  tier above the event it co-organizes (the tier of the deepest organiser);
  a predecessor (`succeeded_by`) with no parent of its own sits on its
  successor's tier, left of it, as history. Where that cannot be, the
  relation is listed in the note.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..vocab import EVENT, ORGANIZATION

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Edge

#: Relation types that put one body above another: type -> True when `from` is the parent.
AUTHORITY = {"part_of": False, "supervises": True, "organizes": True}
CO_ORGANIZES = "co_organizes"
SUCCEEDED_BY = "succeeded_by"
NAMEPLATE = "nameplate"


@dataclass(frozen=True)
class Link:
    """A drawn line between two boxes: `kind` is 'down', 'flat', 'beside' or 'history'."""

    parent: str
    child: str
    type: str
    edges: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Undrawn:
    """A relation the chart could not draw as its rule says, and why (for the note)."""

    edge: str
    text: str
    reason: str


@dataclass
class Layers:
    """Boxes (institution id -> member ids), their tiers, the links and the note."""

    members: dict[str, tuple[str, ...]]
    tier: dict[str, int]
    links: list[Link]
    undrawn: list[Undrawn] = field(default_factory=list)

    @property
    def tiers(self) -> list[list[str]]:
        """Box ids per tier, top first, in the data's order."""
        rows: list[list[str]] = [[] for _ in range(max(self.tier.values(), default=-1) + 1)]
        for box in self.members:
            rows[self.tier[box]].append(box)
        return rows


def drawn_bodies(chosen: Dataset, *, events: bool = False) -> list[str]:
    """Ids of the entities that get a box: organizations, and with `events` the events
    a drawn body organizes (or co-organizes), or that are part of a drawn body or event."""
    bodies = [e.id for e in chosen.entities.values() if e.kind == ORGANIZATION]
    if not events:
        return bodies
    drawn = set(bodies)
    changed = True
    while changed:
        changed = False
        for edge in chosen.edges:
            event = _event_reached(chosen, edge, drawn)
            if event is not None and event not in drawn:
                drawn.add(event)
                changed = True
    return [i for i in chosen.entities if i in drawn]


def _event_reached(chosen: Dataset, edge: Edge, drawn: set[str]) -> str | None:
    if edge.type in ("organizes", CO_ORGANIZES) and edge.source in drawn:
        candidate = edge.target
    elif edge.type == "part_of" and edge.target in drawn:
        candidate = edge.source
    else:
        return None
    return candidate if chosen.entities[candidate].kind == EVENT else None


def nameplate_groups(chosen: Dataset, bodies: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Institution id -> its members (the institution first, then the data's order)."""
    order = {body: position for position, body in enumerate(bodies)}
    parent = {body: body for body in order}

    def root(body: str) -> str:
        while parent[body] != body:
            parent[body] = parent[parent[body]]
            body = parent[body]
        return body

    plates = [e for e in chosen.edges
              if e.type == NAMEPLATE and e.source in order and e.target in order]
    for edge in plates:
        parent[root(edge.source)] = root(edge.target)
    groups: dict[str, list[str]] = defaultdict(list)
    for body in order:
        groups[root(body)].append(body)
    boxes: dict[str, tuple[str, ...]] = {}
    for members in sorted(groups.values(), key=lambda m: order[m[0]]):
        head = _institution(members, plates, order)
        boxes[head] = (head, *[m for m in members if m != head])
    return boxes


def _institution(members: list[str], plates: list[Edge], order: dict[str, int]) -> str:
    """The member joined to the most others, then the `from` of more edges, then the first."""
    inside = set(members)
    joined: dict[str, int] = defaultdict(int)
    leading: dict[str, int] = defaultdict(int)
    for edge in plates:
        if edge.source in inside:
            joined[edge.source] += 1
            joined[edge.target] += 1
            leading[edge.source] += 1
    return min(members, key=lambda m: (-joined[m], -leading[m], order[m]))


def layer(chosen: Dataset, members: dict[str, tuple[str, ...]]) -> Layers:
    """Tiers and links for the boxes `members` (from `nameplate_groups`)."""
    box_of = {member: box for box, group in members.items() for member in group}
    arcs = _authority_arcs(chosen, box_of)
    beside = _beside(chosen, box_of)
    cyclic = _cyclic_arcs(members, arcs)
    minimum: dict[str, int] = {}
    tier = _longest_chains(members, arcs, cyclic, minimum)
    has_parent = {child for _, child, _ in arcs}
    for box, anchor, edge in beside:
        if box in has_parent:
            continue
        if edge.type == SUCCEEDED_BY:
            minimum[box] = tier[anchor]
        else:
            minimum[box] = max(tier[anchor] - 1, 0)
    if minimum:
        tier = _longest_chains(members, arcs, cyclic, minimum)
    result = Layers(members=members, tier=tier, links=[])
    _add_links(chosen, result, arcs, cyclic, beside)
    return result


def _authority_arcs(chosen: Dataset, box_of: dict[str, str]) -> list[tuple[str, str, Edge]]:
    """(parent box, child box, edge) for every authority relation between two boxes."""
    arcs = []
    for edge in chosen.edges:
        parent_is_from = AUTHORITY.get(edge.type)
        if parent_is_from is None or edge.source not in box_of or edge.target not in box_of:
            continue
        parent, child = (edge.source, edge.target) if parent_is_from else (edge.target,
                                                                            edge.source)
        if box_of[parent] != box_of[child]:
            arcs.append((box_of[parent], box_of[child], edge))
    return arcs


def _beside(chosen: Dataset, box_of: dict[str, str]) -> list[tuple[str, str, Edge]]:
    """(box placed beside, anchor box, edge): co-organiser -> event, predecessor -> successor."""
    found = []
    for edge in chosen.edges:
        if edge.type not in (CO_ORGANIZES, SUCCEEDED_BY):
            continue
        if edge.source in box_of and edge.target in box_of \
                and box_of[edge.source] != box_of[edge.target]:
            found.append((box_of[edge.source], box_of[edge.target], edge))
    return found


def _cyclic_arcs(members: dict[str, tuple[str, ...]],
                 arcs: list[tuple[str, str, Edge]]) -> dict[str, int]:
    """Box -> its cycle's number, for boxes on a cycle of authority."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(members)
    graph.add_edges_from((parent, child) for parent, child, _ in arcs)
    cycle_of: dict[str, int] = {}
    components = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    order = {box: i for i, box in enumerate(members)}
    for number, component in enumerate(sorted(components, key=lambda c: min(map(order.get, c)))):
        for box in component:
            cycle_of[box] = number
    return cycle_of


def _longest_chains(members: dict[str, tuple[str, ...]], arcs: list[tuple[str, str, Edge]],
                    cycle_of: dict[str, int], minimum: dict[str, int]) -> dict[str, int]:
    """Tier = longest chain of authority from a root; a cycle's boxes count as one."""
    import networkx as nx

    def unit(box: str) -> str:
        return f"cycle {cycle_of[box]}" if box in cycle_of else box

    graph = nx.DiGraph()
    graph.add_nodes_from(unit(box) for box in members)
    graph.add_edges_from((unit(p), unit(c)) for p, c, _ in arcs if unit(p) != unit(c))
    unit_minimum: dict[str, int] = defaultdict(int)
    for box, value in minimum.items():
        unit_minimum[unit(box)] = max(unit_minimum[unit(box)], value)
    depth: dict[str, int] = {}
    for node in nx.lexicographical_topological_sort(graph):
        above = [depth[p] + 1 for p in graph.predecessors(node)]
        depth[node] = max([unit_minimum[node], *above])
    return {box: depth[unit(box)] for box in members}


def _add_links(chosen: Dataset, result: Layers, arcs: list[tuple[str, str, Edge]],
               cycle_of: dict[str, int], beside: list[tuple[str, str, Edge]]) -> None:
    grouped: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    tier = result.tier
    for parent, child, edge in arcs:
        if tier[parent] < tier[child]:
            grouped[(parent, child, edge.type, "down")].append(edge.id)
            continue
        grouped[(parent, child, edge.type, "flat")].append(edge.id)
        reason = ("on a cycle of authority: drawn on one tier" if parent in cycle_of
                  and cycle_of.get(parent) == cycle_of.get(child) else "drawn flat")
        result.undrawn.append(Undrawn(edge.id, _edge_text(chosen, edge), reason))
    for box, anchor, edge in beside:
        if edge.type == SUCCEEDED_BY:
            grouped[(box, anchor, edge.type, "history")].append(edge.id)
            if tier[box] != tier[anchor]:
                result.undrawn.append(Undrawn(edge.id, _edge_text(chosen, edge),
                                              "the predecessor has a tier of its own"))
        else:
            grouped[(box, anchor, edge.type, "beside")].append(edge.id)
    result.links = [Link(parent, child, kind_type, tuple(ids), kind)
                    for (parent, child, kind_type, kind), ids in grouped.items()]


def _edge_text(chosen: Dataset, edge: Edge) -> str:
    from ..vocab import RELATIONS

    return (f"{chosen.entities[edge.source].name} {RELATIONS[edge.type].label} "
            f"{chosen.entities[edge.target].name}")
