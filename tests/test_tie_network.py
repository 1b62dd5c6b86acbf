"""The people network: `export --network people` in four formats and `render --network people`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

from orgmap.cli import app

BASIC = Path(__file__).parent / "fixtures" / "ties" / "basic"
GEXF = "{http://www.gexf.net/1.2draft}"


def run(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--data", str(BASIC)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_graphml_is_an_undirected_graph_weighted_by_shared_bodies(tmp_path: Path) -> None:
    run("export", "--network", "people", "-f", "graphml", "-o", str(tmp_path / "t.graphml"))
    graph = nx.read_graphml(tmp_path / "t.graphml")
    assert not graph.is_directed()
    assert graph.number_of_edges() == 7  # the confirmed ties
    tie = graph.edges["jan", "leo"]
    assert (tie["weight"], tie["years"], tie["status"]) == (1.0, 5.0, "confirmed")
    assert tie["bodies"] == "Council (2001/2003, 2005/2008)"
    assert graph.nodes["jan"]["label"] == "Jan" and graph.nodes["jan"]["ties"] == 2


def test_gexf_spells_are_the_stretches_in_post_together(tmp_path: Path) -> None:
    run("export", "--network", "people", "-f", "gexf", "-o", str(tmp_path / "t.gexf"))
    root = etree.parse(str(tmp_path / "t.gexf")).getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic" and graph.get("defaultedgetype") == "undirected"
    edges = {e.get("id"): e for e in root.iter(f"{GEXF}edge")}
    assert len(edges) == 7
    spells = [(s.get("start"), s.get("end")) for s in edges["jan--leo"].iter(f"{GEXF}spell")]
    assert spells == [("2001-01-01", "2003-12-30"), ("2005-01-01", "2008-12-30")]
    assert edges["jan--leo"].get("weight") == "1.0"
    run("export", "--network", "people", "-f", "gexf", "-o", str(tmp_path / "a.gexf"),
        "--at", "2002")
    root = etree.parse(str(tmp_path / "a.gexf")).getroot()
    assert {e.get("id") for e in root.iter(f"{GEXF}edge")} == {"jan--kim", "jan--leo",
                                                               "kim--leo"}


def test_json_and_csv_carry_weights_and_spells(tmp_path: Path) -> None:
    run("export", "--network", "people", "-f", "json", "-o", str(tmp_path / "t.json"))
    document = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert document["directed"] is False
    edges = {e["id"]: e for e in document["edges"]}
    assert edges["max--ned"]["weight"] == 1.0 and edges["max--ned"]["years"] == 1.5
    assert edges["max--ned"]["spells"] == [["2016-03-01", "2019-12-30"]]
    printed = run("export", "--network", "people", "-f", "csv", "-o", str(tmp_path / "csv"))
    assert printed.split() == [str(tmp_path / "csv" / "people-nodes.csv"),
                               str(tmp_path / "csv" / "people-edges.csv")]
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "csv" / "people-edges.csv").read_text(encoding="utf-8"))))
    assert rows[0]["Type"] == "Undirected" and rows[0]["Weight"] == "1.0"
    assert {(r["Source"], r["Target"]) for r in rows} >= {("ann", "ben"), ("hal", "ivy")}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """Two people whose names would run as a formula or as markup if not neutralised."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "entities.yaml").write_text(
        "- {id: doc, kind: document, name: Doc}\n"
        "- {id: club, kind: organization, name: Club}\n"
        "- {id: eve, kind: person, name: '=HYPERLINK(\"http://x\")'}\n"
        "- {id: mal, kind: person, name: '<img src=x onerror=alert(1)>'}\n", encoding="utf-8")
    (folder / "edges.yaml").write_text(
        "- {from: eve, to: club, type: member, start: 2001, end: 2005, sources: [doc]}\n"
        "- {from: mal, to: club, type: member, start: 2002, end: 2006, sources: [doc]}\n",
        encoding="utf-8")
    return folder


def test_csv_is_formula_safe_and_the_page_escapes(hostile: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--network", "people", "-f", "csv", "-o",
                                 str(tmp_path / "out"), "--data", str(hostile)])
    assert result.exit_code == 0, result.output
    nodes = (tmp_path / "out" / "people-nodes.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in nodes
    result = runner.invoke(app, ["ties", "--data", str(hostile), "--matrix",
                                 str(tmp_path / "m.csv")])
    assert "'=HYPERLINK" in (tmp_path / "m.csv").read_text(encoding="utf-8")
    result = runner.invoke(app, ["render", "--network", "people", "-o",
                                 str(tmp_path / "p.html"), "--data", str(hostile)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "1 shared body" in page


def test_render_people_draws_the_ties(tmp_path: Path) -> None:
    run("render", "--network", "people", "--focus", "Leo", "-o", str(tmp_path / "t.html"))
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "Council (2001/2003, 2005/2008)" in page and "Kim" in page
    assert "Ann" not in page


@pytest.mark.parametrize("args", [["--network", "nope"], ["--network", "people", "--focus",
                                                           "board"]])
def test_bad_network_options_exit_2(args: list[str], tmp_path: Path) -> None:
    for command in (["export", "-f", "json", "-o", str(tmp_path / "x.json")],
                    ["render", "-o", str(tmp_path / "x.html")]):
        result = CliRunner().invoke(app, [*command, *args, "--data", str(BASIC)])
        assert result.exit_code == 2, result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("command", "option"), [
    (["export", "-f", "json", "-o", "x.json"], ["--depth", "2"]),
    (["export", "-f", "json", "-o", "x.json"], ["--depth", "1"]),
    (["export", "-f", "json", "-o", "x.json"], ["--hide-documents"]),
    (["export", "-f", "json", "-o", "x.json"], ["--dialect", "memgraph"]),
    (["render", "-o", "x.html"], ["--depth", "2"]),
    (["render", "-o", "x.html"], ["--hide-documents"]),
    (["render", "-o", "x.html"], ["--view", "chart"]),
])
def test_options_without_meaning_for_people_are_refused(command: list[str], option: list[str],
                                                          tmp_path: Path) -> None:
    """The map's selections that the people network cannot honour exit 2 with one line,
    rather than writing a file that silently ignores them."""
    command = [part if "." not in part else str(tmp_path / part) for part in command]
    result = CliRunner().invoke(app, [*command, "--network", "people", "--focus", "Leo",
                                      *option, "--data", str(BASIC)])
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert "\n" not in message and "does not apply to --network people" in message
    assert option[0] in message
    assert not list(tmp_path.iterdir())


def test_render_people_accepts_the_network_view(tmp_path: Path) -> None:
    run("render", "--network", "people", "--view", "network", "-o", str(tmp_path / "t.html"))
    assert (tmp_path / "t.html").is_file()


def test_the_people_page_has_a_legend_entry_for_ties(tmp_path: Path) -> None:
    from orgmap.style import EDGE_STYLES, TIE_LEGEND, TIE_STYLE

    run("render", "--network", "people", "-o", str(tmp_path / "t.html"))
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    legend = page[page.index('class="legend"'):page.index("</details>")]
    assert TIE_LEGEND in legend and f'stroke="{TIE_STYLE["color"]}"' in legend
    assert "ffiliated" not in legend and EDGE_STYLES["affiliated"]["color"] not in legend
    run("render", "-o", str(tmp_path / "map.html"))  # the map keeps the relations' legend
    assert TIE_LEGEND not in (tmp_path / "map.html").read_text(encoding="utf-8")
