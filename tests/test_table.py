"""Tables for people fit the terminal: wrapped not cut, left-aligned text, ids whole,
wide Chinese characters counted as two columns; CSV and JSON stay exact."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from orgmap.cli import app
from orgmap.cli.printing import format_frame
from orgmap.cli.table import display_width, terminal_width, wrap

runner = CliRunner()
FRAME = pd.DataFrame({
    "person_id": ["zhuang-rongwen-with-a-very-long-identifier", "xu-lin"],
    "person": ["Zhuang Rongwen (庄荣文)", "Xu Lin (徐麟)"],
    "note": ["described as current in the report of November 2021, which " * 3, "short"],
    "degree": [16, 3],
})


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("庄荣文") == 6
    assert display_width("CAC（网信办）") == 3 + 2 + 6 + 2  # full-width brackets too
    assert display_width("e\u0301") == 1  # a combining accent takes no column


def test_wrap_breaks_at_spaces_and_inside_chinese() -> None:
    assert wrap("one two three", 7) == ["one two", "three"]
    assert wrap("中华人民共和国", 6) == ["中华人", "民共和", "国"]


def test_table_fits_the_width_wraps_and_keeps_ids_whole() -> None:
    text = format_frame(FRAME, width=80)
    lines = text.splitlines()
    assert all(display_width(line) <= 80 for line in lines)
    assert "zhuang-rongwen-with-a-very-long-identifier" in text
    assert " ".join(lines).split().count("described") == 3  # nothing cut
    assert len(lines) > 3  # the note wrapped onto several lines
    assert lines[0].split() == ["person_id", "person", "note", "degree"]


def test_columns_line_up_in_display_columns_with_chinese_names() -> None:
    frame = pd.DataFrame({"name": ["国家互联网信息办公室", "CAC"], "kind": ["body", "body"]})
    lines = format_frame(frame, width=100).splitlines()
    starts = {display_width(line[:line.index("body")]) for line in lines[1:]}
    assert len(starts) == 1  # 'kind' starts at the same column on every row
    assert lines[2].startswith("CAC ")  # text left-aligned


def test_numbers_are_right_aligned() -> None:
    lines = format_frame(FRAME[["person_id", "degree"]], width=100).splitlines()
    assert lines[1].endswith("16") and lines[2].endswith(" 3")


def test_machine_formats_are_untouched_by_width() -> None:
    assert json.loads(format_frame(FRAME, "json", width=20))[0]["note"] == FRAME["note"][0]
    assert FRAME["note"][0].strip() in format_frame(FRAME, "csv", width=20)


def test_width_outside_a_terminal_is_columns_or_100(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout", io.StringIO())
    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width() == 100
    monkeypatch.setenv("COLUMNS", "72")
    assert terminal_width() == 72


def test_a_command_table_fits_100_columns_outside_a_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    result = runner.invoke(app, ["centrality", "--top", "5"])
    assert result.exit_code == 0, result.output
    assert max(display_width(line) for line in result.stdout.splitlines()) <= 100
    assert "(中华人民共和国国家互联网信息办公室)" in result.stdout
