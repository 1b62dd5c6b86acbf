"""A content-addressed cache of validated datasets.

Parsing and validating YAML is the one inherently slow step, and researchers
re-run commands on unchanged files all day. The key is a hash of the files'
bytes (not their timestamps, which lie after a git checkout or a copy), the
orgmap version, the model fields and the options that change validation, so
stale data is never served; a hit needs neither decoding nor parsing.

An entry is not a pickle of the models: unpickling 200,000 pydantic models runs
Python code for every model, date and citation (seconds). It holds plain columns
instead (strings, tuples, small ints) in `marshal` format, with every distinct
date and citation stored once and referred to by number, and the models are
rebuilt without re-validating them, which is sound because the entry was
written from validated models and its checksum is verified before use.

Entries are written atomically (temporary file, then `os.replace`); an entry
that is unreadable, truncated, corrupt or from another format is a miss, so two
processes racing or a crash mid-write are harmless. Only the newest
`KEEP_ENTRIES` entries are kept.

The cache lives in `$ORGMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/orgmap`, else
`~/.cache/orgmap`; delete it at will, or set `ORGMAP_NO_CACHE=1` / `--no-cache`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Mapping
from itertools import islice, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, get_args, get_origin

from .. import __version__
from .unchecked import construct_all, fields_set_of, values_of

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..errors import Problem
    from .dates import Status
    from .model import Edge, Entity

_FORMAT = 3
_MAGIC = b"orgmap-cache %d %d\n" % (_FORMAT, marshal.version)
_SUFFIX = ".orgmap-cache"
#: How many entries to keep; older ones (earlier versions of the files) are removed.
KEEP_ENTRIES = 8

# How each model field is stored in a row.
_PLAIN, _DATE, _DATES, _CITATIONS = range(4)


class Entry(NamedTuple):
    """What an entry holds: validated models, warnings and a dated selection's statuses.

    `store` accepts anything with these four attributes (a `Dataset` does), so the
    codec needs no Dataset and `load` builds one from a fetched entry.
    """

    entities: dict[str, Entity]
    edges: list[Edge]
    warnings: list[Problem]
    status: dict[str, Status]


def cache_dir() -> Path:
    """Where cache entries live (see the module docstring)."""
    explicit = os.environ.get("ORGMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "orgmap"


def enabled() -> bool:
    return os.environ.get("ORGMAP_NO_CACHE", "") in ("", "0")


def key_for(contents: Mapping[str, bytes | str], allow_unsourced: bool) -> str | None:
    """Hash of everything that determines the validated result; None when disabled.

    That is the files' names and bytes, the options, and orgmap's own code (so
    an edited validation rule or an upgrade never meets an entry it did not
    write), with the Python version for the marshal format.
    """
    if not enabled():
        return None
    python = ".".join(map(str, sys.version_info[:2]))
    digest = hashlib.sha256(
        f"{__version__}|{_FORMAT}|{python}|{_code_digest()}|{allow_unsourced}".encode())
    for name in sorted(contents):
        data = contents[name]
        data = data.encode("utf-8") if isinstance(data, str) else data
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@functools.cache
def _code_digest() -> str:
    """A hash of orgmap's source files (about 1 ms to compute, once per process)."""
    package = Path(__file__).parent.parent
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        name = source.relative_to(package).as_posix()
        digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def fetch(key: str) -> Entry | None:
    """The cached entry for `key`, or None on a miss or an unreadable entry."""
    try:
        with open(_entry(key), "rb") as handle:
            blob = handle.read()
        return decode(blob)
    except Exception:  # any broken entry is simply a miss
        return None


def store(key: str, dataset: Entry) -> None:
    """Write the entry atomically; failing to cache never fails the command."""
    try:
        body = encode(dataset)
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC)
                handle.write(hashlib.sha256(body).digest())
                handle.write(body)
            os.replace(temp, _entry(key))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _prune(directory)
    except (OSError, ValueError, TypeError):  # marshal refuses what it cannot write
        return


def _entry(key: str) -> Path:
    return cache_dir() / f"{key}{_SUFFIX}"


def _prune(directory: Path) -> None:
    """Remove all but the newest entries; another process may be removing them too."""
    entries = []
    for path in directory.glob(f"*{_SUFFIX}"):
        if path.name.startswith("."):
            continue
        try:
            entries.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    for _, path in sorted(entries, reverse=True)[KEEP_ENTRIES:]:
        path.unlink(missing_ok=True)


