"""Arrays worked out from a cache entry, kept beside it for the next command.

Some questions prepare much more than they show: the tie questions number
every role spell of the data, work out its dates and place it in the bodies
it counts for, a third of a second at 200,000 edges, to answer about one
person in a few milliseconds. That preparation depends on nothing but the
entry, so the first command that makes it keeps it in a file named after the
entry's key (`<key>.<name>.orgmap-derived`), and every later command on the
same data maps that file instead of preparing again. A changed file or a new
version of orgmap makes a new key, and with it a new file; when the cache
prunes its old entries, it removes the files whose entry is gone
(`cache._prune`).

The file is a small header (plain values, `marshal`) and arrays stored as
their bytes, each at an 8-byte boundary, mapped into memory and used in place
(read-only). It is written atomically, like an entry; one that is unreadable,
cut off or from another format is a miss. Its header carries a CRC-32 of the
header and a 64-bit sum of the arrays' bytes with their length, checked before
anything is used: a sum rather than a CRC because it is four times faster over
the tens of megabytes involved. It catches a flipped bit and a cut-off file,
and almost any other damage a cache meets; unlike a CRC, not words swapped
in place. Whatever reads the arrays checks what it finds (names, counts) and
takes a file that does not fit for a miss.
"""

from __future__ import annotations

import marshal
import os
import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from . import cache

if TYPE_CHECKING:
    from .entry import Store

_FORMAT = 1
_MAGIC = b"orgmap-derived %d %d\n" % (_FORMAT, marshal.version)
#: After the magic line: the header's length and CRC-32, the arrays' length and sum.
_HEAD = struct.Struct("<QIQQ")
_ALIGN = 8


def path_of(key: str, name: str) -> Path:
    """Where the arrays called `name` derived from the entry `key` are kept."""
    return cache.cache_dir() / f"{key}.{name}{cache.DERIVED_SUFFIX}"


def _key(store: Store | None) -> str | None:
    """The cache key of `store`, if it is a cache entry and the cache is on."""
    key = getattr(store, "key", None)
    return key if key is not None and cache.enabled() else None


def can_keep(store: Store | None) -> bool:
    """Is `store` a cache entry beside which arrays can be kept (cache on, folder
    writable)? Work done only to be kept is not worth doing otherwise."""
    return _key(store) is not None and os.access(cache.cache_dir(), os.W_OK)


def load(store: Store | None, name: str) -> tuple[dict[str, np.ndarray], Any] | None:
    """The arrays (read-only, mapped) and plain values kept for this entry under `name`,
    or None when there are none (or the store is not a cache entry, or the file is
    damaged)."""
    key = _key(store)
    if key is None:
        return None
    import mmap

    try:
        with open(path_of(key, name), "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return _decoded(mapped)
    except Exception:  # any broken file is simply a miss (an empty one cannot be mapped)
        return None


def save(store: Store | None, name: str, arrays: dict[str, np.ndarray], values: Any) -> None:
    """Keep `arrays` and the plain `values` (what `marshal` writes) for this entry under
    `name`, atomically; failing to keep them never fails the question."""
    key = _key(store)
    if key is None:
        return
    try:
        table, offset = {}, 0
        for label, array in arrays.items():
            if array.dtype.hasobject:
                raise TypeError(f"{label}: only arrays of numbers and texts are kept")
            table[label] = (offset, array.dtype.str, array.shape)
            offset += -(-array.nbytes // _ALIGN) * _ALIGN
        header = marshal.dumps({"arrays": table, "values": values})
        body = np.zeros(offset // _ALIGN, dtype=np.uint64)
        raw = body.view(np.uint8)
        for label, array in arrays.items():
            start = table[label][0]
            raw[start:start + array.nbytes] = np.ascontiguousarray(array).view(np.uint8).ravel()

        def write(handle: BinaryIO) -> None:
            handle.write(_MAGIC)
            handle.write(_HEAD.pack(len(header), zlib.crc32(header), len(raw), _sum(body)))
            handle.write(header + bytes(_padding(len(header))))
            handle.write(raw.data)

        cache.write_file(path_of(key, name), write)
    except (OSError, ValueError, TypeError):
        return


def _decoded(blob: Any) -> tuple[dict[str, np.ndarray], Any]:
    """The arrays and values of a mapped file; ValueError when it is not whole."""
    start = len(_MAGIC) + _HEAD.size
    if len(blob) < start or blob[:len(_MAGIC)] != _MAGIC:
        raise ValueError("not a current derived file")
    header_size, header_crc, body_size, body_sum = _HEAD.unpack_from(blob, len(_MAGIC))
    view = memoryview(blob)
    header = view[start:start + header_size]
    body = view[start + header_size + _padding(header_size):]
    if (len(header) != header_size or len(body) != body_size or body_size % _ALIGN
            or zlib.crc32(header) != header_crc):
        raise ValueError("a damaged derived file")
    words = np.frombuffer(body, dtype=np.uint64)
    if _sum(words) != body_sum:
        raise ValueError("a damaged derived file")
    found = marshal.loads(header)
    raw = words.view(np.uint8)
    arrays = {}
    for label, (offset, kind, shape) in found["arrays"].items():
        dtype = np.dtype(kind)
        size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        if dtype.hasobject or offset % _ALIGN or not 0 <= offset <= offset + size <= body_size:
            raise ValueError("a damaged derived file")
        arrays[label] = raw[offset:offset + size].view(dtype).reshape(shape)
    return arrays, found["values"]


def _padding(header_size: int) -> int:
    """Zero bytes after the header, so that the arrays begin at an 8-byte boundary."""
    return -(len(_MAGIC) + _HEAD.size + header_size) % _ALIGN


def _sum(words: np.ndarray) -> int:
    """The words' sum modulo 2**64, plus their count: a flipped bit changes it."""
    return (int(np.add.reduce(words, dtype=np.uint64)) + len(words)) % (1 << 64)
