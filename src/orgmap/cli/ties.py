"""`orgmap ties`: who served together, where and when.

A thin layer over `orgmap.questions.ties`: it parses the options, prints the
pairs and, with --matrix, writes the person × person matrix.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .application import app, check_format, fail_usage, load_or_exit, writing
from .options import AllowUnsourced, At, DataDir, Exact, Format, NoCache, Possible
from .questions import ask, show

if TYPE_CHECKING:
    from ..data.dates import PartialDate
    from ..questions.tie_network import PeopleNetwork


@app.command()
def ties(
    people: Annotated[list[str] | None, typer.Argument(
        metavar="PERSON", help="Only pairs involving these people (id, name, alias or "
        "Chinese name). Default: every pair.", show_default=False)] = None,
    at: At = None,
    begin: Annotated[str | None, typer.Option(
        "--from", metavar="DATE", help="Only ties in force at some time from DATE (with "
        "--to: in that range). Default: any time.", show_default=False)] = None,
    end: Annotated[str | None, typer.Option(
        "--to", metavar="DATE", help="Only ties in force at some time up to DATE (the whole "
        "of a partial date).", show_default=False)] = None,
    exact: Exact = False,
    category: Annotated[list[str] | None, typer.Option(
        "--category", help="Only bodies of this category (repeatable). Default: all.",
        show_default=False)] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="Only bodies of this kind: organization or event (repeatable). "
        "Default: both.", show_default=False)] = None,
    min_shared: Annotated[int, typer.Option(
        "--min-shared", min=1, help="Only pairs sharing at least this many bodies.")] = 1,
    possible: Possible = False,
    matrix: Annotated[Path | None, typer.Option(
        "--matrix", metavar="FILE", help="Also write the person × person matrix to FILE as "
        "CSV: people in name order, the diagonal 0; refused above 3,000 people. Default: "
        "not written.", show_default=False)] = None,
    weight: Annotated[str, typer.Option(
        "--weight", help="What the matrix counts: bodies (shared bodies) or years (years "
        "served together).")] = "bodies",
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Pairs of people who held roles or memberships in one body at one same time: the
    bodies they shared, when both were there, and whether the dates confirm it.

    Sorted by the number of shared bodies, then years together, then names. A role in a
    sub-unit or nameplate counts for the bodies containing it, unless --exact; each pair
    is listed in the most specific body both roles count for.

    Examples: orgmap ties "Zhuang Rongwen"; orgmap ties --at 2021 --possible;
    orgmap ties --exact --min-shared 2 --matrix ties.csv --weight years
    """
    from ..questions.ties import matrix_of
    from ..questions.ties import ties as ties_question

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    check_format(fmt)
    pairs = ask(ties_question, dataset, people or (), at=at, begin=begin, end=end,
                exact=exact, categories=category or (), kinds=kind or (),
                min_shared=min_shared, possible=possible)
    table = None if matrix is None else ask(matrix_of, dataset, pairs, weight=weight)
    # Years to one decimal in the table, as computed; the machine formats keep the number.
    show(pairs.assign(years=pairs["years"].map("{:.1f}".format)) if fmt == "table" else pairs,
         fmt)
    if matrix is not None and table is not None:
        from ..atomic import write_atomic
        from ..safe_csv import frame_csv

        with writing(matrix):
            write_atomic(matrix, frame_csv(table))
        typer.echo(f"wrote {matrix} ({len(table)} people)", err=True)


NETWORKS = ("entities", "people")
NETWORK_HELP = ("entities (the map: every entity and relation) or people (ties: people "
                "joined by the bodies they served in together, with the same selections as "
                "`orgmap ties`: --focus a person, --at a date, --category/--kind of bodies; "
                "--depth, --hide-documents, --dialect and --view chart do not apply to it).")


def check_network(network: str, ctx: typer.Context | None = None) -> str:
    """The --network asked for, or exit 2 naming the choices.

    For the people network, an option of the map's selections given on the
    command line that has no meaning for ties (`--depth`, `--hide-documents`,
    `--dialect`, `--view`) is refused with exit 2 rather than silently ignored.
    """
    if network not in NETWORKS:
        fail_usage(f"unknown network '{network}'; use one of: {', '.join(NETWORKS)}")
    if network == "people" and ctx is not None:
        for name, why in PEOPLE_UNUSED.items():
            source = ctx.get_parameter_source(name)
            given = source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")
            if given and (
                    ctx.params.get(name) != PEOPLE_HARMLESS.get(name)):
                fail_usage(f"--{name.replace('_', '-')} does not apply to --network people "
                           f"({why})")
    return network


#: Options of render and export the people network cannot honour, and why.
PEOPLE_UNUSED = {
    "depth": "it has the ties of --focus, one step; `orgmap ties` lists them",
    "hide_documents": "it has only people",
    "dialect": "it is written as graphml, gexf, csv or json",
    "view": "the chart view is for bodies",
}
#: Values of those options that ask for what the people network does anyway.
PEOPLE_HARMLESS = {"view": "network"}


def people_selection(data: Path, no_cache: bool, allow_unsourced: bool, focus: str | None,
                     at: PartialDate | None, category: list[str] | None,
                     kind: list[str] | None) -> PeopleNetwork:
    """The people network for render and export's shared options, or exit 2."""
    from ..questions.tie_network import people_network

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    return ask(people_network, dataset, [focus] if focus else (), at=at,
               categories=category or (), kinds=kind or ())


def export_people(network: PeopleNetwork, fmt: str, out: Path | None) -> None:
    """Write the people network in `fmt` (to output/people.* by default) and say where."""
    from ..export.people import DEFAULT_NAMES, FORMATS, write_people

    if fmt not in FORMATS:
        fail_usage(f"unknown export format '{fmt}'; use one of: {', '.join(FORMATS)}")
    target = out if out is not None else Path("output") / DEFAULT_NAMES.get(fmt, "")
    if fmt == "csv" and (target.suffix == ".csv" or target.is_file()):
        fail_usage(f"for csv, --out is a directory (it gets people-nodes.csv and "
                   f"people-edges.csv), not '{target}'")
    if fmt != "csv" and target.is_dir():
        target = target / DEFAULT_NAMES[fmt]
    with writing(target):
        written = write_people(network, fmt, target)
    for path in written:
        typer.echo(str(path))
    typer.echo(f"{len(network.people)} people, {len(network.pairs)} ties", err=True)


def render_people(network: PeopleNetwork, target: Path, title: str | None) -> None:
    """Draw the people network in the page's network view."""
    from ..page.network import write_html
    from ..questions.tie_network import as_dataset

    with writing(target):
        written = write_html(as_dataset(network), target, title=title or "orgmap: ties",
                             ties=True)
    typer.echo(str(written))
    typer.echo(f"{len(network.people)} people, {len(network.pairs)} ties", err=True)
    if not network.people:
        typer.echo("Warning: no ties; the page shows nothing.", err=True)
