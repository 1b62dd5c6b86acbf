"""`orgmap show`, `search` and `stats`: what the data says about one entity, or overall."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .application import app, check_format, echo_frame, fail_usage, load_or_exit, resolve_or_exit
from .options import AllowUnsourced, DataDir, Format, NoCache


@app.command()
def show(
    entity: Annotated[str, typer.Argument(help="Id, name, alias or Chinese name.")],
    data: DataDir = Path("data"),
    fmt: Format = "table",
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Everything about one entity: names, description and every relation in and out.

    Relations are grouped by type and sorted by date, each with role, dates and sources.
    For a document, every claim that cites it follows, with the locator it gives.

    Examples: orgmap show CAC; orgmap show 国家互联网信息办公室 --format json
    """
    from ..questions.describe import profile, relations_with_citations
    from ..questions.table import Table

    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    found = resolve_or_exit(dataset, entity)
    check_format(fmt)
    table = relations_with_citations(dataset, found)
    if fmt == "json":
        import json

        relations = [{c: row[c] for c in table.columns} for row in table.rows]
        body = {"entity": profile(found), "relations": relations}
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        echo_frame(table, "csv")
        return
    for key, value in profile(found).items():
        if value not in (None, "", [], {}):
            shown = "; ".join(map(str, value)) if isinstance(value, list) else value
            typer.echo(f"{key + ':':<13} {shown}")
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
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Find entities whose id, name, alias, Chinese name or description contains TEXT.

    Examples: orgmap search internet; orgmap search 网信
    """
    from ..questions.describe import search

    if not text.strip():
        fail_usage("search: give some text to look for (an empty text matches everything)")
    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    echo_frame(search(dataset, text), fmt)


@app.command("stats")
def stats_command(
    data: DataDir = Path("data"),
    fmt: Format = "table",
    top: Annotated[int, typer.Option(min=0, help="How many of the most connected entities "
                                     "to list.", show_default=True)] = 10,
    no_cache: NoCache = False,
    allow_unsourced: AllowUnsourced = False,
) -> None:
    """Counts by kind, category (with its colour) and relation type; unsourced edges;
    the most connected entities.

    Example: orgmap stats --format json
    """
    from ..questions.describe import stats

    # stats counts the unsourced edges, so it always accepts them.
    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=True)
    tables = stats(dataset, top=top)
    check_format(fmt)
    if fmt == "json":
        import json

        from .printing import records

        typer.echo(json.dumps({k: records(v) for k, v in tables.items()},
                              ensure_ascii=False, indent=2))
        return
    for title, frame in tables.items():
        if fmt == "table":
            typer.echo(f"\n{title.replace('_', ' ')}")
        else:
            typer.echo(f"# {title}")
        echo_frame(frame, fmt)
