"""The HTML page as bytes: self-contained, escaped, deterministic, written atomically.

What the page does in a browser is tested under tests/browser/.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import orgmap
from orgmap import Citation, Dataset, Edge, Entity, LookupProblem
from orgmap.cli import app
from orgmap.data.selection import select
from orgmap.page import network as orgmap_html
from orgmap.page.data import citation_details, script_json

FIXTURES = Path(__file__).parent / "fixtures" / "html"
NETWORK = FIXTURES / "network"
INJECTION = FIXTURES / "injection"
TITLE_PAYLOAD = "</title><script>window.__pwned='title'</script>"
runner = CliRunner()


class PageParts(HTMLParser):
    """Collects the elements that could load or run something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict[str, str | None]] = []
        self.script_texts: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self.sources: list[str] = []
        self.handlers: list[str] = []
        self.meta: list[dict[str, str | None]] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.sources += [v or "" for k, v in attrs if k in ("src", "href", "srcdoc", "data")]
        if tag == "script":
            self.scripts.append(values)
            self.script_texts.append("")
        elif tag == "link":
            self.links.append(values)
        elif tag == "meta":
            self.meta.append(values)
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.script_texts[-1] += data
        elif self._in == "title":
            self.title += data


def parse(page: str) -> PageParts:
    parts = PageParts()
    parts.feed(page)
    return parts


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="orgmap-data">(.*?)</script>', page,
                      re.DOTALL)
    assert match
    return json.loads(match.group(1))


def page_nodes(data: dict) -> list[dict]:
    """The page's node columns read back as one vis-network item per node."""
    nodes = data["nodes"]
    items = []
    for i, node_id in enumerate(nodes["ids"]):
        item = {"id": node_id, "label": nodes["labels"][i], **data["nodeLooks"][nodes["looks"][i]]}
        if "x" in nodes:
            item["x"], item["y"] = nodes["x"][i], nodes["y"][i]
        items.append(item)
    return items


def page_edge_ids(data: dict) -> list[str]:
    """Edge ids as the page reads them: carried, or derived from the ends and the type."""
    edges, names = data["edges"], data["nodes"]["ids"]
    return [edge_id or f"{names[edges['from'][i]]}--{data['relations'][edges['types'][i]]['type']}"
            f"--{names[edges['to'][i]]}" for i, edge_id in enumerate(edges["ids"])]


def page_edges(data: dict) -> list[dict]:
    """The page's edge columns read back as one vis-network item per edge."""
    edges, names = data["edges"], data["nodes"]["ids"]
    bends = {i: {"type": side, "roundness": roundness} for i, side, roundness in edges["bends"]}
    items = []
    for i, edge_id in enumerate(page_edge_ids(data)):
        relation = data["relations"][edges["types"][i]]
        info = data["details"]["edges"][i]
        item = {"id": edge_id, "from": names[edges["from"][i]], "to": names[edges["to"][i]],
                "type": relation["type"], "label": info.get("role") or info.get("role_zh") or "",
                **relation["look"]}
        if i in bends:
            item["smooth"] = bends[i]
        items.append(item)
    return items


def page_sources(data: dict, citations: list) -> list[dict]:
    """Citations as the page shows them: the document's text and link, then the locator."""
    shown = []
    for number, *locator in citations:
        document = dict(data["details"]["documents"][number])
        if locator:
            document["text"] += ", " + locator[0]
        shown.append(document)
    return shown


def page_letters(data: dict, kind: str, item_id: str) -> str:
    """The year control's letters for a node or edge of the page."""
    years = data["years"]
    number = (data["nodes"]["ids"] if kind == "nodes" else page_edge_ids(data)).index(item_id)
    return years["patterns"][years[kind][number]]


@pytest.fixture(scope="module")
def network() -> Dataset:
    return orgmap.load(NETWORK, cache=False)


@pytest.fixture(scope="module")
def injection() -> Dataset:
    return orgmap.load(INJECTION, cache=False)


@pytest.fixture(scope="module")
def network_page(network: Dataset) -> str:
    return orgmap.render_html(network)


