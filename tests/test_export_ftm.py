"""The FollowTheMoney export checked with the followthemoney library itself.

Every entity must pass FtM's validation, every reference must point at an
exported entity of the schema the property allows, FtM's cleaning must keep
every property and value orgmap wrote, and the roles must read as FtM users
expect (Zhuang Rongwen's Directorship in the CAC with his title and date).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import orgmap
from orgmap.export.ftm import ftm_id, ftm_lines
from orgmap.questions.structure import expand
from orgmap.vocab import CONCEPT
from selections import CASES, IDS, chosen, export_text

followthemoney = pytest.importorskip("followthemoney")
from followthemoney import model  # noqa: E402

REPOSITORY = Path(__file__).parent.parent
runner = CliRunner()
SOURCES = {"bundled": REPOSITORY / "data", "export": REPOSITORY / "tests/fixtures/export",
           "injection": REPOSITORY / "tests/fixtures/html/injection"}


def entities(dataset: orgmap.Dataset) -> list[dict[str, Any]]:
    return [json.loads(line) for line in ftm_lines(dataset).split("\n") if line]


@pytest.fixture(scope="module", params=list(SOURCES))
def exported(request: pytest.FixtureRequest) -> tuple[orgmap.Dataset, list[dict[str, Any]]]:
    dataset = orgmap.load(SOURCES[request.param], cache=False)
    return dataset, entities(dataset)


def test_every_entity_passes_validation(exported: tuple[orgmap.Dataset, list[dict[str, Any]]]
                                        ) -> None:
    _, items = exported
    for item in items:
        schema = model.get(item["schema"])
        assert schema is not None, item["schema"]
        schema.validate(item)  # raises InvalidData
        missing = [p for p in schema.required if p not in item["properties"]]
        # FtM's Document requires a file name, which a cited text has not.
        assert missing in ([], ["fileName"] if item["schema"] == "Document" else []), item


def test_documents_have_no_file_name_and_keep_their_title_as_caption(
        exported: tuple[orgmap.Dataset, list[dict[str, Any]]]) -> None:
    """FtM marks `Document` as generated (made by ingesting a file) and enforces its
    required `fileName` only on entities a user creates; a cited text has no file,
    and a file name would replace the title as the caption FtM tools show."""
    dataset, items = exported
    assert model.get("Document").generated
    documents = [item for item in items if item["schema"] == "Document"]
    assert len(documents) == sum(e.kind == "document" for e in dataset.entities.values())
    names = {ftm_id(e.id): e.name for e in dataset.entities.values()}
    for item in documents:
        assert "fileName" not in item["properties"]
        assert model.get_proxy(item).caption == names[item["id"]]


def test_references_point_at_exported_entities_of_the_right_schema(
        exported: tuple[orgmap.Dataset, list[dict[str, Any]]]) -> None:
    _, items = exported
    by_id = {item["id"]: model.get(item["schema"]) for item in items}
    assert len(by_id) == len(items), "ids are unique"
    for item in items:
        schema = model.get(item["schema"])
        for name, values in item["properties"].items():
            prop = schema.get(name)
            assert prop is not None, f"{item['schema']} has no property {name}"
            if prop.type.name == "entity":
                for value in values:
                    assert by_id[value].is_a(prop.range), (item["id"], name, value)


def test_cleaning_drops_nothing(exported: tuple[orgmap.Dataset, list[dict[str, Any]]]) -> None:
    """FtM's cleaning keeps every property and value; only URLs may be normalised."""
    _, items = exported
    for item in items:
        cleaned = model.get_proxy(item, cleaned=False).to_dict()["properties"]
        assert cleaned.keys() == item["properties"].keys(), item["id"]
        for name, values in item["properties"].items():
            if model.get(item["schema"]).get(name).type.name == "url":
                assert len(cleaned[name]) == len(values), (item["id"], name)
            else:
                assert cleaned[name] == values, (item["id"], name)


def test_everything_but_concepts_is_exported(
        exported: tuple[orgmap.Dataset, list[dict[str, Any]]]) -> None:
    dataset, items = exported
    ids = {item["id"] for item in items}
    kept = {e.id for e in dataset.entities.values() if e.kind != CONCEPT}
    links = {e.id for e in dataset.edges if {e.source, e.target} <= kept}
    assert ids == {ftm_id(i) for i in kept} | {ftm_id(i or "") for i in links}


def test_zhuang_rongwen_directs_the_cac() -> None:
    dataset = orgmap.load(SOURCES["bundled"], cache=False)
    cac = expand(dataset, "cac", None)
    edges = [e for e in dataset.edges if e.source == "zhuang-rongwen" and e.type == "role"
             and e.target in cac]
    assert edges, "the bundled data has Zhuang Rongwen's role in the CAC"
    items = {item["id"]: item for item in entities(dataset)}
    for edge in edges:
        item = items[ftm_id(edge.id or "")]
        assert item["schema"] == "Directorship"
        properties = item["properties"]
        assert properties["director"] == [ftm_id("zhuang-rongwen")]
        assert properties["organization"] == [ftm_id(edge.target)]
        assert properties["role"] == [r for r in (edge.role, edge.role_zh) if r]
        dates = {"startDate": edge.start, "endDate": edge.end}
        for name, date in dates.items():
            assert properties.get(name) == ([str(date)] if date else None)
        assert properties.get("date") == ([str(d) for d in edge.as_of] or None)
        assert edge.start or edge.as_of, "his role is dated"


def test_same_data_same_bytes() -> None:
    assert ftm_lines(orgmap.load(SOURCES["bundled"], cache=False)) == ftm_lines(
        orgmap.load(SOURCES["bundled"], cache=False))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_selection_options(tmp_path: Path, case: dict[str, Any]) -> None:
    assert export_text("ftm", tmp_path / "selection.ftm.json", case) == ftm_lines(chosen(case))


def test_ended_by_and_the_new_relation_types() -> None:
    dataset = orgmap.load(SOURCES["export"], cache=False)
    items = {item["id"]: item for item in entities(dataset)}
    former = next(e for e in dataset.edges if e.ended_by is not None)
    assert items[ftm_id(former.id or "")]["properties"]["status"] == [
        f"ended by {former.ended_by}"]
    spoke = items[ftm_id(next(e.id for e in dataset.edges if e.type == "spoke_at") or "")]
    assert spoke["schema"] == "UnknownLink"
    assert spoke["properties"]["role"] == ["spoke at"]
    about = next(e for e in dataset.edges if e.type == "about")
    item = items[ftm_id(about.id or "")]
    assert item["schema"] == "Documentation"
    assert item["properties"]["document"] == [ftm_id(about.source)]
    assert item["properties"]["entity"] == [ftm_id(about.target)]
