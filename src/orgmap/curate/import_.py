"""`orgmap import`: entities or edges from a spreadsheet, all or nothing.

Each row becomes one item (see `items` for the columns). Names in `from` and
`to` resolve as every command resolves them. Every problem is reported at its
row and column (`board.csv:12:3: ...`), including the ones that only the whole
dataset can reveal (a wrong kind at one end, an unknown citation); a file with
any problem writes nothing. A row identical to an item already present, or to
an earlier row, is skipped and counted, so importing the same file twice adds
nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..data.model import Edge
from ..data.validate import _identity as edge_identity
from ..errors import DataError, LookupProblem, Problem
from .add import append_items, resolve_ends
from .canonical import EDGES, ENTITIES
from .files import DataFile, read_files, validate_files, write_changed
from .items import FieldProblem, build_item, check_field
from .sheets import Sheet, read_sheet

if TYPE_CHECKING:
    from ..data.dataset import Dataset


@dataclass
class ImportResult:
    """What an import added (row number and item) and what it skipped (row, why)."""

    file: DataFile
    added: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def import_sheet(path: Path, data: Path, what: str, *, dry_run: bool = False,
                 allow_unsourced: bool = False) -> ImportResult:
    """Append the rows of a .csv or .xlsx file to the dataset at `data`.

    Raises SheetProblem when the file is not a readable sheet, DataError listing
    every located problem otherwise; in both cases nothing is written.
    """
    from ..data.load import _display

    sheet = read_sheet(path, _display(path))
    _check_header(sheet, what)
    files = read_files(data)
    dataset = validate_files(files, allow_unsourced=allow_unsourced)
    result = ImportResult(files[what])
    problems = _read_rows(sheet, what, dataset, result)
    target = files[what]
    existing = len(dataset.entities) if what == ENTITIES else len(dataset.edges)
    target.text = append_items(target.text, [item for _, item in result.added], what)
    try:  # the rows that could be read, checked with the whole dataset
        validate_files(files, allow_unsourced=allow_unsourced)
    except DataError as error:
        problems += _to_rows(error.problems, sheet, target, existing, result)
    if problems:
        raise DataError(problems)
    if not dry_run:
        write_changed(files)
    return result


def _check_header(sheet: Sheet, what: str) -> None:
    problems = []
    for column, name in enumerate(sheet.header, 1):
        if not name:
            continue
        try:
            check_field(name, what)
        except FieldProblem as problem:
            problems.append(Problem(sheet.display, str(problem), line=1, column=column,
                                    hint="rename the column in the first row"))
    if problems:
        raise DataError(problems)


def _read_rows(sheet: Sheet, what: str, dataset: Dataset, result: ImportResult
               ) -> list[Problem]:
    """Build an item per row into `result`; return the problems found on the way."""
    problems: list[Problem] = []
    present = _present(dataset, what)
    seen: dict[Any, int] = {}
    for row, cells in sheet.rows:
        pairs = [(name, cell) for name, cell in zip(sheet.header, cells, strict=False) if name]
        try:
            item = build_item(pairs, what, split_lists=True)
            if what == EDGES:
                item = resolve_ends(item, dataset)
        except (FieldProblem, LookupProblem) as problem:
            name = getattr(problem, "field", "") or str(problem).split(":", 1)[0]
            text = str(problem).removeprefix(f"{name}: ")
            problems.append(Problem(sheet.display, text, path=name, line=row,
                                    column=_column(sheet, name)))
            continue
        key = _identity(item, what)
        if key is not None and key in present:
            result.skipped.append((row, f"already in {result.file.display}"))
        elif key is not None and key in seen:
            result.skipped.append((row, f"same as row {seen[key]}"))
        else:
            if key is not None:
                seen[key] = row
            result.added.append((row, item))
    return problems


def _present(dataset: Dataset, what: str) -> set[Any]:
    if what == ENTITIES:
        return set(dataset.entities)
    return {edge_identity(edge) for edge in dataset.edges}


def _identity(item: dict[str, Any], what: str) -> Any:
    """An entity's id; an edge's ends, type, role and dates (None if it is not valid)."""
    if what == ENTITIES:
        return item.get("id")
    try:
        return edge_identity(Edge.model_validate({**item, "sources": []}))
    except ValidationError:
        return None


def _column(sheet: Sheet, name: str) -> int | None:
    for candidate in (name, "source" if name == "sources" else name):
        if candidate in sheet.header:
            return sheet.header.index(candidate) + 1
    return None


def _to_rows(problems: list[Problem], sheet: Sheet, target: DataFile, existing: int,
             result: ImportResult) -> list[Problem]:
    """Problems found in the new items, placed at their row and column of the sheet."""
    placed = []
    for problem in problems:
        index = problem.loc[0] if problem.loc and isinstance(problem.loc[0], int) else -1
        if problem.file != target.display or index < existing:
            placed.append(problem)
            continue
        row = result.added[index - existing][0]
        name = str(problem.loc[1]) if len(problem.loc) > 1 else ""
        placed.append(Problem(sheet.display, problem.message, path=name, hint=problem.hint,
                              line=row, column=_column(sheet, name),
                              severity=problem.severity))
    return placed
