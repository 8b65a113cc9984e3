"""Calendars and spreadsheets read besides the feed, each on its own terms.

Each source keeps its own last good data (on disk, atomically), its own conditional-GET
validators and its own refresh interval. A source that fails keeps what it had: a dead
calendar does not empty the semainier, nor the other way round.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from signage.config import ExtraKind, ExtraSource
from signage.model import SemainierSlot, Workshop
from signage.sources.atomic import atomic_write
from signage.sources.http import FetchError, HttpFetcher, read_file_capped

log = logging.getLogger(__name__)

MB = 1024 * 1024


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


class ExtraSources:
    """All the extra sources of a screen."""

    def __init__(
        self,
        sources: tuple[ExtraSource, ...],
        folder: Path,
        fetcher: HttpFetcher,
        max_mb: float = 4.0,
    ) -> None:
        self._states = [_State(s) for s in sources]
        self._folder = folder / "sources"
        self._fetcher = fetcher
        self._max = int(max_mb * MB)

    def __bool__(self) -> bool:
        return bool(self._states)

    def load_cached(self, now: datetime, zone: ZoneInfo) -> None:
        """Read each source's last good data from disk (no network)."""
        for state in self._states:
            meta_path, data_path = self._paths(state.source)
            try:
                meta = json.loads(meta_path.read_text("utf-8"))
                data = data_path.read_bytes()
                if hashlib.sha256(data).hexdigest() != meta["sha256"]:
                    raise ValueError("the data does not match its recorded sha256")
            except FileNotFoundError:
                continue
            except (OSError, ValueError, KeyError) as exc:
                log.error(
                    "source %s: cached data unusable (%s); fetching again", state.source.url, exc
                )
                continue
            state.data, state.etag, state.last_modified = (
                data,
                meta.get("etag"),
                meta.get("last_modified"),
            )
            self._parse(state, now, zone)

    def refresh(self, now: datetime, zone: ZoneInfo, deadline: float) -> list[str]:
        """Fetch the sources that are due, re-read all; one report line per source."""
        lines = []
        for state in self._states:
            source = state.source
            if time.monotonic() - state.last_try >= source.refresh_minutes * 60:
                state.last_try = time.monotonic()
                self._fetch(state, deadline, now, zone)
            if state.data is not None:
                self._parse(state, now, zone)
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
            digest.update(repr((state.workshops, state.slots)).encode())
        return digest.hexdigest()

    # -- internals ----------------------------------------------------------------------

    def _paths(self, source: ExtraSource) -> tuple[Path, Path]:
        tag = hashlib.sha256(source.url.encode()).hexdigest()[:16]
        return self._folder / f"{tag}.json", self._folder / f"{tag}.bin"

    def _fetch(self, state: _State, deadline: float, now: datetime, zone: ZoneInfo) -> None:
        source = state.source
        try:
            if "://" in source.url:
                response = self._fetcher.get(
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
                data = read_file_capped(Path(source.url), self._max)
                etag = modified = None
        except (FetchError, OSError) as exc:
            state.error = f"not fetched: {exc}"
            return
        if data == state.data:
            state.error = None
            return
        previous = (state.data, state.workshops, state.slots, state.problems)
        state.data = data
        if not self._parse(state, now, zone):
            state.data, state.workshops, state.slots, state.problems = previous
            return
        state.etag, state.last_modified, state.error = etag, modified, None
        meta_path, data_path = self._paths(source)
        meta = {
            "url": source.url,
            "sha256": hashlib.sha256(data).hexdigest(),
            "etag": etag,
            "last_modified": modified,
        }
        try:
            atomic_write(data_path, data)
            atomic_write(meta_path, json.dumps(meta).encode())
        except OSError as exc:
            log.warning("source %s: cache not written (%s); kept in memory", source.url, exc)

    def _parse(self, state: _State, now: datetime, zone: ZoneInfo) -> bool:
        """Parse ``state.data``; on refusal keep the previous items and say why."""
        # Imported here: the calendar libraries cost start-up time on screens without any.
        from signage.sources.csv_semainier import CsvRefused, parse_csv_semainier  # noqa: PLC0415
        from signage.sources.ics_workshops import IcsRefused, parse_ics  # noqa: PLC0415

        source = state.source
        assert state.data is not None
        try:
            if source.kind is ExtraKind.ICS:
                result = parse_ics(
                    state.data,
                    zone,
                    now - timedelta(days=1),
                    now + timedelta(days=source.days),
                    categories=frozenset(source.categories),
                    sites=source.sites,
                )
                state.workshops, state.problems = result.workshops, result.problems
            else:
                table = parse_csv_semainier(state.data)
                slots = table.slots
                if source.sites is not None:
                    slots = tuple(s.model_copy(update={"sites": source.sites}) for s in slots)
                state.slots, state.problems = slots, tuple(str(p) for p in table.problems)
        except (IcsRefused, CsvRefused) as exc:
            state.error = f"refused: {exc}"
            return False
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
