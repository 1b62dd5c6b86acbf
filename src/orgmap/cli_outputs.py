"""CLI commands that write files: build, render, export."""

from __future__ import annotations

from pathlib import Path

from .cli import DataDir, NoCache, OutDir, app, load_or_exit


@app.command()
def build(
    data: DataDir = Path("data"),
    out: OutDir = Path("output"),
    no_cache: NoCache = False,
) -> None:
    """Validate the data and write every output into --out.

    Example: orgmap build --data data --out output
    """
    dataset = load_or_exit(data, no_cache=no_cache)
    out.mkdir(parents=True, exist_ok=True)
    print(f"{len(dataset.entities)} entities, {len(dataset.edges)} edges validated")
