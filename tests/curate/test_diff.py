"""`orgmap diff` between git revisions of a repository built here and between two
directories, and `orgmap changes` over dates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgmap.cli import app

runner = CliRunner()
GIT = shutil.which("git") or "git"
#: Outside CI a machine without git skips these; under CI they run (and fail without git).
needs_git = pytest.mark.skipif(shutil.which("git") is None and os.environ.get("CI") != "true",
                               reason="git is not installed")


def edit(data: Path) -> None:
    """The second version: an entity renamed and one added; an edge's end added; a
    parallel edge inserted before an existing one; an edge removed."""
    entities = data / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    text = text.replace("name: Central Propaganda Department", "name: Publicity Department")
    text = text.replace("- id: zhuang-rongwen", "- id: new-body\n  kind: organization\n"
                        "  name: New Body\n\n- id: zhuang-rongwen")
    entities.write_text(text, encoding="utf-8")
    edges = data / "edges.yaml"
    text = edges.read_text(encoding="utf-8")
    text = text.replace("  role: Deputy Head\n", "  role: Deputy Head\n  end: \"2022\"\n")
    text = text.replace("- from: zhuang-rongwen\n  to: cac\n", "- from: zhuang-rongwen\n"
                        "  to: cac\n  type: role\n  role: Adviser\n  sources: [brief]\n\n"
                        "- from: zhuang-rongwen\n  to: cac\n", 1)
    text = text.replace("- from: cpd\n  to: brief\n  type: affiliated\n"
                        "  note: the brief describes the department\n  sources: [brief]\n", "")
    edges.write_text(text, encoding="utf-8")


EXPECTED = [
    {"change": "changed", "item": "entity", "id": "cpd", "label": "Publicity Department",
     "field": "name", "old": "Central Propaganda Department", "new": "Publicity Department"},
    {"change": "added", "item": "entity", "id": "new-body", "label": "New Body",
     "field": "", "old": "", "new": ""},
    {"change": "removed", "item": "edge", "id": "cpd--affiliated--brief",
     "label": "Central Propaganda Department → China's cyber vision (affiliated)",
     "field": "", "old": "", "new": ""},
    {"change": "changed", "item": "edge", "id": "zhuang-rongwen--role--cpd",
     "label": "Zhuang Rongwen → Publicity Department (role: Deputy Head)", "field": "end",
     "old": "", "new": "2022"},
    {"change": "added", "item": "edge", "id": "zhuang-rongwen--role--cac",
     "label": "Zhuang Rongwen → Cyberspace Administration of China (role: Adviser)",
     "field": "", "old": "", "new": ""},
]


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def git(repo: Path, *args: str) -> None:
    subprocess.run([GIT, "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, good: Path) -> Path:
    """A git repository with the data at v1 (tagged) and v2 (HEAD)."""
    repo = tmp_path / "repo"
    shutil.copytree(good, repo / "data")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "v1")
    git(repo, "tag", "v1")
    edit(repo / "data")
    git(repo, "commit", "-qam", "v2")
    return repo


@needs_git
def test_diff_between_revisions(repo: Path) -> None:
    data = str(repo / "data")
    assert rows(runner.invoke(app, ["diff", "v1", "HEAD", "--data", data, "-f", "json"])) \
        == EXPECTED
    assert rows(runner.invoke(app, ["diff", "HEAD~1", ".", "--data", data, "-f", "json"])) \
        == EXPECTED
    same = runner.invoke(app, ["diff", "HEAD", ".", "--data", data])
    assert same.exit_code == 0 and "no changes" in same.output


@needs_git
def test_diff_report_for_people_and_markdown(repo: Path) -> None:
    data = str(repo / "data")
    text = runner.invoke(app, ["diff", "v1", "HEAD", "--data", data]).output
    assert text.startswith("Changes from v1 to HEAD\n1 entity added, 1 edge added, "
                           "1 edge removed, 1 entity changed, 1 edge changed\n")
    people = text.index("Zhuang Rongwen: new role Adviser in Cyberspace Administration of "
                        "China")
    assert people < text.index("\nadded\n")
    assert "Zhuang Rongwen: left: role Deputy Head in Publicity Department ended 2022" in text
    markdown = runner.invoke(app, ["diff", "v1", "HEAD", "--data", data, "-f", "markdown"])
    assert "| entity | cpd | name | Central Propaganda Department | Publicity Department |" \
        in markdown.output


def test_diff_between_directories(good: Path, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(good, new)
    edit(new)
    assert rows(runner.invoke(app, ["diff", str(good), str(new), "-f", "json"])) == EXPECTED
    csv = runner.invoke(app, ["diff", str(good), str(new), "-f", "csv"]).output
    assert csv.splitlines()[0] == "change,item,id,label,field,old,new"
    assert len(csv.splitlines()) == 1 + len(EXPECTED)


def test_diff_csv_opens_in_a_spreadsheet_as_text(good: Path, tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(good, new)
    entities = new / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "name: Zhuang Rongwen", "name: Zhuang Rongwen\n  description: \"=HYPERLINK(1)\""),
        encoding="utf-8")
    csv = runner.invoke(app, ["diff", str(good), str(new), "-f", "csv"]).output
    assert csv.splitlines()[1] == ("changed,entity,zhuang-rongwen,Zhuang Rongwen,description,,"
                                   "'=HYPERLINK(1)")


@needs_git
def test_bad_sides_are_clear_errors(repo: Path, tmp_path: Path) -> None:
    data = str(repo / "data")
    unknown = runner.invoke(app, ["diff", "no-such-tag", ".", "--data", data])
    assert unknown.exit_code == 2
    assert "'no-such-tag' is neither a directory nor a revision" in unknown.output
    (tmp_path / "empty").mkdir()
    not_data = runner.invoke(app, ["diff", str(tmp_path / "empty"), ".", "--data", data])
    assert not_data.exit_code == 2
    assert "is a directory but not a dataset: it has no entities.yaml or edges.yaml" \
        in not_data.output
    assert "Traceback" not in unknown.output + not_data.output


def test_a_revision_needs_git(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("orgmap.curate.revisions.shutil.which", lambda name: None)
    result = runner.invoke(app, ["diff", "HEAD", ".", "--data", str(good)])
    assert result.exit_code == 3
    assert "git is needed to read revisions: install it" in result.output


def test_changes_lists_the_upgrade_to_the_commission() -> None:
    result = runner.invoke(app, ["changes", "--from", "2014", "--to", "2021", "-f", "json"])
    assert result.exit_code == 0, result.output
    upgrades = [r for r in json.loads(result.output) if r["change"] == "began"
                and "succeeded_by" in r["label"] and "Commission" in r["label"]]
    assert upgrades and upgrades[0]["date"] == "2018" and upgrades[0]["status"] == "confirmed"


def test_changes_people_and_status(good: Path) -> None:
    result = runner.invoke(app, ["changes", "--from", "2018", "--to", "2019", "--data",
                                 str(good), "--possible"])
    assert result.exit_code == 0, result.output
    assert "Zhuang Rongwen: arrived (Deputy Head), 2018, confirmed" in result.output
    narrow = runner.invoke(app, ["changes", "--from", "2019", "--to", "2020", "--data",
                                 str(good)])
    assert "Deputy Head" not in narrow.output
    bad = runner.invoke(app, ["changes", "--from", "2021", "--to", "2014"])
    assert bad.exit_code == 2 and "--from 2021 is after --to 2014" in bad.output
