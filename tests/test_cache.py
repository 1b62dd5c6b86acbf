"""The cache of validated datasets: keyed by content, never stale, safe when broken or raced.

Every test runs with its own empty cache directory (conftest.isolated_cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import orgmap.data.read
from orgmap import DataError, Dataset, load
from orgmap.cli import app
from orgmap.data import cache, fingerprints

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the good fixture that a test may edit."""
    folder = tmp_path / "data"
    shutil.copytree(GOOD, folder)
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every YAML parse, so a test can tell a cache hit from a miss."""
    seen: list[str] = []
    real = orgmap.data.read.parse_list

    def counting(text: str, display: str, **kwargs: Any) -> list:
        seen.append(display)
        return real(text, display, **kwargs)

    monkeypatch.setattr(orgmap.data.read, "parse_list", counting)
    return seen


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.orgmap-cache"))


def same_dataset(a, b) -> bool:
    return (a.entities == b.entities and a.edges == b.edges and a.warnings == b.warnings
            and [e.model_fields_set for e in a.edges] == [e.model_fields_set for e in b.edges])


def test_identical_bytes_are_a_hit(data: Path, parses: list[str], isolated_cache: Path) -> None:
    first = load(data)
    assert len(parses) == 2 and len(entries(isolated_cache)) == 1
    second = load(data)
    assert len(parses) == 2  # nothing parsed the second time
    assert same_dataset(first, second)


def test_a_hit_rebuilds_models_that_behave_like_validated_ones(data: Path) -> None:
    cold = load(data)
    warm = load(data)
    edge = warm.edges[0]
    assert type(edge) is type(cold.edges[0])
    assert edge.model_dump() == cold.edges[0].model_dump()
    assert edge.span == cold.edges[0].span and edge.directed == cold.edges[0].directed
    edge.note = "checked"
    assert "note" in edge.model_fields_set
    assert "note" not in warm.edges[1].model_fields_set  # each model has its own set
    assert str(warm.edges[0].sources[0]) == str(cold.edges[0].sources[0])
    assert warm.origin == str(data)


def test_a_hit_gives_the_same_graph(data: Path) -> None:
    cold = load(data, cache=False).graph
    load(data)
    warm = load(data).graph
    assert list(cold.nodes(data=True)) == list(warm.nodes(data=True))
    assert list(cold.edges(keys=True, data=True)) == list(warm.edges(keys=True, data=True))


def edit_keeping_size_and_mtime(path: Path) -> None:
    """Change one letter of `path` in place and set its mtime back (ctime moves)."""
    stamp = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace("role: Director", "role: Directer")
    assert len(edited) == len(text) and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (stamp.st_size, stamp.st_mtime_ns)


def test_an_edit_is_a_miss_even_with_the_same_size_and_mtime(data: Path,
                                                             parses: list[str]) -> None:
    edges = data / "edges.yaml"
    load(data)
    edit_keeping_size_and_mtime(edges)
    reloaded = load(data)
    assert len(parses) == 4
    assert reloaded.edges[0].role == "Directer"


def test_options_that_change_validation_are_part_of_the_key(tmp_path: Path) -> None:
    folder = tmp_path / "unsourced"
    shutil.copytree(FIXTURES / "bad" / "unsourced_edge", folder)
    (folder / "expected.txt").unlink()
    assert load(folder, allow_unsourced=True).edges
    with pytest.raises(DataError):
        load(folder)  # the lenient result cached above must not be served here


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "edge row"])
def test_a_corrupt_entry_is_rebuilt_transparently(data: Path, isolated_cache: Path,
                                                  parses: list[str], damage: str) -> None:
    expected = load(data)
    [entry] = entries(isolated_cache)
    blob = entry.read_bytes()
    broken = {
        "garbage": b"not a cache entry at all",
        "truncated": blob[:len(blob) // 2],
        # One letter of a name changed: still well-formed, so only the checksum can tell.
        "flipped": blob.replace(b"Zhuang Rongwen", b"Zhuang Rongwan"),
        "empty": b"",
        # One byte in the middle of the edges' rows, which every question reads.
        "edge row": _flip_byte_of(blob, "edges.rows"),
    }[damage]
    assert broken != blob
    entry.write_bytes(broken)
    assert same_dataset(load(data), expected)
    assert len(parses) == 4  # the broken entry was not used
    assert entry.read_bytes() == blob  # and was written again, whole
    assert same_dataset(load(data), expected)
    assert len(parses) == 4


def _flip_byte_of(blob: bytes, section: str) -> bytes:
    """The entry with one byte in the middle of `section` changed."""
    body = len(blob) - len(cache.decode(blob).data)
    start, length = cache.decode(blob).places[section]
    at = body + start + length // 2
    return blob[:at] + bytes([blob[at] ^ 0x20]) + blob[at + 1:]


def test_orgmap_no_cache_is_honoured(data: Path, isolated_cache: Path, parses: list[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    load(data)
    monkeypatch.setenv("ORGMAP_NO_CACHE", "1")
    load(data)
    assert len(parses) == 4  # not read from the cache
    shutil.rmtree(isolated_cache)
    load(data)
    assert not isolated_cache.exists()  # nor written to it


def test_the_no_cache_option_is_honoured(data: Path, isolated_cache: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["validate", "--data", str(data), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert entries(isolated_cache) == []
    result = runner.invoke(app, ["validate", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert len(entries(isolated_cache)) == 1


def test_a_cache_that_cannot_be_written_does_not_fail_the_load(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("ORGMAP_CACHE_DIR", str(blocker / "cache"))
    assert load(data).edges


def test_only_the_newest_entries_are_kept(data: Path, isolated_cache: Path) -> None:
    edges = data / "edges.yaml"
    original = edges.read_text(encoding="utf-8")
    for number in range(cache.KEEP_ENTRIES + 3):
        edges.write_text(original + f"# version {number}\n", encoding="utf-8")
        load(data)
    assert len(entries(isolated_cache)) == cache.KEEP_ENTRIES
    assert load(data).edges  # the newest is still there


WRITER = textwrap.dedent("""
    import sys
    from orgmap.data import cache, fingerprints
    from orgmap import load
    dataset = load(sys.argv[1], cache=False)
    key = sys.argv[2]
    for _ in range(40):
        cache.store(key, dataset)
