"""Checks on a data file's bytes before any YAML parser sees them.

The fast parser (yaml-rs) is trusted with text only after three cheap scans,
each a few C-speed passes over the bytes (about a tenth of a second for 35 MB):

* **Forbidden characters.** YAML forbids control characters other than tab and
  line breaks; yaml-rs stops reading at an unquoted NUL and returns what came
  before it, so one stray byte could silently drop every item after it. Each
  forbidden character is reported at its line and column.
* **Nesting depth.** yaml-rs recurses once per level of block nesting and has
  no limit of its own: about 10,000 levels (a 24 KB file) overflow the stack
  and kill the process. Lists and mappings nested deeper than `MAX_DEPTH` are
  refused; a cheap bound proves ordinary files far below it, and only a file
  the bound cannot clear is measured exactly with PyYAML's event parser.
* **Item count.** The items of a top-level block list each start with `-` at
  the list's column; `count_items` counts those lines without a YAML parser,
  so that a file can never yield fewer items than it holds without an error.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..errors import Problem

#: How deeply lists and mappings may nest. Curated data needs about six levels
#: (the file's list, an item, its `sources`, a citation, ...); the limit leaves
#: ample room while keeping yaml-rs's recursion far from the stack's end, even
#: on a thread with a small stack (a 256 KB stack overflows near 400 levels).
MAX_DEPTH = 100
#: How many forbidden characters are listed before the rest are only counted.
_SHOWN = 20

# C0 controls except tab, line feed and carriage return, and DEL: as bytes.
_C0 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_C0 = bytes(b for b in range(256) if b not in _C0)
# C1 controls (U+0080 to U+009F, NEL included) and the non-characters U+FFFE, U+FFFF.
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_NONCHAR = re.compile(rb"\xef\xbf[\xbe\xbf]")
_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")

# Bytes that can make up a line's structural prefix (indentation and the block
# indicators `-`, `?`, `:`) become a space, line breaks a newline, all else `x`.
_PREFIX_MAP = bytes.maketrans(b" \t-?:\r", b"     \n")
_PREFIX_TABLE = bytes(
    c if c in (0x20, 0x0A) else ord("x") for c in _PREFIX_MAP
)
_BRACKETS_ONLY = bytes(b for b in range(256) if b not in b"[]{}")
_SQUARE = bytes.maketrans(b"{}", b"[]")


# -- forbidden characters ------------------------------------------------------------

def forbidden_characters(data: bytes, display: str) -> list[Problem]:
    """Every control character YAML forbids (the first `_SHOWN`), at its line:column.

    Tab, line feed and carriage return are allowed; so is every printable
    character. Escapes such as `"\\e"` in quoted text are not bytes and are
    checked after parsing (`control_characters_in`).
    """
    if not (data.translate(None, _NOT_C0) or _C1.search(data) or _NONCHAR.search(data)):
        return []
    problems = []
    for count, match in enumerate(_FORBIDDEN.finditer(data)):
        if count == _SHOWN:
            rest = sum(1 for _ in _FORBIDDEN.finditer(data, match.start()))
            problems.append(Problem(display, f"and {rest} more forbidden characters",
                                    hint="remove them all, e.g. with a text editor's "
                                    "'show invisibles'"))
            break
        char = match.group().decode("utf-8", "replace")
        line, column = position(data, match.start())
        problems.append(Problem(
            display, f"forbidden character {describe_character(char)}", line=line,
            column=column, hint="delete it: YAML allows no control character but tab "
            "and line breaks"))
    return problems


def describe_character(char: str) -> str:
    """'U+0000 (NUL)': the code point and, where Unicode has one, its name."""
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


_CONTROL_NAMES = {
    "\x00": "NUL", "\x07": "BEL", "\x08": "backspace", "\x0b": "vertical tab",
    "\x0c": "form feed", "\x1b": "ESC", "\x7f": "DEL", "\x85": "next line",
    "\r": "carriage return", "\ufffe": "not a character", "\uffff": "not a character",
}

#: Control characters a text value may not hold once its escapes are read: all C0
#: but tab and line feed, DEL and C1 (terminals obey them; GraphML and GEXF drop them).
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def control_characters_in(items: list[Any], text: str) -> list[tuple[tuple, str]]:
    """(data path, character) of each control character in a text value or key,
    the first per value; only the escapes of double-quoted text can produce them.

    Raw control bytes are already refused by `forbidden_characters`; what remains is
    `"\\e"`, `"\\x01"`, `"\\0"`, `"\\r"` and the like, so a file without a backslash
    is cleared without looking at a single value.
    """
    if "\\" not in text:
        return []
    found: list[tuple[tuple, str]] = []
    stack: list[tuple[tuple, Any]] = [((i,), item) for i, item in enumerate(items)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            match = CONTROL_IN_TEXT.search(value)
            if match:
                found.append((path, match.group()))
        elif isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(key, str) and CONTROL_IN_TEXT.search(key):
                    found.append((path, CONTROL_IN_TEXT.search(key).group()))
                stack.append(((*path, key), inner))
        elif isinstance(value, list):
            stack.extend(((*path, i), inner) for i, inner in enumerate(value))
    return sorted(found, key=lambda pair: [str(p) for p in pair[0]])


# -- nesting depth -------------------------------------------------------------------

def too_deep(data: bytes, display: str, limit: int = MAX_DEPTH) -> Problem | None:
    """A located problem when lists and mappings nest deeper than `limit`, else None.

    First a bound that costs a few passes over the bytes: block nesting adds at
    most one level per column of a line's structural prefix (its indentation
    and `- `, `? `, `: ` indicators) plus two, and flow nesting is at most the
    depth of its brackets. Only when that bound exceeds `limit` is the depth
    measured exactly, with PyYAML's event parser (which itself refuses 1,000
    levels and recurses nowhere).
    """
    flow = flow_depth_bound(data, limit)
    if flow + 2 <= limit and not has_prefix(data, limit - flow - 1):
        return None
    return _measure(data, display, limit)


def has_prefix(data: bytes, width: int) -> bool:
    """Does any line begin with `width` or more characters of structural prefix?"""
    return b"\n" + b" " * width in b"\n" + data.translate(_PREFIX_TABLE)


def flow_depth_bound(data: bytes, cap: int) -> int:
    """How deeply `[` and `{` nest, counted up to `cap + 1` (brackets in quotes too).

    Innermost pairs are removed pass by pass, so the number of passes is the depth
    of the matched brackets; brackets left unclosed add their own count.
    """
    brackets = data.translate(_SQUARE, _BRACKETS_ONLY)
    opens = brackets.count(b"[")
    if opens <= cap:
        return opens
    passes = 0
    while b"[]" in brackets:
        passes += 1
        if passes > cap:
            return cap + 1
        brackets = brackets.replace(b"[]", b"")
    return passes + brackets.count(b"[")


def _measure(data: bytes, display: str, limit: int) -> Problem | None:
    """The exact depth, from PyYAML's events: a problem at the node one level too deep.

    A syntax error met before the limit is reported instead, since the fast
    parser must not be handed a text that could not be cleared.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    hint = (f"lists and mappings may nest at most {limit} levels deep; "
            "flatten the structure")
    try:
        for event in yaml.parse(data, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    mark = event.start_mark
                    return Problem(display, f"nested more than {limit} levels deep",
                                   line=mark.line + 1, column=mark.column + 1, hint=hint)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        if "nesting depth" in str(exc.problem):
            return Problem(display, f"nested more than {limit} levels deep", line=line,
                           column=column, hint=hint)
        return Problem(display, f"YAML syntax error: {exc.problem or exc.context}",
                       line=line, column=column,
                       hint="check indentation, quotes and ':' on this line")
    except yaml.YAMLError as exc:
        return Problem(display, f"YAML error: {exc}")
    return None


# -- counting items ------------------------------------------------------------------

_FIRST_CONTENT = re.compile(rb"^([ ]*)([^ #\r\n][^\r\n]*)", re.M)
_DOCUMENT_START = re.compile(rb"---(?:[ \t]|$)")
_BOM = b"\xef\xbb\xbf"


def count_items(data: bytes) -> int | None:
    """How many items a top-level block list holds, counted without a YAML parser:
    the lines whose first character at the list's own column is `-` followed by a
    space, a tab or the line's end. None when the top level is not a block list.

    No valid YAML puts such a line anywhere but at the start of an item: block
    text, quoted text and nested lists must all be indented deeper.
    """
    column = list_column(data)
    if column is None:
        return None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    dash = b"\n" + b" " * column + b"-"
    data = b"\n" + data[3:] if data.startswith(_BOM) else b"\n" + data
    return (data.count(dash + b" ") + data.count(dash + b"\t") + data.count(dash + b"\n")
            + data.endswith(dash))


def list_column(data: bytes) -> int | None:
    """The column (0-based) of a top-level block list's dashes, or None."""
    for match in _FIRST_CONTENT.finditer(data, data.startswith(_BOM) * 3):
        content = match[2]
        if content.startswith(b"%") or _DOCUMENT_START.match(content):
            continue  # a directive or the document start marker
        if content == b"-" or content.startswith((b"- ", b"-\t")):
            return len(match[1])
        return None
    return None


def item_lines(data: bytes) -> list[int]:
    """Line numbers (1-based) of the lines `count_items` counts."""
    column = list_column(data)
    if column is None:
        return []
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    if lines and lines[0].startswith(_BOM):
        lines[0] = lines[0][3:]
    prefix = b" " * column + b"-"
    return [number for number, line in enumerate(lines, 1)
            if line.startswith(prefix) and line[column + 1:column + 2] in (b"", b" ", b"\t")]


# -- positions -----------------------------------------------------------------------

def position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of a byte offset.

    A carriage return alone ends a line, as it does for YAML.
    """
    before = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    start = before.rfind(b"\n") + 1
    line = before.count(b"\n") + 1
    column = len(before[start:].decode("utf-8", "replace")) + 1
    return line, column
