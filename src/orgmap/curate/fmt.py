"""`orgmap fmt`: rewrite both files in the one canonical layout, comments kept.

It formats, it never repairs: data that does not validate is refused, and the
formatted text must describe exactly the dataset the original did (same
entities, edges and edge ids) or nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, Problem
from .canonical import canonical_items, sort_items
from .files import DataFile, read_files, validate_files, write_changed
from .roundtrip import dump_commented, load_commented


def format_text(text: str, what: str, *, sort: bool = False) -> str:
    """The canonical text of one file's YAML (`what` is "entities" or "edges")."""
    items = load_commented(text)
    canonical_items(items, what)
    if sort:
        sort_items(items, what)
    return dump_commented(items)


def format_files(data: Path, *, sort: bool = False,
                 allow_unsourced: bool = False) -> dict[str, DataFile]:
    """Both files with their canonical text; raises DataError if the data is invalid."""
    files = read_files(data)
    before = validate_files(files, allow_unsourced=allow_unsourced)
    for file in files.values():
        file.text = format_text(file.text, file.what, sort=sort)
    after = validate_files(files, allow_unsourced=allow_unsourced)
    if not same_dataset(before, after, ignore_order=sort):
        raise DataError([Problem(files["entities"].display,
                                 "formatting would change the data; nothing was written",
                                 hint="please report this file to the orgmap maintainers")])
    return files


def same_dataset(a, b, *, ignore_order: bool = False) -> bool:
    """Same entities and the same edges under the same ids."""
    if a.entities != b.entities:
        return False
    if ignore_order:
        return {e.id: e for e in a.edges} == {e.id: e for e in b.edges} or \
            sorted(map(_edge_key, a.edges)) == sorted(map(_edge_key, b.edges))
    return a.edges == b.edges


def _edge_key(edge) -> str:
    return edge.model_dump_json(exclude={"id"})


def fmt(data: Path, *, check: bool = False, sort: bool = False,
        allow_unsourced: bool = False) -> list[DataFile]:
    """Format the dataset at `data`; return the files that changed (with `check`,
    that would change, leaving them untouched)."""
    files = format_files(data, sort=sort, allow_unsourced=allow_unsourced)
    if check:
        return [f for f in files.values() if f.changed]
    return write_changed(files)
