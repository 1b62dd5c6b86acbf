"""A long YAML list parsed a chunk of items at a time, as validation reads it.

Parsing a whole 35 MB edges file first builds every item as Python dicts and
strings (about 550 MB at 200,000 edges) before validation turns them into
models; with validation releasing each batch after it is read, what is left
is the models. Parsing the same text a chunk at a time, just before
validation reads it, means only one chunk of raw items is ever alive.

Chunks are cut from the file's bytes and decoded one at a time, so the text
of the whole file (twice its bytes once it holds Chinese) is not kept either.

A top-level item starts where a line starts with `- ` at column 0: nothing
else can (block scalars and nested collections are indented, and a quoted
text cut in two fails to parse). Each chunk must parse to a list of exactly
as many items as it has such lines; if one does not, `ChunkMismatch` is
raised and the caller parses the whole text as usual, which reports any
problem with its line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Items per chunk: big enough that parsing one has no measurable overhead.
CHUNK = 10_000
#: Below this many items a file is parsed whole.
MINIMUM = 2 * CHUNK


class ChunkMismatch(Exception):
    """A chunk did not parse to the items its lines announce; parse the whole text."""


def item_starts(data: bytes) -> list[int]:
    """Offsets of the lines that start a top-level list item (`- ` at column 0)."""
    starts = [0] if data.startswith((b"- ", b"-\n")) else []
    at = data.find(b"\n-")
    while at != -1:
        after = at + 2
        if after == len(data) or data[after] in b" \n\r":
            starts.append(at + 1)
        at = data.find(b"\n-", after)
    return starts


class ChunkedItems:
    """The items of a YAML list, each chunk parsed when first read (see the module).

    Supports what validation does with a parsed list: its length, reading a
    slice, and overwriting a slice with None once read (which frees a chunk
    once all of it is overwritten).
    """

    def __init__(self, data: bytes, starts: list[int], parse: Callable[[str], Any]) -> None:
        self.data, self.parse = data, parse
        self.count = len(starts)
        bounds = [*starts[::CHUNK], len(data)]
        bounds[0] = 0  # comments before the first item belong to the first chunk
        self.bounds = bounds
        self.chunks: dict[int, list[Any]] = {}
        self.left: dict[int, int] = {}

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: slice) -> list[Any]:
        begin, end, _ = index.indices(self.count)
        return [self._chunk(i // CHUNK)[i % CHUNK] for i in range(begin, end)]

    def __setitem__(self, index: slice, values: list[Any]) -> None:
        begin, end, _ = index.indices(self.count)
        for i, value in zip(range(begin, end), values, strict=True):
            number = i // CHUNK
            self._chunk(number)[i % CHUNK] = value
            if value is None:
                self.left[number] -= 1
                if not self.left[number]:
                    self.chunks[number] = []  # every item read: let the chunk go

    def _chunk(self, number: int) -> list[Any]:
        found = self.chunks.get(number)
        if found is None:
            expected = min(CHUNK, self.count - number * CHUNK)
            piece = self.data[self.bounds[number]:self.bounds[number + 1]]
            found = self.parse(piece.decode("utf-8-sig" if number == 0 else "utf-8"))
            if not isinstance(found, list) or len(found) != expected:
                raise ChunkMismatch(f"chunk {number} holds other than {expected} items")
            self.chunks[number] = found
            self.left[number] = expected
        return found


def chunked(text: str, display: str, data: bytes) -> ChunkedItems | None:
    """The items of `data` (the bytes of `text`) read a chunk at a time, or None when
    the file should be parsed whole: a short list, a list not at column 0, or
    anything the pre-scan would refuse (`read.parse_list` then reports it)."""
    from .prescan import count_items, too_deep
    from .read import suspect

    starts = item_starts(data)
    if len(starts) < MINIMUM or suspect(text):
        return None
    if too_deep(data, display) is not None or count_items(data) != len(starts):
        return None
    return ChunkedItems(data, starts, parse_chunk)


def parse_chunk(text: str) -> Any:
    """One chunk through yaml-rs, as `read.parse_list` reads a whole file; ChunkMismatch
    if it fails (the whole text is then parsed, to report the problem)."""
    import yaml_rs

    no_aliases = yaml_rs.AliasLimits(max_total_replayed_events=0)
    try:
        return yaml_rs.loads(text, parse_datetime=False, alias_limits=no_aliases)
    except yaml_rs.YAMLDecodeError:
        raise ChunkMismatch("a chunk does not parse on its own") from None
