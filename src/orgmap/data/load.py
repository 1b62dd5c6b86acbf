"""The load pipeline: files -> bytes -> text -> items -> validated models -> Dataset.

A cache entry for byte-identical files skips every step after reading the
bytes (see `cache.py`); `Dataset` itself is in `dataset.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ERROR, DataError, Problem
from ..progress import step
from .dataset import Dataset, collector_paused

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

    root = Path(path)
    files = (root / ENTITIES_FILE, root / EDGES_FILE)
    names = tuple(_display(f) for f in files)
    tried = None  # the key already looked up, if any: a miss is not looked up twice
    if cache:  # files unchanged since they were last hashed are not read at all
        key = tried = dataset_cache.known_key(dict(zip(names, files, strict=True)),
                                              allow_unsourced)
        if key is not None:
            with collector_paused():
                cached = dataset_cache.fetch(key)
                if cached is not None:
                    return Dataset.from_store(cached, origin=str(root))
    from . import fingerprints
    from .read import decode, read_bytes

    contents: dict[str, bytes] = {}
    seen: dict[str, tuple[Path, tuple | None]] = {}
    problems: list[Problem] = []
    for file, name in zip(files, names, strict=True):
        try:
            # What the file looked like before reading it, so that a write during the
            # read shows as a change next time.
            seen[name] = (file, fingerprints.look(file) if cache else None)
            contents[name] = read_bytes(file, name)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:  # report the other file's encoding problems too
        _decode_all(contents, decode, problems)
        raise DataError(problems)
    key = dataset_cache.key_for(contents, allow_unsourced, seen) if cache else None
    with collector_paused():
        if key is not None and key != tried:
            cached = dataset_cache.fetch(key)
            if cached is not None:
                return Dataset.from_store(cached, origin=str(root))
        texts = _decode_all(contents, decode, problems)
        if problems:
            raise DataError(problems)
        dataset = _parse_and_validate(texts, names, allow_unsourced, origin=str(root),
                                      contents=contents)
        if key is not None:
            step("storing the validated data in the cache")
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
    from .chunks import ChunkMismatch

    try:
        raw = _parse(texts, names, contents, chunks=True)
        return _validate(raw, names, texts, allow_unsourced, origin=origin)
    except ChunkMismatch:  # a chunk cut where it should not be: read each file whole
        texts.update({name: str(text) for name, text in texts.items()})
        raw = _parse(texts, names, None, chunks=False)
        return _validate(raw, names, texts, allow_unsourced, origin=origin)


def _parse(texts: dict[str, str], names: tuple[str, str], contents: dict[str, bytes] | None,
           *, chunks: bool) -> dict[str, Any]:
    """Each file's items; with `chunks`, a long list is parsed a chunk at a time as
    validation reads it, so its raw items are never all in memory (`chunks.py`)."""
    from .chunks import chunked
    from .read import parse_list

    raw: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in names:
        text = texts[name]
        step(f"reading {name} ({len(text) / 1e6:,.1f} MB)")
        # Each file's bytes are let go once parsed: the models need the memory.
        data = contents.pop(name) if contents else None
        try:
            items = chunks and data is not None and chunked(text, name, data)
            if items:  # the chunks keep the bytes; the text is made again if needed
                texts[name] = _Decoded(data)
            raw[name] = items or parse_list(text, name, data=data)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return raw


def _validate(raw: dict[str, list[Any]], names: tuple[str, str], texts: dict[str, str],
              allow_unsourced: bool, origin: str) -> Dataset:
    from .model import Edge, Entity
    from .validate import (
        check_dataset,
        control_problems,
        locate_problems,
        mentioned,
        validate_models,
    )

    entity_name, edge_name = names
    step(f"validating {len(raw[entity_name]):,} entities")
    controls = [*control_problems(raw[entity_name], texts[entity_name], entity_name, "entities"),
                *control_problems(raw[edge_name], texts[edge_name], edge_name, "edges")]
    entities, problems, bad_entities = validate_models(raw[entity_name], Entity, entity_name,
                                                       "entities", release=True)
    step(f"validating {len(raw[edge_name]):,} edges")
    edges, edge_problems, bad_edges = validate_models(raw[edge_name], Edge, edge_name, "edges",
                                                      release=True)
    problems += edge_problems + controls
    step("checking references across entities and edges")
    problems += check_dataset(entities, edges, names, allow_unsourced=allow_unsourced,
                              broken_ids=mentioned(bad_entities, "id"),
                              also_connected=mentioned(bad_edges, "from", "to"),
                              invalid_entities=bad_entities, invalid_edges=bad_edges)
    if problems:
        problems = locate_problems(problems, {name: str(text) for name, text in texts.items()})
    if any(p.severity == ERROR for p in problems):
        raise DataError(problems)
    return Dataset((e for _, e in entities), (e for _, e in edges), warnings=problems,
                   origin=origin)


class _Decoded:
    """A file's text kept as its bytes (half the memory once it holds Chinese); `str`
    decodes it again, for the rare load that must locate a problem."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __str__(self) -> str:
        return self.data.decode("utf-8-sig")

    def __contains__(self, part: str) -> bool:
        """Whether the text holds `part`, asked of the bytes without decoding them."""
        return part.encode() in self.data


def _display(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # outside it, or a symlink loop
        return str(path)
