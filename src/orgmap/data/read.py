"""From bytes on disk to plain Python lists, and from a data path back to line:column.

Two parsers, two jobs. The fast path is yaml-rs (a Rust YAML 1.2 loader): it
builds Python objects several times faster than PyYAML's libyaml loader,
rejects duplicate keys, refuses alias expansion, and never turns `NO` into
False or `0123` into 83 (YAML 1.2 core schema, dates left as text). Line and
column numbers are only needed once something is wrong, so valid files never
pay for them: on failure the slow path re-reads the text with PyYAML's event
parser, which carries a mark on every node, to locate every problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem
from .prescan import count_items, forbidden_characters, item_lines, too_deep

# The YAML libraries are imported where they are used: a cache hit needs neither.
#: Characters after which an `&` starts an anchor, and after which it cannot.
_BEFORE_ANCHOR = frozenset("[{,:-")
_NOT_ANCHOR_NAME = frozenset(",]}")
_RS_POSITION = re.compile(r"line (\d+), column (\d+)")

Location = tuple[int, int]


@dataclass
class Positions:
    """Line and column (1-based) of every node and mapping key, by data path."""

    values: dict[tuple, Location] = field(default_factory=dict)
    keys: dict[tuple, Location] = field(default_factory=dict)

    def find(self, loc: tuple, point: str = "value") -> Location | None:
        """The position of `loc`, or of its nearest located ancestor."""
        table = self.keys if point == "key" else self.values
        if loc in table:
            return table[loc]
        while loc:
            loc = loc[:-1]
            if loc in self.values:
                return self.values[loc]
        return None


def read_text(path: Path, display: str) -> str:
    """The file's text as UTF-8 (a BOM is accepted and dropped)."""
    return decode(read_bytes(path, display), display)


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes; the cache is keyed on them, so a hit never decodes or parses."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(display, "file not found",
                                 hint="pass --data DIR holding entities.yaml and edges.yaml")]
                        ) from None
    except OSError as exc:
        raise DataError([Problem(display, f"cannot read the file: {exc.strerror}")]) from None


def decode(data: bytes, display: str) -> str:
    """UTF-8 text (a BOM is accepted and dropped); UTF-16, stray bytes and the control
    characters YAML forbids are located errors."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError([Problem(display, "the file is UTF-16, not UTF-8", line=1, column=1,
                                 hint="save it again as UTF-8")])
    forbidden = forbidden_characters(data, display)
    if forbidden:
        raise DataError(forbidden)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start:exc.start + 1].hex()
        raise DataError([Problem(
            display, f"byte 0x{bad} is not UTF-8", line=line, column=column,
            hint="save the file as UTF-8 (in spreadsheet exports choose 'CSV UTF-8')",
        )]) from None


def parse_list(text: str, display: str, *, data: bytes | None = None) -> list[Any]:
    """Parse YAML text that must hold one top-level list; raise DataError otherwise.

    The text reaches yaml-rs only once its bytes (`data`, when the caller has them
    already) are cleared of nesting deeper than `prescan.MAX_DEPTH`, which would
    overflow its stack; and a list must hold as many items as its lines start.
    """
    import yaml_rs

    raw = text.encode("utf-8", "surrogatepass") if data is None else data
    deep = too_deep(raw, display)
    if deep is not None:
        raise DataError([deep])
    expected = count_items(raw)
    del raw
    no_aliases = yaml_rs.AliasLimits(max_total_replayed_events=0)
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=no_aliases)
    except yaml_rs.YAMLDecodeError as exc:
        raise DataError(scan_structure(text, display) or [_rs_problem(exc, display)]) from None
    if suspect(text):
        problems = scan_structure(text, display)
        if problems:
            raise DataError(problems)
    if data is None:
        raise DataError([Problem(display, "the file is empty", line=1, column=1,
                                 hint="it should hold a YAML list: each item starts with '- '")])
    if not isinstance(data, list):
        shape = "a mapping" if isinstance(data, dict) else f"a single {type(data).__name__}"
        raise DataError([Problem(display, f"the top level is {shape}, not a list", line=1,
                                 column=1,
                                 hint="each item starts with '- ' ('- id: ...', '- from: ...')")])
    if expected is not None and len(data) < expected:
        raise DataError([_lost_item(text, display, len(data), expected)])
    return data


def _lost_item(text: str, display: str, read: int, expected: int) -> Problem:
    """Where the first item the parser did not return starts.

    The event parser places each item it sees; the first counted line it did not
    place is the one lost, else the first line after the items returned.
    """
    starts = item_lines(text.encode("utf-8", "surrogatepass"))
    placed = {where[0] for path, where in locate(text).values.items() if len(path) == 1}
    lost = next((line for line in starts if line not in placed), starts[read])
    return Problem(display, f"this item was not read: the file starts {expected} items but "
                   f"the YAML reader returned {read}", line=lost, column=1,
                   hint="look above this line for a stray character or an unclosed quote "
                   "or bracket")


def suspect(text: str) -> bool:
    """Might the text hold what yaml-rs accepts silently: a second document, an anchor
    or a tag?

    A cheap pre-check that sends a file that parsed fine to the slow event scan:
    a line starting with `---` or `...`, or an `&` or `!` starting a node. It looks only
    at the few places `str.find` stops, where a regular expression would try
    every position of a 30 MB file (about a second).
    """
    for marker in ("---", "..."):
        at = 0 if text.startswith(marker) else _line_starting(text, marker, 0)
        while at != -1:
            after = at + len(marker)
            if after >= len(text) or text[after].isspace():
                return True
            at = _line_starting(text, marker, after)
    for indicator in "&!":  # an anchor, or a tag such as `!!timestamp` or `!custom`
        at = text.find(indicator)
        while at != -1:
            before = text[at - 1] if at else "\n"
            after = text[at + 1:at + 2]
            if ((before.isspace() or before in _BEFORE_ANCHOR) and after
                    and not after.isspace() and after not in _NOT_ANCHOR_NAME):
                return True
            at = text.find(indicator, at + 1)
    return False


def _line_starting(text: str, marker: str, start: int) -> int:
    """Where the next line beginning with `marker` begins, or -1."""
    found = text.find("\n" + marker, start)
    return found if found == -1 else found + 1


def _rs_problem(exc: Exception, display: str) -> Problem:
    """yaml-rs's own message, for the rare error the event parser does not see."""
    text = str(exc)
    match = _RS_POSITION.search(text)
    line, column = (int(match[1]), int(match[2])) if match else (None, None)
    message = text.splitlines()[-1].strip() if text.strip() else "not valid YAML"
    return Problem(display, f"YAML error: {message}", line=line, column=column)


