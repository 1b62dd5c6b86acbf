"""Brokers: people and bodies ranked by degree and betweenness.

Centrality is computed on a simple undirected projection of the people and
bodies (parallel edges merged, direction ignored): a broker links others
whichever way the relation points. Documents and concepts are left out by
default because an issued text or a shared slogan is not a channel of
influence between two bodies.

Exact betweenness costs one breadth-first search per entity; on large graphs
it is estimated from a sample of source entities drawn with a fixed seed, so
the same data gives the same ranking. The frame's `attrs["note"]` says which.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import QueryProblem
from ..vocab import EVENT, ORGANIZATION, PERSON, check_kinds

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from ..data.dataset import Dataset

CENTRALITY_COLUMNS = ["rank", "entity_id", "entity", "kind", "category", "degree",
                      "betweenness"]
DEFAULT_KINDS = (PERSON, ORGANIZATION, EVENT)
#: Above this many breadth-first-search steps (sources x edges), betweenness is sampled.
EXACT_BUDGET = 5_000_000
#: The seed for sampled betweenness: fixed so that rankings are reproducible.
SEED = 0
RANKINGS = ("betweenness", "degree")


def projection(dataset: Dataset, kinds: Iterable[str] = DEFAULT_KINDS) -> nx.Graph:
    """A simple undirected graph of the entities of `kinds` and the edges among them."""
    import networkx as nx

    wanted = set(kinds)
    graph = nx.Graph()
    graph.add_nodes_from(i for i, e in dataset.entities.items() if e.kind in wanted)
    graph.add_edges_from((e.source, e.target) for e in dataset.edges
                         if e.source in graph and e.target in graph and e.source != e.target)
    return graph


def centrality(dataset: Dataset, *, top: int | None = 20, kinds: Iterable[str] = DEFAULT_KINDS,
               by: str = "betweenness", sample: int | None = None) -> pd.DataFrame:
    """Entities ranked by betweenness (or degree, with `by="degree"`); the first `top`.

    `degree` counts distinct neighbours; `betweenness` is normalised to 0..1.
    `sample` fixes how many source entities estimate betweenness; by default it
    is exact unless the graph is large (see EXACT_BUDGET).
    """
    import networkx as nx
    import pandas as pd

    kinds = tuple(kinds)
    check_kinds(kinds)
    if by not in RANKINGS:
        raise QueryProblem(f"cannot rank by '{by}'; use one of: {', '.join(RANKINGS)}")
    graph = projection(dataset, kinds)
    nodes = graph.number_of_nodes()
    k = _sample_size(nodes, graph.number_of_edges(), sample)
    between = nx.betweenness_centrality(graph, k=k, seed=SEED if k else None)
    rows = []
    for entity_id in graph:
        entity = dataset.entities[entity_id]
        rows.append({"entity_id": entity_id, "entity": entity.label, "kind": entity.kind,
                     "category": entity.category or "", "degree": graph.degree(entity_id),
                     "betweenness": round(between[entity_id], 6)})
    other = "degree" if by == "betweenness" else "betweenness"
    rows.sort(key=lambda r: (-r[by], -r[other], r["entity"], r["entity_id"]))
    rows = rows[:top] if top is not None else rows
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    frame = pd.DataFrame(rows, columns=CENTRALITY_COLUMNS)
    frame.attrs["note"] = (
        f"betweenness estimated from {k} of {nodes} entities sampled as sources (seed {SEED})"
        if k else f"betweenness exact over {nodes} entities")
    return frame


def _sample_size(nodes: int, edges: int, sample: int | None) -> int | None:
    """None for exact betweenness, else the number of sampled sources."""
    if sample is not None:
        if sample < 1:
            raise QueryProblem("the betweenness sample must be at least 1")
        return sample if sample < nodes else None
    if nodes * max(edges, 1) <= EXACT_BUDGET:
        return None
    return max(32, min(nodes - 1, EXACT_BUDGET // max(edges, 1)))
