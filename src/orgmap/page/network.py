"""The offline org chart: one self-contained HTML page built with pyvis and vis-network.

This is the only module that imports pyvis. It builds the pyvis `Network` from
the Dataset with an explicit list of attributes per node and edge (never
`from_nx`, which mutates the graph and drops parallel edges), then renders the
page from its own Jinja template with autoescaping on, instead of pyvis's
template (autoescape off, Bootstrap from a CDN) and instead of `show()` /
`write_html()` (notebook assumptions, platform-dependent encoding).

What makes the page safe to open anywhere:

* every script and stylesheet is inline (vis-network's from the pyvis package,
  the page's own from `assets/`); the page makes no network request at all, and
  its Content-Security-Policy forbids any (`default-src 'none'`);
* only the page's own scripts may run: the policy lists their SHA-256 hashes,
  so even markup slipped into the data could not execute;
* curated text travels as JSON in a non-executed `<script type="application/json">`
  with '<', '>' and '&' escaped, and reaches the document only via `textContent`;
  the title and legend go through Jinja's autoescaping; links are made only
  from http(s) URLs.

Graphs above PHYSICS_NODE_LIMIT nodes are laid out in Python (`html_layout`)
and drawn with physics off, because vis-network's simulation does not settle
on thousands of nodes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..style import (
    TIE_STYLE,
    category_colour,
    category_label,
    darker,
    edge_style,
    kind_shape,
    kind_size,
)
from .data import (
    edge_details,
    label_colour,
    legend,
    node_details,
    node_label,
    script_json,
    status_letters,
    year_range,
    year_statuses,
)

if TYPE_CHECKING:
    from pyvis.network import Network

    from ..data.dataset import Dataset
    from ..data.dates import PartialDate
    from ..data.model import Edge, Entity

#: Above this many nodes the layout is computed in Python and physics is switched off.
PHYSICS_NODE_LIMIT = 400
DEFAULT_TITLE = "orgmap"
#: The page's two views of one selection: the force-directed network and the org chart.
VIEWS = ("network", "chart")
#: vis-network's Kamada-Kawai start only helps small graphs; above this it gives up noisily.
IMPROVED_LAYOUT_LIMIT = 100
#: Boxes (bodies) carry their label inside; extra mass makes the physics keep room around them.
BOX_MASS = 2.5
#: System fonts only (no web fonts: the page makes no requests), with CJK fallbacks.
FONT_FACE = ('system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", '
             '"PingFang SC", "Microsoft YaHei", sans-serif')
VIS_DIRECTORY = "vis-9.1.2"
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)


def render_html(dataset: Dataset, *, title: str | None = None, focus: str | None = None,
                depth: int = 1, at: PartialDate | str | None = None,
                categories: Iterable[str] = (), kinds: Iterable[str] = (),
                hide_documents: bool = False, view: str = "network", ties: bool = False) -> str:
    """The org chart of `dataset` (or of the part selected) as one self-contained HTML page.

    `focus` is any name `Dataset.resolve` accepts (raises LookupProblem if none
    matches); `at` is a PartialDate or its text ("2018", "2021-11"). Without
    `at` the page has a year control; with it, the page shows that date only.
    The page has two views of the same selection, the network and the chart
    (`page/chart*.py`); `view` ("network" or "chart") is the one it opens in.
    `ties` says the dataset is the people network (`questions.tie_network.as_dataset`):
    its lines are ties, drawn and named as such. The same arguments always give the
    same bytes.
    """
    from ..data.dates import parse_partial_date
    from ..data.selection import select
    from .chart_data import page_chart

    when = parse_partial_date(at) if isinstance(at, str) else at
    focus_id = dataset.resolve(focus).id if focus is not None else None
    categories, kinds = tuple(categories), tuple(kinds)
    chosen = select(dataset, focus=focus_id, depth=depth, at=when, categories=categories,
                    kinds=kinds, hide_documents=hide_documents)
    subtitle = _subtitle(dataset, chosen, focus_id=focus_id, depth=depth, at=when,
                         categories=categories, kinds=kinds, hide_documents=hide_documents)
    if view not in VIEWS:
        raise ValueError(f"unknown view '{view}'; use one of: {', '.join(VIEWS)}")
    years = None if when is not None else year_range(chosen)
    chart = page_chart(dataset, years=years, focus=focus_id, depth=depth, at=when,
                       categories=categories, kinds=kinds, hide_documents=hide_documents)
    return _page(chosen, dataset, title=title or DEFAULT_TITLE, subtitle=subtitle, at=when,
                 focus_id=focus_id, chart=chart, view=view, ties=ties)


def write_html(dataset: Dataset, path: str | Path, **options: Any) -> Path:
    """Render (same keyword options as render_html) and write UTF-8, atomically.

    Parent directories are created; a reader never sees a half-written page.
    """
    from ..atomic import write_atomic
    from ..progress import step

    step(f"laying out {Path(path).name}")
    return write_atomic(path, render_html(dataset, **options))


def uses_fixed_layout(node_count: int) -> bool:
    """True when a page of this many nodes is laid out in Python with physics off."""
    return node_count > PHYSICS_NODE_LIMIT


# -- the network --------------------------------------------------------------------


def build_network(chosen: Dataset, *, focus_id: str | None = None, ties: bool = False
                  ) -> Network:
    """A pyvis Network with one node per entity and one edge per relation (parallel kept);
    with `ties`, every edge is drawn as a tie of the people network."""
    from pyvis.network import Network

    fixed = uses_fixed_layout(len(chosen.entities))
    positions = _positions(chosen) if fixed else {}
    network = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for entity in chosen.entities.values():
        network.add_node(entity.id, **_node_attributes(entity, focus_id == entity.id,
                                                       positions.get(entity.id)))
    for edge, bend in zip(chosen.edges, _bends(chosen), strict=True):
        network.add_edge(edge.source, edge.target, **_edge_attributes(edge, bend, ties))
    network.options = _options(fixed, len(chosen.entities))
    return network


def _node_attributes(entity: Entity, is_focus: bool, position: tuple[float, float] | None
                     ) -> dict[str, Any]:
    colour = category_colour(entity.category)
    shape = kind_shape(entity.kind)
    inside = shape == "box"
    attributes: dict[str, Any] = {
        "label": node_label(entity),
        "shape": shape,
        "size": kind_size(entity.kind),
        "color": {"background": colour, "border": darker(colour),
                  "highlight": {"background": colour, "border": "#17202a"},
                  "hover": {"background": colour, "border": "#17202a"}},
        "borderWidth": 4 if is_focus else 1.5,
        "font": {"color": label_colour(colour) if inside else "#1b2631",
                 "size": 14 if inside else 13, "face": FONT_FACE,
                 "strokeWidth": 0 if inside else 3, "strokeColor": "#ffffff"},
        "widthConstraint": {"maximum": 180},
    }
    if inside:
        attributes["mass"] = BOX_MASS
        attributes["margin"] = 8
        attributes["shapeProperties"] = {"borderRadius": 3}
    if is_focus:
        attributes["color"]["border"] = "#17202a"
    if position is not None:
        attributes["x"], attributes["y"] = position
    return attributes


def _edge_attributes(edge: Edge, bend: dict[str, Any] | None, ties: bool = False
                     ) -> dict[str, Any]:
    style = TIE_STYLE if ties else edge_style(edge.type)
    colour = str(style["color"])
    attributes: dict[str, Any] = {
        "id": edge.id,
        "label": edge.role or edge.role_zh or "",
        "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 1.0},
        "dashes": style["dashes"],
        "width": style["width"],
        "arrows": {"to": {"enabled": bool(style["arrows"]), "scaleFactor": 0.6}},
    }
    if bend is not None:
        attributes["smooth"] = bend
    return attributes


def _bends(chosen: Dataset) -> list[dict[str, Any] | None]:
    """Curves for parallel edges, so two relations between one pair never overlap."""
    seen: dict[frozenset[str], int] = defaultdict(int)
    bends: list[dict[str, Any] | None] = []
    for edge in chosen.edges:
        pair = frozenset((edge.source, edge.target))
        order = seen[pair]
        seen[pair] += 1
        if order == 0:
            bends.append(None)
            continue
        side = "curvedCW" if order % 2 else "curvedCCW"
        bends.append({"enabled": True, "type": side, "roundness": 0.2 * ((order + 1) // 2)})
    return bends


def _positions(chosen: Dataset) -> dict[str, tuple[float, float]]:
    from .layout import force_layout

    return force_layout(list(chosen.entities), [(e.source, e.target) for e in chosen.edges])


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
                        "navigationButtons": False, "keyboard": False, "multiselect": False},
        "nodes": {"font": {"face": FONT_FACE}},
        "edges": {
            "smooth": {"enabled": not fixed, "type": "continuous", "roundness": 0.25},
            "font": {"size": 10, "face": FONT_FACE, "color": "#4d5656", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "align": "middle"},
            "selectionWidth": 1.5,
            "hoverWidth": 0.8,
        },
    }



# -- the page -----------------------------------------------------------------------


def _page(chosen: Dataset, catalogue: Dataset, *, title: str, subtitle: str,
          at: PartialDate | None, focus_id: str | None, chart: dict[str, Any],
          view: str, ties: bool = False) -> str:
    import jinja2
    from markupsafe import Markup

    network = build_network(chosen, focus_id=focus_id, ties=ties)
    nodes, edges, _heading, _height, _width, options = network.get_network_data()
    years = None if at is not None else year_range(chosen)
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "details": {
            "nodes": {e.id: node_details(e, catalogue) for e in chosen.entities.values()},
            "edges": {e.id: edge_details(e, catalogue, ties=ties) for e in chosen.edges},
        },
        "years": None if years is None else {
            "first": years[0], "last": years[1], **year_statuses(chosen, *years)},
        "at": str(at) if at is not None else None,
        "status": {k: str(v) for k, v in sorted(chosen.status.items())},
        "statusLetters": status_letters(),
        "focus": focus_id,
        "fixedLayout": uses_fixed_layout(len(chosen.entities)),
        "chart": chart,
        "view": view,
    }
    assets = _assets()
    scripts = [assets["vis_js"], assets["page_js"], assets["chart_js"], assets["controls_js"]]
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                     keep_trailing_newline=True)
    template = environment.from_string(_template_text())
    return template.render(
        title=title,
        subtitle=subtitle,
        legend=legend(chosen, ties=ties),
        years=data["years"],
        at=data["at"],
        fixed_layout=data["fixedLayout"],
        node_limit=PHYSICS_NODE_LIMIT,
        entity_count=len(chosen.entities),
        csp=_content_security_policy(scripts),
        vis_css=Markup(assets["vis_css"]),
        page_css=Markup(assets["page_css"]),
        vis_js=Markup(assets["vis_js"]),
        page_js=Markup(assets["page_js"]),
        controls_js=Markup(assets["controls_js"]),
        chart_js=Markup(assets["chart_js"]),
        view=view,
        chart_boxes=len(chart["boxes"]),
        data_json=Markup(script_json(data)),
    )


def _content_security_policy(scripts: list[str]) -> str:
    """Nothing may be fetched, and only these exact inline scripts may run."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _subtitle(full: Dataset, chosen: Dataset, *, focus_id: str | None, depth: int,
              at: PartialDate | None, categories: tuple[str, ...], kinds: tuple[str, ...],
              hide_documents: bool) -> str:
    parts = [f"{len(chosen.entities)} entities", f"{len(chosen.edges)} relations"]
    if focus_id is not None:
        steps = "step" if depth == 1 else "steps"
        parts.append(f"within {depth} {steps} of {full.entities[focus_id].name}")
    if at is not None:
        parts.append(f"as of {at}")
    if categories:
        parts.append("categories: " + ", ".join(category_label(c) for c in categories))
    if kinds:
        parts.append("kinds: " + ", ".join(kinds))
    if hide_documents:
        parts.append("documents hidden")
    return " · ".join(parts)


def _template_text() -> str:
    return resources.files(__package__).joinpath("templates", "page.html.j2").read_text("utf-8")


@cache
def _assets() -> dict[str, str]:
    """The inline scripts and stylesheets, checked so none can end its element early."""
    vis = resources.files("pyvis").joinpath("lib", VIS_DIRECTORY)
    ours = resources.files(__package__).joinpath("assets")
    found = {
        "vis_js": _SOURCE_MAP.sub("", vis.joinpath("vis-network.min.js").read_text("utf-8")),
        "vis_css": vis.joinpath("vis-network.css").read_text("utf-8"),
        "page_js": ours.joinpath("orgmap.js").read_text("utf-8"),
        "controls_js": ours.joinpath("orgmap-controls.js").read_text("utf-8"),
        "chart_js": ours.joinpath("orgmap-chart.js").read_text("utf-8"),
        "page_css": ours.joinpath("orgmap.css").read_text("utf-8"),
    }
    for name, text in found.items():
        lowered = text.lower()
        if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
            raise RuntimeError(f"asset {name} cannot be embedded inline: it contains a "
                               "closing tag or comment opener")
    return found
