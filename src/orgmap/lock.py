"""One writer at a time in an output folder: a lock file that a killed writer cannot wedge.

Two `orgmap build` runs into one folder would interleave their files. The
second run finds the folder locked and stops at once with the first run's
process id, instead of waiting or mixing outputs. The lock is an advisory
`flock` on `.orgmap.lock` in the folder: the operating system releases it
when its process ends, however it ends, so a lock file left behind by a
killed build (its process gone) is simply taken over, never a reason to fail
forever. Where `flock` does not exist (Windows), the file's process id is
checked instead.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputLocked

LOCK_NAME = ".orgmap.lock"


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the lock on `folder` (created if missing) for the `with` block.

    Raises OutputLocked, naming the holder's process id, when another process
    holds it. The lock file is removed on the way out.
    """
    path = Path(folder) / LOCK_NAME
    Path(folder).mkdir(parents=True, exist_ok=True)
    handle = _acquire(path)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # before unlocking, so no one locks a file about to vanish
        os.close(handle)


def _acquire(path: Path) -> int:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return _acquire_by_pid(path)
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(handle)
            os.close(handle)
            raise OutputLocked(path.parent, holder) from None
        try:  # the holder we waited for may have removed the file before we locked it
            same = os.stat(path).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return handle
        os.close(handle)


def _acquire_by_pid(path: Path) -> int:  # pragma: no cover - Windows
    for _ in range(2):
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            handle = os.open(path, os.O_RDONLY)
            holder = _holder(handle)
            os.close(handle)
            if holder is not None and process_alive(holder):
                raise OutputLocked(path.parent, holder) from None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)  # its writer is gone: take the lock over
    raise OutputLocked(path.parent, None)


def _holder(handle: int) -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        os.lseek(handle, 0, os.SEEK_SET)
        return int(os.read(handle, 32).split()[0])
    return None


def process_alive(pid: int) -> bool:
    """Is process `pid` running? (On Windows, where signal 0 would end it, assume so.)"""
    if os.name == "nt":  # pragma: no cover
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True
