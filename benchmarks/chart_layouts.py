"""Compare layered layouts for the page's chart view on one dataset, side by side.

    python benchmarks/chart_layouts.py            # the bundled data (events included)
    python benchmarks/chart_layouts.py --data DIR

All candidates get the chart's own tiers (`chart.layer`); they differ in how
they order each tier. For each: crossings of the lines between adjacent tiers
(a line spanning several tiers is counted through its bends), the widest tier
in slots, and the time taken. Candidates:

* data order: each tier in the order of the data file, lines straight through
  (what networkx's `multipartite_layout` gives for the same tiers);
* igraph Sugiyama: python-igraph's `layout_sugiyama` with the tiers given
  (barycenter crossing reduction, bends for long lines), as the page uses;
* Graphviz dot: the figure's layout, read back from `dot -Tjson` (order only),
  when `dot` is installed.

Not part of the tests; docs/org-chart.md quotes its output.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time
from itertools import combinations
from pathlib import Path

import orgmap
from orgmap.page.chart import drawn_bodies, layer, nameplate_groups
from orgmap.page.chart_layout import place


def crossings(tier: dict[str, int], x: dict[str, float], routes: list[list[float]],
              links: list) -> int:
    """Crossings between segments joining adjacent tiers (bends as given)."""
    segments: dict[int, list[tuple[float, float]]] = {}
    for link, route in zip(links, routes, strict=True):
        top, bottom = tier[link.parent], tier[link.child]
        if top >= bottom:
            continue
        xs = [x[link.parent], *route, x[link.child]]
        if len(xs) != bottom - top + 1:
            xs = [x[link.parent]] + [x[link.child]] * (bottom - top)
        for step in range(bottom - top):
            segments.setdefault(top + step, []).append((xs[step], xs[step + 1]))
    count = 0
    for pairs in segments.values():
        for (a0, a1), (b0, b1) in combinations(pairs, 2):
            if (a0 - b0) * (a1 - b1) < 0:
                count += 1
    return count


def widest(tier: dict[str, int], x: dict[str, float]) -> float:
    rows: dict[int, list[float]] = {}
    for box, value in x.items():
        rows.setdefault(tier[box], []).append(value)
    return max((max(v) - min(v) + 1 for v in rows.values()), default=0)


def data_order(layers) -> tuple[dict[str, float], list[list[float]]]:
    linked = {b for link in layers.links for b in (link.parent, link.child)}
    x: dict[str, float] = {}
    for row in layers.tiers:
        for position, box in enumerate(b for b in row if b in linked):
            x[box] = float(position)
    return x, [[] for _ in layers.links]


def dot_order(layers) -> tuple[dict[str, float], list[list[float]]] | None:
    if shutil.which("dot") is None:
        return None
    lines = ["digraph { newrank=true;"]
    linked = {b for link in layers.links for b in (link.parent, link.child)}
    for number, row in enumerate(layers.tiers):
        members = " ".join(f'"{b}"' for b in row if b in linked)
        lines.append(f'{{ rank=same; "t{number}"; {members} }}')
        if number:
            lines.append(f'"t{number - 1}" -> "t{number}" [style=invis];')
    for link in layers.links:
        lines.append(f'"{link.parent}" -> "{link.child}";')
    lines.append("}")
    found = json.loads(subprocess.run(["dot", "-Tjson"], input="\n".join(lines), text=True,
                                      capture_output=True, check=True).stdout)
    x: dict[str, float] = {}
    for node in found.get("objects", []):
        if node["name"] in linked:
            x[node["name"]] = float(node["pos"].split(",")[0])
    ranks: dict[int, list[str]] = {}
    for box in x:
        ranks.setdefault(layers.tier[box], []).append(box)
    for row in ranks.values():  # positions -> slots, so widths compare
        for position, box in enumerate(sorted(row, key=x.get)):
            x[box] = float(position)
    return x, [[] for _ in layers.links]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).parent.parent / "data"))
    arguments = parser.parse_args()
    dataset = orgmap.load(arguments.data)
    layers = layer(dataset, nameplate_groups(dataset, drawn_bodies(dataset, events=True)))
    print(f"{len(layers.members)} boxes, {len(layers.links)} lines, {len(layers.tiers)} tiers")
    print(f"{'layout':<18}{'crossings':>10}{'widest tier':>13}{'time':>10}")
    candidates = {
        "data order": lambda: data_order(layers),
        "igraph Sugiyama": lambda: (lambda p: (p.x, p.routes))(place(layers)),
        "Graphviz dot": lambda: dot_order(layers),
    }
    for name, run in candidates.items():
        started = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - started
        if result is None:
            print(f"{name:<18}{'(dot not installed)':>33}")
            continue
        x, routes = result
        print(f"{name:<18}{crossings(layers.tier, x, routes, layers.links):>10}"
              f"{widest(layers.tier, x):>13.0f}{elapsed * 1000:>8.0f}ms")


if __name__ == "__main__":
    main()
