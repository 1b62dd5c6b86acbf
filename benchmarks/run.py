"""Benchmark orgmap on synthetic data: one table per size, medians of fresh processes.

    python benchmarks/run.py                       # 10,000 people, 3 runs each
    python benchmarks/run.py --sizes 1000 --repeat 1   # a quick look

For each size the data is generated (benchmarks/generate.py, fixed seed), and
every step runs `--repeat` times, each time in a new process (benchmarks/steps.py),
so no run profits from another's memory or memoised answers. Each step is shown
with the median of its runs and, where it has one, the ratio to a reference
measured in the same invocation: the cold load against PyYAML's libyaml loader
and rapidyaml's bare parse on the same files, the warm load against the cold
one, start-up against `python -c pass`. The cache lives in a temporary
directory (ORGMAP_CACHE_DIR), never in the user's own. Not part of the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
STEPS = HERE / "steps.py"
ORGMAP = Path(sys.executable).with_name("orgmap")


@dataclass
class Row:
    """One line of a table."""

    step: str
    seconds: float | None = None
    reference: str = ""
    reference_seconds: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    def ratio(self) -> str:
        if not self.seconds or not self.reference_seconds:
            return ""
        ratio = self.seconds / self.reference_seconds
        if ratio < 1:
            return f"{1 / ratio:.1f}x faster"
        return f"{ratio:.1f}x slower"


class Runner:
    """Runs steps in fresh processes against one data directory and one cache directory."""

    def __init__(self, data: Path, cache: Path, work: Path, repeat: int, extra: bool = False):
        self.data, self.cache, self.work, self.repeat = data, cache, work, repeat
        #: Also the steps no target is set on this round (all interlocks, a 1,000-node page).
        self.extra = extra
        self.env = {**os.environ, "ORGMAP_CACHE_DIR": str(cache)}
        self.env.pop("ORGMAP_NO_CACHE", None)

    def step(self, name: str, repeat: int | None = None) -> list[dict]:
        results = []
        for _ in range(repeat or self.repeat):
            done = subprocess.run([sys.executable, str(STEPS), name, str(self.data),
                                   str(self.work)], env=self.env, capture_output=True,
                                  text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"step {name} failed:\n{done.stderr[-3000:]}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        return results

    def warm(self, attempts: int = 3) -> dict:
        """One warm run that did hit the cache (refilling it if orgmap changed meanwhile)."""
        for _ in range(attempts):
            [result] = self.step("warm", repeat=1)
            if result["hit"]:
                return result
            self.step("fill", repeat=1)
        raise RuntimeError("the cache kept missing: is orgmap being edited during the run?")

    def process(self, command: list[str]) -> float:
        """Median wall time of a whole command, start-up included."""
        return self.command(command)[0]

    def command(self, command: list[str]) -> tuple[float, float]:
        """(median wall time, largest peak memory in MB) of a whole command, run afresh.

        The command is started by a small launcher process, which times it and reads
        its peak memory: Linux counts into a child's `ru_maxrss` the resident size of
        the process it was forked from, and this runner holds the generated data
        (some 280 MB), which a command started from here would report as its own.
        """
        times, peaks = [], []
        for _ in range(self.repeat):
            done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], env=self.env,
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
            seconds, peak_kb = done.stdout.split()
            times.append(float(seconds))
            peaks.append(int(peak_kb) / 1024)
        return statistics.median(times), max(peaks)


#: Runs a command, then prints its wall time and peak memory (KB); exits with its code.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def median(results: list[dict], part: str | None = None) -> float:
    values = [r["parts"][part] if part else r["seconds"] for r in results]
    return statistics.median(values)


def measure(runner: Runner, skip_references: bool) -> list[Row]:
    rows: list[Row] = []
    references = {}
    if not skip_references:
        references["pyyaml"] = median(runner.step("pyyaml"))
        references["ryml"] = median(runner.step("ryml"))
    cold = runner.step("cold")
    cold_total = median(cold)
    peak = max(r["load_maxrss_mb"] for r in cold)
    rows.append(Row("cold load: parse + validate + graph", cold_total,
                    "PyYAML CSafeLoader alone", references.get("pyyaml"), "≥ 4x faster",
                    _met(references.get("pyyaml"), lambda ref: cold_total * 4 <= ref)))
    rows.append(Row("cold load (same)", cold_total, "rapidyaml parse_in_arena",
                    references.get("ryml"), "the floor", None))
    rows.append(Row("  of which parse + validate", median(cold, "load")))
    rows.append(Row("  of which graph", median(cold, "graph")))
    fill = []
    for _ in range(runner.repeat):  # each a first load: the cache emptied before it
        shutil.rmtree(runner.cache, ignore_errors=True)
        fill += runner.step("fill", repeat=1)
    warm = [runner.warm() for _ in range(runner.repeat)]
    warm_load = median(warm, "load")
    cold_load = median(cold, "load")
    rows.append(Row("warm load (cache hit): `orgmap.load`, what every command pays",
                    warm_load, "cold `orgmap.load`: parse + validate", cold_load,
                    "≤ 0.10 of cold", warm_load <= cold_load / 10))
    warm_total = warm_load + median(warm, "graph")
    rows.append(Row("warm load + graph (notebook use of `.graph`)", warm_total,
                    "cold load + graph", cold_total, "≤ 0.10 of cold",
                    warm_total <= cold_total / 10))
    rows.append(Row("first load with the cache on: parse + validate + store", median(fill),
                    "parse + validate", median(cold, "load")))
    rows.extend(warm_commands(runner))
    queries = runner.step("queries")
    rows.append(Row("shared query indexes, built on first use", median(queries, "indexes")))
    for name in ("overlap, typical", "overlap, largest", "timeline, a person",
                 "timeline, largest body", "path"):
        seconds = median(queries, name)
        rows.append(Row(f"{name} (query)", seconds, target="< 10 ms", met=seconds < 0.010,
                        note=queries[0]["info"][name]))
    if runner.extra:
        interlocks = runner.step("interlocks")
        seconds = median(interlocks)
        rows.append(Row("all interlocks", seconds, target="< 5 s", met=seconds < 5,
                        note=interlocks[0]["info"]))
    rows.extend(exports(runner))
    if runner.extra:
        html = runner.step("html")
        rows.append(Row("HTML page, 1,000-node focus", median(html), note=html[0]["info"]))
    rows.extend(pages(runner))
    rows.extend(startup(runner))
    rows.append(Row(f"peak memory of cold load (`orgmap.load`): {peak:,.0f} MB",
                    target="≤ 600 MB", met=peak <= 600, note=_ratio(peak, 600)))
    filled = max(r["maxrss_mb"] for r in fill)
    rows.append(Row(f"peak memory of a first load writing the cache (`orgmap.load`, cache on): "
                    f"{filled:,.0f} MB", target="≤ 600 MB", met=filled <= 600,
                    note=_ratio(filled, 600)))
    return rows


def warm_commands(runner: Runner) -> list[Row]:
    """Questions asked on the command line with the cache warm, start-up included."""
    [chosen] = runner.step("choose", repeat=1)
    asked = chosen["info"]
    data = ["--data", str(runner.data)]
    commands = (["overlap", *asked["bodies"]], ["show", asked["person"]],
                ["path", *asked["path"]], ["timeline", asked["person"]])
    rows, peaks = [], []
    for arguments in commands:
        seconds, peak = runner.command([str(ORGMAP), *arguments, *data])
        peaks.append(peak)
        rows.append(Row(f"`orgmap {' '.join(arguments)}`, warm cache, whole command", seconds,
                        target="≤ 0.3 s", met=seconds <= 0.3,
                        note=f"{_ratio(seconds, 0.3)}; peak memory {peak:,.0f} MB"))
    peak = max(peaks)
    rows.append(Row(f"peak memory of a warm question: {peak:,.0f} MB", target="≤ 250 MB",
                    met=peak <= 250, note=_ratio(peak, 250)))
    return rows


def exports(runner: Runner) -> list[Row]:
    """Each export's time against the same work done by a plain well-known tool."""
    written = runner.step("exports")
    references = runner.step("references")
    labels = {"graphml": ("GraphML", "networkx write_graphml"),
              "gexf": ("GEXF", "networkx write_gexf"),
              "csv": ("CSV (nodes + edges)", "pandas to_csv, same columns"),
              "json": ("JSON (node-link)", "json.dump of the same node-link data"),
              "sqlite": ("SQLite", "plain executemany, same tables and indexes")}
    rows = [Row("exports: building every model from the warm cache (once per process: "
                "`build` pays it once for all formats, `export` once for its one)",
                median(written, "models"))]
    for fmt in written[0]["parts"]:
        if fmt == "models":
            continue
        label, reference = labels.get(fmt, (fmt, ""))
        seconds = median(written, fmt)
        base = median(references, fmt) if reference else None
        rows.append(Row(f"{label} export", seconds, reference, base,
                        "≤ 2x the reference" if base else "",
                        None if base is None else seconds <= 2 * base))
    return rows


