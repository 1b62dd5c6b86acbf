"""Turn a DataFrame into what the CLI prints: a readable table, CSV or JSON.

Machine formats keep every column (ids included); the table view is for
people and may be narrower.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..text import shorten

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json")


def format_frame(frame: pd.DataFrame, fmt: str = "table", *, max_width: int = 60) -> str:
    """Render `frame` as an aligned text table, CSV or JSON records."""
    if fmt == "csv":
        from ..safe_csv import frame_csv

        return frame_csv(frame)
    if fmt == "json":
        return json.dumps(records(frame), ensure_ascii=False, indent=2) + "\n"
    if frame.empty:
        return "(no rows)\n"
    shown = frame.astype(object).where(frame.notna(), "")
    shown = shown.map(lambda v: shorten(_one_line(_cell(v)), max_width))
    return shown.to_string(index=False) + "\n"


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
