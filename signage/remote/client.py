"""The screen's side of the console's API (``/api/v1/…``), plain HTTP with requests.

Every call has a connect and a read timeout and a size cap; none raises for a network
problem: each returns what happened, for the link to say and retry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urljoin

import requests

MAX_BODY: Final = 1024 * 1024
TIMEOUT: Final = (5.0, 15.0)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def change_name(hashed: str) -> str:
    """The name of a screen's change file on its console (``/api/v1/changes/<name>.json``),
    from its token's hash: the console knows it, and nobody without the token or the
    database can guess it (128 bits)."""
    return hashlib.sha256(b"signage-changes:" + hashed.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Reply:
    """What the console answered: its status (0: not reached), its JSON or body."""

    status: int
    data: dict[str, Any]
    body: bytes = b""
    signature: bytes | None = None
    etag: str | None = None
    problem: str = ""


class ConsoleClient:
    def __init__(self, console: str, user_agent: str, session: requests.Session | None = None):
        self.console = console
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = user_agent

    def close(self) -> None:
        self._session.close()

    def url(self, path: str) -> str:
        return urljoin(self.console, f"api/v1/{path}")

    def ask_code(self, token: str) -> Reply:
        """A pairing code for the screen whose token hashes to what is sent."""
        return self._call("POST", "pairing", json={"token_hash": token_hash(token)})

    def pairing(self, token: str) -> Reply:
        return self._call("GET", "pairing", token=token)

    def settings(self, token: str, etag: str | None) -> Reply:
        headers = {"If-None-Match": etag} if etag else {}
        return self._call("GET", "screen", token=token, headers=headers)

    def changes(self, token: str, etag: str | None) -> Reply:
        """The screen's change file: a 304 (from nginx, or a CDN) while nothing changed
        for it; a new body when its settings or actions did."""
        headers = {"If-None-Match": etag} if etag else {}
        return self._call("GET", f"changes/{change_name(token_hash(token))}.json", headers=headers)

    def done(
        self, token: str, command: int, ok: bool, detail: str, png: bytes | None = None
    ) -> Reply:
        files: dict[str, Any] = {"detail": (None, detail[:300]), "ok": (None, "1" if ok else "0")}
        if png is not None:
            files["screenshot"] = ("capture.png", png, "image/png")
        return self._call("POST", f"commands/{command}", token=token, files=files, timeout=60)

    def _call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> Reply:
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            with self._session.request(
                method,
                self.url(path),
                headers=headers,
                timeout=(TIMEOUT[0], timeout or TIMEOUT[1]),
                stream=True,
                allow_redirects=False,
                **kwargs,
            ) as response:
                body = response.raw.read(MAX_BODY + 1, decode_content=True)
                if len(body) > MAX_BODY:
                    return Reply(response.status_code, {}, problem="answer larger than 1 MB")
                data: Any = {}
                if response.headers.get("Content-Type", "").startswith("application/json"):
                    try:
                        data = json.loads(body) if body else {}
                    except (ValueError, RecursionError):
                        data = {}
                signature = response.headers.get("X-Signature")
                return Reply(
                    response.status_code,
                    data if isinstance(data, dict) else {},
                    body,
                    signature.encode() if signature else None,
                    response.headers.get("ETag"),
                    "" if response.status_code < 400 else _problem(response.status_code, data),
                )
        except requests.RequestException as exc:
            return Reply(0, {}, problem=f"console not reached ({type(exc).__name__})")


def _problem(status: int, data: Any) -> str:
    reason = data.get("error") if isinstance(data, dict) else None
    return f"console answered {status}" + (f": {reason}" if reason else "")
