"""Many screens sending heartbeats to one console, while the fleet page is loaded.

The console runs as ``signage console`` does in production (gunicorn) on 127.0.0.1,
on SQLite in a fresh state folder, or on PostgreSQL with ``--database-url``. N screens
are registered; client processes (real HTTP clients) send heartbeats as the player does
(multipart status JSON + a 480-pixel PNG screenshot) as fast as the console answers,
for a bounded time. Prints heartbeats/s sustained, latency p50/p99, the server's CPU per
heartbeat, storage per screen per day at one heartbeat a minute, and the fleet page's
time with N screens.

    python benchmarks/console_load.py --screens 5000 --seconds 20
    python benchmarks/console_load.py --database-url postgres://signage:signage@127.0.0.1/signage
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def console_command(port: int, workers: int) -> list[str]:
    """``signage console`` on 127.0.0.1:``port`` with ``workers`` server processes."""
    command = [sys.executable, "-m", "signage", "console", "--port", str(port)]
    return [*command, "--workers", str(workers)]


def screenshot() -> bytes:
    from PIL import Image  # noqa: PLC0415

    image = Image.new("RGB", (480, 270), "#f5f3ee")
    pixels = image.load()
    rng = random.Random(1)
    for _ in range(3000):  # some text-like detail, so the PNG is not trivially small
        pixels[rng.randrange(480), rng.randrange(270)] = (30, 30, 30)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def setup(env: dict[str, str], screens: int) -> list[str]:
    """Migrate, create the admin and ``screens`` screens; their tokens."""
    code = f"""
import django, json, os
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from signage.console.models import Membership, Role, Screen, hash_token
User = get_user_model()
if not User.objects.filter(username="bench").exists():
    u = User.objects.create_superuser("bench", "", "bench-password-123")
    Membership.objects.create(user=u, role=Role.ADMIN)
Screen.objects.all().delete()
from django.db import connection
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("truncate console_heartbeat")
tokens = [f"bench-token-{{i:06d}}-" + "x" * 20 for i in range({screens})]
sites = ["maurepas", "villejean", "blosne", "cleunay", "bourg-leveque"]
Screen.objects.bulk_create(
    [Screen(name=f"Écran {{i}}", site=sites[i % 5], token_hash=hash_token(t))
     for i, t in enumerate(tokens)], batch_size=1000)
print(json.dumps(tokens))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def client(url: str, tokens: list[str], seconds: float, threads: int, queue: object) -> None:
    png = screenshot()
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def work(offset: int) -> None:
        session = requests.Session()
        index = offset
        while time.monotonic() < stop:
            token = tokens[index % len(tokens)]
            index += threads
            status = {
                "display": "awake",
                "heartbeat_minutes": 1,
                "content": {"sequence": 1, "age_seconds": 30},
                "current_slide": {"key": "agenda", "description": "agenda 1/2 — X"},
                "sync": {"last_error": None, "refresh_minutes": 5},
            }
            began = time.perf_counter()
            try:
                answer = session.post(
                    url,
                    files={
                        "status": ("status.json", json.dumps(status).encode()),
                        "screenshot": ("screen.png", png, "image/png"),
                    },
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=30,
                )
                ok = answer.status_code == 201
            except requests.RequestException:
                ok = False
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - began)
                else:
                    errors[0] += 1

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put((latencies, errors[0]))  # type: ignore[attr-defined]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its children, from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def database_bytes(state: Path, url: str | None) -> int:
    if url:
        import psycopg  # noqa: PLC0415

        # The database is reused between runs (and vacuumed meanwhile): count what the
        # heartbeats table and its indexes hold, not the whole database.
        with psycopg.connect(url) as connection:
            row = connection.execute(
                "select pg_total_relation_size('console_heartbeat')"
            ).fetchone()
            return int(row[0]) if row else 0
    total = 0
    for path in state.glob("console.sqlite3*"):
        with contextlib.suppress(FileNotFoundError):  # the WAL file comes and goes
            total += path.stat().st_size
    return total


