"""Atomic file writes: a reader never sees half a file, nor half of a set of files.

Every output (HTML page, GraphML, CSV, ...) is first written to a temporary
file in the same directory and then moved over the target with `os.replace`,
which is atomic on POSIX and Windows when both paths are on one file system.
If writing fails, the previous file stays as it was and the temporary file is
removed, so a crash in the middle of `orgmap build` never leaves a truncated
graph that Gephi would half-import.

A set of files that belong together (`write_set`, used by `orgmap build`) is
written in two phases: every file to its temporary file first, then all of
them renamed into place in one loop during which SIGINT and SIGTERM are held
back, so an interrupted build leaves either the old set or the new one, never
a mix. The one gap is SIGKILL (or power loss) during that loop, which takes
microseconds per file: it can leave some files new and some old.

Temporary files are named `.NAME.PID-RANDOM.tmp`; one whose process is gone
(killed before it could clean up) is removed by the next write of NAME.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .lock import folder_lock, process_alive
from .progress import step

#: A temporary file of the older naming (no process id) is stale after this many seconds.
_STALE_AFTER = 3600.0

Producer = Callable[[], str | bytes]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` atomically; text is encoded as UTF-8 without a BOM.

    Text is written byte for byte (no newline translation), so the same data
    gives the same file on every platform. Missing parent directories are
    created. A symlink is followed (the file it names is replaced, the link
    stays); a device or FIFO such as `/dev/stdout` is written to, not replaced.
    Returns the path written.
    """
    payload = _bytes(data)
    if _is_special(Path(path)):  # /dev/stdout, a FIFO: write through, never replace it
        with open(path, "wb") as stream:
            stream.write(payload)
        return Path(path)
    with _named(path):
        # Through a symlink to the file it names, so the link itself is kept.
        target = Path(os.path.realpath(path))
        temp_name = _write_temp(target, payload)
        try:
            os.replace(temp_name, target)
        except BaseException:
            _discard(temp_name)
            raise
    return Path(path)


def write_set(folder: str | os.PathLike[str], files: Iterable[tuple[str, Producer]], *,
              owned: Iterable[str] = ()) -> list[Path]:
    """Write files that belong together into `folder`, all or nothing.

    Each producer is called in turn and its result written to a temporary file
    (so only one output is in memory at a time); only when all have succeeded
    are they renamed into place, in one loop that SIGINT and SIGTERM cannot
    interrupt (they are delivered right after it). Files named in `owned` that
    this set does not hold (outputs an earlier run wrote and this one no longer
    does) are removed in the same loop; nothing else in the folder is touched.
    A failure or an interruption before the loop leaves the folder as it was.
    The folder is locked meanwhile (`lock.folder_lock`): a second writer fails at
    once with OutputLocked instead of interleaving its files with these.
    Returns the paths written, in order.
    """
    root = Path(folder)
    with folder_lock(root):
        return _write_set(root, files, owned)


def _write_set(root: Path, files: Iterable[tuple[str, Producer]], owned: Iterable[str]
               ) -> list[Path]:
    staged: list[tuple[Path, str]] = []
    written: list[Path] = []
    try:
        for name, produce in files:
            path = root / name
            target = Path(os.path.realpath(path))
            step(f"writing {name}")
            with _named(path):
                if target.is_dir():
                    raise IsADirectoryError(21, "Is a directory", str(path))
                staged.append((target, _write_temp(target, _bytes(produce()))))
            written.append(path)
        leftovers = [root / name for name in sorted(set(owned) - {p.name for p in written})]
        with signals_deferred():
            _move_into_place(staged)
            for path in leftovers:
                if path.is_file() and not path.is_symlink():
                    path.unlink()
    except BaseException:
        for _, temp_name in staged:
            _discard(temp_name)
        raise
    return written


def _move_into_place(staged: list[tuple[Path, str]]) -> None:
    """Rename each temporary file over its target; if one rename fails, put back the
    files already replaced (kept as hard links meanwhile), so the set stays whole."""
    moved: list[tuple[Path, str | None]] = []
    try:
        for target, temp_name in staged:
            previous = _keep_previous(target)
            try:
                with _named(target):
                    os.replace(temp_name, target)
            except BaseException:
                if previous is not None:
                    _discard(previous)
                raise
            moved.append((target, previous))
    except BaseException:
        for target, previous in reversed(moved):
            with contextlib.suppress(OSError):
                if previous is None:
                    os.unlink(target)
                else:
                    os.replace(previous, target)
        raise
    for _, previous in moved:
        if previous is not None:
            _discard(previous)


def _keep_previous(target: Path) -> str | None:
    """A hard link to the file now at `target` (named like a temporary file), or None
    when there is none or the file system cannot link."""
    if not target.is_file():
        return None
    name = str(target.parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        os.link(target, name)
    except OSError:
        return None
    return name


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then deliver the first one received.

    Only the main thread can set signal handlers; elsewhere the block runs as is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    caught = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda n, _: received.append(n))
                for number in caught}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        if received:
            signal.raise_signal(received[0])


def remove_stale_temps(target: str | os.PathLike[str]) -> list[Path]:
    """Remove temporary files left for `target` by writers that are gone; return them.

    A name carrying a process id is stale when that process no longer runs; one
    of the older naming (no process id) when it is more than an hour old.
    """
    target = Path(target)
    prefix = f".{target.name}."
    removed = []
    for name in glob.glob(glob.escape(str(target.parent / prefix)) + "*.tmp"):
        middle = Path(name).name[len(prefix):-len(".tmp")]
        owner, dash, _ = middle.partition("-")
        try:
            if dash and owner.isdigit():
                stale = not process_alive(int(owner))
            else:
                stale = time.time() - os.stat(name).st_mtime > _STALE_AFTER
            if stale:
                os.unlink(name)
                removed.append(Path(name))
        except OSError:
            continue
    return removed


def _write_temp(target: Path, payload: bytes) -> str:
    """A temporary file beside `target` holding `payload`, flushed to disk."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    handle, temp_name = tempfile.mkstemp(dir=target.parent,
                                         prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        _match_permissions(temp_name, target)
    except BaseException:
        _discard(temp_name)
        raise
    return temp_name


@contextlib.contextmanager
def _named(path: str | os.PathLike[str]) -> Iterator[None]:
    """Name the file asked for in an OSError, not a temporary one."""
    try:
        yield
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error


def _discard(temp_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp_name)


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _is_special(target: Path) -> bool:
    """True for an existing target that is neither a regular file nor a directory."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _match_permissions(temp_name: str, target: Path) -> None:
    """Give the new file ordinary permissions instead of mkstemp's private 0600.

    An existing file keeps its mode; a new one gets 0666 minus the umask, as
    `open()` would have given it.
    """
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp_name, mode)
