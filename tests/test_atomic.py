"""Atomic writes: the old file survives a failed write and no temporary file is left."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import orgmap
from orgmap import atomic, write_all, write_atomic
from orgmap.data.selection import select

FIXTURE = Path(__file__).parent / "fixtures" / "export"


def test_text_is_written_as_utf8_without_bom_or_newline_translation(tmp_path: Path) -> None:
    target = write_atomic(tmp_path / "a.txt", "网信办\nline two\n")
    assert target.read_bytes() == "网信办\nline two\n".encode()
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"


def test_missing_directories_are_created(tmp_path: Path) -> None:
    target = write_atomic(tmp_path / "deep" / "er" / "file.txt", "x")
    assert target.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_write_keeps_the_old_file_and_leaves_no_temp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    target = tmp_path / "orgmap.graphml"
    target.write_text("old content", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, broken)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new content")
    assert target.read_text(encoding="utf-8") == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["orgmap.graphml"]


def test_failing_export_leaves_previous_exports_intact(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = orgmap.load(FIXTURE, cache=False)
    write_all(dataset, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_replace = os.replace
    calls: list[str] = []

    def third_replace_fails(src: str, dst: str) -> None:
        calls.append(Path(dst).name)
        if len(calls) == 3:
            raise OSError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", third_replace_fails)
    people = select(dataset, kinds=["person"])
    with pytest.raises(OSError, match="Permission denied"):
        write_all(people, tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert calls[:3] == ["orgmap.graphml", "orgmap.gexf", "nodes.csv"]
    assert after == before, "every previous export intact, no temporary file left"


def test_new_files_get_ordinary_permissions(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_existing_files_keep_their_permissions(tmp_path: Path) -> None:
    target = tmp_path / "private.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == "new"


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "orgmap.html"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "orgmap.html"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomic(fifo, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
