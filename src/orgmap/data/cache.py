"""A content-addressed cache of validated datasets.

Parsing and validating YAML is the one inherently slow step, and researchers
re-run commands on unchanged files all day. The key is a hash of the files'
bytes (not their timestamps, which lie after a git checkout or a copy), the
orgmap version, the model fields and the options that change validation, so
stale data is never served; a hit needs neither decoding nor parsing.

An entry is not a pickle of the models: unpickling 200,000 pydantic models runs
Python code for every model, date and citation (seconds). It holds compact rows
and the question indexes in sections read on demand (`entry.py`), so a command
decodes only what it touches; models are rebuilt without re-validating them,
which is sound because the entry was written from validated models and its
checksum is verified before use.

Entries are written atomically (temporary file, then `os.replace`); an entry
that is unreadable, truncated, corrupt or from another format is a miss, so two
processes racing or a crash mid-write are harmless. Only the newest
`KEEP_ENTRIES` entries are kept.

The cache lives in `$ORGMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/orgmap`, else
`~/.cache/orgmap`; delete it at will, or set `ORGMAP_NO_CACHE=1` / `--no-cache`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from .. import __version__
from .entry import Store

if TYPE_CHECKING:
    from ..errors import Problem
    from .dates import Status
    from .model import Edge, Entity

_FORMAT = 5
_MAGIC = b"orgmap-cache %d %d\n" % (_FORMAT, marshal.version)
_SUFFIX = ".orgmap-cache"
#: How many entries to keep; older ones (earlier versions of the files) are removed.
KEEP_ENTRIES = 8


class Entry(NamedTuple):
    """What `store` writes: validated models, warnings and a dated selection's statuses.

    `store` accepts anything with these four attributes (a `Dataset` does), so the
    codec needs no Dataset; `load` builds one over a fetched entry's `Store`.
    """

    entities: dict[str, Entity]
    edges: list[Edge]
    warnings: list[Problem]
    status: dict[str, Status]


def cache_dir() -> Path:
    """Where cache entries live (see the module docstring)."""
    explicit = os.environ.get("ORGMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "orgmap"


def enabled() -> bool:
    """False when ORGMAP_NO_CACHE is set to anything but empty, 0, false, no or off."""
    return os.environ.get("ORGMAP_NO_CACHE", "").strip().lower() in ("", "0", "false", "no",
                                                                        "off")


def key_for(contents: Mapping[str, bytes | str], allow_unsourced: bool) -> str | None:
    """Hash of everything that determines the validated result; None when disabled.

    That is the files' names and bytes, the options, and orgmap's own code (so
    an edited validation rule or an upgrade never meets an entry it did not
    write), with the Python version for the marshal format.
    """
    if not enabled():
        return None
    python = ".".join(map(str, sys.version_info[:2]))
    digest = hashlib.sha256(
        f"{__version__}|{_FORMAT}|{python}|{_code_digest()}|{allow_unsourced}".encode())
    for name in sorted(contents):
        data = contents[name]
        data = data.encode("utf-8") if isinstance(data, str) else data
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@functools.cache
def _code_digest() -> str:
    """A hash of orgmap's source files (about 1 ms to compute, once per process)."""
    package = Path(__file__).parent.parent
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        name = source.relative_to(package).as_posix()
        digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def fetch(key: str) -> Store | None:
    """The cached entry for `key` (its sections), or None on a miss or an unreadable entry."""
    try:
        with open(_entry(key), "rb") as handle:
            blob = handle.read()
        return decode(blob)
    except Exception:  # any broken entry is simply a miss
        return None


def store(key: str, dataset: Entry) -> None:
    """Write the entry atomically; failing to cache never fails the command."""
    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC)
                handle.write(bytes(32))  # the checksum, known once the body is written
                hashing = _Hashing(handle)
                write_body(hashing, dataset)
                handle.seek(len(_MAGIC))
                handle.write(hashing.digest.digest())
            os.replace(temp, _entry(key))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _prune(directory)
    except (OSError, ValueError, TypeError):  # marshal refuses what it cannot write
        return


def _entry(key: str) -> Path:
    return cache_dir() / f"{key}{_SUFFIX}"


def _prune(directory: Path) -> None:
    """Remove all but the newest entries; another process may be removing them too."""
    entries = []
    for path in directory.glob(f"*{_SUFFIX}"):
        if path.name.startswith("."):
            continue
        try:
            entries.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    for _, path in sorted(entries, reverse=True)[KEEP_ENTRIES:]:
        path.unlink(missing_ok=True)


# -- the entry ----------------------------------------------------------------


def write_body(stream: BinaryIO, dataset: Entry) -> None:
    """Write the entry's body to `stream`, a section at a time (`entry.write`)."""
    from ..errors import fold
    from .entry import fold_names, write

    entities = list(dataset.entities.values())
    write(stream, entities, list(dataset.edges),
          [dataclasses.astuple(problem) for problem in dataset.warnings],
          {edge_id: str(status) for edge_id, status in dataset.status.items()},
          fold_names(entities, fold))


class _Hashing:
    """A stream that hashes what is written through it: the body's checksum without
    the body in memory."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def write(self, data: bytes | memoryview) -> int:
        self.digest.update(data)
        return self.stream.write(data)


def decode(blob: bytes) -> Store:
    """The entry's sections, read on demand; ValueError for a damaged entry."""
    head = len(_MAGIC)
    body = memoryview(blob)[head + 32:]
    if blob[:head] != _MAGIC or hashlib.sha256(body).digest() != blob[head:head + 32]:
        raise ValueError("not a current, intact cache entry")
    return Store(body)
