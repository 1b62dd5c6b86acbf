"""orgmap: map institutional power from hand-curated YAML.

The public API, usable from a notebook as well as behind the CLI:

    import orgmap
    data = orgmap.load("data")            # Dataset, or DataError listing every problem
    data.resolve("CAC").name              # names, aliases, Chinese names all resolve
    orgmap.overlap(data, ["CAC", "Central Propaganda Department"])   # a DataFrame

Names are imported on first use so that `orgmap --help` does not pay for
pydantic, pandas or pyvis.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "data.load",
    "Dataset": "data.dataset",
    "OrgmapError": "errors",
    "DataError": "errors",
    "LookupProblem": "errors",
    "QueryProblem": "errors",
    "DateFormatError": "errors",
    "Problem": "errors",
    "Entity": "data.model",
    "Edge": "data.model",
    "Citation": "data.model",
    "profile": "questions.describe",
    "search": "questions.describe",
    "stats": "questions.describe",
    "overlap": "questions.overlap",
    "timeline": "questions.timeline",
    "interlocks": "questions.interlocks",
    "interlock_matrix": "questions.interlocks",
    "ties": "questions.ties",
    "tie_matrix": "questions.ties",
    "path": "questions.paths",
    "ego": "questions.neighbourhood",
    "ego_subgraph": "questions.neighbourhood",
    "snapshot": "questions.neighbourhood",
    "centrality": "questions.centrality",
    "render_html": "page.network",
    "write_html": "page.network",
    "write_all": "export.formats",
    "write_format": "export.formats",
    "write_graphml": "export.xml",
    "write_gexf": "export.xml",
    "write_csv": "export.tabular",
    "write_json": "export.tabular",
    "write_cypher": "export.cypher",
    "write_neo4j_csv": "export.neo4j_csv",
    "write_sqlite": "export.sqlite",
    "write_ftm": "export.ftm",
    "write_popolo": "export.popolo",
    "export_graph": "export.attributes",
    "write_atomic": "atomic",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'orgmap' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = ["__version__", *_EXPORTS]
