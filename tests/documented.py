"""Running the examples the documentation shows."""

from __future__ import annotations

import shlex
from pathlib import Path

ROOT = Path(__file__).parent.parent


def documented_args(command: str) -> list[str]:
    """The arguments of a documented `orgmap ...` example, its --data made absolute (the
    bundled data/ when it names none), so that it runs from any directory."""
    args = shlex.split(command)[1:]
    if "--data" in args:
        at = args.index("--data") + 1
        args[at] = str(ROOT / args[at])
    else:
        args += ["--data", str(ROOT / "data")]
    return args
