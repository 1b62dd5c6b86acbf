"""`orgmap --help` printed without importing typer.

typer's own import is most of what `orgmap --help` costs (about two thirds of
its instructions), and the root help needs nothing from it: it is the usage
line, `ROOT_HELP`, two options and the table of commands. This lays them out
exactly as typer's (click's) help formatter does, for any terminal width;
`tests/test_cli.py` compares the two byte for byte at several widths, so the
two cannot drift apart. Anything but a bare `--help`/`-h` goes to typer.
"""

from __future__ import annotations

import shutil
import textwrap

from .commands import COMMANDS, EPILOG, ROOT_HELP, VERSION_HELP

#: The options of the root command, as its help lists them.
OPTIONS = (("--version", VERSION_HELP), ("-h, --help", "Show this message and exit."))


def render(prog: str = "orgmap", columns: int | None = None) -> str:
    """The root help as typer prints it on a terminal `columns` wide."""
    if columns is None:
        columns = shutil.get_terminal_size().columns
    width = max(min(columns, 80) - 2, 50)
    out = [_wrap("COMMAND [ARGS]...", width, f"Usage: {prog} [OPTIONS] "), "\n"]
    out += ["\n", _wrap(ROOT_HELP, width, "  ", "  "), "\n"]
    for heading, rows in (("Options", OPTIONS),
                          ("Commands", [(n, c.summary) for n, c in COMMANDS.items()])):
        out += ["\n", f"{heading}:\n", *_definitions(rows, width)]
    out += ["\n", _wrap(EPILOG, width, "  ", "  "), "\n"]
    return "".join(out)


def _definitions(rows: list[tuple[str, str]] | tuple[tuple[str, str], ...], width: int,
                 indent: int = 2) -> list[str]:
    """click's `write_dl`: a first column up to 30 wide, the text wrapped beside it."""
    first_col = min(max(len(first) for first, _ in rows), 30) + 2
    out = []
    for first, second in rows:
        out.append(f"{'':>{indent}}{first}")
        if len(first) <= first_col - 2:
            out.append(" " * (first_col - len(first)))
        else:
            out.append("\n" + " " * (first_col + indent))
        lines = _wrap(second, max(width - first_col - 2, 10)).splitlines()
        out.append(f"{lines[0]}\n")
        out += [f"{'':>{first_col + indent}}{line}\n" for line in lines[1:]]
    return out


class _Wrapper(textwrap.TextWrapper):
    """click's wrapper: a word longer than the line is cut where the line ends."""

    def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str],
                          cur_len: int, width: int) -> None:
        space_left = max(width - cur_len, 1)
        last = reversed_chunks[-1]
        cur_line.append(last[:space_left])
        reversed_chunks[-1] = last[space_left:]


def _wrap(text: str, width: int, initial: str = "", subsequent: str = "") -> str:
    return _Wrapper(width, initial_indent=initial, subsequent_indent=subsequent,
                    replace_whitespace=False).fill(text)
