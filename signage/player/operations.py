"""Running unattended: systemd notifications, the status file, the proof-of-display log,
heartbeats with a screenshot, and the local socket ``signage screenshot`` talks to."""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, QTimer
from PySide6.QtGui import QImage, QImageWriter
from PySide6.QtNetwork import QLocalServer

from signage import __version__
from signage.config import ScreenConfig, token_exposed
from signage.ops.heartbeat import HeartbeatSender
from signage.ops.paths import records_folder, screenshot_socket
from signage.ops.records import Recorder
from signage.ops.systemd import Notifier
from signage.ops.tally import Tally
from signage.player.supervision import Watchdog
from signage.slides import (
    KIND_OF,
    AgendaSlide,
    AnnouncementSlide,
    AppsSlide,
    PosterSlide,
    SemainierSlide,
    Slide,
    UrgentSlide,
    WifiSlide,
)
from signage.sources.sync import Outcome, SyncReport, user_agent

if TYPE_CHECKING:
    from signage.player.app import Player

log = logging.getLogger(__name__)


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"png")).write(image)
    buffer.close()
    return bytes(buffer.data().data())


def item_ids(slide: Slide) -> list[str]:
    """The ids of the items a slide showed (for the partners' reports)."""
    items: list[Any] = []
    if isinstance(slide, SemainierSlide):
        items = [v.slot for v in slide.slots]
    elif isinstance(slide, AgendaSlide):
        items = list(slide.workshops)
    elif isinstance(slide, AppsSlide):
        items = list(slide.apps)
    elif isinstance(slide, WifiSlide):
        items = [slide.offer]
    elif isinstance(slide, AnnouncementSlide):
        items = [slide.announcement]
    elif isinstance(slide, PosterSlide):
        items = [slide.poster]
    return [str(i.id) for i in items if getattr(i, "id", None)]


def _sender(config: ScreenConfig) -> HeartbeatSender | None:
    beat = config.heartbeat
    if token_exposed(beat.url, beat.token):
        log.error("heartbeat: %s is http://: the token is never sent in clear", beat.url)
        return None
    return HeartbeatSender(beat.url, beat.token, user_agent(config.site.id)) if beat.url else None


