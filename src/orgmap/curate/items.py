"""From `FIELD=VALUE` pairs (command line or spreadsheet columns) to one YAML item.

One set of rules for `add --set` and for `import`, so that a column header and
a `--set` name mean the same thing:

- a field as in the YAML: `id`, `name`, `from`, `role`, `start`, ...;
- list fields (`aliases`, `as_of`) take one value per pair; a spreadsheet cell
  may hold several separated by `;`;
- a citation is `source` (a document id or an http(s) URL) with an optional
  `locator`; `source_2`/`locator_2` and so on for more (`--set` may also repeat
  `source` and `locator` in turn); `sources=ID` adds a citation without locator;
- `identifiers.KEY` sets one external identifier (`identifiers.wikidata=Q123`).
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import did_you_mean
from .canonical import EDGES, ENTITIES, key_orders

LIST_FIELDS = frozenset({"aliases", "as_of"})
_NUMBERED = re.compile(r"^(source|locator)(?:_(\d+))?$")


class FieldProblem(Exception):
    """A field name that no item has, or a value that cannot be placed."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def allowed_fields(what: str) -> list[str]:
    """Field names accepted for entities or edges: the YAML keys, then citation columns."""
    fields = [f for f in key_orders()[what] if f != "sources"]
    return [*fields, "source", "locator", "sources"]


def check_field(name: str, what: str) -> None:
    """Raise FieldProblem for a name that is not a field (with a did-you-mean)."""
    if name in allowed_fields(what) or _NUMBERED.match(name):
        return
    if name.startswith("identifiers.") and what == ENTITIES and len(name) > 12:
        return
    hint = did_you_mean(name, allowed_fields(what))
    raise FieldProblem(f"unknown field '{name}'{hint}; {what} take: "
                       f"{', '.join(allowed_fields(what))}", name)


def build_item(pairs: list[tuple[str, str]], what: str, *, split_lists: bool = False
               ) -> dict[str, Any]:
    """The item the pairs describe; empty values are left out."""
    item: dict[str, Any] = {}
    citations: dict[int, dict[str, str]] = {}
    turn = {"source": 0, "locator": 0}  # repeated --set source=... pairs in order
    for name, raw in pairs:
        check_field(name, what)
        value = raw.strip()
        if not value:
            continue
        numbered = _NUMBERED.match(name)
        if numbered:
            part = numbered[1]
            number = int(numbered[2]) if numbered[2] else 1
            if numbered[2] is None and not split_lists:
                turn[part] += 1
                number = turn[part]
            key = ("url" if "://" in value else "ref") if part == "source" else "locator"
            citations.setdefault(number, {})[key] = value
        elif name == "sources":
            item.setdefault("sources", []).append(value)
        elif name.startswith("identifiers."):
            item.setdefault("identifiers", {})[name.split(".", 1)[1]] = value
        elif name in LIST_FIELDS:
            values = [v.strip() for v in value.split(";")] if split_lists else [value]
            item.setdefault(name, []).extend(v for v in values if v)
        else:
            item[name] = value
    for number in sorted(citations):
        citation = citations[number]
        if "ref" not in citation and "url" not in citation:
            raise FieldProblem(f"a locator without a source (column 'locator"
                               f"{'' if number == 1 else f'_{number}'}')", "locator")
        item.setdefault("sources", []).append(
            citation if "locator" in citation else next(iter(citation.values())))
    if what == EDGES and isinstance(item.get("as_of"), list) and len(item["as_of"]) == 1:
        item["as_of"] = item["as_of"][0]
    return item