def pages(runner: Runner) -> list[Row]:
    """The whole dataset's page and a 2,000-entity selection's, written and opened."""
    result = runner.step("page")
    info = result[0]["info"]
    rows = []
    for name, label, limit in (("whole", "whole dataset", 10.0),
                               ("selection", "2,000-entity selection", 3.0)):
        rows.append(Row(f"HTML page, {label}: write", median(result, f"{name} write"),
                        note=info[name]))
        opened = median(result, f"{name} open")
        rows.append(Row(f"HTML page, {label}: open in Chromium until drawn and usable",
                        opened, target=f"≤ {limit:g} s", met=opened <= limit,
                        note=_ratio(opened, limit)))
    return rows


def _ratio(value: float, target: float) -> str:
    return f"{value / target:.2f} of the target"


def startup(runner: Runner) -> list[Row]:
    tiny = runner.work / "tiny"
    tiny.mkdir(exist_ok=True)
    for name, text in zip(("entities.yaml", "edges.yaml"), generate.generate(20, 1),
                          strict=True):
        generate.write_atomic(tiny / name, text)
    bare = runner.process([sys.executable, "-c", "pass"])
    helped = runner.process([str(ORGMAP), "--help"])
    small = runner.process([str(ORGMAP), "validate", "--data", str(tiny)])
    validated = runner.process([str(ORGMAP), "validate", "--data", str(runner.data)])
    return [
        Row("`orgmap --help`", helped, "`python -c pass`", bare, "< 0.15 s", helped < 0.15,
            note=f"imports pydantic/pandas/networkx: {heavy_imports_of_help()}"),
        Row("`orgmap validate`, 20 people (start-up)", small, "`python -c pass`", bare),
        Row("`orgmap validate`, this data (warm cache)", validated, "`python -c pass`", bare),
    ]


