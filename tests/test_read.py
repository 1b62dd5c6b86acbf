"""Reading: bytes to Python lists, and every problem placed at its line and column.

Each bad input is a real file under fixtures/bad/ (read_*.yaml); the tests call
data/read.py directly, so they pin down the reader itself, whatever validation does
with its output afterwards.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orgmap import DataError, Problem
from orgmap.data.read import decode, locate, parse_list, read_bytes, read_text, suspect

BAD = Path(__file__).parent / "fixtures" / "bad"
GOOD = Path(__file__).parent / "fixtures" / "read"


def problems_of(name: str) -> list[Problem]:
    """The problems reading and parsing the named bad file raises (it must raise)."""
    path = BAD / name
    with pytest.raises(DataError) as caught:
        parse_list(read_text(path, name), name)
    return caught.value.problems


def test_a_utf8_byte_order_mark_is_accepted_and_dropped() -> None:
    text = read_text(BAD / "read_bom.yaml", "read_bom.yaml")
    assert not text.startswith("\ufeff")
    assert parse_list(text, "read_bom.yaml") == [{"id": "cac", "name": "国家互联网信息办公室"}]


@pytest.mark.parametrize("name", ["read_utf16le.yaml", "read_utf16be.yaml"])
def test_utf16_is_rejected_at_line_one(name: str) -> None:
    [problem] = problems_of(name)
    assert "UTF-16" in problem.message
    assert (problem.file, problem.line, problem.column) == (name, 1, 1)
    assert "UTF-8" in problem.hint


def test_a_byte_that_is_not_utf8_is_placed_exactly() -> None:
    [problem] = problems_of("read_latin1.yaml")
    assert problem.message == "byte 0xe9 is not UTF-8"
    # Line 4 is "  name: Central Propaganda Département": the é is its 29th character.
    assert (problem.line, problem.column) == (4, 29)


def test_a_duplicate_key_is_located_with_the_first_occurrence() -> None:
    [problem] = problems_of("read_duplicate_key.yaml")
    assert problem.message == "duplicate key 'name' (first at line 7)"
    assert (problem.line, problem.column) == (9, 3)


def test_anchors_and_aliases_are_rejected_where_they_stand() -> None:
    problems = problems_of("read_anchors_aliases.yaml")
    assert [(p.message, p.line, p.column) for p in problems] == [
        ("anchor '&cat' is not allowed", 3, 13),
        ("alias '*cat' is not allowed", 7, 13),
    ]


def test_a_second_document_is_rejected_at_its_marker() -> None:
    [problem] = problems_of("read_two_documents.yaml")
    assert "second YAML document" in problem.message
    assert (problem.line, problem.column) == (3, 1)


@pytest.mark.parametrize("name", ["read_comments_only.yaml", "read_zero_bytes.yaml"])
def test_an_empty_file_says_so(name: str) -> None:
    [problem] = problems_of(name)
    assert problem.message == "the file is empty"
    assert (problem.line, problem.column) == (1, 1)


def test_a_top_level_mapping_is_not_a_list() -> None:
    [problem] = problems_of("read_top_level_mapping.yaml")
    assert problem.message == "the top level is a mapping, not a list"
    assert (problem.line, problem.column) == (1, 1)


def test_a_syntax_error_is_placed() -> None:
    [problem] = problems_of("read_syntax_error.yaml")
    assert problem.message.startswith("YAML syntax error")
    assert problem.line == 3


def test_values_are_not_retyped_behind_the_researchers_back() -> None:
    [item] = parse_list(read_text(BAD / "read_retyped_values.yaml", "x"), "x")
    assert item["name"] == "NO"  # not False
    assert item["answer"] == "yes" and item["switch"] == "on"  # not True
    assert item["code"] == 123  # the number YAML 1.2 reads, not octal 83
    assert item["time"] == "12:30"  # not 750 seconds
    assert item["day"] == "2018-03-05"  # text, not a datetime.date


def test_ampersands_and_dashes_inside_text_are_not_anchors_or_documents() -> None:
    text = read_text(GOOD / "ampersands_and_dashes.yaml", "x")
    items = parse_list(text, "x")  # the precheck is wary of '&amp;'; the full scan clears it
    assert items[0]["aliases"] == ["R&D", "S&T"]
    assert items[0]["note"] == "a --- b"
    assert items[1]["name"] == "--- quoted"
    assert items[1]["description"] == "Tom&Jerry &amp; co"


@pytest.mark.parametrize("text", [
    "---\n- a: 1\n", "- a: 1\n---\n- b: 2\n", "- a: 1\n...\n", "- a: 1\n--- \n",
    "- a: &x 1\n", "- [&x 1]\n", "- {a: &x 1}\n", "- &x\n  a: 1\n", "&top\n- a: 1\n",
])
def test_the_cheap_precheck_sends_anchors_and_documents_to_the_full_scan(text: str) -> None:
    assert suspect(text)


@pytest.mark.parametrize("text", [
    "- a: R&D\n", "- a: x & y\n", "- a: '&'\n", "- a: ---x\n", "-----\n", "- a: x\n ---\n",
    "- a: [b&c]\n", "- a: & \n",
])
def test_the_cheap_precheck_passes_ordinary_text(text: str) -> None:
    assert not suspect(text)


def test_the_precheck_agrees_with_the_pattern_it_replaces() -> None:
    pattern = re.compile(r"^(?:---|\.\.\.)(?:\s|$)|(?:^|[\s\[{,:-])&[^\s,\]}]", re.MULTILINE)
    pieces = ["-", ".", "&", "\n", " ", "a", ",", "]", "}", "[", "{", ":", "\t"]
    texts = [a + b + c + d for a in pieces for b in pieces for c in pieces for d in pieces]
    assert [t for t in texts if suspect(t) != bool(pattern.search(t))] == []


def test_locate_finds_values_and_keys() -> None:
    text = read_text(BAD / "read_duplicate_key.yaml", "x")
    positions = locate(text)
    assert positions.find((1, "category")) == (8, 13)
    assert positions.find((1, "category"), "key") == (8, 3)
    assert positions.find((1, "nonexistent")) == (5, 3)  # falls back to the item


def test_a_missing_file_is_reported_not_raised_as_oserror(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        read_bytes(tmp_path / "entities.yaml", "entities.yaml")
    assert caught.value.problems[0].message == "file not found"


def test_decode_and_read_text_agree() -> None:
    path = BAD / "read_bom.yaml"
    assert decode(path.read_bytes(), "x") == read_text(path, "x")
