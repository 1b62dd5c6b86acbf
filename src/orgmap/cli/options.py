"""Options shared by several commands, declared once so they read the same everywhere.

A command takes one by annotating a parameter: `data: DataDir = Path("data")`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..vocab import KINDS
from .application import fail_usage

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


def parse_date(param: typer.CallbackParam, value: str | None) -> Any:
    """--at, --from and --to, read the same way by every command: a PartialDate (or None),
    or exit 2 naming the option and saying what a date looks like. (Typed Any because
    typer reads this signature at run time, and importing the dates module would slow
    --help.)"""
    if value is None:
        return None
    from ..data.dates import parse_partial_date
    from ..errors import DateFormatError

    try:
        return parse_partial_date(value)
    except DateFormatError as problem:
        fail_usage(f"{param.opts[0]}: {problem}")


def check_kinds(values: list[str] | None) -> list[str] | None:
    """--kind, checked the same way by every command: an unknown kind exits 2 listing
    the vocabulary's kinds."""
    from ..errors import QueryProblem
    from ..vocab import check_kinds as check

    try:
        check(values or ())
    except QueryProblem as problem:
        fail_usage(str(problem))
    return values


At = Annotated[
    str | None,
    typer.Option("--at", metavar="DATE", callback=parse_date,
                 help="Only what was in force during DATE: YYYY, YYYY-MM or YYYY-MM-DD (a "
                 "partial date is the whole period)."),
]
From = Annotated[
    str,
    typer.Option("--from", metavar="DATE", callback=parse_date,
                 help="First date of the range (YYYY, YYYY-MM or YYYY-MM-DD): from its "
                 "first day.", show_default=False),
]
To = Annotated[
    str,
    typer.Option("--to", metavar="DATE", callback=parse_date,
                 help="Last date of the range: to its last day.", show_default=False),
]
Exact = Annotated[
    bool,
    typer.Option("--exact", help="Count only roles in exactly each body, not in its "
                 "sub-units (part_of) or other nameplates. Default: off (they count)."),
]
Possible = Annotated[
    bool,
    typer.Option("--possible", help="Also list what the dates cannot rule out, marked "
                 "'possible'. Default: off (confirmed only)."),
]
Focus = Annotated[str | None, typer.Option("--focus", help="Only this entity (id, name, alias "
                                           "or Chinese name) and its neighbourhood.")]
Depth = Annotated[int, typer.Option("--depth", min=0, help="How many steps out from the "
                                    "focus to include.", show_default=True)]
Categories = Annotated[list[str] | None, typer.Option(
    "--category", metavar="CATEGORY", help="Only entities of this category (repeatable). "
    "Default: every category.", show_default=False)]
Kinds = Annotated[list[str] | None, typer.Option(
    "--kind", metavar="KIND", callback=check_kinds, help="Only entities of this kind "
    f"(repeatable): {', '.join(KINDS)}.", show_default=False)]
HideDocuments = Annotated[bool, typer.Option("--hide-documents", help="Leave out document "
                                             "entities; citations still name them.")]
