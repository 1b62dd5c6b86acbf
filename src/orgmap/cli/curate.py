"""CLI commands that write the data itself: init, fmt, add, import.

Each parses its arguments, calls one function of `orgmap.curate` and reports
what it did. Data problems exit 1 with `file:line:col` messages and leave
every file as it was; a problem with the command line exits 2.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .application import app, fail_usage, load_or_exit, report_data_error, writing
from .options import AllowUnsourced, DataDir, From, NoCache, Possible, To


class ItemKind(StrEnum):
    """What `add` appends."""

    entity = "entity"
    edge = "edge"


class ListKind(StrEnum):
    """What `import` reads rows as."""

    entities = "entities"
    edges = "edges"


Sets = Annotated[list[str] | None, typer.Option(
    "--set", metavar="FIELD=VALUE",
    help="A field of the new item (repeatable). List fields (aliases, as_of) take one value "
         "per --set; cite with source=DOCUMENT-ID or URL, then locator=...")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print what would be added; write "
                                      "nothing.")]


@app.command("init")
def init_command(
    directory: Annotated[Path, typer.Argument(help="Directory for the new dataset (created "
                                              "if missing).")],
) -> None:
    """Start a new dataset: entities.yaml and edges.yaml with commented examples (a body,
    a person, a dated role citing a document) and a short README. It validates as is.

    Never overwrites: a directory that already holds any of the files is refused.

    Examples: orgmap init mydata; orgmap validate --data mydata
    """
    from ..curate.init import ExistsError, init_dataset

    try:
        with writing(directory):
            written = init_dataset(directory)
    except ExistsError as error:
        fail_usage(f"{error} already exists; init never overwrites files: choose a new "
                   "directory")
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: edit them, then run: orgmap validate --data {directory}")


@app.command("fmt")
def fmt_command(
    check: Annotated[bool, typer.Option("--check", help="Change nothing: list the files "
                                        "that would change and exit 1 if there are any.")
                     ] = False,
    sort: Annotated[bool, typer.Option("--sort", help="Also sort the items: entities by id, "
                                       "edges by from, to, type and start.")] = False,
    data: DataDir = Path("data"),
    allow_unsourced: AllowUnsourced = False,
    no_cache: NoCache = False,
) -> None:
    """Rewrite entities.yaml and edges.yaml in one canonical layout, keeping comments.

    Keys in the order of docs/data-format.md, one indentation and list style, quotes
    only where a YAML reader would otherwise read a boolean, null or number (NO, on,
    1e3; "2018" as a year), Chinese text as itself, items in file order. Comments and
    blank lines stay where they were. A formatted file is left byte for byte as it is.
    Data that does not validate is refused: fmt formats, it never repairs. The files
    are always re-read (--no-cache changes nothing here).

    Examples: orgmap fmt; orgmap fmt --check (in a dataset's CI); orgmap fmt --sort
    """
    from ..curate.fmt import fmt
    from ..errors import DataError

    try:
        with writing(data):
            changed = fmt(data, check=check, sort=sort, allow_unsourced=allow_unsourced)
    except DataError as error:
        report_data_error(error)
    verb = "would reformat" if check else "reformatted"
    for file in changed:
        typer.echo(f"{verb} {file.display}")
    if not changed:
        typer.echo("already formatted: nothing to change")
    if check and changed:
        typer.echo(f"{len(changed)} file(s) would change; run: orgmap fmt --data {data}",
                   err=True)
        raise typer.Exit(1)


@app.command("add")
def add_command(
    what: Annotated[ItemKind, typer.Argument(help="entity or edge.")],
    sets: Sets = None,
    data: DataDir = Path("data"),
    dry_run: DryRun = False,
    allow_unsourced: AllowUnsourced = False,
    no_cache: NoCache = False,
) -> None:
    """Append one entity or edge in canonical form, after validating the whole dataset
    with it; on any problem nothing is written. The rest of the file is untouched.

    Without --set, reads one YAML or JSON mapping from standard input. `from` and `to`
    may be ids, names, aliases or Chinese names.

    Examples:
      orgmap add entity --set id=xu-lin --set kind=person --set name="Xu Lin"
        --set name_zh=徐麟 --set aliases="Lin Xu"
      orgmap add edge --set from=徐麟 --set to=CAC --set type=role --set role=Director
        --set start=2014 --set source=aspi-2021-chinas-cyber-vision --set locator="note 9"
      echo '{"id": "li-qiang", "kind": "person", "name": "Li Qiang"}' | orgmap add entity
    """
    from ..curate.add import add_item, item_text
    from ..errors import DataError, LookupProblem

    plural = "entities" if what is ItemKind.entity else "edges"
    item = _item_from_sets(sets, plural) if sets else _item_from_stdin()
    try:
        with writing(data):
            file, added = add_item(data, plural, item, allow_unsourced=allow_unsourced,
                                   dry_run=dry_run)
    except LookupProblem as problem:
        fail_usage(str(problem))
    except DataError as error:
        typer.echo("nothing was written; the problems with the new item:", err=True)
        report_data_error(error)
    typer.echo(item_text(added, plural), nl=False)
    typer.echo(f"{'would add' if dry_run else 'added'} this {what.value} to {file.display}")


def _item_from_sets(sets: list[str], what: str) -> dict:
    from ..curate.items import FieldProblem, build_item

    pairs = []
    for text in sets:
        name, equals, value = text.partition("=")
        if not equals:
            fail_usage(f"--set {text!r}: write FIELD=VALUE, e.g. --set name=\"Xu Lin\"")
        pairs.append((name.strip(), value))
    try:
        return build_item(pairs, what)
    except FieldProblem as problem:
        fail_usage(f"--set: {problem}")


def _item_from_stdin() -> dict:
    if sys.stdin is None or sys.stdin.isatty():
        fail_usage("give the item's fields with --set FIELD=VALUE, or pipe one YAML or JSON "
                   "mapping to standard input")
    import yaml_rs

    text = sys.stdin.read()
    try:
        item = yaml_rs.loads(text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError as error:
        fail_usage(f"standard input is not YAML or JSON: {str(error).strip()}")
    if not isinstance(item, dict):
        fail_usage("standard input must hold one mapping (an item's fields), e.g. "
                   "{\"id\": \"xu-lin\", \"kind\": \"person\", \"name\": \"Xu Lin\"}")
    return item


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file with a header row.")],
    as_: Annotated[ListKind, typer.Option("--as", help="Read the rows as entities or edges.")],
    data: DataDir = Path("data"),
    dry_run: DryRun = False,
    allow_unsourced: AllowUnsourced = False,
    no_cache: NoCache = False,
) -> None:
    """Add entities or edges from a spreadsheet, all or nothing.

    The first row names the fields as in the YAML: from, to, type, role, role_zh, start,
    end, ended_by, as_of, note, id (edges); id, kind, name, name_zh, aliases, category, description,
    url, start, end (entities). Cite with a `source` column (a document id or URL) and
    `locator`; `source_2`/`locator_2` and so on for more. Separate several aliases or
    as_of dates with `;`. Names in from/to may be ids, names, aliases or Chinese names.
    A cell holding a real date becomes YYYY-MM-DD; type a month as text (2018-05).
    Any problem is reported at its row and column and nothing is written. A row
    identical to an item already present (same id; or same from, to, type, role and
    dates) is skipped, so importing a file twice adds nothing the second time.

    Examples: orgmap import board.csv --as edges --dry-run;
    orgmap import people.xlsx --as entities --data mydata
    """
    from ..curate.add import item_text
    from ..curate.import_ import import_sheet
    from ..curate.sheets import SheetProblem
    from ..errors import DataError

    what = as_.value
    try:
        with writing(data):
            result = import_sheet(file, data, what, dry_run=dry_run,
                                  allow_unsourced=allow_unsourced)
    except SheetProblem as problem:
        typer.echo(f"Error: {problem}", err=True)
        raise typer.Exit(1) from None
    except DataError as error:
        typer.echo(f"nothing was imported; the problems in {file}:", err=True)
        report_data_error(error)
    if dry_run:
        for _, item in result.added:
            typer.echo(item_text(item, what))
    verb = "would add" if dry_run else "added"
    count = len(result.added)
    noun = what if count != 1 else {"entities": "entity", "edges": "edge"}[what]
    typer.echo(f"{verb} {count} {noun} to {result.file.display}")
    for row, why in result.skipped:
        typer.echo(f"skipped row {row}: {why}")


class ReportFormat(StrEnum):
    """How `diff` and `changes` print their report."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


ReportFormatOption = Annotated[ReportFormat, typer.Option(
    "--format", "-f", help="table (for people), csv or json (one row per change, for "
    "scripts) or markdown (to paste into a report or pull request).")]


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="A data directory, or a git revision (HEAD~5, "
                                       "v1, a hash) of --data.")],
    new: Annotated[str, typer.Argument(help="The same; '.' is the working files of --data.")
                   ] = ".",
    data: DataDir = Path("data"),
    fmt: ReportFormatOption = ReportFormat.table,
    allow_unsourced: AllowUnsourced = False,
    no_cache: NoCache = False,
) -> None:
    """What changed between two versions of the data: entities and edges added, removed
    and changed (which fields, old and new value), with people's arrivals and departures
    in each body first.

    A side that names an existing directory is a dataset directory; anything else is a
    revision of the git repository holding --data, read with git. Edges are matched by
    their explicit id, else by from, type and to, then by their other fields: an edge
    whose dates changed is 'changed', and a new parallel edge is one addition.

    Examples: orgmap diff HEAD~5 .; orgmap diff v1 v2 --format markdown;
    orgmap diff old-data new-data --format csv
    """
    from ..curate.diff import diff
    from ..curate.revisions import GitMissing, SideProblem, load_side
    from ..errors import DataError
    from .report import diff_report, render

    try:
        before, old_name = load_side(old, data, allow_unsourced=allow_unsourced,
                                     cache=not no_cache)
        after, new_name = load_side(new, data, allow_unsourced=allow_unsourced,
                                    cache=not no_cache)
    except SideProblem as problem:
        fail_usage(str(problem))
    except GitMissing as problem:
        typer.echo(f"Error: {problem}", err=True)
        raise typer.Exit(3) from None
    except DataError as error:
        report_data_error(error)
    report = diff_report(diff(before, after), f"Changes from {old_name} to {new_name}")
    sys.stdout.write(render(report, fmt.value))


@app.command("changes")
def changes_command(
    start: From,
    end: To,
    possible: Possible = False,
    data: DataDir = Path("data"),
    fmt: ReportFormatOption = ReportFormat.table,
    allow_unsourced: AllowUnsourced = False,
    no_cache: NoCache = False,
) -> None:
    """What changed in the network between two dates: relations that came into force
    and that ended, bodies founded and dissolved, and who arrived and left in each body,
    each confirmed or (with --possible) possible by the time rules of docs/queries.md.

    Examples: orgmap changes --from 2014 --to 2021;
    orgmap changes --from 2018-01 --to 2018-06 --possible --format markdown
    """
    from ..questions.changes import changes
    from .report import changes_report, render

    if start.first > end.last:
        fail_usage(f"--from {start} is after --to {end}")
    dataset = load_or_exit(data, no_cache=no_cache, allow_unsourced=allow_unsourced)
    frame = changes(dataset, start, end, possible=possible)
    report = changes_report(frame, f"Changes from {start} to {end}")
    sys.stdout.write(render(report, fmt.value))
