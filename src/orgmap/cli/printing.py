"""Turn a DataFrame into what the CLI prints: a readable table, CSV or JSON.

Machine formats keep every column (ids included); the table view is for
people and may be narrower.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from ..questions.table import Table

FORMATS = ("table", "csv", "json")


def format_frame(frame: pd.DataFrame, fmt: str = "table", *, width: int | None = None) -> str:
    """Render `frame` as an aligned text table (`width` columns wide at most where it
    can, by default the terminal's), CSV or JSON records."""
    if fmt == "csv":
        from ..safe_csv import frame_csv

        return frame_csv(frame)
    if fmt == "json":
        import json

        return json.dumps(records(frame), ensure_ascii=False, indent=2) + "\n"
    if frame.empty:
        return "(no rows)\n"
    return _table(frame, width)


def _table(frame: pd.DataFrame, width: int | None) -> str:
    """Fitted to the terminal (see `table`): ids and numbers whole, long text wrapped."""
    from pandas.api.types import is_bool_dtype, is_float_dtype, is_numeric_dtype

    from .table import render_table, terminal_width

    header = [str(c) for c in frame.columns]
    numeric = [is_numeric_dtype(frame[c]) and not is_bool_dtype(frame[c])
               for c in frame.columns]
    fixed = [n or h == "id" or h.endswith("_id") for n, h in zip(numeric, header, strict=True)]
    shown = frame.astype(object).where(frame.notna(), "")
    rows = []
    for values in shown.itertuples(index=False):
        rows.append([_number(v) if is_float_dtype(frame[c]) and v != "" else
                     _one_line(_cell(v)) for v, c in zip(values, frame.columns,
                                                                strict=True)])
    return render_table(header, rows, numeric, fixed, width or terminal_width())


def _number(value: Any) -> str:
    return f"{value:.6f}"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: missing values become null, numpy scalars plain."""
    rows = []
    for row in frame.to_dict(orient="records"):
        rows.append({k: _plain(v) for k, v in row.items()})
    return rows


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def format_table(table: Table, fmt: str = "table", *, width: int | None = None) -> str:
    """As `format_frame` on `table.frame()`, character for character, without pandas.

    Answers of text and whole numbers (what overlap, timeline, path and show
    print) are laid out here as `format_frame` lays out their DataFrames; any
    other answer goes through pandas.
    """
    numeric = _plain_columns(table)
    if numeric is None:
        return format_frame(table.frame(), fmt, width=width)
    if fmt == "csv":
        from ..safe_csv import csv_text

        return csv_text([table.columns, *([row[c] for c in table.columns]
                                          for row in table.rows)])
    if fmt == "json":
        import json

        return json.dumps([{c: row[c] for c in table.columns} for row in table.rows],
                          ensure_ascii=False, indent=2) + "\n"
    if table.empty:
        return "(no rows)\n"
    from .table import render_table, terminal_width

    header = [str(c) for c in table.columns]
    fixed = [n or h == "id" or h.endswith("_id") for n, h in zip(numeric, header, strict=True)]
    rows = [[_one_line(_cell("" if row[c] is None else row[c])) for c in table.columns]
            for row in table.rows]
    return render_table(header, rows, numeric, fixed, width or terminal_width())


def _plain_columns(table: Table) -> list[bool] | None:
    """Per column, whether it holds whole numbers (else text, or None); None when some
    column holds anything else, or both numbers and gaps (pandas makes those floats)."""
    numeric = []
    for column in table.columns:
        kinds = {type(row[column]) for row in table.rows}
        if kinds and kinds <= {int}:
            numeric.append(True)
        elif kinds <= {str, type(None)}:
            numeric.append(False)
        else:
            return None
    return numeric
