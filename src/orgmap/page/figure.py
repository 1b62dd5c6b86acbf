"""The org chart as a figure for reports: Graphviz `dot` draws it as SVG, PDF or PNG.

`dot` is the standard layered layout (tiers, crossing reduction, spline
edges); the `graphviz` package writes its input and runs it. The tiers are
the chart's own (`chart.layer`): each tier is pinned to one rank with an
invisible chain of anchors, so `dot` orders and routes but never re-tiers.

Each box is one node named by the institution's entity id, so the SVG carries
the id as the node group's `<title>`; its label is an HTML-like table with the
names and the holders as text, so the figure can be searched and checked.
All curated text is escaped for that markup (`html.escape`). Fonts name a
stack with CJK coverage (FONT_NAME), so Chinese renders in PDF and PNG where
Noto CJK (Debian's `fonts-noto-cjk`) or a system CJK font is installed.

The same data gives the same SVG bytes with a given Graphviz version.
"""

from __future__ import annotations

import itertools
import textwrap
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from ..data.dates import YES
from ..style import category_colour, category_label, darker, edge_style
from .data import label_colour

if TYPE_CHECKING:
    import graphviz

    from ..data.dataset import Dataset
    from .chart_boxes import Box, Chart, Holder

#: Font families, in order; Graphviz passes the list to Pango (PDF, PNG) and SVG keeps
#: it as a CSS font-family list. Noto Sans CJK covers Latin and Chinese alike.
FONT_NAME = ("Noto Sans CJK SC,Noto Sans SC,Source Han Sans SC,PingFang SC,Microsoft YaHei,"
             "sans-serif")
#: Point sizes: body names, other names and holders, notes. MIN_POINT_SIZE is the floor.
NAME_SIZE = 11
TEXT_SIZE = 9
MIN_POINT_SIZE = 9
#: Characters per line before wrapping, for names and for holder lines.
NAME_WIDTH = 34
LINE_WIDTH = 46
#: Boxes with no drawn relation go into a grid of this many columns under the chart.
GRID_COLUMNS = 6
#: Marks in boxes, explained in the figure's key.
ELSEWHERE_MARK = "◆"
POSSIBLE_MARK = "(?)"
#: Output format and renderer by extension; cairo draws PDF and PNG with Pango fonts.
NO_BREAK = "\u00a0"
FORMATS = {".svg": ("svg", None), ".pdf": ("pdf", "cairo"), ".png": ("png", "cairo")}
LINK_LOOK = {
    "down": {},
    "flat": {},
    "beside": {"style": "dashed"},
    "history": {"style": "dashed"},
}


#: `orgmap build` writes this figure of the whole dataset, when it has at most
#: BUILD_BOX_LIMIT boxes (a larger chart is unreadable on one page).
BUILD_FIGURE = "orgchart.svg"
BUILD_BOX_LIMIT = 120


class GraphvizMissing(RuntimeError):
    """Graphviz's `dot` program is not installed (or not on PATH)."""


INSTALL_HINT = ("Graphviz's 'dot' is needed for the figure: install it with "
                "'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' (macOS) "
                "or 'winget install graphviz' (Windows)")


