"""The page's chart view in a real browser: geometry, the switch, search, the year control.

The checks on the boxes are the figure's (tests/test_chart.py), read from the
drawn page: parents above children, no overlaps, every holder named up to the cap.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import orgmap
from orgmap.page.chart_boxes import HOLDER_LIMIT, build_chart

FIXTURES = Path(__file__).parent.parent / "fixtures"
LEGISLATURE = FIXTURES / "chart" / "legislature"
BUNDLED = Path(__file__).parent.parent.parent / "data"
AUTHORITY = ("part_of", "supervises", "organizes")

Open = Callable[[Path], Any]

DRAWN = """() => {
    const boxes = {};
    for (const box of document.querySelectorAll('#chart .box')) {
        const r = box.getBoundingClientRect();
        boxes[box.dataset.id] = {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            text: box.innerText, hidden: getComputedStyle(box).visibility === 'hidden'};
    }
    return boxes;
}"""
HOLDERS = """() => [...document.querySelectorAll('#chart .holder')].map((row) => ({
    person: row.dataset.person, box: row.closest('.box').dataset.id,
    shown: getComputedStyle(row).display !== 'none', maybe: row.classList.contains('maybe')}))"""


def chart_page(tmp_path: Path, data: Path, **options: Any) -> tuple[Path, orgmap.Dataset]:
    dataset = orgmap.load(data, cache=False)
    return orgmap.write_html(dataset, tmp_path / "chart.html", view="chart", **options), dataset


def check_drawn_geometry(seen: Any, dataset: orgmap.Dataset, **selection: Any) -> None:
    chart = build_chart(dataset, **selection)
    boxes = seen.evaluate(DRAWN)
    assert set(boxes) == set(chart.boxes)
    on_cycle = {item.edge for item in chart.undrawn}
    for link in chart.links:
        if link.type in AUTHORITY and not on_cycle.intersection(link.edges):
            assert boxes[link.parent]["bottom"] < boxes[link.child]["top"], link
    for link in chart.links:
        if link.kind == "history" and not on_cycle.intersection(link.edges):
            assert boxes[link.parent]["right"] <= boxes[link.child]["left"], link
    items = sorted(boxes.items())
    for number, (first, a) in enumerate(items):
        for second, b in items[number + 1:]:
            apart = (a["right"] <= b["left"] or b["right"] <= a["left"]
                     or a["bottom"] <= b["top"] or b["bottom"] <= a["top"])
            assert apart, f"{first} overlaps {second}"
    for box in chart.boxes.values():
        for holder in box.holders[:HOLDER_LIMIT]:
            assert holder.name in boxes[box.id]["text"], (holder.name, box.id)
        if len(box.holders) > HOLDER_LIMIT:
            assert f"+ {len(box.holders) - HOLDER_LIMIT} more" in boxes[box.id]["text"]


def test_the_legislature_chart_has_the_charts_geometry(visit: Open, tmp_path: Path) -> None:
    path, dataset = chart_page(tmp_path, LEGISLATURE)
    seen = visit(path)
    check_drawn_geometry(seen, dataset)
    assert seen.console_errors == [] and seen.page_errors == []
    assert "house committee on ethics part of" in seen.page.inner_text("#chart-note").lower()


def test_the_bundled_chart_has_the_charts_geometry(visit: Open, tmp_path: Path) -> None:
    path, dataset = chart_page(tmp_path, BUNDLED)
    seen = visit(path)
    check_drawn_geometry(seen, dataset)
    assert seen.remote_requests() == []


def test_the_year_control_changes_the_holders_and_keeps_the_layout(visit: Open,
                                                                   tmp_path: Path) -> None:
    seen = visit(chart_page(tmp_path, LEGISLATURE)[0])
    before = seen.evaluate(DRAWN)
    seen.evaluate("() => window.orgmap.setYear(2018)")
    shown = {(h["person"], h["box"]) for h in seen.evaluate(HOLDERS) if h["shown"]}
    assert ("dan-former", "senate-judiciary") in shown
    assert ("ada-chair", "senate-judiciary") not in shown
    assert ("oli-member", "house-ethics") in shown
    seen.evaluate("() => window.orgmap.setYear(2020)")  # after its ended_by bound
    shown = {(h["person"], h["box"]) for h in seen.evaluate(HOLDERS) if h["shown"]}
    assert ("oli-member", "house-ethics") not in shown
    seen.evaluate("() => window.orgmap.setYear(2023)")
    shown = {(h["person"], h["box"]) for h in seen.evaluate(HOLDERS) if h["shown"]}
    assert ("ada-chair", "senate-judiciary") in shown
    assert ("dan-former", "senate-judiciary") not in shown
    after = seen.evaluate(DRAWN)
    assert {k: v["left"] for k, v in after.items()} == {k: v["left"] for k, v in before.items()}
    assert {k: v["top"] for k, v in after.items()} == {k: v["top"] for k, v in before.items()}
    seen.page.select_option("#year-mode", "grey")
    rows = [h for h in seen.evaluate(HOLDERS) if h["person"] == "dan-former"]
    assert rows and all(h["shown"] for h in rows)
    assert seen.console_errors == [] and seen.page_errors == []


def test_a_dated_page_marks_possible_holders(visit: Open, tmp_path: Path) -> None:
    seen = visit(chart_page(tmp_path, LEGISLATURE, at="2021")[0])
    rows = {(h["person"], h["box"]): h for h in seen.evaluate(HOLDERS)}
    assert rows[("dan-former", "senate-judiciary")]["maybe"] is True
    assert rows[("ada-chair", "senate-judiciary")]["maybe"] is False


def test_switching_views_keeps_the_selection_offline_and_quiet(visit: Open,
                                                               tmp_path: Path) -> None:
    if not (BUNDLED / "entities.yaml").exists():
        pytest.skip("no bundled data in this checkout")
    dataset = orgmap.load(BUNDLED, cache=False)
    seen = visit(orgmap.write_html(dataset, tmp_path / "orgmap.html"))
    page = seen.page
    assert page.is_hidden("#chart")
    page.click("#view-chart")
    assert page.is_visible("#chart")
    page.fill("#search", "中国网络社会组织联合会")
    page.press("#search", "Enter")
    page.wait_for_timeout(300)
    assert seen.evaluate("() => window.orgmap.state.focus") == "cfis"
    assert page.get_attribute('#chart .box[data-id="cfis"]', "class").split().count("selected")
    assert "China Federation of Internet Societies" in page.inner_text("#details")
    page.click("#view-network")
    assert page.is_hidden("#chart")
    assert seen.evaluate("() => window.orgmap.network.getSelectedNodes()") == ["cfis"]
    page.click("#view-chart")
    page.click('#chart .box[data-id="cac"]')
    assert "Cyberspace Administration of China" in page.inner_text("#details")
    before = {h["person"]: h["maybe"] for h in seen.evaluate(HOLDERS) if h["box"] == "cfis"}
    seen.evaluate("() => window.orgmap.setYear(2020)")
    after = {h["person"]: h["maybe"] for h in seen.evaluate(HOLDERS) if h["box"] == "cfis"}
    # CFIS's leaders are attested at its launch in 2018 only: possibly in post in 2020.
    assert not any(before.values()) and all(after.values())
    page.click("#view-network")
    assert seen.console_errors == [] and seen.page_errors == []
    assert seen.remote_requests() == [] and seen.blocked == []


def test_injection_payloads_stay_text_in_the_chart(visit: Open, tmp_path: Path) -> None:
    dataset = orgmap.load(FIXTURES / "html" / "injection", cache=False)
    seen = visit(orgmap.write_html(dataset, tmp_path / "evil.html", view="chart"))
    evil = dataset.entities["evil-body"]
    assert evil.name in seen.page.inner_text('#chart .box[data-id="evil-body"]')
    seen.page.click('#chart .box[data-id="evil-body"]')
    for row in seen.page.locator("#chart .holder").all():
        row.hover()
    assert seen.evaluate("() => window.__pwned") is None
    assert seen.dialogs == [] and seen.page_errors == [] and seen.remote_requests() == []
    assert seen.evaluate("() => document.querySelectorAll('#chart script, #chart img').length") == 0
