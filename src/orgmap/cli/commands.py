"""Every command of `orgmap`: the module that defines it and the line `--help` shows.

`orgmap --help` lists the commands from this table without importing a single
command module, and `orgmap NAME` imports only the module of NAME: a command's
module pulls in its options, their vocabularies and typer's conversion of its
signature, which for 22 commands cost more than the rest of start-up together.
The command's own `--help` still comes from its docstring. `tests/test_cli.py`
checks that this table and the commands the modules register are the same set.
"""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    """Where a command lives and what it does, in one line."""

    #: The module of `orgmap.cli` that registers the command on the app.
    module: str
    #: The summary `orgmap --help` shows; the command's docstring says the rest.
    summary: str


#: What `orgmap --help` says before the commands, and after them.
ROOT_HELP = ("Map institutional power: validate curated YAML of bodies, people and roles, ask "
             "who interlocks with whom, and render an offline org chart and Gephi-ready graphs.")
EPILOG = ("Start with: orgmap validate; orgmap build; orgmap show CAC. Each command has --help "
          "with examples.")
VERSION_HELP = "Print the version and exit."

#: In the order `orgmap --help` lists them: what a researcher does first, first.
COMMANDS: dict[str, Command] = {
    "chart": Command("chart", "Draw the org chart as an SVG or PDF figure for a report."),
    "validate": Command("check", "Check the data and list every problem as file:line:col."),
    "init": Command("curate", "Start a new dataset with commented examples."),
    "fmt": Command("curate", "Rewrite the data files in one canonical layout."),
    "add": Command("curate", "Append one entity or edge, checking the whole dataset."),
    "import": Command("curate", "Add entities or edges from a spreadsheet, all or nothing."),
    "diff": Command("curate", "What changed between two versions of the data."),
    "changes": Command("curate", "What changed in the network between two dates."),
    "show": Command("describe", "Everything about one entity: names and every relation."),
    "search": Command("describe", "Find entities by id, name, alias or description."),
    "stats": Command("describe", "Counts by kind, category and relation type."),
    "overlap": Command("questions", "Who holds roles in all of these bodies?"),
    "interlocks": Command("questions", "Every pair of bodies that share people."),
    "path": Command("questions", "The shortest chains of relations between two entities."),
    "ego": Command("questions", "The neighbourhood of an entity, within --depth steps."),
    "timeline": Command("questions", "Every relation of a person or body in date order."),
    "snapshot": Command("questions", "The graph as it stood on a date."),
    "centrality": Command("questions", "The brokers: people and bodies by betweenness."),
    "ties": Command("ties", "Pairs of people who served in one body at one time."),
    "build": Command("outputs", "Validate the data and write every output into a folder."),
    "export": Command("outputs", "Write the network, or a selection, for another tool."),
    "render": Command("outputs", "Write the interactive org chart: one offline page."),
}
