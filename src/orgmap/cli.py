"""The `orgmap` command line: a thin typer skin over the library.

Each command parses its arguments, calls one library function and formats what
comes back. Data problems exit 1 with `file:line:col` messages; usage problems
(an unknown option, a name that matches no entity) exit 2. Heavy libraries are
imported inside the commands that need them, so `--help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset
    from .model import Entity
    from .table import Table

app = typer.Typer(
    name="orgmap",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataDir = Annotated[
    Path,
    typer.Option("--data", "-d", help="Directory holding entities.yaml and edges.yaml.",
                 show_default=True),
]
OutDir = Annotated[
    Path, typer.Option("--out", "-o", help="Directory to write output files into.",
                       show_default=True),
]
Format = Annotated[
    str,
    typer.Option("--format", "-f", help="Output format: table (for people), csv or json.",
                 show_default=True),
]
NoCache = Annotated[
    bool,
    typer.Option("--no-cache", help="Re-read and re-validate the files instead of using "
                 "the cache of validated data (also ORGMAP_NO_CACHE=1).", show_default=True),
]
AllowUnsourced = Annotated[
    bool,
    typer.Option("--allow-unsourced", help="Accept edges without sources (while drafting).",
                 show_default=True),
]


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"orgmap {__version__}")
        raise typer.Exit()


@app.callback(epilog="Start with: orgmap validate; orgmap build; orgmap show CAC. "
              "Each command has --help with examples.")
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Map institutional power: validate curated YAML of bodies, people and roles, ask who
    interlocks with whom, and render an offline org chart and Gephi-ready graphs."""


def fail_usage(message: str) -> NoReturn:
    """Print 'Error: ...' and exit 2, the code for a problem with how orgmap was called."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(2)


@contextmanager
def writing(target: Path) -> Iterator[None]:
    """Turn a failed write (a directory where a file should go, no permission, a full
    disk) into 'Error: cannot write ...' and exit 1; the atomic writers have left any
    previous file as it was."""
    try:
        yield
    except OSError as error:
        typer.echo(f"Error: cannot write {error.filename or target}: "
                   f"{error.strerror or error}", err=True)
        raise typer.Exit(1) from None


def report_data_error(error: Exception) -> NoReturn:
    """Print every located problem and a count, then exit 1."""
    from .problems import ERROR

    problems = getattr(error, "problems", [])
    for problem in problems:
        typer.echo(str(problem), err=True)
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    typer.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    raise typer.Exit(1)


def load_or_exit(data: Path, *, no_cache: bool = False, allow_unsourced: bool = False
                 ) -> Dataset:
    """Load the dataset, or report its problems and exit 1."""
    from .dataset import load
    from .problems import DataError

    try:
        return load(data, allow_unsourced=allow_unsourced, cache=not no_cache)
    except DataError as error:
        report_data_error(error)


def resolve_or_exit(dataset: Dataset, name: str) -> Entity:
    """Resolve a user-given name, or exit 2 with the candidates or a suggestion."""
    from .problems import LookupProblem

    try:
        return dataset.resolve_record(name)
    except LookupProblem as problem:
        fail_usage(str(problem))


def check_format(fmt: str) -> str:
    from .tables import FORMATS

    if fmt not in FORMATS:
        fail_usage(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    return fmt


def echo_frame(frame: pd.DataFrame | Table, fmt: str) -> None:
    """Print a DataFrame (or a plain `Table`, without pandas) in the chosen format."""
    from .table import Table
    from .tables import format_frame, format_table

    show = format_table if isinstance(frame, Table) else format_frame
    sys.stdout.write(show(frame, check_format(fmt)))


@app.command()
def validate(
    data: DataDir = Path("data"),
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too (e.g. an "
                                         "entity nothing connects to).")] = False,
    allow_unsourced: AllowUnsourced = False,
    no_cache: NoCache = False,
) -> None:
    """Check the data and list every problem as file:line:col.

    Exit code 0 when the data is valid, 1 when it has errors (or warnings with
    --strict).

    Example: orgmap validate --data data --strict
    """
    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    for warning in dataset.warnings:
        typer.echo(str(warning), err=True)
    summary = (f"{len(dataset.entities)} entities, {len(dataset.edges)} edges: "
               f"0 errors, {len(dataset.warnings)} warning(s)")
    if strict and dataset.warnings:
        typer.echo(summary + " (--strict: warnings fail)", err=True)
        raise typer.Exit(1)
    typer.echo(summary)


@app.command()
def show(
    entity: Annotated[str, typer.Argument(help="Id, name, alias or Chinese name.")],
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
) -> None:
    """Everything about one entity: names, description and every relation in and out.

    Relations are grouped by type and sorted by date, each with role, dates and sources.

    Examples: orgmap show CAC; orgmap show 国家互联网信息办公室 --format json
    """
    from .describe import profile, relations_table
    from .table import Table

    dataset = load_or_exit(data, no_cache=no_cache)
    found = resolve_or_exit(dataset, entity)
    check_format(fmt)
    if fmt == "json":
        import json

        relations = relations_table(dataset, found)
        body = {"entity": profile(found),
                "relations": [{c: row[c] for c in relations.columns} for row in relations.rows]}
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        echo_frame(relations_table(dataset, found), "csv")
        return
    for key, value in profile(found).items():
        if value not in (None, "", [], {}):
            shown = "; ".join(map(str, value)) if isinstance(value, list) else value
            typer.echo(f"{key + ':':<13} {shown}")
    table = relations_table(dataset, found)
    groups: dict[str, list[dict]] = {}
    for row in table.rows:
        groups.setdefault(row["relation"], []).append(row)
    for relation, rows in groups.items():
        typer.echo(f"\n{relation} ({len(rows)})")
        group = Table(table.columns, rows)
        echo_frame(group.drop(columns=["relation", "type", "other_id", "edge_id"]), "table")


@app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Text to look for (case- and width-insensitive).")],
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
) -> None:
    """Find entities whose id, name, alias, Chinese name or description contains TEXT.

    Examples: orgmap search internet; orgmap search 网信
    """
    from .describe import search

    dataset = load_or_exit(data, no_cache=no_cache)
    echo_frame(search(dataset, text), fmt)


@app.command("stats")
def stats_command(
    data: DataDir = Path("data"),
    fmt: Format = "table",
    top: Annotated[int, typer.Option(help="How many of the most connected entities to list.",
                                     show_default=True)] = 10,
    no_cache: NoCache = False,
) -> None:
    """Counts by kind, category (with its colour) and relation type; unsourced edges;
    the most connected entities.

    Example: orgmap stats --format json
    """
    from .describe import stats

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=True)
    tables = stats(dataset, top=top)
    check_format(fmt)
    if fmt == "json":
        import json

        from .tables import records

        typer.echo(json.dumps({k: records(v) for k, v in tables.items()},
                              ensure_ascii=False, indent=2))
        return
    for title, frame in tables.items():
        if fmt == "table":
            typer.echo(f"\n{title.replace('_', ' ')}")
        else:
            typer.echo(f"# {title}")
        echo_frame(frame, fmt)


def main() -> None:
    """Console-script entry point."""
    app()


# Commands for questions and outputs live in their own modules and register on `app`.
from . import cli_outputs, cli_queries  # noqa: E402, F401

if __name__ == "__main__":
    main()
