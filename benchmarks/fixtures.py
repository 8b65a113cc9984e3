"""Content and a local server shared by the benchmark scripts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 (with Last-Modified, so polls can be 304s)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def process_cpu_seconds(pid: int | None) -> float:
    """A process's CPU time so far, all its threads (user + system), from /proc; 0 for
    no process. (``console_load.cpu_seconds`` adds a server's worker processes.)"""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_elsewhere(folder: Path) -> tuple[subprocess.Popen[str], str]:
    """Serve ``folder`` from another process (``python -m http.server``), so that the
    server's CPU is not counted as the process measured (Last-Modified, so 304s)."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    port = re.search(r"port (\d+)", server.stdout.readline())
    assert port is not None, "http.server did not say its port"
    return server, f"http://127.0.0.1:{port.group(1)}"


def workshops(count: int) -> list[dict[str, Any]]:
    """``count`` realistic workshops (about 340 bytes each in JSON)."""
    return [
        {
            "start": "2026-12-01T14:00:00+01:00",
            "end": "2026-12-01T16:00:00+01:00",
            "title": f"Atelier numéro {n} — prendre en main son smartphone et ses applications",
            "organiser": "Médiateurs numériques",
            "place": "ESC Maurepas — espace numérique",
            "registration": "À l'accueil de l'ESC ou au 02 99 00 00 00",
            "audience": "Tout public",
        }
        for n in range(count)
    ]


class _Changing(_Quiet):
    """Serves ``feed.json`` different at every request (never a 304): each sync downloads,
    parses and hands over the whole feed, the worst case. The versions are encoded
    beforehand: encoding 2 MB of JSON here would hold the GIL of the process measured."""

    bodies: ClassVar[list[bytes]] = []
    served: ClassVar[int] = 0

    def do_GET(self) -> None:
        if not self.path.startswith("/feed.json"):
            super().do_GET()
            return
        type(self).served += 1
        body = self.bodies[self.served % len(self.bodies)]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_changing(folder: Path, feed: dict[str, Any]) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``folder`` and, at ``/feed.json``, ``feed`` changed at every request."""
    bodies = [json.dumps({**feed, "sequence": n}, ensure_ascii=False).encode() for n in (1, 2)]
    handler = type("Changing", (_Changing,), {"bodies": bodies, "served": 0})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
