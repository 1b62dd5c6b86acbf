"""`orgmap import`: spreadsheets built here (CSV and XLSX), exact problems at row:column,
all or nothing, duplicates skipped, bad files refused with a clear error."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

import orgmap
from orgmap.cli import app

runner = CliRunner()
BAD = Path(__file__).parent.parent / "fixtures" / "bad"
HEADER = ["from", "to", "type", "role", "start", "as_of", "source", "locator"]
#: A real date cell, a year, a Chinese name in `from`, an unknown name, a duplicated row.
ROWS = [
    ["zhuang-rongwen", "CPD", "member", "", dt.date(2018, 5, 9), "", "brief", "note 3"],
    ["庄荣文", "cac", "role", "Spokesperson", 2019, "2021-11", "brief", "note 4"],
    ["Zhuang Rongwn", "cac", "role", "Adviser", 2016, "", "brief", ""],
    ["庄荣文", "cac", "role", "Spokesperson", 2019, "2021-11", "brief", "note 4"],
]


def write_xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow([c.isoformat() if isinstance(c, dt.date) else c for c in row])
    return path


def run_import(sheet: Path, data: Path, *args: str):
    return runner.invoke(app, ["import", str(sheet), "--as", "edges", "--data", str(data),
                               *args])


@pytest.mark.parametrize("write", [write_xlsx, write_csv])
def test_problems_are_exact_and_nothing_is_written(write, good: Path, tmp_path: Path,
                                                   snapshot) -> None:
    sheet = write(tmp_path / f"board.{'xlsx' if write is write_xlsx else 'csv'}", ROWS)
    before = snapshot(good)
    result = run_import(sheet, good)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(sheet))]
    assert lines == [f"{sheet}:4:1: from: no entity called 'Zhuang Rongwn' "
                     "(did you mean 'zhuang-rongwen'?); try 'orgmap search'"]
    assert snapshot(good) == before


@pytest.mark.parametrize("write", [write_xlsx, write_csv])
def test_import_adds_rows_skips_duplicates_and_is_idempotent(write, good: Path,
                                                             tmp_path: Path) -> None:
    sheet = write(tmp_path / f"board.{'xlsx' if write is write_xlsx else 'csv'}",
                  [ROWS[0], ROWS[1], ROWS[3]])
    edges = good / "edges.yaml"
    before = edges.read_text(encoding="utf-8")
    result = run_import(sheet, good)
    assert result.exit_code == 0, result.output
    assert "added 2 edges" in result.output and "skipped row 4: same as row 3" in result.output
    added = edges.read_text(encoding="utf-8")[len(before):]
    assert added == """
- from: zhuang-rongwen
  to: cpd
  type: member
  start: 2018-05-09
  sources:
    - ref: brief
      locator: note 3

- from: zhuang-rongwen
  to: cac
  type: role
  role: Spokesperson
  start: "2019"
  as_of: 2021-11
  sources:
    - ref: brief
      locator: note 4
"""
    data = orgmap.load(good, cache=False)
    assert str(data.edges[-1].start) == "2019" and str(data.edges[-2].start) == "2018-05-09"
    again = run_import(sheet, good)
    assert again.exit_code == 0 and "added 0 edges" in again.output
    assert again.output.count("already in") == 3
    assert edges.read_text(encoding="utf-8") == before + added


def test_dry_run_prints_the_items_and_writes_nothing(good: Path, tmp_path: Path,
                                                    snapshot) -> None:
    sheet = write_csv(tmp_path / "board.csv", [ROWS[1]])
    before = snapshot(good)
    result = run_import(sheet, good, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "role: Spokesperson" in result.output and "would add 1 edge to" in result.output
    assert snapshot(good) == before


def test_problems_only_the_dataset_reveals_are_placed_in_the_sheet(good: Path,
                                                                   tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "board.csv",
                      [["cac", "cpd", "role", "", "", "", "brief", ""],
                       ["cac", "cpd", "member", "", "2021-13", "", "nodoc", ""]])
    result = run_import(sheet, good)
    assert result.exit_code == 1
    assert "board.csv:2:1: from: " in result.output  # an organization cannot hold a role
    assert "board.csv:3:5: start: " in result.output
    assert "board.csv:3:7: sources" in result.output


def test_entities_with_aliases_and_comments_kept(bundled: Path, tmp_path: Path) -> None:
    entities = bundled / "entities.yaml"
    text = "# my header\n" + entities.read_text(encoding="utf-8") + "# the end\n"
    entities.write_text(text, encoding="utf-8")
    sheet = tmp_path / "people.csv"
    sheet.write_text("id,kind,name,name_zh,aliases\n"
                     "li-example,person,Li Example,李示例,Li E.; L. Example\n",
                     encoding="utf-8")
    result = runner.invoke(app, ["import", str(sheet), "--as", "entities", "--data",
                                 str(bundled)])
    assert result.exit_code == 0, result.output
    assert entities.read_text(encoding="utf-8").startswith(text)
    assert orgmap.load(bundled, cache=False).entities["li-example"].aliases == (
        "Li E.", "L. Example")


def test_formula_escape_is_undone(good: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "notes.csv"
    sheet.write_text("from,to,type,note,source\ncpd,cac,affiliated,'=shared staff,brief\n",
                     encoding="utf-8")
    assert run_import(sheet, good).exit_code == 0
    assert orgmap.load(good, cache=False).edges[-1].note == "=shared staff"


@pytest.mark.parametrize(("name", "message"), [
    ("import_not_a_workbook.xlsx", "not_a_workbook.xlsx: this is not an .xlsx workbook"),
    ("import_workbook_saved_as.csv", "workbook_saved_as.csv: this is not a CSV file"),
    ("import_empty.csv", "empty.csv: the sheet is empty"),
    ("import_unknown_header.csv", "unknown_header.csv:1:3: unknown field 'tpye' "
                                  "(did you mean 'type'?)"),
])
def test_bad_files_get_a_clear_error(name: str, message: str, good: Path, snapshot) -> None:
    before = snapshot(good)
    result = run_import(BAD / name, good)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(good) == before


def test_header_only_adds_nothing(good: Path) -> None:
    result = runner.invoke(app, ["import", str(BAD / "import_header_only.csv"), "--as",
                                 "entities", "--data", str(good)])
    assert result.exit_code == 0 and "added 0 entities" in result.output
