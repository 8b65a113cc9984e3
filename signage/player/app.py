"""The composition root: builds and wires the player. Nothing happens at import time.

``Player`` takes its collaborators (clock, syncer, theme, renderer) in its constructor
with real defaults, so tests run it on a fixed clock and a local feed without patching.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QImage

from signage.clock import Clock, SystemClock
from signage.conditions import Conditions
from signage.config import (
    DisplayMode,
    DisplaySection,
    LoadedConfig,
    Orientation,
    ScreenConfig,
    Transition,
    load_config,
    read_toml,
)
from signage.content_index import warm
from signage.display_power import DisplayPower
from signage.i18n import label
from signage.model import Site
from signage.model.hours import OpeningHours
from signage.ops.systemd import Notifier
from signage.player.config_watch import ConfigWatcher
from signage.player.context import PaintContext
from signage.player.fonts import load_fonts
from signage.player.images import ImageLoader
from signage.player.operations import Operations
from signage.player.render import render_body
from signage.player.rotation import Rotation
from signage.player.signals import quit_on_signals
from signage.player.sleep import SleepController
from signage.player.stage import SlideStage, place_window
from signage.player.theme import Theme
from signage.playlist import (
    build_playlist,
    fallback_slide,
    next_change,
    resolve_site,
    unknown_site,
)
from signage.schedule import effective_hours
from signage.slides import FallbackSlide, Slide, UrgentSlide
from signage.snapshot import Snapshot, empty_snapshot
from signage.sources.sync import Syncer, SyncReport, site_zone, user_agent

if TYPE_CHECKING:
    from signage.player.console_link import ConsoleLink
    from signage.player.pairing_screen import PairingScreen
    from signage.player.sync_bridge import SyncBridge
    from signage.sources.change_signal import ChangeSignal
    from signage.sources.sync_process import SyncProcess

log = logging.getLogger(__name__)

Renderer = Callable[[Slide, QSize, PaintContext], QImage]


def sync_and_index(sync: Callable[[], SyncReport], site_id: str) -> SyncReport:
    """One sync, then the new content sorted for its site, both in the sync thread: the
    GUI thread's next slide change finds the index ready (``content_index``)."""
    report = sync()
    if report.snapshot is not None:
        try:
            warm(report.snapshot.feed, site_id)
        except Exception:  # the GUI thread will try again, guarded
            log.exception("content index not built")
    return report


def sync_and_settle(
    sync: Callable[[], SyncReport], site_id: str, held: Callable[[], Snapshot]
) -> SyncReport:
    """``sync_and_index``, then new content set apart from the garbage collector.

    A full collection walks every object the process holds, the GIL held: with a big
    feed, 100 ms during which no frame is drawn. New content is long-lived, so once it
    is indexed the young objects are collected (a few ms) and everything alive is frozen
    (``gc.freeze``): full collections then walk only what came after. A frozen snapshot
    replaced later is still freed, by reference counting (its objects form no cycles).
    """
    _lower_priority()  # this thread's share of a busy CPU goes to the GUI thread first
    before = held().feed
    report = sync_and_index(sync, site_id)
    if report.snapshot is not None and report.snapshot.feed is not before:
        gc.collect(1)
        gc.freeze()
    return report


def _lower_priority() -> None:
    """Give the calling thread the sync process's niceness (Linux schedules threads
    one by one); elsewhere, or if refused, nothing changes."""
    from signage.sources.sync_process import CHILD_NICENESS  # noqa: PLC0415

    with contextlib.suppress(OSError, AttributeError):
        thread = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, thread) < CHILD_NICENESS:
            os.setpriority(os.PRIO_PROCESS, thread, CHILD_NICENESS)


