"""Where a warm question (a cache hit, then one overlap) spends its time, phase by phase.

    python benchmarks/warm_phases.py DATA_DIR [BODY BODY]

Runs the steps `orgmap overlap A B` takes on a hit, one at a time, in this
process, and prints each with its share: importing the command line, the key
from the files' remembered content hashes (their stat compared), mapping and
checking the entry, opening it, resolving the names, answering and printing.
Uses (and fills, if empty) the cache in ORGMAP_CACHE_DIR; orgmap's bytecode is
compiled first (`run.compile_orgmap`), as installing it does. Which heavy
libraries were imported is printed at the end.
"""

from __future__ import annotations

import argparse
import gc
import io
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a directory with entities.yaml and edges.yaml")
    parser.add_argument("bodies", nargs="*", help="two bodies (default: the first two)")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    here = str(Path(__file__).resolve().parent)
    subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                    "import run; run.compile_orgmap()", here], check=True)
    # Fill the cache in another process, so this one starts as a command would.
    subprocess.run([sys.executable, "-c", "import sys, orgmap; orgmap.load(sys.argv[1])",
                    str(data)], check=True)
    gc.disable()  # as `load` does
    phases: list[tuple[str, float]] = []
    clock = [time.perf_counter()]

    def mark(name: str) -> None:
        now = time.perf_counter()
        phases.append((name, now - clock[0]))
        clock[0] = now

    # What `orgmap overlap` imports: typer, the app and the overlap command's module
    # (the app builds only the command being run).
    import orgmap.cli.questions  # noqa: F401

    mark("import the command line (typer)")
    from orgmap.data import cache
    from orgmap.data.dataset import Dataset
    from orgmap.data.load import EDGES_FILE, ENTITIES_FILE, _display
    from orgmap.questions.overlap import overlap_table

    mark("import the loading and question code")
    files = {_display(data / n): data / n for n in (ENTITIES_FILE, EDGES_FILE)}
    key = cache.known_key(files, False)
    if key is None:  # not remembered yet (files written moments ago): as a command would
        contents = {name: path.read_bytes() for name, path in files.items()}
        key = cache.key_for(contents, False)
        mark("read and hash the YAML for the key (not remembered)")
    else:
        mark("the key from remembered hashes (stat each file)")
    import mmap

    with open(cache._entry(key), "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    mark("map the entry")
    store = cache.decode(mapped)
    mark("check the entry (CRC-32 of the body)")
    dataset = Dataset.from_store(store, origin=str(data))
    mark("open the entry (header, warnings)")
    names = args.bodies or _two_bodies(dataset)
    asked = [dataset.resolve_record(name) for name in names]
    mark("resolve the names (ids, names index)")
    table = overlap_table(dataset, asked, layout="long")
    mark(f"answer: overlap ({len(table)} rows)")
    from orgmap.cli.printing import format_table

    text = format_table(table.drop(["person_id", "asked_id", "body_id", "edge_id"]))
    io.StringIO().write(text)
    mark("print the table")
    total = sum(seconds for _, seconds in phases)
    print(f"{'phase':52} {'ms':>8} {'share':>6}")
    for name, seconds in phases:
        print(f"{name:52} {seconds * 1000:8.1f} {seconds / total:6.0%}")
    print(f"{'total (after Python started)':52} {total * 1000:8.1f}")
    heavy = [m for m in ("pydantic", "pandas", "numpy", "networkx") if m in sys.modules]
    print(f"imported: {', '.join(heavy) or 'none of pydantic, pandas, numpy, networkx'}")


def _two_bodies(dataset: object) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from steps import two_bodies_of_one_person

    return two_bodies_of_one_person(dataset)


if __name__ == "__main__":
    main()
