"""The Cypher script and the neo4j-admin import pair, read as the tools read them.

No Neo4j server is available to the tests: the CSV pair is checked against
the import tool's documented header format (`name:type`, `:ID`, `:LABEL`,
`:START_ID`, `:END_ID`, `:TYPE`, arrays split on the array delimiter) and read
back into the dataset's values; the script's form (one statement per line,
each ending with `;`, no newline inside a string) is checked here and its
meaning in a real database in tests/engines/.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import orgmap
from orgmap.cli import app
from orgmap.export.cypher import (
    BATCH_SIZE,
    DIALECTS,
    cypher_text,
    kind_label,
    literal,
    relationship_type,
)
from orgmap.export.neo4j_csv import (
    ARRAY_DELIMITER,
    NODES_FILE,
    RELATIONSHIPS_FILE,
    nodes_csv,
    relationships_csv,
)
from orgmap.export.records import edge_record, entity_record
from selections import CASES, IDS, chosen, cli_args

REPOSITORY = Path(__file__).parent.parent
SOURCES = {"bundled": REPOSITORY / "data", "export": REPOSITORY / "tests/fixtures/export",
           "injection": REPOSITORY / "tests/fixtures/html/injection"}
runner = CliRunner()

#: The import tool's header entry: an optional property name, then an optional
#: field type (a special field or a property type, `[]` for arrays).
HEADER = re.compile(r"^(?P<name>[^:]*)(:(?P<type>ID|LABEL|START_ID|END_ID|TYPE|IGNORE|"
                    r"(?P<property>int|long|float|double|boolean|byte|short|char|string|"
                    r"point|date|localtime|time|localdatetime|datetime|duration)(?P<array>\[\])?"
                    r"))?$")


@pytest.fixture(params=list(SOURCES))
def dataset(request: pytest.FixtureRequest) -> orgmap.Dataset:
    return orgmap.load(SOURCES[request.param], cache=False)


def read_import_file(text: str) -> list[dict[str, Any]]:
    """Rows as neo4j-admin reads them: typed by the header, arrays split, empty = absent."""
    table = list(csv.reader(io.StringIO(text, newline="")))
    header = [HEADER.match(field) for field in table[0]]
    assert all(header), f"not the import tool's header format: {table[0]}"
    rows = []
    for line in table[1:]:
        assert len(line) == len(header)
        row: dict[str, Any] = {}
        for match, cell in zip(header, line, strict=True):
            if cell == "":
                continue
            kind = match["type"] or "string"
            key = match["name"] if match["name"] and kind != "LABEL" else f":{kind}"
            if kind == "LABEL" or match["array"]:
                row[key] = cell.split(ARRAY_DELIMITER)
            elif match["property"] == "boolean":
                assert cell in ("true", "false")
                row[key] = cell == "true"
            else:
                row[key] = cell
            if kind in ("ID", "START_ID", "END_ID", "TYPE"):
                row[f":{kind}"] = cell
        rows.append(row)
    return rows


def test_nodes_file_reads_back(dataset: orgmap.Dataset) -> None:
    rows = read_import_file(nodes_csv(dataset))
    assert [r[":ID"] for r in rows] == sorted(dataset.entities)
    for row in rows:
        entity = dataset.entities[row.pop(":ID")]
        assert row.pop(":LABEL") == ["Entity", kind_label(entity.kind)]
        assert row == entity_record(entity)


def test_relationships_file_reads_back(dataset: orgmap.Dataset) -> None:
    rows = read_import_file(relationships_csv(dataset))
    edges = {e.id: e for e in dataset.edges}
    assert [r["id"] for r in rows] == sorted(edges)
    for row in rows:
        edge = edges[row["id"]]
        assert (row.pop(":START_ID"), row.pop(":END_ID"), row.pop(":TYPE")) == (
            edge.source, edge.target, relationship_type(edge.type))
        expected = {k: v for k, v in edge_record(dataset, edge).items() if k != "type"}
        assert row == expected


def test_script_form(dataset: orgmap.Dataset) -> None:
    for dialect, preamble in DIALECTS.items():
        text = cypher_text(dataset, dialect)
        assert text.endswith(";\n")
        lines = text.split("\n")[:-1]
        assert lines[0].startswith("//")
        assert lines[1:1 + len(preamble)] == list(preamble)
        for line in lines[1:]:
            assert line.endswith(";") and "\r" not in line
            assert line.startswith(("CREATE", "UNWIND", "CYPHER rows=[")), line[:40]


def test_falkordb_takes_each_batch_as_a_parameter(dataset: orgmap.Dataset) -> None:
    """FalkorDB's statements are the portable ones with the literal moved into the
    `CYPHER rows=...` header and `$rows` in its place; nothing else differs."""
    portable = cypher_text(dataset, "neo4j").split("\n")[2:]
    falkordb = cypher_text(dataset, "falkordb").split("\n")[2:]
    assert len(portable) == len(falkordb) > 2
    for literal_form, parameter_form in zip(portable, falkordb, strict=True):
        if not literal_form:
            continue
        head, rest = literal_form.split(" AS row ", 1)
        batch = head.removeprefix("UNWIND ")
        assert parameter_form == f"CYPHER rows={batch} UNWIND $rows AS row {rest}"


def test_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows go BATCH_SIZE to a statement, one run of batches per label and per type."""
    from orgmap.export import cypher

    dataset = orgmap.load(SOURCES["bundled"], cache=False)
    monkeypatch.setattr(cypher, "BATCH_SIZE", 10)
    statements = [line for line in cypher_text(dataset).split("\n")
                  if line.startswith("UNWIND")]
    kinds = Counter(e.kind for e in dataset.entities.values())
    types = Counter(e.type for e in dataset.edges)
    expected = sum(-(-n // 10) for n in [*kinds.values(), *types.values()])
    assert len(statements) == expected
    assert all(line.count("{id: ") <= 10 for line in statements if "CREATE (n:" in line)
    assert BATCH_SIZE == 1000


@pytest.mark.parametrize("text", ["plain", "it's", 'say "hi"', "back\\slash\\", "*/ -- ;",
                                  "line\nbreak\r\n", "tab\there", "网信办", "\\'; MATCH (n) "
                                  "DETACH DELETE n; //"])
def test_string_literals_cannot_escape(text: str) -> None:
    quoted = literal(text)
    assert "\n" not in quoted and "\r" not in quoted
    inner = quoted[1:-1]
    assert re.fullmatch(r"(?:[^'\\]|\\.)*", inner), "every quote inside is escaped"
    unescaped = re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(
        m[1], m[1]), inner)
    assert unescaped == text


def test_same_data_same_bytes() -> None:
    first = orgmap.load(SOURCES["bundled"], cache=False)
    second = orgmap.load(SOURCES["bundled"], cache=False)
    assert cypher_text(first) == cypher_text(second)
    assert nodes_csv(first) == nodes_csv(second)
    assert relationships_csv(first) == relationships_csv(second)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_neo4j_csv_selection_options(tmp_path: Path, case: dict[str, Any]) -> None:
    result = runner.invoke(app, ["export", "-f", "neo4j-csv", "-o", str(tmp_path),
                                 *cli_args(case)])
    assert result.exit_code == 0, result.stderr
    expected = chosen(case)
    assert (tmp_path / NODES_FILE).read_bytes().decode() == nodes_csv(expected)
    assert (tmp_path / RELATIONSHIPS_FILE).read_bytes().decode() == relationships_csv(
        expected)


def test_neo4j_csv_out_is_a_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-f", "neo4j-csv", "-o", str(tmp_path / "x.csv"),
                                 "--data", str(SOURCES["export"]), "--no-cache"])
    assert result.exit_code == 2
    assert "directory" in result.stderr
