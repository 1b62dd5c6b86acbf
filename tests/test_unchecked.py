"""The pydantic shortcuts (orgmap.data.unchecked) still make models pydantic itself would.

They write pydantic's instance layout directly; if an upgrade changes it, these
tests fail before a cached or derived model misbehaves somewhere downstream.
"""

from __future__ import annotations

import copy
import pickle

import pytest

from orgmap import Citation, Edge, Entity
from orgmap.data.unchecked import construct_all, fields_set_of, set_field, values_of

ENTITY = {"id": "cac", "kind": "organization", "name": "Cyberspace Administration of China",
          "name_zh": "国家互联网信息办公室", "aliases": ["CAC"], "start": "2014"}
EDGE = {"from": "zhuang-rongwen", "to": "cac", "type": "role", "role": "Director",
        "as_of": ["2021-11"], "sources": [{"ref": "brief", "locator": "note 9"}]}
CITATION = {"ref": "brief", "locator": "note 9"}


@pytest.mark.parametrize(("model", "raw"), [(Entity, ENTITY), (Edge, EDGE),
                                            (Citation, CITATION)])
def test_a_constructed_model_is_the_validated_one(model: type, raw: dict) -> None:
    validated = model.model_validate(raw)
    built, = construct_all(model, 1, [dict(values_of(validated))],
                           [set(fields_set_of(validated))])
    assert type(built) is model
    assert built == validated
    assert repr(built) == repr(validated)
    assert built.model_fields_set == validated.model_fields_set
    assert built.model_dump(mode="json") == validated.model_dump(mode="json")
    assert built.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)
    assert built.model_copy() == validated
    assert copy.deepcopy(built) == validated
    assert pickle.loads(pickle.dumps(built)) == validated
    assert values_of(validated) is validated.__dict__  # no copy: the cache relies on that


def test_many_models_are_built_in_one_call_each_with_its_own_values() -> None:
    first = Entity.model_validate(ENTITY)
    second = Entity.model_validate({"id": "wic", "kind": "event", "name": "World Internet "
                                    "Conference"})
    built = construct_all(Entity, 2, [dict(values_of(first)), dict(values_of(second))],
                          [set(fields_set_of(first)), set(fields_set_of(second))])
    assert built == [first, second]
    assert built[1].aliases == () and "aliases" not in built[1].model_fields_set


def test_set_field_gives_a_value_and_counts_it_as_set() -> None:
    edge = Edge.model_validate(EDGE)
    assert edge.id is None and "id" not in edge.model_fields_set
    set_field(edge, "id", "zhuang-rongwen--role--cac")
    assert edge.id == "zhuang-rongwen--role--cac"
    assert "id" in edge.model_fields_set
    assert edge.model_dump(exclude_unset=True)["id"] == "zhuang-rongwen--role--cac"
    assert edge == Edge.model_validate({**EDGE, "id": "zhuang-rongwen--role--cac"})
