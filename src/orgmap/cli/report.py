"""Reports of what changed (`diff`, `changes`) as text for people, Markdown, CSV or JSON.

People's arrivals and departures come first, by body, since that is what a
reader asks first; then a section per kind of change. CSV and JSON give one
row per change with every column, for scripts; Markdown is ready to paste into
a report or a pull request.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from ..curate.diff import ADDED, CHANGED, REMOVED

if TYPE_CHECKING:
    import pandas as pd

    from ..curate.diff import Diff

REPORT_FORMATS = ("table", "csv", "json", "markdown")

Row = dict[str, str]


@dataclass
class Report:
    """Rows (all with `columns`) grouped in `sections` by their `change` column."""

    title: str
    columns: list[str]
    rows: list[Row]
    sections: tuple[str, ...]
    people: dict[str, list[str]]
    #: A row as one line of the text report.
    line: Callable[[Row], str]
    #: The Markdown table of a section: (header, column) pairs.
    table: Callable[[str], list[tuple[str, str]]]


def render(report: Report, fmt: str) -> str:
    """The report in `fmt` (one of REPORT_FORMATS)."""
    if fmt == "json":
        return json.dumps(report.rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(report)
    return _markdown(report) if fmt == "markdown" else _text(report)


def _csv(report: Report) -> str:
    """Formula-safe CSV: a note starting with `=` opens in a spreadsheet as text."""
    from ..safe_csv import csv_text

    return csv_text([report.columns, *([row.get(c, "") for c in report.columns]
                                       for row in report.rows)])


def counts(report: Report) -> str:
    """'2 edges added, 1 entity changed': how many items each section holds."""
    found: dict[tuple[str, str], set[str]] = {}
    for row in report.rows:
        found.setdefault((row["change"], row["item"]), set()).add(row["id"])
    parts = []
    for section in report.sections:
        for item in ("entity", "edge"):
            ids = found.get((section, item))
            if ids:
                noun = item if len(ids) == 1 else ("entities" if item == "entity" else "edges")
                parts.append(f"{len(ids)} {noun} {section}")
    return ", ".join(parts) if parts else "no changes"


def _chosen(report: Report) -> list[tuple[str, list[Row]]]:
    return [(s, [r for r in report.rows if r["change"] == s]) for s in report.sections
            if any(r["change"] == s for r in report.rows)]


def _text(report: Report) -> str:
    out = [report.title, counts(report)]
    if report.people:
        out.append("\npeople")
        for body, lines in report.people.items():
            out.append(f"  {body}")
            out += [f"    {line}" for line in lines]
    for section, rows in _chosen(report):
        out.append(f"\n{section}")
        out += [f"  {report.line(row)}" for row in rows]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(report: Report) -> str:
    out = [f"## {report.title}", "", counts(report) + "."]
    if report.people:
        out += ["", "### People", ""]
        for body, lines in report.people.items():
            out.append(f"- **{_md(body)}**")
            out += [f"  - {_md(line)}" for line in lines]
    for section, rows in _chosen(report):
        columns = report.table(section)
        out += ["", f"### {section.capitalize()}", "",
                "| " + " | ".join(h for h, _ in columns) + " |",
                "|" + " --- |" * len(columns)]
        out += ["| " + " | ".join(_md(str(row.get(c, ""))) for _, c in columns) + " |"
                for row in rows]
    return "\n".join(out) + "\n"


def changes_report(frame: pd.DataFrame, title: str) -> Report:
    """`orgmap changes` as a report: began, ended; arrivals and departures first."""
    rows = [{k: str(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
    people: dict[str, list[str]] = {}
    for row in rows:
        if row["person"]:
            verb = "arrived" if row["change"] == "began" else "left"
            people.setdefault(row["body"], []).append(
                f"{row['person']}: {verb} ({row['role']}), {row['date'] or 'undated'}, "
                f"{row['status']}")

    def line(row: Row) -> str:
        when = f", {row['date']}" if row["date"] else ""
        return f"{row['label']}{when} ({row['status']})"

    def table(section: str) -> list[tuple[str, str]]:
        return [("what", "label"), ("date", "date"), ("status", "status"), ("id", "id")]

    return Report(title, list(frame.columns), rows, ("began", "ended"),
                  dict(sorted(people.items())), line, table)


def diff_report(result: Diff, title: str) -> Report:
    """The diff as a report: added, removed, changed; people first."""
    def line(row: dict[str, str]) -> str:
        if row["field"]:
            return (f"{row['item']} {row['id']}: {row['field']}: {row['old'] or '(none)'}"
                    f" → {row['new'] or '(none)'}")
        return f"{row['item']} {row['id']}: {row['label']}"

    def table(section: str) -> list[tuple[str, str]]:
        if section == CHANGED:
            return [("item", "item"), ("id", "id"), ("field", "field"), ("old", "old"),
                    ("new", "new")]
        return [("item", "item"), ("id", "id"), ("what", "label")]

    return Report(title, ["change", "item", "id", "label", "field", "old", "new"],
                  [asdict(c) for c in result.changes], (ADDED, REMOVED, CHANGED),
                  result.people, line, table)
