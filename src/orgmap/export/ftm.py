"""FollowTheMoney entities as JSON lines, for Aleph, OpenSanctions' tools and `ftm`.

People become `Person`; bodies `PublicBody` (party and state bodies, by
category), `Company` or `Organization`; events `Event`; documents `Document`.
Relations become FtM's link entities: a `role` a `Directorship`, a `member`
edge a `Membership`, a succession between people or bodies a `Succession`,
a document's issuer or subject a `Documentation`, and every other relation an
`UnknownLink` whose `role` says which relation it is. Concepts have no FtM
schema and are left out, with the relations that touch them.

Dates are FtM's partial dates, which orgmap's already are (`2018`, `2018-08`,
`2018-08-29`). Citations go to FtM's source fields: a cited document to
`proof`, a URL to `sourceUrl`, and the citation as text (with its locator) to
`notes` or, on a link, `summary`. An edge's `as_of` dates become `date`, its
id `recordId`, and an `ended_by` bound the `status` "ended by DATE".

Written without the followthemoney library (the tests check every entity with
it): values are given as FtM's cleaning would leave them (each value once per
property, no control characters, names with single spaces), so nothing is
dropped or changed when FtM reads them.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_atomic
from ..vocab import CONCEPT, DOCUMENT, EVENT, ORGANIZATION, PERSON, RELATIONS
from .attributes import ordered_edges, ordered_entities

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Citation, Edge, Entity

FTM_FILE = "orgmap.ftm.json"
#: Prefix of every entity id, so that a map's entities never clash with other datasets'.
ID_PREFIX = "orgmap"
#: Body categories exported as `PublicBody` (party and state organs) or `Company`;
#: any other body is an `Organization`.
BODY_SCHEMATA = {"ccp": "PublicBody", "central-committee": "PublicBody",
                 "state": "PublicBody", "company": "Company"}
KIND_SCHEMATA = {PERSON: "Person", ORGANIZATION: "Organization", EVENT: "Event",
                 DOCUMENT: "Document"}
#: Kinds FtM has no schema for.
LEFT_OUT_KINDS = frozenset({CONCEPT})
#: Link schemata whose ends FtM calls by other names than subject and object.
LINK_ENDS = {"Directorship": ("director", "organization"),
             "Membership": ("member", "organization"),
             "Succession": ("predecessor", "successor"),
             "Documentation": ("entity", "document"),
             "UnknownLink": ("subject", "object")}
LEGAL_ENTITY_KINDS = frozenset({PERSON, ORGANIZATION})

_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_SPACES = re.compile(r"\s+")
_LINE_ENDS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def ftm_id(orgmap_id: str) -> str:
    """`orgmap-<id>`, or `orgmap.<hash>` for an id FtM's id syntax cannot hold (`_`,
    a trailing `.` or `-`). The two forms never meet: one has `-` after the prefix,
    the other `.`."""
    plain = f"{ID_PREFIX}-{orgmap_id}"
    if _FTM_ID.match(plain):
        return plain
    return f"{ID_PREFIX}.{hashlib.sha1(orgmap_id.encode('utf-8')).hexdigest()}"


def ftm_lines(dataset: Dataset) -> str:
    """Every exported entity, one JSON object a line: things by id, then links by edge id."""
    entities = [_entity(dataset, e) for e in ordered_entities(dataset)
                if e.kind not in LEFT_OUT_KINDS]
    links = [_link(dataset, e) for e in ordered_edges(dataset) if _exported(dataset, e)]
    return "".join(json_line(item) for item in [*entities, *links])


def json_line(item: dict[str, object]) -> str:
    """One JSON object and a newline; characters other readers take for line ends
    (U+0085, U+2028, U+2029) are escaped, so every reader sees one object a line."""
    return json.dumps(item, ensure_ascii=False, sort_keys=True).translate(_LINE_ENDS) + "\n"


def write_ftm(dataset: Dataset, path: str | Path) -> Path:
    return write_atomic(path, ftm_lines(dataset))


# -- things --------------------------------------------------------------------------

def entity_schema(entity: Entity) -> str:
    if entity.kind == ORGANIZATION:
        return BODY_SCHEMATA.get(entity.category or "", "Organization")
    return KIND_SCHEMATA[entity.kind]


def _entity(dataset: Dataset, entity: Entity) -> dict[str, object]:
    schema = entity_schema(entity)
    legal = entity.kind in LEGAL_ENTITY_KINDS
    properties: dict[str, list[str]] = {}
    _add(properties, "name", [entity.name], name=True)
    _add(properties, "alias", [n for n in (entity.name_zh, *entity.aliases)
                               if n and _name(n) != _name(entity.name)], name=True)
    if entity.kind == DOCUMENT:
        _add(properties, "title", [entity.name])
    _add(properties, "description", [entity.description])
    _add(properties, "classification" if legal else "keywords", [entity.category])
    _add(properties, "website" if legal else "sourceUrl", [entity.url])
    _add(properties, *_entity_dates(entity))
    _add(properties, "notes", [f"{k}: {v}" for k, v in sorted(entity.identifiers.items())])
    _cite(dataset, properties, entity.sources, "notes")
    return {"id": ftm_id(entity.id), "schema": schema, "properties": properties}


def _entity_dates(entity: Entity) -> tuple[str, list[object]]:
    """Where an entity's dates go: a body's founding, an event's run, a document's date.
    A person's `start`/`end` have no FtM counterpart that means the same."""
    if entity.kind == ORGANIZATION:
        return "incorporationDate", [entity.start]
    if entity.kind == EVENT:
        return "startDate", [entity.start]
    if entity.kind == DOCUMENT:
        return "publishedAt", [entity.start]
    return "notes", []


