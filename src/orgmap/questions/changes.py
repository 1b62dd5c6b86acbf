"""What changed in one dataset between two dates: relations that came into force or
ended, bodies founded or dissolved, and who arrived and left in each body.

The time rules are those of docs/queries.md. A relation *came into force* in the
window when its first day `s` lies in it, and *ended* when its end `e` (the
first day no longer in force) does; both are known only within bounds. Between
`--from` (its first day) and `--to` (its last day):

- **confirmed** when every possible `s` (or `e`) lies inside the window;
- **possible** when some do;
- ruled out otherwise (not listed).

A `succeeded_by` relation (a body renamed, upgraded or absorbed) is dated by its
own `start`, else by the successor's `start`, else by the predecessor's `end`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..data.dates import MAX_DAY, MAYBE, MIN_DAY, NO, YES, PartialDate, Status
from ..vocab import ROLE_TYPES

if TYPE_CHECKING:
    import pandas as pd

    from ..data.dataset import Dataset
    from ..data.model import Edge

BEGAN, ENDED = "began", "ended"
COLUMNS = ["change", "item", "id", "label", "status", "date", "person", "body", "role"]


def changes(dataset: Dataset, start: PartialDate, end: PartialDate, *,
            possible: bool = False) -> pd.DataFrame:
    """One row per relation or body that began or ended between `start` and `end`."""
    import pandas as pd

    window = (start.first, end.last)
    keep = {YES, MAYBE} if possible else {YES}
    rows = []
    for entity in dataset.entities.values():
        if entity.kind != "organization":
            continue
        for change, date in ((BEGAN, entity.start), (ENDED, entity.end)):
            status = _status(date.first, date.last, window) if date else NO
            if status in keep:
                rows.append(_row(change, "entity", entity.id, entity.name, status, str(date)))
    for edge in dataset.edges:
        for change, (lo, hi), date in _moments(dataset, edge):
            status = _status(lo, hi, window)
            if status in keep:
                rows.append(_edge_row(dataset, edge, change, status, date))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = {BEGAN: 0, ENDED: 1}
    return frame.sort_values(["change", "date"], key=lambda c: c.map(order) if c.name ==
                             "change" else c, kind="stable").reset_index(drop=True)


def _moments(dataset: Dataset, edge: Edge) -> list[tuple[str, tuple[int, int], str]]:
    """(change, bounds of the day it happened, date text) for the edge's start and end."""
    if edge.type == "succeeded_by":
        date = (edge.start or dataset.entities[edge.target].start
                or dataset.entities[edge.source].end)
        return [(BEGAN, (date.first, date.last), str(date))] if date else []
    span = edge.span
    found = []
    if span.possible_from > MIN_DAY or span.certain_from < MAX_DAY:
        found.append((BEGAN, (span.possible_from, span.certain_from), _text(edge.start, span)))
    if span.possible_until < MAX_DAY:
        ended = str(edge.end) if edge.end else f"by {edge.ended_by}" if edge.ended_by else ""
        found.append((ENDED, (span.certain_until, span.possible_until), ended))
    return found


def _text(date: PartialDate | None, span) -> str:
    if date is not None:
        return str(date)
    return f"by {span.attested[0]}" if span.attested else ""


def _status(lo: int, hi: int, window: tuple[int, int]) -> Status:
    """Does the day, known to lie in [lo, hi], lie in the window? yes / maybe / no."""
    first, last = window
    if first <= lo and hi <= last:
        return YES
    if lo <= last and hi >= first:
        return MAYBE
    return NO


def _row(change: str, item: str, ident: str, label: str, status: Status, date: str,
         person: str = "", body: str = "", role: str = "") -> dict[str, str]:
    return {"change": change, "item": item, "id": ident, "label": label,
            "status": status.word, "date": date, "person": person, "body": body,
            "role": role}


def _edge_row(dataset: Dataset, edge: Edge, change: str, status: Status, date: str
              ) -> dict[str, str]:
    source = dataset.entities[edge.source]
    target = dataset.entities[edge.target]
    role = f": {edge.role}" if edge.role else ""
    label = f"{source.name} → {target.name} ({edge.type}{role})"
    person = body = held = ""
    if edge.type in ROLE_TYPES and source.kind == "person":
        person, body = source.name, target.name
        held = edge.role or ("member" if edge.type == "member" else edge.type)
    return _row(change, "edge", edge.id, label, status, date, person, body, held)