# -- the entry format ----------------------------------------------------------


def encode(dataset: Entry) -> bytes:
    """The entry's body: the dataset as marshal bytes (see the module docstring)."""
    from .model import Citation, Edge, Entity

    tables = _Tables()
    entities = tables.columns(list(dataset.entities.values()), Entity)
    edges = tables.columns(dataset.edges, Edge)
    citations = tables.columns(tables.citations, Citation)
    return marshal.dumps((
        entities,
        edges,
        citations,
        tables.dates,
        list(tables.date_tuples),
        list(tables.citation_tuples),
        list(tables.fieldsets),
        [dataclasses.astuple(problem) for problem in dataset.warnings],
        {edge_id: str(status) for edge_id, status in dataset.status.items()},
    ))


def decode(blob: bytes) -> Entry:
    """What a whole entry holds; raises ValueError for a damaged entry."""
    from ..errors import Problem
    from .dates import PartialDate, Status
    from .model import Citation, Edge, Entity

    head = len(_MAGIC)
    body = memoryview(blob)[head + 32:]
    if blob[:head] != _MAGIC or hashlib.sha256(body).digest() != blob[head:head + 32]:
        raise ValueError("not a current, intact cache entry")
    (entities, edges, citation_columns, date_rows, date_tuples, citation_tuples, fieldsets,
     warnings, status) = marshal.loads(body)
    dates = [None, *(PartialDate(*row) for row in date_rows[1:])]
    tables = _Built(dates, [tuple(map(dates.__getitem__, t)) for t in date_tuples], [])
    citations = _rebuild(Citation, citation_columns, tables, fieldsets)
    tables.citation_tuples.extend(tuple(map(citations.__getitem__, t)) for t in citation_tuples)
    return Entry({entity.id: entity for entity in _rebuild(Entity, entities, tables, fieldsets)},
                 _rebuild(Edge, edges, tables, fieldsets),
                 [Problem(*row) for row in warnings],
                 {edge_id: Status(word) for edge_id, word in status.items()})


class _Tables:
    """Turns models into columns (one list per field, in the models' field order), with
    dates, tuples of dates, citations, tuples of citations and sets of fields by number,
    each distinct one stored once. Columns rather than rows let `decode` rebuild every
    model with C-level `map` calls instead of a Python loop per model, and let `encode`
    work a whole column at a time too."""

    def __init__(self) -> None:
        self.dates: list[tuple[str, int, int] | None] = [None]
        self.date_numbers: dict[str | None, int] = {None: 0}
        self.date_tuples: dict[tuple[int, ...], int] = {(): 0}
        #: Distinct citations in first-seen order (encoded after the edges that cite them).
        self.citations: list[BaseModel] = []
        self.citation_numbers: dict[tuple, int] = {}
        self.citation_tuples: dict[tuple[int, ...], int] = {(): 0}
        self.fieldsets: dict[frozenset[str], int] = {}
        #: Equal strings stored as one object: marshal then writes each once and the
        #: rebuilt dataset shares them (ids recur in every edge that mentions them).
        self.strings: dict[Any, Any] = {}

    def columns(self, items: list[BaseModel], model: type[BaseModel]
                ) -> tuple[list[list[Any]], list[int]]:
        """Each field's values over all items, and each item's set of fields by number."""
        _, one_date, many_dates, cited = _plan(model)
        values = list(map(values_of, items))
        columns = []
        for name in model.model_fields:
            column = list(map(itemgetter(name), values))
            if name in one_date:
                column = self.date_column(column)
            elif name in many_dates:
                column = _numbered(self.date_tuples,
                                   [tuple(map(self.date, dates)) for dates in column])
            elif name in cited:
                column = self.citation_column(column)
            else:
                column = self.shared(column)
            columns.append(column)
        return columns, _numbered(self.fieldsets, self.fields_set_keys(items))

    @staticmethod
    def fields_set_keys(items: list[BaseModel]) -> list[frozenset[str]]:
        return list(map(frozenset, map(fields_set_of, items)))

    def citation_column(self, column: list[tuple[BaseModel, ...]]) -> list[int]:
        """Tuples of citations as numbers of tuples of citation numbers.

        A citation is known by its values and its set of fields (so that equal
        sets listed in another order only make a second, equal entry).
        """
        from .model import Citation

        cited = [citation for citations in column for citation in citations]
        keys = list(zip(*(map(attrgetter(name), cited) for name in Citation.model_fields),
                        self.fields_set_keys(cited), strict=True))
        known = self.citation_numbers
        for key, citation in dict(zip(keys, cited, strict=True)).items():
            if key not in known:
                known[key] = len(self.citations)
                self.citations.append(citation)
        numbers = iter(list(map(known.__getitem__, keys)))
        return _numbered(self.citation_tuples,
                         [tuple(islice(numbers, len(citations))) for citations in column])

    def shared(self, column: list[Any]) -> list[Any]:
        """The column with equal values as one object, where it holds only text (or
        tuples of text, or None): equality would merge 1 with True, and a mapping
        such as `identifiers` cannot be a key."""
        if set(map(type, column)) <= _SHAREABLE:
            try:
                return list(map(self.strings.setdefault, column, column))
            except TypeError:  # a tuple holding something unhashable
                pass
        return column

    def date_column(self, column: list[Any]) -> list[int]:
        """Dates (or None) as numbers; each distinct date is recorded once."""
        texts = [None if date is None else date.text for date in column]
        for date in dict(zip(texts, column, strict=True)).values():  # each distinct date once
            if date is not None:
                self.date(date)
        return list(map(self.date_numbers.__getitem__, texts))

    def date(self, date: Any) -> int:
        """The date's number, recording it when it is new."""
        number = self.date_numbers.get(date.text)
        if number is None:
            number = self.date_numbers[date.text] = len(self.dates)
            self.dates.append((date.text, date.first, date.last))
        return number


