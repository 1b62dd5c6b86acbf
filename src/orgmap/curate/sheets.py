"""Rows of a CSV file or an .xlsx workbook, as text cells with their positions.

A spreadsheet cell holding a real date becomes `YYYY-MM-DD` (a researcher who
means a month types the cell as text, `2018-05`); a whole number such as 2018
stays `2018`, never `2018.0`. CSV cells are text already; a leading apostrophe
that a formula-safe export put before `=`, `+`, `-` or `@` is removed again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..safe_csv import restore


class SheetProblem(Exception):
    """The file cannot be read as a spreadsheet of rows."""


@dataclass
class Sheet:
    """The header (stripped) and the data rows, each with its 1-based row number."""

    display: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_sheet(path: Path, display: str) -> Sheet:
    """Read a .csv or .xlsx file; SheetProblem says plainly what is wrong."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise SheetProblem(f"{display}: orgmap imports .csv and .xlsx files; save the sheet "
                           "as one of them (in Excel: File > Save As > 'CSV UTF-8' or "
                           "'Excel Workbook')")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SheetProblem(f"{display}: cannot read the file: {error.strerror}") from None
    rows = _xlsx_rows(data, display) if suffix == ".xlsx" else _csv_rows(data, display)
    numbered = [(n, cells) for n, cells in enumerate(rows, 1) if any(c.strip() for c in cells)]
    if not numbered:
        raise SheetProblem(f"{display}: the sheet is empty; the first row should name the "
                           "fields (e.g. from, to, type, role, start, source)")
    header = numbered[0][1]
    return Sheet(display, [h.strip() for h in header], numbered[1:])


def _csv_rows(data: bytes, display: str) -> list[list[str]]:
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise SheetProblem(f"{display}: this is not a CSV file (it looks like a binary "
                           "workbook); save it as CSV UTF-8, or name it .xlsx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SheetProblem(f"{display}:{line}: byte 0x{data[exc.start]:02x} is not UTF-8; "
                           "save the sheet as 'CSV UTF-8'") from None
    try:
        return [[restore(c) for c in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise SheetProblem(f"{display}: not a readable CSV file: {error}") from None


def _xlsx_rows(data: bytes, display: str) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SheetProblem(f"{display}: this is not an .xlsx workbook ({error}); open it in "
                           "a spreadsheet program and save it as 'Excel Workbook (.xlsx)' "
                           "or as CSV") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    """A cell as orgmap text: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
