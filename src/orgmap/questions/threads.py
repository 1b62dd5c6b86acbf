"""Independent parts of one large question, worked on by a few threads at once.

The heavy steps of the whole `ties` projection are numpy operations (sorts,
gathers, hashing), which let go of the interpreter lock while they run:
threads then use the machine's cores without copying the data to other
processes. Each thread holds a part in memory, so their number is kept small.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

#: At most this many threads: each holds a part of a projection in memory (at 10,000
#: people the whole projection peaked at 5.5-6.6 GB with two, 4.9-5.7 GB with one).
MOST = 2

Item = TypeVar("Item")
Result = TypeVar("Result")


def threads() -> int:
    """How many threads to use: the cores this process may run on, up to `MOST`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        cores = os.cpu_count() or 1
    return max(1, min(cores, MOST))


def each(work: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
    """`work` on each of the items, results in their order: in this thread when there is
    one item or one core, else in a few threads.

    An error in one item (or an interrupt while waiting) is raised here once the
    items already begun end; those not begun are dropped, so a failed or
    interrupted question stops within one item's time, not all of them.
    """
    workers = min(threads(), len(items))
    if workers < 2:
        yield from map(work, items)
        return
    # `map` cancels what it has not begun when its results stop being read.
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="orgmap") as pool:
        yield from pool.map(work, items)


@contextmanager
def beside(work: Callable[[], Result], *, worth: bool = True
           ) -> Iterator[Callable[[], Result]]:
    """`work` done in another thread while the caller goes on, when there is more than one
    core and it is `worth` a thread; the function given waits for its result (else it
    does the work then, in the calling thread).

    For a long step of numpy work that can overlap the caller's (texts, say, which
    hold the interpreter lock while they are made). Not for short ones: two threads
    that both want the lock take it in turns of milliseconds (`sys.getswitchinterval`),
    which a small question would feel. Should the caller fail meanwhile, leaving the
    block waits for `work` to end, and its result is dropped.
    """
    if not worth or threads() < 2:
        yield work
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="orgmap") as pool:
        yield pool.submit(work).result