_SHAREABLE = frozenset({str, tuple, type(None)})


def _numbered(table: dict[Any, int], keys: list[Any]) -> list[int]:
    """Each key's number in `table`, numbering new keys in the order first seen."""
    for key in dict.fromkeys(keys):
        if key not in table:
            table[key] = len(table)
    return list(map(table.__getitem__, keys))


class _Built:
    """The shared objects rows refer to by number, rebuilt once each."""

    def __init__(self, dates: list[Any], date_tuples: list[tuple],
                 citation_tuples: list[tuple]) -> None:
        self.dates, self.date_tuples, self.citation_tuples = dates, date_tuples, citation_tuples


def _rebuild(model: type[BaseModel], stored: tuple[list[list[Any]], list[int]],
             tables: _Built, fieldsets: list[frozenset[str]]) -> list[Any]:
    """Models from columns without validating again (`unchecked.construct_all`).

    Every step is a `map` over a whole column, so the loop runs in C: about a
    microsecond per model where a Python loop took three.
    """
    columns, numbers = stored
    names = list(model.model_fields)
    _, one_date, many_dates, cited = _plan(model)
    lookup = {**dict.fromkeys(one_date, tables.dates),
              **dict.fromkeys(many_dates, tables.date_tuples),
              **dict.fromkeys(cited, tables.citation_tuples)}
    columns = [list(map(lookup[name].__getitem__, column)) if name in lookup else column
               for name, column in zip(names, columns, strict=True)]
    count = len(numbers)
    values = map(dict, map(zip, repeat(names, count), zip(*columns, strict=True)))
    # A frozen model's set of fields never changes (model_copy copies it), so equal sets
    # can be one object: 200,000 citations otherwise hold 40 MB of identical sets.
    sets = list(map(set, fieldsets))
    fields_set = map(sets.__getitem__, numbers)
    if not model.model_config.get("frozen"):
        fields_set = map(set.copy, fields_set)
    return construct_all(model, count, values, fields_set)


@functools.lru_cache(maxsize=8)
def _plan(model: type[BaseModel]) -> tuple[list[str], list[str], list[str], list[str]]:
    """The model's fields by how they are stored: plain, one date, several dates, citations."""
    groups: tuple[list[str], ...] = ([], [], [], [])
    for name, info in model.model_fields.items():
        groups[_storage(info.annotation)].append(name)
    return groups  # type: ignore[return-value]


def _storage(annotation: Any) -> int:
    from .dates import PartialDate
    from .model import Citation

    if _mentions(annotation, Citation):
        return _CITATIONS
    if _mentions(annotation, PartialDate):
        return _DATES if get_origin(annotation) is tuple else _DATE
    return _PLAIN


def _mentions(annotation: Any, wanted: type) -> bool:
    return annotation is wanted or any(_mentions(a, wanted) for a in get_args(annotation))
