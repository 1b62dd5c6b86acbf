"""CSV that a spreadsheet opens as text, never as a formula.

Excel, LibreOffice and Google Sheets run a cell that begins with `=`, `+`, `-`
or `@` as a formula (and a leading tab or carriage return can hide one), so a
curated name such as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` would act when
the file is opened. Every CSV orgmap writes for people therefore goes through
this module: a text cell that begins with one of those characters gets a
leading apostrophe, which spreadsheets read as "this is text". Numbers stay
numbers; JSON, GraphML and GEXF stay exact. The only CSV that may skip this is
one made solely for a database's bulk loader, which no spreadsheet reads.

`restore` undoes `neutralise` exactly, for any importer that reads such a CSV
back: a cell is prefixed when, after any apostrophes it already begins with,
it starts with a formula character, so `'=x` typed on purpose round-trips too.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(cell: str) -> str:
    """`cell`, with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + cell if _NEEDS_QUOTE.match(cell) else cell


def restore(cell: str) -> str:
    """The text `neutralise` was given: one leading apostrophe removed where it added one."""
    return cell[1:] if _QUOTED.match(cell) else cell


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text (LF line ends), every text cell neutralised, None left empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def csv_columns(header: Sequence[Any], columns: Sequence[list[Any]],
                order: Sequence[int] | None = None) -> str:
    """The same text as `csv_text([header, *rows])` for a table given by column, its
    rows taken in `order` (indexes into the columns) when one is given.

    A table of text (two columns or more, every cell a `str`) is laid out without
    the C writer: each column is turned into its cells as the writer writes them
    (`_written_cells`, which leaves alone a column that C finds nothing to change
    in) and each row joined in C, so a 200,000-row table costs a join per row.
    Other tables go through the writer row by row.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_safe(cell) for cell in header])
    if len(columns) > 1:
        try:
            cells = [_written_cells(column) for column in columns]
        except TypeError:  # a cell that is not text
            pass
        else:
            lines = list(map(",".join, zip(*cells, strict=True)))
            if order is not None:
                lines = list(map(lines.__getitem__, order))
            return buffer.getvalue() + "\n".join(lines) + ("\n" if lines else "")
    rows: Iterable[tuple[Any, ...]] = zip(*map(neutralise_column, columns), strict=True)
    if order is not None:
        rows = map(list(rows).__getitem__, order)
    writer.writerows(rows)
    return buffer.getvalue()


def neutralise_column(cells: list[Any]) -> list[Any]:
    """`cells` with every text cell neutralised (others kept), as `neutralise` does one by one.

    The cells are matched in C, and only when one of them needs an apostrophe is
    the column copied.
    """
    try:
        risky = set(filter(_NEEDS_QUOTE.match, cells))
    except TypeError:  # a cell that is not text: one by one
        return [_safe(cell) for cell in cells]
    fixed = {cell: "'" + cell for cell in risky}
    return list(map(fixed.get, cells, cells)) if fixed else cells


#: What a cell may begin with for `neutralise` to change it (apostrophes before a formula).
_FORMULA_CHARS = "'=+-@\t\r"
#: Characters besides the delimiter that make the C writer do more than wrap a cell in
#: quotes, or that it may refuse. (The line break itself is counted separately.)
_WRITER_CHARS = ('"', "\r", "\0")


def _written_cells(cells: list[str]) -> list[str]:
    """Each text cell as the C writer writes it after `neutralise`: quoted where needed.

    The column is joined with line breaks into one string, which C searches for
    cell starts that could be formulas (then `neutralise_column`) and for the
    characters the writer treats specially. A comma alone only wraps a cell in
    quotes, done here; a quote, a line break, a carriage return or NUL sends the
    column's distinct cells through the writer itself (`_written`), so the result
    is the writer's, character for character. Raises TypeError when a cell is
    not text.
    """
    joined = "\n" + "\n".join(cells)
    # A character alone is found fastest; only those present are looked for at a cell's start.
    if any("\n" + char in joined for char in _FORMULA_CHARS if char in joined):
        cells = neutralise_column(cells)  # adds apostrophes only: the search below holds
    if joined.count("\n") != len(cells) or any(char in joined for char in _WRITER_CHARS):
        distinct = list(set(cells))
        written = dict(zip(distinct, _written(distinct, joined), strict=True))
        return list(map(written.__getitem__, cells))
    if "," in joined:
        return [f'"{cell}"' if "," in cell else cell for cell in cells]
    return cells


def _written(cells: list[str], text: str) -> list[str]:
    """Each cell as the C writer writes it in a row of several, all in one call.

    Each cell is written in a row with a marker that occurs in none of them
    (`text` holds every cell), so splitting the output at the markers gives the
    cells back exactly as written, whatever quotes and line breaks they hold.
    """
    marker = "\x1f"
    while marker in text:
        marker += "\x1f"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(zip(cells, repeat(marker)))
    return buffer.getvalue().split(f",{marker}\n")[:-1]


def frame_csv(frame: pd.DataFrame, *, index: bool = False) -> str:
    """A DataFrame as CSV, its text cells and its column (and index) labels neutralised.

    Numeric columns are left to pandas, so `-3` as a number is written as `-3`.
    """
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    safe = frame.copy()
    safe.columns = [_safe(c) for c in safe.columns]
    if index:
        safe.index = safe.index.map(_safe)
        if safe.index.name is not None:
            safe.index.name = _safe(safe.index.name)
    for number in range(safe.shape[1]):
        column = safe.iloc[:, number]
        if not (is_numeric_dtype(column) or is_bool_dtype(column)):
            safe.isetitem(number, column.map(_safe))
    return safe.to_csv(index=index, lineterminator="\n")


def _safe(cell: Any) -> Any:
    return neutralise(cell) if isinstance(cell, str) else cell
