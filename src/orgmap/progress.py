"""Progress of long steps (a cold load, a build), shown on a terminal.

Library code announces each long phase with `step("validating 200,406 edges")`;
nothing is shown unless a program has installed a reporter with `reporting`,
as the command line does when its error stream is a terminal. So a notebook
or a pipe never sees progress text, and a step costs one function call.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

_reporter: Callable[[str], None] | None = None


def step(message: str) -> None:
    """Announce the phase starting now (shown only while a reporter is installed)."""
    if _reporter is not None:
        _reporter(message)


@contextmanager
def reporting(reporter: Callable[[str], None] | None) -> Iterator[None]:
    """Send `step` messages to `reporter` while the block runs (None: show nothing)."""
    global _reporter
    previous, _reporter = _reporter, reporter
    try:
        yield
    finally:
        _reporter = previous


class StatusLine:
    """One line on a terminal, rewritten by each step with the seconds elapsed.

    Quick runs show nothing: a step is shown only once `delay` seconds have
    passed since the line was made. `clear` removes the line, so the command's
    own output starts on a clean line.
    """

    def __init__(self, stream: TextIO, delay: float = 0.5) -> None:
        self.stream, self.delay = stream, delay
        self.start = time.perf_counter()
        self.shown = False

    def __call__(self, message: str) -> None:
        elapsed = time.perf_counter() - self.start
        if elapsed < self.delay:
            return
        self.stream.write(f"\r\033[K{message}… ({elapsed:.0f} s)")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


@contextmanager
def on_terminal(stream: TextIO | None = None) -> Iterator[None]:
    """Show the steps of the block on `stream` (stderr) when it is a terminal."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield
        return
    line = StatusLine(stream)
    try:
        with reporting(line):
            yield
    finally:
        line.clear()
