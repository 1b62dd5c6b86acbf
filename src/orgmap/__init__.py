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
    "load": "dataset",
    "Dataset": "dataset",
    "DataError": "problems",
    "LookupProblem": "problems",
    "Problem": "problems",
    "Entity": "model",
    "Edge": "model",
    "Citation": "model",
    "profile": "describe",
    "search": "describe",
    "stats": "describe",
    "QueryProblem": "bodies",
    "overlap": "queries",
    "timeline": "queries",
    "interlocks": "interlock",
    "interlock_matrix": "interlock",
    "path": "paths",
    "ego": "subgraphs",
    "ego_subgraph": "subgraphs",
    "snapshot": "subgraphs",
    "centrality": "brokers",
    "render_html": "html",
    "write_html": "html",
    "write_all": "export",
    "write_format": "export",
    "write_graphml": "export",
    "write_gexf": "export",
    "write_csv": "export",
    "write_json": "export",
    "export_graph": "export",
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