class Operations(QObject):
    """Everything an admin needs to see a screen from afar, wired to one Player."""

    def __init__(
        self,
        player: Player,
        config: ScreenConfig,
        notifier: Notifier | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._player = player
        self._config = config
        self._notifier = notifier or Notifier()
        self._watchdog = Watchdog(self._notifier, self)
        self.recorder = Recorder(
            records_folder(config), max_log_bytes=int(config.records.max_log_mb * 1024 * 1024)
        )
        self._started = time.monotonic()
        self._ready = False
        self._told_ready = False
        self._ready_status = ""
        self._content_announced = False
        self._showing: tuple[Slide, datetime] | None = None
        # The last success survives a restart (the status file is read back).
        self._last_ok: str | None = self.recorder.previous_status().get("last_success")
        self._last_error: str | None = None
        self.tally = Tally()  # what was shown since the last heartbeat, per item
        self.heartbeat = _sender(config)
        self._beat_timer = QTimer(self)
        self._beat_timer.timeout.connect(self.send_heartbeat)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._serve_screenshot)

    def start(self) -> None:
        self._watchdog.start()
        if self.heartbeat is not None:
            self._beat_timer.start(int(self._config.heartbeat.minutes * 60_000))
        name = str(screenshot_socket())
        QLocalServer.removeServer(name)  # a socket file left by a crash
        # Owner only (mode 0600), in a folder only the owner can enter (0700).
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(name):
            log.warning("screenshot socket not available: %s", self._server.errorString())
        self.write_status()

    def apply_config(self, config: ScreenConfig) -> None:
        """The config changed while running (an edit, or new settings from the console):
        the heartbeat (added, removed, another address, token or interval) and what the
        status reports follow at once, and the console hears it now, not in N minutes."""
        old, self._config = self._config, config
        if old.heartbeat == config.heartbeat and old.site.id == config.site.id:
            self.send_heartbeat(screenshot=False)
            return
        self._beat_timer.stop()
        if self.heartbeat is not None:
            self.heartbeat.stop()
        self.heartbeat = _sender(config)
        if self.heartbeat is not None:
            self._beat_timer.start(int(config.heartbeat.minutes * 60_000))
            self.send_heartbeat()  # the console sees the change now, not in N minutes

    def stop(self) -> None:
        self._end_showing()
        self._watchdog.stop()
        self._beat_timer.stop()
        self._server.close()
        if self.heartbeat is not None:
            self.heartbeat.stop()
        self.recorder.stop()

    # -- events -------------------------------------------------------------------------

    def on_shown(self, key: str) -> None:
        slide = self._player.rotation.current
        if slide is None or slide.key != key or self._player.sleep.sleeping:
            return  # nothing counts as shown while the display sleeps
        self._end_showing()
        self._showing = (slide, self._player.clock.now())
        status = self.describe(slide)
        if not self._ready:
            self._ready = True
            self._ready_status = status
            # systemd hears READY=1 once the slide is drawn on the window, not when it
            # is handed to the stage (a frame later); a window that never draws (hidden,
            # its output off) says it after two seconds all the same.
            stage = self._player.stage
            stage.frameSwapped.connect(self._drawn, Qt.ConnectionType.SingleShotConnection)
            QTimer.singleShot(2000, self, self._drawn)
            # The console sees the screen as soon as it shows (no picture yet: the first
            # frame is still being drawn).
            self.send_heartbeat(screenshot=False)
        elif not self._content_announced and KIND_OF.get(type(slide)) is not None:
            # And again with the first real slide: the console's screenshot then shows
            # content, not the start-up slide, without waiting for the interval.
            self._content_announced = True
            # After the crossfade: a picture taken now would still show the start slide.
            fade = int(self._config.display.transition_seconds * 1000)
            QTimer.singleShot(fade + 200, self, self.send_heartbeat)
        else:
            self._notifier.status(status)
        self.write_status()

    def _drawn(self) -> None:
        if not self._told_ready:
            self._told_ready = True
            self._notifier.ready(self._ready_status)

    def on_sleep(self, sleeping: bool) -> None:
        if sleeping:
            self._end_showing()
        self._notifier.status("asleep (closed)" if sleeping else "awake")
        self.write_status()
        # A screen going to sleep or waking is news for the console: « en veille », not
        # « en retard », from this minute on.
        self.send_heartbeat(screenshot=False)

    def on_report(self, report: SyncReport) -> None:
        now = self._local(self._player.clock.now())
        if report.ok:
            self._last_ok = now
            self._last_error = None  # recovered: an old error would mislead
        else:
            self._last_error = f"{now} {report.message}"
        self.write_status()
        if report.outcome is Outcome.UPDATED:
            # New content: the console learns at once which publication this screen holds
            # (it would otherwise call it late until the next interval), with a picture
            # taken once the change is on screen.
            fade = int(self._config.display.transition_seconds * 1000)
            QTimer.singleShot(fade + 1500, self, self.send_heartbeat)

    def _local(self, moment: datetime) -> str:
        """A time as the screen shows it, with its offset (the status is read by people)."""
        return moment.astimezone(self._player.site.zone).isoformat(timespec="seconds")

    # -- status -------------------------------------------------------------------------

    def describe(self, slide: Slide) -> str:
        if isinstance(slide, UrgentSlide):
            title = slide.announcement.title.pick("fr")
            return f"urgent {slide.page}/{slide.pages} — {slide.site.name}: {title}"
        kind = KIND_OF.get(type(slide))
        return (
            f"{kind.value if kind else 'fallback'} {slide.page}/{slide.pages} — {slide.site.name}"
        )

    def status(self) -> dict[str, Any]:
        player = self._player
        snapshot = player.snapshot
        now = player.clock.now()
        current = player.rotation.current
        return {
            "version": __version__,
            "site": {"id": self._config.site.id, "name": player.site.name},
            "updated_at": self._local(now),
            "uptime_seconds": round(time.monotonic() - self._started),
            "pid": os.getpid(),
            "display": "asleep" if player.sleep.sleeping else "awake",
            "site_unknown": player.conditions.active("site"),
            "wakes_at": self._local(player.sleep.next_change)
            if player.sleep.sleeping and player.sleep.next_change is not None
            else None,
            "current_slide": None
            if current is None
            else {"key": current.key, "description": self.describe(current)},
            "content": {
                "version": snapshot.version[:16],
                "source": snapshot.source,
                "confirmed_at": self._local(snapshot.confirmed_at),
                "age_seconds": round((now - snapshot.confirmed_at).total_seconds()),
                "sequence": snapshot.feed.sequence,
                "generated_at": (
                    snapshot.feed.generated_at.isoformat(timespec="seconds")
                    if snapshot.feed.generated_at
                    else None
                ),
            },
            "sync": {
                "last_success": self._last_ok,
                "last_error": self._last_error,
                "refresh_minutes": self._config.source.refresh_minutes,
                "watch_seconds": self._config.source.watch_seconds,
            },
            "heartbeat_minutes": self._config.heartbeat.minutes,
            "screenshot_socket": self._server.fullServerName() or None,
        }

    def write_status(self) -> None:
        self.recorder.status(self.status())

    # -- proof of display ----------------------------------------------------------------

    def _end_showing(self) -> None:
        if self._showing is None:
            return
        slide, began = self._showing
        self._showing = None
        kind = KIND_OF.get(type(slide))
        name = "urgent" if isinstance(slide, UrgentSlide) else kind.value if kind else "fallback"
        seconds = round(max(0.0, (self._player.clock.now() - began).total_seconds()), 1)
        items = item_ids(slide)
        self.recorder.shown(
            {
                "at": began.isoformat(timespec="seconds"),
                "site": self._config.site.id,
                "kind": name,
                "slide": slide.key,
                "items": items,
                "seconds": seconds,
            }
        )
        self.tally.add(name, items, seconds, began)

    # -- screenshots ---------------------------------------------------------------------

    def screenshot(self, width: int | None = None) -> QImage:
        image = self._player.stage.grab_frame()
        if width and image.width() > width:
            image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        return image

    def full_screenshot(self) -> bytes:
        """What the screen shows, at its full size (asked for from the console)."""
        return png_bytes(self.screenshot())

    def send_heartbeat(self, *, screenshot: bool = True) -> None:
        if self.heartbeat is None:
            return
        wanted = screenshot and self._config.heartbeat.screenshot
        shot = png_bytes(self.screenshot(480)) if wanted else None
        status = self.status()
        if self._player.link is not None and self._player.link.link.problem:
            status["console_problem"] = self._player.link.link.problem
        self.heartbeat.submit(status, shot, self.tally.take())

    def _serve_screenshot(self) -> None:
        connection = self._server.nextPendingConnection()
        if connection is None:
            return
        connection.write(QByteArray(png_bytes(self.screenshot())))
        connection.flush()
        connection.disconnectFromServer()