# -- links ---------------------------------------------------------------------------

def link_schema(dataset: Dataset, edge: Edge) -> str:
    """The FtM schema of a relation, given the kinds at its ends."""
    source = dataset.entities[edge.source].kind
    target = dataset.entities[edge.target].kind
    if edge.type == "role" and target == ORGANIZATION:
        return "Directorship"
    if edge.type == "member" and target == ORGANIZATION:
        return "Membership"
    if edge.type == "succeeded_by" and {source, target} <= LEGAL_ENTITY_KINDS:
        return "Succession"
    if edge.type in ("issued", "about") and DOCUMENT in (source, target):
        return "Documentation"
    return "UnknownLink"


def _exported(dataset: Dataset, edge: Edge) -> bool:
    return all(dataset.entities[end].kind not in LEFT_OUT_KINDS
               for end in (edge.source, edge.target))


def _link(dataset: Dataset, edge: Edge) -> dict[str, object]:
    schema = link_schema(dataset, edge)
    first, second = LINK_ENDS[schema]
    source, target = edge.source, edge.target
    if schema == "Documentation" and dataset.entities[source].kind == DOCUMENT:
        source, target = target, source  # `about`: the document is the source
    properties: dict[str, list[str]] = {first: [ftm_id(source)], second: [ftm_id(target)]}
    if schema in ("UnknownLink", "Documentation"):
        _add(properties, "role", [RELATIONS[edge.type].label])
    _add(properties, "role", [edge.role, edge.role_zh])
    _add(properties, "startDate", [edge.start])
    _add(properties, "endDate", [edge.end])
    _add(properties, "date", list(edge.as_of))
    _add(properties, "status", [f"ended by {edge.ended_by}" if edge.ended_by else None])
    _add(properties, "description", [edge.note])
    _add(properties, "recordId", [edge.id])
    _cite(dataset, properties, edge.sources, "summary")
    return {"id": ftm_id(edge.id or ""), "schema": schema, "properties": properties}


# -- values --------------------------------------------------------------------------

def _cite(dataset: Dataset, properties: dict[str, list[str]], sources: Iterable[Citation],
          text_property: str) -> None:
    """Documents to `proof` (when exported), URLs to `sourceUrl`, and each citation that
    says more than its target (a locator, or a document not exported) as text."""
    for citation in sources:
        exported = citation.ref is not None and citation.ref in dataset.entities
        if exported:
            _add(properties, "proof", [ftm_id(citation.ref or "")])
        _add(properties, "sourceUrl", [citation.url])
        if citation.locator or (citation.ref is not None and not exported):
            _add(properties, text_property, [f"source: {citation}"])


def _add(properties: dict[str, list[str]], prop: str, values: Iterable[object],
         *, name: bool = False) -> None:
    """Append values as FtM's cleaning would keep them: text without control
    characters, names with single spaces, each value once."""
    found = properties.setdefault(prop, [])
    for value in values:
        if value is None:
            continue
        text = _name(str(value)) if name else _clean(str(value))
        if text and text not in found:
            found.append(text)
    if not found:
        del properties[prop]


def _clean(text: str) -> str:
    """Control and format characters out (newlines and tabs stay), other spaces and line
    separators as plain spaces, ends trimmed."""
    return "".join(_safe(c) for c in text).strip()


def _safe(char: str) -> str:
    if char in "\n\t ":
        return char
    category = unicodedata.category(char)
    if category in ("Zs", "Zl", "Zp"):
        return " "
    return "" if category in ("Cc", "Cf", "Cs", "Co", "Cn") else char


def _name(text: str) -> str:
    return _SPACES.sub(" ", _clean(text)).strip()


def _entities(lines: str) -> Iterator[dict[str, object]]:
    for line in lines.splitlines():
        yield json.loads(line)
