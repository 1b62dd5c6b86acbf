"""A dataset read from the cache (models built on demand, questions reading records)
answers every question exactly as the freshly validated one it was stored from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import orgmap
from generated import with_ended_by, write_generated
from orgmap import Dataset, load
from orgmap.questions.describe import relations_frame
from orgmap.vocab import BODY_KINDS, PERSON

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("ORGMAP_CACHE_DIR", str(directory))
    monkeypatch.delenv("ORGMAP_NO_CACHE", raising=False)
    return directory


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 generated people, with `ended_by` on some open-ended relations."""
    return write_generated(tmp_path_factory.mktemp("generated"), 120, 7, with_ended_by)


def both(data: Path) -> tuple[Dataset, Dataset]:
    """(freshly validated, read back from the cache) for the same files."""
    eager = load(data)  # validates and stores
    lazy = load(data)
    assert lazy._store is not None and eager._store is None
    return eager, lazy


def same(a: object, b: object) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
        assert a.attrs == b.attrs
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            same(a[key], b[key])
    else:
        assert a == b


def questions(dataset: Dataset) -> dict[str, object]:
    """Every question, with a spread of inputs and options, on this dataset."""
    people = sorted(i for i, e in dataset.entities.items() if e.kind == PERSON)
    bodies = sorted(i for i, e in dataset.entities.items() if e.kind in BODY_KINDS)
    held = {}
    for person in people:
        targets = sorted({e.target for e in dataset.edges_from(person) if e.type == "role"})
        if len(targets) >= 2:
            held[person] = targets[:2]
    pairs = [held[p] for p in sorted(held)[:6]] + [bodies[:2], bodies[-2:]]
    answers: dict[str, object] = {}
    for number, pair in enumerate(pairs):
        for options in ({}, {"exact": True}, {"concurrent": True, "possible": True},
                        {"at": "2015", "possible": True}, {"layout": "long"}):
            answers[f"overlap {number} {options}"] = orgmap.overlap(dataset, pair, **options)
    for entity in people[:8] + bodies[:8] + bodies[-3:]:
        answers[f"timeline {entity}"] = orgmap.timeline(dataset, entity)
        answers[f"relations {entity}"] = relations_frame(dataset, dataset.entities[entity])
        answers[f"profile {entity}"] = orgmap.profile(dataset.resolve_record(entity))
        answers[f"ego {entity}"] = orgmap.ego(dataset, entity, 2)
    for body in bodies[:5]:
        answers[f"timeline --units {body}"] = orgmap.timeline(dataset, body, units=True,
                                                              types=["role"])
    ends = people[:4] + bodies[:2]
    for start, goal in zip(ends, reversed(ends), strict=True):
        if start != goal:
            answers[f"path {start} {goal}"] = orgmap.path(dataset, start, goal)
            answers[f"path via {start} {goal}"] = orgmap.path(dataset, start, goal,
                                                              via=["role", "part_of"])
    answers["snapshot"] = orgmap.snapshot(dataset, "2018")
    answers["interlocks"] = orgmap.interlocks(dataset)
    answers["interlocks exact at"] = orgmap.interlocks(dataset, exact=True, at="2016",
                                                       possible=True)
    answers["centrality"] = orgmap.centrality(dataset, top=10)
    answers["degree"] = orgmap.centrality(dataset, top=10, by="degree")
    answers["stats"] = orgmap.stats(dataset)
    for text in ("office", "a", "委员会"):
        answers[f"search {text}"] = orgmap.search(dataset, text)
    for name in (*people[:3], dataset.entity_record(bodies[0]).name.upper()):
        answers[f"resolve {name}"] = dataset.resolve(name).id
    return answers


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_a_dataset_read_from_the_cache_answers_exactly_as_a_validated_one(
        which: str, generated: Path) -> None:
    eager, lazy = both(ROOT / "data" if which == "bundled" else generated)
    expected, found = questions(eager), questions(lazy)
    assert expected.keys() == found.keys()
    for name in expected:
        same(expected[name], found[name])


