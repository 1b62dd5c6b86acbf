"""Screenshot an orgmap page in headless Chromium: `python tests/browser/screenshot.py PAGE PNG`.

`make screenshot` uses it to regenerate docs/orgmap.png from the bundled data.
It drives the system's Chromium (Debian's `chromium` package) through
Playwright's Python API with an explicit executable, because Playwright's own
browser download needs internet access that CI machines and many users lack.
The browser tests use the same launcher. Every request other than file: and
data: is blocked, as the page itself should never make one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

#: Where Chromium is looked for when ORGMAP_CHROMIUM is not set, in order.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions",
]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
#: How long to wait for the page's layout to settle, in milliseconds.
READY_TIMEOUT = 60_000


def find_chromium() -> str | None:
    """Path of a Chromium executable: $ORGMAP_CHROMIUM, then the usual names and places."""
    chosen = os.environ.get("ORGMAP_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in CHROMIUM_PATHS if Path(path).exists()), None)


def launch(playwright: Playwright, executable: str) -> Browser:
    """Headless Chromium with background networking off."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                      headless=True)


def block_remote_requests(page: Page, blocked: list[str] | None = None) -> None:
    """Abort every request that would leave the machine, recording its URL in `blocked`."""

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
            return
        if blocked is not None:
            blocked.append(url)
        route.abort()

    page.route("**/*", handle)


def open_page(page: Page, path: Path) -> None:
    """Load an orgmap page and wait until its layout has settled."""
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => window.orgmap && window.orgmap.ready === true",
                           timeout=READY_TIMEOUT)


def take(page_path: Path, png_path: Path, *, width: int = 1600, height: int = 1000,
         scale: float = 1.0, select: str | None = None, zoom: float | None = None,
         view: str | None = None) -> Path:
    """Write a PNG of the page; optionally switch view, then search for and select one
    entity first."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise SystemExit("Error: no Chromium found; install it (Debian: apt-get install "
                         "chromium) or set ORGMAP_CHROMIUM to its path")
    png_path.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright, executable)
        try:
            page = browser.new_page(viewport={"width": width, "height": height},
                                    device_scale_factor=scale)
            block_remote_requests(page)
            open_page(page, page_path)
            if view:
                page.click(f"#view-{view}")
            if select:
                page.fill("#search", select)
                page.press("#search", "Enter")
                page.wait_for_timeout(700)
                page.evaluate("() => document.getElementById('search').blur()")
            if view == "chart":  # the top of the chart in view: the hierarchy reads downward
                page.evaluate("() => { document.getElementById('chart').scrollTop = 0; }")
            if zoom:
                page.evaluate("(z) => orgmap.network.moveTo({scale: z})", zoom)
            page.wait_for_timeout(300)
            page.screenshot(path=str(png_path))
        finally:
            browser.close()
    return png_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orgmap.screenshot", description=__doc__)
    parser.add_argument("page", type=Path, help="the orgmap HTML page")
    parser.add_argument("png", type=Path, help="the PNG file to write")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio")
    parser.add_argument("--select", help="search for this entity and select it first")
    parser.add_argument("--zoom", type=float, help="zoom level after selecting")
    parser.add_argument("--view", choices=["network", "chart"], help="switch to this view")
    options = parser.parse_args(argv)
    written = take(options.page, options.png, width=options.width, height=options.height,
                   scale=options.scale, select=options.select, zoom=options.zoom,
                   view=options.view)
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
