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
    peak = peak_mb()  # what `orgmap.load` alone needed, before the graph
    graphing, _ = timed(lambda: dataset.graph)
    return {"seconds": loading + graphing, "parts": {"load": loading, "graph": graphing},
            "load_maxrss_mb": peak,
            "info": f"{len(dataset.entities)} entities, {len(dataset.edges)} edges"}


def step_fill(data: Path, _work: Path) -> Result:
    """Load with the cache on, so that the warm steps find an entry: a first load, which
    also writes the entry (its peak memory is the process's, `maxrss_mb`)."""
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

    pandas and the question modules are imported before timing: a library's import
    is start-up, not a query.
    "Typical" asks about two bodies one person holds roles in (the everyday
    question: who else sits on both?); "largest" about the two top-level bodies
    with the most relations under them, the worst case the data offers.
    """
    import pandas  # noqa: F401

    import orgmap
    from orgmap.questions.structure import _structure

    # The question modules too: `orgmap.overlap` imports its module on first use.
    _ = (orgmap.overlap, orgmap.timeline, orgmap.path)

    dataset = orgmap.load(data)
    # The indexes every query shares (adjacency, the part-of/nameplate structure),
    # set up once per loaded dataset; on a dataset from the cache both are read a
    # body at a time, inside the queries below, as are the queries' own memos.
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


def step_choose(data: Path, _work: Path) -> Result:
    """What the command-line steps ask about, chosen as the query step chooses."""
    import orgmap

    dataset = orgmap.load(data)
    start, goal = far_apart_people(dataset)
    return {"seconds": 0.0, "info": {
        "bodies": two_bodies_of_one_person(dataset), "person": typical_person(dataset),
        "path": [start, goal]}}


def step_interlocks(data: Path, _work: Path) -> Result:
    """Every pair of bodies sharing people."""
    import orgmap

    dataset = orgmap.load(data)
    seconds, pairs = timed(lambda: orgmap.interlocks(dataset))
    return {"seconds": seconds, "info": f"{len(pairs)} pairs of bodies"}


def step_exports(data: Path, work: Path) -> Result:
    """Every export format `orgmap build` writes, each timed alone, from a warm load.

    A format's first use pays for building the models it reads (once per
    process, shared by the formats after it), as `orgmap build` would.
    """
    import orgmap
    from orgmap.export.formats import FORMATS, default_target, write_format

    dataset = orgmap.load(data)
    models, _ = timed(lambda: (list(dataset.entities.values()), list(dataset.edges)))
    parts = {"models": models}
    for fmt in FORMATS:
        target = default_target(fmt, work / "exports")
        parts[fmt], _ = timed(lambda fmt=fmt, target=target: write_format(dataset, fmt, target))
    return {"seconds": sum(parts.values()), "parts": parts}


def step_references(data: Path, work: Path) -> Result:
    """What each export is measured against, on the same data, each given its input ready.

    Each reference writes what orgmap's file holds, so that only the writing is
    compared: networkx's own `write_graphml`/`write_gexf` of the graph orgmap
    exports; pandas' `to_csv` of the same two tables (the same columns, in the
    same order, as orgmap's nodes.csv and edges.csv); `json.dump` of the node-link
    data orgmap's JSON holds (lists kept, each edge with its `id`); and plain
    `executemany` of the same rows into the same SQLite tables, with the same
    indexes, full-text index and views, into a file. Building each input is not timed.
    """
    import json
    import sqlite3

    import networkx as nx

    import orgmap
    from orgmap.export.attributes import export_graph, flat
    from orgmap.export.sqlite import load as load_sqlite
    from orgmap.export.sqlite import table_rows

    dataset = orgmap.load(data)
    linked_graph = export_graph(dataset)
    for _, _, key, values in linked_graph.edges(keys=True, data=True):
        values["id"] = key
    linked = nx.node_link_data(linked_graph, edges="edges")
    del linked_graph
    graph = export_graph(dataset)
    # networkx's XML writers take plain values only: lists joined as orgmap's files join them.
    for _, values in graph.nodes(data=True):
        values.update(flat(values))
    for _, _, values in graph.edges(data=True):
        values.update(flat(values))
    frames = csv_frames(dataset)
    rows = table_rows(dataset)
    out = work / "references"
    out.mkdir(parents=True, exist_ok=True)

    def to_sqlite() -> None:
        target = out / "plain.sqlite"
        target.unlink(missing_ok=True)
        with sqlite3.connect(target) as db:
            load_sqlite(db, rows)
        db.close()

    def dump_json() -> None:
        with open(out / "plain.json", "w", encoding="utf-8") as handle:
            json.dump(linked, handle, ensure_ascii=False)

    parts = {}
    parts["graphml"], _ = timed(lambda: nx.write_graphml(graph, out / "plain.graphml"))
    parts["gexf"], _ = timed(lambda: nx.write_gexf(graph, out / "plain.gexf"))
    parts["csv"], _ = timed(lambda: [f.to_csv(out / f"plain-{i}.csv", index=False,
                                              lineterminator="\n")
                                     for i, f in enumerate(frames)])
    parts["json"], _ = timed(dump_json)
    parts["sqlite"], _ = timed(to_sqlite)
    return {"seconds": sum(parts.values()), "parts": parts}


def csv_frames(dataset: Any) -> tuple[Any, Any]:
    """nodes.csv's and edges.csv's columns as DataFrames: Id, Label and the node
    attributes; Source, Target, Type (Directed/Undirected), Id, Label, the edge
    attributes (the relation type as `relation`) and Weight."""
    import pandas as pd

    from orgmap.export.attributes import (
        edge_columns,
        flat_columns,
        node_columns,
        ordered_edges,
        ordered_entities,
        used_columns,
    )

    entities, edges = ordered_entities(dataset), ordered_edges(dataset)
    nodes = flat_columns(node_columns(entities))
    links = flat_columns(edge_columns(edges, dataset.status))
    skip = {"label", "directed", "weight"}
    node_frame = pd.DataFrame({
        "Id": [e.id for e in entities], "Label": nodes["label"],
        **{f: nodes[f] for f in used_columns(nodes) if f != "label"}})
    edge_frame = pd.DataFrame({
        "Source": [e.source for e in edges], "Target": [e.target for e in edges],
        "Type": ["Directed" if d else "Undirected" for d in links["directed"]],
        "Id": [e.id for e in edges], "Label": links["label"],
        **{("relation" if f == "type" else f): links[f] for f in used_columns(links)
           if f not in skip},
        "Weight": links["weight"]})
    return node_frame, edge_frame


def step_page(data: Path, work: Path) -> Result:
    """The whole dataset's page and a 2,000-entity selection's: written, then opened in
    Chromium (the system's, through Playwright) until first drawn and usable, i.e.
    until the page reports itself ready (`window.orgmap.ready`).

    The pages are written by the first run only (each takes minutes at 10,000
    people; the write time reported is that run's); every run opens them in a
    browser process of its own, so the opening time is a median of fresh starts.
    """
    import orgmap

    written = work / "pages.json"
    if written.exists():
        known = json.loads(written.read_text(encoding="utf-8"))
    else:
        dataset = orgmap.load(data)
        focus, depth, size = focus_of_size(dataset, 2000)
        known = {"parts": {}, "info": {}}
        for name, options in (("whole", {}), ("selection", {"focus": focus, "depth": depth})):
            target = work / f"page-{name}.html"
            known["parts"][f"{name} write"], _ = timed(
                lambda t=target, o=options: orgmap.write_html(dataset, t, **o))
            known["info"][name] = f"{target.stat().st_size / 1e6:.1f} MB"
        known["info"]["selection"] += f", focus {focus} depth {depth}: {size} entities"
        written.write_text(json.dumps(known), encoding="utf-8")
    parts = dict(known["parts"])
    for name in ("whole", "selection"):
        parts[f"{name} open"] = open_in_chromium(work / f"page-{name}.html")
    return {"seconds": sum(parts.values()), "parts": parts, "info": known["info"]}


def open_in_chromium(page: Path) -> float:
    """Seconds from asking Chromium to open the page to the page being drawn and usable."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "browser"))
    from playwright.sync_api import sync_playwright
    from screenshot import block_remote_requests, find_chromium, launch

    executable = find_chromium()
    if executable is None:
        raise RuntimeError("no Chromium: install Debian's chromium package")
    with sync_playwright() as playwright:
        browser = launch(playwright, executable)
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            block_remote_requests(tab)
            start = time.perf_counter()
            tab.goto(page.resolve().as_uri(), timeout=600_000)
            tab.wait_for_function("() => window.orgmap && window.orgmap.ready === true",
                                  timeout=600_000, polling=50)
            return time.perf_counter() - start
        finally:
            browser.close()


def peak_mb() -> float:
    """The process's peak memory so far (maximum resident set), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    result["maxrss_mb"] = peak_mb()
    line = json.dumps(result, ensure_ascii=False)
    with open(work / "steps.jsonl", "a", encoding="utf-8") as log:  # each run, as it ends
        log.write(json.dumps({"step": step, **result}, ensure_ascii=False) + "\n")
    print(line)


if __name__ == "__main__":
    main()
