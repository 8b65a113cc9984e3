"""A pool of long-lived render processes fed one request at a time.

A request waits for a free process; a process that does not answer in time, or dies,
is killed and replaced, and that preview alone fails ("aperçu indisponible"). Qt lives
only in those processes: the web process never imports it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import selectors
import subprocess
import sys
import threading
import time
from typing import IO, Any, Final, cast

from signage.console.preview.frames import receive, send

START_SECONDS: Final = 60.0  # Qt's first start on a Pi with an SD card
ANSWER_SECONDS: Final = 30.0


class PreviewFailed(Exception):
    """The preview could not be painted (the reason is for the log)."""


class Worker:
    def __init__(self) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "signage.console.preview.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.ready = False

    def call(self, request: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        stdin = cast(IO[bytes], self.process.stdin)
        stdout = cast(IO[bytes], self.process.stdout)
        if not self.ready:
            self._wait(stdout, START_SECONDS)
            if receive(stdout) is None:
                raise PreviewFailed("the render process did not start")
            self.ready = True
        try:
            send(stdin, request)
        except (BrokenPipeError, OSError) as exc:
            raise PreviewFailed(f"the render process is gone ({exc})") from exc
        self._wait(stdout, timeout)
        frame = receive(stdout)
        if frame is None:
            raise PreviewFailed("the render process stopped while painting")
        return frame

    def _wait(self, stream: IO[bytes], timeout: float) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(stream, selectors.EVENT_READ)
            if not selector.select(timeout):
                raise PreviewFailed(f"no answer within {timeout:g} s")

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class RenderPool:
    def __init__(self, size: int) -> None:
        self.size = max(size, 1)
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()

    def _take(self, timeout: float) -> Worker:
        with self._lock:
            if self._idle.empty() and self._started < self.size:
                self._started += 1
                return Worker()
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PreviewFailed("every render process is busy") from None

    def render(
        self, request: dict[str, Any], timeout: float = ANSWER_SECONDS
    ) -> tuple[dict[str, Any], bytes]:
        started = time.monotonic()
        worker = self._take(timeout)
        try:
            left = max(timeout - (time.monotonic() - started), 1.0)
            answer = worker.call(request, left)
        except (PreviewFailed, ValueError, OSError) as exc:
            worker.stop()
            worker = Worker()  # a fresh one takes its place
            raise PreviewFailed(str(exc)) from exc
        finally:
            self._idle.put(worker)
        return answer

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().stop()


_pool: RenderPool | None = None
_pool_lock = threading.Lock()


def pool() -> RenderPool:
    from django.conf import settings  # noqa: PLC0415

    global _pool  # noqa: PLW0603 (one pool per web process)
    with _pool_lock:
        if _pool is None:
            _pool = RenderPool(settings.PREVIEW_WORKERS)
            atexit.register(_pool.close)
        return _pool
