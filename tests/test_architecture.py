"""The package's shape stays as docs/architecture.md draws it: imports run one way, no cycles.

A cycle makes a module's behaviour depend on which module happened to be
imported first (commands registering by import order, a half-built module
handing out names), so the test counts imports inside functions too; only
imports under `if TYPE_CHECKING:` (never executed) are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx

import orgmap

PACKAGE = Path(orgmap.__file__).parent
REPOSITORY = Path(__file__).parent.parent
ARCHITECTURE = REPOSITORY / "docs" / "architecture.md"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def executed_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: at any depth, except under `if TYPE_CHECKING:`
    (its `else:` branch does run)."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph(root: Path) -> nx.DiGraph:
    """Module -> module it imports, for the package at `root`. `from pkg import name`
    points at `pkg.name` when that is a module, else at `pkg`."""
    top = root.name
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in executed_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]
            graph.add_edges_from((name, t) for t in targets
                                 if t in modules and t.split(".")[0] == top and t != name)
    return graph


def cycles(root: Path) -> list[list[str]]:
    graph = import_graph(root)
    return [sorted(group) for group in nx.strongly_connected_components(graph) if len(group) > 1]


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(PACKAGE) == []


def test_the_cycle_check_sees_imports_inside_functions_and_skips_type_checking(
        tmp_path: Path) -> None:
    package = tmp_path / "demo"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub import b\n")
    (package / "sub" / "b.py").write_text("def late():\n    from .. import a\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\n"
                                  "if TYPE_CHECKING:\n    from . import d\n")
    (package / "d.py").write_text("from .c import TYPE_CHECKING\n")
    assert cycles(package) == [["demo.a", "demo.sub.b"]]


def test_the_command_line_imports_the_library_never_the_reverse() -> None:
    graph = import_graph(PACKAGE)
    outside_cli = [m for m in graph
                   if not m.startswith("orgmap.cli") and m != "orgmap.__main__"]
    assert [(m, t) for m in outside_cli for t in graph.successors(m)
            if t.startswith("orgmap.cli")] == []


def test_every_place_the_architecture_page_names_exists() -> None:
    """Packages (`data/`), folders (`page/assets/`, `tests/browser/`) and modules
    (`data/load.py`, `tests/test_architecture.py`) named in backticks: inside the
    package, or else from the top of the repository."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    packages = set(re.findall(r"`([a-z_]+)/`", text))
    assert packages >= {"data", "questions", "export", "page", "curate", "cli"}
    for place in re.findall(r"`((?:[a-z_]+/)+(?:[a-z_]+\.py)?)`", text):
        inside, outside = PACKAGE / place, REPOSITORY / place
        assert inside.exists() or outside.exists(), f"docs/architecture.md names {place}"
        if place in {f"{p}/" for p in packages} and inside.exists():
            assert (inside / "__init__.py").is_file(), f"{place} is not a package"
