"""The core commands through typer's runner: show, search, stats, validate, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgmap.cli import app
from orgmap.cli.commands import COMMANDS

GOOD = Path(__file__).parent / "fixtures" / "good"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [*args, "--data", str(GOOD)])


def test_show_by_alias_lists_relations_with_roles_and_sources() -> None:
    result = run("show", "CAC")
    assert result.exit_code == 0, result.output
    assert "Cyberspace Administration of China" in result.output
    assert "Zhuang Rongwen" in result.output and "Director / 主任" in result.output
    assert "brief, note 9" in result.output
    assert "supervised by" in result.output


@pytest.mark.parametrize("name", ["中央宣传部", "ＣＰＤ", "central propaganda department"])
def test_show_resolves_chinese_width_and_case(name: str) -> None:
    result = run("show", name, "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["entity"]["id"] == "cpd"
    assert {r["other_id"] for r in body["relations"]} == {"zhuang-rongwen", "cac", "brief"}


def test_show_unknown_name_is_a_usage_error_with_a_suggestion() -> None:
    result = run("show", "zhuang-rongwn")
    assert result.exit_code == 2
    assert "did you mean 'zhuang-rongwen'" in result.output


def test_ambiguous_name_lists_candidates_and_an_id_beats_an_alias(tmp_path: Path) -> None:
    entities = (GOOD / "entities.yaml").read_text(encoding="utf-8")
    entities = entities.replace("  category: ccp\n", "  category: ccp\n  aliases: [SIIO]\n")
    (tmp_path / "entities.yaml").write_text(entities, encoding="utf-8")
    (tmp_path / "edges.yaml").write_bytes((GOOD / "edges.yaml").read_bytes())
    result = runner.invoke(app, ["show", "siio", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "ambiguous" in result.output
    assert "'cac'" in result.output and "'cpd'" in result.output
    result = runner.invoke(app, ["show", "ＣＡＣ ", "--data", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["entity"]["id"] == "cac"


def test_search_matches_names_aliases_and_chinese() -> None:
    result = run("search", "网信", "--format", "csv")
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("cac,")
    result = run("search", "propaganda", "--format", "json")
    assert [r["id"] for r in json.loads(result.output)] == ["cpd"]


def test_stats_counts_kinds_types_and_colours() -> None:
    result = run("stats", "--format", "json")
    assert result.exit_code == 0
    body = json.loads(result.output)
    assert {r["kind"]: r["entities"] for r in body["kinds"]} == {
        "person": 1, "organization": 2, "document": 1}
    assert {r["type"]: r["edges"] for r in body["relation_types"]} == {
        "role": 2, "supervises": 1, "affiliated": 1}
    state = next(r for r in body["categories"] if r["category"] == "state")
    assert state["colour"].startswith("#") and state["label"] == "State institution"
    assert body["most_connected"][0]["id"] in {"cpd", "cac", "zhuang-rongwen"}


def test_data_errors_exit_1_and_usage_errors_exit_2() -> None:
    bad = Path(__file__).parent / "fixtures" / "bad" / "self_loop"
    assert runner.invoke(app, ["validate", "--data", str(bad)]).exit_code == 1
    assert runner.invoke(app, ["validate", "--no-such-option"]).exit_code == 2
    assert run("search", "x", "--format", "xml").exit_code == 2


def test_missing_data_directory_is_reported_not_raised(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 2  # how orgmap was called, not what the data says
    assert f"--data: there is no folder '{tmp_path / 'nowhere'}'" in result.output


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)


@pytest.mark.parametrize("command", command_names())
def test_every_command_has_help_with_an_example_and_described_options(command: str) -> None:
    import typer.main

    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    click_command = typer.main.get_command(app).commands[command]
    assert click_command.help and "xample" in click_command.help
    for param in click_command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"{command} --{param.name} has no help text"


@pytest.mark.parametrize("command", command_names())
def test_every_command_that_loads_data_takes_the_same_loading_options(command: str) -> None:
    """--data, --no-cache and --allow-unsourced, the command-line convention; `stats`
    always accepts unsourced edges (it counts them), so it has no switch for that."""
    import typer.main

    options = {o for p in typer.main.get_command(app).commands[command].params for o in p.opts}
    if "--data" not in options:
        return
    wanted = {"--no-cache"} if command == "stats" else {"--no-cache", "--allow-unsourced"}
    assert wanted <= options


def test_allow_unsourced_reaches_the_loader_of_every_command() -> None:
    unsourced = str(Path(__file__).parent / "fixtures" / "bad" / "unsourced_edge")
    for args in (["show", "cac"], ["timeline", "cac"], ["overlap", "cac", "cpd"]):
        refused = runner.invoke(app, [*args, "--data", unsourced, "--no-cache"])
        assert refused.exit_code == 1, args
        assert "source" in refused.output
    accepted = runner.invoke(app, ["show", "cac", "--data", unsourced, "--allow-unsourced"])
    assert accepted.exit_code == 0, accepted.output
    assert "Cyberspace Administration of China" in accepted.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["snapshot", "--at", "2021-13"], "--at: '2021-13' has month 13"),
    (["overlap", "cac", "wic", "--at", "soon"], "--at: 'soon' is not a date"),
    (["render", "--at", "2021-13"], "--at: '2021-13' has month 13"),
    (["changes", "--from", "2021-13", "--to", "2022"], "--from: '2021-13' has month 13"),
    (["changes", "--from", "2021", "--to", "later"], "--to: 'later' is not a date"),
])
def test_every_date_option_is_read_one_way(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def modules_imported_by(*args: str) -> tuple[str, list[str]]:
    """What `orgmap ARGS` prints, and which modules it imported, in a fresh process."""
    code = ("import sys; from orgmap.cli import app\n"
            f"try:\n    app({list(args)!r})\nexcept SystemExit:\n    pass\n"
            "print('MODULES:' + ','.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    printed, _, modules = out.stdout.rpartition("MODULES:")
    return printed, modules.strip().split(",")


def test_help_starts_without_heavy_libraries_or_any_command() -> None:
    printed, modules = modules_imported_by("--help")
    assert "Usage" in printed
    assert [m for m in ("pandas", "pyvis", "networkx", "pydantic") if m in modules] == []
    commands = {f"orgmap.cli.{command.module}" for command in COMMANDS.values()}
    assert sorted(commands & set(modules)) == []


def console_help(columns: int) -> tuple[str, str, list[str]]:
    """(what the `orgmap --help` console script prints, what typer prints for it, the
    modules the console script imported) on a terminal `columns` wide."""
    env = {**os.environ, "COLUMNS": str(columns)}
    fast = ("import sys; sys.argv = ['orgmap', '--help']\nfrom orgmap.cli import main\n"
            "main()\nprint('MODULES:' + ','.join(sorted(sys.modules)))")
    typer_help = ("from orgmap.cli.application import app\n"
                  "try:\n    app(['--help'], prog_name='orgmap')\nexcept SystemExit:\n    pass\n")
    printed = subprocess.run([sys.executable, "-c", fast], capture_output=True, text=True,
                             check=True, env=env).stdout
    expected = subprocess.run([sys.executable, "-c", typer_help], capture_output=True,
                              text=True, check=True, env=env).stdout
    shown, _, modules = printed.rpartition("MODULES:")
    return shown, expected, modules.strip().split(",")


@pytest.mark.parametrize("columns", [50, 72, 79, 80, 120])
def test_the_console_help_is_typers_help_without_typer(columns: int) -> None:
    shown, expected, modules = console_help(columns)
    assert "Commands:" in expected
    assert shown == expected
    assert [m for m in modules if m == "typer" or m.startswith("typer.")] == []


def test_help_lists_every_command_with_its_summary_in_order() -> None:
    printed, _ = modules_imported_by("--help")
    listed = printed.split("Commands:")[1].strip().splitlines()
    assert [line.split()[0] for line in listed[:len(COMMANDS)]] == list(COMMANDS)
    for line, (name, command) in zip(listed, COMMANDS.items(), strict=False):
        assert line.split(None, 1) == [name, command.summary]


def test_a_command_imports_only_its_own_module() -> None:
    printed, modules = modules_imported_by("validate", "--data", str(GOOD))
    assert "4 entities, 4 edges" in printed
    loaded = {m.rsplit(".", 1)[1] for m in modules if m.startswith("orgmap.cli.")}
    others = {c.module for c in COMMANDS.values()} - {"check"}
    assert "check" in loaded
    assert sorted(loaded & others) == []


def test_the_command_table_names_every_registered_command_and_its_module() -> None:
    """`orgmap --help` lists COMMANDS; a command registered but missing from it would be
    unreachable, one in it that no module registers would fail when run."""
    import importlib

    import typer.main

    from orgmap.cli.application import app as typer_app

    for module in {c.module for c in COMMANDS.values()}:
        importlib.import_module(f"orgmap.cli.{module}")
    registered = {(info.name or typer.main.get_command_name(info.callback.__name__)):
                  info.callback.__module__ for info in typer_app.registered_commands}
    assert registered == {name: f"orgmap.cli.{c.module}" for name, c in COMMANDS.items()}


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run([sys.executable, "-m", "orgmap", "validate", "--data", str(GOOD)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "4 entities, 4 edges" in out.stdout


OUTPUTS = ["orgmap.html", "orgmap.graphml", "orgmap.gexf", "nodes.csv", "edges.csv",
           "orgmap.json"]
#: The figure build writes too, when Graphviz is installed.
FIGURE = "orgchart.svg"


def test_build_writes_every_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--data", str(GOOD), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in OUTPUTS:
        assert (tmp_path / name).stat().st_size > 0, name
    assert "Zhuang Rongwen" in (tmp_path / "nodes.csv").read_text(encoding="utf-8")


def test_failed_build_leaves_previous_outputs_untouched(tmp_path: Path) -> None:
    runner.invoke(app, ["build", "--data", str(GOOD), "--out", str(tmp_path)])
    written = OUTPUTS + ([FIGURE] if (tmp_path / FIGURE).exists() else [])
    before = {name: (tmp_path / name).read_bytes() for name in written}
    bad = Path(__file__).parent / "fixtures" / "bad" / "self_loop"
    result = runner.invoke(app, ["build", "--data", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert {name: (tmp_path / name).read_bytes() for name in written} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(written)


@pytest.mark.parametrize(("command", "code", "message"), [
    (["build", "--out", "{file}"], 2, "is a file"),  # --out names the folder to write into
    (["render", "--out", "{file}/page.html"], 1, "Error: cannot write"),
    (["export", "-f", "graphml", "--out", "{file}/net.graphml"], 1, "Error: cannot write"),
    (["interlocks", "--matrix", "{dir}"], 1, "Error: cannot write"),
])
def test_an_unwritable_output_is_an_error_not_a_traceback(
        tmp_path: Path, command: list[str], code: int, message: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me", encoding="utf-8")
    args = [a.format(file=blocker, dir=tmp_path) for a in command]
    result = run(*args)
    assert result.exit_code == code
    assert message in result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert blocker.read_text(encoding="utf-8") == "keep me"
