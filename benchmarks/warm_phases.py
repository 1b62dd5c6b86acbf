"""Where a warm load (a cache hit) spends its time, phase by phase.

    python benchmarks/warm_phases.py DATA_DIR

Runs the same steps as `orgmap.load` on a hit, one at a time, and prints each
with its share: reading and hashing the YAML for the key, reading and checking
the entry, `marshal.loads`, and rebuilding the dates, citations, entities and
edges. A profiler shows the rebuild as a few C-level `map` calls; this shows
what each costs. Uses (and fills, if empty) the cache in ORGMAP_CACHE_DIR.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import marshal
import time
from pathlib import Path

from orgmap import Citation, Edge, Entity, load
from orgmap.data import cache
from orgmap.data.dates import PartialDate
from orgmap.data.load import EDGES_FILE, ENTITIES_FILE


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a directory with entities.yaml and edges.yaml")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    load(data)  # make sure the entry exists
    gc.disable()  # as `load` does
    phases: list[tuple[str, float]] = []
    clock = [time.perf_counter()]

    def mark(name: str) -> None:
        now = time.perf_counter()
        phases.append((name, now - clock[0]))
        clock[0] = now

    contents = {str(data / n): (data / n).read_bytes() for n in (ENTITIES_FILE, EDGES_FILE)}
    mark("read the YAML files")
    key = cache.key_for(contents, False)
    mark("hash them for the key")
    blob = cache._entry(key).read_bytes()
    mark("read the entry")
    head = len(cache._MAGIC)
    body = memoryview(blob)[head + 32:]
    if hashlib.sha256(body).digest() != blob[head:head + 32]:
        raise SystemExit("the entry is damaged")
    mark("verify the entry's checksum")
    (entities, edges, citation_columns, date_rows, date_tuples, citation_tuples, fieldsets,
     _warnings, _status) = marshal.loads(body)
    mark("marshal.loads")
    dates = [None, *(PartialDate(*row) for row in date_rows[1:])]
    tables = cache._Built(dates, [tuple(map(dates.__getitem__, t)) for t in date_tuples], [])
    mark(f"dates ({len(dates) - 1:,})")
    citations = cache._rebuild(Citation, citation_columns, tables, fieldsets)
    mark(f"citation models ({len(citations):,})")
    tables.citation_tuples.extend(tuple(map(citations.__getitem__, t)) for t in citation_tuples)
    mark(f"citation tuples ({len(citation_tuples):,})")
    built_entities = cache._rebuild(Entity, entities, tables, fieldsets)
    mark(f"entity models ({len(built_entities):,})")
    built_edges = cache._rebuild(Edge, edges, tables, fieldsets)
    mark(f"edge models ({len(built_edges):,})")
    total = sum(seconds for _, seconds in phases)
    print(f"{'phase':36} {'ms':>8} {'share':>6}")
    for name, seconds in phases:
        print(f"{name:36} {seconds * 1000:8.1f} {seconds / total:6.0%}")
    print(f"{'total':36} {total * 1000:8.1f}")


if __name__ == "__main__":
    main()
