"""How many screens one console serves: the realistic mix, behind nginx, on this machine.

``signage console`` (gunicorn, ``--workers`` processes × 4 threads) behind nginx as
docs/console.md configures it (change files and ``/flux/`` served by nginx, the rest
proxied with kept-alive connections), on SQLite or on PostgreSQL (``--database-url``: a
database ``signage_capacity`` is made on that server for the run, then dropped),
one instance or several (``--instances``, on one PostgreSQL). Simulated screens are
real HTTP clients (asyncio, one kept-alive connection each, as ``requests`` keeps one),
doing what a paired player does: every 10 s its change file and ``/flux/version.json``
with ``If-None-Match``, ``feed.json`` every 5 minutes, a heartbeat a minute (status
JSON with 6 proof-of-display rows and a 10 KiB PNG), each at its own phase. Halfway,
an admin asks 200 screens for a capture and publishes new content: how long until each
screen sees it. Meanwhile someone reloads the fleet page every 2 s.

Prints, per number of screens: requests per second, p50/p99/max latency and errors per
request kind; the server's CPU per request kind (measured alone, after the load); the
fleet page alone and under load; the minute's alert check; how soon the changes reached
the screens.

    python benchmarks/capacity.py --screens 1000,2000,5000
    python benchmarks/capacity.py --screens 5000 --database-url postgres://signage:signage@127.0.0.1/signage
    python benchmarks/capacity.py --screens 5000 --instances 2 --database-url postgres://…

Instances side by side: ``--saturate S`` then sends heartbeats as fast as they are
answered for S seconds; ``--quota P`` gives each instance P % of one CPU (a cgroup each,
as root), as a machine of its own would give it a budget, the rest of this one left to
nginx, PostgreSQL and the clients: one instance's heartbeats per second against two's.

    python benchmarks/capacity.py --screens 1000 --seconds 10 --saturate 30 --quota 40 \
        --instances 2 --database-url postgres://…

One real player (``signage run``, offscreen, paired with the console by its identity
file as pairing leaves it) runs beside the simulated screens: halfway, an admin also
sends it an urgent message from the fleet page's form and asks it for a capture; the
benchmark prints when the message was on its screen and when the capture was done.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from console_load import console_command, cpu_seconds, free_port, signed_in

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
KINDS = ("changes", "version", "feed", "heartbeat")
WATCH = 10.0  # seconds between a screen's polls
HEARTBEAT = 60.0
FEED = 300.0

SETUP = """
import django, json, os, sys, time
django.setup()
from datetime import timedelta
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from django.utils import timezone
from signage.console.models import Membership, Role, Screen, Heartbeat, Alert, hash_token
from signage.console.content.folder import import_folder
from signage.console.content.publishing import publish, record
from signage.console.fleet.alerts import check_alerts
from signage.console.fleet.state import seen_fields
from signage.console.screens.changes import write_missing
from signage.resources import assets_dir
count = int(sys.argv[1])
User = get_user_model()
if not User.objects.filter(username="bench").exists():
    u = User.objects.create_superuser("bench", "", "bench-password-123")
    Membership.objects.create(user=u, role=Role.ADMIN)
Alert.objects.all().delete(); Heartbeat.objects.all().delete(); Screen.objects.all().delete()
import_folder(assets_dir() / "example-content" / "admins")
record(publish())
sites = ["maurepas", "villejean", "blosne", "cleunay", "bourg-leveque"]
tokens = [f"bench-token-{i:06d}-" + "x" * 20 for i in range(count)]
Screen.objects.bulk_create(
    [Screen(name=f"Écran {i}", site=sites[i % 5], token_hash=hash_token(t))
     for i, t in enumerate(tokens)], batch_size=1000)
now = timezone.now()
from signage.console.content.models import Publication
# Up to date: they show the latest publication (a database kept from an earlier run
# holds older ones).
latest = Publication.objects.order_by("-sequence").first().sequence
status = {"display": "awake", "heartbeat_minutes": 1, "content": {"sequence": latest},
          "sync": {"watch_seconds": 10}}