def test_models_read_from_the_cache_equal_the_validated_ones(generated: Path) -> None:
    eager, lazy = both(generated)
    assert len(lazy.entities) == len(eager.entities) and len(lazy.edges) == len(eager.edges)
    assert list(lazy.entities) == list(eager.entities)
    assert lazy.edges[3] == eager.edges[3] and lazy.edges[-1] == eager.edges[-1]
    assert lazy.edges[2:5] == eager.edges[2:5]
    assert dict(lazy.entities) == eager.entities and lazy.edges == eager.edges
    assert [e.model_fields_set for e in lazy.edges] == [e.model_fields_set for e in eager.edges]
    assert lazy.edges[0] is lazy.edges[0]  # built once
    assert sum(e.ended_by is not None for e in lazy.edges) > 10
    with pytest.raises(IndexError):
        lazy.edges[len(eager.edges)]
    with pytest.raises(KeyError):
        lazy.entities["no-such-entity"]


def facts(item: object) -> dict[str, object]:
    """Every field of a model or record, citations as their own fields."""
    names = item._fields if isinstance(item, tuple) else type(item).model_fields
    found = {name: getattr(item, name) for name in names}
    found["sources"] = [(c.ref, c.url, c.locator, str(c)) for c in found["sources"]]
    return found


def test_records_say_what_the_models_say(generated: Path) -> None:
    eager, lazy = both(generated)
    for entity_id, entity in eager.entities.items():
        record = lazy.entity_record(entity_id)
        assert facts(record) == facts(entity)
        assert (record.label, record.span) == (entity.label, entity.span)
    for entity_id in list(eager.entities)[:200]:
        for mine, theirs in ((lazy.records_from(entity_id), eager.edges_from(entity_id)),
                             (lazy.records_to(entity_id), eager.edges_to(entity_id))):
            assert len(mine) == len(theirs)
            for record, edge in zip(mine, theirs, strict=True):
                assert facts(record) == facts(edge)
                assert (record.span, record.directed) == (edge.span, edge.directed)
        for types in (("part_of", "nameplate"), ("role", "member"), ("no-such-type",)):
            for mine, theirs in ((lazy.records_from(entity_id, *types),
                                  eager.edges_from(entity_id)),
                                 (lazy.records_to(entity_id, *types), eager.edges_to(entity_id))):
                assert [e.id for e in mine] == [e.id for e in theirs if e.type in types]
    structure = [e.id for e in lazy.records_of_type("part_of", "nameplate")]
    assert structure == [e.id for e in eager.edges if e.type in ("part_of", "nameplate")]


def test_a_warm_question_needs_neither_pydantic_nor_pandas(generated: Path,
                                                           isolated_cache: Path) -> None:
    """What makes a warm command fast: no models built, no DataFrame made."""
    load(generated)
    people = sorted(i for i, e in load(generated).entities.items() if e.kind == PERSON)
    probe = (
        "import sys\nfrom orgmap.cli import app\n"
        "for args in " + repr([["timeline", people[0]], ["show", people[1]],
                               ["path", people[0], people[-1]]]) + ":\n"
        "    try:\n        app([*args, '--data', sys.argv[1]])\n"
        "    except SystemExit as done:\n        assert not done.code, args\n"
        "print(','.join(m for m in ('pydantic', 'pandas') if m in sys.modules) or 'none')")
    done = subprocess.run([sys.executable, "-c", probe, str(generated)], capture_output=True,
                          text=True, check=True,
                          env={**__import__("os").environ, "ORGMAP_CACHE_DIR": str(isolated_cache)})
    assert done.stdout.strip().splitlines()[-1] == "none"


