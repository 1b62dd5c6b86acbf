"""The load pipeline: files -> bytes -> text -> items -> validated models -> Dataset.

A cache entry for byte-identical files skips every step after reading the
bytes (see `cache.py`); `Dataset` itself is in `dataset.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ERROR, DataError, Problem
from .dataset import Dataset, collector_paused
from .model import Edge, Entity

ENTITIES_FILE = "entities.yaml"
EDGES_FILE = "edges.yaml"


def load(path: str | Path = "data", *, allow_unsourced: bool = False,
         cache: bool = True) -> Dataset:
    """Read, validate and index `entities.yaml` and `edges.yaml` under `path`.

    Raises DataError carrying every located problem when the data has errors;
    warnings (e.g. unconnected entities) are kept on `Dataset.warnings`.
    With `cache`, a dataset validated before from byte-identical files is reused.
    """
    from . import cache as dataset_cache
    from .read import decode, read_bytes

    root = Path(path)
    files = (root / ENTITIES_FILE, root / EDGES_FILE)
    names = tuple(_display(f) for f in files)
    contents: dict[str, bytes] = {}
    problems: list[Problem] = []
    for file, name in zip(files, names, strict=True):
        try:
            contents[name] = read_bytes(file, name)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:  # report the other file's encoding problems too
        _decode_all(contents, decode, problems)
        raise DataError(problems)
    key = dataset_cache.key_for(contents, allow_unsourced) if cache else None
    with collector_paused():
        if key is not None:
            cached = dataset_cache.fetch(key)
            if cached is not None:
                return Dataset(cached.entities.values(), cached.edges, warnings=cached.warnings,
                               origin=str(root), status=cached.status)
        texts = _decode_all(contents, decode, problems)
        if problems:
            raise DataError(problems)
        dataset = _parse_and_validate(texts, names, allow_unsourced, origin=str(root),
                                      contents=contents)
        if key is not None:
            dataset_cache.store(key, dataset)
    return dataset


def load_bytes(files: dict[str, bytes], *, allow_unsourced: bool = False,
               origin: str = "") -> Dataset:
    """Validate a dataset given as each file's bytes by display name, entities first.

    For data that is not on disk as such: a git revision, or the new text of files
    that a command validates before it writes them. Raises DataError as `load` does.
    """
    from .read import decode

    problems: list[Problem] = []
    texts = _decode_all(files, decode, problems)
    if problems:
        raise DataError(problems)
    return _parse_and_validate(texts, tuple(files), allow_unsourced, origin=origin,
                               contents=dict(files))


def _decode_all(contents: dict[str, bytes], decode: Callable[[bytes, str], str],
                problems: list[Problem]) -> dict[str, str]:
    texts = {}
    for name, data in contents.items():
        try:
            texts[name] = decode(data, name)
        except DataError as exc:
            problems.extend(exc.problems)
    return texts


def _parse_and_validate(texts: dict[str, str], names: tuple[str, str], allow_unsourced: bool,
                        origin: str, contents: dict[str, bytes] | None = None) -> Dataset:
    """Parse and validate decoded files; `contents`, their bytes when the caller has
    them, saves the pre-scan encoding the texts again."""
    from .read import parse_list

    raw = {}
    problems: list[Problem] = []
    for name in names:
        try:
            # Each file's bytes are let go once parsed: the models need the memory.
            raw[name] = parse_list(texts[name], name,
                                   data=contents.pop(name) if contents else None)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return _validate(raw, names, texts, allow_unsourced, origin=origin)


def _validate(raw: dict[str, list[Any]], names: tuple[str, str], texts: dict[str, str],
              allow_unsourced: bool, origin: str) -> Dataset:
    from .validate import check_dataset, locate_problems, mentioned, validate_models

    entity_name, edge_name = names
    entities, problems, bad_entities = validate_models(raw[entity_name], Entity, entity_name,
                                                       "entities", release=True)
    edges, edge_problems, bad_edges = validate_models(raw[edge_name], Edge, edge_name, "edges",
                                                      release=True)
    problems += edge_problems
    problems += check_dataset(entities, edges, names, allow_unsourced=allow_unsourced,
                              broken_ids=mentioned(bad_entities, "id"),
                              also_connected=mentioned(bad_edges, "from", "to"),
                              invalid_entities=bad_entities, invalid_edges=bad_edges)
    if problems:
        problems = locate_problems(problems, texts)
    if any(p.severity == ERROR for p in problems):
        raise DataError(problems)
    return Dataset((e for _, e in entities), (e for _, e in edges), warnings=problems,
                   origin=origin)


def _display(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
