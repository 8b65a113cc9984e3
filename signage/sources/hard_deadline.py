"""A deadline that holds whatever the server does: its sockets are shut when it passes.

Socket timeouts bound each read, not the whole: a server that sends its status line and
headers one byte every few seconds, or that stalls just before the end, keeps a request
alive long past any deadline computed at its start. Here every connection a request
uses is registered with a ``Watch`` for the calling thread; when the deadline passes (or
the fetcher is cancelled) those sockets are shut down (one thread keeps every
deadline), the blocked read returns at once, and the request fails with "deadline
passed". The GUI thread never takes part: requests run in sync threads only.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

_current = threading.local()


class Watch:
    """The connections of one request, shut down when its deadline passes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        self._event = threading.Event()

    @property
    def fired(self) -> bool:
        return self._event.is_set()

    def pause(self, seconds: float) -> None:
        """Wait ``seconds`` between two attempts, or less if the watch fires."""
        self._event.wait(seconds)

    def add(self, connection: Any) -> None:
        with self._lock:
            if self._event.is_set():
                _shut(connection)
            else:
                self._connections.append(connection)

    def fire(self) -> None:
        with self._lock:
            self._event.set()
            connections, self._connections = self._connections, []
        for connection in connections:
            _shut(connection)


def _shut(connection: Any) -> None:
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    with contextlib.suppress(OSError):
        # The plain socket's shutdown, also for TLS: SSLSocket.shutdown would drop its
        # SSL object under the reading thread's feet.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Alarms:
    """One thread fires every request's deadline, at its time.

    A ``threading.Timer`` per request started and joined a thread for each: most of the
    CPU of a 304 poll. Deadlines are mostly cancelled before they pass; a cancelled one
    stays in the heap until its time, then is dropped (a few at a time).
    """

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._heap: list[tuple[float, int, Watch]] = []
        self._cancelled: set[int] = set()
        self._numbers = itertools.count()
        self._thread: threading.Thread | None = None

    def set(self, seconds: float, watch: Watch) -> int:
        with self._wake:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="deadlines", daemon=True)
                self._thread.start()
            number = next(self._numbers)
            heapq.heappush(self._heap, (time.monotonic() + seconds, number, watch))
            self._wake.notify()
            return number

    def clear(self, number: int) -> None:
        with self._wake:
            self._cancelled.add(number)

    def _run(self) -> None:
        while True:
            with self._wake:
                due = self._next_due()
            if due is not None:
                due.fire()  # outside the lock: it shuts sockets down

    def _next_due(self) -> Watch | None:
        """Wait (lock held, released while waiting) for the next deadline to pass."""
        while True:
            while self._heap and self._heap[0][1] in self._cancelled:
                self._cancelled.discard(heapq.heappop(self._heap)[1])
            if not self._heap:
                self._wake.wait()
                continue
            when, _, watch = self._heap[0]
            delay = when - time.monotonic()
            if delay > 0:
                self._wake.wait(delay)
                continue
            heapq.heappop(self._heap)
            return watch


_alarms = _Alarms()


class Watches:
    """All the requests in flight of one fetcher, so that ``cancel`` can stop them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: set[Watch] = set()
        self.cancelled = False

    @contextlib.contextmanager
    def watching(self, seconds: float) -> Iterator[Watch]:
        """Watch this thread's request for ``seconds``; fire early on ``cancel``."""
        watch = Watch()
        with self._lock:
            self._active.add(watch)
            if self.cancelled:
                watch.fire()
        previous = getattr(_current, "watch", None)
        _current.watch = watch
        alarm = _alarms.set(max(0.0, seconds), watch)
        try:
            yield watch
        finally:
            _alarms.clear(alarm)
            _current.watch = previous
            with self._lock:
                self._active.discard(watch)

    def cancel(self) -> None:
        """Stop every request in flight now, and refuse new ones."""
        with self._lock:
            self.cancelled = True
            active = list(self._active)
        for watch in active:
            watch.fire()


def _register(connection: Any) -> None:
    watch = getattr(_current, "watch", None)
    if watch is not None:
        watch.add(connection)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        _register(self)
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self)  # a kept-alive connection is reused without connect()
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        _register(self)
        super().connect()

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self)
        super().request(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections (direct or through a proxy) are watched."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager: PoolManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager
