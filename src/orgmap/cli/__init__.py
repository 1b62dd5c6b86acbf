"""The `orgmap` command line: a thin typer skin over the library.

`app.py` holds the typer app and the helpers commands share, `options.py` the
options several commands take; each other module holds one family of commands
and registers them on `app` when imported here. Heavy libraries are imported
inside the commands, so `orgmap --help` stays fast.
"""

from __future__ import annotations

# Importing a command module registers its commands; --help lists them in this order.
from . import check, curate, describe, outputs, questions  # noqa: F401
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
