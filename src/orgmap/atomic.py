"""Atomic file writes: a reader never sees half a file.

Every output (HTML page, GraphML, CSV, ...) is first written to a temporary
file in the same directory and then moved over the target with `os.replace`,
which is atomic on POSIX and Windows when both paths are on one file system.
If writing fails, the previous file stays as it was and the temporary file is
removed, so a crash in the middle of `orgmap build` never leaves a truncated
graph that Gephi would half-import.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` atomically; text is encoded as UTF-8 without a BOM.

    Text is written byte for byte (no newline translation), so the same data
    gives the same file on every platform. Missing parent directories are
    created. A symlink is followed (the file it names is replaced, the link
    stays); a device or FIFO such as `/dev/stdout` is written to, not replaced.
    Returns the path written.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if _is_special(Path(path)):  # /dev/stdout, a FIFO: write through, never replace it
        with open(path, "wb") as stream:
            stream.write(payload)
        return Path(path)
    try:
        # Through a symlink to the file it names, so the link itself is kept.
        _replace(Path(os.path.realpath(path)), payload)
    except OSError as error:  # name the file asked for, not a temporary one
        raise OSError(error.errno, error.strerror, str(path)) from error
    return Path(path)


def _replace(target: Path, payload: bytes) -> None:
    """Write a temporary file beside `target`, then move it over `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        _match_permissions(temp_name, target)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


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
