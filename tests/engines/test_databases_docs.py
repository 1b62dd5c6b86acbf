"""docs/databases.md runs as written: its export commands, its FalkorDB loader and
Cypher question, its sqlite3 queries with their output, its `ftm validate`, its
Datasette saved query and the options of its neo4j-admin command."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from answers import overlap_exact
from typer.testing import CliRunner

import orgmap
from datasette_client import datasette_get
from orgmap.cli import app
from orgmap.export.cypher import DIALECTS
from orgmap.export.neo4j_csv import ARRAY_DELIMITER, NODES_FILE, RELATIONSHIPS_FILE

REPOSITORY = Path(__file__).parent.parent.parent
DOC = (REPOSITORY / "docs" / "databases.md").read_text(encoding="utf-8")
runner = CliRunner()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.DOTALL)


def console_commands() -> list[tuple[list[str], list[str]]]:
    """Each `$ command` of the console blocks with the output lines shown under it."""
    found: list[tuple[list[str], list[str]]] = []
    for block in blocks("console"):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((shlex.split(line[2:]), []))
            elif found:
                found[-1][1].append(line)
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where every `orgmap export` command of the page has run."""
    folder = tmp_path_factory.mktemp("docs")
    (folder / "data").symlink_to(REPOSITORY / "data")
    commands = [args for args, _ in console_commands() if args[0] == "orgmap"]
    assert {args[args.index("--format") + 1] for args in commands} == {
        "cypher", "neo4j-csv", "sqlite", "ftm", "popolo"}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        for args in commands:
            result = runner.invoke(app, [*args[1:], "--no-cache"])
            assert result.exit_code == 0, (args, result.stderr)
    return folder


def test_the_dialect_table_shows_each_preamble() -> None:
    for statements in DIALECTS.values():
        for statement in statements:
            assert f"`{statement}`" in DOC


def test_falkordb_loader_and_question(exported: Path, falkordb: Any,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (loader,) = blocks("python")
    port = falkordb.connection.connection_pool.connection_kwargs["port"]
    monkeypatch.chdir(exported)
    exec(loader.replace("port=6379", f"port={port}"), {})  # the page's own code
    (question,) = blocks("cypher")
    graph = falkordb.select_graph("orgmap")
    found = [row[0] for row in graph.query(question).result_set]
    assert found == overlap_exact()
    count = graph.query("MATCH (n:Entity) RETURN count(n)").result_set[0][0]
    assert count == len(orgmap.load(REPOSITORY / "data", cache=False).entities)


def test_sqlite3_queries_show_their_real_output(exported: Path) -> None:
    queries = [(args, shown) for args, shown in console_commands() if args[0] == "sqlite3"]
    assert queries
    for args, shown in queries:
        connection = sqlite3.connect(exported / args[1])
        try:
            rows = connection.execute(args[2]).fetchall()
        finally:
            connection.close()
        assert ["|".join(str(v) for v in row) for row in rows] == shown, args[2]
    first = queries[0][1]
    assert [line.split("|")[0] for line in first] == overlap_exact()


def test_ftm_validate_reads_every_entity(exported: Path) -> None:
    (args,) = [args for args, _ in console_commands() if args[0] == "ftm"]
    ftm = Path(sys.executable).with_name("ftm")
    if not ftm.exists():
        pytest.skip("followthemoney's ftm command is not installed")
    subprocess.run([str(ftm), *args[1:]], cwd=exported, check=True, timeout=300)
    written = (exported / args[args.index("-i") + 1]).read_text(encoding="utf-8")
    cleaned = (exported / args[args.index("-o") + 1]).read_text(encoding="utf-8")
    assert len(cleaned.splitlines()) == len(written.splitlines()) > 0


def test_datasette_saved_query(exported: Path) -> None:
    (metadata,) = [json.loads(block) for block in blocks("json")]
    status, rows = datasette_get(
        exported / "output/orgmap.db",
        "/orgmap/overlap.json?a=cac&b=central-propaganda-department&_shape=array", metadata)
    assert status == 200, rows
    assert [row["person_id"] for row in rows] == overlap_exact()


def test_neo4j_admin_command_matches_the_files(exported: Path) -> None:
    (args,) = [args for args, _ in console_commands() if args[0] == "neo4j-admin"]
    assert f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}" in args
    assert "--multiline-fields=true" in args
    for option, name in (("--nodes", NODES_FILE), ("--relationships", RELATIONSHIPS_FILE)):
        (value,) = [a.split("=", 1)[1] for a in args if a.startswith(option + "=")]
        assert (exported / value).name == name and (exported / value).is_file()
