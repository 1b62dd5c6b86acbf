"""Node positions computed in Python, for graphs too large for the browser's physics.

vis-network's physics simulation never settles on thousands of nodes: the page
stays busy and the picture keeps moving. Above `html.PHYSICS_NODE_LIMIT` nodes
the page is drawn from fixed positions computed here instead, with physics off.

The algorithm is Fruchterman-Reingold with gravity towards the centre (so
disconnected pieces stay in view), written with numpy only: repulsion is exact
but computed in row blocks so memory stays bounded, and the number of
iterations shrinks as the graph grows so a layout takes seconds, not minutes.
The random start is seeded, so the same data always gives the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Total pairwise interactions to spend on the layout; bounds the running time.
PAIR_BUDGET = 2e8
MIN_ITERATIONS = 25
MAX_ITERATIONS = 200
#: How strongly every node is pulled towards the centre (keeps components together).
GRAVITY = 0.02
#: Pixels per unit of ideal edge length in the returned coordinates.
PIXELS_PER_UNIT = 140.0


def force_layout(node_ids: Sequence[str], links: Sequence[tuple[str, str]], *,
                 seed: int = 7, iterations: int | None = None) -> dict[str, tuple[float, float]]:
    """Node id -> (x, y) in pixels, centred on the origin, rounded to 0.1 px.

    `links` are (source, target) pairs; their direction and multiplicity only
    make the pull between two nodes stronger.
    """
    import numpy as np

    count = len(node_ids)
    if count == 0:
        return {}
    if count == 1:
        return {node_ids[0]: (0.0, 0.0)}
    index = {node_id: i for i, node_id in enumerate(node_ids)}
    pairs = np.array([(index[a], index[b]) for a, b in links if a != b], dtype=np.int64)
    pairs = pairs.reshape(-1, 2)
    rounds = iterations or _iterations_for(count)
    rng = np.random.default_rng(seed)
    spread = math.sqrt(count)
    position = rng.uniform(-spread, spread, size=(count, 2))
    temperature = spread / 4
    cooling = temperature / (rounds + 1)
    block = max(1, int(4_000_000 // count))
    for _ in range(rounds):
        shift = _repulsion(position, block) - GRAVITY * position
        if len(pairs):
            shift += _attraction(position, pairs)
        length = np.sqrt((shift**2).sum(axis=1))
        length[length == 0] = 1.0
        position += shift / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature -= cooling
    position -= position.mean(axis=0)
    return {
        node_id: (round(float(x) * PIXELS_PER_UNIT, 1), round(float(y) * PIXELS_PER_UNIT, 1))
        for node_id, (x, y) in zip(node_ids, position, strict=True)
    }


def _iterations_for(count: int) -> int:
    return int(max(MIN_ITERATIONS, min(MAX_ITERATIONS, PAIR_BUDGET / count**2)))


def _repulsion(position: NDArray, block: int) -> NDArray:
    """Every node pushes every other away with force 1/distance (ideal length 1).

    With w_ij = 1/d_ij^2 the push on i is x_i * sum_j w_ij - sum_j w_ij x_j, so one
    block costs two matrix products instead of an n x n x 2 array of differences.
    """
    import numpy as np

    squares = (position**2).sum(axis=1)
    shift = np.empty_like(position)
    for start in range(0, len(position), block):
        rows = position[start:start + block]
        weight = rows @ position.T
        weight *= -2.0
        weight += squares[start:start + block, None]
        weight += squares[None, :]
        np.maximum(weight, 1e-6, out=weight)
        np.reciprocal(weight, out=weight)
        own = np.arange(len(rows))
        weight[own, start + own] = 0.0
        shift[start:start + block] = rows * weight.sum(axis=1)[:, None] - weight @ position
    return shift


def _attraction(position: NDArray, pairs: NDArray) -> NDArray:
    """Linked nodes pull together with force distance squared (ideal length 1)."""
    import numpy as np

    delta = position[pairs[:, 0]] - position[pairs[:, 1]]
    distance = np.sqrt((delta**2).sum(axis=1))
    pull = delta * distance[:, None]
    shift = np.zeros_like(position)
    np.add.at(shift, pairs[:, 0], -pull)
    np.add.at(shift, pairs[:, 1], pull)
    return shift
