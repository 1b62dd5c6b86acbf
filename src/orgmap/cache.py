"""A content-addressed cache of validated datasets.

Parsing and validating YAML is the one inherently slow step, and researchers
re-run commands on unchanged files all day. The key is a hash of the files'
bytes (not their timestamps, which lie after a git checkout or a copy), the
orgmap version and the options that change validation, so stale data is never
served. Entries are written atomically; a corrupt or unreadable entry is
treated as a miss, so two processes racing or a crash mid-write are harmless.

The cache lives in `$ORGMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/orgmap`, else
`~/.cache/orgmap`; delete it at will, or set `ORGMAP_NO_CACHE=1` / `--no-cache`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .dataset import Dataset

_FORMAT = 1


def cache_dir() -> Path:
    """Where cache entries live (see the module docstring)."""
    explicit = os.environ.get("ORGMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "orgmap"


def enabled() -> bool:
    return os.environ.get("ORGMAP_NO_CACHE", "") in ("", "0")


def key_for(texts: dict[str, str], allow_unsourced: bool) -> str | None:
    """Hash of everything that determines the validated result; None when disabled."""
    if not enabled():
        return None
    digest = hashlib.sha256(f"{__version__}|{_FORMAT}|{allow_unsourced}".encode())
    for name in sorted(texts):
        digest.update(b"\0" + name.encode() + b"\0")
        digest.update(texts[name].encode("utf-8"))
    return digest.hexdigest()


def fetch(key: str) -> Dataset | None:
    """The cached dataset for `key`, or None on a miss or an unreadable entry."""
    try:
        with open(cache_dir() / f"{key}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - any broken entry is simply a miss
        return None


def store(key: str, dataset: Dataset) -> None:
    """Write the entry atomically; failing to cache never fails the command."""
    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(dataset, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, directory / f"{key}.pickle")
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return
