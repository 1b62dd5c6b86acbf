"""Tables for people in a terminal: fitted to its width, long cells wrapped, never cut.

Text is left-aligned and numbers right-aligned. Chinese, Japanese and Korean
characters take two columns in a terminal, so widths are counted in display
columns, not characters, and a table with Chinese names stays aligned. Columns
holding ids and numbers are never narrowed, so an id can always be copied whole;
the other columns share what is left, the widest giving way first. When the
output is not a terminal the width is `COLUMNS`, else a fixed 100, so that
documented examples print the same everywhere.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
import unicodedata

#: Width of a table when the output is not a terminal and COLUMNS is not set.
DEFAULT_WIDTH = 100
#: A narrowed column keeps at least this many display columns, or its header's width, or
#: its longest word up to LONG_WORD, so that words are broken only when they must be.
MIN_COLUMN = 12
LONG_WORD = 20
GAP = "  "


def terminal_width() -> int:
    """COLUMNS when set, else the terminal's width, else DEFAULT_WIDTH."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH


def display_width(text: str) -> int:
    """Terminal columns `text` takes: two for wide (East Asian) characters, none for
    combining marks and format characters."""
    if text.isascii():  # most cells: one column a character
        return len(text)
    return sum(map(_char_width, text))


@functools.cache
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def render_table(header: list[str], rows: list[list[str]], numeric: list[bool],
                 fixed: list[bool], width: int) -> str:
    """Lines of an aligned table at most `width` columns wide where possible."""
    widths = fit(header, rows, fixed, width)
    out = [_line([[h] for h in header], widths, numeric)]
    for row in rows:
        out.append(_line([wrap(cell, w) for cell, w in zip(row, widths, strict=True)],
                         widths, numeric))
    return "\n".join(out) + "\n"


def fit(header: list[str], rows: list[list[str]], fixed: list[bool], width: int) -> list[int]:
    """Column widths: natural where the table fits, else the wide columns narrowed."""
    natural = [max([display_width(h), *(display_width(r[i]) for r in rows)])
               for i, h in enumerate(header)]
    room = width - len(GAP) * (len(header) - 1)
    if sum(natural) <= room:
        return natural
    floor = [n if keep else min(n, max(MIN_COLUMN, display_width(h),
                                       min(LONG_WORD, _longest_word(rows, i))))
             for i, (n, keep, h) in enumerate(zip(natural, fixed, header, strict=True))]
    low, high = 0, max(natural)
    while low < high:  # the widest cap that fits
        cap = (low + high + 1) // 2
        if sum(_capped(natural, floor, cap)) <= room:
            low = cap
        else:
            high = cap - 1
    return _capped(natural, floor, low)


def _longest_word(rows: list[list[str]], column: int) -> int:
    return max((display_width(w) for r in rows for w in r[column].split(" ")), default=0)


def _capped(natural: list[int], floor: list[int], cap: int) -> list[int]:
    return [n if n == f else max(f, min(n, cap)) for n, f in zip(natural, floor, strict=True)]


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` display columns, broken at spaces where it can."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        for piece in _pieces(word, width):
            joined = f"{current} {piece}" if current else piece
            if current and display_width(joined) > width:
                lines.append(current)
                current = piece
            else:
                current = joined
    lines.append(current)
    return lines


def _pieces(word: str, width: int) -> list[str]:
    """A word too wide for the column, in column-wide pieces: after a hyphen where it
    can (`aspi-2021-chinas-` / `cyber-vision`), else anywhere (Chinese has no spaces)."""
    if display_width(word) <= width:
        return [word]
    pieces, current = [], ""
    for part in re.findall(r"[^-]*-|[^-]+$", word):
        if current and display_width(current + part) > width:
            pieces.append(current)
            current = ""
        if display_width(part) > width:
            chunks = _chunks(current + part, width)
            pieces += chunks[:-1]
            current = chunks[-1]
        else:
            current += part
    return [*pieces, current]


def _chunks(word: str, width: int) -> list[str]:
    pieces, current = [], ""
    for char in word:
        if current and display_width(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]


def _line(cells: list[list[str]], widths: list[int], numeric: list[bool]) -> str:
    height = max(len(c) for c in cells)
    lines = []
    for number in range(height):
        parts = []
        for lines_of_cell, width, right in zip(cells, widths, numeric, strict=True):
            text = lines_of_cell[number] if number < len(lines_of_cell) else ""
            pad = " " * (width - display_width(text))
            parts.append(pad + text if right else text + pad)
        lines.append(GAP.join(parts).rstrip())
    return "\n".join(lines)
