"""One validation pass over both files that collects every problem it finds.

First each item is checked on its own by the pydantic models (types, required
fields, id format, dates); then the cross-record checks that no single item can
make: unique ids, references, endpoint kinds, duplicates, citations, orphans.
Problems carry their data path; `locate_problems` turns paths into line:column
only when there is something to report, so valid files never pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import ERROR, WARNING, Problem, did_you_mean, format_path
from ..vocab import DOCUMENT, RELATIONS, kinds_phrase
from .dates import PartialDate, digits
from .model import Citation, Edge, Entity
from .read import locate
from .unchecked import set_field

_ENTITY_LIST = TypeAdapter(list[Entity])
_EDGE_LIST = TypeAdapter(list[Edge])


#: Items validated per call to pydantic: big enough to stay on its fast path, small enough
#: that releasing each batch of raw items lets the models reuse their memory.
BATCH = 2000


def validate_models(raw: list[Any], model: type[BaseModel], file: str, root: str, *,
                    release: bool = False
                    ) -> tuple[list[tuple[int, Any]], list[Problem], list[Any]]:
    """Validate each item: (index, model) for the valid ones, the problems, and
    (index, raw item) for the invalid ones.

    The invalid raw items are returned so that later checks can tell "refers to
    an entity that has errors of its own" from "refers to nothing at all". With
    `release`, each slot of `raw` is set to None once validated, so the parsed
    items and the models are never all in memory at once (a third less at peak).
    """
    adapter = _ENTITY_LIST if model is Entity else _EDGE_LIST
    valid: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    invalid: list[Any] = []
    for begin in range(0, len(raw), BATCH):
        batch = raw[begin:begin + BATCH]
        if release:
            raw[begin:begin + BATCH] = [None] * len(batch)
        try:
            valid.extend(enumerate(adapter.validate_python(batch), begin))
            continue
        except ValidationError:
            pass  # item by item, to keep the valid items and every error
        for index, item in enumerate(batch, begin):
            try:
                valid.append((index, model.model_validate(item)))
            except ValidationError as exc:
                problems.extend(_from_pydantic(exc, index, model, file, root))
                invalid.append((index, item))
    return valid, problems, invalid


def control_problems(items: list[Any], text: str, file: str, root: str) -> list[Problem]:
    """A located problem for each text value that an escape such as `"\\e"` or `"\\x01"`
    gave a control character: terminals obey them, and GraphML and GEXF drop them."""
    from .prescan import control_characters_in, describe_character

    return [Problem(file, f"control character {describe_character(char)} in the text",
                    path=format_path(root, loc), loc=loc,
                    hint="remove the escape; only tab and line breaks may be in text")
            for loc, char in control_characters_in(items, text)]


def mentioned(items: list[Any], *keys: str) -> set[str]:
    """String values under `keys` in raw (invalid) items, e.g. the ids they name."""
    return {item[k] for _, item in items if isinstance(item, dict)
            for k in keys if isinstance(item.get(k), str)}


def _from_pydantic(exc: ValidationError, index: int, model: type[BaseModel], file: str,
                   root: str) -> Iterable[Problem]:
    fields = [f.alias or name for name, f in model.model_fields.items()]
    for error in exc.errors(include_url=False):
        loc = (index, *error["loc"])
        kind, value = error["type"], error.get("input")
        point, hint = "value", ""
        message = error["msg"]
        field = str(error["loc"][-1]) if error["loc"] else ""
        complex_key = (len(error["loc"]) - 1 if kind == "invalid_key" else
                       next((i for i, part in enumerate(error["loc"])
                             if not isinstance(part, str | int)), None))
        if kind == "invalid_key" and (value is None or isinstance(value, int | float)):
            # `1: x` or `~: x`: YAML reads the key as a number or as null, not a name.
            written = "~" if value is None else str(value) if not _huge(value) else "9..."
            loc = (index, *error["loc"][:-1], written)
            read = "null" if value is None else _describe(value)
            yield Problem(file, f"the key '{written}' is read as {read}, not a field name",
                          path=format_path(root, loc[:-1]), loc=loc, point="key",
                          hint="keys are field names, such as 'name:'")
            continue
        if complex_key is not None:
            # `? [a, b]` or `[a]: b`: YAML allows a list or mapping as a key; fields don't.
            loc = (index, *error["loc"][:complex_key], "<complex key>")
            yield Problem(file, "a list or mapping is used as a key",
                          path=format_path(root, loc), loc=loc, point="key",
                          hint="keys are plain field names, such as 'name:'")
            continue
        if kind == "missing":
            message, point = f"missing required field '{field}'", "item"
            hint = f"add '{field}: ...' to this item"
            loc = loc[:-1]
        elif kind == "extra_forbidden":
            # A misspelt citation field is checked against a citation's fields.
            allowed = (list(Citation.model_fields) if error["loc"][0] == "sources"
                       and len(error["loc"]) > 2 else fields)
            message = f"unknown field '{field}'" + did_you_mean(field, allowed)
            point = "key"
            hint = "allowed fields: " + ", ".join(allowed)
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = f"expected a mapping of fields, got {_describe(value)}"
            first = "from" if root == "edges" else "id"
            hint = ("write it as 'key: value' lines" if loc[1:]
                    else f"start the item with '- {first}: ...'")
        elif kind == "string_type":
            message, hint = _not_text(value)
        elif kind == "string_too_short":
            message, hint = "is empty", "give a value or remove the line"
        elif kind in ("tuple_type", "list_type"):
            message = f"expected a list, got {_describe(value)}"
            hint = "write '[a, b]' or one '- item' per line"
        elif kind in ("unknown_kind", "unknown_type"):
            allowed = (error.get("ctx") or {}).get("allowed", "").split(", ")
            message = message.rsplit("; use one of", 1)[0] + did_you_mean(str(value), allowed)
            hint = "use one of: " + ", ".join(allowed)
        elif ";" in message:
            message, hint = (part.strip() for part in message.split(";", 1))
        yield Problem(file, message, path=format_path(root, loc), hint=hint, loc=loc,
                      point=point)


def _huge(value: Any) -> bool:
    """An integer Python refuses to turn into text (over 4,300 digits)."""
    return isinstance(value, int) and value.bit_length() > 128


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the true/false value {str(value).lower()}"
    if _huge(value):
        return f"a number of {digits(value)} digits"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'"
    return {"dict": "a mapping", "list": "a list"}.get(type(value).__name__, type(value).__name__)


def _not_text(value: Any) -> tuple[str, str]:
    if value is None:
        return "is empty", "give a value or remove the line"
    if isinstance(value, int | float | bool):
        return (f"expected text, but YAML read {_describe(value)}",
                "put the value in quotes exactly as it should read, e.g. \"0123\"")
    return f"expected text, got {_describe(value)}", "write a single line of text"


def check_dataset(
    entities: list[tuple[int, Entity]],
    edges: list[tuple[int, Edge]],
    files: tuple[str, str],
    *,
    allow_unsourced: bool = False,
    broken_ids: set[str] = frozenset(),
    also_connected: set[str] = frozenset(),
    invalid_entities: Sequence[tuple[int, Any]] = (),
    invalid_edges: Sequence[tuple[int, Any]] = (),
) -> list[Problem]:
    """Cross-record checks over the individually valid items; assigns edge ids.

    `broken_ids` are ids of entities that failed their own checks: edges naming
    them are not reported again. `also_connected` are ids named by edges that
    failed theirs, so those entities are not also called unconnected. A document
    that is only cited counts as connected: it is in use as a source. The
    references in `invalid_entities` and `invalid_edges` (items that failed their
    own checks) are checked too, so that one run reports every problem.
    """
    entity_file, edge_file = files
    problems: list[Problem] = []
    by_id: dict[str, Entity] = {}
    first_index: dict[str, int] = {}
    for index, entity in entities:
        if entity.id in by_id:
            problems.append(_p(entity_file, "entities", (index, "id"),
                               f"duplicate id '{entity.id}', already used by "
                               f"entities[{first_index[entity.id]}]",
                               "give each entity its own id, or merge the two"))
            continue
        by_id[entity.id] = entity
        first_index[entity.id] = index
        problems.extend(_date_problems(entity, entity_file, "entities", index))
    lookup = _Lookup(by_id, broken_ids)
    problems.extend(_raw_reference_problems(invalid_entities, lookup, entity_file, "entities"))
    problems.extend(_raw_reference_problems(invalid_edges, lookup, edge_file, "edges"))
    for index, entity in entities:
        if by_id.get(entity.id) is entity:
            problems.extend(_citation_problems(entity.sources, lookup, entity_file,
                                               "entities", index))
    connected: set[str] = set(also_connected)
    connected.update(c.ref for _, entity in entities for c in entity.sources if c.ref)
    seen_edges: dict[tuple, int] = {}
    for index, edge in edges:
        problems.extend(_edge_problems(edge, index, lookup, edge_file, allow_unsourced))
        connected.add(edge.source)
        connected.add(edge.target)
        connected.update(c.ref for c in edge.sources if c.ref)  # a cited document is in use
        if edge.source not in by_id or edge.target not in by_id:
            continue
        key = _identity(edge)
        if key in seen_edges:
            problems.append(_p(edge_file, "edges", (index,),
                               f"duplicate of edges[{seen_edges[key]}] (same ends, type, role "
                               "and dates)", "remove one, or merge their sources", point="item"))
        else:
            seen_edges[key] = index
    problems.extend(assign_edge_ids(edges, edge_file))
    for index, entity in entities:
        if entity.id not in connected and by_id.get(entity.id) is entity:
            problems.append(_p(entity_file, "entities", (index, "id"),
                               f"'{entity.id}' is not connected to anything",
                               "add an edge to or from it, or remove it", severity=WARNING))
    return problems


class _Lookup:
    """Entity ids with did-you-mean suggestions computed only when needed."""

    def __init__(self, by_id: dict[str, Entity], broken: set[str] = frozenset()):
        self.by_id = by_id
        #: Ids of entities with errors of their own; references to them are not errors too.
        self.broken = broken
        self.documents = frozenset(i for i, e in by_id.items() if e.kind == DOCUMENT)

    def cite_documents(self, citations: tuple[Citation, ...]) -> bool:
        """True when every citation is a URL or names a document, so none has a problem.

        A quick test that spares the usual edge the full citation check.
        """
        documents = self.documents
        for citation in citations:
            if citation.ref is not None and citation.ref not in documents:
                return False
        return True

    def suggest(self, word: str, kind: str | None = None) -> str:
        pool = (i for i, e in self.by_id.items() if kind is None or e.kind == kind)
        return did_you_mean(word, pool)


def _p(file: str, root: str, loc: tuple, message: str, hint: str = "", *,
       point: str = "value", severity: str = ERROR) -> Problem:
    return Problem(file, message, path=format_path(root, loc), hint=hint, loc=loc,
                   point=point, severity=severity)


def article(word: str) -> str:
    """'an organization', 'a person'."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _identity(edge: Edge) -> tuple:
    # Dates by their text, which determines them: hashing a PartialDate runs Python code.
    ends = (edge.source, edge.target)
    if not RELATIONS[edge.type].directed:
        ends = tuple(sorted(ends))
    start, end, bound = edge.start, edge.end, edge.ended_by
    return (*ends, edge.type, edge.role, start.text if start else None,
            end.text if end else None, bound.text if bound else None,
            tuple(d.text for d in edge.as_of) if edge.as_of else ())


