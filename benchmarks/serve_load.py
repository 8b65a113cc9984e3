"""Many screens polling one published folder: `signage serve` against nginx.

* The example content folder is published (`signage publish`) into a temporary folder.
* Each server runs in its own processes on 127.0.0.1: `signage serve` (Python, one
  thread per connection) and, when installed, nginx with the configuration given in
  docs/publishing.md (ETag, Last-Modified, Cache-Control; dot-folders denied).
* N simulated screens, spread over client processes, each keep one connection open and
  poll `feed.json` as screens do: a first GET (200, the whole feed), then conditional
  GETs with If-None-Match (304), back to back, for a bounded time and count.
* For each server: requests per second, latency percentiles, status counts.

Screens really poll every few minutes, so N back-to-back pollers stand for far more
screens: at R requests per second, one poll per minute per screen is 60 × R screens.
Clients and server share the machine's cores; the figures are a floor.

Run: .venv/bin/python benchmarks/serve_load.py [--screens N] [--seconds S]
     [--servers serve,nginx] [--processes P]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NGINX_CONF = """
daemon off;
worker_processes {workers};
pid {state}/nginx.pid;
error_log {state}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {state}/body;
    proxy_temp_path {state}/proxy;
    fastcgi_temp_path {state}/fastcgi;
    uwsgi_temp_path {state}/uwsgi;
    scgi_temp_path {state}/scgi;
    types {{ application/json json; image/png png; image/jpeg jpg; text/plain sig; }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location = /feed.json {{ add_header Cache-Control "no-cache"; }}
        location = /feed.json.sig {{ add_header Cache-Control "no-cache"; }}
        location /images/ {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
        location ~ /\\. {{ return 404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError("server did not start")


@contextlib.contextmanager
def running(command: list[str], port: int) -> Iterator[tuple[int, int]]:
    """A server process listening on ``port``; yields (port, pid), stops it after."""
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        try:
            wait_for(port, process)
            yield port, process.pid
        finally:
            process.terminate()
            process.wait(10)


def signage_serve(folder: Path) -> contextlib.AbstractContextManager[tuple[int, int]]:
    port = free_port()
    command = [sys.executable, "-m", "signage", "serve", str(folder), "--host", "127.0.0.1"]
    command += ["--per-client", "512"]  # every simulated screen comes from 127.0.0.1
    return running([*command, "--port", str(port)], port)


def nginx(
    folder: Path, binary: str, state: Path, workers: int
) -> contextlib.AbstractContextManager[tuple[int, int]]:
    port = free_port()
    state.mkdir(parents=True, exist_ok=True)
    conf = state / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=workers, state=state, port=port, root=folder))
    return running(
        [binary, "-e", str(state / "error.log"), "-p", str(state), "-c", str(conf)], port
    )


def server_cpu_seconds(pid: int) -> float:
    """CPU time of a server process and its direct children (nginx workers), Linux /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(stat.parent.name) == pid or int(fields[1]) == pid:
                total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def one_screen(port: int, until: float, limit: int, out: list[tuple[float, int]]) -> None:
    """One screen: a connection kept open, a first GET, then conditional GETs."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    etag: str | None = None
    for _ in range(limit):
        if time.perf_counter() >= until:
            break
        headers = {"If-None-Match": etag} if etag else {}
        started = time.perf_counter()
        try:
            connection.request("GET", "/feed.json", headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            out.append((time.perf_counter() - started, 0))
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        out.append((time.perf_counter() - started, response.status))
        etag = response.getheader("ETag") or etag
    connection.close()


def client_process(port: int, screens: int, seconds: float, limit: int) -> list[tuple[float, int]]:
    until = time.perf_counter() + seconds
    results: list[list[tuple[float, int]]] = [[] for _ in range(screens)]
    threads = [
        threading.Thread(target=one_screen, args=(port, until, limit, results[n]))
        for n in range(screens)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [sample for screen in results for sample in screen]


def load(port: int, screens: int, seconds: float, limit: int, processes: int) -> dict[str, float]:
    shares = [
        screens // processes + (1 if n < screens % processes else 0) for n in range(processes)
    ]
    started = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        futures = [
            pool.submit(client_process, port, share, seconds, limit) for share in shares if share
        ]
        samples = [s for future in futures for s in future.result()]
    wall = time.perf_counter() - started
    # Percentiles of the conditional polls (what screens do all day); the first request
    # of each connection (200 screens connecting at the same instant) is reported apart.
    latencies = sorted(s[0] * 1000 for s in samples if s[1] == 304) or [0.0]
    firsts = [s[0] * 1000 for s in samples if s[1] == 200]
    statuses = [s[1] for s in samples]
    cut = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(samples),
        "per_second": len(samples) / wall,
        "ok_200": statuses.count(200),
        "not_modified_304": statuses.count(304),
        "errors": sum(1 for s in statuses if s not in (200, 304)),
        "p50": cut[49],
        "p95": cut[94],
        "p99": cut[98],
        "max": latencies[-1],
        "first_max": max(firsts, default=0.0),
    }


def publish_example(out: Path) -> None:
    from signage.cli import main  # noqa: PLC0415
    from signage.resources import assets_dir  # noqa: PLC0415

    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        code = main(["publish", str(assets_dir() / "example-content" / "admins"), str(out)])
    if code != 0:
        raise SystemExit(f"publishing the example failed ({code}):\n{said.getvalue()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--screens", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per screen")
    parser.add_argument("--servers", default="serve,nginx")
    parser.add_argument("--processes", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        Path(temp).chmod(0o755)  # nginx workers run as another user: they must read it
        out = Path(temp) / "published"
        publish_example(out)
        size = (out / "feed.json").stat().st_size
        print(
            f"published folder: feed.json {size:,} bytes; {args.screens} screens polling for "
            f"{args.seconds:g} s from {args.processes} client process(es), "
            f"{os.cpu_count()} CPU(s)"
        )
        print(
            f"{'server':<16}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
            f"{'1st max':>9}{'200':>7}{'304':>9}{'errors':>8}{'CPU ms/req':>11}"
        )
        for name in args.servers.split(","):
            if name == "serve":
                server = signage_serve(out)
            elif name == "nginx":
                if not Path(args.nginx).is_file():
                    print(f"{'nginx':<16}not installed (apt-get install nginx-light), not measured")
                    continue
                server = nginx(out, args.nginx, Path(temp) / "nginx", args.processes)
            else:
                raise SystemExit(f"unknown server {name!r}")
            with server as (port, pid):
                cpu = server_cpu_seconds(pid)
                r = load(port, args.screens, args.seconds, args.max_requests, args.processes)
                cpu = server_cpu_seconds(pid) - cpu
            label = "signage serve" if name == "serve" else "nginx"
            print(
                f"{label:<16}{r['per_second']:>9.0f}{r['p50']:>9.2f}{r['p95']:>9.2f}"
                f"{r['p99']:>9.2f}{r['max']:>9.1f}{r['first_max']:>9.0f}{r['ok_200']:>7}{r['not_modified_304']:>9}"
                f"{r['errors']:>8}{1000 * cpu / max(r['requests'], 1):>11.3f}"
            )
        print("conditional polls per second (304 after the first 200), keep-alive connections;")
        print("latencies of the 304 polls; 1st max: slowest first request (all screens connect")
        print("at once); CPU ms/req: the server's own CPU time (all its processes) per request")


if __name__ == "__main__":
    main()
