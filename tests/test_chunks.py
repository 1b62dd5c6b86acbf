"""Long lists are parsed a chunk at a time; the result never differs from parsing them whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgmap import DataError, load
from orgmap.data import chunks
from orgmap.data.chunks import ChunkedItems, ChunkMismatch, chunked, item_starts, parse_chunk
from orgmap.data.read import parse_list

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
BAD = sorted(p for p in (HERE / "fixtures" / "bad").iterdir() if p.is_dir())


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of three items, for any list of two items or more."""
    monkeypatch.setattr(chunks, "CHUNK", 3)
    monkeypatch.setattr(chunks, "MINIMUM", 2)


def test_items_start_only_at_column_zero() -> None:
    text = ("# people\n- id: a\n  aliases:\n  - x\n  - y\n-\n  id: b\n"
            "- id: c\n  note: \"-1 -- a\n    - b\"\n--- \n-x: 1\n")
    data = text.encode()
    assert [data[i:i + 7] for i in item_starts(data)] == [b"- id: a", b"-\n  id:", b"- id: c"]


def test_chunks_read_as_the_whole_list_and_are_let_go(tiny_chunks: None) -> None:
    text = "".join(f"- id: item-{n}\n  name: \"Item {n}\"\n" for n in range(10))
    items = chunked(text, "x.yaml", text.encode())
    assert isinstance(items, ChunkedItems) and len(items) == 10
    assert items[0:10] == parse_list(text, "x")
    items[0:3] = [None] * 3
    assert items.chunks[0] == []  # every item of the first chunk read: released
    assert items[3:5] == parse_list(text, "x")[3:5]


def test_a_chunk_that_does_not_hold_its_items_is_refused(tiny_chunks: None) -> None:
    with pytest.raises(ChunkMismatch):
        parse_chunk('- note: "open\n')
    data = b"- a\n- b\n- c\n- d\n"
    items = ChunkedItems(data, item_starts(data)[:3], parse_chunk)  # claims 3, holds 4
    with pytest.raises(ChunkMismatch):
        items[0:3]


def test_short_lists_and_other_shapes_are_parsed_whole() -> None:
    for text in ("- id: a\n- id: b\n", "key: value\n"):
        assert chunked(text, "x.yaml", text.encode()) is None


def test_loading_in_chunks_gives_the_same_dataset(tiny_chunks: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    in_chunks = load(DATA, cache=False)
    monkeypatch.setattr(chunks, "MINIMUM", 10**9)
    whole = load(DATA, cache=False)
    assert in_chunks.entities == whole.entities and in_chunks.edges == whole.edges
    assert in_chunks.warnings == whole.warnings


@pytest.mark.parametrize("case", BAD, ids=lambda p: p.name)
def test_bad_files_report_the_same_problems_in_chunks(case: Path, tiny_chunks: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def problems() -> list[str]:
        try:
            load(case, cache=False)
        except DataError as error:
            return [str(p) for p in error.problems]
        return []

    found = problems()
    monkeypatch.setattr(chunks, "MINIMUM", 10**9)
    assert found == problems()
