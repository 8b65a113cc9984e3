"""A real HTTP server on 127.0.0.1 for the sync tests, scripted response by response."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Responder = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class FeedServer:
    """Serves, for each path, its scripted responders in turn (the last one repeats)."""

    routes: dict[str, list[Responder]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self, body: bytes = b"") -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.seen.append(Seen(self.path, headers, body))
                queue = server.routes.get(self.path)
                if not queue:
                    status(404)(self)
                    return
                responder = queue.pop(0) if len(queue) > 1 else queue[0]
                # The client may hang up mid-answer, as it should with oversized bodies.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    responder(self)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.do_GET(self.rfile.read(length))  # a heartbeat: kept with its request

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def route(self, path: str, *responders: Responder) -> str:
        self.routes[path] = list(responders)
        return self.url(path)

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up mid-answer is what several tests are about


def ok(
    body: bytes,
    content_type: str = "application/json",
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Responder:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        if (etag and handler.headers.get("If-None-Match") == etag) or (
            last_modified and handler.headers.get("If-Modified-Since") == last_modified
        ):
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        if etag:
            handler.send_header("ETag", etag)
        if last_modified:
            handler.send_header("Last-Modified", last_modified)
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def status(code: int, **headers: str) -> Responder:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(code)
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


def _json_head(handler: BaseHTTPRequestHandler, length: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(length))
    handler.end_headers()


def hang(server: FeedServer) -> Responder:
    """Accept the request and never answer (until the test ends)."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        server.release.wait(30)

    return respond


def trickle(body: bytes, every: float) -> Responder:
    """Headers at once, then the body one byte at a time."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        _json_head(handler, len(body))
        for byte in body:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(every)

    return respond


def truncated(body: bytes) -> Responder:
    """Announce the whole body, send half, close the connection."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        _json_head(handler, len(body))
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        handler.close_connection = True

    return respond


def endless(size: int) -> Responder:
    """A body of ``size`` bytes with no Content-Length (read until the connection closes)."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Connection", "close")
        handler.end_headers()
        chunk = b" " * 65536
        for _ in range(size // len(chunk)):
            handler.wfile.write(chunk)
        handler.close_connection = True

    return respond


def gzip_bomb(size: int) -> Responder:
    """``size`` bytes of zeros, gzip-compressed to a few kilobytes."""
    compressed = gzip.compress(b"\0" * size, compresslevel=9)

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(compressed)))
        handler.end_headers()
        handler.wfile.write(compressed)

    return respond


def trickle_head(server: FeedServer, every: float) -> Responder:
    """The status line and headers one byte at a time, each within any read timeout,
    never finishing (until the test ends)."""
    head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"x" * 100_000

    def respond(handler: BaseHTTPRequestHandler) -> None:
        for byte in head:
            if server.release.is_set():
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(every)

    return respond


def stall(server: FeedServer, body: bytes) -> Responder:
    """Headers and half the body at once, then silence (until the test ends)."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        _json_head(handler, len(body))
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        server.release.wait(60)

    return respond
