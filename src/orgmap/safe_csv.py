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


def csv_columns(header: Sequence[Any], columns: Sequence[list[Any]]) -> str:
    """The same text as `csv_text([header, *rows])` for a table given by column.

    Each column is checked by its distinct values (`neutralise_column`) and the
    rows are written by the C writer straight from the columns, so a 200,000-row
    table is not turned into 200,000 lists of checked cells first.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_safe(cell) for cell in header])
    writer.writerows(zip(*map(neutralise_column, columns), strict=True))
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
