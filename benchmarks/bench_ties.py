"""Time `ties` on a large synthetic dataset, once it is loaded: one person, and everyone.

    python benchmarks/bench_ties.py --people 10000             # generates into a temp dir
    python benchmarks/bench_ties.py --data /tmp/orgmap-10k     # or reuses generated files
    python benchmarks/bench_ties.py --data /tmp/orgmap-10k --from-cache   # as commands load

Targets at 10,000 people and about 200,000 relations: the ties of one person
in under 50 ms, the whole projection (every pair of people) in under 30 s.

* "first call" is the first question on a freshly loaded dataset. By default
  the data is read from YAML into models (a first load): the call also
  numbers people and bodies, finds every spell, and builds the spell arrays
  (`spell_table.py`) and the roll-up of the bodies around the person asked
  about only. With `--from-cache` it is read from the cache entry, as every
  command after the first reads it (the entry is written first if missing),
  and two first calls are timed: one with nothing kept beside the entry (it
  prepares the default question shape in full and keeps it:
  `questions/tie_saved.py`; any kept file is removed first), then, for
  `--repeat` other people, one each in a new process, which loads the data and
  maps what was kept, as every later command does (median, and the slowest).
* "one person, fresh memo": the arrays kept, but the memo of question shapes
  emptied before each call, so each call also rolls up the bodies around its
  person and places their spells (what a new `--at` or `--category` costs).
* "one person, warm": the same question for other people (the second
  question of a shape places every spell once for all that follow).

Medians are over `--repeat` people chosen at random; wall time and CPU time
(of this process) are both printed, since on a busy machine they differ.
The whole projection is timed with `--exact` and with the default roll-up;
its size is printed with it, since it grows with the square of the people
who served in one body at one time.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orgmap
from bench_queries import load
from orgmap.data import derived
from orgmap.questions import tie_saved
from orgmap.questions.ties import ties
from orgmap.vocab import PERSON

ONE_TARGET_MS = 50.0
ALL_TARGET_S = 30.0


def timed(call: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def line(name: str, rows: int, wall: float, cpu: float, target: float, unit: str) -> None:
    scale = 1000.0 if unit == "ms" else 1.0
    print(f"{name:38} {rows:>10} {wall * scale:9.1f}{unit} {cpu * scale:9.1f}{unit} "
          f"{target:7.0f}{unit} {wall * scale / target:6.2f} {cpu * scale / target:6.2f}",
          flush=True)


#: What a new process runs to time its first tie question: load as a command loads,
#: freeze the heap as the command line does, then ask.
FIRST_CALL = """
import gc, sys, time
import pandas
import orgmap
from orgmap.questions.ties import ties
dataset = orgmap.load(sys.argv[1])
gc.freeze()
wall, cpu = time.perf_counter(), time.process_time()
frame = ties(dataset, [sys.argv[2]])
print(time.perf_counter() - wall, time.process_time() - cpu, len(frame))
"""


def first_call_in_a_new_process(data: Path, person: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, rows) of one person's ties, the first question of a
    fresh process on data read from the cache."""
    done = subprocess.run([sys.executable, "-c", FIRST_CALL, str(data), person],
                          capture_output=True, text=True, check=True)
    wall, cpu, rows = done.stdout.split()
    return float(wall), float(cpu), int(rows)


def cached(args: argparse.Namespace) -> orgmap.Dataset:
    """The dataset read from its cache entry, as a command reads it."""
    if not args.data:
        raise SystemExit("--from-cache needs --data")
    orgmap.load(args.data)  # writes the entry if it is missing
    begin = time.perf_counter()
    dataset = orgmap.load(args.data)
    print(f"loaded {dataset} from the cache entry of {args.data} in "
          f"{time.perf_counter() - begin:.2f} s")
    return dataset


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000, help="people to generate")
    parser.add_argument("--seed", type=int, default=1, help="seed for data and choices")
    parser.add_argument("--data", type=Path, help="use this generated directory instead")
    parser.add_argument("--repeat", type=int, default=9, help="one-person calls to time")
    parser.add_argument("--from-cache", action="store_true",
                        help="load from the cache entry, as commands do (written if missing)")
    parser.add_argument("--skip-all", action="store_true",
                        help="time only one-person ties (the projection needs much memory)")
    parser.add_argument("--skip-default", action="store_true",
                        help="time the whole projection with --exact only")
    args = parser.parse_args(argv)
    import pandas  # noqa: F401  (imported before timing: its import is not a query's cost)

    dataset = cached(args) if args.from_cache else load(args)
    gc.freeze()  # as the command line does after loading (see cli.application.load_or_exit)
    rng = random.Random(args.seed)
    people = sorted(i for i, e in dataset.entities.items() if e.kind == PERSON)
    chosen = rng.sample(people, 2 * args.repeat + 1)
    print(f"{'question':38} {'rows':>10} {'wall':>11} {'cpu':>11} {'target':>9} "
          f"{'wall/t':>6} {'cpu/t':>6}")
    if args.from_cache:
        kept = derived.path_of(dataset.entry.key, tie_saved.NAME)
        kept.unlink(missing_ok=True)
        wall, cpu, frame = timed(lambda: ties(dataset, [chosen[0]]))
        line("first call, preparing, keeping", len(frame), wall, cpu, ONE_TARGET_MS, "ms")
        if not kept.exists():
            raise SystemExit(f"{kept} was not written")
        # Each in a process of its own, as each command runs: code, allocator and caches
        # all cold, which a loop in this process would leave warm.
        walls, cpus, sizes = [], [], []
        for person in rng.sample(people, args.repeat):
            took, spent, rows = first_call_in_a_new_process(args.data, person)
            walls.append(took)
            cpus.append(spent)
            sizes.append(rows)
        line("ties, one person, first call (kept)", int(statistics.median(sizes)),
             statistics.median(walls), statistics.median(cpus), ONE_TARGET_MS, "ms")
        print(f"{'  (slowest of those)':38} {sizes[walls.index(max(walls))]:>10} "
              f"{max(walls) * 1000:9.1f}ms {max(cpus) * 1000:9.1f}ms")
    else:
        wall, cpu, frame = timed(lambda: ties(dataset, [chosen[0]]))
        line("ties, one person, first call", len(frame), wall, cpu, ONE_TARGET_MS, "ms")
    for name, fresh, group in (("ties, one person, fresh memo", True, chosen[1:args.repeat + 1]),
                               ("ties, one person, warm", False, chosen[args.repeat + 1:])):
        walls, cpus, sizes = [], [], []
        for person in group:
            if fresh:
                dataset.query_index.tie_shapes.clear()
            took, spent, frame = timed(lambda p=person: ties(dataset, [p]))
            walls.append(took)
            cpus.append(spent)
            sizes.append(len(frame))
        line(name, int(statistics.median(sizes)), statistics.median(walls),
             statistics.median(cpus), ONE_TARGET_MS, "ms")
    if args.skip_all:
        return
    cases = [("ties --exact, everyone", {"exact": True})]
    if not args.skip_default:
        cases.append(("ties, everyone", {}))
    for name, options in cases:
        wall, cpu, frame = timed(lambda o=options: ties(dataset, **o))
        line(name, len(frame), wall, cpu, ALL_TARGET_S, "s")
        del frame
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
