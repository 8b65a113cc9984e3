"""One sync: fetch the feed, check it, fetch its images, keep the last good content.

``Syncer`` has no Qt and no scheduler: the player's scheduler calls ``sync()`` in a
worker thread and hands the resulting snapshot to the GUI thread. Every way a sync can
fail (network, server, feed, image, disk) ends in a ``SyncReport`` that says why, and
never in a worse snapshot than the one before.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import pickle
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from platformdirs import user_state_dir

from signage import __version__
from signage.clock import Clock, FixedClock, SystemClock
from signage.config import ExtraSource, ScreenConfig, SourceSection
from signage.feed import SECTIONS, DroppedItem, Feed, FeedRefused, ParsedFeed, parse_feed_bytes
from signage.model.record import Record
from signage.model.site import DEFAULT_TIMEZONE
from signage.snapshot import Snapshot, empty_snapshot
from signage.sources.cache import CacheCorrupt, CachedFeed, ContentCache, ReadOnlyCache
from signage.sources.extra import ExtraSources
from signage.sources.fetch_error import FetchError
from signage.sources.images import ImageRefused, check_hash, prepare_image
from signage.sources.local_files import read_regular_file
from signage.sources.reach import Reach
from signage.sources.ready import READY_NAME, read_ready, ready_key, write_ready
from signage.sources.trust import SIGNATURE_SUFFIX, Trust, TrustRefused

if TYPE_CHECKING:
    from signage.sources.http import HttpFetcher

log = logging.getLogger(__name__)

MB: Final = 1024 * 1024
IMAGE_GRACE_SECONDS: Final = 7 * 24 * 3600
# A refused image is tried again at the next sync, then less and less often.
RETRY_FIRST_SECONDS: Final = 60.0
RETRY_MOST_SECONDS: Final = 3600.0
# A 304 confirms the content; writing that date to disk at every poll (every 10 s with a
# watched feed) cost two fsyncs and most of a poll's CPU, and wears an SD card. It is
# written when older than this: a restart may think its content 10 minutes older.
CONFIRM_STORE_SECONDS: Final = 600.0
JSON_TYPES: Final = ("application/json", "text/json", "text/plain", "application/octet-stream")


class Outcome(StrEnum):
    UPDATED = "updated"  # new content accepted
    UNCHANGED = "unchanged"  # the source confirmed what we have (304, same bytes)
    REFUSED = "refused"  # the source answered with something that is not a usable feed
    FAILED = "failed"  # the source could not be reached or read


@dataclass(frozen=True)
class SyncReport:
    """What one sync did, for the log, ``signage fetch`` and the status file."""

    outcome: Outcome
    message: str
    snapshot: Snapshot | None
    status: int | None = None
    dropped: tuple[DroppedItem, ...] = ()
    images_fetched: int = 0
    images_reused: int = 0
    images_refused: tuple[str, ...] = ()
    cache_error: str | None = None
    sources: tuple[str, ...] = ()  # one line per calendar or spreadsheet

    @property
    def ok(self) -> bool:
        return self.outcome in {Outcome.UPDATED, Outcome.UNCHANGED}


def default_cache_dir(site_id: str, feed: str) -> Path:
    """``~/.local/state/esc-signage/<site>-<hash of the feed location>``."""
    tag = hashlib.sha256(feed.encode()).hexdigest()[:8]
    return Path(user_state_dir("esc-signage", appauthor=False)) / f"{site_id}-{tag}"


def user_agent(site_id: str) -> str:
    return f"esc-signage/{__version__} (site {site_id})"


Parser = Callable[[bytes], ParsedFeed]


class Syncer:
    """Keeps one screen's content: from its cache at start, then from its source."""

    def __init__(
        self,
        source: SourceSection,
        site_id: str,
        *,
        clock: Clock | None = None,
        cache: ContentCache | None = None,
        fetcher: HttpFetcher | None = None,
        image_box: tuple[int, int] = (1920, 1080),
        parse: Parser = parse_feed_bytes,
        extras: tuple[ExtraSource, ...] = (),
        zone: ZoneInfo | None = None,
        read_only: bool = False,
        keep_ready: bool = True,
    ) -> None:
        self.source = source
        # Write the ready snapshot (after a sync, and at a start that parsed the feed).
        # Not in the player's own process: pickling a big snapshot is one call that
        # holds the GIL for a tenth of a second; its sync process writes it.
        self._keep = keep_ready
        self.clock = clock or SystemClock()
        folder = source.cache_dir or default_cache_dir(site_id, source.feed)
        self._scratch: Path | None = None
        if cache is None and read_only:
            self._scratch = Path(tempfile.mkdtemp(prefix="signage-at-"))
            cache = ReadOnlyCache(folder, self._scratch)
        self.cache = cache or ContentCache(folder)
        self._fetcher = fetcher
        self._site_id = site_id
        self._fetcher_lock = threading.Lock()
        self.image_box = image_box
        self._parse = parse
        self._cached: CachedFeed | None = None
        # The feed's own snapshot; what screens show adds the extra sources' items.
        self.snapshot: Snapshot | None = None
        self.zone = zone or ZoneInfo(DEFAULT_TIMEZONE)
        self._abandoned = threading.Event()
        self.extras = ExtraSources(
            extras,
            self.cache.folder,
            lambda: self.fetcher,
            source.max_feed_mb,
            writable=not read_only,
            halt=self._abandoned,
        )
        # (feed version, sources' signature), the feed's own items, the merged snapshot
        self._merged: tuple[tuple[str, str], Feed, Snapshot] | None = None
        self._stored_confirmed: datetime | None = None  # the date the cache holds
        # Refused images: reference -> (failures so far, monotonic time of the next try).
        self._retry: dict[str, tuple[int, float]] = {}
        self._discard_reason: str | None = None
        self._trust = (
            Trust(source.trusted_keys, self.cache.folder, writable=not read_only)
            if source.trusted_keys
            else None
        )
        self._signature: bytes | None = None  # beside the feed being checked
        self._reach = Reach(
            source.feed_url,
            same_origin_redirects=source.same_origin_redirects,
            image_origins=source.image_origins,
            feed_folder=source.feed_path.parent if source.feed_path is not None else None,
        )

    @property
    def fetcher(self) -> HttpFetcher:
        """The HTTP session, made at the first fetch: reading a local or cached feed
        (``signage render``, a screen's first frame) never imports the HTTP stack."""
        with self._fetcher_lock:
            if self._fetcher is None:
                from signage.sources.http import HttpFetcher  # noqa: PLC0415

                self._fetcher = HttpFetcher(
                    user_agent(self._site_id),
                    connect_timeout=self.source.connect_timeout,
                    read_timeout=self.source.read_timeout,
                )
                if self._abandoned.is_set():
                    self._fetcher.cancel()
            return self._fetcher

    # -- start: the cache, before any network ----------------------------------------

    def start(self) -> Snapshot | None:
        """Load the last good content from disk (no network). None when there is none.

        Never raises: a snapshot that cannot be used is set aside (kept for diagnosis in
        the cache's ``corrupt/`` folder) and the screen starts from its fallback slide.
        """
        try:
            main = self._start_feed()
        except Exception as exc:  # whatever is on disk must not stop a screen starting
            self.discard(f"the cached content cannot be used ({type(exc).__name__}: {exc})")
            main = None
        if not self.extras:
            return main
        self.extras.load_cached(self.clock.now(), self.zone)
        try:
            return self._with_extras(main)
        except Exception as exc:
            log.error("calendars and spreadsheets could not be merged (%s)", exc)
            return main

    def discard_soon(self, reason: str) -> None:
        """Ask (from the GUI thread) that the content be discarded at the next sync, in
        the sync's own thread, so no two threads touch the cache at once."""
        self._discard_reason = reason

    def discard(self, reason: str) -> None:
        """Forget the cached content (set aside on disk) and fetch it whole next time."""
        log.error("cache: %s; set aside, the feed will be fetched again", reason)
        try:
            aside = self.cache.set_aside(reason)
            log.info("cache: the unusable snapshot is kept as %s", aside)
            if not isinstance(self.cache, ReadOnlyCache):
                (self.cache.folder / READY_NAME).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cache: could not set the snapshot aside (%s)", exc)
        self._cached = None
        self.snapshot = None
        self._merged = None

    def _start_feed(self) -> Snapshot | None:
        try:
            self.cache.prepare()
            cached = self.cache.load()
        except CacheCorrupt as exc:
            log.error("cache: %s; the feed will be fetched again", exc)
            return None
        except OSError as exc:
            log.error("cache %s cannot be read: %s", self.cache.folder, exc)
            return None
        if cached is None:
            return None
        key = ready_key(cached, self.cache.folder)
        ready = read_ready(self.cache.folder, key)
        if ready is not None and ready.version == cached.version and _images_present(ready):
            # Checked at the sync that stored it: no parsing, no validation at start.
            self._cached = cached
            self._stored_confirmed = cached.confirmed_at
            self.snapshot = replace(
                ready, fetched_at=cached.fetched_at, confirmed_at=cached.confirmed_at
            )
            return self.snapshot
        try:
            parsed = self._parse(cached.feed_bytes)
        except FeedRefused as exc:
            self.discard(f"the stored feed is no longer readable ({exc})")
            return None
        feed, dropped, missing = self._localize(parsed, cached.images, cached.refused)
        if missing:
            # An image file vanished from the cache: forget the validators so the next
            # sync downloads the feed in full and fetches the image again.
            cached = replace(cached, etag=None, last_modified=None)
        self._cached = cached
        self._stored_confirmed = cached.confirmed_at
        self.snapshot = Snapshot(
            feed,
            cached.version,
            cached.source,
            cached.fetched_at,
            cached.confirmed_at,
            dropped,
            tuple(cached.refused.values()),
        )
        if not missing:
            self._keep_ready(cached, key)
        return self.snapshot

    # -- one sync ----------------------------------------------------------------------

    def sync(self) -> SyncReport:
        """Fetch, check and keep; never raises. The report's snapshot is what to show.

        One deadline bounds the whole sync (feed, signature, images, calendars), and
        ``abandon`` ends it early from another thread.
        """
        deadline = time.monotonic() + self.source.deadline_seconds
        try:
            reason, self._discard_reason = self._discard_reason, None
            if reason is not None:
                self.discard(reason)
            report = self._sync_feed(deadline)
            if self.extras:
                lines = self.extras.refresh(self.clock.now(), self.zone, deadline)
                report = replace(
                    report, snapshot=self._with_extras(report.snapshot), sources=tuple(lines)
                )
        except Exception as exc:  # a bug or an unforeseen input: a failed sync, not a crash
            log.exception("sync failed unexpectedly")
            return self._report(Outcome.FAILED, f"sync failed: {type(exc).__name__}: {exc}")
        return report

    def abandon(self) -> None:
        """Stop this syncer from any thread: requests in flight end now, nothing more is
        written to the cache, and ``sync`` returns soon (its result is to be ignored)."""
        self._abandoned.set()
        with self._fetcher_lock:
            if self._fetcher is not None:
                self._fetcher.cancel()

    def _with_extras(self, main: Snapshot | None) -> Snapshot | None:
        """The feed's snapshot with the calendars' workshops and spreadsheets' slots."""
        workshops, slots = self.extras.items()
        if main is None and not (workshops or slots):
            return None
        base = main or empty_snapshot(self.source.feed, self.clock.now())
        signature = self.extras.signature()
        version = hashlib.sha256((base.version + signature).encode()).hexdigest()
        merged = self._merged
        if merged is not None and merged[0] == (base.version, signature) and merged[1] is base.feed:
            # Same content: the same merged feed object (a 304 moved only the dates, so
            # the player has nothing to lay out again), the same snapshot if nothing did.
            again = replace(base, feed=merged[2].feed, version=version)
            return merged[2] if again == merged[2] else again
        feed = base.feed.model_copy(
            update={
                "workshops": base.feed.workshops + workshops,
                "semainier": base.feed.semainier + slots,
            }
        )
        snapshot = replace(base, feed=feed, version=version)
        self._merged = ((base.version, signature), base.feed, snapshot)
        return snapshot

    def _sync_feed(self, deadline: float) -> SyncReport:
        now = self.clock.now()
        try:
            status, body, etag, last_modified = self._fetch_feed(deadline)
        except FeedRefused as exc:
            return self._report(Outcome.REFUSED, f"feed refused: {exc}", status=200)
        except (FetchError, OSError) as exc:
            return self._report(Outcome.FAILED, f"feed not fetched: {_reason(exc)}")
        cached = self._cached
        if status == 304 or (
            cached is not None
            and body is not None
            and hashlib.sha256(body).hexdigest() == cached.version
            and cached.source == self.source.feed
        ):
            return self._confirm(now, status, deadline)
        assert body is not None
        try:
            parsed = self._parse(body)
            self._check_trust(body, parsed, now)
        except FeedRefused as exc:
            return self._report(Outcome.REFUSED, f"feed refused: {exc}", status=status)
        images, refused, fetched, reused = self._fetch_images(parsed.feed, deadline)
        if self._abandoned.is_set():
            return self._report(Outcome.FAILED, "sync abandoned")
        feed, dropped, _ = self._localize(parsed, images, refused)
        new = CachedFeed(body, self.source.feed, now, now, etag, last_modified, images, refused)
        cache_error = self._store(new)
        if self._trust is not None:
            self._trust.accept(parsed.feed)
        self._cached = new
        self.snapshot = Snapshot(
            feed,
            new.version,
            new.source,
            now,
            now,
            dropped,
            tuple(f"{ref}: {why}" for ref, why in refused.items()),
        )
        if cache_error is None:
            self._keep_ready(new, ready_key(new, self.cache.folder))
        return SyncReport(
            Outcome.UPDATED,
            f"new content ({_summary(feed)})",
            self.snapshot,
            status,
            dropped,
            fetched,
            reused,
            tuple(f"{ref}: {why}" for ref, why in refused.items()),
            cache_error,
        )

    def close(self) -> None:
        with self._fetcher_lock:
            if self._fetcher is not None:
                self._fetcher.close()
        if self._scratch is not None:
            # Removed when the process ends, not now: the snapshot's images (pre-scaled
            # into it) are painted after the syncer closes (`signage render --at`).
            atexit.register(shutil.rmtree, self._scratch, ignore_errors=True)
            self._scratch = None

    # -- internals ----------------------------------------------------------------------

    def _fetch_feed(
        self, deadline: float
    ) -> tuple[int | None, bytes | None, str | None, str | None]:
        max_bytes = int(self.source.max_feed_mb * MB)
        url = self.source.feed_url
        if url is None:
            path = self.source.feed_path
            assert path is not None
            body = read_regular_file(path, max_bytes, deadline=deadline)
            self._check_signature(body, deadline)
            return None, body, None, None
        cached = self._cached
        same = cached is not None and cached.source == url
        response = self.fetcher.get(
            url,
            max_bytes=max_bytes,
            deadline=deadline,
            etag=cached.etag if same and cached else None,
            last_modified=cached.last_modified if same and cached else None,
            redirects=self._reach.redirect_problem,
        )
        if response.status == 304:
            if not same:
                raise FetchError("the server answered 304 but nothing is cached")
            return 304, None, response.etag, response.last_modified
        media = response.content_type.split(";")[0].strip().lower()
        if media and media not in JSON_TYPES and not media.endswith("+json"):
            raise FeedRefused(f"the server sent {media!r}, not JSON (an error page?)")
        self._check_signature(response.body, deadline)
        return 200, response.body, response.etag, response.last_modified

    def _check_signature(self, body: bytes, deadline: float) -> None:
        """With the admins' keys configured, fetch the signature beside the feed (it is
        checked with the parsed feed, in ``_check_trust``)."""
        self._signature = None
        if self._trust is None:
            return
        try:
            if self.source.feed_url is not None:
                self._signature = self.fetcher.get(
                    self.source.feed_url + SIGNATURE_SUFFIX,
                    max_bytes=4096,
                    deadline=deadline,
                    redirects=self._reach.redirect_problem,
                ).body
            else:
                path = self.source.feed_path
                assert path is not None
                self._signature = read_regular_file(
                    path.with_name(path.name + SIGNATURE_SUFFIX), 4096, deadline=deadline
                )
        except (FetchError, OSError):
            self._signature = None

    def _check_trust(self, body: bytes, parsed: ParsedFeed, now: datetime) -> None:
        """Only a feed signed with a trusted key, not from the future, not a replay."""
        if self._trust is None:
            return
        held = self.snapshot.feed if self.snapshot is not None else None
        try:
            self._trust.check(body, self._signature, parsed.feed, now, held)
        except TrustRefused as exc:
            raise FeedRefused(str(exc)) from exc

    def _confirm(self, now: datetime, status: int | None, deadline: float) -> SyncReport:
        assert self._cached is not None and self.snapshot is not None
        cached = replace(self._cached, confirmed_at=now)
        fetched = 0
        if any(self._due(reference) for reference in cached.refused):
            # The feed did not change, but an image refused for a passing reason (not
            # uploaded yet, a full disk) may be there now.
            parsed = self._parse(cached.feed_bytes)
            images, refused, fetched, _ = self._fetch_images(parsed.feed, deadline)
            if fetched:
                cached = replace(cached, images=images, refused=refused)
                feed, dropped, _ = self._localize(parsed, images, refused)
                problems = tuple(f"{ref}: {why}" for ref, why in refused.items())
                self.snapshot = replace(
                    self.snapshot, feed=feed, dropped=dropped, image_problems=problems
                )
        self._cached = cached
        self.snapshot = replace(self.snapshot, confirmed_at=now)
        stored = self._stored_confirmed
        recent = stored is not None and (now - stored).total_seconds() < CONFIRM_STORE_SECONDS
        cache_error = None if recent and not fetched else self._store(self._cached)
        if fetched and cache_error is None:
            self._keep_ready(self._cached, ready_key(self._cached, self.cache.folder))
        return SyncReport(
            Outcome.UNCHANGED,
            "content unchanged" + (f", {fetched} image(s) fetched again" if fetched else ""),
            self.snapshot,
            status,
            self.snapshot.dropped,
            images_fetched=fetched,
            images_refused=self.snapshot.image_problems,
            cache_error=cache_error,
        )

    def _due(self, reference: str) -> bool:
        """Whether a refused image is to be tried again now (backoff per image)."""
        _, when = self._retry.get(reference, (0, float("-inf")))
        return time.monotonic() >= when

    def _refused_again(self, reference: str) -> None:
        failures, _ = self._retry.get(reference, (0, 0.0))
        pause = min(RETRY_FIRST_SECONDS * 2**failures, RETRY_MOST_SECONDS)
        self._retry[reference] = (failures + 1, time.monotonic() + pause)

    def _store(self, cached: CachedFeed) -> str | None:
        if self._abandoned.is_set():
            return None  # a newer syncer owns the cache now
        try:
            self.cache.store(cached)
            self._stored_confirmed = cached.confirmed_at
            self.cache.prune_images(cached.images.values(), IMAGE_GRACE_SECONDS)
        except OSError as exc:
            return f"cache {self.cache.folder} not written ({_reason(exc)}); content kept in memory"
        return None

    def _keep_ready(self, cached: CachedFeed, key: str) -> None:
        """Keep the checked snapshot for the next start (``ready``); a failure only
        means the next start parses the feed."""
        if not self._keep or self._abandoned.is_set() or isinstance(self.cache, ReadOnlyCache):
            return
        assert self.snapshot is not None
        try:
            write_ready(self.cache.folder, key, self.snapshot)
        except (OSError, pickle.PicklingError) as exc:
            log.info("cache: the ready snapshot was not written (%s)", _reason(exc))

    def _report(self, outcome: Outcome, message: str, status: int | None = None) -> SyncReport:
        return SyncReport(outcome, message, self.snapshot, status)

    def _fetch_images(
        self, feed: Feed, deadline: float
    ) -> tuple[dict[str, str], dict[str, str], int, int]:
        previous = self._cached.images if self._cached else {}
        before = self._cached.refused if self._cached else {}
        images: dict[str, str] = {}
        refused: dict[str, str] = {}
        fetched = reused = 0
        for reference, expected in feed.image_references():
            if reference in images or reference in refused:
                continue
            known = previous.get(reference)
            if known and self.cache.image_path(known).is_file():
                images[reference] = known
                reused += 1
                continue
            if reference in before and not self._due(reference):
                refused[reference] = before[reference]  # tried again later (backoff)
                continue
            try:
                images[reference] = self._fetch_image(reference, expected, deadline)
                fetched += 1
                self._retry.pop(reference, None)
            except (FetchError, ImageRefused, OSError) as exc:
                refused[reference] = _reason(exc)
                self._refused_again(reference)
                log.warning("image %s refused: %s", reference, _reason(exc))
        return images, refused, fetched, reused

    def _fetch_image(self, reference: str, expected: str | None, deadline: float) -> str:
        max_bytes = int(self.source.max_image_mb * MB)
        if "://" not in reference and self.source.feed_url is not None:
            # A published feed names its images relative to itself ("images/<hash>.png").
            reference = urljoin(self.source.feed_url, reference)
        if "://" in reference:
            if not reference.lower().startswith(("https://", "http://")):
                raise ImageRefused("only http(s) image addresses are fetched")
            if problem := self._reach.image_problem(reference):
                raise ImageRefused(problem)
            data = self.fetcher.get(
                reference,
                max_bytes=max_bytes,
                deadline=deadline,
                redirects=self._reach.redirect_problem,
            ).body
        else:
            path = self._local_path(reference)
            if problem := self._reach.local_problem(path):
                raise ImageRefused(problem)
            data = read_regular_file(path, max_bytes, deadline=deadline)
        digest = check_hash(data, expected)
        prepared = prepare_image(data, self.image_box)
        # The name comes from the hash of the bytes, never from the URL or feed text.
        name = f"{digest}-{self.image_box[0]}x{self.image_box[1]}.png"
        self.cache.store_image(name, prepared.png)
        return name

    def _local_path(self, reference: str) -> Path:
        path = Path(reference).expanduser()
        feed_path = self.source.feed_path
        if not path.is_absolute() and feed_path is not None:
            path = feed_path.parent / path
        return path

    def _localize(
        self, parsed: ParsedFeed, images: dict[str, str], refused: dict[str, str]
    ) -> tuple[Feed, tuple[DroppedItem, ...], bool]:
        """The feed with image references turned into cached files; refused ones handled.

        A poster whose image is refused is dropped (it is nothing without it); an app
        or a site keeps its place without its icon or logo.
        """
        feed = parsed.feed
        dropped = list(parsed.dropped)
        missing = False

        def local(reference: str | None) -> str | None:
            nonlocal missing
            if reference is None or reference not in images:
                return None
            path = self.cache.image_path(images[reference])
            if not path.is_file():
                missing = True
                return None
            return str(path)

        posters = []
        for index, poster in enumerate(feed.posters):
            path = local(poster.image)
            if path is None:
                why = refused.get(poster.image, "image not available")
                dropped.append(DroppedItem("posters", index, f"image: {why}"))
                continue
            posters.append(poster.model_copy(update={"image": path}))
        apps = tuple(a.model_copy(update={"icon": local(a.icon)}) for a in feed.apps)
        sites = tuple(s.model_copy(update={"logo": local(s.logo)}) for s in feed.sites)
        localized = feed.model_copy(
            update={"posters": tuple(posters), "apps": apps, "sites": sites}
        )
        return localized, tuple(dropped), missing