def _edge_problems(edge: Edge, index: int, lookup: _Lookup, file: str,
                   allow_unsourced: bool) -> Iterable[Problem]:
    relation = RELATIONS[edge.type]
    source, target = lookup.by_id.get(edge.source), lookup.by_id.get(edge.target)
    if source is None or target is None:
        for field, ref, entity in (("from", edge.source, source), ("to", edge.target, target)):
            if entity is None and ref not in lookup.broken:
                yield _unknown_entity(file, index, field, ref, lookup)
    if edge.source == edge.target:
        yield _p(file, "edges", (index, "to"), f"edge from '{edge.source}' to itself",
                 "an edge must join two different entities")
    if source and source.kind not in relation.from_kinds:
        yield _kind_problem(file, index, "from", edge, source, relation.from_kinds)
    if target and target.kind not in relation.to_kinds:
        yield _kind_problem(file, index, "to", edge, target, relation.to_kinds)
    if relation.same_kind and source and target and source.kind != target.kind:
        yield _p(file, "edges", (index, "to"),
                 f"'{edge.type}' joins entities of one kind, but '{source.id}' is "
                 f"{article(source.kind)} and '{target.id}' {article(target.kind)}",
                 "use 'affiliated' with a note for other links")
    if relation.needs_note and not edge.note:
        yield _p(file, "edges", (index, "type"),
                 f"an '{edge.type}' edge needs a 'note' saying what the relation is",
                 "add 'note: ...'")
    if edge.start is not None or edge.end is not None or edge.ended_by is not None:
        # every date rule needs one of them
        yield from _date_problems(edge, file, "edges", index)
    if not edge.sources and not allow_unsourced:
        yield _p(file, "edges", (index,), "no sources", "add 'sources: [<document id>]' "
                 "(or run with --allow-unsourced while drafting)", point="item")
    if not lookup.cite_documents(edge.sources):
        yield from _citation_problems(edge.sources, lookup, file, "edges", index)


