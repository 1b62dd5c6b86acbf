"""`orgmap export`: formats, selections, default paths and usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from orgmap.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "export"
runner = CliRunner()


def export(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["export", "--data", str(FIXTURE), "--no-cache", *args])
    return result.exit_code, result.stdout, result.stderr


def graphml(path: Path) -> nx.MultiDiGraph:
    return nx.read_graphml(path, force_multigraph=True)


@pytest.mark.parametrize("fmt,suffix", [("graphml", ".graphml"), ("gexf", ".gexf"),
                                        ("json", ".json")])
def test_each_format_writes_the_file_named_by_out(tmp_path: Path, fmt: str, suffix: str
                                                  ) -> None:
    target = tmp_path / f"net{suffix}"
    code, stdout, stderr = export("--format", fmt, "--out", str(target))
    assert code == 0, stderr
    assert stdout.strip() == str(target)
    assert target.stat().st_size > 0
    assert "9 entities, 13 edges" in stderr


def test_csv_out_is_a_directory(tmp_path: Path) -> None:
    code, stdout, _ = export("-f", "csv", "-o", str(tmp_path / "tables"))
    assert code == 0
    assert stdout.split() == [str(tmp_path / "tables" / "nodes.csv"),
                              str(tmp_path / "tables" / "edges.csv")]
    assert len(pd.read_csv(tmp_path / "tables" / "edges.csv")) == 13


def test_an_existing_directory_gets_the_default_name(tmp_path: Path) -> None:
    code, stdout, _ = export("-f", "graphml", "-o", str(tmp_path))
    assert code == 0
    assert stdout.strip() == str(tmp_path / "orgmap.graphml")


def test_default_paths_under_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert export("-f", "graphml")[1].strip() == "output/orgmap.graphml"
    assert export("-f", "csv")[1].split() == ["output/nodes.csv", "output/edges.csv"]
    code, stdout, _ = export("-f", "gexf", "--focus", "庄荣文", "--depth", "2", "--at", "2019")
    assert code == 0
    assert stdout.strip() == "output/orgmap-zhuang-rongwen-depth2-at-2019.gexf"
    code, stdout, _ = export("-f", "csv", "--kind", "person")
    assert stdout.split()[0] == "output/orgmap-person/nodes.csv"
    assert (tmp_path / "output" / "orgmap.graphml").exists()


def test_focus_and_depth_select_the_neighbourhood(tmp_path: Path) -> None:
    target = tmp_path / "zhuang.graphml"
    assert export("-f", "graphml", "-o", str(target), "--focus", "Zhuang Rongwen")[0] == 0
    graph = graphml(target)
    assert set(graph.nodes) == {"zhuang-rongwen", "cac", "cac-office"}
    assert graph.number_of_edges("zhuang-rongwen", "cac") == 2
    assert export("-f", "graphml", "-o", str(target), "--focus", "zhuang-rongwen",
                  "--depth", "2")[0] == 0
    assert {"lu-wei", "ccac", "wic-2019", "report"} <= set(graphml(target).nodes)


def test_at_keeps_what_may_have_been_in_force(tmp_path: Path) -> None:
    target = tmp_path / "2015.graphml"
    assert export("-f", "graphml", "-o", str(target), "--at", "2015")[0] == 0
    graph = graphml(target)
    assert "lu-wei--role--cac" in {k for _, _, k in graph.edges(keys=True)}
    assert "zhuang-rongwen" in graph.nodes
    assert not graph.has_edge("zhuang-rongwen", "cac")
    assert "ccac" not in graph.nodes, "founded in 2018"
    statuses = {d["status"] for _, _, d in graph.edges(data=True)}
    assert statuses <= {"yes", "maybe"} and statuses


def test_category_and_kind_are_repeatable(tmp_path: Path) -> None:
    target = tmp_path / "bodies.json"
    code, _, _ = export("-f", "json", "-o", str(target), "--category", "state",
                        "--category", "central-committee", "--kind", "organization")
    assert code == 0
    text = target.read_text(encoding="utf-8")
    graph = nx.node_link_graph(json.loads(text), edges="edges")
    assert set(graph.nodes) == {"cac", "cac-office", "ccac", "lsg"}


def test_hide_documents_exports_what_the_page_showed(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "no-documents.graphml"
    assert export("-f", "graphml", "-o", str(target))[0] == 0
    assert "report" in graphml(target).nodes
    assert export("-f", "graphml", "-o", str(target), "--hide-documents")[0] == 0
    graph = graphml(target)
    assert "report" not in graph.nodes and "cac" in graph.nodes
    assert {d["kind"] for _, d in graph.nodes(data=True)} == {"person", "organization", "event"}
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = export("-f", "gexf", "--hide-documents")
    assert code == 0 and stdout.strip() == "output/orgmap-no-documents.gexf"


@pytest.mark.parametrize("args,message", [
    (["-f", "xml"], "unknown export format 'xml'"),
    (["-f", "gexf", "--at", "2019-13"], "month 13"),
    (["-f", "gexf", "--at", "last year"], "not a date"),
    (["-f", "gexf", "--kind", "persn"], "unknown kind 'persn'"),
    (["-f", "gexf", "--category", "stat"], "no entity has category 'stat'"),
    (["-f", "gexf", "--focus", "nobody at all"], "no entity called 'nobody at all'"),
    (["-f", "csv", "--out", "tables.csv"], "--out is a directory"),
])
def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, stderr = export(*args)
    assert code == 2
    assert message in stderr
    assert not (tmp_path / "output").exists()


def test_unwritable_target_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, stderr = export("-f", "graphml", "-o", str(blocker / "sub" / "x.graphml"))
    assert code == 1
    assert stderr.startswith("Error: cannot write")


def test_render_names_a_selection_after_it_and_keeps_the_full_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = str(Path(__file__).parent.parent / "data")
    monkeypatch.chdir(tmp_path)
    full = runner.invoke(app, ["render", "--data", data])
    assert full.exit_code == 0, full.output
    page = tmp_path / "output" / "orgmap.html"
    before = page.read_bytes()
    view = runner.invoke(app, ["render", "--at", "2018", "--category", "state", "--data", data])
    assert view.exit_code == 0, view.output
    assert (tmp_path / "output" / "orgmap-at-2018-state.html").is_file()
    assert page.read_bytes() == before
