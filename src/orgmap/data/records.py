"""What entities, edges and citations can say about themselves, without pydantic.

The pydantic models (`model.py`) validate data; once it is valid, most
questions only read fields. A warm command that imported pydantic and built
its models would spend more time doing so than answering, so a dataset read
from the cache hands its questions *records*: light tuples with the models'
field names, built on demand from the cache entry. The behaviour both share
(an edge's span and direction, an entity's label, a citation's text) is
written once here, as mixins the models and the records both inherit.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from ..vocab import EVENT, RELATIONS
from .dates import Span, span_of

# The mixins declare no field annotations: pydantic would take them for fields.


class CitationMethods:
    """A citation reads as 'doc-id, locator' (or its URL)."""

    __slots__ = ()

    def __str__(self) -> str:
        target = self.ref or self.url or ""
        return f"{target}, {self.locator}" if self.locator else target


def label_of(name: str, name_zh: str | None) -> str:
    """An entity's display label from its names (see `EntityMethods.label`)."""
    return f"{name} ({name_zh})" if name_zh else name


class EntityMethods:
    """An entity's span and display label."""

    __slots__ = ()

    @property
    def span(self) -> Span:
        """When the entity existed (a body) or ran (an event: `end` is its last day)."""
        return span_of(self.start, self.end, end_inclusive=self.kind == EVENT)

    @property
    def label(self) -> str:
        """Display label: the English name, with the Chinese name when known."""
        return label_of(self.name, self.name_zh)


class EdgeMethods:
    """An edge's span, direction and other end."""

    __slots__ = ()

    @property
    def span(self) -> Span:
        return span_of(self.start, self.end, self.as_of, ended_by=self.ended_by)

    @property
    def directed(self) -> bool:
        return RELATIONS[self.type].directed

    def other_end(self, entity_id: str) -> str:
        return self.target if entity_id == self.source else self.source


_MIXINS = {"Entity": EntityMethods, "Edge": EdgeMethods, "Citation": CitationMethods}


def record_class(model_name: str, fields: tuple[str, ...],
                 decoders: dict[str, Callable[[Any], Any] | None]) -> type:
    """A tuple class with the model's field names and behaviour ("Entity", "Edge", "Citation").

    The fields come from the cache entry (written from the current models, which
    its key covers), so a field added to a model is carried without a change here.
    A record holds the entry's stored values (numbers for dates, citations and
    repeated text); a field with a decoder turns its value into what it stands
    for when read, so making a record costs one tuple, however many fields it has.
    """
    base = namedtuple(f"{model_name}Record", fields)
    namespace: dict[str, Any] = {"__slots__": (),
                                 "__doc__": f"A read-only {model_name.lower()} record."}
    for position, name in enumerate(fields):
        decode = decoders.get(name)
        if decode is not None:
            namespace[name] = _decoded(position, decode)
    return type(f"{model_name}Record", (_MIXINS[model_name], base), namespace)


def _decoded(position: int, decode: Callable[[Any], Any]) -> property:
    stored = itemgetter(position)

    def read(record: tuple) -> Any:
        return decode(stored(record))

    return property(read)


def profile_of(entity: Any) -> dict[str, Any]:
    """The entity's set fields as JSON-ready values, in field order, sources as text.

    The same as `model_dump(mode="json", exclude_none=True)` on a model (with the
    sources shown as text), for records and models alike.
    """
    if hasattr(entity, "model_dump"):
        data = entity.model_dump(mode="json", exclude_none=True)
    else:
        values = (getattr(entity, name) for name in entity._fields)
        data = {name: _json(value) for name, value in zip(entity._fields, values, strict=True)
                if value is not None}
    data["sources"] = [str(c) for c in entity.sources]
    return data


def _json(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)  # a PartialDate
