"""What each box of the org chart says: its names and the people who hold roles in it.

People are inside the boxes, not floating nodes. A box lists every `role` (and
`member`) a person holds in any of its bodies, one line per person and title:
"Director 主任 — Zhuang Rongwen 庄荣文". Lines are ordered by rank (LEADING
titles first, then DEPUTY titles, then the rest), then by title, then by name;
the figure shows the first HOLDER_LIMIT and "+ N more" (the page's side panel
lists them all). A person holding roles in more than one institution is
`elsewhere`: the repetition is the overlapping leadership, and both outputs
mark it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..data.dates import YES
from ..vocab import PERSON, ROLE_TYPES
from .chart import Layers, Link, Undrawn, drawn_bodies, layer, nameplate_groups

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..data.dataset import Dataset
    from ..data.dates import PartialDate
    from ..data.model import Edge

#: Holders listed in a box of the figure before "+ N more".
HOLDER_LIMIT = 6
#: Words of a title that lead a body (rank 0): English as whole words in any case,
#: Chinese anywhere in `role_zh`.
LEADING = ("head", "director", "chair", "chairman", "chairwoman", "chairperson", "minister",
           "president", "secretary", "general secretary", "secretary-general", "leader",
           "governor", "mayor", "speaker", "premier", "ceo", "commissioner", "administrator",
           "主任", "主席", "部长", "书记", "局长", "会长", "院长", "理事长", "组长", "总裁")
#: Words of a title that mark a deputy (rank 1); checked before LEADING ("Vice Chair").
DEPUTY = ("deputy", "vice", "ranking", "assistant", "副")


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    latin = [re.escape(w) for w in words if w.isascii()]
    chinese = [re.escape(w) for w in words if not w.isascii()]
    return re.compile(r"(?<![\w-])(?:" + "|".join(latin) + r")(?![\w-])|" + "|".join(chinese),
                      re.IGNORECASE)


_LEADING = _words(LEADING)
_DEPUTY = _words(DEPUTY)


@dataclass(frozen=True)
class Holder:
    """One line of a box: a person, their title there, and how sure the date makes it."""

    person: str
    name: str
    name_zh: str | None
    title: str | None
    title_zh: str | None
    rank: int
    edges: tuple[str, ...]
    #: Ids of the box's bodies the role is held in, when not the institution itself.
    via: tuple[str, ...]
    #: "yes", or "maybe" when a dated chart cannot settle whether the role was held then.
    status: str
    #: Other institutions (box ids or body ids outside the chart) the person holds roles in.
    elsewhere: tuple[str, ...]

    def text(self) -> str:
        """'Director 主任 — Zhuang Rongwen 庄荣文' (or just the name when untitled)."""
        title = " ".join(t for t in (self.title, self.title_zh) if t)
        name = " ".join(t for t in (self.name, self.name_zh) if t)
        return f"{title} — {name}" if title else name


@dataclass
class Box:
    """One institution: its names (institution first), kind, category, tier and holders."""

    id: str
    members: tuple[str, ...]
    tier: int
    holders: list[Holder] = field(default_factory=list)

    def shown(self, limit: int = HOLDER_LIMIT) -> tuple[list[Holder], int]:
        """The holders a box shows and how many more it leaves to "+ N more"."""
        return self.holders[:limit], max(len(self.holders) - limit, 0)


@dataclass
class Chart:
    """Boxes by id (tier order), tiers top first, links between boxes and the note."""

    boxes: dict[str, Box]
    tiers: list[list[str]]
    links: list[Link]
    undrawn: list[Undrawn]
    at: PartialDate | None = None
    #: The tiers and links the boxes were built from (the page's layout places them).
    layers: Layers | None = None


def title_rank(title: str | None, title_zh: str | None = None) -> int:
    """0 for a body's leaders, 1 for their deputies, 2 for everyone else (or no title)."""
    text = " ".join(t for t in (title, title_zh) if t)
    if not text:
        return 2
    if _DEPUTY.search(text):
        return 1
    return 0 if _LEADING.search(text) else 2


