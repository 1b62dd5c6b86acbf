"""The org chart's model and its Graphviz figure: tiers, boxes, holders, dates, geometry.

The geometry is read back from the SVG that `dot` wrote: every drawn relation of
authority not on a cycle has its parent's box above its child's, no two boxes
overlap, each nameplate group is one box, and every holder of a drawn body is
named in its box up to the cap. The same checks run on the bundled data and on
a legislature (tests/fixtures/chart/legislature) that has nothing to do with China.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

import orgmap
from orgmap.data.dates import parse_partial_date
from orgmap.page.chart_boxes import HOLDER_LIMIT, build_chart, title_rank

FIXTURES = Path(__file__).parent / "fixtures" / "chart"
LEGISLATURE = FIXTURES / "legislature"
BUNDLED = Path(__file__).parent.parent / "data"
SVG_NS = "{http://www.w3.org/2000/svg}"


def needs_dot() -> None:
    """Skip without Graphviz, except under CI, where the chart tests must run."""
    if shutil.which("dot") is None:
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail("Graphviz's dot is not installed, and CI is set: the chart tests "
                        "must run in CI")
        pytest.skip("Graphviz's dot is not installed (apt-get install graphviz)")


@pytest.fixture(scope="module")
def legislature() -> orgmap.Dataset:
    return orgmap.load(LEGISLATURE, cache=False)


@pytest.fixture(scope="module")
def bundled() -> orgmap.Dataset:
    return orgmap.load(BUNDLED, cache=False)


# -- the model ----------------------------------------------------------------------


def test_every_relation_of_authority_not_on_a_cycle_points_down(legislature):
    chart = build_chart(legislature)
    tier = {box: b.tier for box, b in chart.boxes.items()}
    downs = [link for link in chart.links if link.kind == "down"]
    assert {(link.parent, link.child) for link in downs} >= {
        ("congress", "senate"), ("senate", "senate-judiciary"),
        ("senate-judiciary", "senate-judiciary-privacy"),
        ("house-appropriations", "house-appropriations-defense")}
    for link in downs:
        assert tier[link.parent] < tier[link.child], link


def test_a_cycle_is_drawn_once_on_one_tier_and_listed_in_the_note(legislature):
    chart = build_chart(legislature)
    assert chart.boxes["house"].tier == chart.boxes["house-ethics"].tier
    listed = {item.edge for item in chart.undrawn}
    assert listed == {"house-ethics--part_of--house", "house-ethics--supervises--house"}
    assert all("cycle" in item.reason for item in chart.undrawn)


def test_a_body_with_parents_at_two_depths_sits_below_the_deeper(legislature):
    chart = build_chart(legislature)
    assert chart.boxes["joint-economic"].tier == chart.boxes["senate"].tier + 1
    assert chart.boxes["congress"].tier == 0


def test_a_nameplate_group_is_one_box_titled_by_the_institution(legislature):
    chart = build_chart(legislature)
    assert "crs-nameplate" not in chart.boxes
    box = chart.boxes["congressional-research-service"]
    assert box.members == ("congressional-research-service", "crs-nameplate")
    assert [h.text() for h in box.holders] == ["Director — Pat Rivera"]
    assert box.holders[0].via == ("crs-nameplate",)


def test_a_predecessor_sits_on_its_successors_tier(legislature):
    chart = build_chart(legislature)
    assert chart.boxes["senate-judiciary-old"].tier == chart.boxes["senate-judiciary"].tier
    history = [link for link in chart.links if link.kind == "history"]
    assert [(link.parent, link.child) for link in history] == [
        ("senate-judiciary-old", "senate-judiciary")]


def test_leaders_first_then_deputies_then_the_rest(legislature):
    chart = build_chart(legislature)
    titles = [h.title for h in chart.boxes["senate-judiciary"].holders]
    assert titles == ["Chair", "Chair", "Ranking Member", "Member"]
    assert [title_rank(t) for t in ("Vice Chair", "Speaker", "Researcher")] == [1, 0, 2]
    assert title_rank(None, "副主任") == 1 and title_rank(None, "主任") == 0


def test_a_full_box_shows_the_cap_and_counts_the_rest(legislature):
    box = build_chart(legislature).boxes["house-appropriations"]
    shown, more = box.shown()
    assert len(shown) == HOLDER_LIMIT and more == len(box.holders) - HOLDER_LIMIT == 2


def test_people_in_several_bodies_are_marked_elsewhere(legislature):
    box = build_chart(legislature).boxes["senate-judiciary-privacy"]
    cora = next(h for h in box.holders if h.person == "cora-member")
    assert set(cora.elsewhere) == {"senate-judiciary", "house-appropriations"}


def test_at_leaves_out_a_holder_whose_role_ended(legislature):
    later = build_chart(legislature, at=parse_partial_date("2022"))
    people = {h.person for h in later.boxes["senate-judiciary"].holders}
    assert "dan-former" not in people and "ada-chair" in people
    earlier = build_chart(legislature, at=parse_partial_date("2018"))
    people = {h.person for h in earlier.boxes["senate-judiciary"].holders}
    assert "dan-former" in people and "ada-chair" not in people


def test_at_marks_a_holder_the_dates_do_not_settle_as_possible(legislature):
    chart = build_chart(legislature, at=parse_partial_date("2021"))
    status = {h.person: h.status for h in chart.boxes["senate-judiciary"].holders}
    assert status["ada-chair"] == "yes"
    assert status["dan-former"] == "maybe"  # ended some time in 2021


def test_documents_concepts_and_events_are_left_out_unless_asked(bundled):
    kinds = {bundled.entities[b].kind for b in build_chart(bundled).boxes}
    assert kinds == {"organization"}
    with_events = build_chart(bundled, events=True)
    assert "wic" in with_events.boxes
    assert with_events.boxes["wic"].tier > with_events.boxes["cac"].tier


def test_a_focused_chart_names_holders_from_outside_the_focus(legislature):
    chart = build_chart(legislature, focus="senate-judiciary-privacy", depth=1)
    assert set(chart.boxes) == {"senate-judiciary-privacy", "senate-judiciary"}
    assert {h.person for h in chart.boxes["senate-judiciary"].holders} >= {"dan-former",
                                                                         "ada-chair"}


# -- the figure -------------------------------------------------------------------------


def svg_boxes(path: Path) -> dict[str, dict]:
    """Entity id -> {'box': (left, top, right, bottom), 'lines': [text, ...]} from dot's SVG."""
    from lxml import etree

    tree = etree.parse(str(path))
    boxes = {}
    for group in tree.iter(f"{SVG_NS}g"):
        if group.get("class") != "node":
            continue
        title = group.findtext(f"{SVG_NS}title")
        points = [tuple(map(float, pair.split(",")))
                  for polygon in group.iter(f"{SVG_NS}polygon")
                  for pair in polygon.get("points").split()]
        if not points:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        lines = ["".join(t.itertext()) for t in group.iter(f"{SVG_NS}text")]
        boxes[title] = {"box": (min(xs), min(ys), max(xs), max(ys)), "lines": lines}
    return boxes


