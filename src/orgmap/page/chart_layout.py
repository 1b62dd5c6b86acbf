"""Where the page's chart view puts each box: igraph's Sugiyama layout on the chart's tiers.

The page cannot run Graphviz, so its layered layout is computed here, at build
time, with python-igraph (wheels for every usual platform): the tiers are the
chart's own (`chart.layer`), igraph orders each tier to reduce crossings
(barycenter heuristic) and gives every line that spans several tiers the
points where it crosses them, in slots no box takes. docs/org-chart.md
compares it with the alternatives on the bundled data.

Positions are in slots: a box's `x` is a multiple of nothing in particular but
boxes of one tier are at least one slot apart, so the page draws each box one
slot wide (minus a gap) and no two boxes overlap. Boxes with no drawn relation
are left to the page's grid under the chart.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .chart import Layers


@dataclass
class Placement:
    """Slots for the page: box -> x, line -> the x where it crosses each tier in between."""

    x: dict[str, float]
    routes: list[list[float]]
    #: Boxes with no drawn relation, in the data's order (the page's grid).
    alone: list[str]


def place(layers: Layers, *, maxiter: int = 100) -> Placement:
    """Slots for every linked box and the bends of every line between tiers."""
    import igraph

    ends = {box for link in layers.links for box in (link.parent, link.child)}
    linked = [b for b in layers.members if b in ends]
    index = {box: i for i, box in enumerate(linked)}
    tiers = [layers.tier[b] for b in linked]
    edges: list[tuple[int, int]] = []
    bends: list[list[int]] = []
    # Lines spanning several tiers get one explicit bend vertex per tier in between:
    # igraph's own edge routing is not reliable for graphs of several components.
    for link in layers.links:
        top, bottom = layers.tier[link.parent], layers.tier[link.child]
        chain = [index[link.parent]]
        if top < bottom:
            for tier in range(top + 1, bottom):
                chain.append(len(tiers))
                tiers.append(tier)
            chain.append(index[link.child])
            edges += itertools.pairwise(chain)
        bends.append(chain[1:-1])
    graph = igraph.Graph(n=len(tiers), directed=True, edges=edges)
    found = graph.layout_sugiyama(layers=tiers, maxiter=maxiter)
    coords = found.coords  # a fresh copy on every access: take it once
    x = {box: float(coords[index[box]][0]) for box in linked}
    routes = [[float(coords[v][0]) for v in chain] for chain in bends]
    _history_left_to_right(layers, x)
    alone = [b for b in layers.members if b not in index]
    return Placement(x=x, routes=routes, alone=alone)


def _history_left_to_right(layers: Layers, x: dict[str, float]) -> None:
    """Put a predecessor just left of its successor on their tier, keeping the tier's slots.

    Only the occupants of the tier's box slots are permuted, so boxes stay at
    least a slot apart.
    """
    for link in layers.links:
        if link.kind != "history" or layers.tier[link.parent] != layers.tier[link.child]:
            continue
        row = sorted((b for b in x if layers.tier[b] == layers.tier[link.parent]),
                     key=lambda b: x[b])
        slots = [x[b] for b in row]
        row.remove(link.parent)
        row.insert(row.index(link.child), link.parent)
        for box, slot in zip(row, slots, strict=True):
            x[box] = slot
