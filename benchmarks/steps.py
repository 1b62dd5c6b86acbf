"""The measured steps, each run in a fresh process by `run.py`.

    python benchmarks/steps.py STEP DATA_DIR [WORK_DIR]

Prints one JSON object: `seconds` (the step's own time, imports excluded),
optional `parts` (named sub-timings), `info` (what was measured, e.g. which
bodies an overlap asked about) and `maxrss_mb`, the process's peak memory.
A fresh process per run means no step profits from memory, indexes or
memoised answers left behind by an earlier run, just as on the command line.
`ORGMAP_CACHE_DIR` (set by run.py) decides where the warm steps find the cache.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FILES = ("entities.yaml", "edges.yaml")
Result = dict[str, Any]


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def step_pyyaml(data: Path, _work: Path) -> Result:
    """PyYAML's libyaml loader building Python objects: what most Python tools use."""
    import yaml

    def parse() -> None:
        for name in FILES:
            yaml.load((data / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    seconds, _ = timed(parse)
    return {"seconds": seconds}


def step_ryml(data: Path, _work: Path) -> Result:
    """rapidyaml's tree parse: the floor, no Python object per node."""
    import ryml

    def parse() -> None:
        for name in FILES:
            ryml.parse_in_arena((data / name).read_bytes())

    seconds, _ = timed(parse)
    return {"seconds": seconds}


def step_cold(data: Path, _work: Path) -> Result:
    """Parse, validate and build the graph, with the cache off."""
    from orgmap import load

    loading, dataset = timed(lambda: load(data, cache=False))
    graphing, _ = timed(lambda: dataset.graph)
    return {"seconds": loading + graphing, "parts": {"load": loading, "graph": graphing},
            "info": f"{len(dataset.entities)} entities, {len(dataset.edges)} edges"}


def step_fill(data: Path, _work: Path) -> Result:
    """Load with the cache on, so that the warm steps find an entry."""
    from orgmap import load

    seconds, _ = timed(lambda: load(data))
    return {"seconds": seconds}


def step_warm(data: Path, _work: Path) -> Result:
    """Load from the cache (files unchanged), then build the graph as the cold step does.

    `hit` is false when the load wrote a new entry instead: orgmap's code changed
    since the entry was made, so the run measured a cold load and must be redone.
    """
    from orgmap import load
    from orgmap.data.cache import cache_dir

    before = entries(cache_dir())
    loading, dataset = timed(lambda: load(data))
    graphing, _ = timed(lambda: dataset.graph)
    return {"seconds": loading, "parts": {"load": loading, "graph": graphing},
            "hit": entries(cache_dir()) == before}


def entries(directory: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in directory.glob("*.orgmap-cache")}


def step_queries(data: Path, _work: Path) -> Result:
    """Overlaps, timelines and a path, each the first of its kind in the process.

    pandas is imported before timing: a library's import is start-up, not a query.
    "Typical" asks about two bodies one person holds roles in (the everyday
    question: who else sits on both?); "largest" about the two top-level bodies
    with the most relations under them, the worst case the data offers.
    """
    import pandas  # noqa: F401

    import orgmap
    from orgmap.questions.structure import _structure

    dataset = orgmap.load(data)
    # The indexes every query shares (adjacency, the part-of/nameplate structure),
    # built once per loaded dataset; the queries' own memos are filled as they ask.
    indexing, _ = timed(lambda: (dataset.edges_from(""), _structure(dataset)))
    largest = busiest_roots(dataset, 2)
    typical = two_bodies_of_one_person(dataset)
    person = typical_person(dataset)
    person_a, person_b = far_apart_people(dataset)
    parts, info = {"indexes": indexing}, {}
    for name, call, describe in (
        ("overlap, typical", lambda: orgmap.overlap(dataset, typical),
         lambda found: f"{' and '.join(typical)}: {len(found)} people"),
        ("overlap, largest", lambda: orgmap.overlap(dataset, largest),
         lambda found: f"{' and '.join(largest)}: {len(found)} people"),
        ("timeline, a person", lambda: orgmap.timeline(dataset, person),
         lambda rows: f"{person}: {len(rows)} relations"),
        ("timeline, largest body", lambda: orgmap.timeline(dataset, largest[0]),
         lambda rows: f"{largest[0]}: {len(rows)} relations"),
        ("path", lambda: orgmap.path(dataset, person_a, person_b),
         lambda steps: f"{person_a} to {person_b}: {len(steps)} steps"),
    ):
        parts[name], answer = timed(call)
        info[name] = describe(answer)
    return {"seconds": sum(parts.values()), "parts": parts, "info": info}


def step_interlocks(data: Path, _work: Path) -> Result:
    """Every pair of bodies sharing people."""
    import orgmap

    dataset = orgmap.load(data)
    seconds, pairs = timed(lambda: orgmap.interlocks(dataset))
    return {"seconds": seconds, "info": f"{len(pairs)} pairs of bodies"}


def step_exports(data: Path, work: Path) -> Result:
    """GraphML, GEXF and CSV files of the whole dataset."""
    import orgmap

    dataset = orgmap.load(data)
    graphml, _ = timed(lambda: orgmap.write_graphml(dataset, work / "orgmap.graphml"))
    gexf, _ = timed(lambda: orgmap.write_gexf(dataset, work / "orgmap.gexf"))
    csv, _ = timed(lambda: orgmap.write_csv(dataset, work))
    return {"seconds": graphml + gexf + csv,
            "parts": {"graphml": graphml, "gexf": gexf, "csv": csv}}


def step_html(data: Path, _work: Path) -> Result:
    """The org chart page for a focus whose neighbourhood holds about 1,000 entities."""
    import orgmap

    dataset = orgmap.load(data)
    focus, depth, size = focus_of_size(dataset, 1000)
    seconds, page = timed(lambda: orgmap.render_html(dataset, focus=focus, depth=depth))
    return {"seconds": seconds,
            "info": f"focus {focus}, depth {depth}: {size} entities, {len(page) / 1e6:.1f} MB"}


# -- choosing what to ask -------------------------------------------------------


def busiest_roots(dataset: Any, count: int) -> list[str]:
    """Top-level bodies (part of nothing) with the most relations to them and their units.

    Walks `part_of` itself rather than asking orgmap, which would memoise the
    very answers the timed query is about to compute.
    """
    children: dict[str, list[str]] = {}
    for edge in dataset.edges:
        if edge.type == "part_of":
            children.setdefault(edge.target, []).append(edge.source)
    units = {e.source for e in dataset.edges if e.type == "part_of"}
    roots = [i for i, e in dataset.entities.items()
             if e.kind == "organization" and i not in units]

    def weight(root: str) -> int:
        total, queue = 0, [root]
        while queue:
            body = queue.pop()
            total += len(dataset.edges_to(body))
            queue.extend(children.get(body, ()))
        return total

    return sorted(roots, key=lambda r: (-weight(r), r))[:count]


def far_apart_people(dataset: Any) -> tuple[str, str]:
    """The first and the last person in file order: careers in unrelated systems."""
    people = [i for i, e in dataset.entities.items() if e.kind == "person"]
    return people[0], people[-1]


def two_bodies_of_one_person(dataset: Any) -> list[str]:
    """Two bodies the median person (by number of roles) holds roles in."""
    held = {}
    for person in sorted(i for i, e in dataset.entities.items() if e.kind == "person"):
        bodies = sorted({e.target for e in dataset.edges_from(person) if e.type == "role"})
        if len(bodies) >= 2:
            held[person] = bodies
    ranked = sorted(held, key=lambda p: (len(held[p]), p))
    return held[ranked[len(ranked) // 2]][:2]


def typical_person(dataset: Any) -> str:
    """The person with the median number of relations."""
    people = sorted((len(dataset.relations(i)), i) for i, e in dataset.entities.items()
                    if e.kind == "person")
    return people[len(people) // 2][1]


def focus_of_size(dataset: Any, wanted: int) -> tuple[str, int, int]:
    """(entity, depth, entities selected) with a selection as near `wanted` as the data has.

    Tries the best-connected entities and a spread of the others, at depths 1 and 2.
    """
    from orgmap.data.selection import neighbourhood

    ranked = sorted(dataset.entities, key=lambda i: (-len(dataset.relations(i)), i))
    candidates = ranked[:100] + ranked[100::max(1, len(ranked) // 300)]
    best = (ranked[0], 1, len(neighbourhood(dataset, ranked[0], 1)))
    for entity in candidates:
        for depth in (1, 2):
            size = len(neighbourhood(dataset, entity, depth))
            if abs(size - wanted) < abs(best[2] - wanted):
                best = (entity, depth, size)
            if size > 3 * wanted:
                break
    return best


STEPS: dict[str, Callable[[Path, Path], Result]] = {
    name.removeprefix("step_"): function for name, function in list(globals().items())
    if name.startswith("step_")
}


def main() -> None:
    step, data = sys.argv[1], Path(sys.argv[2])
    work = Path(sys.argv[3]) if len(sys.argv) > 3 else data
    result = STEPS[step](data, work)
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
