"""The Popolo export against the Popolo project's own JSON schemas.

The schemas in tests/fixtures/popolo-schemas are popolo-spec's, unchanged (JSON
Schema draft 3; see the README there for their origin and licence). Every person,
organization and membership is validated with Draft3Validator against the
schema for its class, each `$ref` resolved from the vendored files only: a
reference to anything else fails the test instead of being fetched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

import orgmap
from orgmap.export.popolo import popolo_document, popolo_text
from orgmap.vocab import ORGANIZATION, PERSON, ROLE_TYPES
from selections import CASES, IDS, chosen, export_text

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")
from referencing.exceptions import NoSuchResource  # noqa: E402
from referencing.jsonschema import DRAFT3  # noqa: E402

REPOSITORY = Path(__file__).parent.parent
SOURCES = {"bundled": REPOSITORY / "data", "export": REPOSITORY / "tests/fixtures/export",
           "injection": REPOSITORY / "tests/fixtures/html/injection"}
SCHEMAS = REPOSITORY / "tests/fixtures/popolo-schemas"
SCHEMA_ID = "http://www.popoloproject.com/schemas/{}.json#"
CLASSES = {"persons": "person", "organizations": "organization", "memberships": "membership"}
# The one property orgmap writes beyond the schemas: an other name's language, as
# EveryPolitician's Popolo data writes it (the schemas allow extra properties).
EXTENSIONS = {"other_name": {"lang"}}
runner = CliRunner()


def _refuse(uri: str) -> Any:
    """The registry's retriever: a reference outside the vendored schemas fails
    the validation (and so the test) rather than reaching the network."""
    raise NoSuchResource(ref=uri)


def _vendored() -> dict[str, dict[str, Any]]:
    schemas = {}
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[schema["id"]] = schema
    return schemas


VENDORED = _vendored()
REGISTRY = referencing.Registry(retrieve=_refuse).with_resources(
    (uri.rstrip("#"), DRAFT3.create_resource(schema)) for uri, schema in VENDORED.items())


def validator(name: str) -> Any:
    schema = VENDORED[SCHEMA_ID.format(name)]
    return jsonschema.Draft3Validator(schema, registry=REGISTRY,
                                      format_checker=jsonschema.Draft3Validator.FORMAT_CHECKER)


def schema_errors(document: dict[str, Any]) -> list[str]:
    errors = []
    for key, name in CLASSES.items():
        check = validator(name)
        for item in document[key]:
            errors += [f"{key} {item.get('id')} {list(e.absolute_path)}: {e.message}"
                       for e in check.iter_errors(item)]
    return errors


@pytest.fixture(scope="module", params=list(SOURCES))
def exported(request: pytest.FixtureRequest) -> tuple[orgmap.Dataset, dict[str, Any]]:
    dataset = orgmap.load(SOURCES[request.param], cache=False)
    return dataset, json.loads(popolo_text(dataset))


def test_every_item_passes_the_popolo_schemas(
        exported: tuple[orgmap.Dataset, dict[str, Any]]) -> None:
    _, document = exported
    assert sorted(document) == sorted(CLASSES)
    assert all(document[key] for key in CLASSES)
    assert schema_errors(document) == []


def test_every_property_written_is_one_popolo_defines(
        exported: tuple[orgmap.Dataset, dict[str, Any]]) -> None:
    """The schemas allow any extra property; a misspelt key must still fail."""
    _, document = exported
    for key, name in CLASSES.items():
        defined = set(VENDORED[SCHEMA_ID.format(name)]["properties"])
        for item in document[key]:
            assert set(item) <= defined, (key, item["id"], set(item) - defined)
            for nested, schema in (("other_names", "other_name"), ("links", "link"),
                                   ("sources", "link"), ("identifiers", "identifier")):
                allowed = set(VENDORED[SCHEMA_ID.format(schema)]["properties"])
                allowed |= EXTENSIONS.get(schema, set())
                for value in item.get(nested, []):
                    assert set(value) <= allowed, (key, item["id"], nested, value)


def test_the_schemas_catch_what_they_should() -> None:
    """The validation is live: a bad date, a link without a URL, a URL that is no
    URI and an unvendored reference are all refused, the last without a fetch."""
    assert list(validator("membership").iter_errors({"start_date": "2015-1"}))
    assert list(validator("person").iter_errors({"links": [{"note": "no url"}]}))
    assert list(validator("person").iter_errors({"sources": [{"url": "http://a b/"}]}))
    elsewhere = {"$schema": "http://json-schema.org/draft-03/schema#",
                 "properties": {"x": {"$ref": "http://example.org/elsewhere.json#"}}}
    check = jsonschema.Draft3Validator(elsewhere, registry=REGISTRY)
    with pytest.raises(referencing.exceptions.Unresolvable):
        check.validate({"x": 1})


def test_urls_become_uris_without_losing_what_they_say(
        exported: tuple[orgmap.Dataset, dict[str, Any]]) -> None:
    """A curated URL with quotes, spaces or Chinese characters is an IRI, not a
    URI: the export percent-encodes those characters (RFC 3987, 3.1), and
    decoding gives the curated URL back."""
    dataset, document = exported
    for key in ("persons", "organizations"):
        for item in document[key]:
            if "links" in item:
                (link,) = item["links"]
                assert unquote(link["url"]) == dataset.entities[item["id"]].url
    if "evil-body" in dataset.entities:
        (body,) = [o for o in document["organizations"] if o["id"] == "evil-body"]
        assert body["links"] == [
            {"url": "https://example.org/%22%3E%3Cscript%3Ewindow.__pwned='url'%3C/script%3E"}]



def test_people_bodies_and_memberships_are_all_there(
        exported: tuple[orgmap.Dataset, dict[str, Any]]) -> None:
    dataset, document = exported
    kinds = {"persons": PERSON, "organizations": ORGANIZATION}
    for key, kind in kinds.items():
        assert [p["id"] for p in document[key]] == sorted(
            e.id for e in dataset.entities.values() if e.kind == kind)
    members = {e.id for e in dataset.edges if e.type in ROLE_TYPES
               and dataset.entities[e.target].kind == ORGANIZATION
               and dataset.entities[e.source].kind in (PERSON, ORGANIZATION)}
    assert {m["id"] for m in document["memberships"]} == members
    ids = {p["id"] for key in kinds for p in document[key]}
    for membership in document["memberships"]:
        assert membership["organization_id"] in ids
        assert membership.get("person_id", membership.get("member", {}).get("id")) in ids


def test_parent_id_follows_part_of(exported: tuple[orgmap.Dataset, dict[str, Any]]) -> None:
    dataset, document = exported
    bodies = {e.id for e in dataset.entities.values() if e.kind == ORGANIZATION}
    part_of = {}
    for edge in sorted(dataset.edges, key=lambda e: e.id or ""):
        if edge.type == "part_of" and {edge.source, edge.target} <= bodies:
            part_of.setdefault(edge.source, edge.target)
    parents = {o["id"]: o["parent_id"] for o in document["organizations"] if "parent_id" in o}
    assert parents == part_of


def test_names_dates_and_roles() -> None:
    dataset = orgmap.load(SOURCES["export"], cache=False)
    document = popolo_document(dataset)
    cac = next(o for o in document["organizations"] if o["id"] == "cac")
    entity = dataset.entities["cac"]
    assert {"name": entity.name_zh, "lang": "zh"} in cac["other_names"]
    assert {n["name"] for n in cac["other_names"]} == {entity.name_zh, *entity.aliases}
    assert cac["founding_date"] == str(entity.start)
    memberships = {m["id"]: m for m in document["memberships"]}
    for edge in dataset.edges:
        if edge.id in memberships:
            found = memberships[edge.id]
            assert found.get("role") == (edge.role or edge.role_zh)
            assert found.get("start_date") == (str(edge.start) if edge.start else None)
            assert found.get("end_date") == (str(edge.end) if edge.end else None)


def test_same_data_same_bytes() -> None:
    assert popolo_text(orgmap.load(SOURCES["bundled"], cache=False)) == popolo_text(
        orgmap.load(SOURCES["bundled"], cache=False))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_selection_options(tmp_path: Path, case: dict[str, Any]) -> None:
    written = export_text("popolo", tmp_path / "selection.popolo.json", case)
    assert written == popolo_text(chosen(case))


def test_a_former_role_has_no_invented_end() -> None:
    """`ended_by` is a bound, not an end date: Popolo has no place for it."""
    dataset = orgmap.load(SOURCES["export"], cache=False)
    former = next(e for e in dataset.edges if e.ended_by is not None)
    (membership,) = [m for m in popolo_document(dataset)["memberships"] if m["id"] == former.id]
    assert "end_date" not in membership
