"""The documentation stays true: its complete example validates, its tables match the vocabulary."""

from __future__ import annotations

import re
from pathlib import Path

import orgmap
from orgmap import Edge, Entity
from orgmap.vocab import KINDS, RELATIONS, kinds_phrase

DOCS = Path(__file__).parent.parent / "docs"
FORMAT = (DOCS / "data-format.md").read_text(encoding="utf-8")


def example_block(name: str) -> str:
    match = re.search(rf"#### {re.escape(name)}\n\n```yaml\n(.*?)```", FORMAT, re.DOTALL)
    assert match, f"no example for {name}"
    return match.group(1)


def test_complete_example_validates_strictly(tmp_path: Path) -> None:
    for name in ("entities.yaml", "edges.yaml"):
        (tmp_path / name).write_text(example_block(name), encoding="utf-8")
    data = orgmap.load(tmp_path, cache=False)
    assert data.warnings == []
    assert {e.type for e in data.edges} >= {"role", "part_of", "organizes", "issued"}


def test_every_field_is_documented() -> None:
    fields = {f.alias or n for n, f in [*Entity.model_fields.items(), *Edge.model_fields.items()]}
    for field in fields:
        assert f"`{field}`" in FORMAT, field


def test_relation_table_matches_the_vocabulary() -> None:
    for name, relation in RELATIONS.items():
        row = re.search(rf"^\| `{name}` \| ([^|]+) \| ([^|]+) \|", FORMAT, re.MULTILINE)
        assert row, f"{name} missing from the relation table"
        documented_from = row.group(1).strip()
        if relation.same_kind:
            assert documented_from == "any"
            continue
        expected_from = kinds_phrase(relation.from_kinds).replace(" or ", ", ")
        expected_to = kinds_phrase(relation.to_kinds).replace(" or ", ", ")
        assert documented_from == expected_from.replace("any kind", "any"), name
        assert row.group(2).strip() == expected_to.replace("any kind", "any"), name


def test_every_kind_is_documented() -> None:
    for kind in KINDS:
        assert f"`{kind}`" in FORMAT


def test_every_relation_type_has_its_own_style() -> None:
    from orgmap.style import EDGE_STYLES

    assert set(EDGE_STYLES) == set(RELATIONS)
