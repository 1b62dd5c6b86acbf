"""Facts a reader of the source documents would check first, asserted on the bundled data.

An edit to data/ that breaks one of these is caught here, like a failing unit
test; the data itself must also validate strictly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orgmap

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
