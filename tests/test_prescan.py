"""The checks on a file's bytes before the fast parser sees them.

A NUL used to cut a file short without a word, and 12,000 levels of nesting
(a 24 KB file) killed the process inside the parser; each bad input here is a
real file under fixtures/bad/. Inputs that could crash the parser are run in a
child process, so a regression fails the test instead of killing the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orgmap.data import prescan
from orgmap.data.read import parse_list, read_text
from orgmap.errors import DataError, Problem

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
BUNDLED = Path(__file__).parent.parent / "data"


def problems_of(name: str) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        parse_list(read_text(BAD / name, name), name)
    return caught.value.problems


def run_orgmap(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORGMAP_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "orgmap", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120, check=False)


# -- forbidden characters ----------------------------------------------------------

@pytest.mark.parametrize(("name", "line", "column"), [
    ("read_nul_value.yaml", 4, 10),     # was: exit 0 with item b silently gone
    ("read_nul_comment.yaml", 1, 21),   # was: "the file is empty"
    ("read_nul_quoted.yaml", 3, 11),    # was: caught, but with no line or column
])
def test_a_nul_is_an_error_at_its_line_and_column(name: str, line: int, column: int) -> None:
    [problem] = problems_of(name)
    assert problem.message == "forbidden character U+0000 (NUL)"
    assert (problem.line, problem.column) == (line, column)


def test_every_forbidden_control_character_is_listed_where_it_stands() -> None:
    found = [(p.line, p.column, p.message.removeprefix("forbidden character "))
             for p in problems_of("read_control_characters.yaml")]
    assert found == [
        (4, 9, "U+001B (ESC)"), (4, 18, "U+0007 (BEL)"), (5, 21, "U+0007 (BEL)"),
        (6, 14, "U+0001"), (6, 24, "U+007F (DEL)"),
        (7, 15, "U+0085 (next line)"), (7, 21, "U+009B"), (8, 9, "U+FFFE (not a character)"),
    ]


def test_tab_line_breaks_and_printable_text_pass() -> None:
    data = "- a\tb\r\n- é · \u00a0 网信办 ｆ \U0001f600\r- x\n".encode()
    assert prescan.forbidden_characters(data, "x.yaml") == []


def test_a_nul_in_the_bundled_edges_fails_validation_where_it_stands(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED, tmp_path / "data")
    edges = tmp_path / "data" / "edges.yaml"
    lines = edges.read_bytes().split(b"\n")
    at = len(lines) * 4 // 5  # a line near the end, after its first character
    while len(lines[at]) < 2:  # not a blank line: the column must be 2 whatever the data
        at += 1
    lines[at] = lines[at][:1] + b"\x00" + lines[at][1:]
    edges.write_bytes(b"\n".join(lines))
    result = run_orgmap("validate", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1
    assert f"data/edges.yaml:{at + 1}:2: forbidden character U+0000 (NUL)" in result.stderr
    result = run_orgmap("build", "--data", "data", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and not (tmp_path / "out").exists()


# -- nesting -----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "line", "column"), [
    ("read_deep_block.yaml", 1, 2 * prescan.MAX_DEPTH + 1),
    ("read_deep_flow.yaml", 2, 12 + prescan.MAX_DEPTH - 2),
    ("read_deep_mapping.yaml", prescan.MAX_DEPTH + 1, 2 * prescan.MAX_DEPTH + 1),
])
def test_nesting_deeper_than_the_limit_is_refused_where_it_starts(
        name: str, line: int, column: int) -> None:
    [problem] = problems_of(name)
    assert problem.message == f"nested more than {prescan.MAX_DEPTH} levels deep"
    assert (problem.line, problem.column) == (line, column)


def dashes(depth: int) -> str:
    return "- " * depth + "x\n"


def brackets(depth: int) -> str:
    return "- " * 2 + "[" * (depth - 2) + "]" * (depth - 2) + "\n"


def mappings(depth: int) -> str:
    """A list whose item is a mapping whose value is a mapping..., `depth` levels in all."""
    keys = "".join(" " * (2 * j) + f"k{j}:\n" for j in range(2, depth))
    return "- k1:\n" + keys + " " * (2 * depth) + "x\n"


@pytest.mark.parametrize("shape", [dashes, brackets, mappings])
def test_nesting_at_the_limit_is_read_and_one_more_level_is_not(shape) -> None:
    assert isinstance(parse_list(shape(prescan.MAX_DEPTH), "x.yaml"), list)
    with pytest.raises(DataError, match=f"nested more than {prescan.MAX_DEPTH} levels"):
        parse_list(shape(prescan.MAX_DEPTH + 1), "x.yaml")


def test_the_file_that_killed_the_process_is_a_located_error(tmp_path: Path) -> None:
    shutil.copy(BAD / "read_deep_block.yaml", tmp_path / "entities.yaml")
    (tmp_path / "edges.yaml").write_text("[]\n")
    result = run_orgmap("validate", "--data", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "entities.yaml:1:201: nested more than 100 levels deep" in result.stderr


@pytest.mark.parametrize("text", [
    "- " * 200_000 + "x",
    "[" * 200_000,
    "[" * 100_000 + "]" * 100_000,
    "{a: " * 50_000 + "x" + "}" * 50_000,
    "- a:\n" + "".join(" " * (i + 2) + "b:\n" for i in range(20_000)),
    "- " + "? " * 20_000 + "x",
])
def test_nesting_far_above_the_limit_never_kills_the_process(text: str, tmp_path: Path) -> None:
    (tmp_path / "in.yaml").write_text(text)
    code = ("import sys\nfrom orgmap.data.read import parse_list\nfrom orgmap.errors import "
            "DataError\ntry:\n    parse_list(open(sys.argv[1]).read(), 'in.yaml')\n"
            "except DataError as e:\n    print(e)\n")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "in.yaml")],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "in.yaml:" in result.stdout


def test_nesting_at_the_limit_is_safe_on_a_thread_with_a_small_stack() -> None:
    code = ("import threading\nfrom orgmap.data.read import parse_list\n"
            "threading.stack_size(256 * 1024)\n"
            f"text = '- ' * {prescan.MAX_DEPTH} + 'x'\n"
            "t = threading.Thread(target=parse_list, args=(text, 'x.yaml'))\n"
            "t.start(); t.join(); print('read')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert (result.returncode, result.stdout) == (0, "read\n")


def test_the_cheap_bound_clears_the_bundled_data_without_the_slow_parser(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the exact measure ran on ordinary data")

    monkeypatch.setattr(prescan, "_measure", refuse)
    for name in ("entities.yaml", "edges.yaml"):
        assert prescan.too_deep((BUNDLED / name).read_bytes(), name) is None


# -- counting items ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["entities.yaml", "edges.yaml"])
def test_the_bundled_files_hold_as_many_items_as_lines_start(name: str) -> None:
    data = (BUNDLED / name).read_bytes()
    assert prescan.count_items(data) == len(parse_list(data.decode(), name)) > 100


@pytest.mark.parametrize(("text", "count"), [
    (b"- a\n- b\n", 2), (b"\xef\xbb\xbf# c\n---\n  - a\n  -\tb\n  -\n    c\n", 3),
    (b"- a\r- b\r\n- c", 3), (b"[a, b]\n", None), (b"a: 1\n", None),
    (b"- |\n  - not an item\n- b\n", 2),
])
def test_items_are_counted_without_a_parser(text: bytes, count: int | None) -> None:
    assert prescan.count_items(text) == count


def test_a_parser_that_drops_an_item_is_caught_at_the_item(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml_rs

    real = yaml_rs.loads
    monkeypatch.setattr(yaml_rs, "loads", lambda *a, **k: real(*a, **k)[:-1])
    text = (FIXTURES / "good" / "entities.yaml").read_text(encoding="utf-8")
    with pytest.raises(DataError) as caught:
        parse_list(text, "entities.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (21, 1)
    assert "the file starts 4 items but the YAML reader returned 3" in problem.message