def display_available(environ: dict[str, str] | None = None) -> bool:
    """Whether Qt can open a window here (a display, or an explicit platform plugin)."""
    env = os.environ if environ is None else environ
    if env.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform != "linux":
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def screen_box(portrait: bool) -> tuple[int, int]:
    """The size, in device pixels, that images are pre-scaled to: the primary screen's."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        width, height = 1920, 1080
    else:
        size = screen.size() * screen.devicePixelRatio()
        width, height = max(size.width(), 640), max(size.height(), 360)
    if portrait != (height > width):
        width, height = height, width
    return width, height


class Player:
    """One screen: cache + scheduled sync → snapshot → rotation → stage (the window)."""

    def __init__(
        self,
        loaded: LoadedConfig,
        *,
        clock: Clock | None = None,
        syncer: Syncer | None = None,
        theme: Theme | None = None,
        windowed: bool | None = None,
        time_scale: float = 1.0,
        renderer: Renderer = render_body,
        allow_sleep: bool | None = None,
        notifier: Notifier | None = None,
        sync_process: bool | None = None,
    ) -> None:
        self._render = renderer
        self.clock = clock or SystemClock()
        self._theme = theme
        self.config = loaded.config
        self.conditions = Conditions(log)
        # One decoded-image cache for the player's life: a PaintContext is made per paint.
        self._images = ImageLoader()
        self._problem = ""
        self._failed: set[str] = set()
        self.syncer: Syncer | None = None
        self.bridge: SyncBridge | None = None
        self.change_signal: ChangeSignal | None = None
        # Syncs run in a process of their own (``sync_process``), unless a test injects
        # a clock or a syncer: the child would not share them.
        self._separate_sync = (
            sync_process if sync_process is not None else (clock is None and syncer is None)
        )
        self.sync_process: SyncProcess | None = None
        self._sync_started = False
        self._stopped = False
        self._time_scale = time_scale
        self._injected_syncer = syncer
        if self.config is None:
            # A broken config never blacks out the screen: it says so, on screen and in
            # the log, with the file and the first problem, until the file is fixed.
            for problem in loaded.errors:
                log.error("%s: %s", loaded.path, problem)
            self._problem = (
                f"{label('config_problem', 'fr')}\n{loaded.path.name} — {loaded.errors[0]}"
            )
            self.snapshot = empty_snapshot("", self.clock.now())
            self.site = Site(id="unknown", name="Signage")
            display = DisplaySection(transition=Transition.NONE)
        else:
            display = self.config.display
            self.syncer = syncer or self._make_syncer(self.config)
            self.snapshot = self._first_snapshot(self.syncer)
            self.site = resolve_site(self.snapshot.feed, self.config)
        self.windowed = windowed if windowed is not None else display.mode is DisplayMode.WINDOWED
        # A desktop preview never sleeps: a referent trying it at night would see black.
        self._allow_sleep = (not self.windowed) if allow_sleep is None else allow_sleep
        self.theme = self._theme_for(display)
        self.languages = display.languages
        self.language = self.languages[0]
        self._shown = 0  # slides shown so far: picks the language when alternating
        self.stage = SlideStage(self.paint_context, quit_keys=self.windowed)
        self._apply_display(display)
        self.rotation = Rotation(
            self._playlist,
            self.clock,
            time_scale=time_scale,
            changes=self._next_change,
            parent=self.stage,
        )
        self.rotation.slideChanged.connect(self._show)
        self.rotation.slideRefreshed.connect(lambda slide: self._show(slide, fade=False))
        self.stage.resized.connect(self._repaint_current)
        self.sleep = SleepController(self.clock, self._hours, self._power(), parent=self.stage)
        self.sleep.sleepingChanged.connect(self._set_sleeping)
        self.watcher = ConfigWatcher(loaded.path, parent=self.stage)
        self.watcher.reloaded.connect(self.apply_config)
        self.operations: Operations | None = None
        if self.config is not None:
            self.operations = Operations(self, self.config, notifier, parent=self.stage)
            self.stage.shown.connect(self.operations.on_shown)
            self.sleep.sleepingChanged.connect(self.operations.on_sleep)
        # Paired with a console: settings and commands come from there.
        self.link: ConsoleLink | None = None
        if self.config is not None and self.config.console is not None:
            from signage.player.console_link import ConsoleLink  # noqa: PLC0415

            self.link = ConsoleLink(self, self.config, loaded.path)
            self.watcher.also(self.link.paths)
            self.link.revoked.connect(lambda: exit_loop(RELOAD))
            self.link.restart.connect(lambda: exit_loop(RESTART))

    def _make_syncer(self, config: ScreenConfig) -> Syncer:
        portrait = config.display.orientation is Orientation.PORTRAIT
        return Syncer(
            config.source,
            config.site.id,
            clock=self.clock,
            image_box=screen_box(portrait),
            extras=config.sources,
            zone=site_zone(config),
            keep_ready=False,  # its sync process writes the ready snapshot, off the GUI
        )

    def _connect_sync(self) -> None:
        # Imported here: the scheduler and the HTTP stack are not needed for the first
        # frame, which the cached content paints (``start`` calls this after it).
        from signage.player.sync_bridge import SyncBridge  # noqa: PLC0415

        if self.config is None or self.syncer is None:
            return
        interval = self.config.source.refresh_minutes
        if self.config.urgent.refresh_minutes is not None:
            # Urgent messages must arrive sooner: sync (a cheap 304 when unchanged) as
            # often as the urgent check asks.
            interval = min(interval, self.config.urgent.refresh_minutes)
        # Each calendar or spreadsheet is fetched when its own interval is due.
        interval = min([interval, *(s.refresh_minutes for s in self.config.sources)])
        self._close_sync()
        source = self.config.source
        site_id = self.config.site.id
        sync: Callable[[], SyncReport]
        abandon: Callable[[], None]
        watch: Callable[[], bool] | None = None
        if self._separate_sync:
            from signage.sources.sync_process import SyncProcess, SyncSetup  # noqa: PLC0415

            process = SyncProcess(
                SyncSetup(
                    source,
                    site_id,
                    self.syncer.image_box,
                    self.config.sources,
                    site_zone(self.config).key,
                    watch=source.watch_seconds > 0,
                    held_version=self.snapshot.version,
                )
            )
            self.sync_process = process
            sync, abandon = (lambda: process.sync(self.snapshot)), process.abandon
            watch = process.watch if source.watch_seconds > 0 else None
        else:
            from signage.sources.change_signal import ChangeSignal  # noqa: PLC0415

            sync, abandon = self.syncer.sync, self.syncer.abandon
            if source.watch_seconds > 0:
                self.change_signal = ChangeSignal(
                    source.feed, lambda: self.snapshot.feed.sequence, user_agent(site_id)
                )
                watch = self.change_signal.poll
        job = (
            partial(sync_and_settle, sync, site_id, lambda: self.snapshot)
            if self._separate_sync
            else partial(sync_and_index, sync, site_id)
        )
        self.bridge = SyncBridge(
            job,
            interval=timedelta(minutes=interval),
            zone=self.site.zone,
            abandon=abandon,
            watch=watch,
            watch_seconds=source.watch_seconds,
            parent=self.stage,
        )
        self.bridge.synced.connect(self.apply_report)
        if self.operations is not None:
            self.bridge.synced.connect(self.operations.on_report)

    def _close_sync(self) -> None:
        if self.change_signal is not None:
            self.change_signal.close()
            self.change_signal = None
        if self.sync_process is not None:
            self.sync_process.close()
            self.sync_process = None

    def _start_sync(self) -> None:
        """With a sync process, the schedule starts once the first slide is on screen
        (or after two seconds, if the screen starts asleep): nothing of it delays the
        first frame."""
        if self._sync_started or self._stopped or self.config is None:
            return
        self._sync_started = True
        if self._separate_sync:
            # What start-up loaded (modules, models, Qt's wrappers, the cached content)
            # lives as long as the process: out of the collector's full passes.
            gc.freeze()
        self._connect_sync()
        if self.bridge is not None:
            self.bridge.start()

    def _restart_sync(self, config: ScreenConfig) -> None:
        """Another source or site: a new syncer, its cached content, a new schedule."""
        if self.bridge is not None:
            self.bridge.stop()
        if self.syncer is not None:
            self.syncer.close()
        self.syncer = self._injected_syncer or self._make_syncer(config)
        self.snapshot = self._first_snapshot(self.syncer)
        if not self._sync_started:
            return  # the schedule has not started yet: it will, with this syncer
        self._connect_sync()
        if self.bridge is not None:
            self.bridge.start()

    def _theme_for(self, display: DisplaySection) -> Theme:
        return self._theme or Theme.named(display.theme.value, load_fonts(), display.accent)

    def _apply_display(self, display: DisplaySection) -> None:
        transition_ms = (
            0 if display.transition is Transition.NONE else round(display.transition_seconds * 1000)
        )
        self.stage.configure(
            transition_ms,
            # "Reduce motion" keeps the fade (no movement) instead of a sliding change.
            "crossfade" if display.reduce_motion else display.transition.value,
            display.orientation is Orientation.PORTRAIT,
        )

    def _power(self) -> DisplayPower | None:
        if self.config is None:
            return None
        hours = self.config.hours
        if not (hours.sleep_command or hours.wake_command):
            return None
        return DisplayPower(hours.sleep_command, hours.wake_command, hours.command_timeout_seconds)

    def _hours(self) -> tuple[OpeningHours, ZoneInfo, timedelta]:
        if self.config is None or not self._allow_sleep:
            return OpeningHours(), self.site.zone, timedelta(0)
        return effective_hours(self.config, self.site)

    def _set_sleeping(self, sleeping: bool) -> None:
        self.stage.set_sleeping(sleeping)
        if sleeping:
            self.rotation.stop()
        else:
            self.rotation.advance()

    def _next_change(self, now: datetime) -> datetime | None:
        if self.config is None:
            return None
        try:
            return next_change(self.snapshot.feed, self.config, now)
        except Exception as exc:  # checked content should never get here; never go dark
            self._content_broke("the next change of the playlist", exc)
            return None

    # -- live config ------------------------------------------------------------------

    def apply_config(self, loaded: LoadedConfig) -> None:
        """The config file changed: apply a valid edit at once, keep running on a bad one."""
        if loaded.pairing is not None:
            exit_loop(RELOAD)  # un-enrolled: the pairing screen
            return
        if loaded.config is None:
            problems = "; ".join(str(p) for p in loaded.errors)
            if self.conditions.set("config", problems, announce=False):
                log.error("%s: edit not applied; the running config stays", loaded.path)
                for problem in loaded.errors:
                    log.error("%s: %s", loaded.path, problem)
            return
        self.conditions.clear("config", f"{loaded.path}: valid again, applied")
        old, self.config = self.config, loaded.config
        if old is None or old.source != loaded.config.source or old.site != loaded.config.site:
            self._restart_sync(loaded.config)
        elif _sync_plan(old) != _sync_plan(loaded.config) and self._sync_started:
            # [urgent] refresh_minutes, a source's interval: a new schedule, same content.
            if self.bridge is not None:
                self.bridge.stop()
            self._connect_sync()
            if self.bridge is not None:
                self.bridge.start()
        self.site = resolve_site(self.snapshot.feed, loaded.config)
        display = loaded.config.display
        self.theme = self._theme_for(display)
        self.languages = display.languages
        self._apply_display(display)
        self.sleep.set_power(self._power())
        if self.operations is not None:
            self.operations.apply_config(loaded.config)
        if self.link is not None:
            self.link.link.every = loaded.config.source.watch_seconds or 10.0
        log.info("%s: config applied", loaded.path)
        self.sleep.check()
        if not self.sleep.sleeping:
            self.rotation.refresh()

    # -- content ----------------------------------------------------------------------

    def _first_snapshot(self, syncer: Syncer) -> Snapshot:
        """The cached content, shown at once, before any network.

        Content that cannot even make a playlist is set aside (the syncer keeps it in
        its ``corrupt/`` folder) and the screen starts from its fallback slide: a cache
        must never turn a restart into a crash loop.
        """
        cached = syncer.start()
        if cached is not None and self.config is not None:
            try:
                build_playlist(cached.feed, self.config, self.clock.now())
                next_change(cached.feed, self.config, self.clock.now())
            except Exception as exc:
                log.error("cached content unusable (%s: %s)", type(exc).__name__, exc)
                syncer.discard(f"the cached content breaks the playlist ({exc})")
                cached = None
        if cached is None:
            log.info("no cached content yet: the fallback slide shows until the first sync")
            return empty_snapshot(syncer.source.feed, self.clock.now())
        log.info(
            "showing cached content from %s (version %s)",
            cached.confirmed_at.isoformat(timespec="minutes"),
            cached.version[:12],
        )
        return cached

    def apply_report(self, report: SyncReport) -> None:
        """A sync finished (GUI thread): log what matters, keep the better snapshot."""
        if report.ok and report.snapshot is not None:
            self.conditions.clear("content", "content usable again")
        if report.ok:
            self.conditions.clear("sync", f"sync works again: {report.message}")
        else:
            self.conditions.set("sync", report.message)
        self.conditions.set("cache", report.cache_error)
        for number, line in enumerate(report.sources):
            trouble = "previous data kept" in line or "left out" in line
            self.conditions.set(f"source {number}", line if trouble else None)
        if report.snapshot is None or report.snapshot is self.snapshot:
            return
        if report.snapshot.feed is self.snapshot.feed:
            # A 304: only the confirmation date moved. Nothing to lay out or check again
            # (a poll every 10 s must cost the GUI thread nothing).
            self.snapshot = report.snapshot
            return
        if report.snapshot.version != self.snapshot.version:
            log.info("content updated: %s", report.message)
            for dropped in report.dropped:
                log.warning("item left out: %s", dropped)
            for refused in report.images_refused:
                log.warning("image left out: %s", refused)
        self.snapshot = report.snapshot
        assert self.config is not None
        try:
            self.site = resolve_site(self.snapshot.feed, self.config)
            self._check_site()
        except Exception as exc:  # checked content should never get here; never go dark
            self._content_broke("the new content's site", exc)
            if not self.sleep.sleeping:
                self.rotation.advance()  # the fallback now, not at the next boundary
            return
        # The content may change the site's opening hours: sleep or wake by the new ones
        # now, not at the next edge the old ones gave.
        self.sleep.check()
        current = self.rotation.current
        if self.sleep.sleeping:
            return
        if isinstance(current, FallbackSlide):
            self.rotation.advance()  # content arrived: no need to wait out the fallback
        else:
            urgent_now = any(isinstance(s, UrgentSlide) for s in self._playlist(self.clock.now()))
            if urgent_now != isinstance(current, UrgentSlide):
                # An urgent message does not wait for the boundary, nor does its withdrawal.
                self.rotation.advance()
        # Otherwise the new content shows from the next slide boundary on.

    def _playlist(self, now: datetime) -> Sequence[Slide]:
        if self.config is None:
            return (fallback_slide(self.site, self._problem),)
        self._check_age(now)
        size = self.stage.screen_size()
        try:
            return build_playlist(
                self.snapshot.feed, self.config, now, (size.width(), size.height())
            )
        except Exception as exc:  # checked content should never get here; never go dark
            self._content_broke("the playlist", exc)
            return (fallback_slide(self.site),)

    def _content_broke(self, what: str, exc: Exception) -> None:
        """Content that passed every check still broke ``what``: show the fallback, set
        the content aside (the next sync fetches it whole), say so once."""
        message = f"content set aside: {what} failed ({type(exc).__name__}: {exc})"
        if self.conditions.set("content", message):
            log.error("%s", message, exc_info=exc)
        if self.sync_process is not None:
            self.sync_process.discard_soon(message)
        elif self.syncer is not None:
            self.syncer.discard_soon(message)
        self.snapshot = empty_snapshot(self.snapshot.source, self.clock.now())

    def _check_site(self) -> None:
        """A typo in the config's site id (``villejan``) would show only what is for every
        site, quietly: said in the log, the status, the console and on the screen."""
        if self.config is None:
            return
        problem = unknown_site(self.snapshot.feed, self.config.site.id)
        if problem is None:
            self.conditions.clear("site", "the site is in the feed again")
        else:
            self.conditions.set("site", problem)

    def _check_age(self, now: datetime) -> None:
        if self.config is None or not self.snapshot.version:
            return
        limit = timedelta(hours=self.config.source.stale_after_hours)
        if self.snapshot.is_stale(now, limit):
            when = self.snapshot.confirmed_at.isoformat(timespec="minutes")
            self.conditions.set("stale", f"content is older than {limit}: last confirmed {when}")
        else:
            self.conditions.clear("stale", "content is fresh again")

    # -- painting ---------------------------------------------------------------------

    def paint_context(self) -> PaintContext:
        now = self.clock.now()
        stale = self.conditions.active("stale") is not None
        return PaintContext(
            now=now.astimezone(self.site.zone),
            language=self.language,
            theme=self.theme,
            images=self._images,
            updated_at=self.snapshot.confirmed_at.astimezone(self.site.zone) if stale else None,
            notice=label("site_unknown", self.language, site=self.config.site.id)
            if self.config is not None and self.conditions.active("site") is not None
            else None,
        )

    def _show(self, slide: Slide, *, fade: bool = True) -> None:
        if fade:  # a new slide (not a repaint): the next language in turn, if alternating
            self.language = self.languages[self._shown % len(self.languages)]
            self._shown += 1
        try:
            body = self._render(slide, self.stage.screen_size(), self.paint_context())
        except Exception:  # a painter bug must not take the screen down
            if slide.key not in self._failed:  # once, not every cycle
                self._failed.add(slide.key)
                log.exception("slide %s could not be painted; skipped", slide.key)
            return
        self.stage.show_slide(body, slide.site, slide.key, fade=fade)

    def _repaint_current(self) -> None:
        if self.rotation.current is not None:
            self._show(self.rotation.current, fade=False)

    # -- life cycle -------------------------------------------------------------------

    def start(self) -> None:
        place_window(self.stage, self.windowed)
        self._check_site()  # against the cached content, before any sync
        if self.operations is not None:
            # Before the first slide: the status it writes then names the screenshot
            # socket, which must already listen.
            self.operations.start()
        self.rotation.start()
        self.sleep.check()
        self.watcher.start()
        if self._separate_sync:
            self.stage.shown.connect(self._start_sync)
            QTimer.singleShot(2000, self.stage, self._start_sync)
        else:
            self._start_sync()
        if self.link is not None:
            self.link.start()

    def stop(self) -> None:
        """Stop syncing and rotating, close the window, and let Qt delete it in order."""
        self._stopped = True  # a sync schedule not started yet never starts
        self.watcher.stop()
        self.sleep.stop()
        if self.link is not None:
            self.link.stop()
        if self.operations is not None:
            self.operations.stop()
        if self.bridge is not None:
            self.bridge.stop()
        self._close_sync()
        if self.syncer is not None:
            self.syncer.close()
        self.rotation.stop()
        self.stage.close()
        self.stage.deleteLater()


# How long a thread holding the GIL keeps it when another asks (Python's default: 5 ms).
# The GUI thread asks at each timer and frame; while the sync thread takes a new snapshot
# in, 1 ms keeps the GUI's waits short (benchmarks/sync_load.py: longest gap of a 5 ms
# timer 7–9 ms instead of 9–13), for a little more switching in that thread.
SWITCH_INTERVAL: Final = 0.001

RELOAD: Final = 1001  # paired, or un-enrolled: read the config again
RESTART: Final = 1002  # the console asked for a fresh process


def exit_loop(code: int) -> None:
    app = QCoreApplication.instance()
    if app is not None:
        app.exit(code)


def run(loaded: LoadedConfig, *, windowed: bool | None = None) -> int:
    """Run the player until its window closes; returns the process exit code."""
    # A QGuiApplication: the stage is a Qt Quick window, and Qt Widgets (its library
    # and bindings: 5 MiB and 5 ms at every start) would serve nothing on a screen.
    app = QCoreApplication.instance() or QGuiApplication(sys.argv[:1])
    app.setApplicationName("signage")
    sys.setswitchinterval(SWITCH_INTERVAL)
    while True:
        code = _run_once(app, loaded, windowed)
        if code == RELOAD:
            loaded = load_config(loaded.path)
            continue
        if code == RESTART:
            log.info("restarting, as the console asked")
            os.execv(sys.executable, [sys.executable, "-m", "signage", *sys.argv[1:]])
        return code


def _run_once(app: QCoreApplication, loaded: LoadedConfig, windowed: bool | None) -> int:
    if loaded.pairing is not None:
        from signage.player.pairing_screen import PairingScreen  # noqa: PLC0415

        source = read_toml(loaded.path).get("source", {})
        keys = [source.get("public_key"), *source.get("public_keys", ())]
        pairing = PairingScreen(
            loaded.pairing, tuple(k for k in keys if isinstance(k, str)), windowed=bool(windowed)
        )
        pairing.paired.connect(lambda: app.exit(RELOAD))
        return _exec(app, pairing)
    return _exec(app, Player(loaded, windowed=windowed))


def _exec(app: QCoreApplication, shown: PairingScreen | Player) -> int:
    try:
        # Installed before it starts: a SIGTERM as soon as the screen shows (the status
        # file is written then) still ends the event loop cleanly.
        with quit_on_signals(app.quit):
            shown.start()
            QTimer.singleShot(0, _start_up_done)
            return int(app.exec())
    finally:
        shown.stop()


def _start_up_done() -> None:
    """The event loop turns: a start with the collector off (``python -m signage``) has
    what it made frozen out of the collector's passes (it lives as long as the process),
    and collection resumes."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _sync_plan(config: ScreenConfig) -> tuple[float | None, tuple[float, ...], float]:
    """What the sync schedule depends on besides the source itself."""
    return (
        config.urgent.refresh_minutes,
        tuple(s.refresh_minutes for s in config.sources),
        config.source.watch_seconds,
    )
