"""Overlapping leadership: people who hold roles in every one of several bodies.

Each question in this package is a plain function `f(dataset, ...) ->
pandas.DataFrame`, usable from a notebook as well as behind the CLI.
Machine-readable columns carry ids (`person_id`, `body_id`, ...) next to the
display names.

Time follows the rules of `data/dates.py` (see docs/queries.md): partial dates are
whole periods, a missing start or end is unknown, `as_of` attests a day in
force, and a role ending on the day another starts is a handover. So answers
are three-valued, and a person is listed as "confirmed" only when the data
shows it, or as "possible" when it merely cannot rule it out.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..data.dates import (
    MAYBE,
    NO,
    YES,
    PartialDate,
    Status,
    as_period,
    sort_key,
    status_during,
    status_together,
)
from ..errors import QueryProblem
from .rows import (
    ROLE_SEPARATOR,
    dates_text,
    role_text,
    sources_text,
)
from .structure import (
    bodies_of,
    expand,
    holders_in,
    require_bodies,
    resolve_all,
    roles_of,
    span,
)
from .table import Table

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Edge, Entity

LAYOUTS = ("wide", "long")
OVERLAP_LONG_COLUMNS = ["person_id", "person", "status", "asked_id", "asked", "body_id", "body",
                        "role", "dates", "sources", "edge_id"]


def _worst(answers: Iterable[Status]) -> Status:
    return min(answers, key=attrgetter("rank"), default=NO)


# -- overlap -------------------------------------------------------------------


def overlap(dataset: Dataset, bodies: Sequence[str | Entity], *, exact: bool = False,
            at: PartialDate | str | None = None, concurrent: bool = False,
            possible: bool = False, layout: str = "wide") -> pd.DataFrame:
    """People who hold a role (a `role` or `member` edge) in every one of `bodies`.

    Each body counts with its sub-units and nameplates unless `exact`. With
    `at`, only roles in force during that date count (and sub-units and
    nameplates not ruled out on that date); with `concurrent`, the
    roles must have been held at one same time. Only people the data confirms
    are listed unless `possible`; the `status` column says which.

    The "wide" layout has one row per person and, for each body asked about (by
    its id `b`), `b_body_id` and `b_body` (the exact body of each role),
    `b_role`, `b_dates` and `b_sources`, several roles separated by " | ".
    The "long" layout has one row per role: `asked_id`/`asked` (the body asked
    about), `body_id`/`body` (the exact body), role, dates, sources, `edge_id`.
    """
    return overlap_table(dataset, bodies, exact=exact, at=at, concurrent=concurrent,
                         possible=possible, layout=layout).frame()


def overlap_table(dataset: Dataset, bodies: Sequence[str | Entity], *, exact: bool = False,
                  at: PartialDate | str | None = None, concurrent: bool = False,
                  possible: bool = False, layout: str = "wide") -> Table:
    """`overlap` as plain rows (see `table.py`)."""
    if layout not in LAYOUTS:
        raise QueryProblem(f"unknown layout '{layout}'; use one of: {', '.join(LAYOUTS)}")
    asked = resolve_all(dataset, bodies)
    require_bodies(asked)
    if len(asked) < 2:
        raise QueryProblem("overlap needs two or more different bodies")
    when = as_period(at)
    scopes = [frozenset({b.id}) if exact else expand(dataset, b.id, when) for b in asked]
    found = []
    for person_id in _candidates(dataset, scopes):
        per_body = _roles_by_scope(dataset, person_id, scopes, when)
        answer, chosen = _judge(dataset, per_body, concurrent)
        if answer == YES or (possible and answer == MAYBE):
            person = dataset.entity_record(person_id)
            found.append(((answer != YES, person.label, person_id), answer, chosen))
    found.sort(key=lambda item: item[0])
    if layout == "long":
        rows = [row for (_, _, person_id), answer, chosen in found
                for row in _long_rows(dataset, person_id, answer, asked, chosen)]
        return Table(OVERLAP_LONG_COLUMNS, rows)
    rows = [_wide_row(dataset, person_id, answer, asked, chosen)
            for (_, _, person_id), answer, chosen in found]
    return Table(_wide_columns(asked), rows)


def _candidates(dataset: Dataset, scopes: list[frozenset[str]]) -> list[str]:
    """People with a role somewhere in every scope: the only ones whose dates need checking.

    Starts from the scope with the fewest relations; each further scope is
    checked from whichever side touches fewer edges: the roles into the scope,
    or the candidates' own roles (a ministry with thousands of staff is not
    scanned to learn which of three people sit in it).
    """
    ordered = sorted(scopes, key=lambda scope: _edges_into(dataset, scope))
    common = {person for body in ordered[0] for person in holders_in(dataset, body)}
    for scope in ordered[1:]:
        if not common:
            break
        if sum(len(dataset.records_from(p)) for p in common) < _edges_into(dataset, scope):
            common = {p for p in common
                      if any(body in scope for body in bodies_of(dataset, p))}
        else:
            common &= {person for body in scope for person in holders_in(dataset, body)}
    return sorted(common)


def _edges_into(dataset: Dataset, scope: frozenset[str]) -> int:
    return sum(map(dataset.count_to, scope))


def _roles_by_scope(dataset: Dataset, person_id: str, scopes: list[frozenset[str]],
                    when: PartialDate | None) -> list[list[tuple[Edge, str]]]:
    """For each scope, the person's roles in it that could count, each with its answer."""
    found: list[list[tuple[Edge, str]]] = [[] for _ in scopes]
    edges = roles_of(dataset, person_id)
    for position, body in enumerate(bodies_of(dataset, person_id)):
        inside = [index for index, scope in enumerate(scopes) if body in scope]
        if not inside:
            continue  # not read at all: a role elsewhere is never decoded
        edge = edges[position]
        answer = YES if when is None else status_during(span(dataset, edge), when)
        if answer == NO:
            continue
        for index in inside:
            found[index].append((edge, answer))
    return found