def _unknown_entity(file: str, index: int, field: str, ref: str, lookup: _Lookup) -> Problem:
    return _p(file, "edges", (index, field), f"unknown entity '{ref}'" + lookup.suggest(ref),
              "add it to entities.yaml or fix the id")


def _kind_problem(file: str, index: int, field: str, edge: Edge, entity: Entity,
                  allowed: frozenset[str]) -> Problem:
    relation = RELATIONS[edge.type]
    return _p(file, "edges", (index, field),
              f"{article(edge.type).split()[0]} '{edge.type}' edge goes from "
              f"{kinds_phrase(relation.from_kinds)} to "
              f"{kinds_phrase(relation.to_kinds)}, but '{entity.id}' is {article(entity.kind)}",
              f"check the direction or the type; '{field}' must be {kinds_phrase(allowed)}")


def _date_problems(item: Entity | Edge, file: str, root: str, index: int) -> Iterable[Problem]:
    start, end = item.start, item.end
    if start and end and start.first > end.last:
        yield _p(file, root, (index, "end"), f"start {start} is after end {end}",
                 "swap them or correct one")
    bound = getattr(item, "ended_by", None)
    if bound is not None:
        yield from _bound_problems(start, end, bound, file, root, index)
    for position, seen in enumerate(getattr(item, "as_of", ())):
        loc = (index, "as_of", position) if len(item.as_of) > 1 else (index, "as_of")
        if start and seen.last < start.first:
            yield _p(file, root, loc, f"as_of {seen} is before start {start}",
                     "as_of is a date on which the relation was in force")
        if end and seen.first > end.last:
            yield _p(file, root, loc, f"as_of {seen} is after end {end}",
                     "as_of is a date on which the relation was in force")
        if bound and seen.first > bound.last:
            yield _p(file, root, loc, f"as_of {seen} is after ended_by {bound}",
                     "as_of is a date on which the relation was in force; ended_by says "
                     "it was over by then")


