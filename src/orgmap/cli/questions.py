"""CLI commands for the questions: overlap, interlocks, path, ego, timeline, snapshot,
centrality.

Each parses its options, resolves names (an unknown or ambiguous name exits 2
with the candidates), calls one library function and prints the DataFrame:
a readable table by default, every column (ids included) with --format csv or
json. A question that cannot be asked as put (one body, a malformed date)
exits 2 like any other usage problem.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from .application import (
    app,
    check_format,
    echo_frame,
    fail_usage,
    load_or_exit,
    resolve_or_exit,
    writing,
)
from .options import (
    AllowUnsourced,
    At,
    Categories,
    DataDir,
    Depth,
    Exact,
    Format,
    Kinds,
    NoCache,
    Possible,
)

if TYPE_CHECKING:
    import pandas as pd

    from ..questions.table import Table

T = TypeVar("T")
F = TypeVar("F", "pd.DataFrame", "Table")

def ask(question: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a library question; a question that cannot be asked exits 2 with its reason."""
    from ..errors import LookupProblem, QueryProblem

    try:
        return question(*args, **kwargs)
    except (QueryProblem, LookupProblem) as problem:
        fail_usage(str(problem))


def for_people(frame: F) -> F:
    """The table view: ids dropped where a name column stands beside them."""
    columns = list(frame.columns)
    drop = [c for c in columns
            if c == "edge_id" or (c.endswith("_id") and c[: -len("_id")] in columns)]
    return frame.drop(columns=drop)


def show(frame: pd.DataFrame | Table, fmt: str) -> None:
    echo_frame(for_people(frame) if check_format(fmt) == "table" else frame, fmt)


