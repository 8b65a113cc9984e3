"""``signage serve``: a published folder over HTTP, with ETag and Last-Modified.

For one building or a test bench. Screens poll with conditional requests, so an unchanged
feed costs a ``304``. ``feed.json`` is served with ``Cache-Control: no-cache`` (always
revalidated); content-addressed images (their name is their hash) never change and are
cached for a year.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import os
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class _Handler(SimpleHTTPRequestHandler):
    """Static files, with a strong ETag (size and modification time) and 304s."""

    # Keep-alive: a screen's session polls on one connection instead of reconnecting.
    protocol_version = "HTTP/1.1"

    def send_head(self) -> Any:
        if any(part.startswith(".") for part in self.path.split("?")[0].split("/")):
            # ".publish" holds the publisher's state, never meant for screens.
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            return super().send_head()
        stat = path.stat()
        etag = (
            '"'
            + hashlib.sha256(f"{stat.st_size}-{stat.st_mtime_ns}".encode()).hexdigest()[:32]
            + '"'
        )
        if etag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        handle = path.open("rb")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.send_header("ETag", etag)
        immutable = path.parent.name == "images"
        self.send_header(
            "Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        self.end_headers()
        return handle

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 makes the 6th screen connecting at the same
    # moment wait for a SYN retry (1 s, then 3 s): measured by benchmarks/serve_load.py.
    request_queue_size = 256


def make_server(folder: Path, host: str = "0.0.0.0", port: int = 8080) -> ThreadingHTTPServer:
    """A server for ``folder`` (not started: call ``serve_forever``)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder")
    handler = partial(_Handler, directory=os.fspath(folder))
    return _Server((host, port), handler)
