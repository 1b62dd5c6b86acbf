"""The Dataset: graph shape, edge ids, selections, and robustness to any broken input."""

from __future__ import annotations

from pathlib import Path

import pytest

import orgmap
from orgmap.data.dates import parse_partial_date
from orgmap.data.selection import select

GOOD = Path(__file__).parent / "fixtures" / "good"


def copy_good(tmp_path: Path, entities: str | None = None, edges: str | None = None) -> Path:
    (tmp_path / "entities.yaml").write_text(
        entities if entities is not None else (GOOD / "entities.yaml").read_text("utf-8"),
        encoding="utf-8")
    (tmp_path / "edges.yaml").write_text(
        edges if edges is not None else (GOOD / "edges.yaml").read_text("utf-8"),
        encoding="utf-8")
    return tmp_path


def test_graph_is_a_multidigraph_keyed_by_unique_edge_id_with_iso_dates() -> None:
    data = orgmap.load(GOOD)
    graph = data.graph
    assert graph.is_multigraph() and graph.is_directed()
    assert set(graph.nodes) == set(data.entities)
    keys = [k for _, _, k in graph.edges(keys=True)]
    assert len(keys) == len(set(keys)) == len(data.edges)
    role = graph.edges["zhuang-rongwen", "cac", "zhuang-rongwen--role--cac"]
    assert role["role"] == "Director" and role["as_of"] == ["2021-11"]
    assert role["sources"] == ["brief, note 9"]
    assert graph.nodes["cac"]["name_zh"] == "国家互联网信息办公室"
    assert graph.nodes["cac"]["start"] == "2014"


def test_the_notebook_graph_is_the_exported_graph() -> None:
    """One graph builder: `data.graph` carries exactly what Gephi gets, colours included."""
    data = orgmap.load(GOOD)
    exported = orgmap.export_graph(data)
    assert list(data.graph.nodes(data=True)) == list(exported.nodes(data=True))
    assert (list(data.graph.edges(keys=True, data=True))
            == list(exported.edges(keys=True, data=True)))
    assert data.graph.nodes["cac"]["color"].startswith("#")
    dated = select(data, at=parse_partial_date("2019"))
    assert {d["status"] for _, _, d in dated.graph.edges(data=True)} <= {"yes", "maybe"}


def test_parallel_edges_get_distinct_stable_ids(tmp_path: Path) -> None:
    extra = ("\n- from: zhuang-rongwen\n  to: cac\n  type: role\n  role: Party Secretary\n"
             "  sources: [brief]\n")
    edges = (GOOD / "edges.yaml").read_text("utf-8") + extra
    data = orgmap.load(copy_good(tmp_path, edges=edges), cache=False)
    ids = [e.id for e in data.edges if e.source == "zhuang-rongwen" and e.target == "cac"]
    assert ids == ["zhuang-rongwen--role--cac", "zhuang-rongwen--role--cac--2"]
    assert data.graph.number_of_edges("zhuang-rongwen", "cac") == 2
    again = orgmap.load(tmp_path, cache=False)
    assert [e.id for e in again.edges] == [e.id for e in data.edges]


def test_explicit_edge_ids_are_kept(tmp_path: Path) -> None:
    edges = (GOOD / "edges.yaml").read_text("utf-8").replace(
        "  type: supervises\n", "  type: supervises\n  id: cpd-leads-cac\n")
    loaded = orgmap.load(copy_good(tmp_path, edges=edges), cache=False)
    assert "cpd-leads-cac" in loaded.edge_by_id


def test_selection_by_date_flags_uncertain_edges() -> None:
    data = orgmap.load(GOOD)
    chosen = select(data, at=parse_partial_date("2018"))
    assert chosen.status["zhuang-rongwen--role--cpd"] == "yes"  # it started during 2018
    assert chosen.status["zhuang-rongwen--role--cac"] == "maybe"  # only attested in 2021-11
    later = select(data, at=parse_partial_date("2019"))
    assert later.status["zhuang-rongwen--role--cpd"] == "maybe"  # no end: may have ended
    earlier = select(data, at=parse_partial_date("2016"))
    assert "zhuang-rongwen--role--cpd" not in earlier.status
    assert "zhuang-rongwen--role--cpd" not in {e.id for e in earlier.edges}


def test_selection_by_focus_and_kind() -> None:
    data = orgmap.load(GOOD)
    ego = select(data, focus="zhuang-rongwen", depth=1)
    assert set(ego.entities) == {"zhuang-rongwen", "cac", "cpd"}
    assert len(ego.edges) == 3  # the two roles and cpd -> cac
    bodies = select(data, kinds=["organization"])
    assert set(bodies.entities) == {"cac", "cpd"}
    assert data.graph.number_of_nodes() == 4  # selections never touch the original


def mutations(text: str):
    """Every line deleted, duplicated, de-indented or cut in half: typical editing slips."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        yield "".join(lines[:i] + lines[i + 1:])
        yield "".join(lines[:i] + [line, line] + lines[i + 1:])
        yield "".join(lines[:i] + [line.lstrip()] + lines[i + 1:])
        yield "".join(lines[:i] + [line[: len(line) // 2] + "\n"] + lines[i + 1:])


@pytest.mark.parametrize("which", ["entities", "edges"])
def test_no_edit_slip_causes_anything_but_a_located_data_error(tmp_path: Path,
                                                               which: str) -> None:
    original = (GOOD / f"{which}.yaml").read_text("utf-8")
    for n, broken in enumerate(mutations(original)):
        directory = tmp_path / str(n)
        directory.mkdir()
        copy_good(directory, **{which: broken})
        try:
            orgmap.load(directory, cache=False)
        except orgmap.DataError as error:
            assert error.problems, broken
            for problem in error.problems:
                assert problem.line is not None, f"unlocated: {problem}\n{broken}"
