"""pydantic models for one entity, one edge and one citation.

Models check what can be checked on one item alone (required fields, types,
id format, dates); checks across items (references, duplicates, kinds at both
ends) live in `validate.py`. `extra="forbid"` makes a misspelt key an error
instead of silently dropped data, and strict strings keep YAML from re-typing a
value behind the researcher's back (`name: 0123` is an error, not `123`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import DateFormatError
from ..vocab import ALL_KINDS, RELATIONS
from .dates import PartialDate, parse_partial_date
from .records import CitationMethods, EdgeMethods, EntityMethods

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
_SLUG_RE = re.compile(SLUG_PATTERN)
_HTTP_RE = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


#: Dates already read, by exact type then value: real data repeats a few thousand dates
#: hundreds of thousands of times, and a PartialDate is immutable, so one can be shared.
#: Keyed by type so that 2018.0 or True never pass for an int that was read before.
_DATES_READ: dict[type, dict[Any, PartialDate]] = {str: {}, int: {}}
_DATES_READ_MAX = 200_000


def _to_partial_date(value: Any) -> PartialDate:
    known = _DATES_READ.get(type(value))
    if known is not None:
        found = known.get(value)
        if found is not None:
            return found
    if isinstance(value, PartialDate):
        return value
    try:
        date = parse_partial_date(value)
    except DateFormatError as exc:
        raise PydanticCustomError("partial_date", str(exc)) from None
    if known is not None and len(known) < _DATES_READ_MAX:
        known[value] = date
    return date


def _to_date_list(value: Any) -> tuple[PartialDate, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(_to_partial_date(v) for v in items)


def _check_slug(value: str) -> str:
    if not _SLUG_RE.match(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid id; use 1-64 lowercase letters, digits, '.', '_' or '-',"
            " starting with a letter or digit (e.g. 'zhuang-rongwen')",
            {"value": value},
        )
    return value


def _check_http(value: str) -> str:
    if not _HTTP_RE.match(value):
        raise PydanticCustomError(
            "http_url", "'{value}' is not an http(s) URL", {"value": value}
        )
    return value


def is_http_url(value: str) -> bool:
    """True for http:// and https:// URLs: the only links orgmap will render."""
    return bool(_HTTP_RE.match(value))


Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
#: Ids and vocabulary words: strict text, checked further by the validators below.
Slug = Annotated[str, StringConstraints(strict=True, strip_whitespace=True)]
Date = Annotated[PartialDate, BeforeValidator(_to_partial_date), PlainSerializer(str)]
DateList = Annotated[
    tuple[PartialDate, ...],
    BeforeValidator(_to_date_list),
    PlainSerializer(lambda v: [str(d) for d in v]),
]


class Citation(CitationMethods, BaseModel):
    """Where a claim comes from: a document entity (with a locator) or an http(s) URL."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ref: Slug | None = None
    url: Text | None = None
    locator: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        """A bare string is a document id or a URL; both shorthands are common in YAML."""
        if isinstance(value, str):
            return {"url": value} if "://" in value else {"ref": value}
        return value

    @model_validator(mode="after")
    def _one_target(self) -> Citation:
        if (self.ref is None) == (self.url is None):
            raise PydanticCustomError(
                "citation",
                "a citation needs exactly one of 'ref' (a document id) or 'url'",
            )
        if self.url is not None:
            _check_http(self.url)
        return self


class Entity(EntityMethods, BaseModel):
    """A person, organization, event, document or concept."""

    model_config = ConfigDict(extra="forbid")

    id: Slug
    kind: Slug
    name: Text
    name_zh: Text | None = None
    aliases: tuple[Text, ...] = ()
    category: Text | None = None
    description: Text | None = None
    url: Text | None = None
    identifiers: dict[Text, Text] = Field(default_factory=dict)
    start: Date | None = None
    end: Date | None = None
    sources: tuple[Citation, ...] = ()

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        return _check_slug(value)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in ALL_KINDS:
            raise PydanticCustomError(
                "unknown_kind",
                "unknown kind '{value}'; use one of: {allowed}",
                {"value": value, "allowed": ", ".join(sorted(ALL_KINDS))},
            )
        return value

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        return None if value is None else _check_http(value)


class Edge(EdgeMethods, BaseModel):
    """One relation between two entities, with its dates and sources."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    source: Slug = Field(alias="from")
    target: Slug = Field(alias="to")
    type: Slug
    role: Text | None = None
    role_zh: Text | None = None
    start: Date | None = None
    end: Date | None = None
    #: "Former as of DATE": over by the end of DATE's period, its end day unknown.
    ended_by: Date | None = None
    as_of: DateList = ()
    sources: tuple[Citation, ...] = ()
    note: Text | None = None
    id: Slug | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in RELATIONS:
            raise PydanticCustomError(
                "unknown_type",
                "unknown relation type '{value}'; use one of: {allowed}",
                {"value": value, "allowed": ", ".join(RELATIONS)},
            )
        return value

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str | None) -> str | None:
        return None if value is None else _check_slug(value)


__all__ = ["Citation", "Edge", "Entity", "is_http_url"]