def build_chart(dataset: Dataset, *, focus: str | None = None, depth: int = 1,
                at: PartialDate | None = None, categories: Iterable[str] = (),
                kinds: Iterable[str] = (), hide_documents: bool = False,
                events: bool = False) -> Chart:
    """The chart of the selection (the same options as `render` and `export`).

    `focus` is an entity id. Bodies come from the selection; their holders from
    the whole dataset as of `at`, so a focused or filtered chart still names
    everyone who held a role in a drawn body.
    """
    dated, layers = chart_layers(dataset, focus=focus, depth=depth, at=at,
                                 categories=categories, kinds=kinds,
                                 hide_documents=hide_documents, events=events)
    return assemble(dated, layers, at)


def chart_layers(dataset: Dataset, *, focus: str | None = None, depth: int = 1,
                 at: PartialDate | None = None, categories: Iterable[str] = (),
                 kinds: Iterable[str] = (), hide_documents: bool = False,
                 events: bool = False) -> tuple[Dataset, Layers]:
    """The dataset as of `at` and the chart's boxes on tiers, before their holders are
    gathered: enough to count the boxes (the page skips a chart too large to draw)."""
    from ..data.selection import at_date, select

    chosen = select(dataset, focus=focus, depth=depth, at=at, categories=categories,
                    kinds=kinds, hide_documents=hide_documents)
    dated = at_date(dataset, at) if at is not None else dataset
    members = nameplate_groups(chosen, drawn_bodies(chosen, events=events))
    return dated, layer(chosen, members)


def assemble(dated: Dataset, layers: Layers, at: PartialDate | None) -> Chart:
    """The chart of these layers: each box with its holders."""
    box_of = {m: box for box, group in layers.members.items() for m in group}
    roles = _roles_by_box(dated, box_of)
    places = _institutions_of(dated, box_of)
    boxes = {}
    for row in layers.tiers:
        for box_id in row:
            holders = _holders(dated, box_id, roles.get(box_id, []), places)
            boxes[box_id] = Box(box_id, layers.members[box_id], layers.tier[box_id], holders)
    return Chart(boxes, layers.tiers, layers.links, layers.undrawn, at, layers)


def _roles_by_box(dated: Dataset, box_of: dict[str, str]) -> dict[str, list[Edge]]:
    found: dict[str, list[Edge]] = defaultdict(list)
    for edge in dated.edges:
        if edge.type in ROLE_TYPES and edge.target in box_of \
                and dated.entities[edge.source].kind == PERSON:
            found[box_of[edge.target]].append(edge)
    return found


def _institutions_of(dated: Dataset, box_of: dict[str, str]) -> dict[str, list[str]]:
    """Person id -> the institutions they hold roles in (a box counts once), in data order."""
    places: dict[str, list[str]] = defaultdict(list)
    for edge in dated.edges:
        if edge.type in ROLE_TYPES and dated.entities[edge.source].kind == PERSON:
            place = box_of.get(edge.target, edge.target)
            if place not in places[edge.source]:
                places[edge.source].append(place)
    return places


def _holders(dated: Dataset, box_id: str, edges: list[Edge],
             places: dict[str, list[str]]) -> list[Holder]:
    """One holder per (person, title), merging the same title held under several names."""
    merged: dict[tuple[str, str | None, str | None], list[Edge]] = defaultdict(list)
    for edge in edges:
        title = edge.role or ("Member" if edge.type == "member" else None)
        merged[(edge.source, title, edge.role_zh)].append(edge)
    holders = []
    for (person_id, title, title_zh), same in merged.items():
        person = dated.entities[person_id]
        statuses = [dated.status.get(e.id, YES) for e in same]
        via = tuple(dict.fromkeys(e.target for e in same if e.target != box_id))
        holders.append(Holder(
            person=person_id, name=person.name, name_zh=person.name_zh, title=title,
            title_zh=title_zh, rank=title_rank(title, title_zh),
            edges=tuple(e.id for e in same), via=via,
            status=YES if YES in statuses else statuses[0],
            elsewhere=tuple(p for p in places[person_id] if p != box_id)))
    holders.sort(key=lambda h: (h.rank, h.status != YES, (h.title or "~").casefold(),
                                h.name.casefold(), h.person))
    return holders