def check_geometry(chart, dataset, svg: Path) -> None:
    """The acceptance checks of the figure, shared by every dataset."""
    boxes = svg_boxes(svg)
    drawn = {box_id: found for box_id, found in boxes.items() if box_id in chart.boxes}
    assert set(drawn) == set(chart.boxes), "every box drawn once, named by its entity id"
    for box in chart.boxes.values():
        for member in box.members[1:]:
            assert member not in boxes, f"nameplate {member} has a box of its own"
    cyclic = {item.edge for item in chart.undrawn}
    for link in chart.links:
        if link.type in ("part_of", "supervises", "organizes") \
                and not cyclic.intersection(link.edges):
            parent, child = drawn[link.parent]["box"], drawn[link.child]["box"]
            assert parent[3] < child[1], f"{link.parent} is not above {link.child}"
    for link in chart.links:
        if link.kind == "history" and not cyclic.intersection(link.edges):
            parent, child = drawn[link.parent]["box"], drawn[link.child]["box"]
            assert parent[2] <= child[0], f"{link.parent} is not left of {link.child}"
    items = sorted(drawn.items())
    for number, (first, a) in enumerate(items):
        for second, b in items[number + 1:]:
            ax0, ay0, ax1, ay1 = a["box"]
            bx0, by0, bx1, by1 = b["box"]
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, \
                f"{first} overlaps {second}"
    for box in chart.boxes.values():
        lines = drawn[box.id]["lines"]
        for holder in box.shown()[0]:
            assert any(holder.name in line for line in lines), \
                f"{holder.name} not named in {box.id}"
        if box.shown()[1]:
            assert f"+ {box.shown()[1]} more" in lines


