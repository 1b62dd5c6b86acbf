"""`orgmap chart`: the org chart as a figure for reports (SVG, PDF or PNG), via Graphviz."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .application import app, fail_usage, writing
from .options import (
    AllowUnsourced,
    At,
    Categories,
    DataDir,
    Depth,
    Focus,
    HideDocuments,
    Kinds,
    NoCache,
)

#: Exit code for a missing external program (Graphviz).
MISSING_PROGRAM = 3


@app.command("chart")
def chart_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Figure to write: .svg, .pdf or "
                                      ".png (by the extension).", show_default=True)
                   ] = Path("output/orgchart.svg"),
    focus: Focus = None,
    depth: Depth = 1,
    at: At = None,
    category: Categories = None,
    kind: Kinds = None,
    hide_documents: HideDocuments = False,
    events: Annotated[bool, typer.Option("--events", help="Draw events a drawn body "
                                         "organizes (a conference under its organisers) "
                                         "and their sessions.")] = False,
    title: Annotated[str | None, typer.Option(help="Title printed above the chart.")] = None,
    data: DataDir = Path("data"),
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Draw the org chart as a figure for a report: bodies in boxes on tiers of
    authority (part of, supervises, organizes), nameplates as one box, the people who
    hold roles listed inside, leaders first.

    Graphviz's dot lays it out; the format follows the extension of --out. Without
    Graphviz, exits 3 saying how to install it. With --at, the chart as it stood on that
    date: possible holders are marked (?), ruled-out ones left out. Same options as
    render and export; documents, concepts and events are left out (--events brings
    organised events back).

    Examples: orgmap chart -o chart.svg; orgmap chart --focus CAC --depth 2 -o cac.pdf;
    orgmap chart --at 2019 --events -o wic-2019.png
    """
    from ..page.chart_boxes import build_chart
    from ..page.figure import FORMATS, GraphvizMissing, write_figure
    from .outputs import load_selection

    if out.suffix.lower() not in FORMATS:
        fail_usage(f"--out '{out}': the figure is written as .svg, .pdf or .png")
    dataset, selection = load_selection(data, no_cache, allow_unsourced, focus=focus,
                                        depth=depth, at=at, category=category, kind=kind,
                                        hide_documents=hide_documents)
    chart = build_chart(dataset, events=events, **selection)
    try:
        with writing(out):
            written = write_figure(chart, dataset, out, title=title or "")
    except GraphvizMissing as missing:
        typer.echo(f"Error: {missing}", err=True)
        raise typer.Exit(MISSING_PROGRAM) from None
    typer.echo(str(written))
    people = len({h.person for box in chart.boxes.values() for h in box.holders})
    typer.echo(f"{len(chart.boxes)} boxes on {len(chart.tiers)} tiers, {people} people",
               err=True)