""")


def test_concurrent_writers_leave_a_readable_entry(data: Path, isolated_cache: Path) -> None:
    expected = load(data, cache=False)
    key = "0" * 64
    env = {**os.environ, "ORGMAP_CACHE_DIR": str(isolated_cache)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(data), key], env=env)
               for _ in range(3)]
    seen = 0
    while any(w.poll() is None for w in writers):
        found = cache.fetch(key)  # mid-race: either nothing yet or a whole entry
        if found is not None:
            seen += 1
            assert same_dataset(Dataset.from_store(found), expected)
    assert [w.wait() for w in writers] == [0, 0, 0]
    assert seen > 0, "no read happened while the writers raced"
    assert same_dataset(Dataset.from_store(cache.fetch(key)), expected)
    assert list(isolated_cache.glob(".tmp-*")) == []  # no temporary file left behind


def test_the_key_depends_on_every_byte_and_file_name() -> None:
    base = cache.key_for({"entities.yaml": b"a", "edges.yaml": b"b"}, False)
    assert base == cache.key_for({"entities.yaml": "a", "edges.yaml": "b"}, False)
    assert base != cache.key_for({"entities.yaml": b"a", "edges.yaml": b"c"}, False)
    assert base != cache.key_for({"entities.yaml": b"ab", "edges.yaml": b""}, False)
    assert base != cache.key_for({"other.yaml": b"a", "edges.yaml": b"b"}, False)
    assert base != cache.key_for({"entities.yaml": b"a", "edges.yaml": b"b"}, True)


def test_an_entry_written_by_other_orgmap_code_is_not_used(
        data: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    load(data)
    monkeypatch.setattr(cache, "_code_digest", lambda: "an edited validation rule")
    load(data)
    assert len(parses) == 4


# -- remembered content hashes: unchanged files are not read again -------------------


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every data file read from disk."""
    seen: list[str] = []
    real = orgmap.data.read.read_bytes

    def counting(path: Path, display: str) -> bytes:
        seen.append(Path(path).name)
        return real(path, display)

    monkeypatch.setattr(orgmap.data.read, "read_bytes", counting)
    return seen


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock a minute ahead, so that files written by the test count as settled:
    their content hashes are remembered (files changed within `RACY_SECONDS` are not)."""
    real = fingerprints.now_ns
    monkeypatch.setattr(fingerprints, "now_ns", lambda: real() + 60 * 10**9)


def test_a_file_unchanged_since_it_was_hashed_is_not_read_again(
        data: Path, reads: list[str], parses: list[str], settled: None) -> None:
    first = load(data)
    assert sorted(reads) == ["edges.yaml", "entities.yaml"]
    second = load(data)
    assert len(reads) == 2 and len(parses) == 2  # neither read nor parsed: a hit
    assert same_dataset(first, second)


def test_an_edit_keeping_size_and_mtime_is_seen_when_hashes_are_remembered(
        data: Path, reads: list[str], parses: list[str], settled: None) -> None:
    edges = data / "edges.yaml"
    load(data)
    load(data)
    assert len(reads) == 2  # the shortcut was taken
    stamp = edges.stat()
    edit_keeping_size_and_mtime(edges)
    assert edges.stat().st_ino == stamp.st_ino
    assert load(data).edges[0].role == "Directer"
    assert len(parses) == 4  # read, hashed, a miss: the edit was seen


def test_a_file_replaced_by_another_is_read_again(data: Path, reads: list[str],
                                                  settled: None) -> None:
    edges = data / "edges.yaml"
    load(data)
    stamp = edges.stat()
    copy = data / "edges.copy"
    copy.write_bytes(edges.read_bytes().replace(b"role: Director", b"role: Directer"))
    os.utime(copy, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    os.replace(copy, edges)
    assert load(data).edges[0].role == "Directer"
    assert reads.count("edges.yaml") == 2


def test_a_file_changed_moments_ago_is_hashed_again(data: Path, reads: list[str],
                                                    parses: list[str]) -> None:
    load(data)  # just copied: too recent to tell a write in the same clock tick apart
    second = load(data)
    assert len(reads) == 4 and len(parses) == 2  # read and hashed again, then a hit
    assert second.edges


def test_a_file_dated_in_the_future_is_hashed_again(data: Path, reads: list[str],
                                                    settled: None) -> None:
    edges = data / "edges.yaml"
    ahead = fingerprints.now_ns() + 3600 * 10**9
    os.utime(edges, ns=(ahead, ahead))
    load(data)
    load(data)
    assert reads.count("edges.yaml") == 2  # (and so is the other: a hit needs both known)


def test_no_cache_reads_the_files_whatever_is_remembered(
        data: Path, reads: list[str], parses: list[str], settled: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    load(data)
    load(data, cache=False)
    assert len(reads) == 4 and len(parses) == 4
    monkeypatch.setenv("ORGMAP_NO_CACHE", "1")
    load(data)
    assert len(reads) == 6 and len(parses) == 6


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\xe3\x01\x00"])
def test_a_damaged_record_of_hashes_is_ignored(data: Path, isolated_cache: Path,
                                               reads: list[str], settled: None,
                                               damage: bytes) -> None:
    expected = load(data)
    (isolated_cache / "content-hashes").write_bytes(damage)
    assert same_dataset(load(data), expected)
    assert len(reads) == 4  # read and hashed again
    load(data)
    assert len(reads) == 4  # and remembered again


# -- loading at scale: what the speed-ups must not change ----------------------------


def test_problems_in_every_batch_keep_their_own_index_and_line(tmp_path: Path) -> None:
    from orgmap.data.validate import BATCH

    bad = {5, BATCH + 3, 2 * BATCH + 7}
    lines = ["- from: p", "  to: o", "  type: role"]
    text, where = [], {}
    for index in range(2 * BATCH + 10):
        if index in bad:
            where[index] = len(text) + 5
        text += [*lines, f"  role: Role {index}", *(["  rol: x"] if index in bad else []),
                 "  sources: [d]"]
    (tmp_path / "edges.yaml").write_text("\n".join(text) + "\n", encoding="utf-8")
    (tmp_path / "entities.yaml").write_text(
        "- {id: p, kind: person, name: P}\n- {id: o, kind: organization, name: O}\n"
        "- {id: d, kind: document, name: D}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(tmp_path)
    found = [(p.path, p.line) for p in caught.value.problems if p.severity == "error"]
    assert found == [(f"edges[{i}].rol", where[i]) for i in sorted(bad)]


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_was(data: Path, enabled: bool) -> None:
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        load(data)  # a miss
        load(data)  # a hit
        with pytest.raises(DataError):
            load(FIXTURES / "bad" / "unknown_field")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_loading_in_a_notebook_leaves_the_callers_heap_alone(data: Path) -> None:
    import gc

    before = gc.get_freeze_count()
    dataset = load(data, cache=False)
    assert dataset.graph.number_of_edges() == len(dataset.edges)
    assert gc.get_freeze_count() == before  # nothing frozen behind the caller's back
    assert gc.isenabled()


def test_the_command_line_keeps_its_dataset_out_of_full_collections(data: Path) -> None:
    import gc

    from orgmap.cli.application import load_or_exit

    before = gc.get_freeze_count()
    try:
        dataset = load_or_exit(data, no_cache=True)
        # Every model (and more) now sits in the permanent generation that collections skip.
        assert gc.get_freeze_count() - before >= len(dataset.edges) + len(dataset.entities)
    finally:
        gc.unfreeze()
