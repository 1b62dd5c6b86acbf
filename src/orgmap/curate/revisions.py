"""One side of a diff: a data directory, or the data directory at a git revision.

A side that names an existing directory is a directory (`.` means the working
files of `--data`); anything else is a revision of the git repository holding
`--data`, whose files are read with git itself (`git show REV:path`), so tags,
branches, `HEAD~5` and abbreviated hashes all work as they do in git.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from .files import FILES

if TYPE_CHECKING:
    from ..data.dataset import Dataset


class SideProblem(Exception):
    """A side that is neither a dataset directory nor a revision git knows."""


class GitMissing(Exception):
    """git is needed to read a revision and is not installed."""


def load_side(side: str, data: Path, *, allow_unsourced: bool = False,
              cache: bool = True) -> tuple[Dataset, str]:
    """The dataset a side names, and how to call it in a report."""
    from ..data.load import load

    directory = data if side == "." else Path(side)
    if directory.is_dir():
        missing = [n for n in FILES.values() if not (directory / n).is_file()]
        if missing:
            raise SideProblem(f"'{side}' is a directory but not a dataset: it has no "
                              f"{' or '.join(missing)}; pass a data directory or a revision")
        return load(directory, allow_unsourced=allow_unsourced, cache=cache), str(directory)
    return _at_revision(side, data, allow_unsourced), side


def _at_revision(revision: str, data: Path, allow_unsourced: bool) -> Dataset:
    from ..data.load import load_bytes

    top, inside = _repository(data, revision)
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit is None:
        raise SideProblem(f"'{revision}' is neither a directory nor a revision of the git "
                          f"repository at {top} (try 'git log --oneline')")
    contents: dict[str, bytes] = {}
    for name in FILES.values():
        path = f"{inside}/{name}" if inside else name
        display = f"{revision}:{path}"
        data_bytes = _git(top, "show", f"{commit.strip()}:{path}", text=False)
        if data_bytes is None:
            raise SideProblem(f"revision '{revision}' has no {path}; pass --data for the "
                              "data directory it had then")
        contents[display] = data_bytes
    return load_bytes(contents, allow_unsourced=allow_unsourced, origin=revision)


def _repository(data: Path, revision: str) -> tuple[Path, str]:
    """The repository's top directory and the data directory's path inside it."""
    start = data if data.is_dir() else Path.cwd()
    top = _git(start, "rev-parse", "--show-toplevel")
    if top is None:
        raise SideProblem(f"'{revision}' is not a directory, and {start} is not in a git "
                          "repository whose revisions it could name")
    root = Path(top.strip())
    try:
        inside = data.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise SideProblem(f"--data {data} is not inside the git repository {root}") from None
    return root, "" if inside == "." else inside


def _git(where: Path, *args: str, text: bool = True) -> str | bytes | None:
    """git's output, or None when git says no."""
    if shutil.which("git") is None:
        raise GitMissing("git is needed to read revisions: install it (apt-get install git, "
                         "or https://git-scm.com/downloads) or compare two directories")
    result = subprocess.run(["git", *args], cwd=where, capture_output=True, check=False)
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="replace") if text else result.stdout
