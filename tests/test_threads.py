"""Parts of one large question worked on by a few threads (`questions/threads.py`): the
results come back in the parts' order, an error in one part is raised to the caller,
and the whole `ties` projection gives the same table however many threads gather it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd
import pytest

import orgmap
from generated import write_generated
from orgmap import Dataset
from orgmap.questions import copresence, threads, tie_tables
from orgmap.questions import ties as tie_module
from orgmap.questions.ties import ties


def test_results_come_back_in_the_order_of_the_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "threads", lambda: 3)
    seen: set[int] = set()
    gate = threading.Barrier(3, timeout=10)  # three parts at once, or the wait fails

    def work(item: int) -> int:
        seen.add(threading.get_ident())
        if item < 3:
            gate.wait()
        return item * item

    assert list(threads.each(work, range(40))) == [n * n for n in range(40)]
    assert threading.get_ident() not in seen
    assert len(seen) == 3


def test_one_item_or_one_core_runs_in_the_calling_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    here = threading.get_ident()
    assert list(threads.each(lambda n: (n, threading.get_ident()), [7])) == [(7, here)]
    monkeypatch.setattr(threads, "threads", lambda: 1)
    assert [who for _, who in threads.each(lambda n: (n, threading.get_ident()),
                                          range(5))] == [here] * 5


def test_an_error_in_one_part_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "threads", lambda: 2)

    def work(item: int) -> int:
        if item == 5:
            raise ValueError("part 5")
        return item

    with pytest.raises(ValueError, match="part 5"):
        list(threads.each(work, range(10)))


def test_an_error_drops_the_parts_not_yet_begun(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed part ends the question within one part's time: the others queued are
    not worked on (each would take 50 ms; all of them, over a second)."""
    monkeypatch.setattr(threads, "threads", lambda: 2)
    begun: list[int] = []

    def work(item: int) -> int:
        begun.append(item)
        if item == 0:
            raise ValueError("part 0")
        time.sleep(0.05)
        return item

    with pytest.raises(ValueError, match="part 0"):
        list(threads.each(work, range(40)))
    assert len(begun) < 10, begun


def test_work_beside_runs_while_the_caller_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "threads", lambda: 2)
    gate = threading.Barrier(2, timeout=10)  # the caller and the work at once, or it fails

    def work() -> int:
        gate.wait()
        return threading.get_ident()

    with threads.beside(work) as result:
        gate.wait()
        assert result() != threading.get_ident()


def test_work_beside_on_one_core_is_done_when_its_result_is_asked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "threads", lambda: 1)
    done: list[str] = []
    with threads.beside(lambda: done.append("work") or threading.get_ident()) as result:
        done.append("caller")
        assert result() == threading.get_ident()
    assert done == ["caller", "work"]


def test_work_not_worth_a_thread_is_done_in_the_calling_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "threads", lambda: 2)
    with threads.beside(threading.get_ident, worth=False) as result:
        assert result() == threading.get_ident()


@pytest.mark.parametrize("cores", [1, 2])
def test_an_error_beside_reaches_the_caller(cores: int, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.setattr(threads, "threads", lambda: cores)

    def work() -> int:
        raise ValueError("beside")

    with pytest.raises(ValueError, match="beside"), threads.beside(work) as result:
        result()


def test_the_number_of_threads_is_small_and_at_least_one() -> None:
    assert 1 <= threads.threads() <= threads.MOST


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return orgmap.load(write_generated(tmp_path_factory.mktemp("generated"), 120, 9),
                       cache=False)


def _threaded(monkeypatch: pytest.MonkeyPatch, *modules: Any) -> list[int]:
    """Three threads from here on, and `each` in these modules counting its items: the
    list of counts, one per call."""
    calls: list[int] = []
    each = threads.each

    def counted(work: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        calls.append(len(items))
        return each(work, items)

    monkeypatch.setattr(threads, "threads", lambda: 3)
    for module in modules:
        monkeypatch.setattr(module, "each", counted)
    return calls


@pytest.mark.parametrize("options", [{}, {"possible": True, "at": "2010"},
                                     {"layout": "long"}, {"min_shared": 2}])
def test_the_projection_is_the_same_with_one_thread_or_several(
        dataset: Dataset, options: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tie_module, "PART_PAIRS", 400)  # many parts
    monkeypatch.setattr(tie_tables, "PAIRS", 250)  # their texts made in many chunks
    monkeypatch.setattr(tie_tables, "LARGE_TABLE", 50)  # shared texts, bodies found beside
    monkeypatch.setattr(threads, "threads", lambda: 1)
    alone = ties(dataset, **options)
    calls = _threaded(monkeypatch, tie_module, tie_tables)
    together = ties(dataset, **options)
    assert calls and min(calls) > 2  # the parts and the texts went to the threads
    assert len(alone) > 100
    pd.testing.assert_frame_equal(alone, together)


def test_pairs_are_sorted_into_buckets_the_same_with_one_thread_or_several(
        dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    index = tie_module._index(dataset)
    spells, placed, _ = index.placement(*tie_module._DEFAULT_SHAPE)
    monkeypatch.setattr(threads, "threads", lambda: 1)
    alone = copresence.pairs_by_bucket(spells, placed, 5, chunk=300)
    calls = _threaded(monkeypatch, copresence)
    together = copresence.pairs_by_bucket(spells, placed, 5, chunk=300)
    assert calls and calls[0] > 3  # made a chunk at a time, in threads
    assert sum(len(first) for first, _ in alone) > 1000
    for (first, second), (first_too, second_too) in zip(alone, together, strict=True):
        assert first.tolist() == first_too.tolist()
        assert second.tolist() == second_too.tolist()