def _judge(dataset: Dataset, per_body: list[list[tuple[Edge, str]]], concurrent: bool
           ) -> tuple[str, list[list[Edge]]]:
    """The person's answer and, per body, the roles that support it.

    Each body must be matched by a different role: one role in a sub-unit that
    two of the bodies contain does not make its holder a member of both.
    """
    best = NO
    support: list[set[str]] = [set() for _ in per_body]
    for combination in itertools.product(*per_body):
        edges = [edge for edge, _ in combination]
        if len({edge.id for edge in edges}) < len(edges):
            continue
        answer = _worst(a for _, a in combination)
        if concurrent and answer != NO:
            answer = _worst([answer, status_together([span(dataset, e) for e in edges])])
        if answer == NO or answer.rank < best.rank:
            continue
        if answer.rank > best.rank:
            best, support = answer, [set() for _ in per_body]
        for index, edge in enumerate(edges):
            support[index].add(edge.id)
    chosen = [[e for e, _ in roles if e.id in ids]
              for roles, ids in zip(per_body, support, strict=True)]
    return best, chosen


def _in_order(edges: list[Edge]) -> list[Edge]:
    return sorted(edges, key=lambda e: (sort_key(e.start, e.end, e.as_of, e.ended_by), e.id))


def _wide_row(dataset: Dataset, person_id: str, answer: str, asked: list[Entity],
              chosen: list[list[Edge]]) -> dict[str, Any]:
    row: dict[str, Any] = {"person_id": person_id,
                           "person": dataset.entity_record(person_id).label,
                           "status": answer.word}
    for body, edges in zip(asked, chosen, strict=True):
        edges = _in_order(edges)
        row[f"{body.id}_body_id"] = ROLE_SEPARATOR.join(e.target for e in edges)
        row[f"{body.id}_body"] = ROLE_SEPARATOR.join(dataset.entity_record(e.target).name
                                                     for e in edges)
        row[f"{body.id}_role"] = ROLE_SEPARATOR.join(role_text(e) or e.type for e in edges)
        row[f"{body.id}_dates"] = ROLE_SEPARATOR.join(dates_text(e) for e in edges)
        row[f"{body.id}_sources"] = ROLE_SEPARATOR.join(sources_text(e) for e in edges)
    return row


def _wide_columns(asked: list[Entity]) -> list[str]:
    columns = ["person_id", "person", "status"]
    for body in asked:
        columns += [f"{body.id}_{part}" for part in ("body_id", "body", "role", "dates",
                                                     "sources")]
    return columns


def _long_rows(dataset: Dataset, person_id: str, answer: str, asked: list[Entity],
               chosen: list[list[Edge]]) -> list[dict[str, Any]]:
    rows = []
    for body, edges in zip(asked, chosen, strict=True):
        for edge in _in_order(edges):
            rows.append({
                "person_id": person_id, "person": dataset.entity_record(person_id).label,
                "status": answer.word, "asked_id": body.id, "asked": body.name,
                "body_id": edge.target, "body": dataset.entity_record(edge.target).name,
                "role": role_text(edge) or edge.type, "dates": dates_text(edge),
                "sources": sources_text(edge), "edge_id": edge.id,
            })
    return rows
