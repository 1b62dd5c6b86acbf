"""docs/curating.md is a walk-through a new user can follow: every command in it is run,
in order, in an empty directory, and must print exactly what the page shows."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgmap.cli import app

DOC = Path(__file__).parent.parent / "docs" / "curating.md"
#: A console block, a file to save ("Save this as `x`:"), to extend ("Add this to the end
#: of `x`:") or to check ("The end of `x` now reads:"), each followed by a fenced block.
STEP = re.compile(r"(?:(Save this as|Add this to the end of|The end of) `([^`]+)`"
                  r"(?: now reads)?:\n\n)?```(console|csv|yaml)\n(.*?)```", re.DOTALL)
ACTIONS = {"Save this as": "save", "Add this to the end of": "append", "The end of": "ends"}


def steps() -> list[tuple[str, str, str]]:
    """(action, target, body): action is 'run', 'save', 'append' or 'ends'."""
    found = []
    for match in STEP.finditer(DOC.read_text(encoding="utf-8")):
        verb, target, kind, body = match.groups()
        if kind == "console":
            found.append(("run", "", body))
        elif verb:
            found.append((ACTIONS[verb], target, body))
    return found


def commands(block: str) -> list[tuple[str, str]]:
    """(command line, output shown) for each `$ ` line of a console block."""
    runs: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            runs.append((line[2:], []))
        elif runs:
            runs[-1][1].append(line)
    return [(command, "\n".join(lines)) for command, lines in runs]


def run(command: str) -> str:
    """What a terminal shows for the command: its output, then any non-zero exit code."""
    args = shlex.split(command)
    if args[0] == "git":
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        code, output = done.returncode, done.stdout + done.stderr
    else:
        assert args[0] == "orgmap", command
        result = CliRunner().invoke(app, args[1:])
        code, output = result.exit_code, result.output
    shown = output.rstrip("\n")
    if code:
        shown += f"\n(exit code {code})"
    return shown


@pytest.mark.skipif(shutil.which("git") is None and os.environ.get("CI") != "true",
                    reason="git is not installed")
def test_the_walk_through_runs_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{name}_NAME", "A Curator")
        monkeypatch.setenv(f"GIT_{name}_EMAIL", "curator@example.org")
    ran = set()
    for action, target, body in steps():
        if action == "save":
            Path(target).write_text(body, encoding="utf-8")
        elif action == "append":
            with Path(target).open("a", encoding="utf-8") as stream:
                stream.write(body)
        elif action == "ends":
            assert Path(target).read_text(encoding="utf-8").endswith(body), target
        else:
            for command, shown in commands(body):
                assert run(command) == shown, command
                ran.add(shlex.split(command)[:2][-1])
    assert ran >= {"init", "add", "import", "fmt", "validate", "diff"}
