"""Calendars and spreadsheets read besides the feed, each on its own terms.

Each source keeps its own last good data (on disk, atomically), its own conditional-GET
validators and its own refresh interval. A source that fails keeps what it had: a dead
calendar does not empty the semainier, nor the other way round.

A calendar is expanded in a child process with hard limits (``calendar_worker``), only
when its data or the day changes; what it expanded to is kept on disk too, so a screen
starting up shows its calendar workshops at once without expanding anything.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from signage.config import ExtraKind, ExtraSource
from signage.model import SemainierSlot, Workshop
from signage.sources.atomic import atomic_write
from signage.sources.fetch_error import FetchError
from signage.sources.local_files import read_regular_file

if TYPE_CHECKING:
    from signage.sources.http import HttpFetcher

log = logging.getLogger(__name__)

MB = 1024 * 1024
# A calendar is worked out in a child process killed after this many seconds.
CALENDAR_LIMIT = 10.0

Key = tuple[str, str]  # (sha256 of the data, first day of the window)


@dataclass
class _State:
    """What one source holds between syncs (touched by the sync thread only)."""

    source: ExtraSource
    data: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_try: float = float("-inf")
    error: str | None = None
    workshops: tuple[Workshop, ...] = ()
    slots: tuple[SemainierSlot, ...] = ()
    problems: tuple[str, ...] = field(default=())
    # What the items were worked out from: a calendar is expanded again only when its
    # data or the day changes.
    parsed_for: Key | None = None


class ExtraSources:
    """All the extra sources of a screen."""

    def __init__(
        self,
        sources: tuple[ExtraSource, ...],
        folder: Path,
        fetcher: Callable[[], HttpFetcher],
        max_mb: float = 4.0,
        *,
        writable: bool = True,
        halt: threading.Event | None = None,
    ) -> None:
        self._states = [_State(s) for s in sources]
        self._folder = folder / "sources"
        self._fetcher = fetcher
        self._max = int(max_mb * MB)
        self._writable = writable
        # Set when the sync is abandoned: stop reading, write nothing more.
        self._halt = halt or threading.Event()

    def __bool__(self) -> bool:
        return bool(self._states)

    def load_cached(self, now: datetime, zone: ZoneInfo) -> None:
        """Read each source's last good data and items from disk (no network, no
        expansion: a calendar's occurrences were kept as they were worked out)."""
        for state in self._states:
            try:
                self._load(state, now, zone)
            except FileNotFoundError:
                continue
            except Exception as exc:  # a cache must never stop a screen starting
                log.error(
                    "source %s: cached data unusable (%s); fetching again", state.source.url, exc
                )
                state.data, state.workshops, state.slots, state.parsed_for = None, (), (), None

    def refresh(self, now: datetime, zone: ZoneInfo, deadline: float) -> list[str]:
        """Fetch the sources that are due, re-read all; one report line per source."""
        lines = []
        for state in self._states:
            source = state.source
            if time.monotonic() - state.last_try >= source.refresh_minutes * 60:
                state.last_try = time.monotonic()
                self._fetch(state, deadline, now, zone)
            if state.data is not None:
                self._parse(state, now, zone, deadline)
            lines.append(self._line(state))
        return lines

    def items(self) -> tuple[tuple[Workshop, ...], tuple[SemainierSlot, ...]]:
        workshops = tuple(w for s in self._states for w in s.workshops)
        slots = tuple(x for s in self._states for x in s.slots)
        return workshops, slots

    def signature(self) -> str:
        """Changes when any source's items change (part of the content version)."""
        digest = hashlib.sha256()
        for state in self._states:
            # The items are a function of what they were worked out from.
            digest.update(repr((state.parsed_for, len(state.workshops), len(state.slots))).encode())
        return digest.hexdigest()

    # -- internals ----------------------------------------------------------------------

    def _paths(self, source: ExtraSource) -> tuple[Path, Path, Path]:
        tag = hashlib.sha256(source.url.encode()).hexdigest()[:16]
        folder = self._folder
        return folder / f"{tag}.json", folder / f"{tag}.bin", folder / f"{tag}.items.json"

    def _load(self, state: _State, now: datetime, zone: ZoneInfo) -> None:
        meta_path, data_path, items_path = self._paths(state.source)
        meta = json.loads(meta_path.read_text("utf-8"))
        data = data_path.read_bytes()
        if hashlib.sha256(data).hexdigest() != meta["sha256"]:
            raise ValueError("the data does not match its recorded sha256")
        state.data, state.etag, state.last_modified = (
            data,
            _text(meta.get("etag")),
            _text(meta.get("last_modified")),
        )
        if state.source.kind is ExtraKind.CSV:
            self._parse(state, now, zone, float("inf"))  # linear and in-process: cheap
            return
        try:
            kept: dict[str, Any] = json.loads(items_path.read_text("utf-8"))
        except FileNotFoundError:
            return  # expanded at the first sync
        key = (str(kept["key"][0]), str(kept["key"][1]))
        if key[0] != meta["sha256"]:
            return
        from pydantic import ValidationError  # noqa: PLC0415 (checking: not at first frame)

        workshops = []
        for record in kept["workshops"]:
            try:
                workshops.append(Workshop.model_validate(record))
            except ValidationError:
                continue  # re-checked as it is read: a bad record is left out
        state.workshops = tuple(workshops)
        state.problems = tuple(str(p) for p in kept.get("problems", []))
        state.parsed_for = key

    def _fetch(self, state: _State, deadline: float, now: datetime, zone: ZoneInfo) -> None:
        source = state.source
        try:
            if "://" in source.url:
                response = self._fetcher().get(
                    source.url,
                    max_bytes=self._max,
                    deadline=deadline,
                    etag=state.etag,
                    last_modified=state.last_modified,
                )
                if response.status == 304:
                    state.error = None
                    return
                data, etag, modified = response.body, response.etag, response.last_modified
            else:
                data = read_regular_file(Path(source.url), self._max, deadline=deadline)
                etag = modified = None
        except (FetchError, OSError) as exc:
            state.error = f"not fetched: {exc}"
            return
        if data == state.data:
            state.error = None
            return
        previous = (state.data, state.workshops, state.slots, state.problems, state.parsed_for)
        state.data = data
        if not self._parse(state, now, zone, deadline):
            state.data, state.workshops, state.slots, state.problems, state.parsed_for = previous
            return
        state.etag, state.last_modified, state.error = etag, modified, None
        meta_path, data_path, _ = self._paths(source)
        meta = {
            "url": source.url,
            "sha256": hashlib.sha256(data).hexdigest(),
            "etag": etag,
            "last_modified": modified,
        }
        self._write(source, (data_path, data), (meta_path, json.dumps(meta).encode()))

    def _write(self, source: ExtraSource, *files: tuple[Path, bytes]) -> None:
        if not self._writable or self._halt.is_set():
            return
        try:
            for path, data in files:
                atomic_write(path, data)
        except OSError as exc:
            log.warning("source %s: cache not written (%s); kept in memory", source.url, exc)

    def _parse(self, state: _State, now: datetime, zone: ZoneInfo, deadline: float) -> bool:
        """Parse ``state.data``; on refusal keep the previous items and say why."""
        # Imported here: the spreadsheet and calendar code costs start-up time on screens
        # without any.
        from signage.sources.calendar_worker import (  # noqa: PLC0415
            START_SECONDS,
            CalendarFailed,
            expand_calendar,
        )
        from signage.sources.csv_semainier import CsvRefused, parse_csv_semainier  # noqa: PLC0415

        source = state.source
        assert state.data is not None
        key = (hashlib.sha256(state.data).hexdigest(), now.astimezone(zone).date().isoformat())
        if key == state.parsed_for:
            return True  # same data, same day: the items are still right
        try:
            if source.kind is ExtraKind.ICS:
                left = deadline - time.monotonic()
                if left < START_SECONDS:
                    state.error = "not read: no time left in this sync (next sync)"
                    return False
                state.workshops, state.problems = expand_calendar(
                    state.data,
                    zone,
                    now - timedelta(days=1),
                    now + timedelta(days=source.days),
                    categories=frozenset(source.categories),
                    sites=source.sites,
                    timeout=min(left, CALENDAR_LIMIT),
                    cancel=self._halt,
                )
                items = {
                    "key": list(key),
                    "workshops": [w.model_dump(mode="json") for w in state.workshops],
                    "problems": list(state.problems),
                }
                self._write(source, (self._paths(source)[2], json.dumps(items).encode()))
            else:
                table = parse_csv_semainier(state.data)
                slots = table.slots
                if source.sites is not None:
                    slots = tuple(s.model_copy(update={"sites": source.sites}) for s in slots)
                state.slots, state.problems = slots, tuple(str(p) for p in table.problems)
        except (CalendarFailed, CsvRefused) as exc:
            state.error = f"refused: {exc}"
            return False
        except Exception as exc:  # outside data: never let a source stop the sync
            log.exception("source %s could not be read", source.url)
            state.error = f"refused: unreadable ({exc})"
            return False
        state.parsed_for = key
        return True

    def _line(self, state: _State) -> str:
        source = state.source
        count = (
            f"{len(state.workshops)} workshops"
            if source.kind is ExtraKind.ICS
            else f"{len(state.slots)} slots"
        )
        line = f"{source.kind.value} {source.url}: {count}"
        if state.problems:
            line += f", {len(state.problems)} left out ({'; '.join(state.problems[:3])})"
        if state.error:
            line += f"; {state.error} (previous data kept)"
        return line


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and "\n" not in value and len(value) < 1000 else None