@pytest.mark.parametrize("at", [None, "2018", "2022"])
def test_the_legislature_figure_has_the_charts_geometry(legislature, tmp_path, at):
    from orgmap.page.figure import write_figure

    needs_dot()
    when = parse_partial_date(at) if at else None
    chart = build_chart(legislature, at=when)
    svg = write_figure(chart, legislature, tmp_path / "chart.svg")
    check_geometry(chart, legislature, svg)
    text = svg.read_text("utf-8")
    assert ("Dan Moreau" in text) == (at != "2022")


def test_the_bundled_figure_has_the_charts_geometry(bundled, tmp_path):
    from orgmap.page.figure import write_figure

    needs_dot()
    chart = build_chart(bundled, events=True)
    check_geometry(chart, bundled, write_figure(chart, bundled, tmp_path / "all.svg"))


def test_the_same_data_gives_the_same_svg_bytes(legislature, tmp_path):
    from orgmap.page.figure import write_figure

    needs_dot()
    first = write_figure(build_chart(legislature), legislature, tmp_path / "a.svg").read_bytes()
    again = orgmap.load(LEGISLATURE, cache=False)
    second = write_figure(build_chart(again), again, tmp_path / "b.svg").read_bytes()
    assert first == second


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".pdf", b"%PDF")])
def test_pdf_and_png_by_extension(legislature, tmp_path, suffix, magic):
    from orgmap.page.figure import write_figure

    needs_dot()
    written = write_figure(build_chart(legislature), legislature, tmp_path / f"chart{suffix}")
    assert written.read_bytes().startswith(magic)


def test_curated_text_cannot_break_the_figures_markup(tmp_path):
    from orgmap.data.dataset import Dataset
    from orgmap.data.model import Edge, Entity
    from orgmap.page.figure import figure_source

    payload = 'A & B <b>"bold"</b> ]]> \\l'
    data = Dataset([Entity(id="body", kind="organization", name=payload),
                    Entity(id="someone", kind="person", name=payload)],
                   [Edge.model_validate({"from": "someone", "to": "body", "type": "role",
                                         "role": "<Chair>"})])
    source = figure_source(build_chart(data), data).source
    assert "<b>" not in source and "&lt;b&gt;" in source and "&lt;Chair&gt;" in source


# -- the command line -------------------------------------------------------------------


def run_cli(*arguments: str):
    from typer.testing import CliRunner

    from orgmap.cli import app

    return CliRunner().invoke(app, list(arguments))


def test_chart_writes_the_format_its_extension_names(tmp_path):
    needs_dot()
    for suffix, magic in ((".svg", b"<?xml"), (".pdf", b"%PDF"), (".png", b"\x89PNG")):
        target = tmp_path / f"chart{suffix}"
        result = run_cli("chart", "--data", str(LEGISLATURE), "--no-cache", "-o", str(target))
        assert result.exit_code == 0, result.output
        assert target.read_bytes().startswith(magic)
    assert "<title>senate</title>" in (tmp_path / "chart.svg").read_text("utf-8")


def test_chart_without_graphviz_exits_3_with_one_install_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run_cli("chart", "--data", str(LEGISLATURE), "-o", str(tmp_path / "c.svg"))
    assert result.exit_code == 3
    message = result.output.strip().splitlines()
    assert len(message) == 1
    for hint in ("apt-get install graphviz", "brew install graphviz", "winget install graphviz"):
        assert hint in message[0]
    assert not (tmp_path / "c.svg").exists()


