"""Every CSV orgmap writes opens in a spreadsheet as text, never as a formula.

The data under fixtures/formulas/ holds the cells that would act when opened:
`=cmd|' /C calc'!A0`, `=HYPERLINK(...)`, `=2*3`, `@evil`, `+org`, `-org`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import orgmap
from orgmap.cli import app
from orgmap.safe_csv import (
    FORMULA_STARTS,
    csv_columns,
    csv_text,
    frame_csv,
    neutralise,
    neutralise_column,
    restore,
)

DATA = Path(__file__).parent / "fixtures" / "formulas"
runner = CliRunner()
HOSTILE = ["=cmd|' /C calc'!A0", "=2*3", "@evil", "+org", "-org", "\tx", "\rx"]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_each_formula_start_gets_an_apostrophe(start: str) -> None:
    assert neutralise(start + "1") == "'" + start + "1"
    assert csv_text([[start + "1"]]).startswith("'" + start)


@pytest.mark.parametrize("text", ["CAC", "", "'t Hooft", "a=b", "1-2", "网信办", "'", "''"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text


@pytest.mark.parametrize("text", [*HOSTILE, "'=already quoted", "''+two", "'", "'x", "x"])
def test_restore_undoes_neutralise_exactly(text: str) -> None:
    assert restore(neutralise(text)) == text


def test_numbers_stay_numbers_and_labels_are_neutralised() -> None:
    frame = pd.DataFrame({"=name": ["=1+1", "plain", None], "count": [-3, 2, 1]})
    rows = list(csv.reader(io.StringIO(frame_csv(frame))))
    assert rows == [["'=name", "count"], ["'=1+1", "-3"], ["plain", "2"], ["", "1"]]


def cells(path: Path) -> list[str]:
    return [cell for row in csv.reader(path.open(encoding="utf-8")) for cell in row]


def test_exported_tables_carry_no_formula(tmp_path: Path) -> None:
    dataset = orgmap.load(DATA)
    orgmap.write_csv(dataset, tmp_path)
    written = cells(tmp_path / "nodes.csv") + cells(tmp_path / "edges.csv")
    assert not [c for c in written if c.startswith(FORMULA_STARTS)]
    for value in ["=cmd|' /C calc'!A0", "=2*3", "+org", "-org", "@SUM(A1:A2)", "-2 plus 3"]:
        assert "'" + value in written
    assert "''=already quoted" in written


def test_json_graphml_and_gexf_keep_the_text_exactly(tmp_path: Path) -> None:
    dataset = orgmap.load(DATA)
    nodes = {n["id"]: n for n in json.loads(
        orgmap.write_json(dataset, tmp_path / "g.json").read_text())["nodes"]}
    assert nodes["cmd"]["name"] == "=cmd|' /C calc'!A0"
    assert nodes["plus"]["name_zh"] == "-org"
    for writer, name in ((orgmap.write_graphml, "g.graphml"), (orgmap.write_gexf, "g.gexf")):
        text = writer(dataset, tmp_path / name).read_text()
        assert "=cmd|&apos; /C calc&apos;!A0" in text or "=cmd|' /C calc'!A0" in text
        assert "'=cmd" not in text and "'+org" not in text


@pytest.mark.parametrize("args", [
    ["show", "cmd"], ["search", "org"], ["stats"], ["overlap", "cmd", "plus"],
    ["ego", "tab"], ["timeline", "tab"], ["snapshot", "--at", "2020"], ["centrality"],
    ["interlocks"], ["path", "tab", "cmd"],
])
def test_every_query_in_csv_carries_no_formula(args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--data", str(DATA), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = [row for row in csv.reader(io.StringIO(result.stdout)) if row and
            not row[0].startswith("# ")]
    assert not [c for row in rows for c in row if c.startswith(FORMULA_STARTS)]


def test_the_interlocks_matrix_carries_no_formula(tmp_path: Path) -> None:
    target = tmp_path / "shared.csv"
    result = runner.invoke(app, ["interlocks", "--data", str(DATA), "--matrix", str(target)])
    assert result.exit_code == 0, result.output
    written = cells(target)
    assert "'=cmd|' /C calc'!A0" in written and "'+org" in written
    assert not [c for c in written if c.startswith(FORMULA_STARTS)]


def test_a_table_by_column_is_written_as_by_row() -> None:
    """`csv_columns` (the exports' fast path) writes what `csv_text` writes, hostile cells,
    numbers, missing values, quotes and line breaks included."""
    columns = [[*HOSTILE, "'=q", "plain", None, 'say "hi"', "two\nlines", "", "网信办"],
               [-3, 0, 1.5, True, None, "-1", "x", "@a", "+b", "=c", "d", "e", "f", "g"],
               ["same"] * 14]
    header = ["=Id", "number", "text"]
    assert csv_columns(header, columns) == csv_text([header, *zip(*columns, strict=True)])
    assert csv_columns(["a"], [[]]) == csv_text([["a"]])
    assert neutralise_column(columns[2]) is columns[2]  # nothing to change: not copied


TEXT_COLUMNS = [
    [*HOSTILE, "'=q", "plain", 'say "hi"', "two\nlines", "", "网信办", "a,b"],
    ["a, b", "c", ",", "d,", "", "=x,y", "-1", "e", "f", "g", "h", "i", "j", "k"],
    ["x\x1fy", "\x1f", "cr\rlf", "nul\x00", '"', "-", "1", "2", "3", "4", "5", "6", "7", "8"],
    ["same"] * 14,
]


@pytest.mark.parametrize("number", range(len(TEXT_COLUMNS)))
def test_a_table_of_text_is_written_as_the_c_writer_writes_it(number: int) -> None:
    """Tables of text are laid out without the writer: every cell must still come out as
    the writer (after `neutralise`) writes it, whatever it holds, in any column mix."""
    columns = [TEXT_COLUMNS[number], TEXT_COLUMNS[-1 - number], ["same"] * 14]
    header = ["=Id", "b", "c"]
    assert csv_columns(header, columns) == csv_text([header, *zip(*columns, strict=True)])


def test_rows_are_written_in_the_order_given() -> None:
    columns = [["b", "=a", "c"], ["2", "1", "3,"]]
    order = [1, 0, 2]
    expected = csv_text([["k", "v"], *([columns[0][i], columns[1][i]] for i in order)])
    assert csv_columns(["k", "v"], columns, order=order) == expected
    numbers = [[2, 1, 3], ["b", "a", "c"]]  # not all text: through the writer, in order
    assert csv_columns(["k", "v"], numbers, order=order) == "k,v\n1,a\n2,b\n3,c\n"
