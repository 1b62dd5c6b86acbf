"""Property tests: generated datasets, valid and mutated, through load, validate and
every question, with the promises checked on each.

* No exception but the documented ones (`DataError` from `load`); from the command
  line, exit code 0, 1 or 2 and never a traceback.
* A file never yields fewer items than it holds without an error: whenever a
  dataset loads, each file's item count equals the count of its item lines
  (`prescan.count_items`, which uses no YAML parser).
* Valid data loads whole: as many entities and edges as were written.

`make test` runs a bounded number of examples (the "default" profile below);
`make fuzz` runs the "fuzz" profile for minutes with a printed seed, which
`make fuzz SEED=...` replays.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from orgmap.cli import app
from orgmap.data.load import load
from orgmap.data.prescan import count_items
from orgmap.errors import DataError

settings.register_profile("default", max_examples=25, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=int(os.environ.get("ORGMAP_FUZZ_EXAMPLES",
                                                                  "1000")),
                          deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

runner = CliRunner()
#: Examples run per property, printed at the end of a `make fuzz` run.
RUNS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def runs_summary() -> Iterator[None]:
    """After the module: how many generated inputs each property ran (a failing one
    stops its property, and pytest reports it with the input, shrunk). `make fuzz`
    runs pytest with -s, so this reaches the terminal."""
    yield
    if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz":
        print(f"\nfuzz: {sum(RUNS.values())} runs in all")
        for name, count in sorted(RUNS.items()):
            print(f"  {name}: {count} runs")

# -- generated datasets ------------------------------------------------------------

SLUG = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
#: Text as people type it: any script, formula-like starts, quotes; no control
#: characters or line/paragraph separators (refused or read as line breaks).
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
                             blacklist_characters="\ufeff"), min_size=1, max_size=24
               ).filter(lambda s: s.strip() != "")


@st.composite
def datasets(draw: st.DrawFn) -> tuple[str, str, int, int]:
    """(entities.yaml, edges.yaml, entity count, edge count) of a valid dataset."""
    ids = draw(st.lists(SLUG.filter(lambda s: s != "doc"), min_size=2, max_size=7,
                        unique=True))
    people = ids[: max(1, len(ids) // 2)]
    bodies = ids[len(people):] or [ids[-1]]
    entities = ["# generated\n", _entity("doc", "document", draw(TEXT))]
    for ident in ids:
        kind = "person" if ident in people else "organization"
        entities.append(_entity(ident, kind, draw(TEXT), aliases=draw(st.lists(TEXT,
                                                                               max_size=2))))
    pairs = draw(st.lists(st.tuples(st.sampled_from(people), st.sampled_from(bodies)),
                          min_size=1, max_size=8, unique=True))
    edges = []
    for person, body in pairs:
        if person == body:
            continue
        role = draw(st.one_of(st.none(), TEXT))
        start = draw(st.one_of(st.none(), st.integers(1950, 2030).map(str)))
        edges.append(_edge(person, body, role, start))
    return "".join(entities), "".join(edges), len(ids) + 1, len(edges)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is YAML double-quoted text


def _entity(ident: str, kind: str, name: str, aliases: list[str] = ()) -> str:
    lines = f"\n- id: {ident}\n  kind: {kind}\n  name: {_quoted(name)}\n"
    if aliases:
        lines += "  aliases:\n" + "".join(f"    - {_quoted(a)}\n" for a in aliases)
    return lines


def _edge(person: str, body: str, role: str | None, start: str | None) -> str:
    lines = f"\n- from: {person}\n  to: {body}\n  type: role\n"
    if role:
        lines += f"  role: {_quoted(role)}\n"
    if start:
        lines += f"  start: {start}\n"
    return lines + "  sources:\n    - ref: doc\n      locator: p. 1\n"


# -- mutations ---------------------------------------------------------------------

CONTROL = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85,
                            0x9B)]


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` with one to three edits of the kinds a file meets in real life."""
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "flip", "control",
                                     "deep", "flow", "huge", "truncate", "escape"]))
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "deep":
            depth = draw(st.sampled_from([90, 99, 100, 101, 150, 3000, 20000]))
            lines.insert(at, b"- " * depth + b"x")
        elif kind == "flow":
            depth = draw(st.sampled_from([50, 99, 100, 101, 300, 5000]))
            lines.insert(at, b"  aliases: " + b"[" * depth + b"]" * depth)
        elif kind == "huge":
            value = draw(st.sampled_from([b"9" * 5000, b"x" * 200_000, b'"' + b"y" * 50_000
                                          + b'"']))
            lines.insert(at, b"  " + draw(st.sampled_from([b"name", b"start", b"role",
                                                           b"note", b"1"])) + b": " + value)
        elif kind == "escape":
            escape = draw(st.sampled_from([b"\\e]0;x\\a", b"\\x01", b"\\0", b"\\r", b"\\N"]))
            lines.insert(at, b'  note: "a' + escape + b'b"')
        else:
            joined = b"\n".join(lines)
            where = draw(st.integers(0, len(joined)))
            if kind == "flip" and joined:
                where = min(where, len(joined) - 1)
                bit = 1 << draw(st.integers(0, 7))
                joined = joined[:where] + bytes([joined[where] ^ bit]) + joined[where + 1:]
            elif kind == "control":
                joined = (joined[:where] + draw(st.sampled_from(CONTROL)).encode()
                          + joined[where:])
            else:  # truncate
                joined = joined[:where]
            data = joined
            continue
        data = b"\n".join(lines)
    return data


