"""The vocabulary as data: entity kinds and relation types, in one table.

Everything else (validation, styling, queries, docs) reads these tables instead
of repeating them, so adding a relation type is a one-line change here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import QueryProblem

PERSON = "person"
ORGANIZATION = "organization"
EVENT = "event"
DOCUMENT = "document"
CONCEPT = "concept"

#: Entity kinds with a one-line meaning, in display order.
KINDS: dict[str, str] = {
    PERSON: "a person",
    ORGANIZATION: "a body: party organ, ministry, association, company, media outlet",
    EVENT: "a conference, session, forum or other dated occurrence",
    DOCUMENT: "a text: source document, law, initiative, speech",
    CONCEPT: "a policy programme, slogan or doctrine",
}

ALL_KINDS = frozenset(KINDS)
BODY_KINDS = frozenset({ORGANIZATION, EVENT})


@dataclass(frozen=True)
class Relation:
    """One relation type: what it means and which entity kinds it may connect."""

    name: str
    label: str
    inverse_label: str
    directed: bool
    from_kinds: frozenset[str]
    to_kinds: frozenset[str]
    meaning: str
    needs_note: bool = False
    same_kind: bool = False


def _rel(
    name: str,
    labels: tuple[str, str],
    from_kinds: set[str],
    to_kinds: set[str],
    meaning: str,
    *,
    directed: bool = True,
    needs_note: bool = False,
    same_kind: bool = False,
) -> Relation:
    return Relation(
        name, labels[0], labels[1], directed, frozenset(from_kinds), frozenset(to_kinds), meaning,
        needs_note, same_kind,
    )


RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        _rel("role", ("holds role in", "has role holder"), {PERSON}, {ORGANIZATION, EVENT},
             "a person holds a position in a body; `role` gives the title"),
        _rel("member", ("member of", "has member"), {PERSON, ORGANIZATION}, {ORGANIZATION},
             "a person or body is a member of a body"),
        _rel("part_of", ("part of", "has part"), {ORGANIZATION, EVENT}, {ORGANIZATION, EVENT},
             "a sub-unit of a body, or a session of an event series"),
        _rel("supervises", ("supervises", "supervised by"),
             {ORGANIZATION}, {ORGANIZATION},
             "from the supervising body to the supervised body"),
        _rel("organizes", ("organizes", "organized by"),
             {ORGANIZATION, PERSON}, {EVENT, ORGANIZATION},
             "a body or person organizes an event or body"),
        _rel("co_organizes", ("co-organizes", "co-organized by"),
             {ORGANIZATION, PERSON}, {EVENT, ORGANIZATION},
             "a body or person is one of several organizers"),
        _rel("nameplate", ("same institution as", "same institution as"),
             {ORGANIZATION}, {ORGANIZATION},
             "two names of one institution (one system, two nameplates); symmetric",
             directed=False),
        _rel("succeeded_by", ("succeeded by", "succeeds"), set(KINDS), set(KINDS),
             "renamed, upgraded, absorbed or replaced; from the old to the new",
             same_kind=True),
        _rel("registered_with", ("registered with", "has registered"),
             {ORGANIZATION}, {ORGANIZATION},
             "a body is registered with (and answerable to) another"),
        _rel("issued", ("issued", "issued by"), {ORGANIZATION, PERSON, EVENT}, {DOCUMENT, CONCEPT},
             "a body, person or event issued a document or put forward a programme"),
        _rel("promotes", ("promotes", "promoted by"),
             {ORGANIZATION, PERSON, EVENT, DOCUMENT}, {CONCEPT},
             "advances a programme, doctrine or slogan (who first put it forward: `issued`)"),
        _rel("about", ("is about", "subject of"), {DOCUMENT}, set(KINDS),
             "a document's subject: the body, event, programme or text it is about"),
        _rel("component_of", ("component of", "has component"),
             {CONCEPT, ORGANIZATION}, {CONCEPT},
             "a part of a concept: a principle of a doctrine, a body of a policy system"),
        _rel("attended", ("attended", "attended by"), {PERSON, ORGANIZATION}, {EVENT},
             "a person or body (a delegation) was present at an event"),
        _rel("spoke_at", ("spoke at", "heard"), {PERSON}, {EVENT},
             "a person spoke at an event: a speech, an address, a briefing"),
        _rel("funds", ("funds", "funded by"), {ORGANIZATION, PERSON},
             {ORGANIZATION, EVENT, DOCUMENT},
             "a body or person pays for a body, an event or a publication"),
        _rel("affiliated", ("affiliated with", "affiliated with"), set(KINDS), set(KINDS),
             "anything else; `note` must say what the relation is", needs_note=True),
    )
}

#: Relation types that place a person in a body: what "holds a role in X" means.
ROLE_TYPES = frozenset({"role", "member"})
#: The relation types that make bodies one institution with their sub-units and nameplates.
STRUCTURE_TYPES = frozenset({"part_of", "nameplate"})


def kinds_phrase(kinds: frozenset[str]) -> str:
    """'person or organization' style phrase, in KINDS order, for error messages."""
    ordered = [k for k in KINDS if k in kinds]
    if len(ordered) == len(KINDS):
        return "any kind"
    return " or ".join(ordered)


def check_types(types: Iterable[str]) -> frozenset[str]:
    """The relation types asked for; QueryProblem naming the known ones if one is unknown."""
    wanted = frozenset(types)
    unknown = sorted(wanted - set(RELATIONS))
    if unknown:
        raise QueryProblem(f"unknown relation type '{unknown[0]}'; use one of: "
                           + ", ".join(RELATIONS))
    return wanted


def check_kinds(kinds: Iterable[str]) -> frozenset[str]:
    """The entity kinds asked for; QueryProblem naming the known ones if one is unknown."""
    wanted = frozenset(kinds)
    unknown = sorted(wanted - ALL_KINDS)
    if unknown:
        raise QueryProblem(f"unknown kind '{unknown[0]}'; use one of: {', '.join(KINDS)}")
    return wanted