def scan_structure(text: str, display: str) -> list[Problem]:
    """Every duplicate key, anchor, alias, tag, extra document, or the first syntax error."""
    return _scan(text, display, Positions())[1]


def locate(text: str) -> Positions:
    """Line and column of every node; only called once problems need placing."""
    return _scan(text, "", Positions())[0]


def _scan(text: str, display: str, positions: Positions) -> tuple[Positions, list[Problem]]:
    import yaml

    problems: list[Problem] = []
    # Each frame: [path, is_mapping, next_index_or_key, expecting_key, seen_keys].
    stack: list[list[Any]] = []
    documents = 0
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(_at(display, event, "a second YAML document ('---') in one "
                                        "file", "keep one list per file; remove the '---' line"))
                continue
            if isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            path = _place(event, stack, positions, problems, display)
            if isinstance(event, yaml.AliasEvent):
                problems.append(_at(display, event, f"alias '*{event.anchor}' is not allowed",
                                    "write the value out in full; aliases can expand a small "
                                    "file into a huge one"))
                continue
            if event.anchor is not None:
                problems.append(_at(display, event, f"anchor '&{event.anchor}' is not allowed",
                                    "remove it and write repeated values out in full"))
            if event.tag is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
                problems.append(_at(display, event, f"YAML tag '{tag}' is not allowed",
                                    "remove it and write the value plainly (in quotes to "
                                    "keep it as text)"))
            if path is None and isinstance(event, yaml.CollectionStartEvent):
                path = (*stack[-1][0], "<complex key>")  # a list or mapping used as a key
            if isinstance(event, yaml.SequenceStartEvent):
                stack.append([path, False, 0, False, None])
            elif isinstance(event, yaml.MappingStartEvent):
                stack.append([path, True, None, True, {}])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.context_mark and exc.problem:
            opened = exc.context_mark
            what += f" ({exc.context} that starts at line {opened.line + 1}, " \
                    f"column {opened.column + 1})"
        problems.append(Problem(display, f"YAML syntax error: {what}",
                                line=mark.line + 1 if mark else None,
                                column=mark.column + 1 if mark else None,
                                hint="check indentation, quotes and ':' on this line"))
    except yaml.YAMLError as exc:
        problems.append(Problem(display, f"YAML error: {exc}"))
    return positions, problems


def _place(event: Any, stack: list[list[Any]], positions: Positions,
           problems: list[Problem], display: str) -> tuple | None:
    """Record where this node sits; return its data path (None for a mapping key)."""
    import yaml

    where = (event.start_mark.line + 1, event.start_mark.column + 1)
    if not stack:
        positions.values[()] = where
        return ()
    frame = stack[-1]
    parent, is_mapping = frame[0], frame[1]
    if not is_mapping:
        path = (*parent, frame[2])
        frame[2] += 1
        positions.values[path] = where
        return path
    if frame[3]:  # this node is a key
        key = event.value if isinstance(event, yaml.ScalarEvent) else "<complex key>"
        frame[2], frame[3] = key, False
        seen = frame[4]
        if key in seen:
            first = seen[key]
            problems.append(Problem(display, f"duplicate key '{key}' (first at line {first[0]})",
                                    line=where[0], column=where[1],
                                    hint="keep one; YAML would silently drop the other"))
        else:
            seen[key] = where
        positions.keys[(*parent, key)] = where
        return None
    path = (*parent, frame[2])
    frame[3] = True
    positions.values[path] = where
    return path


def _at(display: str, event: Any, message: str, hint: str) -> Problem:
    return Problem(display, message, line=event.start_mark.line + 1,
                   column=event.start_mark.column + 1, hint=hint)
