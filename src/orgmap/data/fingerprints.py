"""Each data file's content hash, remembered with its stat, so that an unchanged file
is not read and hashed again by every command.

The cache key is a hash of the files' content (`cache.py`); at 10,000 people
reading and hashing 37 MB of YAML to compute it again costs more than answering
the question. What is remembered here is only which content hash a file had,
together with the stat fields that change when a file is written: device, inode,
size, modification time and status-change time (`ctime`), in nanoseconds. A
remembered hash is used only while all five are unchanged; anything else (a
missing or unreadable record, another file at that path) means reading and
hashing the file as before.

The status-change time is what makes this sound. Writing a file, or setting its
modification time back afterwards (`touch -d`, `os.utime`, a tool restoring
times), sets its ctime to the current time, and no ordinary program can set a
ctime back. One gap remains, the one git's index has: a file written twice within
one tick of the filesystem's clock keeps the same times. So, as git treats a
"racily clean" entry, a hash is remembered only when the file's modification and
status-change times are at least `RACY_SECONDS` older than the moment it was
looked at before reading it: a later write then gets a newer ctime. A file whose
times lie in the future is never remembered. What this trusts is the system
clock and the filesystem keeping ctime; `--no-cache` (or ORGMAP_NO_CACHE) reads
and validates the files afresh whatever is remembered.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

#: A file changed this recently (or later) is hashed again rather than remembered.
RACY_SECONDS = 2
#: How many files' hashes are kept (the most recently recorded): the data's and
#: orgmap's own source files'.
KEEP = 1024
_FILE = "content-hashes"
_FORMAT = 1

Stat = tuple[int, int, int, int, int]
PathLike = str | os.PathLike[str]


def now_ns() -> int:
    """The wall clock, in nanoseconds, as file times are stamped."""
    return time.time_ns()


def look(path: PathLike) -> tuple[Stat, int] | None:
    """The stat fields compared (device, inode, size, mtime, ctime) and the time they
    were taken; None unless `path` is a regular file."""
    taken = now_ns()
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns), taken


def known(directory: Path, paths: Iterable[PathLike]) -> dict[PathLike, tuple[int, str]]:
    """(size, content hash) remembered for each of `paths` that is unchanged since."""
    records = _read(directory)
    found = {}
    for path in paths:
        seen = look(path)
        record = records.get(os.path.abspath(path)) if seen is not None else None
        if isinstance(record, tuple) and len(record) == 6 and record[:5] == seen[0]:
            found[path] = (seen[0][2], record[5])
    return found


def hashed(directory: Path, paths: Iterable[PathLike]) -> dict[PathLike, tuple[int, str]]:
    """(size, content hash) of each file: remembered, or read, hashed and remembered."""
    import hashlib

    paths = list(paths)
    found = known(directory, paths)
    seen = {}
    for path in paths:
        if path not in found:
            looked = look(path)
            with open(path, "rb") as handle:
                data = handle.read()
            found[path] = (len(data), hashlib.sha256(data).hexdigest())
            if looked is not None:
                seen[path] = (looked, found[path][1])
    if seen:
        remember(directory, seen)
    return found


def remember(directory: Path, seen: dict[PathLike, tuple[tuple[Stat, int], str]]) -> None:
    """Record each file's content hash with the stat taken before it was read.

    A file changed too recently to tell a later write apart (see the module
    docstring) is left out. Failing to record never fails the command.
    """
    from ..atomic import write_atomic

    try:
        records = _read(directory)
        changed = False
        for path, ((fields, taken), digest) in seen.items():
            name = os.path.abspath(path)
            if max(fields[3], fields[4]) > taken - RACY_SECONDS * 1_000_000_000:
                continue
            record = (*fields, digest)
            if records.get(name) != record:
                records.pop(name, None)
                records[name] = record
                changed = True
        if changed:
            kept = dict(list(records.items())[-KEEP:])
            write_atomic(directory / _FILE, marshal.dumps((_FORMAT, kept)))
    except (OSError, ValueError, TypeError):
        return


def _read(directory: Path) -> dict[str, tuple]:
    try:
        with open(directory / _FILE, "rb") as handle:
            version, records = marshal.loads(handle.read())
    except Exception:  # missing, damaged or from another version: nothing is remembered
        return {}
    if version != _FORMAT or not isinstance(records, dict):
        return {}
    return records
