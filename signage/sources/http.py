"""HTTP GET with the limits a screen needs: timeouts, a deadline, retries, a byte cap.

* ``timeout=(connect, read)`` per socket operation, plus an overall deadline that holds
  whatever the server does: the request's sockets are shut down when it passes
  (``hard_deadline``), so a trickled status line, trickled headers or a stalled body
  end the request on time;
* retries with exponential backoff on connection errors, timeouts, 429 and 5xx,
  honouring a short ``Retry-After`` and capping a long one, all within the deadline;
* a byte cap counted on the decoded body, so a gzip bomb stops at the cap too
  (urllib3 ≥ 2.6 bounds decompression per read);
* conditional GET with ``If-None-Match`` / ``If-Modified-Since``;
* certificates verified (requests' default, never turned off).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError

from signage.sources.fetch_error import FetchError
from signage.sources.hard_deadline import Watch, WatchedAdapter, Watches

CHUNK: Final = 64 * 1024
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})


class _Session(requests.Session):
    """A session that reads the environment (proxies, ``NO_PROXY``, CA bundle) once per
    origin: it does not change during a screen's life, and requests scanned every
    variable at each request, a fifth of a ``304`` poll's CPU."""

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[object, ...], Any] = {}

    def merge_environment_settings(  # type: ignore[override]
        self, url: str, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> Any:
        if proxies:  # per-request proxies: as requests does
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc, stream, verify, cert, tuple(self.proxies.items()))
        found: Any = self._environment.get(key)
        if found is None:
            found = super().merge_environment_settings(url, {}, stream, verify, cert)
            self._environment[key] = found
        return {**found, "proxies": dict(found["proxies"])}


@dataclass(frozen=True)
class HttpResponse:
    """What a GET brought back: 200 with a body, or 304 (not modified) without."""

    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str


# Checks a redirect from the first address to the second: why it is refused, or None.
Redirects = Callable[[str, str], str | None]
MAX_REDIRECTS: Final = 5


class HttpFetcher:
    """A requests session set up for feeds and images, shared by the sync jobs.

    Retries are done here rather than by urllib3's ``Retry`` so that every attempt, and
    every pause between attempts, fits within the caller's deadline.
    """

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
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self._timeouts = (connect_timeout, read_timeout)
        self._retries = retries
        self._backoff = backoff
        self._retry_after_cap = retry_after_cap
        self._sleep = sleep
        self._session = session or _Session()
        adapter = WatchedAdapter(max_retries=0, pool_connections=2, pool_maxsize=4)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        self._session.headers["User-Agent"] = user_agent
        self._watches = Watches()

    def close(self) -> None:
        self._session.close()

    def cancel(self) -> None:
        """Stop the requests in flight at once (from any thread); later ones fail too."""
        self._watches.cancel()

    @property
    def cancelled(self) -> bool:
        return self._watches.cancelled

    def get(
        self,
        url: str,
        *,
        max_bytes: int,
        deadline: float,
        etag: str | None = None,
        last_modified: str | None = None,
        redirects: Redirects | None = None,
    ) -> HttpResponse:
        """GET ``url`` before ``deadline`` (a ``time.monotonic()`` value).

        Returns 200 or 304; raises FetchError for anything else, with the reason.
        Redirects are followed here, each one first checked by ``redirects`` (which
        says why it is refused, or None), and https never becomes http.
        """
        headers = {"Accept": "application/json, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if self.cancelled:
            raise FetchError("stopped: the sync was abandoned")
        with self._watches.watching(deadline - time.monotonic()) as watch:
            try:
                return self._get(
                    url, headers, max_bytes, deadline, watch, etag, last_modified, redirects
                )
            except FetchError:
                if watch.fired:
                    raise FetchError(_fired(self.cancelled)) from None
                raise

    def _get(
        self,
        url: str,
        headers: dict[str, str],
        max_bytes: int,
        deadline: float,
        watch: Watch,
        etag: str | None,
        last_modified: str | None,
        redirects: Redirects | None,
    ) -> HttpResponse:
        attempt = 0
        while True:
            try:
                response = self._follow(url, headers, deadline, redirects)
            except _Retryable as exc:
                pause = self._backoff * 2**attempt
                problem = FetchError(str(exc))
            else:
                if response.status_code not in RETRY_STATUSES:
                    result = self._finish(response, max_bytes, deadline, etag, last_modified)
                    if watch.fired:  # the body may look complete after a forced shutdown
                        raise FetchError(_fired(self.cancelled))
                    return result
                pause = _retry_after(response) or self._backoff * 2**attempt
                problem = FetchError(
                    f"the server answered {response.status_code} {response.reason}"
                )
                response.close()
            attempt += 1
            pause = min(pause, self._retry_after_cap)
            if watch.fired or attempt > self._retries or time.monotonic() + pause >= deadline:
                raise problem
            if self._sleep is None:
                watch.pause(pause)  # cut short when the sync is abandoned
            else:
                self._sleep(pause)

    def _follow(
        self, url: str, headers: dict[str, str], deadline: float, redirects: Redirects | None
    ) -> requests.Response:
        """One attempt, following up to MAX_REDIRECTS redirects, each checked first."""
        for _ in range(MAX_REDIRECTS + 1):
            response = self._attempt(url, headers, deadline)
            if not response.is_redirect:
                return response
            target = urljoin(url, response.headers["Location"])
            response.close()
            problem = (redirects or _no_downgrade)(url, target)
            if problem is not None:
                raise FetchError(f"redirect refused: {problem}")
            url = target
        raise FetchError(f"more than {MAX_REDIRECTS} redirects (a loop?)")

    def _attempt(self, url: str, headers: dict[str, str], deadline: float) -> requests.Response:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("no time left before the sync deadline")
        timeout = (min(self._timeouts[0], remaining), min(self._timeouts[1], remaining))
        try:
            return self._session.get(
                url, headers=headers, timeout=timeout, stream=True, allow_redirects=False
            )
        except requests.exceptions.SSLError as exc:
            raise FetchError(f"secure connection refused (certificate?): {_root(exc)}") from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise _Retryable("the server did not accept the connection in time") from exc
        except requests.exceptions.ReadTimeout as exc:
            raise _Retryable("the server did not answer in time") from exc
        except requests.exceptions.ConnectionError as exc:
            raise _Retryable(f"cannot reach the server: {_root(exc)}") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"request failed: {_root(exc)}") from exc

    def _finish(
        self,
        response: requests.Response,
        max_bytes: int,
        deadline: float,
        etag: str | None,
        last_modified: str | None,
    ) -> HttpResponse:
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


def _no_downgrade(source: str, target: str) -> str | None:
    if source.lower().startswith("https://") and not target.lower().startswith("https://"):
        return "the server redirected from https to a plain address"
    return None


def _fired(cancelled: bool) -> str:
    if cancelled:
        return "stopped: the sync was abandoned"
    return "too slow: the sync deadline passed before the server finished answering"


class _Retryable(Exception):
    """A failure worth another attempt: connection refused or reset, timeout."""


def _retry_after(response: requests.Response) -> float | None:
    """The server's ``Retry-After`` in seconds (a number or an HTTP date), if any."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


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


def _root(exc: BaseException) -> str:
    """The innermost cause, which usually says what really happened."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."