def test_chart_refuses_an_unknown_extension(tmp_path):
    result = run_cli("chart", "--data", str(LEGISLATURE), "-o", str(tmp_path / "c.jpg"))
    assert result.exit_code == 2 and ".svg, .pdf or .png" in result.output


def test_build_writes_the_figure_with_graphviz_and_a_note_without(tmp_path, monkeypatch):
    needs_dot()
    result = run_cli("build", "--data", str(LEGISLATURE), "--out", str(tmp_path / "with"))
    assert result.exit_code == 0, result.output
    assert "<title>senate</title>" in (tmp_path / "with" / "orgchart.svg").read_text("utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run_cli("build", "--data", str(LEGISLATURE), "--out", str(tmp_path / "without"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "without" / "orgmap.html").exists()
    assert not (tmp_path / "without" / "orgchart.svg").exists()
    assert "note: no orgchart.svg" in result.output


# -- what the docs promise ----------------------------------------------------------------


def test_the_documented_numbers_are_the_codes():
    from orgmap.page.figure import BUILD_BOX_LIMIT, MIN_POINT_SIZE

    text = (Path(__file__).parent.parent / "docs" / "org-chart.md").read_text("utf-8")
    assert f"**{HOLDER_LIMIT}**" in text and f"**{BUILD_BOX_LIMIT}**" in text
    assert f"**{MIN_POINT_SIZE} pt**" in text and "**12 px**" in text


def test_no_text_is_smaller_than_the_documented_minimum(bundled):
    import re

    from orgmap.page.figure import MIN_POINT_SIZE, figure_source

    source = figure_source(build_chart(bundled), bundled, title="t").source
    sizes = [float(size) for size in re.findall(r'POINT-SIZE="([\d.]+)"', source)]
    assert sizes and min(sizes) >= MIN_POINT_SIZE
    css = (Path(orgmap.__file__).parent / "page" / "assets" / "orgmap.css").read_text("utf-8")
    chart_rules = css[css.index("The view switch and the chart view"):]
    pixels = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", chart_rules)]
    assert pixels and min(pixels) >= 12


def test_at_honours_an_ended_by_bound(legislature):
    def ethics(at: str) -> dict[str, str]:
        chart = build_chart(legislature, at=parse_partial_date(at))
        return {h.person: h.status for h in chart.boxes["house-ethics"].holders}

    assert ethics("2019")["oli-member"] == "maybe"  # the bound's own period stays possible
    assert "oli-member" not in ethics("2020")       # any later period is ruled out


# -- the bundled data: the brief's Figure 1 -------------------------------------------------


def test_the_cac_chart_stands_in_for_the_briefs_figure(bundled, tmp_path):
    needs_dot()
    target = tmp_path / "cac.svg"
    result = run_cli("chart", "--focus", "CAC", "--depth", "2", "--data", str(BUNDLED),
                     "--no-cache", "-o", str(target))
    assert result.exit_code == 0, result.output
    chart = build_chart(bundled, focus="cac", depth=2)
    chain = ["central-committee", "ccac", "cac", "cfis"]
    tiers = [chart.boxes[box].tier for box in chain]
    assert tiers == sorted(tiers) and len(set(tiers)) == 4
    boxes = svg_boxes(target)
    for upper, lower in itertools.pairwise(chain):
        assert boxes[upper]["box"][3] < boxes[lower]["box"][1], (upper, lower)
    zhuang = next(h for h in chart.boxes["cac"].holders if h.person == "zhuang-rongwen")
    assert zhuang.elsewhere
    line = next(text for text in boxes["cac"]["lines"] if "Zhuang Rongwen" in text)
    assert "◆" in line
    check_geometry(chart, bundled, target)


def test_the_page_leaves_out_a_chart_too_large_to_draw(monkeypatch):
    from orgmap.page import chart_data

    data = orgmap.load(LEGISLATURE, cache=False)
    monkeypatch.setattr(chart_data, "PAGE_BOX_LIMIT", 3)
    found = chart_data.page_chart(data, years=None)
    assert found["boxes"] == [] and found["omitted"] == len(build_chart(data).boxes)
    assert f'"omitted":{found["omitted"]}' in orgmap.render_html(data, view="chart")
