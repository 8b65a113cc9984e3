"""HTTP GET with the limits a screen needs: timeouts, a deadline, retries, a byte cap.

* ``timeout=(connect, read)`` per socket operation, plus an overall deadline checked
  while the body streams in (a server that trickles one byte a second is stopped);
* retries with exponential backoff on connection errors, 429 and 5xx, honouring a
  short ``Retry-After`` and capping a long one;
* a byte cap counted on the decoded body, so a gzip bomb stops at the cap too
  (urllib3 ≥ 2.6 bounds decompression per read);
* conditional GET with ``If-None-Match`` / ``If-Modified-Since``;
* certificates verified (requests' default, never turned off).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Final

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

CHUNK: Final = 64 * 1024
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """The fetch failed; the message says why in plain words."""


class _CappedRetry(Retry):
    """A Retry that waits at most ``RETRY_AFTER_CAP`` seconds for a ``Retry-After``.

    A server asking for an hour's pause must not freeze the sync job for an hour: the
    screen keeps its content and the next scheduled sync tries again.
    """

    RETRY_AFTER_CAP: float = 10.0

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.RETRY_AFTER_CAP)


@dataclass(frozen=True)
class HttpResponse:
    """What a GET brought back: 200 with a body, or 304 (not modified) without."""

    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str


class HttpFetcher:
    """A requests session set up for feeds and images, shared by the sync jobs."""

    def __init__(
        self,
        user_agent: str,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        retries: int = 3,
        backoff: float = 0.5,
        retry_after_cap: float = 10.0,
        session: requests.Session | None = None,
    ) -> None:
        self._timeouts = (connect_timeout, read_timeout)
        self._session = session or requests.Session()
        # urllib3 copies a Retry with type(self)(**params) at each attempt, so the cap
        # travels as a class attribute of a subclass made for this fetcher.
        capped = type("CappedRetry", (_CappedRetry,), {"RETRY_AFTER_CAP": retry_after_cap})
        retry = capped(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            backoff_max=8.0,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_connections=2, pool_maxsize=4)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        self._session.headers["User-Agent"] = user_agent

    def close(self) -> None:
        self._session.close()

    def get(
        self,
        url: str,
        *,
        max_bytes: int,
        deadline: float,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> HttpResponse:
        """GET ``url`` before ``deadline`` (a ``time.monotonic()`` value).

        Returns 200 or 304; raises FetchError for anything else, with the reason.
        """
        headers = {"Accept": "application/json, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("no time left before the sync deadline")
        timeout = (min(self._timeouts[0], remaining), min(self._timeouts[1], remaining))
        try:
            response = self._session.get(url, headers=headers, timeout=timeout, stream=True)
        except requests.exceptions.SSLError as exc:
            raise FetchError(f"secure connection refused (certificate?): {_root(exc)}") from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise FetchError("the server did not accept the connection in time") from exc
        except requests.exceptions.ReadTimeout as exc:
            raise FetchError("the server did not answer in time") from exc
        except requests.exceptions.ConnectionError as exc:
            if _caused_by(exc, ReadTimeoutError):  # read timeouts, once retries ran out
                raise FetchError("the server did not answer in time") from exc
            raise FetchError(f"cannot reach the server: {_root(exc)}") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"request failed: {_root(exc)}") from exc
        with response:
            if response.status_code == 304:
                return HttpResponse(304, b"", etag, last_modified, "")
            if response.status_code != 200:
                raise FetchError(f"the server answered {response.status_code} {response.reason}")
            body = _read_capped(response, max_bytes, deadline)
            return HttpResponse(
                200,
                body,
                response.headers.get("ETag"),
                response.headers.get("Last-Modified"),
                response.headers.get("Content-Type", ""),
            )


def _read_capped(response: requests.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"too large: {int(declared):,} bytes announced, limit {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    raw = response.raw
    try:
        while True:
            # read1 returns what one socket read brings (decoded), so the deadline is
            # checked as bytes trickle in, not only after a full 64 KiB chunk.
            chunk = raw.read1(CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"too large: more than {max_bytes:,} bytes (after decompression)")
            if time.monotonic() > deadline:
                raise FetchError(f"too slow: the sync deadline passed after {size:,} bytes")
            chunks.append(chunk)
    except ReadTimeoutError as exc:
        raise FetchError(f"the server stopped sending after {size:,} bytes") from exc
    except ProtocolError as exc:
        raise FetchError(f"the download was cut short after {size:,} bytes") from exc
    except DecodeError as exc:
        raise FetchError("the compressed body is corrupt") from exc
    except OSError as exc:
        raise FetchError(f"the connection broke after {size:,} bytes: {exc}") from exc
    body = b"".join(chunks)
    plain = response.headers.get("Content-Encoding") is None
    if declared and declared.isdigit() and plain and len(body) < int(declared):
        raise FetchError(f"truncated: {len(body):,} of {int(declared):,} bytes arrived")
    return body


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind) or any(isinstance(a, kind) for a in seen.args):
            return True
        reason = getattr(seen, "reason", None)
        if isinstance(reason, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _root(exc: BaseException) -> str:
    """The innermost cause, which usually says what really happened."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."