def figure_source(chart: Chart, dataset: Dataset, *, title: str = "") -> graphviz.Digraph:
    """The chart as a `graphviz.Digraph` (DOT source), ready to be rendered."""
    import graphviz

    graph = graphviz.Digraph("orgchart", strict=False)
    graph.attr(rankdir="TB", newrank="true", nodesep="0.25", ranksep="0.55",
               splines="spline", fontname=FONT_NAME, bgcolor="white", pad="0.3")
    graph.attr("node", shape="plain", fontname=FONT_NAME)
    graph.attr("edge", fontname=FONT_NAME, arrowsize="0.7", penwidth="1.3")
    if title:
        graph.attr(label=_html(f'<FONT POINT-SIZE="16"><B>{escape(title)}</B></FONT>'),
                   labelloc="t", labeljust="l")
    linked = {box for link in chart.links for box in (link.parent, link.child)}
    tiers = [[b for b in row if b in linked] for row in chart.tiers]
    alone = [b for row in chart.tiers for b in row if b not in linked]
    anchors = _anchor_chain(graph, len(tiers) + _grid_rows(alone) + 1)
    for rank, row in enumerate(tiers):
        _same_rank(graph, anchors[rank], [chart.boxes[b] for b in row], dataset, chart)
    for link in chart.links:
        style = edge_style(link.type)
        # Ranks are pinned: only a downward line may pull on them. A line within a tier
        # keeps its pull, which makes `dot` draw it left to right (succession as history).
        upward = chart.boxes[link.parent].tier > chart.boxes[link.child].tier
        graph.edge(link.parent, link.child, color=str(style["color"]),
                   penwidth=str(style["width"]), constraint="false" if upward else "true",
                   **LINK_LOOK[link.kind])
    _history_clusters(graph, chart)
    _grid(graph, anchors[len(tiers):], [chart.boxes[b] for b in alone], dataset, chart)
    with graph.subgraph() as bottom:
        bottom.attr(rank="same")
        bottom.node(anchors[-1])
        bottom.node("key ", label=_html(_key(chart, dataset)))
    return graph


def write_figure(chart: Chart, dataset: Dataset, path: str | Path, *, title: str = "") -> Path:
    """Render the chart to `path` (SVG, PDF or PNG by its extension), atomically.

    Raises GraphvizMissing when `dot` cannot be run, ValueError for another extension.
    """
    from ..atomic import write_atomic

    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise ValueError(f"'{target.name}': the figure is written as .svg, .pdf or .png")
    return write_atomic(target, render_figure(chart, dataset, target.suffix, title=title))


def render_figure(chart: Chart, dataset: Dataset, suffix: str, *, title: str = "") -> bytes:
    """The figure's bytes in the format of `suffix` ('.svg', '.pdf' or '.png')."""
    import graphviz

    layout, renderer = FORMATS[suffix.lower()]
    source = figure_source(chart, dataset, title=title)
    try:
        return source.pipe(format=layout, renderer=renderer, engine="dot", quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise GraphvizMissing(INSTALL_HINT) from exc


def build_figure(dataset: Dataset, *, title: str = "") -> bytes | str:
    """`orgmap build`'s figure of the whole dataset as SVG bytes, or one line saying why
    not (more than BUILD_BOX_LIMIT boxes, or no Graphviz). Never raises for either: a
    build without Graphviz still writes everything else."""
    from .chart_boxes import build_chart

    chart = build_chart(dataset)
    if len(chart.boxes) > BUILD_BOX_LIMIT:
        return (f"note: {len(chart.boxes)} bodies, more than {BUILD_BOX_LIMIT}: no "
                f"{BUILD_FIGURE}; draw a part with 'orgmap chart --focus NAME --depth 2'")
    try:
        return render_figure(chart, dataset, ".svg", title=title)
    except GraphvizMissing:
        return f"note: no {BUILD_FIGURE}: {INSTALL_HINT}"


def dot_available() -> bool:
    """True when Graphviz's `dot` can be run."""
    import shutil

    return shutil.which("dot") is not None


# -- layout scaffolding -------------------------------------------------------------


def _anchor_chain(graph: graphviz.Digraph, count: int) -> list[str]:
    """Invisible nodes one rank apart: each tier is pinned to its anchor's rank."""
    names = [f"tier {rank}" for rank in range(count)]
    for name in names:
        graph.node(name, label="", shape="point", style="invis", width="0", height="0")
    for upper, lower in itertools.pairwise(names):
        graph.edge(upper, lower, style="invis")
    return names


def _same_rank(graph: graphviz.Digraph, anchor: str, boxes: list[Box], dataset: Dataset,
               chart: Chart) -> None:
    with graph.subgraph() as row:
        row.attr(rank="same")
        row.node(anchor)
        for box in boxes:
            row.node(box.id, label=_html(_box_label(box, dataset, chart)))


def _history_clusters(graph: graphviz.Digraph, chart: Chart) -> None:
    """Keep each chain of successions on one tier together, in an invisible cluster: only
    then does `dot` keep a flat line's tail (the predecessor) left of its head."""
    import networkx as nx

    chains = nx.Graph()
    for link in chart.links:
        if link.kind == "history" and chart.boxes[link.parent].tier == chart.boxes[link.child].tier:
            chains.add_edge(link.parent, link.child)
    order = {box: i for i, box in enumerate(chart.boxes)}
    components = sorted((sorted(c, key=order.get) for c in nx.connected_components(chains)),
                        key=lambda c: order[c[0]])
    for number, boxes in enumerate(components):
        with graph.subgraph(name=f"cluster_history_{number}") as cluster:
            cluster.attr(style="invis", margin="0")
            for box in boxes:
                cluster.node(box)


def _grid_rows(boxes: list[str]) -> int:
    return (len(boxes) + GRID_COLUMNS - 1) // GRID_COLUMNS


def _grid(graph: graphviz.Digraph, anchors: list[str], boxes: list[Box], dataset: Dataset,
          chart: Chart) -> None:
    """Boxes with no drawn relation, in rows under the chart, left to right in data order."""
    for number in range(_grid_rows([b.id for b in boxes])):
        row = boxes[number * GRID_COLUMNS:(number + 1) * GRID_COLUMNS]
        _same_rank(graph, anchors[number], row, dataset, chart)
        for left, right in itertools.pairwise(row):
            graph.edge(left.id, right.id, style="invis")


# -- labels -------------------------------------------------------------------------


def _html(markup: str) -> str:
    """Mark a string as an HTML-like label for the graphviz package: <...>."""
    return f"<{markup}>"


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False,
                         subsequent_indent="    ") or [text]