Screen.objects.update(**seen_fields(now, status))
# One in a hundred silent for an hour: the alert check has work to do.
silent = list(Screen.objects.values_list("pk", flat=True)[::100])
Screen.objects.filter(pk__in=silent).update(**seen_fields(now - timedelta(hours=1), status))
real, real_token = Screen.register("Écran réel", "maurepas")
Screen.objects.filter(pk=real.pk).update(**seen_fields(now, status))
from signage.console.content.publishing import public_key
write_missing()
times = []
for _ in range(3):
    began = time.perf_counter()
    check_alerts(timezone.now())
    times.append(time.perf_counter() - began)
print(json.dumps({"tokens": tokens, "alerts": sorted(times)[1], "real": [real.pk, real_token],
                  "key": public_key()}))
"""

TRIGGER = """
import django, json, random, sys, time
django.setup()
from signage.console.models import Screen, ScreenCommand
from signage.console.content.publishing import publish, record
from signage.console.content.models import ContentRecord
# Among the screens simulated now (the first ones made).
pks = list(Screen.objects.order_by("pk").values_list("pk", flat=True)[: int(sys.argv[1])])
chosen = random.Random(3).sample(pks, min(200, len(pks)))
for pk in [*chosen, int(sys.argv[2])]:  # and the real player
    ScreenCommand.objects.create(screen_id=pk, action="screenshot")
asked = time.time()
# New content: an announcement's text changed, published as an admin would.
found = ContentRecord.objects.filter(kind="annonce").first()
if found is not None:
    found.values = {**found.values, "body": f"Mis à jour à {time.time():.0f}"}
    found.save()
record(publish())
print(json.dumps({"asked": asked, "published": time.time(), "chosen": chosen}))
"""


def status_body(boundary: str, png: bytes, now: float) -> bytes:
    since = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now - 60))
    status = {
        "display": "awake",
        "heartbeat_minutes": 1,
        "content": {"age_seconds": 30},
        "current_slide": {"key": "0:agenda", "description": "agenda 1/2 — ESC Maurepas"},
        "sync": {"last_error": None, "watch_seconds": 10, "refresh_minutes": 5},
        "shown": {
            "since": since,
            "rows": [
                ["agenda", "", 3, 24.0],
                ["agenda", "atelier-1", 3, 24.0],
                ["wifi", "", 2, 16.0],
                ["wifi", "esc-maurepas", 2, 16.0],
                ["semainier", "", 2, 16.0],
                ["announcements", "", 1, 4.0],
            ],
        },
    }
    parts = [
        (
            b'Content-Disposition: form-data; name="status"; filename="status.json"\r\n'
            b"Content-Type: application/json\r\n\r\n",
            json.dumps(status).encode(),
        ),
        (
            b'Content-Disposition: form-data; name="screenshot"; filename="s.png"\r\n'
            b"Content-Type: image/png\r\n\r\n",
            png,
        ),
    ]
    out = b""
    for head, data in parts:
        out += f"--{boundary}\r\n".encode() + head + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def png_of_10_kib() -> bytes:
    import io  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    rng = random.Random(1)
    image = Image.new("RGB", (480, 270), "#f5f3ee")
    pixels = image.load()
    assert pixels is not None
    for _ in range(3300):  # text-like specks: about 10 KiB once compressed
        pixels[rng.randrange(480), rng.randrange(270)] = (30, 30, 30)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reach: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


class Connection:
    """One screen's kept-alive HTTP/1.1 connection (what requests' Session keeps)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def ask(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str]]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("closed")
        status = int(status_line.split()[1])
        answer: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            answer[name.strip().lower()] = value.strip()
        if answer.get("transfer-encoding") == "chunked":
            while (size := int((await self.reader.readline()).strip() or b"0", 16)) > 0:
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        elif status != 304:
            await self.reader.readexactly(int(answer.get("content-length", "0")))
        if answer.get("connection") == "close":
            self.close()
        return status, answer

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def screen(
    port: int,
    token: str,
    change: str,
    stop: float,
    measure_from: float,
    trigger_after: float,
    beat: bytes,
    boundary: str,
    tally: Tally,
) -> None:
    connection = Connection(port)
    etags: dict[str, str] = {}
    await asyncio.sleep(random.uniform(0, WATCH))
    next_beat = time.monotonic() + random.uniform(0, HEARTBEAT)
    next_feed = time.monotonic() + random.uniform(0, FEED)
    seen_after_trigger: set[str] = set()
    auth = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < stop:
        tick = time.monotonic()
        asks = [("changes", f"/api/v1/changes/{change}.json"), ("version", "/flux/version.json")]
        if tick >= next_feed:
            asks.append(("feed", "/flux/feed.json"))
            next_feed += FEED
        for kind, path in asks:
            headers = {"If-None-Match": etags[path]} if path in etags else {}
            began = time.perf_counter()
            try:
                status, answer = await asyncio.wait_for(connection.ask("GET", path, headers), 10)
                ok = status in (200, 304)
            except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError):
                connection.close()
                status, answer, ok = 0, {}, False
            if tick >= measure_from:
                if ok:
                    tally.latencies[kind].append(time.perf_counter() - began)
                else:
                    tally.errors[kind] += 1
            if status == 200 and "etag" in answer:
                changed = path in etags and etags[path] != answer["etag"]
                etags[path] = answer["etag"]
                if changed and time.time() >= trigger_after and kind not in seen_after_trigger:
                    seen_after_trigger.add(kind)
                    tally.reach[kind].append(time.time())
        if tick >= next_beat:
            next_beat += HEARTBEAT
            began = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(
                    connection.ask(
                        "POST",
                        "/api/v1/heartbeat",
                        {**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
                        beat,
                    ),
                    10,
                )
                ok = status == 201
            except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError):
                connection.close()
                ok = False
            if tick >= measure_from:
                if ok:
                    tally.latencies["heartbeat"].append(time.perf_counter() - began)
                else:
                    tally.errors["heartbeat"] += 1
        await asyncio.sleep(max(0.0, tick + WATCH - time.monotonic()))
    connection.close()


