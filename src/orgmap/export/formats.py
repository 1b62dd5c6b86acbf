"""Export formats by name: which writer each uses, where each goes by default, all at once.

`orgmap export --format NAME` and `orgmap build` go through here; a new format is
a module of its own in this package plus its name in `FORMATS` and, for a
one-file format, its writer and suffix in `FILE_WRITERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_set
from ..data.dataset import collector_paused
from .cypher import DEFAULT_DIALECT, write_cypher
from .ftm import write_ftm
from .neo4j_csv import write_neo4j_csv
from .popolo import write_popolo
from .sqlite import write_sqlite
from .tabular import EDGES_FILE, NODES_FILE, csv_files, node_link_json, write_csv, write_json
from .xml import gexf_text, graphml_text, write_gexf, write_graphml

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.dates import PartialDate

#: Export formats, as `orgmap export --format` names them.
FORMATS = ("graphml", "gexf", "csv", "json", "cypher", "neo4j-csv", "sqlite", "ftm", "popolo")
#: Formats written as a pair of files into a folder rather than as one file.
FOLDER_WRITERS: dict[str, Callable[[Dataset, str | Path], list[Path]]] = {
    "csv": write_csv,
    "neo4j-csv": write_neo4j_csv,
}
GRAPHML_FILE = "orgmap.graphml"
GEXF_FILE = "orgmap.gexf"
JSON_FILE = "orgmap.json"
#: One-file formats: the writer and the file suffix. (csv writes two tables into a folder.)
FILE_WRITERS: dict[str, tuple[Callable[[Dataset, str | Path], Path], str]] = {
    "graphml": (write_graphml, ".graphml"),
    "gexf": (write_gexf, ".gexf"),
    "json": (write_json, ".json"),
    "cypher": (write_cypher, ".cypher"),
    "sqlite": (write_sqlite, ".db"),
    "ftm": (write_ftm, ".ftm.json"),
    "popolo": (write_popolo, ".popolo.json"),
}
__all__ = ["EDGES_FILE", "EXPORT_FILES", "FOLDER_WRITERS", "FORMATS", "NODES_FILE",
           "default_target", "export_files", "write_all", "write_format"]


#: Every file `export_files` makes, by name.
EXPORT_FILES = (GRAPHML_FILE, GEXF_FILE, NODES_FILE, EDGES_FILE, JSON_FILE)


def export_files(dataset: Dataset) -> list[tuple[str, Callable[[], str]]]:
    """Every export as (file name, text maker): made one at a time when a set is written."""
    return [(GRAPHML_FILE, lambda: graphml_text(dataset)),
            (GEXF_FILE, lambda: gexf_text(dataset)), *csv_files(dataset),
            (JSON_FILE, lambda: node_link_json(dataset))]


def write_all(dataset: Dataset, out_dir: str | Path) -> list[Path]:
    """Every export into `out_dir`: orgmap.graphml, orgmap.gexf, nodes.csv, edges.csv,
    orgmap.json, as one set (`atomic.write_set`): all are replaced or none is.
    Returns the paths written."""
    with collector_paused():
        return write_set(out_dir, export_files(dataset))


def write_format(dataset: Dataset, fmt: str, out: str | Path, *,
                 dialect: str = DEFAULT_DIALECT) -> list[Path]:
    """Write one format: `out` is the file, or for csv and neo4j-csv the directory for
    both tables. `dialect` chooses the Cypher script's schema statements.

    The cyclic garbage collector is paused meanwhile (`collector_paused`): a writer
    makes millions of short-lived lists and strings and no cycles, and each full
    collection would walk the whole loaded dataset again.
    """
    with collector_paused():
        return _write_format(dataset, fmt, out, dialect)


def _write_format(dataset: Dataset, fmt: str, out: str | Path, dialect: str) -> list[Path]:
    if fmt in FOLDER_WRITERS:
        return FOLDER_WRITERS[fmt](dataset, out)
    if fmt == "cypher":
        return [write_cypher(dataset, out, dialect)]
    if fmt not in FILE_WRITERS:
        raise ValueError(f"unknown export format '{fmt}'; use one of: {', '.join(FORMATS)}")
    return [FILE_WRITERS[fmt][0](dataset, out)]


def default_target(fmt: str, out_dir: str | Path = "output", *, focus: str | None = None,
                   depth: int = 1, at: PartialDate | None = None,
                   categories: Iterable[str] = (), kinds: Iterable[str] = (),
                   hide_documents: bool = False) -> Path:
    """Where `orgmap export` writes when --out is not given.

    The whole dataset goes where `orgmap build` puts it (output/orgmap.graphml,
    output/ for the CSV pair); a selection gets a name of its own, such as
    output/orgmap-cac-depth2-at-2019.graphml or output/orgmap-cac-depth2/ for CSV,
    so exporting a subgraph never overwrites the full export.
    """
    stem = selection_stem(focus=focus, depth=depth, at=at, categories=categories,
                          kinds=kinds, hide_documents=hide_documents)
    folder = Path(out_dir)
    if fmt in FOLDER_WRITERS:
        return folder / stem if stem != "orgmap" else folder
    return folder / f"{stem}{FILE_WRITERS[fmt][1]}"


def selection_stem(*, focus: str | None = None, depth: int = 1,
                   at: PartialDate | None = None, categories: Iterable[str] = (),
                   kinds: Iterable[str] = (), hide_documents: bool = False) -> str:
    """A file name for a selection: 'orgmap' for everything, else such as
    'orgmap-cac-depth2-at-2019' or 'orgmap-at-2018-state'. `export` and `render` name
    their default outputs with it, so a view never overwrites the full output."""
    parts = []
    if focus:
        parts += [focus, f"depth{depth}"]
    if at is not None:
        parts += ["at", str(at)]
    parts += [*sorted(categories), *sorted(kinds)]
    if hide_documents:
        parts.append("no-documents")
    return "-".join(["orgmap", *parts])
