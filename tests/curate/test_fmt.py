"""`orgmap fmt`: one canonical layout, comments kept, idempotent, never a repair."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

import orgmap
from orgmap.cli import app
from orgmap.curate.fmt import format_text

runner = CliRunner()


def fmt(data: Path, *args: str):
    return runner.invoke(app, ["fmt", "--data", str(data), *args])


def test_bundled_data_round_trips(bundled: Path, snapshot) -> None:
    before = orgmap.load(bundled, cache=False)
    result = fmt(bundled)
    assert result.exit_code == 0, result.output
    first = snapshot(bundled)
    again = fmt(bundled)
    assert again.exit_code == 0 and "already formatted" in again.output
    assert snapshot(bundled) == first  # a second fmt changes no byte
    after = orgmap.load(bundled, cache=False)
    assert after.entities == before.entities
    assert after.edges == before.edges
    assert [e.id for e in after.edges] == [e.id for e in before.edges]


def test_comments_above_at_line_end_and_between_items_survive(bundled: Path) -> None:
    edges = bundled / "edges.yaml"
    text = edges.read_text(encoding="utf-8")
    first_item = text.index("- from:")
    second_item = text.index("\n- from:", first_item) + 1
    text = (text[:first_item] + "# a comment above the first edge\n"
            + text[first_item:second_item].replace("type: issued", "type: issued  # why", 1)
            + "# a comment between items\n\n" + text[second_item:])
    edges.write_text(text, encoding="utf-8")
    assert fmt(bundled).exit_code == 0
    lines = edges.read_text(encoding="utf-8").splitlines()
    above = lines.index("# a comment above the first edge")
    assert lines[above + 1].startswith("- from: ")
    assert "  type: issued  # why" in lines
    between = lines.index("# a comment between items")
    assert lines[between + 1] == "" and lines[between + 2].startswith("- from: ")


def test_keys_reordered_with_their_comments() -> None:
    text = """\
# header

- name: Cyberspace Administration   # the name
  # above id
  id: cac
  kind: organization
  aliases: [CAC, 网信办]   # short names
  start: 2014

# --- people ---
- kind: person
  name: Xu Lin
  id: xu-lin
"""
    assert format_text(text, "entities") == """\
# header

# above id
- id: cac
  kind: organization
  name: Cyberspace Administration   # the name
  aliases:
    - CAC
    - 网信办 # short names
  start: "2014"

# --- people ---
- id: xu-lin
  kind: person
  name: Xu Lin
"""


def test_quotes_exactly_what_a_yaml_1_1_or_1_2_reader_would_retype() -> None:
    text = """\
- from: a
  to: b
  type: role
  role: "NO"
  role_zh: 主任
  start: "2021-05"
  end: '2022-01-03'
  as_of: ["on", "~", "1e3", "0x7E5", "2019", "Deputy", "12:30"]
  note: "plain text: needs quotes for the colon"
  sources: ['y']
"""
    out = format_text(text, "edges")
    assert out == """\
- from: a
  to: b
  type: role
  role: "NO"
  role_zh: 主任
  start: 2021-05
  end: 2022-01-03
  as_of:
    - "on"
    - "~"
    - "1e3"
    - "0x7E5"
    - "2019"
    - Deputy
    - "12:30"
  sources:
    - "y"
  note: "plain text: needs quotes for the colon"
"""
    item = yaml.safe_load(out)[0]  # PyYAML reads YAML 1.1
    assert item["role"] == "NO" and item["as_of"][:5] == ["on", "~", "1e3", "0x7E5", "2019"]
    assert item["sources"] == ["y"] and item["as_of"][6] == "12:30"
    assert format_text(out, "edges") == out


def test_sort_orders_items_and_keeps_their_comments() -> None:
    text = "- id: b\n  kind: person\n  name: B\n\n# about a\n- id: a\n  kind: person\n  name: A\n"
    assert format_text(text, "entities", sort=True) == (
        "# about a\n- id: a\n  kind: person\n  name: A\n"
        "- id: b\n  kind: person\n  name: B\n")
    assert format_text(text, "entities") == text


def test_check_lists_files_and_changes_nothing(good: Path, snapshot) -> None:
    before = snapshot(good)
    result = fmt(good, "--check")
    assert result.exit_code == 1
    assert "would reformat" in result.output and "edges.yaml" in result.output
    assert snapshot(good) == before
    assert fmt(good).exit_code == 0
    assert fmt(good, "--check").exit_code == 0


def test_invalid_data_is_refused_untouched(good: Path, snapshot) -> None:
    edges = good / "edges.yaml"
    edges.write_text(edges.read_text(encoding="utf-8").replace("type: role", "type: rol", 1),
                     encoding="utf-8")
    before = snapshot(good)
    result = fmt(good)
    assert result.exit_code == 1
    assert "unknown relation type 'rol' (did you mean 'role'?)" in result.output
    assert snapshot(good) == before
