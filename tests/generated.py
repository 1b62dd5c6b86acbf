"""Generated datasets for tests, written by the benchmarks' own generator, so the tests
that compare two ways of answering run on data shaped like a real map at any size."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402


def write_generated(directory: Path, people: int, seed: int,
                    edit_edges: Callable[[str], str] | None = None) -> Path:
    """`entities.yaml` and `edges.yaml` of `people` generated people in `directory`;
    `edit_edges` may rewrite the edges' text first (to add fields the generator leaves out)."""
    entities, edges = generate(people, seed)
    (directory / "entities.yaml").write_text(entities, encoding="utf-8")
    (directory / "edges.yaml").write_text(edit_edges(edges) if edit_edges else edges,
                                          encoding="utf-8")
    return directory


def with_ended_by(edges: str, every: int = 7) -> str:
    """The edges' text with `ended_by: 2099` on every `every`-th relation that has no end:
    the generator writes no `ended_by`, which the date rules treat apart."""
    return "\n- ".join(_ended_by_blocks(edges.split("\n- "), every))


def _ended_by_blocks(blocks: list[str], every: int) -> list[str]:
    return [block.rstrip("\n") + "\n  ended_by: 2099\n"
            if index and index % every == 0 and "\n  end:" not in block
            and "\n  ended_by:" not in block else block
            for index, block in enumerate(blocks)]
