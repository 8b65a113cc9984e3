"""Syncs in a process of their own, so that a big feed never competes with the frames.

Downloading, parsing and validating a 2 MB feed, decoding and pre-scaling its images and
writing the cache hold Python's GIL for tens of milliseconds at a time (``json.loads`` of
the whole feed is one call): in the player's process that stalls its GUI thread and
drops frames of a crossfade. Here a child process (no Qt) owns the network and the
cache writes, and hands the player each new snapshot as small pieces: one pickle per
item, each loaded in a few microseconds, so the player's sync thread gives the GIL back
to the GUI thread at every switch interval.

The two processes speak over the child's stdin/stdout in frames (a 4-byte length, then
a pickle). Pickle is safe here: both ends are this program, the pipe is private to
them, and nothing from the network is ever unpickled (the child validates every feed
as before). If the child dies, the sync in flight fails with a report that says so and
the next one starts a new child; if the player dies, the child sees its stdin close and
ends.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import IO, Any, Final
from zoneinfo import ZoneInfo

from signage.config import ExtraSource, SourceSection
from signage.feed import SECTIONS, Feed
from signage.snapshot import Snapshot
from signage.sources.alarms import ALARMS
from signage.sources.sync import Outcome, Syncer, SyncReport

log = logging.getLogger(__name__)

_LENGTH: Final = struct.Struct(">I")
MAX_FRAME: Final = 64 * 1024 * 1024  # one item, or the report: far below this
# A sync ends by its own deadline (``deadline_seconds``); a child still silent this long
# after it is stuck (a decoder looping…) and is ended. Watching the version file: 8 s.
ANSWER_MARGIN_SECONDS: Final = 60.0
WATCH_SECONDS: Final = 8.0
CHILD_NICENESS: Final = 10  # scheduling priority below the player's (0) when CPU is short


@dataclass(frozen=True)
class SyncSetup:
    """What the child needs to build the same ``Syncer`` as the player would."""

    source: SourceSection
    site_id: str
    image_box: tuple[int, int]
    extras: tuple[ExtraSource, ...]
    zone: str
    watch: bool  # also poll the publisher's version file (``watch_seconds``)
    held_version: str  # the content the player shows from the cache: not sent again


# -- frames ---------------------------------------------------------------------------


def _send(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)


def _receive(stream: IO[bytes]) -> Any:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the other process closed the pipe")
    (size,) = _LENGTH.unpack(head)
    if size > MAX_FRAME:
        raise EOFError(f"a frame of {size:,} bytes: the pipe is out of step")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the other process closed the pipe mid-frame")
    return pickle.loads(data)  # our own child, over a private pipe (module docstring)


# -- the player's side ----------------------------------------------------------------


class SyncProcess:
    """The player's handle on its sync process: ``sync()`` and ``watch()`` are called
    from the scheduler's threads and wait for the child's answer (the wait releases the
    GIL); the snapshot comes back item by item."""

    def __init__(
        self,
        setup: SyncSetup,
        *,
        python: str = sys.executable,
        answer_margin: float = ANSWER_MARGIN_SECONDS,
    ) -> None:
        self._setup = setup
        self._margin = answer_margin
        self._python = python
        self._child: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # one conversation at a time
        self._closed = False
        self._discard: str | None = None
        # The feed the child last sent (or the cached one both started from): an
        # unchanged sync sends only the snapshot's dates, and this feed goes with them.
        self._feed: Feed | None = None

    @property
    def pid(self) -> int | None:
        return self._child.pid if self._child is not None else None

    def discard_soon(self, reason: str) -> None:
        """The content broke the player: the child sets it aside at its next sync."""
        self._discard = reason

    def sync(self, held: Snapshot | None) -> SyncReport:
        """One sync in the child; the report's snapshot is ``held`` itself when the
        content did not change (so the player has nothing to apply). A child that does
        not answer within its sync's deadline and a minute is ended: that sync fails,
        the next one starts a new child."""
        answer = self._setup.source.deadline_seconds + self._margin
        with self._lock, self._answer_within(answer):
            first = self._child is None
            if first and held is not None and held.version == self._setup.held_version:
                self._feed = held.feed  # the first child starts from the same cache
            reason, self._discard = self._discard, None
            try:
                child = self._ensure_child()
                assert child.stdin is not None and child.stdout is not None
                _send(child.stdin, ("sync", reason))
                child.stdin.flush()
                report: SyncReport
                report, kind, meta, counts = _receive(child.stdout)
                snapshot = self._snapshot(child.stdout, held, kind, meta, counts)
            except (EOFError, OSError, pickle.UnpicklingError) as exc:
                # Content that broke the player is still set aside, by the next child.
                self._discard = self._discard or reason
                return self._lost(exc, held)
        return replace(report, snapshot=snapshot)

    def watch(self) -> bool:
        """Whether the publisher has newer content (the child reads the version file).
        False while a sync is running: that sync is bringing it anyway."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            with self._answer_within(WATCH_SECONDS + self._margin):
                child = self._ensure_child()
                assert child.stdin is not None and child.stdout is not None
                _send(child.stdin, ("watch",))
                child.stdin.flush()
                return bool(_receive(child.stdout))
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            self._lost(exc, None)
            return False
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def _answer_within(self, seconds: float) -> Iterator[None]:
        """End the child if this conversation lasts longer than ``seconds``: the read
        then ends (the pipe closes) and the sync fails, instead of waiting for ever."""
        alarm = ALARMS.set(seconds, self._end_stuck_child)
        try:
            yield
        finally:
            ALARMS.clear(alarm)

    def _end_stuck_child(self) -> None:
        child = self._child
        if child is not None and child.poll() is None:
            log.error("the sync process did not answer in time: ended")
            child.kill()

    def abandon(self) -> None:
        """Stop now, from any thread: the child ends (its requests with it); a sync in
        flight returns a failed report, which nobody reads any more."""
        self._closed = True
        child = self._child
        if child is not None and child.poll() is None:
            child.terminate()

    def close(self) -> None:
        """End the child: asked politely, then told."""
        self._closed = True
        child = self._child
        if child is None:
            return
        try:
            if child.stdin is not None:
                child.stdin.close()  # the child's read ends: it exits
            child.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            child.kill()
            child.wait(timeout=5)
        finally:
            _release(child)

    # -- inside --------------------------------------------------------------------

    def _ensure_child(self) -> subprocess.Popen[bytes]:
        if self._closed:
            raise EOFError("the sync process was stopped")
        if self._child is not None and self._child.poll() is None:
            return self._child
        setup = self._setup
        if self._child is not None:
            log.warning("sync process ended (code %s): starting a new one", self._child.returncode)
            _release(self._child)
            self._feed = None  # a new child sends its content whole
            setup = replace(setup, held_version="")
        self._child = subprocess.Popen(
            [self._python, "-m", "signage.sources.sync_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        assert self._child.stdin is not None
        _send(self._child.stdin, setup)
        return self._child

    def _snapshot(
        self,
        stream: IO[bytes],
        held: Snapshot | None,
        kind: str,
        meta: Snapshot | None,
        counts: dict[str, int],
    ) -> Snapshot | None:
        if meta is None:
            return held
        if kind == "same":
            if self._feed is None:  # cannot happen: the child sent it, or both started
                raise EOFError("the sync process and the player are out of step")
            if (
                held is not None
                and held.feed is self._feed
                and meta == replace(held, feed=meta.feed)
            ):
                return held  # nothing new at all: the player has nothing to apply
            return replace(meta, feed=self._feed)
        sections: dict[str, tuple[Any, ...]] = {}
        pace = _Pace()
        for section in SECTIONS:
            items = []
            for _ in range(counts.get(section, 0)):
                # One small pickle at a time, and a pause every few milliseconds: the
                # GUI thread finds the GIL free at once, and a CPU to run on.
                items.append(_receive(stream))
                pace.step()
            sections[section] = tuple(items)
        self._feed = meta.feed.model_copy(update=sections)
        return replace(meta, feed=self._feed)

    def _lost(self, exc: BaseException, held: Snapshot | None) -> SyncReport:
        child, code = self._child, None
        if child is not None:
            try:
                code = child.wait(timeout=1)  # it closed the pipe as it ended
            except subprocess.TimeoutExpired:
                child.kill()  # alive but out of step: start afresh next time
                child.wait(timeout=5)
        if self._closed:
            return SyncReport(Outcome.FAILED, "sync stopped", held)
        why = f"it ended with code {code}" if code is not None else str(exc)
        log.error("sync process lost (%s); the next sync starts a new one", why)
        return SyncReport(Outcome.FAILED, f"sync failed: the sync process was lost ({why})", held)


class _Pace:
    """Lets the GUI thread through while a snapshot is taken in: after each
    ``WORK_SECONDS`` of this thread's work, a pause of as long, the GIL released."""

    WORK_SECONDS: Final = 0.002

    def __init__(self) -> None:
        self._since = time.perf_counter()

    def step(self) -> None:
        now = time.perf_counter()
        if now - self._since >= self.WORK_SECONDS:
            time.sleep(self.WORK_SECONDS)
            self._since = time.perf_counter()


def _release(child: subprocess.Popen[bytes]) -> None:
    """Close the pipes of a child that has ended."""
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()


# -- the child's side -----------------------------------------------------------------


class _Child:
    def __init__(self, setup: SyncSetup) -> None:
        zone = ZoneInfo(setup.zone)
        self.syncer = Syncer(
            setup.source,
            setup.site_id,
            image_box=setup.image_box,
            extras=setup.extras,
            zone=zone,
        )
        started = self.syncer.start()
        # The player shows the same cached content: it is not sent to it again.
        self._sent: Feed | None = (
            started.feed if started is not None and started.version == setup.held_version else None
        )
        self.signal = None
        if setup.watch:
            from signage.sources.change_signal import ChangeSignal  # noqa: PLC0415
            from signage.sources.sync import user_agent  # noqa: PLC0415

            self.signal = ChangeSignal(
                setup.source.feed, self._held_sequence, user_agent(setup.site_id)
            )

    def _held_sequence(self) -> int | None:
        snapshot = self.syncer.snapshot
        return snapshot.feed.sequence if snapshot is not None else None

    def sync(self, out: IO[bytes], discard: str | None) -> None:
        if discard is not None:
            self.syncer.discard(discard)
        report = self.syncer.sync()
        snapshot = report.snapshot
        bare = replace(report, snapshot=None)
        if snapshot is None:
            _send(out, (bare, "none", None, {}))
        elif snapshot.feed is self._sent:
            _send(out, (bare, "same", replace(snapshot, feed=_EMPTY), {}))
        else:
            feed = snapshot.feed
            envelope = feed.model_copy(update={section: () for section in SECTIONS})
            counts = {section: len(getattr(feed, section)) for section in SECTIONS}
            _send(out, (bare, "new", replace(snapshot, feed=envelope), counts))
            for section in SECTIONS:
                for item in getattr(feed, section):
                    _send(out, item)
            self._sent = feed
        out.flush()

    def watch(self, out: IO[bytes]) -> None:
        due = False
        if self.signal is not None:
            try:
                due = self.signal.poll()
            except Exception:  # a bug in the check must not end the process
                log.exception("change check failed")
        _send(out, due)
        out.flush()


_EMPTY: Final = Feed(format="esc-signage-feed", version=1)


def main() -> int:
    """The child: setup, then one command at a time until the player closes the pipe."""
    # The frames own the real stdout; a stray print goes to stderr (the journal).
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    commands = sys.stdin.buffer
    # Never urgent next to a frame: on a busy CPU the player's process goes first.
    with contextlib.suppress(OSError):
        os.nice(CHILD_NICENESS)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s (sync): %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        child = _Child(_receive(commands))
        while True:
            command = _receive(commands)
            if command[0] == "sync":
                child.sync(out, command[1])
            elif command[0] == "watch":
                child.watch(out)
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return 0  # the player closed the pipe, or is gone


if __name__ == "__main__":
    sys.exit(main())