def _bound_problems(start: PartialDate | None, end: PartialDate | None, bound: PartialDate,
                    file: str, root: str, index: int) -> Iterable[Problem]:
    """`ended_by` bounds an unknown end: never beside a known end, never before the start."""
    if end is not None:
        yield _p(file, root, (index, "ended_by"), f"both end {end} and ended_by {bound}",
                 "keep 'end' when the end is known, else 'ended_by' (over by then)")
    if start is not None and bound.last < start.first:
        yield _p(file, root, (index, "ended_by"), f"ended_by {bound} is before start {start}",
                 "ended_by is a date by which the relation was over; correct one of them")


def _raw_reference_problems(items: Sequence[tuple[int, Any]], lookup: _Lookup, file: str,
                            root: str) -> Iterable[Problem]:
    """Unknown entities and documents named by items that failed their own checks."""
    for index, item in items:
        if not isinstance(item, dict):
            continue
        for field in ("from", "to") if root == "edges" else ():
            ref = item.get(field)
            ref = ref.strip() if isinstance(ref, str) else ""
            if ref and ref not in lookup.by_id and ref not in lookup.broken:
                yield _unknown_entity(file, index, field, ref, lookup)
        sources = item.get("sources")
        if isinstance(sources, list):
            citations = [_citation_or_none(source) for source in sources]
            yield from _citation_problems(citations, lookup, file, root, index)


