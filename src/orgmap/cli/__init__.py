"""The `orgmap` command line: a thin typer skin over the library.

`app.py` holds the typer app and the helpers commands share, `options.py` the
options several commands take; each other module holds one family of commands
and registers them on `app` when imported here. Heavy libraries are imported
inside the commands, so `orgmap --help` stays fast.
"""

from __future__ import annotations

# Importing a command module registers its commands; --help lists them in this order.
from . import chart, check, curate, describe, outputs, questions, ties  # noqa: F401
from .app import app

__all__ = ["app", "handle_termination", "main"]


def main() -> None:
    """Console-script entry point."""
    handle_termination()
    app()


def handle_termination() -> None:
    """Treat SIGTERM (from `timeout`, a cancelled CI job, `kill`) as SIGINT is treated:
    unwind, so that temporary files are removed and a set of outputs stays whole,
    then exit 143 (128 + SIGTERM). Python's default would end the process at once.

    Set by the program, never by the library: a notebook keeps its own handlers.
    """
    import signal

    def terminate(number: int, _frame: object) -> None:
        raise SystemExit(128 + number)

    signal.signal(signal.SIGTERM, terminate)
