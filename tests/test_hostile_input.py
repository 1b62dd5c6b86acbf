"""Inputs a new user can easily produce, each answered by a message and an exit code.

No traceback, no hang, no raw control character on the terminal: a symlink loop,
a FIFO or /dev/zero as a data file, a file over the size limit, standard output
on a full disk, misleading messages, and `--allow-unsourced` on every command
that loads data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from orgmap.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
UNSOURCED = FIXTURES / "bad" / "unsourced_edge"
runner = CliRunner()


def run_orgmap(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "orgmap", *args], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, "ORGMAP_NO_CACHE": "1", **env},
                          timeout=120, check=False)


def commands() -> dict:
    """Every command of the program, by name."""
    return dict(typer.main.get_command(app).commands)


# -- --allow-unsourced -----------------------------------------------------------------

def test_every_command_that_loads_data_takes_the_shared_data_options() -> None:
    loading = {name: {o for p in c.params for o in p.opts}
               for name, c in commands().items() if any("--data" in p.opts for p in c.params)}
    assert len(loading) >= 15
    missing = {name: sorted({"--no-cache", "--allow-unsourced"} - opts)
               for name, opts in loading.items()}
    assert {name: m for name, m in missing.items() if m} == {}


@pytest.mark.parametrize("args", [
    ["show", "cac"], ["search", "cac"], ["overlap", "cac", "cpd"], ["interlocks"],
    ["path", "zhuang-rongwen", "cac"], ["ego", "cac"], ["timeline", "zhuang-rongwen"],
    ["snapshot", "--at", "2020"], ["centrality"], ["validate"],
    ["export", "-f", "json", "-o", "{tmp}/x.json"], ["render", "-o", "{tmp}/x.html"],
    ["build", "--out", "{tmp}/out"],
])
def test_a_draft_with_unsourced_edges_can_be_used_with_allow_unsourced(
        args: list[str], tmp_path: Path) -> None:
    args = [a.format(tmp=tmp_path) for a in args] + ["--data", str(UNSOURCED)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert "--allow-unsourced" in refused.output
    accepted = runner.invoke(app, [*args, "--allow-unsourced"])
    assert accepted.exit_code == 0, accepted.output


# -- files that are not files ---------------------------------------------------------

def data_with(tmp_path: Path, make_entities) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(GOOD / "edges.yaml", folder / "edges.yaml")
    make_entities(folder / "entities.yaml")
    return folder


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.symlink_to(p.name), "entities.yaml: cannot read the file: Too many levels of "
                                     "symbolic links"),
    (lambda p: os.mkfifo(p), "entities.yaml: not a regular file (a folder, device or pipe)"),
    (lambda p: p.symlink_to("/dev/zero"), "entities.yaml: not a regular file"),
    (lambda p: p.mkdir(), "entities.yaml: not a regular file"),
])
def test_a_data_file_that_is_not_a_regular_file_is_refused_at_once(
        tmp_path: Path, make, message: str) -> None:
    data_with(tmp_path, make)
    result = run_orgmap("validate", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1
    assert f"data/{message}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    data_with(tmp_path, lambda p: p.write_text("# padding\n" * 120_000))  # 1.2 MB
    result = run_orgmap("validate", "--data", "data", cwd=tmp_path, ORGMAP_MAX_FILE_MB="1")
    assert result.returncode == 1
    assert "data/entities.yaml: the file is larger than 1 MB, the most orgmap reads" \
        in result.stderr


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: None, "Error: --data: there is no folder 'data'"),
    (lambda p: p.write_text("- id: a\n"), "Error: --data: 'data' is a file; pass the folder"),
    (lambda p: p.symlink_to("data"), "Error: --data: cannot read 'data': Too many levels of "
                                     "symbolic links"),
])
def test_a_data_folder_that_is_not_a_folder_is_a_usage_error(
        tmp_path: Path, make, message: str) -> None:
    make(tmp_path / "data")
    result = run_orgmap("show", "cac", "--data", "data", cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()[-1][:len(message)]) == (2, message)


def test_writing_to_a_full_disk_is_a_message(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "orgmap", "validate", "--data",
                                 str(GOOD)], stdout=full, stderr=subprocess.PIPE, text=True,
                                timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr == "Error: cannot write the output: No space left on device\n"


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    result = subprocess.run([sys.executable, "-m", "orgmap", "search", "c", "--data",
                             str(GOOD)], stdout=writer, stderr=subprocess.PIPE, text=True,
                            timeout=120, check=False)
    os.close(writer)
    assert result.returncode == 1 and result.stderr == ""


# -- messages ---------------------------------------------------------------------------

def test_build_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("mine")
    result = runner.invoke(app, ["build", "--data", str(GOOD), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "is a file" in result.output and (tmp_path / "out").read_text() == "mine"


def test_render_into_a_new_folder_named_with_a_slash(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", "--data", str(GOOD), "-o", f"{tmp_path}/newdir/"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "newdir" / "orgmap.html").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["stats", "--top", "-5"], "Invalid value for '--top'"),
    (["search", ""], "give some text to look for"),
    (["search", "  "], "give some text to look for"),
    (["show", "\x1b]0;pwned\x07"], "no entity called '\\x1b]0;pwned\\x07'"),
])
def test_usage_problems_are_named(args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--data", str(GOOD)])
    assert result.exit_code == 2
    assert message in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_orgmap_no_cache_false_keeps_the_cache(tmp_path: Path, isolated_cache: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    for value, used in (("false", True), ("0", True), ("off", True), ("1", False),
                        ("yes", False)):
        for entry in isolated_cache.iterdir():
            entry.unlink()
        monkeypatch.setenv("ORGMAP_NO_CACHE", value)
        assert runner.invoke(app, ["validate", "--data", str(GOOD)]).exit_code == 0
        assert bool(list(isolated_cache.iterdir())) is used, value


def test_show_a_document_lists_the_claims_that_cite_it() -> None:
    result = runner.invoke(app, ["show", "brief", "--data", str(GOOD)])
    assert result.exit_code == 0, result.output
    assert "claim citing it (4)" in result.output
    assert "Zhuang Rongwen holds role in Cyberspace Administration of China" in result.output \
        or "Zhuang Rongwen" in result.output
    assert "note 9" in result.output
    as_csv = runner.invoke(app, ["show", "brief", "--data", str(GOOD), "-f", "csv"]).output
    assert as_csv.count("claim citing it") == 4
