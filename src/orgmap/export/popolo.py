"""One Popolo JSON document: `persons`, `organizations` and `memberships`.

Popolo is the exchange format of civic-tech and legislature projects
(EveryPolitician, OpenCivicData, Represent). People and bodies keep their
orgmap ids; Chinese names and aliases are `other_names` (the Chinese name with
`lang: "zh"`); a body's `part_of` edge gives its `parent_id` (Popolo allows one
parent: with several, the first by edge id); a body's start and end are its
`founding_date` and `dissolution_date`. Every `role` or `member` edge from a
person or body into a body is a membership with `role` (the title), `label`
(title with Chinese title), `start_date`, `end_date` and `sources`.

Popolo has no place for events, documents, concepts or the other relation
types, nor for `as_of`, `ended_by` or a relation's note: they are left out
(docs/databases.md lists them). A source is a link, so a citation of a
document counts when the document has a URL; its note names the document and
the locator. Popolo's links are URIs, so a curated URL holding characters a URI
cannot (spaces, quotes, Chinese text) is written percent-encoded, as RFC 3987
maps an IRI to a URI; decoding it gives the curated URL back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from ..atomic import write_atomic
from ..vocab import ORGANIZATION, PERSON, ROLE_TYPES
from .attributes import edge_label, ordered_edges, ordered_entities

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.model import Citation, Edge, Entity

POPOLO_FILE = "orgmap.popolo.json"
PART_OF = "part_of"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# What RFC 3986 lets each part hold besides letters, digits and `-._~` (and `%`
# for the escapes already there).
_SUB_DELIMS = "!$&'()*+,;=%"
_SAFE = {"netloc": _SUB_DELIMS + ":@[]", "path": _SUB_DELIMS + ":@/",
         "query": _SUB_DELIMS + ":@/?"}
_LINE_ENDS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def popolo_document(dataset: Dataset) -> dict[str, list[dict[str, object]]]:
    """The Popolo document as plain data, in id order."""
    entities = ordered_entities(dataset)
    parents = _parents(dataset)
    return {
        "persons": [_person(dataset, e) for e in entities if e.kind == PERSON],
        "organizations": [_organization(dataset, e, parents.get(e.id))
                          for e in entities if e.kind == ORGANIZATION],
        "memberships": [_membership(dataset, e) for e in ordered_edges(dataset)
                        if _is_membership(dataset, e)],
    }


def popolo_text(dataset: Dataset) -> str:
    text = json.dumps(popolo_document(dataset), ensure_ascii=False, indent=2)
    return text.translate(_LINE_ENDS) + "\n"


def write_popolo(dataset: Dataset, path: str | Path) -> Path:
    return write_atomic(path, popolo_text(dataset))


def _parents(dataset: Dataset) -> dict[str, str]:
    """Body id -> the body it is part of (the first `part_of` edge by id)."""
    parents: dict[str, str] = {}
    for edge in ordered_edges(dataset):
        if (edge.type == PART_OF and dataset.entities[edge.source].kind == ORGANIZATION
                and dataset.entities[edge.target].kind == ORGANIZATION):
            parents.setdefault(edge.source, edge.target)
    return parents


def _person(dataset: Dataset, entity: Entity) -> dict[str, object]:
    return _present({"id": entity.id, "name": entity.name, **_common(dataset, entity),
                     "summary": entity.description})


def _organization(dataset: Dataset, entity: Entity, parent: str | None) -> dict[str, object]:
    return _present({"id": entity.id, "name": entity.name, **_common(dataset, entity),
                     "classification": entity.category, "parent_id": parent,
                     "founding_date": _date(entity.start),
                     "dissolution_date": _date(entity.end),
                     "description": entity.description})


def _common(dataset: Dataset, entity: Entity) -> dict[str, object]:
    names = ([{"name": entity.name_zh, "lang": "zh"}] if entity.name_zh else [])
    names += [{"name": alias, "note": "alias"} for alias in entity.aliases]
    return {"other_names": names,
            "identifiers": [{"scheme": k, "identifier": v}
                            for k, v in sorted(entity.identifiers.items())],
            "links": [{"url": _uri(entity.url)}] if entity.url else [],
            "sources": _sources(dataset, entity.sources)}


def _is_membership(dataset: Dataset, edge: Edge) -> bool:
    return (edge.type in ROLE_TYPES
            and dataset.entities[edge.source].kind in (PERSON, ORGANIZATION)
            and dataset.entities[edge.target].kind == ORGANIZATION)


def _membership(dataset: Dataset, edge: Edge) -> dict[str, object]:
    if dataset.entities[edge.source].kind == PERSON:
        member: dict[str, object] = {"person_id": edge.source}
    else:
        member = {"member": {"@type": "Organization", "id": edge.source}}
    return _present({"id": edge.id, **member, "organization_id": edge.target,
                     "role": edge.role or edge.role_zh,
                     "label": edge_label(edge) if edge.role or edge.role_zh else None,
                     "start_date": _date(edge.start), "end_date": _date(edge.end),
                     "sources": _sources(dataset, edge.sources)})


def _sources(dataset: Dataset, citations: tuple[Citation, ...]) -> list[dict[str, str]]:
    """Popolo links: a URL citation as it is, a document citation through the
    document's URL with the document's name and the locator as the note."""
    links = []
    for citation in citations:
        document = dataset.entities.get(citation.ref or "")
        url = citation.url or (document.url if document is not None else None)
        if url is None:
            continue
        note = ", ".join(part for part in (document.name if document else None,
                                           citation.locator) if part)
        links.append({"url": _uri(url), **({"note": note} if note else {})})
    return links


def _uri(url: str) -> str:
    """The URL with every character a URI cannot hold percent-encoded (UTF-8)."""
    parts = urlsplit(_LONE_PERCENT.sub("%25", url))
    return urlunsplit((parts.scheme, quote(parts.netloc, safe=_SAFE["netloc"]),
                       quote(parts.path, safe=_SAFE["path"]),
                       quote(parts.query, safe=_SAFE["query"]),
                       quote(parts.fragment, safe=_SAFE["query"])))


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def _present(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if v is not None and v != "" and v != []}