@app.command()
def overlap(
    bodies: Annotated[list[str], typer.Argument(
        help="Two or more bodies: id, name, alias or Chinese name.", show_default=False)],
    exact: Exact = False,
    at: At = None,
    concurrent: Annotated[bool, typer.Option(
        "--concurrent", help="Only people whose roles in all the bodies were held at one "
        "same time. Default: off (at any times).")] = False,
    possible: Possible = False,
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Who holds roles in all of these bodies? One row per person (csv/json), with the
    role titles, dates and citations in each body and the exact body of each role.

    A body includes its sub-units and other nameplates unless --exact. With --at or
    --concurrent the answer depends on dates: only confirmed people are listed unless
    --possible (see docs/queries.md for the time rules).

    Examples: orgmap overlap CAC WIC; orgmap overlap cac cfis --concurrent --possible
    """
    from ..questions.overlap import overlap_table as overlap_question

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    asked = [resolve_or_exit(dataset, name) for name in bodies]
    check_format(fmt)
    # People read one line per role; machines get one row per person.
    layout = "long" if fmt == "table" else "wide"
    show(ask(overlap_question, dataset, asked, exact=exact, at=at, concurrent=concurrent,
             possible=possible, layout=layout), fmt)


@app.command()
def interlocks(
    min_shared: Annotated[int, typer.Option(
        "--min-shared", min=1, help="Only pairs sharing at least this many people.")] = 1,
    category: Categories = None,
    kind: Kinds = None,
    at: At = None,
    exact: Exact = False,
    possible: Possible = False,
    matrix: Annotated[Path | None, typer.Option(
        "--matrix", metavar="FILE", help="Also write the body-by-body shared-people matrix "
        "to FILE as CSV (diagonal: people in the body). Default: not written.",
        show_default=False)] = None,
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Every pair of bodies that share people, most shared first, with who they are.

    A role in a sub-unit or nameplate counts for the bodies containing it, and a body is
    not paired with its own sub-units or nameplates, unless --exact. --category and
    --kind choose which bodies are paired (kinds organization and event; default both).

    Examples: orgmap interlocks --min-shared 2; orgmap interlocks --kind organization
    --matrix shared.csv
    """
    from ..questions.interlocks import matrix_frame, pairs_frame, tally

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    check_format(fmt)
    counted = ask(tally, dataset, categories=category or (), kinds=kind or (), at=at,
                  exact=exact, possible=possible)
    show(pairs_frame(dataset, counted, min_shared), fmt)
    if matrix is not None:
        from ..atomic import write_atomic
        from ..safe_csv import frame_csv

        table = matrix_frame(dataset, counted, min_shared)
        with writing(matrix):
            write_atomic(matrix, frame_csv(table))
        typer.echo(f"wrote {matrix} ({len(table)} bodies)", err=True)


@app.command()
def path(
    start: Annotated[str, typer.Argument(help="Where the chains start: id, name, alias or "
                                         "Chinese name.", show_default=False)],
    goal: Annotated[str, typer.Argument(help="Where the chains end.", show_default=False)],
    max_chains: Annotated[int, typer.Option(
        "--max", min=1, help="At most this many chains, all of the shortest length.")] = 5,
    via: Annotated[list[str] | None, typer.Option(
        "--via", metavar="TYPE", help="Follow only relations of this type (repeatable), e.g. "
        "role, part_of. Default: every type.", show_default=False)] = None,
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """The shortest chains of relationships between two entities, one row per step with
    its relation, role, dates and source. Relations are followed in either direction.

    Examples: orgmap path "Jack Ma" CAC; orgmap path jack-ma cac --via role --via part_of
    """
    from ..questions.paths import path_table as path_question

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    first, last = resolve_or_exit(dataset, start), resolve_or_exit(dataset, goal)
    check_format(fmt)
    frame = ask(path_question, dataset, first, last, max_chains=max_chains, via=via or ())
    if frame.empty and fmt == "table":
        typer.echo(f"no chain links {first.id} and {last.id}"
                   + (f" through {', '.join(via)}" if via else ""))
        return
    show(frame, fmt)


@app.command()
def ego(
    entity: Annotated[str, typer.Argument(help="Id, name, alias or Chinese name.",
                                          show_default=False)],
    depth: Depth = 1,
    at: At = None,
    edges: Annotated[bool, typer.Option(
        "--edges", help="List the subgraph's edges (what render and export would draw) "
        "instead of its entities. Default: off.")] = False,
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """The neighbourhood of an entity: everything within --depth steps, nearest first, with
    what links each to the nearer ring; or with --edges, every edge among them.

    Examples: orgmap ego CAC; orgmap ego zhuang-rongwen --depth 2 --edges --format csv
    """
    from ..questions.neighbourhood import edges_table, ego_subgraph
    from ..questions.neighbourhood import ego as ego_question

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    focus = resolve_or_exit(dataset, entity)
    check_format(fmt)
    if edges:
        frame = edges_table(ask(ego_subgraph, dataset, focus, depth, at=at))
        if at is None:
            frame = frame.drop(columns=["status"])
    else:
        frame = ask(ego_question, dataset, focus, depth, at=at)
    show(frame, fmt)


@app.command()
def timeline(
    entity: Annotated[str, typer.Argument(help="A person or body: id, name, alias or "
                                          "Chinese name.", show_default=False)],
    units: Annotated[bool, typer.Option(
        "--units", help="For a body, include its sub-units and other nameplates "
        "(entity_id names the exact one). Default: off.")] = False,
    type_: Annotated[list[str] | None, typer.Option(
        "--type", metavar="TYPE", help="Only relations of this type (repeatable), e.g. role. "
        "Default: every type.", show_default=False)] = None,
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Every relation of a person or body in date order, undated ones last; for a body,
    who held which role when.

    Examples: orgmap timeline zhuang-rongwen; orgmap timeline CAC --units --type role
    """
    from ..questions.timeline import timeline_table as timeline_question

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    found = resolve_or_exit(dataset, entity)
    check_format(fmt)
    show(ask(timeline_question, dataset, found, units=units, types=type_ or ()), fmt)


@app.command()
def snapshot(
    at: At,
    confirmed: Annotated[bool, typer.Option(
        "--confirmed", help="Only edges confirmed in force; drop those the dates cannot "
        "rule out. Default: off (both, flagged in the status column).")] = False,
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """The graph as it stood during a date: every edge in force, each 'confirmed' or
    'possible'. Entities whose own dates rule them out drop with their edges.

    Examples: orgmap snapshot --at 2018; orgmap snapshot --at 2021-11 --confirmed -f csv
    """
    from ..questions.neighbourhood import snapshot as snapshot_question

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    check_format(fmt)
    frame = ask(snapshot_question, dataset, at, possible=not confirmed)
    sure = int((frame["status"] == "confirmed").sum())
    typer.echo(f"{len(frame)} edges in force during {at}: {sure} confirmed, "
               f"{len(frame) - sure} possible", err=True)
    show(frame, fmt)


@app.command()
def centrality(
    top: Annotated[int, typer.Option("--top", min=1, help="How many entities to list.")]
    = 20,
    by: Annotated[str, typer.Option("--by", help="Rank by betweenness (brokers between "
                                    "otherwise separate parts) or degree (distinct "
                                    "neighbours).")] = "betweenness",
    kind: Kinds = None,
    sample: Annotated[int | None, typer.Option(
        "--sample", min=1, help="Estimate betweenness from this many sampled sources (fixed "
        "seed). Default: exact, or sampled on large graphs.", show_default=False)] = None,
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """The brokers: people and bodies ranked by betweenness and degree on the undirected
    graph of their relations.

    The graph holds people, organizations and events unless --kind says otherwise.

    Examples: orgmap centrality --top 10; orgmap centrality --by degree --kind person
    """
    from ..questions.centrality import DEFAULT_KINDS
    from ..questions.centrality import centrality as centrality_question

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    check_format(fmt)
    frame = ask(centrality_question, dataset, top=top, by=by, kinds=kind or DEFAULT_KINDS,
                sample=sample)
    typer.echo(frame.attrs["note"], err=True)
    show(frame, fmt)
