"""docs/reliability.md names, for each promise, the tests that check it: they must exist."""

from __future__ import annotations

import re
from pathlib import Path

from orgmap.data.prescan import MAX_DEPTH
from orgmap.data.read import MAX_FILE_MB

REPOSITORY = Path(__file__).parent.parent
DOC = (REPOSITORY / "docs" / "reliability.md").read_text(encoding="utf-8")


def test_every_test_the_page_names_exists() -> None:
    files = set(re.findall(r"`(tests/[\w/]+\.py)", DOC))
    assert files and all((REPOSITORY / f).is_file() for f in files), files
    defined = {name for path in (REPOSITORY / "tests").rglob("test_*.py")
               for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"),
                                      re.M)}
    named = set(re.findall(r"\b(test_\w+)\b", DOC)) - {Path(f).stem for f in files}
    assert len(named) >= 15
    assert sorted(named - defined) == []


def test_the_limits_it_states_are_the_code_s() -> None:
    assert f"at most **{MAX_DEPTH} levels**" in DOC
    assert f"at most **{MAX_FILE_MB} MB** each" in DOC


def test_it_records_a_fuzzing_result() -> None:
    assert re.search(r"Last result of `make fuzz`.*?: .*?\d[\d,]* runs.*?seed \d+", DOC, re.S)
