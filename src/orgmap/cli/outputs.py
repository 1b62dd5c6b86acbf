"""CLI commands that write files: build, render, export."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..export.dialects import DEFAULT_DIALECT, DIALECTS
from .application import app, fail_usage, load_or_exit, resolve_or_exit, writing
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
    OutDir,
)
from .ties import NETWORK_HELP, check_network, export_people, people_selection, render_people

#: The page `build` and `render` write by default.
PAGE_FILE = "orgmap.html"

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.dates import PartialDate

#: The Cypher databases `export --format cypher` writes a schema preamble for.
Dialect = StrEnum("Dialect", {name: name for name in DIALECTS})
DEFAULT_CYPHER_DIALECT = Dialect(DEFAULT_DIALECT)


def load_selection(data: Path, no_cache: bool, allow_unsourced: bool, *, focus: str | None,
                   depth: int, at: PartialDate | None, category: list[str] | None,
                   kind: list[str] | None, hide_documents: bool = False
                   ) -> tuple[Dataset, dict[str, Any]]:
    """Load the data and check the selection options shared by render and export.

    Returns the dataset and keyword arguments for `data.selection.select`; a category
    or focus name the data lacks exits 2 with what the data offers instead (--at and
    --kind were checked as they were parsed).
    """
    from ..data.selection import check_categories
    from ..errors import QueryProblem

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    try:
        check_categories(dataset, category or ())
    except QueryProblem as problem:
        fail_usage(str(problem))
    focus_id = resolve_or_exit(dataset, focus).id if focus is not None else None
    return dataset, {"focus": focus_id, "depth": depth, "at": at,
                     "categories": category or (), "kinds": kind or (),
                     "hide_documents": hide_documents}


def in_folder(out: str, default_name: str) -> Path:
    """`out` as the file to write: an existing folder, or a name ending in a path
    separator (a folder to create), gets `default_name` inside it."""
    if out.endswith(("/", os.sep)) or Path(out).is_dir():
        return Path(out) / default_name
    return Path(out)


@app.command()
def build(
    data: DataDir = Path("data"),
    out: OutDir = Path("output"),
    title: Annotated[str, typer.Option(help="Title of the HTML page.")] = "orgmap",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Validate the data and write every output into --out: orgmap.html, orgmap.graphml,
    orgmap.gexf, nodes.csv, edges.csv, orgmap.json and, with Graphviz installed and at
    most 120 bodies, the org chart figure orgchart.svg (otherwise a one-line note).

    The outputs are one set: each is written to a temporary file first and all are
    renamed into place together, so a failed or interrupted run (Ctrl-C, SIGTERM)
    leaves the previous set as it was, never a mix; nothing is written when the data
    has errors. A second build into the same folder while one runs fails at once.
    Other files in --out are left alone.

    Example: orgmap build --data data --out output --title "China's cyber policy system"
    """
    from ..atomic import write_set
    from ..export.formats import EXPORT_FILES, export_files
    from ..page.figure import BUILD_FIGURE, build_figure
    from ..page.network import render_html

    if out.exists() and not out.is_dir():
        fail_usage(f"--out is the folder to write into; '{out}' is a file")
    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    for warning in dataset.warnings:
        typer.echo(str(warning), err=True)
    files = [(PAGE_FILE, lambda: render_html(dataset, title=title)), *export_files(dataset)]
    figure = build_figure(dataset, title=title)
    if isinstance(figure, bytes):
        files.append((BUILD_FIGURE, lambda: figure))
    from ..progress import on_terminal

    with writing(out), on_terminal():
        # Every name build writes: one an earlier build wrote and this one does not is removed.
        written = write_set(out, files, owned=(PAGE_FILE, *EXPORT_FILES, BUILD_FIGURE))
    typer.echo(f"{len(dataset.entities)} entities, {len(dataset.edges)} edges")
    for path in written:
        typer.echo(f"wrote {path}")
    if isinstance(figure, str):
        typer.echo(figure, err=True)


