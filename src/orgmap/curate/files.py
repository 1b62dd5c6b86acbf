"""A dataset's two files as text, validated together before anything is written.

Every command that writes data (`fmt`, `add`, `import`) works the same way:
read both files, build their new text in memory, validate the dataset that the
new text describes, and only then write, atomically, the files that changed.
A failure anywhere leaves every file byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..data.dataset import Dataset
from ..data.load import EDGES_FILE, ENTITIES_FILE, _display, load_bytes
from ..data.read import decode, read_bytes
from .canonical import EDGES, ENTITIES

#: Which list each file holds.
FILES = {ENTITIES: ENTITIES_FILE, EDGES: EDGES_FILE}


@dataclass
class DataFile:
    """One file of a dataset: where it is, its bytes on disk and its (new) text."""

    what: str  # ENTITIES or EDGES
    path: Path
    display: str
    original: bytes
    text: str

    @property
    def changed(self) -> bool:
        return self.text.encode("utf-8") != self.original


def read_files(data: Path) -> dict[str, DataFile]:
    """Both files of the dataset at `data`, as they are on disk."""
    files = {}
    for what, name in FILES.items():
        path = data / name
        display = _display(path)
        original = read_bytes(path, display)
        files[what] = DataFile(what, path, display, original, decode(original, display))
    return files


def validate_files(files: dict[str, DataFile], *, allow_unsourced: bool = False) -> Dataset:
    """The dataset the files' current text describes; DataError listing every problem."""
    contents = {files[what].display: files[what].text.encode("utf-8")
                for what in (ENTITIES, EDGES)}
    return load_bytes(contents, allow_unsourced=allow_unsourced,
                      origin=str(files[ENTITIES].path.parent))


def write_changed(files: dict[str, DataFile]) -> list[DataFile]:
    """Write the files whose text changed, each atomically; return them."""
    changed = [f for f in files.values() if f.changed]
    for file in changed:
        write_atomic(file.path, file.text)
    return changed
