"""What a printed poster shows: pure, like the playlist, but for paper.

The partners asked for posters for places without a screen: the wifi offer, the app
listing, the week's semainier and the month's workshops. They go through the same
painters as the screen; only what is selected differs (a whole week, a whole month) and
lists are paged to the paper's size.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from signage.config import PlaylistEntry, ScreenConfig, SlideKind
from signage.content_index import site_content
from signage.feed import Feed
from signage.i18n import label
from signage.layout import Metrics, agenda_row, list_area, rows_per_page
from signage.model import SemainierSlot, Site, Text, Weekday
from signage.playlist import build_playlist, phone_url, resolve_site
from signage.rooms import Use, uses
from signage.slides import AgendaSlide, DayPlan, Slide, WeekSlide

MONTH_DAYS: Final = 31


class PosterKind(StrEnum):
    WIFI = "wifi"
    APPS = "apps"
    SEMAINIER = "semainier"  # the whole week
    AGENDA = "agenda"  # the coming month
    ROOMS = "rooms"  # a week plan per room, for its door


def poster_slides(
    feed: Feed, config: ScreenConfig, kind: PosterKind, now: datetime, page: tuple[int, int]
) -> list[Slide]:
    """The pages of a poster of ``kind`` as of ``now``, for paper of ``page`` pixels;
    each (but a door's) with the site's page for phones in its heading's corner."""
    phone = phone_url(config, resolve_site(feed, config))
    if kind is PosterKind.SEMAINIER:
        return _with_phone(_week(feed, config, now, page, phone=phone is not None), phone)
    if kind is PosterKind.ROOMS:
        return _rooms(feed, config, now, page)  # a door's poster: its room's week only
    slide_kind = SlideKind(kind.value)
    entry = PlaylistEntry(kind=slide_kind, duration=60, days=MONTH_DAYS, phone=True)
    # Paper has no "now": no strip under a printed page.
    display = config.display.model_copy(update={"now_strip": False})
    single = config.model_copy(update={"playlist": (entry,), "display": display})
    if kind is PosterKind.AGENDA:
        return _with_phone(_month(feed, single, now, page, phone=phone is not None), phone)
    slides = build_playlist(feed, single, now, page)
    return [s for s in slides if s.key != "fallback"]


def _with_phone(slides: list[Slide], phone: str | None) -> list[Slide]:
    return [replace(s, phone=phone) for s in slides] if phone else slides


def _month(
    feed: Feed, config: ScreenConfig, now: datetime, page: tuple[int, int], *, phone: bool = False
) -> list[Slide]:
    """The coming month's workshops, paged with printed rows: nothing cut (a title and
    how to register get two lines, the place one of its own)."""
    site = resolve_site(feed, config)
    content = site_content(feed, site.id)
    local = now.astimezone(site.zone)
    m = Metrics(min(page))
    rows = rows_per_page(*page, agenda_row(m, page[0] < page[1], printed=True), phone)
    workshops = content.upcoming(local, local + timedelta(days=MONTH_DAYS), rows * 20)
    chunks = [workshops[i : i + rows] for i in range(0, len(workshops), rows)]
    return [
        AgendaSlide(
            key=f"agenda:{number}",
            duration=60,
            site=site,
            page=number,
            pages=len(chunks),
            workshops=tuple(chunk),
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


def week_lines(plan: DayPlan) -> int:
    """Rows a day takes on a week poster: its heading and its slots."""
    return 1 + len(plan.slots)


def _monday(now: datetime, zone: ZoneInfo) -> date:
    """The week a poster printed at ``now`` is for (on a Sunday: the coming one)."""
    local = now.astimezone(zone)
    return (
        local.date() - timedelta(days=local.weekday()) + timedelta(days=7 * (local.weekday() == 6))
    )


def _week(
    feed: Feed, config: ScreenConfig, now: datetime, page: tuple[int, int], *, phone: bool = False
) -> list[Slide]:
    site = resolve_site(feed, config)
    monday = _monday(now, site.zone)
    content = site_content(feed, site.id)
    plans = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if (closed := _closed(site, day)) is not None:
            plans.append(closed)
            continue
        # The semainier's slots and the public bookings of the site's rooms.
        slots = content.slots_on(day)
        if slots:
            plans.append(DayPlan(day, tuple(slots)))
    return _paged(plans, site, monday, page, "week", phone=phone)


def _rooms(feed: Feed, config: ScreenConfig, now: datetime, page: tuple[int, int]) -> list[Slide]:
    """A week plan per room of the site, each on pages of its own, for its door: what
    holds it when (a private booking as « Réservé — CCAS », never its title)."""
    site = resolve_site(feed, config)
    monday = _monday(now, site.zone)
    content = site_content(feed, site.id)
    language = config.display.languages[0]
    pages: list[Slide] = []
    for room in content.rooms:
        plans = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            if (closed := _closed(site, day)) is not None:
                plans.append(closed)
                continue
            held = uses(room, day, content.bookings, content.semainier_on(day))
            slots = tuple(_held_slot(use, day, language) for use in held)
            if slots:
                plans.append(DayPlan(day, slots))
        made = _paged(plans, site, monday, page, f"room:{room.id}")
        pages += [replace(p, heading=room.name) for p in made if isinstance(p, WeekSlide)]
    return pages


def _closed(site: Site, day: date) -> DayPlan | None:
    """A closure day as a poster's day: a poster hangs all week, a closed day says so
    and promises nothing."""
    closure = site.hours.closure(day)
    return None if closure is None else DayPlan(day, (), closed=closure.reason or "")


def _held_slot(use: Use, day: date, language: str) -> SemainierSlot:
    """A room's use as a line of its door poster."""
    source = use.booking or use.slot
    if not use.public or use.title is None or source is None:
        return SemainierSlot(
            weekday=Weekday.of(day),
            start=use.start,
            end=use.end,
            title=Text(label("room_booked", language, partner=use.partner or "—")),
            access_note=label("private_meeting", language),
        )
    return SemainierSlot(
        weekday=Weekday.of(day),
        start=use.start,
        end=use.end,
        title=use.title,
        partner=use.partner,
        access=source.access,
        access_note=source.access_note,
    )


def _paged(
    plans: list[DayPlan],
    site: Site,
    monday: date,
    page: tuple[int, int],
    key: str,
    *,
    phone: bool = False,
) -> list[Slide]:
    if not plans:
        return []
    room = week_rows(*page, phone)
    pages: list[list[DayPlan]] = [[]]
    used = 0
    for plan in plans:
        if pages[-1] and used + week_lines(plan) > room:
            pages.append([])
            used = 0
        pages[-1].append(plan)
        used += week_lines(plan)
    return [
        replace(
            WeekSlide(
                key=f"{key}:{number}", duration=60, site=site, days=tuple(days), monday=monday
            ),
            page=number,
            pages=len(pages),
        )
        for number, days in enumerate(pages, start=1)
    ]


def week_row(m: Metrics) -> float:
    """One line of a week poster: a day heading or a slot (smaller type: it is read
    from up close, and a whole week should fit on one sheet)."""
    return m.small * 1.35


def week_rows(width: float, height: float, phone: bool = False) -> int:
    """How many lines of a week poster fit on one page."""
    m = Metrics(min(width, height))
    return max(1, int(list_area(width, height, phone) // week_row(m)))  # one column (week.py)