def _box_label(box: Box, dataset: Dataset, chart: Chart) -> str:
    head = dataset.entities[box.id]
    colour = category_colour(head.category)
    ink = label_colour(colour)
    names = "<BR/>".join(escape(line) for line in _lines(head.name, NAME_WIDTH))
    if head.name_zh:
        names += "<BR/>" + escape(head.name_zh)
    rows = [f'<TR><TD BGCOLOR="{colour}" CELLPADDING="5"><FONT COLOR="{ink}" '
            f'POINT-SIZE="{NAME_SIZE}"><B>{names}</B></FONT></TD></TR>']
    for member in box.members[1:]:
        rows.append(_text_row(_member_text(dataset, member), colour="#4d5656",
                              prefix="also: "))
    shown, more = box.shown()
    lines = [_holder_markup(holder, dataset) for holder in shown]
    if more:
        lines.append(f'<I>+ {more} more</I>')
    if lines:
        body = '<BR ALIGN="LEFT"/>'.join(lines) + '<BR ALIGN="LEFT"/>'
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="4">'
                    f'<FONT POINT-SIZE="{TEXT_SIZE}">{body}</FONT></TD></TR>')
    return (f'<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" COLOR="{darker(colour)}" '
            f'BGCOLOR="white">{"".join(rows)}</TABLE>')


def _text_row(text: str, *, colour: str, prefix: str = "") -> str:
    lines = _lines(prefix + text, LINE_WIDTH)
    body = '<BR ALIGN="LEFT"/>'.join(escape(line) for line in lines) + '<BR ALIGN="LEFT"/>'
    return (f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="3"><FONT POINT-SIZE="{TEXT_SIZE}" '
            f'COLOR="{colour}">{body}</FONT></TD></TR>')


def _member_text(dataset: Dataset, member: str) -> str:
    entity = dataset.entities[member]
    return " ".join(t for t in (entity.name, entity.name_zh) if t)


def short_name(dataset: Dataset, body_id: str) -> str:
    """An acronym alias when the body has one (SIIO), else its name."""
    entity = dataset.entities[body_id]
    acronyms = [a for a in entity.aliases if a.isascii() and a.isupper() and len(a) <= 12]
    return min(acronyms, key=len) if acronyms else entity.name


