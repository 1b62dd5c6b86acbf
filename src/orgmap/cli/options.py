"""Options shared by several commands, declared once so they read the same everywhere.

A command takes one by annotating a parameter: `data: DataDir = Path("data")`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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


At = Annotated[
    str | None,
    typer.Option("--at", metavar="DATE", help="Only what was in force during DATE (YYYY, "
                 "YYYY-MM or YYYY-MM-DD; a partial date is the whole period). Default: any "
                 "time."),
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


# The selections render and export share, so that an export matches the page it came from.
Focus = Annotated[str | None, typer.Option(help="Only this entity (id, name, alias or "
                                           "Chinese name) and its neighbourhood.")]
Depth = Annotated[int, typer.Option(min=0, help="Steps from --focus to include.",
                                    show_default=True)]
Categories = Annotated[list[str] | None, typer.Option(help="Only entities of this category "
                                                      "(repeatable).")]
Kinds = Annotated[list[str] | None, typer.Option(help="Only entities of this kind "
                                                 "(repeatable).")]
HideDocuments = Annotated[bool, typer.Option("--hide-documents", help="Leave out document "
                                             "entities; citations still name them.")]
