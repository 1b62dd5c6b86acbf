"""Time the questions on a large synthetic dataset, once it is loaded.

    python benchmarks/bench_queries.py --people 10000            # generates into a temp dir
    python benchmarks/bench_queries.py --data /tmp/orgmap-10k    # or reuses generated files

Queries answer from per-dataset indexes (dict adjacency, body expansions, a
person -> roles index), so a single overlap, timeline or path costs in
proportion to the people it touches, not to the 200,000 edges. Each question
is timed cold (first call on a fresh dataset: builds the indexes it needs) and
warm (median of the following calls), on typical and on the largest inputs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orgmap
from orgmap import centrality, interlocks, overlap, path, timeline
from orgmap.questions.structure import expand, roles_in
from orgmap.vocab import BODY_KINDS, PERSON

REPEATS = 7


def timed(call: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float, Any]:
    """(first call, median of the rest) in milliseconds, and the last result."""
    times = []
    result = None
    for _ in range(repeats):
        begin = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - begin) * 1000)
    return times[0], statistics.median(times[1:]) if repeats > 1 else times[0], result


def load(args: argparse.Namespace) -> orgmap.Dataset:
    if args.data:
        directory = args.data
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        from generate import generate

        directory = Path(tempfile.mkdtemp(prefix="orgmap-bench-"))
        entities, edges = generate(args.people, args.seed)
        (directory / "entities.yaml").write_text(entities, encoding="utf-8")
        (directory / "edges.yaml").write_text(edges, encoding="utf-8")
    begin = time.perf_counter()
    dataset = orgmap.load(directory, cache=False)
    print(f"loaded {dataset} from {directory} in {time.perf_counter() - begin:.1f} s")
    return dataset


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000, help="people to generate")
    parser.add_argument("--seed", type=int, default=1, help="seed for data and choices")
    parser.add_argument("--data", type=Path, help="use this generated directory instead")
    args = parser.parse_args(argv)
    import pandas  # noqa: F401  (imported before timing: its import is not a query's cost)

    dataset = load(args)
    rng = random.Random(args.seed)
    people = sorted(i for i, e in dataset.entities.items() if e.kind == PERSON)
    bodies = sorted(i for i, e in dataset.entities.items() if e.kind in BODY_KINDS)
    by_roles = sorted(bodies, key=lambda b: sum(len(roles_in(dataset, u))
                                                for u in expand(dataset, b)))
    largest = by_roles[-2:]
    some_people = rng.sample(people, REPEATS)
    # Typical: two bodies one person holds roles in, so that the answer is not empty.
    pairs = []
    for person in rng.sample(people, 10 * REPEATS):
        held = sorted({e.target for e in dataset.edges_from(person) if e.type == "role"})
        if len(held) >= 2 and len(pairs) < REPEATS:
            pairs.append(rng.sample(held, 2))
    people_pairs = [tuple(rng.sample(people, 2)) for _ in range(REPEATS)]
    cycle = {"n": 0}

    def next_of(items: list[Any]) -> Any:
        cycle["n"] += 1
        return items[cycle["n"] % len(items)]

    cases: list[tuple[str, Callable[[], Any]]] = [
        ("overlap, two typical bodies", lambda: overlap(dataset, next_of(pairs))),
        ("overlap, two largest bodies", lambda: overlap(dataset, largest)),
        ("overlap --concurrent --possible, largest",
         lambda: overlap(dataset, largest, concurrent=True, possible=True)),
        ("overlap --at 2015 --possible, largest",
         lambda: overlap(dataset, largest, at="2015", possible=True)),
        ("timeline, a person", lambda: timeline(dataset, next_of(some_people))),
        ("timeline --units, largest body", lambda: timeline(dataset, largest[-1], units=True)),
        ("path, two people", lambda: path(dataset, *next_of(people_pairs))),
        ("interlocks, all pairs", lambda: interlocks(dataset)),
        ("interlocks --exact", lambda: interlocks(dataset, exact=True)),
        ("centrality (sampled betweenness)", lambda: centrality(dataset)),
    ]
    print(f"{'question':44} {'rows':>8} {'first ms':>10} {'median ms':>10}")
    for name, call in cases:
        repeats = 3 if name.startswith(("interlocks", "centrality")) else REPEATS
        first, median, frame = timed(call, repeats)
        print(f"{name:44} {len(frame):8d} {first:10.1f} {median:10.1f}")
        if name.startswith("centrality"):
            print(f"  ({frame.attrs['note']})")


if __name__ == "__main__":
    main()
