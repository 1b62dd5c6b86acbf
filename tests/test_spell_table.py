"""The spells of the tie questions, built column by column, equal the same facts computed
edge by edge from each edge's `Span`, on a generated dataset (read fresh and from the cache)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest

import orgmap
from generated import with_ended_by, write_generated
from orgmap import Dataset
from orgmap.data.dates import MAX_DAY, MIN_DAY, NO, YES, status_together
from orgmap.questions.copresence import CONFIRMED, NUMBERS, POSSIBLE, RULED_OUT, status
from orgmap.questions.structure import roles_of
from orgmap.questions.ties import ties
from orgmap.vocab import BODY_KINDS, PERSON

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 generated people; some open roles get `ended_by`, some start and end one day."""
    def edited(edges: str) -> str:
        blocks = with_ended_by(edges).split("\n- ")
        for index, block in enumerate(blocks[1:], start=1):
            if "\n  end:" not in block and "\n  ended_by:" not in block \
                    and "as_of" not in block \
                    and (day := re.search(r"\n  start: (\d{4}-\d{2}-\d{2})\n", block)):
                blocks[index] = block.rstrip("\n") + f"\n  end: {day.group(1)}\n"
        return "\n- ".join(blocks)

    return write_generated(tmp_path_factory.mktemp("generated"), 150, 11, edited)


