"""The `orgmap` command line: a thin typer skin over the library.

`application.py` holds the typer app and the helpers commands share, `options.py` the
options several commands take; each other module holds one family of commands
and registers them on `app` when imported; `commands.py` names them all, so that
`orgmap --help` lists them without importing any and `orgmap NAME` imports only
the module of NAME. Heavy libraries are imported inside the commands.
"""

from __future__ import annotations

import os
import sys

__all__ = ["app", "handle_termination", "main"]


def __getattr__(name: str) -> object:
    """`app` is imported when asked for, so `orgmap --help` does not import typer."""
    if name == "app":
        from .application import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point. A bare `orgmap --help` is printed without typer
    (`root_help.py`), which is most of what start-up would cost it."""
    handle_termination()
    try:
        if sys.argv[1:] in (["--help"], ["-h"]) and not sys.argv[0].endswith("__main__.py"):
            from .root_help import render

            sys.stdout.write(render(os.path.basename(sys.argv[0])))
            sys.stdout.flush()
            return
        from .application import app

        app()
    except BrokenPipeError:  # the reader went away (`orgmap search x | head -1`)
        _quiet_standard_output()
        raise SystemExit(1) from None
    except OSError as error:  # standard output on a full disk or /dev/full, or another I/O error
        _quiet_standard_output()
        what = "write the output" if error.filename is None else f"use {error.filename}"
        print(f"Error: cannot {what}: {error.strerror or error}", file=sys.stderr)
        raise SystemExit(1) from None


def _quiet_standard_output() -> None:
    """Point standard output at the null device, so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
