"""Facts a reader of the source documents would check first, asserted on the bundled data.

An edit to data/ that breaks one of these is caught here, like a failing unit
test; the data itself must also validate strictly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orgmap
from orgmap.questions.structure import expand
from orgmap.vocab import DOCUMENT, KINDS

DATA = Path(__file__).parent.parent / "data"
SOURCE_DOCUMENTS = {
    "digichina-2018-cfis-launch",
    "aspi-2021-chinas-cyber-vision",
    "cmp-2022-wic-organization",
    "cao-shumin-2022-shared-future",
    "wic-2020-shared-future-initiative",
}


@pytest.fixture(scope="module")
def data() -> orgmap.Dataset:
    return orgmap.load(DATA, cache=False)


def has_edge(data: orgmap.Dataset, source: str, relation: str, target: str) -> bool:
    return any(e.type == relation and e.target == target for e in data.edges_from(source))


def test_validates_strictly_with_every_edge_cited_to_a_source_document(data) -> None:
    assert data.warnings == []
    assert set(data.entities) >= SOURCE_DOCUMENTS
    for edge in data.edges:
        assert edge.sources, edge.id
        assert all(c.ref in data.entities or c.url for c in edge.sources)


def test_people_in_both_the_cac_and_the_propaganda_department(data) -> None:
    found = orgmap.overlap(data, ["CAC", "Central Propaganda Department"])
    assert set(found["person_id"]) == {"xu-lin", "zhuang-rongwen"}
    zhuang = found.set_index("person_id").loc["zhuang-rongwen"]
    assert zhuang["cac_body_id"] == "siio"  # held through a CAC nameplate
    exact = orgmap.overlap(data, ["cac", "central-propaganda-department"], exact=True)
    assert "zhuang-rongwen" not in set(exact["person_id"])


def test_people_in_both_the_wic_and_the_propaganda_department(data) -> None:
    found = orgmap.overlap(data, ["WIC", "central-propaganda-department"])
    assert set(found["person_id"]) == {"zhuang-rongwen"}


def test_jack_ma_links_cfis_to_alibaba(data) -> None:
    chains = orgmap.path(data, "CFIS", "Alibaba")
    first = chains[chains["chain"] == 1]
    assert list(first["from_id"]) == ["cfis", "jack-ma"]
    assert list(first["to_id"]) == ["jack-ma", "alibaba"]


def test_supervision_chain_down_to_cfis(data) -> None:
    assert has_edge(data, "ccac", "supervises", "cac")
    assert has_edge(data, "cac", "supervises", "cfis")


def test_who_organises_the_world_internet_conference(data) -> None:
    organisers = {e.source for e in data.edges_to("wic") if e.type == "organizes"}
    co_organisers = {e.source for e in data.edges_to("wic") if e.type == "co_organizes"}
    assert {"cac", "zhejiang-provincial-government"} <= organisers
    assert {"un-desa", "itu", "wipo", "gsma"} <= co_organisers


def test_wic_international_organization_organs(data) -> None:
    organs = {e.source for e in data.edges_to("wic-international-organization")
              if e.type == "part_of"}
    assert {"wic-io-secretariat", "wic-io-board-of-directors", "wic-io-high-level-advisory-board",
            "wic-io-professional-committee", "wic-io-general-meeting"} <= organs


def test_associations_registered_with_civil_affairs(data) -> None:
    registered = {e.source for e in data.edges if e.type == "registered_with"}
    assert {"cybersecurity-association-of-china", "internet-society-of-china"} <= registered


def test_leading_group_upgraded_to_commission_in_2018(data) -> None:
    upgrade = [e for e in data.edges_from("central-lsg-cybersecurity")
               if e.type == "succeeded_by" and e.target == "ccac"]
    assert upgrade and str(upgrade[0].start) == "2018"


@pytest.mark.parametrize("name, entity_id", [
    ("CAC", "cac"), ("CFIS", "cfis"), ("WIC", "wic"), ("SIIO", "siio"),
    ("中国网络社会组织联合会", "cfis"), ("庄荣文", "zhuang-rongwen"),
])
def test_names_the_documents_use_resolve(data, name: str, entity_id: str) -> None:
    assert data.resolve(name).id == entity_id


def test_the_2020_initiative_was_issued_by_the_wic(data) -> None:
    assert has_edge(data, "wic", "issued", "wic-2020-shared-future-initiative")


# -- the CAC: one institution, two nameplates ------------------------------------------

CAC_NAMEPLATES = {"siio", "office-ccac", "office-central-lsg-cybersecurity"}
CAC_LEADERS = {"xu-lin", "zhuang-rongwen", "cao-shumin", "zhao-zeliang", "ren-xianliang",
               "wang-xiujun"}


def test_the_cac_is_one_institution_joined_to_its_nameplates(data) -> None:
    nameplates = {e.other_end("cac") for e in data.relations("cac") if e.type == "nameplate"}
    assert nameplates == CAC_NAMEPLATES
    assert not [e for e in data.edges if e.type == "nameplate" and "cac" not in
                (e.source, e.target) and {e.source, e.target} <= CAC_NAMEPLATES]
    assert not [e for e in data.edges if e.type == "part_of"
                and {e.source, e.target} <= CAC_NAMEPLATES | {"cac"}]
    party = [e for e in data.edges_from("office-central-lsg-cybersecurity")
             if e.type == "succeeded_by"]
    assert [(e.target, str(e.start)) for e in party] == [("office-ccac", "2018")]


@pytest.mark.parametrize("name", [
    "CAC", "Cyberspace Administration of China", "中华人民共和国国家互联网信息办公室", "SIIO",
    "State Internet Information Office", "国家互联网信息办公室",
    "National Internet Information Office", "Office of the Central Cyberspace Affairs Commission",
    "中共中央网络安全和信息化委员会办公室",
])
def test_one_cac_is_found_by_each_of_its_names_with_all_its_leaders(data, name: str) -> None:
    found = data.resolve(name)
    assert expand(data, found.id) == CAC_NAMEPLATES | {"cac"}
    roles = orgmap.timeline(data, name, units=True, types=["role"])
    assert set(roles["other_id"]) == CAC_LEADERS


def test_categories_follow_the_aspi_and_cmp_readings(data) -> None:
    category = {i: data.entities[i].category for i in
                ("cac", "siio", "office-ccac", "wic-international-organization",
                 "wic-io-secretariat")}
    assert category == {"cac": "central-committee", "siio": "state",
                        "office-ccac": "central-committee",
                        "wic-international-organization": "ccp", "wic-io-secretariat": "ccp"}
    for not_a_body in ("china-cyber-policy-system", "internet-associations"):
        assert data.entities[not_a_body].kind == "concept"
    bodies = orgmap.interlocks(data)
    assert not {"china-cyber-policy-system", "internet-associations"} & (
        set(bodies["body_a_id"]) | set(bodies["body_b_id"]))
    concepts = [e for e in data.entities.values() if e.kind == "concept"]
    assert len({e.category for e in concepts}) >= 4


def test_xi_jinping_heads_the_commission(data) -> None:
    assert has_edge(data, "xi-jinping", "role", "ccac")
    assert data.entities["xi-jinping"].name_zh == "习近平"


# -- former roles end ---------------------------------------------------------------------

def test_a_former_role_is_possible_in_its_bounds_period_and_ruled_out_after(data) -> None:
    deputy = [e for e in data.edges_from("wang-xiujun") if e.target == "office-ccac"]
    assert [str(e.ended_by) for e in deputy] == ["2021-11"]

    def wang(at: str) -> str | None:
        found = orgmap.overlap(data, ["CAC", "Cybersecurity Association of China"], at=at,
                               possible=True).set_index("person_id")["status"]
        return found.get("wang-xiujun")

    assert wang("2021") == "possible"
    assert wang("2022") is None


def test_roles_the_sources_call_former_are_bounded(data) -> None:
    former = {(e.source, e.target) for e in data.edges if e.type == "role" and e.ended_by}
    assert former >= {("zhuang-rongwen", "overseas-chinese-affairs-office"),
                      ("wang-xiujun", "office-ccac"), ("wang-xiujun", "siio"),
                      ("shang-bing", "china-mobile"), ("ren-xianliang", "cac"),
                      ("nathan-attrill", "aspi-icpc")}
    assert not [e.id for e in data.edges if e.ended_by and e.end]


# -- specific relations, dated ------------------------------------------------------------

def test_affiliated_is_a_rare_last_resort_with_a_note(data) -> None:
    affiliated = [e for e in data.edges if e.type == "affiliated"]
    assert len(affiliated) < 0.15 * len(data.edges)
    assert all(e.note for e in affiliated)


def test_at_least_thirty_percent_of_edges_are_dated(data) -> None:
    dated = [e for e in data.edges if e.start or e.end or e.ended_by or e.as_of]
    assert len(dated) >= 0.30 * len(data.edges)


def test_every_citation_of_a_source_document_has_a_locator(data) -> None:
    for edge in data.edges:
        for citation in edge.sources:
            if citation.ref in SOURCE_DOCUMENTS:
                assert citation.locator, edge.id


def test_the_brokers_are_bodies_not_documents_or_the_government(data) -> None:
    top = orgmap.centrality(data, top=5)
    assert not set(top["kind"]) & {DOCUMENT}
    assert "prc-government" not in set(top["entity_id"])
    everything = orgmap.centrality(data, top=5, kinds=list(KINDS))
    assert DOCUMENT not in set(everything["kind"])


def test_the_documents_name_their_publishers(data) -> None:
    assert has_edge(data, "aspi", "issued", "aspi-2021-chinas-cyber-vision")
    digichina = [e for e in data.edges_from("digichina") if e.type == "issued"]
    assert [c.locator.split(" ")[0] for e in digichina for c in e.sources] == ["introduction"]
