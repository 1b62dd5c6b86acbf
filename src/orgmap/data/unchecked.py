"""The pydantic shortcuts orgmap takes for speed, in one place.

Loading 200,000 edges from the cache builds every model without validating it
again (the entry was written from validated models and its checksum is
verified), and validation gives each edge without an id a derived one. Going
through pydantic's public API for these costs several Python calls per model
and field; these functions do what `model_construct` and attribute assignment
do, a whole column at a time. They rely on how pydantic 2 lays out an instance
(`__dict__`, `__pydantic_fields_set__`, `__pydantic_extra__`,
`__pydantic_private__`); `tests/test_unchecked.py` fails if an upgrade changes
that, so nothing else in orgmap touches those names.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from itertools import repeat
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


def values_of(item: BaseModel) -> dict[str, Any]:
    """The model's field values by name: its own dict, not a copy (do not mutate it)."""
    return item.__dict__


def fields_set_of(item: BaseModel) -> set[str]:
    """The names of the fields the data gave (`model_fields_set`), without a copy."""
    return item.__pydantic_fields_set__


def construct_all(model: type[M], count: int, values: Iterable[dict[str, Any]],
                  fields_sets: Iterable[set[str]]) -> list[M]:
    """`count` models built from already-validated values, as `model_construct` does (the
    values as instance dict, the fields set, no extra or private attributes) minus its
    per-field Python work: every step is a `map`, so the loop runs in C."""
    built = list(map(object.__new__, repeat(model, count)))
    put = object.__setattr__
    for slot, contents in (("__dict__", values), ("__pydantic_fields_set__", fields_sets),
                           ("__pydantic_extra__", repeat(None, count)),
                           ("__pydantic_private__", repeat(None, count))):
        deque(map(put, built, repeat(slot, count), contents), maxlen=0)
    return built


def set_field(item: BaseModel, name: str, value: Any) -> None:
    """Give a field a value already known to be valid, and count it as set, as pydantic's
    own assignment does without its per-call overhead (it also works on models that
    refuse assignment once they leave validation)."""
    item.__dict__[name] = value
    item.__pydantic_fields_set__.add(name)
