"""The offline org chart: one self-contained HTML page drawn with vis-network.

The page's data is built here and in `graph_data` (the network's columns and
styles) and `data` (details, years, legend); it is rendered from the page's own
Jinja template with autoescaping on, instead of pyvis's template (autoescape
off, Bootstrap from a CDN) and `show()` / `write_html()` (notebook assumptions,
platform-dependent encoding). pyvis supplies only the vis-network script.

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

Graphs above PHYSICS_NODE_LIMIT nodes are laid out in Python (`layout`) and
drawn with physics off, because vis-network's simulation does not settle on
thousands of nodes; above EDGE_DRAW_LIMIT relations the commonest relation
types are drawn when their entity is selected (`graph_data`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..data.dates import YES
from ..style import category_label
from .data import (
    Documents,
    edge_details,
    legend,
    node_details,
    script_json,
    status_letters,
    year_range,
    year_statuses,
)
from .graph_data import EDGE_DRAW_LIMIT, PHYSICS_NODE_LIMIT, network_data, uses_fixed_layout

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.dates import PartialDate

__all__ = ["DEFAULT_TITLE", "EDGE_DRAW_LIMIT", "PHYSICS_NODE_LIMIT", "VIEWS", "render_html",
           "uses_fixed_layout", "write_html"]

DEFAULT_TITLE = "orgmap"
#: The page's two views of one selection: the force-directed network and the org chart.
VIEWS = ("network", "chart")
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


# -- the page -----------------------------------------------------------------------


def _page(chosen: Dataset, catalogue: Dataset, *, title: str, subtitle: str,
          at: PartialDate | None, focus_id: str | None, chart: dict[str, Any],
          view: str, ties: bool = False) -> str:
    import jinja2
    from markupsafe import Markup

    years = None if at is not None else year_range(chosen)
    documents = Documents(catalogue)
    network = network_data(chosen, focus_id=focus_id, ties=ties)
    details = {
        "nodes": [node_details(e, documents) for e in chosen.entities.values()],
        "edges": [edge_details(e, documents) for e in chosen.edges],
        "documents": documents.items,
    }
    letters = status_letters()
    data = {
        **network,
        "details": details,
        "years": None if years is None else {
            "first": years[0], "last": years[1], **year_statuses(chosen, *years)},
        "at": str(at) if at is not None else None,
        # One letter per edge: in force, possibly, not (only a page drawn as of a date has it).
        "status": _edge_status(chosen) if at is not None else None,
        "statusLetters": letters,
        "focus": focus_id,
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
        deferred=[r for r in data["relations"] if r["deferred"]],
        edge_count=len(chosen.edges),
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


def _edge_status(chosen: Dataset) -> str:
    """One status letter per edge of a page drawn as of a date: in force or possibly."""
    return "".join(chosen.status[e.id].letter if e.id in chosen.status else YES.letter
                   for e in chosen.edges)


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