def _citation_or_none(raw: Any) -> Citation | None:
    try:
        return Citation.model_validate(raw)
    except ValidationError:
        return None  # its own problem is already reported


def _citation_problems(citations: Sequence[Citation | None], lookup: _Lookup, file: str,
                       root: str, index: int) -> Iterable[Problem]:
    for position, citation in enumerate(citations):
        if citation is None or citation.ref is None:
            continue
        loc = (index, "sources", position)
        target = lookup.by_id.get(citation.ref)
        if target is None and citation.ref in lookup.broken:
            continue
        if target is None:
            yield _p(file, root, loc, f"cites unknown document '{citation.ref}'"
                     + lookup.suggest(citation.ref, DOCUMENT),
                     "cite the id of a 'document' entity, or an http(s) URL")
        elif target.kind != DOCUMENT:
            yield _p(file, root, loc, f"cites '{citation.ref}', which is {article(target.kind)}, "
                     "not a document", "add the source as a 'document' entity and cite that")


def assign_edge_ids(edges: list[tuple[int, Edge]], file: str) -> list[Problem]:
    """Give every edge a unique id that stays the same from run to run.

    Explicit ids are kept (a repeat is an error); the rest get
    `from--type--to`, with `--2`, `--3`, ... for parallel edges in file order
    (GraphML ids are XML name tokens, so no other punctuation).
    Gephi drops edges whose ids repeat, so uniqueness matters downstream.
    """
    problems: list[Problem] = []
    used: dict[str, int] = {}
    derived = {}  # base of a derived id -> the first edge that gets it
    for index, edge in edges:
        if edge.id is None:
            derived.setdefault(derived_id(edge), index)
    for index, edge in edges:
        if edge.id is not None:
            if edge.id in used:
                problems.append(_p(file, "edges", (index, "id"),
                                   f"edge id '{edge.id}' is already used by edges[{used[edge.id]}]",
                                   "edge ids must be unique; remove it to get a derived one"))
            elif _derived_base(edge.id) in derived:
                # Taking it would silently rename that edge, and its id would not be stable.
                owner = derived[_derived_base(edge.id)]
                problems.append(_p(file, "edges", (index, "id"),
                                   f"edge id '{edge.id}' has the form of the id orgmap derives "
                                   f"for edges[{owner}]",
                                   "choose an id not of the form 'from--type--to'"))
            used[edge.id] = index
    for index, edge in edges:
        if edge.id is None:
            base = derived_id(edge)
            candidate, n = base, 1
            while candidate in used:
                n += 1
                candidate = f"{base}--{n}"
            set_field(edge, "id", candidate)
            used[candidate] = index
    return problems


def derived_id(edge: Edge) -> str:
    """The id validation gives an edge written without one (then numbered if repeated)."""
    return f"{edge.source}--{edge.type}--{edge.target}"


def _derived_base(edge_id: str) -> str:
    """'a--role--b' for 'a--role--b' and for 'a--role--b--3'."""
    head, _, tail = edge_id.rpartition("--")
    return head if tail.isdigit() and head.count("--") >= 2 else edge_id


def locate_problems(problems: list[Problem], texts: dict[str, str]) -> list[Problem]:
    """Fill in line and column from each problem's data path."""
    positions = {}
    located = []
    for problem in problems:
        if problem.line is not None or problem.file not in texts:
            located.append(problem)
            continue
        if problem.file not in positions:
            positions[problem.file] = locate(texts[problem.file])
        where = positions[problem.file].find(problem.loc, problem.point)
        if where is None:
            located.append(problem)
        else:
            located.append(replace(problem, line=where[0], column=where[1]))
    return located
