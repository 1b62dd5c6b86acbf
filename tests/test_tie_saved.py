"""The tie questions' preparation kept beside the cache entry (`questions/tie_saved.py`):
what is read back equals what preparing makes, answers do not change, and a damaged or
orphaned file is never used."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import orgmap
from generated import with_ended_by, write_generated
from orgmap import Dataset
from orgmap.data import cache, derived
from orgmap.data.dates import parse_partial_date
from orgmap.data.selection import select
from orgmap.questions import tie_saved
from orgmap.questions import ties as tie_module
from orgmap.questions.copresence import NUMBERS
from orgmap.questions.tie_tables import people_types
from orgmap.questions.ties import ties

ROOT = Path(__file__).resolve().parent.parent
SPELL_ARRAYS = ("person", "target", "opening", "closing", "known_owner", "known_first",
                "known_last", "attested_keys", "attested_owner", "attested_code",
                "attested_first", "attested_last")
PLACEMENT_ARRAYS = ("spell", "group", "low", "high", "ends", "starts", "by_spell", "at")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_generated(tmp_path_factory.mktemp("generated"), 150, 5, with_ended_by)


@pytest.fixture(params=["bundled", "generated"])
def folder(request: pytest.FixtureRequest, generated: Path) -> Path:
    return ROOT / "data" if request.param == "bundled" else generated


def from_entry(folder: Path) -> Dataset:
    """The data as a command after the first reads it: from its cache entry."""
    orgmap.load(folder)
    found = orgmap.load(folder)
    assert found.entry is not None and found.entry.key is not None
    return found


def kept_file(dataset: Dataset) -> Path:
    assert dataset.entry is not None and dataset.entry.key is not None
    return derived.path_of(dataset.entry.key, "ties")


def prepared(dataset: Dataset) -> tuple:
    """The index and the default shape's spells, placement and roll-up, as questions use."""
    index = tie_module._index(dataset)
    return (index, *index.placement(None, False, (), (), False, None))


def test_what_is_read_back_equals_what_preparing_makes(folder: Path, isolated_cache: Path
                                                       ) -> None:
    made = from_entry(folder)
    assert not kept_file(made).exists()
    index, spells, placed, rollup = prepared(made)
    assert kept_file(made).exists()  # the first question on the entry kept it
    again = from_entry(folder)
    saved_index, saved_spells, saved_placed, saved_rollup = prepared(again)
    assert saved_index.source.columns is None  # read back, not prepared again

    assert saved_index.people == index.people and saved_index.bodies == index.bodies
    assert np.array_equal(saved_index.holders, index.holders)
    for name in ("person_ids", "person_labels", "body_ids", "body_names", "body_rank"):
        assert np.array_equal(getattr(saved_index.display, name), getattr(index.display, name))
    for (codes, kind), (saved_codes, saved_kind) in zip(
            people_types(index.display), people_types(saved_index.display),
            strict=True):
        assert np.array_equal(codes, saved_codes) and kind == saved_kind
    assert len(saved_spells) == len(spells) and saved_spells.codes == spells.codes
    assert [e.id for e in saved_spells.edges] == [e.id for e in spells.edges]
    for name in SPELL_ARRAYS:
        assert np.array_equal(getattr(saved_spells, name), getattr(spells, name)), name
    for name in NUMBERS:
        assert np.array_equal(saved_spells.numbers[name], spells.numbers[name]), name
    for name in ("known_owner", "attested_owner"):
        assert np.array_equal(saved_spells.row_starts[name], spells.rows_at(name)), name
    every = np.arange(len(spells.date_text))
    assert saved_spells.date_text[every].tolist() == spells.date_text[every].tolist()
    for name in PLACEMENT_ARRAYS:
        assert np.array_equal(getattr(saved_placed, name), getattr(placed, name)), name
    for code in range(len(index.bodies)):
        assert saved_rollup.counts_for(code) == rollup.counts_for(code), index.bodies[code]
    assert all(not a.flags.writeable for a in saved_spells.numbers.values())
    assert not saved_placed.spell.flags.writeable  # the kept placement, not made again


def test_answers_are_the_same_read_back_or_prepared(folder: Path, isolated_cache: Path
                                                    ) -> None:
    fresh = orgmap.load(folder, cache=False)
    prepared(from_entry(folder))  # keeps the file
    again = from_entry(folder)
    people = sorted(i for i, e in fresh.entities.items() if e.kind == "person")[::7][:6]
    asked = [{}, {"people": people[:1]}, {"people": people[1:3]}, {"possible": True},
             {"at": "2015"}, {"exact": True, "people": people[3:]}]
    for options in asked:
        options = dict(options)
        who = options.pop("people", [])
        expected = ties(fresh, who, **options)
        found = ties(again, who, **options)
        assert found.equals(expected), options
        assert list(found.dtypes) == list(expected.dtypes)
    assert len(ties(again)) > 0


def damaged(path: Path) -> None:
    """One bit flipped near the end, in the arrays."""
    data = bytearray(path.read_bytes())
    data[-20] ^= 0x04
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("harm", ["flipped", "cut", "emptied", "foreign"])
def test_a_damaged_file_is_a_miss_and_is_made_again(harm: str, generated: Path,
                                                    isolated_cache: Path) -> None:
    fresh = orgmap.load(generated, cache=False)
    made = from_entry(generated)
    expected = ties(made)
    path = kept_file(made)
    if harm == "flipped":
        damaged(path)
    elif harm == "cut":
        path.write_bytes(path.read_bytes()[:-64])
    elif harm == "emptied":
        path.write_bytes(b"")
    else:
        path.write_bytes(b"orgmap-derived 0 4\n" + path.read_bytes().split(b"\n", 1)[1])
    again = from_entry(generated)
    assert derived.load(again.entry, "ties") is None
    assert ties(again).equals(expected) and expected.equals(ties(fresh))
    assert tie_module._index(again).source.columns is not None  # prepared again
    assert derived.load(from_entry(generated).entry, "ties") is not None  # and kept anew


