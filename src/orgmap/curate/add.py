"""`orgmap add`: append items in canonical form, after validating the whole dataset.

The rest of the file is left byte for byte as it was: new items are written
at the end, so a curator's comments and layout are untouched and the diff in a
pull request shows only the new lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DataError, LookupProblem, Problem
from .canonical import EDGES, ENTITIES, canonical_items
from .files import DataFile, read_files, validate_files, write_changed
from .roundtrip import as_commented, dump_commented

if TYPE_CHECKING:
    from ..data.dataset import Dataset

_EMPTY_LIST = re.compile(r"^[ \t]*\[[ \t]*\][ \t]*(#.*)?$", re.MULTILINE)


def item_text(item: dict[str, Any], what: str) -> str:
    """One item as canonical YAML (`- id: ...`), ending in a newline."""
    items = as_commented([item])
    canonical_items(items, what)
    return dump_commented(items)


def append_items(text: str, items: list[dict[str, Any]], what: str) -> str:
    """`text` with the items added at the end, one blank line before each."""
    if not items:
        return text
    if _EMPTY_LIST.search(text):  # `[]`: a list with no items yet
        text = _EMPTY_LIST.sub("", text, count=1)
    text = text if not text.strip() else text.rstrip("\n") + "\n\n"
    return text + "\n".join(item_text(item, what) for item in items)


def resolve_ends(item: dict[str, Any], dataset: Dataset) -> dict[str, Any]:
    """An edge's `from` and `to` given as names, aliases or Chinese names, as ids.

    Raises LookupProblem naming the end that matches no entity, or several."""
    for end in ("from", "to"):
        name = item.get(end)
        if isinstance(name, str) and name not in dataset.entities:
            try:
                item[end] = dataset.resolve(name).id
            except LookupProblem as problem:
                raise LookupProblem(f"{end}: {problem}") from None
    return item


def add_item(data: Path, what: str, item: dict[str, Any], *,
             allow_unsourced: bool = False, dry_run: bool = False
             ) -> tuple[DataFile, dict[str, Any]]:
    """Append one entity or edge to the dataset at `data`.

    The dataset must validate before and with the new item; DataError lists the
    problems otherwise and nothing is written. Returns the file and the item
    as written (names in `from`/`to` resolved to ids).
    """
    files = read_files(data)
    dataset = validate_files(files, allow_unsourced=allow_unsourced)
    if what == EDGES:
        item = resolve_ends(dict(item), dataset)
    target = files[what]
    index = len(dataset.entities) if what == ENTITIES else len(dataset.edges)
    target.text = append_items(target.text, [item], what)
    try:
        validate_files(files, allow_unsourced=allow_unsourced)
    except DataError as error:
        raise DataError([_about_new_item(p, target, index, what) for p in error.problems]
                        ) from None
    if not dry_run:
        write_changed(files)
    return target, item


def _about_new_item(problem: Problem, target: DataFile, index: int, what: str) -> Problem:
    """A problem with the new item, which is in no file yet: named as such, not by line."""
    if problem.file != target.display or not problem.loc or problem.loc[0] != index:
        return problem
    field = ".".join(str(part) for part in problem.loc[1:])
    noun = "entity" if what == ENTITIES else "edge"
    return Problem(f"{target.display} (the new {noun})", problem.message, path=field,
                   hint=problem.hint, severity=problem.severity)
