"""``signage serve``: a published folder over HTTP, safe to expose to a building's network.

Screens poll with conditional requests, so an unchanged feed costs a ``304``.
``feed.json`` is served with ``Cache-Control: no-cache`` (always revalidated);
content-addressed images (their name is their hash) never change and are cached a year.

What it refuses, and why (``docs/security.md``):

- paths are decoded and checked before anything else: a NUL, a backslash or a control
  character, bad percent-encoding or UTF-8 get ``400``; any segment starting with a dot
  (``.git``, ``..``, the ``%2e`` spellings included) gets ``404``;
- only regular files are served: no listings, and a symbolic link only when it resolves
  inside the folder;
- each client address may hold ``PER_CLIENT`` connections and the server
  ``MAX_CONNECTIONS`` in all (well below the 1,024 files systemd allows by default); a
  request's head must arrive within ``HEAD_SECONDS`` and an idle keep-alive connection
  is closed after ``IDLE_SECONDS``, so a slow or half-open client cannot starve screens;
- ``Range`` is not supported (``Accept-Ranges: none``; the whole file is sent, as RFC
  9110 allows): feeds and images are small and replaced whole.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import logging
import os
import socket
import stat
import threading
import time
from collections import Counter
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)

PER_CLIENT: Final = 32
MAX_CONNECTIONS: Final = 512
HEAD_SECONDS: Final = 10.0
IDLE_SECONDS: Final = 30.0
_TYPES: Final = {
    ".json": "application/json",
    ".sig": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}


class _Refused(Exception):
    def __init__(self, status: HTTPStatus) -> None:
        self.status = status


def resolve(root: Path, raw: str) -> Path:
    """The file under ``root`` that request target ``raw`` names; _Refused otherwise."""
    path = urlsplit(raw).path
    if not path.startswith("/"):
        raise _Refused(HTTPStatus.BAD_REQUEST)
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise _Refused(HTTPStatus.BAD_REQUEST) from None
    if "\\" in decoded or any(ord(c) < 32 or ord(c) == 127 for c in decoded):
        raise _Refused(HTTPStatus.BAD_REQUEST)
    parts = [p for p in decoded.split("/") if p]
    if not parts or any(p.startswith(".") for p in parts):
        raise _Refused(HTTPStatus.NOT_FOUND)
    target = root.joinpath(*parts)
    real = Path(os.path.realpath(target))
    if real != root and root not in real.parents:
        raise _Refused(HTTPStatus.NOT_FOUND)  # a link out of the folder
    return real


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD of regular files, with weak ETag comparison and 304s."""

    # Keep-alive: a screen's session polls on one connection instead of reconnecting.
    protocol_version = "HTTP/1.1"
    server: _Server
    server_version = "signage-serve"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(IDLE_SECONDS)

    def handle_one_request(self) -> None:
        # The head of each request must arrive whole within HEAD_SECONDS.
        self.server.watch(self.connection, time.monotonic() + self.server.head_seconds)
        try:
            super().handle_one_request()
        finally:
            self.server.unwatch(self.connection)

    def parse_request(self) -> bool:
        ok = super().parse_request()
        self.server.unwatch(self.connection)  # the head is in: no more head deadline
        return ok

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        try:
            path = resolve(self.server.root, self.path)
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise _Refused(HTTPStatus.NOT_FOUND)  # no listings
        except _Refused as refused:
            self.send_error(refused.status)
            return
        except (OSError, ValueError):
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        tag = _etag(info)
        headers = {
            "ETag": tag,
            "Last-Modified": email.utils.formatdate(info.st_mtime, usegmt=True),
            "Cache-Control": (
                "public, max-age=31536000, immutable"
                if path.parent.name == "images"
                else "no-cache"
            ),
        }
        if self._not_modified(tag, info.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return
        try:
            handle = path.open("rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        with handle:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", _TYPES.get(path.suffix, "application/octet-stream"))
            self.send_header("Content-Length", str(info.st_size))
            self.send_header("Accept-Ranges", "none")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.copyfile(handle)

    def copyfile(self, handle: Any) -> None:
        while chunk := handle.read(64 * 1024):
            self.wfile.write(chunk)

    def _not_modified(self, tag: str, mtime: float) -> bool:
        """RFC 9110 §13.1.2 and §13.1.3: If-None-Match (weak comparison, ``*``) first;
        If-Modified-Since only without it."""
        wanted = self.headers.get("If-None-Match")
        if wanted is not None:
            tags = [t.strip() for t in wanted.split(",")]
            return "*" in tags or _opaque(tag) in {_opaque(t) for t in tags}
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            moment = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError):
            return False
        return moment.timestamp() >= int(mtime)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.close_connection = True
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def _etag(info: os.stat_result) -> str:
    digest = hashlib.sha256(f"{info.st_size}-{info.st_mtime_ns}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 makes the 6th screen connecting at the same
    # moment wait for a SYN retry (1 s, then 3 s): measured by benchmarks/serve_load.py.
    request_queue_size = 256

    def __init__(
        self,
        address: tuple[str, int],
        root: Path,
        *,
        per_client: int = PER_CLIENT,
        max_connections: int = MAX_CONNECTIONS,
        head_seconds: float = HEAD_SECONDS,
    ) -> None:
        self.root = Path(os.path.realpath(root))
        self.per_client = per_client
        self.max_connections = max_connections
        self.head_seconds = head_seconds
        self._lock = threading.Lock()
        self._clients: Counter[str] = Counter()
        self._owners: dict[Any, str] = {}  # connection -> client address
        self._said: dict[str, float] = {}
        self._heads: dict[socket.socket, float] = {}
        self._stop = threading.Event()
        super().__init__(address, _Handler)
        threading.Thread(target=self._reap, name="serve-reaper", daemon=True).start()

    def verify_request(self, request: Any, client_address: Any) -> bool:
        host = str(client_address[0])
        with self._lock:
            if (
                self._clients[host] >= self.per_client
                or self._clients.total() >= self.max_connections
            ):
                self._say_refused(host)
                return False
            self._clients[host] += 1
            self._owners[request] = host
        return True

    def _say_refused(self, host: str) -> None:
        """Log refusals once a minute per client: an attack must not flood the journal
        (nor block the server on a full log pipe)."""
        now = time.monotonic()
        if now - self._said.get(host, -60.0) >= 60.0:
            self._said[host] = now
            log.warning("refusing connections from %s: too many open at once", host)

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            host = self._owners.pop(request, None)
            if host is not None:
                self._clients[host] -= 1
                if self._clients[host] <= 0:
                    del self._clients[host]
        self.unwatch(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection from %s ended with an error", client_address, exc_info=True)

    def watch(self, connection: socket.socket, deadline: float) -> None:
        with self._lock:
            self._heads[connection] = deadline

    def unwatch(self, connection: socket.socket) -> None:
        with self._lock:
            self._heads.pop(connection, None)

    def _reap(self) -> None:
        """Shut the connections whose request head is late (a slowloris)."""
        while not self._stop.wait(min(1.0, self.head_seconds / 2)):
            now = time.monotonic()
            with self._lock:
                late = [c for c, deadline in self._heads.items() if deadline < now]
                for connection in late:
                    self._heads.pop(connection, None)
            for connection in late:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)

    def server_close(self) -> None:
        self._stop.set()
        super().server_close()


def make_server(
    folder: Path, host: str = "0.0.0.0", port: int = 8080, **limits: Any
) -> ThreadingHTTPServer:
    """A server for ``folder`` (not started: call ``serve_forever``). ``limits``:
    ``per_client``, ``max_connections``, ``head_seconds`` (tests shorten them)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder")
    return _Server((host, port), folder, **limits)
