"""Browser tests: the generated pages in headless Chromium, driven by Playwright's Python API.

They use the system's Chromium (Debian's `chromium` package, or $ORGMAP_CHROMIUM)
through `executable_path`; Playwright's own browser download is never needed.
Without Chromium they are skipped with the reason shown, unless the CI
environment variable is set: then they fail, so CI cannot pass without them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from screenshot import LOCAL_SCHEMES, block_remote_requests, find_chromium, open_page

VIEWPORT = {"width": 1400, "height": 900}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason}, and CI is set: the browser tests must run in CI")
    pytest.skip(f"{reason}; install Debian's chromium package or set ORGMAP_CHROMIUM "
                "to run the browser tests")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the Chromium executable (skips, or fails under CI, when there is none)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("Playwright's Python package is not installed (pip install -e '.[test]')")
    executable = find_chromium()
    if executable is None:
        _unavailable("no Chromium executable found")
    return executable


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright
    from screenshot import launch

    with sync_playwright() as playwright:
        instance = launch(playwright, chromium)
        yield instance
        instance.close()


@dataclass
class Visit:
    """One page opened in the browser, with everything it tried to do."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]

    def evaluate(self, script: str, argument: Any = None) -> Any:
        return self.page.evaluate(script, argument)

    def node_point(self, node_id: str) -> dict[str, float]:
        """Where a node is drawn, in page coordinates."""
        return self.page.evaluate(
            """(id) => {
                const net = window.orgmap.network;
                const spot = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.getElementById("network").getBoundingClientRect();
                return {x: box.left + spot.x, y: box.top + spot.y};
            }""", node_id)


@pytest.fixture
def visit(browser: Any) -> Iterator[Callable[[Path], Visit]]:
    """Open a page file and wait for its layout; records console errors, requests, dialogs."""
    contexts: list[Any] = []

    def open_file(path: Path) -> Visit:
        context = browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("console", lambda m: seen.console_errors.append(m.text)
                if m.type == "error" else None)
        page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
        page.on("request", lambda request: seen.requests.append(request.url))

        def on_dialog(dialog: Any) -> None:
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        block_remote_requests(page, seen.blocked)
        open_page(page, path)
        return seen

    yield open_file
    for context in contexts:
        context.close()