@pytest.fixture(scope="module")
def injection_page(injection: Dataset) -> str:
    return orgmap.render_html(injection, title=TITLE_PAYLOAD)


# -- self-contained --------------------------------------------------------------------


def test_page_loads_nothing_from_anywhere(network_page: str) -> None:
    parts = parse(network_page)
    assert parts.links == []
    assert all(s.get("src") is None for s in parts.scripts)
    assert parts.sources == []
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", network_page)
    assert "sourceMappingURL" not in network_page


def test_vis_network_and_page_script_are_inline(network_page: str) -> None:
    texts = parse(network_page).script_texts
    assert len(texts) == 5  # the data, vis-network, the page's own three scripts
    assert "vis-network" in texts[1] and len(texts[1]) > 100_000
    assert "orgmap page script" in texts[2]
    assert "orgmap chart view" in texts[3]
    assert "orgmap page controls" in texts[4]


def test_security_policy_allows_exactly_the_inline_scripts(network_page: str) -> None:
    parts = parse(network_page)
    policy = next(m["content"] for m in parts.meta
                  if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    allowed = set(re.findall(r"'sha256-([^']+)'", policy))
    executed = [t for s, t in zip(parts.scripts, parts.script_texts, strict=True)
                if s.get("type") != "application/json"]
    digests = {base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() for t in executed}
    assert digests == allowed


# -- escaping --------------------------------------------------------------------------


def test_payloads_cannot_close_or_open_elements(injection_page: str) -> None:
    parts = parse(injection_page)
    assert len(parts.scripts) == 5
    assert parts.handlers == []
    assert parts.sources == []
    data_text = parts.script_texts[0]
    assert "<" not in data_text and ">" not in data_text and "&" not in data_text
    assert "\u2028" not in data_text


def test_title_is_escaped_in_title_and_heading(injection_page: str) -> None:
    assert parse(injection_page).title == TITLE_PAYLOAD
    assert "&lt;/title&gt;&lt;script&gt;" in injection_page
    assert TITLE_PAYLOAD not in injection_page


def test_category_in_legend_is_escaped(injection: Dataset, injection_page: str) -> None:
    category = injection.entities["evil-body"].category
    assert category and category not in injection_page
    assert "&lt;b onmouseover=" in injection_page


def test_payload_text_survives_unchanged_for_display(injection: Dataset,
                                                     injection_page: str) -> None:
    data = page_data(injection_page)
    evil = injection.entities["evil-body"]
    shown = data["details"]["nodes"][data["nodes"]["ids"].index("evil-body")]
    assert shown["name"] == evil.name
    assert shown["description"] == evil.description
    assert shown["aliases"] == list(evil.aliases)
    role_edge = next(e for e in injection.edges if e.type == "role")
    number = page_edge_ids(data).index(role_edge.id)
    assert data["details"]["edges"][number]["note"] == role_edge.note


def test_script_json_escapes_markup_and_round_trips() -> None:
    value = {"x": "</script><!-- & \u2028 <b>"}
    text = script_json(value)
    assert not set("<>&") & set(text)
    assert json.loads(text) == value


def test_only_http_urls_become_links() -> None:
    catalogue = Dataset([], [])
    hostile = Citation.model_construct(ref=None, url="javascript:alert(1)", locator=None)
    assert "url" not in citation_details(hostile, catalogue)
    assert citation_details(hostile, catalogue)["text"] == "javascript:alert(1)"
    fine = Citation(url="https://example.org/a", locator="p. 2")
    assert citation_details(fine, catalogue) == {"url": "https://example.org/a",
                                                  "text": "https://example.org/a, p. 2"}


# -- content ---------------------------------------------------------------------------


def test_every_entity_and_relation_is_drawn_parallel_edges_kept(network: Dataset,
                                                                network_page: str) -> None:
    data = page_data(network_page)
    assert [n["id"] for n in page_nodes(data)] == list(network.entities)
    assert [e["id"] for e in page_edges(data)] == [e.id for e in network.edges]
    assert not any(relation["deferred"] for relation in data["relations"])
    zhuang_to_cac = [e for e in page_edges(data)
                     if (e["from"], e["to"]) == ("zhuang-rongwen", "cac")]
    assert len(zhuang_to_cac) == 2
    assert {e["smooth"]["type"] for e in zhuang_to_cac if "smooth" in e} <= {"curvedCW",
                                                                                "curvedCCW"}


def test_labels_carry_english_and_chinese_names(network_page: str) -> None:
    nodes = {n["id"]: n for n in page_nodes(page_data(network_page))}
    assert nodes["cac"]["label"] == "Cyberspace Administration of China\n国家互联网信息办公室"
    assert nodes["lsg-office"]["label"].endswith("…")


def test_styles_come_from_the_shared_style_table(network_page: str) -> None:
    from orgmap.style import category_colour, edge_style, kind_shape

    data = page_data(network_page)
    nodes = {n["id"]: n for n in page_nodes(data)}
    assert nodes["cac"]["color"]["background"] == category_colour("state")
    assert nodes["zhuang-rongwen"]["shape"] == kind_shape("person")
    edges = {e["id"]: e for e in page_edges(data)}
    nameplate = next(e for e in edges.values() if e["id"].startswith("cac--nameplate"))
    assert nameplate["dashes"] == edge_style("nameplate")["dashes"]
    assert nameplate["arrows"]["to"]["enabled"] is False
    assert edges["zhuang-director"]["arrows"]["to"]["enabled"] is True
    assert edges["zhuang-director"]["label"] == "Director"


def test_citations_name_their_documents_with_locators(network_page: str) -> None:
    data = page_data(network_page)
    edges = dict(zip(page_edge_ids(data), data["details"]["edges"], strict=True))
    assert page_sources(data, edges["zhuang-director"]["sources"]) == [{
        "text": "China's cyber vision, note 9",
        "url": "https://www.aspi.org.au/report/chinas-cyber-vision"}]
    party = page_sources(data, edges["zhuang-party-secretary"]["sources"])
    assert party[0]["url"] == "https://example.org/profile"
    documents = [d["text"] for d in data["details"]["documents"]]
    assert len(documents) == len(set(documents)), "each cited document is carried once"


def test_year_statuses_follow_the_date_rules(network_page: str) -> None:
    data = page_data(network_page)
    years = data["years"]
    assert (years["first"], years["last"]) == (2014, 2021)
    ended = page_letters(data, "edges", "lu-wei-director")
    assert ended[:2] == "yy" and ended[2] != "n" and set(ended[3:]) == {"n"}
    attested = page_letters(data, "edges", "zhuang-director")
    assert attested[-1] == "y" and set(attested[:-1]) == {"m"}
    abolished = page_letters(data, "nodes", "lsg-office")
    assert abolished[:4] == "yyyy" and abolished[4] != "n" and set(abolished[5:]) == {"n"}


def test_selection_options_match_select(network: Dataset) -> None:
    page = orgmap.render_html(network, focus="中央宣传部", depth=1, hide_documents=True)
    expected = select(network, focus="cpd", depth=1, hide_documents=True)
    data = page_data(page)
    assert set(data["nodes"]["ids"]) == set(expected.entities)
    assert data["focus"] == "cpd"
    assert "within 1 step of Central Propaganda Department" in page


def test_at_date_page_marks_uncertain_relations_and_has_no_slider(network: Dataset) -> None:
    page = orgmap.render_html(network, at="2019")
    data = page_data(page)
    assert data["years"] is None and data["at"] == "2019"
    assert "lu-wei-director" not in page_edge_ids(data)
    status = dict(zip(page_edge_ids(data), data["status"], strict=True))
    assert status["zhuang-director"] == data["statusLetters"]["maybe"]
    assert 'id="year"' not in page


def test_unknown_focus_raises_lookup_problem(network: Dataset) -> None:
    with pytest.raises(LookupProblem):
        orgmap.render_html(network, focus="no such body")


def test_same_data_gives_the_same_bytes(network: Dataset) -> None:
    again = orgmap.load(NETWORK, cache=False)
    assert orgmap.render_html(network) == orgmap.render_html(again)


def _ring(count: int) -> Dataset:
    entities = [Entity(id=f"body-{i}", kind="organization", name=f"Body {i}")
                for i in range(count)]
    edges = [Edge.model_validate({"from": f"body-{i}", "to": f"body-{(i + 1) % count}",
                                  "type": "part_of", "id": f"link-{i}"}) for i in range(count)]
    return Dataset(entities, edges)


def test_large_graphs_are_laid_out_in_python_with_physics_off() -> None:
    limit = orgmap_html.PHYSICS_NODE_LIMIT
    small = page_data(orgmap.render_html(_ring(limit)))
    assert small["options"]["physics"]["enabled"] is True
    assert all("x" not in n for n in page_nodes(small))
    large = page_data(orgmap.render_html(_ring(limit + 1)))
    assert large["options"]["physics"]["enabled"] is False
    assert large["fixedLayout"] is True
    points = {(n["x"], n["y"]) for n in page_nodes(large)}
    assert len(points) == limit + 1


def test_render_help_documents_the_layout_threshold() -> None:
    result = runner.invoke(app, ["render", "--help"])
    assert result.exit_code == 0
    assert f"Above {orgmap_html.PHYSICS_NODE_LIMIT}" in " ".join(result.output.split())
    assert f"Above {orgmap_html.EDGE_DRAW_LIMIT:,} relations" in " ".join(result.output.split())


# -- writing ---------------------------------------------------------------------------


def test_write_html_is_utf8_and_leaves_no_temporary_files(network: Dataset,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "new" / "orgmap.html"
    written = orgmap.write_html(network, target)
    assert written == target
    assert "国家互联网信息办公室".encode() in target.read_bytes()
    assert os.listdir(target.parent) == ["orgmap.html"]


def test_failed_render_keeps_the_previous_page(network: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "orgmap.html"
    target.write_text("previous page", encoding="utf-8")
    with pytest.raises(LookupProblem):
        orgmap.write_html(network, target, focus="nobody at all")
    assert target.read_text(encoding="utf-8") == "previous page"
    assert os.listdir(tmp_path) == ["orgmap.html"]


# -- command line ----------------------------------------------------------------------


def test_render_command_writes_the_selected_page(tmp_path: Path) -> None:
    target = tmp_path / "cac.html"
    result = runner.invoke(app, ["render", "--data", str(NETWORK), "--focus", "CAC",
                                 "--depth", "1", "--kind", "organization", "--kind", "person",
                                 "--title", "CAC <&>", "-o", str(target)])
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert "<title>CAC &lt;&amp;&gt;</title>" in page
    kinds = {orgmap.load(NETWORK).entities[n].kind for n in page_data(page)["nodes"]["ids"]}
    assert kinds == {"organization", "person"}


def test_render_into_a_directory_writes_orgmap_html(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", "--data", str(NETWORK), "-o", str(tmp_path),
                                 "--category", "state", "--at", "2021"])
    assert result.exit_code == 0, result.output
    data = page_data((tmp_path / "orgmap.html").read_text(encoding="utf-8"))
    assert data["nodes"]["ids"] == ["cac"]


@pytest.mark.parametrize(("arguments", "message"), [
    (["--focus", "nobody at all"], "no entity called"),
    (["--at", "2021-13"], "--at"),
    (["--kind", "bureau"], "unknown kind"),
    (["--category", "agency"], "no entity has category"),
])
def test_render_usage_errors_exit_2(tmp_path: Path, arguments: list[str], message: str) -> None:
    result = runner.invoke(app, ["render", "--data", str(NETWORK), "-o",
                                 str(tmp_path / "x.html"), *arguments])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.html").exists()


def test_docs_state_the_layout_threshold() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "org-chart.md").read_text(encoding="utf-8")
    assert f"Above **{orgmap_html.PHYSICS_NODE_LIMIT} entities**" in docs
    assert f"Above **{orgmap_html.EDGE_DRAW_LIMIT:,} relations**" in docs


def test_python_layout_keeps_linked_groups_together_and_is_repeatable() -> None:
    from orgmap.page.layout import force_layout

    groups = [[f"a{i}" for i in range(12)], [f"b{i}" for i in range(12)]]
    links = [(g[i], g[j]) for g in groups for i in range(12) for j in range(i + 1, 12)]
    links.append(("a0", "b0"))
    ids = groups[0] + groups[1]
    first = force_layout(ids, links)
    assert first == force_layout(ids, links)

    def distance(a: str, b: str) -> float:
        (ax, ay), (bx, by) = first[a], first[b]
        return ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5

    pairs = len(groups[0]) ** 2
    within = sum(distance(a, b) for g in groups for a in g for b in g) / (2 * pairs)
    between = sum(distance(a, b) for a in groups[0] for b in groups[1]) / pairs
    assert within < between / 3


def test_the_year_control_and_details_carry_ended_by() -> None:
    """A role over by November 2021: possible up to 2021, ruled out from 2022."""
    bounded = orgmap.load(Path(__file__).parent / "fixtures" / "export", cache=False)
    page = orgmap.render_html(bounded)
    data = page_data(page)
    years = data["years"]
    letters = page_letters(data, "edges", "lu-wei--role--cac-office")
    assert letters[2021 - years["first"]] == "m"
    assert letters[2022 - years["first"]] == "n"
    number = page_edge_ids(data).index("lu-wei--role--cac-office")
    assert data["details"]["edges"][number]["dates"] == "ended by 2021-11"
    legend = page[page.index('class="legend"'):]
    assert "</svg>spoke at <span" in legend and "</svg>is about <span" in legend


def test_the_commonest_relation_types_wait_above_the_draw_limit() -> None:
    from collections import Counter

    from orgmap.page.graph_data import deferred_types

    counts = Counter({"role": 15, "member": 8, "part_of": 3})
    assert deferred_types(counts, 30) == []
    assert deferred_types(counts, 12) == ["role"]
    assert deferred_types(counts, 10) == ["member", "role"]
    assert deferred_types(counts, 2) == ["part_of", "member", "role"]


def test_a_page_over_the_draw_limit_says_what_it_does_not_draw(
        network: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    from orgmap.page import graph_data

    monkeypatch.setattr(graph_data, "EDGE_DRAW_LIMIT", 6)
    page = orgmap.render_html(network)
    data = page_data(page)
    waiting = {r["type"]: r["count"] for r in data["relations"] if r["deferred"]}
    assert waiting == {"role": sum(e.type == "role" for e in network.edges)}
    assert page_edge_ids(data) == [e.id for e in network.edges], "every relation is carried"
    assert "" in data["edges"]["ids"], "derived ids are left for the page to derive"
    note = parse_note(page)
    assert "Not all 10 relations are drawn" in note
    assert "“holds role in” (4) are drawn for the entity you select" in note


def parse_note(page: str) -> str:
    match = re.search(r'<p id="deferred-note"[^>]*>(.*?)</p>', page, re.DOTALL)
    assert match, "the page has no note on what it does not draw"
    return " ".join(match.group(1).split())


def test_a_page_under_the_draw_limit_has_no_such_note(network_page: str) -> None:
    assert 'id="deferred-note"' not in network_page


def test_year_letters_agree_with_status_during_year_by_year() -> None:
    import itertools

    from orgmap.data.dates import parse_partial_date, status_during, year_letters

    years = [parse_partial_date(str(year)) for year in range(2014, 2022)]
    starts = [y.first for y in years]
    ends = [y.end_exclusive for y in years]
    dates = [None, "2013", "2014", "2016-01", "2016-12", "2016-06-15", "2017", "2021-12-31",
             "2022"]
    checked = 0
    for start, end, as_of, ended_by in itertools.product(dates, dates, dates[:5], dates[::3]):
        fields = {"start": start, "end": end, "ended_by": ended_by,
                  "as_of": [as_of] if as_of else []}
        try:
            edge = Edge.model_validate({"from": "a", "to": "b", "type": "part_of",
                                        **{k: v for k, v in fields.items() if v}})
        except ValueError:
            continue  # an end before its start, and the like
        expected = "".join(status_during(edge.span, year).letter for year in years)
        assert year_letters(edge.span, starts, ends) == expected, fields
        checked += 1
    assert checked > 300