async def crowd(
    port: int, tokens: list[str], seconds: float, warmup: float, trigger_at: float
) -> Tally:
    from signage.remote.client import change_name, token_hash  # noqa: PLC0415

    tally = Tally()
    boundary = "signage-bench-boundary"
    beat = status_body(boundary, png_of_10_kib(), time.time())
    now = time.monotonic()
    await asyncio.gather(
        *(
            screen(
                port,
                token,
                change_name(token_hash(token)),
                now + warmup + seconds,
                now + warmup,
                trigger_at,
                beat,
                boundary,
                tally,
            )
            for token in tokens
        )
    )
    return tally


# What a publication writes, as docs/console.md lets nginx serve it.
FLUX = r"^/flux/(feed\.json|feed\.json\.sig|version\.json|images/[0-9a-f]{64}\.(png|jpg|webp|gif))$"


async def saturate(port: int, tokens: list[str], seconds: float, concurrency: int) -> Tally:
    """Heartbeats as fast as the console answers them, ``concurrency`` at a time: the
    requests that reach the application at scale (the polls stop at nginx)."""
    boundary = "signage-bench-boundary"
    beat = status_body(boundary, png_of_10_kib(), time.time())
    tally = Tally()
    stop = time.monotonic() + seconds

    async def worker(index: int) -> None:
        connection = Connection(port)
        n = index
        while time.monotonic() < stop:
            token = tokens[n % len(tokens)]
            n += concurrency
            headers = {
                "Authorization": f"Bearer {token}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            }
            began = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(
                    connection.ask("POST", "/api/v1/heartbeat", headers, beat), 10
                )
                ok = status == 201
            except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError):
                connection.close()
                ok = False
            if ok:
                tally.latencies["heartbeat"].append(time.perf_counter() - began)
            else:
                tally.errors["heartbeat"] += 1
        connection.close()

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return tally


CPU_CGROUPS = Path("/sys/fs/cgroup/cpu")  # cgroup v1's CPU controller


def cpu_budget(name: str, percent: float) -> Path:
    """A CPU cgroup of its own allowed ``percent`` of one CPU (its processes and their
    children throttled beyond it): an instance given the budget a machine of its own
    would give it, the rest of this one left to nginx, PostgreSQL and the clients."""
    group = CPU_CGROUPS / name
    try:
        group.mkdir()
        (group / "cpu.cfs_period_us").write_text("100000")
        (group / "cpu.cfs_quota_us").write_text(str(int(percent * 1000)))
    except OSError as exc:
        raise SystemExit(f"--quota needs cgroup v1's CPU controller writable ({exc})") from exc
    return group


