"""What orgmap itself answers, for the database tests to compare their Cypher with."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from orgmap.cli import app

DATA = Path(__file__).parent.parent.parent / "data"


def overlap_exact(data: Path = DATA) -> list[str]:
    """The ids of the people `orgmap overlap cac central-propaganda-department --exact`
    finds in the bundled data, sorted."""
    result = CliRunner().invoke(app, ["overlap", "cac", "central-propaganda-department",
                                      "--exact", "--data", str(data), "--no-cache",
                                      "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return sorted(row["person_id"] for row in json.loads(result.stdout))
