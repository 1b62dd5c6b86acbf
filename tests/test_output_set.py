"""`orgmap build` leaves a consistent set of outputs, whatever interrupts it.

Every output is written to a temporary file first and renamed into place only
when all have succeeded, in one loop that SIGINT and SIGTERM wait for; a second
concurrent build fails at once; a lock or temporary file left by a killed build
is cleaned up by the next run; nothing else in the folder is touched.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import orgmap
from orgmap import atomic
from orgmap.errors import OutputLocked
from orgmap.lock import LOCK_NAME, folder_lock

FIXTURE = Path(__file__).parent / "fixtures" / "export"
OUTPUTS = ["edges.csv", "nodes.csv", "orgmap.gexf", "orgmap.graphml", "orgmap.html",
           "orgmap.json"]
# With Graphviz installed, build also draws the org chart figure (docs/org-chart.md).
if shutil.which("dot"):
    OUTPUTS = sorted([*OUTPUTS, "orgchart.svg"])


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_orgmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORGMAP_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "orgmap", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120, check=False)


def test_a_set_is_written_and_stale_outputs_of_ours_are_removed(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("the user's own file")
    atomic.write_set(tmp_path, [("a.txt", lambda: "a1"), ("b.txt", lambda: b"b1")],
                     owned=["a.txt", "b.txt", "c.txt"])
    (tmp_path / "c.txt").write_text("from an earlier run")
    written = atomic.write_set(tmp_path, [("a.txt", lambda: "a2")],
                               owned=["a.txt", "b.txt", "c.txt"])
    assert written == [tmp_path / "a.txt"]
    assert contents(tmp_path) == {"a.txt": b"a2", "notes.txt": b"the user's own file"}


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"),
                                     KeyboardInterrupt()])
def test_a_set_that_fails_midway_leaves_the_folder_as_it_was(
        tmp_path: Path, failure: BaseException) -> None:
    atomic.write_set(tmp_path, [("a.txt", lambda: "old a"), ("b.txt", lambda: "old b")])
    before = contents(tmp_path)

    def fails() -> str:
        raise failure

    with pytest.raises(type(failure)):
        atomic.write_set(tmp_path, [("a.txt", lambda: "new a"), ("b.txt", fails)])
    assert contents(tmp_path) == before


def test_signals_during_the_rename_loop_wait_for_its_end() -> None:
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finished = []
    with pytest.raises(KeyboardInterrupt), atomic.signals_deferred():
        # raise_signal delivers to this thread and runs the Python handler before it
        # returns; os.kill may be taken by another thread and handled only later.
        signal.raise_signal(signal.SIGINT)  # delivered once the block is over
        time.sleep(0.05)
        finished.append(True)
    assert finished == [True]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


SIGTERM_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import orgmap
    from orgmap import atomic
    from orgmap.cli import handle_termination

    handle_termination()
    folder, moment = Path(sys.argv[1]), sys.argv[2]
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if moment == "renaming" and len(calls) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        real_replace(src, dst)

    def producing():
        os.kill(os.getpid(), signal.SIGTERM)
        return "never written"

    atomic.os.replace = replace
    last = producing if moment == "producing" else (lambda: "new c")
    atomic.write_set(folder, [("a.txt", lambda: "new a"), ("b.txt", lambda: "new b"),
                              ("c.txt", last)])
    print("not reached")
""")


@pytest.mark.parametrize(("moment", "expected"), [
    ("producing", {"a.txt": b"old a", "b.txt": b"old b", "c.txt": b"old c"}),
    ("renaming", {"a.txt": b"new a", "b.txt": b"new b", "c.txt": b"new c"}),
])
def test_sigterm_leaves_the_old_set_or_the_new_one_and_no_temporary_file(
        tmp_path: Path, moment: str, expected: dict[str, bytes]) -> None:
    for name in "abc":
        (tmp_path / f"{name}.txt").write_text(f"old {name}")
    result = subprocess.run([sys.executable, "-c", SIGTERM_SCRIPT, str(tmp_path), moment],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert "not reached" not in result.stdout and "Traceback" not in result.stderr
    assert contents(tmp_path) == expected


HOLDER = textwrap.dedent("""
    import sys, time
    from orgmap.lock import folder_lock
    with folder_lock(sys.argv[1]):
        print("locked", flush=True)
        time.sleep(60)
""")


def test_a_concurrent_build_fails_at_once_and_a_killed_ones_lock_is_taken_over(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = run_orgmap("build", "--data", str(FIXTURE), "--out", "out", cwd=tmp_path)
        assert result.returncode == 1
        assert (f"Error: another orgmap build (process {holder.pid}) is writing into out"
                in result.stderr)
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]
    finally:
        holder.kill()
        holder.wait()
    assert (out / LOCK_NAME).read_text() == f"{holder.pid}\n"  # left behind by SIGKILL
    result = run_orgmap("build", "--data", str(FIXTURE), "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS


def test_the_lock_names_its_holder_and_is_removed_after(tmp_path: Path) -> None:
    with (folder_lock(tmp_path), pytest.raises(OutputLocked, match=f"process {os.getpid()}"),
          folder_lock(tmp_path)):
        pass
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_killed_writers_are_removed_by_the_next_build(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = [f".orgmap.html.{dead}-k2j4x9.tmp", ".orgmap.gexf.q8w7e6r5.tmp"]
    for name in stale:
        (out / name).write_text("tens of megabytes, once")
    old = time.time() - 2 * 3600
    os.utime(out / stale[1], (old, old))
    kept = [f".orgmap.json.{os.getpid()}-live01.tmp", ".notes.tmp", "orgmap.html.tmp"]
    for name in kept:
        (out / name).write_text("not stale, or not ours")
    result = run_orgmap("build", "--data", str(FIXTURE), "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUTS, *kept])


def test_a_failing_build_leaves_every_previous_output_as_it_was(tmp_path: Path) -> None:
    dataset = orgmap.load(FIXTURE, cache=False)
    orgmap.write_all(dataset, tmp_path)
    before = contents(tmp_path)
    (tmp_path / "orgmap.json").unlink()
    (tmp_path / "orgmap.json").mkdir()  # the last output cannot be written
    with pytest.raises(IsADirectoryError):
        orgmap.write_all(orgmap.load(FIXTURE, cache=False).subset(["cac"]), tmp_path)
    (tmp_path / "orgmap.json").rmdir()
    del before["orgmap.json"]
    assert contents(tmp_path) == before
