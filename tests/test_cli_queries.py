"""The question commands through typer's runner: formats, ids, name resolution, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from documented import documented_args
from orgmap.cli import app

NETWORK = Path(__file__).parent / "fixtures" / "queries" / "network"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [*args, "--data", str(NETWORK)])


def rows(result) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_overlap_table_is_one_line_per_role_without_ids() -> None:
    result = run("overlap", "MN", "State Council", "forum")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["person", "status", "asked", "body", "role", "dates", "sources"]
    assert len(lines) == 4  # ivan's three roles
    assert "Network Forum 2019" in result.stdout and "Speaker" in result.stdout
    assert "ivan--role" not in result.stdout


def test_overlap_csv_and_json_have_one_row_per_person_with_ids() -> None:
    table = rows(run("overlap", "ministry", "council", "--exact", "-f", "csv"))
    assert {r["person_id"] for r in table} == {"alice", "erin", "frank", "grace", "heidi",
                                               "ivan", "judy"}
    assert {r["ministry_body_id"] for r in table} == {"ministry"}
    body = json.loads(run("overlap", "ministry", "council", "--concurrent", "--possible",
                          "-f", "json").stdout)
    statuses = {r["person_id"]: r["status"] for r in body}
    assert statuses["frank"] == "possible" and statuses["alice"] == "confirmed"
    assert "erin" not in statuses


def test_overlap_at_a_date() -> None:
    table = rows(run("overlap", "ministry", "council", "--at", "2021", "-f", "csv"))
    assert {r["person_id"] for r in table} == {"alice", "bob", "carol", "dan"}


@pytest.mark.parametrize(("args", "message"), [
    (("overlap", "NB", "council"), "'NB' is ambiguous: it could be 'ministry-bureau'"),
    (("overlap", "ministry", "counsil"), "did you mean 'council'"),
    (("overlap", "ministry"), "two or more different bodies"),
    (("overlap", "ministry", "alice"), "is a person, not a body"),
    (("overlap", "ministry", "council", "--at", "2021-13"), "months run 01 to 12"),
    (("overlap", "ministry", "council", "-f", "xml"), "unknown format 'xml'"),
    (("path", "founder", "ministry", "--via", "knows"), "unknown relation type 'knows'"),
    (("path", "ministry", "MN"), "two different entities"),
    (("timeline", "nobody"), "no entity called 'nobody'"),
    (("interlocks", "--kind", "person"), "holds no roles"),
    (("interlocks", "--category", "nosuch"), "no entity has category 'nosuch'"),
    (("snapshot", "--at", "someday"), "'someday' is not a date"),
    (("centrality", "--by", "fame"), "cannot rank by 'fame'"),
])
def test_usage_problems_exit_2_with_the_reason(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_interlocks_ranked_pairs_and_the_matrix_file(tmp_path: Path) -> None:
    target = tmp_path / "matrix" / "shared.csv"
    result = run("interlocks", "--min-shared", "2", "--matrix", str(target), "-f", "csv")
    assert result.exit_code == 0, result.output
    table = rows(result)
    assert [int(r["shared"]) for r in table] == [11, 11, 2]
    assert table[0]["people_id"].startswith("alice; bob")
    assert f"wrote {target}" in result.stderr
    matrix = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["body_id"] for r in matrix] == ["ministry", "ministry-bureau", "party-office",
                                              "council"]
    by_id = {r["body_id"]: r for r in matrix}
    assert by_id["ministry"]["council"] == by_id["council"]["ministry"] == "11"
    assert sorted(p.name for p in target.parent.iterdir()) == ["shared.csv"]  # no temp file


def test_interlocks_table_for_people() -> None:
    result = run("interlocks", "--exact", "--category", "state", "--min-shared", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split() == ["body_a", "body_b", "shared", "confirmed",
                                                     "people"]
    assert "Ministry of Networks" in result.stdout


def test_path_steps_and_an_unconnected_pair() -> None:
    table = rows(run("path", "Pat Founder", "MN", "--max", "1", "-f", "csv"))
    assert [(r["from_id"], r["to_id"]) for r in table] == [
        ("founder", "association-board"), ("association-board", "association"),
        ("association", "ministry")]
    assert table[2]["relation"] == "supervised by"
    result = run("path", "founder", "ministry", "--via", "nameplate")
    assert result.exit_code == 0
    assert result.stdout.strip() == "no chain links founder and ministry through nameplate"
    assert json.loads(run("path", "founder", "ministry", "--via", "nameplate",
                          "-f", "json").stdout) == []


def test_ego_entities_and_edges() -> None:
    table = rows(run("ego", "founder", "--depth", "2", "-f", "csv"))
    assert {r["entity_id"]: r["distance"] for r in table}["ivan"] == "2"
    edges = rows(run("ego", "founder", "--edges", "-f", "csv"))
    assert {r["edge_id"] for r in edges} == {"founder--role--association-board",
                                             "founder--role--forum-2019",
                                             "founder--role--exchange"}
    assert "status" not in edges[0]
    dated = rows(run("ego", "founder", "--edges", "--at", "2019", "-f", "csv"))
    assert {r["status"] for r in dated} == {"confirmed", "possible"}
    assert "founder--role--exchange" not in {r["edge_id"] for r in dated}


def test_timeline_types_and_units() -> None:
    table = rows(run("timeline", "ministry", "--units", "--type", "role", "-f", "csv"))
    assert {r["type"] for r in table} == {"role"}
    assert {"bureau-office", "party-office", "ministry"} <= {r["entity_id"] for r in table}
    assert table[0]["start"] <= table[1]["start"] or table[1]["start"] == ""
    result = run("timeline", "ivan")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split()[:4] == ["start", "end", "ended_by", "as_of"]


def test_snapshot_summary_and_confirmed_only() -> None:
    result = run("snapshot", "--at", "2019", "--confirmed", "-f", "csv")
    assert result.exit_code == 0, result.output
    table = rows(result)
    assert {r["status"] for r in table} == {"confirmed"}
    assert f"{len(table)} edges in force during 2019: {len(table)} confirmed, 0 possible" \
        in result.stderr
    everything = rows(run("snapshot", "--at", "2019", "-f", "csv"))
    assert len(everything) > len(table)


def test_centrality_note_and_top() -> None:
    result = run("centrality", "--top", "3", "-f", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [r["rank"] for r in body] == [1, 2, 3]
    assert "betweenness exact over" in result.stderr
    sampled = run("centrality", "--sample", "4")
    assert "estimated from 4 of" in sampled.stderr


@pytest.mark.parametrize("command", ["overlap", "interlocks", "path", "ego", "timeline",
                                     "snapshot", "centrality"])
def test_help_names_defaults(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "Default" in result.stdout or "[default:" in result.stdout


ROOT = Path(__file__).parent.parent
QUERIES_DOC = ROOT / "docs" / "queries.md"


def documented_runs() -> list[tuple[str, str]]:
    """(command line, shown output) for every console example in docs/queries.md."""
    text = QUERIES_DOC.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2)) for m in
            re.finditer(r"```console\n\$ (.*?)\n(.*?)```", text, re.DOTALL)]


def test_the_queries_doc_shows_every_question_command() -> None:
    shown = {shlex.split(command)[1] for command, _ in documented_runs()}
    assert shown >= {"overlap", "interlocks", "path", "ego", "timeline", "snapshot",
                     "centrality"}


@pytest.mark.parametrize(("command", "output"), documented_runs(),
                         ids=[c for c, _ in documented_runs()])
def test_documented_examples_run_on_the_bundled_data(
        command: str, output: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example still runs, with the exit code and column headings shown."""
    args = documented_args(command)
    monkeypatch.chdir(tmp_path)  # --matrix FILE writes here
    result = runner.invoke(app, args)
    shown = output.rstrip("\n").splitlines()
    code = re.fullmatch(r"\(exit code (\d+)\)", shown[-1]) if shown else None
    assert result.exit_code == (int(code.group(1)) if code else 0), result.output
    if not code and shown and "--format" not in args and "(no rows)" not in shown:
        headings = [line for line in shown if not line.startswith(("betweenness ", "wrote "))
                    and " edges in force during " not in line]
        assert result.stdout.splitlines()[0].split() == headings[0].split()