def test_files_whose_entry_is_gone_are_removed_with_it(isolated_cache: Path) -> None:
    keys = [f"{n:064x}" for n in range(cache.KEEP_ENTRIES + 2)]
    for age, key in enumerate(keys):
        entry = isolated_cache / f"{key}.orgmap-cache"
        entry.write_bytes(b"x")
        (isolated_cache / f"{key}.ties.orgmap-derived").write_bytes(b"y")
        stamp = 1_700_000_000 + age
        os.utime(entry, (stamp, stamp))
    cache._prune(isolated_cache)
    kept = sorted(p.name.split(".")[0] for p in isolated_cache.glob("*.orgmap-derived"))
    assert kept == keys[2:]  # the two oldest entries went, and what was derived from them
    assert sorted(p.name.split(".")[0] for p in isolated_cache.glob("*.orgmap-cache")) == kept


def test_nothing_is_kept_without_a_cache_entry(generated: Path, isolated_cache: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    ties(orgmap.load(generated, cache=False))
    ties(select(from_entry(generated), at=parse_partial_date("2015")))  # no entry
    assert not list(isolated_cache.glob("*.orgmap-derived"))
    monkeypatch.setenv("ORGMAP_NO_CACHE", "1")
    ties(from_entry_then(generated, monkeypatch))
    assert not list(isolated_cache.glob("*.orgmap-derived"))


def from_entry_then(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    """Data read from its cache entry, with the cache switched off afterwards."""
    monkeypatch.delenv("ORGMAP_NO_CACHE")
    found = from_entry(folder)
    monkeypatch.setenv("ORGMAP_NO_CACHE", "1")
    return found


def test_nothing_is_prepared_to_be_kept_where_it_cannot_be(
        generated: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = from_entry(generated)
    expected = ties(orgmap.load(generated, cache=False))
    person = str(expected["person_a_id"].iloc[0])
    writable = os.access
    monkeypatch.setattr(derived.os, "access", lambda path, mode: False if mode == os.W_OK
                        and Path(path) == isolated_cache else writable(path, mode))
    assert not derived.can_keep(dataset.entry)
    assert ties(dataset, [person]).equals(ties(orgmap.load(generated, cache=False), [person]))
    index = tie_module._index(dataset)
    assert index.few and index.every is None  # only the spells around the person were made
    assert not list(isolated_cache.glob("*.orgmap-derived"))
    monkeypatch.undo()
    assert derived.can_keep(dataset.entry)


def test_a_whole_file_that_holds_something_else_is_a_miss(generated: Path,
                                                          isolated_cache: Path) -> None:
    made = from_entry(generated)
    derived.save(made.entry, "ties", {"other": np.arange(5)}, ("not", "ties"))
    assert derived.load(made.entry, "ties") is not None  # whole, but not what ties keeps
    assert tie_saved.restore(made) is None
    assert ties(made).equals(ties(orgmap.load(generated, cache=False)))
    assert tie_saved.restore(from_entry(generated)) is not None  # kept anew


def test_people_may_be_given_as_any_iterable_and_problems_come_in_order(
        isolated_cache: Path) -> None:
    dataset = from_entry(ROOT / "data")
    person = next(i for i, e in dataset.entities.items() if e.kind == "person")
    assert ties(dataset, iter([person])).equals(ties(dataset, [person]))
    fresh = from_entry(ROOT / "data")
    with pytest.raises(orgmap.LookupProblem, match="no entity called"):
        ties(fresh, ["nobody-at-all"], at="2015", begin="2014")
    with pytest.raises(orgmap.QueryProblem, match="either --at or --from/--to"):
        ties(fresh, [person], at="2015", begin="2014")
    assert fresh.query_index.ties is None  # a wrong question prepares nothing


def test_bodies_met_in_are_found_by_arrays_as_one_by_one(folder: Path, isolated_cache: Path
                                                         ) -> None:
    index, spells, _, rollup = prepared(from_entry(folder))
    _, _, _, saved_rollup = prepared(from_entry(folder))
    assert saved_rollup.saved is not None and rollup.saved is None
    targets = np.unique(spells.target)
    rng = np.random.default_rng(3)
    first = np.r_[np.repeat(targets, len(targets)), rng.integers(0, len(index.bodies), 500)]
    second = np.r_[np.tile(targets, len(targets)), rng.integers(0, len(index.bodies), 500)]
    counts, flat = saved_rollup.meet_many(first, second)
    expected = [rollup.meet(a, b) for a, b in zip(first.tolist(), second.tolist(), strict=True)]
    assert counts.tolist() == [len(found) for found in expected]
    assert flat.tolist() == [body for found in expected for body in found]
    # Pairs whose common bodies were narrowed to the most specific: the rule was at work.
    assert any(len(rollup.counts_for(a) & rollup.counts_for(b)) > len(found)
               for a, b, found in zip(first.tolist(), second.tolist(), expected, strict=True))


@pytest.mark.parametrize("texts", [[], [""], ["a", "", "b c"], ["x\x1fy", "z"], ["王成波", "Li"]])
def test_lists_of_names_are_kept_whole(texts: list[str]) -> None:
    assert tie_saved._split(tie_saved._joined(texts)) == texts
