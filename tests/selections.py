"""The selection options every export honours, as cases shared by the format tests.

Each case is written once as `load_selection`'s keywords; `cli_args` gives the
same selection as `orgmap export` options and `chosen` the Dataset it selects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from orgmap.cli import app
from orgmap.cli.outputs import load_selection
from orgmap.data.dataset import Dataset
from orgmap.data.dates import parse_partial_date
from orgmap.data.selection import select

FIXTURE = Path(__file__).parent / "fixtures" / "export"

CASES: list[dict[str, Any]] = [
    {"focus": "CAC", "depth": 1},
    {"at": "2019"},
    {"category": ["state", "central-committee"], "kind": ["organization"]},
    {"kind": ["organization", "person"]},
    {"hide_documents": True},
]
IDS = ["focus", "at", "category-and-kind", "kinds", "hide-documents"]


def cli_args(case: dict[str, Any]) -> list[str]:
    args = ["--data", str(FIXTURE), "--no-cache"]
    for name, value in case.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            args.append(flag)
        elif isinstance(value, list):
            args += [part for item in value for part in (flag, item)]
        else:
            args += [flag, str(value)]
    return args


def export_text(fmt: str, target: Path, case: dict[str, Any]) -> str:
    """What `orgmap export -f FMT -o TARGET` writes for the case, as text exactly."""
    result = CliRunner().invoke(app, ["export", "-f", fmt, "-o", str(target), *cli_args(case)])
    assert result.exit_code == 0, result.stderr
    return target.read_bytes().decode("utf-8")


def chosen(case: dict[str, Any]) -> Dataset:
    dataset, selection = load_selection(
        FIXTURE, True, False, focus=case.get("focus"), depth=case.get("depth", 1),
        at=parse_partial_date(case["at"]) if "at" in case else None,
        category=case.get("category"), kind=case.get("kind"),
        hide_documents=case.get("hide_documents", False))
    result = select(dataset, **selection)
    assert result.edges, "each selection keeps some relations"
    assert len(result.entities) < len(dataset.entities), "each selection leaves some out"
    return result