def test_a_pickled_dataset_read_from_the_cache_round_trips(generated: Path) -> None:
    import pickle

    eager, lazy = both(generated)
    again = pickle.loads(pickle.dumps(lazy))
    assert again.entities == eager.entities and again.edges == eager.edges
    same(orgmap.timeline(again, next(iter(eager.entities))),
         orgmap.timeline(eager, next(iter(eager.entities))))


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_the_entrys_arrays_say_what_the_models_say(which: str, generated: Path) -> None:
    """Each array the entry keeps beside its rows (edge ends and types, entity kinds, the
    indexes by entity, the structure's) equals what the validated models give."""
    from orgmap.vocab import STRUCTURE_TYPES

    eager, lazy = both(ROOT / "data" if which == "bundled" else generated)
    store = lazy._store
    position = {entity_id: n for n, entity_id in enumerate(eager.entities)}
    edges = list(eager.edges)
    assert list(store.ends("source")) == [position[e.source] for e in edges]
    assert list(store.ends("target")) == [position[e.target] for e in edges]
    assert [store.type_names[n] for n in store.edge_types] == [e.type for e in edges]
    assert [store.kind_names[n] for n in store.entity_kinds] == [
        e.kind for e in eager.entities.values()]
    assert any(e.type == "nameplate" for e in edges) and any(e.type == "part_of" for e in edges)
    for index, end in (("out", "source"), ("in", "target")):
        for entity_id, number in position.items():
            mine = [n for n, e in enumerate(edges) if getattr(e, end) == entity_id]
            assert list(store.group(index, number)) == mine
            assert list(store.group(f"structure.{index}", number)) == [
                n for n in mine if edges[n].type in STRUCTURE_TYPES]
    entities = list(eager.entities.values())
    for field in ("name", "name_zh"):
        assert store.entity_values(field) == [getattr(e, field) for e in entities]
    ids = list(eager.entities)
    for order, key in (("label", lambda n: (entities[n].label, ids[n])),
                       ("name", lambda n: (entities[n].name, ids[n])), ("id", ids.__getitem__)):
        assert list(store.entity_order(order)) == sorted(range(len(ids)), key=key)
    vocabularies = [name.split(".")[1:3] for name in store.places
                    if name.startswith("vocab.") and name.endswith(".offsets")]
    assert ["edges", "type"] in vocabularies
    for table, field in vocabularies:
        values = store.vocabulary(table, field)
        one_by_one = [values[n] for n in range(len(values))]  # each decoded alone
        assert one_by_one == store.vocabulary(table, field).all()
        column = [getattr(e, field) for e in (edges if table == "edges" else
                                               eager.entities.values() if table == "entities"
                                               else ())]
        assert not column or set(column) == set(one_by_one)


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_ends_and_roles_told_from_the_entry_are_those_of_the_models(
        which: str, generated: Path) -> None:
    """What questions read without decoding an edge (`ends_from`, `ends_to`, `kind_of`,
    the roles by body and by person) is what a validated dataset says."""
    from orgmap.questions.structure import bodies_of, holders_in, roles_in, roles_of

    eager, lazy = both(ROOT / "data" if which == "bundled" else generated)
    for entity_id in eager.entities:
        assert lazy.kind_of(entity_id) == eager.kind_of(entity_id)
        assert lazy.count_to(entity_id) == eager.count_to(entity_id)
        for types in (("part_of", "nameplate"), ("nameplate", "part_of"), ("role", "member"),
                      ("part_of",), ()):
            for mine, theirs in ((lazy.ends_from(entity_id, *types),
                                  eager.ends_from(entity_id, *types)),
                                 (lazy.ends_to(entity_id, *types),
                                  eager.ends_to(entity_id, *types))):
                assert (mine.other, mine.types) == (theirs.other, theirs.types)
                assert [e.id for e in mine.edges] == [e.id for e in theirs.edges]
        for ask in (roles_in, roles_of):
            assert [e.id for e in ask(lazy, entity_id)] == [e.id for e in ask(eager, entity_id)]
        assert holders_in(lazy, entity_id) == [e.source for e in roles_in(eager, entity_id)]
        assert bodies_of(lazy, entity_id) == [e.target for e in roles_of(eager, entity_id)]
    for dataset in (eager, lazy):
        assert not len(roles_of(dataset, "no-such-entity"))
        assert not dataset.ends_to("no-such-entity", "role").other


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_tie_numbering_read_from_the_entry_is_that_of_the_models(
        which: str, generated: Path) -> None:
    """People, bodies and their display names, numbered from the entry's orders and name
    columns, are those a validated dataset numbers by sorting."""
    import numpy as np

    from orgmap.questions.ties import _index

    eager, lazy = both(ROOT / "data" if which == "bundled" else generated)
    mine, theirs = _index(lazy), _index(eager)
    assert mine.people == theirs.people and mine.bodies == theirs.bodies
    for field in ("person_ids", "person_labels", "body_ids", "body_names", "body_rank"):
        assert np.array_equal(getattr(mine.display, field), getattr(theirs.display, field))
    names = list(theirs.display.body_names)
    assert [names[n] for n in np.argsort(theirs.display.body_rank)] == sorted(names)
    for field in ("rows", "person", "target"):
        assert np.array_equal(getattr(mine.source, field), getattr(theirs.source, field))
