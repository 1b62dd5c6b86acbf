"""The exports' column-at-a-time paths write exactly what the plain ones would.

The CSV pair, the JSON and the database rows are made a column at a time for
speed; these tests hold them to the straightforward definitions: the JSON to
networkx's node-link data of the exported graph, written with `json.dumps`;
each JSON object to `json.dumps` of the row; each row to the entity's or edge's
own attributes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import orgmap
from orgmap import Dataset
from orgmap.data.dates import parse_partial_date
from orgmap.data.selection import select
from orgmap.export.attributes import (
    EDGE_FIELDS,
    NODE_FIELDS,
    edge_attributes,
    edge_columns,
    edge_label,
    flat,
    node_attributes,
    node_columns,
    ordered_edges,
    ordered_entities,
    rows_of,
    used_fields,
)
from orgmap.export.tabular import (
    _node_link_document,
    _node_link_document_of_graph,
    edges_csv,
    json_objects,
    nodes_csv,
)
from orgmap.safe_csv import csv_text

HERE = Path(__file__).parent
DATASETS = [HERE / "fixtures" / "export", HERE / "fixtures" / "formulas", HERE.parent / "data"]


def datasets() -> list[tuple[str, Dataset]]:
    found = []
    for path in DATASETS:
        dataset = orgmap.load(path, cache=False, allow_unsourced=True)
        found += [(path.name, dataset),
                  (f"{path.name} in 2015", select(dataset, at=parse_partial_date("2015")))]
    return found


@pytest.fixture(scope="module", params=range(6), ids=lambda n: ["export", "export-2015",
                "formulas", "formulas-2015", "data", "data-2015"][n])
def dataset(request: pytest.FixtureRequest) -> Dataset:
    return datasets()[request.param][1]


def test_json_from_columns_is_networkx_node_link_data(dataset: Dataset) -> None:
    encode = json.JSONEncoder(ensure_ascii=False).encode
    assert _node_link_document(dataset, encode) == _node_link_document_of_graph(dataset,
                                                                                encode)


def test_rows_are_each_items_own_attributes(dataset: Dataset) -> None:
    entities, edges = ordered_entities(dataset), ordered_edges(dataset)
    assert rows_of(node_columns(entities)) == [node_attributes(e) for e in entities]
    assert rows_of(edge_columns(edges, dataset.status)) == [
        edge_attributes(e, dataset.status.get(e.id or "")) for e in edges]
    assert all(v is not None and v != "" and v != [] for row in rows_of(
        edge_columns(edges, dataset.status)) for v in row.values())


def test_json_objects_write_what_json_dumps_writes() -> None:
    columns = {
        "text": ["a", 'q"uote', "网信办", "\n\t\u2028", None, "x", "y"],
        "number": [1, -2, None, 3, 0, 10**20, 5],
        "real": [1.0, -0.5, 1e300, None, 2.5, 0.1, 3.0],
        "odd": [math.nan, math.inf, 1.0, None, 2.0, 3.0, 4.0],
        "flag": [True, False, None, True, True, False, True],
        "mixed": [1, True, "a", 2.5, None, [1], {"k": "v"}],
        "list": [["a", "b"], None, ["网"], ["x"], None, ["'"], ["\\"]],
        "nothing": [None] * 7,
    }
    rows = [{k: v for k, v in zip(columns, values, strict=True) if v is not None}
            for values in zip(*columns.values(), strict=True)]
    assert json_objects(columns) == [json.dumps(row, ensure_ascii=False) for row in rows]


def test_labels_and_citations_say_what_each_item_says(dataset: Dataset) -> None:
    """The label, the `as_of` dates and the citations' text are made for a whole column
    at once; they must read as `edge_label` and `str` of each date and citation read them."""
    entities, edges = ordered_entities(dataset), ordered_edges(dataset)
    assert edge_columns(edges)["label"] == list(map(edge_label, edges))
    assert edge_columns(edges)["as_of"] == [list(map(str, e.as_of)) or None for e in edges]
    for items, columns in ((entities, node_columns(entities)), (edges, edge_columns(edges))):
        assert columns["sources"] == [list(map(str, item.sources)) or None for item in items]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_csv_pair_is_the_rows_written_by_the_c_writer(dataset: Dataset) -> None:
    """nodes.csv and edges.csv (laid out by column, read in stored order, put in id order at
    the end) are what writing each item's own attributes row by row, in id order, gives."""
    nodes = [(e.id, flat(node_attributes(e))) for e in ordered_entities(dataset)]
    fields = [f for f in used_fields(NODE_FIELDS, (r for _, r in nodes)) if f != "label"]
    assert nodes_csv(dataset) == csv_text(
        [["Id", "Label", *fields],
         *([i, row.get("label", ""), *(_cell(row.get(f)) for f in fields)] for i, row in nodes)])
    edges = [(e, flat(edge_attributes(e, dataset.status.get(e.id or ""))))
             for e in ordered_edges(dataset)]
    fields = [f for f in used_fields(EDGE_FIELDS, (r for _, r in edges))
              if f not in {"label", "directed", "weight"}]
    header = ["Source", "Target", "Type", "Id", "Label",
              *("relation" if f == "type" else f for f in fields), "Weight"]
    assert edges_csv(dataset) == csv_text([header, *(
        [e.source, e.target, "Directed" if e.directed else "Undirected", e.id or "",
         row["label"], *(_cell(row.get(f)) for f in fields), _cell(row["weight"])]
        for e, row in edges)])
