"""The people network: ties as a graph of people, for the exports and the page.

A node per person in at least one tie; an edge per pair, weighted by the
number of bodies they shared, carrying the years together, the status and the
bodies, and the *stretches* when both were possibly in post at once (each
pair of roles' possible intervals intersected, overlapping stretches merged),
which GEXF writes as spells so that Gephi's timeline shows ties forming and
dissolving, as its timeline of the map shows relations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..data.dates import MAX_DAY, MIN_DAY, day_to_iso
from .tie_tables import by_body, group_numbers, oriented, wide_frame
from .ties import meetings_for, tie_names

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Entity
    from .copresence import Meetings

#: A stretch of days: first and last ISO day, None where the data leaves it open.
Stretch = tuple[str | None, str | None]


@dataclass
class PeopleNetwork:
    """People (by id) and their ties: `pairs` is the `ties` table, `stretches` maps
    (person_a_id, person_b_id) to when they were possibly in post together."""

    people: list[Entity]
    pairs: pd.DataFrame
    stretches: dict[tuple[str, str], list[Stretch]]


def people_network(dataset: Dataset, people: Sequence[str | Entity] = (), *,
                   min_shared: int = 1, **options: object) -> PeopleNetwork:
    """The ties (same options as `ties`) as a network of people."""
    found, focus, period = meetings_for(dataset, people, **options)  # type: ignore[arg-type]
    pairs = wide_frame(by_body(found, focus, period), tie_names(dataset), min_shared)
    kept = set(zip(pairs["person_a_id"], pairs["person_b_id"], strict=True))
    stretches = {key: spans for key, spans in _stretches(dataset, found, focus).items()
                 if key in kept}
    ids = sorted({p for pair in kept for p in pair})
    return PeopleNetwork([dataset.entities[i] for i in ids], pairs, stretches)


def _stretches(dataset: Dataset, found: Meetings, focus: frozenset[int]
               ) -> dict[tuple[str, str], list[Stretch]]:
    """Per pair, the merged stretches of days both were possibly in post at once."""
    import pandas as pd

    table = found.spells
    a, b = oriented(found, focus)
    low = np.maximum(table.possible_from[found.first], table.possible_from[found.second])
    high = np.minimum(table.possible_until[found.first], table.possible_until[found.second])
    order = np.lexsort((high, low, b, a))
    a, b, low, high = a[order], b[order], low[order], high[order]
    pair = group_numbers(a, b)
    reach = pd.Series(high).groupby(pair).cummax().to_numpy()
    fresh = np.r_[True, (pair[1:] != pair[:-1]) | (low[1:] > reach[:-1])] if len(pair) \
        else np.zeros(0, dtype=bool)
    firsts = np.flatnonzero(fresh)
    lasts = np.maximum.reduceat(high, firsts) if len(firsts) else high
    ids = tie_names(dataset).person_ids
    result: dict[tuple[str, str], list[Stretch]] = {}
    for n, at in enumerate(firsts.tolist()):
        start, until = int(low[at]), int(lasts[n])
        key = (ids[a[at]], ids[b[at]])
        result.setdefault(key, []).append(
            (day_to_iso(start) if start > MIN_DAY else None,
             day_to_iso(until - 1) if until < MAX_DAY else None))
    return result


def shared_label(shared: int) -> str:
    """'1 shared body', '3 shared bodies': a tie's label in Gephi and on the page."""
    return f"{shared} shared {'body' if shared == 1 else 'bodies'}"


def as_dataset(network: PeopleNetwork) -> Dataset:
    """The network as a Dataset the page can draw: people joined by one edge per tie, its
    note naming the bodies shared, its label the number of them; a tie the dates only
    make possible has status "maybe", so the page draws it faint. The edges are stored as
    `affiliated`, the one symmetric relation without a meaning of its own; the page, told
    it draws ties (`render_html(..., ties=True)`), gives them their own look and words."""
    from ..data.dataset import Dataset
    from ..data.dates import MAYBE, YES
    from ..data.model import Edge

    edges, status = [], {}
    for n, pair in enumerate(network.pairs.to_dict("records")):
        ident = f"tie-{n + 1}"
        shared = int(pair["shared"])
        edges.append(Edge.model_validate({
            "from": pair["person_a_id"], "to": pair["person_b_id"], "type": "affiliated",
            "id": ident, "role": shared_label(shared),
            "note": f"served together ({pair['years']} years): {pair['bodies']}"}))
        status[ident] = YES if pair["status"] == "confirmed" else MAYBE
    return Dataset(network.people, edges, status=status, origin="people")
