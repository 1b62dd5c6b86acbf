"""The typer app every command registers on, and the helpers commands share.

Each command parses its arguments, calls one library function and formats what
comes back. Data problems exit 1 with `file:line:col` messages; usage problems
(an unknown option, a name that matches no entity) exit 2. Heavy libraries are
imported inside the commands that need them, so `--help` stays fast.

This module knows no command: command modules import `app` from here and the
package (`orgmap.cli`) imports them, so registration runs one way.
"""

from __future__ import annotations

import importlib
import os
import stat
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.main
from typer.core import TyperGroup

from .commands import COMMANDS, EPILOG, ROOT_HELP, VERSION_HELP

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Entity
    from ..questions.table import Table


class LazyCommands(TyperGroup):
    """The root group: it knows every command from `COMMANDS` and builds one (importing
    its module, converting its signature) only when it is run or its help is shown,
    so `orgmap --help` and each command start without the other 21."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _CommandsOnDemand(dict(self.commands))

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List the commands with their summaries, as click would, without building them."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, command.summary) for name, command in COMMANDS.items()])


class _CommandsOnDemand(MutableMapping[str, Any]):
    """The group's name -> click command mapping: every name of `COMMANDS` is a key,
    and a command is built the first time it is looked up. typer's own lookups
    (`get_command`, and its 'did you mean' over the keys) work unchanged."""

    def __init__(self, built: dict[str, Any]) -> None:
        self._built = built

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = _build_command(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(1 for name in self._built if name not in COMMANDS)


def _build_command(name: str) -> Any:
    """Import the module `COMMANDS` names for `name` (it registers its commands on `app`)
    and convert that command to click, as typer does for an eagerly built group."""
    importlib.import_module(f"{__package__}.{COMMANDS[name].module}")
    for info in app.registered_commands:
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
            return typer.main.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode)
    raise LookupError(f"orgmap.cli.{COMMANDS[name].module} registers no command '{name}'")


app = typer.Typer(
    name="orgmap",
    cls=LazyCommands,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

def _show_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"orgmap {__version__}")
        raise typer.Exit()


@app.callback(help=ROOT_HELP, epilog=EPILOG)
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help=VERSION_HELP)] = False,
) -> None:
    """The options of `orgmap` itself; its help is `ROOT_HELP` (see `root_help.py`)."""


def fail_usage(message: str) -> NoReturn:
    """Print 'Error: ...' and exit 2, the code for a problem with how orgmap was called."""
    from ..errors import printable

    typer.echo(f"Error: {printable(message)}", err=True)
    raise typer.Exit(2)


@contextmanager
def writing(target: Path) -> Iterator[None]:
    """Turn a failed write (a directory where a file should go, no permission, a full
    disk) into 'Error: cannot write ...' and exit 1; the atomic writers have left any
    previous file as it was."""
    from ..errors import OutputLocked

    try:
        yield
    except OSError as error:
        typer.echo(f"Error: cannot write {error.filename or target}: "
                   f"{error.strerror or error}", err=True)
        raise typer.Exit(1) from None
    except OutputLocked as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None


def report_data_error(error: Exception) -> NoReturn:
    """Print every located problem and a count, then exit 1."""
    from ..errors import ERROR

    problems = getattr(error, "problems", [])
    for problem in problems:
        typer.echo(str(problem), err=True)
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    typer.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    raise typer.Exit(1)


def load_or_exit(data: Path, *, no_cache: bool = False, allow_unsourced: bool = False
                 ) -> Dataset:
    """Load the dataset, or report its problems and exit 1; a --data that is not a
    folder exits 2.

    Then everything alive moves to the collector's permanent generation
    (`gc.freeze`), which full collections skip: the loaded dataset lives until the
    command ends and holds no cycles, and at 200,000 edges each full collection
    that walked it took a second, striking whichever later step triggered one. A
    command may do this; the library never does it to a notebook's heap.
    """
    import gc

    from ..data.load import load
    from ..errors import DataError
    from ..progress import on_terminal

    check_data_folder(data)
    try:
        with on_terminal():
            dataset = load(data, allow_unsourced=allow_unsourced, cache=not no_cache)
    except DataError as error:
        report_data_error(error)
    gc.freeze()
    return dataset


def check_data_folder(data: Path) -> None:
    """Exit 2 unless --data names a folder (missing, a file, or a symlink loop)."""
    try:
        is_folder = stat.S_ISDIR(os.stat(data).st_mode)
    except FileNotFoundError:
        fail_usage(f"--data: there is no folder '{data}' (it should hold entities.yaml and "
                   "edges.yaml)")
    except OSError as error:
        fail_usage(f"--data: cannot read '{data}': {error.strerror}")
    if not is_folder:
        fail_usage(f"--data: '{data}' is a file; pass the folder that holds entities.yaml "
                   "and edges.yaml")


def resolve_or_exit(dataset: Dataset, name: str) -> Entity:
    """Resolve a user-given name, or exit 2 with the candidates or a suggestion."""
    from ..errors import LookupProblem

    try:
        return dataset.resolve_record(name)
    except LookupProblem as problem:
        fail_usage(str(problem))


def check_format(fmt: str) -> str:
    from .printing import FORMATS

    if fmt not in FORMATS:
        fail_usage(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    return fmt


def echo_frame(frame: pd.DataFrame | Table, fmt: str) -> None:
    """Print a DataFrame (or a plain `Table`, without pandas) in the chosen format."""
    from ..questions.table import Table
    from .printing import format_frame, format_table

    show = format_table if isinstance(frame, Table) else format_frame
    sys.stdout.write(show(frame, check_format(fmt)))
