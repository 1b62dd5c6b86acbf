"""Time `ties` on a large synthetic dataset, once it is loaded: one person, and everyone.

    python benchmarks/bench_ties.py --people 10000             # generates into a temp dir
    python benchmarks/bench_ties.py --data /tmp/orgmap-10k     # or reuses generated files

Targets at 10,000 people and about 200,000 relations: the ties of one person
in under 50 ms, the whole projection (every pair of people) in under 30 s.
"first" is the first call on a freshly loaded dataset, which also builds the
arrays and indexes later calls reuse; "median" is over the calls that follow,
each for a different person. The whole projection is timed as the table of
pairs (`ties`), as the weighted pairs only (`min_shared`, no text), and with
`--exact`; its size is printed with it, since it grows with the square of the
people who served in one body at one time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from bench_queries import load
from orgmap.questions.ties import ties
from orgmap.vocab import PERSON

ONE_TARGET_MS = 50.0
ALL_TARGET_S = 30.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000, help="people to generate")
    parser.add_argument("--seed", type=int, default=1, help="seed for data and choices")
    parser.add_argument("--data", type=Path, help="use this generated directory instead")
    parser.add_argument("--repeat", type=int, default=9, help="one-person calls to time")
    parser.add_argument("--skip-all", action="store_true",
                        help="time only one-person ties (the projection needs much memory)")
    args = parser.parse_args(argv)
    import pandas  # noqa: F401  (imported before timing: its import is not a query's cost)

    dataset = load(args)
    rng = random.Random(args.seed)
    people = sorted(i for i, e in dataset.entities.items() if e.kind == PERSON)
    chosen = rng.sample(people, args.repeat)
    times, sizes = [], []
    for person in chosen:
        begin = time.perf_counter()
        frame = ties(dataset, [person])
        times.append((time.perf_counter() - begin) * 1000)
        sizes.append(len(frame))
    first, median = times[0], statistics.median(times[1:])
    print(f"{'question':40} {'rows':>10} {'first':>10} {'median':>10} {'target':>8} ratio")
    print(f"{'ties, one person':40} {int(statistics.median(sizes)):10d} {first:8.1f}ms "
          f"{median:8.1f}ms {ONE_TARGET_MS:6.0f}ms {median / ONE_TARGET_MS:5.2f}")
    if args.skip_all:
        return
    for name, options in (("ties --exact, everyone", {"exact": True}),
                          ("ties, everyone", {})):
        begin = time.perf_counter()
        frame = ties(dataset, **options)
        took = time.perf_counter() - begin
        print(f"{name:40} {len(frame):10d} {took:9.1f}s {'':>10} {ALL_TARGET_S:7.0f}s "
              f"{took / ALL_TARGET_S:5.2f}")
        del frame
    sys.stdout.flush()


if __name__ == "__main__":
    main()