@app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml (Gephi, yEd, Cytoscape, "
                                     "igraph), gexf (Gephi with a timeline), csv (nodes.csv "
                                     "and edges.csv), json (node-link, for D3), cypher (a "
                                     "script for Neo4j, Memgraph or FalkorDB), neo4j-csv "
                                     "(neo4j-admin import files), sqlite (for Datasette), "
                                     "ftm (FollowTheMoney JSON lines) or popolo (Popolo "
                                     "JSON).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write; an existing "
                                             "directory gets the default file name. For csv "
                                             "and neo4j-csv, the directory that gets the two "
                                             "tables. "
                                             "Default: under output/, named after the "
                                             "selection.")] = None,
    focus: Focus = None,
    depth: Depth = 1,
    at: At = None,
    category: Categories = None,
    kind: Kinds = None,
    hide_documents: HideDocuments = False,
    dialect: Annotated[Dialect, typer.Option(help="For cypher: the database the script is "
                                             "for: its schema statements (the index or "
                                             "constraint on :Entity(id)) and, for falkordb, "
                                             "each batch as a query parameter.")
                       ] = DEFAULT_CYPHER_DIALECT,
    network: Annotated[str, typer.Option("--network", help=NETWORK_HELP)] = "entities",
    data: DataDir = Path("data"),
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Write the network, or the part of it selected, for another tool.

    Takes the same selections as render, so you can export exactly the subgraph you
    looked at. With --at, relations the dates cannot rule out are kept, with status
    'maybe'. Files are UTF-8, written atomically; the same data gives the same bytes.

    Examples: orgmap export --format graphml; orgmap export -f gexf -o cyber.gexf;
    orgmap export -f csv --focus CAC --depth 2 --at 2019 -o cac-2019;
    orgmap export --network people -f gexf -o ties.gexf;
    orgmap export -f cypher --dialect falkordb -o orgmap.cypher;
    orgmap export -f sqlite --hide-documents -o orgmap.db; orgmap export -f ftm
    (docs/databases.md shows how to load each)
    """
    from ..data.selection import select
    from ..export.formats import FOLDER_WRITERS, FORMATS, default_target, write_format

    if check_network(network, ctx) == "people":
        return export_people(people_selection(data, no_cache, allow_unsourced, focus, at,
                                              category, kind), fmt, out)

    if fmt not in FORMATS:
        fail_usage(f"unknown export format '{fmt}'; use one of: {', '.join(FORMATS)}")
    dataset, selection = load_selection(data, no_cache, allow_unsourced, focus=focus,
                                        depth=depth, at=at, category=category, kind=kind,
                                        hide_documents=hide_documents)
    chosen = select(dataset, **selection)
    target = out if out is not None else default_target(
        fmt, "output", focus=selection["focus"], depth=depth, at=selection["at"],
        categories=selection["categories"], kinds=selection["kinds"],
        hide_documents=hide_documents)
    folder = fmt in FOLDER_WRITERS
    if folder and (target.suffix == ".csv" or target.is_file()):
        fail_usage(f"for {fmt}, --out is a directory (it gets the two tables), "
                   f"not '{target}'")
    if not folder and target.is_dir():
        target = target / default_target(fmt).name
    with writing(target):
        written = write_format(chosen, fmt, target, dialect=dialect.value)
    for path in written:
        typer.echo(str(path))
    typer.echo(f"{len(chosen.entities)} entities, {len(chosen.edges)} edges", err=True)


@app.command("render")
def render_command(
    ctx: typer.Context,
    out: Annotated[str | None, typer.Option(
        "--out", "-o", help="HTML file to write (an existing folder, or a name ending in "
        "'/', gets orgmap.html). Default: output/orgmap.html for everything; a selection "
        "gets a name of its own, such as output/orgmap-at-2018-state.html, so it never "
        "overwrites the full page.")
    ] = None,
    focus: Focus = None,
    depth: Depth = 1,
    at: At = None,
    category: Categories = None,
    kind: Kinds = None,
    hide_documents: HideDocuments = False,
    title: Annotated[str | None, typer.Option(help="Page title (default: orgmap).")] = None,
    view: Annotated[str, typer.Option(help="The view the page opens in: network, or chart "
                                      "(bodies in boxes on tiers of authority, people "
                                      "inside); the page switches between them.",
                                      show_default=True)] = "network",
    network: Annotated[str, typer.Option("--network", help=NETWORK_HELP)] = "entities",
    data: DataDir = Path("data"),
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Write the interactive org chart: one HTML page that works offline.

    Colour shows category and shape shows kind; lines are styled by relation type,
    with role titles as labels. Hover for a summary with sources; click an entity to
    highlight its neighbourhood and list its relations. The search box finds entities
    by id, name, alias or Chinese name. With --at, relations that may have been in force
    then are drawn faint; without it, a year control shows the network as of any year
    in the data (faint lines: possibly in force).

    Every script and style is embedded: the page makes no network request. Above 400
    entities the layout is computed in Python and physics is switched off, because
    the browser's simulation does not settle on thousands of nodes; use --focus for a
    readable view. Above 5,000 relations the commonest relation types are drawn only
    for the selected entity (the page says which).

    Examples: orgmap render; orgmap render --focus CAC --depth 2 -o cac.html;
    orgmap render --at 2018 --category state --category ccp --hide-documents;
    orgmap render --view chart --focus CAC --depth 2 -o cac-chart.html;
    orgmap render --network people --focus "Zhuang Rongwen" -o ties.html
    """
    from ..data.selection import select
    from ..export.formats import selection_stem
    from ..page.network import VIEWS, uses_fixed_layout, write_html

    if view not in VIEWS:
        fail_usage(f"unknown view '{view}'; use one of: {', '.join(VIEWS)}")

    if check_network(network, ctx) == "people":
        target = (Path("output") / "people.html" if out is None
                  else in_folder(out, "people.html"))
        return render_people(people_selection(data, no_cache, allow_unsourced, focus, at,
                                              category, kind), target, title)

    dataset, selection = load_selection(data, no_cache, allow_unsourced, focus=focus,
                                        depth=depth, at=at, category=category, kind=kind,
                                        hide_documents=hide_documents)
    chosen = select(dataset, **selection)
    if out is None:
        target = Path("output") / f"{selection_stem(**selection)}.html"
    else:
        target = in_folder(out, PAGE_FILE)
    with writing(target):
        written = write_html(dataset, target, title=title, view=view, **selection)
    typer.echo(str(written))
    typer.echo(f"{len(chosen.entities)} entities, {len(chosen.edges)} relations", err=True)
    if not chosen.entities:
        typer.echo("Warning: the selection is empty; the page shows nothing.", err=True)
    elif uses_fixed_layout(len(chosen.entities)):
        typer.echo("Large graph: positions computed in advance, physics off; "
                   "try --focus for a readable view.", err=True)
