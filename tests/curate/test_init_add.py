"""`orgmap init` and `orgmap add`: a dataset that validates, items appended in canonical
form after validating the whole dataset, the rest of the file untouched."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import orgmap
from orgmap.cli import app

runner = CliRunner()


def invoke(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_init_writes_a_dataset_that_validates_and_is_formatted(tmp_path: Path) -> None:
    target = tmp_path / "mydata"
    result = invoke("init", str(target))
    assert result.exit_code == 0, result.output
    assert {p.name for p in target.iterdir()} == {"entities.yaml", "edges.yaml", "README.md"}
    data = orgmap.load(target, cache=False)
    assert data.warnings == []
    assert {e.kind for e in data.entities.values()} == {"organization", "person", "document"}
    role = next(e for e in data.edges if e.type == "role")
    assert str(role.start) == "2018" and role.sources[0].locator
    assert "docs/data-format.md" in (target / "README.md").read_text(encoding="utf-8")
    assert invoke("fmt", "--check", "--data", str(target)).exit_code == 0


def test_init_never_overwrites(tmp_path: Path, snapshot) -> None:
    (tmp_path / "edges.yaml").write_text("# mine\n", encoding="utf-8")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 2
    assert "edges.yaml already exists" in result.output
    assert snapshot(tmp_path) == {"edges.yaml": b"# mine\n"}


def test_add_entity_appends_canonical_item_and_keeps_the_rest(bundled: Path) -> None:
    entities = bundled / "entities.yaml"
    before = entities.read_bytes()
    result = invoke("add", "entity", "--data", str(bundled), "--set", "id=li-example",
                    "--set", "kind=person", "--set", "name=Li Example", "--set",
                    "name_zh=李示例", "--set", "aliases=Li E.", "--set", "aliases=NO")
    assert result.exit_code == 0, result.output
    after = entities.read_bytes()
    assert after.startswith(before.rstrip(b"\n") + b"\n\n")
    assert after[len(before.rstrip(b"\n")) + 2:].decode() == (
        "- id: li-example\n  kind: person\n  name: Li Example\n  name_zh: 李示例\n"
        "  aliases:\n    - Li E.\n    - \"NO\"\n")
    assert orgmap.load(bundled, cache=False).entities["li-example"].aliases == ("Li E.", "NO")


def test_add_edge_resolves_chinese_names_and_cites_with_locator(good: Path) -> None:
    result = invoke("add", "edge", "--data", str(good), "--set", "from=庄荣文", "--set",
                    "to=CPD", "--set", "type=member", "--set", "start=2014", "--set",
                    "source=brief", "--set", "locator=note 12")
    assert result.exit_code == 0, result.output
    assert (good / "edges.yaml").read_text(encoding="utf-8").endswith(
        "\n\n- from: zhuang-rongwen\n  to: cpd\n  type: member\n  start: \"2014\"\n"
        "  sources:\n    - ref: brief\n      locator: note 12\n")


def test_add_reads_json_from_standard_input(good: Path) -> None:
    item = {"id": "new-body", "kind": "organization", "name": "New Body"}
    result = invoke("add", "entity", "--data", str(good), stdin=json.dumps(item))
    assert result.exit_code == 0, result.output
    assert "new-body" in orgmap.load(good, cache=False).entities


def test_add_refuses_an_invalid_item_and_writes_nothing(good: Path, snapshot) -> None:
    before = snapshot(good)
    result = invoke("add", "edge", "--data", str(good), "--set", "from=cac", "--set",
                    "to=cpd", "--set", "type=membr", "--set", "sources=brief")
    assert result.exit_code == 1
    assert "(the new edge): type: unknown relation type 'membr' (did you mean 'member'?)" \
        in result.output
    unknown = invoke("add", "entity", "--data", str(good), "--set", "nmae=X")
    assert unknown.exit_code == 2 and "unknown field 'nmae' (did you mean 'name'?)" \
        in unknown.output
    nobody = invoke("add", "edge", "--data", str(good), "--set", "from=Nobody", "--set",
                    "to=cac", "--set", "type=member")
    assert nobody.exit_code == 2 and "no entity called 'Nobody'" in nobody.output
    assert snapshot(good) == before


def test_add_keeps_comments_of_the_file(bundled: Path) -> None:
    edges = bundled / "edges.yaml"
    text = "# top comment\n" + edges.read_text(encoding="utf-8").replace(
        "type: issued", "type: issued  # eol", 1) + "# closing comment\n"
    edges.write_text(text, encoding="utf-8")
    result = invoke("add", "edge", "--data", str(bundled), "--set", "from=cac", "--set",
                    "to=central-propaganda-department", "--set", "type=affiliated",
                    "--set", "note=test", "--set", "start=2001", "--set",
                    "sources=aspi-2021-chinas-cyber-vision")
    assert result.exit_code == 0, result.output
    assert edges.read_text(encoding="utf-8").startswith(text)
