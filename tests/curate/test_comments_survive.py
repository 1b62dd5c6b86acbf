"""Comments put into a copy of the bundled files, above an item, at a line end and
between items, survive `fmt`, `add` and `import` where they were written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgmap.cli import app

runner = CliRunner()
ABOVE = "# above the first edge"
BETWEEN = "# between the first and second edge"
AT_END = "  type: issued  # at the end of a line"


def add_comments(data: Path) -> None:
    edges = data / "edges.yaml"
    text = edges.read_text(encoding="utf-8")
    first = text.index("- from:")
    second = text.index("\n- from:", first) + 1
    body = text[first:second].replace("  type: issued", AT_END, 1)
    assert AT_END in body
    edges.write_text(text[:first] + ABOVE + "\n" + body.rstrip("\n") + "\n\n" + BETWEEN
                     + "\n" + text[second:], encoding="utf-8")


def fmt(data: Path, tmp_path: Path):
    return runner.invoke(app, ["fmt", "--data", str(data)])


def add(data: Path, tmp_path: Path):
    return runner.invoke(app, ["add", "edge", "--data", str(data), "--set", "from=cac",
                               "--set", "to=central-propaganda-department", "--set",
                               "type=affiliated", "--set", "note=test", "--set", "start=2001",
                               "--set", "sources=aspi-2021-chinas-cyber-vision"])


def import_(data: Path, tmp_path: Path):
    sheet = tmp_path / "rows.csv"
    sheet.write_text("from,to,type,note,start,source\ncac,central-propaganda-department,"
                     "affiliated,test,2001,aspi-2021-chinas-cyber-vision\n", encoding="utf-8")
    return runner.invoke(app, ["import", str(sheet), "--as", "edges", "--data", str(data)])


@pytest.mark.parametrize("command", [fmt, add, import_], ids=["fmt", "add", "import"])
def test_comments_survive(command, bundled: Path, tmp_path: Path) -> None:
    add_comments(bundled)
    result = command(bundled, tmp_path)
    assert result.exit_code == 0, result.output
    lines = (bundled / "edges.yaml").read_text(encoding="utf-8").splitlines()
    above = lines.index(ABOVE)
    assert lines[above + 1].startswith("- from: ")
    assert AT_END in lines[above + 1: above + 6]
    between = lines.index(BETWEEN)
    assert lines[between - 1] == "" and lines[between + 1].startswith("- from: ")
    assert lines.index(AT_END) < between
