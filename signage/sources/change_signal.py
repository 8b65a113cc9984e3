"""The publisher's change signal: a tiny ``version.json`` beside the feed, polled often.

``signage publish`` (and the console) write ``version.json`` — the publication number
and date, a few dozen bytes — after each new feed. A screen asks for it every few
seconds with its ETag: unchanged, the server (nginx, a CDN, ``signage serve``) answers
304 with no body, so hundreds of screens cost next to nothing; when its number differs
from the content the screen holds, the screen syncs at once, whatever its refresh
interval. An urgent message, or its withdrawal, is on screen within seconds.

A publisher without the file (a feed made another way) answers 404: the screen then
stops asking for ten minutes and relies on its refresh interval, as before.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final
from urllib.parse import urljoin

from signage.sources.fetch_error import FetchError
from signage.sources.http import HttpFetcher
from signage.sources.local_files import read_regular_file

log = logging.getLogger(__name__)

VERSION_NAME: Final = "version.json"
MAX_BYTES: Final = 4096
QUIET_SECONDS: Final = 600.0  # after a 404: the publisher writes no version file
RETRIGGER_SECONDS: Final = 15.0  # a sync asked for did not bring that number: ask again
# (a sync already running when asked is not run twice: APScheduler skips it)


def version_address(feed: str) -> str:
    """Where the version file of ``feed`` (an address or a path) is: beside it."""
    if "://" in feed:
        return urljoin(feed, VERSION_NAME)
    return str(Path(feed).with_name(VERSION_NAME))


def read_sequence(body: bytes) -> int | None:
    try:
        value = json.loads(body).get("sequence")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class ChangeSignal:
    """Says when the published feed is newer than the content a screen holds."""

    def __init__(
        self,
        feed: str,
        held: Callable[[], int | None],
        user_agent: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        fetcher: HttpFetcher | None = None,
    ) -> None:
        self.address = version_address(feed)
        self._held = held
        self._clock = clock
        self._remote = "://" in feed
        self._fetcher = fetcher
        self._user_agent = user_agent
        self._etag: str | None = None
        self._published: int | None = None
        self._quiet_until = 0.0
        self._asked: tuple[int, float] | None = None  # (number, when a sync was asked)

    def poll(self) -> bool:
        """True when a sync should start now: the publisher has a publication the
        screen does not hold (said once per number, again after a minute if the sync
        did not bring it)."""
        now = self._clock()
        if now < self._quiet_until:
            return False
        published = self._read(now)
        if published is None:
            return False
        held = self._held()
        if held is not None and published <= held:
            return False
        asked = self._asked
        if asked is not None and asked[0] == published and now - asked[1] < RETRIGGER_SECONDS:
            return False
        self._asked = (published, now)
        log.info("publication %s is out (this screen holds %s): syncing now", published, held)
        return True

    def _read(self, now: float) -> int | None:
        if not self._remote:
            try:
                self._published = read_sequence(read_regular_file(Path(self.address), MAX_BYTES))
            except FileNotFoundError:
                self._quiet_until = now + QUIET_SECONDS
                return None
            except (OSError, FetchError):  # a pipe or a device is not waited for
                return None
            return self._published
        if self._fetcher is None:
            # Its own session: short timeouts, no retries (the next poll is the retry),
            # and never cancelled with a sync that is abandoned.
            self._fetcher = HttpFetcher(
                self._user_agent, connect_timeout=3.0, read_timeout=5.0, retries=0
            )
        try:
            response = self._fetcher.get(
                self.address,
                max_bytes=MAX_BYTES,
                deadline=time.monotonic() + 8.0,
                etag=self._etag,
                redirects=lambda _from, _to: "the version file is not followed elsewhere",
            )
        except FetchError as exc:
            if "answered 404" in str(exc):
                self._quiet_until = now + QUIET_SECONDS
                log.info("%s: none (the publisher writes no version file)", self.address)
            return None
        if response.status == 200:
            self._etag = response.etag
            self._published = read_sequence(response.body)
        return self._published

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
