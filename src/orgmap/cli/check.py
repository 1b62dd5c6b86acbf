"""`orgmap validate`: check the data and list every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .application import app, load_or_exit
from .options import AllowUnsourced, DataDir, NoCache


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