def heavy_imports_of_help() -> str:
    """Which heavy libraries `orgmap --help` imports; it should be none."""
    probe = ("import sys\nfrom orgmap.cli import app\n"
             "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(','.join(m for m in ('pydantic', 'pandas', 'networkx', 'pyvis') "
             "if m in sys.modules) or 'none')")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip().splitlines()[-1]


def _met(reference: float | None, test) -> bool | None:
    return None if reference is None else test(reference)


def table(rows: list[Row]) -> str:
    lines = ["| step | median | reference | reference median | ratio | target | met | notes |",
             "| --- | ---: | --- | ---: | ---: | --- | --- | --- |"]
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.step} | {_seconds(row.seconds)} | {row.reference} | "
                     f"{_seconds(row.reference_seconds)} | {row.ratio()} | {row.target} | "
                     f"{met} | {row.note} |")
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def machine() -> str:
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.1f} GB memory"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}){memory}; Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


MARKERS = ("<!-- bench: generated by benchmarks/run.py --results -->",
           "<!-- bench: end -->")


def write_results(path: Path, text: str) -> None:
    """Put `text` between the file's markers, keeping what is written around them."""
    start, end = MARKERS
    old = path.read_text(encoding="utf-8") if path.exists() else f"{start}\n{end}\n"
    if start not in old or end not in old:
        old = f"{old.rstrip()}\n\n{start}\n{end}\n"
    head, rest = old.split(start, 1)
    tail = rest.split(end, 1)[1]
    generate.write_atomic(path, f"{head}{start}\n\n{text}\n\n{end}{tail}")


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def compile_orgmap() -> None:
    """Compile orgmap's bytecode, as pip does when it installs a package.

    A checkout run in place writes it on first import, unless PYTHONDONTWRITEBYTECODE
    is set; then every process would compile each module it imports again (some
    35 ms of a warm command), which no installed orgmap does.
    """
    import compileall

    import orgmap

    compileall.compile_dir(Path(orgmap.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000",
                        help="comma-separated numbers of people (default 10000, the size "
                        "the targets are set at; 1000,10000 for both)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="data seed (default 1)")
    parser.add_argument("--skip-references", action="store_true",
                        help="do not time PyYAML and rapidyaml (PyYAML takes ~40 s at 10,000)")
    parser.add_argument("--keep", type=Path, help="generate the data into this directory "
                        "and keep it (default: a temporary directory)")
    parser.add_argument("--extra", action="store_true",
                        help="also time all interlocks and a 1,000-node page")
    parser.add_argument("--results", type=Path, help="also write the tables into this "
                        "Markdown file, between its `<!-- bench -->` markers "
                        "(make bench: benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    compile_orgmap()
    root = args.keep or Path(tempfile.mkdtemp(prefix="orgmap-bench-"))
    printed: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        printed.append(text)

    say(f"Measured on {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}: {machine()}.\n")
    say(f"Load average at start: {load_average()}.\n")
    say(f"Command: `python benchmarks/run.py {' '.join(argv or sys.argv[1:])}`; each figure "
        f"is the median of {args.repeat} fresh processes, with orgmap's bytecode compiled "
        "first as installing it does.\n")
    try:
        for people in (int(n) for n in args.sizes.split(",")):
            data = root / f"people-{people}-seed-{args.seed}"
            data.mkdir(parents=True, exist_ok=True)
            entities, edges = generate.generate(people, args.seed)
            generate.write_atomic(data / "entities.yaml", entities)
            generate.write_atomic(data / "edges.yaml", edges)
            size = (len(entities.encode()) + len(edges.encode())) / 1e6
            say(f"### {people:,} people: {entities.count(chr(10) + '- id:'):,} entities, "
                f"{edges.count(chr(10) + '- from:'):,} edges, {size:.1f} MB of YAML\n")
            work = root / f"work-{people}"
            work.mkdir(exist_ok=True)
            runner = Runner(data, root / f"cache-{people}", work, args.repeat, args.extra)
            say(table(measure(runner, args.skip_references)) + "\n")
        say(f"Load average at end: {load_average()}.")
        if args.results:
            write_results(args.results, "\n".join(printed))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