def _holder_markup(holder: Holder, dataset: Dataset) -> str:
    text = holder.text()
    if holder.via:
        text += " · " + ", ".join(short_name(dataset, body) for body in holder.via)
    marks = []
    if holder.elsewhere:
        marks.append(ELSEWHERE_MARK)
    if holder.status != YES:
        marks.append(POSSIBLE_MARK)
    if marks:
        text += " " + " ".join(marks)
    # A name never wraps between its words: the checks (and readers) find it on one line.
    kept = text.replace(holder.name, holder.name.replace(" ", NO_BREAK))
    lines = [escape(line.replace(NO_BREAK, " ")) for line in _lines(kept, LINE_WIDTH)]
    markup = '<BR ALIGN="LEFT"/>'.join(lines)
    return f"<I>{markup}</I>" if holder.status != YES else markup


def _key(chart: Chart, dataset: Dataset) -> str:
    """The key under the chart: colours, lines, marks, the people in several bodies, the note."""
    rows = [_key_heading("Key")]
    categories = dict.fromkeys(dataset.entities[b].category for b in chart.boxes)
    swatches = "  ".join(
        f'<FONT COLOR="{category_colour(c)}">■</FONT> {escape(category_label(c))}'
        for c in categories)
    rows.append(_key_row(swatches))
    types = dict.fromkeys((link.type, link.kind) for link in chart.links)
    for link_type, kind in types:
        style = edge_style(link_type)
        dash = "╌╌▶" if kind in ("beside", "history") else "──▶"
        rows.append(_key_row(f'<FONT COLOR="{style["color"]}">{dash}</FONT> '
                             f'{escape(_link_phrase(link_type))}'))
    rows.append(_key_row(f"{ELSEWHERE_MARK} holds roles in more than one body; "
                         f"{POSSIBLE_MARK} possibly in post "
                         + (f"as of {chart.at}" if chart.at else "(dates do not settle it)")
                         + f"; boxes list up to {_limit()} people, leaders first"))
    rows += _elsewhere_rows(chart, dataset)
    if chart.undrawn:
        rows.append(_key_heading("Relations not drawn downward"))
        for item in chart.undrawn:
            rows.append(_key_row(escape(f"{item.text}: {item.reason}")))
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
            f'{"".join(rows)}</TABLE>')


def _limit() -> int:
    from .chart_boxes import HOLDER_LIMIT

    return HOLDER_LIMIT


def _link_phrase(link_type: str) -> str:
    return {
        "part_of": "part of (the upper box contains the lower)",
        "supervises": "supervises",
        "organizes": "organizes",
        "co_organizes": "co-organizes",
        "succeeded_by": "succeeded by (history, left to right)",
    }.get(link_type, link_type)


def _elsewhere_rows(chart: Chart, dataset: Dataset) -> list[str]:
    """One line per person marked ◆ in a drawn box: every body they hold roles in."""
    seen: dict[str, list[str]] = {}
    for box in chart.boxes.values():
        for holder in box.shown()[0]:
            if holder.elsewhere and holder.person not in seen:
                seen[holder.person] = [box.id, *holder.elsewhere]
    if not seen:
        return []
    rows = [_key_heading(f"{ELSEWHERE_MARK} People in more than one body")]
    for person_id, places in seen.items():
        person = dataset.entities[person_id]
        name = " ".join(t for t in (person.name, person.name_zh) if t)
        bodies = "; ".join(short_name(dataset, place) for place in places)
        rows.append(_key_row(escape(f"{name}: {bodies}")))
    return rows


def _key_heading(text: str) -> str:
    return (f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{TEXT_SIZE + 1}"><B>{escape(text)}</B>'
            f'</FONT></TD></TR>')


def _key_row(markup: str) -> str:
    return (f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{TEXT_SIZE}">{markup}</FONT></TD></TR>')

