"""A content-addressed cache of validated datasets.

Parsing and validating YAML is the one inherently slow step, and researchers
re-run commands on unchanged files all day. The key is a hash of the files'
bytes (not their timestamps, which lie after a git checkout or a copy), the
orgmap version, the model fields and the options that change validation, so
stale data is never served; a hit needs neither decoding nor parsing. Each
file's content hash is remembered with its stat (`fingerprints.py`), so a file
unchanged since it was last hashed is not even read.

An entry is not a pickle of the models: unpickling 200,000 pydantic models runs
Python code for every model, date and citation (seconds). It holds compact rows
and the question indexes in sections read on demand (`entry.py`), so a command
decodes only what it touches; models are rebuilt without re-validating them,
which is sound because the entry was written from validated models and its
checksum (a CRC-32 of the whole body, which catches damage such as a flipped
byte or a cut-off file) is verified before use. The entry is mapped into memory
rather than read, so its pages are shared with the system's file cache instead of
copied into the process (the checksum still reads every page once);
entries are never changed in place (a new entry replaces an old one by
renaming), so a mapped entry stays as it was checked.

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
import struct
import sys
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from .. import __version__
from . import fingerprints
from .entry import Store

if TYPE_CHECKING:
    import mmap

    from ..errors import Problem
    from .dates import Status
    from .model import Edge, Entity

_FORMAT = 7
_MAGIC = b"orgmap-cache %d %d\n" % (_FORMAT, marshal.version)
#: After the magic line: the body's CRC-32 and length.
_CHECK = struct.Struct("<IQ")
_SUFFIX = ".orgmap-cache"
#: Files of arrays worked out from an entry (`derived.py`): `<key>.<name>` and this.
DERIVED_SUFFIX = ".orgmap-derived"
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


def key_for(contents: Mapping[str, bytes | str], allow_unsourced: bool,
            seen: Mapping[str, tuple[Path, tuple | None]] | None = None) -> str | None:
    """Hash of everything that determines the validated result; None when disabled.

    That is the files' names and content, the options, and orgmap's own code (so
    an edited validation rule or an upgrade never meets an entry it did not
    write), with the Python version for the marshal format. `seen`, by file
    name, the path and what `fingerprints.look` saw before it was read: each
    file's content hash is then remembered for `known_key`.
    """
    if not enabled():
        return None
    digests = {}
    for name, data in contents.items():
        data = data.encode("utf-8") if isinstance(data, str) else data
        digests[name] = (len(data), hashlib.sha256(data).hexdigest())
    if seen:
        fingerprints.remember(cache_dir(), {
            path: (looked, digests[name][1]) for name, (path, looked) in seen.items()
            if looked is not None and name in digests})
    return _key(digests, allow_unsourced)


def known_key(files: Mapping[str, Path], allow_unsourced: bool) -> str | None:
    """The key `key_for` would give, from each file's remembered content hash,
    without reading the files; None when disabled or when any file may have
    changed since it was hashed (then read them and call `key_for`)."""
    if not enabled():
        return None
    found = fingerprints.known(cache_dir(), files.values())
    if len(found) < len(files):
        return None
    return _key({name: found[path] for name, path in files.items()}, allow_unsourced)


def _key(digests: Mapping[str, tuple[int, str]], allow_unsourced: bool) -> str:
    """The key from each file's (size, content hash), by file name."""
    python = ".".join(map(str, sys.version_info[:2]))
    digest = hashlib.sha256(
        f"{__version__}|{_FORMAT}|{python}|{_code_digest()}|{allow_unsourced}".encode())
    for name in sorted(digests):
        size, content = digests[name]
        digest.update(f"\0{name}\0{size}\0{content}".encode())
    return digest.hexdigest()


@functools.cache
def _code_digest() -> str:
    """A hash of orgmap's source files (once per process). Each file's content hash is
    remembered as the data files' are, so unchanged code is not read again."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sources = []
    for folder, folders, names in os.walk(package):
        folders[:] = [name for name in folders if name != "__pycache__"]
        sources += [os.path.join(folder, name) for name in names if name.endswith(".py")]
    sources.sort()
    digests = fingerprints.hashed(cache_dir(), sources)
    digest = hashlib.sha256()
    for source in sources:
        name = os.path.relpath(source, package).replace(os.sep, "/")
        digest.update(f"{name}\0{digests[source][1]}\0".encode())
    return digest.hexdigest()


def fetch(key: str) -> Store | None:
    """The cached entry for `key` (its sections), or None on a miss or an unreadable entry."""
    import mmap

    try:
        with open(_entry(key), "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        found = decode(mapped)
    except Exception:  # any broken entry is simply a miss (an empty file cannot be mapped)
        return None
    found.key = key  # what is worked out from it is kept under its key (`derived.py`)
    return found


def store(key: str, dataset: Entry) -> None:
    """Write the entry atomically; failing to cache never fails the command."""
    def write(handle: BinaryIO) -> None:
        handle.write(_MAGIC)
        handle.write(bytes(_CHECK.size))  # the checksum, known once the body is written
        checking = _Checking(handle)
        write_body(checking, dataset)
        handle.seek(len(_MAGIC))
        handle.write(_CHECK.pack(checking.crc, checking.size))

    try:
        write_file(_entry(key), write)
        _prune(cache_dir())
    except (OSError, ValueError, TypeError):  # marshal refuses what it cannot write
        return


def write_file(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file of the cache atomically: `write` fills a temporary file beside
    `target`, which then replaces it; if anything fails, the temporary file is removed
    and the error raised. Written as it is made, so that nothing holds the whole file."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _entry(key: str) -> Path:
    return cache_dir() / f"{key}{_SUFFIX}"


def _prune(directory: Path) -> None:
    """Remove all but the newest entries, and what was derived from removed ones; another
    process may be removing them too."""
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
    for path in directory.glob(f"*{DERIVED_SUFFIX}"):
        key = path.name.split(".", 1)[0]
        if not path.name.startswith(".") and not (directory / f"{key}{_SUFFIX}").exists():
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


class _Checking:
    """A stream that checksums what is written through it: the body's checksum without
    the body in memory."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.crc = 0
        self.size = 0

    def write(self, data: bytes | memoryview) -> int:
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        return self.stream.write(data)


def decode(blob: bytes | memoryview | mmap.mmap) -> Store:
    """The entry's sections, read on demand; ValueError for a damaged entry."""
    head = len(_MAGIC) + _CHECK.size
    if len(blob) < head or blob[:len(_MAGIC)] != _MAGIC:
        raise ValueError("not a current cache entry")
    crc, size = _CHECK.unpack_from(blob, len(_MAGIC))
    body = memoryview(blob)[head:]
    if len(body) != size or zlib.crc32(body) != crc:
        raise ValueError("a damaged cache entry")
    return Store(body)
