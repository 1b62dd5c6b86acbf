"""The org-chart page in a real browser: drawn completely, offline, searchable, dated, inert."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import orgmap
from orgmap import Dataset, Edge, Entity
from orgmap.data.dates import parse_partial_date
from orgmap.data.selection import select
from orgmap.page.network import PHYSICS_NODE_LIMIT

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
BUNDLED = Path(__file__).parent.parent.parent / "data"
TITLE_PAYLOAD = "</title><script>window.__pwned='title'</script><img src=x onerror=alert(1)>"

#: The `visit` fixture: opens a page file, returns a conftest.Visit.
Open = Callable[[Path], Any]
Visit = Any


def _large() -> Dataset:
    count = PHYSICS_NODE_LIMIT + 50
    entities = [Entity(id=f"body-{i}", kind="organization", name=f"Body {i}", category="state")
                for i in range(count)]
    edges = [Edge.model_validate({"from": f"body-{i}", "to": f"body-{(i * 7 + 1) % count}",
                                  "type": "part_of", "id": f"link-{i}"}) for i in range(count)]
    return Dataset(entities, edges)


def _star() -> Dataset:
    """A hub with more spokes than the physics limit: drawn from fixed positions."""
    count = PHYSICS_NODE_LIMIT + 10
    entities = [Entity(id=f"unit-{i}", kind="organization", name=f"Unit {i}")
                for i in range(count)]
    edges = [Edge.model_validate({"from": f"unit-{i}", "to": "unit-0", "type": "part_of",
                                  "id": f"spoke-{i}"}) for i in range(1, count)]
    return Dataset(entities, edges)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Dataset]]:
    """Each page written once, with the dataset it was drawn from."""
    folder = tmp_path_factory.mktemp("pages")
    network = orgmap.load(FIXTURES / "network", cache=False)
    injection = orgmap.load(FIXTURES / "injection", cache=False)
    built = {
        "network": (network, {}),
        "injection": (injection, {"title": TITLE_PAYLOAD}),
        "focus": (network, {"focus": "cpd", "depth": 1}),
        "at": (network, {"at": "2015"}),
        "large": (_large(), {}),
        "empty": (network, {"at": "1990", "categories": ["state"]}),
        "large-focus": (_star(), {"focus": "unit-0"}),
    }
    written = {}
    for name, (dataset, options) in built.items():
        path = orgmap.write_html(dataset, folder / f"{name}.html", **options)
        selection = {k: v for k, v in options.items() if k != "title"}
        if "at" in selection:
            selection["at"] = parse_partial_date(selection["at"])
        written[name] = (path, select(dataset, **selection))
    return written


def drawn_counts(seen: Visit) -> dict[str, int]:
    return seen.evaluate("""() => {
        const body = window.orgmap.network.body;
        return {nodes: body.data.nodes.length, edges: body.data.edges.length,
                drawnNodes: body.nodeIndices.length, drawnEdges: body.edgeIndices.length};
    }""")


@pytest.mark.parametrize("name", ["network", "injection", "focus", "at", "large", "empty",
                                  "large-focus"])
def test_every_entity_and_relation_is_in_the_network(visit: Open, pages: dict, name: str
                                                     ) -> None:
    path, dataset = pages[name]
    counts = drawn_counts(visit(path))
    assert counts == {"nodes": len(dataset.entities), "edges": len(dataset.edges),
                      "drawnNodes": len(dataset.entities), "drawnEdges": len(dataset.edges)}


def test_bundled_data_page_is_complete(visit: Open, tmp_path: Path) -> None:
    if not (BUNDLED / "entities.yaml").exists():
        pytest.skip("no bundled data in this checkout")
    dataset = orgmap.load(BUNDLED, cache=False)
    seen = visit(orgmap.write_html(dataset, tmp_path / "orgmap.html"))
    counts = drawn_counts(seen)
    assert (counts["nodes"], counts["edges"]) == (len(dataset.entities), len(dataset.edges))
    assert seen.console_errors == [] and seen.page_errors == []
    assert seen.remote_requests() == []


def test_large_page_opens_with_fixed_positions(visit: Open, pages: dict) -> None:
    seen = visit(pages["large"][0])
    positions = "() => JSON.stringify(window.orgmap.network.getPositions())"
    before = seen.evaluate(positions)
    seen.page.wait_for_timeout(500)
    assert seen.evaluate(positions) == before
    assert seen.evaluate("() => window.orgmap.network.physics.options.enabled") is False
    assert "more than" in seen.page.inner_text(".legend")


@pytest.mark.parametrize("name", ["network", "injection", "focus", "at", "large", "empty",
                                  "large-focus"])
def test_page_runs_without_console_errors(visit: Open, pages: dict, name: str) -> None:
    seen = visit(pages[name][0])
    seen.page.fill("#search", "a")
    seen.page.press("#search", "Enter")
    seen.page.click("#fit")
    seen.page.wait_for_timeout(600)
    assert seen.console_errors == []
    assert seen.page_errors == []


def test_no_request_leaves_the_page(visit: Open, pages: dict) -> None:
    seen = visit(pages["network"][0])
    page = seen.page
    point = seen.node_point("cac")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_timeout(400)
    page.mouse.click(point["x"], point["y"])
    page.fill("#search", "CAC")
    page.press("#search", "Enter")
    page.fill("#year", "2016")
    page.select_option("#year-mode", "grey")
    page.wait_for_timeout(600)
    assert seen.requests and all(url.startswith("file:") for url in seen.requests[:1])
    assert seen.remote_requests() == []
    assert seen.blocked == []


def test_search_by_chinese_name_selects_and_centres_the_entity(visit: Open, pages: dict
                                                               ) -> None:
    seen = visit(pages["network"][0])
    page = seen.page
    page.fill("#search", "国家互联网信息办公室")
    assert "Cyberspace Administration of China" in page.inner_text("#search-results")
    page.press("#search", "Enter")
    page.wait_for_function("""() => {
        const net = window.orgmap.network;
        const node = net.getPositions(["cac"]).cac;
        const view = net.getViewPosition();
        return Math.hypot(node.x - view.x, node.y - view.y) < 2;
    }""", timeout=10_000)
    assert seen.evaluate("() => window.orgmap.network.getSelectedNodes()") == ["cac"]
    assert "Cyberspace Administration of China" in page.inner_text("#details")


def test_search_finds_partial_chinese_alias(visit: Open, pages: dict) -> None:
    page = visit(pages["network"][0]).page
    page.fill("#search", "网信办")
    assert "Office of the Central Cyberspace Affairs Commission" in page.inner_text(
        "#search-results")


def test_clicking_an_entity_highlights_its_neighbourhood(visit: Open, pages: dict) -> None:
    seen = visit(pages["network"][0])
    point = seen.node_point("cpd")
    seen.page.mouse.click(point["x"], point["y"])
    colours = seen.evaluate("""() => {
        const nodes = window.orgmap.nodes;
        return Object.fromEntries(nodes.getIds().map((id) => [id, nodes.get(id).color.background]));
    }""")
    faded = colours["lu-wei"]
    assert colours["cpd"] != faded
    assert colours["cac"] != faded and colours["zhuang-rongwen"] != faded
    assert colours["wic"] == faded
    assert "relations (3)" in seen.page.inner_text("#details").lower()


def edge_hidden(seen: Visit, edge_id: str) -> bool:
    return seen.evaluate("(id) => window.orgmap.network.body.edges[id].options.hidden === true",
                         edge_id)


def test_year_control_hides_a_relation_that_ended_before(visit: Open, pages: dict) -> None:
    seen = visit(pages["network"][0])
    page = seen.page
    assert not edge_hidden(seen, "lu-wei-director")
    page.fill("#year", "2019")
    assert page.inner_text("#year-value") == "2019"
    assert edge_hidden(seen, "lu-wei-director")
    assert not edge_hidden(seen, "zhuang-deputy-head")
    page.fill("#year", "2015")
    assert not edge_hidden(seen, "lu-wei-director")
    page.fill("#year", "2019")
    page.uncheck("#year-on")
    assert not edge_hidden(seen, "lu-wei-director")


def test_year_control_can_grey_out_instead_and_marks_uncertain(visit: Open, pages: dict
                                                               ) -> None:
    seen = visit(pages["network"][0])
    page = seen.page
    page.select_option("#year-mode", "grey")
    page.fill("#year", "2019")
    ended = seen.evaluate("() => window.orgmap.edges.get('lu-wei-director')")
    assert ended["hidden"] is False and ended["color"]["color"] == "#e1e4e6"
    uncertain = seen.evaluate("() => window.orgmap.edges.get('zhuang-director')")
    assert uncertain["color"]["opacity"] < 1
    assert "possibly in force" in page.inner_text("#status")


def test_at_date_page_marks_uncertain_relations(visit: Open, pages: dict) -> None:
    path, dataset = pages["at"]
    seen = visit(path)
    opacity = "(id) => window.orgmap.edges.get(id).color.opacity"
    maybe = [i for i, status in dataset.status.items() if status == "maybe"]
    certain = [i for i, status in dataset.status.items() if status == "yes"]
    assert maybe and certain
    assert all(seen.evaluate(opacity, i) < 1 for i in maybe)
    assert all(seen.evaluate(opacity, i) == 1 for i in certain)
    assert seen.page.locator("#year").count() == 0


@pytest.mark.parametrize(("name", "focus", "title"), [
    ("focus", "cpd", "Central Propaganda Department"),
    ("large-focus", "unit-0", "Unit 0"),
])
def test_focus_page_starts_with_the_focus_selected(visit: Open, pages: dict, name: str,
                                                   focus: str, title: str) -> None:
    seen = visit(pages[name][0])
    assert seen.evaluate("() => window.orgmap.network.getSelectedNodes()") == [focus]
    assert title in seen.page.inner_text("#details")
    assert seen.page_errors == []


def test_injection_payloads_run_no_script(visit: Open, pages: dict) -> None:
    path, dataset = pages["injection"]
    seen = visit(path)
    page = seen.page
    evil = dataset.entities["evil-body"]
    page.fill("#search", "evil bureau")
    page.press("#search", "Enter")
    page.wait_for_timeout(600)
    details = page.inner_text("#details")
    assert evil.description and evil.description.split("\u2028")[0] in details
    point = seen.node_point("evil-body")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_timeout(600)
    tooltip = page.inner_text("div.vis-tooltip")
    assert evil.name in tooltip
    role_edge = next(e for e in dataset.edges if e.type == "role")
    page.locator("#details .other").first.click()
    page.wait_for_timeout(300)
    assert role_edge.role and role_edge.role in page.inner_text("#details")
    assert page.title() == TITLE_PAYLOAD
    assert seen.evaluate("() => window.__pwned") is None
    assert seen.dialogs == []
    assert seen.evaluate("() => document.querySelectorAll('script').length") == 5
    assert seen.evaluate("() => document.querySelectorAll('img, iframe, svg[onload]').length") == 0
    assert seen.remote_requests() == []


@pytest.fixture(scope="module")
def deferred_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    """The small network drawn as if it were huge: roles wait for their entity."""
    from orgmap.page import graph_data

    dataset = orgmap.load(FIXTURES / "network", cache=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(graph_data, "EDGE_DRAW_LIMIT", 6)
        path = orgmap.write_html(dataset, tmp_path_factory.mktemp("deferred") / "page.html")
    return path, dataset


def test_a_large_page_draws_deferred_relations_of_the_selected_entity(
        visit: Open, deferred_page: tuple[Path, Dataset]) -> None:
    path, dataset = deferred_page
    seen = visit(path)
    page = seen.page
    roles = [e for e in dataset.edges if e.type == "role"]
    assert drawn_counts(seen)["edges"] == len(dataset.edges) - len(roles)
    note = page.locator("#deferred-note")
    assert note.is_visible()
    assert "“holds role in” (4) are drawn for the entity you select" in note.inner_text()
    assert f"{len(dataset.edges)} of {len(dataset.edges)} relations" in page.inner_text("#status")

    page.fill("#search", "Zhuang Rongwen")
    page.press("#search", "Enter")
    own = {e.id for e in roles if "zhuang-rongwen" in (e.source, e.target)}
    assert own
    drawn = set(seen.evaluate("() => window.orgmap.edges.getIds()"))
    assert own <= drawn and not (set(e.id for e in roles) - own) & drawn
    assert f"relations ({len(dataset.relations('zhuang-rongwen'))})" in page.inner_text(
        "#details").lower()
    edge = sorted(own)[0]
    assert edge_hidden(seen, edge) is False

    page.click("#clear")
    assert drawn_counts(seen)["edges"] == len(dataset.edges) - len(roles)
    assert seen.console_errors == [] and seen.page_errors == []


def test_a_deferred_relation_shows_its_tooltip_once_drawn(
        visit: Open, deferred_page: tuple[Path, Dataset]) -> None:
    path, dataset = deferred_page
    seen = visit(path)
    page = seen.page
    page.fill("#search", "Zhuang Rongwen")
    page.press("#search", "Enter")
    # The view glides to the entity: find the relation's points once it has arrived.
    page.wait_for_function("""() => {
        const net = window.orgmap.network;
        const node = net.getPositions(["zhuang-rongwen"])["zhuang-rongwen"];
        const view = net.getViewPosition();
        return Math.hypot(node.x - view.x, node.y - view.y) < 2;
    }""", timeout=10_000)
    page.wait_for_timeout(300)
    edge = next(e for e in dataset.edges if e.id == "zhuang-director")
    spots = seen.evaluate("""(id) => {
        const net = window.orgmap.network;
        const edge = net.body.edges[id];
        const box = document.getElementById("network").getBoundingClientRect();
        const spots = [];
        for (let step = 1; step < 40; step += 1) {
            const at = edge.edgeType.getPoint(step / 40);
            const spot = {left: at.x, right: at.x, top: at.y, bottom: at.y};
            const point = net.canvasToDOM(at);
            const under = net.body.edgeIndices.filter(
                (e) => net.body.edges[e].isOverlappingWith(spot));
            if (net.getNodeAt(point) === undefined && under.length === 1) {
                spots.push({x: box.left + point.x, y: box.top + point.y});
            }
        }
        return spots;
    }""", edge.id)
    assert spots, "no point of the relation is clear of the nodes"
    spot = spots[len(spots) // 2]
    page.mouse.move(spot["x"], spot["y"], steps=4)
    page.wait_for_function("""() => {
        const tip = document.querySelector("div.vis-tooltip");
        return tip !== null && tip.style.visibility !== "hidden" && tip.innerText.length > 0;
    }""", timeout=10_000)
    tooltip = page.inner_text("div.vis-tooltip")
    assert "Zhuang Rongwen" in tooltip and "Director" in tooltip, tooltip


def test_the_people_page_draws_ties_as_ties(visit: Open, tmp_path: Path) -> None:
    """`render --network people`: the lines are ties, with their own colour, legend entry
    and words, not the `affiliated` relation they are stored as."""
    from typer.testing import CliRunner

    from orgmap.cli import app
    from orgmap.style import EDGE_STYLES, TIE_LEGEND, TIE_STYLE, TIE_WORDS

    ties_data = Path(__file__).parent.parent / "fixtures" / "ties" / "basic"
    target = tmp_path / "people.html"
    result = CliRunner().invoke(app, ["render", "--network", "people", "-o", str(target),
                                      "--data", str(ties_data)])
    assert result.exit_code == 0, result.output
    seen = visit(target)
    assert seen.console_errors == [] and seen.page_errors == []
    legend = seen.page.inner_text(".legend")
    assert TIE_LEGEND in legend and "affiliated" not in legend.lower()
    drawn = seen.evaluate("""() => {
        const edges = window.orgmap.network.body.edges;
        return Object.keys(edges).map((id) => edges[id].options.color.color);
    }""")
    assert drawn and set(drawn) == {TIE_STYLE["color"]}
    assert TIE_STYLE["color"] != EDGE_STYLES["affiliated"]["color"]
    words = seen.evaluate("""() => JSON.parse(
        document.getElementById("orgmap-data").textContent).relations
        .map((r) => [r.label, r.inverse])""")
    assert words and {w for pair in words for w in pair} == {TIE_WORDS}