def in_budget(group: Path | None, command: list[str]) -> list[str]:
    """``command`` started inside ``group`` (the shell joins it, then becomes it)."""
    if group is None:
        return command
    join = f'echo $$ > {group / "cgroup.procs"} && exec "$@"'
    return ["sh", "-c", join, "sh", *command]


def nginx_conf(folder: Path, front: int, upstreams: list[int], state: Path) -> Path:
    servers = "".join(f"server 127.0.0.1:{port};" for port in upstreams)
    conf = folder / "nginx.conf"
    conf.write_text(f"""
daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;
worker_processes 1; worker_rlimit_nofile 40000;
user {os.environ.get("USER") or "root"};
events {{ worker_connections 20000; }}
http {{
  access_log off; client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/f; uwsgi_temp_path {folder}/u; scgi_temp_path {folder}/s;
  keepalive_timeout 75s; keepalive_requests 100000;
  upstream console {{ {servers} keepalive 64; }}
  server {{
    listen 127.0.0.1:{front} backlog=8192;
    client_max_body_size 25m;
    location ~ "^/api/v1/changes/([0-9a-f]{{32}}\\.json)$" {{
      alias {state}/changes/$1; disable_symlinks on; add_header Cache-Control no-cache;
    }}
    location ~ "{FLUX}" {{
      alias {state}/published/$1; disable_symlinks on; add_header Cache-Control no-cache;
    }}
    location /api/v1/ {{
      proxy_pass http://console; proxy_request_buffering off;
      proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $http_host; proxy_set_header X-Forwarded-For $remote_addr;
    }}
    location / {{
      proxy_pass http://console; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $http_host; proxy_set_header X-Forwarded-For $remote_addr;
    }}
  }}
}}
""")
    return conf


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def run_crowd(port: int, tokens: list[str], seconds: float, warmup: float, trigger: float) -> Tally:
    return asyncio.run(crowd(port, tokens, seconds, warmup, trigger))


def per_request_cpu(
    port: int, tokens: list[str], pids: dict[str, list[int]], per_kind: int
) -> dict[str, str]:
    """Each request kind alone, 16 at a time: the CPU it costs nginx and the console."""
    from signage.remote.client import change_name, token_hash  # noqa: PLC0415

    boundary = "signage-bench-boundary"
    beat = status_body(boundary, png_of_10_kib(), time.time())
    sample = tokens[: min(400, per_kind)]

    async def repeat(make: object, count: int) -> None:
        connections = [Connection(port) for _ in range(16)]

        async def worker(index: int) -> None:
            for n in range(index, count, 16):
                method, path, headers, body = make(sample[n % len(sample)])  # type: ignore[operator]
                await connections[index].ask(method, path, headers, body)

        await asyncio.gather(*(worker(i) for i in range(16)))
        for connection in connections:
            connection.close()

    async def etag_of(path: str, headers: dict[str, str]) -> str:
        connection = Connection(port)
        _, answer = await connection.ask("GET", path, headers)
        connection.close()
        return answer.get("etag", "")

    def changes_304(token: str) -> tuple[str, str, dict[str, str], bytes]:
        path = f"/api/v1/changes/{change_name(token_hash(token))}.json"
        return "GET", path, {"If-None-Match": tags[path]}, b""

    def settings_304(token: str) -> tuple[str, str, dict[str, str], bytes]:
        auth = {"Authorization": f"Bearer {token}"}
        return "GET", "/api/v1/screen", {**auth, "If-None-Match": tags["screen:" + token]}, b""

    def version_304(token: str) -> tuple[str, str, dict[str, str], bytes]:
        return "GET", "/flux/version.json", {"If-None-Match": tags["/flux/version.json"]}, b""

    def heartbeat(token: str) -> tuple[str, str, dict[str, str], bytes]:
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        return "POST", "/api/v1/heartbeat", headers, beat

    tags: dict[str, str] = {}
    for token in sample:
        path = f"/api/v1/changes/{change_name(token_hash(token))}.json"
        tags[path] = asyncio.run(etag_of(path, {}))
        tags["screen:" + token] = asyncio.run(
            etag_of("/api/v1/screen", {"Authorization": f"Bearer {token}"})
        )
    tags["/flux/version.json"] = asyncio.run(etag_of("/flux/version.json", {}))
    found = {}
    for label, make, count in (
        ("change file, 304 (nginx)", changes_304, per_kind * 4),
        ("version.json, 304 (nginx)", version_304, per_kind * 4),
        ("settings document, 304 (the console, without change files)", settings_304, per_kind),
        ("heartbeat with 6 counts and a 10 KiB PNG", heartbeat, per_kind),
    ):
        before = {name: sum(cpu_seconds(p) for p in ps) for name, ps in pids.items()}
        asyncio.run(repeat(make, count))
        after = {name: sum(cpu_seconds(p) for p in ps) for name, ps in pids.items()}
        found[label] = ", ".join(
            f"{name} {(after[name] - before[name]) / count * 1000:.2f} ms" for name in pids
        )
    return found