@pytest.fixture(params=["fresh", "cached"])
def dataset(request: pytest.FixtureRequest, generated: Path, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Dataset:
    monkeypatch.setenv("ORGMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ORGMAP_NO_CACHE", raising=False)
    if request.param == "fresh":
        return orgmap.load(generated, cache=False)
    orgmap.load(generated)
    found = orgmap.load(generated)
    assert found._store is not None
    return found


def reference(dataset: Dataset, edge) -> dict:
    """One spell's facts, straight from its `Span`: the rules the arrays must follow."""
    when = edge.span
    known = when.known_days()
    seen = sorted(when.attested, key=lambda p: (p.first, p.last))
    opening = when.begins or (seen[0] if seen else None)
    closing = when.ends or (max(seen, key=lambda p: (p.last, p.first)) if seen else None)
    middle = [None if d is None else (d.first + d.last) // 2 for d in (opening, closing)]
    estimate_from = middle[0] if middle[0] is not None else (
        middle[1] if middle[1] is not None else 0)
    estimate_until = middle[1] if middle[1] is not None and middle[1] >= estimate_from \
        else estimate_from
    return {
        "certain_from": when.certain_from, "certain_until": when.certain_until,
        "possible_from": when.possible_from, "possible_until": when.possible_until,
        "hull_from": min([when.certain_from, *(a for a, _ in known)]),
        "hull_until": max([when.certain_until, *(b + 1 for _, b in known)]),
        "estimate_from": estimate_from, "estimate_until": estimate_until,
        "from_first": opening.first if opening else MIN_DAY,
        "from_last": opening.last if opening else MIN_DAY,
        "until_last": closing.last if closing else MAX_DAY,
        "until_first": closing.first if closing else MAX_DAY,
        "texts": (str(opening or ""), str(closing or "")),
        "known": sorted(known),
        "attested": sorted((p.first, p.last) for p in when.attested),
    }


def test_the_arrays_equal_the_spans_edge_by_edge(dataset: Dataset) -> None:
    from orgmap.questions.ties import _index

    index = _index(dataset)
    table = index.spells
    people = sorted((e for e in dataset.entities.values() if e.kind == PERSON),
                    key=lambda e: (e.label, e.id))
    edges = [e for person in dataset.entities for e in roles_of(dataset, person)]
    assert [e.id for e in table.edges] == [e.id for e in edges]
    assert len(edges) > 1000
    assert list(index.people) == [p.id for p in people]
    bodies = sorted(i for i, e in dataset.entities.items() if e.kind in BODY_KINDS)
    assert index.bodies == bodies
    assert table.person.tolist() == [index.people[e.source] for e in edges]
    assert table.target.tolist() == [bodies.index(e.target) for e in edges]
    kinds = {"as_of": 0, "ended_by": 0, "squashed": 0}
    for n, edge in enumerate(edges):
        expected = reference(dataset, edge)
        got = {name: int(table.numbers[name][n]) for name in NUMBERS}
        assert got == {name: expected[name] for name in NUMBERS}, edge.id
        texts = (table.date_text[table.opening[n]], table.date_text[table.closing[n]])
        assert texts == expected["texts"], edge.id
        mine = table.known_owner == n
        assert sorted(zip(table.known_first[mine].tolist(), table.known_last[mine].tolist(),
                          strict=True)) == expected["known"], edge.id
        mine = table.attested_owner == n
        assert sorted(zip(table.attested_first[mine].tolist(),
                          table.attested_last[mine].tolist(), strict=True)) \
            == expected["attested"], edge.id
        kinds["as_of"] += bool(edge.as_of)
        kinds["ended_by"] += edge.ended_by is not None
        kinds["squashed"] += bool(edge.start and edge.end and edge.end.last <= edge.start.first)
    assert all(kinds.values()), kinds  # every rule was exercised


def test_status_of_pairs_equals_status_together(dataset: Dataset) -> None:
    from orgmap.questions.ties import _index

    table = _index(dataset).spells
    edges = table.edges
    rng = random.Random(5)
    first = np.array([rng.randrange(len(edges)) for _ in range(3000)], dtype=np.int64)
    second = np.array([rng.randrange(len(edges)) for _ in range(3000)], dtype=np.int64)
    got = status(table, first, second, None)
    word = {YES: CONFIRMED, NO: RULED_OUT}
    expected = [word.get(status_together([edges[a].span, edges[b].span]), POSSIBLE)
                for a, b in zip(first.tolist(), second.tolist(), strict=True)]
    assert got.tolist() == expected
    assert set(expected) == {CONFIRMED, POSSIBLE, RULED_OUT}


def test_fresh_and_cached_data_give_the_same_ties(generated: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    monkeypatch.setenv("ORGMAP_CACHE_DIR", str(tmp_path / "cache"))
    fresh = orgmap.load(generated, cache=False)
    orgmap.load(generated)
    cached = orgmap.load(generated)
    for options in ({}, {"possible": True}, {"exact": True, "at": "2010"}):
        one, two = ties(fresh, **options), ties(cached, **options)
        assert len(one) > 100
        pd.testing.assert_frame_equal(one, two)


SHAPES = [{}, {"exact": True}, {"possible": True}, {"at": "2010"},
          {"begin": "2001", "end": "2012-06", "possible": True}, {"min_shared": 2},
          {"layout": "long"}, {"layout": "long", "exact": True, "possible": True}]



def test_the_projection_in_parts_equals_it_in_one_go(dataset: Dataset,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole projection gathered a few hundred pairs of spells at a time (in many parts
    by pair of people) equals the same meetings gathered at once, as a named question's
    are, and as they were before the projection was split into parts."""
    import pandas as pd

    from orgmap.questions import copresence
    from orgmap.questions import ties as module
    from orgmap.questions.tie_tables import by_body, long_frame, wide_frame

    monkeypatch.setattr(module, "PART_PAIRS", 300)
    for options in SHAPES:
        found, focus, period = module.meetings_for(
            dataset, **{k: v for k, v in options.items() if k not in ("layout", "min_shared")})
        frame = long_frame if options.get("layout") == "long" else wide_frame
        at_once = frame(by_body(found, focus, period), module.tie_names(dataset),
                        options.get("min_shared", 1))
        assert len(at_once) > 100, options
        question = module._asked(dataset, (), **{
            "at": None, "begin": None, "end": None, "exact": False, "categories": (),
            "kinds": (), "possible": False,
            **{k: v for k, v in options.items() if k not in ("layout", "min_shared")}})
        assert copresence.spell_pairs(question.placed) > 20 * module.PART_PAIRS, options
        pd.testing.assert_frame_equal(ties(dataset, **options), at_once)


def test_a_named_question_placing_only_the_bodies_around_its_people_gives_the_same_ties(
        dataset: Dataset) -> None:
    """The first question of a shape about some people builds and places only the spells
    of the bodies their spells may meet in; asked again once the shape keeps every spell
    placed, it gives the same table."""
    import pandas as pd

    from orgmap.questions.ties import _index

    people = sorted(i for i, e in dataset.entities.items() if e.kind == PERSON)
    chosen = [people[n] for n in random.Random(3).sample(range(len(people)), 6)]
    asked = [[chosen[0]], [chosen[1]], chosen[2:4], [chosen[4]], [chosen[5]]]
    index = _index(dataset)
    for options in ({}, {"exact": True}, {"possible": True, "at": "2012"}, {"layout": "long"}):
        first, placed_only = [], []
        for who in asked:
            index.every, index.few = None, False  # as on data just loaded
            dataset.query_index.tie_shapes.clear()
            first.append(ties(dataset, who, **options))
            assert index.every is None
        index.spells  # noqa: B018  (builds every spell's arrays: a few of them placed)
        for who in asked:
            dataset.query_index.tie_shapes.clear()
            placed_only.append(ties(dataset, who, **options))
        ties(dataset, **options)  # keeps every spell placed for this shape
        for who, frame, other in zip(asked, first, placed_only, strict=True):
            pd.testing.assert_frame_equal(frame, ties(dataset, who, **options))
            pd.testing.assert_frame_equal(other, ties(dataset, who, **options))
        assert sum(len(frame) for frame in first) > 50, options


def test_the_arrays_of_some_spells_equal_those_rows_of_every_spell(dataset: Dataset) -> None:
    """The arrays built for a few spells (a first question about some people) are the
    rows of the arrays of every spell, their known days and as_of included."""
    from orgmap.questions.spell_table import spells_of
    from orgmap.questions.ties import _index

    index = _index(dataset)
    every = index.spells
    chosen = np.sort(np.array(random.Random(7).sample(range(len(every)), len(every) // 3),
                              dtype=np.int64))
    some = spells_of(index.source, chosen)
    assert [e.id for e in some.edges] == [every.edges[n].id for n in chosen.tolist()]
    assert some.person.tolist() == every.person[chosen].tolist()
    assert some.target.tolist() == every.target[chosen].tolist()
    for name in NUMBERS:
        assert some.numbers[name].tolist() == every.numbers[name][chosen].tolist(), name
    assert some.date_text[some.opening].tolist() == every.date_text[every.opening[chosen]].tolist()
    assert some.date_text[some.closing].tolist() == every.date_text[every.closing[chosen]].tolist()

    def rows(table, owner, *columns):
        return sorted(zip(owner.tolist(), *(c.tolist() for c in columns), strict=True))

    renamed = np.full(len(every), -1, dtype=np.int64)
    renamed[chosen] = np.arange(len(chosen), dtype=np.int64)
    for owner, columns in (("known_owner", ("known_first", "known_last")),
                           ("attested_owner", ("attested_first", "attested_last"))):
        mine = renamed[getattr(every, owner)] >= 0
        expected = rows(every, renamed[getattr(every, owner)][mine],
                        *(getattr(every, c)[mine] for c in columns))
        assert rows(some, getattr(some, owner), *(getattr(some, c) for c in columns)) \
            == expected, owner
        assert expected
    # Shared as_of values are found among the chosen spells alone.
    first = np.arange(len(chosen), dtype=np.int64)
    assert status(some, first, first[::-1], None).tolist() == status(
        every, chosen, chosen[::-1], None).tolist()


def test_a_first_question_missing_a_spell_around_its_people_is_caught(
        dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the spells built for a first question to miss the spells of one person who
    served with the asked one, its table would differ from the fully placed one: the
    comparison above would fail."""
    import pandas as pd

    from orgmap.questions import ties as module

    people = sorted(i for i, e in dataset.entities.items() if e.kind == PERSON)
    asked = next(p for p in people if len(ties(dataset, [p])) > 3)
    full = ties(dataset, [asked])
    partner = module._index(dataset).people[full["person_b_id"].iloc[0]]
    built = module.spells_of

    def missing_one(source, chosen=None):
        if chosen is not None:
            chosen = chosen[source.person[chosen] != partner]
        return built(source, chosen)

    monkeypatch.setattr(module, "spells_of", missing_one)
    index = module._index(dataset)
    index.every, index.few = None, False  # as on a dataset just loaded
    dataset.query_index.tie_shapes.clear()
    first = ties(dataset, [asked])
    assert index.every is None
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(first, full)
    monkeypatch.setattr(module, "spells_of", built)
    index.every, index.few = None, False
    dataset.query_index.tie_shapes.clear()
    pd.testing.assert_frame_equal(ties(dataset, [asked]), full)
    assert index.every is None
