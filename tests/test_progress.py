"""Long steps announce themselves; only a terminal shows them, and only once they take a while."""

from __future__ import annotations

import io
from pathlib import Path

from typer.testing import CliRunner

from orgmap import load
from orgmap.cli import app
from orgmap.progress import StatusLine, on_terminal, reporting, step

DATA = Path(__file__).resolve().parent.parent / "data"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_cold_load_announces_each_phase() -> None:
    seen: list[str] = []
    with reporting(seen.append):
        dataset = load(DATA, cache=False)
    assert seen[0].startswith("reading ") and "entities.yaml" in seen[0]
    assert f"validating {len(dataset.edges):,} edges" in seen
    assert "checking references across entities and edges" in seen


def test_steps_show_nothing_without_a_reporter(capsys) -> None:
    step("validating 3 edges")
    assert capsys.readouterr() == ("", "")


def test_a_terminal_shows_steps_on_one_line_then_clears_it() -> None:
    terminal = Terminal()
    line = StatusLine(terminal, delay=0)
    with reporting(line):
        step("validating 200,406 edges")
        step("storing the validated data in the cache")
    line.clear()
    text = terminal.getvalue()
    assert "\rvalidating 200,406 edges" in text.replace("\033[K", "")
    assert "storing the validated data in the cache… (0 s)" in text
    assert text.endswith("\r\033[K")


def test_quick_steps_and_pipes_show_nothing() -> None:
    terminal = Terminal()
    with reporting(StatusLine(terminal, delay=60)):
        step("reading entities.yaml")
    assert terminal.getvalue() == ""
    pipe = io.StringIO()
    with on_terminal(pipe):
        step("reading entities.yaml")
    assert pipe.getvalue() == ""


def test_the_command_line_prints_no_progress_into_a_pipe(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--data", str(DATA), "--out", str(tmp_path),
                                      "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "validating" not in result.output and "\033[K" not in result.output