def write(folder: Path, entities: bytes, edges: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entities.yaml").write_bytes(entities)
    (folder / "edges.yaml").write_bytes(edges)
    return folder


def check_load(folder: Path) -> None:
    """load either raises DataError or returns every item each file holds."""
    try:
        dataset = load(folder, cache=False)
    except DataError as error:
        assert error.problems, "a DataError names at least one problem"
        return
    for name, loaded in (("entities.yaml", len(dataset.entities)),
                         ("edges.yaml", len(dataset.edges))):
        held = count_items((folder / name).read_bytes())
        if held is not None:
            assert loaded == held, f"{name}: {held} items held, {loaded} loaded, no error"


QUESTIONS = [["validate"], ["validate", "--strict"], ["stats"], ["search", "a"],
             ["interlocks"], ["centrality"], ["snapshot", "--at", "2000"],
             ["show", "doc"], ["ego", "doc"], ["timeline", "doc"], ["overlap", "doc", "doc"],
             ["path", "doc", "doc"], ["export", "-f", "csv", "-o", "{out}"]]


def check_commands(folder: Path, questions: list[list[str]]) -> None:
    for question in questions:
        args = [a.format(out=folder / "out") for a in question]
        result = runner.invoke(app, [*args, "--data", str(folder), "--no-cache"])
        shown = f"orgmap {' '.join(args)}:\n{result.output}"
        assert result.exit_code in (0, 1, 2), shown
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            shown + repr(result.exception))
        assert "Traceback" not in result.output, shown


# -- the properties ----------------------------------------------------------------

@given(datasets())
def test_valid_data_loads_every_item_written(tmp_path_factory: pytest.TempPathFactory,
                                             dataset: tuple[str, str, int, int]) -> None:
    RUNS["test_valid_data_loads_every_item_written"] += 1
    entities, edges, n_entities, n_edges = dataset
    folder = write(tmp_path_factory.mktemp("valid"), entities.encode(), edges.encode())
    loaded = load(folder, cache=False)
    assert (len(loaded.entities), len(loaded.edges)) == (n_entities, n_edges)
    assert count_items(entities.encode()) == n_entities
    assert count_items(edges.encode()) == n_edges


@given(st.data(), datasets(), st.sampled_from(["entities.yaml", "edges.yaml"]))
def test_mutated_data_loads_whole_or_fails_with_located_problems(
        tmp_path_factory: pytest.TempPathFactory, data: st.DataObject,
        dataset: tuple[str, str, int, int], target: str) -> None:
    RUNS["test_mutated_data_loads_whole_or_fails_with_located_problems"] += 1
    files = {"entities.yaml": dataset[0].encode(), "edges.yaml": dataset[1].encode()}
    files[target] = data.draw(mutated(files[target]), label="mutated " + target)
    folder = write(tmp_path_factory.mktemp("mutated"), files["entities.yaml"],
                   files["edges.yaml"])
    check_load(folder)


@given(st.data(), datasets(), st.sampled_from(["entities.yaml", "edges.yaml"]),
       st.lists(st.sampled_from(QUESTIONS), min_size=1, max_size=3, unique_by=tuple))
def test_every_command_answers_with_an_exit_code_never_a_traceback(
        tmp_path_factory: pytest.TempPathFactory, data: st.DataObject,
        dataset: tuple[str, str, int, int], target: str, questions: list[list[str]]) -> None:
    RUNS["test_every_command_answers_with_an_exit_code_never_a_traceback"] += 1
    files = {"entities.yaml": dataset[0].encode(), "edges.yaml": dataset[1].encode()}
    if data.draw(st.booleans(), label="mutate"):
        files[target] = data.draw(mutated(files[target]), label="mutated " + target)
    folder = write(tmp_path_factory.mktemp("cli"), files["entities.yaml"], files["edges.yaml"])
    check_commands(folder, questions)


@given(st.binary(max_size=400).map(lambda b: b"- id: a\n" + b))
def test_arbitrary_bytes_after_an_item_never_escape_as_an_exception(
        tmp_path_factory: pytest.TempPathFactory, tail: bytes) -> None:
    RUNS["test_arbitrary_bytes_after_an_item_never_escape_as_an_exception"] += 1
    folder = write(tmp_path_factory.mktemp("bytes"), tail, b"[]\n")
    check_load(folder)


@pytest.mark.parametrize("name", ["entities.yaml", "edges.yaml"])
def test_the_bundled_data_holds_as_many_items_as_it_loads(name: str) -> None:
    bundled = Path(__file__).parent.parent / "data"
    dataset = load(bundled, cache=False)
    loaded = len(dataset.entities) if name == "entities.yaml" else len(dataset.edges)
    assert count_items((bundled / name).read_bytes()) == loaded

