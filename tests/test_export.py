"""Every export read back by an independent reader and compared with the dataset.

GraphML goes through python-igraph, lxml and networkx; GEXF through lxml and
networkx; the CSV pair through pandas; the JSON through networkx. The fixture
network (tests/fixtures/export) has Chinese names, partial dates of every
precision, an undirected relation and two roles of one person in one body.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import igraph
import networkx as nx
import pandas as pd
import pytest
from lxml import etree

import orgmap
from orgmap import Dataset, write_all
from orgmap.data.dates import NO, parse_partial_date, span_of, status_during
from orgmap.data.selection import at_date, select
from orgmap.export.attributes import (
    EDGE_FIELDS,
    NODE_FIELDS,
    edge_attributes,
    flat,
    node_attributes,
)
from orgmap.export.xml import spell_bounds
from orgmap.style import category_colour, kind_size, rgb

FIXTURE = Path(__file__).parent / "fixtures" / "export"
DOCS = Path(__file__).parent.parent / "docs"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"
FILES = ("orgmap.graphml", "orgmap.gexf", "nodes.csv", "edges.csv", "orgmap.json")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return orgmap.load(FIXTURE, cache=False)


@pytest.fixture(scope="module")
def out(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    written = write_all(dataset, folder)
    assert [p.name for p in written] == list(FILES)
    return folder


def xml_safe(row: dict[str, object]) -> dict[str, object]:
    """The values as XML can carry them: a bell (U+0007) has no place in XML 1.0."""
    return {k: v.replace("\a", "") if isinstance(v, str) else v for k, v in row.items()}


def pairs(dataset: Dataset) -> Counter[tuple[str, str]]:
    return Counter((e.source, e.target) for e in dataset.edges)


# -- GraphML ---------------------------------------------------------------------------

def test_graphml_structure_read_with_lxml(dataset: Dataset, out: Path) -> None:
    root = etree.parse(str(out / "orgmap.graphml")).getroot()
    keys = root.findall(f"{GRAPHML}key")
    key_ids = [k.get("id") for k in keys]
    assert len(key_ids) == len(set(key_ids)), "key ids must be unique in the document"
    names = [(k.get("for"), k.get("attr.name")) for k in keys]
    assert len(names) == len(set(names)), "one key per attribute name and domain"
    assert not any(i.startswith("d") and i[1:].isdigit() for i in key_ids)
    key_for = {k.get("id"): k for k in keys}

    edges = root.findall(f"{GRAPHML}graph/{GRAPHML}edge")
    edge_ids = [e.get("id") for e in edges]
    assert len(edge_ids) == len(set(edge_ids)) == len(dataset.edges)
    assert set(edge_ids) == {e.id for e in dataset.edges}
    nodes = root.findall(f"{GRAPHML}graph/{GRAPHML}node")
    assert {n.get("id") for n in nodes} == set(dataset.entities)

    for element, scope in [*((n, "node") for n in nodes), *((e, "edge") for e in edges)]:
        data = element.findall(f"{GRAPHML}data")
        names_here = [key_for[d.get("key")].get("attr.name") for d in data]
        assert "label" in names_here, element.get("id")
        for datum in data:
            key = key_for[datum.get("key")]
            assert key.get("for") == scope
            assert datum.text and datum.text.strip(), (element.get("id"), key.get("id"))
            _check_type(datum.text, key.get("attr.type"))


def _check_type(text: str, graphml_type: str) -> None:
    if graphml_type == "int":
        int(text)
    elif graphml_type == "double":
        float(text)
    elif graphml_type == "boolean":
        assert text in ("true", "false")
    else:
        assert graphml_type == "string"


def test_graphml_read_with_igraph(dataset: Dataset, out: Path) -> None:
    graph = igraph.Graph.Read_GraphML(str(out / "orgmap.graphml"))
    assert graph.vcount() == len(dataset.entities)
    assert graph.ecount() == len(dataset.edges)
    for vertex in graph.vs:
        entity = dataset.entities[vertex["id"]]
        assert vertex["label"] == entity.label
        assert vertex["name_zh"] == (entity.name_zh or "")
        colour = rgb(category_colour(entity.category))
        assert (vertex["r"], vertex["g"], vertex["b"]) == colour
        assert vertex["size"] == kind_size(entity.kind)
    ids = graph.vs["id"]
    read = Counter((ids[e.source], ids[e.target], e["type"], e["role"], e["start"], e["end"])
                   for e in graph.es)
    expected = Counter((e.source, e.target, e.type, e.role or "", str(e.start or ""),
                        str(e.end or "")) for e in dataset.edges)
    assert read == expected


def test_graphml_round_trip_through_networkx_keeps_everything(dataset: Dataset,
                                                               out: Path) -> None:
    graph = nx.read_graphml(out / "orgmap.graphml", force_multigraph=True)
    assert graph.is_directed() and graph.is_multigraph()
    assert set(graph.nodes) == set(dataset.entities)
    for entity in dataset.entities.values():
        assert graph.nodes[entity.id] == xml_safe(flat(node_attributes(entity)))
    assert graph.number_of_edges() == len(dataset.edges)
    for edge in dataset.edges:
        assert graph.edges[edge.source, edge.target, edge.id] == \
            xml_safe(flat(edge_attributes(edge)))
    parallel = [p for p, n in pairs(dataset).items() if n > 1]
    assert parallel, "the fixture must hold parallel edges"
    for source, target in parallel:
        assert graph.number_of_edges(source, target) == pairs(dataset)[source, target]


def test_graphml_values_are_flat_text(dataset: Dataset, out: Path) -> None:
    graph = nx.read_graphml(out / "orgmap.graphml", force_multigraph=True)
    assert graph.nodes["cac"]["aliases"] == "CAC; 网信办"
    twice = graph.edges["zhuang-rongwen", "cac", "zhuang-rongwen--role--cac--2"]
    assert twice["as_of"] == "2020-06; 2021-11"
    assert twice["sources"] == "report, note 9; https://example.org/zhuang"
    assert graph.nodes["cac"]["identifiers"] == "wikidata: Q10875920"


def test_markup_line_breaks_and_control_characters(dataset: Dataset, out: Path) -> None:
    original = dataset.entities["example-think-tank"].description
    assert original and "\a" in original and "\r\n" in original
    readable = original.replace("\a", "")
    assert graphml_graph(out).nodes["example-think-tank"]["description"] == readable
    assert nx.read_gexf(out / "orgmap.gexf").nodes["example-think-tank"]["description"] \
        == readable
    nodes = pd.read_csv(out / "nodes.csv", keep_default_na=False).set_index("Id")
    assert nodes.loc["example-think-tank", "description"] == original
    document = json.loads((out / "orgmap.json").read_text(encoding="utf-8"))
    described = {n["id"]: n.get("description") for n in document["nodes"]}
    assert described["example-think-tank"] == original


def graphml_graph(out: Path) -> nx.MultiDiGraph:
    return nx.read_graphml(out / "orgmap.graphml", force_multigraph=True)


# -- GEXF ------------------------------------------------------------------------------

def _gexf(out: Path) -> etree._Element:
    return etree.parse(str(out / "orgmap.gexf")).getroot()


def _spell(element: etree._Element) -> tuple[str | None, str | None] | None:
    spells = element.findall(f"{GEXF}spells/{GEXF}spell")
    assert len(spells) <= 1
    return (spells[0].get("start"), spells[0].get("end")) if spells else None


def _contains(spell: tuple[str | None, str | None] | None, day: dt.date) -> bool:
    if spell is None:
        return True
    start, end = spell
    return (start is None or dt.date.fromisoformat(start) <= day) and \
        (end is None or day <= dt.date.fromisoformat(end))


def _probe_days(spells: list[tuple[str | None, str | None] | None]) -> list[dt.date]:
    """Every spell bound and the days either side: where an off-by-one would show."""
    days = {dt.date(2010, 1, 1), dt.date(2030, 1, 1)}
    for spell in filter(None, spells):
        for bound in filter(None, spell):
            day = dt.date.fromisoformat(bound)
            days |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    return sorted(days)


def test_gexf_is_dynamic_1_2draft(out: Path) -> None:
    root = _gexf(out)
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.2"
    graph = root.find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic"
    assert graph.get("timeformat") == "date"
    assert graph.get("defaultedgetype") == "directed"
    meta = root.find(f"{GEXF}meta")
    assert meta.get("lastmodifieddate") is None, "a date stamp would break byte-identity"


def test_gexf_edge_spells_match_the_dates(dataset: Dataset, out: Path) -> None:
    edges = {e.get("id"): e for e in _gexf(out).iter(f"{GEXF}edge")}
    assert set(edges) == {e.id for e in dataset.edges}
    spells = {edge_id: _spell(element) for edge_id, element in edges.items()}
    # Partial dates are widened to their period; missing bounds stay open.
    lu_wei = spells["lu-wei--role--cac"]
    assert lu_wei is not None and lu_wei[0] == "2014-08-29"
    director = spells["zhuang-rongwen--role--cac"]
    assert director is not None and director[0] == "2018-08-01" and director[1][:4] == "2022"
    assert spells["zhuang-rongwen--role--cac--2"] == ("2018-08-01", None)
    assert spells["cac-office--part_of--ccac"] is None
    # On every day the timeline shows exactly the relations `--at DAY` keeps (Gephi hides
    # an edge whose end is hidden, as the selection drops it).
    node_spells = {n.get("id"): _spell(n) for n in _gexf(out).iter(f"{GEXF}node")}
    for day in _probe_days([*spells.values(), *node_spells.values()]):
        kept = {e.id for e in at_date(dataset, parse_partial_date(day.isoformat())).edges}
        shown = {i for i, s in spells.items() if _contains(s, day) and all(
            _contains(node_spells[edges[i].get(end)], day) for end in ("source", "target"))}
        assert shown == kept, day


def test_gexf_node_spells_match_the_dates(dataset: Dataset, out: Path) -> None:
    nodes = {n.get("id"): n for n in _gexf(out).iter(f"{GEXF}node")}
    spells = {node_id: _spell(element) for node_id, element in nodes.items()}
    assert spells["wic-2019"] == ("2019-10-20", "2019-10-22")  # an event's end is its last day
    assert spells["report"] == ("2021-11-01", None)
    assert spells["zhuang-rongwen"] is None
    for day in _probe_days(list(spells.values())):
        period = parse_partial_date(day.isoformat())
        for entity in dataset.entities.values():
            alive = status_during(entity.span, period) != NO
            assert _contains(spells[entity.id], day) == alive, (entity.id, day)


@pytest.mark.parametrize("end_inclusive", [True, False])
def test_a_one_day_spell_runs_forward(end_inclusive: bool) -> None:
    day = parse_partial_date("2018-05-09")
    span = span_of(day, day, end_inclusive=end_inclusive)
    assert spell_bounds(span) == ("2018-05-09", "2018-05-09")


def test_gexf_viz_matches_the_style(dataset: Dataset, out: Path) -> None:
    for node in _gexf(out).iter(f"{GEXF}node"):
        entity = dataset.entities[node.get("id")]
        colour = node.find(f"{VIZ}color")
        assert tuple(int(colour.get(c)) for c in "rgb") == rgb(category_colour(entity.category))
        assert float(node.find(f"{VIZ}size").get("value")) == kind_size(entity.kind)
        assert node.get("label") == entity.label
    hashed = rgb(category_colour("think-tank-unlisted"))
    node = next(n for n in _gexf(out).iter(f"{GEXF}node") if n.get("id") == "example-think-tank")
    assert tuple(int(node.find(f"{VIZ}color").get(c)) for c in "rgb") == hashed


def test_gexf_read_with_networkx(dataset: Dataset, out: Path) -> None:
    graph = nx.read_gexf(out / "orgmap.gexf")
    assert set(graph.nodes) == set(dataset.entities)
    assert graph.number_of_edges() == len(dataset.edges)
    assert graph.nodes["cac"]["name_zh"] == "国家互联网信息办公室"
    assert graph.nodes["cac"]["label"] == dataset.entities["cac"].label
    edge = graph.edges["zhuang-rongwen", "cac", "zhuang-rongwen--role--cac"]
    assert edge["role_zh"] == "主任" and edge["type"] == "role"
    assert edge["spells"][0][0] == "2018-08-01"
    assert graph.number_of_edges("zhuang-rongwen", "cac") == 2


# -- CSV -------------------------------------------------------------------------------

def test_csv_is_utf8_without_bom_and_has_gephi_headers(out: Path) -> None:
    nodes = (out / "nodes.csv").read_bytes()
    edges = (out / "edges.csv").read_bytes()
    assert nodes.startswith(b"Id,Label,") and edges.startswith(b"Source,Target,Type,Id,Label,")
    for table in (nodes, edges):
        header = table.split(b"\n", 1)[0]
        assert not header.endswith(b"\r") and table.endswith(b"\n") and \
            not table.endswith(b"\r\n"), "records end with LF"
    assert "国家互联网信息办公室" in nodes.decode("utf-8")


def test_csv_read_with_pandas_keeps_chinese(dataset: Dataset, out: Path) -> None:
    nodes = pd.read_csv(out / "nodes.csv", encoding="utf-8", keep_default_na=False,
                        dtype=str).set_index("Id")
    assert set(nodes.index) == set(dataset.entities)
    for entity in dataset.entities.values():
        row = nodes.loc[entity.id]
        assert row["Label"] == entity.label
        assert row["name_zh"] == (entity.name_zh or "")
        assert row["aliases"] == "; ".join(entity.aliases)
        assert row["description"] == (entity.description or "")
    assert [c for c in nodes.columns if c != "Label"] == \
        [f for f in NODE_FIELDS if f in nodes.columns]


def test_edges_csv_types_and_parallel_edges(dataset: Dataset, out: Path) -> None:
    edges = pd.read_csv(out / "edges.csv", encoding="utf-8", keep_default_na=False)
    assert len(edges) == len(dataset.edges)
    assert edges["Id"].is_unique
    by_id = edges.set_index("Id")
    for edge in dataset.edges:
        row = by_id.loc[edge.id]
        assert (row["Source"], row["Target"], row["relation"]) == (edge.source, edge.target,
                                                                    edge.type)
        assert row["Type"] == ("Directed" if edge.directed else "Undirected")
        assert row["role_zh"] == (edge.role_zh or "")
    assert set(edges["Type"]) == {"Directed", "Undirected"}
    assert (edges["Weight"] == 1.0).all()
    assert len(edges[(edges.Source == "zhuang-rongwen") & (edges.Target == "cac")]) == 2
    assert "type" not in edges.columns and "kind" not in {c.lower() for c in edges.columns}


# -- JSON ------------------------------------------------------------------------------

def test_json_read_with_networkx(dataset: Dataset, out: Path) -> None:
    document = json.loads((out / "orgmap.json").read_text(encoding="utf-8"))
    graph = nx.node_link_graph(document, edges="edges")
    assert graph.is_directed() and graph.is_multigraph()
    assert set(graph.nodes) == set(dataset.entities)
    assert graph.nodes["cac"]["aliases"] == ["CAC", "网信办"]
    for edge in dataset.edges:
        data = graph.edges[edge.source, edge.target, edge.id]
        assert data["id"] == edge.id
        assert data["type"] == edge.type
        assert data.get("as_of", []) == [str(d) for d in edge.as_of]


# -- determinism and selections ------------------------------------------------------

def test_exports_are_byte_identical_whatever_the_file_order(dataset: Dataset, out: Path,
                                                           tmp_path: Path) -> None:
    shuffled = Dataset(reversed(list(dataset.entities.values())), reversed(dataset.edges))
    write_all(shuffled, tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
    assert not list(tmp_path.glob(".*.tmp"))


def test_dated_selection_exports_status(dataset: Dataset, tmp_path: Path) -> None:
    chosen = select(dataset, at=parse_partial_date("2019"))
    write_all(chosen, tmp_path)
    graph = nx.read_graphml(tmp_path / "orgmap.graphml", force_multigraph=True)
    statuses = {key: data.get("status") for _, _, key, data in graph.edges(keys=True,
                                                                           data=True)}
    assert statuses == chosen.status
    assert "lu-wei--role--cac" not in statuses
    assert set(statuses.values()) == {"yes", "maybe"}


def test_fields_are_documented() -> None:
    text = (DOCS / "gephi.md").read_text(encoding="utf-8")
    for field in {*NODE_FIELDS, *EDGE_FIELDS, "relation", "Type", "Weight"}:
        assert f"`{field}`" in text, field
    assert "Don't merge" in text


BUNDLED = Path(__file__).parent.parent / "data"


@pytest.mark.skipif(not (BUNDLED / "edges.yaml").exists(), reason="no bundled dataset")
def test_bundled_dataset_round_trips(tmp_path: Path) -> None:
    dataset = orgmap.load(BUNDLED, cache=False)
    write_all(dataset, tmp_path / "a")
    write_all(dataset, tmp_path / "b")
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    graph = nx.read_graphml(tmp_path / "a" / "orgmap.graphml", force_multigraph=True)
    assert graph.number_of_nodes() == len(dataset.entities)
    assert graph.number_of_edges() == len(dataset.edges)
    for edge in dataset.edges:
        assert graph.edges[edge.source, edge.target, edge.id] == \
            xml_safe(flat(edge_attributes(edge)))
    assert nx.read_gexf(tmp_path / "a" / "orgmap.gexf").number_of_edges() == len(dataset.edges)
    assert igraph.Graph.Read_GraphML(str(tmp_path / "a" / "orgmap.graphml")).ecount() == \
        len(dataset.edges)


def test_documented_spell_examples_hold() -> None:

    text = " ".join((DOCS / "gephi.md").read_text(encoding="utf-8").split())
    opens = re.search(r"`start: (\S+)` opens the spell on (\S+?);", text)
    closes = re.search(r"`end: (\S+)` closes it on (\S+?);", text)
    assert opens and closes
    assert spell_bounds(span_of(parse_partial_date(opens[1]), None))[0] == opens[2]
    assert spell_bounds(span_of(None, parse_partial_date(closes[1])))[1] == closes[2]


# -- ended_by and the newer relation types ------------------------------------------------

BOUNDED = "lu-wei--role--cac-office"


def test_a_bound_alone_closes_the_gexf_spell_at_the_end_of_its_period(out: Path) -> None:
    edges = {e.get("id"): e for e in _gexf(out).iter(f"{GEXF}edge")}
    assert _spell(edges[BOUNDED]) == (None, "2021-11-30")


def test_every_format_carries_ended_by_and_the_new_types(out: Path) -> None:
    graphml = graphml_graph(out).edges["lu-wei", "cac-office", BOUNDED]
    assert graphml["ended_by"] == "2021-11"
    table = pd.read_csv(out / "edges.csv", keep_default_na=False).set_index("Id")
    assert table.loc[BOUNDED, "ended_by"] == "2021-11"
    assert {"spoke_at", "about"} <= set(table["relation"])
    document = json.loads((out / "orgmap.json").read_text(encoding="utf-8"))
    bounds = {e["id"]: e.get("ended_by") for e in document["edges"]}
    assert bounds[BOUNDED] == "2021-11"
    gexf = nx.read_gexf(out / "orgmap.gexf")
    assert {d["type"] for *_, d in gexf.edges(data=True)} >= {"spoke_at", "about"}


def test_documented_bound_example_holds() -> None:
    text = " ".join((DOCS / "gephi.md").read_text(encoding="utf-8").split())
    bound = re.search(r"`ended_by: (\S+)` closes it on (\S+?),", text)
    assert bound
    span = span_of(None, None, ended_by=parse_partial_date(bound[1]))
    assert spell_bounds(span) == (None, bound[2])