def _images_present(snapshot: Snapshot) -> bool:
    """Whether every image a ready snapshot names is still on disk."""
    return all(Path(path).is_file() for path, _ in snapshot.feed.image_references())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        name = str(exc.filename or "")
        if Path(name).name.startswith(".") and name.endswith(".tmp"):
            name = str(Path(name).parent)  # a random temp name would make every line new
        return f"{exc.strerror}" + (f": {name}" if name else "")
    return str(exc)


def _summary(feed: Feed) -> str:
    counts = []
    for name in SECTIONS:
        items: tuple[Record, ...] = getattr(feed, name)
        counts.append(f"{len(items)} {name}")
    return ", ".join(counts)


def current_content(
    config: ScreenConfig, at: datetime, image_box: tuple[int, int], *, pretend: bool = False
) -> Snapshot:
    """What a screen would show at ``at``: a fresh sync, else the cached content, else
    nothing (for ``render``, ``poster`` and ``schedule``).

    With ``pretend`` (a date given with ``--at``) the screen's cache is read but never
    written: the running player must not take a pretend date for its content's age.
    """
    syncer = Syncer(
        config.source,
        config.site.id,
        clock=FixedClock(at),
        image_box=image_box,
        extras=config.sources,
        zone=site_zone(config),
        read_only=pretend,
    )
    try:
        syncer.start()
        report = syncer.sync()
    finally:
        syncer.close()
    if not report.ok:
        log.warning("%s", report.message)
    return report.snapshot or empty_snapshot(config.source.feed, at)


def site_zone(config: ScreenConfig) -> ZoneInfo:
    """The zone calendars are expanded in before the feed says more: the config's, else
    Europe/Paris."""
    return ZoneInfo(config.site.timezone or DEFAULT_TIMEZONE)
