"""The network view's data, in columns: what vis-network draws, and what it draws later.

A page of 15,000 entities and 200,000 relations cannot carry one object per
node and edge with its whole style repeated, nor hand them all to
vis-network at once: the browser would spend a minute building and drawing
them. So the page carries columns (ids, end points as indexes, one style
index per item) and one style per kind of node and per relation type; the
page's script builds vis-network's items from them.

Above EDGE_DRAW_LIMIT relations the most numerous relation types are not
drawn at first (`deferred`): the page says so, and draws an entity's own
relations of those types when it is selected. Which types are deferred is
decided here, so the page and its tests agree on it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from ..data.validate import derived_id
from ..style import (
    TIE_STYLE,
    TIE_WORDS,
    category_colour,
    darker,
    edge_style,
    kind_shape,
    kind_size,
)
from ..vocab import RELATIONS
from .data import label_colour, node_label

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Entity

#: Above this many nodes the layout is computed in Python and physics is switched off.
PHYSICS_NODE_LIMIT = 400
#: Above this many relations the commonest relation types are drawn only on demand:
#: vis-network takes about a second per few thousand edges to build and draw them.
EDGE_DRAW_LIMIT = 5_000
#: vis-network's Kamada-Kawai start only helps small graphs; above this it gives up noisily.
IMPROVED_LAYOUT_LIMIT = 100
#: Boxes (bodies) carry their label inside; extra mass makes the physics keep room around them.
BOX_MASS = 2.5
#: System fonts only (no web fonts: the page makes no requests), with CJK fallbacks.
FONT_FACE = ('system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", '
             '"PingFang SC", "Microsoft YaHei", sans-serif')


def uses_fixed_layout(node_count: int) -> bool:
    """True when a page of this many nodes is laid out in Python with physics off."""
    return node_count > PHYSICS_NODE_LIMIT


def deferred_types(counts: Counter[str], limit: int) -> list[str]:
    """The relation types not drawn at first, so that at most `limit` relations are.

    Rarer types are kept first (they carry the structure: which body is part
    of which); the commonest ones, usually roles and memberships, wait for
    the reader to select an entity.
    """
    if sum(counts.values()) <= limit:
        return []
    drawn = 0
    deferred = []
    for name, count in sorted(counts.items(), key=lambda item: (item[1], item[0])):
        if drawn + count <= limit and not deferred:
            drawn += count
        else:
            deferred.append(name)
    return deferred


def network_data(chosen: Dataset, *, focus_id: str | None, ties: bool = False
                 ) -> dict[str, Any]:
    """Nodes, edges, their styles and vis-network's options, as JSON-ready columns; with
    `ties` (the people network), every edge is a tie, drawn and named as one."""
    from .layout import force_layout

    entities = list(chosen.entities.values())
    fixed = uses_fixed_layout(len(entities))
    index = {entity.id: number for number, entity in enumerate(entities)}
    looks: dict[tuple[str, str | None, bool], int] = {}
    look_list: list[dict[str, Any]] = []
    node_looks = []
    for entity in entities:
        key = (entity.kind, entity.category, entity.id == focus_id)
        if key not in looks:
            looks[key] = len(look_list)
            look_list.append(_node_look(entity, key[2], wrap=not fixed))
        node_looks.append(looks[key])
    nodes: dict[str, Any] = {"ids": [e.id for e in entities],
                             "labels": [node_label(e) for e in entities], "looks": node_looks}
    if fixed:
        positions = force_layout([e.id for e in entities],
                                 [(e.source, e.target) for e in chosen.edges])
        nodes["x"] = [positions[e.id][0] for e in entities]
        nodes["y"] = [positions[e.id][1] for e in entities]
    counts = Counter(edge.type for edge in chosen.edges)
    types = list(counts)  # in order of first appearance, as Counter keeps them
    type_index = {name: number for number, name in enumerate(types)}
    later = set(deferred_types(counts, EDGE_DRAW_LIMIT))
    return {
        "nodes": nodes,
        "nodeLooks": look_list,
        "edges": {
            # "" where the id is the one validation derives: source--type--target.
            "ids": ["" if e.id == derived_id(e) else e.id
                    for e in chosen.edges],
            "from": [index[e.source] for e in chosen.edges],
            "to": [index[e.target] for e in chosen.edges],
            "types": [type_index[e.type] for e in chosen.edges],
            "bends": _bends(chosen),
        },
        "relations": [_relation(name, counts[name], name in later, ties=ties)
                      for name in types],
        "options": _options(fixed, len(entities)),
        "fixedLayout": fixed,
    }


def _node_look(entity: Entity, is_focus: bool, *, wrap: bool) -> dict[str, Any]:
    """vis-network's options for a node. `wrap` breaks long labels to a width, which
    costs vis-network a text measure per word: a pre-laid-out page of thousands of
    nodes skips it (its labels show only when zoomed in)."""
    colour = category_colour(entity.category)
    shape = kind_shape(entity.kind)
    inside = shape == "box"
    look: dict[str, Any] = {
        "shape": shape,
        "size": kind_size(entity.kind),
        "color": {"background": colour, "border": "#17202a" if is_focus else darker(colour),
                  "highlight": {"background": colour, "border": "#17202a"},
                  "hover": {"background": colour, "border": "#17202a"}},
        "borderWidth": 4 if is_focus else 1.5,
        "font": {"color": label_colour(colour) if inside else "#1b2631",
                 "size": 14 if inside else 13, "face": FONT_FACE,
                 "strokeWidth": 0 if inside else 3, "strokeColor": "#ffffff"},
    }
    if wrap:
        look["widthConstraint"] = {"maximum": 180}
    if inside:
        look["mass"] = BOX_MASS
        look["margin"] = 8
        look["shapeProperties"] = {"borderRadius": 3}
    return look


def _relation(name: str, count: int, deferred: bool, *, ties: bool = False
              ) -> dict[str, Any]:
    """A relation type as the page needs it: its words, its line, and whether it waits.
    A tie of the people network has a look and words of its own (`style.TIE_STYLE`)."""
    style = TIE_STYLE if ties else edge_style(name)
    colour = str(style["color"])
    relation = RELATIONS[name]
    return {
        "type": "tie" if ties else name,
        "label": TIE_WORDS if ties else relation.label,
        "inverse": TIE_WORDS if ties else relation.inverse_label,
        "count": count,
        "deferred": deferred,
        "look": {
            "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 1.0},
            "dashes": style["dashes"],
            "width": style["width"],
            "arrows": {"to": {"enabled": bool(style["arrows"]), "scaleFactor": 0.6}},
        },
    }


def _bends(chosen: Dataset) -> list[list[Any]]:
    """[edge index, curve, roundness] for parallel edges, so two relations between one
    pair never overlap; edges not listed are drawn straight (or as the options say)."""
    seen: dict[frozenset[str], int] = defaultdict(int)
    bends: list[list[Any]] = []
    for number, edge in enumerate(chosen.edges):
        pair = frozenset((edge.source, edge.target))
        order = seen[pair]
        seen[pair] += 1
        if order:
            side = "curvedCW" if order % 2 else "curvedCCW"
            bends.append([number, side, round(0.2 * ((order + 1) // 2), 2)])
    return bends


def _options(fixed: bool, node_count: int) -> dict[str, Any]:
    """vis-network options: physics to settle small graphs, none for pre-laid-out ones."""
    physics: dict[str, Any] = {"enabled": False}
    if not fixed:
        physics = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.02,
                                 "springLength": 100, "springConstant": 0.08,
                                 "damping": 0.55, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 1000, "updateInterval": 50,
                              "fit": True},
            "minVelocity": 0.75,
        }
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= IMPROVED_LAYOUT_LIMIT},
        "physics": physics,
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": fixed,
                        "hideEdgesOnZoom": fixed, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "nodes": {"font": {"face": FONT_FACE}},
        "edges": {
            "smooth": {"enabled": not fixed, "type": "continuous", "roundness": 0.25},
            "font": {"size": 10, "face": FONT_FACE, "color": "#4d5656", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "align": "middle"},
            "selectionWidth": 1.5,
            "hoverWidth": 0.8,
        },
    }
