"""The SQLite export read with `sqlite3` and served by Datasette.

Counts, foreign keys, full-text search by a Chinese substring, the overlap view
against `orgmap overlap --exact`, determinism, injection payloads and the
selection options; then Datasette, in process, reads a table and the saved
query from docs/databases.md as JSON.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import orgmap
from datasette_client import datasette_get
from orgmap.cli import app
from orgmap.export.sqlite import sqlite_bytes, write_sqlite
from selections import CASES, IDS, chosen, cli_args

REPOSITORY = Path(__file__).parent.parent
DATA = REPOSITORY / "data"
INJECTION = REPOSITORY / "tests" / "fixtures" / "html" / "injection"
runner = CliRunner()


@pytest.fixture(scope="module")
def bundled() -> orgmap.Dataset:
    return orgmap.load(DATA, cache=False)


@pytest.fixture(scope="module")
def database(bundled: orgmap.Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sqlite(bundled, tmp_path_factory.mktemp("sqlite") / "orgmap.db")


@pytest.fixture
def db(database: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    yield connection
    connection.close()


def one(db: sqlite3.Connection, sql: str, *params: object) -> Any:
    return db.execute(sql, params).fetchone()[0]


def test_counts(bundled: orgmap.Dataset, db: sqlite3.Connection) -> None:
    assert one(db, "SELECT count(*) FROM entities") == len(bundled.entities)
    assert one(db, "SELECT count(*) FROM edges") == len(bundled.edges)
    citations = (sum(len(e.sources) for e in bundled.entities.values())
                 + sum(len(e.sources) for e in bundled.edges))
    assert one(db, "SELECT count(*) FROM citations") == citations
    names = sum(1 + bool(e.name_zh) + len(e.aliases) for e in bundled.entities.values())
    assert one(db, "SELECT count(*) FROM names") == names


def test_foreign_keys_hold(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    declared = {(row[2], row[3], row[4]) for table in ("edges", "citations", "names")
                for row in db.execute(f"PRAGMA foreign_key_list({table})")}
    assert ("entities", "source", "id") in declared
    assert ("entities", "target", "id") in declared
    assert ("edges", "edge_id", "id") in declared
    assert ("entities", "entity_id", "id") in declared


def test_indexes_on_the_filtered_columns(db: sqlite3.Connection) -> None:
    indexed = {(table, row[2]) for table in ("entities", "edges")
               for index in db.execute(f"PRAGMA index_list({table})")
               for row in db.execute(f"PRAGMA index_info({index[1]})")}
    for column in ("type", "source", "target", "start_date"):
        assert ("edges", column) in indexed
    for column in ("kind", "category", "start_date"):
        assert ("entities", column) in indexed


def test_citations_keep_their_locators(bundled: orgmap.Dataset, db: sqlite3.Connection) -> None:
    edge = next(e for e in bundled.edges if any(c.locator for c in e.sources))
    found = db.execute("SELECT ref, url, locator FROM citations WHERE edge_id = ? "
                       "ORDER BY position", (edge.id,)).fetchall()
    assert found == [(c.ref, c.url, c.locator) for c in edge.sources]


def test_full_text_search_by_a_chinese_substring(db: sqlite3.Connection) -> None:
    """Trigram search finds a Chinese name by any three characters inside it."""
    found = db.execute(
        "SELECT DISTINCT names.entity_id FROM names_fts JOIN names ON names.id = names_fts.rowid "
        "WHERE names_fts MATCH ? ORDER BY names.entity_id", ['"互联网信息"']).fetchall()
    ids = [row[0] for row in found]
    assert "cac" in ids
    assert all("互联网信息" in one(db, "SELECT group_concat(name) FROM names WHERE entity_id = ?",
                                   entity_id) for entity_id in ids)


def test_overlap_view_matches_overlap_exact(db: sqlite3.Connection) -> None:
    result = runner.invoke(app, ["overlap", "cac", "central-propaganda-department", "--exact",
                                 "--data", str(DATA), "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    expected = sorted(row["person_id"] for row in json.loads(result.stdout))
    assert expected
    found = db.execute("SELECT DISTINCT person_id FROM shared_roles WHERE body_id = ? AND "
                       "other_body_id = ? ORDER BY person_id",
                       ("cac", "central-propaganda-department")).fetchall()
    assert [row[0] for row in found] == expected


def test_roles_view_names_both_ends(db: sqlite3.Connection) -> None:
    row = db.execute("SELECT person, body, role FROM roles WHERE person_id = 'xu-lin' "
                     "AND body_id = 'cac'").fetchone()
    assert row[0] == "Xu Lin" and row[1] == "Cyberspace Administration of China" and row[2]


def test_same_data_same_bytes(bundled: orgmap.Dataset) -> None:
    assert sqlite_bytes(bundled) == sqlite_bytes(orgmap.load(DATA, cache=False))


def test_injection_payloads_are_stored_as_text(tmp_path: Path) -> None:
    dataset = orgmap.load(INJECTION, cache=False)
    connection = sqlite3.connect(write_sqlite(dataset, tmp_path / "x.db"))
    try:
        stored = dict(connection.execute("SELECT id, name FROM entities").fetchall())
        assert stored == {e.id: e.name for e in dataset.entities.values()}
        notes = dict(connection.execute("SELECT id, note FROM edges").fetchall())
        assert notes == {e.id: e.note for e in dataset.edges}
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert {"entities", "edges", "citations", "names", "roles", "shared_roles"} <= tables
    finally:
        connection.close()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_selection_options(tmp_path: Path, case: dict[str, Any]) -> None:
    target = tmp_path / "selection.db"
    result = runner.invoke(app, ["export", "-f", "sqlite", "-o", str(target), *cli_args(case)])
    assert result.exit_code == 0, result.stderr
    expected = chosen(case)
    connection = sqlite3.connect(target)
    try:
        assert [r[0] for r in connection.execute("SELECT id FROM entities")] == sorted(
            expected.entities)
        assert [r[0] for r in connection.execute("SELECT id FROM edges")] == sorted(
            e.id or "" for e in expected.edges)
        statuses = dict(connection.execute("SELECT id, status FROM edges").fetchall())
        assert statuses == {e.id: expected.status.get(e.id or "") for e in expected.edges}
    finally:
        connection.close()


# -- Datasette ---------------------------------------------------------------------------

def test_datasette_reads_a_table_as_json(database: Path, bundled: orgmap.Dataset) -> None:
    status, rows = datasette_get(database, "/orgmap/entities.json?_shape=array&_size=max")
    assert status == 200
    assert len(rows) == len(bundled.entities)
    cac = next(row for row in rows if row["id"] == "cac")
    assert cac["name_zh"] == bundled.entities["cac"].name_zh


def test_datasette_searches_names(database: Path) -> None:
    status, rows = datasette_get(database, "/orgmap/names.json?_search=%E4%BA%92%E8%81%94%E7%BD"
                                 "%91%E4%BF%A1%E6%81%AF&_shape=array")
    assert status == 200
    assert "cac" in {row["entity_id"] for row in rows}


def test_ended_by_is_a_column(tmp_path: Path) -> None:
    dataset = orgmap.load(REPOSITORY / "tests" / "fixtures" / "export", cache=False)
    connection = sqlite3.connect(write_sqlite(dataset, tmp_path / "x.db"))
    try:
        found = dict(connection.execute("SELECT id, ended_by FROM edges").fetchall())
    finally:
        connection.close()
    assert found == {e.id: str(e.ended_by) if e.ended_by else None for e in dataset.edges}
    assert any(found.values())
