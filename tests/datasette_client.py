"""One request to Datasette's in-process client: no server, no network.

The coroutine runs on a thread of its own, because a test session that has
used Playwright's synchronous API already has an event loop in its main thread.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest


def datasette_get(database: Path, path: str, metadata: dict[str, Any] | None = None
                  ) -> tuple[int, Any]:
    """The status and JSON body of GET `path` on a Datasette serving `database`."""
    datasette = pytest.importorskip("datasette.app")

    async def request() -> tuple[int, Any]:
        instance = datasette.Datasette([str(database)], metadata=metadata)
        await instance.invoke_startup()
        response = await instance.client.get(path)
        return response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, request()).result()