def signed_in(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/connexion/", timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf is not None
    session.post(
        f"{base}/connexion/",
        {
            "username": "bench",
            "password": "bench-password-123",
            "csrfmiddlewaretoken": csrf.group(1),
        },
        headers={"Referer": f"{base}/connexion/"},
        timeout=30,
    )
    return session


def fleet_page(base: str) -> float:
    session = signed_in(base)
    times = []
    for _ in range(3):
        began = time.perf_counter()
        answer = session.get(f"{base}/", timeout=120)
        times.append(time.perf_counter() - began)
        assert answer.status_code == 200
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screens", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per client process")
    parser.add_argument("--workers", type=int, default=2, help="console server processes")
    parser.add_argument("--database-url", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()

    state = Path(tempfile.mkdtemp(prefix="signage-console-bench-"))
    env = {
        **os.environ,
        "SIGNAGE_CONSOLE_STATE": str(state),
        "DJANGO_SETTINGS_MODULE": "signage.console.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    tokens = setup(env, args.screens)
    port = free_port()
    server = subprocess.Popen(
        console_command(port, args.workers),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert server.stdout is not None
        server.stdout.readline()
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/connexion/", timeout=5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        before_cpu = cpu_seconds(server.pid)
        before_bytes = database_bytes(state, args.database_url)
        queue: multiprocessing.Queue[tuple[list[float], int]] = multiprocessing.Queue()
        share = [tokens[i :: args.clients] for i in range(args.clients)]
        clients = [
            multiprocessing.Process(
                target=client,
                args=(f"{base}/api/v1/heartbeat", part, args.seconds, args.threads, queue),
            )
            for part in share
        ]
        browsing = signed_in(base)
        under_load: list[float] = []

        def look() -> None:  # someone keeps the fleet page open meanwhile
            while any(p.is_alive() for p in clients) or not under_load:
                start = time.perf_counter()
                browsing.get(f"{base}/", timeout=120)
                under_load.append(time.perf_counter() - start)

        began = time.monotonic()
        for process in clients:
            process.start()
        looker = threading.Thread(target=look)
        looker.start()
        results = [queue.get(timeout=args.seconds + 120) for _ in clients]
        for process in clients:
            process.join()
        elapsed = time.monotonic() - began
        looker.join()
        used_cpu = cpu_seconds(server.pid) - before_cpu
        grown = database_bytes(state, args.database_url) - before_bytes
        latencies = sorted(x for lats, _ in results for x in lats)
        errors = sum(e for _, e in results)
        count = len(latencies)
        page = fleet_page(base)
    finally:
        server.terminate()
        server.communicate(timeout=30)
    engine = "PostgreSQL" if args.database_url else "SQLite (WAL)"
    rate = count / elapsed
    print(
        f"console: gunicorn, {args.workers} worker(s) x 4 threads, {engine}; "
        f"{args.screens:,} screens; {args.clients} client process(es) x {args.threads} threads; "
        f"{os.cpu_count()} CPU(s)"
    )
    print(
        f"heartbeats (480-px PNG): {count:,} in {elapsed:.1f} s = {rate:.0f}/s sustained "
        f"(5,000 screens at one a minute need {5000 / 60:.0f}/s); errors {errors}"
    )
    if latencies:
        p50 = latencies[len(latencies) // 2] * 1000
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        print(f"latency p50 {p50:.0f} ms, p99 {p99:.0f} ms")
        print(f"server CPU per heartbeat: {used_cpu / count * 1000:.2f} ms")
        per_beat = grown / count
        picture = len(screenshot())
        # A day at one heartbeat a minute: 1,440 rows; the latest picture replaced each
        # time, one kept for the gallery every 15 minutes (96).
        day = per_beat * 1440 + picture * 97
        print(
            f"database per heartbeat: {per_beat / 1024:.2f} KiB; screenshot {picture / 1024:.1f}"
            f" KiB; per screen per day at one a minute: {day / 1024 / 1024:.1f} MiB (pruned"
            " after the retention, 30 days by default)"
        )
    print(
        f"fleet page with {args.screens:,} screens: {page * 1000:.0f} ms (median of 3); "
        f"during the heartbeats: {statistics.median(under_load) * 1000:.0f} ms "
        f"(median of {len(under_load)})"
    )


if __name__ == "__main__":
    main()
