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
import socket
import threading
from collections.abc import Iterator
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

from signage.sources.alarms import ALARMS

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
        alarm = ALARMS.set(max(0.0, seconds), watch.fire)
        try:
            yield watch
        finally:
            ALARMS.clear(alarm)
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
