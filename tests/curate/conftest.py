"""Copies of real datasets to write into: the bundled data and the small good fixture."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
BUNDLED = ROOT / "data"
GOOD = ROOT / "tests" / "fixtures" / "good"


def copy_of(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("entities.yaml", "edges.yaml"):
        shutil.copyfile(source / name, target / name)
    return target


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    return copy_of(BUNDLED, tmp_path / "bundled")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return copy_of(GOOD, tmp_path / "good")


def _snapshot(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data.iterdir()) if p.is_file()}


@pytest.fixture
def snapshot():
    """Every file's bytes in a directory, to check that a refused command changed nothing."""
    return _snapshot
