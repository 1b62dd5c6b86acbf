"""Each validation rule, checked on a real bad file: the exact problems, lines and columns.

Every directory under fixtures/bad/ is a copy of fixtures/good/ with one thing
broken; its expected.txt lists every problem `orgmap validate --strict` must
report, exactly (an empty expected.txt means the data must be accepted).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import orgmap
from orgmap.cli import app

FIXTURES = Path(__file__).parent / "fixtures"

BAD_CASES = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())
runner = CliRunner()


def reported_problems(output: str) -> list[str]:
    return [line for line in output.splitlines()
            if line and "error(s)" not in line and " entities, " not in line]


@pytest.mark.parametrize("case", BAD_CASES, ids=[p.name for p in BAD_CASES])
def test_bad_file_reports_every_problem_at_its_line_and_column(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(case)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = runner.invoke(app, ["validate", "--data", ".", "--strict"])
    assert reported_problems(result.output) == expected
    assert result.exit_code == (1 if expected else 0)
    assert "Traceback" not in result.output


def test_good_fixture_is_valid() -> None:
    data = orgmap.load(FIXTURES / "good")
    assert len(data.entities) == 4 and len(data.edges) == 4
    assert data.warnings == []


def test_warnings_pass_without_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "bad" / "orphan_entity")
    result = runner.invoke(app, ["validate", "--data", "."])
    assert result.exit_code == 0
    assert "'lonely-body' is not connected" in result.output


def test_allow_unsourced_accepts_edges_without_sources() -> None:
    case = FIXTURES / "bad" / "unsourced_edge"
    with pytest.raises(orgmap.DataError):
        orgmap.load(case)
    data = orgmap.load(case, allow_unsourced=True)
    assert sum(1 for e in data.edges if not e.sources) == 1


def test_library_raises_one_error_with_every_problem() -> None:
    with pytest.raises(orgmap.DataError) as caught:
        orgmap.load(FIXTURES / "bad" / "unknown_field", cache=False)
    problems = caught.value.problems
    assert len(problems) == 3
    assert all(p.line and p.column for p in problems)


def test_values_are_not_retyped(tmp_path: Path) -> None:
    """`NO` stays text; `0123` is refused rather than silently becoming 123 or 83."""
    data_dir = FIXTURES / "bad" / "retyped_values"
    with pytest.raises(orgmap.DataError) as caught:
        orgmap.load(data_dir, cache=False)
    assert [p.path for p in caught.value.problems if p.severity == "error"] == [
        "entities[1].name"]
    entities = (data_dir / "entities.yaml").read_text(encoding="utf-8")
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    (fixed / "entities.yaml").write_text(entities.replace("name: 0123", 'name: "0123"'),
                                         encoding="utf-8")
    (fixed / "edges.yaml").write_bytes((data_dir / "edges.yaml").read_bytes())
    data = orgmap.load(fixed, cache=False)
    assert data.entities["cpd"].name == "0123"
    assert data.entities["zhuang-rongwen"].name_zh == "NO"


def test_line_numbers_hold_in_a_large_file(tmp_path: Path) -> None:
    """In a 1,000-entry file, problems near the end are placed on their exact lines."""
    lines = []
    for i in range(1000):
        lines += [f"- id: body-{i}", "  kind: organization", f"  name: Body {i}", ""]
    bad_at = {137: "  kind: organisation", 998: "  kind: persn"}
    for index, replacement in bad_at.items():
        lines[index * 4 + 1] = replacement
    lines.append("- id: doc\n  kind: document\n  name: Source")
    (tmp_path / "entities.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    edges = [f"- from: body-{i}\n  to: body-{i + 1}\n  type: part_of\n  sources: [doc]\n"
             for i in range(999)]
    edges.append("- from: doc\n  to: body-0\n  type: affiliated\n  note: about\n"
                 "  sources: [doc]\n")
    edges.append("- from: body-3\n  to: body-5\n  type: part_of\n  sources: [dco]\n")
    (tmp_path / "edges.yaml").write_text("".join(edges), encoding="utf-8")
    with pytest.raises(orgmap.DataError) as caught:
        orgmap.load(tmp_path, cache=False)
    placed = {(Path(p.file).name, p.line, p.column, p.path) for p in caught.value.problems}
    assert placed == {
        ("entities.yaml", 137 * 4 + 2, 9, "entities[137].kind"),
        ("entities.yaml", 998 * 4 + 2, 9, "entities[998].kind"),
        ("edges.yaml", 999 * 4 + 5 + 4, 13, "edges[1000].sources[0]"),
    }


def test_a_document_that_is_only_cited_is_not_unconnected(tmp_path: Path) -> None:
    (tmp_path / "entities.yaml").write_text(
        "- {id: p, kind: person, name: P}\n- {id: o, kind: organization, name: O}\n"
        "- {id: d, kind: document, name: D}\n"
        "- {id: e, kind: document, name: E, sources: [d]}\n", encoding="utf-8")
    (tmp_path / "edges.yaml").write_text(
        "- {from: p, to: o, type: role, sources: [e]}\n", encoding="utf-8")
    assert orgmap.load(tmp_path, cache=False).warnings == []
