"""The Popolo export against the Popolo data specification's JSON structure.

The schemas below state, in JSON Schema, what the Popolo specification
(popoloproject.com, specs for Person, Organization, Membership, Other name,
Identifier and Link) requires of the properties orgmap writes: their types, the
date pattern of `start_date`/`end_date`/`founding_date`/`dissolution_date`, the
required `url` of a link and `name` of an other name, and a membership's
member and organization. Unknown properties are refused, so a misspelt key
fails too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import orgmap
from orgmap.export.popolo import popolo_document, popolo_text
from orgmap.vocab import ORGANIZATION, PERSON, ROLE_TYPES
from selections import CASES, IDS, chosen, export_text

jsonschema = pytest.importorskip("jsonschema")

REPOSITORY = Path(__file__).parent.parent
SOURCES = {"bundled": REPOSITORY / "data", "export": REPOSITORY / "tests/fixtures/export",
           "injection": REPOSITORY / "tests/fixtures/html/injection"}
runner = CliRunner()

DATE = {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}){0,2}$"}
TEXT = {"type": "string"}
LINK = {"type": "object", "required": ["url"], "additionalProperties": False,
        "properties": {"url": {"type": "string", "format": "uri"}, "note": TEXT}}
OTHER_NAME = {"type": "object", "required": ["name"], "additionalProperties": False,
              "properties": {"name": TEXT, "lang": TEXT, "note": TEXT,
                             "start_date": DATE, "end_date": DATE}}
IDENTIFIER = {"type": "object", "required": ["identifier"], "additionalProperties": False,
              "properties": {"identifier": TEXT, "scheme": TEXT}}
COMMON = {"id": TEXT, "name": TEXT,
          "other_names": {"type": "array", "items": OTHER_NAME},
          "identifiers": {"type": "array", "items": IDENTIFIER},
          "links": {"type": "array", "items": LINK},
          "sources": {"type": "array", "items": LINK}}
PERSON_SCHEMA = {"type": "object", "required": ["id", "name"], "additionalProperties": False,
                 "properties": {**COMMON, "summary": TEXT, "birth_date": DATE,
                                "death_date": DATE}}
ORGANIZATION_SCHEMA = {"type": "object", "required": ["id", "name"],
                       "additionalProperties": False,
                       "properties": {**COMMON, "classification": TEXT, "parent_id": TEXT,
                                      "founding_date": DATE, "dissolution_date": DATE,
                                      "description": TEXT}}
MEMBERSHIP_SCHEMA = {
    "type": "object", "required": ["id", "organization_id"], "additionalProperties": False,
    "oneOf": [{"required": ["person_id"]}, {"required": ["member"]}],
    "properties": {"id": TEXT, "person_id": TEXT, "organization_id": TEXT, "role": TEXT,
                   "label": TEXT, "start_date": DATE, "end_date": DATE,
                   "sources": {"type": "array", "items": LINK},
                   "member": {"type": "object", "required": ["@type", "id"],
                              "additionalProperties": False,
                              "properties": {"@type": {"enum": ["Person", "Organization"]},
                                             "id": TEXT}}}}
DOCUMENT_SCHEMA = {"type": "object", "required": ["persons", "organizations", "memberships"],
                   "additionalProperties": False,
                   "properties": {"persons": {"type": "array", "items": PERSON_SCHEMA},
                                  "organizations": {"type": "array",
                                                    "items": ORGANIZATION_SCHEMA},
                                  "memberships": {"type": "array", "items": MEMBERSHIP_SCHEMA}}}


@pytest.fixture(scope="module", params=list(SOURCES))
def exported(request: pytest.FixtureRequest) -> tuple[orgmap.Dataset, dict[str, Any]]:
    dataset = orgmap.load(SOURCES[request.param], cache=False)
    return dataset, json.loads(popolo_text(dataset))


def test_structure_follows_the_specification(
        exported: tuple[orgmap.Dataset, dict[str, Any]]) -> None:
    _, document = exported
    validator = jsonschema.Draft202012Validator(
        DOCUMENT_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


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
