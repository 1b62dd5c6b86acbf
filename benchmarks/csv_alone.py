"""The CSV pair alone against pandas' `to_csv` of the same columns, in fresh processes.

    python benchmarks/csv_alone.py DATA_DIR [--repeat 3]

`make bench` times the CSV export inside its `exports` step (after the other
formats) and the reference inside `references`; this runs just those two
parts, exactly as the steps time them (`steps.py`): orgmap's `nodes.csv` and
`edges.csv` written from a warm load whose models are built, against
`DataFrame.to_csv` of the same two tables given ready. Each run is a new
process and the two sides alternate, so a busy machine slows both alike; each
run's wall and CPU time (`time.process_time`) is printed, then the medians and
their ratios. The cache lives in ORGMAP_CACHE_DIR as for any command.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import steps


def side(name: str, data: Path, work: Path) -> dict[str, float]:
    """One side's run in this process: its wall and CPU seconds."""
    import orgmap
    from orgmap.export.formats import write_format

    dataset = orgmap.load(data)
    list(dataset.entities.values()), list(dataset.edges)  # built, as in the exports step
    if name == "orgmap":
        def work_done() -> object:
            return write_format(dataset, "csv", work / "orgmap")
    else:
        frames = steps.csv_frames(dataset)

        def work_done() -> object:
            return [f.to_csv(work / f"plain-{i}.csv", index=False, lineterminator="\n")
                    for i, f in enumerate(frames)]
    cpu = time.process_time()
    seconds, _ = steps.timed(work_done)
    return {"wall": seconds, "cpu": time.process_time() - cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (default 3)")
    parser.add_argument("--side", choices=("orgmap", "pandas"), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        print(json.dumps(side(args.side, args.data, args.work)))
        return
    runs: dict[str, list[dict[str, float]]] = {"orgmap": [], "pandas": []}
    with tempfile.TemporaryDirectory(prefix="orgmap-csv-") as work:
        for _ in range(args.repeat):
            for name, done in runs.items():
                output = subprocess.run(
                    [sys.executable, __file__, str(args.data), "--side", name,
                     "--work", work], capture_output=True, text=True, check=True).stdout
                done.append(json.loads(output))
                print(f"{name:7s} wall {done[-1]['wall']:.2f} s  cpu {done[-1]['cpu']:.2f} s",
                      flush=True)
    medians = {name: {k: statistics.median(r[k] for r in done) for k in ("wall", "cpu")}
               for name, done in runs.items()}
    for kind in ("wall", "cpu"):
        ours, reference = medians["orgmap"][kind], medians["pandas"][kind]
        print(f"median {kind}: orgmap {ours:.2f} s, pandas {reference:.2f} s, "
              f"{ours / reference:.2f}x")


if __name__ == "__main__":
    main()