def own_database(url: str, *, create: bool) -> str:
    """The benchmark's own database on the server of ``url`` (its role may create
    databases), dropped first; its address."""
    import psycopg  # noqa: PLC0415

    parts = urlsplit(url)
    mine = urlunsplit(parts._replace(path="/signage_capacity"))
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("drop database if exists signage_capacity")
        if create:
            connection.execute("create database signage_capacity")
    return mine


REAL_DONE = """
import django, json, sys
django.setup()
from signage.console.models import ScreenCommand
found = ScreenCommand.objects.filter(screen_id=int(sys.argv[1])).order_by("-requested_at").first()
print(json.dumps({k: getattr(found, k).timestamp() if getattr(found, k) else None
                  for k in ("requested_at", "delivered_at", "done_at")}))
"""


def start_player(base: str, real: list[Any], key: str, folder: Path) -> subprocess.Popen[bytes]:
    """A real player, paired with the console as pairing leaves one (its identity file)."""
    screen = folder / "screen"
    screen.mkdir(parents=True, mode=0o700)
    identity = {
        "console": f"{base}/",
        "token": real[1],
        "screen_id": real[0],
        "feed": f"{base}/flux/feed.json",
        "public_key": key,
    }
    (screen / "identity.json").write_text(json.dumps(identity), "utf-8")
    config = folder / "screen.toml"
    config.write_text(f'[console]\nurl = "{base}/"\nfolder = "screen"\n', "utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_STATE_HOME": str(folder / "state"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        "XDG_RUNTIME_DIR": str(folder),
    }
    log = (folder / "player.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "signage", "run", "--config", str(config), "--windowed"],
        env=env,
        stdout=log,
        stderr=log,
    )


def player_slide(folder: Path) -> str:
    """The key of the slide the real player shows now (its status file)."""
    for found in (folder / "state").rglob("status.json"):
        try:
            current = json.loads(found.read_text("utf-8")).get("current_slide") or {}
        except ValueError:  # read while being replaced
            return ""
        return str(current.get("key", ""))
    return ""


def send_urgent(base: str, title: str) -> float:
    """An urgent message for Maurepas, sent from the fleet page's form as an admin does."""
    session = signed_in(base)
    page = session.get(f"{base}/", timeout=60).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    sent = time.time()
    answer = session.post(
        f"{base}/urgent/",
        {
            "title": title,
            "sites": ["maurepas"],
            "until": "arret",
            "csrfmiddlewaretoken": csrf.group(1),
        },
        headers={"Referer": f"{base}/"},
        timeout=120,
    )
    assert answer.status_code in (200, 302), answer.status_code
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screens", default="1000,5000", help="numbers of screens, in turn")
    parser.add_argument("--seconds", type=float, default=60, help="measured, per number")
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2, help="server processes per instance")
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--per-kind", type=int, default=1000, help="requests per kind alone")
    parser.add_argument(
        "--saturate", type=float, default=0, help="then heartbeats as fast as answered, s"
    )
    parser.add_argument(
        "--pin", action="store_true", help="instance i on CPU i (one machine's worth each)"
    )
    parser.add_argument(
        "--quota",
        type=float,
        default=0,
        help="each instance allowed this %% of one CPU (a cgroup each; needs root)",
    )
    parser.add_argument("--database-url", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()
    levels = [int(n) for n in args.screens.split(",")]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))

    state = Path(tempfile.mkdtemp(prefix="signage-capacity-"))
    env = {
        **os.environ,
        "SIGNAGE_CONSOLE_STATE": str(state),
        "SIGNAGE_CONSOLE_FEED": str(state / "published" / "feed.json"),
        "DJANGO_SETTINGS_MODULE": "signage.console.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    if args.database_url:
        # A database of its own, made and dropped here: the set-up empties the screens.
        env["DATABASE_URL"] = own_database(args.database_url, create=True)
    (state / "published").mkdir()
    made = subprocess.run(
        [sys.executable, "-c", SETUP, str(max(levels))],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode:
        sys.exit(made.stderr[-3000:])
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    tokens: list[str] = setup["tokens"]
    real: list[Any] = setup["real"]
    player_folder = state / "player"
    player: subprocess.Popen[bytes] | None = None
    ports = [free_port() for _ in range(args.instances)]
    cpus = sorted(os.sched_getaffinity(0))
    budgets = [
        cpu_budget(f"signage-capacity-{os.getpid()}-{i}", args.quota) if args.quota else None
        for i in range(args.instances)
    ]
    consoles = [
        subprocess.Popen(
            in_budget(
                budgets[i],
                [
                    *(["taskset", "-c", str(cpus[i % len(cpus)])] if args.pin else []),
                    *console_command(port, args.workers),
                ],
            ),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i, port in enumerate(ports)
    ]
    front = free_port()
    web = state / "nginx"
    web.mkdir()
    nginx = subprocess.Popen(
        [NGINX, "-c", str(nginx_conf(web, front, ports, state)), "-p", str(web)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{front}"
    engine = "PostgreSQL" if args.database_url else "SQLite (WAL)"
    print(
        f"console: {args.instances} instance(s) x gunicorn {args.workers} worker(s) x 4 "
        f"threads, {engine}, behind nginx (1 worker); simulated screens in 1 process; "
        f"{os.cpu_count()} CPU(s)"
        + (f"; each instance allowed {args.quota:g} % of one CPU" if args.quota else "")
    )
    print(f"alert check, {max(levels):,} screens: {setup['alerts'] * 1000:.0f} ms")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                signed = signed_in(base)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        alone = []
        for _ in range(5):
            began = time.perf_counter()
            assert signed.get(f"{base}/", timeout=60).status_code == 200
            alone.append(time.perf_counter() - began)
        print(
            f"fleet page, {max(levels):,} screens, alone: {statistics.median(alone) * 1000:.0f} ms"
        )
        player = start_player(base, real, setup["key"], player_folder)
        deadline = time.monotonic() + 120
        while player_slide(player_folder) in ("", "fallback"):
            if time.monotonic() > deadline or player.poll() is not None:
                sys.exit(f"the real player did not start: see {player_folder / 'player.log'}")
            time.sleep(0.5)
        seen_urgent: set[str] = set()
        for count in levels:
            trigger_at = time.time() + args.warmup + args.seconds / 2
            under: list[float] = []
            reached: dict[str, Any] = {}

            def look(stop: float, under: list[float] = under) -> None:
                while time.time() < stop:
                    began = time.perf_counter()
                    try:
                        signed.get(f"{base}/", timeout=60)
                        under.append(time.perf_counter() - began)
                    except Exception:
                        under.append(60.0)
                    time.sleep(2)

            def trigger(
                at: float = trigger_at, reached: dict[str, Any] = reached, count: int = count
            ) -> None:
                time.sleep(max(0.0, at - time.time()))
                done = subprocess.run(
                    [sys.executable, "-c", TRIGGER, str(count), str(real[0])],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode == 0:
                    reached.update(json.loads(done.stdout.strip().splitlines()[-1]))
                # The real player: an urgent message, then watch its screen for it.
                sent = send_urgent(base, f"Fermeture exceptionnelle ({count} écrans)")
                stop = sent + 120
                while time.time() < stop:
                    key = player_slide(player_folder)
                    # "urgent:<id>", or "urgent:<id>:<n>" between other slides
                    ident = key.split(":")[1] if key.startswith("urgent:") else ""
                    if ident and ident not in seen_urgent:
                        seen_urgent.add(ident)
                        reached["urgent_shown"] = time.time() - sent
                        break
                    time.sleep(0.1)

            looker = threading.Thread(target=look, args=(time.time() + args.warmup + args.seconds,))
            triggerer = threading.Thread(target=trigger)
            looker.start()
            triggerer.start()
            before = {p: cpu_seconds(c.pid) for p, c in zip(ports, consoles, strict=True)}
            nginx_before = cpu_seconds(nginx.pid)
            began = time.monotonic()
            tally = run_crowd(front, tokens[:count], args.seconds, args.warmup, trigger_at)
            elapsed = time.monotonic() - began
            looker.join()
            triggerer.join()
            used = sum(cpu_seconds(c.pid) for c in consoles) - sum(before.values())
            nginx_used = cpu_seconds(nginx.pid) - nginx_before
            print(f"\n{count:,} screens ({args.seconds:.0f} s measured after {args.warmup:.0f} s):")
            for kind in KINDS:
                values = tally.latencies[kind]
                errors = tally.errors[kind]
                if not values and not errors:
                    continue
                print(
                    f"  {kind:<9} {len(values) / args.seconds:6.0f}/s  p50 "
                    f"{percentile(values, 0.5) * 1000:6.1f} ms  p99 "
                    f"{percentile(values, 0.99) * 1000:6.1f} ms  max "
                    f"{max(values, default=0) * 1000:6.0f} ms  errors {errors}"
                )
            print(
                f"  CPU over the whole run: console {used / elapsed * 100:.0f} % of a core, "
                f"nginx {nginx_used / elapsed * 100:.0f} %"
            )
            if under:
                print(
                    f"  fleet page under load: median {statistics.median(under) * 1000:.0f} ms, "
                    f"worst {max(under) * 1000:.0f} ms ({len(under)} loads)"
                )
            if reached:
                for kind, label in (
                    ("changes", f"a capture asked of {len(reached['chosen'])} screens"),
                    ("version", "new content published"),
                ):
                    start = reached["asked"] if kind == "changes" else reached["published"]
                    waits = [t - start for t in tally.reach[kind]]
                    if waits:
                        print(
                            f"  {label}: seen by {len(waits):,} screens, median "
                            f"{statistics.median(waits):.1f} s, worst {max(waits):.1f} s"
                        )
            if reached:
                shown = reached.get("urgent_shown")
                command = json.loads(
                    subprocess.run(
                        [sys.executable, "-c", REAL_DONE, str(real[0])],
                        env=env,
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    .stdout.strip()
                    .splitlines()[-1]
                )
                asked = command["requested_at"]
                print(
                    "  one real player: the urgent message on its screen "
                    + (f"{shown:.1f} s after it was sent" if shown else "NOT within 120 s")
                    + "; its capture asked, delivered after "
                    + (
                        f"{command['delivered_at'] - asked:.1f} s"
                        if command["delivered_at"]
                        else "never"
                    )
                    + ", done after "
                    + (f"{command['done_at'] - asked:.1f} s" if command["done_at"] else "never")
                )
        if args.saturate:
            before_cpu = sum(cpu_seconds(c.pid) for c in consoles)
            tally = asyncio.run(saturate(front, tokens, args.saturate, 32))
            used = sum(cpu_seconds(c.pid) for c in consoles) - before_cpu
            done = tally.latencies["heartbeat"]
            print(
                f"\nheartbeats as fast as answered (32 at a time, {args.saturate:.0f} s"
                f"{', instance i on CPU i' if args.pin else ''}): {len(done) / args.saturate:.0f}"
                f"/s, p50 {percentile(done, 0.5) * 1000:.0f} ms, p99 "
                f"{percentile(done, 0.99) * 1000:.0f} ms, errors "
                f"{tally.errors['heartbeat']}; console CPU {used / max(len(done), 1) * 1000:.2f}"
                " ms each"
            )
        pids = {"nginx": [nginx.pid], "console": [c.pid for c in consoles]}
        print("\nCPU per request, each kind alone (16 at a time):")
        for label, figures in per_request_cpu(front, tokens, pids, args.per_kind).items():
            print(f"  {label}: {figures}")
    finally:
        if player is not None:
            player.terminate()
            player.wait(30)
        nginx.terminate()
        for process in consoles:
            process.terminate()
        for process in [nginx, *consoles]:
            process.wait(30)
        for group in budgets:
            if group is not None:
                time.sleep(0.5)  # the workers' exit reaches the cgroup
                group.rmdir()
        shutil.rmtree(state, ignore_errors=True)
        if args.database_url:
            own_database(args.database_url, create=False)


if __name__ == "__main__":
    main()
