"""Interlocks: every pair of bodies that share people, ranked, and the shared-people matrix.

All pairs at once would be quadratic in bodies if asked pair by pair; instead
each person's set of bodies is built once (a role in a sub-unit or nameplate
counts for every body that contains it, unless `exact`) and the pairs within
it are counted, which costs in proportion to people times their bodies squared.

Two bodies interlock through a person only when two *different* roles of that
person reach them: one role in a sub-unit that both bodies contain is one seat,
not an interlock. A body is never paired with its own sub-units or nameplates
(unless `exact`), since those share people by definition.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..data.dates import MAYBE, NO, YES, PartialDate, as_period, status_during
from ..data.selection import check_categories
from ..errors import QueryProblem
from ..vocab import BODY_KINDS, PERSON, check_kinds
from .structure import containers, expand, roles_of, span

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..data.dataset import Dataset

PAIR_COLUMNS = ["body_a_id", "body_a", "body_b_id", "body_b", "shared", "confirmed",
                "people_id", "people"]

#: body id -> {role edge id -> "yes" or "maybe"}: one person's roles counting for each body.
_Links = dict[str, dict[str, str]]


@dataclass
class Tally:
    """Who holds roles in which body, and which people each pair of bodies shares.

    Pairs are stored as numpy arrays (there can be hundreds of thousands): pair
    `n` joins bodies `first[n]` and `second[n]` (indexes into `bodies`, first <
    second) and shares the people `person[start[n]:start[n] + shared[n]]`
    (indexes into `people`, in name order), of whom those with `unsure` set are
    possible rather than confirmed.
    """

    bodies: list[str]
    people: list[str]
    members: dict[str, dict[str, str]] = field(default_factory=dict)
    """body id -> person id -> "yes" (confirmed) or "maybe" (possible)."""
    first: np.ndarray | None = None
    second: np.ndarray | None = None
    start: np.ndarray | None = None
    shared: np.ndarray | None = None
    confirmed: np.ndarray | None = None
    person: np.ndarray | None = None
    unsure: np.ndarray | None = None


def tally(dataset: Dataset, *, categories: Iterable[str] = (), kinds: Iterable[str] = (),
          at: PartialDate | str | None = None, exact: bool = False,
          possible: bool = False) -> Tally:
    """Count shared people for every pair of bodies (see `interlocks` for the options)."""
    when = as_period(at)
    eligible = eligible_bodies(dataset, set(categories), set(kinds))
    people = [i for _, i in sorted((e.name, i) for i, e in dataset.entities.items()
                                   if e.kind == PERSON)]
    result = Tally(bodies=sorted(eligible), people=people)
    position = {body: n for n, body in enumerate(result.bodies)}
    related: dict[str, frozenset[str]] = {}
    reach: dict[str, list[str]] = {}
    found: list[tuple[Any, int, Any]] = []
    for number, person in enumerate(people):
        links = _links(dataset, person, when, possible, _reach(dataset, when, exact, eligible,
                                                               reach))
        for body, roles in links.items():
            result.members.setdefault(body, {})[person] = YES if YES in roles.values() \
                else MAYBE
        if len(links) > 1:
            near = {} if exact else {b: _related(dataset, b, when, related) for b in links}
            codes, unsure = _person_pairs(links, near, position)
            if len(codes):
                found.append((codes, number, unsure))
    _gather(result, found)
    return result


def eligible_bodies(dataset: Dataset, categories: set[str], kinds: set[str]) -> set[str]:
    """Bodies of these categories and kinds (every body when both are empty).

    Raises QueryProblem for a kind that holds no roles or a category no entity has:
    a typo would otherwise quietly select nothing.
    """
    wrong = sorted(check_kinds(kinds) - BODY_KINDS)
    if wrong:
        raise QueryProblem(f"kind '{wrong[0]}' holds no roles; bodies are of kind "
                           + " or ".join(sorted(BODY_KINDS)))
    check_categories(dataset, categories)
    return {
        entity.id for entity in dataset.entities.values()
        if entity.kind in BODY_KINDS
        and (not categories or (entity.category or "") in categories)
        and (not kinds or entity.kind in kinds)
    }


def _reach(dataset: Dataset, when: PartialDate | None, exact: bool, eligible: set[str],
           cache: dict[str, list[str]]) -> Callable[[str], list[str]]:
    """The eligible bodies a role in a given body counts for, memoised per body."""
    def bodies_for(target: str) -> list[str]:
        found = cache.get(target)
        if found is None:
            around = {target} if exact else containers(dataset, target, when)
            found = cache[target] = [b for b in around if b in eligible]
        return found
    return bodies_for


def _links(dataset: Dataset, person: str, when: PartialDate | None, possible: bool,
           bodies_for: Callable[[str], list[str]]) -> _Links:
    links: _Links = {}
    for edge in roles_of(dataset, person):
        answer = YES if when is None else status_during(span(dataset, edge), when)
        if answer == NO or (answer == MAYBE and not possible):
            continue
        for body in bodies_for(edge.target):
            links.setdefault(body, {})[edge.id] = answer
    return links


def _related(dataset: Dataset, body: str, when: PartialDate | None,
             cache: dict[str, frozenset[str]]) -> frozenset[str]:
    """Bodies never paired with this one: those containing it and those it contains."""
    found = cache.get(body)
    if found is None:
        found = cache[body] = containers(dataset, body, when) | expand(dataset, body, when)
    return found


def _person_pairs(links: _Links, near: dict[str, frozenset[str]], position: dict[str, int]
                  ) -> tuple[Any, Any]:
    """Codes (first * len(bodies) + second) of one person's interlocking pairs, and for
    each whether it is only possible.

    Vectorised over the person's pairs of bodies: this is the hot loop of
    all-pairs interlocks, run once per person.
    """
    import numpy as np

    bodies = sorted(links, key=position.__getitem__)
    size = len(bodies)
    index = np.array([position[b] for b in bodies], dtype=np.int64)
    left, right = _upper_pairs(size)
    keep = np.ones(len(left), dtype=bool)
    # One role that both bodies contain is one seat, not an interlock.
    edges: dict[str, int] = {}
    single = np.array([edges.setdefault(next(iter(links[b])), len(edges))
                       if len(links[b]) == 1 else -1 - n for n, b in enumerate(bodies)],
                      dtype=np.int64)
    keep &= single[left] != single[right]
    if near:
        blocked = np.zeros((size, size), dtype=bool)
        at = {b: n for n, b in enumerate(bodies)}
        for n, body in enumerate(bodies):
            for other in near[body].intersection(at):
                blocked[n, at[other]] = True
        keep &= ~blocked[left, right]
    left, right = left[keep], right[keep]
    unsure = np.zeros(len(left), dtype=bool)
    if any(a != YES for roles in links.values() for a in roles.values()):
        unsure = np.array([_pair_answer(links[bodies[i]], links[bodies[j]]) != YES
                           for i, j in zip(left.tolist(), right.tolist(), strict=True)],
                          dtype=bool)
    return index[left] * len(position) + index[right], unsure


@lru_cache(maxsize=16)
def _upper_pairs(size: int) -> tuple[Any, Any]:
    """Index pairs i < j for `size` items, cached by size (a person holds roles in a few
    bodies, so a few sizes recur; the bound keeps an outlier's arrays from staying)."""
    import numpy as np

    return np.triu_indices(size, k=1)


def _pair_answer(first: dict[str, str], second: dict[str, str]) -> str:
    """Confirmed when two different confirmed roles reach the two bodies, else possible."""
    sure_first = {e for e, a in first.items() if a == YES}
    sure_second = {e for e, a in second.items() if a == YES}
    if sure_first and sure_second and len(sure_first | sure_second) >= 2:
        return YES
    return MAYBE


def _gather(result: Tally, found: list[tuple[Any, int, Any]]) -> None:
    """Group every person's pair codes by pair, people kept in name order.

    Each (pair, person, unsure) entry is packed into one integer and the lot
    sorted once: sorting plain integers is much faster than an argsort and the
    gathers it needs, and millions of entries are common on large datasets.
    """
    import numpy as np

    people = max(len(result.people), 1)
    if found:
        packed = np.concatenate([(codes * people + number) * 2 + unsure
                                 for codes, number, unsure in found])
    else:
        packed = np.zeros(0, dtype=np.int64)
    packed.sort()
    entry, result.unsure = np.divmod(packed, 2)
    codes, result.person = np.divmod(entry, people)
    result.unsure = result.unsure.astype(bool)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else \
        np.zeros(0, dtype=np.int64)
    result.start = starts
    result.shared = np.diff(np.r_[starts, len(codes)])
    result.confirmed = result.shared - np.add.reduceat(result.unsure.astype(np.int64), starts) \
        if len(codes) else np.zeros(0, dtype=np.int64)
    result.first, result.second = np.divmod(codes[starts], max(len(result.bodies), 1))


def interlocks(dataset: Dataset, *, min_shared: int = 1, categories: Iterable[str] = (),
               kinds: Iterable[str] = (), at: PartialDate | str | None = None,
               exact: bool = False, possible: bool = False) -> pd.DataFrame:
    """Pairs of bodies sharing at least `min_shared` people, most shared first.

    A role in a sub-unit or nameplate counts for every body containing it, and a
    body is never paired with its own sub-units or nameplates, unless `exact`.
    `categories` and `kinds` restrict the bodies paired; `at` counts only roles
    in force during that date, confirmed ones unless `possible` (then the
    `confirmed` column counts the people confirmed in both).
    """
    counted = tally(dataset, categories=categories, kinds=kinds, at=at, exact=exact,
                    possible=possible)
    return pairs_frame(dataset, counted, min_shared)


def pairs_frame(dataset: Dataset, counted: Tally, min_shared: int = 1) -> pd.DataFrame:
    """The ranked pairs of a Tally as a table, ids next to names."""
    import numpy as np
    import pandas as pd

    names = {i: e.name for i, e in dataset.entities.items()}
    chosen = np.flatnonzero(counted.shared >= min_shared)
    body_rank = _rank_by_name(counted.bodies, names)
    order = chosen[np.lexsort((body_rank[counted.second[chosen]],
                               body_rank[counted.first[chosen]],
                               -counted.confirmed[chosen], -counted.shared[chosen]))]
    ids = [counted.people, [len(p) for p in counted.people]]
    shown = [[names[p] for p in counted.people], [len(names[p]) for p in counted.people]]
    starts, sizes = counted.start[order], counted.shared[order]
    first = [counted.bodies[n] for n in counted.first[order].tolist()]
    second = [counted.bodies[n] for n in counted.second[order].tolist()]
    return pd.DataFrame({
        "body_a_id": first,
        "body_a": [names[b] for b in first],
        "body_b_id": second,
        "body_b": [names[b] for b in second],
        "shared": sizes.tolist(),
        "confirmed": counted.confirmed[order].tolist(),
        "people_id": _joined_runs(counted, *ids, starts, sizes),
        "people": _joined_runs(counted, *shown, starts, sizes, mark=" (possible)"),
    }, columns=PAIR_COLUMNS)


def _joined_runs(counted: Tally, texts: list[str], lengths: list[int], starts: Any, sizes: Any,
                 mark: str = "") -> list[str]:
    """For each pair, '; '.join of the texts of its people (`mark` after possible ones).

    Built by joining every entry once and slicing that string per pair: with
    millions of entries this is several times faster than a join per pair.
    """
    import numpy as np

    separator = "; "
    entries = np.array(texts, dtype=object)[counted.person]
    width = np.array(lengths, dtype=np.int64)[counted.person] + len(separator)
    if mark:
        for n in np.flatnonzero(counted.unsure).tolist():
            entries[n] += mark
        width += counted.unsure * len(mark)
    whole = separator.join(entries.tolist())
    offset = np.r_[0, np.cumsum(width)]
    begin = offset[starts].tolist()
    end = (offset[starts + sizes] - len(separator)).tolist()
    return [whole[a:b] for a, b in zip(begin, end, strict=True)]


def _rank_by_name(bodies: list[str], names: dict[str, str]) -> Any:
    import numpy as np

    rank = np.zeros(len(bodies), dtype=np.int64)
    for n, index in enumerate(sorted(range(len(bodies)),
                                     key=lambda i: (names[bodies[i]], bodies[i]))):
        rank[index] = n
    return rank


def matrix_frame(dataset: Dataset, counted: Tally, min_shared: int = 1) -> pd.DataFrame:
    """Body-by-body shared-people counts for the bodies in pairs sharing >= `min_shared`.

    Columns: `body_id`, `body`, then one column per body id; the diagonal holds
    the number of people with a role in that body.
    """
    import pandas as pd

    shared: dict[str, dict[str, int]] = defaultdict(dict)
    for first, second, count in zip(counted.first.tolist(), counted.second.tolist(),
                                    counted.shared.tolist(), strict=True):
        if count >= min_shared:
            a, b = counted.bodies[first], counted.bodies[second]
            shared[a][b] = shared[b][a] = count
    names = {i: e.name for i, e in dataset.entities.items()}
    bodies = sorted(shared, key=lambda b: (names[b], b))
    rows = []
    for body in bodies:
        row: dict[str, Any] = {"body_id": body, "body": names[body]}
        for other in bodies:
            row[other] = len(counted.members[body]) if other == body else \
                shared[body].get(other, 0)
        rows.append(row)
    return pd.DataFrame(rows, columns=["body_id", "body", *bodies])


def interlock_matrix(dataset: Dataset, *, min_shared: int = 1, categories: Iterable[str] = (),
                     kinds: Iterable[str] = (), at: PartialDate | str | None = None,
                     exact: bool = False, possible: bool = False) -> pd.DataFrame:
    """The shared-people matrix for the same options as `interlocks`."""
    counted = tally(dataset, categories=categories, kinds=kinds, at=at, exact=exact,
                    possible=possible)
    return matrix_frame(dataset, counted, min_shared)
