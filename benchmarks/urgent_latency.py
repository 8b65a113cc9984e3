"""Publish → on screen: how soon an urgent message (and its withdrawal) shows.

One real player (``signage run`` offscreen, refresh interval one hour, the change signal
every ``--watch`` seconds) and N simulated screens (threads polling ``version.json``
with their ETag, as the player does, then fetching the feed when it changes) against
``signage serve`` on 127.0.0.1. The example content is published, then an urgent
message is published and withdrawn ``--rounds`` times. Prints, for the real player
(status.json's current slide) and for the simulated screens: median and worst delay,
and the server's load per screen (requests and bytes per minute, CPU).

    python benchmarks/urgent_latency.py --screens 200 --watch 10 --rounds 4
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
SIGNAGE = [sys.executable, "-m", "signage"]
URGENT = '\n[[announcement]]\nid = "alerte"\ntitle = "Fermeture à 15 h"\nurgent = true\n'


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Screens:
    """Simulated screens: each polls version.json, and fetches the feed on a change."""

    def __init__(self, base: str, count: int, watch: float) -> None:
        self.base, self.watch = base, watch
        self.requests = self.bytes = self.errors = 0
        self.seen: dict[int, list[float]] = {}  # sequence → when each screen had it
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(count)]

    def run(self, index: int) -> None:
        session = requests.Session()
        etag = None
        held = None
        time.sleep(self.watch * index / max(len(self.threads), 1))  # spread, as jitter does
        while not self.stop.is_set():
            try:
                etag, held = self.poll(session, etag, held)
            except requests.RequestException:
                with self.lock:
                    self.errors += 1
            self.stop.wait(self.watch)

    def poll(
        self, session: requests.Session, etag: str | None, held: int | None
    ) -> tuple[str | None, int | None]:
        headers = {"If-None-Match": etag} if etag else {}
        answer = session.get(f"{self.base}/version.json", headers=headers, timeout=10)
        with self.lock:
            self.requests += 1
            self.bytes += len(answer.content)
        if answer.status_code == 200:
            etag = answer.headers.get("ETag")
            sequence = answer.json()["sequence"]
            if sequence != held:
                feed = session.get(f"{self.base}/feed.json", timeout=30)
                with self.lock:
                    self.requests += 1
                    self.bytes += len(feed.content)
                    self.seen.setdefault(sequence, []).append(time.monotonic())
                held = sequence
        return etag, held


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).ok
    except requests.ConnectionError:
        return False


def status(home: Path) -> dict[str, object]:
    for path in (home / "state").rglob("status.json"):
        try:
            return json.loads(path.read_text())
        except ValueError:
            return {}
    return {}


def urgent_shown(home: Path) -> bool:
    current = status(home).get("current_slide") or {}
    return str(current.get("key", "")).startswith("urgent:")  # type: ignore[union-attr]


def wait(check: object, limit: float = 120) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if check():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.1)
    return float("inf")


def publish(admins: Path, out: Path) -> tuple[float, int]:
    subprocess.run([*SIGNAGE, "publish", str(admins), str(out)], check=True, capture_output=True)
    return time.monotonic(), json.loads((out / "version.json").read_text())["sequence"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screens", type=int, default=200)
    parser.add_argument("--watch", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="signage-urgent-"))
    shutil.copytree(ROOT / "assets" / "example-content", work / "content")
    admins, out = work / "content" / "admins", work / "published"
    publish(admins, out)
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen(
        # Every simulated screen comes from 127.0.0.1: lift the per-client cap.
        [
            *SIGNAGE,
            "serve",
            str(out),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--per-client",
            "1024",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait(lambda: _answers(f"{base}/version.json"), 30)
    home = work / "home"
    home.mkdir()
    config = work / "screen.toml"
    config.write_text(
        f'[site]\nid = "maurepas"\n\n[source]\nfeed = "{base}/feed.json"\nrefresh_minutes = 60\n'
        f'watch_seconds = {args.watch}\n\n[[playlist]]\nkind = "wifi"\nduration = 30\n\n'
        '[[playlist]]\nkind = "apps"\nduration = 30\n'
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home),
    }
    player = subprocess.Popen(
        [*SIGNAGE, "run", "--config", str(config), "--windowed"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    screens = Screens(base, args.screens, args.watch)
    try:
        wait(lambda: status(home).get("current_slide"), 60)
        for thread in screens.threads:
            thread.start()
        time.sleep(args.watch * 2)
        cpu_before, load_started = cpu_seconds(server.pid), time.monotonic()
        requests_before, bytes_before = screens.requests, screens.bytes
        player_delays: list[float] = []
        fleet_delays: list[float] = []
        text = (admins / "announcements.toml").read_text("utf-8")
        for _ in range(args.rounds):
            for with_urgent in (True, False):
                (admins / "announcements.toml").write_text(text + (URGENT if with_urgent else ""))
                published, sequence = publish(admins, out)
                player_delays.append(wait(lambda w=with_urgent: urgent_shown(home) == w))
                time.sleep(args.watch + 2)
                with screens.lock:
                    fleet_delays += [t - published for t in screens.seen.get(sequence, [])]
        minutes = (time.monotonic() - load_started) / 60
        cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        screens.stop.set()
        player.terminate()
        server.terminate()
    count = max(args.screens, 1)
    print(
        f"real player, {len(player_delays)} changes (urgent shown, then withdrawn): "
        f"median {statistics.median(player_delays):.1f} s, worst {max(player_delays):.1f} s"
    )
    print(
        f"{args.screens} simulated screens, {len(fleet_delays)} arrivals: median "
        f"{statistics.median(fleet_delays):.1f} s, worst {max(fleet_delays):.1f} s"
    )
    print(f"simulated screens' failed requests: {screens.errors}")
    print(
        f"server load per screen: {(screens.requests - requests_before) / count / minutes:.1f} "
        f"requests/min, {(screens.bytes - bytes_before) / count / minutes / 1024:.1f} KiB/min, "
        f"server CPU {cpu / count / minutes * 1000:.1f} ms/min (signage serve)"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
