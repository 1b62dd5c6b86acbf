"""Ties: who served together, where and when, on hand-built cases and a generated legislature."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import orgmap
from documented import documented_args
from orgmap import Dataset, QueryProblem
from orgmap.cli import app
from orgmap.questions.ties import tie_matrix, ties

BASIC = Path(__file__).parent / "fixtures" / "ties" / "basic"


@pytest.fixture(scope="module")
def basic() -> Dataset:
    return orgmap.load(BASIC, cache=False)


def pairs(frame) -> dict[tuple[str, str], dict]:
    return {(row["person_a_id"], row["person_b_id"]): row for row in frame.to_dict("records")}


def test_overlapping_times_are_a_confirmed_tie_with_their_intersection(basic: Dataset) -> None:
    found = pairs(ties(basic))
    tie = found[("ann", "ben")]
    assert tie["status"] == "confirmed"
    assert tie["bodies"] == "Board (2018/2020)"
    assert tie["years"] == 2.0


def test_disjoint_times_are_no_tie(basic: Dataset) -> None:
    everything = ties(basic, possible=True)
    assert "cat" not in set(everything["person_a_id"]) | set(everything["person_b_id"])


def test_an_open_end_makes_a_possible_tie(basic: Dataset) -> None:
    assert ("dan", "eve") not in pairs(ties(basic))
    tie = pairs(ties(basic, possible=True))[("dan", "eve")]
    assert (tie["status"], tie["bodies"], tie["confirmed"]) == ("possible", "Panel (possibly)", 0)


def test_a_sub_unit_counts_for_its_parent_unless_exact(basic: Dataset) -> None:
    tie = pairs(ties(basic))[("fay", "gus")]
    assert (tie["bodies_id"], tie["bodies"]) == ("ministry", "Ministry (2017/2019)")
    assert ("fay", "gus") not in pairs(ties(basic, exact=True))


def test_nameplates_are_one_body(basic: Dataset) -> None:
    tie = pairs(ties(basic))[("hal", "ivy")]
    assert (tie["shared"], tie["bodies_id"]) == (1, "commission")
    assert ("hal", "ivy") not in pairs(ties(basic, exact=True))


def test_three_people_in_one_body_make_three_pairs(basic: Dataset) -> None:
    council = ties(basic, categories=["party"], kinds=["organization"])
    council = council[council["bodies_id"] == "council"]
    assert set(pairs(council)) == {("jan", "kim"), ("jan", "leo"), ("kim", "leo")}


def test_two_roles_in_one_body_are_one_tie(basic: Dataset) -> None:
    found = ties(basic, ["Leo"])
    assert list(found["person_b_id"]) == ["jan", "kim"]
    jan = pairs(found)[("leo", "jan")]
    assert (jan["shared"], jan["bodies"], jan["years"]) == (1, "Council (2001/2003, 2005/2008)",
                                                           5.0)
    long = ties(basic, ["Leo"], layout="long")
    assert len(long) == 2


def test_ordering_is_by_shared_bodies_then_years_then_names(basic: Dataset) -> None:
    found = ties(basic)
    keys = [(-s, -y) for s, y in zip(found["shared"], found["years"], strict=True)]
    assert keys == sorted(keys)
    assert list(found["person_a_id"][:2]) == ["jan", "jan"]
    two_years = found[found["years"] == 2.0]
    assert list(two_years["person_a"]) == sorted(two_years["person_a"])


def test_at_and_range_keep_ties_in_force_then(basic: Dataset) -> None:
    assert set(pairs(ties(basic, at="2004"))) == {("jan", "kim")}
    assert set(pairs(ties(basic, at="2002"))) == {("jan", "kim"), ("jan", "leo"), ("kim", "leo")}
    ranged = pairs(ties(basic, begin="2013", end="2014"))
    assert set(ranged) == {("hal", "ivy")}
    assert ranged[("hal", "ivy")]["years"] == 1.5  # clipped to the range asked about


def test_min_shared_and_bad_options(basic: Dataset) -> None:
    assert ties(basic, min_shared=2).empty
    with pytest.raises(QueryProblem, match="not a person"):
        ties(basic, ["board"])
    with pytest.raises(QueryProblem, match="either --at or --from"):
        ties(basic, at="2001", begin="2000")
    with pytest.raises(QueryProblem, match="after"):
        ties(basic, begin="2010", end="2001")


def test_matrix_is_symmetric_in_name_order(basic: Dataset) -> None:
    matrix = tie_matrix(basic)
    ids = list(matrix["person_id"])
    assert ids == ["ann", "ben", "fay", "gus", "hal", "ivy", "jan", "kim", "leo", "max", "ned"]
    assert list(matrix.columns) == ["person_id", "person", *ids]
    grid = matrix.set_index("person_id")[ids]
    assert (grid.to_numpy() == grid.to_numpy().T).all()
    assert grid.loc["jan", "leo"] == 1 and grid.loc["jan", "jan"] == 0
    years = tie_matrix(basic, weight="years").set_index("person_id")
    assert years.loc["jan", "leo"] == 5.0
    with pytest.raises(QueryProblem, match="more than 3"):
        tie_matrix(basic, limit=3)


# -- a legislature, checked against counts computed here ----------------------------------


def _legislature(root: Path, seed: int) -> list[tuple[str, str, str | None, int, int]]:
    """Committees with subcommittees and members with day-exact terms.

    Returns (person, body, parent committee or None, first day, day ended).
    """
    rng = random.Random(seed)
    entities = ["- {id: journal, kind: document, name: Journal}"]
    edges = []
    bodies: list[tuple[str, str | None]] = []
    for c in range(6):
        committee = f"committee-{c}"
        entities.append(f"- {{id: {committee}, kind: organization, name: Committee {c}}}")
        bodies.append((committee, None))
        for s in range(rng.randint(1, 3)):
            sub = f"{committee}-sub-{s}"
            entities.append(f"- {{id: {sub}, kind: organization, name: Subcommittee {c}.{s}}}")
            edges.append(f"- {{from: {sub}, to: {committee}, type: part_of, sources: [journal]}}")
            bodies.append((sub, committee))
    terms = []
    base = dt.date(2000, 1, 1).toordinal()
    for p in range(45):
        person = f"member-{p:02d}"
        entities.append(f"- {{id: {person}, kind: person, name: Member {p:02d}}}")
        for _ in range(rng.randint(1, 4)):
            body, parent = rng.choice(bodies)
            first = base + rng.randint(0, 7000)
            ended = first + rng.randint(30, 2500)
            terms.append((person, body, parent, first, ended))
            edges.append(
                f"- {{from: {person}, to: {body}, type: member, "
                f"start: {dt.date.fromordinal(first)}, end: {dt.date.fromordinal(ended)}, "
                "sources: [journal]}")
    (root / "entities.yaml").write_text("\n".join(entities) + "\n", encoding="utf-8")
    (root / "edges.yaml").write_text("\n".join(edges) + "\n", encoding="utf-8")
    return terms


def _expected(terms, exact: bool) -> dict[tuple[str, str], tuple[int, float]]:
    """Shared bodies and years per pair, by brute force over every pair of terms."""
    places: dict[tuple[str, str], set[str]] = {}
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for one, two in itertools.combinations(terms, 2):
        if one[0] == two[0]:
            continue
        first, second = sorted([one, two])
        low, high = max(first[3], second[3]), min(first[4], second[4])
        if low >= high:
            continue
        if first[1] == second[1]:
            where = first[1]
        elif exact:
            continue
        elif (first[2] or first[1]) == (second[2] or second[1]):
            where = first[2] or first[1]
        else:
            continue
        key = (first[0], second[0])
        places.setdefault(key, set()).add(where)
        spans.setdefault(key, []).append((low, high))
    result = {}
    for key, found in places.items():
        covered: set[int] = set()
        for low, high in spans[key]:
            covered.update(range(low, high))
        result[key] = (len(found), round(len(covered) / 365.25, 1))
    return result


@pytest.mark.parametrize("exact", [False, True])
def test_a_legislature_against_brute_force(tmp_path: Path, exact: bool) -> None:
    terms = _legislature(tmp_path, seed=7)
    data = orgmap.load(tmp_path, cache=False)
    expected = _expected(terms, exact)
    found = ties(data, exact=exact)
    got = {(a, b): (s, y) for a, b, s, y in zip(found["person_a_id"], found["person_b_id"],
                                                  found["shared"], found["years"], strict=True)}
    assert len(expected) > 100
    assert got == expected
    assert set(found["status"]) == {"confirmed"}
    matrix = tie_matrix(data, exact=exact).set_index("person_id").drop(columns="person")
    for (a, b), (shared, _) in expected.items():
        assert matrix.loc[a, b] == matrix.loc[b, a] == shared
    assert int(matrix.to_numpy().sum()) == 2 * sum(s for s, _ in expected.values())
    one = ties(data, ["member-03"], exact=exact)
    assert {tuple(sorted((a, b))) for a, b in zip(one["person_a_id"], one["person_b_id"],
                                                   strict=True)} \
        == {k for k in expected if "member-03" in k}


# -- the documentation shows real output ------------------------------------------------

ROOT = Path(__file__).parent.parent
SECTION = re.search(r"^## `orgmap ties.*?(?=^## )",
                    (ROOT / "docs" / "queries.md").read_text(encoding="utf-8"),
                    re.DOTALL | re.MULTILINE).group(0)
EXAMPLES = [(m.group(1), m.group(2)) for m in
            re.finditer(r"```console\n\$ (orgmap ties.*?)\n(.*?)```", SECTION, re.DOTALL)]


def test_the_section_has_examples() -> None:
    assert len(EXAMPLES) >= 6
    words = [(command, " ".join(shown.split())) for command, shown in EXAMPLES]
    assert any("Zhuang Rongwen" in command and "Xu Lin" in shown and
               "Central Propaganda Department" in shown for command, shown in words)


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_documented_examples_are_real_output(command: str, shown: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    args = documented_args(command)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout + result.stderr == shown, (
        "docs/queries.md is out of date; this is the real output:\n"
        + result.stdout + result.stderr)
    if "--matrix" in args:
        written = re.search(r"`ties.csv`:\n\n```csv\n(.*?)```", SECTION, re.DOTALL).group(1)
        assert (tmp_path / "ties.csv").read_text(encoding="utf-8") == written


# -- the command line ---------------------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(app, ["ties", "--data", str(BASIC), *args])


@pytest.mark.parametrize(("args", "message"), [
    (["Nobody"], "no entity called 'Nobody'"),
    (["board"], "not a person"),
    (["--at", "2019-13"], "month 13"),
    (["--at", "2019", "--to", "2020"], "either --at or --from"),
    (["--category", "nonsense"], "no entity has category 'nonsense'"),
    (["--kind", "person"], "holds no roles"),
    (["--matrix", "m.csv", "--weight", "decades"], "unknown weight"),
    (["--format", "xml"], "unknown format"),
])
def test_a_question_that_cannot_be_asked_exits_2(args: list[str], message: str,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "m.csv").exists()


def test_a_matrix_too_large_is_refused_with_a_hint(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import orgmap.questions.ties as module

    monkeypatch.setattr(module, "MATRIX_LIMIT", 4)
    result = invoke("--matrix", str(tmp_path / "m.csv"))
    assert result.exit_code == 2
    assert "11 people, more than 4" in result.stderr and "--format csv" in result.stderr
    assert not (tmp_path / "m.csv").exists()


def test_machine_formats_carry_ids(tmp_path: Path) -> None:
    import json

    rows = json.loads(invoke("Leo", "--format", "json").stdout)
    assert [(r["person_a_id"], r["person_b_id"], r["bodies_id"]) for r in rows] == [
        ("leo", "jan", "council"), ("leo", "kim", "council")]
    header = invoke("--format", "csv").stdout.splitlines()[0]
    assert header == ("person_a_id,person_a,person_b_id,person_b,shared,confirmed,years,"
                      "status,bodies_id,bodies")


def test_ended_by_bounds_an_open_end(basic: Dataset, tmp_path: Path) -> None:
    assert "olga" not in set(ties(basic, possible=True)["person_a_id"])
    for name in ("entities.yaml", "edges.yaml"):
        text = (BASIC / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("ended_by: 2012, ", ""), encoding="utf-8")
    unbounded = orgmap.load(tmp_path, cache=False)
    assert pairs(ties(unbounded, possible=True))[("olga", "piet")]["status"] == "possible"
